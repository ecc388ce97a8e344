"""The stationary start (#15 point 6): initial tenure, the spin-up, and spin-ups shared by runs."""

import json
import textwrap

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from microgov_sim import MicroGovModel, compare, load_scenario, sweep
from microgov_sim.experiments import spinups
from microgov_sim.experiments.errors import UserError
from microgov_sim.experiments.sweeps import load_sweep
from microgov_sim.model.initialisation import initial_tenure
from microgov_sim.model.params import validate_params
from microgov_sim.model.spinup import SpunUp, key_params, spinup_generator, state_arrays
from microgov_sim.model.state import EliteRole

QUIET = {"progress": False}
SMALL = {"n_households": 300, "admin_penetration": 0.5, "micro_autonomy": 0.6}
WEEKS = 40


def same_arrays(a: dict, b: dict) -> list[str]:
    """Names whose arrays differ in name, dtype, shape or any value (NaN equals NaN)."""
    differ = sorted(set(a) ^ set(b))
    for name in set(a) & set(b):
        x, y = np.asarray(a[name]), np.asarray(b[name])
        nan = x.dtype.kind == "f"
        if x.dtype != y.dtype or x.shape != y.shape or not np.array_equal(x, y, equal_nan=nan):
            differ.append(name)
    return differ


def table(model) -> pd.DataFrame:
    return model.datacollector.get_model_vars_dataframe().reset_index(drop=True)


# --------------------------------------------------------------------------- initial tenure
def test_initial_tenure_is_the_stationary_geometric_of_mobility():
    rng = np.random.default_rng(1)
    for rate in (0.003, 0.02):
        tenure = initial_tenure(validate_params({"mobility_rate": rate}), 200_000, rng)
        assert tenure.min() == 0
        assert np.all(tenure == np.round(tenure))
        assert tenure.mean() == pytest.approx((1 - rate) / rate, rel=0.02)
    # no mobility: mean_initial_tenure caps the mean; 0 starts everybody at tenure 0
    capped = initial_tenure(validate_params({"mobility_rate": 0.0}), 200_000, rng)
    assert capped.mean() == pytest.approx(519.0, rel=0.02)
    zero = validate_params({"mobility_rate": 0.0, "mean_initial_tenure": 0.0})
    assert not initial_tenure(zero, 100, rng).any()


def test_tenure_stays_stationary_under_mobility():
    # started stationary, the mean tenure does not drift (an Exp(520) start rose or fell)
    model = MicroGovModel(rng=3, n_households=3000, mobility_rate=0.02, spinup_weeks=0)
    start = model.households.tenure.mean()
    model.run_for(100)
    assert model.households.tenure.mean() == pytest.approx(start, rel=0.1)
    assert start == pytest.approx(49, rel=0.1)


# --------------------------------------------------------------------------- the model's spin-up
def test_a_spin_up_starts_week_1_from_the_spun_up_state_with_counters_afresh():
    model = MicroGovModel(rng=4, spinup_weeks=WEEKS, **SMALL)
    s = model.state
    assert model.week == 0
    assert s.history_weeks == WEEKS
    assert s.government.admin_cost == 0
    assert s.government.admin_resolved == 0
    assert not s.admin.officer_disposed.any()
    assert not s.units.branch_incubations.any()
    assert s.issues.n > 0
    assert s.issues.created.min() == 1 - WEEKS
    assert s.households.last_active.max() <= 0 < (s.households.last_active > -WEEKS).sum()
    first = table(model).iloc[0]
    assert first["admin_cost"] == 0
    assert first["government_cost"] == 0
    # the run's own stream is untouched: week 1 draws what a run without spin-up draws first
    fresh = np.random.default_rng(4).bit_generator.state
    assert model.rng.bit_generator.state == fresh
    # Mesa's side matches the state
    assert len(model.residents) == s.n
    assert set(model.elite_agents) == set(np.flatnonzero(s.elites.home >= 0).tolist())
    assert len(model.officers) == s.admin.n_officers
    model.run_for(5)
    assert set(model.elite_agents) == set(np.flatnonzero(model.elites.home >= 0).tolist())


