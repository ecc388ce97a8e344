"""Raising and routing (ODD 7.4): channels notice new issues, routing sends them on.

Each raised issue goes to self-governance (the agenda) or to administration; an issue whose
acting unit is larger than the largest self-governing body (``self_governance_top``) always
goes to administration, and so does a self-governable issue that an absorbed elite noticed in
grid work (administrativised, 行政化). The online channel raises what affected households
voiced online this week (:mod:`.voice`, ODD 7.4b, which runs just before).

Imports numpy, :mod:`microgov_sim.model` modules (issues, kernels, state, structure), the
arrival submodel (the top self-governing level) and the deliberation submodel (the cost of
taking part, the support and effort of an action).
"""

from __future__ import annotations

import numpy as np

from .. import kernels
from ..issues import Channel, Route, Status
from ..state import CommunityState
from ..structure import BUILDING
from .arrival import top_self_governing_level  # the routing's top, shared with voice
from .deliberation import participation_cost_args, required_effort, support_effort


def raise_issues(s: CommunityState, p, rng: np.random.Generator, week: int) -> int:
    """Raise new issues through the first channel that fires, then route them.

    Returns the number raised.
    """
    hh, iss = s.households, s.issues
    new = iss.open_with_status(Status.NEW)
    if len(new) == 0:
        return 0
    committee_free = s.admin.committee_free_share
    # over each issue's affected households: log-misses of the party and committee channels,
    # and what routing weighs
    sums = kernels.raising_sums(
        iss.pair_start[new],
        iss.pair_end[new],
        iss.pair_household,
        hh.party,
        hh.willingness,
        hh.trust,
        hh.dependency,
        hh.capacity,
        hh.online,
        p.party_wish_chance,
        p.party_embedding,
        p.committee_report_chance,
        committee_free,
        participation_cost_args(p),
    )
    elite_chance, reported_share = elite_notice_chance(s, p, new)
    coverage = s.admin.grid_coverage[iss.grid[new]]
    chances = kernels.channel_chances(  # per channel, in the order they are tried
        coverage, p.officer_detect_chance, elite_chance, sums[0], iss.voices[new], sums[1]
    )
    # the channels' draws, then routing's two: residents' choice and officers' triage, each
    # drawn for every issue whatever the outcome, so that routing never shifts later draws
    u = rng.random((7, len(new)))
    channel, route, status = kernels.route_new_issues(
        chances,
        reported_share,
        route_utility(s, p, new, coverage, sums[2:]),
        officer_takeover_chance(s, p, new),
        u,
        iss.acting_level[new].astype(np.int64),
        top_self_governing_level(p),
        ROUTING_CODES,
    )
    raised = status >= 0
    ids = new[raised]
    iss.cols["channel"][ids] = channel[raised]
    iss.cols["raised"][ids] = week
    iss.cols["route"][ids] = route[raised]
    iss.cols["status"][ids] = status[raised]
    return len(ids)


# The enum values route_new_issues takes (channels, routes, statuses), in its order.
ROUTING_CODES = np.array(
    (
        Channel.NONE,
        *(Channel.GRID_OFFICER, Channel.ELITE, Channel.PARTY, Channel.ONLINE, Channel.COMMITTEE),
        *(Route.SELF, Route.COMMITTEE, Route.GOVERNMENT),
        *(Route.OFFICER_HANDLED, Route.OFFICER_REFERRED, Route.ADMINISTRATIVISED),
        *(Status.AGENDA, Status.ADMIN),
    ),
    dtype=np.int64,
)


