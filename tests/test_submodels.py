"""The submodels on a bare state, without Mesa: the model is only their wiring."""

import numpy as np
import pandas as pd
import pytest

from microgov_sim import MicroGovModel
from microgov_sim.model.initialisation import initial_state
from microgov_sim.model.issues import Channel, Route, Stage, Status, is_shared
from microgov_sim.model.outcomes import Outcomes
from microgov_sim.model.params import validate_params
from microgov_sim.model.submodels import (
    administration,
    arrival,
    attitudes,
    committee,
    community_building,
    deliberation,
    demand,
    drift,
    institutions,
    mobility,
    raising,
    resources,
    voice,
)

PARAMS = {"n_households": 400, "mobility_rate": 0.01, "admin_penetration": 0.5}


def bare_run(params: dict, seed: int, weeks: int) -> list[dict]:
    """The schedule of ODD 3 on a state alone; the outcomes of each week from week 0."""
    p = validate_params(params)
    rng = np.random.default_rng(seed)
    s = initial_state(p, rng)
    outcomes = Outcomes(s, p)
    rows = [outcomes.measure(s, p, 0, 0, 0, 0, 0)]
    for week in range(1, weeks + 1):
        mobility.move_households(s, p, rng, week)
        attitudes.update_attitudes(s, p, rng, week)
        arrival.arise_issues(s, p, rng, week)
        filed = demand.file_requests(s, p, rng, week)
        wishes = voice.voice_and_wish(s, p, rng, week)
        raised = filed + raising.raise_issues(s, p, rng, week) + wishes
        mediated = committee.act(s, p, rng, week)
        resolved_self = deliberation.deliberate_and_act(s, p, rng, week) + mediated
        resolved_admin = administration.dispose_administratively(s, p, rng, week)
        lapsed = drift.lapse_issues(s, p, rng, week)
        resources.collect_resources(s, p, rng, week)
        committee.load_committee(s, p, rng, week)
        institutions.update_burden(s, p, rng, week)
        institutions.incubate(s, p, rng, week)
        community_building.build_community(s, p, rng, week)
        drift.drift(s, p, rng, week)
        rows.append(outcomes.measure(s, p, week, raised, resolved_self, resolved_admin, lapsed))
    return rows


def test_the_submodels_alone_reproduce_the_model_exactly():
    rows = bare_run(PARAMS, seed=11, weeks=30)
    model = MicroGovModel(rng=11, **PARAMS)
    model.run_for(30)
    table = model.datacollector.get_model_vars_dataframe()
    assert len(rows) == len(table)
    bare = pd.DataFrame(rows).astype(float)
    pd.testing.assert_frame_equal(bare, table.astype(float), check_exact=True)  # NaNs too


def small_state(seed=3, **params):
    p = validate_params({"n_households": 200, **params})
    rng = np.random.default_rng(seed)
    return initial_state(p, rng), p, rng


def test_mobility_gives_newcomers_no_ties_and_vacates_their_elite_positions():
    s, p, rng = small_state(mobility_rate=0.3)
    tenure_before = s.households.tenure.copy()
    movers, vacated = mobility.move_households(s, p, rng, 1)
    assert len(movers) > 0
    assert np.all(s.households.tenure[movers] == 0)
    stayers = np.setdiff1d(np.arange(s.n), movers)
    assert np.allclose(s.households.tenure[stayers], tenure_before[stayers] + 1)
    theirs = np.isin(s.network.src, movers) | np.isin(s.network.dst, movers)
    assert theirs.any()
    assert np.all(s.ties.values()[theirs] == 0)
    assert np.all(s.elites.home[vacated] == -1)
    assert not np.isin(s.elites.home, movers).any()


def test_arrival_then_raising_routes_every_raised_issue_to_one_line():
    s, p, rng = small_state(issue_rate_doorway=0.5)
    arrival.arise_issues(s, p, rng, 1)
    new = s.issues.open_with_status(Status.NEW)
    assert len(new) > 0
    raised = raising.raise_issues(s, p, rng, 1)
    status = s.issues.status[new]
    assert raised == int(np.isin(status, (Status.AGENDA, Status.ADMIN)).sum())
    assert np.all(s.issues.raised[new][status != Status.NEW] == 1)


