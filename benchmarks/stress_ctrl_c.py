"""Ctrl-C to a running sweep, many times over, optionally on a loaded machine.

Starts ``microgov sweep`` (the slow sweep of ``tests/test_runner.py``) in a new session,
sends SIGINT to its whole process group as a terminal's Ctrl-C does, and checks what the
test checks: exit code 130, one line on stderr, no process left. Prints one line per try
and the failure count at the end.

    python benchmarks/stress_ctrl_c.py --tries 20                 # after the first batch
    python benchmarks/stress_ctrl_c.py --tries 20 --load 2        # two busy loops beside it
    python benchmarks/stress_ctrl_c.py --at start-up,1,12 --tries 4
    python benchmarks/stress_ctrl_c.py --at 3.5,5 --engine processes

Moments (``--at``): ``start-up`` (as soon as the command has two child processes: a worker
is starting), ``N`` (once N batches are saved; 12 is the last: the cluster is closing) or
``Ns`` (N seconds after the start).

A failure prints the exit code and the last lines of stderr (``LINES_SHOWN``, default 12).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SWEEP = """
name = "slow"
base = "base.toml"
replications = 3
seed = 21

[vary]
micro_autonomy = [0.1, 0.4, 0.7, 1.0]
"""
BASE = 'name = "base"\nsteps = 40\n[params]\nn_households = 1500\n'
LINE = "microgov: interrupted; finished runs are saved -- give the same command again to resume"


def _busy(parent: int) -> None:
    while os.getppid() == parent:  # a busy core, until this script ends (killed or not)
        pass


def _group_left(pgid: int) -> list[int]:
    """Processes still in process group ``pgid`` (Linux /proc)."""
    left = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            left.append(int(stat.parent.name))
    return left


def _children(pid: int) -> int:
    count = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            count += int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid
        except OSError:
            continue
    return count


def _reached(at: str, pid: int, parts: Path, waited: float) -> bool:
    if at == "start-up":
        return _children(pid) >= 2  # multiprocessing's resource tracker, and a worker
    if at.endswith("s"):
        return waited >= float(at[:-1])
    return len(list(parts.glob("runs-*.parquet"))) >= int(at)


def one_try(folder: Path, engine: str, at: str) -> tuple[bool, str]:
    """One sweep stopped by Ctrl-C: whether all is as it should be, and what happened."""
    (folder / "base.toml").write_text(BASE)
    (folder / "slow.toml").write_text(SWEEP)
    command = [sys.executable, "-m", "microgov_sim", "sweep", str(folder / "slow.toml")]
    command += ["--engine", engine, "--jobs", "2", "--batch", "1", "--quiet"]
    command += ["--out", str(folder / "out")]
    started = time.monotonic()
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, start_new_session=True)
    parts = folder / "out" / "slow" / "parts"
    while proc.poll() is None:
        if _reached(at, proc.pid, parts, time.monotonic() - started):
            break
        time.sleep(0.02)
    sent = time.monotonic() - started
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        _, err = proc.communicate()
        return False, f"SIGINT at {sent:.2f} s: still running after 120 s"
    deadline = time.monotonic() + 20
    while (left := _group_left(proc.pid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    ok = proc.returncode == 130 and err.splitlines() == [LINE] and not left
    what = f"SIGINT at {at} ({sent:.2f} s): exit {proc.returncode}, {len(err.splitlines())} lines"
    if left:
        what += f", left {left}"
        for pid in left:
            os.kill(pid, signal.SIGKILL)
    if not ok:
        what += "\n    " + "\n    ".join(
            err.splitlines()[-int(os.environ.get("LINES_SHOWN", 12)) :]
        )
    return ok, what


def main() -> int:
    """Run the tries; the exit code is the number of failures (at most 100)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tries", type=int, default=10, help="tries for each moment")
    parser.add_argument("--engine", default="dask")
    parser.add_argument("--load", type=int, default=0, help="busy-loop processes beside it")
    parser.add_argument("--at", default="1", help="moments, comma-separated (default 1)")
    args = parser.parse_args()
    moments = args.at.split(",")
    busy = [
        multiprocessing.Process(target=_busy, args=(os.getpid(),), daemon=True)
        for _ in range(args.load)
    ]
    for process in busy:
        process.start()
    failures = 0
    try:
        for i in range(args.tries):
            for at in moments:
                with tempfile.TemporaryDirectory() as folder:
                    ok, what = one_try(Path(folder), args.engine, at)
                failures += not ok
                print(f"{i + 1:3} {'ok  ' if ok else 'FAIL'} {what}", flush=True)
    finally:
        for process in busy:
            process.terminate()
    print(f"{failures} of {args.tries * len(moments)} failed")
    return min(failures, 100)


if __name__ == "__main__":
    sys.exit(main())
