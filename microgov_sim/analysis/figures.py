"""Figures of outcomes, comparisons and sweeps; each function returns a ``Figure``.

:func:`plot_outcomes` draws one run's (or one scenario's mean) outcomes over time from a
model-vars table. The comparison and sweep figures take loaded
:class:`~microgov_sim.experiments.results.Results` and a language (``"en"`` or ``"zh"``; call
inside :func:`~microgov_sim.analysis.i18n.use_language`); bands and error bars are 95%
confidence intervals of the mean across replications, inside the outcome's bounds
(:mod:`~microgov_sim.experiments.stats`). The network figures draw
:class:`~microgov_sim.experiments.snapshots.NetworkSnapshot` data: nothing here builds or reads
a model. May import :mod:`microgov_sim.experiments`, :mod:`microgov_sim.model` (declarations)
and :mod:`~microgov_sim.analysis.i18n`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure

from ..experiments.errors import UserError
from ..experiments.results import Results
from ..experiments.snapshots import NetworkSnapshot
from ..experiments.stats import grouped_mean_ci, mean_ci, outcome_bounds
from ..model.outcomes import PANELS, SPECS_BY_NAME, outcomes_in, outcomes_in_panel
from .i18n import LANGUAGES, outcome_label, word

KEY_OUTCOMES = outcomes_in("figures")
SWEEP_OUTCOMES = outcomes_in("sweep")


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
    fig, axes = _grid(len(outcomes), cols=min(3, len(outcomes)))
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
                xerr=_error_bar(xs, outcome_bounds("government_cost")),
                yerr=_error_bar(ys, _bounds(y)),
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


def _bounds(name: str) -> tuple[float, float]:
    """An outcome's bounds; ``issues_resolved`` (both channels) adds those of its two terms."""
    if name != "issues_resolved":
        return outcome_bounds(name)
    terms = [outcome_bounds(f"issues_resolved_{channel}") for channel in ("self", "admin")]
    return (sum(t[0] for t in terms), sum(t[1] for t in terms))


def _error_bar(values: pd.Series, bounds: tuple[float, float]) -> np.ndarray:
    """Below and above the mean: its 95% CI inside ``bounds`` (none from one value)."""
    mean, low, high = mean_ci(values, bounds=bounds)
    return np.nan_to_num(np.array([[mean - low], [high - mean]]))


MAX_LEVELS = 10  # a numeric factor with more distinct values is binned
BINS = 8


def _factor_spec(results: Results, factor: str) -> dict:
    specs = (results.metadata.get("design") or {}).get("factors") or []
    return next((f for f in specs if f["name"] == factor), {})


def factor_levels(results: Results, factor: str) -> tuple[pd.Series, np.ndarray, list[str]]:
    """Each run's level of ``factor`` as a number, the level positions, and their labels.

    Categorical factors are placed at 0, 1, ... in the order of the sweep file; numeric ones
    with at most ten distinct values at their values; others (sampled designs) are binned into
    eight equal bins of the factor's range and placed at the bin centres.
    """
    if factor not in results.runs.columns:
        allowed = ", ".join(results.factors) or "none (not a sweep)"
        raise UserError(f"{results.path}: {factor!r} is not a varied parameter; varied: {allowed}")
    values = results.runs[factor]
    spec = _factor_spec(results, factor)
    if not pd.api.types.is_numeric_dtype(values):
        present = set(values)
        order = [v for v in (spec.get("values") or sorted(present)) if v in present]
        positions = values.map({v: i for i, v in enumerate(order)}).astype(float)
        return positions, np.arange(len(order), dtype=float), [str(v) for v in order]
    distinct = np.sort(values.unique()).astype(float)
    if len(distinct) <= MAX_LEVELS:
        return values.astype(float), distinct, [f"{v:.3g}" for v in distinct]
    low = spec.get("low") if spec.get("low") is not None else values.min()
    high = spec.get("high") if spec.get("high") is not None else values.max()
    edges = np.linspace(float(low), float(high), BINS + 1)
    centres = (edges[:-1] + edges[1:]) / 2
    index = np.clip(np.searchsorted(edges, values.to_numpy(float), side="right") - 1, 0, BINS - 1)
    return pd.Series(centres[index], index=values.index), centres, [f"{c:.3g}" for c in centres]