def test_administration_pays_for_every_officer_even_with_no_queue():
    s, p, rng = small_state(admin_penetration=1.0)
    assert s.admin.n_officers == s.neighbourhood.n_grids
    resolved = administration.dispose_administratively(s, p, rng, 1)
    assert resolved == 0
    gov, n_grids = s.government, s.neighbourhood.n_grids
    supervisors = administration.supervisors_needed(
        s.admin.n_officers, n_grids, p.span_of_control, p.supervision_layers, p.coordination_load
    )
    assert supervisors > 0
    capital = p.capital_cost * n_grids
    platform = capital * (p.depreciation_rate + p.maintenance_rate) + p.platform_cost * n_grids
    fixed = (s.admin.n_officers + supervisors) * p.officer_cost + platform
    assert gov.admin_cost == pytest.approx(fixed)
    assert gov.officer_cost + gov.supervision_cost + gov.platform_cost == pytest.approx(fixed)
    assert gov.disposal_cost == 0.0


def test_supervision_is_layered_and_convex_in_officers():
    # One layer, no coordination: officers / span; each layer divides the one below by span.
    assert administration.supervisors_needed(10, 10, 5.0, 1, 0.0) == pytest.approx(2.0)
    assert administration.supervisors_needed(10, 10, 5.0, 2, 0.0) == pytest.approx(2.4)
    assert administration.supervisors_needed(10, 10, 5.0, 0, 1.0) == 0.0
    # With coordination, layer 1 is O (1 + load O / grids) / span: 10 (1 + 1) / 5 = 4.
    assert administration.supervisors_needed(10, 10, 5.0, 1, 1.0) == pytest.approx(4.0)
    per_officer = [administration.supervisors_needed(o, 30, 5.0, 3, 1.0) / o for o in (5, 15, 30)]
    assert per_officer[0] < per_officer[1] < per_officer[2]  # grows faster than the officers


def test_capital_stays_when_coverage_is_cut_and_wears_out_only():
    k, invest = administration.install_capital(0.0, 100.0, 0.01)
    assert (k, invest) == (100.0, 100.0)
    k, invest = administration.install_capital(k, 100.0, 0.01)
    assert k == pytest.approx(100.0)
    assert invest == pytest.approx(1.0)
    k, invest = administration.install_capital(k, 0.0, 0.01)
    assert k == pytest.approx(99.0)
    assert invest == 0.0


def test_budget_ratchet_rises_at_once_and_falls_slowly():
    assert administration.ratchet(10.0, 20.0, 0.1) == 20.0
    assert administration.ratchet(20.0, 10.0, 0.1) == pytest.approx(19.0)
    assert administration.ratchet(20.0, 10.0, 1.0) == 10.0


def test_cost_after_withdrawal_falls_slowly_by_line():
    s, p, _rng = small_state(admin_penetration=1.0)
    p.grid_coverage = 0.0
    s.admin.assign_officers(administration.officers_wanted(s, p))
    administration.pay_administration(s, p)
    gov, adm = s.government, s.admin
    n_grids = s.neighbourhood.n_grids
    assert adm.paid_officers == pytest.approx(n_grids * (1 - p.budget_downward_rate))
    assert adm.capital == pytest.approx(p.capital_cost * n_grids * (1 - p.depreciation_rate))
    assert gov.officer_cost == pytest.approx(adm.paid_officers * p.officer_cost)
    assert gov.platform_cost == pytest.approx(p.maintenance_rate * adm.capital)
    assert gov.supervision_cost > 0


# ---------------------------------------------------------------- community fund (ODD 7.6b)
def test_social_inflow_is_proportional_to_organisation_and_trust():
    assert resources.social_inflow(2.0, 3000, 0.5, 0.4) == pytest.approx(1.2)
    assert resources.social_inflow(2.0, 3000, 0.0, 0.9) == 0.0
    assert resources.social_inflow(0.0, 3000, 1.0, 1.0) == 0.0


def test_governance_power_is_own_resources_over_need_capped_at_one():
    assert resources.governance_power(1.0, 4.0) == pytest.approx(0.25)
    assert resources.governance_power(8.0, 4.0) == 1.0
    assert resources.governance_power(0.0, 4.0) == 0.0
    assert resources.governance_power(0.5, 0.0) == 1.0  # nothing needed: own means full power
    assert resources.governance_power(0.0, 0.0) == 0.0


