"""Saved results: tidy Parquet tables streamed as runs finish, and a loader for every format.

Layout of ``<out>/<name>/`` (format version 2)::

    metadata.json    format version, kind, source texts, design, seeds, versions, timings
    points.parquet   one row per design point: point, scenario, factors, steps, params (JSON)
    steps.parquet    one row per run and step: run_id, point, scenario, replication, seed,
                     factors, step, outcomes...
    runs.parquet     one row per finished run: ids, factors, steps, seconds, and for each
                     outcome ``<name>_final`` (last step) and ``<name>_tail`` (mean of the
                     last fifth of the steps)
    errors.parquet   runs that raised: ids, params, error, traceback (only if any)
    parts/           batches written while a sweep is under way; merged at the end

Each finished batch is written to ``parts/`` at once (to a temporary name, then renamed), so
a sweep killed at any moment keeps every finished run. Running it again skips them and, once
all runs are done, merges the parts into the tables above -- identical to an uninterrupted
sweep. Format version 1 (``outcomes.csv`` from microgov-sim 0.1's ``microgov run``) is read
too.

A folder holds only what it says: every Parquet file carries the fingerprint of the experiment
that wrote it (its resolved points, steps and seeds), and the runner refuses a folder holding
files of another or an unknown experiment (``--overwrite`` replaces them, deleting only the
files this tool writes). A part that cannot be read is reported by name and its runs run
again; rows of runs the experiment does not have are reported and left out.

Imports pandas (and pyarrow through it), :mod:`microgov_sim.experiments` (errors, stats)
and the outcome catalogue (:mod:`microgov_sim.model.outcomes`).
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..model.outcomes import OUTCOMES
from .errors import UserError
from .stats import grouped_mean_ci, outcome_bounds

FORMAT_VERSION = 2
TABLES = ("steps", "runs", "errors")


IDENTITY_KEY = b"microgov_sim.experiment"  # Parquet metadata: the experiment's fingerprint
PART = re.compile(r"(steps|runs|errors)-[0-9a-f]{12}\.parquet")  # the names of our parts
TEMPORARY = re.compile(r"\..+\.[0-9a-f]{32}\.tmp")  # our files while they are written


def _write_parquet(frame: pd.DataFrame, path: Path, identity: str | None = None) -> None:
    """Write ``frame`` atomically; ``identity`` (the experiment's fingerprint) goes inside."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    if identity is not None:
        table = table.replace_schema_metadata(
            {**(table.schema.metadata or {}), IDENTITY_KEY: identity.encode()}
        )
    with _atomic(path) as tmp:
        pq.write_table(table, tmp)


@contextlib.contextmanager
def _atomic(path: Path) -> Iterator[Path]:
    """A temporary name beside ``path`` that becomes ``path`` when the block succeeds.

    If writing fails (a full disk, a file-size limit, a read-only folder), the temporary
    file is removed and the error goes on, as an ``OSError`` naming ``path``.
    """
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        yield tmp
        tmp.replace(path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError | pa.ArrowException):
            errno = getattr(exc, "errno", None)
            raise OSError(errno, getattr(exc, "strerror", None) or str(exc), str(path)) from exc
        raise


def identity_of(path: Path) -> str | None:
    """The experiment fingerprint saved inside a Parquet file (None: none, older versions)."""
    metadata = pq.read_schema(path).metadata or {}
    value = metadata.get(IDENTITY_KEY)
    return value.decode() if value is not None else None


def _sort(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    if frame.empty:
        return frame
    keys = ["run_id", "step"] if table == "steps" else ["run_id"]
    frame = frame.drop_duplicates(keys, keep="last")
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)


def read_metadata_file(path: Path) -> dict[str, Any]:
    """A results folder's ``metadata.json``; a broken one is a user error naming it."""
    try:
        metadata = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"{path}: cannot be read ({exc}); use --overwrite to start afresh") from exc
    if not isinstance(metadata, dict):
        raise UserError(f"{path}: is not a results description; use --overwrite to start afresh")
    return metadata