def test_spinup_weeks_0_starts_from_the_initial_state():
    from microgov_sim.model.initialisation import initial_state

    model = MicroGovModel(rng=6, spinup_weeks=0, **SMALL)
    direct = initial_state(validate_params({**SMALL, "spinup_weeks": 0}), np.random.default_rng(6))
    assert model.state.history_weeks == 0
    assert same_arrays(state_arrays(model.state), state_arrays(direct)) == []


def test_saved_and_restored_state_equals_the_computed_state(tmp_path):
    params = {**SMALL, "spinup_weeks": WEEKS}
    computed = MicroGovModel._spin(spinup_generator(8), WEEKS, params)
    spun = MicroGovModel.spin_up(8, WEEKS, params)
    assert same_arrays(state_arrays(computed), spun.arrays) == []
    path = tmp_path / "spun.npz"
    spinups.save(path, spun, "experiment-a")
    loaded = spinups.load(path, "experiment-a")
    assert same_arrays(spun.arrays, loaded.arrays) == []
    assert (loaded.weeks, loaded.params) == (WEEKS, key_params(params))
    with np.load(path, allow_pickle=False) as data:  # plain arrays: loads without pickle
        assert all(data[name].dtype != object for name in data.files)
    assert spinups.load(path, "experiment-b") is None  # another experiment's file is not used
    # restored into a model: every variable as computed, then the same run
    restored = MicroGovModel(rng=8, spinup=loaded, **params)
    itself = MicroGovModel(rng=8, **params)
    assert same_arrays(state_arrays(restored.state), state_arrays(itself.state)) == []
    restored.run_for(30)
    itself.run_for(30)
    assert_frame_equal(table(restored), table(itself))
    assert_frame_equal(restored.issues_frame(), itself.issues_frame())


def test_measurement_settings_share_the_spin_up_and_its_numbers():
    # arms that differ only in how they measure spin up alike and draw the same numbers
    a = MicroGovModel(rng=9, spinup_weeks=WEEKS, **SMALL)
    b = MicroGovModel(rng=9, spinup_weeks=WEEKS, participation_window=13, **SMALL)
    a.run_for(20)
    b.run_for(20)
    assert_frame_equal(table(a)[["backlog", "mean_trust"]], table(b)[["backlog", "mean_trust"]])
    assert not table(a)["participation_rate"].equals(table(b)["participation_rate"])


def test_a_point_spun_up_under_other_levers_continues_under_its_own():
    base = {**SMALL, "spinup_weeks": WEEKS}
    spun = MicroGovModel.spin_up(2, WEEKS, base)
    model = MicroGovModel(
        rng=2, spinup=spun, spinup_params=base, **{**base, "admin_penetration": 1.0}
    )
    assert model.p.admin_penetration == 1.0
    assert len(model.officers) == model.state.admin.n_officers == model.neighbourhood.n_grids
    model.run_for(3)


def test_a_spin_up_of_other_parameters_is_refused():
    spun = MicroGovModel.spin_up(2, WEEKS, {**SMALL})
    with pytest.raises(ValueError, match="spinup: a spin-up of 40 weeks under other"):
        MicroGovModel(rng=2, spinup=spun, spinup_weeks=WEEKS, **{**SMALL, "crowding_out": 0.0})
    with pytest.raises(ValueError, match="spinup_params: n_households cannot differ"):
        MicroGovModel(rng=2, spinup_weeks=5, spinup_params={"n_households": 400}, **SMALL)


def test_a_timeline_change_at_step_1_acts_in_the_spin_up():
    timeline = {1: {"admin_penetration": 0.0}}
    model = MicroGovModel(rng=5, spinup_weeks=WEEKS, policy_timeline=timeline, **SMALL)
    same = MicroGovModel(rng=5, spinup_weeks=WEEKS, spinup_params={**SMALL, **timeline[1]}, **SMALL)
    assert same_arrays(state_arrays(model.state), state_arrays(same.state)) == []
    assert not model.state.elites.absorbed.any()  # absorption needs penetration > 0


def test_elder_and_vacant_positions_after_a_spin_up():
    model = MicroGovModel(rng=1, spinup_weeks=200, n_households=300, mobility_rate=0.05)
    el = model.state.elites
    vacant = np.flatnonzero(el.home < 0)
    assert len(vacant) > 0  # movers left positions vacant during the spin-up
    assert not set(vacant.tolist()) & set(model.elite_agents)
    elders = [a for a in model.elite_agents.values() if a.role == EliteRole.ELDER]
    assert len(elders) == int(((el.role == EliteRole.ELDER) & (el.home >= 0)).sum())