def test_the_government_starter_tapers_to_its_floor_as_own_resources_grow():
    need = 10.0
    offered = [resources.government_allocation(1.0, need, g, 0.25) for g in (0, 0.5, 0.75, 1)]
    assert offered == pytest.approx([10.0, 5.0, 2.5, 2.5])
    assert resources.government_allocation(1.0, need, 0.9, 1.0) == pytest.approx(10.0)  # off
    assert resources.government_allocation(0.0, need, 0.0, 0.25) == 0.0


def test_the_fund_fills_up_to_its_cap_own_resources_first():
    assert resources.fill_fund(0.0, 2.0, 3.0, 100.0) == pytest.approx((5.0, 2.0, 3.0))
    # near the cap the government pays only into the room left by own resources
    assert resources.fill_fund(96.0, 2.0, 3.0, 100.0) == pytest.approx((100.0, 2.0, 2.0))
    assert resources.fill_fund(99.0, 2.0, 3.0, 100.0) == pytest.approx((100.0, 1.0, 0.0))
    assert resources.fill_fund(120.0, 2.0, 3.0, 100.0) == pytest.approx((120.0, 0.0, 0.0))


def test_the_fund_pays_as_far_as_its_balance_reaches_never_overdrawn():
    assert resources.paid_share(10.0, 4.0) == 1.0
    assert resources.paid_share(1.0, 4.0) == pytest.approx(0.25)
    assert resources.paid_share(0.0, 4.0) == 0.0
    assert resources.paid_share(0.0, 0.0) == 1.0  # nothing wanted: nothing is missing
    s, p, _rng = small_state()
    s.fund.balance = 3.0
    share = resources.pay_support(s, p, 1.5, 4)  # wants 1.0 x 1.5 x 4 = 6
    assert share == pytest.approx(0.5)
    assert s.fund.balance == 0.0
    assert s.fund.outflow == pytest.approx(3.0)
    assert s.fund.paid_share == pytest.approx(0.5)
    assert resources.pay_support(s, p, 1.5, 2) == 0.0  # empty: the funded effort falls to 0
    assert s.fund.balance == 0.0
    assert s.government.support_cost == 0.0  # the government pays only its allocation


def test_without_the_fund_the_government_pays_every_action():
    s, p, _rng = small_state(support_funding="per_action")
    assert resources.pay_support(s, p, 1.5, 4) == 1.0
    assert s.government.support_cost == pytest.approx(p.support_cost * 1.5 * 4)
    assert s.fund.balance == 0.0
    resources.collect_resources(s, p, None, 1)
    assert (s.fund.balance, s.fund.power, s.fund.paid_share) == (0.0, 0.0, 1.0)


def test_collecting_resources_pays_the_tapered_starter_and_own_resources():
    s, p, _rng = small_state(fund_reserve_weeks=1000.0)
    need = resources.support_need(s, p)
    assert need == pytest.approx(
        p.support_cost * resources.wanted_support(p) * p.fund_reference_actions * s.n / 1000
    )
    own = resources.social_inflow(
        p.social_resource_rate, s.n, s.units.org_strength.mean(), s.households.trust.mean()
    )
    resources.collect_resources(s, p, None, 1)
    power = min(1.0, own / need)
    government = need * max(p.fund_taper_floor, 1.0 - power)
    assert s.fund.power == pytest.approx(power)
    assert s.fund.balance == pytest.approx(own + government)
    assert s.government.support_cost == pytest.approx(government)
    assert s.fund.own_share == pytest.approx(own / (own + government))
    assert (s.fund.inflow_own, s.fund.inflow_government) == pytest.approx((own, government))


def test_brokering_raises_the_success_of_what_the_community_escalates_only():
    chance = np.array([0.2, 0.6, 1.0])
    assert resources.brokered_chance(chance, 0.5, 0.5) == pytest.approx([0.4, 0.7, 1.0])
    assert resources.brokered_chance(chance, 0.0, 0.5) == pytest.approx(chance)
    assert resources.brokered_chance(chance, 1.0, 0.0) == pytest.approx(chance)
    s, p, rng = small_state(issue_rate_doorway=0.5)
    arrival.arise_issues(s, p, rng, 1)
    raising.raise_issues(s, p, rng, 1)
    ids = np.flatnonzero(s.issues.route != Route.NONE)[:4]
    s.issues.cols["route"][ids] = [Route.COMMITTEE, Route.COMMITTEE, Route.SELF, Route.GOVERNMENT]
    # escalated by the committee; still with it; residents' own escalation; a request
    s.issues.cols["committee_stage"][ids] = [Stage.ESCALATED, Stage.MEDIATED, 0, 0]
    s.issues.cols["channel"][ids[2]] = Channel.ESCALATED
    s.fund.power = 0.5
    base = np.full(4, 0.2)
    assert resources.broker(s, p, ids, base) == pytest.approx([0.4, 0.2, 0.2, 0.2])
    s.fund.power = 0.0
    assert resources.broker(s, p, ids, base) is base


