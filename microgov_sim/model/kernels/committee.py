"""The agenda and the residents' committee (ODD 7.5, 7.9a): what is taken up, convened, held.

Imports numpy, numba and :mod:`.compile`, :mod:`.meetings` and :mod:`.sort`.
"""

from __future__ import annotations

import numpy as np

from .compile import inline, jit
from .meetings import unit_mean
from .sort import lex_order


@jit
def most_pressing_order(ids, created, stake_sum):
    """Positions of ``ids`` most pressing first: largest stake, then oldest, then lowest id.

    The order of ``np.lexsort((ids, created[ids], -stake_sum[ids]))`` (:func:`.lex_order`).
    """
    keys = np.empty((3, len(ids)))
    for j in range(len(ids)):
        keys[0, j] = -stake_sum[ids[j]]
        keys[1, j] = created[ids[j]]
        keys[2, j] = ids[j]
    return lex_order(keys)


@jit
def with_status(ids, status, wanted):
    """The ``ids`` whose ``status`` is ``wanted``, in order (``IssueBook.open_with_status``)."""
    out = np.empty(len(ids), dtype=np.int64)
    m = 0
    for i in ids:
        if status[i] == wanted:
            out[m] = i
            m += 1
    return out[:m]


@jit
def due_agenda(open_ids, status, raised, agenda_code, due_week):
    """The open issues on the agenda raised by ``due_week`` (agenda preparation, ODD 7.5)."""
    agenda = with_status(open_ids, status, agenda_code)
    m = 0
    for i in agenda:
        if raised[i] <= due_week:
            agenda[m] = i
            m += 1
    return agenda[:m]


@inline
def has_body(mean_org, body_threshold):
    """Whether a unit's micro-organisation is a body that convenes itself (ō ≥ θ, ODD 7.9a)."""
    return mean_org >= body_threshold


@inline
def with_committee(route, stage, committee, escalated):
    """Whether an issue waits in the committee's hands: route committee, not yet escalated."""
    return route == committee and stage < escalated


@jit
def not_with_committee(queue, route, stage, committee, escalated):
    """The issues of ``queue``, in order, that do not wait with the committee (``in_queue``)."""
    out = np.empty(len(queue), dtype=np.int64)
    m = 0
    for i in queue:
        if not with_committee(route[i], stage[i], committee, escalated):
            out[m] = i
            m += 1
    return out[:m]


@jit
def committee_tasks(
    open_ids,
    status,
    raised,
    channel,
    created,
    stake_sum,
    acting_level,
    acting_unit,
    route,
    stage,
    kind,
    codes,
    due_week,
    mediate,
    level_offset,
    flat_starts,
    flat_sizes,
    org_strength,
    building_of,
    body_threshold,
):
    """What the committee could do this week (``committee.act``), each most pressing first.

    ``codes`` are the plain values of Status.AGENDA, Status.ADMIN, Channel.WISH,
    Route.COMMITTEE, Stage.UNTOUCHED, Stage.ESCALATED and the neighbour-dispute kind.
    Returns the flat units to convene -- those with an issue due on their agenda (raised by
    ``due_week``, not a micro-wish) whose mean organisation strength is below
    ``body_threshold``, by their most pressing issue -- the issues in the committee's hands
    (route committee, not yet escalated) and, if ``mediate``, the disputes among them not yet
    mediated.
    """
    agenda_code, admin_code, wish, committee, untouched, escalated, dispute = codes
    agenda = due_agenda(open_ids, status, raised, agenda_code, due_week)
    m = 0
    for i in agenda:
        if channel[i] != wish:
            agenda[m] = i
            m += 1
    agenda = agenda[:m]
    agenda = agenda[most_pressing_order(agenda, created, stake_sum)]
    first = np.zeros(len(flat_sizes), dtype=np.bool_)
    units = np.empty(len(agenda), dtype=np.int64)
    m = 0
    for i in agenda:
        u = level_offset[acting_level[i]] + acting_unit[i]
        if not first[u]:
            first[u] = True
            units[m] = u
            m += 1
    units = units[:m]
    mean_org = unit_mean(org_strength[building_of], flat_starts, flat_sizes, units)
    without = np.empty(m, dtype=np.bool_)
    for j in range(m):
        without[j] = not has_body(mean_org[j], body_threshold)
    units = units[without]
    queue = with_status(open_ids, status, admin_code)
    queue = queue[most_pressing_order(queue, created, stake_sum)]
    held = np.empty(len(queue), dtype=np.int64)
    disputes = np.empty(len(queue), dtype=np.int64)
    a = b = 0
    for i in queue:
        if with_committee(route[i], stage[i], committee, escalated):
            held[a] = i
            a += 1
            if mediate and kind[i] == dispute and stage[i] == untouched:
                disputes[b] = i
                b += 1
    return units, held[:a], disputes[:b]


