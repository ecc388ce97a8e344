"""Building the social network (:mod:`microgov_sim.model.network`): its CSR index.

Imports numpy, numba and :mod:`.compile`.
"""

from __future__ import annotations

import numpy as np

from .compile import jit


@jit
def symmetric_csr(src, dst, n):
    """The symmetric adjacency of undirected edges ``src[e] < dst[e]``, sorted by (src, dst).

    Returns the row pointers (``n + 1``), and for each stored entry in (row, column) order its
    column and its edge id -- the order ``np.lexsort((cols, rows))`` gives the entries of both
    directions, in two passes over the edges instead of a sort. A row's columns below it come
    from the edges ending in it (in the edges' order, so by ascending ``src``), those above it
    from the edges starting in it (by ascending ``dst``).
    """
    e = len(src)
    indptr = np.zeros(n + 1, np.int64)
    for k in range(e):
        indptr[src[k] + 1] += 1
        indptr[dst[k] + 1] += 1
    for i in range(n):
        indptr[i + 1] += indptr[i]
    fill = indptr[:-1].copy()
    cols = np.empty(2 * e, np.int64)
    edge = np.empty(2 * e, np.int64)
    for k in range(e):  # columns below the row: the edge's smaller end
        j = fill[dst[k]]
        cols[j] = src[k]
        edge[j] = k
        fill[dst[k]] = j + 1
    for k in range(e):  # then those above it: the larger end
        j = fill[src[k]]
        cols[j] = dst[k]
        edge[j] = k
        fill[src[k]] = j + 1
    return indptr, cols, edge


@jit
def edge_keys(a, b, kind, n, slots):
    """The packed sort key ``(min · n + max) · slots + kind`` of each edge that is no self-loop.

    ``network._canonical``'s key: sorted, it orders the edges as ``np.lexsort((kind, dst,
    src))`` would, with ``src < dst``.
    """
    m = 0
    for k in range(len(a)):
        if a[k] != b[k]:
            m += 1
    key = np.empty(m, np.int64)
    m = 0
    for k in range(len(a)):
        if a[k] != b[k]:
            lo, hi = min(a[k], b[k]), max(a[k], b[k])
            key[m] = (lo * n + hi) * slots + kind[k]
            m += 1
    return key


@jit
def first_of_pairs(key, n, slots):
    """The edges of sorted :func:`edge_keys` ``key``, the first of each pair (closest kind).

    Returns ``src``, ``dst`` and ``kind`` (int8) of each distinct pair, in key order.
    """
    m = 0
    for k in range(len(key)):
        if k == 0 or key[k] // slots != key[k - 1] // slots:
            m += 1
    src, dst = np.empty(m, np.int64), np.empty(m, np.int64)
    kind = np.empty(m, np.int8)
    m = 0
    for k in range(len(key)):
        pair = key[k] // slots
        if k == 0 or pair != key[k - 1] // slots:
            src[m], dst[m], kind[m] = pair // n, pair % n, key[k] % slots
            m += 1
    return src, dst, kind
