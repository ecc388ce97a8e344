"""One-factor experiment of micro-wishes and online voice (issue #16, point 6; ODD 7.4b).

Three mechanisms, each switched off alone against the defaults (on), in the status_quo and
micro_self_governance scenarios, with paired seeds and paired Student-t 95% intervals:

* ``wishes_off``: ``wish_collection_chance`` 0 (party members collect no micro-wishes);
* ``voice_off``: ``online_voice_chance`` 0 (nobody voices online; the online channel raises
  nothing, as before #16 at that value);
* ``info_off``: ``online_information_weight`` 0 (the micro-channel carries no news of other
  buildings' participation).

Every run starts after the default spin-up under its own parameters (stationarity, ODD 5);
each outcome is its mean over the last 52 weeks of 260 (the support cost: its change over
those weeks), per seed.

    python benchmarks/m16_voice.py --jobs 1       # 3,000 households, 5 seeds
    python benchmarks/m16_voice.py --quick        # smoke run: 600 households, short
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from one_factor import Arm, ci, mean_last, run_arms, standard_args, window

SCENARIOS = ("status_quo", "micro_self_governance")
OFF = {
    "wishes_off": {"wish_collection_chance": 0.0},
    "voice_off": {"online_voice_chance": 0.0},
    "info_off": {"online_information_weight": 0.0},
}
OUTCOMES = (
    "participation_rate",
    "online_voice_rate",
    "mean_trust",
    "belonging",
    "autonomy_index",
    "issues_resolved_self",
    "support_cost",
)


def per_week(res, arm, outcome, weeks=52):
    """Per seed, the mean of a per-week count over the last ``weeks`` weeks."""
    return mean_last(res, arm, outcome, weeks)


def support_per_week(res, arm, outcome, weeks=52):
    """Per seed, the support cost paid per week over the last ``weeks`` weeks."""
    return window(res, arm, outcome, weeks) / weeks


def main() -> None:
    """Run every arm in both scenarios and print the paired differences."""
    args = standard_args(__doc__).parse_args()
    arms = {}
    for scenario in SCENARIOS:
        arms[f"{scenario}:on"] = Arm({}, scenario=scenario)
        for name, params in OFF.items():
            arms[f"{scenario}:{name}"] = Arm(params, scenario=scenario)
    res = run_arms(arms, args, OUTCOMES)
    for scenario in SCENARIOS:
        print(f"\n== {scenario}: on, and on - off (mean over the last 52 weeks)")
        print("| outcome | on | " + " | ".join(f"on - {name}" for name in OFF) + " |")
        for outcome in OUTCOMES:
            stat = support_per_week if outcome == "support_cost" else per_week
            on = stat(res, f"{scenario}:on", outcome)
            diffs = [on - stat(res, f"{scenario}:{name}", outcome) for name in OFF]
            print(f"| {outcome} | {ci(on)} | " + " | ".join(ci(d) for d in diffs) + " |")


if __name__ == "__main__":
    main()
