"""A spun-up community as plain arrays: its random stream, its key parameters, save and restore.

A run with ``spinup_weeks = W > 0`` starts from the state its own dynamics reach after ``W``
weeks (``docs/ODD.md`` §5): the initial state and those weeks draw from the spin-up stream, a
child of the run's seed (:func:`spinup_generator`), and week 1 onwards from the run's own
stream, as a run without spin-up does. The weeks are numbered ``1 - W .. 0``, so the week
stamps of the state (last active, issue created and closed) lead into week 1 without a jump.
After the spin-up the cumulative counters that outcomes read start afresh
(:func:`reset_counters`) and ``state.history_weeks = W`` tells windowed outcomes how far back
the state reaches.

A spun-up state is a :class:`SpunUp`: a flat mapping of names to numpy arrays
(:func:`state_arrays`) and the parameters it was spun up under, so that it can be saved with
:func:`numpy.savez` and shared (never pickled). The structure (neighbourhood and network) is
not stored: :func:`restore_state` rebuilds it by drawing the initial state again from the same
seed and parameters, then puts every stored array back.

Imports numpy and :mod:`microgov_sim.model` (issues, params, state, ties).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .issues import IssueBook
from .params import PARAMETER_SPECS, validate_params
from .state import CommunityState, Government
from .ties import TieStrengths

SPINUP_WORD = 0x5B1_0B  # the spawn-key word of the spin-up stream under a run's seed
STRUCTURE = frozenset({"neighbourhood", "network"})  # rebuilt from the seed, not stored
TIE_STRUCTURE = frozenset({"src", "dst", "within", "incidence", "n"})
MEASUREMENT_GROUPS = frozenset({"outcomes", "run"})  # parameters that never act in a spin-up
SCALARS = "__scalars__"  # the entry holding the Python type of every scalar
PARAMS = "__params__"  # the entry holding the parameters of the spin-up (JSON)


def spinup_generator(rng) -> np.random.Generator:
    """The spin-up stream of a run whose own stream is ``rng`` (a Generator or a seed).

    For a run seeded with the integer ``seed`` this is
    ``default_rng(SeedSequence(seed, spawn_key=(SPINUP_WORD,)))``, a child of its seed;
    ``rng`` itself is not advanced, so the run's own stream from week 1 is the one a run
    without spin-up has.
    """
    if not isinstance(rng, np.random.Generator):
        rng = np.random.default_rng(rng)
    seq = getattr(rng.bit_generator, "seed_seq", None)
    if not isinstance(seq, np.random.SeedSequence):
        raise ValueError("rng: a spin-up needs a generator made from a seed (SeedSequence)")
    child = np.random.SeedSequence(seq.entropy, spawn_key=(*seq.spawn_key, SPINUP_WORD))
    return np.random.default_rng(child)


def key_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters that determine a spun-up state: all but measurement and run settings.

    ``params`` are overrides of the defaults (validated here); the result is the full set,
    defaults included, so that equal parameter sets give equal keys however they are spelled.
    """
    full = vars(validate_params(params))
    return {
        name: value
        for name, value in sorted(full.items())
        if PARAMETER_SPECS[name].group not in MEASUREMENT_GROUPS
    }


@dataclass(frozen=True)
class SpunUp:
    """A spun-up state: ``arrays`` by name, the ``weeks`` run and the ``params`` acting."""

    arrays: dict[str, np.ndarray]
    weeks: int
    params: dict[str, Any]

    def to_npz(self) -> dict[str, np.ndarray]:
        """Everything as arrays for :func:`numpy.savez` (the parameters as a JSON string)."""
        text = json.dumps({"weeks": self.weeks, "params": self.params}, sort_keys=True)
        return {**self.arrays, PARAMS: np.array(text)}

    @classmethod
    def from_npz(cls, arrays: Mapping[str, np.ndarray]) -> SpunUp:
        """The inverse of :meth:`to_npz` (from ``numpy.load(path, allow_pickle=False)``)."""
        meta = json.loads(str(arrays[PARAMS]))
        data = {name: np.asarray(arrays[name]) for name in arrays if name != PARAMS}
        return cls(data, int(meta["weeks"]), dict(meta["params"]))


