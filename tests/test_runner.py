import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import mesa
import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from microgov_sim import MicroGovModel, load_results, run, sweep
from microgov_sim.experiments import runner
from microgov_sim.experiments.engines import (
    ENGINES,
    Engine,
    chunk_tasks,
    execute_chunks,
    run_serial,
)
from microgov_sim.experiments.errors import UserError
from microgov_sim.experiments.seeds import replication_seed
from microgov_sim.model.outcomes import OUTCOMES

QUIET = {"progress": False}


def comparable(frame):
    """Results without wall-clock timings."""
    return frame.drop(columns=["seconds"], errors="ignore")


def test_run_tables_match_a_direct_model_run(tmp_path, tiny_files):
    results = run(tiny_files[0], tmp_path, engine="serial", **QUIET)
    assert results.complete
    assert len(results.runs) == 3
    assert len(results.steps) == 3 * 9  # steps 0..8 for each replication
    assert list(results.steps.columns[:6]) == [
        "run_id",
        "point",
        "scenario",
        "replication",
        "seed",
        "step",
    ]
    seed = replication_seed(5, 1)
    model = MicroGovModel(
        rng=seed,
        n_households=200,
        admin_penetration=0.6,
        participation_window=4,
        outcome_window=4,
        policy_timeline={5: {"admin_penetration": 0.1}},
    )
    model.run_for(8)
    direct = model.datacollector.get_model_vars_dataframe()[list(OUTCOMES)].astype(float)
    mine = results.steps[results.steps["replication"] == 1]
    assert (mine["seed"] == seed).all()
    assert np.array_equal(mine[list(OUTCOMES)].to_numpy(), direct.to_numpy(), equal_nan=True)
    row = results.runs.iloc[1]
    assert row["backlog_final"] == direct["backlog"].iloc[-1]
    assert row["backlog_tail"] == pytest.approx(direct["backlog"].iloc[-1:].mean())


def test_metadata_carries_provenance(tmp_path, tiny_files):
    results = run(tiny_files[0], tmp_path, engine="serial", **QUIET)
    meta = json.loads((tmp_path / "tiny" / "metadata.json").read_text())
    assert meta["format_version"] == 2
    assert meta["status"] == "complete"
    assert meta["seeds"] == [replication_seed(5, r) for r in range(3)]
    assert meta["versions"]["mesa"].startswith("3.")
    assert {"numpy", "pandas", "pyarrow", "SALib"} <= set(meta["versions"])
    assert 'name = "tiny"' in next(iter(meta["sources"].values()))
    assert meta["sessions"][0]["runs"] == 3
    assert json.loads(results.points.loc[0, "params"])["n_households"] == 200


def test_engines_give_identical_results(tmp_path, tiny_files):
    frames = {}
    for engine in ENGINES:  # every registered engine
        res = sweep(tiny_files[1], tmp_path / engine, engine=engine, jobs=2, batch=3, **QUIET)
        assert res.complete
        frames[engine] = res
    assert {"serial", "processes", "dask"} <= set(frames)
    for engine in set(ENGINES) - {"serial"}:
        assert_frame_equal(frames[engine].steps, frames["serial"].steps)
        assert_frame_equal(comparable(frames[engine].runs), comparable(frames["serial"].runs))
    assert len(frames["serial"].runs) == 8
    assert set(frames["serial"].steps["unit_scale"]) == {"doorway", "compound"}


@pytest.mark.parametrize(("parallel", "workers"), [(True, 3), (False, 1)])
def test_a_new_engine_is_one_registry_entry(tmp_path, tiny_files, monkeypatch, parallel, workers):
    calls, batched_for = [], []

    def recording(chunks, model_class, jobs, address):
        calls.append((len(chunks), jobs, address))
        yield from run_serial(chunks, model_class)

    def chunks_for(tasks, n_workers, batch=None):
        batched_for.append(n_workers)
        return chunk_tasks(tasks, n_workers, batch)

    monkeypatch.setitem(ENGINES, "recording", Engine(recording, parallel=parallel))
    monkeypatch.setattr(runner, "chunk_tasks", chunks_for)
    res = sweep(tiny_files[1], tmp_path, engine="recording", jobs=3, batch=3, **QUIET)
    assert res.complete
    assert len(res.runs) == 8
    assert calls == [(3, 3, None)]  # 8 runs in batches of 3
    assert batched_for == [workers]  # the runner asks the entry, not the engine's name


