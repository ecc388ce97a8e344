"""Outcomes (ODD 7.11): Kaplan-Meier survival and the window's counts of shared affairs.

Imports numpy, numba and :mod:`.compile`, :mod:`.reduce` and :mod:`.sort`.
"""

from __future__ import annotations

import numpy as np

from .compile import jit
from .reduce import np_mean, np_sum


@jit
def product_limit(entry, end, event):
    """Kaplan-Meier survival ``S[t] = P(T > t)``, ``t = 0 .. max(end)`` (``outcomes``)."""
    if len(end) == 0:
        return np.ones(0)
    m = end.max() + 1
    at_risk = np.zeros(m, dtype=np.int64)
    deaths = np.zeros(m, dtype=np.int64)
    for i in range(len(end)):
        if entry[i] < m:
            at_risk[entry[i]] += 1
        if end[i] + 1 < m:
            at_risk[end[i] + 1] -= 1
        if event[i]:
            deaths[end[i]] += 1
    survival = np.empty(m)
    risk, s = 0, 1.0
    for t in range(m):
        risk += at_risk[t]
        s *= 1.0 - (deaths[t] / risk if risk > 0 else 0.0)
        survival[t] = s
    return survival


@jit
def shared_affairs_window(ids, status, ended, created, shared, week, start, closed_from, lapsed):
    """Survival of the shared affairs open at some time in weeks ``start .. week``, and counts.

    ``ids`` are issues open now or closed since before ``start`` (``status >= closed_from``
    is closed, ``lapsed`` the status of a lapsed one); only those with ``shared`` (one per
    id) count.
    Returns (Kaplan-Meier survival, number self-resolved, number closed) over the window;
    ``self`` is status ``closed_from`` (resolved by residents).
    """
    m = 0
    for q in range(len(ids)):
        i = ids[q]
        closed = status[i] >= closed_from
        if shared[q] and (not closed or ended[i] >= start):
            m += 1
    entry = np.empty(m, dtype=np.int64)
    end = np.empty(m, dtype=np.int64)
    event = np.empty(m, dtype=np.bool_)
    n_self = n_closed = 0
    m = 0
    for q in range(len(ids)):
        i = ids[q]
        closed = status[i] >= closed_from
        if shared[q] and (not closed or ended[i] >= start):
            entry[m] = max(start - created[i], 0)
            end[m] = (ended[i] if closed else week) - created[i]
            event[m] = closed and status[i] != lapsed
            n_self += status[i] == closed_from
            n_closed += closed
            m += 1
    return product_limit(entry, end, event), n_self, n_closed


@jit
def km_median(survival):
    """``estimators.km_median``: where ``S`` first falls to 0.5, interpolated within the week."""
    for d in range(len(survival)):
        if survival[d] <= 0.5:
            before = 1.0 if d == 0 else survival[d - 1]
            return d + (before - 0.5) / (before - survival[d])
    return np.nan


@jit
def restricted_mean(survival, horizon):
    """``estimators.restricted_mean``: ``S`` summed to the horizon, its last value carried on."""
    if len(survival) == 0:
        return np.nan
    head = survival[: min(horizon, len(survival))]
    return np_sum(head) + survival[-1] * (horizon - len(head))


