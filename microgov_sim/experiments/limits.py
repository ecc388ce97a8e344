"""Upper bounds on the size of an experiment, checked before anything is built or run.

A typing slip (``steps = 2600000``, ``samples = 1000000000``, ``replications = 1e12``) should
be stopped with one line, not met with hours of silence, a full disk or the machine's
out-of-memory killer. Two tiers:

* the **usual limits** (:data:`USUAL`) are far above the experiments of the brief and the
  validation suite -- 260 weekly steps, tens of replications, at most a few thousand design
  points -- and refuse what is almost surely a slip; ``--allow-large`` on the command line
  (``allow_large=True`` in Python) lifts them for a user who means it;
* the **hard limits** (:data:`HARD`) hold even then: beyond them the numbers no longer fit the
  result tables' 64-bit columns, or the design alone would not fit in any machine's memory.

``rows`` bounds steps x runs, the length of the steps table the results are merged into (about
300 bytes a row in memory).

Imports the standard library and :mod:`microgov_sim.experiments.errors` only.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from .errors import UserError


@dataclass(frozen=True)
class Limits:
    """The largest steps per run, replications, design points, runs and steps x runs."""

    steps: int
    replications: int
    points: int
    runs: int
    rows: int


USUAL = Limits(steps=100_000, replications=10_000, points=1_000_000, runs=1_000_000, rows=2 * 10**7)
HARD = Limits(steps=10**9, replications=10**9, points=10**9, runs=10**9, rows=10**12)

_WHAT = {
    "steps": "steps per run",
    "replications": "replications",
    "points": "design points",
    "runs": "runs (points x replications)",
    "rows": "result rows (steps x runs)",
}


def _number(n: int) -> str:
    """``n`` for a message: digits with separators, or a power of ten when it is huge."""
    return f"{n:,}" if n < 10**15 else f"about 10**{len(str(n)) - 1}"


def size_problems(
    source: str, *, steps: int, replications: int, points: int, allow_large: bool = False
) -> list[str]:
    """What is too large about an experiment of ``points`` x ``replications`` runs of ``steps``.

    One line per limit passed, naming ``source`` (a file or the experiment), the quantity, the
    value and the limit, and saying how to lift a usual limit; a product (runs, rows) is only
    reported when none of its factors is. Empty when within the limits.
    """
    sizes = {
        "steps": steps,
        "replications": replications,
        "points": points,
        "runs": points * replications,
        "rows": points * replications * steps,
    }
    factors = {"runs": ("replications", "points"), "rows": ("steps", "replications", "points")}
    problems, passed = [], set()
    for field in fields(Limits):
        key, value = field.name, sizes[field.name]
        if passed & set(factors.get(key, ())):
            continue
        usual = None if allow_large else getattr(USUAL, key)
        if value > getattr(HARD, key) or (usual is not None and value > usual):
            passed.add(key)
        if value > getattr(HARD, key):
            problems.append(
                f"{source}: {_WHAT[key]} = {_number(value)}: more than this tool can hold "
                f"(at most {_number(getattr(HARD, key))})"
            )
        elif not allow_large and value > getattr(USUAL, key):
            problems.append(
                f"{source}: {_WHAT[key]} = {_number(value)}: more than the usual limit of "
                f"{_number(getattr(USUAL, key))}; give --allow-large (Python: "
                "allow_large=True) if you mean it"
            )
    return problems


def check_size(source: str, **sizes) -> None:
    """Raise :class:`UserError` with :func:`size_problems`, if there are any."""
    if problems := size_problems(source, **sizes):
        raise UserError(problems)
