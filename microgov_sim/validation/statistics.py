"""The statistics of the pattern experiments: paired differences with their 95% CIs.

Arms share their replication seeds, so a statistic is the mean of per-replication
differences (:func:`paired`) with its Student-t 95% CI (:func:`row`). A statistic holds when
its CI lies on the predicted side (:data:`UP` or :data:`DOWN`) of a threshold, or contains
it (:data:`ABSENT`). May import :mod:`microgov_sim.experiments`.
"""

from __future__ import annotations

import pandas as pd

from ..experiments.results import Results
from ..experiments.stats import mean_ci


def per_run(results: Results, arm: str, outcome: str, stat: str = "tail") -> pd.Series:
    """An arm's per-replication value of ``outcome`` (tail mean or final value)."""
    runs = results.runs[results.runs["scenario"] == arm]
    if runs.empty:
        raise KeyError(f"{results.path}: no runs of arm {arm!r}")
    return runs.set_index("replication")[f"{outcome}_{stat}"].sort_index()


def paired(results: Results, a: str, b: str, outcome: str, stat: str = "tail") -> pd.Series:
    """Per-replication difference ``b - a`` (same seeds in both arms)."""
    return per_run(results, b, outcome, stat) - per_run(results, a, outcome, stat)


def row(experiment: str, statistic: str, values, direction: float, threshold: float = 0.0):
    """A result row: the mean of ``values`` with its 95% CI, and whether the pattern holds.

    It holds if the CI lies beyond ``threshold`` on the side of ``direction`` (+1 above,
    -1 below); with direction 0 (a predicted absence) if the CI contains ``threshold``.
    """
    mean, low, high = mean_ci(values)
    if direction > 0:
        holds = low > threshold
    elif direction < 0:
        holds = high < threshold
    else:
        holds = low <= threshold <= high
    return {
        "experiment": experiment,
        "statistic": statistic,
        "estimate": mean,
        "ci_low": low,
        "ci_high": high,
        "holds": bool(holds),
    }


UP, DOWN, ABSENT = +1, -1, 0  # the predicted side of a statistic (ABSENT: CI contains 0)


def measured(experiment: str, *specs) -> list[dict]:
    """Rows for ``(statistic, values, direction[, threshold])`` specs of one experiment."""
    return [row(experiment, *spec) for spec in specs]


def growth(res: Results, arm: str, outcome: str) -> pd.Series:
    """Per replication: tail mean minus the value after the first week."""
    steps = res.steps[(res.steps["scenario"] == arm) & (res.steps["step"] == 1)]
    start = steps.set_index("replication")[outcome].sort_index()
    return per_run(res, arm, outcome) - start
