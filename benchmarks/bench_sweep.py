"""Sweep throughput: the same 64 default runs serially, on 2 local processes, on Dask.

Prints runs per second for each engine and the ratios to serial, measured in one run of this
script (each engine ``--repeats`` times, in turn, each time in a new process as a command
would run it, and the medians), and checks that every engine produced identical tables.
Target (issue #17): 2 processes at least 1.8x serial on a 2-core machine. Each sweep is timed
from after its process's imports, so an engine's start and stop count as they do for a user:
the processes engine's worker server importing the package and loading the kernels, the
serial engine loading them in its own process.

With ``--shared-spinup P`` it measures instead what the shared spin-up costs a sweep: a grid
of ``P`` points over two policy levers (``admin_penetration`` x ``micro_autonomy``) times
``--runs`` replications, once with the default 1,000-week spin-up (shared by the points of a
replication: ``spinup = "base"``) and once without, on ``--jobs`` processes; target (#17): at
most 1.2x.

    python benchmarks/bench_sweep.py --shared-spinup 100 --runs 10   # 2 x 1,000 runs

    python benchmarks/bench_sweep.py            # 64 runs of 3,000 households x 260 steps
    python benchmarks/bench_sweep.py --runs 16  # quicker
    python benchmarks/bench_sweep.py --spinup-weeks 1000   # with each run's spin-up

The runs start from the initial state unless ``--spinup-weeks`` is given: the throughput of
runs is measured apart from the spin-ups, whose count and time are printed when there are any.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
from pandas.testing import assert_frame_equal

from microgov_sim import Experiment, run_experiment
from microgov_sim.experiments.engines import available_cores
from microgov_sim.experiments.scenarios import Scenario
from microgov_sim.experiments.sweeps import sweep_from_dict


def shared_spinup(points: int, replications: int, steps: int, jobs: int) -> None:
    """Time a ``points`` x ``replications`` sweep with its shared spin-up and without."""
    side = round(points**0.5)
    seconds = {}
    with tempfile.TemporaryDirectory() as tmp:
        for weeks in (1000, 0):
            sweep = sweep_from_dict(
                {
                    "name": f"bench_spinup_{weeks}",
                    "base": "status_quo",
                    "replications": replications,
                    "seed": 3,
                    "steps": steps,
                    "spinup": "base",
                    "params": {"spinup_weeks": weeks},
                    "design": {"method": "full_factorial"},
                    "vary": {
                        "admin_penetration": {"low": 0.0, "high": 1.0, "num": side},
                        "micro_autonomy": {"low": 0.0, "high": 1.0, "num": side},
                    },
                }
            )
            experiment = Experiment.from_sweep(sweep)
            started = time.perf_counter()
            res = run_experiment(
                experiment, Path(tmp) / str(weeks), engine="processes", jobs=jobs, progress=False
            )
            seconds[weeks] = time.perf_counter() - started
            session = res.metadata["sessions"][-1]
            print(
                f"  {side * side} points x {replications} replications x {steps} weeks, "
                f"spin-up {weeks} weeks: {seconds[weeks]:.1f} s on {jobs} processes"
                + (
                    f" ({session['spinups']} spin-ups, {session['spinup_seconds']:.1f} s of them)"
                    if session["spinups"]
                    else ""
                ),
                flush=True,
            )
    print(
        f"  with the shared spin-up / without: {seconds[1000] / seconds[0]:.2f}x (target <= 1.2x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=64)
    parser.add_argument("--steps", type=int, default=260)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--spinup-weeks", type=int, default=0)
    parser.add_argument("--shared-spinup", type=int, metavar="P", default=0)
    parser.add_argument(
        "--repeats", type=lambda v: max(1, int(v)), default=3, help="times each engine runs"
    )
    parser.add_argument("--child", nargs=6, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.shared_spinup:
        shared_spinup(args.shared_spinup, args.runs, args.steps, args.jobs)
        return
    if args.child:
        child(*args.child)
        return
    print(
        f"{args.runs} runs of the default model (3,000 households x {args.steps} steps), "
        f"{available_cores()} cores available; each engine {args.repeats} times, in turn, "
        f"each time in a new process, as a command would run it"
    )
    engines = {
        "serial": "serial",
        f"{args.jobs} processes": "processes",
        f"dask, {args.jobs} local workers": "dask",
    }
    timings = {label: [] for label in engines}
    with tempfile.TemporaryDirectory() as tmp:
        for repeat in range(args.repeats):
            for label, engine in engines.items():
                table = Path(tmp) / f"{engine}-{repeat}.pkl"
                spec = (engine, args.runs, args.steps, args.spinup_weeks, args.jobs, table)
                out = subprocess.run(
                    [sys.executable, __file__, "--child", *map(str, spec)],
                    capture_output=True,
                    text=True,
                )
                if out.returncode:
                    sys.exit(f"the {label} sweep failed:\n{out.stderr}")
                seconds, _, note = out.stdout.strip().splitlines()[-1].partition(" ")
                timings[label].append(float(seconds))
                print(
                    f"  {label:<24} {float(seconds):7.1f} s "
                    f"{args.runs / float(seconds):6.2f} runs/s{note.strip()}",
                    flush=True,
                )
        tables = [pd.read_pickle(path) for path in sorted(Path(tmp).glob("*.pkl"))]
    for table in tables:
        assert_frame_equal(table, tables[0])  # raises, naming the difference
    print("  all engines gave identical per-step tables (every run's every step)")
    serial = statistics.median(timings["serial"])
    print(f"medians of {args.repeats}:")
    for label in engines:
        seconds = statistics.median(timings[label])
        ratio = f", {serial / seconds:.2f}x serial" if label != "serial" else ""
        print(f"  {label:<24} {seconds:7.1f} s{ratio}")
    print("  (target: 2 processes at least 1.8x serial)")


def child(engine: str, runs: str, steps: str, spinup_weeks: str, jobs: str, table: str) -> None:
    """One sweep on ``engine`` in this new process; prints its seconds, saves its steps.

    Timed from after the imports, as a command's sweep runs: the engine's start and stop
    (workers importing the package and loading the kernels; the serial engine loading them
    in this process) count, as they do for a user.
    """
    params = {"spinup_weeks": int(spinup_weeks)}
    scenario = Scenario("bench", params=params, steps=int(steps), replications=int(runs), seed=1)
    experiment = Experiment.from_scenario(scenario)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        res = run_experiment(experiment, Path(tmp), engine=engine, jobs=int(jobs), progress=False)
        seconds = time.perf_counter() - started
    res.steps.to_pickle(table)
    session = res.metadata["sessions"][-1]
    spun = f", of which {session['spinup_seconds']:.1f} s for {session['spinups']} spin-ups"
    print(f"{seconds} " + (spun if session["spinups"] else ""))


if __name__ == "__main__":
    main()
