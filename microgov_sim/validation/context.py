"""What a pattern experiment runs in: its size, the community variants, and a run function.

A :class:`Context` carries the :class:`Config` (seeds, community size, spin-up, horizon), the
:class:`Variant` of the community being tested, and :meth:`Context.run`, which runs arms
(parameter sets) as one experiment with common random numbers and keeps the results under
``out/runs/``. Every arm starts from its own stationary state: the spin-up of ODD 5 under its
week-1 parameters (``Config.spinup_weeks``, the model's default of 1,000 weeks in the full
version). May import :mod:`microgov_sim.experiments` and :mod:`microgov_sim.model`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..experiments.experiment import Experiment, Point
from ..experiments.results import Results
from ..experiments.runner import run_experiment
from ..experiments.seeds import replication_seeds
from ..model.params import DEFAULTS


@dataclass(frozen=True)
class Variant:
    """A community variant in which every experiment is repeated."""

    name: str
    params: dict[str, Any] = field(default_factory=dict)


BASE = Variant("base")
#: The robustness variants of issue #18: size 1,000 and 10,000 (the base has 3,000), the ring
#: layout of the network (wide bridges), 10% of ties rewired, the other update order.
VARIANTS = (
    BASE,
    Variant("size_1000", {"n_households": 1000}),
    Variant("size_10000", {"n_households": 10000}),
    Variant("ring_layout", {"network_layout": "ring"}),
    Variant("rewired_10pct", {"network_rewiring": 0.1}),
    Variant("admin_first", {"schedule": "admin_first"}),
)


@dataclass(frozen=True)
class Config:
    """How big the experiments are and where they go.

    ``steps`` is the measured horizon after the spin-up (the statistics read its last fifth,
    ``_tail``); patterns whose claim needs longer (hysteresis) set their own. ``seeds``
    replications in the base community, ``variant_seeds`` in the other variants (which ask
    whether a pattern still holds, not how large it is).
    ``hypercube_points`` and ``hypercube_seeds`` size the robustness design over the
    behavioural parameters (:mod:`~microgov_sim.validation.hypercube`), run at
    ``hypercube_households`` for ``hypercube_steps`` weeks (:meth:`cube`); 0 points skips it.
    One seed per point, each point its own: the share of points with the estimate on the
    predicted side is the statistic, and a seed's noise only draws it towards one half
    (conservative for a directional statistic; a predicted absence is not judged at a point);
    more points serve the regression tree better than more seeds at a point.

    The full version's size is set by its cost (issue #18: under 45 minutes on 2 cores): a
    run of 1,000 spin-up and 260 measured weeks costs about 1 s at 1,000 or 3,000
    households and 2 s at 10,000 (``benchmarks/validation_cost.py`` counts the runs).
    """

    seeds: int = 10
    variant_seeds: int = 5
    n_households: int = 3000
    steps: int = 260
    spinup_weeks: int = int(DEFAULTS["spinup_weeks"])
    seed: int = 20261122
    variants: tuple[Variant, ...] = VARIANTS
    hypercube_points: int = 64
    hypercube_seeds: int = 1
    hypercube_households: int = 1000
    hypercube_steps: int = 156
    mode: str = "full"

    def cube(self) -> Config:
        """The configuration every hypercube point runs in (its seeds, size and horizon)."""
        return dataclasses.replace(
            self,
            seeds=self.hypercube_seeds,
            n_households=self.hypercube_households,
            steps=self.hypercube_steps,
        )

    @classmethod
    def quick(cls) -> Config:
        """The reduced version: base variant, 6 seeds, 1,000 households, 156 weeks, no cube."""
        return cls(
            seeds=6,
            n_households=1000,
            steps=156,
            variants=(BASE,),
            hypercube_points=0,
            mode="quick",
        )


@dataclass
class Context:
    """What a pattern experiment gets: the configuration, the variant and a run function.

    ``params`` are set in every arm on top of the arm's own (a hypercube point's behavioural
    parameters).
    """

    config: Config
    variant: Variant
    out: Path
    options: dict[str, Any]
    params: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # what an analysis hands its figure

    @property
    def replications(self) -> int:
        """How many replications every arm runs in this variant."""
        return self.config.seeds if self.variant is BASE else self.config.variant_seeds

    @property
    def seeds(self) -> list[int]:
        """The replication seeds (the same in every arm)."""
        return replication_seeds(self.config.seed, self.replications)

    @property
    def n_households(self) -> int:
        """The community size of this variant."""
        return int(self.variant.params.get("n_households", self.config.n_households))

    @property
    def full_map(self) -> bool:
        """Whether designs with a map over the levers run it (the base variant only)."""
        return self.variant is BASE and not self.params and self.config.mode == "full"

    def points(self, arms: dict[str, dict], timelines=None, steps: int | None = None):
        """The experiment's design points, one per arm, with this context's settings."""
        timelines = timelines or {}
        common = {
            "n_households": self.config.n_households,
            "spinup_weeks": self.config.spinup_weeks,
        }
        return tuple(
            Point(
                name,
                {**common, **self.variant.params, **self.params, **params},  # the arm wins
                timelines.get(name, {}),
                steps or self.config.steps,
            )
            for name, params in arms.items()
        )

    def run(self, pattern: str, arms: dict[str, dict], timelines=None, steps=None) -> Results:
        """Run every arm for every seed; arms are parameter overrides of the defaults."""
        experiment = Experiment(
            kind="patterns",
            name=pattern,
            points=self.points(arms, timelines, steps),
            replications=self.replications,
            seed=self.config.seed,
        )
        folder = self.out / "runs" / self.config.mode / self.variant.name
        return run_experiment(experiment, folder, **self.options)
