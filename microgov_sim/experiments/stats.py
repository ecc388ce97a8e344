"""Means with confidence intervals across replications, inside the bounds of each outcome.

In ``experiments`` (not ``analysis``) because the results store summarises itself with them
(:meth:`~microgov_sim.experiments.results.Results.summary`); the figures, the reports and the
validation patterns use the same functions.

**The interval.** By default (``method="t"``) the interval of a mean is Student's t interval
intersected with the range ``[low, high]`` that the outcome catalogue declares for the outcome
(:data:`~microgov_sim.model.outcomes.OUTCOME_SPECS`; :func:`outcome_bounds`). Every run's value
lies in that range, so the true mean does too, and then the true mean lies in the t interval
exactly when it lies in the intersection: a confidence set intersected with the space of
possible parameter values keeps its coverage (Mandelkern 2002 discusses this interval and
its alternatives). The sample mean lies in the range too, so the intersection is never empty
and contains the mean; where the t interval was inside the range it is unchanged, so the
well-resolved results of earlier versions are as they were. An autonomy index of 0.0038
whose t interval was ``[-0.0031, 0.0106]`` gets ``[0, 0.0106]``; a Gini's ``[0.563, 1.22]``
becomes ``[0.563, 1]``.

Why not a transformed scale (logit for shares, log for counts, with the delta method)? It is
undefined when the mean is exactly at a bound, which is common here (an autonomy index of 0 in
every run of a scenario without self-governance, a cost of 0), so it would need an ad hoc
correction; and its coverage is asymptotic like the t interval's, with nothing gained on the
few replications where the t interval leaves the range.

``method="bootstrap"`` gives the bias-corrected and accelerated (BCa) bootstrap interval
(Efron 1987) of :func:`scipy.stats.bootstrap`, seeded, with the percentile interval where
BCa is undefined; values that are all equal give the zero-width interval at that value, one
value gives no interval. It resamples the values, so it never leaves their range (and so the
outcome's bounds either), but it cannot reach beyond the smallest and largest value either:
with few replications it covers the true mean less often than it claims, which is why the t
interval is the default.

**Few replications.** No interval is trustworthy from a handful of runs: each summary row
carries its ``n`` and a ``few_replications`` flag (``n < MIN_REPLICATIONS``), which the printed
summaries and the reports turn into a warning. When every replication gives the same value
(an outcome fixed by the parameters, or stuck at a bound) both methods give a zero-width
interval.

References: Mandelkern, M. (2002). Setting confidence intervals for bounded parameters.
*Statistical Science* 17(2), 149-172, doi:10.1214/ss/1030550859. Efron, B. (1987). Better
bootstrap confidence intervals. *JASA* 82(397), 171-185, doi:10.1080/01621459.1987.10478410.

Imports numpy, pandas, scipy (at first use) and the outcome catalogue
(:mod:`microgov_sim.model.outcomes`).
"""

from __future__ import annotations

import functools
import inspect
import math
import warnings
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..model.outcomes import SPECS_BY_NAME

MIN_REPLICATIONS = 5  # fewer replications than this: the summary carries a warning
METHODS = ("t", "bootstrap")
UNBOUNDED = (-math.inf, math.inf)
N_RESAMPLES = 9999  # bootstrap resamples (scipy's default)


@functools.cache
def _stats():
    """The module ``scipy.stats``, imported at first use.

    It takes about 0.3 s to import, which every command and every worker process of a sweep
    would pay at start-up, most of them never needing it.
    """
    from scipy import stats

    return stats


@functools.cache
def _rng_keyword() -> str:
    """The name of bootstrap's seed: ``rng`` from scipy 1.15, ``random_state`` before it."""
    return "rng" if "rng" in inspect.signature(_stats().bootstrap).parameters else "random_state"


def outcome_bounds(name: str) -> tuple[float, float]:
    """``(low, high)`` of an outcome, as the catalogue declares it (unbounded if unknown)."""
    spec = SPECS_BY_NAME.get(name)
    return (spec.low, spec.high) if spec else UNBOUNDED


def difference_bounds(name: str, terms: int = 1) -> tuple[float, float]:
    """Bounds of a difference of two values of an outcome: ``(low - high, high - low)``.

    ``terms`` differences added or subtracted (2 for a difference-in-differences) widen the
    bounds that many times. Unbounded outcomes give unbounded differences.
    """
    low, high = outcome_bounds(name)
    span = high - low
    return (-terms * span, terms * span)


