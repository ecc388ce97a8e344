"""Absorption that administrativises (ODD 7.2, 7.4, 7.5, 7.10; issue #16 point 3)."""

import numpy as np
import pytest

from microgov_sim import MicroGovModel
from microgov_sim.model import rules
from microgov_sim.model.initialisation import initial_state
from microgov_sim.model.issues import Channel, Route, Status
from microgov_sim.model.params import validate_params
from microgov_sim.model.structure import BUILDING
from microgov_sim.model.submodels import arrival, attitudes, deliberation, raising


def small_state(**params):
    p = validate_params({"n_households": 300, **params})
    return initial_state(p, np.random.default_rng(5)), p


def test_elites_notice_with_all_their_effort_and_report_the_grid_work_share():
    effort = np.array([1.0, 0.0, 0.3, 2.0])
    reporting = np.array([0.0, 0.0, 0.7, 0.0])
    notice, share = raising.elite_notice(effort, reporting, 0.5)
    assert notice == pytest.approx([0.5, 0.0, 0.5, 0.75])
    assert share == pytest.approx([0.0, 0.0, 0.7, 0.0])  # no effort: nothing reported


def test_a_group_leader_is_shared_over_the_buildings_of_their_courtyard():
    courtyard_of = np.array([0, 0, 0, 1])
    # a head of building 0 (1), an elder of building 3 (0.3), leaders of courtyards 0 and 1
    activity = np.array([1.0, 0.3, 1.0, 0.6])
    at_building = np.array([True, True, False, False])
    unit = np.array([0, 3, 0, 1])
    shared = raising.building_effort(activity, at_building, unit, courtyard_of, shared=True)
    assert shared == pytest.approx([1 + 1 / 3, 1 / 3, 1 / 3, 0.9])
    assert shared.sum() == pytest.approx(activity.sum())  # one person's effort, not four
    each = raising.building_effort(activity, at_building, unit, courtyard_of, shared=False)
    assert each == pytest.approx([2.0, 1.0, 1.0, 0.9])


def test_absorbing_a_building_head_lowers_their_own_building_most():
    s, p = small_state(elite_absorption_rate=0.0, elders_per_100=0.0, building_head_chance=1.0)
    el = s.elites
    head = int(np.flatnonzero(el.level == BUILDING)[0])
    before, _ = attitudes.elite_effort(s, p)
    el.absorbed[head] = True
    after, reporting = attitudes.elite_effort(s, p)
    drop = before - after
    assert drop[el.unit[head]] == pytest.approx(p.absorbed_admin_share)
    assert np.delete(drop, el.unit[head]) == pytest.approx(0.0)
    assert reporting[el.unit[head]] == pytest.approx(p.absorbed_admin_share)
    # the courtyard's leader adds a quarter of a person or so, not a whole one
    assert before[el.unit[head]] < 1.5


def test_the_chance_of_being_asked_by_any_counts_each_attempt():
    index, attempts = np.array([0, 0, 2, 3]), np.array([0.5, 0.5, 1.0, 0.0])
    log_miss = np.bincount(index, weights=rules.log_miss(attempts), minlength=5)
    chance = rules.chance_of_any(log_miss)
    assert chance == pytest.approx([0.75, 0.0, 1.0, 0.0, 0.0])
    assert chance.max() <= 1.0


def elites_tied_to_one_household(s, n_elites):
    """Leave ``n_elites`` present elites, at homes of contacts of one household; return it."""
    el, adjacency = s.elites, s.network.adjacency
    degree = np.diff(adjacency.indptr)
    target = int(np.flatnonzero(degree >= n_elites)[0])
    contacts = adjacency.indices[adjacency.indptr[target] : adjacency.indptr[target + 1]]
    el.home[:] = -1
    el.absorbed[:] = False
    el.home[:n_elites] = contacts[:n_elites]
    return target


def test_absorbing_one_of_three_elites_is_masked_by_a_capped_sum_only():
    for rule, masked in (("capped_sum", True), ("at_least_one", False)):
        s, p = small_state(elite_mobilisation=0.6, elite_asks=rule)
        target = elites_tied_to_one_household(s, 3)
        before = deliberation.elite_asked(s, p)[target]
        s.elites.absorbed[0] = True
        after = deliberation.elite_asked(s, p)[target]
        assert bool(after == before) is masked
        if not masked:
            assert before == pytest.approx(1 - 0.4**3)
            assert after == pytest.approx(1 - 0.4**2 * (1 - 0.6 * (1 - p.absorbed_admin_share)))


def fully_absorbed_run(routing: float, weeks: int = 60):
    """A run in which every elite is absorbed into grid work and does nothing else."""
    model = MicroGovModel(
        rng=7,
        n_households=600,
        elite_recruitment=1.0,
        elite_absorption_rate=1.0,
        absorbed_admin_share=1.0,
        absorbed_routing=routing,
    )
    model.run_for(weeks)
    return model


def test_absorbed_routing_off_removes_the_administrativised_route():
    model = fully_absorbed_run(routing=0.0)
    iss = model.issues
    assert not (iss.route == Route.ADMINISTRATIVISED).any()
    assert not (iss.channel == Channel.ELITE).any()  # fully absorbed elites notice nothing
    assert np.nansum(model.datacollector.get_model_vars_dataframe()["administrativised_share"]) == 0


def test_absorbed_elites_report_what_they_notice_into_the_grid():
    model = fully_absorbed_run(routing=1.0)
    iss, p = model.issues, model.p
    elite = iss.channel == Channel.ELITE
    top = arrival.top_self_governing_level(p)
    governable = iss.acting_level <= top
    assert elite.any()
    # every self-governable issue they raise is administrativised, and only those
    assert np.all(iss.route[elite & governable] == Route.ADMINISTRATIVISED)
    adm = iss.route == Route.ADMINISTRATIVISED
    assert np.all(elite[adm] & governable[adm])
    assert np.all(np.isin(iss.status[adm], [Status.ADMIN, Status.RESOLVED_ADMIN, Status.LAPSED]))
    # the outcome counts them over the issues raised in its window
    week, window = model.week, p.outcome_window
    raised = (iss.route != Route.NONE) & (iss.raised > week - window)
    raised &= (iss.channel != Channel.REQUEST) & (iss.channel != Channel.WISH)  # shared affairs
    share = model.datacollector.get_model_vars_dataframe()["administrativised_share"].iloc[-1]
    assert share == pytest.approx(np.count_nonzero(adm & raised) / np.count_nonzero(raised))