def main_effects(results: Results, factor: str, outcome: str) -> pd.DataFrame:
    """Mean tail value of ``outcome`` at each level of ``factor`` with its 95% CI over runs."""
    level, positions, labels = factor_levels(results, factor)
    frame = pd.DataFrame({"level": level, outcome: results.runs[f"{outcome}_tail"]})
    bounds = {outcome: outcome_bounds(outcome)}
    table = grouped_mean_ci(frame, ["level"], [outcome], bounds=bounds).set_index("level")
    table = table.reindex(positions)
    table.insert(0, "label", labels)
    return table.rename_axis("position").reset_index().drop(columns="outcome")


def main_effects_figure(results: Results, outcomes=SWEEP_OUTCOMES, lang: str = "en") -> Figure:
    """One panel per outcome (rows) and factor (columns): mean and 95% CI at each level."""
    factors = results.factors
    fig, axes = plt.subplots(
        len(outcomes),
        len(factors),
        figsize=(3.1 * len(factors) + 0.6, 2.3 * len(outcomes) + 0.6),
        constrained_layout=True,
        squeeze=False,
        sharex="col",
    )
    for i, outcome in enumerate(outcomes):
        for j, factor in enumerate(factors):
            ax = axes[i, j]
            table = main_effects(results, factor, outcome)
            ax.fill_between(table["position"], table["ci_low"], table["ci_high"], alpha=0.25)
            ax.plot(table["position"], table["mean"], "o-", ms=3)
            ax.grid(alpha=0.3)
            if j == 0:
                ax.set_ylabel(outcome_label(outcome, lang), fontsize=8)
            if i == len(outcomes) - 1:
                ax.set_xlabel(factor)
                if not pd.api.types.is_numeric_dtype(results.runs[factor]):
                    ax.set_xticks(table["position"], table["label"], rotation=30, fontsize=7)
    fig.suptitle(word("main_effects_title", lang), fontsize=10)
    return fig


def phase_table(results: Results, x: str, y: str, outcome: str) -> pd.DataFrame:
    """Mean tail ``outcome`` per cell: rows are ``y`` levels, columns ``x`` levels."""
    xs, x_pos, _ = factor_levels(results, x)
    ys, y_pos, _ = factor_levels(results, y)
    cells = results.runs[f"{outcome}_tail"].groupby([ys.rename(y), xs.rename(x)]).mean()
    return cells.unstack(x).reindex(index=y_pos, columns=x_pos)


def phase_diagram(
    results: Results,
    x: str,
    y: str,
    outcome: str = "autonomy_index",
    lang: str = "en",
    ax=None,
) -> Figure:
    """Mean of ``outcome`` over a sweep's ``x`` by ``y`` grid (sampled designs are binned).

    Each cell averages the runs at that pair of levels, over replications and any other
    varied factor; cells of grids up to 7 by 7 are labelled with their value.
    """
    table = phase_table(results, x, y, outcome)
    _, x_pos, x_labels = factor_levels(results, x)
    _, y_pos, y_labels = factor_levels(results, y)
    if ax is None:
        _, ax = plt.subplots(figsize=(6.2, 5), constrained_layout=True)
    values = np.ma.masked_invalid(table.to_numpy(float))
    mesh = ax.pcolormesh(x_pos, y_pos, values, shading="nearest", cmap="viridis")
    ax.figure.colorbar(mesh, ax=ax, label=outcome_label(outcome, lang))
    if values.shape[0] <= 7 and values.shape[1] <= 7:
        middle = (values.max() + values.min()) / 2
        for (r, c), v in np.ndenumerate(values.filled(np.nan)):
            if np.isfinite(v):
                color = "black" if v > middle else "white"
                ax.text(
                    x_pos[c],
                    y_pos[r],
                    f"{v:.0f}" if abs(v) >= 100 else f"{v:.2g}",
                    ha="center",
                    va="center",
                    fontsize=7,
                    color=color,
                )
    ax.set_xticks(x_pos, x_labels, fontsize=8)
    ax.set_yticks(y_pos, y_labels, fontsize=8)
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    ax.set_title(word("phase_title", lang, outcome=outcome_label(outcome, lang)), fontsize=10)
    return ax.figure


