"""The contagion patterns: 7 (complex contagion) and 8 (Granovetter's threshold model).

Pattern 7 is measured three ways: the model's cascade rule on the model's own networks with
Centola's seeding (a household and its contacts) and thresholds as shares; inside the full
model (clustered, ring and randomly rewired networks); and docked with Centola (2010)'s
take-up curve in his own design (:mod:`~microgov_sim.validation.classics`). May import
:mod:`microgov_sim.analysis`, :mod:`microgov_sim.experiments`, :mod:`microgov_sim.model` and
the rest of :mod:`microgov_sim.validation`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..experiments.engines import available_cores
from ..experiments.snapshots import doorway_network
from ..model import rules
from ..model.model import MicroGovModel
from . import classics, epstein
from .context import BASE, Context
from .design import Design
from .statistics import UP, paired, row, wilson

SIMPLE, COMPLEX = 0.05, (0.15, 0.25)  # thresholds as shares: one of ~16 contacts; 2.4 and 4
LAYOUTS = ("nested", "ring")  # the clustered generators (ODD 5)


def networks(ctx: Context) -> dict[str, dict]:
    """The networks compared, each given in full.

    A community variant changes them only by its own rewiring (10%: the clustered networks
    rewired that much), never one into another.
    """
    rewiring = float(ctx.variant.params.get("network_rewiring", 0.0))
    nets = {n: {"network_layout": n, "network_rewiring": rewiring} for n in LAYOUTS}
    return {**nets, "random": {"network_layout": "nested", "network_rewiring": 1.0}}


def cascade_reach(n: int, seed: int, network: dict, threshold: float) -> float:
    """Share reached on the model's network from one household and its contacts."""
    # the network only: no spin-up (ODD 5) is needed to read it
    model = MicroGovModel(rng=seed, n_households=n, spinup_weeks=0, **network)
    adjacency, _ = doorway_network(model)
    ties = rules.fixed_ties(adjacency.indptr, adjacency.indices)  # every tie weighs 1
    focal = int(np.random.default_rng(seed).integers(n))
    drive = np.zeros(n)
    drive[focal] = drive[
        adjacency.indices[adjacency.indptr[focal] : adjacency.indptr[focal + 1]]
    ] = 2.0
    active, _ = rules.threshold_cascade(drive, np.full(n, threshold), ties=ties, shares=True)
    return float(active.mean())


def contagion_design(ctx: Context) -> Design:
    """The co-governance mix on the clustered, the ring and a randomly rewired network."""
    co = {"admin_penetration": 0.4, "admin_support_share": 0.6, "micro_autonomy": 0.75}
    co["party_embedding"] = 0.8
    return Design({name: {**co, **net} for name, net in networks(ctx).items()})


def _binomial_row(exp, statistic, share, trials, target, tolerance=0.05):
    """A take-up share with its Wilson 95% CI; holds within ``tolerance`` of ``target``."""
    low, high = wilson(share, trials)
    return {
        "experiment": exp,
        "statistic": statistic,
        "estimate": share,
        "ci_low": low,
        "ci_high": high,
        "n": trials,
        "holds": abs(share - target) <= tolerance,
    }


def complex_contagion(res, ctx: Context):
    """7. Behaviour that needs reinforcement spreads further on clustered networks.

    Centola & Macy (2007); Centola (2010). On the network alone the clustered networks must
    beat a random one of the same degrees for thresholds above one contact, and not for a
    threshold of one; in the full model participation must be higher on clustered networks.
    """
    n = ctx.n_households
    nets = networks(ctx)
    exp = "cascade from a household and its contacts, thresholds as shares, clustered vs random"
    rows = []
    reach = {}
    # the cascade reads the network alone, which the hypercube's points do not change
    for threshold in () if ctx.params else (SIMPLE, *COMPLEX):
        for name, net in zip(("clustered", "ring", "random"), nets.values(), strict=True):
            reach[threshold, name] = np.array(
                [cascade_reach(n, s, net, threshold) for s in ctx.seeds]
            )
    if reach:
        both = np.minimum(reach[SIMPLE, "clustered"], reach[SIMPLE, "random"])
        words = f"threshold {SIMPLE}: reaches nearly all on both (min share)"
        rows.append(row(exp, words, both, UP, 0.9))
    for threshold in COMPLEX if reach else ():
        diff = reach[threshold, "clustered"] - reach[threshold, "random"]
        rows.append(row(exp, f"threshold {threshold}: reach clustered - random", diff, UP))
        wide = reach[threshold, "ring"] - reach[threshold, "random"]
        rows.append(row(exp, f"threshold {threshold}: reach ring - random", wide, UP))
    full = "full model, co-governance levers: nested vs ring vs rewired (1.0) network"
    for name in ("nested", "ring"):
        rows.append(
            row(
                full,
                f"participation higher on the {name} than the random network",
                paired(res, "random", name, "participation_rate"),
                UP,
            )
        )
    if ctx.variant is BASE and not ctx.params:
        rows += centola_docking(ctx)
    ctx.extra["reach"] = reach
    return rows


