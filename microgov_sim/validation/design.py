"""The shape of a pattern experiment: its design (arms, timelines, horizon) and analysis.

A :class:`Pattern` is a source, a ``design`` (a function of the
:class:`~microgov_sim.validation.context.Context` returning a :class:`Design`, or None for a
pattern that runs no model: a cascade on the network alone, a classic), an ``analyse``
function (results and context to statistic rows) and a ``figure`` (a function, or the
outcomes and title of :func:`arms_figure`). The split lets the same
pattern run in the base community, in each variant and at every point of the hypercube
(:mod:`~microgov_sim.validation.hypercube`), where the arms of all patterns go to the engine
together. May import :mod:`microgov_sim.analysis` and :mod:`microgov_sim.experiments`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import matplotlib.pyplot as plt

from ..analysis import figures
from ..experiments.results import Results


@dataclass(frozen=True)
class Design:
    """Arms (parameter overrides of the defaults), their timelines and the horizon."""

    arms: dict[str, dict[str, Any]]
    timelines: dict[str, dict[int, dict[str, Any]]] = field(default_factory=dict)
    steps: int | None = None  # None: the configuration's horizon


@dataclass(frozen=True)
class Pattern:
    """One pattern of the concepts brief as an experiment."""

    source: str
    design: Callable | None
    analyse: Callable
    figure: Callable | tuple | None = None  # a function, or (outcomes, title) for arms_figure
    variants: bool = True  # repeated in the community variants
    hypercube: bool = True  # measured at every point of the behavioural hypercube


def arms_figure(results: Results, outcomes, title: str, arms=None):
    """Each arm's mean and 95% CI of the given outcomes (``arms``: those only, in order)."""
    if arms is not None:
        results = only(results, arms)
    fig = figures.final_state_figure(results, outcomes=outcomes)
    fig.suptitle(title)
    return fig


def only(results: Results, arms) -> Results:
    """The results of the given arms (scenarios) only."""
    arms = list(arms)
    return dataclasses.replace(
        results,
        points=results.points[results.points["scenario"].isin(arms)],
        steps=results.steps[results.steps["scenario"].isin(arms)],
        runs=results.runs[results.runs["scenario"].isin(arms)],
    )


def map_figure(rows: list[dict]):
    """The map of pattern 10: criteria won by the mix in each cell of the four levers."""
    cells = [r for r in rows if r["statistic"].startswith("map:")]
    if not cells:
        return None
    fig, ax = plt.subplots(figsize=(7, 0.28 * len(cells) + 1.2), constrained_layout=True)
    ax.barh([r["region"] for r in cells], [r["estimate"] for r in cells], color="tab:green")
    ax.axvline(6, color="k", lw=0.8, ls=":")
    ax.set_xlim(0, 6.2)
    ax.set_xlabel("criteria won against both pure forms (6: beats both)")
    ax.tick_params(axis="y", labelsize=7)
    ax.invert_yaxis()
    ax.set_title("Pattern 10: where co-governance beats both pure forms")
    return fig