# --------------------------------------------------------------------------- shared in experiments
SCENARIO = """
name = "{name}"
description = "tiny"
steps = 6
replications = 2
seed = 3

[params]
n_households = 200
spinup_weeks = 25
{extra}
"""

SWEEP = """
name = "levers"
base = "a.toml"
{option}

[design]
method = "full_factorial"

[vary]
admin_penetration = [0.2, 0.8]
micro_autonomy = [0.2, 0.8]
"""


def write(path, text):
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path):
    a = write(tmp_path / "a.toml", SCENARIO.format(name="a", extra="outcome_window = 13"))
    b = write(tmp_path / "b.toml", SCENARIO.format(name="b", extra="outcome_window = 26"))
    c = write(tmp_path / "c.toml", SCENARIO.format(name="c", extra="admin_penetration = 0.9"))
    return a, b, c


def spinup_files(folder):
    return sorted(p.name for p in (folder / "spinup").iterdir())


def test_two_arms_that_share_a_key_use_one_spin_up_file(tmp_path, files):
    res = compare(list(files), tmp_path / "out", name="abc", engine="serial", **QUIET)
    folder = tmp_path / "out" / "abc"
    # a and b measure differently but spin up alike: one file per replication for both; c's
    # spin-ups start one run each, so each is computed in its run and not saved
    assert len(spinup_files(folder)) == 2
    assert res.metadata["spinup"] == {"weeks": [25], "mode": "own", "spinups": 4, "runs": 6}
    assert res.metadata["sessions"][0]["spinups"] == 2
    assert res.metadata["sessions"][0]["spinup_seconds"] >= 0
    steps = res.steps.set_index(["scenario", "replication", "step"])
    assert steps.loc["a", "backlog"].equals(steps.loc["b", "backlog"])  # one state, same draws
    # each run equals a model that computed its own spin-up
    for scenario in map(load_scenario, files):
        for r, seed in enumerate(res.metadata["seeds"]):
            model = MicroGovModel(rng=seed, **scenario.params)
            model.run_for(6)
            mine = res.steps[
                (res.steps["scenario"] == scenario.name) & (res.steps["replication"] == r)
            ]
            assert np.array_equal(mine["backlog"].to_numpy(), table(model)["backlog"].to_numpy())


def test_sweep_points_spin_up_under_the_base_levers_or_their_own(tmp_path, files):
    spec = write(tmp_path / "s.toml", SWEEP.format(option=""))
    base = sweep(spec, tmp_path / "o1", engine="serial", **QUIET)
    spec = write(tmp_path / "s.toml", SWEEP.format(option='spinup = "point"'))
    point = sweep(spec, tmp_path / "o2", engine="serial", **QUIET)
    assert base.metadata["spinup"]["spinups"] == 2  # one per replication for the 4 points
    assert point.metadata["spinup"]["spinups"] == 8
    assert len(spinup_files(tmp_path / "o1" / "levers")) == 2
    assert base.metadata["spinup"]["mode"] == "base"
    assert base.metadata["fingerprint"] != point.metadata["fingerprint"]
    # at step 0 (the spun-up state) every point of a replication is alike under the base's
    # levers, and each is its own under its own levers
    start = [r.steps[r.steps["step"] == 0] for r in (base, point)]
    spread = [s.groupby("replication")["mean_trust"].nunique() for s in start]
    assert (spread[0] == 1).all()
    assert (spread[1] == 4).all()


def test_spin_ups_are_reused_on_resume_and_cleared_by_overwrite(tmp_path, files):
    spec = write(tmp_path / "s.toml", SWEEP.format(option=""))
    first = sweep(spec, tmp_path / "out", engine="serial", **QUIET)
    folder = tmp_path / "out" / "levers"
    for name in ("steps", "runs"):  # the runs are lost, their spin-ups are kept
        (folder / f"{name}.parquet").unlink()
    again = sweep(spec, tmp_path / "out", engine="serial", **QUIET)
    assert again.metadata["sessions"][-1]["spinups"] == 0
    assert again.metadata["sessions"][-1]["runs"] == 8
    assert_frame_equal(again.steps, first.steps)
    stray = folder / "spinup" / "notes.txt"
    stray.write_text("mine")
    fresh = sweep(spec, tmp_path / "out", engine="serial", overwrite=True, **QUIET)
    assert fresh.metadata["sessions"][-1]["spinups"] == 2
    assert stray.exists()  # only the tool's own files are deleted
    assert_frame_equal(fresh.steps, first.steps)


