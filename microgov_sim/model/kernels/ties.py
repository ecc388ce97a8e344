"""Tie strengths under lazy drift (:mod:`microgov_sim.model.ties`): reading and updating ties.

Imports numpy, numba and :mod:`.compile`.
"""

from __future__ import annotations

import numpy as np

from .compile import inline, jit


@inline
def tie_value(e, baseline, stored, stamp, decay, clock):
    """Current strength of tie ``e`` under lazy drift (:mod:`microgov_sim.model.ties`)."""
    b = baseline[e]
    return b + (stored[e] - b) * decay[clock - stamp[e]]


@jit
def tie_update(edges, rate, grow, baseline, stored, stamp, decay, clock, src, dst, node_sum):
    """Grow (by ``rate`` of the gap to 1) or erode (by ``rate`` of itself) distinct ``edges``.

    Sets their stored strengths at ``clock`` and adds the changes to both ends' ``node_sum``
    (all first ends, then all second ends); returns the changes.
    """
    delta = np.empty(len(edges))
    for j in range(len(edges)):
        e = edges[j]
        w = tie_value(e, baseline, stored, stamp, decay, clock)
        new = w + rate * (1.0 - w) if grow else w - rate * w
        delta[j] = new - w
        stored[e] = new
        stamp[e] = clock
    for j in range(len(edges)):
        node_sum[src[edges[j]]] += delta[j]
    for j in range(len(edges)):
        node_sum[dst[edges[j]]] += delta[j]
    return delta
