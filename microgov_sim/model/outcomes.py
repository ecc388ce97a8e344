"""Every outcome, declared once, and the computation of the outcomes at each step.

The table :data:`OUTCOME_SPECS` is the single source of truth about outcomes, as
:data:`~microgov_sim.model.params.PARAMETERS` is for parameters: each outcome's name, definition,
unit, bounds, the window it is measured over and when it is missing, English and Chinese labels,
and the views that show it. Everything else is derived from it: :data:`OUTCOMES` (name ->
definition, the public documentation of the columns), the DataCollector's
:data:`MODEL_REPORTERS`, the outcome list of each view (:func:`outcomes_in`), the labels of
figures and reports, and the outcome table of ``docs/ODD.md`` (§7.11).

:class:`Outcomes` measures the outcome values of the community's state at the end of every step;
the model stores each as an attribute of the same name, and the data collector's reporters are
those attribute names (strings pickle; lambdas broke Mesa's multiprocessing, Mesa issues #1017
and #1107). The arithmetic is in small pure functions (:func:`window_full` here, the estimators in
:mod:`microgov_sim.model.estimators`).

**Missing values.** An outcome over a window of W weeks is NaN (missing) until the window is
full (:func:`window_full`), and NaN when its ratio has nothing to count (e.g. no issue closed in
the window); the summaries skip NaN (:mod:`microgov_sim.experiments.stats`, pandas means).

May import numpy and the model's own modules.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from . import kernels
from .estimators import gini_or_nan, ratio_or_nan
from .issues import Route, Status, is_shared
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
    "cost_lines": "the cost-by-line table and figure of the comparison report (lines that sum "
    "to government_cost)",
}

# The unit of a column that echoes an input (a lever or a fixed function of one): it is kept for
# reference, labelled "(input)", and shown in no view, so no figure presents it as a result.
INPUT = "input"
# Weeks of the short participation window, and the horizon of the restricted mean resolution time.
SHORT_WINDOW = 4
RESOLUTION_HORIZON = 52


@dataclass(frozen=True)
class OutcomeSpec:
    """Declaration of one outcome: a column of the DataCollector table.

    ``low``/``high`` bound every value the model can report (inclusive; ``math.inf`` for
    unbounded counts and costs). ``window`` is the window the outcome is measured over: a
    parameter name (``participation_window``, ``outcome_window``), a number of weeks, or
    ``""`` for a state at the end of the step; the outcome is NaN until the window is full.
    ``missing`` says when it is NaN even then (``""``: never). ``views`` names the
    :data:`VIEWS` that show the outcome, and ``rank`` orders the outcomes within every view
    (all views share one headline order: the brief's participation, autonomy, resolution by
    channel, backlog, social capital, dependency, cost); outcomes in no view have no rank.
    ``panel`` names the panel of :data:`PANELS` that draws the outcome in the nine-panel
    outcome figure, if any.
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
    window: str | int = ""
    missing: str = ""

    def bounds(self) -> str:
        """The allowed range in words, e.g. ``[0, 1]`` or ``[0, ∞)``."""
        high = "∞)" if math.isinf(self.high) else f"{self.high:g}]"
        return f"[{self.low:g}, {high}"

    def window_weeks(self, p) -> int:
        """Length of the outcome's window in weeks under parameters ``p`` (0: no window)."""
        if isinstance(self.window, int):
            return self.window
        return int(getattr(p, self.window)) if self.window else 0

    @property
    def is_input(self) -> bool:
        """Whether the column echoes an input rather than measuring a result."""
        return self.unit == INPUT


def _share(name, definition, unit, en, zh, views=(), rank=None, panel="", **more) -> OutcomeSpec:
    """An outcome in [0, 1]: a share, a mean of [0, 1] attributes, a density or a Gini."""
    return OutcomeSpec(name, definition, unit, 0.0, 1.0, en, zh, views, rank, panel, **more)


def _count(name, definition, unit, en, zh, views=(), rank=None, panel="", **more) -> OutcomeSpec:
    """An outcome in [0, inf): a count, a duration or a cost."""
    return OutcomeSpec(name, definition, unit, 0.0, math.inf, en, zh, views, rank, panel, **more)


