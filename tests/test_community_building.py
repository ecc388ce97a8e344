"""社八件, the eight items (ODD 7.9b): the pure functions alone, then each item in the model."""

import numpy as np
import pandas as pd
import pytest

from microgov_sim import MicroGovModel, load_scenario
from microgov_sim.model.initialisation import initial_state
from microgov_sim.model.issues import Status
from microgov_sim.model.params import PARAMETER_SPECS, validate_params
from microgov_sim.model.state import EliteRole
from microgov_sim.model.structure import BUILDING
from microgov_sim.model.submodels import community_building as cb
from microgov_sim.model.submodels import deliberation, drift

EFFECTS = (
    "template_fit",
    "template_exposure",
    "plan_org_gain",
    "symbol_belonging_gain",
    "convention_solidarity_gain",
    "demonstration_gain",
    "centre_cost_discount",
)


# ---------------------------------------------------------------------- pure functions
def test_fit_is_full_when_flexible_and_the_template_fit_when_rigid():
    assert cb.implementation_fit(0.0, 0.5) == 1.0
    assert cb.implementation_fit(1.0, 0.5) == 0.5
    assert cb.implementation_fit(0.5, 0.2) == pytest.approx(0.6)
    assert cb.implementation_fit(1.0, 1.0) == 1.0  # a template that fits everywhere


def test_only_a_rigid_template_is_control_and_the_sages_count_at_most_one():
    assert cb.template_exposure(0.0, [1.0] * 8, 0.01) == 0.0
    assert cb.template_exposure(1.0, [0.0] * 8, 0.01) == 0.0
    assert cb.template_exposure(1.0, [1.0] * 8, 0.01) == pytest.approx(0.01)
    assert cb.template_exposure(1.0, [1.0] * 4 + [10.0] + [0.0] * 3, 0.08) == pytest.approx(0.05)


def test_plan_raises_the_level_organisations_settle_at():
    assert cb.org_target(0.6, 0.0, 0.25) == 0.6
    assert cb.org_target(0.6, 1.0, 0.25) == pytest.approx(0.7)
    assert cb.org_target(1.0, 1.0, 0.25) == 1.0


def test_logo_and_song_shorten_the_time_to_belong_each_by_half_the_gain():
    assert cb.belonging_half_time(104.0, 0.0, 0.0, 0.25) == 104.0
    assert cb.belonging_half_time(104.0, 1.0, 1.0, 0.25) == pytest.approx(78.0)
    assert cb.belonging_half_time(104.0, 1.0, 0.0, 0.25) == pytest.approx(91.0)
    assert cb.belonging_half_time(104.0, 0.0, 1.0, 0.25) == pytest.approx(91.0)
    assert cb.belonging_half_time(1.5, 1.0, 1.0, 1.0) == 1.0  # never below one week


def test_convention_strengthens_solidarity_and_the_centre_cuts_cost():
    assert cb.solidarity(1.0, 0.0, 0.2) == 1.0
    assert cb.solidarity(2.0, 1.0, 0.2) == pytest.approx(2.4)
    assert cb.venue_cost_factor(0.0, 0.1) == 1.0
    assert cb.venue_cost_factor(1.0, 0.1) == pytest.approx(0.9)


def test_sages_go_to_distinct_buildings_and_none_draws_nothing():
    rng = np.random.default_rng(1)
    state = rng.bit_generator.state
    assert len(cb.sage_buildings(50, 3000, 0.0, rng)) == 0
    assert rng.bit_generator.state == state  # no draw when there are no sages
    picked = cb.sage_buildings(50, 3000, 0.5, rng)
    assert len(picked) == 15
    assert len(np.unique(picked)) == 15
    assert set(picked) <= set(range(50))
    assert len(cb.sage_buildings(50, 3000, 10.0, rng)) == 50  # at most one per building