def test_an_engine_prepares_once_before_its_runs(tmp_path, tiny_files, monkeypatch):
    events = []

    def recording(chunks, model_class, jobs, address):
        events.append("runs")
        yield from run_serial(chunks, model_class)

    def prepare(jobs, n_tasks):
        events.append(("prepare", jobs, n_tasks))

    monkeypatch.setitem(ENGINES, "recording", Engine(recording, prepare=prepare))
    res = sweep(tiny_files[1], tmp_path, engine="recording", jobs=3, **QUIET)
    assert res.complete
    assert events == [("prepare", 3, 8), "runs"]  # the 8 runs' tasks, before any runs
    with pytest.raises(UserError, match="different experiment"):
        sweep(tiny_files[1], tmp_path, engine="recording", jobs=3, seed=10, **QUIET)
    assert events == [("prepare", 3, 8), "runs"]  # a refused sweep starts nothing


def test_engines_batch_for_their_workers():
    # as before the registry said it: serial batches for one worker, the others for every job
    workers = {name: engine.workers(4) for name, engine in ENGINES.items()}
    assert workers == {"serial": 1, "processes": 4, "dask": 4}
    assert chunk_tasks(list(range(64)), workers["serial"]) != chunk_tasks(list(range(64)), 4)


@pytest.mark.parametrize("n", [1, 5, 64, 999])
@pytest.mark.parametrize("workers", [2, 4])
def test_batches_shrink_toward_the_end_so_workers_finish_together(n, workers):
    chunks = chunk_tasks(list(range(n)), workers)
    assert [t for c in chunks for t in c] == list(range(n))  # every run once, in order
    sizes = [len(c) for c in chunks]
    assert sizes == sorted(sizes, reverse=True)
    assert max(sizes) <= 32
    assert sizes[-1] == 1
    for i, size in enumerate(sizes):  # none above what is left over twice the workers
        assert size <= max(1, (n - sum(sizes[:i])) // (2 * workers))
    assert len(chunk_tasks(list(range(n)), workers, batch=3)[0]) == min(3, n)  # as asked


def test_unknown_engine_lists_the_registered_ones(tmp_path, tiny_files):
    with pytest.raises(UserError, match="engine 'gpu': must be one of ") as info:
        execute_chunks([], engine="gpu")
    assert str(info.value).endswith(", ".join(ENGINES))
    with pytest.raises(UserError, match="engine 'gpu': must be one of "):
        run(tiny_files[0], tmp_path / "out", engine="gpu", **QUIET)
    assert not (tmp_path / "out").exists()  # refused before the results folder is made


class FailsOnReplication1(MicroGovModel):
    def step(self):
        if self._seed == replication_seed(9, 1) and self.steps == 3:
            raise RuntimeError("deliberately broken")
        super().step()


def test_a_failing_run_is_recorded_and_the_sweep_goes_on(tmp_path, tiny_files):
    res = sweep(tiny_files[1], tmp_path, engine="serial", model_class=FailsOnReplication1, **QUIET)
    assert res.complete
    assert len(res.runs) == 4
    assert len(res.errors) == 4
    assert set(res.errors["replication"]) == {1}
    assert (res.errors["error"] == "RuntimeError: deliberately broken").all()
    assert json.loads(res.errors["params"].iloc[0])["n_households"] == 200
    assert "Traceback" in res.errors["traceback"].iloc[0]


def test_other_experiment_in_same_folder_is_refused(tmp_path, tiny_files):
    run(tiny_files[0], tmp_path, engine="serial", **QUIET)
    with pytest.raises(UserError, match="different experiment"):
        run(tiny_files[0], tmp_path, engine="serial", seed=6, **QUIET)
    res = run(tiny_files[0], tmp_path, engine="serial", seed=6, overwrite=True, **QUIET)
    assert res.metadata["master_seed"] == 6


def test_rerunning_a_finished_experiment_runs_nothing(tmp_path, tiny_files):
    first = run(tiny_files[0], tmp_path, engine="serial", **QUIET)
    again = run(tiny_files[0], tmp_path, engine="serial", **QUIET)
    assert again.metadata["sessions"][-1]["runs"] == 0
    assert_frame_equal(again.steps, first.steps)


SLOW_SWEEP = """
name = "slow"
base = "base.toml"
replications = 3
seed = 21

[vary]
micro_autonomy = [0.1, 0.4, 0.7, 1.0]
"""
SLOW_BASE = 'name = "base"\nsteps = 40\n[params]\nn_households = 1500\n'


def test_sigkill_mid_sweep_then_resume_gives_identical_results(tmp_path):
    (tmp_path / "base.toml").write_text(SLOW_BASE)
    spec = tmp_path / "slow.toml"
    spec.write_text(SLOW_SWEEP)
    command = [sys.executable, "-m", "microgov_sim", "sweep", str(spec), "--engine", "serial"]
    command += ["--batch", "1", "--quiet", "--out"]
    parts = tmp_path / "killed" / "slow" / "parts"
    proc = subprocess.Popen([*command, str(tmp_path / "killed")])
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(parts.glob("runs-*.parquet"))) < 3:
        assert proc.poll() is None, "the sweep ended before it could be killed"
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    saved = len(list(parts.glob("runs-*.parquet")))
    assert 3 <= saved < 12
    partial = load_results(tmp_path / "killed" / "slow")
    assert not partial.complete
    assert len(partial.runs) == saved

    subprocess.run([*command, str(tmp_path / "killed")], check=True)
    subprocess.run([*command, str(tmp_path / "whole")], check=True)
    resumed = load_results(tmp_path / "killed" / "slow")
    whole = load_results(tmp_path / "whole" / "slow")
    assert resumed.complete
    assert resumed.metadata["sessions"][1]["runs"] == 12 - saved
    assert not parts.exists()
    assert_frame_equal(resumed.steps, whole.steps)
    assert_frame_equal(comparable(resumed.runs), comparable(whole.runs))


