"""Every model parameter, declared once: name, default, type, allowed range, unit, meaning.

The table :data:`PARAMETERS` is the single source of truth, and this module is the one
validator. :func:`parameter_problems` and :func:`timeline_problems` return :class:`Problem`
records (key, value, what is allowed) for unknown names (with a did-you-mean hint), wrong types,
out-of-range values, structural parameters in a timeline and bad steps. The model raises
:class:`ValueError` from them (:func:`validate_params`, :func:`validate_timeline`); scenario and
sweep files report the same records with their file and line -- never an ``assert``, never a
silent default. The model's docstring is generated from the table too.

Imports nothing from the package (the standard library, and numpy to check an ``rng``).

One step is one week. Probabilities are per step unless stated. "Share-equivalents" is the
unit of the participation decision: a threshold is a share of one's tie-weighted contacts in
the meeting, and drive adds to the share of them who act.
"""

from __future__ import annotations

import difflib
import math
import numbers
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import numpy as np

UNIT_SCALES = ("doorway", "building", "courtyard", "compound", "community")
SCHEDULES = ("self_first", "admin_first")
SOCIAL_REFERENCES = ("network", "group")
NETWORK_LAYOUTS = ("nested", "ring")


@dataclass(frozen=True)
class ParamSpec:
    """Declaration of one parameter.

    ``kind`` is ``"float"``, ``"int"``, ``"choice"`` or ``"bool"``. ``low``/``high`` bound
    numbers (inclusive). ``runtime`` marks parameters that a policy timeline may change during
    a run; structural ones (community size, network) are fixed at construction. ``follows``
    names the preset a lever takes its value from unless it is set itself (the levers that
    ``admin_penetration`` sets, :func:`apply_presets`).
    """

    name: str
    default: Any
    kind: str
    doc: str
    unit: str = ""
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    group: str = "behaviour"
    runtime: bool = True
    follows: str = ""

    def allowed(self) -> str:
        """Describe the allowed values in words, for error messages and docs."""
        if self.kind == "choice":
            return "one of " + ", ".join(repr(c) for c in self.choices)
        if self.kind == "bool":
            return "true or false"
        word = "an integer" if self.kind == "int" else "a number"
        return f"{word} in [{_fmt(self.low)}, {_fmt(self.high)}]"


def _fmt(x: float | None) -> str:
    return "-inf" if x is None else f"{x:g}"


def _f(name, default, low, high, doc, unit="", group="behaviour", runtime=True) -> ParamSpec:
    return ParamSpec(name, default, "float", doc, unit, low, high, group=group, runtime=runtime)


def _i(name, default, low, high, doc, unit="", group="structure") -> ParamSpec:
    return ParamSpec(name, default, "int", doc, unit, low, high, group=group, runtime=False)


FOLLOWED = "admin_penetration"  # the preset that sets the unbundled administrative levers

