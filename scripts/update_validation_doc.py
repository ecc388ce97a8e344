"""Fill docs/validation.md's result tables from a full ``microgov patterns`` run.

Usage: .venv/bin/python scripts/update_validation_doc.py [results/patterns [QUICK]]

Every block between ``<!-- results:PATTERN -->`` and ``<!-- end -->`` in docs/validation.md
is replaced by the table of that pattern's statistics (estimate [95% CI], holds) per community
variant, and the pattern's figure is copied to docs/validation/. The prose around the blocks is
written by hand and must be checked against the new tables.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "validation.md"
FIGURES = ROOT / "docs" / "validation"


def cell(row) -> str:
    """``estimate [low, high]`` and a tick or cross for holds."""
    if pd.isna(row["ci_low"]):
        text = f"{row['estimate']:.4g}"
    else:
        text = f"{row['estimate']:.3g} [{row['ci_low']:.3g}, {row['ci_high']:.3g}]"
    return f"{text} {'✔' if row['holds'] else '✘'}"


def table_for(frame: pd.DataFrame) -> str:
    """A Markdown table: one row per statistic, one column per community variant."""
    variants = list(dict.fromkeys(frame["variant"]))
    lines = ["| statistic | " + " | ".join(variants) + " |"]
    lines.append("|---" * (len(variants) + 1) + "|")
    for statistic, part in frame.groupby(label(frame), sort=False):
        by_variant = {r["variant"]: cell(r) for _, r in part.iterrows()}
        lines.append(
            f"| {statistic} | " + " | ".join(by_variant.get(v, "–") for v in variants) + " |"
        )
    cube = frame[frame["variant"] == "hypercube"]
    if not cube.empty:  # the share of points on the predicted side, and what breaks it
        lines += ["", "Where it holds in the behavioural hypercube, and what breaks it:", ""]
        lines += [f"* {r['statistic']}: {r['region']}" for _, r in cube.iterrows()]
    return "\n".join(lines)


def label(frame: pd.DataFrame) -> pd.Series:
    """A row's label in its table: the statistic, with the cell for the map's rows."""
    mapped = frame["statistic"].str.startswith("map:")
    return frame["statistic"].where(~mapped, frame["statistic"] + " at " + frame["region"])


def summary_for(table: pd.DataFrame) -> str:
    """One row per pattern: statistics that hold, per variant."""
    variants = list(dict.fromkeys(table["variant"]))
    lines = ["| pattern | " + " | ".join(variants) + " |", "|---" * (len(variants) + 1) + "|"]
    for name, frame in table.groupby("pattern", sort=False):
        cells = []
        for variant in variants:
            part = frame[frame["variant"] == variant]
            cells.append(f"{int(part['holds'].sum())} of {len(part)}" if len(part) else "–")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def quick_for(table: pd.DataFrame) -> str:
    """The quick suite's table: one row per statistic."""
    lines = ["| pattern | statistic | estimate [95% CI] |", "|---|---|---|"]
    for _, r in table.iterrows():
        lines.append(f"| {r['pattern']} | {r['statistic']} | {cell(r)} |")
    return "\n".join(lines)


def replace_block(text: str, name: str, body: str) -> str:
    """Replace the block ``<!-- results:name -->`` ... ``<!-- end -->`` with ``body``."""
    block = f"<!-- results:{name} -->\n{body}\n<!-- end -->"
    text, count = re.subn(
        rf"<!-- results:{re.escape(name)} -->.*?<!-- end -->", lambda _: block, text, flags=re.S
    )
    if count != 1:
        raise SystemExit(f"docs/validation.md has no block for {name}")
    return text


def main(folder: str = "results/patterns", quick: str | None = None) -> None:
    """Replace every results block of docs/validation.md and copy the figures.

    ``quick``: the folder of a ``microgov patterns --quick`` run, for the quick suite's table.
    """
    results = Path(folder)
    table = pd.read_csv(results / "patterns.csv")
    text = DOC.read_text(encoding="utf-8")
    if quick is not None:
        text = replace_block(text, "quick", quick_for(pd.read_csv(Path(quick) / "patterns.csv")))
    FIGURES.mkdir(parents=True, exist_ok=True)
    for name, frame in table.groupby("pattern", sort=False):
        figures = [f"![{name}](validation/pattern_{name}.png)"]
        shutil.copy(results / f"pattern_{name}.png", FIGURES / f"pattern_{name}.png")
        if (results / f"pattern_{name}_map.png").exists():
            figures.append(f"![{name} map](validation/pattern_{name}_map.png)")
            shutil.copy(results / f"pattern_{name}_map.png", FIGURES / f"pattern_{name}_map.png")
        text = replace_block(text, name, f"{table_for(frame)}\n\n" + "\n".join(figures))
    text = replace_block(text, "summary", summary_for(table))
    DOC.write_text(text, encoding="utf-8")
    print(f"updated {DOC} and {FIGURES}/")


if __name__ == "__main__":
    main(*sys.argv[1:])
