"""When does each scenario become stationary? The measurement behind ``spinup_weeks``.

Runs every scenario in ``scenarios/`` from the initial state (``spinup_weeks = 0``) under its
week-1 parameters (the timeline is left out: a spin-up runs under the parameters of week 1)
for ``--weeks`` weeks and a few seeds (the scenario file's first replication seeds), records
participation (the 4-week outcome and the 52-week share of households), mean trust, mean
micro-organisation strength and the backlog every week, and prints two tables:

* **band**: for each scenario and series, the week after which the 52-week moving mean of
  the seed mean stays within a band around its long-run level (the mean over the last
  ``--tail`` weeks). The band is ``--tolerance`` (5%) of the level, widened where the
  stationary noise is larger: to twice the standard deviation of the moving mean over the
  tail (a ``~`` marks those cells), and to an absolute floor for levels near zero
  (:data:`FLOORS`, ``*``). Without the widening, slow stationary fluctuations of a few seeds
  (excursions of hundreds of weeks in the self-governance scenarios) never stay within 5%.
* **MSER-5**: the warm-up that minimises the standard error of the mean of what is left
  (White 1997; Hoad, Robinson & Davies 2010), on 5-week batch means of the seed mean, searched
  over the first half of the run.
* **fit**: the seed mean fitted by ``L + A exp(-t / tau)`` (least squares), and the week at
  which the fitted transient ``|A| exp(-t / tau)`` falls below 5% of ``|L|`` (``-``: no fit,
  or ``tau`` at its bound of 20,000 weeks, i.e. no exponential transient to speak of).

    python benchmarks/convergence.py                      # 3,000 households, 2,000 weeks, 3 seeds
    python benchmarks/convergence.py --weeks 1500 --seeds 2 --scenarios status_quo co_governance
    python benchmarks/convergence.py --jobs 2 --csv series.csv   # also save the weekly means

The last lines suggest a ``spinup_weeks`` default: the largest stationary week over every
scenario and series, rounded up to a multiple of 100 (``docs/ODD.md`` §5 quotes the table).
Rerun it whenever the model's dynamics change.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pandas as pd
from scipy.optimize import curve_fit

SERIES = ("participation_rate", "participation_52", "mean_trust", "org_strength", "backlog")
FLOORS = {  # absolute tolerance, in each series' unit, for levels near zero
    "participation_rate": 0.002,
    "participation_52": 0.002,
    "mean_trust": 0.002,
    "org_strength": 0.002,
    "backlog": 1.0,
}


def run_series(name: str, seed: int, weeks: int, households: int) -> pd.DataFrame:
    """The weekly series of one scenario and seed, from week 1 to ``weeks``."""
    from microgov_sim import MicroGovModel, load_scenario

    scenario = load_scenario(name)
    params = {**scenario.params, **scenario.timeline.get(1, {})}
    params.update(n_households=households, spinup_weeks=0)
    model = MicroGovModel(rng=seed, **params)
    rows = []
    for _ in range(weeks):
        model.step()
        s = model.state
        rows.append(
            (
                model.participation_rate,
                float((s.households.last_active > model.week - 52).mean()),
                model.mean_trust,
                float(s.units.org_strength.mean()),
                model.backlog,
            )
        )
    frame = pd.DataFrame(rows, columns=list(SERIES))
    frame.insert(0, "week", np.arange(1, weeks + 1))
    frame.insert(0, "seed", seed)
    frame.insert(0, "scenario", name)
    return frame


def stationary_week(series: np.ndarray, window: int, tail: int, tolerance: float, floor: float):
    """The week after which the ``window``-week moving mean stays near the long-run level.

    Returns (week, level, mark): the first week ``t`` (1-based, ``t >= window``) such that the
    moving mean of weeks ``t - window + 1 .. t`` and of every later week lies within the band
    ``max(tolerance * |level|, 2 * sd, floor)`` of ``level``, the mean of the last ``tail``
    weeks, where ``sd`` is the standard deviation of the moving mean over those weeks;
    ``mark`` is ``"~"`` when the noise set the band, ``"*"`` when the floor did, else ``""``.
    """
    level = float(series[-tail:].mean())
    moving = np.convolve(series, np.ones(window) / window, mode="valid")  # ends at week window..
    noise = 2.0 * float(moving[-(tail - window + 1) :].std())
    bound = max(tolerance * abs(level), noise, floor)
    mark = "" if bound == tolerance * abs(level) else ("~" if bound == noise else "*")
    outside = np.flatnonzero(np.abs(moving - level) > bound)
    week = window if len(outside) == 0 else min(int(outside[-1]) + 1 + window, len(series))
    return week, level, mark


def mser_week(series: np.ndarray, batch: int = 5) -> int:
    """MSER-``batch`` warm-up: the truncation minimising the squared standard error of the rest.

    On batch means ``y`` of ``batch`` weeks, ``d* = argmin_d sum_{i>d} (y_i - mean_d)^2 /
    (n - d)^2`` over ``d`` in the first half (White 1997); returned in weeks.
    """
    n = len(series) // batch
    y = series[: n * batch].reshape(n, batch).mean(axis=1)
    rest = y[::-1]
    counts = np.arange(1, n + 1)
    mean = np.cumsum(rest) / counts
    squares = np.cumsum(rest**2) - counts * mean**2  # sum of squared deviations of the last k
    k = counts[n - n // 2 - 1 :]  # keep at least half of the batches
    score = squares[k - 1] / k**2
    d = n - int(k[np.argmin(score)])
    return d * batch


def fit_week(series: np.ndarray, tolerance: float, tail: int) -> tuple[int | None, float | None]:
    """(week, tau) of the exponential fit ``L + A exp(-t / tau)``; (None, None) if none."""
    t = np.arange(1, len(series) + 1, dtype=float)
    level = float(series[-tail:].mean())

    def curve(t, level, amplitude, tau):
        return level + amplitude * np.exp(-t / tau)

    start = [level, float(series[:20].mean()) - level, 200.0]
    bounds = ([-np.inf, -np.inf, 1.0], [np.inf, np.inf, 20_000.0])
    try:
        (level, amplitude, tau), _ = curve_fit(
            curve, t, series, p0=start, bounds=bounds, maxfev=20_000
        )
    except (RuntimeError, ValueError):
        return None, None
    if tau >= 19_999:
        return None, None
    gap = abs(amplitude) / max(tolerance * abs(level), 1e-12)
    return (math.ceil(tau * math.log(gap)) if gap > 1 else 0), float(tau)


def _run(args):
    return run_series(*args)


def main(argv: list[str] | None = None) -> int:
    """Run the scenarios, print the convergence table and the suggested default."""
    from microgov_sim.experiments.scenarios import available, load_scenario
    from microgov_sim.experiments.seeds import replication_seeds

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--weeks", type=int, default=2000)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--households", type=int, default=3000)
    parser.add_argument("--scenarios", nargs="*", default=None)
    parser.add_argument("--window", type=int, default=52)
    parser.add_argument("--tail", type=int, default=500)
    parser.add_argument("--tolerance", type=float, default=0.05)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--csv", default=None, help="save the weekly series of every seed here")
    parser.add_argument("--from-csv", default=None, help="analyse a saved --csv, run nothing")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.from_csv:
        data = pd.read_csv(args.from_csv)
        names = args.scenarios or sorted(set(data["scenario"]))
        data = data[data["scenario"].isin(names)]
    else:
        names = args.scenarios or sorted(available())
        work = [
            (name, int(seed), args.weeks, args.households)
            for name in names
            for seed in replication_seeds(load_scenario(name).seed, args.seeds)
        ]
        if args.jobs > 1:
            with ProcessPoolExecutor(args.jobs) as pool:
                frames = list(pool.map(_run, work))
        else:
            frames = [_run(w) for w in work]
        data = pd.concat(frames, ignore_index=True)
        if args.csv:
            data.to_csv(args.csv, index=False)
    seconds = time.perf_counter() - started
    means = data.groupby(["scenario", "week"])[list(SERIES)].mean().reset_index()
    n_seeds = data["seed"].nunique() if "seed" in data else "?"
    n_weeks = int(means["week"].max())
    print(f"# {len(names)} scenarios x {n_seeds} seeds x {n_weeks} weeks, {seconds:.0f} s")
    print(
        f"# band: week after which the {args.window}-week moving mean of the seed mean stays "
        f"within {args.tolerance:.0%} of the mean of the last {args.tail} weeks, or twice the "
        "moving mean's tail sd (~), or the floor (*); the level in brackets"
    )
    worst = {"band": 0, "mser": 0, "fit": 0}
    for table in ("band", "mser", "fit"):
        print(f"{table + ':':24}" + "".join(f"{s:>21}" for s in SERIES) + f"{'max':>7}")
        for name in names:
            cells, weeks = [], []
            for column in SERIES:
                series = means.loc[means["scenario"] == name, column].to_numpy()
                week, level, mark = stationary_week(
                    series, args.window, args.tail, args.tolerance, FLOORS[column]
                )
                if table == "mser":
                    week, mark = mser_week(series), ""
                if table == "fit":
                    week, tau = fit_week(series, args.tolerance, args.tail)
                    cells.append(
                        "    -" + " " * 16 if week is None else f"{week:>5}  (tau {tau:5.0f})"
                    )
                    weeks.append(week or 0)
                    continue
                weeks.append(week)
                cells.append(f"{week:>5}{mark or ' '} ({level:8.4g})")
            worst[table] = max(worst[table], max(weeks))
            print(f"{name:24}" + "".join(f"{c:>21}" for c in cells) + f"{max(weeks):>7}")
    for table, week in worst.items():
        suggestion = int(math.ceil(week / 100.0) * 100)
        print(f"# {table}: largest stationary week {week}; suggested spinup_weeks {suggestion}")
    if worst["band"] > n_weeks - args.tail:
        print("# warning: a series settles inside the tail window; rerun with more --weeks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
