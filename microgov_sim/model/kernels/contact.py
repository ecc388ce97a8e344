"""Administrative contact (ODD 7.8): what officers' patrols and disposals do to households.

Imports numpy, numba and :mod:`.compile`.
"""

from __future__ import annotations

import numpy as np

from .compile import inline, jit


@inline
def crowded(motivation, exposure, crowding_out, rate):
    """One household's motivation after ``exposure`` controlling interventions.

    Positive ``crowding_out`` moves it toward 0, negative toward 1 (crowding in), by
    ``min(rate · |crowding_out| · exposure, 1)`` of the distance (``rules.crowding_update``).
    """
    step = min(rate * abs(crowding_out) * exposure, 1.0)
    if crowding_out >= 0:
        return motivation - step * motivation
    return motivation + step * (1.0 - motivation)


@jit
def crowding_update(motivation, exposure, crowding_out, rate):
    """:func:`crowded` of each household."""
    out = np.empty(len(motivation))
    for i in range(len(out)):
        out[i] = crowded(motivation[i], exposure[i], crowding_out, rate)
    return out


@jit
def administrative_contact(
    motivation,
    dependency,
    grid_of,
    coverage,
    disposed_for,
    patrol_exposure,
    support_share,
    crowding_out,
    crowding_rate,
    dependency_growth,
):
    """Crowding of motivation and growth of dependency from this week's contact, in place.

    A household's exposure is ``patrol_exposure · c · (1 - support_share)`` in a grid of
    coverage ``c``, plus ``1 - support_share`` for each issue of its that administration
    resolved (``disposed_for`` lists the affected household of each, repeats included);
    motivation is :func:`crowded` by it, and dependency grows by
    ``min(dependency_growth · exposure, 1)`` of the gap to 1.
    """
    n = len(motivation)
    hits = np.zeros(n, dtype=np.int64)
    for h in disposed_for:
        hits[h] += 1
    for i in range(n):
        exposure = patrol_exposure * coverage[grid_of[i]] * (1 - support_share)
        if len(disposed_for):
            exposure = exposure + hits[i] * (1 - support_share)
        motivation[i] = crowded(motivation[i], exposure, crowding_out, crowding_rate)
        grow = min(dependency_growth * exposure, 1.0)
        dependency[i] += grow * (1 - dependency[i])
