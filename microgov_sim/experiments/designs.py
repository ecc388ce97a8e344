"""Sweep designs: the varied parameters (factors) and the methods that expand them to points.

A design method is one registered expand function (:func:`register_design`): full factorial
and, from SALib, Latin hypercube, Sobol (Saltelli's scheme) and Morris. Each takes a sweep
(:class:`~microgov_sim.experiments.sweeps.Sweep`: its factors, SALib problem, samples, levels
and seed) and returns the design points and the raw matrix saved with the results. Adding a
method means adding one entry. Sampled designs draw with a seed derived from the sweep's
master seed (:func:`~microgov_sim.experiments.seeds.design_seed`).

Imports :mod:`microgov_sim.model.params` and :mod:`microgov_sim.experiments.seeds` only.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from ..model.params import PARAMETER_SPECS
from .seeds import design_seed

DESIGN_OPTIONS = ("samples", "levels", "second_order")


class Sweep(Protocol):
    """What a design reads of a sweep (:class:`~microgov_sim.experiments.sweeps.Sweep`)."""

    factors: tuple[Factor, ...]
    samples: int | None
    levels: int
    second_order: bool
    seed: int

    @property
    def problem(self) -> dict[str, Any]:
        """The SALib problem definition of the varied parameters."""


@dataclass(frozen=True)
class Factor:
    """One varied parameter: a list of ``values``, or a range ``[low, high]``.

    ``num`` is the number of evenly spaced levels of a range in a full factorial design.
    """

    name: str
    values: tuple[Any, ...] | None = None
    low: float | None = None
    high: float | None = None
    num: int | None = None

    def levels(self) -> list[Any]:
        """The values a full factorial design takes."""
        if self.values is not None:
            return list(self.values)
        points = np.linspace(self.low, self.high, self.num)
        return [self._cast(x) for x in points]

    def n_levels(self) -> int:
        """How many values a full factorial design takes (without building them)."""
        return len(self.values) if self.values is not None else int(self.num or 0)

    def bounds(self) -> list[float]:
        """SALib bounds: the range, or list positions [0, len)."""
        if self.values is not None:
            return [0.0, float(len(self.values))]
        return [float(self.low), float(self.high)]

    def from_unit(self, x: float) -> Any:
        """Map a SALib sample value (within :meth:`bounds`) to a parameter value."""
        if self.values is not None:
            return self.values[min(int(x), len(self.values) - 1)]
        return self._cast(x)

    def _cast(self, x: float) -> Any:
        kind = PARAMETER_SPECS[self.name].kind
        return round(float(x)) if kind == "int" else float(x)


Points = tuple[list[tuple[Any, ...]], np.ndarray]


@dataclass(frozen=True)
class Design:
    """One design method: how it expands a sweep, and which ``[design]`` options it reads.

    ``expand(sweep)`` returns the design points (a tuple of factor values each) and the raw
    matrix saved with the results (SALib's sample, or the level indices of a factorial);
    ``count(sweep)`` says how many points that is without building them (the size limits of
    :mod:`~microgov_sim.experiments.limits` are checked first).
    ``options`` are the keys of :data:`DESIGN_OPTIONS` it uses; ``min_factors`` the varied
    parameters it needs; ``ranges_need_num`` whether a range ``{low, high}`` needs ``num``
    levels; ``check_samples(n)`` says what is wrong with ``samples = n``, if anything.
    """

    expand: Callable[[Sweep], Points]
    count: Callable[[Sweep], int]
    options: tuple[str, ...] = ()
    min_factors: int = 1
    ranges_need_num: bool = False
    check_samples: Callable[[int], str | None] | None = None


DESIGNS: dict[str, Design] = {}
"""The design methods by name: adding a method means registering one expand function."""


def register_design(name: str, count: Callable[[Sweep], int], **settings: Any) -> Callable:
    """Register the decorated expand function as the design method ``name``.

    ``count(sweep)`` is the number of points the method makes (exact, as a Python integer).
    """

    def register(expand: Callable[[Sweep], Points]) -> Callable[[Sweep], Points]:
        DESIGNS[name] = Design(expand, count, **settings)
        return expand

    return register


def _sampled(sweep: Sweep, raw: np.ndarray) -> Points:
    """The points of a SALib sample: each value mapped from the factor's bounds."""
    rows = [tuple(f.from_unit(x) for f, x in zip(sweep.factors, row, strict=True)) for row in raw]
    return rows, raw


def _power_of_two(samples: int) -> str | None:
    """Saltelli's scheme behind SALib's Sobol sampler needs N a power of 2."""
    return "Sobol designs need a power of 2" if samples & (samples - 1) else None


# SALib is imported inside the functions: it is slow to import and only sampled designs use it.
@register_design(
    "full_factorial",
    count=lambda sweep: math.prod(f.n_levels() for f in sweep.factors),
    ranges_need_num=True,
)
def _full_factorial(sweep: Sweep) -> Points:
    """Every combination of the factors' levels, in declared order; raw: the level indices."""
    grids = [f.levels() for f in sweep.factors]
    rows = list(itertools.product(*grids))
    index_rows = list(itertools.product(*[range(len(g)) for g in grids]))
    return rows, np.array(index_rows, dtype=float).reshape(len(rows), len(grids))


@register_design("latin_hypercube", count=lambda sweep: sweep.samples, options=("samples",))
def _latin_hypercube(sweep: Sweep) -> Points:
    """A Latin hypercube of ``samples`` points."""
    from SALib.sample import latin

    return _sampled(sweep, latin.sample(sweep.problem, sweep.samples, seed=design_seed(sweep.seed)))


@register_design(
    "sobol",
    count=lambda sweep: sweep.samples * (len(sweep.factors) * (1 + sweep.second_order) + 2),
    options=("samples", "second_order"),
    min_factors=2,
    check_samples=_power_of_two,
)
def _sobol(sweep: Sweep) -> Points:
    """Saltelli's extension of Sobol's sequence: N (D + 2) points, N (2D + 2) second-order."""
    from SALib.sample import sobol

    raw = sobol.sample(
        sweep.problem,
        sweep.samples,
        calc_second_order=sweep.second_order,
        seed=design_seed(sweep.seed),
    )
    return _sampled(sweep, raw)


@register_design(
    "morris",
    count=lambda sweep: sweep.samples * (len(sweep.factors) + 1),
    options=("samples", "levels"),
    min_factors=2,
)
def _morris(sweep: Sweep) -> Points:
    """Morris trajectories (``samples`` of them) on a grid of ``levels`` levels."""
    from SALib.sample import morris

    raw = morris.sample(
        sweep.problem, sweep.samples, num_levels=sweep.levels, seed=design_seed(sweep.seed)
    )
    return _sampled(sweep, raw)


def design_named(method: Any) -> Design | None:
    """The registered design called ``method``, or None (also for a non-string)."""
    return DESIGNS.get(method) if isinstance(method, str) else None