def _say(message: str) -> None:
    print(message, file=sys.stderr)


class ResultStore:
    """Writes one experiment's results to a folder, batch by batch, resumably.

    With ``identity`` (the experiment's fingerprint) every file it writes carries it, and
    :meth:`foreign_files` lists saved files of another (or an unknown) experiment; with
    ``run_ids`` the rows of runs the experiment does not have are reported and left out.
    Parts that cannot be read are reported by name and removed, so their runs run again.
    """

    def __init__(
        self,
        folder: str | Path,
        identity: str | None = None,
        run_ids: set[int] | None = None,
        say: Callable[[str], None] = _say,
    ):
        self.folder = Path(folder)
        self.parts = self.folder / "parts"
        self.identity = identity
        self.run_ids = run_ids
        self.say = say

    @property
    def metadata_path(self) -> Path:
        """The folder's ``metadata.json``."""
        return self.folder / "metadata.json"

    def read_metadata(self) -> dict[str, Any] | None:
        """The saved metadata, or None for a new folder."""
        if not self.metadata_path.exists():
            return None
        return read_metadata_file(self.metadata_path)

    def write_metadata(self, metadata: dict[str, Any]) -> None:
        """Write ``metadata.json`` atomically."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with _atomic(self.metadata_path) as tmp:
            tmp.write_text(json.dumps(metadata, indent=2, default=str), encoding="utf-8")

    def saved_files(self) -> list[Path]:
        """The result files this tool writes that are in the folder (tables and parts)."""
        files = [self.folder / f"{t}.parquet" for t in ("points", *TABLES)]
        if self.parts.is_dir():
            files += sorted(p for p in self.parts.iterdir() if PART.fullmatch(p.name))
        return [f for f in files if f.is_file()]

    def foreign_files(self, trust_unmarked: bool) -> list[str]:
        """Saved files that are not this experiment's, each with the reason.

        A file without an identity (written before identities were saved) counts as this
        experiment's only when ``trust_unmarked`` (its ``metadata.json`` matched).
        """
        foreign = []
        for path in self.saved_files():
            try:
                found = identity_of(path)
            except (OSError, pa.ArrowException):
                continue  # unreadable: reported and rerun when read
            if found is None and not trust_unmarked:
                foreign.append(f"{path.relative_to(self.folder)} (of an unknown experiment)")
            elif found is not None and found != self.identity:
                foreign.append(f"{path.relative_to(self.folder)} (of another experiment)")
        return foreign

    def clear(self) -> None:
        """Remove earlier results (``--overwrite``): only the files this tool writes."""
        (self.folder / "metadata.json").unlink(missing_ok=True)
        for path in self.saved_files():
            path.unlink()
        for folder in (self.folder, self.parts):
            if folder.is_dir():
                for tmp in folder.iterdir():
                    if TEMPORARY.fullmatch(tmp.name):
                        tmp.unlink()
        with contextlib.suppress(OSError):
            self.parts.rmdir()  # only if empty: anything else in it is not ours

    def write_points(self, points: pd.DataFrame) -> None:
        """Write the design points table."""
        self.folder.mkdir(parents=True, exist_ok=True)
        _write_parquet(points, self.folder / "points.parquet", self.identity)

    def write_batch(self, steps, runs, errors) -> None:
        """Save one finished batch; the runs table is written last and marks it complete."""
        self.parts.mkdir(parents=True, exist_ok=True)
        token = uuid.uuid4().hex[:12]
        for table, frame in (("steps", steps), ("errors", errors), ("runs", runs)):
            if not frame.empty:
                _write_parquet(frame, self.parts / f"{table}-{token}.parquet", self.identity)

    def read_table(self, table: str) -> pd.DataFrame:
        """A table merged from the final file and any parts, sorted, without duplicates."""
        files = [self.folder / f"{table}.parquet"]
        files += sorted(self.parts.glob(f"{table}-*.parquet")) if self.parts.is_dir() else []
        frames = [self._read(f) for f in files if f.exists()]
        frames = [f for f in frames if not f.empty]
        if not frames:
            return pd.DataFrame()
        return _sort(pd.concat(frames, ignore_index=True), table)

    def _read(self, path: Path) -> pd.DataFrame:
        """One saved file; a broken part is reported and removed, stray runs left out."""
        try:
            frame = pd.read_parquet(path)
        except (OSError, pa.ArrowException) as exc:
            if path.parent != self.parts or self.identity is None:
                raise UserError(f"{path}: cannot be read ({exc}); use --overwrite") from exc
            self.say(f"{path}: cannot be read ({exc}); its runs will run again")
            path.unlink()
            return pd.DataFrame()
        if self.run_ids is not None and not frame.empty:
            stray = ~frame["run_id"].isin(self.run_ids)
            if stray.any():
                ids = ", ".join(map(str, sorted(set(frame.loc[stray, "run_id"]))[:5]))
                self.say(f"{path}: runs {ids} are not runs of this experiment; left out")
                frame = frame[~stray]
        return frame

    def finished_run_ids(self) -> set[int]:
        """Runs already saved: finished, or recorded as failed (a rerun would fail again)."""
        done: set[int] = set()
        for table in ("runs", "errors"):
            frame = self.read_table(table)
            if not frame.empty:
                done.update(int(i) for i in frame["run_id"])
        return done

    def merge(self) -> None:
        """Merge the parts into the final tables, then remove the parts."""
        runs = self.read_table("runs")
        steps = self.read_table("steps")
        if not steps.empty:  # a batch killed between its two files left orphan steps
            steps = steps[steps["run_id"].isin(runs["run_id"])].reset_index(drop=True)
        for table, frame in (
            ("steps", steps),
            ("runs", runs),
            ("errors", self.read_table("errors")),
        ):
            if not frame.empty:
                _write_parquet(frame, self.folder / f"{table}.parquet", self.identity)
        if self.parts.is_dir():
            for part in self.parts.iterdir():
                if PART.fullmatch(part.name):
                    part.unlink()
            with contextlib.suppress(OSError):
                self.parts.rmdir()


@dataclass
class Results:
    """Loaded results: tidy pandas tables and the metadata.

    ``steps`` has one row per run and step, ``runs`` one per run, ``points`` one per design
    point, ``errors`` one per failed run. ``complete`` is False while a sweep is unfinished.
    """

    path: Path
    metadata: dict[str, Any]
    points: pd.DataFrame
    steps: pd.DataFrame
    runs: pd.DataFrame
    errors: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def complete(self) -> bool:
        """True when every run of the experiment is saved."""
        return self.metadata.get("status") == "complete"

    @property
    def factors(self) -> list[str]:
        """The varied parameters (empty for scenarios and comparisons)."""
        return list(self.metadata.get("factors", []))

    def summary(
        self,
        outcomes=None,
        statistic: str = "tail",
        level: float = 0.95,
        method: str = "t",
        seed: int = 0,
    ) -> pd.DataFrame:
        """Mean and CI across replications, per design point and outcome (long table).

        ``statistic`` is ``"tail"`` (mean of the last fifth of each run) or ``"final"``.
        Columns: the point's ids and factors, ``outcome``, ``n`` (the replications it rests
        on), ``mean``, ``sd``, ``ci_low``, ``ci_high`` (inside the outcome's bounds) and
        ``few_replications`` (``n`` below
        :data:`~microgov_sim.experiments.stats.MIN_REPLICATIONS`). ``method="bootstrap"``
        gives seeded BCa bootstrap intervals instead of Student's t
        (:mod:`~microgov_sim.experiments.stats` says why t is the default).
        """
        outcomes = list(outcomes or OUTCOMES)
        columns = [f"{o}_{statistic}" for o in outcomes]
        bounds = {f"{o}_{statistic}": outcome_bounds(o) for o in outcomes}
        by = ["point", "scenario", *self.factors]
        table = grouped_mean_ci(
            self.runs, by, columns, level, bounds=bounds, method=method, seed=seed
        )
        table["outcome"] = table["outcome"].str.removesuffix(f"_{statistic}")
        return table

    def timeseries(
        self, outcomes=None, level: float = 0.95, method: str = "t", seed: int = 0
    ) -> pd.DataFrame:
        """Mean and CI across replications, per design point, step and outcome (long).

        The columns, ``method`` and ``seed`` are :meth:`summary`'s (a bootstrap per step and
        outcome is slow).
        """
        outcomes = list(outcomes or OUTCOMES)
        bounds = {o: outcome_bounds(o) for o in outcomes}
        by = ["point", "scenario", "step"]
        return grouped_mean_ci(
            self.steps, by, outcomes, level, bounds=bounds, method=method, seed=seed
        )


def load_results(path: str | Path) -> Results:
    """Load results saved by ``microgov run``, ``compare`` or ``sweep`` (any format version).

    ``path`` is the results folder (the one holding ``metadata.json``).
    """
    path = Path(path)
    meta_path = path / "metadata.json"
    if not meta_path.exists():
        raise UserError(f"{path}: not a results folder (no metadata.json)")
    metadata = read_metadata_file(meta_path)
    version = metadata.get("format_version")
    known = isinstance(version, int) and not isinstance(version, bool) and version in LOADERS
    if not known:
        raise UserError(
            f"{meta_path}: format_version {version!r} is not supported (this microgov-sim "
            f"reads {', '.join(map(str, LOADERS))}); upgrade microgov-sim"
        )
    return LOADERS[version](path, metadata)


def _load_v2(path: Path, metadata: dict[str, Any]) -> Results:
    """Format 2: the Parquet tables of a results folder (see the module docstring)."""
    store = ResultStore(path)
    points_file = path / "points.parquet"
    points = pd.read_parquet(points_file) if points_file.exists() else pd.DataFrame()
    runs = store.read_table("runs")
    steps = store.read_table("steps")
    if not steps.empty and not runs.empty:
        steps = steps[steps["run_id"].isin(runs["run_id"])].reset_index(drop=True)
    return Results(path, metadata, points, steps, runs, store.read_table("errors"))


def _load_v1(path: Path, metadata: dict[str, Any]) -> Results:
    """Format 1: one run's ``outcomes.csv`` (index ``step``, a ``seed`` column)."""
    table = pd.read_csv(path / "outcomes.csv")
    seed = metadata.get("seed")
    ids = {"run_id": 0, "point": 0, "scenario": "default", "replication": 0, "seed": seed}
    outcomes = [c for c in OUTCOMES if c in table.columns]
    steps = pd.DataFrame({**ids, "step": table["step"]}).join(table[outcomes].astype(float))
    steps_n = int(metadata.get("steps", len(table) - 1))
    tail = steps[outcomes].iloc[-max(1, steps_n // 5) :].mean()
    run = {**ids, "steps": steps_n, "seconds": metadata.get("seconds")}
    for name in outcomes:
        run[f"{name}_final"] = float(steps[name].iloc[-1])
        run[f"{name}_tail"] = float(tail[name])
    params = json.dumps(metadata.get("parameters", {}))
    points = pd.DataFrame([{"point": 0, "scenario": "default", "steps": steps_n, "params": params}])
    meta = {**metadata, "kind": "scenario", "status": "complete", "factors": []}
    return Results(path, meta, points, steps, pd.DataFrame([run]))


LOADERS = {1: _load_v1, FORMAT_VERSION: _load_v2}
"""The result loaders by format version: a new format adds a loader and an entry."""