def test_summary_confidence_intervals(tmp_path, tiny_files):
    res = run(tiny_files[0], tmp_path, engine="serial", **QUIET)
    table = res.summary(["mean_trust"]).iloc[0]
    values = res.runs["mean_trust_tail"].to_numpy()
    half = 4.302652729911275 * values.std(ddof=1) / np.sqrt(3)  # t(0.975, df=2)
    assert table["n"] == 3
    assert table["mean"] == pytest.approx(values.mean())
    assert table["ci_low"] == pytest.approx(values.mean() - half)
    assert table["ci_high"] == pytest.approx(values.mean() + half)
    series = res.timeseries(["backlog"])
    assert len(series) == 9
    last = res.steps[res.steps["step"] == 8]["backlog"].mean()
    assert series.iloc[-1]["mean"] == pytest.approx(last)


def test_loads_format_version_1(tmp_path):
    """Format 1 is what `microgov run` of microgov-sim 0.1 wrote: outcomes.csv + metadata."""
    model = MicroGovModel(rng=3, n_households=200)
    model.run_for(10)
    df = model.datacollector.get_model_vars_dataframe()
    df.index.name = "step"
    df.assign(seed=3).to_csv(tmp_path / "outcomes.csv")
    meta = {"format_version": 1, "parameters": {"n_households": 200}, "seed": 3, "steps": 10}
    (tmp_path / "metadata.json").write_text(json.dumps(meta))
    res = load_results(tmp_path)
    assert res.complete
    assert len(res.steps) == 11
    assert res.runs.loc[0, "backlog_final"] == df["backlog"].iloc[-1]
    assert res.summary(["backlog"]).loc[0, "n"] == 1


def test_unknown_format_version_is_a_clear_error(tmp_path):
    (tmp_path / "metadata.json").write_text('{"format_version": 99}')
    with pytest.raises(UserError, match=r"format_version 99 is not supported .*reads 1, 2\)"):
        load_results(tmp_path)
    (tmp_path / "metadata.json").write_text('{"format_version": true}')
    with pytest.raises(UserError, match="format_version True is not supported"):
        load_results(tmp_path)
    with pytest.raises(UserError, match="not a results folder"):
        load_results(tmp_path / "nothing")


def test_mesa_batch_run_works():
    rows = mesa.batch_run(
        MicroGovModel,
        parameters={"n_households": 150, "admin_penetration": [0.1, 0.9]},
        rng=[1, 2],
        max_steps=5,
        number_processes=1,
        data_collection_period=-1,
        display_progress=False,
    )
    frame = pd.DataFrame(rows)
    assert len(frame) == 4
    assert set(frame["admin_penetration"]) == {0.1, 0.9}
    assert (frame["Step"] == 5).all()
    assert frame["participation_4w"].between(0, 1).all()


def test_dask_engine_with_an_existing_scheduler(tmp_path, tiny_files):
    from dask.distributed import LocalCluster

    serial = run(tiny_files[0], tmp_path / "serial", engine="serial", **QUIET)
    with LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=False,
        dashboard_address=None,
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},  # not port 8787, maybe taken
    ) as cluster:
        remote = run(
            tiny_files[0], tmp_path / "remote", scheduler=cluster.scheduler_address, **QUIET
        )
    assert remote.metadata["engine"] == "dask"
    assert_frame_equal(remote.steps, serial.steps)


def test_unreachable_scheduler_is_a_user_error(tmp_path, tiny_files):
    with pytest.raises(UserError, match="cannot connect to Dask"):
        run(tiny_files[0], tmp_path, scheduler="tcp://127.0.0.1:9", **QUIET)