def test_the_fund_changes_the_model_and_per_action_is_the_rule_before_it():
    on = bare_run({**PARAMS, "micro_autonomy": 0.8, "party_embedding": 0.8}, seed=5, weeks=60)
    off = bare_run(
        {**PARAMS, "micro_autonomy": 0.8, "party_embedding": 0.8, "support_funding": "per_action"},
        seed=5,
        weeks=60,
    )
    on, off = pd.DataFrame(on), pd.DataFrame(off)
    assert (off["fund_balance"] == 0).all()
    assert (off["governance_power"] == 0).all()
    # without the fund the government pays a whole number of actions at the wanted support
    actions = off["support_cost"].iloc[-1] / (0.8 * 1.0 + 0.8 * 0.5)
    assert actions > 0
    assert actions == pytest.approx(round(actions))
    assert (on["fund_balance"] >= 0).all()  # never overdrawn
    assert on["governance_power"].iloc[-1] > 0
    assert not on["support_cost"].equals(off["support_cost"])


def test_the_fund_balance_survives_a_spin_up_and_its_counters_restart():
    model = MicroGovModel(rng=4, spinup_weeks=60, n_households=300, micro_autonomy=0.8)
    fund = model.state.fund
    assert fund.balance > 0
    assert fund.power > 0
    assert (fund.inflow_government, fund.inflow_own, fund.outflow) == (0.0, 0.0, 0.0)
    assert model.state.government.support_cost == 0.0
    assert model.datacollector.get_model_vars_dataframe()["fund_balance"].iloc[0] == fund.balance


def test_assigning_officers_covers_each_grid_once():
    s, _, _ = small_state(admin_penetration=0.0)
    n_grids = s.neighbourhood.n_grids
    assert s.admin.n_officers == 0
    assert s.admin.assign_officers(2)
    assert not s.admin.assign_officers(2)
    assert set(s.admin.grid_officer) == {0, 1}
    per_officer = np.bincount(s.admin.grid_officer, weights=s.admin.grid_coverage)
    assert per_officer == pytest.approx([1.0, 1.0])  # each officer's attention sums to one
    assert s.admin.assign_officers(0)
    assert np.all(s.admin.grid_officer == -1)
    assert len(s.admin.grid_coverage) == n_grids


def test_incubation_strengthens_one_building_per_compound_where_stake_is():
    s, p, rng = small_state(party_embedding=1.0, incubation_rate=0.1)
    before = s.units.org_strength.copy()
    s.units.burden[:] = 0.0
    s.units.burden[0] = 1.0  # only the first building has open stakes
    institutions.incubate(s, p, rng, 1)
    grew = np.flatnonzero(s.units.org_strength > before)
    assert list(grew) == [0] or (before[0] == 1.0 and len(grew) == 0)
    assert s.units.branch_incubations[0] == 1


def test_every_social_reference_has_an_influence_rule():
    from microgov_sim.model.params import SOCIAL_REFERENCES

    assert set(deliberation.SOCIAL_REFERENCE) == set(SOCIAL_REFERENCES)


# ---- the residents' committee (ODD 7.9a) ---------------------------------------------------
COMMITTEE_OFF = {
    "committee_base_duties": 0.0,
    "committee_body_threshold": 0.0,
    "mediation_success": 0.0,
    "escalation_cost": 0.0,
}


def test_delegated_share_grows_with_the_duties_from_6_to_16():
    assert committee.delegated_share(0.8, 0.0, 6.0) == pytest.approx(0.8 * 6 / 16)
    assert committee.delegated_share(0.8, 1.0, 6.0) == pytest.approx(0.8)
    assert committee.delegated_share(0.8, 0.5, 6.0) == pytest.approx(0.8 * 11 / 16)
    assert committee.delegated_share(0.8, 0.3, 0.0) == pytest.approx(0.8 * 0.3)  # before #16
    assert committee.delegated_share(0.0, 1.0, 6.0) == 0.0


