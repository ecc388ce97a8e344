"""Means with their Student-t confidence intervals across replications.

In ``experiments`` (not ``analysis``) because the results store summarises itself with them
(:meth:`~microgov_sim.experiments.results.Results.summary`); the figures, the reports and the
validation patterns use the same functions. Imports only numpy, pandas and scipy.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats


def t_half_width(sd, n, level: float = 0.95):
    """Half-width of the t-based confidence interval of a mean (NaN when n < 2)."""
    n = np.asarray(n, dtype=float)
    sd = np.asarray(sd, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        q = stats.t.ppf(0.5 + level / 2, np.where(n > 1, n - 1, np.nan))
        return q * sd / np.sqrt(n)


def mean_ci(values, level: float = 0.95) -> tuple[float, float, float]:
    """Mean and its ``level`` confidence interval (Student's t) of a sample."""
    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    if len(x) == 0:
        return (np.nan, np.nan, np.nan)
    mean = float(x.mean())
    half = float(t_half_width(x.std(ddof=1) if len(x) > 1 else np.nan, len(x), level))
    return mean, mean - half, mean + half


def grouped_mean_ci(
    frame: pd.DataFrame, by: list[str], columns: list[str], level: float = 0.95
) -> pd.DataFrame:
    """Long table: for each group and column, n, mean, sd, ci_low, ci_high."""
    long = frame.melt(id_vars=by, value_vars=columns, var_name="outcome", value_name="value")
    grouped = long.groupby([*by, "outcome"], sort=False)["value"]
    out = grouped.agg(n="count", mean="mean", sd="std").reset_index()
    half = t_half_width(out["sd"], out["n"], level)
    out["ci_low"] = out["mean"] - half
    out["ci_high"] = out["mean"] + half
    return out
