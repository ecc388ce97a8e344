"""Meetings (ODD 7.5, 7.7): who attends which, who took part, co-participants, feedback.

Imports numpy, numba and :mod:`.compile`.
"""

from __future__ import annotations

import numpy as np

from .compile import jit


@jit
def assign_meetings(
    n, acting_level, flat, flat_starts, flat_sizes, pair_start, pair_end, household, stake
):
    """Each household's meeting: where its stake is largest, else its smallest unit's first.

    Meeting ``j`` (an issue, most pressing first within each unit) is held by flat unit
    ``flat[j]`` at ``acting_level[j]`` and affects households
    ``household[pair_start[j]:pair_end[j]]`` with ``stake``. Returns ``(focal, best)`` over
    all ``n`` households: the meeting each attends (-1 for none) and its stake there (0 for
    members without one).
    """
    k = len(flat)
    focal = np.full(n, -1, dtype=np.int64)
    best = np.zeros(n)
    first = np.full(len(flat_sizes), -1, dtype=np.int64)  # a unit's first meeting
    top = -1
    for j in range(k):
        if first[flat[j]] < 0:
            first[flat[j]] = j
        top = max(top, acting_level[j])
    for level in range(top, -1, -1):  # the smallest units last: they win
        for j in range(k):
            if acting_level[j] == level and first[flat[j]] == j:
                lo = flat_starts[flat[j]]
                for h in range(lo, lo + flat_sizes[flat[j]]):
                    focal[h] = j
    seen = np.zeros(n, dtype=np.bool_)
    for j in range(k):  # ties in stake go to the earlier (more pressing) meeting
        for r in range(pair_start[j], pair_end[j]):
            h = household[r]
            if not seen[h] or stake[r] > best[h]:
                seen[h] = True
                best[h] = stake[r]
                focal[h] = j
    return focal, best


@jit
def record_meetings(pair_start, pair_end, household, acted_row, part, part_group):
    """Mark the affected households who took part in a meeting on their issue for the first time.

    Meeting ``j`` is on the issue whose affected rows are ``pair_start[j]:pair_end[j]``;
    ``part`` are the households that took part (sorted) and ``part_group`` their meetings.
    Sets ``acted_row`` for them and returns how many each meeting added.
    """
    k = len(pair_start)
    added = np.zeros(k, dtype=np.int64)
    if len(part) == 0:
        return added
    for j in range(k):
        for r in range(pair_start[j], pair_end[j]):
            q = np.searchsorted(part, household[r])
            took = q < len(part) and part[q] == household[r] and part_group[q] == j
            if took and not acted_row[r]:
                acted_row[r] = True
                added[j] += 1
    return added


@jit
def co_participant_ties(indptr, indices, entry_edge, part, meeting_of):
    """The ties between two participants of one meeting, and that meeting.

    ``part`` are the participants (sorted), ``meeting_of[h]`` each household's meeting (-1
    for none); each tie is listed once, from its lower end, in CSR order.
    """
    m = 0
    for h in part:
        for e in range(indptr[h], indptr[h + 1]):
            if h < indices[e] and meeting_of[indices[e]] == meeting_of[h]:
                m += 1
    edges = np.empty(m, dtype=np.int64)
    meeting = np.empty(m, dtype=np.int64)
    m = 0
    for h in part:
        for e in range(indptr[h], indptr[h + 1]):
            if h < indices[e] and meeting_of[indices[e]] == meeting_of[h]:
                edges[m] = entry_edge[e]
                meeting[m] = meeting_of[h]
                m += 1
    return edges, meeting


@jit
def meeting_feedback(
    part, part_group, success, efficacy, trust, dependency, capacity, rate, capacity_rate
):
    """Participants' efficacy, trust, dependency and capacity after their meeting, in place.

    Success raises efficacy and trust by ``rate`` of the gap to 1 and lowers dependency by
    ``rate`` of itself; failure lowers efficacy and trust by ``rate`` of themselves; taking
    part raises capacity by ``capacity_rate`` of the gap to 1. ``part`` are distinct.
    """
    for q in range(len(part)):
        i = part[q]
        if success[part_group[q]]:
            efficacy[i] += rate * (1 - efficacy[i])
            trust[i] += rate * (1 - trust[i])
            dependency[i] -= rate * dependency[i]
        else:
            efficacy[i] -= rate * efficacy[i]
            trust[i] -= rate * trust[i]
        capacity[i] += capacity_rate * (1 - capacity[i])


@jit
def toward_one_once(values, index, rate):
    """``values[i] += rate * (1 - values[i])`` once for each distinct ``i`` in ``index``."""
    done = np.zeros(len(values), dtype=np.bool_)
    for i in index:
        if not done[i]:
            done[i] = True
            values[i] += rate * (1 - values[i])


@jit
def unit_mean(values, flat_starts, flat_sizes, flat):
    """Mean of per-household ``values`` over the households of each unit ``flat``.

    Unit ``u`` holds households ``flat_starts[u] .. flat_starts[u] + flat_sizes[u] - 1``;
    its sum is the difference of running sums (as ``np.cumsum``), an empty unit's mean 0.
    """
    total = np.empty(len(values) + 1)
    total[0] = 0.0
    for i in range(len(values)):
        total[i + 1] = total[i] + values[i]
    out = np.empty(len(flat))
    for j in range(len(flat)):
        lo, size = flat_starts[flat[j]], flat_sizes[flat[j]]
        out[j] = (total[lo + size] - total[lo]) / max(size, 1)
    return out
