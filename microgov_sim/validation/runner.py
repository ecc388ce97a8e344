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

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from .context import BASE, Config, Context
from .patterns import PATTERNS

COLUMNS = ["pattern", "experiment", "variant", "statistic", "estimate", "ci_low", "ci_high"]
COLUMNS += ["n", "holds"]  # n: the replications a statistic rests on


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
    overwrite).
    Finished runs are saved under ``out/runs/`` and reused when the command is given again.
    """
    config = config or Config()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    names = only or list(PATTERNS)
    rows = []
    for name in names:
        _, experiment = PATTERNS[name]
        for variant in config.variants:
            ctx = Context(config, variant, out, {"progress": progress, **options})
            results, fig = experiment(ctx)
            for r in results:
                rows.append({"pattern": name, "variant": variant.name, **r})
            if fig is not None:
                if variant == BASE:
                    fig.savefig(out / f"pattern_{name}.png", dpi=110)
                plt.close(fig)
            if progress:
                held = sum(r["holds"] for r in results)
                print(f"{name} [{variant.name}]: {held} of {len(results)} statistics hold")
    table = pd.DataFrame(rows, columns=COLUMNS)
    path = out / "patterns.csv"
    if only and path.exists():  # keep the other patterns' rows of an earlier run
        earlier = pd.read_csv(path)
        table = pd.concat([earlier[~earlier["pattern"].isin(names)], table], ignore_index=True)
        order = {name: i for i, name in enumerate(PATTERNS)}
        table = table.sort_values("pattern", key=lambda c: c.map(order), kind="stable")
    table.to_csv(path, index=False)
    return table[table["pattern"].isin(names)].reset_index(drop=True)
