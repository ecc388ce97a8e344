"""Raising and routing (ODD 7.4): the chances of the channels and what routing weighs.

Imports numpy and :mod:`.compile` (numba).
"""

from __future__ import annotations

import math

import numpy as np

from .compile import inline, jit


@jit
def elite_notices(effort, reporting, chance):
    """Chance that elites notice each issue, and the share noticed in grid work.

    ``1 - (1 - chance)^(E + G)`` and ``G / (E + G)`` (0 where ``E + G`` is 0) for the effort
    ``E = effort`` and reporting ``G = reporting`` (``raising.elite_notice``).
    """
    k = len(effort)
    notice, share = np.empty(k), np.zeros(k)
    for j in range(k):
        total = effort[j] + reporting[j]
        notice[j] = 1.0 - (1.0 - chance) ** total
        if total > 0:
            share[j] = reporting[j] / total
    return notice, share


@jit
def building_effort(activity, at_building, unit, courtyard_of, shared):
    """Effort of the elites covering each building, from each slot's ``activity``.

    ``raising.building_effort``: heads and elders (``at_building``) count at their building
    ``unit``, a group leader at every building of its courtyard ``unit`` (``courtyard_of``
    per building), spread evenly over them with ``shared``. Sums in slot order, as
    ``np.bincount`` adds.
    """
    n_b = len(courtyard_of)
    n_c = 0
    for b in range(n_b):
        n_c = max(n_c, courtyard_of[b] + 1)
    per_building = np.zeros(n_b)
    court = np.zeros(n_c)
    for k in range(len(activity)):
        if at_building[k]:
            per_building[unit[k]] += activity[k]
        else:
            court[unit[k]] += activity[k]
    if shared:
        count = np.zeros(n_c, dtype=np.int64)
        for b in range(n_b):
            count[courtyard_of[b]] += 1
        for c in range(n_c):
            court[c] = court[c] / max(count[c], 1)
    for b in range(n_b):
        per_building[b] = per_building[b] + court[courtyard_of[b]]
    return per_building


@inline
def slot_grid_share(home, absorbed, admin_share):
    """Share of an elite slot's effort on grid work: ``admin_share`` if absorbed, else 0.

    0 for a vacant slot (``home`` -1).
    """
    return (1.0 if absorbed else 0.0) * admin_share if home >= 0 else 0.0


@inline
def slot_activity(home, absorbed, admin_share):
    """Share of an elite slot's effort left for self-governance: ``1 - slot_grid_share``.

    0 for a vacant slot (``home`` -1), which reaches nobody.
    """
    return 1.0 - slot_grid_share(home, absorbed, admin_share) if home >= 0 else 0.0


@jit
def slot_activities(home, absorbed, admin_share):
    """:func:`slot_activity` of every elite slot (``Elites.activity``)."""
    out = np.empty(len(home))
    for j in range(len(home)):
        out[j] = slot_activity(home[j], absorbed[j], admin_share)
    return out


@jit
def elite_efforts(
    home, absorbed, admin_share, level, building, unit, courtyard_of, shared, routing
):
    """Each building's elite effort for self-governance, and absorbed elites' reporting.

    :func:`building_effort` of each slot's :func:`slot_activity` and of its reporting
    ``routing ·`` :func:`slot_grid_share` (``attitudes.elite_effort``); a vacant slot
    (``home`` -1) gives neither. Slots at ``level == building`` count at their building.
    """
    k = len(home)
    activity, reporting = np.empty(k), np.empty(k)
    at_building = np.empty(k, dtype=np.bool_)
    for j in range(k):
        activity[j] = slot_activity(home[j], absorbed[j], admin_share)
        reporting[j] = routing * slot_grid_share(home[j], absorbed[j], admin_share)
        at_building[j] = level[j] == building
    return (
        building_effort(activity, at_building, unit, courtyard_of, shared),
        building_effort(reporting, at_building, unit, courtyard_of, shared),
    )


@jit
def takeover_chances(ids, grid, grid_officer, n_officers, queued, allowed, factor, standard):
    """``factor · standardisation · free`` of each issue ``ids`` (``officer_takeover_chance``).

    ``free`` is the share of ``allowed`` issues its grid's officer has not yet queued (the
    ``queued`` issues of its grids), in [0, 1]; 0 without an officer.
    """
    load = np.zeros(max(n_officers, 1))
    for i in queued:
        officer = grid_officer[grid[i]]
        if officer >= 0:
            load[officer] += 1.0
    out = np.empty(len(ids))
    for j in range(len(ids)):
        officer = grid_officer[grid[ids[j]]]
        free = 1.0 - load[officer] / max(allowed, 1e-12) if officer >= 0 else 0.0
        out[j] = factor * standard[ids[j]] * min(max(free, 0.0), 1.0)
    return out


@jit
def route_utilities(ids, n_affected, coverage, support, required, sums, support_share, weights):
    """Utility of each route (self, committee, government) for each issue ``ids``.

    ``sums`` (4 x k) are the sums of willingness, participation cost, trust and dependency
    over each issue's affected households; ``coverage`` is its grid's, ``support`` the effort
    that funds, party and officers would put in and ``required`` the effort it needs (the
    expected support is their ratio, at most 1; 1 where nothing is required);
    ``support_share`` the officers' support share; ``weights`` the route weights
    (willingness, support, cost, committee, dependency, reach) and the committee's free
    share (``raising.route_utility``).
    """
    w_will, w_support, w_cost, w_committee, w_dependency, w_reach, free = weights
    k = len(ids)
    utility = np.empty((k, 3))
    for j in range(k):
        affected = max(n_affected[ids[j]], 1)
        expected = min(support[j] / required[j] if required[j] > 0 else 1.0, 1.0)
        reach = coverage[j] * (1.0 - support_share)
        utility[j, 0] = (
            w_will * (sums[0, j] / affected)
            + w_support * expected
            - w_cost * (sums[1, j] / affected)
        )
        utility[j, 1] = w_committee * (sums[2, j] / affected) * free
        utility[j, 2] = w_dependency * (sums[3, j] / affected) + w_reach * reach
    return utility


@jit
def channel_chances(coverage, detect, elite_chance, party_miss, voices, committee_miss):
    """Each new issue's chance per channel, in the order they are tried (5 x k).

    The grid officer (``detect`` times coverage), the elites, the party and the committee
    (from their summed log-misses), and online voice (voiced this week or not).
    """
    k = len(coverage)
    chances = np.empty((5, k))
    for j in range(k):
        chances[0, j] = detect * coverage[j]
        chances[1, j] = elite_chance[j]
        chances[2, j] = 1.0 - math.exp(party_miss[j])
        chances[3, j] = 1.0 if voices[j] > 0 else 0.0
        chances[4, j] = 1.0 - math.exp(committee_miss[j])
    return chances
