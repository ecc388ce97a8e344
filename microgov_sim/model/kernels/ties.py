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
def tie_values(edges, baseline, stored, stamp, decay, clock):
    """:func:`tie_value` of each of ``edges``."""
    out = np.empty(len(edges))
    for j in range(len(edges)):
        out[j] = tie_value(edges[j], baseline, stored, stamp, decay, clock)
    return out


@jit
def all_tie_values(baseline, stored, stamp, decay, clock):
    """:func:`tie_value` of every tie, in order (no index array)."""
    out = np.empty(len(stored))
    for e in range(len(stored)):
        out[e] = tie_value(e, baseline, stored, stamp, decay, clock)
    return out


GROW, ERODE, SET = 0, 1, 2  # the changes tie_update makes


@jit
def tie_update(
    edges, rate, change, values, baseline, stored, stamp, decay, clock, src, dst, node_sum
):
    """Grow, erode or set distinct ``edges`` (``change`` :data:`GROW`, :data:`ERODE`, :data:`SET`).

    Growing adds ``rate`` of the gap to 1, eroding takes ``rate`` of the strength, setting
    gives edge ``edges[j]`` the strength ``values[j]``.
    Sets their stored strengths at ``clock`` and adds the changes to both ends' ``node_sum``
    (all first ends, then all second ends); returns the changes.
    """
    delta = np.empty(len(edges))
    for j in range(len(edges)):
        e = edges[j]
        w = tie_value(e, baseline, stored, stamp, decay, clock)
        if change == GROW:
            new = w + rate * (1.0 - w)
        elif change == ERODE:
            new = w - rate * w
        else:
            new = values[j]
        delta[j] = new - w
        stored[e] = new
        stamp[e] = clock
    for j in range(len(edges)):
        node_sum[src[edges[j]]] += delta[j]
    for j in range(len(edges)):
        node_sum[dst[edges[j]]] += delta[j]
    return delta


@jit
def incident_edges(indptr, entry_edge, rows):
    """The distinct ties (sorted) of the households ``rows``.

    ``rows`` are CSR rows of ``indptr``; entry ``e`` is tie ``entry_edge[e]``.
    """
    m = 0
    for h in rows:
        m += indptr[h + 1] - indptr[h]
    edges = np.empty(m, dtype=np.int64)
    m = 0
    for h in rows:
        for e in range(indptr[h], indptr[h + 1]):
            edges[m] = entry_edge[e]
            m += 1
    edges.sort()
    k = 0
    for j in range(len(edges)):
        if j == 0 or edges[j] != edges[j - 1]:
            edges[k] = edges[j]
            k += 1
    return edges[:k]
