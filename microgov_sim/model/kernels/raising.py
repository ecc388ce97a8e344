"""Raising and routing (ODD 7.4): the chances of the channels and what routing weighs.

Imports numpy, numba and :mod:`.compile` and :mod:`.issues`.
"""

from __future__ import annotations

import math

import numpy as np

from .compile import jit


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
