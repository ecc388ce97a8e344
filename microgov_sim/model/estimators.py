"""The outcomes' estimators: Kaplan-Meier survival and its summaries, the Gini coefficient.

Pure functions of arrays (:mod:`microgov_sim.model.outcomes` applies them to the state each
week); the loops are compiled kernels (:mod:`microgov_sim.model.kernels.outcomes`).

Imports numpy and :mod:`microgov_sim.model.kernels`.
"""

from __future__ import annotations

import math

import numpy as np

from . import kernels


def product_limit(entry, end, event) -> np.ndarray:
    """Kaplan-Meier survival ``S[t] = P(T > t)`` at ``t = 0 .. max(end)`` of integer durations.

    Observation ``i`` is at risk at the durations ``entry[i] .. end[i]`` (left-truncated at
    ``entry``: it is seen only from then on) and ends at ``end[i]`` with the event if
    ``event[i]``, else censored there (a censored observation is at risk at its own time, as
    usual). ``S[t]`` is the product over ``u <= t`` of ``1 - deaths[u] / at_risk[u]``, a factor
    of 1 where nobody is at risk (Kaplan & Meier 1958; left truncation: Klein & Moeschberger
    2003, §4.6). Without truncation it equals ``scipy.stats.ecdf(...).sf`` (tested).
    """
    return kernels.product_limit(
        np.asarray(entry, dtype=np.int64),
        np.asarray(end, dtype=np.int64),
        np.asarray(event, dtype=bool),
    )


def km_median(survival: np.ndarray) -> float:
    """The life-table median of weekly durations: where ``S`` crosses 0.5, interpolated.

    Durations are whole weeks, so an issue of duration ``d`` ended somewhere in the week
    ``[d, d + 1)``; ``S`` falls from ``S[d - 1]`` (1 before ``d = 0``) to ``S[d]`` across it.
    With ``d`` the first duration where ``S[d] <= 0.5``, the median is
    ``d + (S[d-1] - 0.5) / (S[d-1] - S[d])``, linear within the week (the actuarial estimate,
    Lee & Wang 2003, §4.2): the first ``d`` alone would be the same whole number in every week
    of a community that resolves most issues at their first meeting. NaN if ``S`` stays above
    0.5.
    """
    return float(kernels.km_median(np.asarray(survival, dtype=np.float64)))


def restricted_mean(survival: np.ndarray, horizon: int) -> float:
    """Mean of ``min(T, horizon)``: the sum of ``S[t]`` for ``t < horizon`` (NaN if empty).

    Past the longest duration seen, ``S`` keeps its last value (Gill's convention): what is
    still unresolved then counts as unresolved up to the horizon.
    """
    return float(kernels.restricted_mean(np.asarray(survival, dtype=np.float64), int(horizon)))


def gini_or_nan(values: np.ndarray) -> float:
    """Gini coefficient of non-negative values: NaN when there are none or all are 0."""
    return float(kernels.gini(np.sort(np.asarray(values, dtype=np.float64))))


def ratio_or_nan(numerator: float, denominator: float) -> float:
    """``numerator / denominator``, NaN when the denominator is 0."""
    return numerator / denominator if denominator else math.nan