PARAMETERS: tuple[ParamSpec, ...] = (
    # ---- levers: the policy mix under study -------------------------------------------------
    _i(
        "n_households",
        3000,
        10,
        5_000_000,
        "Households (dwellings) in the community; one Resident agent each.",
        "households",
        group="lever",
    ),
    _f(
        "admin_penetration",
        0.3,
        0.0,
        1.0,
        "Administrative penetration (行政渗透), a preset: sets grid_coverage, officer_takeover, "
        "committee_delegation and elite_recruitment to its value, each unless set itself.",
        "share",
        group="lever",
    ),
    *(
        ParamSpec(name, 0.3, "float", doc, unit, 0.0, 1.0, group="lever", follows=FOLLOWED)
        for name, doc, unit in (
            (
                "grid_coverage",
                "Share of grids with a grid officer on duty (网格化管理): officers per 1,000 "
                "households = grid_coverage x 1000 / households_per_grid. Default: "
                "admin_penetration.",
                "share of grids",
            ),
            (
                "officer_takeover",
                "Takeover policy: how readily officers take over the standardised affairs they "
                "detect instead of referring them to residents (triage, ODD 7.4); officers in "
                "support mode (admin_support_share) refer anyway. Default: admin_penetration.",
                "share",
            ),
            (
                "committee_delegation",
                "Delegated administrative duties of the residents' committee, as the share of "
                "the sources' growth from 6 to 16 duties (duties = 6 + 10 x committee_delegation"
                "); its administrative share is delegated_load_max x (committee_base_duties + "
                "(16 - committee_base_duties) x committee_delegation) / 16 (ODD 7.9a). "
                "Default: admin_penetration.",
                "share of 10 duties",
            ),
            (
                "elite_recruitment",
                "Recruitment of community elites into grid work: scales the absorption hazard "
                "(release scales with 1 - elite_recruitment). Default: admin_penetration.",
                "share",
            ),
        )
    ),
    _f(
        "micro_autonomy",
        0.3,
        0.0,
        1.0,
        "Micro-unit autonomy (微自治): target strength of building councils and deliberation "
        "platforms, micro-channel (WeChat group) adoption, and micro-project funds.",
        "share",
        group="lever",
    ),
    _f(
        "party_embedding",
        0.3,
        0.0,
        1.0,
        "Party embedding (党建嵌入) down to building level: mobilisation of members and "
        "neighbours, collection of micro-wishes, incubation of micro-organisations.",
        "share",
        group="lever",
    ),
    ParamSpec(
        "unit_scale",
        "building",
        "choice",
        "Smallest unit at which residents have a self-governing body (micro-unit); an issue "
        "is deliberated by the smallest unit that contains all its affected households, or "
        "by the unit at this level containing it if that is larger.",
        choices=UNIT_SCALES,
        group="lever",
    ),
    ParamSpec(
        "self_governance_top",
        "compound",
        "choice",
        "Largest unit at which residents have a self-governing body; an issue whose acting "
        "unit would be larger goes to the committee and government (seed [A]: micro-units "
        "switch with the issue up to the scale of self-governance). Never below unit_scale: "
        "the smallest body exists by definition.",
        choices=UNIT_SCALES,
        group="lever",
    ),
    _f(
        "mobility_rate",
        0.003,
        0.0,
        0.5,
        "Share of households moving out per step, each replaced by a newcomer without ties.",
        "1/step",
        group="lever",
    ),
    _f(
        "crowding_out",
        0.5,
        -1.0,
        1.0,
        "Motivation crowding by controlling administrative intervention (Frey & Jegen 2001): "
        "positive crowds intrinsic motivation out, zero has no effect, negative crowds it in.",
        "signed share",
        group="lever",
    ),
    _f(
        "admin_support_share",
        0.2,
        0.0,
        1.0,
        "Share of administrative effort delivered as support to self-governance (micro-project "
        "resources, facilitation) rather than takeover; supportive effort does not crowd.",
        "share",
        group="lever",
    ),
    # ---- community structure --------------------------------------------------------------
    _f(
        "households_per_doorway",
        12.0,
        1.0,
        200.0,
        "Mean households per doorway (门栋, one stairwell).",
        "households",
        "structure",
        False,
    ),
    _f(
        "doorways_per_building",
        3.0,
        1.0,
        50.0,
        "Mean doorways per building (楼栋).",
        "doorways",
        "structure",
        False,
    ),
    _f(
        "buildings_per_courtyard",
        4.0,
        1.0,
        100.0,
        "Mean buildings per courtyard (院落).",
        "buildings",
        "structure",
        False,
    ),
    _f(
        "courtyards_per_compound",
        3.0,
        1.0,
        100.0,
        "Mean courtyards per compound (小区).",
        "courtyards",
        "structure",
        False,
    ),
    _f(
        "households_per_grid",
        100.0,
        10.0,
        5000.0,
        "Mean households per administrative grid (网格); grids are cut by household count and "
        "ignore micro-unit boundaries.",
        "households",
        "structure",
        False,
    ),
    # ---- social network ---------------------------------------------------------------------
    _f(
        "building_tie_chance",
        0.08,
        0.0,
        1.0,
        "Chance of an acquaintance tie between two households of one building in different "
        "doorways (households of one doorway are all acquainted).",
        "probability",
        "network",
        False,
    ),
    _f(
        "courtyard_tie_chance",
        0.01,
        0.0,
        1.0,
        "Chance of a tie between two households of one courtyard in different buildings.",
        "probability",
        "network",
        False,
    ),
    _f(
        "bridging_ties",
        0.5,
        0.0,
        50.0,
        "Mean number of bridging ties per household to random households anywhere in the "
        "community.",
        "ties/household",
        "network",
        False,
    ),
    ParamSpec(
        "network_layout",
        "nested",
        "choice",
        "Where the ties outside a doorway go: 'nested' = random pairs within one building and "
        "one courtyard (the source's nested units); 'ring' = doorways on a ring, each tie to a "
        "household one or two doorways along it, so that neighbouring doorways share wide "
        "bridges of many ties (Centola & Macy 2007). Both draw the same expected number of "
        "ties; the bridging ties are the same.",
        choices=NETWORK_LAYOUTS,
        group="network",
        runtime=False,
    ),
    _f(
        "network_rewiring",
        0.0,
        0.0,
        1.0,
        "Share of ties whose ends are reshuffled among themselves (degree-preserving): 0 keeps "
        "the clustered building network, 1 gives a random network of the same degrees.",
        "share",
        "network",
        False,
    ),
    _f(
        "tie_baseline_doorway",
        0.3,
        0.0,
        1.0,
        "Strength toward which a doorway tie drifts by everyday contact.",
        "strength",
        "network",
    ),
    _f(
        "tie_baseline_other",
        0.1,
        0.0,
        1.0,
        "Strength toward which a tie beyond the doorway drifts by everyday contact.",
        "strength",
        "network",
    ),
    _f(
        "tie_drift",
        0.02,
        0.0,
        1.0,
        "Rate at which tie strengths drift toward their baseline each step.",
        "1/step",
        "network",
    ),
    # ---- population -------------------------------------------------------------------------
    _f(
        "party_member_share",
        0.08,
        0.0,
        1.0,
        "Share of households with a party member.",
        "share",
        "population",
        False,
    ),
    _f(
        "online_base_adoption",
        0.4,
        0.0,
        1.0,
        "Share of households using the online micro-channel when micro_autonomy is 0; "
        "adoption rises linearly to 1 at micro_autonomy 1.",
        "share",
        "population",
    ),
    _f(
        "mean_initial_tenure",
        520.0,
        0.0,
        10_000.0,
        "Cap on the mean tenure of the initial households: their tenure is geometric with "
        "chance max(mobility_rate, 1/mean_initial_tenure), the stationary distribution of "
        "the move-out chance (mean about 1/mobility_rate) unless mobility is slower than "
        "1/mean_initial_tenure (e.g. 0); 0 starts everybody at tenure 0.",
        "steps",
        "population",
        False,
    ),
    _f(
        "threshold_mean",
        0.5,
        0.0,
        1.0,
        "Mean participation threshold: the share of one's tie-weighted contacts in the meeting "
        "who must act before one does, net of one's own drive (Watts 2002; Centola & Macy "
        "2007); Beta distributed.",
        "share of contacts",
        "population",
        False,
    ),
    _f(
        "threshold_sd",
        0.15,
        0.0,
        0.5,
        "Standard deviation of the participation threshold (capped at 0.99 sqrt(m (1 - m)) for "
        "mean m, the largest a distribution on [0, 1] allows).",
        "share of contacts",
        "population",
        False,
    ),
    _f(
        "building_head_chance",
        0.7,
        0.0,
        1.0,
        "Chance that a building has a building head (楼栋长) at the start: a policy, as "
        "councils appoint heads (building_councils).",
        "probability",
        "lever",
        False,
    ),
    _f(
        "elders_per_100",
        1.0,
        0.0,
        100.0,
        "Respected elders (乡贤/社贤) per 100 households; each influences their building. A "
        "policy: recruiting a group of community sages is one of Wenjiang's eight items.",
        "per 100 households",
        "lever",
        False,
    ),
    # ---- issues (micro-affairs) -------------------------------------------------------------
    _f(
        "issue_rate_doorway",
        0.01,
        0.0,
        10.0,
        "New issues per doorway per step.",
        "1/step",
        "issues",
    ),
    _f(
        "issue_rate_building",
        0.02,
        0.0,
        10.0,
        "New issues per building per step.",
        "1/step",
        "issues",
    ),
    _f(
        "issue_rate_courtyard",
        0.05,
        0.0,
        10.0,
        "New issues per courtyard per step.",
        "1/step",
        "issues",
    ),
    _f(
        "issue_rate_compound",
        0.1,
        0.0,
        10.0,
        "New issues per compound per step.",
        "1/step",
        "issues",
    ),
    _f(
        "issue_rate_community",
        0.2,
        0.0,
        10.0,
        "New issues per community per step.",
        "1/step",
        "issues",
    ),
    _f(
        "affected_share",
        0.0,
        0.0,
        1.0,
        "Interest-linkage density (利益关联密度) of new issues: the chance that each household of "
        "the issue's unit is affected (a stake holder; at least one is). 0: each level's own "
        "share (doorway 1, building 0.7, courtyard 0.4, compound 0.3, community 0.2), so that "
        "density falls with size; a share above 0 holds density fixed across sizes (the "
        "size-at-fixed-density design of pattern 3).",
        "share",
        "issues",
    ),
    _f(
        "issue_lapse_chance",
        0.01,
        0.0,
        1.0,
        "Chance per step that an open issue lapses unresolved (residents give up).",
        "probability",
        "issues",
    ),
    _f(
        "request_rate",
        0.03,
        0.0,
        10.0,
        "Induced demand (ODD 7.3b): requests per household per step for small matters of its "
        "own that a fully dependent household files with a line that takes everything on; the "
        "rate is request_rate x dependency x reach, reach = grid coverage x officer_takeover x "
        "(1 - admin_support_share). Seed [A]: 激发了政府大包大揽的保姆作风和居民个体的依赖性; "
        "supply-induced demand (Lipsky 1980: demand for services rises to meet supply). The "
        "default gives about 0.6 requests per household a year at full reach, an order of "
        "magnitude of city hotlines' requests for help, not calibrated. 0 removes it.",
        "1/step",
        "issues",
    ),
    # ---- raising channels -------------------------------------------------------------------
    _f(
        "online_voice_chance",
        0.1,
        0.0,
        1.0,
        "Chance per step that an affected online resident voices an open issue online, times "
        "willingness; an unraised issue voiced is raised through the online channel (ODD "
        "7.4b). 0 removes online voice and the online channel.",
        "probability",
        "channels",
    ),
    _f(
        "committee_report_chance",
        0.05,
        0.0,
        1.0,
        "Chance per step that an affected resident reports an issue to the committee, times "
        "willingness and the committee's free capacity.",
        "probability",
        "channels",
    ),
    _f(
        "elite_notice_chance",
        0.15,
        0.0,
        1.0,
        "Chance per step that an active elite covering the unit raises its issue.",
        "probability",
        "channels",
    ),
    _f(
        "party_wish_chance",
        0.3,
        0.0,
        1.0,
        "Chance per step that an affected party member passes the issue on as a micro-wish, "
        "times party_embedding.",
        "probability",
        "channels",
    ),
    _f(
        "wish_collection_chance",
        0.02,
        0.0,
        1.0,
        "Chance per step, times party_embedding, that a party member collects and adopts (认领) "
        "a micro-wish of a household of their building, which becomes a micro-project on the "
        "agenda with both as stakeholders (ODD 7.4b; seed 000: 征集党员群众“微心愿”; "
        "以社区居民的微心愿为逻辑起点). 0 (off): no micro-wishes.",
        "probability",
        "channels",
    ),
    _f(
        "wish_severity",
        0.2,
        0.0,
        1.0,
        "Mean severity of a micro-wish (drawn uniformly in 0.5 to 1.5 times it, at most 1): a "
        "small household-level need (seed 000: 小区绿地、凉亭修缮); arrivals average 0.4.",
        "severity",
        "channels",
    ),
    _f(
        "online_information_weight",
        0.25,
        0.0,
        10.0,
        "Drive an online household gains, times willingness, per unit share of its compound's "
        "online households outside its building who took part in the last 4 weeks: the "
        "micro-channel carries news across units (ODD 7.4b; seed 000: 在不受空间地域的限制下"
        "及时获取事务信息; Margetts et al. 2016 on social information). 0 (off): none.",
        "share-equivalent",
        "behaviour",
    ),
    _f(
        "officer_detect_chance",
        0.3,
        0.0,
        1.0,
        "Chance per step that a grid officer on full duty for a grid detects an open issue.",
        "probability",
        "channels",
    ),
    # ---- routing: the affected households' choice of channel (a multinomial logit) --------
    _f(
        "route_willingness_weight",
        4.0,
        0.0,
        100.0,
        "Utility of organising themselves per unit of the affected households' mean "
        "willingness (McFadden 1974's conditional logit; ODD 7.4).",
        "utility",
        "routing",
    ),
    _f(
        "route_support_weight",
        3.0,
        0.0,
        100.0,
        "Utility of organising themselves per unit of expected support (the share of the "
        "effort funds, party and supportive officers would put in).",
        "utility",
        "routing",
    ),
    _f(
        "route_cost_weight",
        1.0,
        0.0,
        100.0,
        "Disutility of organising themselves per unit of the affected households' mean "
        "participation cost.",
        "utility per share-equivalent",
        "routing",
    ),
    _f(
        "route_committee_weight",
        1.0,
        0.0,
        100.0,
        "Utility of asking the residents' committee per unit of mean trust times the "
        "committee's free share.",
        "utility",
        "routing",
    ),
    _f(
        "route_dependency_weight",
        4.0,
        0.0,
        100.0,
        "Utility of requesting government per unit of the affected households' mean "
        "dependency (the nanny-government dilemma of seed [A]).",
        "utility",
        "routing",
    ),
    _f(
        "route_reach_weight",
        2.0,
        0.0,
        100.0,
        "Utility of requesting government per unit of administrative reach: officer coverage "
        "of the issue's grid times the share of officers' work that takes affairs over.",
        "utility",
        "routing",
    ),
    # ---- participation decision -------------------------------------------------------------
    ParamSpec(
        "schedule",
        "self_first",
        "choice",
        "Order of the two ways an issue is acted on within a week: 'self_first' = residents "
        "deliberate and act, then administration disposes (ODD 3); 'admin_first' = the "
        "reverse (a robustness check of the update order).",
        choices=SCHEDULES,
    ),
    ParamSpec(
        "social_reference",
        "network",
        "choice",
        "Whose action counts toward a resident's threshold: 'network' = tie-weighted "
        "adopting contacts (complex contagion), 'group' = every adopter in the group "
        "(Granovetter's fully mixed crowd).",
        choices=SOCIAL_REFERENCES,
    ),
    _i(
        "agenda_preparation_weeks",
        1,
        0,
        52,
        "Weeks between raising an issue and its first meeting: the agenda is prepared "
        "before it is deliberated (the first source's 议题准备 stage); 0 deliberates an issue "
        "the week it is raised.",
        "steps",
        "behaviour",
    ),
    _f(
        "influence_weight",
        0.1,
        0.0,
        10.0,
        "Strength of social influence in the participation cascade: the drive felt when all "
        "of one's (tie-weighted) contacts in the meeting act, against thresholds that are "
        "shares (Brock & Durlauf 2001's J). Below 1, residents whose threshold exceeds their "
        "own drive plus this weight do not join however many act; 1 is Watts's (2002) "
        "fractional-threshold rule.",
        "share-equivalents",
    ),
    _f(
        "stake_weight",
        6.0,
        0.0,
        100.0,
        "Drive from one unit of personal stake at full willingness and pivotality.",
        "share-equivalents",
    ),
    _f(
        "pivotality_exponent",
        0.3,
        0.0,
        3.0,
        "Exponent gamma of perceived pivotality (n0/n)^gamma, n0 = households_per_doorway "
        "(Olson 1965; weak per Isaac & Walker 1988).",
        "dimensionless",
    ),
    _f(
        "solidarity_weight",
        1.0,
        0.0,
        100.0,
        "Drive of a resident without a stake from belonging times the share of the group "
        "affected (interest-linkage density).",
        "share-equivalents",
    ),
    _f(
        "elite_mobilisation",
        0.5,
        0.0,
        1.0,
        "Chance that a fully active elite asks each acquaintance (a household it has a tie "
        "to) to take part in a week's meeting; summed over one's elites, capped at 1 "
        "(Rosenstone & Hansen 1993: recruitment runs through the recruiter's network).",
        "probability",
    ),
    _f(
        "elite_initiative",
        6.0,
        0.0,
        100.0,
        "Extra drive of an active elite's own household (elites initiate).",
        "share-equivalents",
    ),
    _f(
        "party_mobilisation",
        1.0,
        0.0,
        1.0,
        "Chance that the party branch asks a party member to take part, at party_embedding 1 "
        "(added to party_reach, capped at 1).",
        "probability",
    ),
    _f(
        "party_reach",
        0.4,
        0.0,
        1.0,
        "Chance that a building party group asks a resident to take part, at party_embedding 1.",
        "probability",
    ),
    _f(
        "org_mobilisation",
        0.5,
        0.0,
        1.0,
        "Chance that the micro-organisation of one's building, at strength 1, asks one to take "
        "part (scaled by its strength).",
        "probability",
    ),
    _f(
        "officer_mobilisation",
        0.5,
        0.0,
        1.0,
        "Chance that the grid officer asks a resident of a fully covered grid to take part "
        "(government-led mobilisation, 动员参与; scaled by the grid's coverage).",
        "probability",
    ),
    _f(
        "mobilisation_weight",
        1.0,
        0.0,
        100.0,
        "Drive of being asked to take part (by an elite, a micro-organisation, the party or "
        "a grid officer), before willingness and pivotality; being asked by several counts "
        "once (Klandermans & Oegema 1987).",
        "share-equivalents",
    ),
    _f(
        "participation_cost",
        1.5,
        0.0,
        100.0,
        "Cost of taking part for a resident with zero capacity (scaled by 1 - capacity).",
        "share-equivalents",
    ),
    _f(
        "platform_cost_discount",
        0.5,
        0.0,
        1.0,
        "Share of the participation cost removed at micro_autonomy 1 (deliberation platforms).",
        "share",
    ),
    _f(
        "online_cost_discount",
        0.3,
        0.0,
        1.0,
        "Share of the participation cost removed for online-channel users.",
        "share",
    ),
    _f(
        "quorum_share",
        0.2,
        0.0,
        1.0,
        "Share of the issue's affected households that must take part for collective action "
        "to go ahead (a quorum of those with a stake, not a head count of the unit).",
        "share",
    ),
    _f(
        "agenda_capacity",
        1.0,
        0.0,
        100.0,
        "Agenda items a self-governing body takes up per week per doorway's worth of households "
        "and unit of organisation strength, on top of one: 1 + floor(agenda_capacity x "
        "n_unit / households_per_doorway x mean org strength).",
        "items/(doorway-equivalent x step)",
    ),
    _f(
        "effort_per_stakeholder",
        0.4,
        0.0,
        100.0,
        "Effort needed per affected household per unit severity for collective action to "
        "succeed; participants contribute their capacity.",
        "capacity units",
    ),
    _f(
        "micro_fund_effort",
        1.0,
        0.0,
        100.0,
        "Effort that micro-project funds add to an action at micro_autonomy 1.",
        "capacity units",
    ),
    _f(
        "party_support_effort",
        0.5,
        0.0,
        100.0,
        "Effort that a party branch's resources add to an action in its compound at "
        "party_embedding 1.",
        "capacity units",
    ),
    _f(
        "support_cost",
        1.0,
        0.0,
        1000.0,
        "Cost per unit of effort from micro-project funds and party resources, for each action "
        "that goes ahead: paid by the government (support_funding 'per_action') or from the "
        "community fund (support_funding 'fund', ODD 7.6b).",
        "cost units",
        "administration",
    ),
    _f(
        "officer_support_effort",
        1.0,
        0.0,
        100.0,
        "Effort an officer's supportive time adds to an action in their grid.",
        "capacity units",
    ),
    ParamSpec(
        "support_funding",
        "fund",
        "choice",
        "Who pays the support put into residents' actions (ODD 7.6b): 'fund' = a community "
        "fund held by the committee and party branch, fed by a tapering government starter and "
        "the community's own market and social resources, paying as far as its balance reaches "
        "(seed [B]: 社区如果能够把市场社会资源进行整合组织管理与分配...有利于其扩充治理权); "
        "'per_action' = the government pays every action held, without limit (the rule before "
        "issue #16: the mechanism off).",
        choices=("fund", "per_action"),
    ),
    _f(
        "fund_reference_actions",
        3.0,
        0.0,
        100.0,
        "Actions per 1,000 households per step whose support the community fund is sized for: "
        "the need N = support_cost x (micro_fund_effort x micro_autonomy + party_support_effort"
        " x party_embedding) x fund_reference_actions x households / 1000 (ODD 7.6b; about the "
        "actions held at stationarity in the co-governance scenario).",
        "actions/(1,000 households x step)",
    ),
    _f(
        "fund_starter",
        1.0,
        0.0,
        10.0,
        "The government's allocation to the community fund before any taper, as a share of the "
        "need N (seed [A]: 将自上而下的资源输入作为启动和激活小微治理的钥匙). 0: no government "
        "money.",
        "share of need",
        "administration",
    ),
    _f(
        "fund_taper_floor",
        0.25,
        0.0,
        1.0,
        "Least share of the starter the government keeps paying however large the community's "
        "own resources: allocation = fund_starter x N x max(fund_taper_floor, 1 - G), G the "
        "governance power (ODD 7.6b). 1: no taper.",
        "share",
        "administration",
    ),
    _f(
        "social_resource_rate",
        5.0,
        0.0,
        1000.0,
        "Market and social resources (property company, owners' committee, resident units, "
        "social organisations) mobilised into the fund per 1,000 households per step at mean "
        "micro-organisation strength and mean trust 1; the inflow is rate x households/1000 x "
        "mean org strength x mean trust (seed [B]: 可以从市场体制扩充治理权,"
        "这就需要社区能够激活整合市场资源). 0: no own resources.",
        "cost units/(1,000 households x step)",
    ),
    _f(
        "fund_reserve_weeks",
        26.0,
        0.0,
        10_000.0,
        "Largest balance the fund holds, in weeks of its need N; a full fund takes no more (own "
        "resources first, then the government's allocation).",
        "steps",
    ),
    _f(
        "brokerage_gain",
        0.5,
        0.0,
        1.0,
        "How far governance power G closes the gap to certain success when departments dispose "
        "of what the committee escalates (route committee, taken up by the committee, ODD 7.9a): "
        "chance + brokerage_gain x G x (1 - chance); the community in the structural hole (结构洞)"
        " integrates 条块 upward (seed [B]). 0: no brokering.",
        "share",
        "administration",
    ),
    _i(
        "max_self_attempts",
        4,
        1,
        1000,
        "Failed self-governance attempts after which residents escalate to government.",
        "attempts",
        "behaviour",
    ),
    # ---- administration ---------------------------------------------------------------------
    _f(
        "officer_capacity",
        3.0,
        0.0,
        1000.0,
        "Issues a grid officer can dispose of per step.",
        "issues/step",
        "administration",
    ),
    _f(
        "officer_queue_weeks",
        4.0,
        0.0,
        1000.0,
        "Weeks of their own capacity officers let queue up before they refer what they detect "
        "to the residents instead of taking it over (triage).",
        "steps",
        "administration",
    ),
    _f(
        "department_capacity",
        1.0,
        0.0,
        1000.0,
        "Issues per 1,000 households per step that government departments dispose of without "
        "grid officers (hotline, street office).",
        "issues/step",
        "administration",
    ),
    _f(
        "admin_success_floor",
        0.2,
        0.0,
        1.0,
        "Chance that administrative disposal resolves a fully non-standard issue; it rises "
        "linearly to 1 for a fully standardised one.",
        "probability",
        "administration",
    ),
    _f(
        "officer_cost",
        1.0,
        0.0,
        1000.0,
        "Cost of one grid officer per step (wage, equipment).",
        "cost units/step",
        "administration",
    ),
    _f(
        "platform_cost",
        0.0,
        0.0,
        1000.0,
        "Running cost per grid per step of the digital platform at full coverage, linear in "
        "grid_coverage (the cost model before issue #16: 0.5 with capital_cost 0). By default "
        "0: the platform is the capital stock of capital_cost (ODD 7.8b).",
        "cost units/step",
        "administration",
    ),
    _f(
        "capital_cost",
        25.0,
        0.0,
        100_000.0,
        "Investment in technical equipment and facilities per grid brought under coverage "
        "(前期需要投入大量技术设备、配套设施): the installed capital stock K follows "
        "capital_cost x grids x grid_coverage upward at once (ODD 7.8b).",
        "cost units/grid",
        "administration",
    ),
    _f(
        "maintenance_rate",
        0.01,
        0.0,
        1.0,
        "Maintenance paid per step as a share of the installed capital stock K "
        "(后期则需要注入大量资金进行维护); paid on what is installed, used or not.",
        "1/step",
        "administration",
    ),
    _f(
        "depreciation_rate",
        0.01,
        0.0,
        1.0,
        "Share of the installed capital stock K that wears out per step (replaced by new "
        "investment while coverage stays); the only way K falls when coverage is cut.",
        "1/step",
        "administration",
    ),
    _f(
        "span_of_control",
        5.0,
        1.0,
        1000.0,
        "Staff one command or supervision worker oversees in the layer below "
        "(指挥和监督中心; Urwick's five or six).",
        "staff/supervisor",
        "administration",
    ),
    _i(
        "supervision_layers",
        3,
        0,
        10,
        "Layers of command and supervision staff above the grid officers (两级政府、三级管理、"
        "四级网格: community, street and district above the grid); 0 removes supervision.",
        "layers",
        group="administration",
    ),
    _f(
        "coordination_load",
        1.0,
        0.0,
        100.0,
        "Extra supervision load per supervised worker per unit of the layer's density (staff "
        "per grid): cases that cross covered grids and departments need command. 0 makes "
        "supervision linear in the officers.",
        "share",
        "administration",
    ),
    _f(
        "budget_downward_rate",
        0.02,
        0.0,
        1.0,
        "Share of the gap to the wanted staffing that the paid budget closes per step when "
        "fewer officers and supervisors are wanted (a ratchet: it rises at once; "
        "政府没有降低行政成本的动力). 1 pays only what is wanted.",
        "1/step",
        "administration",
    ),
    _f(
        "disposal_cost",
        0.5,
        0.0,
        1000.0,
        "Cost of one administrative disposal attempt per unit (1 + severity).",
        "cost units",
        "administration",
    ),
    _f(
        "delegated_load_max",
        0.7,
        0.0,
        1.0,
        "Share of the residents' committee's capacity absorbed by delegated administrative "
        "duties at committee_delegation 1, when it has all 16 duties (seed 000: the "
        "assistance work the law gave it grew from 6 to 16 items, 由原先《组织法》规定的6项拓展细化"
        "为16项). 0 removes the load.",
        "share",
        "administration",
    ),
    _f(
        "committee_base_duties",
        6.0,
        0.0,
        16.0,
        "Duties the committee carries at committee_delegation 0, of the 16 at full delegation "
        "(seed 000: the 6 items of assistance work in the Organic Law): its delegated share is "
        "delegated_load_max x (D0 + (16 - D0) x committee_delegation) / 16. 0 gives "
        "delegated_load_max x committee_delegation (the model before #16).",
        "duties",
        "administration",
    ),
    _f(
        "committee_capacity",
        3.0,
        0.0,
        1000.0,
        "Work the residents' committee can do per step per 1,000 households, in work units "
        "(one unit: convening one residents' meeting); delegated duties take their share, the "
        "rest convenes, mediates, escalates and takes reports (ODD 7.9a). A choice, not "
        "calibrated: at the default it binds near the default delegation.",
        "work units per 1,000 households per step",
        "lever",
    ),
    _f(
        "committee_body_threshold",
        0.5,
        0.0,
        1.0,
        "Mean micro-organisation strength at which a unit's micro-organisation is a body that "
        "convenes its own meetings; a weaker unit meets only when the committee convenes it "
        "(seed 000: building councils solved the committee-convened congress's 召集难、达成共识难"
        "; 制度化的自治参与渠道仅限于居委会的供给). 0: every unit convenes itself (before #16).",
        "share",
        "administration",
    ),
    _f(
        "mediation_success",
        0.5,
        0.0,
        1.0,
        "Chance that the committee's mediation settles a neighbour dispute in its hands (route "
        "committee; 调解民间纠纷, a task of the committee under the Organic Law); a "
        "choice, not calibrated. 0: the committee does not mediate (before #16).",
        "probability",
        "administration",
    ),
    _f(
        "mediation_cost",
        1.0,
        0.0,
        100.0,
        "Work units one mediation attempt takes (a session like a meeting).",
        "work units",
        "administration",
    ),
    _f(
        "escalation_cost",
        0.5,
        0.0,
        100.0,
        "Work units it takes the committee to take one issue in its hands (route committee: "
        "brought to it, or beyond the largest self-governing body) to the departments; "
        "without capacity the issue waits (seed 003: the community in the structural hole "
        "integrates 条块 upward). 0: escalated at once (before #16).",
        "work units",
        "administration",
    ),
    _f(
        "elite_absorption_rate",
        0.01,
        0.0,
        1.0,
        "Hazard per step, times elite_recruitment, that an elite is absorbed into grid work.",
        "1/step",
        "administration",
    ),
    _f(
        "elite_release_rate",
        0.02,
        0.0,
        1.0,
        "Hazard per step, times (1 - elite_recruitment), that an absorbed elite returns.",
        "1/step",
        "administration",
    ),
    _f(
        "patrol_exposure",
        0.05,
        0.0,
        1.0,
        "Controlling interventions per step that a resident experiences from full grid patrol "
        "(feeds crowding and dependency like one administrative disposal).",
        "events/step",
        "administration",
    ),
    _f(
        "elite_emergence_chance",
        0.02,
        0.0,
        1.0,
        "Chance per step that a vacant elite position (the elite moved away) is filled by a "
        "long-standing resident of the unit.",
        "probability",
        "population",
    ),
    _f(
        "absorbed_admin_share",
        0.7,
        0.0,
        1.0,
        "Share of an absorbed elite's effort spent on administrative work.",
        "share",
        "administration",
    ),
    _f(
        "absorbed_routing",
        1.0,
        0.0,
        1.0,
        "Share of an absorbed elite's grid work spent discovering and reporting the affairs of "
        "the buildings they cover into the grid channel, where they become administrative "
        "affairs (route administrativised, ODD 7.4); seed 000: 行使自治职能的"
        "主体被吸纳到行政管理体制内,原本依靠自治可以解决的自治性公共事务被行政化. "
        "0: an absorbed elite only loses effort (the model before #16).",
        "share",
        "administration",
    ),
    ParamSpec(
        "group_leader_coverage",
        "shared",
        "choice",
        "How a courtyard's group leader (居民小组长) counts in the elite effort of "
        "its buildings (ODD 7.2): 'shared', their activity spread evenly over the courtyard's "
        "buildings, so that a building's own head and elders carry it and losing one elite has "
        "a local effect; 'each_building', in full in every building (the model before #16).",
        choices=("shared", "each_building"),
    ),
    ParamSpec(
        "elite_asks",
        "at_least_one",
        "choice",
        "How the elites one has a tie to add up in mobilisation (ODD 7.5): 'at_least_one', the "
        "chance of being asked by at least one, 1 - prod(1 - elite_mobilisation a_k), so each "
        "elite's asking counts for their own contacts; 'capped_sum', min(1, "
        "elite_mobilisation sum a_k) (the model before #16).",
        choices=("at_least_one", "capped_sum"),
    ),
    # ---- feedback and social capital ----------------------------------------------------------
    _f(
        "learning_rate",
        0.1,
        0.0,
        1.0,
        "Step size of efficacy, trust and belonging updates after an evaluated action.",
        "share",
        "feedback",
    ),
    _f(
        "capacity_learning",
        0.02,
        0.0,
        1.0,
        "Capacity gained by taking part (learning by doing), as a share of the gap to 1.",
        "share",
        "feedback",
    ),
    _f(
        "tie_growth",
        0.05,
        0.0,
        1.0,
        "Tie strengthening between co-participants after a successful action.",
        "share",
        "feedback",
    ),
    _f(
        "tie_erosion",
        0.1,
        0.0,
        1.0,
        "Tie weakening between co-participants after a failed action.",
        "share",
        "feedback",
    ),
    _f(
        "crowding_rate",
        0.05,
        0.0,
        1.0,
        "Change of intrinsic motivation per controlling intervention experienced, times "
        "|crowding_out|.",
        "share",
        "feedback",
    ),
    _f(
        "motivation_recovery",
        0.001,
        0.0,
        1.0,
        "Rate per step at which intrinsic motivation drifts back to its personal baseline.",
        "1/step",
        "feedback",
    ),
    _f(
        "dependency_growth",
        0.02,
        0.0,
        1.0,
        "Dependency gained per administrative resolution experienced.",
        "share",
        "feedback",
    ),
    _f(
        "dependency_decay",
        0.002,
        0.0,
        1.0,
        "Rate per step at which dependency drifts back to its baseline.",
        "1/step",
        "feedback",
    ),
    _f(
        "belonging_drift",
        0.01,
        0.0,
        1.0,
        "Rate per step at which belonging drifts toward its tenure level t / (t + "
        "tenure_half_belonging).",
        "1/step",
        "feedback",
    ),
    _f(
        "tenure_half_belonging",
        104.0,
        1.0,
        10_000.0,
        "Tenure at which the belonging target reaches one half.",
        "steps",
        "feedback",
    ),
    _f(
        "trust_drift",
        0.02,
        0.0,
        1.0,
        "Rate per step at which trust drifts toward the strength of one's ties.",
        "1/step",
        "feedback",
    ),
    _f(
        "capacity_drift",
        0.005,
        0.0,
        1.0,
        "Rate per step at which capacity drifts back to its personal baseline.",
        "1/step",
        "feedback",
    ),
    _f(
        "burden_weight",
        0.01,
        0.0,
        1.0,
        "Belonging lost per step per unit of stake in unresolved issues.",
        "1/step",
        "feedback",
    ),
    _f(
        "org_decay",
        0.01,
        0.0,
        1.0,
        "Rate per step at which a micro-organisation weakens toward micro_autonomy unless "
        "supported by success or incubation.",
        "1/step",
        "feedback",
    ),
    _f(
        "org_success_gain",
        0.025,
        0.0,
        1.0,
        "Strengthening of the micro-organisation of each building whose residents took part in "
        "a successful action, as a share of the gap to 1.",
        "share",
        "feedback",
    ),
    _f(
        "admin_belonging_share",
        0.5,
        0.0,
        1.0,
        "Belonging gained from an administrative resolution, relative to one's own group's "
        "(learning_rate times this).",
        "share",
        "feedback",
    ),
    _f(
        "incubation_rate",
        0.05,
        0.0,
        1.0,
        "Micro-organisation strength a party branch adds per step at party_embedding 1.",
        "strength/step",
        "feedback",
    ),
    # ---- 社八件: Wenjiang's eight items of community building (ODD 7.9b) ------------------
    # Seed 003: "温江社八件就包括一套社区发展治理思路、一枚社区logo、一首社区之歌、
    # 一部社区居民公约、一批社贤人物、一个功能型社会组织、一个楼居院示范点位、一个市民中心".
    # Each item is a lever in [0, 1]; 0 (the default) is the model without it; its effect is
    # scaled by the fit of its implementation (template_rigidity).
    _f(
        "development_plan",
        0.0,
        0.0,
        1.0,
        "社八件 item 1, a community development and governance plan (一套社区发展治理思路): raises "
        "the level micro-organisations settle at from micro_autonomy A to A + plan_org_gain x "
        "plan x fit x (1 - A) (ODD 7.9b; seed 003: the items lead the community 向积极的方向). "
        "0: no plan.",
        "share",
        group="lever",
    ),
    _f(
        "community_logo",
        0.0,
        0.0,
        1.0,
        "社八件 item 2, a community logo (一枚社区logo): a shared symbol that shortens the tenure "
        "at which belonging's target is one half (McMillan & Chavis 1986: a common symbol "
        "system; ODD 7.9b). 0: no logo.",
        "share",
        group="lever",
    ),
    _f(
        "community_song",
        0.0,
        0.0,
        1.0,
        "社八件 item 3, a community song (一首社区之歌): shared emotional connection through "
        "shared events, counted with the logo (McMillan & Chavis 1986; ODD 7.9b). 0: no song.",
        "share",
        group="lever",
    ),
    _f(
        "residents_convention",
        0.0,
        0.0,
        1.0,
        "社八件 item 4, a residents' convention (一部社区居民公约): written norms of acting "
        "together (seed 000: 非正式的行为规范) raise the solidarity weight by the factor 1 + "
        "convention_solidarity_gain x convention x fit (Ostrom 2000; ODD 7.9b). 0: none.",
        "share",
        group="lever",
    ),
    _f(
        "community_sages",
        0.0,
        0.0,
        10.0,
        "社八件 item 5, a group of community sages (一批社贤人物), per 100 households: round(sages "
        "x fit x n / 100) distinct buildings each get an elder position held by its "
        "longest-standing resident, added to elders_per_100 at the start (ODD 5, 7.9b; seed "
        "000: 具有一定威望的...民间精英). 0: none.",
        "per 100 households",
        group="lever",
        runtime=False,
    ),
    _f(
        "functional_organisation",
        0.0,
        0.0,
        1.0,
        "社八件 item 6, a functional social organisation (一个功能型社会组织, one per community): "
        "strengthens the community's neediest building each week by functional_organisation x "
        "fit x incubation_rate, as a party branch does its compound's (seed 000: "
        "孵化社区微社团; ODD 7.9b). 0: none.",
        "share",
        group="lever",
    ),
    _f(
        "demonstration_building",
        0.0,
        0.0,
        1.0,
        "社八件 item 7, a demonstration point (一个楼居院示范点位, one per community): the first "
        "building is incubated by demonstration_building x fit x incubation_rate a week, and "
        "the community's other households see its meetings' results (their efficacy moves "
        "toward its success share, demonstration_gain x demonstration_building x fit per "
        "meeting; Bandura 1977; ODD 7.9b). 0: none.",
        "share",
        group="lever",
    ),
    _f(
        "citizen_centre",
        0.0,
        0.0,
        1.0,
        "社八件 item 8, a citizen centre (一个市民中心): a venue that lowers the cost of taking "
        "part by the factor 1 - centre_cost_discount x centre x fit (Klinenberg 2018; ODD 7.9b). "
        "0: none.",
        "share",
        group="lever",
    ),
    _f(
        "template_rigidity",
        1.0,
        0.0,
        1.0,
        "Implementation of the eight items (seed 003: 上层规定是刚性的引导,"
        "基层在执行过程中展示的活力和柔性): 0 flexible (each community adapts the template, "
        "full effect), 1 rigid (applied as written: each item's effect times template_fit, "
        "and the items count as control, template_exposure). Acts only with some item above 0.",
        "share",
        group="lever",
    ),
    _f(
        "template_fit",
        0.5,
        0.0,
        1.0,
        "Fit of an item applied as written to a unit's needs, relative to one adapted there: an "
        "item's effect is times 1 - template_rigidity x (1 - template_fit) (Ostrom 1990, "
        "design principle 2; Scott 1998). Not calibrated.",
        "share",
        "items",
    ),
    _f(
        "template_exposure",
        0.01,
        0.0,
        1.0,
        "Controlling interventions per household and week of all eight items imposed rigidly "
        "(times template_rigidity and the items' mean level), in the crowding rule of ODD 7.8 "
        "(Cardenas, Stranlund & Willis 2000). Not calibrated: a fifth of full grid patrol.",
        "events/step",
        "items",
    ),
    _f(
        "plan_org_gain",
        0.25,
        0.0,
        1.0,
        "Share of the gap between micro_autonomy and 1 that a full development plan adds to "
        "the level micro-organisations settle at (ODD 7.9b). Not calibrated.",
        "share",
        "items",
    ),
    _f(
        "symbol_belonging_gain",
        0.25,
        0.0,
        1.0,
        "Share by which a full logo and song shorten tenure_half_belonging (ODD 7.9b). Not "
        "calibrated.",
        "share",
        "items",
    ),
    _f(
        "convention_solidarity_gain",
        0.2,
        0.0,
        10.0,
        "Relative rise of solidarity_weight under a full residents' convention (ODD 7.9b). "
        "Not calibrated.",
        "share",
        "items",
    ),
    _f(
        "demonstration_gain",
        0.01,
        0.0,
        1.0,
        "Step of an onlooker's efficacy toward the result of each meeting of the demonstration "
        "building seen (a tenth of learning_rate: vicarious experience is weaker than one's own, "
        "Bandura 1977; ODD 7.9b). Not calibrated.",
        "share",
        "items",
    ),
    _f(
        "centre_cost_discount",
        0.1,
        0.0,
        1.0,
        "Share of the cost of taking part that a full citizen centre removes (ODD 7.9b). Not "
        "calibrated.",
        "share",
        "items",
    ),
    _i(
        "participation_window",
        52,
        1,
        10_000,
        "Weeks over which a household counts as participating (participation_rate, "
        "affected_participation, unit_inequality): a year, so that residents who act a few "
        "times a year count as participants.",
        "steps",
        "outcomes",
    ),
    _i(
        "outcome_window",
        13,
        1,
        10_000,
        "Weeks over which the issue outcomes are measured (autonomy_index, resolution times, "
        "active_micro_orgs).",
        "steps",
        "outcomes",
    ),
    # ---- the run: how it starts -------------------------------------------------------------
    _i(
        "spinup_weeks",
        1000,
        0,
        100_000,
        "Weeks of the model's own dynamics run before week 1 under its week-1 parameters, "
        "without collecting data, so that week 1 starts from a stationary state (ODD 5); "
        "cumulative costs and counts start at week 1. 0 starts from the initial state; the "
        "default is the convergence figure of ODD 5.",
        "steps",
        "run",
    ),
)

