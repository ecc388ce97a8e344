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
