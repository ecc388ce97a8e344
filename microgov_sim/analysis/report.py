"""The comparison report, and :func:`write_report`, which writes the report of any results.

Sections: the scenarios and their parameters; key differences from the first (reference)
scenario with effect sizes and confidence intervals; each figure with a short reading
generated from the numbers. Differences are paired by replication, which share seeds (common
random numbers), so their CIs are those of the mean paired difference (inside the range a
difference of the outcome can take); the effect size is Cohen's d (difference of means over
the pooled standard deviation of the two arms). Every table gives the replications it rests
on, and a warning heads the report when they are fewer than
:data:`~microgov_sim.experiments.stats.MIN_REPLICATIONS`.

The page itself (one self-contained HTML file, every figure also as PNG and SVG) is
:mod:`~microgov_sim.analysis.page`, shared with the sweep report. May import the rest of
:mod:`microgov_sim.analysis`, :mod:`microgov_sim.experiments` and :mod:`microgov_sim.model`.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ..experiments.errors import UserError
from ..experiments.results import Results
from ..experiments.snapshots import NetworkSnapshot
from ..experiments.stats import MIN_REPLICATIONS, difference_bounds, mean_ci
from ..model.outcomes import COST_LINES, outcomes_in
from . import figures
from .cost_figures import cost_lines_figure
from .i18n import outcome_label, phrase, use_language
from .page import (
    changed_params,
    ci_cells,
    figure_blocks,
    fmt_ci,
    fmt_span,
    html_table,
    report_folder,
    save_figures,
    warning_paragraph,
    write_page,
)
from .sweep_report import write_sweep_report

TEXT = {
    "title": ("microgov-sim comparison report", "microgov-sim 情景比较报告"),
    "intro": (
        "{k} scenarios, {n} replications each with common random numbers, {steps} weekly "
        "steps. Values are means of the last fifth of each run; intervals are 95% CIs "
        "(Student t, within each outcome's possible range).",
        "{k}个情景，每个{n}次重复（共同随机数），{steps}周。数值为每次运行最后五分之一步的均值；"
        "区间为95%置信区间（Student t，限于各结果的可能取值范围）。",
    ),
    "few": (
        "Warning: these results rest on {n} replications per scenario, fewer than {min}: "
        "their confidence intervals are unreliable. Run with --replications {min} or more.",
        "警告：这些结果仅基于每个情景{n}次重复，少于{min}次：其置信区间不可靠。"
        "请用 --replications {min} 或更多重新运行。",
    ),
    "n_row": ("replications (n)", "重复次数（n）"),
    "scenarios": ("Scenarios and parameters", "情景与参数"),
    "differences": ("Key differences from {ref}", "与{ref}相比的主要差异"),
    "figures": ("Figures", "图"),
    "param_note": (
        "Parameters that differ from the model defaults; timeline changes in the last column.",
        "与模型默认值不同的参数；最后一列为政策时间线。",
    ),
    "diff_note": (
        "Difference = scenario minus {ref}, paired by replication; d = Cohen's d.",
        "差值 = 情景减去{ref}，按重复配对；d为Cohen's d效应量。",
    ),
    "read_ts": (
        "By the end, {hi} has the highest {o} ({hv}) and {lo} the lowest ({lv}).",
        "到结束时，{hi}的{o}最高（{hv}），{lo}最低（{lv}）。",
    ),
    "read_final": (
        "{o}: {hi} is highest ({hv}); {lo} is lowest ({lv}).",
        "{o}：{hi}最高（{hv}），{lo}最低（{lv}）。",
    ),
    "read_none": (
        "{o}: no values in these runs (its window is longer than the runs, or there was "
        "nothing to count).",
        "{o}：这些运行中没有取值（其时间窗长于运行，或没有可计数的事务）。",
    ),
    "read_trade": (
        "{best} reaches the highest autonomy ({a}) at a government cost of {c}; the cheapest "
        "scenario is {cheap} ({cc}). {dominated}",
        "{best}的自治指数最高（{a}），政府成本为{c}；成本最低的情景是{cheap}（{cc}）。{dominated}",
    ),
    "dominated": (
        "Dominated (another scenario has more autonomy at lower cost): {names}.",
        "被占优（另有情景自治更高且成本更低）：{names}。",
    ),
    "none_dominated": (
        "No scenario is dominated on autonomy and cost.",
        "没有情景在自治与成本上被占优。",
    ),
    "cost_lines": ("Government cost by line", "政府成本分项"),
    "cost_note": (
        "Cumulative cost at the end of the run, mean [95% CI] over replications; the lines sum "
        "to the government's cost.",
        "运行结束时的累计成本，重复间均值[95%置信区间]；各分项之和为政府成本。",
    ),
    "read_cost": (
        "The largest line of each scenario: {largest}.",
        "各情景最大的成本分项：{largest}。",
    ),
    "read_net": (
        "Households of the first four buildings, coloured by recent participation, at the end "
        "of replication 0. Share of the whole community taking part: {shares}.",
        "第0次重复结束时前四栋楼的住户，按近期参与着色。全社区参与比例：{shares}。",
    ),
}
REPORT_OUTCOMES = outcomes_in("report")


def t(key: str, lang: str, **fmt) -> str:
    """A report phrase in ``lang``."""
    return phrase(TEXT, key, lang, **fmt)


def differences(results: Results, outcomes=REPORT_OUTCOMES) -> pd.DataFrame:
    """Each scenario against the first: paired mean difference with CI, and Cohen's d."""
    names = figures.scenarios_of(results)
    runs = results.runs
    ref = names[0]
    rows = []
    for outcome in outcomes:
        col = f"{outcome}_tail"
        # dropna=False keeps a scenario whose outcome is missing in every run (no difference)
        wide = runs.pivot_table(index="replication", columns="scenario", values=col, dropna=False)
        for name in names[1:]:
            pair = wide[[ref, name]].dropna()
            diff = pair[name] - pair[ref]
            mean, low, high = mean_ci(diff, bounds=difference_bounds(outcome))
            pooled = np.sqrt((pair[name].var(ddof=1) + pair[ref].var(ddof=1)) / 2)
            d = mean / pooled if pooled > 0 else np.nan
            rows.append(
                {
                    "outcome": outcome,
                    "scenario": name,
                    "reference": ref,
                    "difference": mean,
                    "ci_low": low,
                    "ci_high": high,
                    "cohens_d": d,
                    "n_pairs": len(diff),
                }
            )
    return pd.DataFrame(rows)


