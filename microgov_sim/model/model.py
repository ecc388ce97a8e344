"""The micro-governance model: wiring of state, agents and submodels into Mesa's step.

Read ``docs/ODD.md`` for the model description; each ``_submodel`` method below names the
ODD section it implements. The maths lives in :mod:`microgov_sim.model.rules` as pure functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import mesa
import numpy as np

from . import rules
from .agents import (
    CommunityElite,
    EliteRole,
    GridOfficer,
    PartyBranch,
    Resident,
    ResidentsCommittee,
)
from .arrays import csr_row_entries, distinct, expand_ranges
from .government import Government
from .issues import AFFECTED_SHARE, ISSUE_TYPES, TYPE_MIX, Channel, IssueBook, Status
from .network import build_network, to_networkx
from .outcomes import MODEL_REPORTERS, Outcomes
from .params import UNIT_SCALES, parameter_table_rst, validate_params, validate_timeline
from .structure import BUILDING, COMPOUND, COURTYARD, LEVELS, build_neighbourhood
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
        """Share of each slot's effort left for self-governance (0 when vacant)."""
        act = 1.0 - self.absorbed * self.absorbed_admin_share
        return np.where(self.home >= 0, act, 0.0)


class MicroGovModel(mesa.Model):
    """Agent-based model of urban community micro-governance (微治理).

    Construct with keyword parameters (all optional, validated; unknown names, wrong types
    and out-of-range values raise ``ValueError``), an ``rng`` (seed or numpy Generator) and an
    optional ``policy_timeline`` ``{step: {parameter: value}}`` of changes applied at the
    start of the given step. One step is one week. A Mesa ``scenario``
    (:class:`mesa.experimental.scenarios.Scenario`, as Mesa's SolaraViz passes on reset) is
    accepted too: its attributes are parameters (explicit keywords win) and its ``rng`` is used
    when ``rng`` is not given.

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
        super().__init__(rng=rng)
        self.p = p
        self.policy_timeline = timeline
        self.policy_changes: list[tuple[int, str, Any]] = []
        rng = self.rng

        self.neighbourhood = nb = build_neighbourhood(
            p.n_households,
            p.households_per_doorway,
            p.doorways_per_building,
            p.buildings_per_courtyard,
            p.courtyards_per_compound,
            p.households_per_grid,
            rng,
        )
        self.n = n = nb.n_households
        self.grid_sizes = np.bincount(nb.grid_of, minlength=nb.n_grids)
        self.unit_sizes = [nb.unit_sizes(level) for level in range(len(LEVELS))]
        # Flat per-level tables so that (level, unit) pairs index with one gather.
        self._n_units = np.array([nb.n_units(level) for level in range(len(LEVELS))])
        self._starts_offset = np.concatenate(([0], np.cumsum(self._n_units + 1)[:-1]))
        self._starts_flat = np.concatenate(nb.starts)
        self._sizes_flat = np.concatenate([np.append(s, 0) for s in self.unit_sizes])
        self._type_cdf = np.cumsum(TYPE_MIX, axis=1)
        self._type_cdf[:, -1] = 1.0
        self._type_standard = np.array([t.standardisation for t in ISSUE_TYPES])
        self.network = build_network(
            nb,
            p.building_tie_chance,
            p.courtyard_tie_chance,
            p.bridging_ties,
            p.network_rewiring,
            rng,
        )
        net = self.network
        self.households = self._new_households(n)
        hh = self.households
        # Ties start where everyday contact would have brought them after the shorter tenure.
        shorter = np.minimum(hh.tenure[net.src], hh.tenure[net.dst])
        baseline = self._tie_baseline()
        self.ties = TieStrengths(
            net.src,
            net.dst,
            net.same_building,
            net.incidence,
            baseline,
            baseline * (1.0 - np.exp(-p.tie_drift * shorter)),
            p.tie_drift,
        )
        self._tie_reference = max(p.households_per_doorway - 1.0, 1.0)
        hh.trust[:] = self._trust_target()

        self.residents = [Resident(self, i) for i in range(n)]
        self.org_strength = np.clip(
            p.micro_autonomy * rng.uniform(0.5, 1.5, nb.n_units(BUILDING)), 0, 1
        )
        self.building_burden = np.zeros(nb.n_units(BUILDING))
        self._init_elites()
        self.committee = ResidentsCommittee(self)
        self.committee.step()
        # Buildings of one compound are a contiguous range (households are nested in order).
        compound_of_building = nb.parent(BUILDING, COMPOUND)
        self._compound_building_starts = np.searchsorted(
            compound_of_building, np.arange(nb.n_units(COMPOUND) + 1)
        )
        starts = self._compound_building_starts
        self.branches = [
            PartyBranch(self, c, np.arange(starts[c], starts[c + 1]))
            for c in range(nb.n_units(COMPOUND))
        ]
        self.branch_incubations = np.zeros(nb.n_units(COMPOUND), dtype=np.int64)
        self.officers: list[GridOfficer] = []
        self.grid_officer = np.full(nb.n_grids, -1, dtype=np.int64)
        self.grid_coverage = np.zeros(nb.n_grids)
        self.officer_disposed = np.zeros(0, dtype=np.int64)
        self.officer_resolved = np.zeros(0, dtype=np.int64)
        self._sync_officers()

        self.issues = IssueBook()
        self.government = Government()
        self.outcomes = Outcomes(self)
        self.datacollector = mesa.DataCollector(model_reporters=MODEL_REPORTERS)
        self._update_attitudes()
        self.outcomes.update(raised=0, resolved_self=0, resolved_admin=0, lapsed=0)
        self.datacollector.collect(self)

    __doc__ = (__doc__ or "") + "\n" + parameter_table_rst() + "\n"

    # ------------------------------------------------------------------ initialisation
    def _new_households(self, n: int) -> Households:
        hh = Households(
            tenure=np.zeros(n),
            motivation=np.zeros(n),
            motivation_base=np.zeros(n),
            efficacy=np.zeros(n),
            trust=np.zeros(n),
            belonging=np.zeros(n),
            dependency=np.zeros(n),
            dependency_base=np.zeros(n),
            capacity=np.zeros(n),
            capacity_base=np.zeros(n),
            threshold=np.zeros(n),
            party=np.zeros(n, dtype=bool),
            online_draw=np.zeros(n),
            online=np.zeros(n, dtype=bool),
            last_active=np.full(n, NEVER, dtype=np.int64),
            willingness=np.zeros(n),
            burden=np.zeros(n),
        )
        everyone = np.arange(n)
        self.households = hh
        self._draw_newcomers(everyone)
        if self.p.mean_initial_tenure > 0:
            hh.tenure[:] = self.rng.exponential(self.p.mean_initial_tenure, n)
        hh.belonging[:] = self._belonging_target()
        return hh

    def _draw_newcomers(self, idx: np.ndarray) -> None:
        """Draw the personal attributes of households moving into dwellings ``idx``."""
        p, hh, rng, k = self.p, self.households, self.rng, len(idx)
        hh.tenure[idx] = 0.0
        hh.motivation_base[idx] = rng.beta(2.5, 2.5, k)
        hh.motivation[idx] = hh.motivation_base[idx]
        hh.efficacy[idx] = rng.beta(2.0, 2.0, k)
        hh.trust[idx] = 0.0
        hh.belonging[idx] = 0.0
        hh.dependency_base[idx] = rng.beta(3.0, 7.0, k)
        hh.dependency[idx] = hh.dependency_base[idx]
        hh.capacity_base[idx] = rng.beta(2.0, 3.0, k)
        hh.capacity[idx] = hh.capacity_base[idx]
        if p.threshold_sd > 0 and p.threshold_mean > 0:
            shape = (p.threshold_mean / p.threshold_sd) ** 2
            hh.threshold[idx] = rng.gamma(shape, p.threshold_sd**2 / p.threshold_mean, k)
        else:
            hh.threshold[idx] = p.threshold_mean
        hh.party[idx] = rng.random(k) < p.party_member_share
        hh.online_draw[idx] = rng.random(k)
        hh.last_active[idx] = NEVER

    def _init_elites(self) -> None:
        p, nb, rng = self.p, self.neighbourhood, self.rng
        n_b, n_c = nb.n_units(BUILDING), nb.n_units(COURTYARD)
        heads = np.flatnonzero(rng.random(n_b) < p.building_head_chance)
        n_elders = rng.poisson(p.elders_per_100 * self.n / 100.0)
        elder_homes = rng.integers(0, self.n, n_elders)
        role = np.concatenate(
            (
                np.full(len(heads), EliteRole.BUILDING_HEAD),
                np.full(n_c, EliteRole.GROUP_LEADER),
                np.full(n_elders, EliteRole.ELDER),
            )
        ).astype(np.int8)
        level = np.where(role == EliteRole.GROUP_LEADER, COURTYARD, BUILDING).astype(np.int8)
        unit = np.concatenate((heads, np.arange(n_c), nb.unit_of[BUILDING, elder_homes]))
        home = np.full(len(role), -1, dtype=np.int64)
        self.elites = Elites(
            role=role,
            level=level,
            unit=unit.astype(np.int64),
            home=home,
            absorbed=np.zeros(len(role), dtype=bool),
            absorbed_admin_share=p.absorbed_admin_share,
        )
        is_elder = role == EliteRole.ELDER
        home[is_elder] = elder_homes
        self.elite_agents: dict[int, CommunityElite] = {}
        self._fill_elite_slots(np.flatnonzero(~is_elder))
        for slot in np.flatnonzero(is_elder):
            self.elite_agents[int(slot)] = CommunityElite(self, int(slot))
        # Start at the balance of the absorption and release hazards (ODD 5).
        absorb = p.elite_absorption_rate * p.admin_penetration
        release = p.elite_release_rate * (1.0 - p.admin_penetration)
        share = absorb / (absorb + release) if absorb + release > 0 else 0.0
        self.elites.absorbed[:] = rng.random(len(role)) < share

    def _fill_elite_slots(self, slots: np.ndarray) -> None:
        """Give each slot in ``slots`` the longest-standing resident of its unit as elite."""
        nb, hh, el = self.neighbourhood, self.households, self.elites
        for slot in slots:
            lo = nb.starts[el.level[slot]][el.unit[slot]]
            hi = nb.starts[el.level[slot]][el.unit[slot] + 1]
            # the longest tenure, with noise so the choice is not purely seniority
            score = hh.tenure[lo:hi] * self.rng.uniform(0.5, 1.0, hi - lo)
            el.home[slot] = lo + int(np.argmax(score))
            el.absorbed[slot] = False
            self.elite_agents[int(slot)] = CommunityElite(self, int(slot))

    def _sync_officers(self) -> None:
        """Match the number of GridOfficer agents to admin_penetration (one per grid at 1)."""
        n_grids = self.neighbourhood.n_grids
        want = round(self.p.admin_penetration * n_grids)
        if want == len(self.officers):
            return
        for officer in self.officers:
            officer.remove()
        self.officers = []
        self.officer_disposed = np.zeros(want, dtype=np.int64)
        self.officer_resolved = np.zeros(want, dtype=np.int64)
        self.grid_officer[:] = -1
        self.grid_coverage[:] = 0.0
        for j in range(want):
            grids = np.arange(j, n_grids, want)
            self.officers.append(GridOfficer(self, j, grids))
            self.grid_officer[grids] = j
            self.grid_coverage[grids] = 1.0 / len(grids)

    # ------------------------------------------------------------------ schedule
    def step(self) -> None:
        """One week: the process overview of ``docs/ODD.md`` §3, in this order."""
        self._apply_policy()
        self._move_households()
        self._update_attitudes()
        self._arise_issues()
        raised = self._raise_issues()
        if self.p.schedule == "admin_first":
            resolved_admin = self._dispose_administratively()
            resolved_self = self._deliberate_and_act()
        else:
            resolved_self = self._deliberate_and_act()
            resolved_admin = self._dispose_administratively()
        lapsed = self._lapse_issues()
        self.issues.refresh_open()
        self.committee.step()
        self._update_burden()
        self._incubate()
        self._drift()
        self.outcomes.update(raised, resolved_self, resolved_admin, lapsed)
        self.datacollector.collect(self)

    def _apply_policy(self) -> None:
        changes = self.policy_timeline.get(self.steps)
        if not changes:
            return
        for name, value in changes.items():
            setattr(self.p, name, value)
            self.policy_changes.append((self.steps, name, value))
        self._sync_officers()
        if {"tie_drift", "tie_baseline_doorway", "tie_baseline_other"} & set(changes):
            self.ties.set_rule(self._tie_baseline(), self.p.tie_drift)

    # ------------------------------------------------------------------ submodels
    def _move_households(self) -> None:
        """Mobility (ODD 7.1): movers leave, newcomers without ties take their dwellings."""
        hh, p = self.households, self.p
        hh.tenure += 1.0
        if p.mobility_rate <= 0:
            return
        movers = np.flatnonzero(self.rng.random(self.n) < p.mobility_rate)
        if len(movers) == 0:
            return
        self._replace_residents(movers)
        self._draw_newcomers(movers)
        moved = np.zeros(self.n, dtype=bool)
        moved[movers] = True
        net = self.network
        entries = csr_row_entries(net.adjacency.indptr, movers)
        gone = distinct(net.edge_of_entry[entries])
        self.ties.set(gone, np.zeros(len(gone)))
        el = self.elites
        leaving = np.flatnonzero((el.home >= 0) & moved[np.maximum(el.home, 0)])
        for slot in leaving:
            self.elite_agents.pop(int(slot)).remove()
        el.home[leaving] = -1
        el.absorbed[leaving] = False

    def _replace_residents(self, movers: np.ndarray) -> None:
        """Mesa's side of mobility: each mover's ``Resident`` leaves, a new one moves in."""
        for i in movers:
            self.residents[i].remove()
            self.residents[i] = Resident(self, int(i))

    def _update_attitudes(self) -> None:
        """Willingness, online adoption and elite effort from current state (ODD 7.2)."""
        hh, p = self.households, self.p
        hh.willingness[:] = rules.willingness(
            hh.motivation, hh.efficacy, hh.belonging, hh.trust, hh.dependency
        )
        hh.online[:] = (
            hh.online_draw
            < p.online_base_adoption + (1 - p.online_base_adoption) * p.micro_autonomy
        )
        self._update_elite_effort()

    def _arise_issues(self) -> None:
        """Issue arrival (ODD 7.3): Poisson per unit and level, random affected households."""
        p, rng = self.p, self.rng
        rates = np.array(
            (
                p.issue_rate_doorway,
                p.issue_rate_building,
                p.issue_rate_courtyard,
                p.issue_rate_compound,
                p.issue_rate_community,
            )
        )
        per_level = rng.poisson(rates * self._n_units)
        k = int(per_level.sum())
        if k == 0:
            return
        level = np.repeat(np.arange(len(LEVELS)), per_level)
        unit = (rng.random(k) * self._n_units[level]).astype(np.int64)
        flat = self._starts_offset[level] + unit
        lo, hi = self._starts_flat[flat], self._starts_flat[flat + 1]
        size = hi - lo
        # Affected households: each member with the level's share, at least one.
        first = np.cumsum(size) - size
        members = expand_ranges(lo, size)
        owner = np.repeat(np.arange(k), size)
        hit = rng.random(len(members)) < AFFECTED_SHARE[level][owner]
        hit[first + (rng.random(k) * size).astype(np.int64)] = True
        households, owner = members[hit], owner[hit]
        severity = rng.beta(2.0, 3.0, k)
        kind = (rng.random(k)[:, None] > self._type_cdf[level]).sum(axis=1)
        standard = np.clip(self._type_standard[kind] + rng.normal(0.0, 0.1, k), 0.0, 1.0)
        stake = severity[owner] * rng.uniform(0.5, 1.5, len(households))
        self._add_issues(level, unit, lo, size, kind, severity, standard, households, owner, stake)

    def _add_issues(
        self,
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
        """Append issues to the issue book: the one place that fills every issue column.

        Issue ``j`` lies in unit ``unit[j]`` at ``level[j]`` (households ``lo[j]`` to
        ``lo[j] + size[j] - 1``) and affects ``households[owner == j]`` with ``stake``.
        """
        nb, k = self.neighbourhood, len(level)
        acting_level = np.maximum(level, UNIT_SCALES.index(self.p.unit_scale))
        acting_unit = nb.unit_of[acting_level, lo]
        centre = lo + size // 2
        n_affected = np.bincount(owner, minlength=k)
        columns = {
            "level": level,
            "unit": unit,
            "acting_level": acting_level,
            "acting_unit": acting_unit,
            "acting_size": self._sizes_flat[self._starts_offset[acting_level] + acting_unit],
            "kind": kind,
            "severity": severity,
            "standardisation": standard,
            "grid": nb.grid_of[centre],
            "centre": centre,
            "n_affected": n_affected,
            "stake_sum": np.bincount(owner, weights=stake, minlength=k),
            "created": self.steps,
            "raised": self.steps if status != Status.NEW else -1,
            "resolved": -1,
            "channel": Channel.NONE,
            "status": status,
            "attempts": 0,
            "participants": 0,
            "admin_attempts": 0,
        }
        return self.issues.add(columns, households, stake, n_affected)

    def _raise_issues(self) -> int:
        """Noticing and raising through the channels, then routing (ODD 7.4)."""
        p, hh, iss, rng = self.p, self.households, self.issues, self.rng
        new = iss.open_with_status(Status.NEW)
        if len(new) == 0:
            return 0
        rows = iss.pairs_of(new)
        who = iss.pair_household[rows]
        owner = np.searchsorted(new, iss.pair_issue[rows])
        w = hh.willingness[who]

        def channel_chance(per_resident: np.ndarray) -> np.ndarray:
            log_miss = np.log1p(-np.minimum(per_resident, 1 - 1e-12))
            return 1.0 - np.exp(np.bincount(owner, weights=log_miss, minlength=len(new)))

        chance = {
            Channel.GRID_OFFICER: p.officer_detect_chance * self.grid_coverage[iss.grid[new]],
            Channel.ELITE: self._elite_notice_chance(new),
            Channel.PARTY: channel_chance(hh.party[who] * p.party_wish_chance * p.party_embedding),
            Channel.ONLINE: channel_chance(hh.online[who] * p.online_voice_chance * w),
            Channel.COMMITTEE: channel_chance(
                p.committee_report_chance * w * self.committee.free_share
            ),
        }
        channel = np.full(len(new), Channel.NONE, dtype=np.int8)
        for ch, c in chance.items():  # the first channel that fires, in this order
            fire = (channel == Channel.NONE) & (rng.random(len(new)) < c)
            channel[fire] = ch
        raised = channel != Channel.NONE
        ids = new[raised]
        iss.cols["channel"][ids] = channel[raised]
        iss.cols["raised"][ids] = self.steps
        # Routing: grid detections go to disposal unless the officer works in support mode;
        # other issues are taken over with admin_penetration or requested by dependent residents.
        mean_dep = np.bincount(owner, weights=hh.dependency[who], minlength=len(new))
        mean_dep = mean_dep / np.maximum(iss.n_affected[new], 1)
        control = p.admin_penetration * (1.0 - p.admin_support_share)
        to_admin_chance = np.where(
            channel == Channel.GRID_OFFICER,
            1.0 - p.admin_support_share,
            1.0 - (1.0 - control) * (1.0 - p.dependency_request_weight * mean_dep),
        )
        to_admin = rng.random(len(new)) < to_admin_chance
        iss.cols["status"][new[raised & to_admin]] = Status.ADMIN
        iss.cols["status"][new[raised & ~to_admin]] = Status.AGENDA
        return int(raised.sum())

    def _elite_notice_chance(self, ids: np.ndarray) -> np.ndarray:
        """Chance that the active elites covering each issue's unit raise it."""
        nb, iss = self.neighbourhood, self.issues
        # an issue is covered by the elites of the building at its centre
        effort = self.elite_effort[nb.unit_of[BUILDING, iss.centre[ids]]]
        return 1.0 - (1.0 - self.p.elite_notice_chance) ** effort

    def _update_elite_effort(self) -> None:
        """Elite effort available to each building, net of absorption into grid work.

        Building heads and elders count for their building, group leaders for every building
        of their courtyard.
        """
        nb, el = self.neighbourhood, self.elites
        act = el.activity()
        at_building = el.level == BUILDING
        per_building = np.bincount(
            el.unit[at_building], weights=act[at_building], minlength=nb.n_units(BUILDING)
        )
        court = np.bincount(
            el.unit[~at_building], weights=act[~at_building], minlength=nb.n_units(COURTYARD)
        )
        self.elite_effort = per_building + court[nb.parent(BUILDING, COURTYARD)]

    def _mobilisation(self, who: np.ndarray) -> np.ndarray:
        """Drive added by elites, party and micro-organisations to households ``who``.

        ODD 7.5. ``who`` must be sorted.
        """
        p, nb, el = self.p, self.neighbourhood, self.elites
        building = nb.unit_of[BUILDING, who]
        m = p.elite_mobilisation * np.minimum(self.elite_effort[building], 1.0)
        m += p.org_mobilisation * self.org_strength[building]
        m += p.party_embedding * (p.party_reach + p.party_mobilisation * self.households.party[who])
        homes = np.flatnonzero(el.home >= 0)
        pos = np.searchsorted(who, el.home[homes])
        hit = pos < len(who)
        hit[hit] = who[pos[hit]] == el.home[homes[hit]]
        np.add.at(m, pos[hit], p.elite_initiative * el.activity()[homes[hit]])
        return m

    def _deliberate_and_act(self) -> int:
        """Agenda, meeting, action, evaluation for self-governed issues (ODD 7.5-7.6)."""
        p, hh, iss = self.p, self.households, self.issues
        agenda = iss.open_with_status(Status.AGENDA)
        if len(agenda) == 0:
            return 0
        # Agenda preparation: each acting unit takes up its most pressing issue this step.
        key = iss.acting_level[agenda].astype(np.int64) * (self.n + 1) + iss.acting_unit[agenda]
        order = np.lexsort((iss.created[agenda], -iss.stake_sum[agenda], key))
        first = np.ones(len(order), dtype=bool)
        first[1:] = key[order][1:] != key[order][:-1]
        chosen = agenda[order][first]
        k = len(chosen)
        # Each household attends one meeting: where its stake is largest, else the closest.
        focal = np.full(self.n, -1, dtype=np.int64)  # local meeting index 0..k-1
        best = np.full(self.n, -1.0)
        stake_now = np.zeros(self.n)
        acting_level = iss.acting_level[chosen]
        flat = self._starts_offset[acting_level] + iss.acting_unit[chosen]
        lo, unit_size = self._starts_flat[flat], self._sizes_flat[flat]
        for level in np.unique(acting_level):  # smallest units first: they are the closest
            at_level = np.flatnonzero(acting_level == level)
            rows = iss.pairs_of(chosen[at_level])
            affected = iss.pair_household[rows]
            stake_now[affected] = iss.pair_stake[rows]
            members = expand_ranges(lo[at_level], unit_size[at_level])  # units are ranges
            their_stake = stake_now[members]
            better = their_stake > best[members]
            moving = members[better]
            focal[moving] = np.repeat(at_level, unit_size[at_level])[better]
            best[moving] = their_stake[better]
            stake_now[affected] = 0.0
        # From here on, work only with the members of some meeting.
        who = np.flatnonzero(focal >= 0)
        group = focal[who]
        size = iss.acting_size[chosen].astype(float)
        density = np.minimum(iss.n_affected[chosen] / size, 1.0)
        cost = rules.participation_cost(
            p.participation_cost,
            hh.capacity[who],
            p.micro_autonomy,
            p.platform_cost_discount,
            hh.online[who],
            p.online_cost_discount,
        )
        drive = rules.private_drive(
            hh.willingness[who],
            best[who],
            rules.pivotality(size, p.households_per_doorway, p.pivotality_exponent)[group],
            density[group],
            hh.belonging[who],
            self._mobilisation(who),
            cost,
            p.stake_weight,
            p.solidarity_weight,
        )
        threshold = hh.threshold[who]
        if p.social_reference == "group":
            influence = rules.group_influence(group, k)
        else:
            influence = self._network_influence(who, group)
        joined, _ = rules.threshold_cascade(drive, threshold, influence)

        # Evaluation of each meeting.
        part, part_group = who[joined], group[joined]
        n_part = np.bincount(part_group, minlength=k)
        funded = p.micro_fund_effort * p.micro_autonomy + p.party_support_effort * p.party_embedding
        support = funded + (
            p.officer_support_effort * p.admin_support_share * self.grid_coverage[iss.grid[chosen]]
        )
        effort = np.bincount(part_group, weights=hh.capacity[part], minlength=k) + support
        required = p.effort_per_stakeholder * iss.severity[chosen] * iss.n_affected[chosen]
        held, success = rules.action_succeeds(n_part, effort, size, required, p.quorum_share)
        # Funds and party resources are paid out for actions that go ahead.
        self.government.support_cost += p.support_cost * funded * int(held.sum())
        hh.last_active[part] = self.steps
        iss.cols["participants"][chosen] = n_part

        won = chosen[success]
        iss.close(won, Status.RESOLVED_SELF, self.steps)
        failed = chosen[~success]
        iss.cols["attempts"][failed] += 1
        give_up = failed[iss.attempts[failed] >= p.max_self_attempts]
        iss.cols["status"][give_up] = Status.ADMIN
        iss.cols["channel"][give_up] = Channel.ESCALATED

        self._evaluate_self(part, part_group, success, held, won)
        return len(won)

    def _network_influence(self, who: np.ndarray, group: np.ndarray):
        """Complex-contagion influence among meeting members ``who`` (sorted) in ``group``.

        Influence flows along ties between two members of the same meeting, weighted by the
        tie's current strength.
        """
        net = self.network
        return rules.network_influence(
            net.adjacency.indptr,
            net.adjacency.indices,
            lambda entries, _rows: self.ties.values(net.edge_of_entry[entries]),
            who,
            group,
        )

    def _evaluate_self(self, part, part_group, success, held, won) -> None:
        """Feedback of held actions into efficacy, trust, ties, organisations (ODD 7.7).

        ``part`` are the participants (sorted) and ``part_group`` their meetings.
        """
        p, hh, net = self.p, self.households, self.network
        lr = p.learning_rate
        ok = part[success[part_group]]
        bad = part[(held & ~success)[part_group]]
        hh.efficacy[ok] += lr * (1 - hh.efficacy[ok])
        hh.trust[ok] += lr * (1 - hh.trust[ok])
        hh.dependency[ok] -= lr * hh.dependency[ok]
        hh.efficacy[bad] -= lr * hh.efficacy[bad]
        hh.trust[bad] -= lr * hh.trust[bad]
        hh.capacity[part] += p.capacity_learning * (1 - hh.capacity[part])
        # ties between co-participants of one meeting (each edge seen from its lower end)
        indptr = net.adjacency.indptr
        meeting = np.full(self.n, -1, dtype=np.int64)
        meeting[part] = part_group
        entries = csr_row_entries(indptr, part)
        rows = np.repeat(part, indptr[part + 1] - indptr[part])
        cols = net.adjacency.indices[entries]
        pair = (rows < cols) & (meeting[cols] == meeting[rows])
        edges, their_meeting = net.edge_of_entry[entries[pair]], meeting[rows[pair]]
        self.ties.grow(edges[success[their_meeting]], p.tie_growth)
        self.ties.erode(edges[(held & ~success)[their_meeting]], p.tie_erosion)
        if len(won):
            rows = self.issues.pairs_of(won)
            aff = self.issues.pair_household[rows]
            hh.belonging[aff] += lr * (1 - hh.belonging[aff])
            b = distinct(self.neighbourhood.unit_of[BUILDING, ok])
            self.org_strength[b] += p.org_success_gain * (1 - self.org_strength[b])

    def _dispose_administratively(self) -> int:
        """Grid officers and departments dispose of queued issues at a cost (ODD 7.8)."""
        p, hh, iss, rng = self.p, self.households, self.issues, self.rng
        n_off = len(self.officers)
        fixed = (
            n_off * p.officer_cost
            + p.platform_cost * self.neighbourhood.n_grids * p.admin_penetration
        )
        queue = iss.open_with_status(Status.ADMIN)
        cost = fixed
        resolved_count = 0
        exposure = (
            p.patrol_exposure
            * self.grid_coverage[self.neighbourhood.grid_of]
            * (1 - p.admin_support_share)
        )
        if len(queue):
            queue = queue[np.argsort(iss.raised[queue], kind="stable")]  # first come, first served
            officer = self.grid_officer[iss.grid[queue]]
            cap = p.officer_capacity * (1.0 - p.admin_support_share)
            by_officer = np.argsort(officer, kind="stable")
            sorted_off = officer[by_officer]
            rank_sorted = np.arange(len(queue)) - np.searchsorted(sorted_off, sorted_off)
            rank = np.empty(len(queue), dtype=np.int64)
            rank[by_officer] = rank_sorted
            whole, frac = int(cap), cap - int(cap)
            taken = (officer >= 0) & (
                (rank < whole) | ((rank == whole) & (rng.random(len(queue)) < frac))
            )
            rest = np.flatnonzero(~taken)
            dept = p.department_capacity * self.n / 1000.0
            n_dept = int(dept) + (rng.random() < dept - int(dept))
            taken[rest[:n_dept]] = True
            attempt = queue[taken]
            success = rng.random(len(attempt)) < rules.admin_success_chance(
                iss.standardisation[attempt], p.admin_success_floor
            )
            iss.cols["admin_attempts"][attempt] += 1
            cost += float((p.disposal_cost * (1.0 + iss.severity[attempt])).sum())
            won = attempt[success]
            iss.close(won, Status.RESOLVED_ADMIN, self.steps)
            resolved_count = len(won)
            by = self.grid_officer[iss.grid[attempt]]
            mine = by >= 0
            n_off_slots = len(self.officer_disposed)
            self.officer_disposed += np.bincount(by[mine], minlength=n_off_slots)
            self.officer_resolved += np.bincount(by[mine & success], minlength=n_off_slots)
            if resolved_count:
                rows = iss.pairs_of(won)
                aff = iss.pair_household[rows]
                hits = np.bincount(aff, minlength=self.n)
                exposure = exposure + hits * (1 - p.admin_support_share)
                gain = p.admin_belonging_share * p.learning_rate
                hh.belonging[aff] += gain * (1 - hh.belonging[aff])
        # Controlling intervention: crowding of motivation and growth of dependency.
        hh.motivation[:] = rules.crowding_update(
            hh.motivation, exposure, p.crowding_out, p.crowding_rate
        )
        grow = np.minimum(p.dependency_growth * exposure, 1.0)
        hh.dependency += grow * (1 - hh.dependency)
        self.government.admin_cost += cost
        self.government.admin_resolved += resolved_count
        return resolved_count

    def _lapse_issues(self) -> int:
        """Open issues lapse unresolved with a small chance per step (ODD 7.10)."""
        iss = self.issues
        open_ids = iss.open_ids[iss.status[iss.open_ids] < Status.RESOLVED_SELF]
        lapse = open_ids[self.rng.random(len(open_ids)) < self.p.issue_lapse_chance]
        iss.close(lapse, Status.LAPSED, self.steps)
        return len(lapse)

    def _update_burden(self) -> None:
        """Stake each household and building holds in open issues (ODD 7.9, 7.10)."""
        iss = self.issues
        rows = iss.pairs_of(iss.open_ids)
        self.households.burden[:] = np.bincount(
            iss.pair_household[rows], weights=iss.pair_stake[rows], minlength=self.n
        )
        self.building_burden[:] = np.bincount(
            self.neighbourhood.unit_of[BUILDING],
            weights=self.households.burden,
            minlength=self.neighbourhood.n_units(BUILDING),
        )

    def _incubate(self) -> None:
        """Party branches incubate the neediest building's micro-organisation (ODD 7.9)."""
        effort = self.p.party_embedding * self.p.incubation_rate
        if effort <= 0:
            return
        need = self.building_burden * (1.0 - self.org_strength)
        target = rules.argmax_per_group(need, self._compound_building_starts)
        branches = np.flatnonzero(target >= 0)
        chosen = target[branches]
        self.org_strength[chosen] = np.minimum(1.0, self.org_strength[chosen] + effort)
        self.branch_incubations[branches] += 1

    def _trust_target(self) -> np.ndarray:
        """Trust drifts toward the summed strength of one's ties over a full doorway's worth."""
        strength = self.ties.node_sum
        return np.minimum(strength / self._tie_reference, 1.0)

    def _belonging_target(self) -> np.ndarray:
        t = self.households.tenure
        return t / (t + self.p.tenure_half_belonging)

    def _drift(self) -> None:
        """Slow processes: ties, trust, belonging, motivation, dependency, capacity, elites.

        ODD 7.10.
        """
        p, hh, rng, el = self.p, self.households, self.rng, self.elites
        self.ties.tick()
        rules.move_toward(hh.trust, self._trust_target(), p.trust_drift, out=hh.trust)
        rules.move_toward(
            hh.belonging, self._belonging_target(), p.belonging_drift, out=hh.belonging
        )
        hh.belonging -= np.minimum(p.burden_weight * hh.burden, 1.0) * hh.belonging
        rules.move_toward(
            hh.motivation, hh.motivation_base, p.motivation_recovery, out=hh.motivation
        )
        rules.move_toward(hh.dependency, hh.dependency_base, p.dependency_decay, out=hh.dependency)
        rules.move_toward(hh.capacity, hh.capacity_base, p.capacity_drift, out=hh.capacity)
        rules.move_toward(self.org_strength, p.micro_autonomy, p.org_decay, out=self.org_strength)
        # Elites: absorption into grid work and release; vacant positions refilled.
        present = el.home >= 0
        absorb = (
            present
            & ~el.absorbed
            & (rng.random(len(el.home)) < p.elite_absorption_rate * p.admin_penetration)
        )
        release = (
            present
            & el.absorbed
            & (rng.random(len(el.home)) < p.elite_release_rate * (1 - p.admin_penetration))
        )
        el.absorbed[absorb] = True
        el.absorbed[release] = False
        el.absorbed_admin_share = p.absorbed_admin_share
        vacant = np.flatnonzero(~present & (rng.random(len(el.home)) < p.elite_emergence_chance))
        if len(vacant):
            self._fill_elite_slots(vacant)

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

        ``level`` is a unit level name, ``unit`` the unit id at that level; ``households``
        defaults to every household of the unit, each with stake ``severity``. The issue is
        put straight on the self-governance agenda unless ``on_agenda`` is false.
        """
        if level not in LEVELS:
            raise ValueError(f"level = {level!r}: must be one of {', '.join(LEVELS)}")
        lv = LEVELS.index(level)
        nb = self.neighbourhood
        if not 0 <= unit < nb.n_units(lv):
            raise ValueError(f"unit = {unit!r}: must be in [0, {nb.n_units(lv) - 1}] at {level}")
        lo, hi = int(nb.starts[lv][unit]), int(nb.starts[lv][unit + 1])
        hh = np.arange(lo, hi) if households is None else np.asarray(households, dtype=np.int64)
        ids = self._add_issues(
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

    def graph(self, nodes: np.ndarray | None = None):
        """The social network as a networkx Graph with current tie strengths (built on call)."""
        return to_networkx(self.network, self.tie_strength, nodes)

    @property
    def tie_strength(self) -> np.ndarray:
        """Current strength of every tie (a fresh array; edge order of ``model.network``)."""
        return self.ties.values()

    def _tie_baseline(self) -> np.ndarray:
        p = self.p
        return np.where(self.network.kind == 0, p.tie_baseline_doorway, p.tie_baseline_other)

    def issues_frame(self):
        """Every issue of the run so far as a pandas DataFrame."""
        return self.issues.to_frame()
