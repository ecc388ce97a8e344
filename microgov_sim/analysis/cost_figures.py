"""The government's cost by line: a stacked bar per scenario of the comparison report.

The lines are :data:`~microgov_sim.model.outcomes.COST_LINES` (officers, supervision, platform,
disposals, support; they sum to ``government_cost``). May import
:mod:`microgov_sim.experiments`, :mod:`microgov_sim.model` (declarations) and
:mod:`~microgov_sim.analysis.figures` and :mod:`~microgov_sim.analysis.i18n`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from ..experiments.results import Results
from ..model.outcomes import COST_LINES
from .figures import scenarios_of
from .i18n import outcome_label, word


def cost_lines_figure(results: Results, lang: str = "en") -> Figure:
    """Cumulative government cost at the end of the runs, by line, one stacked bar a scenario.

    Each segment is a line's mean over replications (:data:`COST_LINES`, which sum to
    ``government_cost``); the whisker is the 95% CI of the total.
    """
    table = results.summary([*COST_LINES, "government_cost"], statistic="final")
    names = scenarios_of(results)
    fig, ax = plt.subplots(figsize=(8.5, 0.6 * len(names) + 1.6), constrained_layout=True)
    y = np.arange(len(names))
    left = np.zeros(len(names))
    colors = plt.get_cmap("tab10")
    for i, line in enumerate(COST_LINES):
        part = table[table["outcome"] == line].set_index("scenario").loc[names, "mean"]
        values = np.nan_to_num(part.to_numpy(dtype=float))
        ax.barh(y, values, left=left, color=colors(i), label=outcome_label(line, lang))
        left += values
    total = table[table["outcome"] == "government_cost"].set_index("scenario").loc[names]
    err = np.vstack([total["mean"] - total["ci_low"], total["ci_high"] - total["mean"]])
    ax.errorbar(total["mean"], y, xerr=np.nan_to_num(err), fmt="none", color="k", capsize=3)
    ax.set_yticks(y, names, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel(outcome_label("government_cost", lang))
    ax.grid(alpha=0.3, axis="x")
    ax.legend(fontsize=8, frameon=False, loc="lower right")
    fig.suptitle(word("cost_lines_title", lang))
    return fig
