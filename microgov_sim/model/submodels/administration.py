"""Administrative disposal, crowding and dependency (ODD 7.8); cost dynamics (ODD 7.8b).

Grid officers (one per grid at ``grid_coverage`` 1) and the departments dispose of queued
issues first come, first served, at a cost; a controlling intervention crowds out intrinsic
motivation and feeds dependency on government. The cost has its own dynamics: a platform
capital stock with maintenance, command and supervision layers above the officers, and a
budget that falls slowly when fewer staff are wanted (:func:`pay_administration`).

Imports numpy, :mod:`microgov_sim.model` modules (issues, rules, state) and the committee
submodel (:mod:`.committee`, what waits for it).
"""

from __future__ import annotations

import numpy as np

from .. import kernels, rules
from ..issues import Status, is_shared
from ..state import CommunityState
from . import committee, resources


def officers_wanted(s: CommunityState, p) -> int:
    """Grid officers on duty at the current coverage (one per grid at 1)."""
    return round(p.grid_coverage * s.neighbourhood.n_grids)


def supervisors_needed(officers: float, n_grids: int, span: float, layers: int, load: float):
    """Command and supervision staff above ``officers`` grid officers (ODD 7.8b).

    Layer 0 is the officers; layer ``l`` supervises layer ``l - 1``:
    ``S_l = S_{l-1} (1 + load * S_{l-1} / n_grids) / span``, summed over ``l = 1 .. layers``.
    The coordination term makes the sum convex in the officers (``load`` 0: linear).
    """
    below, total = float(officers), 0.0
    density = 1.0 / max(n_grids, 1)
    for _ in range(layers):
        below = below * (1.0 + load * below * density) / span
        total += below
    return total


def install_capital(capital: float, target: float, depreciation: float) -> tuple[float, float]:
    """One week of the capital stock K: it wears out, then is topped up to ``target``.

    Returns ``(K, investment)``: ``K' = max((1 - depreciation) K, target)`` and the investment
    ``K' - (1 - depreciation) K``. Installed equipment stays when the target falls; only
    depreciation takes it away.
    """
    worn = (1.0 - depreciation) * capital
    installed = max(worn, target)
    return installed, installed - worn


def ratchet(paid: float, wanted: float, down_rate: float) -> float:
    """The budget ratchet: follow ``wanted`` upward at once, downward by ``down_rate`` a week."""
    if wanted >= paid:
        return wanted
    return paid - down_rate * (paid - wanted)


def wanted_lines(s: CommunityState, p) -> tuple[float, float, float]:
    """Officers, supervisors and capital stock the current coverage wants (ODD 7.8b)."""
    n_grids = s.neighbourhood.n_grids
    officers = float(s.admin.n_officers)
    supervisors = supervisors_needed(
        officers, n_grids, p.span_of_control, p.supervision_layers, p.coordination_load
    )
    return officers, supervisors, p.capital_cost * n_grids * p.grid_coverage


def install_wanted(s: CommunityState, p) -> None:
    """Start the paid staff and the capital stock at what the coverage wants (initial state)."""
    adm = s.admin
    adm.paid_officers, adm.paid_supervisors, adm.capital = wanted_lines(s, p)


def pay_administration(s: CommunityState, p) -> float:
    """Pay this week's fixed administrative cost by line; return it (ODD 7.8b).

    Officers and supervisors are paid at the ratcheted budget, the platform as investment plus
    maintenance on the installed stock plus the linear running cost ``platform_cost``.
    """
    adm, gov = s.admin, s.government
    officers, supervisors, target = wanted_lines(s, p)
    adm.paid_officers = ratchet(adm.paid_officers, officers, p.budget_downward_rate)
    adm.paid_supervisors = ratchet(adm.paid_supervisors, supervisors, p.budget_downward_rate)
    adm.capital, invest = install_capital(adm.capital, target, p.depreciation_rate)
    officer_line = adm.paid_officers * p.officer_cost
    supervision_line = adm.paid_supervisors * p.officer_cost
    platform_line = (
        invest
        + p.maintenance_rate * adm.capital
        + p.platform_cost * s.neighbourhood.n_grids * p.grid_coverage
    )
    gov.officer_cost += officer_line
    gov.supervision_cost += supervision_line
    gov.platform_cost += platform_line
    return officer_line + supervision_line + platform_line


def dispose_administratively(s: CommunityState, p, rng: np.random.Generator, week: int) -> int:
    """Officers and departments dispose of queued issues; return the number resolved."""
    hh, iss, nb, adm = s.households, s.issues, s.neighbourhood, s.admin
    cost = pay_administration(s, p)
    queue = committee.in_queue(s, iss.open_with_status(Status.ADMIN))  # not what waits (7.9a)
    resolved_count = shared = 0
    aff = np.zeros(0, dtype=np.int64)  # the affected households of what administration resolved
    if len(queue):
        cap = p.officer_capacity * (1.0 - p.admin_support_share)
        u = rng.random(len(queue))  # the fractional capacity, one draw per queued issue
        dept = p.department_capacity * s.n / 1000.0
        n_dept = int(dept) + (rng.random() < dept - int(dept))
        attempt = kernels.officers_take(  # first come, first served
            queue,
            iss.raised,
            iss.grid,
            adm.grid_officer,
            adm.n_officers,
            int(cap),
            cap - int(cap),
            u,
            int(n_dept),
        )
        chance = rules.admin_success_chance(iss.standardisation[attempt], p.admin_success_floor)
        chance = resources.broker(s, p, attempt, chance)  # the community brokers (ODD 7.6b)
        success = rng.random(len(attempt)) < chance
        disposals = float((p.disposal_cost * (1.0 + iss.severity[attempt])).sum())
        s.government.disposal_cost += disposals
        cost += disposals
        aff = kernels.disposal_tally(
            attempt,
            success,
            iss.grid,
            adm.grid_officer,
            iss.cols["admin_attempts"],
            adm.officer_disposed,
            adm.officer_resolved,
            iss.pair_start,
            iss.pair_end,
            iss.pair_household,
        )
        won = attempt[success]
        iss.close(won, Status.RESOLVED_ADMIN, week)
        resolved_count = len(won)
        shared = int(np.count_nonzero(is_shared(iss.channel[won])))  # not requests, wishes
        kernels.toward_one_marked(
            hh.belonging, aff, p.admin_belonging_share * p.learning_rate, s.scratch.household_flag
        )
    # Controlling intervention: patrols and disposals crowd motivation, grow dependency.
    kernels.administrative_contact(
        hh.motivation,
        hh.dependency,
        nb.grid_of,
        adm.grid_coverage,
        aff,
        p.patrol_exposure,
        p.admin_support_share,
        p.crowding_out,
        p.crowding_rate,
        p.dependency_growth,
    )
    s.government.admin_cost += cost
    s.government.admin_resolved += shared
    s.government.own_resolved += resolved_count - shared
    return resolved_count
