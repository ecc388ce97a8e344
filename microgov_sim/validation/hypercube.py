"""Robustness over the behavioural parameters nobody has measured: a Latin hypercube.

Outcome levels depend on micro-parameters without a measurement behind them (thresholds,
tie chances, the stake and mobilisation weights, learning and drift rates, the crowding
rate). :data:`CUBE` gives each a plausible range: half to one and a half times its default
(thresholds: mean 0.35-0.65 and sd 0.05-0.25; chances capped at 1), since the sources and
the literature give no tighter bound. :func:`run_hypercube` draws a Latin hypercube of
points (SALib's ``latin.sample``, McKay, Beckman & Conover 1979), runs every pattern that
takes part at each point (all its arms, with that point's parameters on top) and keeps each
statistic per point; :func:`summarise` gives, per statistic, the share of points where its
estimate lies on the predicted side (with Wilson's 95% CI over points; it holds in most of
the hypercube when that CI lies above one half) and where its own CI does, and the
parameter that breaks it: the first split of a regression tree of the verdict (1 on the
predicted side, 0 not) on the parameters (scikit-learn's ``DecisionTreeRegressor``, depth
1), with the share holding on either side.

May import numpy, pandas, SALib, scikit-learn and the rest of :mod:`microgov_sim.validation`.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
from SALib.sample import latin
from sklearn.tree import DecisionTreeRegressor

from ..experiments.experiment import Experiment
from ..experiments.results import Results
from ..experiments.runner import run_experiment
from .context import BASE, Config, Context
from .patterns import PATTERNS
from .statistics import wilson

CUBE: dict[str, tuple[float, float]] = {
    "threshold_mean": (0.35, 0.65),
    "threshold_sd": (0.05, 0.25),
    "building_tie_chance": (0.04, 0.12),
    "courtyard_tie_chance": (0.005, 0.015),
    "stake_weight": (3.0, 9.0),
    "pivotality_exponent": (0.15, 0.45),
    "elite_mobilisation": (0.25, 0.75),
    "party_mobilisation": (0.5, 1.0),
    "org_mobilisation": (0.25, 0.75),
    "mobilisation_weight": (0.5, 1.5),
    "learning_rate": (0.05, 0.15),
    "trust_drift": (0.01, 0.03),
    "tie_drift": (0.01, 0.03),
    "crowding_rate": (0.025, 0.075),
}


def cube_points(n: int, seed: int) -> pd.DataFrame:
    """``n`` points of a Latin hypercube over :data:`CUBE` (one row per point)."""
    problem = {"num_vars": len(CUBE), "names": list(CUBE), "bounds": list(CUBE.values())}
    return pd.DataFrame(latin.sample(problem, n, seed=seed), columns=list(CUBE))


def _point_view(res: Results, prefix: str) -> Results:
    """The runs of one hypercube point, its arms under their own names."""

    def own(frame: pd.DataFrame) -> pd.DataFrame:
        if frame.empty or "scenario" not in frame:
            return frame
        chosen = frame[frame["scenario"].str.startswith(prefix)].copy()
        chosen["scenario"] = chosen["scenario"].str.slice(len(prefix))
        return chosen

    return dataclasses.replace(
        res,
        points=own(res.points),
        steps=own(res.steps),
        runs=own(res.runs),
        errors=own(res.errors),
    )


def run_hypercube(config: Config, out: Path, options: dict, names=None) -> pd.DataFrame:
    """Every participating pattern at every point of the hypercube; one row per statistic.

    A pattern's arms at all points are one experiment (``out/runs/<mode>/hypercube/<name>``,
    each arm named ``NNN:arm`` after its point), so the engine keeps both cores busy across
    points and starts its workers once per pattern. Each point has its own replication seeds
    (``Point.first_replication``), the same in all its arms: the points' noise is independent,
    as the share over points assumes, and the arms at a point share common random numbers.
    """
    cube = config.cube()
    table = cube_points(config.hypercube_points, config.seed)
    values = [{k: float(v) for k, v in row.items()} for _, row in table.iterrows()]
    contexts = [Context(cube, BASE, out, options, params=params) for i, params in enumerate(values)]
    rows = []
    for name in (n for n in (names or PATTERNS) if PATTERNS[n].hypercube):
        pattern = PATTERNS[name]
        points = []
        for i, ctx in enumerate(contexts):
            design = pattern.design(ctx)
            for point in ctx.points(design.arms, design.timelines, design.steps):
                points.append(
                    dataclasses.replace(
                        point,
                        scenario=f"{i:03d}:{point.scenario}",
                        first_replication=i * cube.seeds,  # each point its own seeds
                    )
                )
        number, words = name.split("_", 1)
        experiment = Experiment(
            kind="patterns",
            name=f"p{int(number):02d}_{words}",
            points=tuple(points),
            replications=cube.seeds,
            seed=cube.seed,
        )
        res = run_experiment(experiment, out / "runs" / cube.mode / "hypercube", **options)
        for i, ctx in enumerate(contexts):
            for r in pattern.analyse(_point_view(res, f"{i:03d}:"), ctx):
                side = r.get("side", r["holds"])  # rows without a CI: their verdict
                rows.append({"pattern": name, "point": i, **values[i], **r, "side": side})
    return pd.DataFrame(rows)


def summarise(table: pd.DataFrame, n_points: int) -> list[dict]:
    """Per statistic: the share of points on the predicted side, and what breaks it."""
    out = []
    for (pattern, statistic), part in table.groupby(["pattern", "statistic"], sort=False):
        part = part.dropna(subset=["estimate", "side"])  # absences: no verdict at a point
        if part.empty:
            continue
        side = part["side"].astype(float)
        x = part[list(CUBE)].to_numpy()
        tree = DecisionTreeRegressor(max_depth=1, random_state=0).fit(x, side)
        region = f"hypercube, {len(part)} of {n_points} points"
        if tree.tree_.node_count > 1:
            name = list(CUBE)[tree.tree_.feature[0]]
            cut = tree.tree_.threshold[0]
            low = part[name] <= cut
            region += (
                f"; splits on {name} at {cut:.3g}: holds at {side[low].mean():.0%} of the"
                f" {low.sum()} points below, {side[~low].mean():.0%} of the {(~low).sum()} above"
            )
        share = float(side.mean())
        low, high = wilson(share, len(part))
        if part["n"].min() > 1:  # one seed per point: no CI at a point
            region += f"; its CI holds at {part['holds'].astype(float).mean():.0%} of points"
        out.append(
            {
                "pattern": pattern,
                "experiment": part["experiment"].iloc[0],
                "statistic": statistic,
                "estimate": share,  # share of points with the estimate on the predicted side
                "ci_low": low,
                "ci_high": high,
                "n": len(part),
                "holds": low > 0.5,  # in most of the hypercube
                "region": region,
            }
        )
    return out
