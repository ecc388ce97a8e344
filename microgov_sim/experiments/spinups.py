"""Spin-ups shared between runs: one per key, computed once, saved as plain arrays.

A run with ``spinup_weeks = W > 0`` starts from the state its dynamics reach after ``W``
weeks under the parameters acting in the spin-up (``docs/ODD.md`` §5). That state depends
only on its key -- those parameters (measurement settings aside,
:func:`~microgov_sim.model.spinup.key_params`), the replication seed and ``W`` -- so every
arm and design point with the same key starts from one state, computed once:

* in a run or a comparison each scenario spins up under its own week-1 parameters (its
  parameters with the timeline's step-1 changes): each arm starts at its own stationarity;
* in a sweep the points spin up under the base's levers by default (``spinup = "base"``:
  parameters of group ``lever`` that may change during a run from the sweep's fixed
  parameters, everything else from the point), so the points that vary only levers share one
  spin-up per replication and measure the response to moving the levers from the base's
  stationary state; ``spinup = "point"`` spins every point up under its own levers.

The runner computes the distinct keys first, as tasks of their own on the chosen engine, and
each writes ``<out>/<name>/spinup/<key>.npz`` (``numpy.savez_compressed``, atomically, no pickle)
with the experiment's fingerprint inside; the runs then load it. A file of another experiment
is not used, ``--overwrite`` deletes the folder's files, and a resumed experiment reuses them.
A run that finds no file (a Dask worker without the folder) computes the same state itself.

Imports numpy, :mod:`microgov_sim.experiments` (results: atomic writes) and
:mod:`microgov_sim.model` (the model class, params, spinup).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import time
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..model.model import MicroGovModel
from ..model.params import DEFAULTS, PARAMETERS
from ..model.spinup import SpunUp, key_params
from .results import TEMPORARY, _atomic

FOLDER = "spinup"
FILE = re.compile(r"[0-9a-f]{16}\.npz")
IDENTITY = "__experiment__"  # the entry of a file holding the experiment's fingerprint
LEVERS = tuple(p.name for p in PARAMETERS if p.group == "lever" and p.runtime)


def spinup_weeks(params: Mapping[str, Any]) -> int:
    """The spin-up length of a run with parameters ``params`` (the default if not given)."""
    return int(params.get("spinup_weeks", DEFAULTS["spinup_weeks"]))


def week_one(params: Mapping[str, Any], timeline: Mapping[int, Mapping[str, Any]]) -> dict:
    """The parameters of week 1: ``params`` with the timeline's step-1 changes."""
    return {**params, **timeline.get(1, {})}


def with_levers_of(params: Mapping[str, Any], base: Mapping[str, Any]) -> dict:
    """``params`` with every runtime lever set as in ``base`` (or its default)."""
    return {**params, **{name: base.get(name, DEFAULTS[name]) for name in LEVERS}}


def spinup_key(params: Mapping[str, Any], seed: int, weeks: int) -> str:
    """The key of a spin-up: a hash of its acting parameters, seed and length."""
    text = json.dumps([key_params(params), int(seed), int(weeks)], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class SpinupTask:
    """One spin-up to compute and save; small and picklable, sent to workers."""

    key: str
    seed: int
    weeks: int
    params: dict[str, Any]
    path: str
    identity: str


def spinup_folder(results_folder: str | Path) -> Path:
    """Where an experiment's spin-ups are saved."""
    return Path(results_folder) / FOLDER


def save(path: str | Path, spun: SpunUp, identity: str) -> None:
    """Write ``spun`` to ``path`` atomically, with the experiment's fingerprint inside."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _atomic(path) as tmp, open(tmp, "wb") as handle:
        np.savez_compressed(handle, **spun.to_npz(), **{IDENTITY: np.array(identity)})


def load(path: str | Path, identity: str | None = None) -> SpunUp | None:
    """The spin-up saved at ``path``; None if missing, unreadable or another experiment's."""
    try:
        with np.load(path, allow_pickle=False) as data:
            if identity is not None and str(data[IDENTITY]) != identity:
                return None
            return SpunUp.from_npz({k: data[k] for k in data.files if k != IDENTITY})
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        return None


def execute_spinup(task: SpinupTask, model_class=MicroGovModel) -> dict[str, Any]:
    """Compute one spin-up and save it; return its key, seconds and error (if any)."""
    started = time.perf_counter()
    try:
        spun = model_class.spin_up(task.seed, task.weeks, task.params)
        save(task.path, spun, task.identity)
    except Exception as exc:  # its runs compute it again and record the error
        return {"key": task.key, "seconds": time.perf_counter() - started, "error": repr(exc)}
    return {"key": task.key, "seconds": time.perf_counter() - started, "error": None}


def missing(tasks: list[SpinupTask]) -> list[SpinupTask]:
    """The spin-ups not yet saved for their experiment (distinct keys, in order)."""
    checked: set[str] = set()
    todo = []
    for task in tasks:
        if task.key not in checked:
            checked.add(task.key)
            if load(task.path, task.identity) is None:
                todo.append(task)
    return todo


def clear(results_folder: str | Path) -> None:
    """Delete the saved spin-ups (``--overwrite``): only the files this tool writes."""
    folder = spinup_folder(results_folder)
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if FILE.fullmatch(path.name) or TEMPORARY.fullmatch(path.name):
            path.unlink()
    with contextlib.suppress(OSError):
        folder.rmdir()  # only if empty: anything else in it is not ours
