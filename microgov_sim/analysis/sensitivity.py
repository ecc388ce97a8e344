"""Global sensitivity analysis through SALib: one registered method per sensitivity design.

:data:`METHODS` holds the analysis methods (Sobol indices, Morris screening) by the name of the
sweep design that samples for them (:data:`~microgov_sim.experiments.designs.DESIGNS`), as
SALib's ``analyze/`` mirrors its ``sample/``. Each :class:`SensitivityMethod` says how it
analyses, which indices it reports and draws, and how its reading is phrased; adding a method
means adding one entry. :func:`analyse` takes a SALib problem, the design matrix and one model
output per design point and returns a tidy table (parameter, index, value, ci_low, ci_high).
The same function analyses a saved sweep (:func:`sweep_sensitivity`: outputs are means over
replications of each run's tail statistic) and, in the tests, SALib's Ishigami function with
known indices. SALib is imported where it is used (it is slow to import). May import
:mod:`microgov_sim.experiments` and the rest of :mod:`microgov_sim.analysis`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..experiments.errors import UserError
from ..experiments.results import Results
from .i18n import outcome_label, phrase, word

COLUMNS = ["parameter", "index", "value", "ci_low", "ci_high"]

TEXT = {
    "sobol": (
        "{o}: {p1} has the largest total-order index (ST {v1}), then {p2} ({v2}). The "
        "first-order indices sum to {s:.2f}: {additive}. No detectable influence (ST interval "
        "reaches 0): {none}.",
        "{o}：{p1}的总效应指数最大（ST {v1}），其次是{p2}（{v2}）。"
        "一阶指数之和为{s:.2f}：{additive}。无可检测影响（ST区间包含0）：{none}。",
    ),
    "additive": ("the effects are mostly additive", "效应基本可加"),
    "interacting": (
        "much of the variance comes from interactions between parameters",
        "相当一部分方差来自参数之间的交互作用",
    ),
    "morris": (
        "{o}: ranked by mean absolute elementary effect (mu*), {ranking}. Non-linear or "
        "interacting (sigma > mu*): {nonlinear}.",
        "{o}：按平均绝对基本效应（mu*）排序为{ranking}。"
        "非线性或有交互（sigma > mu*）：{nonlinear}。",
    ),
    "imprecise": (
        "outside [0, 1], so the estimates are too imprecise to separate main effects from "
        "interactions (use more samples)",
        "超出[0, 1]，估计过于不精确，无法区分主效应与交互作用（请增加样本数）",
    ),
    "none": ("none", "无"),
}

Row = tuple[str, str, float, float, float]
"""One row of the tidy table: parameter, index, value, ci_low, ci_high."""


@dataclass(frozen=True)
class SensitivityMethod:
    """One analysis method, registered under the name of the design that samples for it.

    ``analyse(problem, sample, output, seed=..., **options)`` returns the table's rows
    (:data:`Row`); ``options`` names the design options it reads (``levels``,
    ``second_order``). ``indices`` are every index it reports, ``shown`` those the figure
    draws (with their CIs), and ``reading(part, label, lang)`` is the sentence about one
    outcome's rows ``part``, whose label is ``label``.
    """

    analyse: Callable[..., list[Row]]
    indices: tuple[str, ...]
    shown: tuple[str, ...]
    reading: Callable[[pd.DataFrame, str, str], str]
    options: tuple[str, ...] = ()


def _sobol(problem, sample, output, *, seed, second_order) -> list[Row]:
    """First-order ``S1`` and total ``ST`` (and ``S2`` pairs with ``second_order``).

    SALib's ``*_conf`` are half-widths of 95% bootstrap intervals, as Morris's below.
    """
    from SALib.analyze import sobol

    res = sobol.analyze(problem, output, calc_second_order=second_order, seed=seed)
    rows = []
    for index in ("S1", "ST"):
        for name, v, c in zip(problem["names"], res[index], res[f"{index}_conf"], strict=True):
            rows.append((name, index, v, v - c, v + c))
    if second_order:
        names = problem["names"]
        for i in range(len(names)):
            for j in range(i + 1, len(names)):
                v, c = res["S2"][i, j], res["S2_conf"][i, j]
                rows.append((f"{names[i]} x {names[j]}", "S2", v, v - c, v + c))
    return rows


def _morris(problem, sample, output, *, seed, levels) -> list[Row]:
    """``mu_star`` (with CI) and ``sigma`` of each parameter's elementary effects."""
    from SALib.analyze import morris

    res = morris.analyze(problem, sample, output, num_levels=levels, seed=seed)
    rows = []
    for name, m, c, s in zip(
        problem["names"], res["mu_star"], res["mu_star_conf"], res["sigma"], strict=True
    ):
        rows.append((name, "mu_star", m, m - c, m + c))
        rows.append((name, "sigma", s, np.nan, np.nan))
    return rows


