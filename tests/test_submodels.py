"""The submodels on a bare state, without Mesa: the model is only their wiring."""

import numpy as np
import pandas as pd
import pytest

from microgov_sim import MicroGovModel
from microgov_sim.model.initialisation import initial_state
from microgov_sim.model.issues import Channel, Route, Status
from microgov_sim.model.outcomes import Outcomes
from microgov_sim.model.params import validate_params
from microgov_sim.model.submodels import (
    administration,
    arrival,
    attitudes,
    deliberation,
    drift,
    institutions,
    mobility,
    raising,
    resources,
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
        raised = raising.raise_issues(s, p, rng, week)
        resolved_self = deliberation.deliberate_and_act(s, p, rng, week)
        resolved_admin = administration.dispose_administratively(s, p, rng, week)
        lapsed = drift.lapse_issues(s, p, rng, week)
        resources.collect_resources(s, p, rng, week)
        institutions.load_committee(s, p, rng, week)
        institutions.update_burden(s, p, rng, week)
        institutions.incubate(s, p, rng, week)
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
    ids = np.flatnonzero(s.issues.route != Route.NONE)
    s.issues.cols["route"][ids[0]] = Route.COMMITTEE
    s.issues.cols["route"][ids[1]] = Route.GOVERNMENT
    s.issues.cols["channel"][ids[1]] = Channel.ESCALATED
    s.issues.cols["route"][ids[2]] = Route.GOVERNMENT
    s.issues.cols["channel"][ids[2]] = Channel.ELITE
    s.fund.power = 0.5
    base = np.full(3, 0.2)
    assert resources.broker(s, p, ids[:3], base) == pytest.approx([0.4, 0.4, 0.2])
    s.fund.power = 0.0
    assert resources.broker(s, p, ids[:3], base) is base


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
