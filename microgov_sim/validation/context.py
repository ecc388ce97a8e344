"""What a pattern experiment runs in: its size, the community variants, and a run function.

A :class:`Context` carries the :class:`Config` (seeds, community size, horizon), the
:class:`Variant` of the community being tested, and :meth:`Context.run`, which runs arms
(parameter sets) as one experiment with common random numbers and keeps the results under
``out/runs/``. May import :mod:`microgov_sim.experiments` and :mod:`microgov_sim.model`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..experiments.experiment import Experiment, Point
from ..experiments.results import Results
from ..experiments.runner import run_experiment
from ..experiments.seeds import replication_seeds


@dataclass(frozen=True)
class Variant:
    """A community variant in which every experiment is repeated."""

    name: str
    params: dict[str, Any] = field(default_factory=dict)


BASE = Variant("base")
VARIANTS = (
    BASE,
    Variant("half_size", {"n_households": 1500}),
    Variant("rewired_10pct", {"network_rewiring": 0.1}),
    Variant("admin_first", {"schedule": "admin_first"}),
)


@dataclass(frozen=True)
class Config:
    """How big the experiments are and where they go."""

    seeds: int = 20
    n_households: int = 3000
    steps: int = 260
    seed: int = 20261122
    variants: tuple[Variant, ...] = VARIANTS
    mode: str = "full"

    @classmethod
    def quick(cls) -> Config:
        """The reduced version: base variant, 10 seeds, 1,500 households, 156 weeks."""
        return cls(seeds=10, n_households=1500, steps=156, variants=(BASE,), mode="quick")


@dataclass
class Context:
    """What a pattern experiment gets: the configuration, the variant and a run function."""

    config: Config
    variant: Variant
    out: Path
    options: dict[str, Any]

    @property
    def seeds(self) -> list[int]:
        """The replication seeds (the same in every arm)."""
        return replication_seeds(self.config.seed, self.config.seeds)

    def run(self, pattern: str, arms: dict[str, dict], timelines=None) -> Results:
        """Run every arm for every seed; arms are parameter overrides of the defaults."""
        timelines = timelines or {}
        points = tuple(
            Point(
                name,
                {"n_households": self.config.n_households, **params, **self.variant.params},
                timelines.get(name, {}),
                self.config.steps,
            )
            for name, params in arms.items()
        )
        experiment = Experiment(
            kind="patterns",
            name=pattern,
            points=points,
            replications=self.config.seeds,
            seed=self.config.seed,
        )
        folder = self.out / "runs" / self.config.mode / self.variant.name
        return run_experiment(experiment, folder, **self.options)