def few_replications_note(summary: pd.DataFrame, lang: str) -> str:
    """The report's warning when ``summary`` rows rest on too few replications, else ''."""
    few = summary[summary["few_replications"]]
    return t("few", lang, n=fmt_span(few["n"]), min=MIN_REPLICATIONS) if len(few) else ""


def _extremes(summary: pd.DataFrame, outcome: str, key: str, lang: str) -> str:
    """The reading ``key`` of where ``outcome`` is highest and lowest (scenarios with values)."""
    part = summary[summary["outcome"] == outcome].set_index("scenario").dropna(subset=["mean"])
    if part.empty:  # missing in every run: a window longer than the runs, or nothing to count
        return t("read_none", lang, o=outcome_label(outcome, lang))
    hi, lo = part["mean"].idxmax(), part["mean"].idxmin()
    hi_ci, lo_ci = (fmt_ci(*part.loc[s, ["mean", "ci_low", "ci_high"]]) for s in (hi, lo))
    return t(key, lang, hi=hi, hv=hi_ci, lo=lo, lv=lo_ci, o=outcome_label(outcome, lang))


def cost_line_table(results: Results, lang: str) -> pd.DataFrame:
    """The cost lines (rows) by scenario (columns): final cumulative mean [95% CI]."""
    names = figures.scenarios_of(results)
    lines = [*COST_LINES, "government_cost"]
    summary = results.summary(lines, statistic="final")
    summary["cell"] = ci_cells(summary)
    wide = summary.pivot(index="outcome", columns="scenario", values="cell").loc[lines, names]
    wide = wide.reset_index()
    wide["outcome"] = [outcome_label(o, lang) for o in wide["outcome"]]
    return wide


def _largest_lines(results: Results, lang: str) -> str:
    means = results.runs.groupby("scenario")[[f"{c}_final" for c in COST_LINES]].mean()
    largest = ", ".join(
        f"{s} {outcome_label(str(row.idxmax()).removesuffix('_final'), lang)} "
        f"({row.max() / row.sum():.0%})"
        for s, row in means.loc[figures.scenarios_of(results)].iterrows()
        if row.sum() > 0
    )
    return t("read_cost", lang, largest=largest or "–")


def _readings(results: Results, lang: str) -> dict[str, str]:
    summary = results.summary(list(REPORT_OUTCOMES))
    out = {}
    out["timeseries"] = " ".join(
        _extremes(summary, outcome, "read_ts", lang)
        for outcome in ("participation_rate", "autonomy_index", "backlog")
    )
    out["cost_lines"] = _largest_lines(results, lang)
    out["final"] = " ".join(
        _extremes(summary, outcome, "read_final", lang) for outcome in figures.KEY_OUTCOMES
    )
    means = results.runs.groupby("scenario")[
        ["autonomy_index_tail", "government_cost_final"]
    ].mean()
    if means["autonomy_index_tail"].isna().all():
        out["tradeoff"] = t("read_none", lang, o=outcome_label("autonomy_index", lang))
        return out
    best = means["autonomy_index_tail"].idxmax()
    cheap = means["government_cost_final"].idxmin()
    dominated = [
        s
        for s, r in means.iterrows()
        if (
            (means["autonomy_index_tail"] > r["autonomy_index_tail"])
            & (means["government_cost_final"] < r["government_cost_final"])
        ).any()
    ]
    dom = (
        t("dominated", lang, names=", ".join(dominated)) if dominated else t("none_dominated", lang)
    )
    out["tradeoff"] = t(
        "read_trade",
        lang,
        best=best,
        a=f"{means.loc[best, 'autonomy_index_tail']:.3g}",
        c=f"{means.loc[best, 'government_cost_final']:.4g}",
        cheap=cheap,
        cc=f"{means.loc[cheap, 'government_cost_final']:.4g}",
        dominated=dom,
    )
    return out