def test_capacity_goes_to_tasks_in_priority_order_without_skipping_ahead():
    taken, left = committee.allocate_capacity(3.5, [np.ones(2), np.full(3, 1.0)])
    assert [list(m) for m in taken] == [[True, True], [True, False, False]]
    assert left == pytest.approx(0.5)
    # the most pressing task does not fit: nothing after it in its kind is taken, later kinds
    # get what is left
    taken, left = committee.allocate_capacity(1.5, [np.array([2.0, 1.0]), np.array([1.0])])
    assert [list(m) for m in taken] == [[False, False], [True]]
    assert left == pytest.approx(0.5)
    # tasks that cost nothing are always taken, even with no capacity
    taken, left = committee.allocate_capacity(0.0, [np.ones(2), np.zeros(3)])
    assert [list(m) for m in taken] == [[False, False], [True, True, True]]
    assert left == 0.0
    taken, left = committee.allocate_capacity(2.0, [np.zeros(0)])
    assert len(taken[0]) == 0
    assert left == 2.0


def agenda_in_a_weak_building(**params):
    s, p, rng = small_state(micro_autonomy=0.1, **params)
    s.units.org_strength[:] = 0.1  # no building has a body of its own
    ida = arrival.inject_issue(s, p, 0, "building", 0, severity=0.8)
    return s, p, rng, ida


@pytest.mark.parametrize(
    ("params", "taken_up"),
    [
        ({"committee_capacity": 0.0}, False),  # no one to convene it: the issue waits
        ({"committee_capacity": 1000.0}, True),  # the committee convenes the building
        ({"committee_capacity": 0.0, "committee_body_threshold": 0.0}, True),  # off: as before
    ],
)
def test_a_unit_without_a_body_meets_only_when_the_committee_convenes_it(params, taken_up):
    s, p, rng, ida = agenda_in_a_weak_building(**params)
    committee.act(s, p, rng, 1)
    assert s.admin.committee_meetings == (1 if taken_up and p.committee_body_threshold else 0)
    deliberation.deliberate_and_act(s, p, rng, 1)
    assert bool(s.issues.n_meetings[ida] == 1) == taken_up


def test_convening_spends_capacity_and_leaves_less_for_reports():
    s, p, rng, _ = agenda_in_a_weak_building(committee_capacity=1000.0)
    before = s.admin.committee_free_share
    committee.act(s, p, rng, 1)
    spent = 1.0 / (p.committee_capacity * s.n / 1000.0)  # one meeting of one work unit
    assert s.admin.committee_task_share == pytest.approx(spent)
    assert s.admin.committee_free_share == pytest.approx(before - spent)


def committee_issue(kind: int, **params):
    """A state with one issue in the committee's hands (route committee) in the queue."""
    s, p, rng = small_state(**params)
    ida = arrival.inject_issue(s, p, 0, "building", 0, kind=kind, on_agenda=False)
    s.issues.cols["status"][ida] = Status.ADMIN
    s.issues.cols["route"][ida] = Route.COMMITTEE
    s.issues.cols["raised"][ida] = 0
    return s, p, rng, ida


@pytest.mark.parametrize(("capacity", "escalated"), [(0.0, False), (1000.0, True)])
def test_issues_in_the_committees_hands_wait_until_it_escalates_them(capacity, escalated):
    s, p, rng, ida = committee_issue(kind=0, committee_capacity=capacity)
    queue = s.issues.open_with_status(Status.ADMIN)
    assert ida not in committee.in_queue(s, queue)
    committee.act(s, p, rng, 1)
    assert bool(ida in committee.in_queue(s, queue)) == escalated
    # off: escalation costs nothing, so it reaches the departments at once
    s, p, rng, ida = committee_issue(kind=0, committee_capacity=0.0, escalation_cost=0.0)
    committee.act(s, p, rng, 1)
    assert ida in committee.in_queue(s, s.issues.open_with_status(Status.ADMIN))


