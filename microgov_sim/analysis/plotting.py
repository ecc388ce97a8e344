"""Figures of model outcomes (matplotlib, no display needed)."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

# The main outcomes, in the order of the brief: participation, issues, social capital, state.
MAIN_PANELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Participation (share of residents)", ("participation_rate", "willingness", "capacity")),
    ("Issues per step", ("issues_raised", "issues_resolved_self", "issues_resolved_admin")),
    ("Open issues (backlog)", ("backlog",)),
    ("Social capital", ("mean_trust", "within_unit_tie_density", "belonging")),
    ("Autonomy and dependency", ("autonomy_index", "dependency", "active_micro_orgs")),
    ("Cumulative cost", ("admin_cost", "support_cost", "government_cost")),
    ("Cost per administratively resolved issue", ("admin_cost_per_resolved",)),
    ("Inequality over buildings (Gini)", ("unit_inequality",)),
    ("Mean resolution time (steps)", ("mean_resolution_time",)),
)


def plot_outcomes(
    df: pd.DataFrame,
    title: str = "",
    policy_steps: Sequence[int] = (),
    smooth: int = 4,
    low: pd.DataFrame | None = None,
    high: pd.DataFrame | None = None,
) -> Figure:
    """Plot the main outcomes over time from a model-vars DataFrame (index = step).

    Flows (issues per step) are shown as a rolling mean over ``smooth`` steps; dotted
    vertical lines mark the steps where a policy timeline changed a parameter. With ``low``
    and ``high`` (same shape as ``df``, e.g. a 95% confidence interval across replications)
    each line gets a shaded band.
    """
    fig, axes = plt.subplots(3, 3, figsize=(13, 9), constrained_layout=True)
    for ax, (panel, columns) in zip(axes.flat, MAIN_PANELS, strict=True):
        for column in columns:
            window = smooth if column.startswith("issues_") else 1
            series = df[column].rolling(window, min_periods=1).mean()
            (line,) = ax.plot(df.index, series, label=column.replace("_", " "), lw=1.4)
            if low is not None and high is not None:
                lo = low[column].rolling(window, min_periods=1).mean()
                hi = high[column].rolling(window, min_periods=1).mean()
                ax.fill_between(df.index, lo, hi, color=line.get_color(), alpha=0.2, lw=0)
        for step in policy_steps:
            ax.axvline(step, color="0.3", ls=":", lw=1)
        ax.set_title(panel, fontsize=10)
        ax.set_xlabel("step (week)")
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
