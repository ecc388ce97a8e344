"""Orders in compiled code: ``np.lexsort``'s, by one stable merge sort.

numba's own ``np.argsort(kind="mergesort")`` gives the same orders but costs seconds to
compile for each key type; the kernels sort on few keys at a time, so :func:`lex_order`
takes them as the rows of one float64 array and compiles once.

Imports numpy, numba and :mod:`.compile`.
"""

from __future__ import annotations

import numpy as np

from .compile import inline, jit


@inline
def precedes(keys, a, b):
    """Whether column ``a`` of ``keys`` sorts strictly before column ``b`` (row 0 primary).

    Equal columns do not, so that the sort keeps them in their order.
    """
    for r in range(keys.shape[0]):
        if keys[r, a] != keys[r, b]:
            return keys[r, a] < keys[r, b]
    return False


@jit
def lex_order(keys):
    """The stable order of the columns of ``keys`` by its rows, the first row primary.

    ``np.lexsort(keys[::-1])``: ``np.lexsort`` takes its primary key last. Keys are float64
    (integer keys below 2**53 are exact); no NaN. A bottom-up merge sort.
    """
    n = keys.shape[1]
    order = np.arange(n)
    spare = np.empty(n, dtype=np.int64)
    width = 1
    while width < n:
        for lo in range(0, n, 2 * width):
            mid, hi = min(lo + width, n), min(lo + 2 * width, n)
            i, j, m = lo, mid, lo
            while i < mid and j < hi:
                if precedes(keys, order[j], order[i]):  # only a strictly earlier right wins
                    spare[m] = order[j]
                    j += 1
                else:
                    spare[m] = order[i]
                    i += 1
                m += 1
            while i < mid:
                spare[m] = order[i]
                i += 1
                m += 1
            while j < hi:
                spare[m] = order[j]
                j += 1
                m += 1
        order, spare = spare, order
        width *= 2
    return order
