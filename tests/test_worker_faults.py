"""Worker processes that die mid-sweep (issue #14, point 6).

A worker killed by the system (the out-of-memory killer, say) is reported with the runs it
held; those runs run again and the results equal an uninterrupted serial sweep. A run that
kills its worker every time, or a cluster left without a worker, stops the sweep with one line
naming the runs not done, the finished runs kept and the folder resumable. The kills are
deterministic: :class:`KillsItsWorker` kills the process it runs in when it builds a chosen run.
"""

import functools
import json
import multiprocessing
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from pandas.testing import assert_frame_equal

from microgov_sim import MicroGovModel, load_results, sweep
from microgov_sim.experiments import dask_engine, runner
from microgov_sim.experiments.engines import execute_chunks
from microgov_sim.experiments.seeds import replication_seed
from microgov_sim.experiments.worker_faults import WorkersLostError, run_list

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

QUIET = {"progress": False}
BASE = 'name = "base"\nsteps = 4\n[params]\nn_households = 50\n'
SWEEP = """
name = "faults"
base = "base.toml"
replications = 2
seed = 3

[vary]
micro_autonomy = [0.1, 0.4, 0.7, 1.0]
"""
# 8 runs, run_id = 2 * point + replication; batches of 2: [0, 1], [2, 3], [4, 5], [6, 7]
VICTIM = (replication_seed(3, 0), 0.4)  # run 2


class KillsItsWorker(MicroGovModel):
    """Kills its own process when built for run ``victim`` (seed, micro_autonomy), as the
    out-of-memory killer would; with a ``marker`` file only the first time, and every run
    when ``victim`` is None. Never kills ``main_pid``, the test process.
    """

    def __init__(self, *, victim, marker, main_pid, delay=0.0, **kwargs):
        chosen = victim is None or (kwargs["rng"], kwargs.get("micro_autonomy")) == victim
        if chosen and (marker is None or not marker.exists()):
            if os.getpid() == main_pid:
                raise RuntimeError("this run would kill the test process")
            if marker is not None:
                marker.touch()
            time.sleep(delay)
            os.kill(os.getpid(), signal.SIGKILL)
        super().__init__(**kwargs)


def killer(victim=VICTIM, marker=None, delay=0.0):
    """The model class for a sweep: a picklable partial of :class:`KillsItsWorker`."""
    return functools.partial(
        KillsItsWorker, victim=victim, marker=marker, main_pid=os.getpid(), delay=delay
    )


@pytest.fixture
def spec(tmp_path):
    (tmp_path / "base.toml").write_text(BASE)
    path = tmp_path / "faults.toml"
    path.write_text(SWEEP)
    return path


@pytest.fixture
def serial(spec, tmp_path):
    """The same sweep, uninterrupted, serially."""
    return sweep(spec, tmp_path / "serial", engine="serial", **QUIET)


def assert_same_results(results, expected):
    assert results.complete
    assert_frame_equal(results.steps, expected.steps)
    assert_frame_equal(results.runs.drop(columns="seconds"), expected.runs.drop(columns="seconds"))