def test_a_mesa_scenario_gives_parameters_and_rng():
    from mesa.experimental.scenarios import Scenario

    from_scenario = MicroGovModel(scenario=Scenario(rng=3, n_households=150, micro_autonomy=0.9))
    assert from_scenario.p.n_households == 150
    assert from_scenario.p.micro_autonomy == 0.9
    direct = MicroGovModel(rng=3, n_households=150, micro_autonomy=0.9)
    from_scenario.run_for(5)
    direct.run_for(5)
    pd.testing.assert_frame_equal(
        from_scenario.datacollector.get_model_vars_dataframe(),
        direct.datacollector.get_model_vars_dataframe(),
    )
    # explicit keywords win over the scenario (SolaraViz passes the sliders' values and rng)
    model = MicroGovModel(rng=4, scenario=Scenario(n_households=150), n_households=200)
    assert model.p.n_households == 200
    with pytest.raises(ValueError, match="micro_autonomy"):
        MicroGovModel(scenario=Scenario(micro_autonomy=2.0))


def descendants(pid: int) -> set[int]:
    """Ids of every running process below ``pid`` (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pids: set[int]) -> set[int]:
    return {p for p in pids if Path(f"/proc/{p}").exists()}


def saved(batches: int):
    """Whether a sweep has saved ``batches`` batches (a :func:`start_slow_sweep` moment)."""
    return lambda proc, parts: len(list(parts.glob("runs-*.parquet"))) >= batches


def has_children(count: int):
    """Whether the command has started ``count`` processes (a :func:`start_slow_sweep` moment)."""
    return lambda proc, parts: len(descendants(proc.pid)) >= count


FIRST_BATCH = saved(1)


def start_slow_sweep(tmp_path, engine="processes", until=FIRST_BATCH, base=SLOW_BASE, **popen):
    """The slow sweep (``slow``, 12 runs), running until the moment ``until`` comes."""
    (tmp_path / "base.toml").write_text(base)
    spec = tmp_path / "slow.toml"
    spec.write_text(SLOW_SWEEP)
    command = [sys.executable, "-m", "microgov_sim", "sweep", str(spec), "--engine", engine]
    command += ["--jobs", "2", "--batch", "1", "--quiet", "--out", str(tmp_path / "out")]
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, **popen)
    parts = tmp_path / "out" / "slow" / "parts"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not until(proc, parts):
        assert proc.poll() is None, "the sweep ended before it could be stopped"
        time.sleep(0.01)
    return proc


def wait_gone(pids: set[int], seconds: float = 20.0) -> set[int]:
    deadline = time.monotonic() + seconds
    while alive(pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return alive(pids)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_sigterm_stops_like_ctrl_c_and_leaves_no_worker(tmp_path):
    proc = start_slow_sweep(tmp_path)  # Dask stops the same way as on Ctrl-C (below)
    workers = descendants(proc.pid)
    assert workers, "the processes engine started no worker"
    proc.terminate()
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143
    assert "microgov: terminated; finished runs are saved" in err
    assert load_results(tmp_path / "out" / "slow").metadata["status"] == "interrupted"
    assert not wait_gone(workers)


INTERRUPTED = (
    "microgov: interrupted; finished runs are saved -- give the same command again to resume"
)


def in_group(pgid: int) -> set[int]:
    """Ids of the running processes of process group ``pgid`` (Linux /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.add(int(stat.parent.name))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("engine", ["processes", "dask"])
def test_ctrl_c_in_a_terminal_gives_one_line_and_leaves_no_worker(tmp_path, engine):
    # Ctrl-C signals the terminal's whole foreground process group, workers included. Dask
    # once ran to the end (exit 0): the KeyboardInterrupt was raised in a Dask future's
    # __del__, where Python drops it; the engine now takes it between two rounds of its loop.
    proc = start_slow_sweep(tmp_path, engine, start_new_session=True)
    workers = descendants(proc.pid)
    assert workers
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert err.splitlines() == [INTERRUPTED]
    assert not wait_gone(workers)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("moment", ["start-up", "close"])
def test_ctrl_c_while_a_dask_cluster_starts_or_closes(tmp_path, moment):
    # start-up: a worker process exists (after multiprocessing's resource tracker), starting
    # up, and blocks SIGINT from its first line; close: the last runs are saved, the cluster
    # closes
    if moment == "start-up":
        proc = start_slow_sweep(tmp_path, "dask", has_children(2), start_new_session=True)
    else:  # 12 runs of 10 steps
        base = 'name = "base"\nsteps = 10\n[params]\nn_households = 200\n'
        proc = start_slow_sweep(tmp_path, "dask", saved(12), base, start_new_session=True)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert err.splitlines() == [INTERRUPTED]
    assert load_results(tmp_path / "out" / "slow").metadata["status"] == "interrupted"
    assert not wait_gone(in_group(proc.pid))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("engine", ["processes", "dask"])
def test_workers_die_when_the_main_process_is_killed(tmp_path, engine):
    proc = start_slow_sweep(tmp_path, engine)  # Dask: the local cluster's worker processes
    workers = descendants(proc.pid)
    assert workers
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    assert not wait_gone(workers), "worker processes outlived a kill -9 of their command"