def _wide(part: pd.DataFrame) -> pd.DataFrame:
    """One row per parameter, one column per index, of one outcome's rows."""
    return part.pivot_table(index="parameter", columns="index", values="value")


def _sobol_reading(part: pd.DataFrame, label: str, lang: str) -> str:
    """The two largest total-order indices, additivity, and the parameters without influence."""
    st = part[part["index"] == "ST"].set_index("parameter").sort_values("value")[::-1]
    total = float(_wide(part)["S1"].sum())
    key = "additive" if total >= 0.8 else "interacting"
    if not -0.1 <= total <= 1.1:  # first-order indices sum to at most 1 but for estimation error
        key = "imprecise"
    return phrase(
        TEXT,
        "sobol",
        lang,
        o=label,
        p1=st.index[0],
        v1=_ci(st.iloc[0]),
        p2=st.index[min(1, len(st) - 1)],
        v2=_ci(st.iloc[min(1, len(st) - 1)]),
        s=total,
        additive=phrase(TEXT, key, lang),
        none=", ".join(st.index[st["ci_low"] <= 0]) or phrase(TEXT, "none", lang),
    )


def _morris_reading(part: pd.DataFrame, label: str, lang: str) -> str:
    """The parameters ranked by mu*, and those whose sigma exceeds their mu*."""
    ranked = _wide(part).sort_values("mu_star", ascending=False)
    ranking = ", ".join(f"{p} ({v:.3g})" for p, v in ranked["mu_star"].items())
    nonlinear = ranked.index[ranked["sigma"] > ranked["mu_star"]]
    return phrase(
        TEXT,
        "morris",
        lang,
        o=label,
        ranking=ranking,
        nonlinear=", ".join(nonlinear) or phrase(TEXT, "none", lang),
    )


METHODS: dict[str, SensitivityMethod] = {
    "sobol": SensitivityMethod(
        _sobol,
        indices=("S1", "ST", "S2"),
        shown=("S1", "ST"),
        reading=_sobol_reading,
        options=("second_order",),
    ),
    "morris": SensitivityMethod(
        _morris,
        indices=("mu_star", "sigma"),
        shown=("mu_star",),
        reading=_morris_reading,
        options=("levels",),
    ),
}
"""The sensitivity methods by design name: a sweep whose design is one of these can be analysed
(``microgov sensitivity`` and the sweep report ask here); adding a method means adding an entry
here and its design in :mod:`microgov_sim.experiments.designs`."""


def method_names() -> str:
    """The registered methods for a message: ``"sobol or morris"``."""
    *others, last = METHODS
    return f"{', '.join(others)} or {last}" if others else last


def method_of(part: pd.DataFrame) -> SensitivityMethod:
    """The method of a table's rows: its ``method`` column, else the one reporting its indices."""
    if "method" in part:
        return METHODS[part["method"].iloc[0]]
    reported = set(part["index"])
    for method in METHODS.values():
        if reported <= set(method.indices):
            return method
    raise UserError(f"no sensitivity method reports the indices {', '.join(sorted(reported))}")


def analyse(
    problem: dict,
    sample: np.ndarray,
    output: np.ndarray,
    method: str,
    *,
    levels=4,
    second_order=False,
    seed=0,
) -> pd.DataFrame:
    """Sensitivity indices of ``output`` with 95% CIs (bootstrap) as a long table.

    ``method`` is a name in :data:`METHODS`. Sobol: first-order ``S1`` and total ``ST`` (and
    ``S2`` pairs with ``second_order``). Morris: ``mu_star`` (with CI) and ``sigma``.
    """
    if not isinstance(method, str) or method not in METHODS:
        raise UserError(f"sensitivity analysis needs a {method_names()} design, not {method!r}")
    spec = METHODS[method]
    settings = {"levels": levels, "second_order": second_order}
    options = {name: settings[name] for name in spec.options}
    rows = spec.analyse(problem, sample, np.asarray(output, dtype=float), seed=seed, **options)
    return pd.DataFrame(rows, columns=COLUMNS)