def write_report(
    results: Results,
    lang: str = "en",
    folder: str | Path | None = None,
    snapshots: Mapping[str, NetworkSnapshot] | None = None,
    **sweep_options,
) -> Path:
    """Write ``report.html`` and its figures (PNG and SVG) into ``folder/report/``.

    Scenario and comparison results get the comparison report
    (:func:`write_comparison_report`, which draws the network figure from ``snapshots``);
    sweep results the sweep report
    (:func:`microgov_sim.analysis.sweep_report.write_sweep_report`, which takes
    ``sweep_options`` such as ``phase=("admin_penetration", "micro_autonomy")``).
    """
    if results.metadata.get("kind") == "sweep":
        if snapshots is not None:
            raise UserError(f"{results.path}: network snapshots only apply to comparisons")
        return write_sweep_report(results, lang, folder, **sweep_options)
    if sweep_options:
        raise UserError(f"{results.path}: {', '.join(sweep_options)} only applies to sweep results")
    return write_comparison_report(results, lang, folder, snapshots)


def write_comparison_report(
    results: Results,
    lang: str = "en",
    folder: str | Path | None = None,
    snapshots: Mapping[str, NetworkSnapshot] | None = None,
) -> Path:
    """Write the comparison's ``report.html`` with its figures to ``folder/report/``.

    ``snapshots`` are the scenarios' networks at the end of replication 0, as
    :func:`microgov_sim.experiments.snapshots.final_snapshots` replays them (the command line
    does); the report reads saved results only and builds no model, so without them it has
    no network figure.
    """
    folder = report_folder(results, folder)
    names = figures.scenarios_of(results)
    with use_language(lang):
        made = {
            "timeseries": figures.timeseries_figure(results, lang=lang),
            "final": figures.final_state_figure(results, lang=lang),
            "tradeoff": figures.tradeoff_figure(results, lang=lang),
            "cost_lines": cost_lines_figure(results, lang=lang),
        }
        if snapshots:
            made["network"] = figures.network_figure(snapshots, lang=lang)
        save_figures(made, folder)
    readings = _readings(results, lang)
    if snapshots:
        net = results.runs[results.runs["replication"] == 0].set_index("scenario")
        shares = ", ".join(f"{s} {net.loc[s, 'participation_rate_final']:.2f}" for s in snapshots)
        readings["network"] = t("read_net", lang, shares=shares)

    rows = []
    for _, row in results.points.iterrows():
        rows.append(
            {
                "scenario": row["scenario"],
                "parameters": changed_params(json.loads(row["params"])),
                "timeline": row.get("timeline") or "{}",
            }
        )
    scenario_table = pd.DataFrame(rows)
    summary = results.summary(list(REPORT_OUTCOMES))
    summary["cell"] = ci_cells(summary)
    wide = (
        summary.pivot(index="outcome", columns="scenario", values="cell")
        .loc[list(REPORT_OUTCOMES), names]
        .reset_index()
    )
    wide["outcome"] = [outcome_label(o, lang) for o in wide["outcome"]]
    counts = summary.groupby("scenario")["n"]
    wide.loc[len(wide)] = [t("n_row", lang), *(fmt_span(counts.get_group(s)) for s in names)]
    warning = few_replications_note(summary, lang)
    diff = differences(results)
    ref = names[0]
    if not diff.empty:
        diff_view = pd.DataFrame(
            {
                "outcome": [outcome_label(o, lang) for o in diff["outcome"]],
                "scenario": diff["scenario"],
                "difference [95% CI]": ci_cells(diff, ("difference", "ci_low", "ci_high")),
                "d": diff["cohens_d"].map(lambda v: f"{v:+.2f}" if np.isfinite(v) else "–"),
                "n": diff["n_pairs"],
            }
        )
    else:
        diff_view = pd.DataFrame()
    steps = int(results.points["steps"].max())
    intro = t("intro", lang, k=len(names), n=results.metadata.get("replications"), steps=steps)
    body = [
        f"<h1>{t('title', lang)}</h1>",
        f"<p>{intro}</p>",
        warning_paragraph(warning) if warning else "",
        f"<h2>{t('scenarios', lang)}</h2><p>{t('param_note', lang)}</p>",
        html_table(scenario_table),
        html_table(wide),
        f"<h2>{t('differences', lang, ref=html.escape(ref))}</h2>",
        f"<p>{t('diff_note', lang, ref=html.escape(ref))}</p>",
        html_table(diff_view) if not diff_view.empty else "",
        f"<h2>{t('cost_lines', lang)}</h2><p>{t('cost_note', lang)}</p>",
        html_table(cost_line_table(results, lang)),
        f"<h2>{t('figures', lang)}</h2>",
    ]
    body += figure_blocks(made, readings, folder)
    path = write_page(folder, t("title", lang), body, lang)
    diff.to_csv(folder / "differences.csv", index=False)
    return path