@jit
def window_outcomes(
    ids, shared, status, ended, created, route, raised, n_meetings, last_meeting, acted,
    n_affected, week, short_start, long_start, codes, horizon,
):  # fmt: skip
    """The windowed issue outcomes of ``outcomes.Outcomes.measure`` in one pass over ``ids``.

    ``shared`` flags the shared affairs (one per id); ``codes`` are the statuses
    resolved-by-residents and lapsed and the routes unraised and administrativised. Returns
    the numbers self-resolved and closed (:func:`shared_affairs_window` over weeks
    ``short_start .. week``), the :func:`km_median` and :func:`restricted_mean` (to
    ``horizon``) of its survival, the shared issues raised since ``short_start`` and those
    administrativised (:func:`routed_since`), and the affected households who acted on the
    issues met on since ``long_start`` and all of them (:func:`acted_since`).
    """
    closed_from, lapsed, unrouted, administrativised = codes
    survival, n_self, n_closed = shared_affairs_window(
        ids, status, ended, created, shared, week, short_start, closed_from, lapsed
    )
    n_raised, n_admin = routed_since(
        ids, shared, route, raised, short_start, unrouted, administrativised
    )
    n_acted, n_all = acted_since(ids, n_meetings, last_meeting, acted, n_affected, long_start)
    median, rmst = km_median(survival), restricted_mean(survival, horizon)
    return n_self, n_closed, median, rmst, n_raised, n_admin, n_acted, n_all


@jit
def issues_in_view(recent, seen, n, status, ended, closed_from, after):
    """The issues of ``recent`` and ``seen .. n - 1`` still open or closed after week ``after``."""
    out = np.empty(len(recent) + n - seen, dtype=np.int64)
    m = 0
    for q in range(len(recent) + n - seen):
        i = recent[q] if q < len(recent) else seen + q - len(recent)
        if status[i] < closed_from or ended[i] > after:
            out[m] = i
            m += 1
    return out[:m]


@jit
def routed_since(ids, shared, route, raised, start, unrouted, administrativised):
    """Of the shared issues ``ids`` raised since ``start``: how many, how many administrativised.

    ``shared`` has one flag per id; an issue with route ``unrouted`` was never raised.
    """
    n_raised = n_admin = 0
    for q in range(len(ids)):
        i = ids[q]
        if shared[q] and route[i] != unrouted and raised[i] >= start:
            n_raised += 1
            n_admin += route[i] == administrativised
    return n_raised, n_admin


@jit
def acted_since(ids, n_meetings, last_meeting, acted, n_affected, start):
    """Over the issues ``ids`` met on since ``start``: affected households who acted, and all."""
    n_acted = n_all = 0
    for i in ids:
        if n_meetings[i] > 0 and last_meeting[i] >= start:
            n_acted += acted[i]
            n_all += n_affected[i]
    return n_acted, n_all


@jit
def household_outcomes(
    last_active,
    last_voiced,
    building_of,
    n_buildings,
    active_since,
    recent_after,
    attitudes,
):
    """The households' part of a week's outcomes (``Outcomes.measure``), in one pass.

    Returns the numbers of households active since week ``active_since``, active after week
    ``recent_after`` and voiced online since ``active_since``; the active ones per building
    (as ``np.bincount`` adds them); and the mean of each of ``attitudes`` (arrays of the
    households' values), as ``np.mean``.
    """
    active = recent = voiced = 0
    per_building = np.zeros(n_buildings)
    for i in range(len(last_active)):  # without branches: adding 0.0 changes no sum
        a = last_active[i] >= active_since
        active += a
        per_building[building_of[i]] += 1.0 if a else 0.0
        recent += last_active[i] > recent_after
        voiced += last_voiced[i] >= active_since
    means = np.empty(len(attitudes))
    for j, values in enumerate(attitudes):
        means[j] = np_mean(values)
    return active, recent, voiced, per_building, means


@jit
def gini(x):
    """Gini coefficient of non-negative ``x`` sorted ascending (``estimators.gini_or_nan``).

    nan if all are 0. Unsorted ``x`` gives a wrong number, not an error: sort first.

    ``2 Σ i x_(i) / (n Σ x) - (n + 1) / n`` over the sorted values, summed in numpy's order.
    """
    n = len(x)
    total = np_sum(x)
    if n == 0 or total <= 0:
        return np.nan
    weighted = np.empty(n)
    for i in range(n):
        weighted[i] = (i + 1) * x[i]
    return 2.0 * np_sum(weighted) / (n * total) - (n + 1.0) / n
