"""Sweep throughput: the same 64 default runs serially, on 2 local processes, on Dask.

Prints runs per second for each engine and the ratios to serial, measured in one run of this
script, and checks that every engine produced identical tables. Target (issue #3): 2
processes at least 1.7x serial on a 2-core machine.

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=64)
    parser.add_argument("--steps", type=int, default=260)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--spinup-weeks", type=int, default=0)
    args = parser.parse_args()
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