@pytest.mark.parametrize(("success", "settled"), [(1.0, True), (0.0, False)])
def test_the_committee_mediates_a_neighbour_dispute_before_escalating_it(success, settled):
    s, p, rng, ida = committee_issue(
        kind=committee.DISPUTE, committee_capacity=1000.0, mediation_success=success
    )
    assert committee.act(s, p, rng, 1) == int(settled)
    status = s.issues.status[ida]
    assert bool(status == Status.RESOLVED_SELF) == settled
    # not settled: mediation off, so it is escalated as any other issue
    stage = s.issues.committee_stage[ida]
    assert stage == (Stage.MEDIATED if settled else Stage.ESCALATED)
    assert s.admin.committee_mediated == int(settled)


SENT_TO_GOVERNMENT = {
    "residents' route": (Route.GOVERNMENT, Channel.ELITE),
    "officer's take-over": (Route.OFFICER_HANDLED, Channel.GRID_OFFICER),
    "absorbed elite's report": (Route.ADMINISTRATIVISED, Channel.ELITE),
    "residents' escalation": (Route.SELF, Channel.ESCALATED),
}


@pytest.mark.parametrize(("route", "channel"), SENT_TO_GOVERNMENT.values(), ids=SENT_TO_GOVERNMENT)
def test_the_committee_mediates_only_the_disputes_in_its_hands(route, channel):
    # a dispute sent to government is the departments' to dispose of, never self-resolved
    s, p, rng, ida = committee_issue(kind=committee.DISPUTE, committee_capacity=1000.0)
    s.issues.cols["route"][ida] = route
    s.issues.cols["channel"][ida] = channel
    s.issues.cols["committee_stage"][ida] = Stage.UNTOUCHED
    assert committee.act(s, p, rng, 1) == 0
    assert s.issues.status[ida] == Status.ADMIN
    assert s.issues.committee_stage[ida] == Stage.UNTOUCHED
    assert ida in committee.in_queue(s, s.issues.open_with_status(Status.ADMIN))


def test_a_whole_budget_makes_no_draw():
    # capacity 0 (and any whole budget) spends no random number on the fractional work unit
    s, p, rng, _ = committee_issue(kind=0, committee_capacity=0.0)
    before = rng.bit_generator.state
    committee.act(s, p, rng, 1)
    assert rng.bit_generator.state == before


def test_administrative_resolutions_split_into_shared_affairs_and_own_matters():
    params = {**PARAMS, "admin_penetration": 1.0, "request_rate": 0.1, "party_embedding": 0.8}
    p = validate_params(params)
    rng = np.random.default_rng(4)
    s = initial_state(p, rng)
    for week in range(1, 41):
        arrival.arise_issues(s, p, rng, week)
        demand.file_requests(s, p, rng, week)
        voice.voice_and_wish(s, p, rng, week)
        raising.raise_issues(s, p, rng, week)
        administration.dispose_administratively(s, p, rng, week)
    iss, gov = s.issues, s.government
    won = iss.status == Status.RESOLVED_ADMIN
    own = won & ~is_shared(iss.channel)
    assert gov.own_resolved == np.count_nonzero(own) > 0  # requests and wishes
    assert gov.admin_resolved == np.count_nonzero(won & ~own) > 0
    assert gov.admin_cost_per_disposal == pytest.approx(gov.admin_cost / np.count_nonzero(won))
    assert gov.admin_cost_per_disposal < gov.admin_cost_per_resolved


def test_without_capacity_a_dispute_waits_for_mediation():
    s, p, rng, ida = committee_issue(kind=committee.DISPUTE, committee_capacity=0.0)
    assert committee.act(s, p, rng, 1) == 0
    assert s.issues.committee_stage[ida] == Stage.UNTOUCHED
    assert ida not in committee.in_queue(s, s.issues.open_with_status(Status.ADMIN))


def test_the_committee_off_makes_its_capacity_irrelevant():
    runs = [
        pd.DataFrame(bare_run({**PARAMS, **COMMITTEE_OFF, "committee_capacity": c}, 5, 40))
        for c in (0.0, 3.0, 1000.0)
    ]
    assert runs[0]["committee_meetings"].sum() == 0
    for other in runs[1:]:
        pd.testing.assert_frame_equal(runs[0], other, check_exact=True)
    # on, capacity matters
    on = [pd.DataFrame(bare_run({**PARAMS, "committee_capacity": c}, 5, 40)) for c in (0.0, 1000.0)]
    assert on[0]["committee_meetings"].sum() == 0 < on[1]["committee_meetings"].sum()
    assert not on[0]["backlog"].equals(on[1]["backlog"])


