"""The ten patterns of the concepts brief, each as a measured experiment.

Each pattern is a function of a :class:`~microgov_sim.validation.context.Context`: it runs its
arms (public parameter sets only; nothing here tells the model what to do) and returns its
statistic rows (:mod:`~microgov_sim.validation.statistics`) and a figure. :data:`PATTERNS`
lists them with their sources. May import :mod:`microgov_sim.analysis` (figures),
:mod:`microgov_sim.experiments` and :mod:`microgov_sim.model`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import matplotlib.pyplot as plt
import numpy as np

from ..analysis import figures
from ..experiments.results import Results
from ..experiments.scenarios import load_scenario
from ..experiments.snapshots import doorway_network
from ..model import rules
from ..model.model import MicroGovModel
from . import classics
from .context import BASE, Context
from .statistics import ABSENT, DOWN, UP, growth, measured, paired, per_run, row


def arms_figure(results: Results, outcomes, title: str):
    """Each arm's mean and 95% CI of the given outcomes."""
    fig = figures.final_state_figure(results, outcomes=outcomes)
    fig.suptitle(title)
    return fig


LARGER = "with crowding 0.5 than"


def inverse_relation(ctx: Context):
    """1. More penetration: more administrative resolution, less autonomy and participation."""
    arms = {}
    for crowding in (0.5, 0.0, -0.5):
        for pen in (0.1, 0.9):
            arms[f"pen{pen}_crowd{crowding}"] = {
                "admin_penetration": pen,
                "micro_autonomy": 0.5,
                "crowding_out": crowding,
            }
    res = ctx.run("p01_inverse_relation", arms)
    exp = "admin_penetration 0.1 -> 0.9, micro_autonomy 0.5"

    def drop(crowd, outcome="participation_rate"):
        return -paired(res, f"pen0.1_crowd{crowd}", f"pen0.9_crowd{crowd}", outcome)

    def rise(outcome):
        return paired(res, "pen0.1_crowd0.5", "pen0.9_crowd0.5", outcome)

    will = "willingness"
    rows = measured(
        exp,
        ("admin resolutions/week rise (crowding 0.5)", rise("issues_resolved_admin"), UP),
        ("autonomy index falls (crowding 0.5)", rise("autonomy_index"), DOWN),
        ("participation falls (crowding 0.5)", rise("participation_rate"), DOWN),
        (f"participation drop larger {LARGER} 0 (diff-in-diff)", drop(0.5) - drop(0.0), UP),
        (f"participation drop larger {LARGER} -0.5 (diff-in-diff)", drop(0.5) - drop(-0.5), UP),
        (
            f"willingness drop larger {LARGER} 0 (diff-in-diff)",
            drop(0.5, will) - drop(0.0, will),
            UP,
        ),
        (
            f"willingness drop larger {LARGER} -0.5 (diff-in-diff)",
            drop(0.5, will) - drop(-0.5, will),
            UP,
        ),
    )
    fig = arms_figure(
        res,
        ("participation_rate", "autonomy_index", "issues_resolved_admin"),
        "Pattern 1: inverse relation",
    )
    return rows, fig


def cost_dilemma(ctx: Context):
    """2. Administrative cost rises faster than penetration; so does cost per resolution."""
    arms = {f"pen{p}": {"admin_penetration": p} for p in (0.25, 0.5, 1.0)}
    res = ctx.run("p02_cost_dilemma", arms)
    exp = "admin_penetration 0.25, 0.5, 1.0"
    elasticity = np.log(
        per_run(res, "pen1.0", "admin_cost", "final")
        / per_run(res, "pen0.5", "admin_cost", "final")
    ) / math.log(2.0)
    per_resolved = paired(res, "pen0.25", "pen1.0", "admin_cost_per_resolved")
    # Requests (ODD 7.3b) add cost to the statistic above but not resolutions. Counted too, the
    # cost per resolution falls: a diagnostic that says what the model does, not a claim.
    per_disposal = paired(res, "pen0.25", "pen1.0", "admin_cost_per_disposal")
    rows = measured(
        exp,
        ("elasticity of cumulative admin cost to penetration (0.5 -> 1.0) > 1", elasticity, UP, 1),
        ("admin cost per administratively resolved issue rises (0.25 -> 1.0)", per_resolved, UP),
        (
            "diagnostic: per resolution, own matters included, falls (0.25 -> 1.0)",
            per_disposal,
            DOWN,
        ),
    )
    fig = arms_figure(
        res,
        ("admin_cost", "admin_cost_per_resolved", "issues_resolved_admin"),
        "Pattern 2: cost dilemma",
    )
    return rows, fig


