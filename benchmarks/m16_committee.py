"""One-factor experiment of the residents' committee as an actor with limited capacity (#16, 4).

The committee's delegated load ``delegated_load_max`` is set to 0 (no delegated duties) or 1
(all of its capacity at the full 16 duties; at the default ``committee_delegation`` 0.3 and
``committee_base_duties`` 6 it takes (6 + 3) / 16 = 56% of the capacity: the 6 -> 16 of seed
000), with the committee mechanism on (the defaults, ODD 7.9a) and off (``COMMITTEE_OFF``:
every unit convenes itself, no mediation, escalation at once and the old delegated share
``delegated_load_max x committee_delegation``: the model before #16, the same draws). Paired
seeds; every run starts after the default spin-up under its own parameters (stationarity,
ODD 5); each outcome is its mean over the last 52 weeks per seed.

    python benchmarks/m16_committee.py --jobs 1      # 3,000 households, 5 seeds (~8 min)
    python benchmarks/m16_committee.py --quick       # smoke run: 600 households, short
"""

from __future__ import annotations

import sys

from one_factor import Arm, paired, run_arms, standard_args

COMMITTEE_OFF = {
    "committee_base_duties": 0.0,
    "committee_body_threshold": 0.0,
    "mediation_success": 0.0,
    "escalation_cost": 0.0,
}
OUTCOMES = (
    "participation_rate",
    "issues_resolved_self",
    "autonomy_index",
    "backlog",
    "resolution_time_rmst",
    "committee_admin_share",
    "committee_free_share",
    "committee_meetings",
)


def main(argv=None) -> int:
    """Run the four arms and print the effect of the load with the mechanism on and off."""
    args = standard_args(__doc__).parse_args(argv)
    arms = {
        f"{mech}_load{load}": Arm({**extra, "delegated_load_max": float(load)})
        for mech, extra in (("on", {}), ("off", COMMITTEE_OFF))
        for load in (0, 1)
    }
    res = run_arms(arms, args, OUTCOMES)
    for mech in ("on", "off"):
        print(f"\nmechanism {mech}: delegated_load_max 1 vs 0 (mean of the last 52 weeks)")
        for outcome in OUTCOMES:
            print("  " + paired(res, f"{mech}_load1", f"{mech}_load0", outcome))
    return 0


if __name__ == "__main__":
    sys.exit(main())
