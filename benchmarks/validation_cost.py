"""What the full pattern validation (issue #18) costs: its runs and model-weeks, part by part.

Counts, for the full :class:`~microgov_sim.validation.context.Config`, the runs of every
(pattern, variant) experiment and of the hypercube, and their weeks (spin-up and measured),
then times a spin-up and a measured run at each community size on this machine and prints
the estimated core-seconds of each part and the wall time on ``--jobs`` cores. Run from the
repository: ``python benchmarks/validation_cost.py``.
"""

from __future__ import annotations

import argparse
import collections
import time
from pathlib import Path

from microgov_sim.model.model import MicroGovModel
from microgov_sim.validation.context import BASE, Config, Context
from microgov_sim.validation.hypercube import cube_points
from microgov_sim.validation.patterns import PATTERNS


def weeks(ctx: Context, names) -> collections.Counter:
    """Runs and weeks (spin-up, measured) of the patterns ``names`` in ``ctx``."""
    count = collections.Counter()
    for name in names:
        pattern = PATTERNS[name]
        if pattern.design is None:
            continue
        design = pattern.design(ctx)
        for point in ctx.points(design.arms, design.timelines, design.steps):
            n = int(point.params["n_households"])
            count[n, "runs"] += ctx.replications
            count[n, "spinup"] += ctx.replications * point.spinup_weeks
            count[n, "measured"] += ctx.replications * point.steps
    return count


def per_week(n: int) -> tuple[float, float]:
    """Seconds per spin-up week and per measured week at ``n`` households (after compiling)."""
    MicroGovModel(rng=0, n_households=n, spinup_weeks=50).step()  # compile, warm the cache
    t = time.perf_counter()
    model = MicroGovModel(rng=1, n_households=n, spinup_weeks=300)
    spin = (time.perf_counter() - t) / 300
    t = time.perf_counter()
    for _ in range(100):
        model.step()
    return spin, (time.perf_counter() - t) / 100


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    config = Config()
    parts: dict[str, collections.Counter] = {}
    for variant in config.variants:
        ctx = Context(config, variant, Path("."), {})
        names = [n for n in PATTERNS if variant is BASE or PATTERNS[n].variants]
        parts[variant.name] = weeks(ctx, names)
    cube = config.cube()
    parts["hypercube"] = collections.Counter()
    for _, values in cube_points(config.hypercube_points, config.seed).iterrows():
        ctx = Context(cube, BASE, Path("."), {}, params=dict(values))
        parts["hypercube"] += weeks(ctx, [n for n in PATTERNS if PATTERNS[n].hypercube])
    sizes = sorted({n for c in parts.values() for n, _ in c})
    cost = {n: per_week(n) for n in sizes}
    for n, (spin, run) in cost.items():
        print(f"{n:>6,} households: {spin * 1e3:.2f} ms per spin-up week, {run * 1e3:.2f} ms/step")
    total = 0.0
    print(f"{'part':<14}{'runs':>7}{'spin-up weeks':>15}{'measured weeks':>16}{'core-s':>9}")
    for part, count in parts.items():
        seconds = sum(
            count[n, "spinup"] * cost[n][0] + count[n, "measured"] * cost[n][1] for n in sizes
        )
        total += seconds
        runs = sum(count[n, "runs"] for n in sizes)
        spun = sum(count[n, "spinup"] for n in sizes)
        measured = sum(count[n, "measured"] for n in sizes)
        print(f"{part:<14}{runs:>7,}{spun:>15,}{measured:>16,}{seconds:>9,.0f}")
    print(
        f"total {total:,.0f} core-s: {total / args.jobs / 60:.1f} min on {args.jobs} cores "
        "at full use (engine overhead, saving and analysis not included)"
    )


if __name__ == "__main__":
    main()
