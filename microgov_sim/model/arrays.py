"""Small array helpers shared by the vectorised submodels (no model logic here).

Imports numpy only.
"""

from __future__ import annotations

import numpy as np


def expand_ranges(start: np.ndarray, count: np.ndarray) -> np.ndarray:
    """Concatenate ``range(start[j], start[j] + count[j])`` for all ``j``, vectorised."""
    count = np.asarray(count, dtype=np.int64)
    total = int(count.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    return np.repeat(np.asarray(start, dtype=np.int64) - (np.cumsum(count) - count), count) + (
        np.arange(total)
    )


def flat_float(*arrays) -> tuple[tuple[int, ...], list[np.ndarray]]:
    """The broadcast shape of ``arrays`` and each as a new flat float64 array of that shape.

    What a compiled kernel over elements takes (a scalar counts as an array of any shape);
    ``out.reshape(shape)[()]`` gives its result the inputs' shape (a numpy scalar for scalars).
    """
    shape = np.broadcast_shapes(*(np.shape(a) for a in arrays))
    return shape, [np.array(np.broadcast_to(a, shape), dtype=np.float64).ravel() for a in arrays]
