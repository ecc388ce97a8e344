"""Epstein's (2002) civil violence: this package's rules against Mesa's implementation.

The rules are docked exactly: in a state Mesa's own model reached, every citizen's view
(cops and active citizens in vision) and decision by this package's kernels equal Mesa's.
The published patterns (punctuated outbursts, more rebellion with less legitimacy) are the
quick pattern suite's (``tests/test_validation.py``); the distributional docking with Mesa's
runs is the full version's (``microgov patterns``).
"""

import math

import numpy as np
import pytest

from microgov_sim.validation import epstein


def test_vision_is_the_von_neumann_diamond_without_the_centre():
    offsets = epstein.von_neumann(7)
    assert len(offsets) == 2 * 7 * 8  # 112 cells
    assert np.abs(offsets).sum(axis=1).max() == 7
    assert not (offsets == 0).all(axis=1).any()


@pytest.mark.parametrize(
    ("cops", "actives", "probability"),
    [
        (0, 0, 0.0),
        (1, 1, 0.0),  # 1 / 2 rounds half to even: 0, as Mesa's round
        (3, 1, 1 - math.exp(-2.3 * 2)),  # 3 / 2 = 1.5 rounds to 2
        (5, 0, 1 - math.exp(-2.3 * 5)),
    ],
)
def test_the_rule_uses_the_rounded_cop_to_active_ratio(cops, actives, probability):
    hardship, risk, legitimacy, threshold, k = 0.9, 0.5, 0.8, 0.1, 2.3
    grievance = hardship * (1 - legitimacy)
    expected = grievance - risk * probability > threshold
    assert epstein.rebels(hardship, risk, cops, actives, legitimacy, threshold, k) == expected


def test_every_citizens_view_and_decision_equal_mesas_in_a_state_mesa_reached():
    from mesa.examples.advanced.epstein_civil_violence import agents, model

    params = {**epstein.EPSTEIN, **epstein.REBELLION, "legitimacy": 0.7}
    scenario = model.EpsteinScenario(
        rng=11,
        cop_density=params["cop_density"],
        max_jail_term=params["max_jail_term"],
        legitimacy=params["legitimacy"],
    )
    mesa_model = model.EpsteinCivilViolence(40, 40, scenario=scenario)
    for _ in range(40):  # until some citizens are active, some jailed
        mesa_model.step()
    people = list(mesa_model.agents)
    grid = np.full((40, 40), -1, np.int64)
    x = np.array([a.cell.coordinate[0] for a in people])
    y = np.array([a.cell.coordinate[1] for a in people])
    grid[y, x] = np.arange(len(people))
    cop = np.array([isinstance(a, agents.Cop) for a in people])
    state = np.array([0 if c else a.state.value for a, c in zip(people, cop, strict=True)])
    offsets = epstein.von_neumann(params["vision"])
    buffers = np.empty(len(offsets), np.int64), np.empty(len(offsets), np.int64)
    checked = rebelling = 0
    for i, agent in enumerate(people):
        if cop[i] or agent.jail_sentence:
            continue
        _, n_active, n_cops = epstein.look(grid, x, y, cop, state, i, offsets, *buffers)
        agent.update_neighbors()
        agent.update_estimated_arrest_probability()
        seen = list(agent.neighborhood.agents)  # ``neighbors`` is an iterator, now spent
        assert n_cops == sum(isinstance(n, agents.Cop) for n in seen)
        assert n_active == sum(
            isinstance(n, agents.Citizen) and n.state == agents.CitizenState.ACTIVE for n in seen
        )
        mesa_rebels = (
            agent.grievance - agent.risk_aversion * agent.arrest_probability
            > params["active_threshold"]
        )
        ours = epstein.rebels(
            agent.hardship,
            agent.risk_aversion,
            n_cops,
            n_active,
            params["legitimacy"],
            params["active_threshold"],
            params["arrest_prob_constant"],
        )
        assert ours == mesa_rebels
        checked += 1
        rebelling += bool(ours)
    assert checked > 500
    assert rebelling > 0  # the state tests both branches


def test_a_run_is_determined_by_its_seed():
    a = epstein.civil_violence(5, 60, **epstein.REBELLION, legitimacy=0.7)
    b = epstein.civil_violence(5, 60, **epstein.REBELLION, legitimacy=0.7)
    c = epstein.civil_violence(6, 60, **epstein.REBELLION, legitimacy=0.7)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_outbursts_count_rises_above_the_level():
    assert epstein.outbursts(np.array([0, 60, 70, 10, 51, 0]), level=50) == 2
    assert epstein.outbursts(np.array([60, 0]), level=50) == 1


def test_a_step_keeps_one_agent_a_cell_and_the_jailed_in_place():
    before = None
    for agents in epstein.simulate(3, 80, **epstein.REBELLION, legitimacy=0.7):
        n = len(agents.x)
        assert (agents.grid[agents.y, agents.x] == np.arange(n)).all()  # each agent on its cell
        assert (agents.grid >= 0).sum() == n  # and no cell holds two
        assert not (agents.state[agents.cop] != epstein.QUIET).any()  # cops never change
        if before is not None:
            x, y, state, jail = before
            still = (jail > 0) & ~agents.cop  # jailed before the step: serve a step in place
            assert (agents.x[still] == x[still]).all()
            assert (agents.y[still] == y[still]).all()
            assert (agents.jail[still] == jail[still] - 1).all()  # never arrested again
            newly = (agents.state == epstein.ARRESTED) & (state != epstein.ARRESTED)
            assert (jail[newly] == 0).all()  # arrested: free before, active on its turn
        before = agents.x.copy(), agents.y.copy(), agents.state.copy(), agents.jail.copy()
    assert (agents.state == epstein.ARRESTED).any()
