"""The community's state: every entity of ``docs/ODD.md`` §2 as arrays, in one dataclass.

:class:`CommunityState` is what the submodels (:mod:`microgov_sim.model.submodels`) read and
change; Mesa's side (agents, data collector, week counter) lives in
:mod:`microgov_sim.model.model` and only wires them. The entities:

==================  ================================================================
entity              state variables (one array entry per entity)
==================  ================================================================
households          tenure, motivation, efficacy, trust, belonging, dependency,
                    capacity (each with its personal baseline), threshold, party
                    member, online use, last active week, willingness, stake (burden),
                    last week voiced online
elites              role, level and unit covered, home household, absorbed
units (buildings)   micro-organisation strength, stake in open issues, elite effort
                    (and the part absorbed elites report into the grid);
                    the last week its micro-organisation met, acted, and had an
                    issue in a meeting; party branches' incubation counts (one
                    branch per compound)
administration      grid officers' grids and counters, grid coverage, the residents'
                    committee's delegated load and this week's tasks
issues              :class:`~microgov_sim.model.issues.IssueBook`
ties                :class:`~microgov_sim.model.ties.TieStrengths` over the network
government          cumulative administrative and support cost
fund                the community fund (ODD 7.6b): balance, governance power, the
                    share of support it paid; inflows by source and outflow
==================  ================================================================

Imports only :mod:`microgov_sim.model` modules (structure, network, ties, issues, kernels).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from functools import cached_property

import numpy as np

from . import kernels
from .issues import IssueBook
from .network import SocialNetwork
from .structure import BUILDING, Neighbourhood
from .ties import TieStrengths

NEVER = -(10**9)  # "last active" of someone who never took part


@dataclass
class Households:
    """Per-household state, one entry per dwelling (index = dwelling)."""

    tenure: np.ndarray
    motivation: np.ndarray
    motivation_base: np.ndarray
    efficacy: np.ndarray
    trust: np.ndarray
    belonging: np.ndarray
    dependency: np.ndarray
    dependency_base: np.ndarray
    capacity: np.ndarray
    capacity_base: np.ndarray
    threshold: np.ndarray
    party: np.ndarray
    online_draw: np.ndarray
    online: np.ndarray
    last_active: np.ndarray
    willingness: np.ndarray
    burden: np.ndarray
    # the last week the household voiced an issue online (ODD 7.4b); NEVER until then
    last_voiced: np.ndarray | None = None

    @classmethod
    def empty(cls, n: int) -> Households:
        """``n`` households with every variable zero (never active)."""
        arrays = {name: np.zeros(n) for name in cls.__dataclass_fields__}
        arrays["party"] = np.zeros(n, dtype=bool)
        arrays["online"] = np.zeros(n, dtype=bool)
        arrays["last_active"] = np.full(n, NEVER, dtype=np.int64)
        arrays["last_voiced"] = np.full(n, NEVER, dtype=np.int64)
        return cls(**arrays)

    def __post_init__(self) -> None:
        if self.last_voiced is None:  # a state built before online voice (ODD 7.4b)
            self.last_voiced = np.full(len(self.trust), NEVER, dtype=np.int64)


class EliteRole(IntEnum):
    """Kinds of community elite (社区精英)."""

    BUILDING_HEAD = 0  # 楼栋长
    GROUP_LEADER = 1  # 居民小组长, covers a courtyard
    ELDER = 2  # respected elder / community sage (社贤), covers their building


@dataclass
class Elites:
    """Elite positions ("slots"); a slot is vacant while ``home == -1``."""

    role: np.ndarray
    level: np.ndarray
    unit: np.ndarray
    home: np.ndarray
    absorbed: np.ndarray
    absorbed_admin_share: float

    def activity(self) -> np.ndarray:
        """Share of each slot's effort left for self-governance (0 when vacant).

        ``1 - absorbed · absorbed_admin_share`` (``kernels.slot_activity``, which the elites'
        effort in the buildings reads too).
        """
        return kernels.slot_activities(self.home, self.absorbed, float(self.absorbed_admin_share))


@dataclass
class Units:
    """Per-building state of micro-organisations, plus the party branches' counters.

    ``compound_buildings`` holds, for each compound, the range of its buildings (buildings of
    a compound are contiguous because households are nested in order).
    """

    org_strength: np.ndarray
    burden: np.ndarray
    elite_effort: np.ndarray
    compound_buildings: np.ndarray
    branch_incubations: np.ndarray
    # What the micro-organisations did (read by the outcomes, ODD 7.11): the last week the
    # building's own body (a meeting of the building or one of its doorways) met with at least
    # one household taking part, the last week its households took part in an action that was
    # held (at any scale), the last week an issue affecting its households was taken up in a
    # meeting. NEVER until then; created empty when not given.
    last_met: np.ndarray | None = None
    last_acted: np.ndarray | None = None
    last_agenda: np.ndarray | None = None
    # The elite effort of each building that absorbed elites spend reporting its affairs into
    # the grid channel (ODD 7.4, 行政化); recomputed each week with elite_effort.
    elite_reporting: np.ndarray | None = None

    def __post_init__(self) -> None:
        for name in ("last_met", "last_acted", "last_agenda"):
            if getattr(self, name) is None:
                setattr(self, name, np.full(len(self.org_strength), NEVER, dtype=np.int64))
        if self.elite_reporting is None:
            self.elite_reporting = np.zeros(len(self.org_strength))


@dataclass
class Administration:
    """The administrative line: grid officers, their grids, and the committee's load."""

    grid_officer: np.ndarray  # officer of each grid, -1 where none
    grid_coverage: np.ndarray  # share of an officer's attention each grid gets
    officer_disposed: np.ndarray  # disposal attempts per officer
    officer_resolved: np.ndarray  # resolutions per officer
    committee_admin_share: float = 0.0
    # The committee as an actor (ODD 7.9a): share of its capacity spent this week on
    # convening, mediation and escalation; the units (flat index) it convened this week; the
    # meetings it convened and the disputes it settled this week.
    committee_task_share: float = 0.0
    committee_convened: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    committee_meetings: int = 0
    committee_mediated: int = 0
    # Cost dynamics (ODD 7.8b): state, carried over a spin-up (not counters).
    capital: float = 0.0  # installed platform and equipment capital stock K
    paid_officers: float = 0.0  # officers the budget pays for (ratcheted)
    paid_supervisors: float = 0.0  # command and supervision staff paid for (ratcheted)

    @classmethod
    def without_officers(cls, n_grids: int) -> Administration:
        """No officers on duty yet."""
        return cls(
            grid_officer=np.full(n_grids, -1, dtype=np.int64),
            grid_coverage=np.zeros(n_grids),
            officer_disposed=np.zeros(0, dtype=np.int64),
            officer_resolved=np.zeros(0, dtype=np.int64),
        )

    @property
    def committee_free_share(self) -> float:
        """Share of the committee's capacity left for taking reports and requests.

        What delegated duties (``committee_admin_share``) and this week's convening, mediation
        and escalation (``committee_task_share``) leave (ODD 7.9a).
        """
        return max(1.0 - self.committee_admin_share - self.committee_task_share, 0.0)

    @property
    def n_officers(self) -> int:
        """Grid officers on duty."""
        return len(self.officer_disposed)

    def officers_grids(self) -> list[np.ndarray]:
        """The grids of each officer, by officer index."""
        n = self.n_officers
        return [np.arange(j, len(self.grid_officer), n) for j in range(n)]

    def assign_officers(self, want: int) -> bool:
        """Put ``want`` officers on duty, each over every ``want``-th grid; False if unchanged.

        The counters of disposals and resolutions start afresh when the number changes.
        """
        if want == self.n_officers:
            return False
        self.officer_disposed = np.zeros(want, dtype=np.int64)
        self.officer_resolved = np.zeros(want, dtype=np.int64)
        self.grid_officer[:] = -1
        self.grid_coverage[:] = 0.0
        for j, grids in enumerate(self.officers_grids()):
            self.grid_officer[grids] = j
            self.grid_coverage[grids] = 1.0 / len(grids)
        return True


