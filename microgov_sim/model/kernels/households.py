"""Households' attitudes and slow drift (ODD 7.2, 7.9, 7.10): one pass over the households.

Imports numpy, numba and :mod:`.compile`.
"""

from __future__ import annotations

import numpy as np

from .compile import inline, jit


@inline
def toward(x, target, rate):
    """Partial adjustment ``x + rate · (target - x)`` (``rules.move_toward``)."""
    return x + rate * (target - x)


@jit
def move_toward(x, target, rate):
    """:func:`toward` of each element."""
    out = np.empty(len(x))
    for i in range(len(out)):
        out[i] = toward(x[i], target[i], rate)
    return out


@jit
def move_all_toward(x, target, rate):
    """:func:`toward` one ``target`` for each element of ``x``, in place."""
    for i in range(len(x)):
        x[i] = toward(x[i], target, rate)


@inline
def willingness(motivation, efficacy, belonging, trust, dependency, weights):
    """Willingness of one household, a convex combination (``rules.willingness``)."""
    wm, we, wb, wt, wd = weights
    return wm * motivation + we * efficacy + wb * belonging + wt * trust + wd * (1.0 - dependency)


@jit
def willingness_of(motivation, efficacy, belonging, trust, dependency, weights):
    """:func:`willingness` of each household."""
    out = np.empty(len(motivation))
    for i in range(len(out)):
        out[i] = willingness(
            motivation[i], efficacy[i], belonging[i], trust[i], dependency[i], weights
        )
    return out


@jit
def attitudes(
    willing, online, motivation, efficacy, belonging, trust, dependency, online_draw, adoption,
    weights,
):  # fmt: skip
    """Every household's willingness (:func:`willingness`) and online use, in place.

    A household uses the online micro-channel when its ``online_draw`` is below ``adoption``.
    """
    for i in range(len(willing)):
        willing[i] = willingness(
            motivation[i], efficacy[i], belonging[i], trust[i], dependency[i], weights
        )
        online[i] = online_draw[i] < adoption


@inline
def trust_target(node_sum, reference):
    """Where one's trust drifts: ``min(node_sum / reference, 1)`` (``drift.trust_target``)."""
    return min(node_sum / reference, 1.0)


@inline
def belonging_target(tenure, half_time):
    """Where one's belonging drifts: ``tenure / (tenure + half_time)`` (``drift``)."""
    return tenure / (tenure + half_time)


@jit
def targets(values, scale, trust):
    """:func:`trust_target` (``trust``) or :func:`belonging_target` of each of ``values``."""
    out = np.empty(len(values))
    for i in range(len(out)):
        out[i] = trust_target(values[i], scale) if trust else belonging_target(values[i], scale)
    return out


@jit
def household_drift(
    trust, node_sum, reference, trust_rate,
    belonging, tenure, half_time, belonging_rate, burden, burden_weight,
    motivation, motivation_base, motivation_rate,
    dependency, dependency_base, dependency_rate,
    capacity, capacity_base, capacity_rate,
):  # fmt: skip
    """One week of every household's slow variables, in place (``drift.drift``).

    Trust moves toward :func:`trust_target` (its ties' summed strength), belonging toward
    :func:`belonging_target` and then loses
    ``min(burden_weight · burden, 1)`` of itself (unresolved stake); motivation, dependency
    and capacity move toward their personal baselines; each at its rate (:func:`toward`).
    """
    for i in range(len(trust)):
        trust[i] = toward(trust[i], trust_target(node_sum[i], reference), trust_rate)
        b = toward(belonging[i], belonging_target(tenure[i], half_time), belonging_rate)
        belonging[i] = b - min(burden_weight * burden[i], 1.0) * b
        motivation[i] = toward(motivation[i], motivation_base[i], motivation_rate)
        dependency[i] = toward(dependency[i], dependency_base[i], dependency_rate)
        capacity[i] = toward(capacity[i], capacity_base[i], capacity_rate)


@jit
def burden(open_ids, pair_start, pair_end, household, stake, building_of, n_buildings):
    """Stake each household and each building holds in the open issues ``open_ids``."""
    per_household = np.zeros(len(building_of))
    for j in open_ids:
        for r in range(pair_start[j], pair_end[j]):
            per_household[household[r]] += stake[r]
    per_building = np.zeros(n_buildings)
    for i in range(len(building_of)):
        per_building[building_of[i]] += per_household[i]
    return per_household, per_building
