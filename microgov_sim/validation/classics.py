"""Classic results the model reduces to, shipped with their known answers.

As SALib ships its analytic test functions, these go through the same code path as the model.
May import :mod:`microgov_sim.model` (the rules and the threshold draw) only.
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from ..model import rules
from ..model.submodels.mobility import draw_thresholds

#: Parameters that switch every governance mechanism off, leaving bare threshold behaviour:
#: no private drive (no stake, solidarity, mobilisation or cost), everyone in one fully mixed
#: group, no quorum or effort requirement, and the full weight of influence (Granovetter's
#: crowd joins on others' action alone).
MECHANISMS_OFF: dict[str, object] = {
    "social_reference": "group",
    "influence_weight": 1.0,
    "unit_scale": "community",
    "stake_weight": 0.0,
    "solidarity_weight": 0.0,
    "elite_mobilisation": 0.0,
    "elite_initiative": 0.0,
    "party_mobilisation": 0.0,
    "party_reach": 0.0,
    "party_embedding": 0.0,
    "org_mobilisation": 0.0,
    "officer_mobilisation": 0.0,
    "online_information_weight": 0.0,  # news of other buildings adds drive (ODD 7.4b)
    "participation_cost": 0.0,
    "quorum_share": 0.0,
    "effort_per_stakeholder": 0.0,
    "committee_body_threshold": 0.0,  # every unit convenes itself (ODD 7.9a)
}


def granovetter_riot(thresholds: np.ndarray) -> int:
    """Number who join a crowd whose members have these thresholds (Granovetter 1978).

    A member joins once the number of others who have joined reaches their threshold.
    Granovetter's example: thresholds 0, 1, ..., 99 -> all 100 join; change the person with
    threshold 1 to 2 -> only one joins.
    """
    thresholds = np.asarray(thresholds, dtype=float)
    n = len(thresholds)
    active, _ = rules.threshold_cascade(np.zeros(n), thresholds)  # one fully mixed crowd
    return int(active.sum())


#: Centola (2010): take-up among those whose 1, 2, 3 health buddies had adopted, as issue #18
#: reads his figure (about 15, 30 and 40%).
CENTOLA_TAKE_UP = {1: 0.15, 2: 0.30, 3: 0.40}
#: Thresholds of the model's rule (Beta shares, ODD 7.5) that dock with that curve, found by
#: least squares over the mean and spread at weight 1 and no private drive: two parameters for
#: three numbers (:func:`centola_take_up`).
CENTOLA_THRESHOLDS = {"threshold_mean": 0.57, "threshold_sd": 0.32}
CENTOLA_NODES = 128  # Centola's networks had 98, 128 or 144 participants with 6 neighbours each


def centola_lattice(clustered: bool, rng: np.random.Generator, n: int = CENTOLA_NODES):
    """Centola's networks as CSR ``(indptr, indices)``: clustered or random, degree 6.

    Clustered: a triangular lattice on a torus; random: a random regular graph of the same
    size and degree.
    """
    if clustered:
        side = round((2 * n) ** 0.5)  # a square-ish torus: side rows of side / 2 columns
        g = nx.triangular_lattice_graph(side, side, periodic=True)
    else:
        g = nx.random_regular_graph(6, n, seed=int(rng.integers(2**31)))
    a = nx.to_scipy_sparse_array(g, format="csr")
    return a.indptr.astype(np.int64), a.indices.astype(np.int64)


def centola_take_up(k: int, mean: float, sd: float, trials: int, rng: np.random.Generator):
    """Share who take part with ``k`` of their 6 contacts taking part, by the model's rule.

    On Centola's clustered lattice, in each trial one participant with a threshold drawn as
    the model draws them (:func:`~microgov_sim.model.submodels.mobility.draw_thresholds`)
    sees ``k`` random neighbours act (they are seeded); nobody else can act, so the
    participant's choice is the model's cascade rule (shares of contacts, weight 1) alone.
    """
    indptr, indices = centola_lattice(True, rng)
    ties = rules.fixed_ties(indptr, indices)
    n = len(indptr) - 1
    joined = 0
    for _ in range(trials):
        focal = int(rng.integers(n))
        neighbours = indices[indptr[focal] : indptr[focal + 1]]
        seeded = rng.choice(neighbours, size=k, replace=False)
        threshold = np.full(n, 2.0)  # out of reach: only the focal participant can join
        threshold[focal] = draw_thresholds(mean, sd, 1, rng)[0]
        drive = np.zeros(n)
        drive[seeded] = 2.0
        active, _ = rules.threshold_cascade(drive, threshold, ties=ties, shares=True)
        joined += bool(active[focal])
    return joined / trials


def centola_diffusion(clustered: bool, mean: float, sd: float, rng: np.random.Generator):
    """Final share taking part from one seed and its neighbours (Centola's seeding)."""
    indptr, indices = centola_lattice(clustered, rng)
    n = len(indptr) - 1
    seed = int(rng.integers(n))
    drive = np.zeros(n)
    drive[seed] = drive[indices[indptr[seed] : indptr[seed + 1]]] = 2.0
    threshold = draw_thresholds(mean, sd, n, rng)
    ties = rules.fixed_ties(indptr, indices)
    active, _ = rules.threshold_cascade(drive, threshold, ties=ties, shares=True)
    return float(active.mean())
