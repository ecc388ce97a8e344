"""Administrative disposal, crowding and dependency (ODD 7.8).

Grid officers (one per grid at ``grid_coverage`` 1) and the departments dispose of queued
issues first come, first served, at a cost; a controlling intervention crowds out intrinsic
motivation and feeds dependency on government.

Imports numpy and :mod:`microgov_sim.model` modules only:
issues, rules, state.
"""

from __future__ import annotations

import numpy as np

from .. import rules
from ..issues import Status
from ..state import CommunityState


def officers_wanted(s: CommunityState, p) -> int:
    """Grid officers on duty at the current coverage (one per grid at 1)."""
    return round(p.grid_coverage * s.neighbourhood.n_grids)


def dispose_administratively(s: CommunityState, p, rng: np.random.Generator, week: int) -> int:
    """Officers and departments dispose of queued issues; return the number resolved."""
    hh, iss, nb, adm = s.households, s.issues, s.neighbourhood, s.admin
    fixed = adm.n_officers * p.officer_cost + p.platform_cost * nb.n_grids * p.grid_coverage
    queue = iss.open_with_status(Status.ADMIN)
    cost = fixed
    resolved_count = 0
    exposure = p.patrol_exposure * adm.grid_coverage[nb.grid_of] * (1 - p.admin_support_share)
    if len(queue):
        queue = queue[np.argsort(iss.raised[queue], kind="stable")]  # first come, first served
        officer = adm.grid_officer[iss.grid[queue]]
        cap = p.officer_capacity * (1.0 - p.admin_support_share)
        by_officer = np.argsort(officer, kind="stable")
        sorted_off = officer[by_officer]
        rank_sorted = np.arange(len(queue)) - np.searchsorted(sorted_off, sorted_off)
        rank = np.empty(len(queue), dtype=np.int64)
        rank[by_officer] = rank_sorted
        whole, frac = int(cap), cap - int(cap)
        taken = (officer >= 0) & (
            (rank < whole) | ((rank == whole) & (rng.random(len(queue)) < frac))
        )
        rest = np.flatnonzero(~taken)
        dept = p.department_capacity * s.n / 1000.0
        n_dept = int(dept) + (rng.random() < dept - int(dept))
        taken[rest[:n_dept]] = True
        attempt = queue[taken]
        success = rng.random(len(attempt)) < rules.admin_success_chance(
            iss.standardisation[attempt], p.admin_success_floor
        )
        iss.cols["admin_attempts"][attempt] += 1
        cost += float((p.disposal_cost * (1.0 + iss.severity[attempt])).sum())
        won = attempt[success]
        iss.close(won, Status.RESOLVED_ADMIN, week)
        resolved_count = len(won)
        by = adm.grid_officer[iss.grid[attempt]]
        mine = by >= 0
        adm.officer_disposed += np.bincount(by[mine], minlength=adm.n_officers)
        adm.officer_resolved += np.bincount(by[mine & success], minlength=adm.n_officers)
        if resolved_count:
            rows = iss.pairs_of(won)
            aff = iss.pair_household[rows]
            hits = np.bincount(aff, minlength=s.n)
            exposure = exposure + hits * (1 - p.admin_support_share)
            gain = p.admin_belonging_share * p.learning_rate
            hh.belonging[aff] += gain * (1 - hh.belonging[aff])
    # Controlling intervention: crowding of motivation and growth of dependency.
    hh.motivation[:] = rules.crowding_update(
        hh.motivation, exposure, p.crowding_out, p.crowding_rate
    )
    grow = np.minimum(p.dependency_growth * exposure, 1.0)
    hh.dependency += grow * (1 - hh.dependency)
    s.government.admin_cost += cost
    s.government.admin_resolved += resolved_count
    return resolved_count