def small_units(ctx: Context):
    """3. Smaller acting units draw more participation, through the per-household stake."""
    arms = {}
    for scale in ("doorway", "compound"):
        arms[scale] = {"unit_scale": scale, "micro_autonomy": 0.5}
        arms[f"{scale}_nostake"] = {"unit_scale": scale, "micro_autonomy": 0.5, "stake_weight": 0}
    res = ctx.run("p03_small_units", arms)
    exp = "unit_scale doorway vs compound, stake_weight 6 vs 0"
    effect = paired(res, "compound", "doorway", "participation_rate")
    no_stake = paired(res, "compound_nostake", "doorway_nostake", "participation_rate")
    resolved = paired(res, "compound", "doorway", "issues_resolved_self")
    rows = measured(
        exp,
        ("participation higher at doorway than compound scale", effect, UP),
        ("self-resolutions/week higher at doorway scale", resolved, UP),
        ("small-unit effect shrinks without stake (diff-in-diff)", effect - no_stake, UP),
    )
    fig = arms_figure(
        res,
        ("participation_rate", "issues_resolved_self", "autonomy_index"),
        "Pattern 3: small units",
    )
    return rows, fig


def social_capital(ctx: Context):
    """4. Successful joint action builds trust and ties; failure erodes them."""
    micro = {"micro_autonomy": 0.8, "admin_penetration": 0.1, "party_embedding": 0.5}
    arms = {
        "micro_governance": micro,
        "status_quo": {},
        "failing_actions": {**micro, "effort_per_stakeholder": 20.0},
    }
    res = ctx.run("p04_social_capital", arms)
    exp = "micro-governance vs status quo vs micro-governance whose actions fail"
    trust = growth(res, "micro_governance", "mean_trust")
    ties = growth(res, "micro_governance", "within_unit_tie_density")
    baseline = growth(res, "status_quo", "mean_trust")
    failing = growth(res, "failing_actions", "mean_trust")
    rows = measured(
        exp,
        ("trust grows under micro-governance (tail - week 1)", trust, UP),
        ("within-unit tie density grows under micro-governance", ties, UP),
        ("trust grows more than in the status quo", trust - baseline, UP),
        ("trust erodes when joint actions fail", failing, DOWN),
    )
    fig = arms_figure(
        res,
        ("mean_trust", "within_unit_tie_density", "participation_rate"),
        "Pattern 4: social capital",
    )
    return rows, fig


def mobility(ctx: Context):
    """5. More residential turnover: less social capital and participation, monotonically."""
    rates = (0.0, 0.005, 0.02)
    arms = {f"mob{r}": {"mobility_rate": r, "micro_autonomy": 0.5} for r in rates}
    res = ctx.run("p05_mobility", arms)
    exp = "mobility_rate 0, 0.005, 0.02 per week"
    rows = []
    for outcome in ("mean_trust", "participation_rate"):
        for low, high in itertools.pairwise(rates):
            rows.append(
                row(
                    exp,
                    f"{outcome} falls from mobility {low} to {high}",
                    paired(res, f"mob{low}", f"mob{high}", outcome),
                    -1,
                )
            )
    fig = arms_figure(
        res, ("mean_trust", "within_unit_tie_density", "participation_rate"), "Pattern 5: mobility"
    )
    return rows, fig


DEP = "dependency"