@dataclass
class Government:
    """Cumulative spending and administrative output.

    Administrative cost (grid officers, supervision, platform, disposals, each kept as a
    line too; ODD 7.8, 7.8b) and support cost
    (the government's allocation to the community fund, or the micro-project funds and
    party-branch resources of each action held without it; ODD 7.6, 7.6b) are
    kept apart, so that scenarios can be compared on what each line of governance costs.
    """

    admin_cost: float = 0.0
    support_cost: float = 0.0
    admin_resolved: int = 0  # shared affairs: requests (7.3b) and micro-wishes (7.4b) not counted
    # The administrative cost by line (ODD 7.8b); they sum to admin_cost.
    officer_cost: float = 0.0
    supervision_cost: float = 0.0
    platform_cost: float = 0.0
    disposal_cost: float = 0.0
    # Requests filed with government (induced demand, ODD 7.3b), and households' own matters
    # (requests and micro-wishes) resolved administratively: counts since week 1.
    requests_filed: int = 0
    own_resolved: int = 0

    @property
    def total_cost(self) -> float:
        """Administrative plus support cost."""
        return self.admin_cost + self.support_cost

    @property
    def admin_cost_per_resolved(self) -> float:
        """Administrative cost per administratively resolved issue (over 1 while none are)."""
        return self.admin_cost / max(self.admin_resolved, 1)

    @property
    def admin_cost_per_disposal(self) -> float:
        """Administrative cost per administrative resolution, own matters included (1 if none)."""
        return self.admin_cost / max(self.admin_resolved + self.own_resolved, 1)