PARAMETER_SPECS: dict[str, ParamSpec] = {p.name: p for p in PARAMETERS}
DEFAULTS: dict[str, Any] = {p.name: p.default for p in PARAMETERS}


# ---- the validator: problem records for parameters and policy timelines ---------------------
# Every range, type and name check of a model parameter lives here. The model raises
# ``ValueError`` from these records; scenario and sweep files report the same records with their
# file and line (``microgov_sim.experiments.tomlspec.Problems.extend``).

NO_VALUE: Any = ...
"""The ``value`` of a :class:`Problem` that has no value to show (an unknown name, a bad key)."""

MAX_SHOWN = 80  # characters of a value shown in a message


def printable(text: str) -> str:
    """``text`` with every unprintable character escaped: a newline, ESC or NUL as Python writes it.

    A message echoes keys and values the user gave: escaped, a newline cannot split one
    problem over two lines and a terminal escape code cannot reach the terminal.
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


def shown(value: Any) -> str:
    """``value`` as a message shows it: its ``repr``, escaped, cut to :data:`MAX_SHOWN`."""
    text = printable(repr(value))
    if len(text) > MAX_SHOWN:
        text = f"{text[: MAX_SHOWN - 20]}... ({len(text)} characters)"
    return text


@dataclass(frozen=True)
class Problem:
    """One problem with a parameter or a policy timeline: where, what was given, what is allowed.

    ``key`` is a dotted path: ``admin_penetration`` for a parameter,
    ``timeline.157.admin_penetration`` for a change in a timeline, ``timeline.157`` for a step.
    ``value`` is what was given (:data:`NO_VALUE` when there is nothing to show) and
    ``message`` says what is allowed. ``str(problem)`` is ``key = value: message``, the text
    that both the model's ``ValueError`` and a file's ``file:line:`` message carry.
    """

    key: str
    value: Any
    message: str

    def under(self, prefix: str) -> Problem:
        """The same problem with its key inside ``prefix`` (``params.admin_penetration``)."""
        return Problem(f"{prefix}.{self.key}", self.value, self.message)

    def __str__(self) -> str:
        """``key = value: message``, or ``key: message`` without a value."""
        key = printable(str(self.key))
        if self.value is NO_VALUE:
            return f"{key}: {self.message}"
        return f"{key} = {shown(self.value)}: {self.message}"


def check_value(spec: ParamSpec, value: Any) -> str | None:
    """Return what is wrong with ``value`` for ``spec`` (what is allowed), or None if valid."""
    if spec.kind == "choice":
        if not isinstance(value, str) or value not in spec.choices:
            return f"must be {spec.allowed()}"
        return None
    if spec.kind == "bool":
        return None if isinstance(value, bool) else "must be true or false"
    # numbers.Real: Python and numpy numbers alike (np.int64, np.float32), not booleans
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return f"must be {spec.allowed()}, got type {type(value).__name__}"
    try:
        as_float = float(value)
    except OverflowError:  # an integer beyond the range of floats
        return f"must be {spec.allowed()}"
    if not math.isfinite(as_float) or (spec.kind == "int" and not as_float.is_integer()):
        return f"must be {spec.allowed()}"
    if (spec.low is not None and value < spec.low) or (spec.high is not None and value > spec.high):
        return f"must be {spec.allowed()}"
    return None


def unknown_name_message(name: str, known: Mapping[str, Any] = PARAMETER_SPECS) -> str:
    """Error text for an unknown parameter, suggesting the closest valid name."""
    close = difflib.get_close_matches(str(name), list(known), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown parameter {name!r}{hint} (valid: see microgov_sim.model.params.PARAMETERS)"


def unknown_parameter(name: str) -> Problem | None:
    """The problem of an unknown parameter name (with a did-you-mean hint), or None if known."""
    if name in PARAMETER_SPECS:
        return None
    return Problem(str(name), NO_VALUE, unknown_name_message(name))


def parameter_problem(name: str, value: Any, *, runtime_only: bool = False) -> Problem | None:
    """The problem with setting parameter ``name`` to ``value``, or None if that is allowed.

    With ``runtime_only`` the parameter must also be one that may change during a run (a
    policy timeline cannot change a structural parameter such as the community size).
    """
    if unknown := unknown_parameter(name):
        return unknown
    spec = PARAMETER_SPECS[name]
    if runtime_only and not spec.runtime:
        return Problem(name, value, "is structural and cannot change during a run")
    message = check_value(spec, value)
    return None if message is None else Problem(name, value, message)


def parameter_problems(values: Mapping[str, Any], *, runtime_only: bool = False) -> list[Problem]:
    """Every problem with the parameter values ``{name: value}``; empty when all are valid."""
    found = (parameter_problem(n, v, runtime_only=runtime_only) for n, v in values.items())
    return [problem for problem in found if problem is not None]


_STEP = re.compile(r"[1-9][0-9]*|0")  # a step written in a key: ASCII digits, no sign or padding


def _step_number(key: Any) -> int | None:
    """The step a timeline key names (``157``, ``"157"``, ``157.0``), or None if none.

    A string must be the step's plain decimal digits: ``"05"``, ``"+3"``, ``" 3 "``, ``"1_0"``
    and non-ASCII digits (``"٣"``), which Python's ``int`` would accept, name no step, so that
    two spellings of one step cannot both be given.
    """
    if isinstance(key, bool):
        return None
    if isinstance(key, numbers.Integral):
        return int(key)
    if isinstance(key, str):
        return int(key) if _STEP.fullmatch(key) else None
    try:
        number = float(key)
    except (TypeError, ValueError, OverflowError):
        return None
    return int(number) if number.is_integer() else None


def timeline_problems(timeline: Any, steps: int | None = None) -> list[Problem]:
    """Every problem with a policy timeline ``{step: {parameter: value}}``; empty when valid.

    A change applies at the start of its step; steps count from 1 and, given the horizon
    ``steps``, may not pass it. Each step is given once, and only parameters marked
    ``runtime`` may change. Keys are ``timeline.<step>`` (a bad step) and
    ``timeline.<step>.<parameter>`` (a bad change).
    """
    if not isinstance(timeline, Mapping):
        return [Problem("timeline", timeline, "must be a mapping {step: {parameter: value}}")]
    problems = []
    seen: dict[int, Any] = {}
    for key, changes in timeline.items():
        where = f"timeline.{key}"
        step = _step_number(key)
        if step is None:
            problems.append(
                Problem(
                    where,
                    NO_VALUE,
                    "a timeline key must be a step number: an integer >= 1 in plain digits",
                )
            )
            continue
        if step in seen:
            problems.append(
                Problem(where, NO_VALUE, f"step {step} is given twice ({seen[step]!r} and {key!r})")
            )
        seen.setdefault(step, key)
        if steps is not None and not 1 <= step <= steps:
            problems.append(Problem(where, step, f"step must be in [1, {steps}] (steps = {steps})"))
        elif step < 1:
            problems.append(Problem(where, step, "step must be an integer >= 1"))
        if not isinstance(changes, Mapping):
            problems.append(Problem(where, changes, "must be a table of parameter = value"))
            continue
        problems += [p.under(where) for p in parameter_problems(changes, runtime_only=True)]
    return problems


def rng_problem(rng: Any) -> Problem | None:
    """The problem with a model's ``rng`` (what numpy's ``default_rng`` refuses), or None.

    Allowed: None (fresh entropy), a non-negative integer seed or a sequence of them, a numpy
    ``SeedSequence``, ``BitGenerator`` or ``Generator``.
    """
    if isinstance(rng, bool | float | str | bytes):
        ok = False
    else:
        try:
            np.random.default_rng(rng)
            ok = True
        except (TypeError, ValueError, OverflowError):
            ok = False
    allowed = (
        "must be None, a non-negative integer seed (or a sequence of them), or a numpy "
        "SeedSequence, BitGenerator or Generator"
    )
    return None if ok else Problem("rng", rng, allowed)


def _error(problems: list[Problem]) -> ValueError:
    """The model's error: one line per problem, ``key = value: what is allowed``."""
    return ValueError("\n".join(str(problem) for problem in problems))


