"""The micro-governance model: Mesa's side of a run, wiring the submodels into the week.

:class:`MicroGovModel` holds the Mesa side only -- the agents, the ``DataCollector``, the
policy timeline and its own week counter -- and its :meth:`~MicroGovModel.step` is the
schedule of ``docs/ODD.md`` §3, calling the submodels of
:mod:`microgov_sim.model.submodels` by name on the community's state
(:class:`~microgov_sim.model.state.CommunityState`). Imports only :mod:`microgov_sim.model`.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import Any

import mesa
import numpy as np

from .agents import CommunityElite, GridOfficer, PartyBranch, Resident, ResidentsCommittee
from .initialisation import initial_state
from .network import to_networkx
from .outcomes import MODEL_REPORTERS, Outcomes
from .params import (
    apply_presets,
    parameter_table_rst,
    rng_problem,
    validate_params,
    validate_timeline,
)
from .state import EliteRole
from .submodels import (
    administration,
    arrival,
    attitudes,
    deliberation,
    drift,
    institutions,
    mobility,
    raising,
)


class MicroGovModel(mesa.Model):
    """Agent-based model of urban community micro-governance (微治理).

    Construct with keyword parameters (all optional, validated; unknown names, wrong types
    and out-of-range values raise ``ValueError``), an ``rng`` (seed or numpy Generator) and an
    optional ``policy_timeline`` ``{step: {parameter: value}}`` of changes applied at the
    start of the given step. One step is one week; ``model.week`` counts them (0 before the
    first). A Mesa ``scenario`` (:class:`mesa.experimental.scenarios.Scenario`, as Mesa's
    SolaraViz passes on reset) is accepted too: its attributes are parameters (explicit
    keywords win) and its ``rng`` is used when ``rng`` is not given.

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
        self.state = s = initial_state(p, self.rng)

        self.residents = [Resident(self, i) for i in range(s.n)]
        self.elite_agents: dict[int, CommunityElite] = {}
        elders = s.elites.role == EliteRole.ELDER
        self._add_elite_agents(np.flatnonzero(~elders))
        self._add_elite_agents(np.flatnonzero(elders))
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
        """One week: the process overview of ``docs/ODD.md`` §3, in this order."""
        self.week += 1
        self._apply_policy()
        s, p, rng, week = self.state, self.p, self.rng, self.week
        movers, vacated = mobility.move_households(s, p, rng, week)
        self._replace_agents(movers, vacated)
        attitudes.update_attitudes(s, p, rng, week)
        arrival.arise_issues(s, p, rng, week)
        raised = raising.raise_issues(s, p, rng, week)
        if p.schedule == "admin_first":
            resolved_admin = administration.dispose_administratively(s, p, rng, week)
            resolved_self = deliberation.deliberate_and_act(s, p, rng, week)
        else:
            resolved_self = deliberation.deliberate_and_act(s, p, rng, week)
            resolved_admin = administration.dispose_administratively(s, p, rng, week)
        lapsed = drift.lapse_issues(s, p, rng, week)
        institutions.load_committee(s, p, rng, week)
        institutions.update_burden(s, p, rng, week)
        institutions.incubate(s, p, rng, week)
        filled = drift.drift(s, p, rng, week)
        self._add_elite_agents(filled)
        self._measure(raised, resolved_self, resolved_admin, lapsed)
        self.datacollector.collect(self)

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
        """Each mover's ``Resident`` leaves, a new one moves in."""
        for i in movers:
            self.residents[i].remove()
            self.residents[i] = Resident(self, int(i))

    def _add_elite_agents(self, slots: np.ndarray) -> None:
        for slot in slots:
            self.elite_agents[int(slot)] = CommunityElite(self, int(slot))

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
