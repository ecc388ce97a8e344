"""Seeds derived from one master seed with numpy's ``SeedSequence``.

Replication ``r`` of every design point and every scenario run from the same master seed uses
the same seed (common random numbers): differences between arms are then differences of
policy, not of luck. The derived seeds are plain integers, stored with every result.

Imports numpy only.
"""

from __future__ import annotations

import numpy as np

_DESIGN_TAG = 0x5EED_DE51  # extra entropy word: the design's stream differs from any replication


def replication_seed(master: int, replication: int) -> int:
    """The seed of replication ``replication`` under ``master`` (a 63-bit integer)."""
    state = np.random.SeedSequence(master, spawn_key=(replication,)).generate_state(1, np.uint64)
    return int(state[0] >> np.uint64(1))


def replication_seeds(master: int, replications: int) -> list[int]:
    """Seeds of replications ``0 .. replications - 1``."""
    return [replication_seed(master, r) for r in range(replications)]


def design_seed(master: int) -> int:
    """Seed for sampling a design (Latin hypercube, Sobol, Morris) under ``master``."""
    state = np.random.SeedSequence([master, _DESIGN_TAG]).generate_state(1, np.uint32)
    return int(state[0])
