"""The interactive explorer: move a lever, step the model, watch the community respond.

Built on Mesa's ``SolaraViz``. Start it with ``microgov explore`` (or
``solara run microgov_sim.interfaces.explorer``) and open the address it prints. The sidebar
holds the main levers (sliders and a selector) and the step/play/reset controls; a new setting takes
effect on *Reset*, which builds a new community. The main area shows:

* the current levers and the latest outcomes, as text;
* the households of the first four buildings and their ties, coloured by recent participation
  or by trust (positions come from the building/doorway structure: no force layout, so the view
  draws in milliseconds at any community size);
* live plots of participation, autonomy, trust and dependency (shares), the backlog of open
  issues, and the government's cumulative cost.

Every browser session (every visitor, every tab) has its own community: the page component
:func:`Page` builds the model when a session first renders it, so stepping, playing, resetting
and moving a lever in one session never touch another's. (A model built at import time would be
one object shared by every session, since Solara imports the app module once per server.)

The network view draws a snapshot taken by :mod:`microgov_sim.experiments.snapshots`. The top
of the import order: may import every stage, and builds models (analysis never does).
"""

from __future__ import annotations

import solara
from matplotlib.figure import Figure
from mesa.visualization import Slider, SolaraViz, make_plot_component
from mesa.visualization.utils import update_counter

from ..analysis.figures import network_snapshot
from ..analysis.i18n import outcome_label, word
from ..experiments.snapshots import take_snapshot
from ..model.model import MicroGovModel
from ..model.outcomes import SPECS_BY_NAME, outcomes_in
from ..model.params import DEFAULTS, UNIT_SCALES

N_BUILDINGS = 4
SEED = 42


def _slider(label: str, name: str, low: float, high: float, step: float) -> Slider:
    return Slider(label, DEFAULTS[name], low, high, step)


MODEL_PARAMS = {
    "rng": Slider("seed", SEED, 0, 999, 1),
    "n_households": _slider("households", "n_households", 500, 10_000, 500),
    "admin_penetration": _slider(
        "administrative penetration 行政渗透", "admin_penetration", 0.0, 1.0, 0.05
    ),
    "micro_autonomy": _slider("micro-unit autonomy 微单元自治", "micro_autonomy", 0.0, 1.0, 0.05),
    "party_embedding": _slider("party embedding 党建嵌入", "party_embedding", 0.0, 1.0, 0.05),
    "crowding_out": _slider("crowding out (+) / in (-) 挤出效应", "crowding_out", -1.0, 1.0, 0.1),
    "mobility_rate": _slider(
        "households moving per week 流动率", "mobility_rate", 0.0, 0.02, 0.001
    ),
    "unit_scale": {
        "type": "Select",
        "value": DEFAULTS["unit_scale"],
        "values": list(UNIT_SCALES),
        "label": "unit of self-organisation 自治单元",
    },
}

# The outcomes bounded by [0, 1] share one plot; each other outcome gets its own.
SHARES = [name for name in outcomes_in("explorer") if SPECS_BY_NAME[name].high == 1]
OWN_PLOT = [name for name in outcomes_in("explorer") if name not in SHARES]
LEVERS = [name for name in MODEL_PARAMS if name != "rng"]


@solara.component
def NetworkView(model: MicroGovModel):  # noqa: N802 (Solara components are CamelCase)
    """The first buildings' households and ties, coloured by participation or trust."""
    update_counter.get()  # redraw after every step
    color_by, set_color_by = solara.use_state("participation")
    solara.ToggleButtonsSingle(
        value=color_by, values=["participation", "trust"], on_value=set_color_by
    )
    fig = Figure(figsize=(7, 3.4), layout="constrained")
    ax = fig.add_subplot()
    snapshot = take_snapshot(model, N_BUILDINGS)
    _, points = network_snapshot(snapshot, color_by, ax=ax)
    label = word("trust") if color_by == "trust" else word("participation")
    fig.colorbar(points, ax=ax, label=label, shrink=0.8)
    ax.set_title(word("network_live", k=N_BUILDINGS, step=snapshot.step), fontsize=10)
    solara.FigureMatplotlib(fig, format="png")


@solara.component
def Settings(model: MicroGovModel):  # noqa: N802 (Solara components are CamelCase)
    """The levers of the community on screen (new settings apply on Reset), and its state."""
    update_counter.get()
    levers = ", ".join(f"{name} = {getattr(model.p, name)}" for name in LEVERS)
    last = model.datacollector.get_model_vars_dataframe().iloc[-1]
    state = ", ".join(f"{name} = {last[name]:.3g}" for name in (*SHARES, *OWN_PLOT))
    solara.Text(f"Community at step {model.week}: {levers}.")
    solara.Text(f"Outcomes: {state}.")


def readable(ax) -> None:
    """Plain-language labels for a live plot (Mesa labels it with the column names)."""
    lines = ax.get_lines()
    for line in lines:
        line.set_label(outcome_label(line.get_label()))
    if len(lines) > 1:
        ax.legend(fontsize=8, frameon=False)
    else:
        ax.set_ylabel(outcome_label(ax.get_ylabel()))


def build_page(model: MicroGovModel):
    """The explorer's Solara page for ``model``, e.g. to show one model in a notebook."""
    return SolaraViz(
        model,
        components=[
            Settings,
            NetworkView,
            make_plot_component(SHARES, post_process=readable),
            *(make_plot_component(name, post_process=readable) for name in OWN_PLOT),
        ],
        model_params=MODEL_PARAMS,
        name="microgov-sim explorer 微治理模拟",
    )


@solara.component
def Page():  # noqa: N802 (Solara components are CamelCase)
    """The explorer for one browser session: its own community, controls and plots.

    Solara renders this component once per session (virtual kernel), and ``use_memo`` keeps
    the model for the life of that session only. SolaraViz wraps it in a reactive of the
    session's own (``use_reactive``), which *Reset* replaces with a new model built from the
    session's own parameter values; the redraw counter Mesa uses (``update_counter``) is a
    module-level ``solara.reactive``, whose value Solara keeps per session.
    """
    model = solara.use_memo(lambda: MicroGovModel(rng=SEED), dependencies=[])
    return build_page(model)
