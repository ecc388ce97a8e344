"""One-factor experiment of 社八件, the eight items as concrete items (issue #16, point 7).

In the ``wenjiang_eight_items`` scenario (ODD 7.9b), with paired seeds after the default
spin-up (each arm spins up under its own levers, so each is at its own stationary state):

1. all eight items on (the scenario: flexible implementation) against all off (every item's
   lever 0, the model before #16 in this policy mix);
2. each item alone (its scenario value, the others 0, flexible) against all off (``--item-seeds``,
   default 3, the first seeds of 1);
3. rigid against flexible implementation: ``template_rigidity`` 1 against the scenario's 0,
   all items on.

Outcomes: the 52-week participation share, the autonomy index, issues resolved by residents a
week, belonging and mean trust, each as the mean over the last 52 weeks of a run; printed as
Markdown rows with paired Student-t 95% intervals over seeds.

    python benchmarks/m16_items.py --jobs 1          # 5 seeds; 3 for the items alone
    python benchmarks/m16_items.py --quick           # smoke run: 600 households, short
"""

from __future__ import annotations

import copy
import sys

from one_factor import Arm, ci, mean_last, run_arms, standard_args

SCENARIO = "wenjiang_eight_items"
OUTCOMES = (
    "participation_rate",
    "autonomy_index",
    "issues_resolved_self",
    "belonging",
    "mean_trust",
)


def items() -> tuple[str, ...]:
    """The eight items' levers, in seed 003's order."""
    from microgov_sim.model.submodels.community_building import ITEMS

    return ITEMS


def row(label: str, a: dict, b: dict, n: int | None = None) -> str:
    """A Markdown row: per outcome, the paired difference ``a - b`` with its interval."""
    cells = []
    for outcome in OUTCOMES:
        x, y = (mean_last({"x": r}, "x", outcome)[:n] for r in (a, b))
        cells.append(ci(x - y))
    return f"| {label} | " + " | ".join(cells) + " |"


def levels(label: str, a: dict) -> str:
    """A Markdown row of an arm's levels with their intervals."""
    return f"| {label} | " + " | ".join(ci(mean_last({"x": a}, "x", o)) for o in OUTCOMES) + " |"


def main(argv=None) -> int:
    """Run the three comparisons and print their tables."""
    ap = standard_args(__doc__)
    ap.add_argument("--item-seeds", type=int, default=3, help="seeds for the items alone")
    args = ap.parse_args(argv)
    names = items()
    off = {name: 0.0 for name in names}
    main_arms = {
        "on": Arm({}, scenario=SCENARIO),
        "off": Arm(off, scenario=SCENARIO),
        "rigid": Arm({"template_rigidity": 1.0}, scenario=SCENARIO),
    }
    res = run_arms(main_arms, args, OUTCOMES)
    from microgov_sim import load_scenario

    scenario = load_scenario(SCENARIO).params
    item_args = copy.copy(args)
    item_args.seeds = min(args.item_seeds, args.seeds)
    alone = run_arms(
        {name: Arm({**off, name: scenario[name]}, scenario=SCENARIO) for name in names},
        item_args,
        OUTCOMES,
    )
    n_item = len(next(iter(alone.values()))[OUTCOMES[0]])
    header = "| | " + " | ".join(f"`{o}`" for o in OUTCOMES) + " |"
    rule = "|---" * (len(OUTCOMES) + 1) + "|"
    print("\nLevels (mean of the last 52 weeks)")
    print(header, rule, sep="\n")
    for arm in ("on", "off", "rigid"):
        print(levels(arm, res[arm]))
    print("\nDifferences (paired by seed)")
    print(header, rule, sep="\n")
    print(row("1. all eight on - all off", res["on"], res["off"]))
    print(row("3. rigid - flexible (all on)", res["rigid"], res["on"]))
    print(f"\n2. Each item alone - all off ({n_item} seeds)")
    print(header, rule, sep="\n")
    for name in names:
        print(row(f"`{name}` = {scenario[name]:g}", alone[name], res["off"], n_item))
    return 0


if __name__ == "__main__":
    sys.exit(main())
