"""Sweep throughput: the same 64 default runs serially, on 2 local processes, on Dask.

Prints runs per second for each engine and the ratios to serial, measured in one run of this
script, and checks that every engine produced identical tables. Target (issue #17): 2
processes at least 1.8x serial on a 2-core machine.

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
import tempfile
import time
from pathlib import Path

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
    args = parser.parse_args()
    if args.shared_spinup:
        shared_spinup(args.shared_spinup, args.runs, args.steps, args.jobs)
        return
    params = {"spinup_weeks": args.spinup_weeks}
    scenario = Scenario("bench", params=params, steps=args.steps, replications=args.runs, seed=1)
    experiment = Experiment.from_scenario(scenario)
    print(
        f"{args.runs} runs of the default model (3,000 households x {args.steps} steps), "
        f"{available_cores()} cores available"
    )
    timings, tables = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, engine in (
            ("serial", "serial"),
            (f"{args.jobs} processes", "processes"),
            (f"dask, {args.jobs} local workers", "dask"),
        ):
            started = time.perf_counter()
            res = run_experiment(
                experiment, Path(tmp) / engine, engine=engine, jobs=args.jobs, progress=False
            )
            timings[label] = time.perf_counter() - started
            tables[label] = res.steps
            session = res.metadata["sessions"][-1]
            spun = f", of which {session['spinup_seconds']:.1f} s for {session['spinups']} spin-ups"
            print(
                f"  {label:<24} {timings[label]:7.1f} s  {args.runs / timings[label]:6.2f} runs/s"
                + (spun if session["spinups"] else "")
            )
    serial = timings["serial"]
    for label, seconds in timings.items():
        if label != "serial":
            print(f"  speed-up of {label}: {serial / seconds:.2f}x serial")
    first = next(iter(tables.values()))
    for table in tables.values():
        assert_frame_equal(table, first)
    print("  all engines gave identical per-step tables")


if __name__ == "__main__":
    main()
