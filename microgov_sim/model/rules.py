"""The behavioural rules as small pure functions of numpy arrays.

Each function is one rule of ``docs/ODD.md`` (section 7), testable without a model; nothing
here draws random numbers or keeps state. A rule's arithmetic is one compiled kernel
(:mod:`microgov_sim.model.kernels`): the submodels call the kernels inside their own loops,
and these functions apply them to whole arrays (the tests, the notebooks and the
validation's classics call them).

Imports numpy, :mod:`microgov_sim.model.arrays` and :mod:`microgov_sim.model.kernels`
only.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import kernels
from .arrays import flat_float

# Weights of willingness (意愿): intrinsic motivation, efficacy, belonging, trust, independence.
WILLINGNESS_WEIGHTS = (0.35, 0.2, 0.15, 0.15, 0.15)


def willingness(
    motivation: np.ndarray,
    efficacy: np.ndarray,
    belonging: np.ndarray,
    trust: np.ndarray,
    dependency: np.ndarray,
    weights: tuple[float, ...] = WILLINGNESS_WEIGHTS,
) -> np.ndarray:
    """Willingness to take part, a convex combination of five [0, 1] attitudes.

    Civic voluntarism (Verba, Schlozman & Brady 1995) puts motivation first; collective
    efficacy and trust (Sampson et al. 1997), belonging (the second source's 归属感) add to
    it, dependency on government subtracts (the first source's "nanny government" dilemma).
    The result lies in [0, 1] because the weights sum to 1.
    """
    shape, flat = flat_float(motivation, efficacy, belonging, trust, dependency)
    return kernels.willingness_of(*flat, tuple(float(x) for x in weights)).reshape(shape)[()]


def pivotality(group_size: np.ndarray | float, reference_size: float, exponent: float):
    """Perceived pivotality ``min(1, (n0 / n) ** gamma)`` of one contribution in a group of n.

    Olson (1965): in large groups one contribution is imperceptible. Isaac & Walker (1988)
    found group size matters little once the per-capita return is held fixed, so the default
    exponent is small; the stake itself carries most of the size effect.
    """
    n = np.maximum(np.asarray(group_size, dtype=float), 1.0)
    return np.minimum(1.0, (reference_size / n) ** exponent)


def participation_cost(
    base_cost: float,
    capacity: np.ndarray,
    micro_autonomy: float,
    platform_discount: float,
    online: np.ndarray,
    online_discount: float,
) -> np.ndarray:
    """Cost of taking part, in share-equivalents: lower with capacity, platforms, online use.

    Capacity (能力) lowers the felt cost of time and skills (Verba et al. 1995's resources);
    deliberation platforms and online micro-channels lower the cost of coordination (the first
    source's 微平台 and 微渠道).
    """
    shape, (c, o) = flat_float(capacity, online)
    scalars = float(base_cost), float(micro_autonomy), float(platform_discount)
    costs = kernels.participation_costs(
        scalars[0], c, scalars[1], scalars[2], o, float(online_discount)
    )
    return costs.reshape(shape)[()]


def log_miss(chance: np.ndarray) -> np.ndarray:
    """``log(1 - chance)`` of independent attempts (a chance of 1 is held 1e-15 below it)."""
    return np.log1p(-np.minimum(chance, 1.0 - 1e-15))


def absorbed_share(absorption_rate: float, release_rate: float, recruitment: float) -> float:
    """The share of elites absorbed into grid work once absorption and release balance.

    Each week a free elite is absorbed with ``absorption_rate · recruitment`` and an absorbed
    one released with ``release_rate · (1 - recruitment)`` (``drift.drift``): a two-state
    chain whose stationary share absorbed is ``a / (a + r)``; 0 when neither happens. New
    elite positions start absorbed with this chance, so that they start in that balance.
    """
    absorb = absorption_rate * recruitment
    release = release_rate * (1.0 - recruitment)
    return absorb / (absorb + release) if absorb + release > 0 else 0.0


def chance_of_any(log_miss_sum: np.ndarray) -> np.ndarray:
    """For each target, the chance that at least one of its independent attempts succeeds.

    ``1 - Π_j (1 - chance_j)`` over the target's attempts, from the sum of their
    :func:`log_miss` (0 for a target without any, so its chance is 0). Being asked by several
    recruiters counts once (Klandermans & Oegema 1987); unlike a capped sum, each attempt
    still adds where others already reach.
    """
    return kernels.chance_of_any(np.asarray(log_miss_sum, dtype=np.float64))


def private_drive(
    willingness: np.ndarray,
    stake: np.ndarray,
    pivot: np.ndarray,
    density: np.ndarray,
    belonging: np.ndarray,
    mobilisation: np.ndarray,
    cost: np.ndarray,
    stake_weight: float,
    solidarity_weight: float,
) -> np.ndarray:
    """Own drive toward taking part, before any neighbour has acted (share-equivalents).

    ``willingness * (pivot * (stake_weight * stake + mobilisation)
    + solidarity_weight * belonging * density) - cost``.

    The stake term is the interest-linkage motive (利益关联); the solidarity term lets
    residents without a stake join when much of their group is affected (the small-group
    principle, 小团体原理); mobilisation comes from elites, party members and
    micro-organisations (Verba, Schlozman & Brady 1995: recruitment). The stake and the
    recruitment appeal weaken as one's part in a large group becomes imperceptible (Olson
    1965), hence the common factor ``pivot``. Willingness gates every motive and capacity
    lowers the cost: action needs willingness, capacity and a reason (the second source's
    意愿, 能力, 行动).
    """
    shape, flat = flat_float(willingness, stake, pivot, density, belonging, mobilisation, cost)
    drives = kernels.private_drives(*flat, float(stake_weight), float(solidarity_weight))
    return drives.reshape(shape)[()]


class TieView(NamedTuple):
    """A network's ties as the cascade kernel reads them: CSR rows, each entry's tie, strengths.

    A tie's strength is ``baseline + (stored - baseline) * decay[clock - stamp]`` (the lazy
    drift of :mod:`microgov_sim.model.ties`); :func:`fixed_ties` makes one with fixed weights.
    """

    indptr: np.ndarray
    indices: np.ndarray
    entry_edge: np.ndarray
    baseline: np.ndarray
    stored: np.ndarray
    stamp: np.ndarray
    decay: np.ndarray
    clock: int


def fixed_ties(indptr: np.ndarray, indices: np.ndarray, data: np.ndarray | None = None) -> TieView:
    """A :class:`TieView` of a symmetric CSR structure whose entry ``e`` weighs ``data[e]``."""
    nnz = len(indices)
    w = np.ones(nnz) if data is None else np.asarray(data, dtype=np.float64)
    return TieView(
        np.asarray(indptr, dtype=np.int64),
        np.asarray(indices, dtype=np.int64),
        np.arange(nnz, dtype=np.int64),
        w,
        w,
        np.zeros(nnz, dtype=np.int64),
        np.ones(1),
        0,
    )


def threshold_cascade(
    drive: np.ndarray,
    threshold: np.ndarray,
    group: np.ndarray | None = None,
    ties: TieView | None = None,
    members: np.ndarray | None = None,
    shares: bool = False,
    weight: float = 1.0,
    scratch: np.ndarray | None = None,
) -> tuple[np.ndarray, int]:
    """Run a monotone threshold cascade to its fixed point.

    A resident takes part once ``drive + influence >= threshold``, where influence comes from
    the others already taking part in the same ``group`` (one label per member; all in one
    group if None) that the resident pays attention to: every one of them (a fully mixed
    crowd) without ``ties``; with ``ties`` (a :class:`TieView`) those it has a tie to,
    weighted by the tie's strength, member ``q`` being network row ``members[q]`` (``arange``
    if None) and ties to non-members carrying nothing. Taking part is not withdrawn within
    one cascade (Granovetter 1978). With zero drive and the whole group as reference this is
    exactly Granovetter's model; with network neighbours as reference it is complex contagion
    (Centola & Macy 2007). With ``shares`` the influence counts as a share of the most one
    can receive (that of all members acting), and thresholds are shares (Watts 2002); the
    counts are summed first and divided once, so that ``k`` of ``n`` meets a threshold of
    ``k / n`` exactly; a member who can receive none acts on its own drive alone. A share
    means the same in a doorway meeting of ten and a compound meeting of hundreds: as an
    absolute count, a threshold of 2 is nothing to a member of a crowd and out of reach for
    a newcomer with one tie. ``weight`` scales the influence felt (the strength of social
    interactions ``J`` of Brock & Durlauf 2001, with thresholds as the private part of the
    utility): with weight 1, all of one's contacts acting outweighs any threshold below 1;
    with weight ``J < 1`` nobody whose threshold exceeds ``drive + J`` joins, however many
    act. ``scratch``, with ``ties``, is an int64 array of -1 per network row that the kernel
    borrows (and leaves as it was); a fresh one if None. Returns the participation mask and the
    number of rounds (the compiled :func:`microgov_sim.model.kernels.cascade`).
    """
    n = len(drive)
    group = np.zeros(n, dtype=np.int64) if group is None else np.asarray(group, dtype=np.int64)
    n_groups = int(group.max()) + 1 if n else 0
    network = ties is not None
    if ties is None:
        ties = _NO_TIES
    if members is None:
        members = np.arange(n, dtype=np.int64)
    if scratch is None:
        scratch = np.full(len(ties.indptr) - 1 if network else 0, -1, dtype=np.int64)
    return kernels.cascade(
        np.asarray(drive, dtype=np.float64),
        np.asarray(threshold, dtype=np.float64),
        float(weight),
        bool(shares),
        network,
        np.asarray(members, dtype=np.int64),
        group,
        n_groups,
        ties.indptr,
        ties.indices,
        ties.entry_edge,
        (ties.baseline, ties.stored, ties.stamp, ties.decay),
        int(ties.clock),
        scratch,
    )


_NO_TIES = fixed_ties(np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.int64))


def action_succeeds(
    participants: np.ndarray,
    effort: np.ndarray,
    n_affected: np.ndarray,
    required_effort: np.ndarray,
    quorum_share: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Whether collective action goes ahead (quorum) and whether it succeeds (effort).

    Action needs a quorum of those with a stake in the issue (collective-choice legitimacy:
    those affected by a rule take part in making it, Ostrom 1990, design principle 3; owners'
    assemblies count owners concerned, not residents at large) and enough capacity-weighted
    effort for the job (a production function that rises with the number of stakeholders and
    severity). A quorum of the affected does not grow with the size of the acting unit, so the
    small-unit effect has to come from stake and density, not from head count. Returns
    ``(held, succeeded)``.
    """
    held = (participants >= np.maximum(quorum_share * n_affected, 1.0)) & (participants > 0)
    return held, held & (effort >= required_effort)


def logit_choice(utility: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Alternative chosen by each row under a multinomial logit (McFadden 1974).

    ``utility`` is (choosers x alternatives); alternative ``j`` is chosen with probability
    ``exp(V_j) / sum_l exp(V_l)``, by inverting the cumulative probabilities at the uniform
    draw ``u`` of each chooser (one draw per chooser, whatever the choice).
    """
    return kernels.logit_choice(
        np.ascontiguousarray(utility, dtype=np.float64), np.asarray(u, dtype=np.float64)
    )


def admin_success_chance(standardisation: np.ndarray, floor: float) -> np.ndarray:
    """Chance that administrative disposal resolves an issue.

    One-way technical control handles standardised problems well and fine-grained, diverse
    needs poorly: the first source's instrumental-rationality dilemma.
    """
    return floor + (1.0 - floor) * standardisation


def move_toward(x: np.ndarray, target, rate, out: np.ndarray | None = None) -> np.ndarray:
    """Partial adjustment ``x + rate * (target - x)`` (exponential drift to a target).

    With ``out`` (which may be ``x`` itself) the result is written there; the numbers are the
    same.
    """
    shape, (x_, target_) = flat_float(x, target)
    moved = kernels.move_toward(x_, target_, float(rate)).reshape(shape)[()]
    if out is None:
        return moved if np.ndim(x) else float(moved)
    out[...] = moved
    return out


def crowding_update(
    motivation: np.ndarray, exposure: np.ndarray, crowding_out: float, rate: float
) -> np.ndarray:
    """Motivation after ``exposure`` controlling interventions (Frey & Jegen 2001).

    Positive ``crowding_out`` moves intrinsic motivation toward 0, negative toward 1
    (crowding in), each in proportion to the distance left, so it stays in [0, 1].
    """
    shape, (m, e) = flat_float(motivation, exposure)
    return kernels.crowding_update(m, e, float(crowding_out), float(rate)).reshape(shape)[()]


def argmax_per_group(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Index of the largest positive value in each contiguous group (-1 if none is > 0).

    Groups are ``values[starts[g]:starts[g+1]]``; ties go to the first; no value is NaN.
    Used by party branches choosing which building's micro-organisation to incubate
    (compiled: ``kernels.argmax_per_group``, and ``kernels.incubate`` in the week).
    """
    return kernels.argmax_per_group(
        np.asarray(values, dtype=np.float64), np.asarray(starts, dtype=np.int64)
    )
