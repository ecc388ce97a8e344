"""Issue arrival (ODD 7.3): micro-affairs arise in units at every level.

Arrivals are Poisson per unit and level; each member of the unit is affected with the
level's share (at least one). :func:`add_issues` is the one place that fills every issue
column, for arrivals and for issues put in by hand (:func:`inject_issue`).

Imports numpy and :mod:`microgov_sim.model` modules only:
issues, kernels, params, state, structure.
"""

from __future__ import annotations

import numpy as np

from .. import kernels
from ..issues import (
    AFFECTED_SHARE,
    ISSUE_TYPES,
    TYPE_CDF,
    TYPE_STANDARD,
    Channel,
    Route,
    Status,
)
from ..params import UNIT_SCALES
from ..state import CommunityState
from ..structure import LEVELS


def arise_issues(s: CommunityState, p, rng: np.random.Generator, week: int) -> None:
    """Add this week's new issues to the issue book."""
    nb = s.neighbourhood
    rates = np.array(
        (
            p.issue_rate_doorway,
            p.issue_rate_building,
            p.issue_rate_courtyard,
            p.issue_rate_compound,
            p.issue_rate_community,
        )
    )
    n_units = nb.units_per_level
    per_level = rng.poisson(rates * n_units)
    k = int(per_level.sum())
    if k == 0:
        return
    level = np.repeat(np.arange(len(LEVELS)), per_level)
    unit = (rng.random(k) * n_units[level]).astype(np.int64)
    flat = nb.flat_index(level, unit)
    lo, hi = nb.flat_starts[flat], nb.flat_starts[flat + 1]
    size = hi - lo
    # Affected households: each member with the level's share, at least one.
    u_member = rng.random(int(size.sum()))
    shares = AFFECTED_SHARE if p.affected_share == 0 else np.full(len(LEVELS), p.affected_share)
    households, owner = kernels.affected_members(lo, size, shares[level], u_member, rng.random(k))
    severity = rng.beta(2.0, 3.0, k)
    kind = (rng.random(k)[:, None] > TYPE_CDF[level]).sum(axis=1)
    standard = np.clip(TYPE_STANDARD[kind] + rng.normal(0.0, 0.1, k), 0.0, 1.0)
    stake = severity[owner] * rng.uniform(0.5, 1.5, len(households))
    add_issues(
        s, p, week, level, unit, lo, size, kind, severity, standard, households, owner, stake
    )


def add_issues(
    s: CommunityState,
    p,
    week: int,
    level,
    unit,
    lo,
    size,
    kind,
    severity,
    standard,
    households,
    owner,
    stake,
    status=Status.NEW,
) -> np.ndarray:
    """Append issues to the issue book; return their ids.

    Issue ``j`` lies in unit ``unit[j]`` at ``level[j]`` (households ``lo[j]`` to
    ``lo[j] + size[j] - 1``) and affects ``households[owner == j]`` with ``stake``. It is
    deliberated by the smallest unit that holds all its affected households, or by the unit
    at ``unit_scale`` containing it if that is larger (:func:`smallest_common_level`).
    """
    nb, k = s.neighbourhood, len(level)
    households = np.asarray(households, dtype=np.int64)
    owner = np.asarray(owner, dtype=np.int64)
    acting = kernels.new_issue_columns(
        nb.unit_of,
        households,
        owner,
        k,
        np.asarray(lo, dtype=np.int64),
        np.asarray(size, dtype=np.int64),
        UNIT_SCALES.index(p.unit_scale),
        nb.level_offset,
        nb.flat_sizes,
        nb.grid_of,
    )
    values = (
        np.asarray(level, dtype=np.int64),
        np.asarray(unit, dtype=np.int64),
        np.asarray(kind, dtype=np.int64),
        np.asarray(severity, dtype=np.float64),
        np.asarray(standard, dtype=np.float64),
        acting,  # acting level, unit and size, centre, grid, households affected
    )
    raised = week if status != Status.NEW else -1
    codes = (week, raised, int(Channel.NONE), int(Route.NONE), int(status))
    stake = np.asarray(stake, dtype=np.float64)
    return s.issues.append(values, households, owner, stake, codes)


def top_self_governing_level(p) -> int:
    """The level of the largest self-governing body (0 doorway ... 4 community).

    ``self_governance_top``, or ``unit_scale`` if that is larger: the smallest body exists.
    An issue acting above it is the committee's (raising and micro-wishes route it there).
    """
    return max(UNIT_SCALES.index(p.self_governance_top), UNIT_SCALES.index(p.unit_scale))


def smallest_common_level(
    unit_of: np.ndarray, households: np.ndarray, owner: np.ndarray, k: int
) -> np.ndarray:
    """For each of ``k`` issues, the lowest level whose one unit holds all its households.

    ``households[owner == j]`` are issue ``j``'s (``owner`` sorted, every issue has at least
    one). Micro-units switch with the object of governance (seed [A]: 可随治理主体、治理对象的
    改变灵活切换): a building issue whose affected households all live in one doorway is a
    doorway's affair.
    """
    return kernels.smallest_common_level(
        unit_of, np.asarray(households, dtype=np.int64), np.asarray(owner, dtype=np.int64), k
    )


def inject_issue(
    s: CommunityState,
    p,
    week: int,
    level: str,
    unit: int,
    households: np.ndarray | None = None,
    severity: float = 0.5,
    kind: int = 0,
    on_agenda: bool = True,
) -> int:
    """Add one issue by hand (for experiments and teaching); return its id.

    ``level`` is a unit level name, ``unit`` the unit id at that level; ``households``
    defaults to every household of the unit, each with stake ``severity``. The issue is
    put straight on the self-governance agenda unless ``on_agenda`` is false.
    """
    if level not in LEVELS:
        raise ValueError(f"level = {level!r}: must be one of {', '.join(LEVELS)}")
    lv = LEVELS.index(level)
    nb = s.neighbourhood
    if not 0 <= unit < nb.n_units(lv):
        raise ValueError(f"unit = {unit!r}: must be in [0, {nb.n_units(lv) - 1}] at {level}")
    lo, hi = int(nb.starts[lv][unit]), int(nb.starts[lv][unit + 1])
    hh = np.arange(lo, hi) if households is None else np.asarray(households, dtype=np.int64)
    ids = add_issues(
        s,
        p,
        week,
        np.array([lv]),
        np.array([unit]),
        np.array([lo]),
        np.array([hi - lo]),
        np.array([kind]),
        np.array([float(severity)]),
        np.array([ISSUE_TYPES[kind].standardisation]),
        hh,
        np.zeros(len(hh), dtype=np.int64),
        np.full(len(hh), float(severity)),
        status=Status.AGENDA if on_agenda else Status.NEW,
    )
    return int(ids[0])
