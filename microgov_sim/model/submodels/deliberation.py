"""Agenda, meetings and collective action (ODD 7.5-7.6) and their evaluation (ODD 7.7).

Each acting unit takes up its most pressing agenda issues, as many as its body can; every
household attends the one meeting where its stake is largest; a threshold cascade over the
meeting's ties decides who takes part; the action is held and succeeds or fails; success and
failure feed back into efficacy, trust, ties, belonging and micro-organisations. The maths
lives in :mod:`microgov_sim.model.rules` and the compiled kernels.

Imports numpy, :mod:`microgov_sim.model` modules (issues, kernels, rules, state, structure)
and the submodels community_building, resources (the fund pays for actions) and voice
(online news across units, ODD 7.4b).
"""

from __future__ import annotations

import numpy as np

from .. import kernels, rules
from ..issues import Channel, Status
from ..state import CommunityState
from ..structure import BUILDING
from . import community_building, resources
from .voice import online_information


def deliberate_and_act(s: CommunityState, p, rng: np.random.Generator, week: int) -> int:
    """Hold this week's meetings on agenda issues; return the number resolved by residents."""
    hh, iss, n = s.households, s.issues, s.n
    # Agenda preparation comes before the meeting (the first source's four stages, 议题准备、
    # 开会讨论、采取行动、效果评估): an issue raised this week is taken up from next week. Each
    # acting unit takes up its most pressing issues, as many as its body can deliberate this
    # week; micro-wishes are taken up apart, by their adopters (7.4b; agenda_capacity).
    chosen = kernels.select_agenda(
        iss.open_ids,
        iss.status,
        iss.raised,
        int(Status.AGENDA),
        week - p.agenda_preparation_weeks,
        iss.created,
        iss.stake_sum,
        n,
        *agenda_args(s, p),
    )
    if len(chosen) == 0:
        return 0
    k = len(chosen)
    group, who, best = assign_meetings(s, chosen)
    size = iss.acting_size[chosen].astype(float)
    density = np.minimum(iss.n_affected[chosen] / size, 1.0)
    drive = kernels.meeting_drive(
        who,
        group,
        best,
        rules.pivotality(size, p.households_per_doorway, p.pivotality_exponent),
        density,
        hh.willingness,
        hh.belonging,
        hh.capacity,
        hh.online,
        mobilisation(s, p, who),
        participation_cost_args(p),
        p.stake_weight,
        community_building.solidarity_of(p),  # a residents' convention (ODD 7.9b)
    )
    drive += online_information(s, p, who, week)  # news of other buildings (ODD 7.4b)
    joined, _ = rules.threshold_cascade(
        drive,
        hh.threshold[who],
        group,
        SOCIAL_REFERENCE[p.social_reference](s),
        who,
        shares=True,  # thresholds are shares of one's contacts in the meeting
        weight=p.influence_weight,
        scratch=s.scratch.household_index,
    )

    # Evaluation of each meeting.
    part, part_group = who[joined], group[joined]
    n_part = np.bincount(part_group, minlength=k)
    required = required_effort(s, p, chosen)
    own = np.bincount(part_group, weights=hh.capacity[part], minlength=k)
    # Funds and party resources are paid out for actions that go ahead (the quorum), from the
    # community fund as far as its balance reaches (ODD 7.6b), or by government per action.
    quorate = rules.action_succeeds(n_part, own, iss.n_affected[chosen], required, p.quorum_share)
    paid = resources.pay_support(s, p, resources.wanted_support(p), int(quorate[0].sum()))
    support = support_effort(p, s.admin.grid_coverage[iss.grid[chosen]], paid)[1]
    effort = own + support
    held, success = rules.action_succeeds(
        n_part, effort, iss.n_affected[chosen], required, p.quorum_share
    )
    hh.last_active[part] = week
    s.record_meetings(chosen, part, part_group, held, week)  # what the outcomes read

    won = chosen[success]
    iss.close(won, Status.RESOLVED_SELF, week)
    failed = chosen[~success]
    iss.cols["attempts"][failed] += 1
    give_up = failed[iss.attempts[failed] >= p.max_self_attempts]
    iss.cols["status"][give_up] = Status.ADMIN
    # a micro-wish keeps its channel: it stays a household's own matter (7.4b), not a shared affair
    iss.cols["channel"][give_up[iss.channel[give_up] != Channel.WISH]] = Channel.ESCALATED

    evaluate(s, p, part, part_group, success, held, won)
    return len(won)


def participation_cost_of(s: CommunityState, p, who: np.ndarray) -> np.ndarray:
    """What taking part costs households ``who`` (``rules.participation_cost``).

    Times the citizen centre's factor (ODD 7.9b), 1 without one.
    """
    hh = s.households
    return community_building.venue_cost_factor_of(p) * rules.participation_cost(
        p.participation_cost,
        hh.capacity[who],
        p.micro_autonomy,
        p.platform_cost_discount,
        hh.online[who],
        p.online_cost_discount,
    )


