"""Scenario files: a named policy mix with its parameters, timeline, steps, replications, seed.

A scenario is a TOML file in ``scenarios/``::

    name = "grid_withdrawal"
    description = "Heavy grid management for three years, then withdrawn."
    rationale = "Seed [A]: ... (why this scenario, tied to the source documents)"
    steps = 260          # weeks
    replications = 20
    seed = 2026          # master seed; replication r uses the same derived seed everywhere

    [params]             # model parameters (see microgov_sim.model.params); others keep defaults
    admin_penetration = 0.9

    [timeline]           # step = {parameter = value}: changes applied at the start of a step
    150 = { admin_penetration = 0.1 }

:func:`load_scenario` accepts a path or the name of a file in the scenario folders
(:func:`scenario_dirs`). Every problem in a file is reported at once (:class:`UserError`).

Imports :mod:`microgov_sim.experiments` (errors, tomlspec) and the parameter table and
validator (:mod:`microgov_sim.model.params`).
"""

from __future__ import annotations

import dataclasses
import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model.params import parameter_problems, timeline_problems, validate_timeline
from .errors import UserError
from .limits import HARD, check_size
from .tomlspec import Problems, read_toml, take_int, take_name, take_str, take_table

SCENARIO_KEYS = (
    "name",
    "description",
    "rationale",
    "steps",
    "replications",
    "seed",
    "params",
    "timeline",
)
DEFAULT_STEPS = 260
DEFAULT_REPLICATIONS = 10
DEFAULT_SEED = 0
MAX_SEED = 2**63 - 1


@dataclass(frozen=True)
class Scenario:
    """A validated scenario. ``params`` holds only the values that differ from the defaults."""

    name: str
    description: str = ""
    rationale: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    timeline: dict[int, dict[str, Any]] = field(default_factory=dict)
    steps: int = DEFAULT_STEPS
    replications: int = DEFAULT_REPLICATIONS
    seed: int = DEFAULT_SEED
    path: str | None = None
    text: str | None = None

    def with_overrides(
        self,
        *,
        steps: int | None = None,
        replications: int | None = None,
        seed: int | None = None,
        params: dict[str, Any] | None = None,
    ) -> Scenario:
        """A copy with command-line style overrides, validated like a file."""
        doc = self.to_dict()
        for key, value in (("steps", steps), ("replications", replications), ("seed", seed)):
            if value is not None:
                doc[key] = value
        doc["params"] = {**doc["params"], **(params or {})}
        new = scenario_from_dict(doc, source=f"{self.name} (with overrides)")
        return dataclasses.replace(new, path=self.path, text=self.text)

    def check_size(self, allow_large: bool = False, source: str | None = None) -> None:
        """Refuse a scenario beyond the size limits (:mod:`~microgov_sim.experiments.limits`)."""
        sizes = {"steps": self.steps, "replications": self.replications, "points": 1}
        check_size(source or self.path or self.name, **sizes, allow_large=allow_large)

    def to_dict(self) -> dict[str, Any]:
        """The scenario as a TOML-shaped dictionary (timeline steps as strings)."""
        return {
            "name": self.name,
            "description": self.description,
            "rationale": self.rationale,
            "steps": self.steps,
            "replications": self.replications,
            "seed": self.seed,
            "params": dict(self.params),
            "timeline": {str(k): dict(v) for k, v in self.timeline.items()},
        }


def check_params(values: Any, key: str, problems: Problems) -> dict:
    """Check a table of model parameters at ``key``; return the valid entries.

    The checks are :func:`~microgov_sim.model.params.parameter_problems`; each problem found is
    recorded with its line.
    """
    if not isinstance(values, dict):
        problems.add(key, "must be a table of parameter = value", values)
        return {}
    found = parameter_problems(values)
    problems.extend(found, prefix=key)
    bad = {problem.key for problem in found}
    return {name: value for name, value in values.items() if name not in bad}


def check_timeline(values: dict, steps: int, problems: Problems) -> dict[int, dict]:
    """Check a ``[timeline]`` table ``{step: {parameter: value}}`` within ``steps``.

    The checks are :func:`~microgov_sim.model.params.timeline_problems`; the timeline is
    returned with integer steps, or empty if it has problems (recorded with their lines).
    """
    found = timeline_problems(values, steps)
    problems.extend(found)
    return {} if found else validate_timeline(values)


def scenario_from_dict(
    doc: dict[str, Any], source: str = "<scenario>", text: str = "", default_name: str = ""
) -> Scenario:
    """Validate a scenario given as a dictionary; raise :class:`UserError` listing problems."""
    problems = Problems(source, text)
    for key in doc:
        if key not in SCENARIO_KEYS:
            problems.unknown(key, SCENARIO_KEYS)
    name = take_name(doc, problems, default_name)
    if not name:
        problems.add("name", "a scenario needs a name")
    steps = take_int(doc, "steps", problems, DEFAULT_STEPS, 1, HARD.steps)
    scenario = Scenario(
        name=name,
        description=take_str(doc, "description", problems),
        rationale=take_str(doc, "rationale", problems),
        params=check_params(take_table(doc, "params", problems), "params", problems),
        timeline=check_timeline(take_table(doc, "timeline", problems), steps, problems),
        steps=steps,
        replications=take_int(
            doc, "replications", problems, DEFAULT_REPLICATIONS, 1, HARD.replications
        ),
        seed=take_int(doc, "seed", problems, DEFAULT_SEED, 0, MAX_SEED),
        text=text or None,
    )
    problems.raise_if_any()
    return scenario


def scenario_dirs() -> list[Path]:
    """Folders searched for scenario and sweep files given by name, in order.

    ``$MICROGOV_SCENARIOS`` (``os.pathsep``-separated), ``./scenarios``, then the
    ``scenarios/`` folder of the source tree this package was loaded from.
    """
    dirs = [Path(p) for p in os.environ.get("MICROGOV_SCENARIOS", "").split(os.pathsep) if p]
    dirs += [Path.cwd() / "scenarios", Path(__file__).resolve().parents[2] / "scenarios"]
    unique: list[Path] = []
    for d in dirs:
        if d.is_dir() and d.resolve() not in [u.resolve() for u in unique]:
            unique.append(d)
    return unique


def available(kind: str = "scenario") -> dict[str, Path]:
    """Files of a ``kind`` (``"scenario"`` or ``"sweep"``) found by name, first match wins."""
    found: dict[str, Path] = {}
    for d in scenario_dirs():
        pattern = "*.toml" if kind == "scenario" else "sweeps/*.toml"
        for path in sorted(d.glob(pattern)):
            found.setdefault(path.stem, path)
    return found


def resolve_file(name_or_path: str | Path, kind: str = "scenario") -> Path:
    """A path as given if it exists, else the named file from :func:`available`."""
    path = Path(name_or_path)
    if path.exists() or path.suffix == ".toml" or os.sep in str(name_or_path):
        return path
    known = available(kind)
    if str(name_or_path) in known:
        return known[str(name_or_path)]
    close = difflib.get_close_matches(str(name_or_path), list(known), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise UserError(
        f"{name_or_path}: no such {kind} file or {kind} name{hint} "
        f"(known {kind}s: {', '.join(known) or 'none'})"
    )


def load_scenario(name_or_path: str | Path) -> Scenario:
    """Load and validate a scenario from a path or by name (e.g. ``"grid_management"``)."""
    path = resolve_file(name_or_path, "scenario")
    doc, text = read_toml(path)
    scenario = scenario_from_dict(doc, str(path), text, default_name=path.stem)
    return dataclasses.replace(scenario, path=str(path))