def test_request_chance_is_rate_times_dependency_times_reach_at_most_one_a_week():
    chance = demand.request_chance(0.5, np.array([0.0, 1.0, 0.5, 1.0]), np.array([1, 1, 1, 0.0]))
    assert chance == pytest.approx([0.0, 1 - np.exp(-0.5), 1 - np.exp(-0.25), 0.0])
    assert np.all(demand.request_chance(0.0, np.ones(3), np.ones(3)) == 0.0)  # off
    assert demand.request_chance(100.0, np.ones(1), np.ones(1))[0] == pytest.approx(1.0)
    p = validate_params({"grid_coverage": 0.5, "officer_takeover": 0.4, "admin_support_share": 0.5})
    assert demand.request_reach(np.array([1.0, 0.5]), p) == pytest.approx([0.2, 0.1])


def test_requests_go_straight_to_the_queue_one_open_per_household():
    s, p, rng = small_state(admin_penetration=1.0, request_rate=1.0)
    s.households.dependency[:] = 1.0
    s.households.dependency[:10] = 0.0  # not dependent: never asks
    filed = demand.file_requests(s, p, rng, 1)
    ids = s.issues.open_with_status(Status.ADMIN)
    assert filed == len(ids) == s.government.requests_filed > 0
    iss = s.issues
    assert np.all(iss.channel[ids] == Channel.REQUEST)
    assert np.all(iss.route[ids] == Route.GOVERNMENT)
    assert np.all(iss.raised[ids] == 1)
    assert np.all(iss.n_affected[ids] == 1)
    assert np.all(iss.level[ids] == 0)  # a matter of the household, in its doorway
    who = iss.pair_household[iss.pair_start[ids]]
    assert len(np.unique(who)) == filed
    assert not np.isin(np.arange(10), who).any()
    # a household whose request is still open files no other
    again = demand.file_requests(s, p, rng, 2)
    assert again > 0
    later = iss.open_ids[iss.raised[iss.open_ids] == 2]
    assert len(later) == again
    assert not np.isin(iss.pair_household[iss.pair_start[later]], who).any()


def test_request_rate_zero_removes_requests_and_their_draws():
    p = validate_params({"n_households": 200, "request_rate": 0.0, "admin_penetration": 1.0})
    s = initial_state(p, np.random.default_rng(3))
    rng = np.random.default_rng(5)
    assert demand.file_requests(s, p, rng, 1) == 0
    assert rng.random() == np.random.default_rng(5).random()  # nothing drawn
    model = MicroGovModel(rng=4, n_households=300, admin_penetration=1.0, request_rate=0.0)
    model.run_for(40)
    assert model.requests_filed == 0
    assert not (model.issues.channel == Channel.REQUEST).any()
    on = MicroGovModel(rng=4, n_households=300, admin_penetration=1.0)
    on.run_for(40)
    assert on.requests_filed == int((on.issues.channel == Channel.REQUEST).sum()) > 0


# ---- micro-wishes and online voice (ODD 7.4b) ---------------------------------------------


def test_voice_chance_is_for_online_users_and_rises_in_willingness():
    online = np.array([True, True, False])
    chance = voice.voice_chance(online, np.array([0.2, 0.8, 1.0]), 0.5)
    np.testing.assert_allclose(chance, [0.1, 0.4, 0.0])


def test_other_member_never_draws_the_own_member_and_covers_the_rest():
    u = np.linspace(0.0, 0.999, 400)
    own = np.full(400, 2)
    drawn = voice.other_member(own, np.full(400, 5), u)
    assert set(drawn) == {0, 1, 3, 4}
    assert list(voice.other_member(np.array([0, 1]), np.array([2, 2]), np.array([0.0, 0.99]))) == [
        1,
        0,
    ]


def test_elsewhere_share_counts_online_actives_of_the_compound_outside_the_building():
    # two buildings in compound 0 (households 0-1, 2-4), one building in compound 1 (5)
    inner = np.array([0, 0, 1, 1, 1, 2])
    outer = np.array([0, 0, 0, 0, 0, 1])
    online = np.array([True, True, True, True, False, True])
    active = np.array([True, False, True, False, True, True])
    share = voice.elsewhere_share(active, online, inner, outer)
    # building 0 sees building 1's two online households, one active; building 1 sees
    # building 0's two, one active; the lone building of compound 1 sees nobody
    np.testing.assert_allclose(share, [0.5, 0.5, 0.5, 0.5, 0.5, 0.0])


