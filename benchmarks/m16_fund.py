"""One-factor experiment of the community fund and governance power (issue #16, point 5).

The mechanism (ODD 7.6b: a community fund fed by a tapering government starter and by market
and social resources mobilised with organisation and trust, paying residents' actions as far as
its balance reaches; governance power brokering departments for what the community escalates)
is on (``support_funding = "fund"``, the defaults) or off (``"per_action"``: the government
pays the support of every action held, the rule before #16, which reproduces the earlier
outputs draw for draw) in the ``co_governance``, ``micro_self_governance`` and
``grid_management`` scenarios. Paired seeds, each run after the default spin-up (stationarity,
ODD §5), 260 weeks; means over the last 52 weeks unless "cumulative" (weeks 1-260). A further
arm runs ``co_governance`` with the fund from the initial state (no spin-up) to show the
taper: the government's share of the fund's inflow over the first five years.

    python benchmarks/m16_fund.py --jobs 1     # 3,000 households, 5 seeds (about 8 min)
    python benchmarks/m16_fund.py --quick      # smoke run: 600 households, short
"""

from __future__ import annotations

import sys

import numpy as np
from one_factor import Arm, ci, mean_last, paired, run_arms, standard_args

SCENARIOS = ("co_governance", "micro_self_governance", "grid_management")
OFF = {"support_funding": "per_action"}
OUTCOMES = (
    "participation_rate",
    "autonomy_index",
    "backlog",
    "issues_resolved_self",
    "issues_resolved_admin",
    "support_cost",
    "admin_cost",
    "government_cost",
    "fund_balance",
    "own_resource_share",
    "governance_power",
)


def total(res: dict, arm: str, outcome: str) -> np.ndarray:
    """Per seed, the sum of a weekly count over weeks 1 .. end."""
    return res[arm][outcome][:, 1:].sum(axis=1)


def final(res: dict, arm: str, outcome: str) -> np.ndarray:
    """Per seed, a cumulative outcome at the last week (counters start at week 1)."""
    return res[arm][outcome][:, -1]


def per_resolved(res: dict, arm: str) -> np.ndarray:
    """Per seed, cumulative support cost over the issues residents resolved themselves."""
    return final(res, arm, "support_cost") / np.maximum(total(res, arm, "issues_resolved_self"), 1)


def interval(values) -> tuple[float, float]:
    """The paired Student-t 95% interval of per-seed values (as :func:`one_factor.ci`)."""
    from scipy import stats

    v = np.asarray(values, dtype=float)
    h = stats.t.ppf(0.975, len(v) - 1) * v.std(ddof=1) / np.sqrt(len(v))
    return float(v.mean() - h), float(v.mean() + h)


def main(argv=None) -> int:
    """Run the arms and print the figures of docs/validation.md."""
    args = standard_args(__doc__).parse_args(argv)
    arms = {}
    for name in SCENARIOS:
        arms[f"{name}_on"] = Arm({}, scenario=name)
        arms[f"{name}_off"] = Arm(dict(OFF), scenario=name)
    arms["taper"] = Arm({"spinup_weeks": 0}, scenario="co_governance")
    res = run_arms(arms, args, OUTCOMES)

    print("\n1. Fund on - off, by scenario (paired seeds)")
    for name in SCENARIOS:
        on, off = f"{name}_on", f"{name}_off"
        print(f"  {name}")
        for outcome in ("participation_rate", "autonomy_index", "backlog"):
            print("    " + paired(res, on, off, outcome))
        for outcome in ("issues_resolved_self", "issues_resolved_admin"):
            print("    " + paired(res, on, off, outcome, total) + "  (cumulative)")
        for outcome in ("support_cost", "admin_cost", "government_cost"):
            print("    " + paired(res, on, off, outcome, final) + "  (cumulative)")
        a, b = per_resolved(res, on), per_resolved(res, off)
        print(
            f"    support cost per self-resolved issue: on {ci(a)}; off {ci(b)}; diff {ci(a - b)}"
        )
        for outcome in ("fund_balance", "own_resource_share", "governance_power"):
            print(f"    {outcome} (on): {ci(mean_last(res, on, outcome))}")

    print("\n2. The taper: co_governance with the fund from the initial state (no spin-up)")
    gov = 1.0 - res["taper"]["own_resource_share"]
    power = res["taper"]["governance_power"]
    end = gov.shape[1] - 1
    for week in sorted({w for w in (1, 26, 52, 104, 156, 208) if w < end} | {end}):
        print(
            f"  week {week:3d}: government share of inflow {ci(gov[:, week])}; "
            f"governance power {ci(power[:, week])}"
        )
    after = 1.0 - mean_last(res, "co_governance_on", "own_resource_share")
    print(f"  after the spin-up (last 52 weeks): {ci(after)}")

    print("\n3. Pattern 10: co_governance against each pure form (other - co_governance)")
    for mech in ("on", "off"):
        won = 0
        for outcome, stat, sign in (
            ("backlog", mean_last, -1),
            ("government_cost", final, -1),
            ("autonomy_index", mean_last, +1),
        ):
            for other in SCENARIOS[1:]:
                co = stat(res, f"co_governance_{mech}", outcome)
                d = stat(res, f"{other}_{mech}", outcome) - co
                lo, hi = interval(d)
                holds = lo > 0 if sign < 0 else hi < 0
                won += holds
                mark = "co-governance better" if holds else "not better"
                print(f"  fund {mech}: {outcome}, {other} - co {ci(d)}: {mark}")
        print(f"  fund {mech}: criteria won {won} of 6")
    return 0


if __name__ == "__main__":
    sys.exit(main())