def dependency_hysteresis(ctx: Context):
    """6. After heavy grid management is withdrawn, participation stays below its level."""
    withdraw_at = int(ctx.config.steps * 0.6) + 1
    arms, timelines = {}, {}
    settings = {
        "crowd0.5": {"crowding_out": 0.5},
        "crowd0.0": {"crowding_out": 0.0},
        "nodep": {"crowding_out": 0.0, "dependency_growth": 0.0},
        "nodep_noabsorb": {
            "crowding_out": 0.0,
            "dependency_growth": 0.0,
            "elite_absorption_rate": 0.0,
        },
    }
    for label, extra in settings.items():
        base = {"micro_autonomy": 0.4, **extra}
        arms[f"withdrawn_{label}"] = {**base, "admin_penetration": 0.9}
        timelines[f"withdrawn_{label}"] = {withdraw_at: {"admin_penetration": 0.1}}
        arms[f"never_{label}"] = {**base, "admin_penetration": 0.1}
    res = ctx.run("p06_dependency_hysteresis", arms, timelines)
    exp = f"admin_penetration 0.9 withdrawn to 0.1 at week {withdraw_at} vs 0.1 throughout"

    def gap(label, outcome="participation_rate"):
        return paired(res, f"withdrawn_{label}", f"never_{label}", outcome)

    on, off = gap("crowd0.5"), gap("crowd0.0")
    diagnostic = "diagnostic: no participation gap with crowding 0"
    rows = measured(
        exp,
        ("participation gap (never - withdrawn) with crowding 0.5", on, UP),
        ("dependency stays higher after withdrawal (crowding 0.5)", -gap("crowd0.5", DEP), UP),
        ("gap larger with crowding 0.5 than 0 (diff-in-diff)", on - off, UP),
        ("no participation gap with crowding 0", off, ABSENT),
        (f"{diagnostic} and dependency_growth 0", gap("nodep"), ABSENT),
        (
            "diagnostic: no gap with crowding 0, dependency_growth 0, no elite absorption",
            gap("nodep_noabsorb"),
            ABSENT,
        ),
    )
    fig = figures.timeseries_figure(res, outcomes=("participation_rate", "dependency"))
    fig.suptitle("Pattern 6: dependency hysteresis (dotted: withdrawal)")
    return rows, fig


def cascade_reach(n: int, seed: int, rewiring: float, threshold: int) -> float:
    """Share reached by a threshold cascade from one doorway on the model's network."""
    # the network only: no spin-up (ODD 5) is needed to read it
    model = MicroGovModel(rng=seed, n_households=n, network_rewiring=rewiring, spinup_weeks=0)
    adjacency, doorway = doorway_network(model)
    households = np.arange(len(doorway))
    ties = rules.fixed_ties(adjacency.indptr, adjacency.indices)  # every tie weighs 1
    drive = np.where(doorway == doorway[0], float(threshold), 0.0)
    active, _ = rules.threshold_cascade(
        drive, np.full(len(doorway), float(threshold)), ties=ties, members=households
    )
    return float(active.mean())


def complex_contagion(ctx: Context):
    """7. With thresholds of 2+, mobilisation spreads further on clustered networks."""
    if "schedule" in ctx.variant.params:
        return [], None  # a cascade on the network alone has no schedule
    n = ctx.variant.params.get("n_households", ctx.config.n_households)
    clustered = ctx.variant.params.get("network_rewiring", 0.0)
    exp = f"cascade from one doorway, rewiring {clustered} vs 1.0"
    rows, reach = [], {}
    for k in (1, 2, 3):
        for r in (clustered, 1.0):
            reach[(k, r)] = np.array([cascade_reach(n, s, r, k) for s in ctx.seeds])
        diff = reach[(k, clustered)] - reach[(k, 1.0)]
        if k == 1:
            both = np.minimum(reach[(k, clustered)], reach[(k, 1.0)])
            rows.append(
                row(
                    exp,
                    "threshold 1: reaches nearly all on both (min share)",
                    both,
                    +1,
                    threshold=0.9,
                )
            )
        else:
            rows.append(row(exp, f"threshold {k}: reach clustered - random", diff, +1))
    fig, ax = plt.subplots(figsize=(6, 3.8), constrained_layout=True)
    for r, label in ((clustered, "clustered"), (1.0, "randomly rewired")):
        means = [reach[(k, r)].mean() for k in (1, 2, 3)]
        ax.plot([1, 2, 3], means, "o-", label=label)
    ax.set_xticks([1, 2, 3])
    ax.set_xlabel("adopting contacts needed (threshold)")
    ax.set_ylabel("share reached")
    ax.legend(frameon=False)
    ax.set_title("Pattern 7: complex contagion")
    return rows, fig