def reset_counters(s: CommunityState) -> None:
    """Start the cumulative counters afresh (costs, resolution and incubation counts).

    What the community *is* -- attitudes, ties, organisations, elites, open issues, last-active
    weeks -- is kept; what outcomes *count* since the start starts at zero. A counter added to
    the state belongs here too. The cost lines restart with :class:`Government`; the capital
    stock and the ratcheted budget (``admin.capital``, ``paid_officers``, ``paid_supervisors``)
    are state and carry over; so is the community fund's balance (``fund.restart_counters``).
    """
    s.government = Government()
    s.fund.restart_counters()
    s.admin.officer_disposed = np.zeros_like(s.admin.officer_disposed)
    s.admin.officer_resolved = np.zeros_like(s.admin.officer_resolved)
    s.units.branch_incubations = np.zeros_like(s.units.branch_incubations)
    s.issues.resolved_now.clear()


# ---------------------------------------------------------------------- the state as arrays
def state_arrays(s: CommunityState) -> dict[str, np.ndarray]:
    """Every variable of the state but its structure, as ``{dotted.name: array}`` (copies).

    Dataclass fields are walked (a field added to the state is stored without further code);
    the issue book keeps its used rows, the ties every attribute but their structure. The
    Python type of each scalar is kept in the ``__scalars__`` entry, so that it comes back as
    it was. A value of any other kind is a ``TypeError`` naming it.
    """
    out: dict[str, np.ndarray] = {}
    kinds: dict[str, str] = {}
    for f in dataclasses.fields(s):
        if f.name not in STRUCTURE:
            _put(out, kinds, f.name, getattr(s, f.name))
    out[SCALARS] = np.array(json.dumps(kinds, sort_keys=True))
    return out


def _put(out: dict, kinds: dict, name: str, value: Any) -> None:
    if isinstance(value, IssueBook):
        _put_issues(out, kinds, name, value)
    elif isinstance(value, TieStrengths):
        for attr, item in vars(value).items():
            if attr not in TIE_STRUCTURE:
                _put(out, kinds, f"{name}.{attr}", item)
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            _put(out, kinds, f"{name}.{f.name}", getattr(value, f.name))
    elif isinstance(value, np.ndarray):
        out[name] = value.copy()
    elif isinstance(value, bool | int | float | np.generic):
        kinds[name] = "numpy" if isinstance(value, np.generic) else type(value).__name__
        out[name] = np.array(value)
    else:
        raise TypeError(f"state variable {name}: a {type(value).__name__} cannot be stored")


def _put_issues(out: dict, kinds: dict, name: str, book: IssueBook) -> None:
    if book.resolved_now:
        raise ValueError(f"{name}: issues resolved this step are not yet measured")
    for attr, item in vars(book).items():
        if attr == "resolved_now":
            continue
        if attr == "cols":
            for col, array in item.items():
                out[f"{name}.cols.{col}"] = array[: book.n].copy()
        elif attr.startswith("pair_"):
            out[f"{name}.{attr}"] = item[: book.n_pairs].copy()
        else:
            _put(out, kinds, f"{name}.{attr}", item)


def restore_state(s: CommunityState, arrays: Mapping[str, np.ndarray]) -> CommunityState:
    """Put the stored ``arrays`` into ``s``, the initial state drawn for the same spin-up.

    ``s`` supplies the structure (neighbourhood, network, tie incidence); every stored
    variable replaces its counterpart. Returns ``s``.
    """
    kinds = json.loads(str(arrays[SCALARS]))
    net = s.network
    for name, array in arrays.items():
        if name == SCALARS:
            continue
        value = _scalar(array, kinds[name]) if name in kinds else np.array(array)
        *path, last = name.split(".")
        owner: Any = s
        for part in path:
            owner = owner[part] if isinstance(owner, dict) else getattr(owner, part)
        if isinstance(owner, dict):
            owner[last] = value
        else:
            setattr(owner, last, value)
    if len(s.ties.stored) != net.n_edges:
        raise ValueError("stored ties do not match the network drawn from the seed")
    return s


def _scalar(array: np.ndarray, kind: str) -> Any:
    value = np.asarray(array)[()]
    return value if kind == "numpy" else {"bool": bool, "int": int, "float": float}[kind](value)