def route_utility(s: CommunityState, p, new, coverage, sums) -> np.ndarray:
    """Utility of each route (self, committee, government) to the households of each new issue.

    ``sums`` are, per new issue, the sums of willingness, participation cost, trust and
    dependency over its affected households; ``coverage`` that of the issue's grid. Residents
    weigh their willingness, the support they would get and the cost of organising; their
    trust in a free committee; their dependency and the reach of officers who take affairs
    over (the triage of what officers detect is ``officer_takeover_chance``). The support is
    the share of the effort the issue needs that funds, party and officers would put in
    (at most 1): the support of collective action (ODD 7.6, ``deliberation.support_effort``)
    as the fund last paid it, over the effort required (``deliberation.required_effort``).
    Compiled: ``kernels.route_utilities``.
    """
    iss, adm = s.issues, s.admin
    coverage = np.asarray(coverage, dtype=np.float64)
    weights = (
        *(p.route_willingness_weight, p.route_support_weight, p.route_cost_weight),
        *(p.route_committee_weight, p.route_dependency_weight, p.route_reach_weight),
        adm.committee_free_share,
    )
    return kernels.route_utilities(
        np.asarray(new, dtype=np.int64),
        iss.n_affected,
        coverage,
        support_effort(p, coverage, s.fund.paid_share)[1],  # as the fund last paid
        required_effort(s, p, new),
        np.ascontiguousarray(sums, dtype=np.float64),
        float(p.admin_support_share),
        tuple(float(v) for v in weights),
    )


def officer_takeover_chance(s: CommunityState, p, ids: np.ndarray) -> np.ndarray:
    """Chance that the officer who detected each issue handles it rather than refer it.

    ``officer_takeover · (1 - admin_support_share) · σ · free``: officers in support mode
    refer, and the takeover policy says how readily the others take over; they handle
    standardised affairs (the grid's discover-report-dispose logic suits them, [A]); ``free``
    is the share of ``officer_queue_weeks`` weeks of their capacity not yet queued.
    """
    iss, adm = s.issues, s.admin
    return kernels.takeover_chances(
        np.asarray(ids, dtype=np.int64),
        iss.grid,
        adm.grid_officer,
        adm.n_officers,
        iss.open_with_status(Status.ADMIN),
        float(p.officer_capacity * p.officer_queue_weeks),
        float(p.officer_takeover * (1.0 - p.admin_support_share)),
        iss.standardisation,
    )


def elite_notice_chance(s: CommunityState, p, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Chance that the elites covering each issue's unit raise it, and the share reported.

    An issue is covered by the elites of the building at its centre: their effort for
    self-governance and the grid work absorbed elites spend reporting the building's affairs
    (:func:`elite_notice`). Returns the chance that the elite channel fires and, when it does,
    the chance that an absorbed elite noticed it in grid work and reports it into the grid.
    """
    building = s.neighbourhood.unit_of[BUILDING, s.issues.centre[ids]]
    units = s.units
    return elite_notice(
        units.elite_effort[building], units.elite_reporting[building], p.elite_notice_chance
    )


def elite_notice(
    effort: np.ndarray, reporting: np.ndarray, chance: float
) -> tuple[np.ndarray, np.ndarray]:
    """Chance that elites notice an issue, and the share of it noticed in grid work.

    ``effort`` is the elites' effort for self-governance ``E`` and ``reporting`` the grid
    work absorbed elites spend reporting ``G`` (both per issue, in elite-equivalents); each
    unit of effort notices with ``chance`` ``c``: the elites notice with
    ``1 - (1 - c)^(E + G)``, and a noticed issue was noticed in grid work with ``G / (E + G)``
    (0 where ``E + G`` is 0), the share of the noticing effort that is grid work.
    """
    return kernels.elite_notices(
        np.asarray(effort, dtype=np.float64), np.asarray(reporting, dtype=np.float64), chance
    )


def building_effort(
    activity: np.ndarray,
    at_building: np.ndarray,
    unit: np.ndarray,
    courtyard_of: np.ndarray,
    shared: bool,
) -> np.ndarray:
    """Effort of the elites covering each building, from each elite slot's ``activity``.

    Building heads and elders (``at_building``) count at their building ``unit``; a group
    leader's ``unit`` is a courtyard, and ``courtyard_of[b]`` is each building's courtyard.
    With ``shared`` a group leader's activity is spread evenly over the courtyard's buildings
    (``a / n_b``: one person's effort, so that each building rests on its own head and
    elders); otherwise it counts in full in every building (the rule before #16).
    """
    return kernels.building_effort(
        np.asarray(activity, dtype=np.float64),
        np.asarray(at_building, dtype=np.bool_),
        np.asarray(unit, dtype=np.int64),
        np.asarray(courtyard_of, dtype=np.int64),
        bool(shared),
    )
