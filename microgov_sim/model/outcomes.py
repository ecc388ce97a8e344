"""Outcome measures, computed once per step and collected by Mesa's ``DataCollector``.

Each outcome is stored as a model attribute of the same name, and the data collector's
reporters are those attribute names (strings pickle; lambdas broke Mesa's multiprocessing,
Mesa issues #1017 and #1107). :data:`OUTCOMES` documents each column.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

import numpy as np

from . import rules
from .structure import BUILDING

if TYPE_CHECKING:
    from .state import CommunityState

OUTCOMES: dict[str, str] = {
    "participation_rate": "Share of residents who took part in collective action within the "
    "last participation_window steps (action, 行动).",
    "willingness": "Mean willingness to take part, read as the expected share willing (意愿).",
    "capacity": "Mean capacity for collective action, read as the expected share able (能力).",
    "issues_raised": "Issues raised this step through any channel.",
    "issues_resolved_self": "Issues resolved this step by residents' collective action.",
    "issues_resolved_admin": "Issues resolved this step by administrative disposal.",
    "issues_lapsed": "Issues that lapsed unresolved this step.",
    "backlog": "Open issues (arisen and not yet resolved or lapsed) at the end of the step.",
    "mean_resolution_time": "Mean steps from arising to resolution over issues resolved in the "
    "last outcome_window steps (previous value kept when none were).",
    "mean_trust": "Mean trust in neighbours.",
    "within_unit_tie_density": "Summed strength of ties inside buildings over the number of "
    "household pairs inside buildings (weighted density, 0..1).",
    "bridging_tie_strength": "Mean strength of ties that cross building boundaries.",
    "belonging": "Mean sense of belonging.",
    "dependency": "Mean dependency on government.",
    "autonomy_index": "Share of issues resolved by residents' own bodies among all resolved "
    "in the last outcome_window steps (previous value kept when none were).",
    "active_micro_orgs": "Share of buildings whose micro-organisation strength is at least 0.5.",
    "admin_cost": "Cumulative administrative cost (officers, platform, disposals).",
    "admin_cost_per_resolved": "Cumulative administrative cost over cumulative "
    "administratively resolved issues (over 1 while none are).",
    "support_cost": "Cumulative cost of micro-project funds and party resources put into "
    "residents' actions.",
    "government_cost": "Cumulative administrative plus support cost.",
    "unit_inequality": "Gini coefficient over buildings of the participation rate.",
    "committee_admin_share": "Share of the residents' committee's effort on delegated "
    "administrative work.",
    "elite_admin_share": "Share of elites' effort absorbed by administrative work.",
    "n_officers": "Grid officers on duty.",
}

MODEL_REPORTERS: dict[str, str] = {name: name for name in OUTCOMES}

# The outcomes printed after a comparison and tabulated in its report, in the brief's order:
# participation, autonomy, resolution by channel, backlog, social capital, dependency, cost.
SUMMARY_OUTCOMES: tuple[str, ...] = (
    "participation_rate",
    "autonomy_index",
    "issues_resolved_self",
    "issues_resolved_admin",
    "backlog",
    "mean_trust",
    "dependency",
    "government_cost",
)


class Outcomes:
    """Measures the outcomes of a community's state at the end of each step (ODD 7.11).

    Holds the rolling windows of resolutions that the rates are averaged over.
    """

    def __init__(self, s: CommunityState, p):
        window = p.outcome_window
        self._self = deque(maxlen=window)
        self._admin = deque(maxlen=window)
        self._time_sum = deque(maxlen=window)
        self.autonomy_index = 0.0
        self._n_same = int(s.network.same_building.sum())
        sizes = s.neighbourhood.unit_sizes(BUILDING)
        self._within_pairs = max(float((sizes * (sizes - 1) / 2).sum()), 1.0)
        self.mean_resolution_time = 0.0

    def measure(
        self,
        s: CommunityState,
        p,
        week: int,
        raised: int,
        resolved_self: int,
        resolved_admin: int,
        lapsed: int,
    ) -> dict[str, float]:
        """Outcomes of the step just taken, by name, given its counts of issue events."""
        hh, iss, nb, ties = s.households, s.issues, s.neighbourhood, s.ties
        just = np.concatenate(iss.resolved_now) if iss.resolved_now else iss.open_ids[:0]
        iss.resolved_now.clear()
        self._self.append(resolved_self)
        self._admin.append(resolved_admin)
        self._time_sum.append(float((week - iss.created[just]).sum()))
        n_res = sum(self._self) + sum(self._admin)
        if n_res:
            self.autonomy_index = sum(self._self) / n_res
            self.mean_resolution_time = sum(self._time_sum) / n_res

        active = hh.last_active > week - p.participation_window
        building = nb.unit_of[BUILDING]
        per_building = np.bincount(building, weights=active, minlength=nb.n_units(BUILDING))
        per_building /= np.maximum(nb.unit_sizes(BUILDING), 1)
        within = ties.within_sum
        n_across = s.network.n_edges - self._n_same
        el, gov = s.elites, s.government
        present = el.home >= 0
        return {
            "participation_rate": float(active.mean()),
            "willingness": float(hh.willingness.mean()),
            "capacity": float(hh.capacity.mean()),
            "issues_raised": int(raised),
            "issues_resolved_self": int(resolved_self),
            "issues_resolved_admin": int(resolved_admin),
            "issues_lapsed": int(lapsed),
            "backlog": len(iss.open_ids),
            "mean_resolution_time": self.mean_resolution_time,
            "mean_trust": float(hh.trust.mean()),
            "within_unit_tie_density": within / self._within_pairs,
            "bridging_tie_strength": (ties.total_sum - within) / n_across if n_across else 0.0,
            "belonging": float(hh.belonging.mean()),
            "dependency": float(hh.dependency.mean()),
            "autonomy_index": self.autonomy_index,
            "active_micro_orgs": float((s.units.org_strength >= 0.5).mean()),
            "admin_cost": gov.admin_cost,
            "admin_cost_per_resolved": gov.admin_cost_per_resolved,
            "support_cost": gov.support_cost,
            "government_cost": gov.total_cost,
            "unit_inequality": rules.gini(per_building),
            "committee_admin_share": float(s.admin.committee_admin_share),
            "elite_admin_share": float(
                (el.absorbed * el.absorbed_admin_share)[present].mean() if present.any() else 0.0
            ),
            "n_officers": s.admin.n_officers,
        }