def participation_cost_args(p) -> tuple[float, float, float, float, float]:
    """The scalars of :func:`participation_cost_of`, as kernels take them.

    The citizen centre's factor, then those of ``kernels.participation_cost``.
    """
    return (
        float(community_building.venue_cost_factor_of(p)),
        float(p.participation_cost),
        float(p.micro_autonomy),
        float(p.platform_cost_discount),
        float(p.online_cost_discount),
    )


def support_effort(p, coverage: np.ndarray, paid: float = 1.0) -> tuple[float, np.ndarray]:
    """Effort put into residents' action from outside (ODD 7.6), in grids of ``coverage``.

    Returns the funded part (micro-project funds and party resources, paid per action held;
    ``paid`` is the share of it the community fund pays, ODD 7.6b) and the whole support,
    which adds supportive officers' time in the issue's grid.
    """
    funded = paid * resources.wanted_support(p)
    return funded, funded + p.officer_support_effort * p.admin_support_share * coverage


def required_effort(s: CommunityState, p, ids: np.ndarray) -> np.ndarray:
    """Effort the collective action on each issue needs (ODD 7.6)."""
    iss = s.issues
    return p.effort_per_stakeholder * iss.severity[ids] * iss.n_affected[ids]


def agenda_capacity(s: CommunityState, p, ranked: np.ndarray) -> np.ndarray:
    """Agenda items the acting unit of each issue in ``ranked`` can take up this week.

    ``1 + floor(agenda_capacity · n_u / households_per_doorway · ō_u)``, with ``ō_u`` the mean
    micro-organisation strength over the unit's households: a larger and better organised
    body has more organisers and can deliberate more affairs at once (organisational
    resources, McCarthy & Zald 1977), so no unit is capped at one issue a week. A unit meets
    only if it has a body of its own (``ō_u ≥ committee_body_threshold``) or the committee
    convened it this week (``committee_convened``, ODD 7.9a); otherwise it takes up none.
    Micro-wishes are the exception: the party member who adopted one carries it (认领, ODD
    7.4b), with the building's party group as its body, so a unit takes up its own capacity
    of wishes, ranked apart from its other affairs, whether or not it has a body. Compiled:
    ``kernels.agenda_capacities``.
    """
    return kernels.agenda_capacities(np.asarray(ranked, dtype=np.int64), *agenda_args(s, p))


def agenda_args(s: CommunityState, p) -> tuple:
    """What :func:`agenda_capacity` reads, as ``kernels.agenda_capacities`` takes it."""
    iss, nb = s.issues, s.neighbourhood
    return (
        iss.acting_level,
        iss.acting_unit,
        iss.channel,
        int(Channel.WISH),
        nb.level_offset,
        nb.flat_starts,
        nb.flat_sizes,
        s.units.org_strength,
        nb.unit_of[BUILDING],
        s.admin.committee_convened,
        float(p.agenda_capacity),
        float(p.households_per_doorway),
        float(p.committee_body_threshold),
    )


def assign_meetings(s: CommunityState, chosen: np.ndarray):
    """Each household attends one meeting: where its stake is largest, else the closest.

    A household affected by some chosen issue attends the meeting on the one where its stake
    is largest (the most pressing among equals); any other member of a unit holding a meeting
    attends the most pressing meeting of its smallest such unit. ``chosen`` is ordered most
    pressing first within each unit. Returns, for the members of some meeting (``who``,
    sorted), their meeting (an index into ``chosen``) and their stake in its issue.
    """
    iss, nb = s.issues, s.neighbourhood
    acting_level = iss.acting_level[chosen]
    focal, best = kernels.assign_meetings(
        s.n,
        acting_level.astype(np.int64),
        nb.flat_index(acting_level, iss.acting_unit[chosen]),
        nb.flat_starts,
        nb.flat_sizes,
        iss.pair_start[chosen],
        iss.pair_end[chosen],
        iss.pair_household,
        iss.pair_stake,
    )
    who = np.flatnonzero(focal >= 0)
    return focal[who], who, best[who]


def mobilisation(s: CommunityState, p, who: np.ndarray) -> np.ndarray:
    """Drive added by recruitment to households ``who`` (sorted): being asked, and initiative.

    ``mobilisation_weight · asked + elite_initiative · activity`` (the latter for an elite's own
    household). People take part when they are asked (Rosenstone & Hansen 1993; Verba,
    Schlozman & Brady 1995), and a mobilisation attempt reaches only part of those it could
    (Klandermans & Oegema 1987), so ``asked`` is the chance of being asked by at least one
    recruiter, not a sum over them: ``1 - (1 - e)(1 - o)(1 - q)(1 - g)`` with

    * ``e``, the chance of being asked by the elites one has a tie to: elites recruit through
      their own acquaintances (:func:`elite_asked`);
    * ``o = min(1, org_mobilisation · o_b)``, the reach of the micro-organisation of one's
      building (strength ``o_b``);
    * ``q = min(1, party_embedding · (party_reach + party_mobilisation · member))``, building
      party groups and, for party members, the branch's call;
    * ``g = min(1, officer_mobilisation · c)``, grid officers' calls in a grid of coverage
      ``c``: grid management relies on government-led mobilisation and absorption into
      participation (the first source's 依靠政府主导的动员和吸纳参与策略).
    """
    el, hh, nb = s.elites, s.households, s.neighbourhood
    return kernels.mobilisation(
        who,
        elite_total(s, p),
        p.elite_asks == "capped_sum",
        p.elite_mobilisation,
        nb.unit_of[BUILDING],
        s.units.org_strength,
        hh.party,
        nb.grid_of,
        s.admin.grid_coverage,
        el.home,
        el.activity(),
        p.mobilisation_weight,
        p.org_mobilisation,
        p.party_embedding,
        p.party_reach,
        p.party_mobilisation,
        p.officer_mobilisation,
        p.elite_initiative,
        s.scratch.household_index,
    )


