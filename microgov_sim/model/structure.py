"""The nested neighbourhood and the administrative grid overlay.

Households are numbered so that every micro-unit is a contiguous range of indices:
community > compound (小区) > courtyard (院落) > building (楼栋) > doorway (门栋) > household.
That layout lets every per-unit operation be a ``bincount`` or a slice.

The grid overlay (网格, about 100 households per grid officer) is cut by household count with
a random offset and jittered sizes, so grid borders fall across doorways, buildings and
courtyards, as administrative grids drawn by headcount do.

Imports numpy and :mod:`microgov_sim.model.params` only.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .params import UNIT_SCALES

LEVELS = UNIT_SCALES  # doorway=0, building=1, courtyard=2, compound=3, community=4
DOORWAY, BUILDING, COURTYARD, COMPOUND, COMMUNITY = range(5)


@dataclass
class Neighbourhood:
    """Unit membership of every household at every level, plus the grid overlay.

    Attributes:
        unit_of: ``(5, n)`` int array; ``unit_of[level, i]`` is household ``i``'s unit id.
        starts: per level, the first household of each unit (length ``n_units + 1``, the last
            entry is ``n``), so unit ``u`` at ``level`` is ``range(starts[u], starts[u+1])``.
        grid_of: ``(n,)`` grid id of each household.
        n_grids: number of grids.

    """

    unit_of: np.ndarray
    starts: list[np.ndarray]
    grid_of: np.ndarray
    n_grids: int

    @property
    def n_households(self) -> int:
        """Number of households."""
        return self.unit_of.shape[1]

    def n_units(self, level: int) -> int:
        """Number of units at ``level``."""
        return len(self.starts[level]) - 1

    def unit_sizes(self, level: int) -> np.ndarray:
        """Households per unit at ``level``."""
        return np.diff(self.starts[level])

    def parent(self, level: int, parent_level: int) -> np.ndarray:
        """For each unit at ``level``, the id of the enclosing unit at ``parent_level``."""
        return self.unit_of[parent_level, self.starts[level][:-1]]

    @cached_property
    def grid_sizes(self) -> np.ndarray:
        """Households per grid."""
        return np.bincount(self.grid_of, minlength=self.n_grids)

    # Flat per-level tables, so that (level, unit) pairs index with one gather: the entry of
    # unit ``u`` at ``level`` is ``flat_index(level, u)`` (one padding entry per level).
    @cached_property
    def units_per_level(self) -> np.ndarray:
        """Number of units at each level."""
        return np.array([self.n_units(level) for level in range(len(self.starts))])

    @cached_property
    def level_offset(self) -> np.ndarray:
        """Where each level's entries begin in the flat tables."""
        return np.concatenate(([0], np.cumsum(self.units_per_level + 1)[:-1]))

    @cached_property
    def flat_starts(self) -> np.ndarray:
        """``starts`` of every level, concatenated."""
        return np.concatenate(self.starts)

    @cached_property
    def flat_sizes(self) -> np.ndarray:
        """Unit sizes of every level, concatenated (a 0 after each level)."""
        sizes = [np.append(self.unit_sizes(level), 0) for level in range(len(self.starts))]
        return np.concatenate(sizes)

    def flat_index(self, level: np.ndarray, unit: np.ndarray) -> np.ndarray:
        """Index into the flat tables of unit ``unit`` at ``level``."""
        return self.level_offset[level] + unit


def group_sizes(n_items: int, mean_size: float, rng: np.random.Generator) -> np.ndarray:
    """Split ``n_items`` consecutive items into groups of size ``1 + Poisson(mean_size - 1)``.

    The last group is truncated so the sizes sum to ``n_items``. Pure function of its inputs.
    """
    if n_items <= 0:
        return np.zeros(0, dtype=np.int64)
    sizes: list[np.ndarray] = []
    total = 0
    while total < n_items:
        batch = 1 + rng.poisson(max(mean_size - 1.0, 0.0), size=int(n_items / mean_size) + 16)
        sizes.append(batch)
        total += int(batch.sum())
    s = np.concatenate(sizes)
    cum = np.cumsum(s)
    k = int(np.searchsorted(cum, n_items))  # first group reaching n_items
    s = s[: k + 1].copy()
    s[-1] -= int(cum[k] - n_items)
    return s


def _starts(sizes: np.ndarray) -> np.ndarray:
    return np.concatenate(([0], np.cumsum(sizes))).astype(np.int64)


def build_neighbourhood(
    n_households: int,
    households_per_doorway: float,
    doorways_per_building: float,
    buildings_per_courtyard: float,
    courtyards_per_compound: float,
    households_per_grid: float,
    rng: np.random.Generator,
) -> Neighbourhood:
    """Generate the nested units and the grid overlay for ``n_households`` households."""
    n = int(n_households)
    means = (
        households_per_doorway,
        doorways_per_building,
        buildings_per_courtyard,
        courtyards_per_compound,
    )
    unit_of = np.zeros((len(LEVELS), n), dtype=np.int64)
    starts: list[np.ndarray] = []
    # Level 0 groups households into doorways; level k groups the units of level k-1.
    child_of = np.arange(n)  # each household's unit one level down (itself at first)
    child_starts = np.arange(n + 1)
    for level, mean in enumerate(means):
        sizes = group_sizes(len(child_starts) - 1, mean, rng)
        parent_of_child = np.repeat(np.arange(len(sizes)), sizes)
        unit_of[level] = child_of = parent_of_child[child_of]
        child_starts = child_starts[_starts(sizes)]
        starts.append(child_starts)
    unit_of[COMMUNITY] = 0
    starts.append(np.array([0, n], dtype=np.int64))

    grid_of, n_grids = build_grids(n, households_per_grid, rng)
    return Neighbourhood(unit_of=unit_of, starts=starts, grid_of=grid_of, n_grids=n_grids)


def build_grids(
    n_households: int, households_per_grid: float, rng: np.random.Generator
) -> tuple[np.ndarray, int]:
    """Cut households into grids of about ``households_per_grid`` (±20 %), random offset."""
    n = int(n_households)
    m = max(round(households_per_grid), 1)
    n_draw = n // max(int(0.8 * m), 1) + 3
    sizes = np.maximum(np.rint(m * rng.uniform(0.8, 1.2, size=n_draw)).astype(np.int64), 1)
    sizes[0] = int(rng.integers(1, sizes[0] + 1))  # random offset: the first grid is partial
    ends = np.cumsum(sizes)
    k = int(np.searchsorted(ends, n))
    grid_of = np.repeat(np.arange(k + 1), sizes[: k + 1])[:n]
    return grid_of.astype(np.int64), k + 1
