"""What a scenario, sweep or comparison may be called: its name becomes a folder under --out.

A name is 1 to 120 letters, digits, ``_``, ``-`` and ``.``, starting with a letter, a digit or
``_``: no path separators, no ``.`` or ``..``, no spaces or control characters. The runner
also checks that every result folder lies inside ``--out`` (:func:`folder_inside`), so no
name -- however an :class:`~microgov_sim.experiments.experiment.Experiment` was built -- can
write or delete anything outside it.

Imports :mod:`microgov_sim.experiments.errors` only.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import UserError

MAX_NAME = 120
_NAME = re.compile(rf"[A-Za-z0-9_][A-Za-z0-9_.-]{{0,{MAX_NAME - 1}}}")
NAME_RULE = (
    f"must be 1 to {MAX_NAME} letters, digits, '_', '-' or '.', starting with a letter, a digit "
    "or '_' (it becomes a folder name: no path separators, no spaces)"
)


def name_problem(name: object) -> str | None:
    """What is wrong with ``name`` as a name, or None if it is a valid one."""
    if not isinstance(name, str):
        return f"must be a string, got {type(name).__name__}"
    if _NAME.fullmatch(name) is None:
        return NAME_RULE
    return None


def folder_inside(out: str | Path, name: str) -> Path:
    """The folder ``out/name``, after checking ``name`` and that the folder lies in ``out``."""
    if problem := name_problem(name):
        raise UserError(f"name = {name!r}: {problem}")
    if Path(out).exists() and not Path(out).is_dir():
        raise UserError(f"--out {str(out)!r}: is a file, not a folder; give a folder for results")
    root = Path(out).resolve()
    folder = (root / name).resolve()
    if folder.parent != root:
        raise UserError(f"name = {name!r}: the results folder {folder} is not inside {root}")
    return Path(out) / name
