"""Compiled kernels of the weekly submodels (``numba.njit``): the loops numpy calls cost most in.

A kernel is a plain function of arrays and numbers -- no model, no random numbers (draws are
made with the model's numpy Generator and passed in), no allocation it does not return -- so
that each can be called and tested alone with small known cases. The submodels of
:mod:`microgov_sim.model.submodels` and the rules of :mod:`microgov_sim.model.rules` call them;
each rule has this one implementation. Arithmetic follows the order of the numpy expressions
they replaced (sums in input order, as ``np.bincount`` adds), so runs are the same numbers.

Compiled on first use and cached beside this file (``cache=True``): a fresh machine compiles
once, later processes -- worker processes of the engines included -- load the cache.

Imports numpy and numba only.
"""

from __future__ import annotations

import numba
import numpy as np

jit = numba.njit(cache=True, nogil=True)


# ---------------------------------------------------------------------- tie strengths
@numba.njit(cache=True, inline="always")
def tie_value(e, baseline, stored, stamp, decay, clock):
    """Current strength of tie ``e`` under lazy drift (:mod:`microgov_sim.model.ties`)."""
    b = baseline[e]
    return b + (stored[e] - b) * decay[clock - stamp[e]]


# ---------------------------------------------------------------------- the cascade (ODD 7.5)
@jit
def _network_add(out, rows, members, group, position, indptr, indices, entry_edge, ties, clock):
    """Add to ``out`` the tie-weighted influence of the members at positions ``rows``."""
    baseline, stored, stamp, decay = ties
    for q in rows:
        g = group[q]
        for e in range(indptr[members[q]], indptr[members[q] + 1]):
            t = position[indices[e]]
            if t >= 0 and group[t] == g:
                out[t] += tie_value(entry_edge[e], baseline, stored, stamp, decay, clock)


@jit
def _group_add(out, rows, group, n_groups):
    """Add to ``out`` the number of members at positions ``rows`` in one's group, self apart."""
    count = np.zeros(n_groups)
    for q in rows:
        count[group[q]] += 1.0
    added = np.empty(len(out))
    for j in range(len(out)):
        added[j] = count[group[j]]
    for q in rows:
        added[q] -= 1.0
    for j in range(len(out)):
        out[j] += added[j]


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
):
    """Monotone threshold cascade to its fixed point (``rules.threshold_cascade``).

    Member ``q`` (network row ``members[q]``, in ``group[q]``) takes part once
    ``drive[q] + weight * felt[q] >= threshold[q]``; ``felt`` is the influence received from
    members already taking part in the same group -- with ``network`` the strengths of their
    ties (CSR ``indptr``/``indices``, entry ``e`` being tie ``entry_edge[e]`` of the lazily
    drifting ``ties = (baseline, stored, stamp, decay)`` at ``clock``), else their number --
    as a share of the most one can receive if ``shares``. Returns (mask, rounds).
    """
    n = len(drive)
    position = np.full(len(indptr) - 1 if network else 0, -1, dtype=np.int64)
    for q in range(n):
        if network:
            position[members[q]] = q
    reference = np.zeros(n)
    if shares:
        everyone = np.arange(n)
        if network:
            _network_add(
                reference, everyone, members, group, position, indptr, indices, entry_edge,
                ties, clock,
            )  # fmt: skip
        else:
            _group_add(reference, everyone, group, n_groups)
    active = np.zeros(n, dtype=np.bool_)
    new = np.flatnonzero(drive >= threshold)
    for q in new:
        active[q] = True
    influence = np.zeros(n)
    added = np.zeros(n)
    joiners = np.empty(n, dtype=np.int64)
    rounds = 0
    while len(new) and rounds < n + 1:
        rounds += 1
        added[:] = 0.0
        if network:
            _network_add(
                added, new, members, group, position, indptr, indices, entry_edge, ties, clock
            )
        else:
            _group_add(added, new, group, n_groups)
        count = 0
        for j in range(n):
            influence[j] += added[j]
            felt = influence[j]
            if shares:
                felt = influence[j] / reference[j] if reference[j] > 0 else 0.0
            if weight != 1.0:
                felt = weight * felt
            if not active[j] and drive[j] + felt >= threshold[j]:
                joiners[count] = j
                count += 1
        new = joiners[:count].copy()
        for q in new:
            active[q] = True
    return active, rounds