def threshold_special_case(ctx: Context):
    """8. Mechanisms off: Granovetter's riot (100 join; with one threshold changed, 1)."""
    if ctx.variant is not BASE:
        return [], None  # exact and deterministic: no variants
    exp = "Granovetter (1978): 100 people, thresholds 0..99"
    thresholds = np.arange(100)
    changed = thresholds.copy()
    changed[1] = 2
    all_join, one_joins = classics.granovetter_riot(thresholds), classics.granovetter_riot(changed)
    rows = [
        {
            "experiment": exp,
            "statistic": "joiners with thresholds 0..99 (expected 100)",
            "estimate": all_join,
            "ci_low": all_join,
            "ci_high": all_join,
            "holds": all_join == 100,
        },
        {
            "experiment": exp,
            "statistic": "joiners with threshold 1 -> 2 (expected 1)",
            "estimate": one_joins,
            "ci_low": one_joins,
            "ci_high": one_joins,
            "holds": one_joins == 1,
        },
    ]
    fig, ax = plt.subplots(figsize=(5, 3), constrained_layout=True)
    ax.bar(["thresholds 0..99", "threshold 1 -> 2"], [all_join, one_joins])
    ax.set_ylabel("joiners")
    ax.set_title("Pattern 8: Granovetter's threshold model")
    return rows, fig


def elites(ctx: Context):
    """9. Active elites raise participation; absorbing them into grid work lowers autonomy."""
    base = {"micro_autonomy": 0.5, "admin_penetration": 0.5}
    arms = {
        "elites_active": base,
        "no_mobilisation": {**base, "elite_mobilisation": 0.0, "elite_initiative": 0.0},
        "no_absorption": {**base, "elite_absorption_rate": 0.0},
    }
    res = ctx.run("p09_elites", arms)
    exp = "elite mobilisation and initiative on/off; elite absorption on/off (penetration 0.5)"
    mobilised = paired(res, "no_mobilisation", "elites_active", "participation_rate")
    absorbed = paired(res, "no_absorption", "elites_active", "autonomy_index")
    rows = measured(
        exp,
        ("participation higher with active elites", mobilised, UP),
        ("autonomy lower when elites are absorbed into grid work", absorbed, DOWN),
    )
    fig = arms_figure(
        res, ("participation_rate", "autonomy_index", "elite_admin_share"), "Pattern 9: elites"
    )
    return rows, fig


def co_governance(ctx: Context):
    """10. A mix can beat both pure forms on resolution, cost and autonomy together."""
    names = ("grid_management", "micro_self_governance", "co_governance")
    arms = {name: dict(load_scenario(name).params) for name in names}
    res = ctx.run("p10_co_governance", arms)
    exp = "scenarios grid_management, micro_self_governance, co_governance"
    rows = []
    criteria = (
        ("backlog", "tail", -1, "fewer open issues"),
        ("government_cost", "final", -1, "lower government cost"),
        ("autonomy_index", "tail", +1, "higher autonomy"),
    )
    for outcome, stat, direction, words in criteria:
        for other in names[:2]:
            rows.append(
                row(
                    exp,
                    f"co_governance vs {other}: {words}",
                    paired(res, other, "co_governance", outcome, stat),
                    direction,
                )
            )
    won = sum(r["holds"] for r in rows)
    rows.append(
        {
            "experiment": exp,
            "statistic": "criteria won out of 6 (all 6: beats both)",
            "estimate": won,
            "ci_low": np.nan,
            "ci_high": np.nan,
            "holds": won == 6,
        }
    )
    fig = arms_figure(
        res, ("backlog", "government_cost", "autonomy_index"), "Pattern 10: co-governance"
    )
    return rows, fig


PATTERNS: dict[str, tuple[str, Callable]] = {
    "1_inverse_relation": ("Frey & Jegen 2001; Bowles 2008; seed [A]", inverse_relation),
    "2_cost_dilemma": ("seed [A]: grid management's rising cost", cost_dilemma),
    "3_small_units": ("Olson 1965; Isaac & Walker 1988; seed [B]", small_units),
    "4_social_capital": ("Putnam 2000; Sampson et al. 1997; seed [B]", social_capital),
    "5_mobility": ("Sampson, Raudenbush & Earls 1997", mobility),
    "6_dependency_hysteresis": ("Gneezy & Rustichini 2000; seed [A]", dependency_hysteresis),
    "7_complex_contagion": ("Centola & Macy 2007; Centola 2010", complex_contagion),
    "8_threshold_special_case": ("Granovetter 1978", threshold_special_case),
    "9_elites": ("Siegel 2009; seed [B]", elites),
    "10_co_governance": ("seeds [A] and [B]: micro co-governance (微共治)", co_governance),
}