def test_onlookers_learn_toward_what_they_saw():
    e = np.array([0.2, 0.5, 0.8])
    g = 0.1
    one_success = cb.vicarious_efficacy(e, np.ones(3), np.zeros(3), g)
    assert one_success == pytest.approx(e + g * (1 - e))  # as one's own success, step g
    one_failure = cb.vicarious_efficacy(e, np.zeros(3), np.ones(3), g)
    assert one_failure == pytest.approx(e - g * e)
    assert cb.vicarious_efficacy(e, np.zeros(3), np.zeros(3), g) == pytest.approx(e)
    mixed = cb.vicarious_efficacy(e, np.full(3, 3.0), np.full(3, 1.0), g)
    assert mixed == pytest.approx(e + (1 - 0.9**4) * (0.75 - e))  # toward the success share
    many = cb.vicarious_efficacy(e, np.full(3, 300.0), np.full(3, 100.0), g)
    assert many == pytest.approx(np.full(3, 0.75))


# ---------------------------------------------------------------------- on a bare state
def small_state(seed=3, **params):
    p = validate_params({"n_households": 400, **params})
    rng = np.random.default_rng(seed)
    return initial_state(p, rng), p, rng


def test_functional_organisation_strengthens_the_communitys_neediest_building():
    s, p, _ = small_state(functional_organisation=1.0, template_rigidity=0.0)
    u = s.units
    u.org_strength[:] = 0.2
    u.burden[:] = 0.0
    u.burden[[3, 7]] = [1.0, 2.0]  # building 7 has the most stake in open issues
    cb.incubate_items(s, p)
    grown = np.flatnonzero(u.org_strength > 0.2)
    assert list(grown) == [7]
    assert u.org_strength[7] == pytest.approx(0.2 + p.incubation_rate)


def test_demonstration_building_is_incubated_at_the_fit():
    s, p, _ = small_state(demonstration_building=1.0, template_rigidity=1.0, template_fit=0.5)
    s.units.org_strength[:] = 0.2
    cb.incubate_items(s, p)
    assert s.units.org_strength[cb.DEMONSTRATION] == pytest.approx(0.2 + 0.5 * p.incubation_rate)
    assert np.all(np.delete(s.units.org_strength, cb.DEMONSTRATION) == 0.2)


def meeting_in_demonstration_building(s, week: int, won: bool) -> None:
    """One issue of building 0 met on in ``week``, resolved by the residents or not."""
    nb = s.neighbourhood
    lo, hi = nb.starts[BUILDING][0], nb.starts[BUILDING][1]
    issue = s.issues.add(
        {
            "level": np.array([BUILDING]),
            "unit": np.array([0]),
            "acting_level": np.array([BUILDING]),
            "acting_unit": np.array([0]),
            "acting_size": np.array([hi - lo]),
            "status": np.array([Status.AGENDA]),
        },
        np.array([lo]),
        np.array([0.5]),
        np.array([1]),
    )
    s.issues.cols["last_meeting"][issue] = week
    s.issues.cols["n_meetings"][issue] = 1  # as record_meetings notes a meeting
    if won:
        s.issues.close(issue, Status.RESOLVED_SELF, week)
        s.issues.refresh_open()


@pytest.mark.parametrize("won", [True, False])
def test_the_community_sees_the_demonstration_buildings_results(won):
    s, p, _ = small_state(demonstration_building=1.0, template_rigidity=0.0)
    meeting_in_demonstration_building(s, 5, won)
    assert cb.demonstration_results(s, 5) == ((1, 0) if won else (0, 1))
    assert cb.demonstration_results(s, 6) == (0, 0)  # last week's meeting is not this week's
    before = s.households.efficacy.copy()
    cb.demonstrate(s, p, 5)
    own = s.neighbourhood.unit_of[BUILDING] == cb.DEMONSTRATION
    g = p.demonstration_gain
    expected = before + g * (1 - before) if won else before - g * before
    assert s.households.efficacy[~own] == pytest.approx(expected[~own])
    assert np.all(s.households.efficacy[own] == before[own])  # they learn from their own


def test_an_issue_never_met_on_is_no_result_of_the_demonstration_building():
    # last_meeting starts at 0: at week 0 an issue never met on must not count as a failure
    s, _p, _ = small_state(demonstration_building=1.0, template_rigidity=0.0)
    meeting_in_demonstration_building(s, 0, won=False)
    assert cb.demonstration_results(s, 0) == (0, 1)
    s.issues.cols["n_meetings"][s.issues.open_ids] = 0
    assert cb.demonstration_results(s, 0) == (0, 0)


