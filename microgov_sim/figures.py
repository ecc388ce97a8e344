"""Figures for comparing scenarios and reading sweeps; each function returns a ``Figure``.

All take loaded :class:`~microgov_sim.results.Results` (or a model, for the network snapshot)
and a language (``"en"`` or ``"zh"``; call inside :func:`~microgov_sim.i18n.use_language`).
Bands and error bars are 95% confidence intervals of the mean across replications.
"""

from __future__ import annotations

import json

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from .errors import UserError
from .i18n import outcome_label, word
from .results import Results
from .stats import t_half_width
from .structure import LEVELS

KEY_OUTCOMES = (
    "participation_rate",
    "autonomy_index",
    "backlog",
    "mean_trust",
    "dependency",
    "government_cost",
)


def _colors(names) -> dict[str, tuple]:
    cmap = plt.get_cmap("tab10")
    return {name: cmap(i % 10) for i, name in enumerate(names)}


def _grid(n: int, cols: int = 3, size=(4.2, 3.0)):
    rows = int(np.ceil(n / cols))
    fig, axes = plt.subplots(
        rows, cols, figsize=(size[0] * cols, size[1] * rows), constrained_layout=True, squeeze=False
    )
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    return fig, list(axes.flat)


def scenarios_of(results: Results) -> list[str]:
    """Scenario names in the order of the experiment."""
    return list(dict.fromkeys(results.points.sort_values("point")["scenario"]))


def policy_steps(results: Results) -> dict[str, list[int]]:
    """Steps at which each scenario's timeline changes a parameter."""
    out = {}
    for _, row in results.points.iterrows():
        timeline = json.loads(row.get("timeline") or "{}")
        out[row["scenario"]] = sorted(int(k) for k in timeline)
    return out


def timeseries_figure(results: Results, outcomes=KEY_OUTCOMES, lang: str = "en") -> Figure:
    """Each outcome over time: one line per scenario with its 95% band, shared axes."""
    series = results.timeseries(list(outcomes))
    names = scenarios_of(results)
    colors = _colors(names)
    markers = policy_steps(results)
    fig, axes = _grid(len(outcomes))
    for ax, outcome in zip(axes, outcomes, strict=False):
        part = series[series["outcome"] == outcome]
        for name in names:
            line = part[part["scenario"] == name]
            ax.plot(line["step"], line["mean"], color=colors[name], lw=1.5, label=name)
            ax.fill_between(
                line["step"], line["ci_low"], line["ci_high"], color=colors[name], alpha=0.2, lw=0
            )
            for step in markers.get(name, []):
                ax.axvline(step, color=colors[name], ls=":", lw=1.2)
        ax.set_title(outcome_label(outcome, lang), fontsize=10)
        ax.set_xlabel(word("step", lang))
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=8, frameon=False)
    n = results.metadata.get("replications", 1)
    fig.suptitle(f"{word('timeseries_title', lang)}: {word('mean_ci', lang, n=n)}")
    if any(markers.values()):
        fig.text(0.01, 0.005, word("policy_change", lang), fontsize=8)
    return fig


def final_state_figure(results: Results, outcomes=KEY_OUTCOMES, lang: str = "en") -> Figure:
    """Each outcome at the end of the runs: a point and 95% CI per scenario."""
    table = results.summary(list(outcomes))
    names = scenarios_of(results)
    colors = _colors(names)
    fig, axes = _grid(len(outcomes), size=(4.2, 2.6))
    for ax, outcome in zip(axes, outcomes, strict=False):
        part = table[table["outcome"] == outcome].set_index("scenario").loc[names]
        y = np.arange(len(names))
        err = np.vstack([part["mean"] - part["ci_low"], part["ci_high"] - part["mean"]])
        for i, name in enumerate(names):
            ax.errorbar(
                part["mean"].iloc[i],
                y[i],
                xerr=np.nan_to_num(err[:, i : i + 1]),
                fmt="o",
                color=colors[name],
                capsize=3,
            )
        ax.set_yticks(y, names, fontsize=8)
        ax.invert_yaxis()
        ax.set_title(outcome_label(outcome, lang), fontsize=10)
        ax.grid(alpha=0.3, axis="x")
    fig.suptitle(word("final_title", lang))
    return fig


def resolved_total(runs: pd.DataFrame) -> pd.Series:
    """Issues resolved per week by either channel (mean of the last fifth)."""
    return runs["issues_resolved_self_tail"] + runs["issues_resolved_admin_tail"]