def processes_of(pid: int) -> dict[int, int]:
    """Every running process below ``pid``: {pid: parent pid} (Linux /proc)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    below, todo = {}, [pid]
    while todo:
        parent = todo.pop()
        for child, of in parents.items():
            if of == parent:
                below[child] = parent
                todo.append(child)
    return below


def worker_processes() -> set[int]:
    """The processes engine's workers still running: children of this process's forkserver."""
    below = processes_of(os.getpid())
    servers = {pid for pid in below if b"forkserver" in Path(f"/proc/{pid}/cmdline").read_bytes()}
    return {
        pid for pid, parent in below.items() if parent in servers and below[parent] == os.getpid()
    }


def test_run_list_names_runs_as_ranges():
    assert run_list([4]) == "run 4"
    assert run_list([5, 3, 4, 9, 4]) == "runs 3-5, 9"
    assert run_list(range(0, 100, 2), most=3) == "runs 0, 2, 4, ... (50 runs)"


def test_a_killed_worker_is_reported_and_its_runs_run_again(spec, serial, tmp_path, capsys):
    marker = tmp_path / "killed-once"
    out = tmp_path / "out"
    results = sweep(
        spec, out, engine="processes", jobs=2, batch=2, model_class=killer(marker=marker), **QUIET
    )
    err = capsys.readouterr().err
    assert marker.exists(), "the chosen run never ran in a worker"
    assert re.search(
        r"^microgov: worker process \d+ was killed by SIGKILL \(out of memory\?\) while running "
        r"runs 2-3; they run again, one by one$",
        err,
        re.MULTILINE,
    ), err
    assert "Traceback" not in err
    assert_same_results(results, serial)
    assert results.metadata["sessions"][-1]["runs"] == 8
    assert not worker_processes()


def test_a_run_that_always_kills_its_worker_stops_cleanly(spec, serial, tmp_path, capsys):
    out = tmp_path / "out"
    with pytest.raises(WorkersLostError) as info:
        sweep(spec, out, engine="processes", jobs=2, batch=2, model_class=killer(), **QUIET)
    assert str(info.value) == (
        "run 2 not done: the worker process died each time (2 times; out of memory?); every "
        "other run is saved -- give the same command again to retry"
    )
    assert info.value.run_ids == [2]
    lines = [line for line in capsys.readouterr().err.splitlines() if line]
    assert len(lines) == 2, lines
    assert lines[0].endswith("while running runs 2-3; they run again, one by one")
    assert lines[1].endswith("while running run 2; run 2 given up (its worker died 2 times)")
    assert not worker_processes()

    partial = load_results(out / "faults")
    assert partial.metadata["status"] == "stopped"
    assert partial.metadata["sessions"][-1]["runs_not_done"] == [2]
    assert sorted(partial.runs["run_id"]) == [0, 1, 3, 4, 5, 6, 7]
    resumed = sweep(spec, out, engine="processes", jobs=2, batch=2, **QUIET)
    assert resumed.metadata["sessions"][-1]["runs"] == 1
    assert_same_results(resumed, serial)


def test_the_command_says_it_in_one_line_and_exits_2(spec, tmp_path, capsys, monkeypatch):
    from microgov_sim.interfaces.cli import main  # not at the top: workers import this file

    def with_the_killer(chunks, engine, jobs, scheduler, model_class):
        return execute_chunks(chunks, engine, jobs, scheduler, killer())

    monkeypatch.setattr(runner, "execute_chunks", with_the_killer)
    out = tmp_path / "out"
    command = ["sweep", str(spec), "--engine", "processes", "--jobs", "2", "--batch", "2"]
    assert main([*command, "--quiet", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.splitlines()[-1] == (
        "microgov: error: run 2 not done: the worker process died each time (2 times; out of "
        "memory?); every other run is saved -- give the same command again to retry"
    )
    meta = json.loads((out / "faults" / "metadata.json").read_text())
    assert meta["status"] == "stopped"


def test_workers_that_keep_dying_stop_the_sweep(spec, tmp_path, capsys):
    with pytest.raises(WorkersLostError) as info:
        sweep(
            spec, tmp_path, engine="processes", jobs=2, batch=2, model_class=killer(None), **QUIET
        )
    assert re.fullmatch(
        r"worker processes keep dying \(5 in a row, the last was killed by SIGKILL \(out of "
        r"memory\?\)\); stopped with runs 0-7 not done; every finished run is saved -- give "
        r"the same command again to resume",
        str(info.value),
    )
    assert len(capsys.readouterr().err.strip().splitlines()) == 5  # one line a death
    assert load_results(tmp_path / "faults").metadata["status"] == "stopped"
    assert not worker_processes()


def test_a_fault_outside_the_runs_is_raised_not_retried():
    # not a run's error (those are recorded) nor a death: a bug, raised as before
    with pytest.raises(RuntimeError, match=r"(?s)a worker process failed:.*AttributeError") as info:
        list(execute_chunks([["not a task"], ["nor this"]], engine="processes", jobs=2))
    assert "Traceback" in str(info.value)
    assert not worker_processes()


# ---------------------------------------------------------------------- Dask
def test_a_dask_worker_that_dies_is_reported_and_its_runs_run_again(spec, serial, tmp_path, capsys):
    marker = tmp_path / "killed-once"
    results = sweep(
        spec,
        tmp_path / "out",
        engine="dask",
        jobs=1,
        batch=2,
        model_class=killer(marker=marker, delay=1.0),  # once the last batch is reported
        **QUIET,
    )
    err = capsys.readouterr().err
    assert marker.exists()
    # the engine hands a worker one batch at a time: it held the one it was running
    found = re.findall(
        r"^microgov: Dask worker tcp://127\.0\.0\.1:\d+ died holding runs ([-0-9, ]+); "
        r"they run again, one by one$",
        err,
        re.MULTILINE,
    )
    assert found == ["2-3"], err
    assert "marked as failed" not in err  # said once, by us
    assert "Restarting worker" not in err
    assert_same_results(results, serial)


def test_a_dask_sweep_whose_only_worker_dies_stops(spec, tmp_path, capsys, monkeypatch):
    """A user's cluster: a scheduler and one worker without a nanny, which nothing restarts."""
    from dask.distributed import Client, LocalCluster

    monkeypatch.setattr(dask_engine, "NO_WORKER_WAIT", 3.0)
    tests = Path(__file__).parent  # the worker imports KillsItsWorker from this file
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tests.parent), str(tests)])}
    options = {"dashboard_address": "127.0.0.1:0"}  # its HTTP server, not on port 8787
    with LocalCluster(
        n_workers=0, host="127.0.0.1", dashboard_address=None, scheduler_kwargs=options
    ) as cluster:
        address = cluster.scheduler_address
        command = [sys.executable, "-m", "distributed.cli.dask_worker", address, "--no-nanny"]
        command += ["--nthreads", "1", "--host", "127.0.0.1", "--dashboard-address", "127.0.0.1:0"]
        command += ["--local-directory", str(tmp_path / "dask")]
        worker = subprocess.Popen(
            command,
            env=env,
            stderr=subprocess.DEVNULL,
        )
        try:
            with Client(address) as client:
                client.wait_for_workers(1, timeout=60)
            started = time.monotonic()
            with pytest.raises(WorkersLostError) as info:
                sweep(
                    spec,
                    tmp_path / "out",
                    scheduler=address,
                    batch=2,
                    model_class=killer(delay=1.0),
                    **QUIET,
                )
            seconds = time.monotonic() - started
            assert worker.wait(timeout=10) == -signal.SIGKILL
        finally:
            worker.kill()
            worker.wait()
    partial = load_results(tmp_path / "out" / "faults")
    assert partial.metadata["status"] == "stopped"
    saved = sorted(partial.runs["run_id"])
    assert saved == [0, 1]  # the first batch; the worker died a second into the next one
    assert str(info.value) == (
        f"the Dask cluster at {address} has had no worker for 3 s; stopped with runs 2-7 not "
        "done; every finished run is saved -- give the same command again to resume"
    )
    assert seconds < 20
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2, lines
    assert re.fullmatch(
        rf"microgov: Dask worker tcp://127\.0\.0\.1:\d+ left the Dask cluster at {address} "
        r"holding runs 2-3; Dask runs them again",
        lines[0],
    )
    assert lines[1] == (
        f"microgov: the Dask cluster at {address} has no worker; waiting up to 3 s for one"
    )


