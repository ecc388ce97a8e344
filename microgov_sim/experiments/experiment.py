"""Experiments: the runs a scenario, a comparison or a sweep expands to.

An :class:`Experiment` is a list of design points (each a full parameter set, timeline and
horizon) times a number of replications. Replication ``r`` has the same seed at every point
(common random numbers, :mod:`microgov_sim.experiments.seeds`), and
``run_id = point * replications + r``, so every run is determined by the experiment alone --
whichever engine runs it, in whatever order, and however often it is interrupted. Each point
also says under which parameters it spins up (:mod:`microgov_sim.experiments.spinups`), and
runs with the same spin-up key start from one shared spun-up state.

Imports numpy, pandas, :mod:`microgov_sim.experiments` (designs, scenarios, seeds, spinups,
sweeps) and :mod:`microgov_sim.model` (the model class, the outcome catalogue).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..model.model import MicroGovModel
from ..model.outcomes import OUTCOMES
from .designs import DESIGNS
from .provenance import package_versions
from .scenarios import Scenario
from .seeds import replication_seed, replication_seeds
from .spinups import (
    SpinupTask,
    execute_spinup,
    load,
    spinup_folder,
    spinup_key,
    spinup_weeks,
    week_one,
    with_levers_of,
)
from .sweeps import Sweep

ID_COLUMNS = ("run_id", "point", "scenario", "replication", "seed")


@dataclass(frozen=True)
class Point:
    """One design point: the scenario it belongs to, its parameters, timeline and steps.

    ``spinup_params`` are the parameters acting during its spin-up (None: its own week-1
    parameters); they matter only when ``spinup_weeks`` is above 0. ``first_replication``
    shifts the point's seeds: its replication ``r`` runs with the experiment's seed of
    replication ``first_replication + r`` (0, the default: the same seeds at every point;
    the behavioural hypercube gives each point its own).
    """

    scenario: str
    params: dict[str, Any]
    timeline: dict[int, dict[str, Any]]
    steps: int
    factors: dict[str, Any] = field(default_factory=dict)
    spinup_params: dict[str, Any] | None = None
    first_replication: int = 0

    @property
    def spinup_weeks(self) -> int:
        """Weeks of spin-up before week 1 (0: none)."""
        return spinup_weeks(self.params)

    def spinup_under(self) -> dict[str, Any]:
        """The parameters acting during the spin-up."""
        if self.spinup_params is not None:
            return self.spinup_params
        return week_one(self.params, self.timeline)


@dataclass(frozen=True)
class RunTask:
    """Everything one run needs; small and picklable, sent to workers."""

    run_id: int
    point: int
    scenario: str
    replication: int
    seed: int
    params: dict[str, Any]
    timeline: dict[int, dict[str, Any]]
    steps: int
    factors: dict[str, Any]
    spinup_key: str | None = None  # None: no spin-up
    spinup_params: dict[str, Any] | None = None
    spinup_path: str | None = None  # where the shared spin-up is saved (if anywhere)


@dataclass(frozen=True)
class Experiment:
    """Design points times replications, with the provenance to save alongside results."""

    kind: str  # "scenario", "compare" or "sweep"
    name: str
    points: tuple[Point, ...]
    replications: int
    seed: int
    factors: tuple[str, ...] = ()
    sources: dict[str, str] = field(default_factory=dict)
    design: dict[str, Any] = field(default_factory=dict)
    spinup: str = "own"  # "own" (each scenario), or a sweep's "base" or "point"

    @property
    def seeds(self) -> list[int]:
        """The replication seeds, shared by all points."""
        return replication_seeds(self.seed, self.replications)

    @property
    def n_runs(self) -> int:
        """Number of runs: points times replications."""
        return len(self.points) * self.replications

    def tasks(self, folder: str | Path | None = None) -> list[RunTask]:
        """Every run of the experiment, ordered by ``run_id``.

        With ``folder`` (the results folder) each spin-up shared by two or more runs is saved
        under it; a spin-up of one run alone is computed in that run.
        """
        shared = self.seeds
        tasks = []
        for i, p in enumerate(self.points):
            under = p.spinup_under() if p.spinup_weeks else None
            # the spin-up length as resolved here, whatever a worker's defaults say
            params = {**p.params, "spinup_weeks": p.spinup_weeks}
            seeds = shared
            if p.first_replication:
                seeds = [
                    replication_seed(self.seed, p.first_replication + r)
                    for r in range(self.replications)
                ]
            for r in range(self.replications):
                key = spinup_key(under, seeds[r], p.spinup_weeks) if under is not None else None
                path = spinup_folder(folder) / f"{key}.npz" if key and folder else None
                tasks.append(
                    RunTask(
                        run_id=i * self.replications + r,
                        point=i,
                        scenario=p.scenario,
                        replication=r,
                        seed=seeds[r],
                        params=params,
                        timeline=p.timeline,
                        steps=p.steps,
                        factors=p.factors,
                        spinup_key=key,
                        spinup_params=under,
                        spinup_path=None if path is None else str(path),
                    )
                )
        # a spin-up only one run starts from is computed in that run: saving and loading it
        # would cost more than it saves (67 + 28 ms a spin-up of 1,000 households here)
        uses = Counter(t.spinup_key for t in tasks if t.spinup_path)
        return [
            dataclasses.replace(t, spinup_path=None)
            if t.spinup_path and uses[t.spinup_key] < 2
            else t
            for t in tasks
        ]

    def spinup_tasks(self, tasks: list[RunTask]) -> list[SpinupTask]:
        """The spin-ups ``tasks`` start from, one per distinct key (those that are saved)."""
        identity = self.fingerprint()
        found: dict[str, SpinupTask] = {}
        for t in tasks:
            if t.spinup_key and t.spinup_path and t.spinup_key not in found:
                weeks = spinup_weeks(t.params)
                found[t.spinup_key] = SpinupTask(
                    t.spinup_key, t.seed, weeks, t.spinup_params, t.spinup_path, identity
                )
        return list(found.values())

    def points_frame(self) -> pd.DataFrame:
        """One row per design point: scenario, factor values and the full parameter set.

        ``params`` include the resolved ``spinup_weeks``; ``spinup_params`` holds the
        parameters acting in its spin-up (JSON; empty: none).
        """
        rows = []
        for i, p in enumerate(self.points):
            timeline = json.dumps({str(k): v for k, v in p.timeline.items()}, sort_keys=True)
            under = json.dumps(p.spinup_under()) if p.spinup_weeks else ""
            rows.append(
                {"point": i, "scenario": p.scenario, **p.factors}
                | {"steps": p.steps, "timeline": timeline}
                | {"params": json.dumps({**p.params, "spinup_weeks": p.spinup_weeks})}
                | {"spinup_params": under}
            )
        return pd.DataFrame(rows)

    def fingerprint(self) -> str:
        """A hash of everything that determines the results (not of names or comments).

        The resolved points (scenario, parameters, timeline, steps), the seeds and the
        version of microgov-sim: a folder written by another version is not resumed.
        """
        content = [
            (p.scenario, sorted(p.params.items()), sorted(p.timeline.items()), p.steps)
            + ((sorted(p.spinup_under().items()),) if p.spinup_weeks else ())
            + ((p.first_replication,) if p.first_replication else ())
            for p in self.points
        ]
        version = package_versions().get("microgov-sim")
        text = json.dumps([content, self.seeds, version], sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()

    # ------------------------------------------------------------------ constructors
    @classmethod
    def from_scenario(cls, scenario: Scenario) -> Experiment:
        """All replications of one scenario."""
        return cls.from_scenarios([scenario], kind="scenario", name=scenario.name)

    @classmethod
    def from_scenarios(
        cls,
        scenarios: list[Scenario],
        *,
        kind: str = "compare",
        name: str | None = None,
        replications: int | None = None,
        seed: int | None = None,
    ) -> Experiment:
        """Several scenarios as the arms of one experiment, with common random numbers.

        Replications and seed default to the first scenario's; each scenario keeps its
        own steps.
        """
        points = tuple(Point(s.name, dict(s.params), dict(s.timeline), s.steps) for s in scenarios)
        first = scenarios[0]
        return cls(
            kind=kind,
            name=name or comparison_name([s.name for s in scenarios]),
            points=points,
            replications=replications or first.replications,
            seed=first.seed if seed is None else seed,
            sources={s.path or s.name: s.text or "" for s in scenarios},
        )

    @classmethod
    def from_sweep(cls, sweep: Sweep) -> Experiment:
        """The design points of a sweep over its base scenario."""
        frame, raw = sweep.design()
        fixed = {**sweep.base.params, **sweep.params}
        timeline = dict(sweep.base.timeline)
        points = []
        for _, row in frame.iterrows():
            factors = {k: _plain(v) for k, v in row.items()}
            params = {**fixed, **factors}
            under = with_levers_of(params, fixed) if sweep.spinup == "base" else params
            points.append(
                Point(
                    sweep.base.name,
                    params,
                    timeline,
                    sweep.steps,
                    factors,
                    week_one(under, timeline),
                )
            )
        design = {
            "method": sweep.method,
            "samples": sweep.samples,
            "levels": sweep.levels if "levels" in DESIGNS[sweep.method].options else None,
            "second_order": sweep.second_order,
            "problem": sweep.problem,
            "factors": [
                {"name": f.name, "values": f.values, "low": f.low, "high": f.high, "num": f.num}
                for f in sweep.factors
            ],
            "raw_sample": raw.tolist(),
        }
        sources = {sweep.path or sweep.name: sweep.text or ""}
        sources[sweep.base.path or sweep.base.name] = sweep.base.text or ""
        return cls(
            kind="sweep",
            name=sweep.name,
            points=tuple(points),
            replications=sweep.replications,
            seed=sweep.seed,
            factors=tuple(f.name for f in sweep.factors),
            sources=sources,
            design=design,
            spinup=sweep.spinup,
        )


def comparison_name(names: list[str]) -> str:
    """Default folder name of a comparison: ``a_vs_b``, shortened for long lists."""
    joined = "_vs_".join(names)
    if len(joined) <= 120:
        return joined
    digest = hashlib.sha256(joined.encode()).hexdigest()[:8]
    return f"compare_{len(names)}_scenarios_{digest}"


def _plain(value: Any) -> Any:
    """Convert numpy scalars to Python scalars (for JSON and model parameters)."""
    return value.item() if isinstance(value, np.generic) else value


# ---------------------------------------------------------------------- running
@dataclass
class ChunkResult:
    """What a batch of runs sends back: per-step rows, per-run rows, errors."""

    steps: pd.DataFrame
    runs: pd.DataFrame
    errors: pd.DataFrame
    n_runs: int
    spinups: list[dict[str, Any]] = field(default_factory=list)  # computed: key, seconds, error


def tail_length(steps: int) -> int:
    """Steps averaged for the ``_tail`` summaries: the last fifth of the run."""
    return max(1, steps // 5)


def execute_run(task: RunTask, model_class=MicroGovModel) -> tuple[pd.DataFrame, dict]:
    """Run one task; return its per-step outcomes (with ids) and its summary row."""
    started = time.perf_counter()
    spun = {}
    if task.spinup_key is not None:
        ready = load(task.spinup_path) if task.spinup_path else None  # None: computed here
        spun = {"spinup": ready, "spinup_params": task.spinup_params}
    model = model_class(rng=task.seed, policy_timeline=task.timeline, **spun, **task.params)
    model.run_for(task.steps)
    frame = model.datacollector.get_model_vars_dataframe()
    outcomes = frame[list(OUTCOMES)].astype("float64")
    ids = _ids(task)
    steps = pd.DataFrame({**ids, "step": np.arange(len(frame), dtype=np.int32)})
    steps = pd.concat([steps, outcomes.reset_index(drop=True)], axis=1)
    tail = outcomes.iloc[-tail_length(task.steps) :].mean()
    summary = {**ids, "steps": task.steps, "seconds": time.perf_counter() - started}
    for name in OUTCOMES:
        summary[f"{name}_final"] = float(outcomes[name].iloc[-1])
        summary[f"{name}_tail"] = float(tail[name])
    return steps, summary


def _ids(task: RunTask) -> dict[str, Any]:
    return {
        "run_id": task.run_id,
        "point": task.point,
        "scenario": task.scenario,
        "replication": task.replication,
        "seed": task.seed,
        **task.factors,
    }


def execute_chunk(tasks: list[RunTask], model_class=MicroGovModel) -> ChunkResult:
    """Run a batch of tasks; an exception in one run is recorded and the batch goes on.

    A batch of :class:`~microgov_sim.experiments.spinups.SpinupTask` computes and saves
    those spin-ups instead (the runner's first phase).
    """
    if tasks and isinstance(tasks[0], SpinupTask):
        done = [execute_spinup(task, model_class) for task in tasks]
        empty = pd.DataFrame()
        return ChunkResult(empty, empty, empty, 0, done)
    step_frames, runs, errors = [], [], []
    for task in tasks:
        try:
            steps, summary = execute_run(task, model_class)
        except Exception as exc:  # one failing run must not stop a sweep
            errors.append(
                {
                    **{k: getattr(task, k) for k in ID_COLUMNS},
                    "params": json.dumps(task.params),
                    "timeline": json.dumps({str(k): v for k, v in task.timeline.items()}),
                    "error": f"{type(exc).__name__}: {exc}",
                    "traceback": traceback.format_exc(),
                }
            )
            continue
        step_frames.append(steps)
        runs.append(summary)
    steps = pd.concat(step_frames, ignore_index=True) if step_frames else pd.DataFrame()
    return ChunkResult(steps, pd.DataFrame(runs), pd.DataFrame(errors), len(tasks))