def sweep_sensitivity(
    results: Results, outcomes, *, skip_missing: bool = False
) -> pd.DataFrame | None:
    """Indices for each outcome of a saved sweep whose design has a method in :data:`METHODS`.

    The indices need the outcome at every design point: an outcome missing at some point (its
    window longer than the runs, or nothing to count) is a :class:`UserError`, or is left out
    with ``skip_missing`` (None when no outcome is left).
    """
    design = results.metadata.get("design") or {}
    method = design.get("method")
    if not isinstance(method, str) or method not in METHODS:
        raise UserError(
            f"{results.path}: sensitivity analysis needs a sweep with a {method_names()} design "
            f"(this one: {method or results.metadata.get('kind')})"
        )
    sample = np.asarray(design["raw_sample"], dtype=float)
    runs = results.runs.groupby("point")
    if len(runs) != len(sample):
        raise UserError(
            f"{results.path}: {len(sample) - len(runs)} design points have no finished run "
            "(see errors.parquet); the indices need every point"
        )
    frames = []
    for outcome in outcomes:
        output = runs[f"{outcome}_tail"].mean().sort_index().to_numpy()
        if missing := int(np.isnan(output).sum()):
            if skip_missing:
                continue
            raise UserError(
                f"{outcome}: missing at {missing} of {len(output)} design points (its window is "
                "longer than the runs, or there was nothing to count); the indices need a value "
                "at every point: run longer or leave it out"
            )
        table = analyse(
            design["problem"],
            sample,
            output,
            method,
            levels=design.get("levels") or 4,
            second_order=bool(design.get("second_order")),
            seed=results.metadata["master_seed"],
        )
        frames.append(table.assign(outcome=outcome, method=method))
    return pd.concat(frames, ignore_index=True) if frames else None


def sensitivity_figure(table: pd.DataFrame, lang: str = "en"):
    """Bar chart of the method's shown indices with 95% CIs, one panel per outcome."""
    outcomes = list(dict.fromkeys(table["outcome"]))
    fig, axes = plt.subplots(
        1,
        len(outcomes),
        figsize=(4.5 * len(outcomes), 3.8),
        constrained_layout=True,
        squeeze=False,
    )
    for ax, outcome in zip(axes[0], outcomes, strict=True):
        part = table[table["outcome"] == outcome]
        part = part[part["index"].isin(method_of(part).shown)]
        params = list(dict.fromkeys(part["parameter"]))
        indices = list(dict.fromkeys(part["index"]))
        width = 0.8 / len(indices)
        for k, index in enumerate(indices):
            rows = part[part["index"] == index].set_index("parameter").loc[params]
            x = np.arange(len(params)) + k * width
            err = np.vstack([rows["value"] - rows["ci_low"], rows["ci_high"] - rows["value"]])
            ax.bar(x, rows["value"], width, yerr=np.abs(np.nan_to_num(err)), capsize=3, label=index)
        ax.set_xticks(
            np.arange(len(params)) + 0.4 - width / 2, params, rotation=35, ha="right", fontsize=8
        )
        ax.set_title(outcome_label(outcome, lang), fontsize=10)
        ax.legend(fontsize=8, frameon=False)
        ax.grid(alpha=0.3, axis="y")
    fig.suptitle(word("sensitivity_title", lang))
    return fig


def readings(table: pd.DataFrame, lang: str = "en") -> list[str]:
    """One plain-language sentence per outcome, generated from the indices in ``table``."""
    return [
        method_of(part).reading(part, outcome_label(outcome, lang), lang)
        for outcome, part in table.groupby("outcome", sort=False)
    ]


def _ci(row: pd.Series) -> str:
    return f"{row['value']:.2f} [{row['ci_low']:.2f}, {row['ci_high']:.2f}]"
