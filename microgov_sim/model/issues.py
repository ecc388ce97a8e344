"""Micro-affairs (微事务): the issue table and its life cycle states.

Issues are stored column-wise (one numpy array per attribute) so every stage of the life cycle
is a vectorised operation over all open issues. The households an issue affects, with their
per-household stake and whether the household took part in a meeting on it, are a second table
of (issue, household, stake, acted) rows appended in one block per issue, so an issue's
affected households are the slice ``pair_start:pair_end``.

Life cycle (the open-space stages of the first source: agenda → meeting → action →
evaluation)::

    NEW ──raised──► AGENDA (self-governance) ──action held & succeeded──► RESOLVED_SELF
     │                 └──too many failed attempts──► ADMIN
     └──detected by grid officer / taken over──► ADMIN ──disposed──► RESOLVED_ADMIN
    any open state ──lapse──► LAPSED (unresolved)

Imports numpy, :mod:`microgov_sim.model.arrays` and :mod:`microgov_sim.model.kernels`
(pandas only inside ``to_frame``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np

from . import kernels
from .arrays import expand_ranges


class Status(IntEnum):
    """Where an issue is in its life cycle; values below ``RESOLVED_SELF`` are open."""

    NEW = 0
    AGENDA = 1
    ADMIN = 2
    RESOLVED_SELF = 3
    RESOLVED_ADMIN = 4
    LAPSED = 5


class Channel(IntEnum):
    """How an issue was raised (or -1 while unraised)."""

    NONE = -1
    GRID_OFFICER = 0
    ELITE = 1
    PARTY = 2
    ONLINE = 3
    COMMITTEE = 4
    ESCALATED = 5
    REQUEST = 6  # a request residents file with government (induced demand, ODD 7.3b)
    WISH = 7  # a micro-wish collected by party members (微心愿)


class Route(IntEnum):
    """Where a raised issue was sent, and by whose decision (or -1 while unraised)."""

    NONE = -1
    SELF = 0  # the affected households chose to organise themselves
    COMMITTEE = 1  # they asked the residents' committee
    GOVERNMENT = 2  # they requested government (the grid officer, a hotline)
    OFFICER_HANDLED = 3  # a grid officer detected it and took it over
    OFFICER_REFERRED = 4  # a grid officer detected it and referred it to the residents
    ADMINISTRATIVISED = 5  # an absorbed elite reported it into the grid channel (行政化)


def is_shared(channel: np.ndarray) -> np.ndarray:
    """Whether issues raised through ``channel`` are a unit's shared affairs.

    Requests households file with government (7.3b) and micro-wishes (7.4b) are a household's
    own matters, left out of the autonomy index and the count of shared affairs resolved.
    """
    return (channel != Channel.REQUEST) & (channel != Channel.WISH)


class Stage(IntEnum):
    """An issue's stage with the residents' committee (issue column ``committee_stage``, 7.9a)."""

    UNTOUCHED = 0
    MEDIATED = 1  # a neighbour dispute the committee tried to mediate
    ESCALATED = 2  # taken up to the departments by the committee


@dataclass(frozen=True)
class IssueType:
    """A kind of micro-affair: name and how standardised its handling is (0..1)."""

    name: str
    standardisation: float


ISSUE_TYPES = (
    IssueType("sanitation", 0.8),  # 环境卫生: routine, checklist-friendly
    IssueType("facility_repair", 0.7),  # 道路破损, pipes, lights
    IssueType("parking_and_space", 0.3),  # 车辆停放: contested use of shared space
    IssueType("neighbour_dispute", 0.2),  # noise, leaks between flats: needs mediation
    IssueType("safety_and_access", 0.6),  # door access, fire lanes
)

# Chance of each type at each level (rows: doorway, building, courtyard, compound, community).
TYPE_MIX = np.array(
    [
        [0.35, 0.10, 0.00, 0.40, 0.15],
        [0.25, 0.35, 0.00, 0.25, 0.15],
        [0.30, 0.20, 0.35, 0.05, 0.10],
        [0.20, 0.30, 0.30, 0.00, 0.20],
        [0.20, 0.40, 0.20, 0.00, 0.20],
    ]
)
# Share of a unit's households affected by an issue of that level (stake holders).
AFFECTED_SHARE = np.array([1.0, 0.7, 0.4, 0.3, 0.2])
# Cumulative type chances per level (the last exactly 1) and each type's standardisation.
TYPE_CDF = np.cumsum(TYPE_MIX, axis=1)
TYPE_CDF[:, -1] = 1.0
TYPE_STANDARD = np.array([t.standardisation for t in ISSUE_TYPES])

_COLUMNS = {
    "level": np.int8,
    "unit": np.int64,
    "acting_level": np.int8,
    "acting_unit": np.int64,
    "acting_size": np.int64,
    "kind": np.int8,
    "severity": np.float64,
    "standardisation": np.float64,
    "grid": np.int64,
    "centre": np.int64,
    "created": np.int64,
    "raised": np.int64,
    "resolved": np.int64,
    "channel": np.int8,
    "route": np.int8,
    "status": np.int8,
    "attempts": np.int64,
    "participants": np.int64,
    "admin_attempts": np.int64,
    "n_affected": np.int64,
    "stake_sum": np.float64,
    "pair_start": np.int64,
    "pair_end": np.int64,
    # the residents' meetings on the issue (ODD 7.11): how many, the week of the latest, and
    # how many distinct affected households took part in at least one of them
    "n_meetings": np.int64,
    "last_meeting": np.int64,
    "acted": np.int64,
    # the residents' committee's handling (ODD 7.9a): 0 untouched, 1 mediated, 2 escalated
    "committee_stage": np.int8,
    # online voices on the issue this week (ODD 7.4b), set for open issues before raising
    "voices": np.int64,
}


PAIR_COLUMNS = ("pair_issue", "pair_household", "pair_stake", "pair_acted")
# The columns IssueBook.append writes (kernels.append_issues), in the kernel's order.
APPENDED = (
    *("level", "unit", "acting_level", "acting_unit", "acting_size", "kind", "severity"),
    *("standardisation", "grid", "centre", "created", "raised", "resolved", "channel"),
    *("route", "status", "n_affected", "stake_sum", "pair_start", "pair_end"),
)


class IssueBook:
    """Column store of all issues ever raised in a run, plus their affected households."""

    def __init__(self, capacity: int = 1024):
        self.n = 0
        self.cols = {name: np.zeros(capacity, dtype=dt) for name, dt in _COLUMNS.items()}
        self.n_pairs = 0
        self.pair_issue = np.zeros(capacity * 8, dtype=np.int64)
        self.pair_household = np.zeros(capacity * 8, dtype=np.int64)
        self.pair_stake = np.zeros(capacity * 8, dtype=np.float64)
        self.pair_acted = np.zeros(capacity * 8, dtype=bool)  # took part on this issue
        self.open_ids = np.zeros(0, dtype=np.int64)
        self.resolved_now: list[np.ndarray] = []  # ids resolved (not lapsed) this step

    def add(
        self,
        columns: dict[str, np.ndarray],
        households: np.ndarray,
        stakes: np.ndarray,
        pair_counts: np.ndarray,
    ) -> np.ndarray:
        """Append issues by hand: ``columns`` of equal length, the rest as :meth:`append` writes.

        ``households``/``stakes`` hold the affected rows of all new issues in order, issue
        ``j`` owning ``pair_counts[j]`` consecutive rows (its ``n_affected``). Columns not
        given are 0, ``resolved`` -1. For tests and teaching; the model adds through
        :meth:`append`. Returns the new issue ids.
        """
        k = len(pair_counts)
        counts = np.asarray(pair_counts, dtype=np.int64)
        ints, floats = np.zeros(k, dtype=np.int64), np.zeros(k)
        acting = (np.zeros(k, dtype=np.int8), ints, ints, ints, ints, counts)
        ids = self.append(
            (ints, ints, ints, floats, floats, acting),
            np.asarray(households, dtype=np.int64),
            np.repeat(np.arange(k, dtype=np.int64), counts),
            np.asarray(stakes, dtype=np.float64),
            (0, 0, 0, 0, 0),
        )
        for name, values in columns.items():
            self.cols[name][ids] = values
        return ids

    def append(self, values: tuple, households, owner, stake, codes: tuple) -> np.ndarray:
        """Append the model's new issues in one kernel call (``kernels.append_issues``).

        ``values`` are the new issues' level, unit, kind, severity and standardisation and
        the acting columns of ``kernels.new_issue_columns``; issue ``j`` affects the
        ``households[owner == j]`` (``owner`` sorted) with ``stake``; ``codes`` are the week,
        the week raised, the channel, the route and the status of them all. The columns not
        written stay 0, as a new row of the book is. Returns the new issue ids.
        """
        k, m = len(values[0]), len(households)
        self._reserve(k, m)
        c = self.cols
        kernels.append_issues(
            self.n,
            self.n_pairs,
            households,
            owner,
            stake,
            tuple(c[name] for name in APPENDED),
            (self.pair_issue, self.pair_household, self.pair_stake, self.pair_acted),
            values,
            codes,
        )
        ids = np.arange(self.n, self.n + k)
        self.n += k
        self.n_pairs += m
        self.open_ids = np.concatenate((self.open_ids, ids))
        return ids

    def _reserve(self, k: int, m: int) -> None:
        """Grow the columns for ``k`` more issues and the pair table for ``m`` more rows."""
        if self.n + k > len(self.cols["status"]):
            size = max(2 * len(self.cols["status"]), self.n + k)
            for name, arr in self.cols.items():
                grown = np.zeros(size, dtype=arr.dtype)
                grown[: self.n] = arr[: self.n]
                self.cols[name] = grown
        if self.n_pairs + m > len(self.pair_issue):
            size = max(2 * len(self.pair_issue), self.n_pairs + m)
            for attr in PAIR_COLUMNS:
                arr = getattr(self, attr)
                grown = np.zeros(size, dtype=arr.dtype)
                grown[: self.n_pairs] = arr[: self.n_pairs]
                setattr(self, attr, grown)

    def pairs_of(self, ids: np.ndarray) -> np.ndarray:
        """Row indices into the pair table of all affected households of issues ``ids``."""
        start = self.cols["pair_start"][ids]
        return expand_ranges(start, self.cols["pair_end"][ids] - start)

    def open_with_status(self, status: Status) -> np.ndarray:
        """Ids of open issues currently in ``status``."""
        return kernels.with_status(self.open_ids, self.cols["status"], int(status))

    def close(self, ids: np.ndarray, status: Status, step: int) -> None:
        """Mark issues resolved or lapsed at ``step``."""
        self.cols["status"][ids] = status
        self.cols["resolved"][ids] = step
        if status != Status.LAPSED:
            self.resolved_now.append(ids)

    def refresh_open(self) -> None:
        """Drop closed issues from the open list; compact the pair table when mostly closed."""
        ids = self.open_ids
        self.open_ids = ids[self.cols["status"][ids] < Status.RESOLVED_SELF]
        open_pairs = int(
            (self.cols["pair_end"][self.open_ids] - self.cols["pair_start"][self.open_ids]).sum()
        )
        if self.n_pairs > 65536 and open_pairs < self.n_pairs // 4:
            rows = self.pairs_of(self.open_ids)
            counts = self.cols["pair_end"][self.open_ids] - self.cols["pair_start"][self.open_ids]
            self.pair_issue[: len(rows)] = self.pair_issue[rows]
            self.pair_household[: len(rows)] = self.pair_household[rows]
            self.pair_stake[: len(rows)] = self.pair_stake[rows]
            self.pair_acted[: len(rows)] = self.pair_acted[rows]
            ends = np.cumsum(counts)
            self.cols["pair_start"][self.open_ids] = ends - counts
            self.cols["pair_end"][self.open_ids] = ends
            closed = np.ones(self.n, dtype=bool)
            closed[self.open_ids] = False
            self.cols["pair_start"][: self.n][closed] = 0  # closed issues lose their rows
            self.cols["pair_end"][: self.n][closed] = 0
            self.n_pairs = len(rows)

    def to_frame(self):
        """All issues as a pandas DataFrame (one row per issue), with readable labels."""
        import pandas as pd

        df = pd.DataFrame({name: arr[: self.n] for name, arr in self.cols.items()})
        df = df.drop(columns=["pair_start", "pair_end"])
        df["status"] = [Status(s).name.lower() for s in df["status"]]
        df["channel"] = [Channel(c).name.lower() for c in df["channel"]]
        df["route"] = [Route(r).name.lower() for r in df["route"]]
        df["committee_stage"] = [Stage(c).name.lower() for c in df["committee_stage"]]
        df["kind"] = [ISSUE_TYPES[k].name for k in df["kind"]]
        return df


def _column(name: str) -> property:
    """``book.<name>``: the issue column ``name`` of the issues so far (a view, read-only use)."""
    return property(lambda book: book.cols[name][: book.n], doc=f"Issue column ``{name}``.")


for _name in _COLUMNS:  # one attribute per column, as fast as a plain attribute to read
    setattr(IssueBook, _name, _column(_name))
del _name
