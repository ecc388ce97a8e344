"""Pattern-oriented validation: the ten patterns of the concepts brief as measured experiments.

Each pattern (:mod:`~microgov_sim.validation.patterns`) is an experiment with arms (parameter
sets) run with the same replication seeds (common random numbers), so every statistic is a
mean *paired* difference across replications with its 95% CI (Student t, inside the range
the statistic can take: :mod:`~microgov_sim.validation.statistics`). A statistic ``holds``
when its CI lies on the side the pattern predicts. Nothing here tells the model what to do:
the arms only set public parameters, and the patterns either emerge from the rules or they
do not.

Robustness: the experiments are repeated in variants of the community
(:mod:`~microgov_sim.validation.context`) -- half the size, 10% of ties randomly rewired, and
the other update order (administration before residents) -- and every statistic is reported
per variant. ``microgov patterns`` runs it all; ``--quick`` runs a reduced version (base
variant, fewer seeds, smaller and shorter) for the test suite. May import the rest of
:mod:`microgov_sim.validation`, :mod:`microgov_sim.analysis`, :mod:`microgov_sim.experiments`
and :mod:`microgov_sim.model`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from tqdm import tqdm

from .context import BASE, Config, Context
from .design import arms_figure, map_figure
from .hypercube import run_hypercube, summarise
from .patterns import PATTERNS

COLUMNS = ["pattern", "experiment", "variant", "region", "statistic", "estimate", "ci_low"]
COLUMNS += ["ci_high", "n", "holds"]  # n: the replications a statistic rests on
DEFAULTS_REGION = "defaults"  # region of a statistic measured at the model's defaults


def run_pattern(name: str, ctx: Context) -> tuple[list[dict], list]:
    """One pattern in one context: its runs (if any), its statistic rows and its figures."""
    pattern = PATTERNS[name]
    res = None
    if pattern.design is not None:
        design = pattern.design(ctx)
        number, words = name.split("_", 1)
        res = ctx.run(f"p{int(number):02d}_{words}", design.arms, design.timelines, design.steps)
    rows = pattern.analyse(res, ctx)
    for r in rows:
        r.setdefault("region", DEFAULTS_REGION)
    figs = []
    if pattern.figure is not None and ctx.variant is BASE:
        if callable(pattern.figure):
            figs.append(pattern.figure(res, ctx))
        else:  # (outcomes, title): each arm's mean and CI
            figs.append(arms_figure(res, *pattern.figure))
        if name == "10_co_governance" and (fig := map_figure(rows)) is not None:
            figs.append(fig)
    return rows, figs


def run_patterns(
    config: Config | None = None,
    out: str | Path = "results/patterns",
    *,
    only: list[str] | None = None,
    progress: bool = True,
    **options,
) -> pd.DataFrame:
    """Run the pattern experiments; write ``patterns.csv`` and a figure per pattern to ``out``.

    With ``only``, just those patterns run and their rows replace theirs in ``patterns.csv``.

    ``options`` go to :func:`~microgov_sim.experiments.runner.run_experiment` (engine, jobs,
    overwrite). Finished runs are saved under ``out/runs/`` and reused when the command is
    given again, so an interrupted run resumes where it stopped. The bar counts the
    (pattern, variant) experiments; each experiment's own bar counts its runs. With
    ``config.hypercube_points``, every pattern is then run at each point of the behavioural
    hypercube (:mod:`~microgov_sim.validation.hypercube`): ``hypercube.csv`` holds each
    statistic at each point, and ``patterns.csv`` a row per statistic with variant
    ``hypercube`` (the share of points where it holds, and the parameter that breaks it).
    """
    config = config or Config()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    names = only or list(PATTERNS)
    tasks = [
        (name, variant)
        for name in names
        for variant in config.variants
        if variant is BASE or PATTERNS[name].variants
    ]
    rows = []
    bar = tqdm(tasks, desc="patterns", unit="experiment", disable=not progress, file=sys.stderr)
    for name, variant in bar:
        bar.set_postfix_str(f"{name} [{variant.name}]")
        ctx = Context(config, variant, out, {"progress": progress, **options})
        results, figs = run_pattern(name, ctx)
        rows += [{"pattern": name, "variant": variant.name, **r} for r in results]
        for i, fig in enumerate(figs):
            fig.savefig(out / f"pattern_{name}{'_map' if i else ''}.png", dpi=110)
            plt.close(fig)
        if progress:
            held = sum(r["holds"] for r in results)
            bar.write(f"{name} [{variant.name}]: {held} of {len(results)} statistics hold")
    if config.hypercube_points:
        cube = run_hypercube(config, out, {"progress": progress, **options}, names)
        cube.to_csv(out / "hypercube.csv", index=False)  # every statistic at every point
        if not cube.empty:
            summary = summarise(cube, config.hypercube_points)
            rows += [{**r, "variant": "hypercube"} for r in summary]
    table = pd.DataFrame(rows, columns=COLUMNS)
    path = out / "patterns.csv"
    if only and path.exists():  # keep the other patterns' rows of an earlier run
        earlier = pd.read_csv(path)
        table = pd.concat([earlier[~earlier["pattern"].isin(names)], table], ignore_index=True)
        order = {name: i for i, name in enumerate(PATTERNS)}
        table = table.sort_values("pattern", key=lambda c: c.map(order), kind="stable")
    table.to_csv(path, index=False)
    return table[table["pattern"].isin(names)].reset_index(drop=True)
