"""The micro-governance model: Mesa's side of a run, wiring the submodels into the week.

:class:`MicroGovModel` holds the Mesa side only -- the agents, the ``DataCollector``, the
policy timeline and its own week counter -- and its :meth:`~MicroGovModel.step` is the
schedule of ``docs/ODD.md`` §3, calling the submodels of
:mod:`microgov_sim.model.submodels` by name on the community's state
(:class:`~microgov_sim.model.state.CommunityState`). Imports only :mod:`microgov_sim.model`.
"""

from __future__ import annotations

import numbers
import time
from collections.abc import Mapping
from typing import Any, NamedTuple

import mesa
import numpy as np

from .agents import (
    CommunityElite,
    GridOfficer,
    PartyBranch,
    ResidentsCommittee,
    add_elites,
    add_residents,
    replace_residents,
)
from .initialisation import initial_state
from .network import to_networkx
from .outcomes import MODEL_REPORTERS, Outcomes
from .params import (
    PARAMETER_SPECS,
    apply_presets,
    parameter_table_rst,
    rng_problem,
    validate_params,
    validate_timeline,
)
from .spinup import (
    SpunUp,
    key_params,
    reset_counters,
    restore_state,
    spinup_generator,
    state_arrays,
)
from .state import CommunityState, EliteRole
from .submodels import (
    administration,
    arrival,
    attitudes,
    committee,
    community_building,
    deliberation,
    demand,
    drift,
    institutions,
    mobility,
    raising,
    resources,
    voice,
)


class Week(NamedTuple):
    """What one week of the schedule changed that Mesa's side and the outcomes need."""

    movers: np.ndarray  # dwellings that changed hands (their Resident agents change)
    vacated: np.ndarray  # elite positions left vacant by movers
    filled: np.ndarray  # elite positions filled anew
    raised: int
    resolved_self: int
    resolved_admin: int
    lapsed: int