def validate_params(overrides: Mapping[str, Any] | None = None) -> SimpleNamespace:
    """Merge ``overrides`` into the defaults and validate; raise ``ValueError`` on problems.

    All problems (:func:`parameter_problems`) are reported at once, one per line.
    """
    overrides = dict(overrides or {})
    if problems := parameter_problems(overrides):
        raise _error(problems)
    values = {name: normalised(name, value) for name, value in {**DEFAULTS, **overrides}.items()}
    apply_presets(values, set(overrides))
    return SimpleNamespace(**values)


def normalised(name: str, value: Any) -> Any:
    """``value`` of parameter ``name`` in its declared numeric type (an int given for a float).

    So that a value means one type wherever it comes from: the compiled kernels compile once
    per type of their arguments.
    """
    kind = PARAMETER_SPECS[name].kind
    if kind == "float":
        return float(value)
    if kind == "int":
        return int(value)
    return value


def followers(preset: str) -> tuple[str, ...]:
    """The levers that take their value from ``preset`` unless set themselves."""
    return tuple(spec.name for spec in PARAMETERS if spec.follows == preset)


def apply_presets(values: dict[str, Any], explicit: set[str]) -> None:
    """Give every lever that follows a preset the preset's value, unless it is in ``explicit``.

    ``admin_penetration`` is such a preset: a scenario that sets only it means what it always
    meant, and one that also sets, say, ``grid_coverage`` unbundles that lever.
    """
    for spec in PARAMETERS:
        if spec.follows and spec.name not in explicit:
            values[spec.name] = values[spec.follows]


