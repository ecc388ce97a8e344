"""The report page shared by the comparison and the sweep report: one self-contained HTML file.

Holds how numbers, tables and figures appear on the page (``mean [low, high]`` cells, plain
tables, figures saved as PNG and SVG and embedded with their readings as captions) and the page
itself. Knows nothing about what a report says; :mod:`~microgov_sim.analysis.report` and
:mod:`~microgov_sim.analysis.sweep_report` do. May import :mod:`microgov_sim.experiments` and
:mod:`microgov_sim.model` (the parameter defaults) and the figures module.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path

import numpy as np
import pandas as pd

from ..experiments.results import Results
from ..model.params import DEFAULTS
from .figures import save_figure

STYLE = (
    "body{font-family:sans-serif;max-width:1100px;margin:2em auto;line-height:1.45}"
    "table.t{border-collapse:collapse;font-size:13px;margin:1em 0}"
    "table.t td,table.t th{padding:3px 8px;border-bottom:1px solid #ddd;text-align:left}"
    "figcaption{font-size:14px;color:#333;margin-bottom:2em}"
    "p.warning{color:#8a1c00;background:#fff4e5;padding:6px 10px;border-left:4px solid #e07000}"
)


def fmt_ci(mean: float, low: float, high: float) -> str:
    """``mean [low, high]`` with three significant digits."""
    if not np.isfinite(low):
        return f"{mean:.3g}"
    return f"{mean:.3g} [{low:.3g}, {high:.3g}]"


def fmt_span(counts) -> str:
    """``3``, or ``2 to 3`` when the counts differ (e.g. replications per outcome)."""
    low, high = int(min(counts)), int(max(counts))
    return str(low) if low == high else f"{low} to {high}"


def ci_cells(table: pd.DataFrame, columns=("mean", "ci_low", "ci_high")) -> list[str]:
    """``mean [low, high]`` for each row of ``table`` (the three ``columns``, in that order)."""
    return [fmt_ci(*row) for row in table[list(columns)].itertuples(index=False)]


def warning_paragraph(text: str) -> str:
    """A warning shown above the tables (escaped)."""
    return f'<p class="warning" role="alert"><strong>{html.escape(text)}</strong></p>'


def html_table(frame: pd.DataFrame) -> str:
    """A plain HTML table of ``frame`` (escaped, no index)."""
    return frame.to_html(index=False, border=0, classes="t", escape=True)


def changed_params(params: dict, skip=()) -> str:
    """``key = value`` for the parameters that differ from the model defaults."""
    changed = [f"{k} = {v}" for k, v in params.items() if DEFAULTS.get(k) != v and k not in skip]
    return ", ".join(changed) or "(defaults)"


def report_folder(results: Results, folder: str | Path | None) -> Path:
    """``folder/report`` (default: inside the results folder), created."""
    path = Path(folder or results.path) / "report"
    path.mkdir(parents=True, exist_ok=True)
    return path


def save_figures(made: dict, folder: Path) -> None:
    """Save each named figure as ``folder/<name>.png`` and ``.svg`` and close it."""
    for name, fig in made.items():
        fig.savefig(folder / f"{name}.svg")
        save_figure(fig, folder / f"{name}.png")


def _img(png: Path) -> str:
    data = base64.b64encode(png.read_bytes()).decode()
    return f'<img src="data:image/png;base64,{data}" style="max-width:100%">'


def figure_blocks(made: dict, readings: dict[str, str], folder: Path) -> list[str]:
    """HTML for each saved figure (embedded PNG) with its reading as the caption."""
    body = []
    for name in made:
        body.append(f'<figure id="{name}">{_img(folder / f"{name}.png")}')
        body.append(f"<figcaption>{html.escape(readings[name])}</figcaption></figure>")
    return body


def write_page(folder: Path, title: str, body: list[str], lang: str) -> Path:
    """Write the self-contained ``folder/report.html`` and return its path."""
    page = (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>"
        + "\n".join(body)
        + "</body></html>"
    )
    path = folder / "report.html"
    path.write_text(page, encoding="utf-8")
    return path