@jit
def agenda_capacities(
    ids,
    acting_level,
    acting_unit,
    channel,
    wish,
    level_offset,
    flat_starts,
    flat_sizes,
    org_strength,
    building_of,
    convened,
    agenda_capacity,
    households_per_doorway,
    body_threshold,
):
    """Agenda items the acting unit of each issue ``ids`` can take up this week.

    ``1 + floor(agenda_capacity · size / households_per_doorway · ō)``, ``ō`` the unit's mean
    organisation strength (``deliberation.agenda_capacity``); 0 for a unit without a body of
    its own (``ō < body_threshold``) that the committee did not convene (``convened``, flat
    units), unless the issue is a micro-wish (``channel == wish``).
    """
    m = len(ids)
    flat = np.empty(m, dtype=np.int64)
    for j in range(m):
        flat[j] = level_offset[acting_level[ids[j]]] + acting_unit[ids[j]]
    mean_org = unit_mean(org_strength[building_of], flat_starts, flat_sizes, flat)
    is_convened = np.zeros(len(flat_sizes), dtype=np.bool_)
    for u in convened:
        is_convened[u] = True
    out = np.zeros(m, dtype=np.int64)
    for j in range(m):
        doorways = flat_sizes[flat[j]] / households_per_doorway
        own = 1 + np.int64(np.floor(agenda_capacity * doorways * mean_org[j]))
        meets = has_body(mean_org[j], body_threshold) or is_convened[flat[j]]
        if meets or channel[ids[j]] == wish:
            out[j] = own
    return out


@jit
def select_agenda(
    open_ids, status, raised, agenda_code, due_week, created, stake_sum, n, *capacity_args
):
    """The agenda issues the acting units take up this week (``deliberation.agenda_capacity``).

    The issues on the agenda raised by ``due_week``, by acting unit (micro-wishes apart, as the
    next key) and most pressing first within each -- the order of ``np.lexsort((created,
    -stake_sum, 2 · (level · (n + 1) + unit) + wish))`` -- each unit taking its first
    ``1 + floor(agenda_capacity · size / households_per_doorway · ō)`` (``ō`` its mean
    organisation strength): ``capacity_args`` are the arguments of :func:`agenda_capacities`
    after its ids.
    """
    acting_level, acting_unit, channel, wish = capacity_args[:4]
    agenda = due_agenda(open_ids, status, raised, agenda_code, due_week)
    m = len(agenda)
    key = np.empty(m, dtype=np.int64)
    for j in range(m):
        i = agenda[j]
        key[j] = 2 * (np.int64(acting_level[i]) * (n + 1) + acting_unit[i]) + (channel[i] == wish)
    keys = np.empty((3, m))
    for j in range(m):
        keys[0, j] = key[j]
        keys[1, j] = -stake_sum[agenda[j]]
        keys[2, j] = created[agenda[j]]
    order = lex_order(keys)
    ranked = agenda[order]
    capacity = agenda_capacities(ranked, *capacity_args)
    chosen = np.empty(m, dtype=np.int64)
    c = 0
    rank = 0
    for j in range(m):
        rank = rank + 1 if j > 0 and key[order[j]] == key[order[j - 1]] else 0
        if rank < capacity[j]:
            chosen[c] = ranked[j]
            c += 1
    return chosen[:c]


@inline
def argmax_in(values, lo, hi):
    """Index of the largest positive ``values[lo:hi]`` (the first of equals), -1 if none > 0."""
    best, at = 0.0, -1
    for i in range(lo, hi):
        if values[i] > 0 and (at < 0 or values[i] > best):
            best, at = values[i], i
    return at


@jit
def argmax_per_group(values, starts):
    """:func:`argmax_in` of each group ``values[starts[g]:starts[g + 1]]`` (``rules``)."""
    out = np.empty(len(starts) - 1, dtype=np.int64)
    for g in range(len(out)):
        out[g] = argmax_in(values, starts[g], starts[g + 1])
    return out


@jit
def incubate(burden, org_strength, starts, effort, incubations):
    """Each party branch strengthens its neediest building's organisation by ``effort``.

    Branch ``g``'s buildings are ``starts[g]:starts[g + 1]``; need is
    ``burden · (1 - org_strength)``, and the building of the largest positive need (the
    first of equals; none without) gains ``effort``, capped at 1, and the branch counts an
    incubation (``institutions.incubate``). Changes ``org_strength`` and ``incubations``.
    """
    need = np.empty(len(burden))
    for b in range(len(burden)):
        need[b] = burden[b] * (1.0 - org_strength[b])
    for g in range(len(starts) - 1):
        b = argmax_in(need, starts[g], starts[g + 1])
        if b >= 0:
            org_strength[b] = min(1.0, org_strength[b] + effort)
            incubations[g] += 1