def validate_timeline(
    timeline: Mapping[int, Mapping[str, Any]] | None,
) -> dict[int, dict[str, Any]]:
    """Validate a policy timeline ``{step: {parameter: value}}``; return it with int keys.

    A change applies at the start of the given step (steps count from 1). Only parameters
    marked ``runtime`` can change during a run. All problems (:func:`timeline_problems`) are
    reported at once in a ``ValueError``, one per line.
    """
    if timeline is None:
        return {}
    if problems := timeline_problems(timeline):
        raise _error(problems)
    clean = {
        _step_number(step): {name: normalised(name, v) for name, v in changes.items()}
        for step, changes in timeline.items()
    }
    return dict(sorted(clean.items()))


def parameter_table_markdown() -> str:
    """The parameter table as Markdown, as embedded in ``docs/ODD.md`` (kept equal by a test)."""
    lines = ["| group | name | default | allowed | unit | meaning |", "|---|---|---|---|---|---|"]
    for p in PARAMETERS:
        meaning = p.doc.replace("|", "/")
        runtime = "" if p.runtime else " (fixed at construction)"
        lines.append(
            f"| {p.group} | `{p.name}` | {p.default!r} | {p.allowed()} | {p.unit} | "
            f"{meaning}{runtime} |"
        )
    return "\n".join(lines)


def parameter_table_rst() -> str:
    """Render the parameter table as text (used for the model docstring and docs)."""
    lines = []
    for p in PARAMETERS:
        unit = f" [{p.unit}]" if p.unit else ""
        lines.append(f"    {p.name} = {p.default!r}{unit}, {p.allowed()}: {p.doc}")
    return "\n".join(lines)
