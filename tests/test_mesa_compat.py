"""Mesa 3.5 drives the model as Mesa drives its own, and nothing Mesa 4.0 removes is used.

Mesa 4.0 removes ``model.steps``, the ``seed=`` argument, ``mesa.batch_run``, ``mesa.space``
and ``PropertyLayer`` without a deprecation period (its migration guide). The model keeps
its own week counter instead of ``model.steps``.
"""

import ast
import logging
from pathlib import Path

import mesa
import numpy as np
import pytest
from mesa.experimental.mesa_signals import ModelSignals
from mesa.model import _mesa_logger

from microgov_sim import MicroGovModel
from microgov_sim.model.agents import (
    CommunityElite,
    Resident,
    _unobserved,
    add_elites,
    add_residents,
    remove_residents,
)

PACKAGE = Path(__file__).resolve().parents[1] / "microgov_sim"
REMOVED_MODULES = {"mesa.space", "mesa.batchrunner"}
REMOVED_NAMES = {"batch_run", "PropertyLayer"}


def removed_api_uses(source: str) -> list[str]:
    """Uses of Mesa APIs that 4.0 removes, as ``line: what`` strings."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = {a.name for a in node.names}
            if node.module in REMOVED_MODULES or (node.module == "mesa" and names & REMOVED_NAMES):
                found.append(f"{node.lineno}: from {node.module} import {', '.join(names)}")
        elif isinstance(node, ast.Import):
            found += [
                f"{node.lineno}: import {a.name}" for a in node.names if a.name in REMOVED_MODULES
            ]
        elif isinstance(node, ast.Attribute):
            if node.attr in REMOVED_NAMES or (
                isinstance(node.value, ast.Name)
                and f"{node.value.id}.{node.attr}" in REMOVED_MODULES
            ):
                found.append(f"{node.lineno}: .{node.attr}")
            # model.steps, self.model.steps: Mesa's step counter (self.steps: in a Model below)
            owner = node.value
            owner_name = (
                owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            )
            if node.attr == "steps" and owner_name == "model":
                found.append(f"{node.lineno}: model.steps")
        elif isinstance(node, ast.ClassDef) and any("Model" in ast.unparse(b) for b in node.bases):
            found += [
                f"{n.lineno}: self.steps"
                for n in ast.walk(node)
                if isinstance(n, ast.Attribute)
                and n.attr == "steps"
                and getattr(n.value, "id", "") == "self"
            ]
        elif isinstance(node, ast.Call):
            is_model_init = (
                isinstance(node.func, ast.Attribute)
                and node.func.attr == "__init__"
                and isinstance(node.func.value, ast.Call)
                and getattr(node.func.value.func, "id", "") == "super"
            )
            if is_model_init and any(k.arg == "seed" for k in node.keywords):
                found.append(f"{node.lineno}: super().__init__(seed=...)")
    return found


def test_the_check_finds_each_removed_api():
    source = (
        "from mesa.space import MultiGrid\nimport mesa.space\nfrom mesa import batch_run\n"
        "mesa.batch_run(M)\nx = model.steps\ny = self.model.steps\n"
        "class M(mesa.Model):\n    def __init__(self):\n        super().__init__(seed=1)\n"
        "        self.week = self.steps\n"
        "class Results:\n    def table(self):\n        return self.steps\n"
    )
    assert len(removed_api_uses(source)) == 8


@pytest.mark.parametrize(
    "path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_no_api_that_mesa_4_removes(path):
    assert removed_api_uses(path.read_text()) == []


def test_the_week_counter_follows_mesa_steps():
    model = MicroGovModel(rng=3, n_households=100)
    assert model.week == 0
    model.run_for(4)
    model.step()
    assert model.week == model.steps == 5
    assert len(model.datacollector.get_model_vars_dataframe()) == 6  # week 0 and five steps


def test_mesa_batch_run_drives_the_model():
    runs = mesa.batch_run(
        MicroGovModel,
        parameters={"n_households": [100], "admin_penetration": [0.2, 0.8]},
        rng=[1, 2],
        max_steps=5,
        number_processes=1,
        data_collection_period=-1,
        display_progress=False,
    )
    assert len(runs) == 4
    for run in runs:
        direct = MicroGovModel(
            rng=run["rng"], n_households=100, admin_penetration=run["admin_penetration"]
        )
        direct.run_for(5)
        assert run["Step"] == 5
        assert run["participation_4w"] == direct.participation_4w
        assert run["government_cost"] == direct.government_cost


def registry(model) -> list:
    """Mesa's view of a model's agents: ids, types and own attributes, in Mesa's orders."""

    def row(agent):
        own = {k: v for k, v in vars(agent).items() if k != "model"}
        assert agent.model is model
        return agent.unique_id, type(agent).__name__, repr(sorted(own.items()))

    return [
        [row(a) for a in model.agents],
        {t.__name__: [a.unique_id for a in s] for t, s in model.agents_by_type.items()},
        model.agent_id_counter,
    ]