def centola_docking(ctx: Context, trials: int = 2000):
    """Centola (2010)'s take-up curve and diffusion contrast, by the model's rule, in his design."""
    rng = np.random.default_rng(ctx.config.seed)
    mean, sd = classics.CENTOLA_THRESHOLDS.values()
    exp = (
        f"Centola (2010) design: 128 participants, 6 contacts; thresholds Beta mean {mean}, sd {sd}"
    )
    rows = []
    for k, target in classics.CENTOLA_TAKE_UP.items():
        share = classics.centola_take_up(k, mean, sd, trials, rng)
        rows.append(
            _binomial_row(
                exp,
                f"take-up with {k} adopting contacts (Centola about {target:.0%})",
                share,
                trials,
                target,
            )
        )
    for label, (m, s) in (
        ("docked thresholds", (mean, sd)),
        ("thresholds about 2 of 6", (0.3, 0.1)),
    ):
        diff = [
            classics.centola_diffusion(True, m, s, rng)
            - classics.centola_diffusion(False, m, s, rng)
            for _ in ctx.seeds * 5
        ]
        rows.append(
            row(
                exp,
                f"diffusion, clustered - random, {label}",
                np.array(diff),
                UP,
            )
        )
    return rows


def complex_contagion_figure(res, ctx: Context):
    """The figure of the pattern's base run."""
    reach = ctx.extra.get("reach")
    fig, ax = plt.subplots(figsize=(6, 3.8), constrained_layout=True)
    thresholds = (SIMPLE, *COMPLEX)
    for name in ("clustered", "ring", "random"):
        ax.plot(thresholds, [reach[t, name].mean() for t in thresholds], "o-", label=name)
    ax.set_xlabel("threshold (share of contacts acting)")
    ax.set_ylabel("share reached")
    ax.legend(frameon=False)
    ax.set_title("Pattern 7: complex contagion (a household and its contacts seeded)")
    return fig


def threshold_special_case(res, ctx: Context):
    """8. Threshold models: Granovetter's riot, and Epstein's civil violence docked.

    Granovetter (1978): 100 join; with one threshold changed, 1. Epstein (2002): a threshold
    rule with risk (:mod:`~microgov_sim.validation.epstein`), docked with Mesa's.
    """
    exp = "Granovetter (1978): 100 people, thresholds 0..99"
    thresholds = np.arange(100)
    changed = thresholds.copy()
    changed[1] = 2
    rows = []
    for words, values, expected in (
        ("joiners with thresholds 0..99 (expected 100)", thresholds, 100),
        ("joiners with threshold 1 -> 2 (expected 1)", changed, 1),
    ):
        joined = classics.granovetter_riot(values)
        rows.append(
            {
                "experiment": exp,
                "statistic": words,
                "estimate": joined,
                "ci_low": joined,
                "ci_high": joined,
                "n": np.nan,  # exact: no replications
                "holds": joined == expected,
            }
        )
    ctx.extra["riot"] = [r["estimate"] for r in rows]
    ctx.extra["epstein"] = {}
    serial = ctx.options.get("engine") == "serial"
    jobs = 1 if serial else ctx.options.get("jobs") or available_cores()
    return rows + epstein.docking(ctx.config.mode, ctx.seeds, ctx.extra["epstein"], jobs)


def threshold_figure(res, ctx: Context):
    """The figure of the pattern's base run: Granovetter's riot and Epstein's outbursts."""
    fig, (riot, rebellion) = plt.subplots(
        1, 2, figsize=(10, 3.4), constrained_layout=True, width_ratios=(1, 2)
    )
    riot.bar(["thresholds 0..99", "threshold 1 -> 2"], ctx.extra["riot"])
    riot.set_ylabel("joiners")
    riot.set_title("Granovetter (1978)")
    for legitimacy, counts in ctx.extra["epstein"].items():
        rebellion.plot(counts, lw=0.8, label=f"legitimacy {legitimacy}")
    rebellion.set_xlabel("step")
    rebellion.set_ylabel("active citizens")
    rebellion.legend(frameon=False)
    rebellion.set_title("Epstein (2002) Model I: punctuated outbursts (one seed)")
    fig.suptitle("Pattern 8: threshold models as special cases, and a classic docked")
    return fig
