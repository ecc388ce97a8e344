"""Initialisation (ODD 5): the community's state at week 0, drawn from the parameters.

The draws come from the run's generator in a fixed order (neighbourhood, network,
households, micro-organisations, elites), so that the same parameters and seed give the same
community. Grid officers, the committee's delegated load and attitudes are then set as of
week 0, without draws. Imports only :mod:`microgov_sim.model` modules.
"""

from __future__ import annotations

import numpy as np

from . import rules
from .network import build_network
from .state import Administration, CommunityState, EliteRole, Elites, Households, Units
from .structure import BUILDING, COMPOUND, COURTYARD, Neighbourhood, build_neighbourhood
from .submodels import administration, attitudes, committee, community_building, drift
from .submodels.mobility import draw_newcomers
from .ties import TieStrengths


def initial_state(p, rng: np.random.Generator) -> CommunityState:
    """Build the community at week 0 for parameters ``p`` (validated) with generator ``rng``."""
    nb = build_neighbourhood(
        p.n_households,
        p.households_per_doorway,
        p.doorways_per_building,
        p.buildings_per_courtyard,
        p.courtyards_per_compound,
        p.households_per_grid,
        rng,
    )
    net = build_network(
        nb,
        p.building_tie_chance,
        p.courtyard_tie_chance,
        p.bridging_ties,
        p.network_rewiring,
        rng,
        layout=p.network_layout,
    )
    n = nb.n_households
    hh = Households.empty(n)
    draw_newcomers(hh, np.arange(n), p, rng)
    hh.tenure[:] = initial_tenure(p, n, rng)
    hh.belonging[:] = drift.belonging_target(hh.tenure, p)
    # Ties start where everyday contact would have brought them after the shorter tenure.
    shorter = np.minimum(hh.tenure[net.src], hh.tenure[net.dst])
    baseline = drift.tie_baseline(net, p)
    ties = TieStrengths(
        net.src,
        net.dst,
        net.same_building,
        net.incidence,
        baseline,
        baseline * (1.0 - np.exp(-p.tie_drift * shorter)),
        p.tie_drift,
    )
    hh.trust[:] = drift.trust_target(ties, p)
    n_buildings = nb.n_units(BUILDING)
    org_strength = np.clip(p.micro_autonomy * rng.uniform(0.5, 1.5, n_buildings), 0, 1)
    # Buildings of one compound are a contiguous range (households are nested in order).
    compound_of_building = nb.parent(BUILDING, COMPOUND)
    units = Units(
        org_strength=org_strength,
        burden=np.zeros(n_buildings),
        elite_effort=np.zeros(n_buildings),
        compound_buildings=np.searchsorted(
            compound_of_building, np.arange(nb.n_units(COMPOUND) + 1)
        ),
        branch_incubations=np.zeros(nb.n_units(COMPOUND), dtype=np.int64),
    )
    s = CommunityState(
        neighbourhood=nb,
        network=net,
        households=hh,
        ties=ties,
        elites=initial_elites(nb, hh.tenure, p, rng),
        units=units,
        admin=Administration.without_officers(nb.n_grids),
    )
    sages = community_building.add_sages(s.elites, nb, p, rng)  # 社八件's sages (ODD 7.9b)
    drift.fill_elite_slots(s.elites, nb, hh.tenure, sages, rng)
    # Officers on duty, the committee's load and attitudes as of week 0 (no draws).
    s.admin.assign_officers(administration.officers_wanted(s, p))
    administration.install_wanted(s, p)  # the grid as built before week 1 (ODD 7.8b)
    committee.load_committee(s, p, rng, 0)
    attitudes.update_attitudes(s, p, rng, 0)
    return s


def initial_tenure(p, n: int, rng: np.random.Generator) -> np.ndarray:
    """Weeks each initial household has lived in its dwelling: the stationary distribution.

    Every week each household moves out with chance ``m = mobility_rate`` and a newcomer
    (tenure 0) takes its dwelling (ODD 7.1). In the stationary population the tenure is then
    the number of weeks survived since the last move-in: geometric on 0, 1, 2, ... with
    ``P(k) = m (1 - m)^k`` (mean ``1/m - 1``, about ``1/m``), the age distribution of a
    renewal process with a constant hazard. With ``m = 0`` nobody ever moves and no stationary
    distribution exists; ``mean_initial_tenure`` then caps the mean: the chance is
    ``q = max(m, 1 / mean_initial_tenure)``, so the cap matters only when
    ``mobility_rate < 1 / mean_initial_tenure`` (the community's housing was occupied a finite
    time ago). ``mean_initial_tenure = 0`` starts everybody at tenure 0.
    """
    if p.mean_initial_tenure <= 0:
        return np.zeros(n)
    q = max(p.mobility_rate, 1.0 / p.mean_initial_tenure)
    return (rng.geometric(q, n) - 1).astype(np.float64)


def initial_elites(nb: Neighbourhood, tenure: np.ndarray, p, rng: np.random.Generator) -> Elites:
    """Building heads, one group leader per courtyard and elders, from the longest resident.

    Each is absorbed into grid work at the balance of the absorption and release hazards.
    """
    n = nb.n_households
    n_b, n_c = nb.n_units(BUILDING), nb.n_units(COURTYARD)
    heads = np.flatnonzero(rng.random(n_b) < p.building_head_chance)
    n_elders = rng.poisson(p.elders_per_100 * n / 100.0)
    elder_homes = rng.integers(0, n, n_elders)
    role = np.concatenate(
        (
            np.full(len(heads), EliteRole.BUILDING_HEAD),
            np.full(n_c, EliteRole.GROUP_LEADER),
            np.full(n_elders, EliteRole.ELDER),
        )
    ).astype(np.int8)
    level = np.where(role == EliteRole.GROUP_LEADER, COURTYARD, BUILDING).astype(np.int8)
    unit = np.concatenate((heads, np.arange(n_c), nb.unit_of[BUILDING, elder_homes]))
    home = np.full(len(role), -1, dtype=np.int64)
    el = Elites(
        role=role,
        level=level,
        unit=unit.astype(np.int64),
        home=home,
        absorbed=np.zeros(len(role), dtype=bool),
        absorbed_admin_share=p.absorbed_admin_share,
    )
    is_elder = role == EliteRole.ELDER
    home[is_elder] = elder_homes
    drift.fill_elite_slots(el, nb, tenure, np.flatnonzero(~is_elder), rng)
    share = rules.absorbed_share(p.elite_absorption_rate, p.elite_release_rate, p.elite_recruitment)
    el.absorbed[:] = rng.random(len(role)) < share
    return el
