"""Institutions (ODD 7.9): stake in open issues, party branches.

The stake households and buildings hold in open issues, and party branches incubating
micro-organisations. The residents' committee is its own submodel (:mod:`.committee`).

Imports numpy and :mod:`microgov_sim.model` modules only:
state, structure.
"""

from __future__ import annotations

import numpy as np

from .. import kernels
from ..state import CommunityState
from ..structure import BUILDING


def update_burden(s: CommunityState, p, rng: np.random.Generator, week: int) -> None:
    """Stake each household and building holds in open issues (ODD 7.9, 7.10)."""
    iss, nb, hh = s.issues, s.neighbourhood, s.households
    hh.burden[:], s.units.burden[:] = kernels.burden(
        iss.open_ids,
        iss.pair_start,
        iss.pair_end,
        iss.pair_household,
        iss.pair_stake,
        nb.unit_of[BUILDING],
        nb.n_units(BUILDING),
    )


def incubate(s: CommunityState, p, rng: np.random.Generator, week: int) -> None:
    """Each party branch strengthens its compound's neediest building's micro-organisation.

    Need is the building's stake in open issues weighted by how weak its organisation is.
    """
    effort = p.party_embedding * p.incubation_rate
    if effort <= 0:
        return
    u = s.units  # rules.argmax_per_group of need in each compound's buildings
    kernels.incubate(u.burden, u.org_strength, u.compound_buildings, effort, u.branch_incubations)
