"""The statistics of the pattern experiments: paired differences with their 95% CIs.

Arms share their replication seeds, so a statistic is the mean of per-replication
differences (:func:`paired`) with its 95% CI (:func:`row`): the Student-t interval inside the
range the statistic can take, as every summary of the package computes it
(:func:`~microgov_sim.experiments.stats.mean_ci`). A statistic holds when its CI lies on the
predicted side (:data:`UP` or :data:`DOWN`) of a threshold; a predicted absence
(:data:`ABSENT`) holds when its CI lies inside the equivalence margin around the threshold
(:data:`EQUIVALENCE`, an equivalence test in the sense of Schuirmann 1987 and Lakens 2017: a
CI that merely contains 0 would pass with few replications). Cutting the t interval to the
range never changes a verdict for a threshold inside the range.

The range comes with the values: :func:`paired` and :func:`growth` return a :class:`Sample`,
whose bounds start from the outcome's (the catalogue's ``[low, high]``: a difference of two
values lies in ``[low - high, high - low]``) and follow every difference and negation the
patterns take (a difference-in-differences of shares lies in ``[-2, 2]``). Values given
without bounds (an elasticity, a cascade's reach) are unbounded: the plain t interval. May
import :mod:`microgov_sim.experiments`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..experiments.results import Results
from ..experiments.stats import mean_ci, outcome_bounds


@dataclass(frozen=True)
class Sample:
    """Per-replication values of a statistic and the range ``[low, high]`` they can take.

    Differences, sums and negations of samples carry their range by interval arithmetic:
    ``a - b`` lies in ``[a.low - b.high, a.high - b.low]``.
    """

    values: pd.Series
    low: float = -math.inf
    high: float = math.inf

    def __neg__(self) -> Sample:
        return Sample(-self.values, -self.high, -self.low)

    def __add__(self, other: Sample) -> Sample:
        return Sample(self.values + other.values, self.low + other.low, self.high + other.high)

    def __sub__(self, other: Sample) -> Sample:
        return self + (-other)


def per_run(results: Results, arm: str, outcome: str, stat: str = "tail") -> pd.Series:
    """An arm's per-replication value of ``outcome`` (tail mean or final value)."""
    runs = results.runs[results.runs["scenario"] == arm]
    if runs.empty:
        raise KeyError(f"{results.path}: no runs of arm {arm!r}")
    return runs.set_index("replication")[f"{outcome}_{stat}"].sort_index()


def _of(outcome: str, values: pd.Series) -> Sample:
    """``values`` of ``outcome`` (or of a difference of two of its values) with its bounds."""
    return Sample(values, *outcome_bounds(outcome))


def paired(results: Results, a: str, b: str, outcome: str, stat: str = "tail") -> Sample:
    """Per-replication difference ``b - a`` (same seeds in both arms), with its bounds."""
    return _of(outcome, per_run(results, b, outcome, stat)) - _of(
        outcome, per_run(results, a, outcome, stat)
    )


#: The smallest effect of interest of a predicted absence, on the statistic's scale: the
#: statistics predicted absent are differences of shares (participation, autonomy), where 0.02
#: is two points, a third of the smallest effect the patterns claim present (pattern 6's
#: year-1 gap, 0.063 in the quick suite).
EQUIVALENCE = 0.02


def row(experiment: str, statistic: str, values, direction: float, threshold: float = 0.0):
    """A result row: the mean of ``values`` with its 95% CI, and whether the pattern holds.

    ``values`` is a :class:`Sample` (the CI stays inside its bounds) or plain numbers
    (unbounded). It holds if the CI lies beyond ``threshold`` on the side of ``direction``
    (+1 above, -1 below); with direction 0 (a predicted absence) if the CI lies within
    :data:`EQUIVALENCE` of ``threshold``. ``n`` is the number of replications it rests on.
    ``side`` is the verdict of the estimate alone (the hypercube's, with one seed a point):
    on the predicted side; NaN for an absence, which one estimate cannot show.
    """
    sample = values if isinstance(values, Sample) else Sample(values)
    numbers = np.asarray(sample.values, dtype=float)
    mean, low, high = mean_ci(numbers, bounds=(sample.low, sample.high))
    if direction > 0:
        holds = low > threshold
    elif direction < 0:
        holds = high < threshold
    else:
        holds = threshold - EQUIVALENCE <= low and high <= threshold + EQUIVALENCE
    return {
        "experiment": experiment,
        "statistic": statistic,
        "estimate": mean,
        "ci_low": low,
        "ci_high": high,
        "n": int(np.isfinite(numbers).sum()),
        "holds": bool(holds),
        # an absence is not judged from one estimate: its noise alone would decide it
        "side": math.nan if direction == 0 else bool(direction * (mean - threshold) > 0),
    }


UP, DOWN, ABSENT = +1, -1, 0  # the predicted side of a statistic (ABSENT: within the margin)


def measured(experiment: str, *specs) -> list[dict]:
    """Rows for ``(statistic, values, direction[, threshold])`` specs of one experiment."""
    return [row(experiment, *spec) for spec in specs]


def growth(res: Results, arm: str, outcome: str) -> Sample:
    """Per replication: tail mean minus the value after the first week, with its bounds."""
    steps = res.steps[(res.steps["scenario"] == arm) & (res.steps["step"] == 1)]
    start = steps.set_index("replication")[outcome].sort_index()
    return _of(outcome, per_run(res, arm, outcome)) - _of(outcome, start)


def log_ratio(results: Results, a: str, b: str, outcome: str, stat: str = "tail") -> Sample:
    """Per-replication ``log(b / a)``: a relative change, comparable across levels.

    A replication in which either value is not positive gives NaN (left out of the CI).
    """
    num = per_run(results, b, outcome, stat)
    den = per_run(results, a, outcome, stat)
    with np.errstate(divide="ignore", invalid="ignore"):
        values = np.log(num.where(num > 0) / den.where(den > 0))
    return Sample(values)


def window(results: Results, arm: str, outcome: str, first: int, last: int) -> Sample:
    """Per replication: the mean of ``outcome`` over weeks ``first..last``, with its bounds."""
    steps = results.steps
    chosen = steps[(steps["scenario"] == arm) & steps["step"].between(first, last)]
    if chosen.empty:
        raise KeyError(f"{results.path}: no steps {first}..{last} of arm {arm!r}")
    return _of(outcome, chosen.groupby("replication")[outcome].mean().sort_index())


def per_resolved(results: Results, arm: str, cost: str = "government_cost") -> Sample:
    """Per replication: the cumulative ``cost`` over every issue resolved in the run."""
    steps = results.steps[results.steps["scenario"] == arm]
    resolved = steps.groupby("replication")[["issues_resolved_self", "issues_resolved_admin"]]
    total = resolved.sum().sum(axis=1).sort_index()
    return Sample(per_run(results, arm, cost, "final") / total.where(total > 0))


def wilson(share: float, n: int, z: float = 1.959964) -> tuple[float, float]:
    """Wilson's 95% interval of a binomial share of ``n`` trials (Wilson 1927)."""
    centre = (share + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half