def tradeoff_figure(results: Results, lang: str = "en") -> Figure:
    """Autonomy against government cost and resolution against cost, per scenario."""
    runs = results.runs.assign(issues_resolved_tail=resolved_total(results.runs))
    names = scenarios_of(results)
    colors = _colors(names)
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), constrained_layout=True)
    for ax, y in zip(axes, ("autonomy_index", "issues_resolved"), strict=True):
        for name in names:
            part = runs[runs["scenario"] == name]
            xs, ys = part["government_cost_final"], part[f"{y}_tail"]
            ax.scatter(xs, ys, color=colors[name], alpha=0.25, s=12)
            ax.errorbar(
                xs.mean(),
                ys.mean(),
                xerr=_half(xs),
                yerr=_half(ys),
                fmt="o",
                ms=8,
                color=colors[name],
                capsize=4,
                label=name,
            )
        ax.set_xlabel(outcome_label("government_cost", lang))
        ax.set_ylabel(outcome_label(y, lang))
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=8, frameon=False)
    fig.suptitle(word("tradeoff_title", lang))
    return fig


def _half(values: pd.Series) -> float:
    return float(np.nan_to_num(t_half_width(values.std(ddof=1), len(values))))


def phase_diagram(
    results: Results, x: str, y: str, outcome: str = "autonomy_index", lang: str = "en"
) -> Figure:
    """Mean of ``outcome`` over a 2-D sweep's grid of ``x`` by ``y``."""
    for name in (x, y):
        if name not in results.runs.columns:
            raise UserError(f"phase diagram: {name!r} is not a varied parameter of this sweep")
    table = results.runs.groupby([y, x])[f"{outcome}_tail"].mean().unstack(x)
    fig, ax = plt.subplots(figsize=(6.2, 5), constrained_layout=True)
    xs, ys = table.columns.to_numpy(float), table.index.to_numpy(float)
    mesh = ax.pcolormesh(xs, ys, table.to_numpy(), shading="nearest", cmap="viridis")
    fig.colorbar(mesh, ax=ax, label=outcome_label(outcome, lang))
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    ax.set_title(word("phase_title", lang, outcome=outcome_label(outcome, lang)))
    return fig


def network_snapshot(model, n_buildings: int = 4, color_by: str = "participation", ax=None):
    """Households of the first ``n_buildings`` buildings and their ties, drawn by doorway.

    Positions come from the nested structure (no spring layout): buildings side by side,
    doorways as columns, households stacked. Colour: recent participation or trust.
    """
    nb, hh = model.neighbourhood, model.households
    building = nb.unit_of[LEVELS.index("building")]
    doorway = nb.unit_of[LEVELS.index("doorway")]
    members = np.flatnonzero(building < n_buildings)
    pos = np.zeros((model.n, 2))
    for b in range(n_buildings):
        in_b = members[building[members] == b]
        doors = np.unique(doorway[in_b])
        for j, d in enumerate(doors):
            homes = in_b[doorway[in_b] == d]
            k = np.arange(len(homes))
            pos[homes, 0] = b * (len(doors) + 1.5) + j + 0.35 * (k % 2)
            pos[homes, 1] = k // 2
    inside = np.zeros(model.n, dtype=bool)
    inside[members] = True
    net = model.network
    keep = inside[net.src] & inside[net.dst]
    strength = model.tie_strength[keep]
    segments = np.stack([pos[net.src[keep]], pos[net.dst[keep]]], axis=1)
    own = ax is None
    if own:
        fig, ax = plt.subplots(figsize=(8, 4), constrained_layout=True)
    ax.add_collection(LineCollection(segments, colors="0.5", linewidths=0.3 + strength, alpha=0.4))
    if color_by == "trust":
        values, cmap = hh.trust[members], "viridis"
    else:
        recent = hh.last_active[members] > model.steps - model.p.participation_window
        values, cmap = recent.astype(float), "coolwarm"
    points = ax.scatter(*pos[members].T, c=values, cmap=cmap, vmin=0, vmax=1, s=18, zorder=3)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.autoscale()
    return (fig if own else ax.figure), points


def replay(results: Results, scenario: str, replication: int = 0):
    """Re-run one saved run (same parameters, timeline and seed) and return its model."""
    from .model import MicroGovModel

    row = results.points[results.points["scenario"] == scenario].iloc[0]
    timeline = {int(k): v for k, v in json.loads(row.get("timeline") or "{}").items()}
    seed = results.metadata["seeds"][replication]
    model = MicroGovModel(rng=seed, policy_timeline=timeline, **json.loads(row["params"]))
    model.run_for(int(row["steps"]))
    return model


def network_figure(results: Results, color_by="participation", n_buildings=4, lang="en"):
    """Network snapshots at the end of replication 0 of each scenario (up to six)."""
    names = scenarios_of(results)[:6]
    fig, axes = _grid(len(names), cols=2, size=(6.5, 3.2))
    points = None
    for ax, name in zip(axes, names, strict=False):
        _, points = network_snapshot(replay(results, name), n_buildings, color_by, ax=ax)
        ax.set_title(name, fontsize=10)
    label = word("trust", lang) if color_by == "trust" else word("participation", lang)
    fig.colorbar(points, ax=list(axes)[: len(names)], label=label, shrink=0.6)
    fig.suptitle(word("network_title", lang, k=n_buildings))
    return fig