def phase_figure(
    results: Results, x: str, y: str, outcomes=SWEEP_OUTCOMES, lang: str = "en"
) -> Figure:
    """Phase diagrams of several outcomes over the same ``x`` by ``y`` grid."""
    fig, axes = _grid(len(outcomes), cols=2, size=(5.6, 4.4))
    for ax, outcome in zip(axes, outcomes, strict=False):
        phase_diagram(results, x, y, outcome, lang, ax=ax)
    return fig


def network_snapshot(
    snapshot: NetworkSnapshot, color_by: str = "participation", ax=None
) -> tuple[Figure, PathCollection]:
    """Households of the first buildings and their ties, drawn by doorway; and the points.

    ``snapshot`` comes from :mod:`microgov_sim.experiments.snapshots` (a live model or a
    replayed run). Households are coloured by recent participation or by ``trust``; a tie's
    width grows with its strength.
    """
    own = ax is None
    if own:
        fig, ax = plt.subplots(figsize=(8, 4), constrained_layout=True)
    ax.add_collection(
        LineCollection(
            snapshot.segments, colors="0.5", linewidths=0.3 + snapshot.strength, alpha=0.4
        )
    )
    if color_by == "trust":
        values, cmap = snapshot.trust, "viridis"
    else:
        values, cmap = snapshot.participation, "coolwarm"
    points = ax.scatter(*snapshot.positions.T, c=values, cmap=cmap, vmin=0, vmax=1, s=18, zorder=3)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.autoscale()
    return (fig if own else ax.figure), points


def network_figure(
    snapshots: dict[str, NetworkSnapshot], color_by: str = "participation", lang: str = "en"
) -> Figure:
    """One network snapshot per scenario (e.g. at the end of each scenario's replication 0)."""
    names = list(snapshots)
    fig, axes = _grid(len(names), cols=2, size=(6.5, 3.2))
    points = None
    for ax, name in zip(axes, names, strict=False):
        _, points = network_snapshot(snapshots[name], color_by, ax=ax)
        ax.set_title(name, fontsize=10)
    label = word("trust", lang) if color_by == "trust" else word("participation", lang)
    fig.colorbar(points, ax=list(axes)[: len(names)], label=label, shrink=0.6)
    k = next(iter(snapshots.values())).n_buildings
    fig.suptitle(word("network_title", lang, k=k))
    return fig


# The main outcomes, in the order of the brief: participation, issues, social capital, state.
def plot_outcomes(
    df: pd.DataFrame,
    title: str = "",
    policy_steps: Sequence[int] = (),
    smooth: int = 4,
    low: pd.DataFrame | None = None,
    high: pd.DataFrame | None = None,
    lang: str = "en",
) -> Figure:
    """Plot the main outcomes over time from a model-vars DataFrame (index = step).

    One panel per entry of the outcome catalogue's ``PANELS``, each drawing the outcomes
    that name it. Flows (outcomes per step) are shown as a rolling mean over ``smooth``
    steps; dotted vertical lines mark the steps where a policy timeline changed a parameter.
    With ``low`` and ``high`` (same shape as ``df``, e.g. a 95% confidence interval across
    replications) each line gets a shaded band.
    """
    fig, axes = plt.subplots(3, 3, figsize=(13, 9), constrained_layout=True)
    for ax, (panel, titles) in zip(axes.flat, PANELS.items(), strict=True):
        columns = outcomes_in_panel(panel)
        for column in columns:
            window = smooth if SPECS_BY_NAME[column].unit.endswith("/step") else 1
            series = df[column].rolling(window, min_periods=1).mean()
            (line,) = ax.plot(df.index, series, label=outcome_label(column, lang), lw=1.4)
            if low is not None and high is not None:
                lo = low[column].rolling(window, min_periods=1).mean()
                hi = high[column].rolling(window, min_periods=1).mean()
                ax.fill_between(df.index, lo, hi, color=line.get_color(), alpha=0.2, lw=0)
        for step in policy_steps:
            ax.axvline(step, color="0.3", ls=":", lw=1)
        ax.set_title(titles[LANGUAGES.index(lang)], fontsize=10)
        ax.set_xlabel(word("step", lang))
        if len(columns) > 1:
            ax.legend(fontsize=7, frameon=False)
        ax.grid(alpha=0.3)
    if title:
        fig.suptitle(title)
    return fig


def save_figure(fig: Figure, path) -> None:
    """Save ``fig`` and close it (figures are not kept alive in long runs)."""
    fig.savefig(path, dpi=110)
    plt.close(fig)
