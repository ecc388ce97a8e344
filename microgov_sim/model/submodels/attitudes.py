"""Attitudes (ODD 7.2): willingness, online adoption and elite effort from current state.

Imports numpy and :mod:`microgov_sim.model` modules only:
rules, state, structure.
"""

from __future__ import annotations

import numpy as np

from .. import kernels, rules
from ..state import CommunityState
from ..structure import BUILDING, COURTYARD


def update_attitudes(s: CommunityState, p, rng: np.random.Generator, week: int) -> None:
    """Recompute willingness and online use of every household, and elite effort."""
    hh = s.households
    kernels.attitudes(  # rules.willingness; online use where one's draw is below adoption
        hh.willingness,
        hh.online,
        hh.motivation,
        hh.efficacy,
        hh.belonging,
        hh.trust,
        hh.dependency,
        hh.online_draw,
        p.online_base_adoption + (1 - p.online_base_adoption) * p.micro_autonomy,
        rules.WILLINGNESS_WEIGHTS,
    )
    s.units.elite_effort, s.units.elite_reporting = elite_effort(s, p)


def elite_effort(s: CommunityState, p) -> tuple[np.ndarray, np.ndarray]:
    """Elite effort of each building for self-governance, and absorbed elites' reporting.

    Building heads and elders count for their building; a group leader counts for the
    buildings of their courtyard, spread over them (``group_leader_coverage`` 'shared') or in
    full in each ('each_building'). The first array is each elite's activity (what grid work
    leaves); the second the share ``absorbed_routing`` of absorbed elites' grid work, spent
    discovering and reporting the buildings' affairs into the grid (ODD 7.4).
    """
    nb, el = s.neighbourhood, s.elites
    return kernels.elite_efforts(  # raising.building_effort of activity and of reporting
        el.home,
        el.absorbed,
        float(el.absorbed_admin_share),
        el.level,
        BUILDING,
        el.unit,
        nb.parent(BUILDING, COURTYARD),
        p.group_leader_coverage == "shared",
        float(p.absorbed_routing),
    )