# In the order of the DataCollector's columns (do not reorder: result files keep this order;
# new columns are appended). Removed in model v2 (issue #15): mean_resolution_time (it left out
# lapsed issues), replaced by resolution_time_median and resolution_time_rmst at the end.
OUTCOME_SPECS: tuple[OutcomeSpec, ...] = (
    # ---- participation ---------------------------------------------------------------------
    _share(
        "participation_rate",
        "Share of households that took part in collective action (joined a meeting's action, "
        "行动) in the last participation_window weeks (default 52): mean over dwellings of "
        "[last_active > week - participation_window].",
        "share",
        "participation (share acting, 52 weeks)",
        "参与率（52周内行动）",
        ("summary", "report", "figures", "sweep", "sensitivity", "explorer"),
        1,
        panel="participation",
        window="participation_window",
    ),
    _share(
        "willingness",
        "Mean willingness w to take part, read as the expected share willing (意愿).",
        "share",
        "willingness",
        "参与意愿",
    ),
    _share(
        "capacity",
        "Mean capacity c for collective action, read as the expected share able (能力).",
        "share",
        "capacity",
        "参与能力",
    ),
    # ---- issues ----------------------------------------------------------------------------
    _count(
        "issues_raised",
        "Issues raised this step through any channel (requests filed with government included).",
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
        "Issues self-resolved over all issues closed (self-resolved + resolved "
        "administratively + lapsed) in the last outcome_window weeks; a household's own "
        "matters left out: its requests to government (ODD 7.3b) and micro-wishes (ODD 7.4b).",
        "share",
        "autonomy index",
        "自治指数",
        ("summary", "report", "figures", "sweep", "sensitivity", "explorer"),
        2,
        panel="autonomy",
        window="outcome_window",
        missing="no issue closed in the window",
    ),
    _share(
        "active_micro_orgs",
        "Share of buildings whose micro-organisation met (a meeting of the building or one of "
        "its doorways that at least one household joined) or acted (its households took part in "
        "an action that was held, at any scale) in the last outcome_window weeks.",
        "share",
        "micro-organisations that met or acted",
        "开会或行动的微组织",
        panel="autonomy",
        window="outcome_window",
    ),
    # ---- cost ------------------------------------------------------------------------------
    _count(
        "admin_cost",
        "Cumulative administrative cost (officers, supervision, platform, disposals).",
        "cost units",
        "administrative cost (cumulative)",
        "行政成本（累计）",
        panel="cost",
    ),
    _count(
        "admin_cost_per_resolved",
        "Cumulative administrative cost over max(1, cumulative administratively resolved issues), "
        "households' own matters (requests, ODD 7.3b; micro-wishes, 7.4b) left out of the count.",
        "cost units/issue",
        "cost per administratively resolved issue",
        "每件行政解决成本",
        ("report",),
        9,
        panel="cost_per_resolved",
    ),
    _count(
        "support_cost",
        "Cumulative government cost of the support put into residents' actions: its "
        "allocation to the community fund (support_funding 'fund', ODD 7.6b), or the "
        "micro-project funds and party resources of every action held ('per_action', ODD 7.6).",
        "cost units",
        "support cost (cumulative)",
        "支持成本（累计）",
        views=("cost_lines",),
        rank=17,
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
        "Gini coefficient of the participation share (households that took part in the last "
        "participation_window weeks over households) across the buildings that had an issue: "
        "an issue affecting some of their households was taken up in a meeting in the window.",
        "Gini",
        "participation inequality over buildings with an issue (Gini)",
        "有事务楼栋间的参与不平等（基尼系数）",
        ("report",),
        10,
        panel="inequality",
        window="participation_window",
        missing="no building had an issue, or none of their households took part",
    ),
    _share(
        "committee_admin_share",
        "Input, not a result: the share λ of the residents' committee's capacity on delegated "
        "administrative duties, delegated_load_max × (D0 + (16 − D0) × committee_delegation) / "
        "16 with D0 = committee_base_duties (committee_delegation follows admin_penetration "
        "unless set).",
        INPUT,
        "committee effort on delegated tasks (input)",
        "居委会行政事务负担（输入）",
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
        "Input, not a result: grid officers on duty, round(grid_coverage × grids).",
        INPUT,
        "grid officers (input)",
        "网格员人数（输入）",
    ),
    # ---- appended in model v2 (issue #15) ------------------------------------------------
    _share(
        "participation_4w",
        "Share of households that took part in collective action in the last 4 weeks.",
        "share",
        "participation (share acting, 4 weeks)",
        "参与率（4周内行动）",
        panel="participation",
        window=SHORT_WINDOW,
    ),
    _share(
        "affected_participation",
        "Over the issues taken up in a meeting in the last participation_window weeks: their "
        "affected households that took part in at least one meeting on their issue, over all "
        "their affected households (sum of acted over sum of n_affected).",
        "share",
        "affected households who acted on their issue",
        "受影响住户中就其事务行动的占比",
        ("report",),
        11,
        panel="participation",
        window="participation_window",
        missing="no issue was taken up in a meeting in the window",
    ),
    _count(
        "resolution_time_median",
        "Kaplan-Meier median of the weeks from arising to resolution (either channel) over "
        "the issues open at some time in the last outcome_window weeks, lapsed and still open "
        "issues censored at their lapse or the current week, left-truncated at the window's "
        "start: where S(t) crosses 0.5, interpolated linearly within the week (life-table); "
        "requests (ODD 7.3b) left out.",
        "weeks",
        "median resolution time (weeks, Kaplan-Meier)",
        "解决时间中位数（周，KM估计）",
        panel="resolution_time",
        window="outcome_window",
        missing="no issue open in the window, or S(t) stays above 0.5 over the durations seen",
    ),
    OutcomeSpec(
        "resolution_time_rmst",
        "Restricted mean resolution time: the area under the same Kaplan-Meier curve up to "
        "52 weeks, sum of S(t) for t = 0..51, i.e. the mean of min(T, 52) (S carried forward "
        "past the longest duration seen).",
        "weeks",
        0.0,
        float(RESOLUTION_HORIZON),
        "restricted mean resolution time (weeks, to 52)",
        "限制平均解决时间（周，至52周）",
        ("report",),
        12,
        panel="resolution_time",
        window="outcome_window",
        missing="no issue open in the window",
    ),
    # ---- the administrative cost by line (issue #16, ODD 7.8b); they sum to admin_cost --------
    _count(
        "cost_officers",
        "Cumulative cost of the grid officers the budget pays for (ratcheted), times officer_cost.",
        "cost units",
        "officer cost (cumulative)",
        "网格员成本（累计）",
        views=("cost_lines",),
        rank=13,
    ),
    _count(
        "cost_supervision",
        "Cumulative cost of the command and supervision staff above the officers "
        "(ratcheted), times officer_cost.",
        "cost units",
        "supervision cost (cumulative)",
        "指挥监督成本（累计）",
        views=("cost_lines",),
        rank=14,
    ),
    _count(
        "cost_platform",
        "Cumulative platform cost: investment in the capital stock, maintenance on what is "
        "installed, and the linear running cost platform_cost.",
        "cost units",
        "platform cost (cumulative)",
        "平台设备成本（累计）",
        views=("cost_lines",),
        rank=15,
    ),
    _count(
        "cost_disposals",
        "Cumulative cost of administrative disposal attempts.",
        "cost units",
        "disposal cost (cumulative)",
        "处置成本（累计）",
        views=("cost_lines",),
        rank=16,
    ),
    # ---- model v2, the sources' mechanisms (issue #16, points 2-6): appended
    _count(
        "requests_filed",
        "Cumulative requests households filed with government for small matters of their own "
        "(induced demand, ODD 7.3b; also counted in issues_raised).",
        "requests",
        "requests filed with government (cumulative)",
        "向政府提出的诉求（累计）",
    ),
    _count(
        "fund_balance",
        "Balance of the community fund held by the committee and party branch at the end of "
        "the step (ODD 7.6b); 0 without the fund (support_funding 'per_action').",
        "cost units",
        "community fund balance",
        "社区基金余额",
    ),
    _share(
        "own_resource_share",
        "Share of this step's inflow into the community fund that the community mobilised "
        "itself (market and social resources) rather than the government's allocation (ODD "
        "7.6b); while the fund is full and takes nothing, that of its last inflow; 0 without "
        "the fund.",
        "share",
        "own share of the fund's inflow",
        "基金自筹资源占比",
    ),
    _share(
        "governance_power",
        "Governance power G (治理权) of the community: its own resources over the need N the "
        "fund serves, min(1, own / N) (ODD 7.6b); 0 without the fund.",
        "share",
        "governance power (own resources over need)",
        "社区治理权（自有资源/需求）",
    ),
    _share(
        "committee_free_share",
        "Share of the residents' committee's capacity left this week for taking reports and "
        "requests, after delegated duties and its convening, mediation and escalation "
        "(ODD 7.9a).",
        "share",
        "committee capacity left for reports",
        "居委会剩余能力（受理反映）",
    ),
    _count(
        "committee_meetings",
        "Meetings the residents' committee convened this week for units without a body of "
        "their own (ODD 7.9a).",
        "meetings",
        "meetings convened by the committee",
        "居委会召集的会议",
    ),
    _share(
        "administrativised_share",
        "Share of the issues raised in the last outcome_window weeks that an absorbed elite "
        "reported into the grid channel as administrative affairs (route administrativised, "
        "行政化; ODD 7.4); requests and micro-wishes left out.",
        "share",
        "issues administrativised by absorbed elites",
        "被吸纳精英行政化的事务占比",
        window="outcome_window",
        missing="no issue raised in the window",
    ),
    _share(
        "online_voice_rate",
        "Share of households that voiced an open issue online (表达利益诉求 on the micro-"
        "channel, ODD 7.4b) in the last participation_window weeks: mean over dwellings of "
        "[last_voiced > week - participation_window]; a light form of participation, apart "
        "from participation_rate (action).",
        "share",
        "online voice (share voicing, 52 weeks)",
        "线上表达率（52周内）",
        window="participation_window",
    ),
    _count(
        "admin_cost_per_disposal",
        "Cumulative administrative cost over max(1, cumulative administrative resolutions), "
        "households' own matters counted too (requests, ODD 7.3b; micro-wishes, 7.4b): the "
        "cost of all government resolves, trivial matters included (admin_cost_per_resolved "
        "leaves them out).",
        "cost units/resolution",
        "cost per administrative resolution (requests included)",
        "每件行政解决成本（含诉求）",
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
    "participation": ("Participation (share of households)", "参与（住户占比）"),
    "issues": ("Issues per step", "每步事务数"),
    "backlog": ("Open issues (backlog)", "未解决事务（积压）"),
    "social_capital": ("Social capital", "社会资本"),
    "autonomy": ("Autonomy and dependency", "自治与依赖"),
    "cost": ("Cumulative cost", "累计成本"),
    "cost_per_resolved": ("Cost per administratively resolved issue", "每件行政解决事务的成本"),
    "inequality": ("Inequality over buildings (Gini)", "楼栋间不平等（基尼系数）"),
    "resolution_time": (
        "Resolution time (weeks; lapsed issues censored)",
        "解决时间（周；搁置事务作删失处理）",
    ),
}


def outcomes_in_panel(panel: str) -> tuple[str, ...]:
    """The outcomes drawn in ``panel`` (a key of :data:`PANELS`), in the catalogue's order."""
    if panel not in PANELS:
        raise ValueError(f"unknown outcome panel {panel!r}; known: {', '.join(PANELS)}")
    return tuple(spec.name for spec in OUTCOME_SPECS if spec.panel == panel)


# The outcomes printed after a comparison: participation, autonomy, resolution by channel,
# backlog, social capital, dependency, cost.
SUMMARY_OUTCOMES: tuple[str, ...] = outcomes_in("summary")
# The government's cost by line: administration (officers, supervision, platform, disposals)
# and support; they sum to government_cost.
COST_LINES: tuple[str, ...] = outcomes_in("cost_lines")


def outcome_table_markdown() -> str:
    """The outcome table as Markdown, as embedded in ``docs/ODD.md`` (kept equal by a test)."""
    lines = [
        "| column | definition | unit | range | window | missing (NaN) when |",
        "|---|---|---|---|---|---|",
    ]
    for spec in OUTCOME_SPECS:
        definition = spec.definition.replace("|", "/")
        window, missing = "", spec.missing
        if spec.window != "":
            window = f"`{spec.window}`" if isinstance(spec.window, str) else f"{spec.window} weeks"
            missing = "; ".join(filter(None, ("window not full", spec.missing)))
        lines.append(
            f"| `{spec.name}` | {definition} | {spec.unit} | {spec.bounds()} | {window} | "
            f"{missing} |"
        )
    return "\n".join(lines)


# ------------------------------------------------------------------ the arithmetic (pure)
def window_full(week: int, window: int, history: int = 0) -> bool:
    """Whether the ``window`` weeks up to ``week`` have all passed.

    ``week`` weeks have passed since the run's start, plus ``history`` weeks before it (a
    spin-up whose state the run carries over: ``CommunityState.history_weeks``). An outcome
    over the window is missing (NaN) while this is false.
    """
    return week + history >= window


class Outcomes:
    """Measures the outcomes of a community's state at the end of each step (ODD 7.11).

    Every windowed outcome is read from the state (the issue book, the households' and
    buildings' last weeks), so a run that starts from a carried-over state (a spin-up) measures
    its windows from that history. To keep the cost per step low it keeps the ids of the issues
    that a window can still see: open ones and those closed in the longest window.
    """

    def __init__(self, s: CommunityState, p):
        self._span = max(p.outcome_window, p.participation_window)
        self._recent = np.zeros(0, dtype=np.int64)  # open, or closed in the last _span weeks
        self._seen = 0  # issues already looked at
        self._n_same = int(s.network.same_building.sum())
        sizes = s.neighbourhood.unit_sizes(BUILDING)
        self._within_pairs = max(float((sizes * (sizes - 1) / 2).sum()), 1.0)
        self._sizes = np.maximum(sizes, 1)
        self._windowed = [(o.name, o.window_weeks(p)) for o in OUTCOME_SPECS if o.window != ""]

    def _issues_in_view(self, s: CommunityState, week: int) -> np.ndarray:
        """Ids of the issues open now or closed in the last ``_span`` weeks (sorted)."""
        iss = s.issues
        self._recent = kernels.issues_in_view(
            self._recent,
            self._seen,
            iss.n,
            iss.status,
            iss.resolved,
            int(Status.RESOLVED_SELF),
            week - self._span,
        )
        self._seen = iss.n
        return self._recent

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
        iss.resolved_now.clear()  # kept by the issue book for callers; not needed here
        ids = self._issues_in_view(s, week)
        long_start = week - p.participation_window + 1  # first week of each window
        short_start = week - p.outcome_window + 1
        sizes = self._sizes
        had_issue = s.units.last_agenda >= long_start
        attitudes = (hh.willingness, hh.capacity, hh.trust, hh.belonging, hh.dependency)
        n_active, n_recent, n_voiced, per_building, means = kernels.household_outcomes(
            hh.last_active,
            hh.last_voiced,
            nb.unit_of[BUILDING],
            len(sizes),
            long_start,
            week - SHORT_WINDOW,
            attitudes,
        )
        willingness, capacity, trust, belonging, dependency = means.tolist()
        per_building /= sizes
        org_active = np.maximum(s.units.last_met, s.units.last_acted) >= short_start
        within = ties.within_sum
        n_across = s.network.n_edges - self._n_same
        el, gov = s.elites, s.government
        present = el.home >= 0
        values = {
            "participation_rate": n_active / s.n,
            "willingness": willingness,
            "capacity": capacity,
            "issues_raised": int(raised),
            "issues_resolved_self": int(resolved_self),
            "issues_resolved_admin": int(resolved_admin),
            "issues_lapsed": int(lapsed),
            "requests_filed": gov.requests_filed,
            "backlog": len(iss.open_ids),
            "mean_trust": trust,
            "within_unit_tie_density": within / self._within_pairs,
            "bridging_tie_strength": (ties.total_sum - within) / n_across if n_across else 0.0,
            "belonging": belonging,
            "dependency": dependency,
            **window_outcomes(s, ids, week, short_start, long_start),
            "active_micro_orgs": np.count_nonzero(org_active) / len(org_active),
            "admin_cost": gov.admin_cost,
            "admin_cost_per_resolved": gov.admin_cost_per_resolved,
            "admin_cost_per_disposal": gov.admin_cost_per_disposal,
            "support_cost": gov.support_cost,
            "fund_balance": s.fund.balance,
            "own_resource_share": s.fund.own_share,
            "governance_power": s.fund.power,
            "government_cost": gov.total_cost,
            "unit_inequality": gini_or_nan(per_building[had_issue]),
            "committee_admin_share": float(s.admin.committee_admin_share),
            "committee_free_share": float(s.admin.committee_free_share),
            "committee_meetings": int(s.admin.committee_meetings),
            "elite_admin_share": float(
                (el.absorbed * el.absorbed_admin_share)[present].mean() if present.any() else 0.0
            ),
            "n_officers": s.admin.n_officers,
            "participation_4w": n_recent / s.n,
            "online_voice_rate": n_voiced / s.n,
            "cost_officers": gov.officer_cost,
            "cost_supervision": gov.supervision_cost,
            "cost_platform": gov.platform_cost,
            "cost_disposals": gov.disposal_cost,
        }
        for name, weeks in self._windowed:  # windows not yet full are missing
            if not window_full(week, weeks, s.history_weeks):
                values[name] = math.nan
        return {spec.name: values[spec.name] for spec in OUTCOME_SPECS}


def window_outcomes(
    s: CommunityState, ids: np.ndarray, week: int, start: int, long_start: int
) -> dict[str, float]:
    """The issue outcomes over windows, in one kernel call (``kernels.window_outcomes``).

    ``start`` is the first week of the outcome window and ``long_start`` that of the
    participation window; ``ids`` are the issues open now or closed since before the earlier
    of the two (which holds every issue raised since then).

    * :func:`autonomy_and_resolution` over the weeks ``start .. week``;
    * ``administrativised_share``: of the shared affairs raised since ``start``, those an
      absorbed elite reported into the grid channel (route administrativised); requests and
      micro-wishes, never a unit's shared affairs and never passing an elite, are left out;
    * ``affected_participation``: the affected households that acted on their issue, over
      all affected households of the issues met on since ``long_start``.
    """
    iss = s.issues
    codes = (  # plain ints: typing an IntEnum costs a kernel call 0.1 ms
        *(int(Status.RESOLVED_SELF), int(Status.LAPSED)),
        *(int(Route.NONE), int(Route.ADMINISTRATIVISED)),
    )
    n_self, n_closed, median, rmst, n_raised, n_admin, n_acted, n_all = kernels.window_outcomes(
        ids,
        own_matters(s, ids),  # the community's shared affairs
        iss.status,
        iss.resolved,
        iss.created,
        iss.route,
        iss.raised,
        iss.n_meetings,
        iss.last_meeting,
        iss.acted,
        iss.n_affected,
        week,
        start,
        long_start,
        codes,
        RESOLUTION_HORIZON,
    )
    return {
        "autonomy_index": ratio_or_nan(n_self, n_closed),
        "resolution_time_median": median,
        "resolution_time_rmst": rmst,
        "administrativised_share": ratio_or_nan(float(n_admin), float(n_raised)),
        "affected_participation": ratio_or_nan(float(n_acted), float(n_all)),
    }


def autonomy_and_resolution(s: CommunityState, ids: np.ndarray, week: int, start: int) -> dict:
    """Autonomy index and resolution times over the window of weeks ``start .. week``.

    ``ids`` are the issues open now or closed since before ``start``; a household's own
    matters are left out: the requests households file with government (ODD 7.3b) and the
    micro-wishes party members collect (ODD 7.4b). Neither is a shared affair of a unit, and
    they would make both measures about them (requests are nearly always resolved by
    administration, wishes by their adopters). Autonomy: self-resolved
    over all closed in the window (lapsed included). Resolution times: Kaplan-Meier over the
    issues open at some time in the window, lapsed and open ones censored, each seen from the
    window's start (left truncation) so that long-open issues are not over-represented.
    """
    every = window_outcomes(s, ids, week, start, start)
    return {name: every[name] for name in AUTONOMY_AND_RESOLUTION}


AUTONOMY_AND_RESOLUTION = ("autonomy_index", "resolution_time_median", "resolution_time_rmst")


def own_matters(s: CommunityState, ids: np.ndarray) -> np.ndarray:
    """Whether each issue ``ids`` is a shared affair: neither a request nor a micro-wish."""
    return is_shared(s.issues.channel[ids])


def affected_participation(s: CommunityState, ids: np.ndarray, start: int) -> float:
    """Affected households that acted on their issue, over the issues met on since ``start``.

    As :func:`window_outcomes` measures it, alone.
    """
    iss = s.issues
    n_acted, n_all = kernels.acted_since(
        ids, iss.n_meetings, iss.last_meeting, iss.acted, iss.n_affected, start
    )
    return ratio_or_nan(float(n_acted), float(n_all))
