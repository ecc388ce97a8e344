"""Slow dynamics (ODD 7.10): lapses, and the drift of slow variables.

Open issues lapse; ties, trust, belonging, motivation, dependency, capacity and
micro-organisations drift toward their targets; elites are absorbed, released and replaced.

Imports numpy and :mod:`microgov_sim.model` modules only:
issues, network, rules, state, structure, ties, and the submodel community_building.
"""

from __future__ import annotations

import numpy as np

from .. import kernels
from ..issues import Status
from ..network import SocialNetwork
from ..state import CommunityState, Elites
from ..structure import Neighbourhood
from ..ties import TieStrengths
from . import community_building


def lapse_issues(s: CommunityState, p, rng: np.random.Generator, week: int) -> int:
    """Open issues lapse unresolved with a small chance per step; return how many did.

    Closed issues then leave the list of open ones.
    """
    iss = s.issues
    open_ids = iss.open_ids[iss.status[iss.open_ids] < Status.RESOLVED_SELF]
    lapse = open_ids[rng.random(len(open_ids)) < p.issue_lapse_chance]
    iss.close(lapse, Status.LAPSED, week)
    iss.refresh_open()
    return len(lapse)


def trust_target(ties: TieStrengths, p) -> np.ndarray:
    """Trust drifts toward the summed strength of one's ties over a full doorway's worth."""
    return kernels.targets(ties.node_sum, trust_reference(p), True)


def trust_reference(p) -> float:
    """The summed tie strength that full trust needs: a full doorway's worth of ties."""
    return max(p.households_per_doorway - 1.0, 1.0)


def belonging_target(tenure: np.ndarray, p) -> np.ndarray:
    """Belonging grows with tenure, half-way at ``tenure_half_belonging`` (less with symbols).

    The half-time is :func:`.community_building.belonging_half_time_of`: the logo and song of
    社八件 shorten it (ODD 7.9b); without them it is ``tenure_half_belonging``.
    """
    tenure = np.asarray(tenure, dtype=np.float64)
    return kernels.targets(tenure, float(community_building.belonging_half_time_of(p)), False)


def tie_baseline(network: SocialNetwork, p) -> np.ndarray:
    """Strength each tie drifts toward: doorway ties and other ties have their own."""
    return np.where(network.kind == 0, p.tie_baseline_doorway, p.tie_baseline_other)


# The parameters of the ties' drift rule: a policy change of one of them resets the rule.
TIE_RULE = frozenset({"tie_drift", "tie_baseline_doorway", "tie_baseline_other"})


def reset_tie_rule(s: CommunityState, p) -> None:
    """Ties drift by the current ``tie_drift`` toward the current baselines from now on."""
    s.ties.set_rule(tie_baseline(s.network, p), p.tie_drift)


def drift(s: CommunityState, p, rng: np.random.Generator, week: int) -> np.ndarray:
    """Drift every slow variable one week; returns the elite positions filled anew."""
    hh, el, u = s.households, s.elites, s.units
    s.ties.tick()
    kernels.household_drift(  # toward trust_target, belonging_target and the baselines
        hh.trust,
        s.ties.node_sum,
        trust_reference(p),
        p.trust_drift,
        hh.belonging,
        hh.tenure,
        community_building.belonging_half_time_of(p),
        p.belonging_drift,
        hh.burden,
        p.burden_weight,
        hh.motivation,
        hh.motivation_base,
        p.motivation_recovery,
        hh.dependency,
        hh.dependency_base,
        p.dependency_decay,
        hh.capacity,
        hh.capacity_base,
        p.capacity_drift,
    )
    kernels.move_all_toward(u.org_strength, community_building.org_target_of(p), p.org_decay)
    # Elites: absorption into grid work and release; vacant positions refilled.
    present = el.home >= 0
    absorb = (
        present
        & ~el.absorbed
        & (rng.random(len(el.home)) < p.elite_absorption_rate * p.elite_recruitment)
    )
    release = (
        present
        & el.absorbed
        & (rng.random(len(el.home)) < p.elite_release_rate * (1 - p.elite_recruitment))
    )
    el.absorbed[absorb] = True
    el.absorbed[release] = False
    el.absorbed_admin_share = p.absorbed_admin_share
    vacant = np.flatnonzero(~present & (rng.random(len(el.home)) < p.elite_emergence_chance))
    fill_elite_slots(el, s.neighbourhood, hh.tenure, vacant, rng)
    return vacant


def fill_elite_slots(
    el: Elites, nb: Neighbourhood, tenure: np.ndarray, slots: np.ndarray, rng: np.random.Generator
) -> None:
    """Give each slot in ``slots`` the longest-standing resident of its unit as elite.

    The longest tenure wins, with noise so that the choice is not purely seniority.
    """
    for slot in slots:
        lo = nb.starts[el.level[slot]][el.unit[slot]]
        hi = nb.starts[el.level[slot]][el.unit[slot] + 1]
        score = tenure[lo:hi] * rng.uniform(0.5, 1.0, hi - lo)
        el.home[slot] = lo + int(np.argmax(score))
        el.absorbed[slot] = False