@dataclass
class CommunityFund:
    """The community fund held by the committee and party branch (ODD 7.6b).

    ``balance``, ``power`` (governance power G), ``own_share`` (own resources' share of this
    week's inflow) and ``paid_share`` (the share of the wanted support last paid) are state and
    carry over a spin-up; the inflows by source and the outflow are cumulative counters.
    """

    balance: float = 0.0
    power: float = 0.0
    own_share: float = 0.0
    paid_share: float = 1.0
    inflow_government: float = 0.0
    inflow_own: float = 0.0
    outflow: float = 0.0

    def restart_counters(self) -> None:
        """Start the inflow and outflow counters afresh; the balance is kept."""
        self.inflow_government = self.inflow_own = self.outflow = 0.0


class Scratch:
    """Work arrays the kernels borrow and hand back as they found them (no state).

    A kernel marks entries of ``household_index`` (all -1), ``household_flag`` and
    ``building_flag`` (all False) while it works and unmarks them before it returns, so that
    a week allocates no household-sized array for such bookkeeping.
    """

    def __init__(self, n_households: int, n_buildings: int):
        self.household_index = np.full(n_households, -1, dtype=np.int64)
        self.household_flag = np.zeros(n_households, dtype=bool)
        self.building_flag = np.zeros(n_buildings, dtype=bool)


@dataclass
class CommunityState:
    """Everything that changes during a run (and the fixed structure it lives on).

    ``scratch`` (:class:`Scratch`) is not a field: it holds no state, and is made on first use.
    """

    neighbourhood: Neighbourhood
    network: SocialNetwork
    households: Households
    ties: TieStrengths
    elites: Elites
    units: Units
    admin: Administration
    issues: IssueBook = field(default_factory=IssueBook)
    government: Government = field(default_factory=Government)
    fund: CommunityFund = field(default_factory=CommunityFund)
    # Weeks of history before week 0 (a spin-up) that the outcome windows may count
    # (outcomes.window_full); 0 when the run starts from the initial state.
    history_weeks: int = 0

    @property
    def n(self) -> int:
        """Number of households."""
        return self.neighbourhood.n_households

    @cached_property
    def scratch(self) -> Scratch:
        """The kernels' work arrays for this community (:class:`Scratch`)."""
        return Scratch(self.n, len(self.units.org_strength))

    def record_meetings(
        self,
        chosen: np.ndarray,
        part: np.ndarray,
        part_group: np.ndarray,
        held: np.ndarray,
        week: int,
    ) -> None:
        """Note what this week's meetings did, for the outcomes (ODD 7.11).

        ``chosen`` are the issues taken up, ``part`` the households that took part (sorted),
        ``part_group`` each one's meeting (an index into ``chosen``), ``held`` whether each
        meeting's action went ahead. Updates the issue book's meeting columns (participants
        included) and the buildings' last met / acted / agenda weeks
        (:func:`~microgov_sim.model.kernels.note_meetings`).
        """
        iss, nb, units = self.issues, self.neighbourhood, self.units
        kernels.note_meetings(
            week,
            chosen,
            part,
            part_group,
            held,
            iss.cols["pair_start"],
            iss.cols["pair_end"],
            iss.pair_household,
            iss.pair_acted,
            iss.cols["n_meetings"],
            iss.cols["last_meeting"],
            iss.cols["acted"],
            iss.cols["participants"],
            iss.cols["acting_level"],
            iss.cols["acting_unit"],
            nb.level_offset,
            nb.flat_starts,
            nb.unit_of[BUILDING],
            units.last_met,
            units.last_acted,
            units.last_agenda,
            self.scratch.household_index,
        )