class MicroGovModel(mesa.Model):
    """Agent-based model of urban community micro-governance (微治理).

    Construct with keyword parameters (all optional, validated; unknown names, wrong types
    and out-of-range values raise ``ValueError``), an ``rng`` (seed or numpy Generator) and an
    optional ``policy_timeline`` ``{step: {parameter: value}}`` of changes applied at the
    start of the given step. One step is one week; ``model.week`` counts them (0 before the
    first). A Mesa ``scenario`` (:class:`mesa.experimental.scenarios.Scenario`, as Mesa's
    SolaraViz passes on reset) is accepted too: its attributes are parameters (explicit
    keywords win) and its ``rng`` is used when ``rng`` is not given.

    With ``spinup_weeks = W > 0`` the model first runs ``W`` weeks of its own dynamics
    (numbered ``1 - W .. 0``) under its week-1 parameters -- its parameters with the timeline's
    step-1 changes, or ``spinup_params`` if given -- on a stream of its own
    (:mod:`microgov_sim.model.spinup`), without collecting data; then the cumulative counters
    start afresh and week 1 runs on the model's own stream. ``spinup`` (a
    :class:`~microgov_sim.model.spinup.SpunUp` from :meth:`spin_up`) gives that state ready
    made, as the experiments layer shares it between runs.

    The community's state is ``model.state``; ``households``, ``elites``, ``issues``,
    ``network``, ``neighbourhood``, ``ties`` and ``government`` are shortcuts into it.

    Parameters (name = default [unit], allowed: meaning):
    """

    def __init__(
        self,
        *,
        rng: int | np.random.Generator | None = None,
        policy_timeline: Mapping[int, Mapping[str, Any]] | None = None,
        scenario: Any = None,
        spinup: SpunUp | None = None,
        spinup_params: Mapping[str, Any] | None = None,
        **params: Any,
    ):
        if scenario is not None:
            given = {k: v for k, v in dict(scenario).items() if k != "rng"}
            params = {**given, **params}
            rng = scenario.rng if rng is None else rng
        p = validate_params(params)  # raises ValueError naming every bad parameter
        timeline = validate_timeline(policy_timeline)
        if problem := rng_problem(rng):
            raise ValueError(str(problem))
        if isinstance(rng, numbers.Integral):  # numpy integers too: Mesa seeds random with it
            rng = int(rng)
        super().__init__(rng=rng)
        self.p = p
        self._explicit = set(params)  # parameters given, so not taken from a preset
        self.policy_timeline = timeline
        self.policy_changes: list[tuple[int, str, Any]] = []
        self.week = 0
        self.spinup_seconds = 0.0
        if p.spinup_weeks == 0:
            self.state = s = initial_state(p, self.rng)
        else:
            week_one = {**params, **timeline.get(1, {})} if spinup_params is None else spinup_params
            self.state = s = self._spun_up_state(p, dict(week_one), spinup)

        self.residents = add_residents(self, np.arange(s.n))
        self.elite_agents: dict[int, CommunityElite] = {}
        elders = s.elites.role == EliteRole.ELDER
        present = s.elites.home >= 0  # every position at week 0; some vacant after a spin-up
        self._add_elite_agents(np.flatnonzero(~elders & present))
        self._add_elite_agents(np.flatnonzero(elders & present))
        self.committee = ResidentsCommittee(self)
        bounds = s.units.compound_buildings
        self.branches = [
            PartyBranch(self, c, np.arange(bounds[c], bounds[c + 1]))
            for c in range(len(bounds) - 1)
        ]
        self.officers = self._officer_agents()

        self.outcomes = Outcomes(s, p)
        self.datacollector = mesa.DataCollector(model_reporters=MODEL_REPORTERS)
        self._measure(raised=0, resolved_self=0, resolved_admin=0, lapsed=0)
        self.datacollector.collect(self)

    __doc__ = (__doc__ or "") + "\n" + parameter_table_rst() + "\n"

    # ------------------------------------------------------------------ schedule (ODD 3)
    def step(self) -> None:
        """One week: the policy timeline, then :meth:`advance`; Mesa's agents and data follow."""
        self.week += 1
        self._apply_policy()
        done = self.advance(self.state, self.p, self.rng, self.week)
        self._replace_agents(done.movers, done.vacated)
        self._add_elite_agents(done.filled)
        self._measure(done.raised, done.resolved_self, done.resolved_admin, done.lapsed)
        self.datacollector.collect(self)

    @staticmethod
    def advance(s: CommunityState, p, rng: np.random.Generator, week: int) -> Week:
        """One week of the state: the process overview of ``docs/ODD.md`` §3, in this order."""
        movers, vacated = mobility.move_households(s, p, rng, week)
        attitudes.update_attitudes(s, p, rng, week)
        arrival.arise_issues(s, p, rng, week)
        filed = demand.file_requests(s, p, rng, week)
        wishes = voice.voice_and_wish(s, p, rng, week)  # before raising: it raises what was voiced
        raised = filed + raising.raise_issues(s, p, rng, week) + wishes  # wishes: as collected
        mediated = committee.act(s, p, rng, week)
        if p.schedule == "admin_first":
            resolved_admin = administration.dispose_administratively(s, p, rng, week)
            resolved_self = deliberation.deliberate_and_act(s, p, rng, week)
        else:
            resolved_self = deliberation.deliberate_and_act(s, p, rng, week)
            resolved_admin = administration.dispose_administratively(s, p, rng, week)
        resolved_self += mediated
        lapsed = drift.lapse_issues(s, p, rng, week)
        resources.collect_resources(s, p, rng, week)
        committee.load_committee(s, p, rng, week)
        institutions.update_burden(s, p, rng, week)
        institutions.incubate(s, p, rng, week)
        community_building.build_community(s, p, rng, week)
        filled = drift.drift(s, p, rng, week)
        return Week(movers, vacated, filled, raised, resolved_self, resolved_admin, lapsed)

    # ------------------------------------------------------------------ spin-up (ODD 5)
    @classmethod
    def spin_up(cls, rng, weeks: int, params: Mapping[str, Any]) -> SpunUp:
        """The spun-up state a model with this ``rng`` (a seed) and ``params`` starts from.

        ``params`` are the parameters acting during the spin-up (overrides of the defaults);
        the stream is the spin-up stream of ``rng`` (:func:`~.spinup.spinup_generator`).
        """
        state = cls._spin(spinup_generator(rng), weeks, params)
        return SpunUp(state_arrays(state), weeks, key_params(params))

    @classmethod
    def _spin(cls, rng: np.random.Generator, weeks: int, params: Mapping[str, Any]):
        """Draw the initial state from ``rng`` and run weeks ``1 - weeks .. 0`` on it."""
        p = validate_params({**params, "spinup_weeks": weeks})
        s = initial_state(p, rng)
        for week in range(1 - weeks, 1):
            cls.advance(s, p, rng, week)
            s.issues.resolved_now.clear()  # nothing is measured during a spin-up
        reset_counters(s)
        s.history_weeks = weeks
        return s

    def _spun_up_state(self, p, week_one: dict, spun: SpunUp | None) -> CommunityState:
        """The state at the end of week 0 after the spin-up, set to this run's parameters.

        From ``spun`` if given (it must be the spin-up of these parameters and weeks), else
        computed. Then the officers and the ties' drift rule follow this run's parameters, as
        after a policy change (a sweep point spun up under its base's levers).
        """
        started = time.perf_counter()
        wanted = key_params(week_one)
        fixed = [
            n for n, v in wanted.items() if not PARAMETER_SPECS[n].runtime and getattr(p, n) != v
        ]
        if fixed:
            raise ValueError(
                f"spinup_params: {', '.join(fixed)} cannot differ from the run's own "
                "(structural parameters are fixed at construction)"
            )
        if spun is None:
            s = self._spin(spinup_generator(self.rng), p.spinup_weeks, week_one)
        elif spun.weeks != p.spinup_weeks or spun.params != wanted:
            raise ValueError(
                f"spinup: a spin-up of {spun.weeks} weeks under other parameters; this model "
                f"spins up {p.spinup_weeks} weeks under its own (spinup_params)"
            )
        else:
            template = initial_state(validate_params(week_one), spinup_generator(self.rng))
            s = restore_state(template, spun.arrays)
        changed = {name for name, value in wanted.items() if getattr(p, name) != value}
        if drift.TIE_RULE & changed:
            drift.reset_tie_rule(s, p)
        s.admin.assign_officers(administration.officers_wanted(s, p))
        self.spinup_seconds = time.perf_counter() - started
        return s

    def _apply_policy(self) -> None:
        """Apply the policy timeline's changes for this week."""
        changes = self.policy_timeline.get(self.week)
        if not changes:
            return
        for name, value in changes.items():
            setattr(self.p, name, value)
            self.policy_changes.append((self.week, name, value))
        self._explicit |= set(changes)  # a lever once set follows its preset no more
        apply_presets(vars(self.p), self._explicit)
        self._sync_officers()
        if drift.TIE_RULE & set(changes):
            drift.reset_tie_rule(self.state, self.p)

    def _measure(self, raised: int, resolved_self: int, resolved_admin: int, lapsed: int):
        """Store this step's outcomes as model attributes, where Mesa's reporters read them."""
        values = self.outcomes.measure(
            self.state, self.p, self.week, raised, resolved_self, resolved_admin, lapsed
        )
        for name, value in values.items():
            setattr(self, name, value)

    # ------------------------------------------------------------------ Mesa agents
    def _replace_agents(self, movers: np.ndarray, vacated: np.ndarray) -> None:
        """Mesa's side of mobility: each mover's ``Resident`` and elite agents leave."""
        self._replace_residents(movers)
        for slot in vacated:
            self.elite_agents.pop(int(slot)).remove()

    def _replace_residents(self, movers: np.ndarray) -> None:
        """Each mover's ``Resident`` leaves, a new one moves in (``agents.replace_residents``)."""
        replace_residents(self, self.residents, movers)

    def _add_elite_agents(self, slots: np.ndarray) -> None:
        """A ``CommunityElite`` for each newly filled slot (``agents.add_elites``, a batch)."""
        for agent in add_elites(self, slots):
            self.elite_agents[agent.slot] = agent

    def _sync_officers(self) -> None:
        """Match the GridOfficer agents to grid_coverage (one per grid at 1)."""
        if not self.state.admin.assign_officers(administration.officers_wanted(self.state, self.p)):
            return
        for officer in self.officers:
            officer.remove()
        self.officers = self._officer_agents()

    def _officer_agents(self) -> list[GridOfficer]:
        grids = self.state.admin.officers_grids()
        return [GridOfficer(self, j, g) for j, g in enumerate(grids)]

    # ------------------------------------------------------------------ the state
    @property
    def n(self) -> int:
        """Number of households."""
        return self.state.n

    @property
    def households(self):
        """Per-household state (:class:`~microgov_sim.model.state.Households`)."""
        return self.state.households

    @property
    def elites(self):
        """Elite positions (:class:`~microgov_sim.model.state.Elites`)."""
        return self.state.elites

    @property
    def issues(self):
        """The issue book (:class:`~microgov_sim.model.issues.IssueBook`)."""
        return self.state.issues

    @property
    def network(self):
        """The social network (:class:`~microgov_sim.model.network.SocialNetwork`)."""
        return self.state.network

    @property
    def neighbourhood(self):
        """Units and grids (:class:`~microgov_sim.model.structure.Neighbourhood`)."""
        return self.state.neighbourhood

    @property
    def ties(self):
        """Tie strengths (:class:`~microgov_sim.model.ties.TieStrengths`)."""
        return self.state.ties

    @property
    def government(self):
        """Spending (:class:`~microgov_sim.model.state.Government`)."""
        return self.state.government

    @property
    def tie_strength(self) -> np.ndarray:
        """Current strength of every tie (a fresh array; edge order of ``model.network``)."""
        return self.state.ties.values()

    # ------------------------------------------------------------------ inspection
    def inject_issue(
        self,
        level: str,
        unit: int,
        households: np.ndarray | None = None,
        severity: float = 0.5,
        kind: int = 0,
        on_agenda: bool = True,
    ) -> int:
        """Add one issue by hand (for experiments and teaching); return its id.

        See :func:`microgov_sim.model.submodels.arrival.inject_issue`.
        """
        return arrival.inject_issue(
            self.state, self.p, self.week, level, unit, households, severity, kind, on_agenda
        )

    def graph(self, nodes: np.ndarray | None = None):
        """The social network as a networkx Graph with current tie strengths (built on call)."""
        return to_networkx(self.network, self.tie_strength, nodes)

    def issues_frame(self):
        """Every issue of the run so far as a pandas DataFrame."""
        return self.issues.to_frame()
