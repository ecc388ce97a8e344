"""Attitudes (ODD 7.2): willingness, online adoption and elite effort from current state.

Imports numpy and :mod:`microgov_sim.model` modules only:
rules, state, structure.
"""

from __future__ import annotations

import numpy as np

from .. import rules
from ..state import CommunityState
from ..structure import BUILDING, COURTYARD


def update_attitudes(s: CommunityState, p, rng: np.random.Generator, week: int) -> None:
    """Recompute willingness and online use of every household, and elite effort."""
    hh = s.households
    hh.willingness[:] = rules.willingness(
        hh.motivation, hh.efficacy, hh.belonging, hh.trust, hh.dependency
    )
    hh.online[:] = (
        hh.online_draw < p.online_base_adoption + (1 - p.online_base_adoption) * p.micro_autonomy
    )
    s.units.elite_effort = elite_effort(s)


def elite_effort(s: CommunityState) -> np.ndarray:
    """Elite effort available to each building, net of absorption into grid work.

    Building heads and elders count for their building, group leaders for every building of
    their courtyard.
    """
    nb, el = s.neighbourhood, s.elites
    act = el.activity()
    at_building = el.level == BUILDING
    per_building = np.bincount(
        el.unit[at_building], weights=act[at_building], minlength=nb.n_units(BUILDING)
    )
    court = np.bincount(
        el.unit[~at_building], weights=act[~at_building], minlength=nb.n_units(COURTYARD)
    )
    return per_building + court[nb.parent(BUILDING, COURTYARD)]
