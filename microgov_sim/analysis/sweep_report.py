"""The sweep report: what a parameter sweep shows, as one self-contained HTML file.

Sections: a warning when the design points rest on fewer than
:data:`~microgov_sim.experiments.stats.MIN_REPLICATIONS` replications; the design (factors
with their levels or ranges, fixed parameters, seeds); the design points with their
replications and each key outcome's mean and 95% CI (up to 60 points; larger sweeps point
to ``summary.csv``); the main-effects figure (mean outcome at each level of each factor);
phase diagrams over the first two factors (or the pair asked for); and, for Sobol and Morris
designs, the sensitivity indices with their table. Every figure gets a reading generated from
the numbers. The page is :mod:`~microgov_sim.analysis.page`, shared with the comparison
report. May import the rest of :mod:`microgov_sim.analysis` (not the comparison report),
:mod:`microgov_sim.experiments` and :mod:`microgov_sim.model`.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import numpy as np
import pandas as pd

from ..experiments.errors import UserError
from ..experiments.results import Results
from ..experiments.stats import MIN_REPLICATIONS
from ..model.outcomes import outcomes_in
from . import figures
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
from .sensitivity import METHODS, sensitivity_figure, sweep_sensitivity
from .sensitivity import readings as sensitivity_readings

SWEEP_OUTCOMES = outcomes_in("sweep")
MAX_POINT_ROWS = 60

TEXT = {
    "title": ("microgov-sim sweep report: {name}", "microgov-sim 参数扫描报告：{name}"),
    "intro": (
        "{method} design over {k} factors: {points} design points x {n} replications = {runs} "
        "runs ({failed} failed), {steps} weekly steps, master seed {seed}; the same replication "
        "seeds at every point (common random numbers). Values are means of the last fifth of "
        "each run; intervals are 95% CIs across replications (Student t, within each "
        "outcome's possible range).",
        "{method}设计，{k}个因素：{points}个设计点 x {n}次重复 = {runs}次运行（失败{failed}次），"
        "{steps}周，主种子{seed}；各设计点使用相同的重复种子（共同随机数）。"
        "数值为每次运行最后五分之一步的均值；区间为跨重复的95%置信区间"
        "（Student t，限于各结果的可能取值范围）。",
    ),
    "few": (
        "Warning: the design points rest on {n} replications each, fewer than {min}: their "
        "confidence intervals (table of design points, summary.csv) are unreliable. Main "
        "effects pool the runs at each level. Run with --replications {min} or more.",
        "警告：各设计点仅基于{n}次重复，少于{min}次：其置信区间（设计点表、summary.csv）不可靠。"
        "主效应汇集了每个水平上的所有运行。请用 --replications {min} 或更多重新运行。",
    ),
    "design": ("Design", "设计"),
    "fixed": ("Fixed parameters (differing from the defaults): {params}", "固定参数：{params}"),
    "points": ("Design points", "设计点"),
    "too_many": (
        "{n} design points: see summary.csv in the results folder.",
        "共{n}个设计点：见结果目录中的summary.csv。",
    ),
    "figures": ("Figures", "图"),
    "sensitivity": ("Sensitivity indices", "敏感性指数"),
    "read_none": (
        "{o}: no values in this sweep (its window is longer than the runs, or there was "
        "nothing to count).",
        "{o}：本次扫描中没有取值（其时间窗长于运行，或没有可计数的事务）。",
    ),
    "read_main": (
        "{o} depends most on {f}: highest ({hv}) at {f} = {hl}, lowest ({lv}) at {f} = {ll}.",
        "{o}受{f}影响最大：{f} = {hl}时最高（{hv}），{f} = {ll}时最低（{lv}）。",
    ),
    "read_main_next": (
        " Next: {f} (range of level means {r}).",
        "其次是{f}（各水平均值的极差为{r}）。",
    ),
    "read_phase": (
        "{o} is highest ({hv}) at {x} = {hx}, {y} = {hy} and lowest ({lv}) at {x} = {lx}, "
        "{y} = {ly}.",
        "{o}在{x} = {hx}、{y} = {hy}时最高（{hv}），在{x} = {lx}、{y} = {ly}时最低（{lv}）。",
    ),
    "read_corners": (
        " Corners ({x} first/last level with {y} first): {c00} / {c10}; with {y} last: "
        "{c01} / {c11}.",
        "四角（{y}取首个水平时{x}取首/末水平）：{c00} / {c10}；{y}取末水平时：{c01} / {c11}。",
    ),
    "phase_note": (
        " Cells average replications and any other varied factor{binned}.",
        "每格对重复和其他变化因素取平均{binned}。",
    ),
    "binned": ("; sampled values are binned", "；抽样值已分箱"),
}


def t(key: str, lang: str, **fmt) -> str:
    """A sweep-report phrase in ``lang``."""
    return phrase(TEXT, key, lang, **fmt)


def factor_table(results: Results) -> pd.DataFrame:
    """One row per factor: its name and its levels or range as the sweep file gives them."""
    rows = []
    for spec in (results.metadata.get("design") or {}).get("factors") or []:
        if spec.get("values") is not None:
            levels = ", ".join(str(v) for v in spec["values"])
        else:
            levels = f"{spec['low']} .. {spec['high']}"
            if spec.get("num"):
                levels += f" ({spec['num']} levels)"
        rows.append({"factor": spec["name"], "levels or range": levels})
    return pd.DataFrame(rows)


def point_table(results: Results, outcomes, lang: str) -> pd.DataFrame:
    """One row per design point: its factor values, replications (n), each mean [95% CI]."""
    summary = results.summary(list(outcomes))
    summary["cell"] = ci_cells(summary)
    wide = summary.pivot(index=["point", *results.factors], columns="outcome", values="cell")
    wide = wide[list(outcomes)].reset_index()
    wide.columns.name = None
    counts = summary.groupby("point")["n"]
    wide.insert(
        len(results.factors) + 1, "n", [fmt_span(counts.get_group(p)) for p in wide["point"]]
    )
    return wide.rename(columns={o: outcome_label(o, lang) for o in outcomes})


def few_replications_note(summary: pd.DataFrame, lang: str) -> str:
    """The warning when design points rest on fewer than MIN_REPLICATIONS, else ''."""
    few = summary[summary["few_replications"]]
    return t("few", lang, n=fmt_span(few["n"]), min=MIN_REPLICATIONS) if len(few) else ""


def main_effect_reading(results: Results, outcome: str, lang: str) -> str:
    """Which factor moves ``outcome`` most, where it is highest and lowest; the runner-up."""
    spans = []
    for factor in results.factors:
        table = figures.main_effects(results, factor, outcome).dropna(subset=["mean"])
        spans.append((table["mean"].max() - table["mean"].min(), factor, table))
    spans = [span for span in spans if not span[2].empty]
    if not spans:  # missing in every run
        return t("read_none", lang, o=outcome_label(outcome, lang))
    spans.sort(key=lambda item: item[0], reverse=True)
    _, factor, table = spans[0]
    hi, lo = table.loc[table["mean"].idxmax()], table.loc[table["mean"].idxmin()]
    text = t(
        "read_main",
        lang,
        o=outcome_label(outcome, lang),
        f=factor,
        hv=fmt_ci(hi["mean"], hi["ci_low"], hi["ci_high"]),
        hl=hi["label"],
        lv=fmt_ci(lo["mean"], lo["ci_low"], lo["ci_high"]),
        ll=lo["label"],
    )
    if len(spans) > 1:
        text += t("read_main_next", lang, f=spans[1][1], r=f"{spans[1][0]:.3g}")
    return text


def phase_reading(results: Results, x: str, y: str, outcome: str, lang: str) -> str:
    """Where ``outcome`` peaks and bottoms out on the ``x`` by ``y`` grid, and its corners."""
    table = figures.phase_table(results, x, y, outcome)
    _, _, x_labels = figures.factor_levels(results, x)
    _, _, y_labels = figures.factor_levels(results, y)
    values = table.to_numpy(float)
    if not np.isfinite(values).any():
        return t("read_none", lang, o=outcome_label(outcome, lang))
    hi = np.unravel_index(np.nanargmax(values), values.shape)
    lo = np.unravel_index(np.nanargmin(values), values.shape)

    def cell(r, c):
        return f"{values[r, c]:.3g}"

    text = t(
        "read_phase",
        lang,
        o=outcome_label(outcome, lang),
        x=x,
        y=y,
        hv=cell(*hi),
        hx=x_labels[hi[1]],
        hy=y_labels[hi[0]],
        lv=cell(*lo),
        lx=x_labels[lo[1]],
        ly=y_labels[lo[0]],
    )
    corners = values[[0, 0, -1, -1], [0, -1, 0, -1]]
    if np.isfinite(corners).all():
        c00, c10, c01, c11 = (f"{v:.3g}" for v in corners)
        text += t("read_corners", lang, x=x, y=y, c00=c00, c10=c10, c01=c01, c11=c11)
    return text


def _phase_axes(results: Results, phase) -> tuple[str, str] | None:
    if phase is None:
        return tuple(results.factors[:2]) if len(results.factors) >= 2 else None
    x, y = phase
    for name in (x, y):
        if name not in results.factors:
            raise UserError(
                f"--phase {x},{y}: {name!r} is not a varied parameter of {results.path}; "
                f"varied: {', '.join(results.factors)}"
            )
    return x, y


def write_sweep_report(
    results: Results,
    lang: str = "en",
    folder: str | Path | None = None,
    *,
    phase: tuple[str, str] | None = None,
    outcomes=SWEEP_OUTCOMES,
    sensitivity: pd.DataFrame | None = None,
) -> Path:
    """Write the sweep's ``report.html`` with its figures (PNG and SVG) to ``folder/report/``.

    ``phase`` picks the two factors of the phase diagrams (default: the first two).
    ``sensitivity`` is a table from :func:`~microgov_sim.analysis.sensitivity.sweep_sensitivity`;
    for a design with a method in :data:`~microgov_sim.analysis.sensitivity.METHODS` (Sobol,
    Morris) it is computed for ``outcomes`` when not given.
    """
    if results.runs.empty:
        raise UserError(f"{results.path}: no finished runs to report on")
    folder = report_folder(results, folder)
    axes = _phase_axes(results, phase)
    design = results.metadata.get("design") or {}
    method = design.get("method", "?")
    if sensitivity is None and method in METHODS and results.complete:
        sensitivity = sweep_sensitivity(results, outcomes, skip_missing=True)
    readings = {"main_effects": " ".join(main_effect_reading(results, o, lang) for o in outcomes)}
    with use_language(lang):
        made = {"main_effects": figures.main_effects_figure(results, outcomes, lang)}
        if axes:
            made["phase"] = figures.phase_figure(results, *axes, outcomes=outcomes, lang=lang)
            binned = any(_binned(results, f) for f in axes)
            readings["phase"] = " ".join(
                phase_reading(results, *axes, o, lang) for o in outcomes
            ) + t("phase_note", lang, binned=t("binned", lang) if binned else "")
        if sensitivity is not None:
            made["sensitivity"] = sensitivity_figure(sensitivity, lang)
            readings["sensitivity"] = " ".join(sensitivity_readings(sensitivity, lang))
        save_figures(made, folder)

    name = results.metadata.get("name", results.path.name)
    first = json.loads(results.points.sort_values("point")["params"].iloc[0])
    intro = t(
        "intro",
        lang,
        method=method,
        k=len(results.factors),
        points=results.metadata.get("n_points", len(results.points)),
        n=results.metadata.get("replications"),
        runs=len(results.runs),
        failed=len(results.errors),
        steps=int(results.points["steps"].max()),
        seed=results.metadata.get("master_seed"),
    )
    title = t("title", lang, name=name)
    warning = few_replications_note(results.summary(list(outcomes)), lang)
    body = [
        f"<h1>{html.escape(title)}</h1>",
        f"<p>{html.escape(intro)}</p>",
        warning_paragraph(warning) if warning else "",
        f"<h2>{t('design', lang)}</h2>",
        html_table(factor_table(results)),
        f"<p>{html.escape(t('fixed', lang, params=changed_params(first, results.factors)))}</p>",
        f"<h2>{t('points', lang)}</h2>",
    ]
    n_points = results.points["point"].nunique()
    if n_points <= MAX_POINT_ROWS:
        body.append(html_table(point_table(results, outcomes, lang)))
    else:
        body.append(f"<p>{t('too_many', lang, n=n_points)}</p>")
    if sensitivity is not None:
        body.append(f"<h2>{t('sensitivity', lang)}</h2>")
        body.append(html_table(sensitivity.round(4)))
        sensitivity.to_csv(folder / "sensitivity.csv", index=False)
    body.append(f"<h2>{t('figures', lang)}</h2>")
    body += figure_blocks(made, readings, folder)
    return write_page(folder, title, body, lang)


def _binned(results: Results, factor: str) -> bool:
    column = results.runs[factor]
    return pd.api.types.is_numeric_dtype(column) and column.nunique() > figures.MAX_LEVELS