def t_half_width(sd, n, level: float = 0.95):
    """Half-width of the t-based confidence interval of a mean (NaN when n < 2)."""
    n = np.asarray(n, dtype=float)
    sd = np.asarray(sd, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        q = _stats().t.ppf(0.5 + level / 2, np.where(n > 1, n - 1, np.nan))
        return q * sd / np.sqrt(n)


def _check(method: str, level: float) -> None:
    if method not in METHODS:
        raise ValueError(f"method {method!r}: must be one of {', '.join(METHODS)}")
    if not 0 < level < 1:
        raise ValueError(f"level {level!r}: must lie strictly between 0 and 1")


def _bootstrap(x: np.ndarray, level: float, seed, n_resamples: int) -> tuple[float, float]:
    """BCa interval of the mean of ``x`` (percentile where BCa is undefined)."""
    if len(x) < 2:
        return (np.nan, np.nan)
    if x.min() == x.max():  # every resample has this mean
        return (float(x[0]), float(x[0]))
    for method in ("BCa", "percentile"):
        with warnings.catch_warnings():
            # BCa warns and returns NaN when its acceleration is undefined: caught below
            warnings.simplefilter("ignore", RuntimeWarning)
            ci = (
                _stats()
                .bootstrap(
                    (x,),
                    np.mean,
                    confidence_level=level,
                    n_resamples=n_resamples,
                    method=method,
                    **{_rng_keyword(): np.random.default_rng(seed)},
                )
                .confidence_interval
            )
        if np.isfinite(ci.low) and np.isfinite(ci.high):
            return (float(ci.low), float(ci.high))
    return (np.nan, np.nan)


def mean_ci(
    values,
    level: float = 0.95,
    bounds: tuple[float, float] = UNBOUNDED,
    *,
    method: str = "t",
    seed=0,
    n_resamples: int = N_RESAMPLES,
) -> tuple[float, float, float]:
    """Mean and its ``level`` confidence interval, inside ``bounds``, of a sample.

    ``method`` is ``"t"`` (Student's t interval intersected with ``bounds``) or
    ``"bootstrap"`` (BCa, seeded with ``seed``); see the module's docstring. Values that are
    not finite (NaN) are left out; with fewer than two values the interval is NaN.
    """
    _check(method, level)
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    if len(x) == 0:
        return (np.nan, np.nan, np.nan)
    mean = float(x.mean())
    if method == "bootstrap":
        low, high = _bootstrap(x, level, seed, n_resamples)
    else:
        half = float(t_half_width(x.std(ddof=1) if len(x) > 1 else np.nan, len(x), level))
        low, high = mean - half, mean + half
    lower, upper = bounds
    return mean, float(np.clip(low, lower, upper)), float(np.clip(high, lower, upper))


def grouped_mean_ci(
    frame: pd.DataFrame,
    by: list[str],
    columns: list[str],
    level: float = 0.95,
    *,
    bounds: Mapping[str, tuple[float, float]] | None = None,
    method: str = "t",
    seed=0,
    n_resamples: int = N_RESAMPLES,
) -> pd.DataFrame:
    """Long table: for each group and column, n, mean, sd, ci_low, ci_high, few_replications.

    ``bounds`` maps a column to its ``(low, high)`` (columns not in it are unbounded); the
    intervals are :func:`mean_ci`'s with ``method``. Every group's bootstrap starts from
    ``seed``, so a group's interval does not depend on the other groups. Values that are not
    finite are left out (and not counted in ``n``). ``few_replications`` is true when ``n`` is
    below :data:`MIN_REPLICATIONS`.
    """
    _check(method, level)
    keys = [*by, "outcome"]
    long = frame.melt(id_vars=by, value_vars=columns, var_name="outcome", value_name="value")
    value = long["value"].astype(float)
    long["value"] = value.where(np.isfinite(value))
    grouped = long.groupby(keys, sort=False)["value"]
    out = grouped.agg(n="count", mean="mean", sd="std").reset_index()
    bounds = bounds or {}
    lower = out["outcome"].map(lambda c: bounds.get(c, UNBOUNDED)[0]).astype(float)
    upper = out["outcome"].map(lambda c: bounds.get(c, UNBOUNDED)[1]).astype(float)
    if method == "bootstrap":
        found = {
            key: _bootstrap(part.dropna().to_numpy(), level, seed, n_resamples)
            for key, part in grouped
        }
        pairs = [found[key] for key in out[keys].itertuples(index=False, name=None)]
        low = pd.Series([p[0] for p in pairs], index=out.index, dtype=float)
        high = pd.Series([p[1] for p in pairs], index=out.index, dtype=float)
    else:
        half = t_half_width(out["sd"], out["n"], level)
        low, high = out["mean"] - half, out["mean"] + half
    out["ci_low"] = np.clip(low, lower, upper)
    out["ci_high"] = np.clip(high, lower, upper)
    out["few_replications"] = out["n"] < MIN_REPLICATIONS
    return out