def test_sages_are_elders_held_by_the_longest_standing_resident_of_their_building():
    s, _p, _ = small_state(seed=5, community_sages=2.0, template_rigidity=0.0)
    base, _, _ = small_state(seed=5)
    el, nb = s.elites, s.neighbourhood
    n_base = len(base.elites.role)
    assert len(el.role) == n_base + 8  # 2 per 100 of 400 households
    sages = np.arange(n_base, len(el.role))
    assert np.all(el.role[sages] == EliteRole.ELDER)
    assert np.all(el.level[sages] == BUILDING)
    assert len(np.unique(el.unit[sages])) == 8
    assert np.all(nb.unit_of[BUILDING, el.home[sages]] == el.unit[sages])  # they live there
    tenure = s.households.tenure
    for slot in sages:  # the longest tenure times U(0.5, 1) wins
        lo, hi = nb.starts[BUILDING][el.unit[slot]], nb.starts[BUILDING][el.unit[slot] + 1]
        assert tenure[el.home[slot]] >= 0.5 * tenure[lo:hi].max()


def test_a_rigid_template_crowds_motivation_and_a_flexible_one_does_not():
    items = {name: 1.0 for name in cb.ITEMS}
    for rigidity, crowded in ((1.0, True), (0.0, False)):
        s, p, rng = small_state(**items, template_rigidity=rigidity)
        before = s.households.motivation.copy()
        cb.build_community(s, p, rng, 1)
        after = s.households.motivation
        assert np.all(after < before) if crowded else np.all(after == before)


# ---------------------------------------------------------------------- in the model
RUN = {"n_households": 400, "spinup_weeks": 0, "mobility_rate": 0.01, "micro_autonomy": 0.5}


def run(params: dict, weeks: int = 40) -> pd.DataFrame:
    model = MicroGovModel(rng=7, **{**RUN, **params})
    model.run_for(weeks)
    return model.datacollector.get_model_vars_dataframe().astype(float)


def test_items_off_remove_every_effect_whatever_their_effect_sizes_and_rigidity():
    strongest = {name: PARAMETER_SPECS[name].high for name in EFFECTS}
    pd.testing.assert_frame_equal(
        run({**strongest, "template_rigidity": 0.3}), run({}), check_exact=True
    )


@pytest.mark.parametrize("item", cb.ITEMS)
def test_each_item_on_changes_the_run_and_at_zero_it_does_not(item):
    # Flexible, with a strong effect, so that the item acts within a short run.
    strong = {name: PARAMETER_SPECS[name].high for name in EFFECTS} | {"template_rigidity": 0.0}
    on = run({**strong, item: 1.0})
    off = run({**strong, item: 0.0})
    assert not on.equals(off), item
    pd.testing.assert_frame_equal(off, run({}), check_exact=True)


def test_the_hooks_read_the_items():
    p = validate_params({**RUN, "citizen_centre": 1.0, "residents_convention": 1.0})
    assert cb.venue_cost_factor_of(p) == pytest.approx(1 - 0.5 * p.centre_cost_discount)  # rigid
    assert cb.solidarity_of(p) == pytest.approx(
        p.solidarity_weight * (1 + 0.5 * p.convention_solidarity_gain)
    )
    s, _, _ = small_state(citizen_centre=1.0, template_rigidity=0.0)
    plain, q, _ = small_state()
    who = np.arange(10)
    assert deliberation.participation_cost_of(
        s,
        validate_params({"n_households": 400, "citizen_centre": 1.0, "template_rigidity": 0.0}),
        who,
    ) == pytest.approx(
        (1 - q.centre_cost_discount) * deliberation.participation_cost_of(plain, q, who)
    )
    logo = validate_params({"community_logo": 1.0, "community_song": 1.0, "template_rigidity": 0})
    tenure = np.array([0.0, 78.0, 1e6])
    assert drift.belonging_target(tenure, logo) == pytest.approx([0.0, 0.5, 1.0], abs=1e-4)


def test_wenjiang_uses_the_eight_items_flexibly():
    params = load_scenario("wenjiang_eight_items").params
    assert all(params[name] > 0 for name in cb.ITEMS)
    assert params["template_rigidity"] == 0.0
    assert "elders_per_100" not in params  # no relabelled levers
    assert "crowding_out" not in params
