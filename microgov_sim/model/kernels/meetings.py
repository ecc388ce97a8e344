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
def record_meetings(pair_start, pair_end, household, acted_row, part, part_group, position):
    """Mark the affected households who took part in a meeting on their issue for the first time.

    Meeting ``j`` is on the issue whose affected rows are ``pair_start[j]:pair_end[j]``;
    ``part`` are the households that took part (distinct, sorted) and ``part_group`` their
    meetings. Sets ``acted_row`` for them and returns how many each meeting added. ``position`` is
    scratch: -1 per household, and -1 again on return.
    """
    k = len(pair_start)
    added = np.zeros(k, dtype=np.int64)
    if len(part) == 0:
        return added
    for q in range(len(part)):
        position[part[q]] = q
    for j in range(k):
        for r in range(pair_start[j], pair_end[j]):
            q = position[household[r]]
            if q >= 0 and part_group[q] == j and not acted_row[r]:
                acted_row[r] = True
                added[j] += 1
    for q in range(len(part)):
        position[part[q]] = -1
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
    toward_one_marked(values, index, rate, np.zeros(len(values), dtype=np.bool_))


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


@jit
def note_meetings(
    week,
    chosen,
    part,
    part_group,
    held,
    pair_start,
    pair_end,
    pair_household,
    pair_acted,
    n_meetings,
    last_meeting,
    acted,
    participants,
    acting_level,
    acting_unit,
    level_offset,
    flat_starts,
    building_of,
    last_met,
    last_acted,
    last_agenda,
    position,
):
    """What this week's meetings on issues ``chosen`` did (``CommunityState.record_meetings``).

    ``part`` took part (sorted), ``part_group[q]`` in meeting ``chosen[part_group[q]]``;
    ``held`` whether each meeting's action went ahead. Per issue (columns indexed by issue
    id): one meeting more at ``week``, its participants, and how many of its affected
    households took part on it for the first time (:func:`record_meetings`). Per building:
    the last week its own body met (a meeting of a level up to the building, ``level_offset``
    having the doorway and building levels first, with someone taking part), its households
    acted in a held action, and an issue affecting them was taken up. ``position`` is
    scratch for :func:`record_meetings`.
    """
    k = len(chosen)
    starts = np.empty(k, dtype=np.int64)
    ends = np.empty(k, dtype=np.int64)
    count = np.zeros(k, dtype=np.int64)
    for q in range(len(part)):
        count[part_group[q]] += 1
    for j in range(k):
        i = chosen[j]
        starts[j], ends[j] = pair_start[i], pair_end[i]
        n_meetings[i] += 1
        last_meeting[i] = week
        participants[i] = count[j]
        level = acting_level[i]
        if level <= 1 and count[j] > 0:  # DOORWAY, BUILDING: the building's own body
            last_met[building_of[flat_starts[level_offset[level] + acting_unit[i]]]] = week
        for r in range(starts[j], ends[j]):
            last_agenda[building_of[pair_household[r]]] = week
    added = record_meetings(starts, ends, pair_household, pair_acted, part, part_group, position)
    for j in range(k):
        acted[chosen[j]] += added[j]
    for q in range(len(part)):
        if held[part_group[q]]:
            last_acted[building_of[part[q]]] = week


@jit
def toward_one_marked(values, index, rate, done):
    """:func:`toward_one_once` with ``done`` (all False, as long as ``values``) as scratch.

    ``done`` is all False again on return.
    """
    for i in index:
        if not done[i]:
            done[i] = True
            values[i] += rate * (1 - values[i])
    for i in index:
        done[i] = False


@jit
def evaluate_meetings(
    part,
    part_group,
    success,
    efficacy,
    trust,
    dependency,
    capacity,
    belonging,
    rate,
    capacity_rate,
    indptr,
    indices,
    entry_edge,
    meeting_of,
    household_done,
    won_start,
    won_end,
    pair_household,
    building_of,
    org_strength,
    org_gain,
    building_done,
):
    """Participants' feedback after their meetings (``deliberation.evaluate``), in place.

    :func:`meeting_feedback`; belonging of the affected households of the issues won (rows
    ``won_start[j]:won_end[j]``) and organisation strength of the buildings of successful
    participants, each once toward one (:func:`toward_one_marked`, with the scratch
    ``household_done`` and ``building_done``); ``meeting_of`` (-1 for all, and again on
    return) is scratch for :func:`co_participant_ties`. Returns the co-participants' ties of
    successful meetings and of the others, to grow and erode.
    """
    meeting_feedback(
        part, part_group, success, efficacy, trust, dependency, capacity, rate, capacity_rate
    )
    for q in range(len(part)):
        meeting_of[part[q]] = part_group[q]
    edges, their_meeting = co_participant_ties(indptr, indices, entry_edge, part, meeting_of)
    for q in range(len(part)):
        meeting_of[part[q]] = -1
    n_won = 0
    for m in range(len(edges)):
        n_won += success[their_meeting[m]]
    grow = np.empty(n_won, dtype=np.int64)
    erode = np.empty(len(edges) - n_won, dtype=np.int64)
    a = b = 0
    for m in range(len(edges)):
        if success[their_meeting[m]]:
            grow[a] = edges[m]
            a += 1
        else:
            erode[b] = edges[m]
            b += 1
    m = 0
    for j in range(len(won_start)):
        m += won_end[j] - won_start[j]
    affected = np.empty(m, dtype=np.int64)
    m = 0
    for j in range(len(won_start)):
        for r in range(won_start[j], won_end[j]):
            affected[m] = pair_household[r]
            m += 1
    toward_one_marked(belonging, affected, rate, household_done)
    m = 0
    for q in range(len(part)):
        m += success[part_group[q]]
    building = np.empty(m, dtype=np.int64)
    m = 0
    for q in range(len(part)):
        if success[part_group[q]]:
            building[m] = building_of[part[q]]
            m += 1
    toward_one_marked(org_strength, building, org_gain, building_done)
    return grow, erode
