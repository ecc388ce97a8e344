"""The residents' committee as an actor with limited capacity (ODD 7.9a).

The committee (居委会) has a capacity of work each week. Delegated administrative duties take
their share first (the duties grown from 6 to 16 in seed 000, :func:`load_committee`); the rest
goes, most pressing first, to convening meetings for units without a body of their own,
mediating neighbour disputes, and escalating to departments the issues in its hands; what is
left is its capacity to take residents' reports and requests (:mod:`.raising`). Deliberation
reads which units it convened (``committee_convened``: :func:`~microgov_sim.model.kernels.
agenda_capacities`); administrative disposal leaves aside the issues still waiting for the
committee (:func:`in_queue`).

One work unit is what convening one residents' meeting takes.

Imports numpy and :mod:`microgov_sim.model` modules only: issues, kernels, state, structure.
"""

from __future__ import annotations

import numpy as np

from .. import kernels
from ..issues import ISSUE_TYPES, Channel, Route, Stage, Status
from ..state import CommunityState
from ..structure import BUILDING

FULL_DUTIES = 16  # the committee's duties at full delegation (seed 000: 6 -> 16)
DISPUTE = next(k for k, t in enumerate(ISSUE_TYPES) if t.name == "neighbour_dispute")
# What kernels.committee_tasks compares with, as plain ints (typing an IntEnum costs a kernel
# call 0.1 ms).
TASK_CODES = tuple(
    int(code)
    for code in (
        Status.AGENDA,
        Status.ADMIN,
        Channel.WISH,
        Route.COMMITTEE,
        Stage.UNTOUCHED,
        Stage.ESCALATED,
        DISPUTE,
    )
)


def delegated_share(load_max: float, delegation: float, base_duties: float) -> float:
    """Share λ of the committee's capacity that delegated administrative duties take.

    ``λ = load_max · (D_0 + (16 - D_0) δ) / 16``: the duties grow from ``D_0`` (the law's own,
    6 in seed 000) to 16 as the delegation ``δ`` goes from 0 to 1, and ``load_max`` is the share
    the 16 take. ``D_0 = 0`` gives ``load_max · δ`` (the model before #16).
    """
    duties = base_duties + (FULL_DUTIES - base_duties) * delegation
    return load_max * duties / FULL_DUTIES


def load_committee(s: CommunityState, p, rng: np.random.Generator, week: int) -> None:
    """The committee takes on the administrative work delegated to it (its share λ)."""
    s.admin.committee_admin_share = delegated_share(
        p.delegated_load_max, p.committee_delegation, p.committee_base_duties
    )


def allocate_capacity(budget: float, costs: list[np.ndarray]) -> tuple[list[np.ndarray], float]:
    """Spend ``budget`` on tasks in order of priority; return what is taken and what is left.

    ``costs`` holds one array per kind of task (in priority order), each ordered most pressing
    first. A task is taken when the budget left covers it and every more pressing task of its
    kind was taken (no skipping ahead); tasks of cost 0 are always taken. Returns a boolean
    mask per kind and the budget left.
    """
    left = float(budget)
    taken = []
    for c in costs:
        c = np.asarray(c, dtype=float)
        take = np.cumsum(c) <= left + 1e-9
        taken.append(take)
        left -= float(c[take].sum())
    return taken, max(left, 0.0)


def in_queue(s: CommunityState, queue: np.ndarray) -> np.ndarray:
    """The administrative ``queue`` without the issues still waiting for the committee."""
    iss = s.issues
    return kernels.not_with_committee(
        np.asarray(queue, dtype=np.int64),
        iss.route,
        iss.committee_stage,
        int(Route.COMMITTEE),
        int(Stage.ESCALATED),
    )


def act(s: CommunityState, p, rng: np.random.Generator, week: int) -> int:
    """The committee's week (ODD 7.9a): convene, mediate, escalate; what is left takes reports.

    Runs after raising and before deliberation and disposal. Capacity ``W = committee_capacity
    · n / 1000`` work units; delegated duties take ``λ W``; the rest goes first to convening (one
    unit per meeting) the units with an issue due on their agenda that have no body of their
    own, most pressing first; then to mediating (``mediation_cost`` each) the open neighbour
    disputes in its hands (route committee) not yet mediated; then to escalating
    (``escalation_cost`` each) to departments the issues in its hands (route committee). A
    fractional budget is one more work unit with that chance (as an officer's capacity, 7.8).
    """
    iss, adm, nb = s.issues, s.admin, s.neighbourhood
    capacity = p.committee_capacity * s.n / 1000.0
    budget = (1.0 - adm.committee_admin_share) * capacity
    # Convening: units with an issue due that have no body of their own (micro-wishes are
    # carried by their adopters, 7.4b). Mediation: neighbour disputes in the committee's hands,
    # not yet mediated. Disputes sent to government (residents, an officer, an absorbed elite,
    # an escalation) are the departments'.
    mediate = p.mediation_success > 0
    units, held, disputes = kernels.committee_tasks(
        iss.open_ids,
        iss.status,
        iss.raised,
        iss.channel,
        iss.created,
        iss.stake_sum,
        iss.acting_level,
        iss.acting_unit,
        iss.route,
        iss.committee_stage,
        iss.kind,
        TASK_CODES,
        week - p.agenda_preparation_weeks,
        mediate,
        nb.level_offset,
        nb.flat_starts,
        nb.flat_sizes,
        s.units.org_strength,
        nb.unit_of[BUILDING],
        float(p.committee_body_threshold),
    )
    if (
        len(units)
        or (len(disputes) and p.mediation_cost > 0)
        or (len(held) and p.escalation_cost > 0)
    ):  # a fractional capacity is one more work unit with that chance (no draw without tasks)
        whole = np.floor(budget)
        if budget > whole:  # no draw for a whole budget (a capacity of 0 included)
            budget = whole + float(rng.random() < budget - whole)
    costs = [np.ones(len(units)), np.full(len(disputes), p.mediation_cost)]
    (convene, attempt), left = allocate_capacity(budget, costs)
    adm.committee_convened = np.sort(units[convene])
    tried = disputes[attempt]
    iss.cols["committee_stage"][tried] = Stage.MEDIATED
    settled = tried[rng.random(len(tried)) < p.mediation_success] if len(tried) else tried
    iss.close(settled, Status.RESOLVED_SELF, week)
    # Escalation: what is in the committee's hands; a dispute only once mediation was tried.
    held = held[iss.status[held] == Status.ADMIN]
    if mediate:
        held = held[(iss.kind[held] != DISPUTE) | (iss.committee_stage[held] == Stage.MEDIATED)]
    (escalate,), left = allocate_capacity(left, [np.full(len(held), p.escalation_cost)])
    iss.cols["committee_stage"][held[escalate]] = Stage.ESCALATED
    adm.committee_task_share = min((budget - left) / capacity, 1.0) if capacity > 0 else 0.0
    adm.committee_meetings = int(convene.sum())
    adm.committee_mediated = len(settled)
    return len(settled)
