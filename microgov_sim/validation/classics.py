"""Classic results the model reduces to, shipped with their known answers.

As SALib ships its analytic test functions, these go through the same code path as the model.
May import :mod:`microgov_sim.model` (the rules) only.
"""

from __future__ import annotations

import numpy as np

from ..model import rules

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
