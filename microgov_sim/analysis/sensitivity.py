"""Global sensitivity analysis through SALib: Morris screening and Sobol indices.

:func:`analyse` takes a SALib problem, the design matrix and one model output per design
point and returns a tidy table (parameter, index, value, ci_low, ci_high). The same function
analyses a saved sweep (:func:`sweep_sensitivity`: outputs are means over replications of
each run's tail statistic) and, in the tests, SALib's Ishigami function with known indices.
SALib is imported where it is used (it is slow to import). May import
:mod:`microgov_sim.experiments` and the rest of :mod:`microgov_sim.analysis`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..experiments.errors import UserError
from ..experiments.results import Results
from .i18n import outcome_label, phrase, word

CONF_Z = 1.959963984540054  # SALib's *_conf are 95% half-widths

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

    Sobol: first-order ``S1`` and total ``ST`` (and ``S2`` pairs with ``second_order``).
    Morris: ``mu_star`` (with CI) and ``sigma``.
    """
    output = np.asarray(output, dtype=float)
    rows = []
    if method == "sobol":
        from SALib.analyze import sobol

        res = sobol.analyze(problem, output, calc_second_order=second_order, seed=seed)
        for index in ("S1", "ST"):
            for name, v, c in zip(problem["names"], res[index], res[f"{index}_conf"], strict=True):
                rows.append((name, index, v, v - c, v + c))
        if second_order:
            names = problem["names"]
            for i in range(len(names)):
                for j in range(i + 1, len(names)):
                    v, c = res["S2"][i, j], res["S2_conf"][i, j]
                    rows.append((f"{names[i]} x {names[j]}", "S2", v, v - c, v + c))
    elif method == "morris":
        from SALib.analyze import morris

        res = morris.analyze(problem, sample, output, num_levels=levels, seed=seed)
        for name, m, c, s in zip(
            problem["names"], res["mu_star"], res["mu_star_conf"], res["sigma"], strict=True
        ):
            rows.append((name, "mu_star", m, m - c, m + c))
            rows.append((name, "sigma", s, np.nan, np.nan))
    else:
        raise UserError(f"sensitivity analysis needs a sobol or morris design, not {method!r}")
    return pd.DataFrame(rows, columns=["parameter", "index", "value", "ci_low", "ci_high"])


def sweep_sensitivity(results: Results, outcomes) -> pd.DataFrame:
    """Indices for each outcome of a saved Sobol or Morris sweep."""
    design = results.metadata.get("design") or {}
    method = design.get("method")
    if method not in ("sobol", "morris"):
        raise UserError(
            f"{results.path}: sensitivity analysis needs a sweep with a sobol or morris design "
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
    return pd.concat(frames, ignore_index=True)


def sensitivity_figure(table: pd.DataFrame, lang: str = "en"):
    """Bar chart of the indices with 95% CIs, one panel per outcome."""
    outcomes = list(dict.fromkeys(table["outcome"]))
    shown = table[table["index"].isin(["S1", "ST", "mu_star"])]
    fig, axes = plt.subplots(
        1,
        len(outcomes),
        figsize=(4.5 * len(outcomes), 3.8),
        constrained_layout=True,
        squeeze=False,
    )
    for ax, outcome in zip(axes[0], outcomes, strict=True):
        part = shown[shown["outcome"] == outcome]
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
    out = []
    nothing = phrase(TEXT, "none", lang)
    for outcome, part in table.groupby("outcome", sort=False):
        label = outcome_label(outcome, lang)
        wide = part.pivot_table(index="parameter", columns="index", values="value")
        if "ST" in wide:
            st = part[part["index"] == "ST"].set_index("parameter").sort_values("value")[::-1]
            total = float(wide["S1"].sum())
            if not -0.1 <= total <= 1.1:
                key = "imprecise"
            else:
                key = "additive" if total >= 0.8 else "interacting"
            out.append(
                phrase(
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
                    none=", ".join(st.index[st["ci_low"] <= 0]) or nothing,
                )
            )
        else:
            ranked = wide.sort_values("mu_star", ascending=False)
            ranking = ", ".join(f"{p} ({v:.3g})" for p, v in ranked["mu_star"].items())
            nonlinear = ranked.index[ranked["sigma"] > ranked["mu_star"]]
            out.append(
                phrase(
                    TEXT,
                    "morris",
                    lang,
                    o=label,
                    ranking=ranking,
                    nonlinear=", ".join(nonlinear) or nothing,
                )
            )
    return out


def _ci(row: pd.Series) -> str:
    return f"{row['value']:.2f} [{row['ci_low']:.2f}, {row['ci_high']:.2f}]"