class Listener:
    """Collects the signals it is sent (Mesa holds observers as weak bound methods)."""

    def __init__(self):
        self.seen = []

    def hear(self, signal):
        self.seen.append(signal)


def observed_run(observe: bool, weeks=30):
    """A run with high mobility, with or without a subscriber to Mesa's agent signals."""
    listener = Listener()
    model = MicroGovModel(rng=9, n_households=300, spinup_weeks=20, mobility_rate=0.02)
    if observe:  # a subscriber makes every registration go through Mesa's own calls
        for signal in (ModelSignals.AGENT_ADDED, ModelSignals.AGENT_REMOVED):
            model.observe("agents", signal, listener.hear)
    model.run_for(weeks)
    return model, listener.seen


def test_batched_registration_is_mesa_registration_agent_for_agent():
    batched, _ = observed_run(False)
    one_by_one, seen = observed_run(True)
    assert _unobserved(batched, Resident)  # batched here, one by one in the other
    assert not _unobserved(one_by_one, Resident)
    assert registry(batched) == registry(one_by_one)
    added = [m for m in seen if m.signal_type == ModelSignals.AGENT_ADDED]
    assert len(added) > 100  # movers' new agents arrived, each signalled
    assert len(seen) - len(added) > 100  # and their old ones left
    assert {id(r) for r in batched.residents} == {id(a) for a in batched.agents_by_type[Resident]}


def test_an_observer_sees_each_mover_leave_then_its_successor_arrive():
    _, seen = observed_run(True, weeks=10)
    kinds = [
        "+" if m.signal_type == ModelSignals.AGENT_ADDED else "-"
        for m in seen
        if isinstance(m.additional_kwargs["args"][0], Resident)
    ]
    assert len(kinds) > 20
    assert "".join(kinds) == "-+" * (len(kinds) // 2)  # one mover at a time, as Mesa's calls


def test_residents_built_in_a_batch_are_those_mesa_builds_one_by_one(caplog):
    batched = MicroGovModel(rng=4, n_households=120, spinup_weeks=0)
    with caplog.at_level(logging.DEBUG, logger=_mesa_logger.name):  # Mesa's own calls
        assert not _unobserved(mesa.Model(rng=1), Resident)
        one_by_one = MicroGovModel(rng=4, n_households=120, spinup_weeks=0)
    assert registry(batched) == registry(one_by_one)
    assert [r.index for r in batched.residents] == list(range(120))


def test_a_batch_of_new_residents_matches_mesa_construction():
    fast, slow = mesa.Model(rng=1), mesa.Model(rng=1)
    Resident(fast, 0), Resident(slow, 0)  # the type's set exists in both
    made = add_residents(fast, np.array([5, 3, 7]))
    mesa_made = [Resident(slow, i) for i in (5, 3, 7)]
    assert [sorted(vars(a)) for a in made] == [sorted(vars(a)) for a in mesa_made]
    remove_residents(fast, made[:2] + made[:1])  # twice is once, as Agent.remove
    for agent in mesa_made[:2]:
        agent.remove()
    assert registry(fast) == registry(slow)


def test_a_batch_of_new_elites_matches_mesa_construction():
    fast, slow = mesa.Model(rng=1), mesa.Model(rng=1)
    made = add_elites(fast, np.array([4, 0, 9]))  # the first through Mesa: it makes the set
    mesa_made = [CommunityElite(slow, k) for k in (4, 0, 9)]
    assert [a.slot for a in made] == [4, 0, 9]
    assert [sorted(vars(a)) for a in made] == [sorted(vars(a)) for a in mesa_made]
    assert registry(fast) == registry(slow)