def elite_asked(s: CommunityState, p) -> np.ndarray:
    """Per household, the chance of being asked to take part by the elites it has a tie to.

    ``elite_asks`` 'at_least_one': ``1 - Π_k (1 - elite_mobilisation · a_k)`` over the present
    elites ``k`` one has a tie to, each asking their own contacts independently
    (:func:`rules.chance_of_any`), so that no elite's asking is masked by another's and an
    absorbed elite's contacts lose what that elite gave them; 'capped_sum':
    ``min(1, elite_mobilisation · Σ_k a_k)`` (:func:`elite_reach`, the rule before #16).
    """
    capped = p.elite_asks == "capped_sum"
    return kernels.asked_by_elites_of(elite_total(s, p), capped, p.elite_mobilisation)


def elite_total(s: CommunityState, p) -> np.ndarray:
    """What :func:`kernels.asked_by_elites` sums per household, by ``elite_asks``."""
    if p.elite_asks == "capped_sum":
        return elite_reach(s)
    return elite_sum(s, rules.log_miss(p.elite_mobilisation * activity(s)))


def activity(s: CommunityState) -> np.ndarray:
    """Each elite slot's activity: what grid work leaves an absorbed elite (0 when vacant)."""
    return s.elites.activity()


def elite_sum(s: CommunityState, value: np.ndarray) -> np.ndarray:
    """Per household, the sum of ``value`` (one per elite slot) over the elites it has a tie to.

    A vacant position reaches nobody.
    """
    net = s.network
    return kernels.elite_contact_sum(s.n, net.indptr, net.indices, s.elites.home, value)


def elite_reach(s: CommunityState) -> np.ndarray:
    """Per household, the summed activity of the present elites it has a tie to.

    An absorbed elite's activity is what grid work leaves (``Elites.activity``); a vacant
    position reaches nobody.
    """
    return elite_sum(s, activity(s))


def tie_view(s: CommunityState) -> rules.TieView:
    """The network's ties with their current strengths, as the cascade reads them.

    Influence flows along ties between two members of the same meeting, weighted by the
    tie's current strength (``social_reference`` 'network'; with 'group' every other joiner
    of one's meeting counts, ties or not: a fully mixed crowd).
    """
    net, ties = s.network, s.ties
    return rules.TieView(
        net.indptr,
        net.indices,
        net.edge_of_entry,
        ties.baseline,
        ties.stored,
        ties.stamp,
        ties.decay_table(),
        ties.clock,
    )


# Whose taking part counts toward a household's threshold, by ``social_reference``: one's
# contacts in the meeting by tie strength, or every other joiner of the meeting (no ties).
SOCIAL_REFERENCE = {"network": tie_view, "group": lambda _s: None}


def evaluate(s: CommunityState, p, part, part_group, success, held, won) -> None:
    """Feedback of meetings into efficacy, trust, ties, organisations (ODD 7.7).

    ``part`` are the participants (sorted) and ``part_group`` their meetings. Feedback runs
    both ways: those who came to a meeting that missed its quorum or whose action failed lose
    efficacy and trust, and their ties erode; success raises them (the virtuous and vicious
    circles of collective efficacy, Sampson et al. 1997; Bandura 2000).
    """
    hh, net, iss, scratch = s.households, s.network, s.issues, s.scratch
    grow, erode = kernels.evaluate_meetings(
        part,
        part_group,
        success,
        hh.efficacy,
        hh.trust,
        hh.dependency,
        hh.capacity,
        hh.belonging,
        p.learning_rate,
        p.capacity_learning,
        net.indptr,
        net.indices,
        net.edge_of_entry,
        scratch.household_index,
        scratch.household_flag,
        iss.pair_start[won],
        iss.pair_end[won],
        iss.pair_household,
        s.neighbourhood.unit_of[BUILDING],
        s.units.org_strength,
        p.org_success_gain,
        scratch.building_flag,
    )
    s.ties.grow(grow, p.tie_growth)  # ties between co-participants of one meeting
    s.ties.erode(erode, p.tie_erosion)
