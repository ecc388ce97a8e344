"""Sweep files: a base scenario, the parameters to vary, and a design.

::

    name = "penetration_x_autonomy"
    description = "Administrative penetration against micro-unit autonomy."
    base = "status_quo"            # a scenario name or a path relative to this file
    replications = 10              # per design point (default: the base scenario's)
    seed = 7                       # master seed (default: the base scenario's)
    # steps = 260                  # default: the base scenario's
    # spinup = "base"              # spin up under the base's levers (default) or each "point"'s

    [params]                       # fixed changes on top of the base scenario
    mobility_rate = 0.005

    [design]
    method = "full_factorial"      # full_factorial | latin_hypercube | sobol | morris
    # samples = 64                 # LHS: points; Sobol: N (a power of 2); Morris: trajectories
    # levels = 4                   # Morris grid levels
    # second_order = false         # Sobol second-order indices

    [vary]                         # a list of values, or a range {low, high} (+ num: factorial)
    admin_penetration = [0.0, 0.25, 0.5, 0.75, 1.0]
    micro_autonomy = { low = 0.0, high = 1.0, num = 5 }

Sampled designs (Latin hypercube, Sobol/Saltelli, Morris) come from SALib with a seed derived
from the master seed, so a sweep file always expands to the same points. A factor given as a
list in a sampled design is sampled over its list positions (each equally likely). Integer
parameters are rounded. With ``spinup_weeks`` above 0 the points spin up under the base's
levers (``spinup = "base"``) or their own (``"point"``): see
:mod:`microgov_sim.experiments.spinups`.

Imports numpy, pandas, :mod:`microgov_sim.experiments` (designs, errors, scenarios,
tomlspec) and :mod:`microgov_sim.model.params`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..model.params import PARAMETER_SPECS, parameter_problem, unknown_parameter
from .designs import DESIGN_OPTIONS, DESIGNS, Factor, design_named
from .errors import UserError
from .limits import HARD, check_size
from .scenarios import (
    MAX_SEED,
    Scenario,
    check_params,
    load_scenario,
    resolve_file,
)
from .tomlspec import Problems, read_toml, take_int, take_name, take_str, take_table

SWEEP_KEYS = ("name", "description", "rationale", "base", "steps", "replications", "seed")
SWEEP_KEYS += ("spinup", "params", "design", "vary")
SPINUP_MODES = ("base", "point")  # see microgov_sim.experiments.spinups
DESIGN_KEYS = ("method", *DESIGN_OPTIONS)
RANGE_KEYS = ("low", "high", "num")


@dataclass(frozen=True)
class Sweep:
    """A validated sweep: the base scenario, factors and design settings."""

    name: str
    base: Scenario
    factors: tuple[Factor, ...]
    method: str = "full_factorial"
    samples: int | None = None
    levels: int = 4
    second_order: bool = False
    replications: int = 10
    seed: int = 0
    steps: int = 260
    params: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    rationale: str = ""
    path: str | None = None
    text: str | None = None
    spinup: str = "base"

    @property
    def problem(self) -> dict[str, Any]:
        """The SALib problem definition of the varied parameters."""
        return {
            "num_vars": len(self.factors),
            "names": [f.name for f in self.factors],
            "bounds": [f.bounds() for f in self.factors],
        }

    def with_overrides(self, *, steps=None, replications=None, seed=None, params=None) -> Sweep:
        """A copy with command-line overrides (validated); ``params`` fixes more parameters."""
        problems = Problems(f"{self.name} (with overrides)")
        changes = {}
        highs = {"steps": HARD.steps, "replications": HARD.replications, "seed": MAX_SEED}
        for key, value in (("steps", steps), ("replications", replications), ("seed", seed)):
            if value is not None:
                low = int(key != "seed")
                changes[key] = take_int({key: value}, key, problems, 0, low, highs[key])
        if params:
            fixed = check_params(params, "params", problems)
            for name in fixed.keys() & {f.name for f in self.factors}:
                problems.add(f"params.{name}", "is varied by the sweep; it cannot also be fixed")
            changes["params"] = {**self.params, **fixed}
        if steps is not None:
            for step in self.base.timeline:
                if step > steps:
                    problems.add("steps", f"the base timeline changes at step {step}", steps)
        problems.raise_if_any()
        return dataclasses.replace(self, **changes)

    def n_points(self) -> int:
        """How many design points the design has (counted, not built)."""
        return DESIGNS[self.method].count(self)

    def check_size(self, allow_large: bool = False, source: str | None = None) -> None:
        """Refuse a sweep beyond the size limits (:mod:`~microgov_sim.experiments.limits`)."""
        sizes = {"steps": self.steps, "replications": self.replications, "points": self.n_points()}
        check_size(source or self.path or self.name, **sizes, allow_large=allow_large)

    def design(self) -> tuple[pd.DataFrame, np.ndarray]:
        """The design points (one row each, one column per factor) and SALib's raw matrix.

        For a full factorial design the raw matrix holds the level indices. A design beyond
        the hard size limits is refused before it is built.
        """
        self.check_size(allow_large=True)
        rows, raw = DESIGNS[self.method].expand(self)
        points = pd.DataFrame(rows, columns=[f.name for f in self.factors])
        points.index.name = "point"
        return points, raw


def _check_factor(name: str, spec: Any, method: str, problems: Problems) -> Factor | None:
    key = f"vary.{name}"
    if unknown := unknown_parameter(name):
        problems.extend([unknown], prefix="vary")
        return None
    param = PARAMETER_SPECS[name]
    if isinstance(spec, list):
        if not spec:
            problems.add(key, "needs at least one value", spec)
            return None
        bad = [problem for v in spec if (problem := parameter_problem(name, v))]
        for problem in bad:
            problems.add(key, f"value {problem.value!r} {problem.message}", spec)
        return None if bad else Factor(name, values=tuple(spec))
    if not isinstance(spec, dict):
        problems.add(key, "must be a list of values or a range {low = .., high = ..}", spec)
        return None
    for extra in set(spec) - set(RANGE_KEYS):
        problems.unknown(f"{key}.{extra}", RANGE_KEYS)
    if param.kind not in ("float", "int"):
        problems.add(key, f"a range needs a numeric parameter; give a list of {param.allowed()}")
        return None
    ok = True
    for end in ("low", "high"):
        if end not in spec:
            problems.add(key, f"a range needs '{end}'", spec)
            ok = False
        elif problem := parameter_problem(name, spec[end]):
            problems.add(f"{key}.{end}", problem.message, problem.value)
            ok = False
    if ok and spec["low"] >= spec["high"]:
        problems.add(key, "needs low < high", spec)
        ok = False
    num = None
    design = design_named(method)
    if design is not None and design.ranges_need_num:
        num_value = spec.get("num")
        if isinstance(num_value, bool) or not isinstance(num_value, int) or num_value < 2:
            problems.add(
                f"{key}.num",
                "a range in a full factorial design needs num = number of levels (>= 2)",
                num_value,
            )
            ok = False
        else:
            num = num_value
    return Factor(name, low=spec["low"], high=spec["high"], num=num) if ok else None


MAX_MORRIS_LEVELS = 1000  # a Morris grid of more levels is no longer a screening design


def _check_design(doc: dict, n_factors: int, problems: Problems) -> dict[str, Any]:
    design = take_table(doc, "design", problems)
    for key in design:
        if key not in DESIGN_KEYS:
            problems.unknown(f"design.{key}", DESIGN_KEYS)
    method = design.get("method", "full_factorial")
    if design_named(method) is None:
        problems.unknown("design.method", DESIGNS, what="design", value=method)
        method = "full_factorial"
    spec = DESIGNS[method]
    out: dict[str, Any] = {"method": method}
    prefixed = {f"design.{k}": v for k, v in design.items()}
    for key in DESIGN_OPTIONS:
        if key in design and key not in spec.options:
            users = [name for name, other in DESIGNS.items() if key in other.options]
            problems.add(
                f"design.{key}", f"is not used by a {method} design (only by {', '.join(users)})"
            )
    if "samples" in spec.options:
        if "samples" not in design:
            problems.add("design.samples", f"a {method} design needs samples (an integer >= 2)")
        out["samples"] = take_int(prefixed, "design.samples", problems, 2, 2)
        if spec.check_samples and (message := spec.check_samples(out["samples"])):
            problems.add("design.samples", message, out["samples"])
    if "levels" in spec.options:
        out["levels"] = take_int(prefixed, "design.levels", problems, 4, 2, MAX_MORRIS_LEVELS)
    if "second_order" in spec.options:
        second = design.get("second_order", False)
        if not isinstance(second, bool):
            problems.add("design.second_order", "must be true or false", second)
        out["second_order"] = second if isinstance(second, bool) else False
    if n_factors < spec.min_factors:
        problems.add(
            "vary", f"a {method} design needs at least {spec.min_factors} varied parameters"
        )
    return out


def sweep_from_dict(doc: dict, source: str = "<sweep>", text: str = "", default_name="") -> Sweep:
    """Validate a sweep given as a dictionary; raise :class:`UserError` listing problems."""
    problems = Problems(source, text)
    for key in doc:
        if key not in SWEEP_KEYS:
            problems.unknown(key, SWEEP_KEYS)
    base = None
    base_ref = doc.get("base")
    if not isinstance(base_ref, str) or not base_ref:
        problems.add("base", "a sweep needs base = a scenario name or path", base_ref)
    else:
        here = Path(source).parent
        candidate = here / base_ref if base_ref.endswith(".toml") else base_ref
        try:
            base = load_scenario(candidate)
        except UserError as exc:
            problems.add("base", f"cannot load the base scenario: {exc.problems[0]}", base_ref)
    design_raw = take_table(doc, "design", problems)
    method = design_raw.get("method", "full_factorial")
    vary = take_table(doc, "vary", problems)
    if not vary:
        problems.add("vary", "a sweep needs at least one parameter to vary in [vary]")
    factors = [_check_factor(name, spec, method, problems) for name, spec in vary.items()]
    design = _check_design(doc, len(vary), problems)
    params = check_params(take_table(doc, "params", problems), "params", problems)
    for name in set(params) & set(vary):
        problems.add(f"params.{name}", "is also varied in [vary]; set it in one place")
    base_steps = base.steps if base else 260
    steps = take_int(doc, "steps", problems, base_steps, 1, HARD.steps)
    if base:
        for step in base.timeline:
            if step > steps:
                problems.add("steps", f"the base scenario's timeline changes at step {step}", steps)
    name = take_name(doc, problems, default_name)
    spinup = doc.get("spinup", "base")
    if not isinstance(spinup, str) or spinup not in SPINUP_MODES:
        problems.add("spinup", f"must be one of {', '.join(map(repr, SPINUP_MODES))}", spinup)
        spinup = "base"
    sweep_kwargs = dict(
        name=name,
        description=take_str(doc, "description", problems),
        rationale=take_str(doc, "rationale", problems),
        replications=take_int(
            doc, "replications", problems, base.replications if base else 1, 1, HARD.replications
        ),
        seed=take_int(doc, "seed", problems, base.seed if base else 0, 0, MAX_SEED),
        spinup=spinup,
    )
    problems.raise_if_any()
    sweep = Sweep(
        base=base,
        factors=tuple(factors),
        steps=steps,
        params=params,
        text=text or None,
        **design,
        **sweep_kwargs,
    )
    sweep.check_size(allow_large=True, source=source)  # the hard limits: no option lifts them
    return sweep


def load_sweep(name_or_path: str | Path) -> Sweep:
    """Load and validate a sweep file (a path, or a name in ``scenarios/sweeps/``)."""
    path = resolve_file(name_or_path, "sweep")
    doc, text = read_toml(path)
    sweep = sweep_from_dict(doc, str(path), text, default_name=path.stem)
    return dataclasses.replace(sweep, path=str(path))


def file_kind(doc: dict) -> str:
    """``"sweep"`` if a parsed TOML document looks like a sweep file, else ``"scenario"``."""
    return "sweep" if {"base", "vary", "design"} & set(doc) else "scenario"
