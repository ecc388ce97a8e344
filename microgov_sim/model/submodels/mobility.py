"""Mobility (ODD 7.1): movers leave, newcomers without ties take their dwellings.

Also draws the personal attributes of every household that moves in, the initial population
included (ODD 5).

Imports numpy and :mod:`microgov_sim.model` modules only:
kernels, state.
"""

from __future__ import annotations

import numpy as np

from .. import kernels
from ..state import NEVER, CommunityState, Households


def draw_newcomers(hh: Households, idx: np.ndarray, p, rng: np.random.Generator) -> None:
    """Draw the personal attributes of households moving into dwellings ``idx``."""
    k = len(idx)
    hh.tenure[idx] = 0.0
    hh.motivation_base[idx] = rng.beta(2.5, 2.5, k)
    hh.motivation[idx] = hh.motivation_base[idx]
    hh.efficacy[idx] = rng.beta(2.0, 2.0, k)
    hh.trust[idx] = 0.0
    hh.belonging[idx] = 0.0
    hh.dependency_base[idx] = rng.beta(3.0, 7.0, k)
    hh.dependency[idx] = hh.dependency_base[idx]
    hh.capacity_base[idx] = rng.beta(2.0, 3.0, k)
    hh.capacity[idx] = hh.capacity_base[idx]
    hh.threshold[idx] = draw_thresholds(p.threshold_mean, p.threshold_sd, k, rng)
    hh.party[idx] = rng.random(k) < p.party_member_share
    hh.online_draw[idx] = rng.random(k)
    hh.last_active[idx] = NEVER
    hh.last_voiced[idx] = NEVER


def draw_thresholds(mean: float, sd: float, k: int, rng: np.random.Generator) -> np.ndarray:
    """``k`` participation thresholds, shares in [0, 1]: Beta with this mean and sd.

    The sd is capped just below ``sqrt(mean (1 - mean))``, the largest a distribution on
    [0, 1] with this mean can have; with sd 0, or a mean of 0 or 1, everyone has the mean.
    """
    cap = 0.99 * np.sqrt(mean * (1.0 - mean))
    sd = min(sd, cap)
    if sd <= 0:
        return np.full(k, mean)
    common = mean * (1.0 - mean) / sd**2 - 1.0
    return rng.beta(mean * common, (1.0 - mean) * common, k)


NOBODY = np.zeros(0, dtype=np.int64)


def move_households(
    s: CommunityState, p, rng: np.random.Generator, week: int
) -> tuple[np.ndarray, np.ndarray]:
    """Age every household one week; each moves out with ``mobility_rate``.

    A newcomer takes the dwelling with fresh attributes and no ties; an elite who moves out
    leaves their position vacant. Returns the dwellings that changed hands and the elite
    positions left vacant (their Mesa agents change).
    """
    hh = s.households
    hh.tenure += 1.0
    if p.mobility_rate <= 0:
        return NOBODY, NOBODY
    movers = np.flatnonzero(rng.random(s.n) < p.mobility_rate)
    if len(movers) == 0:
        return NOBODY, NOBODY
    draw_newcomers(hh, movers, p, rng)
    moved = np.zeros(s.n, dtype=bool)
    moved[movers] = True
    net = s.network
    gone = kernels.incident_edges(net.indptr, net.edge_of_entry, movers)
    s.ties.set(gone, np.zeros(len(gone)))
    el = s.elites
    leaving = np.flatnonzero((el.home >= 0) & moved[np.maximum(el.home, 0)])
    el.home[leaving] = -1
    el.absorbed[leaving] = False
    return movers, leaving