def listening_sockets(pids) -> dict[int, str]:
    """The listening TCP sockets of ``pids``: {inode: local address} (Linux /proc)."""
    inodes = set()
    for pid in pids:
        for fd in Path(f"/proc/{pid}/fd").glob("*"):
            with_target = os.readlink(fd) if fd.is_symlink() else ""
            if with_target.startswith("socket:["):
                inodes.add(int(with_target[8:-1]))
    found = {}
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and int(fields[9]) in inodes:  # 0A: LISTEN
                found[int(fields[9])] = decode_address(fields[1])
    return found


def decode_address(text: str) -> str:
    """``0100007F:1F90`` -> ``127.0.0.1``; IPv6 as written by the kernel, in hex words."""
    host = text.split(":")[0]
    if len(host) == 8:
        return ".".join(str(b) for b in reversed(bytes.fromhex(host)))
    return host


def test_the_local_dask_cluster_listens_on_127_0_0_1_only():
    with dask_engine.local_cluster(2) as cluster:
        assert len(cluster.scheduler_info["workers"]) == 2
        sockets = listening_sockets([os.getpid(), *processes_of(os.getpid())])
        assert len(sockets) >= 4  # the scheduler, and each worker and its nanny
        assert set(sockets.values()) == {"127.0.0.1"}, sockets
        http = cluster.scheduler.http_server
        assert http.port != 8787  # not the dashboard's port, which another cluster may hold
        with pytest.raises(urllib.error.HTTPError, match="404"):  # and no dashboard
            urllib.request.urlopen(f"http://127.0.0.1:{http.port}/status", timeout=10)


def test_a_spin_up_whose_worker_dies_each_time_is_named_by_its_key():
    # a spin-up task has no run id (it raised AttributeError before): it is retried and
    # then given up under its key, beside the runs given up
    from types import SimpleNamespace

    from microgov_sim.experiments.worker_faults import RETRIES, Retries

    spin, run = SimpleNamespace(key="abc123"), SimpleNamespace(run_id=7)
    retries = Retries()
    for _ in range(RETRIES):
        again, fate = retries.charge([spin, run])
        assert again == [[spin], [run]]
        assert "again" in fate
    again, fate = retries.charge([spin, run])
    assert again == []
    assert "run 7, spin-up abc123 given up" in fate
    with pytest.raises(WorkersLostError, match="run 7, spin-up abc123 not done") as caught:
        retries.check()
    assert caught.value.run_ids == [7]


class SpinUpKillsItsWorker(MicroGovModel):
    """Kills the worker process computing any spin-up (never the test process)."""

    @classmethod
    def spin_up(cls, seed, weeks, params):
        if multiprocessing.parent_process() is not None:  # a worker, never the test process
            os.kill(os.getpid(), signal.SIGKILL)
        return super().spin_up(seed, weeks, params)


def test_a_spin_up_that_always_kills_its_worker_stops_cleanly(tmp_path, capsys):
    (tmp_path / "base.toml").write_text(
        BASE.replace("n_households = 50", "n_households = 50\nspinup_weeks = 2")
    )
    spec = tmp_path / "faults.toml"
    spec.write_text(SWEEP)  # two spin-ups (one per replication): the pool runs them
    with pytest.raises(WorkersLostError, match=r"spin-up [0-9a-f]{16}.* not done") as info:
        sweep(
            spec,
            tmp_path / "out",
            engine="processes",
            jobs=2,
            model_class=SpinUpKillsItsWorker,
            **QUIET,
        )
    assert info.value.run_ids == []  # no run was lost: spin-ups are named by key
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert re.search(r"while running spin-up [0-9a-f]{16}", err)
    assert not worker_processes()
