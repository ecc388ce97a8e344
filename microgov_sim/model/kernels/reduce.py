"""numpy's summation in compiled code: the same order of additions, so the same numbers.

``np.sum`` (``np.add.reduce``) of a contiguous float64 array adds by pairwise summation:
blocks of up to 128 numbers, each summed in eight interleaved partial sums, larger arrays
split in halves (numpy's ``pairwise_sum``). A kernel that sums in a plain loop gets other
rounding, and so other outputs than the numpy code it replaces; :func:`np_sum` and
:func:`np_mean` add in numpy's order (checked against numpy in ``tests/test_kernels.py``).

Imports numba and :mod:`.compile`.
"""

from __future__ import annotations

import numpy as np

from .compile import inline, jit

BLOCK = 128  # numpy's PW_BLOCKSIZE


@inline
def block_sum(a, lo, n):
    """The sum of a block ``a[lo:lo + n]`` of at most 128, as numpy adds it (8 partial sums)."""
    if n < 8:
        res = 0.0
        for i in range(lo, lo + n):
            res += a[i]
        return res
    r0, r1, r2, r3 = a[lo], a[lo + 1], a[lo + 2], a[lo + 3]
    r4, r5, r6, r7 = a[lo + 4], a[lo + 5], a[lo + 6], a[lo + 7]
    i = 8
    while i < n - n % 8:
        r0 += a[lo + i]
        r1 += a[lo + i + 1]
        r2 += a[lo + i + 2]
        r3 += a[lo + i + 3]
        r4 += a[lo + i + 4]
        r5 += a[lo + i + 5]
        r6 += a[lo + i + 6]
        r7 += a[lo + i + 7]
        i += 8
    res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while i < n:
        res += a[lo + i]
        i += 1
    return res


@jit
def pairwise_sum(a, lo, n):
    """The sum of ``a[lo:lo + n]`` in the order of numpy's ``pairwise_sum``.

    numpy recurses: a block of up to 128 is summed by :func:`block_sum`, a longer range is
    split at ``n // 2`` rounded down to a multiple of 8 and its halves' sums added. Here the
    same tree is walked with a stack (a recursive kernel cannot be loaded from numba's cache),
    each half summed before the two are added.
    """
    frames = np.empty((64, 3), dtype=np.int64)  # lo, n, halves done; depth < log2(n) + 1
    sums = np.empty(64)
    top, depth = 0, 0
    frames[0, 0], frames[0, 1], frames[0, 2] = lo, n, 0
    while top >= 0:
        f_lo, f_n, done = frames[top, 0], frames[top, 1], frames[top, 2]
        if f_n <= BLOCK:
            sums[depth] = block_sum(a, f_lo, f_n)
            depth += 1
            top -= 1
            continue
        half = f_n // 2
        half -= half % 8
        if done == 2:  # both halves summed: add them
            depth -= 1
            sums[depth - 1] = sums[depth - 1] + sums[depth]
            top -= 1
            continue
        frames[top, 2] = done + 1
        top += 1
        if done == 0:
            frames[top, 0], frames[top, 1] = f_lo, half
        else:
            frames[top, 0], frames[top, 1] = f_lo + half, f_n - half
        frames[top, 2] = 0
    return sums[0]


@jit
def np_sum(a):
    """``np.sum(a)`` of a contiguous 1-D float64 array, bit for bit.

    numpy adds the pairwise sum to its start, +0.0: so a sum of -0.0s is +0.0.
    """
    return 0.0 + pairwise_sum(a, 0, len(a))


@jit
def np_mean(a):
    """``np.mean(a)`` of a contiguous 1-D float64 array, bit for bit (nan when empty)."""
    return np_sum(a) / len(a) if len(a) else np.nan
