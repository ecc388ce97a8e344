"""Every outcome, declared once, and the computation of the outcomes at each step.

The table :data:`OUTCOME_SPECS` is the single source of truth about outcomes, as
:data:`~microgov_sim.model.params.PARAMETERS` is for parameters: each outcome's name, definition,
unit, bounds, English and Chinese labels, and the views that show it. Everything else is derived
from it: :data:`OUTCOMES` (name -> definition, the public documentation of the columns), the
DataCollector's :data:`MODEL_REPORTERS`, the outcome list of each view (:func:`outcomes_in`), the
labels of figures and reports, and the outcome table of ``docs/ODD.md`` (§7.11).

:class:`Outcomes` measures the outcome values of the community's state at the end of every step;
the model stores each as an attribute of the same name, and the data collector's reporters are
those attribute names (strings pickle; lambdas broke Mesa's multiprocessing, Mesa issues #1017
and #1107).

May import numpy and the model's own modules.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from . import rules
from .structure import BUILDING

if TYPE_CHECKING:
    from .state import CommunityState

# The views that show a chosen few outcomes, each listing them in the order of ``rank``.
VIEWS: dict[str, str] = {
    "summary": "the summary table printed after a comparison (microgov run / compare)",
    "report": "the outcome table and differences of the comparison report",
    "figures": "the time-series and final-state figures of the comparison report",
    "sweep": "the sweep report's tables, main-effect and phase figures",
    "sensitivity": "the default outcomes of microgov sensitivity",
    "explorer": "the live plots of the interactive explorer",
}


@dataclass(frozen=True)
class OutcomeSpec:
    """Declaration of one outcome: a column of the DataCollector table.

    ``low``/``high`` bound every value the model can report (inclusive; ``math.inf`` for
    unbounded counts and costs). ``views`` names the :data:`VIEWS` that show the outcome, and
    ``rank`` orders the outcomes within every view (all views share one headline order: the
    brief's participation, autonomy, resolution by channel, backlog, social capital,
    dependency, cost); outcomes in no view have no rank. ``panel`` names the panel of
    :data:`PANELS` that draws the outcome in the nine-panel outcome figure, if any.
    """

    name: str
    definition: str
    unit: str
    low: float
    high: float
    label_en: str
    label_zh: str
    views: tuple[str, ...] = ()
    rank: int | None = None
    panel: str = ""

    def bounds(self) -> str:
        """The allowed range in words, e.g. ``[0, 1]`` or ``[0, ∞)``."""
        high = "∞)" if math.isinf(self.high) else f"{self.high:g}]"
        return f"[{self.low:g}, {high}"


def _share(name, definition, unit, en, zh, views=(), rank=None, panel="") -> OutcomeSpec:
    """An outcome in [0, 1]: a share, a mean of [0, 1] attributes, a density or a Gini."""
    return OutcomeSpec(name, definition, unit, 0.0, 1.0, en, zh, views, rank, panel)


def _count(name, definition, unit, en, zh, views=(), rank=None, panel="") -> OutcomeSpec:
    """An outcome in [0, inf): a count, a duration or a cost."""
    return OutcomeSpec(name, definition, unit, 0.0, math.inf, en, zh, views, rank, panel)


# In the order of the DataCollector's columns (do not reorder: result files keep this order).
OUTCOME_SPECS: tuple[OutcomeSpec, ...] = (
    # ---- participation ---------------------------------------------------------------------
    _share(
        "participation_rate",
        "Share of residents who took part in collective action within the "
        "last participation_window steps (action, 行动).",
        "share",
        "participation (share acting)",
        "参与率（行动）",
        ("summary", "report", "figures", "sweep", "sensitivity", "explorer"),
        1,
        panel="participation",
    ),
    _share(
        "willingness",
        "Mean willingness w to take part, read as the expected share willing (意愿).",
        "share",
        "willingness",
        "参与意愿",
        panel="participation",
    ),
    _share(
        "capacity",
        "Mean capacity c for collective action, read as the expected share able (能力).",
        "share",
        "capacity",
        "参与能力",
        panel="participation",
    ),
    # ---- issues ----------------------------------------------------------------------------
    _count(
        "issues_raised",
        "Issues raised this step through any channel.",
        "issues/step",
        "issues raised per week",
        "每周提出的事务",
        panel="issues",
    ),
    _count(
        "issues_resolved_self",
        "Issues resolved this step by residents' collective action.",
        "issues/step",
        "issues self-resolved per week",
        "每周自治解决的事务",
        ("summary", "report"),
        3,
        panel="issues",
    ),
    _count(
        "issues_resolved_admin",
        "Issues resolved this step by administrative disposal.",
        "issues/step",
        "issues resolved administratively per week",
        "每周行政解决的事务",
        ("summary", "report"),
        4,
        panel="issues",
    ),
    _count(
        "issues_lapsed",
        "Issues that lapsed unresolved this step.",
        "issues/step",
        "issues lapsed per week",
        "每周搁置的事务",
    ),
    _count(
        "backlog",
        "Open issues (arisen and not yet resolved or lapsed) at the end of the step.",
        "issues",
        "open issues (backlog)",
        "积压事务",
        ("summary", "report", "figures", "sweep", "sensitivity", "explorer"),
        5,
        panel="backlog",
    ),
    _count(
        "mean_resolution_time",
        "Mean steps from arising to resolution over issues resolved in the "
        "last outcome_window steps (previous value kept when none were).",
        "steps",
        "mean resolution time (weeks)",
        "平均解决时间（周）",
        panel="resolution_time",
    ),
    # ---- social capital --------------------------------------------------------------------
    _share(
        "mean_trust",
        "Mean trust T in neighbours.",
        "level",
        "mean trust",
        "平均信任",
        ("summary", "report", "figures", "sweep", "explorer"),
        6,
        panel="social_capital",
    ),
    _share(
        "within_unit_tie_density",
        "Summed strength of ties inside buildings over the number of "
        "household pairs inside buildings (weighted density, 0..1).",
        "density",
        "within-unit tie density",
        "单元内关系密度",
        panel="social_capital",
    ),
    _share(
        "bridging_tie_strength",
        "Mean strength of ties that cross building boundaries.",
        "strength",
        "bridging tie strength",
        "跨单元关系强度",
    ),
    _share(
        "belonging",
        "Mean sense of belonging.",
        "level",
        "belonging",
        "归属感",
        panel="social_capital",
    ),
    # ---- autonomy and dependency -----------------------------------------------------------
    _share(
        "dependency",
        "Mean dependency d on government.",
        "level",
        "dependency on government",
        "对政府的依赖",
        ("summary", "report", "figures", "explorer"),
        7,
        panel="autonomy",
    ),
    _share(
        "autonomy_index",
        "Share of issues resolved by residents' own bodies among all resolved "
        "in the last outcome_window steps (previous value kept when none were).",
        "share",
        "autonomy index",
        "自治指数",
        ("summary", "report", "figures", "sweep", "sensitivity", "explorer"),
        2,
        panel="autonomy",
    ),
    _share(
        "active_micro_orgs",
        "Share of buildings whose micro-organisation strength o is at least 0.5.",
        "share",
        "active micro-organisations",
        "活跃的微组织",
        panel="autonomy",
    ),
    # ---- cost ------------------------------------------------------------------------------
    _count(
        "admin_cost",
        "Cumulative administrative cost (officers, platform, disposals).",
        "cost units",
        "administrative cost (cumulative)",
        "行政成本（累计）",
        panel="cost",
    ),
    _count(
        "admin_cost_per_resolved",
        "Cumulative administrative cost over max(1, cumulative administratively resolved issues).",
        "cost units/issue",
        "cost per administratively resolved issue",
        "每件行政解决成本",
        ("report",),
        9,
        panel="cost_per_resolved",
    ),
    _count(
        "support_cost",
        "Cumulative cost of micro-project funds and party resources put into "
        "residents' actions (ODD 7.6).",
        "cost units",
        "support cost (cumulative)",
        "支持成本（累计）",
        panel="cost",
    ),
    _count(
        "government_cost",
        "Cumulative administrative plus support cost.",
        "cost units",
        "government cost (cumulative)",
        "政府总成本（累计）",
        ("summary", "report", "figures", "sensitivity", "explorer"),
        8,
        panel="cost",
    ),
    # ---- inequality and the state's reach ----------------------------------------------------
    _share(
        "unit_inequality",
        "Gini coefficient over buildings of the participation rate.",
        "Gini",
        "inequality over buildings (Gini)",
        "楼栋间不平等（基尼系数）",
        ("report",),
        10,
        panel="inequality",
    ),
    _share(
        "committee_admin_share",
        "Share λ of the residents' committee's effort on delegated administrative work.",
        "share",
        "committee effort on delegated tasks",
        "居委会行政事务负担",
    ),
    _share(
        "elite_admin_share",
        "Share of elites' effort absorbed by administrative work (mean over present elites "
        "of absorbed times absorbed_admin_share).",
        "share",
        "elite effort on grid work",
        "精英的网格工作负担",
    ),
    _count(
        "n_officers",
        "Grid officers on duty.",
        "officers",
        "grid officers",
        "网格员人数",
    ),
)

SPECS_BY_NAME: dict[str, OutcomeSpec] = {spec.name: spec for spec in OUTCOME_SPECS}

OUTCOMES: dict[str, str] = {spec.name: spec.definition for spec in OUTCOME_SPECS}

MODEL_REPORTERS: dict[str, str] = {name: name for name in OUTCOMES}


def outcomes_in(view: str) -> tuple[str, ...]:
    """The outcomes that ``view`` (one of :data:`VIEWS`) shows, in headline order."""
    if view not in VIEWS:
        raise ValueError(f"unknown outcome view {view!r}; known: {', '.join(VIEWS)}")
    shown = [spec for spec in OUTCOME_SPECS if view in spec.views]
    return tuple(spec.name for spec in sorted(shown, key=lambda spec: spec.rank))


# The panels of the nine-panel outcome figure (figures.plot_outcomes), in order: English and
# Chinese titles. Each outcome names its panel (OutcomeSpec.panel).
PANELS: dict[str, tuple[str, str]] = {
    "participation": ("Participation (share of residents)", "参与（居民占比）"),
    "issues": ("Issues per step", "每步事务数"),
    "backlog": ("Open issues (backlog)", "未解决事务（积压）"),
    "social_capital": ("Social capital", "社会资本"),
    "autonomy": ("Autonomy and dependency", "自治与依赖"),
    "cost": ("Cumulative cost", "累计成本"),
    "cost_per_resolved": ("Cost per administratively resolved issue", "每件行政解决事务的成本"),
    "inequality": ("Inequality over buildings (Gini)", "楼栋间不平等（基尼系数）"),
    "resolution_time": ("Mean resolution time (steps)", "平均解决时间（步）"),
}


def outcomes_in_panel(panel: str) -> tuple[str, ...]:
    """The outcomes drawn in ``panel`` (a key of :data:`PANELS`), in the catalogue's order."""
    if panel not in PANELS:
        raise ValueError(f"unknown outcome panel {panel!r}; known: {', '.join(PANELS)}")
    return tuple(spec.name for spec in OUTCOME_SPECS if spec.panel == panel)


# The outcomes printed after a comparison: participation, autonomy, resolution by channel,
# backlog, social capital, dependency, cost.
SUMMARY_OUTCOMES: tuple[str, ...] = outcomes_in("summary")


def outcome_table_markdown() -> str:
    """The outcome table as Markdown, as embedded in ``docs/ODD.md`` (kept equal by a test)."""
    lines = ["| column | definition | unit | range |", "|---|---|---|---|"]
    for spec in OUTCOME_SPECS:
        definition = spec.definition.replace("|", "/")
        lines.append(f"| `{spec.name}` | {definition} | {spec.unit} | {spec.bounds()} |")
    return "\n".join(lines)


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