def test_a_spin_up_file_of_another_experiment_is_recomputed(tmp_path, files):
    spec = write(tmp_path / "s.toml", SWEEP.format(option=""))
    first = sweep(spec, tmp_path / "out", engine="serial", **QUIET)
    folder = tmp_path / "out" / "levers"
    target = folder / "spinup" / spinup_files(folder)[0]
    spun = spinups.load(target)
    spinups.save(target, SpunUp(spun.arrays, spun.weeks, spun.params), "another experiment")
    for name in ("steps", "runs"):
        (folder / f"{name}.parquet").unlink()
    again = sweep(spec, tmp_path / "out", engine="serial", **QUIET)
    assert again.metadata["sessions"][-1]["spinups"] == 1
    assert spinups.load(target, first.metadata["fingerprint"]) is not None
    assert_frame_equal(again.steps, first.steps)


def test_a_bad_spinup_option_is_one_line_with_file_and_line(tmp_path, files):
    spec = write(tmp_path / "s.toml", SWEEP.format(option='spinup = "everything"'))
    with pytest.raises(UserError) as info:
        load_sweep(spec)
    lines = [line for line in info.value.problems if "spinup" in line]
    assert lines == [f"{spec}:4: spinup = 'everything': must be one of 'base', 'point'"]


def test_metadata_of_a_run_without_spin_up(tmp_path, files):
    text = SCENARIO.format(name="none", extra="").replace("spinup_weeks = 25", "spinup_weeks = 0")
    res = compare(
        [write(tmp_path / "n.toml", text)], tmp_path / "out", name="n", engine="serial", **QUIET
    )
    assert res.metadata["spinup"]["spinups"] == 0
    assert not (tmp_path / "out" / "n" / "spinup").exists()
    assert json.loads(res.points.loc[0, "params"])["spinup_weeks"] == 0


@pytest.mark.default_spinup
def test_the_default_model_spins_up_for_the_documented_weeks():
    from microgov_sim.model.params import DEFAULTS, PARAMETER_SPECS

    assert DEFAULTS["spinup_weeks"] == PARAMETER_SPECS["spinup_weeks"].default == 1000
    model = MicroGovModel(rng=1, n_households=100)
    assert model.state.history_weeks == 1000
    assert model.state.issues.created.min() < -900  # issues of the spin-up are in the book


def test_a_replay_starts_from_the_same_spin_up(tmp_path, files):
    from microgov_sim.experiments.snapshots import replay

    spec = write(tmp_path / "s.toml", SWEEP.format(option=""))
    res = sweep(spec, tmp_path / "out", engine="serial", **QUIET)
    saved = res.steps[(res.steps["point"] == 0) & (res.steps["replication"] == 1)]
    for keep_files in (True, False):  # loaded from the folder, or computed again
        if not keep_files:
            spinups.clear(res.path)
        model = replay(res, "a", 1)  # point 0: the sweep's first point, under the base's levers
        assert np.array_equal(table(model)["backlog"].to_numpy(), saved["backlog"].to_numpy())
        assert np.array_equal(table(model)["mean_trust"].to_numpy(), saved["mean_trust"].to_numpy())


def test_engines_share_spin_ups_and_give_identical_results(tmp_path, files):
    from microgov_sim.experiments.engines import ENGINES

    spec = write(tmp_path / "s.toml", SWEEP.format(option=""))
    frames = {}
    for engine in ENGINES:
        res = sweep(spec, tmp_path / engine, engine=engine, jobs=2, batch=3, **QUIET)
        assert res.metadata["sessions"][0]["spinups"] == 2
        assert len(spinup_files(tmp_path / engine / "levers")) == 2
        frames[engine] = res
    for engine in set(ENGINES) - {"serial"}:
        assert_frame_equal(frames[engine].steps, frames["serial"].steps)
        runs = [frames[e].runs.drop(columns="seconds") for e in (engine, "serial")]
        assert_frame_equal(*runs)
