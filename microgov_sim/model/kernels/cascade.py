"""The participation cascade of a week's meetings (ODD 7.5): a threshold cascade over ties.

Imports numpy, numba and :mod:`.compile` and :mod:`.ties`.
"""

from __future__ import annotations

import numpy as np

from .compile import jit
from .ties import tie_value


@jit
def cascade(
    drive,
    threshold,
    weight,
    shares,
    network,
    members,
    group,
    n_groups,
    indptr,
    indices,
    entry_edge,
    ties,
    clock,
    position,
):
    """Monotone threshold cascade to its fixed point (``rules.threshold_cascade``).

    Member ``q`` (network row ``members[q]``, in ``group[q]``) takes part once
    ``drive[q] + weight * felt[q] >= threshold[q]``; ``felt`` is the influence received from
    members already taking part in the same group -- with ``network`` the strengths of their
    ties (CSR ``indptr``/``indices``, entry ``e`` being tie ``entry_edge[e]`` of the lazily
    drifting ``ties = (baseline, stored, stamp, decay)`` at ``clock``), else their number --
    as a share of the most one can receive if ``shares``. Each round adds the influence of
    the members who joined in the round before (in position order) and tests only the
    members it reached: nobody else's influence changed. Tie strengths must not be negative
    (the model's lie in [0, 1]): with shares, a member then feels at most ``weight``, and
    one beyond its reach is not tested at all. ``position`` is scratch with ``network``: one
    entry per network row, all -1, and all -1 again on return. Returns (mask, rounds).
    """
    n = len(drive)
    baseline, stored, stamp, decay = ties
    if network:
        for q in range(n):
            position[members[q]] = q
    size = np.zeros(n_groups, dtype=np.int64)  # a group's members (fully mixed crowd)
    for q in range(n):
        size[group[q]] += 1
    reference = np.zeros(n)
    if shares and not network:
        for q in range(n):
            reference[q] = size[group[q]] - 1.0
    # With shares a member feels at most ``weight`` (all its contacts acting), so one whose
    # threshold is beyond ``drive + weight`` never joins and needs no reference; the others'
    # references are summed when first reached, over their own ties (CSR rows are sorted, so
    # in the order the contacts' rows would add them).
    bound = max(weight, 0.0) * (1.0 + 1e-9)
    referenced = np.zeros(n if shares and network else 0, dtype=np.bool_)
    active = np.zeros(n, dtype=np.bool_)
    new = np.flatnonzero(drive >= threshold)
    for q in new:
        active[q] = True
    influence = np.zeros(n)
    added = np.zeros(n)
    reached = np.zeros(n, dtype=np.bool_)
    touched = np.empty(n, dtype=np.int64)
    joiners = np.empty(n, dtype=np.int64)
    joined_in = np.zeros(n_groups, dtype=np.int64)
    rounds = 0
    while len(new) and rounds < n + 1:
        rounds += 1
        m = 0  # the members this round's joiners reach, in the order first reached
        if network:
            for q in new:
                g = group[q]
                for e in range(indptr[members[q]], indptr[members[q] + 1]):
                    t = position[indices[e]]
                    if t >= 0 and group[t] == g:
                        added[t] += tie_value(entry_edge[e], baseline, stored, stamp, decay, clock)
                        if not reached[t]:
                            reached[t] = True
                            touched[m] = t
                            m += 1
        else:  # every other member of a joiner's group
            for q in new:
                joined_in[group[q]] += 1
                reached[q] = True  # here: joined this round
            for t in range(n):
                c = joined_in[group[t]] - (1 if reached[t] else 0)
                reached[t] = False
                if c > 0:
                    added[t] = c
                    touched[m] = t
                    m += 1
            for q in new:
                joined_in[group[q]] = 0
        count = 0
        for c in range(m):
            j = touched[c]
            reached[j] = False
            influence[j] += added[j]
            added[j] = 0.0
            if active[j] or (shares and drive[j] + bound < threshold[j]):
                continue
            if shares and network and not referenced[j]:
                referenced[j] = True
                for e in range(indptr[members[j]], indptr[members[j] + 1]):
                    t = position[indices[e]]
                    if t >= 0 and group[t] == group[j]:
                        w = tie_value(entry_edge[e], baseline, stored, stamp, decay, clock)
                        reference[j] += w
            felt = influence[j]
            if shares:
                felt = influence[j] / reference[j] if reference[j] > 0 else 0.0
            if weight != 1.0:
                felt = weight * felt
            if not active[j] and drive[j] + felt >= threshold[j]:
                joiners[count] = j
                count += 1
        new = np.sort(joiners[:count])  # the next round adds them in position order
        for q in new:
            active[q] = True
    if network:
        for q in range(n):
            position[members[q]] = -1
    return active, rounds
