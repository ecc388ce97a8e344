"""Administrative contact (ODD 7.8, 7.3b): patrols and disposals; households' requests.

Imports numpy, numba and :mod:`.compile` and :mod:`.sort`.
"""

from __future__ import annotations

import math

import numpy as np

from .compile import inline, jit
from .sort import lex_order


@inline
def crowded(motivation, exposure, crowding_out, rate):
    """One household's motivation after ``exposure`` controlling interventions.

    Positive ``crowding_out`` moves it toward 0, negative toward 1 (crowding in), by
    ``min(rate · |crowding_out| · exposure, 1)`` of the distance (``rules.crowding_update``).
    """
    step = min(rate * abs(crowding_out) * exposure, 1.0)
    if crowding_out >= 0:
        return motivation - step * motivation
    return motivation + step * (1.0 - motivation)


@jit
def crowding_update(motivation, exposure, crowding_out, rate):
    """:func:`crowded` of each household."""
    out = np.empty(len(motivation))
    for i in range(len(out)):
        out[i] = crowded(motivation[i], exposure[i], crowding_out, rate)
    return out


@jit
def crowd_all(motivation, exposure, crowding_out, rate):
    """:func:`crowded` by one ``exposure`` for every household, in place."""
    for i in range(len(motivation)):
        motivation[i] = crowded(motivation[i], exposure, crowding_out, rate)


@jit
def administrative_contact(
    motivation,
    dependency,
    grid_of,
    coverage,
    disposed_for,
    patrol_exposure,
    support_share,
    crowding_out,
    crowding_rate,
    dependency_growth,
):
    """Crowding of motivation and growth of dependency from this week's contact, in place.

    A household's exposure is ``patrol_exposure · c · (1 - support_share)`` in a grid of
    coverage ``c``, plus ``1 - support_share`` for each issue of its that administration
    resolved (``disposed_for`` lists the affected household of each, repeats included);
    motivation is :func:`crowded` by it, and dependency grows by
    ``min(dependency_growth · exposure, 1)`` of the gap to 1.
    """
    n = len(motivation)
    hits = np.zeros(n, dtype=np.int64)
    for h in disposed_for:
        hits[h] += 1
    for i in range(n):
        exposure = patrol_exposure * coverage[grid_of[i]] * (1 - support_share)
        if len(disposed_for):
            exposure = exposure + hits[i] * (1 - support_share)
        motivation[i] = crowded(motivation[i], exposure, crowding_out, crowding_rate)
        grow = min(dependency_growth * exposure, 1.0)
        dependency[i] += grow * (1 - dependency[i])


@inline
def request_chance(request_rate, dependency, reach):
    """Chance that one household files a request this week (``demand.request_chance``)."""
    return -math.expm1(-request_rate * dependency * reach)


@inline
def request_reach(coverage, takeover, support_share):
    """Readiness of the administrative line to take a household's matter over (``demand``)."""
    return coverage * takeover * (1.0 - support_share)


@jit
def request_reach_of(coverage, takeover, support_share):
    """:func:`request_reach` of each grid ``coverage``."""
    out = np.empty(len(coverage))
    for i in range(len(out)):
        out[i] = request_reach(coverage[i], takeover, support_share)
    return out


@jit
def request_chances(request_rate, dependency, grid_of, coverage, takeover, support_share, held):
    """:func:`request_chance` of every household, 0 for those in ``held`` (an open request).

    A household's reach is :func:`request_reach` of its grid's coverage.
    """
    out = np.empty(len(dependency))
    for i in range(len(out)):
        reach = request_reach(coverage[grid_of[i]], takeover, support_share)
        out[i] = request_chance(request_rate, dependency[i], reach)
    for h in held:
        out[h] = 0.0
    return out


@jit
def request_chance_of(request_rate, dependency, reach):
    """:func:`request_chance` of each household of ``dependency`` and ``reach``."""
    out = np.empty(len(dependency))
    for i in range(len(out)):
        out[i] = request_chance(request_rate, dependency[i], reach[i])
    return out


@jit
def drawn(u, chance):
    """The indices where the uniform draw ``u`` falls below ``chance`` (sorted)."""
    m = 0
    for i in range(len(u)):
        m += u[i] < chance[i]
    out = np.empty(m, dtype=np.int64)
    m = 0
    for i in range(len(u)):
        if u[i] < chance[i]:
            out[m] = i
            m += 1
    return out


@jit
def officers_take(queue, raised, grid, grid_officer, n_officers, whole, frac, u, n_dept):
    """The issues of the administrative ``queue`` that officers and departments take up.

    First come, first served: the queue in order of the week raised (stable). Each officer
    takes the first ``whole`` issues of its grids, and the next with chance ``frac`` (draw
    ``u[j]`` for the ``j``-th issue in that order); the departments take the first
    ``n_dept`` of the rest, issues of grids without an officer included. Returns the ids
    taken, in that order (``administration.dispose_administratively``).
    """
    keys = np.empty((1, len(queue)))
    for j in range(len(queue)):
        keys[0, j] = raised[queue[j]]
    order = lex_order(keys)
    seen = np.zeros(n_officers, dtype=np.int64)  # issues of each officer so far
    taken = np.zeros(len(queue), dtype=np.bool_)
    for j in range(len(queue)):
        officer = grid_officer[grid[queue[order[j]]]]
        if officer >= 0:
            rank = seen[officer]
            seen[officer] += 1
            taken[j] = rank < whole or (rank == whole and u[j] < frac)
    for j in range(len(queue)):
        if n_dept <= 0:
            break
        if not taken[j]:
            taken[j] = True
            n_dept -= 1
    out = np.empty(np.count_nonzero(taken), dtype=np.int64)
    m = 0
    for j in range(len(queue)):
        if taken[j]:
            out[m] = queue[order[j]]
            m += 1
    return out


@jit
def disposal_tally(
    attempt,
    success,
    grid,
    grid_officer,
    admin_attempts,
    officer_disposed,
    officer_resolved,
    pair_start,
    pair_end,
    pair_household,
):
    """Count this week's disposals of issues ``attempt`` (``success`` each), in place.

    One more administrative attempt on each; per officer of the issue's grid, the issues it
    disposed of and resolved. Returns the affected households of the issues resolved (rows
    in order, one per affected row).
    """
    m = 0
    for j in range(len(attempt)):
        i = attempt[j]
        admin_attempts[i] += 1
        officer = grid_officer[grid[i]]
        if officer >= 0:
            officer_disposed[officer] += 1
            officer_resolved[officer] += success[j]
        if success[j]:
            m += pair_end[i] - pair_start[i]
    affected = np.empty(m, dtype=np.int64)
    m = 0
    for j in range(len(attempt)):
        if success[j]:
            for r in range(pair_start[attempt[j]], pair_end[attempt[j]]):
                affected[m] = pair_household[r]
                m += 1
    return affected