def test_online_voice_marks_every_online_affected_household_at_full_chance():
    s, p, rng = small_state(online_voice_chance=1.0)
    s.households.willingness[:] = 1.0
    arrival.inject_issue(s, p, 0, "building", 0, on_agenda=False)
    voice.voice_online(s, p, rng, 5)
    iss, hh = s.issues, s.households
    affected = iss.pair_household[iss.pairs_of(np.array([0]))]
    online = affected[hh.online[affected]]
    assert len(online) > 0
    assert np.all(hh.last_voiced[online] == 5)
    assert iss.voices[0] == len(online)
    assert np.all(hh.last_voiced[np.setdiff1d(np.arange(s.n), online)] < 0)
    raising.raise_issues(s, p, rng, 5)
    assert iss.channel[0] in (Channel.GRID_OFFICER, Channel.ELITE, Channel.PARTY, Channel.ONLINE)


def test_online_voice_off_voices_nothing_and_raises_nothing_online():
    s, p, rng = small_state(online_voice_chance=0.0, issue_rate_doorway=0.5)
    arrival.arise_issues(s, p, rng, 1)
    voice.voice_online(s, p, rng, 1)
    raising.raise_issues(s, p, rng, 1)
    assert np.all(s.households.last_voiced < 0)
    assert not np.any(s.issues.channel == Channel.ONLINE)


def test_party_members_collect_wishes_that_are_micro_projects_on_the_agenda():
    s, p, rng = small_state(wish_collection_chance=1.0, party_embedding=1.0)
    k = voice.collect_wishes(s, p, rng, 3)
    iss, nb = s.issues, s.neighbourhood
    assert k == int(s.households.party.sum()) == iss.n > 0
    ids = np.arange(iss.n)
    assert np.all(iss.channel == Channel.WISH)
    assert np.all(iss.status == Status.AGENDA)
    assert np.all(iss.raised == 3)
    assert np.all(iss.n_affected == 2)
    rows = iss.pairs_of(ids)
    wisher, adopter = iss.pair_household[rows][0::2], iss.pair_household[rows][1::2]
    assert np.all(wisher != adopter)
    assert np.all(s.households.party[adopter])
    assert np.all(nb.unit_of[1, wisher] == nb.unit_of[1, adopter])
    assert np.all(iss.severity <= 1.5 * p.wish_severity)


def test_no_wishes_when_collection_or_party_embedding_is_off():
    for params in ({"wish_collection_chance": 0.0}, {"party_embedding": 0.0}):
        s, p, rng = small_state(**params)
        state = rng.bit_generator.state
        assert voice.collect_wishes(s, p, rng, 1) == 0
        assert s.issues.n == 0
        assert rng.bit_generator.state == state  # off draws nothing


def test_online_information_is_zero_when_off_and_for_offline_households():
    s, p, _rng = small_state(online_information_weight=0.0)
    who = np.arange(s.n)
    assert voice.online_information(s, p, who, 10) == 0.0
    s, p, _rng = small_state(online_information_weight=2.0)
    s.households.last_active[:] = 9  # everyone acted last week
    s.households.willingness[:] = 0.5
    drive = voice.online_information(s, p, who, 10)
    online = s.households.online
    np.testing.assert_allclose(drive[~online], 0.0)
    assert np.all(drive[online] <= 1.0 + 1e-12)
    assert drive[online].max() == pytest.approx(1.0)


def test_a_micro_wish_given_up_stays_a_households_own_matter(monkeypatch):
    # a wish its adopters fail to carry goes to administration as a wish, not as a shared
    # affair escalated by residents (ODD 7.4b; the autonomy index leaves it out)
    created = []

    def spy(*args, **kwargs):
        ids = arrival.add_issues(*args, **kwargs)
        created.extend(np.atleast_1d(ids).tolist())
        return ids

    monkeypatch.setattr(voice, "add_issues", spy)
    params = {**PARAMS, "wish_collection_chance": 0.5, "party_embedding": 0.9}
    model = MicroGovModel(rng=6, max_self_attempts=1, **params)
    model.run_for(30)
    iss = model.state.issues
    wishes = np.array(created)
    assert len(wishes)
    assert (iss.status[wishes] == Status.ADMIN).any()  # some were given up
    assert (iss.channel[wishes] == Channel.WISH).all()
