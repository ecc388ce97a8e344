"""One-factor experiment of induced demand (issue #16, point 2; ODD 7.3b).

The mechanism (dependent households file trivial requests with government at the rate
``request_rate · d_i · κ_g τ (1 − σ_s)``) is switched on (the defaults) or off
(``request_rate`` 0, which draws no random numbers: the model before #16) at
``admin_penetration`` 0.25, 0.5 and 1.0, with paired seeds, each run after the default
spin-up (stationarity). A third arm holds the takeover policy at its default 0.3 while the
penetration moves the other levers, to show how much of the effect runs through coverage
alone. Printed, each as mean [paired Student-t 95% interval] over seeds:

1. the elasticity of cumulative administrative cost (weeks 1-260) to ``admin_penetration``,
   0.25 -> 0.5 and 0.5 -> 1.0, ``log(C_b / C_a) / log 2`` per seed (pattern 2 claims > 1),
   on, off and on - off, and the same elasticity of the requests filed;
2. cumulative cost by line, on and off;
3. at each penetration, on - off in the last 52 weeks: participation, dependency,
   self-resolutions a week, autonomy index (requests left out), backlog.

    python benchmarks/m16_demand.py --jobs 1      # 3,000 households, 5 seeds (~20 min)
    python benchmarks/m16_demand.py --quick       # smoke run
"""

from __future__ import annotations

import math
import sys

import numpy as np
from one_factor import Arm, ci, last, mean_last, run_arms, standard_args

PENETRATIONS = (0.25, 0.5, 1.0)
LINES = ("cost_officers", "cost_supervision", "cost_platform", "cost_disposals")
EFFECTS = (
    "participation_rate",
    "dependency",
    "issues_resolved_self",
    "autonomy_index",
    "backlog",
)
OUTCOMES = ("admin_cost", "requests_filed", *LINES, *EFFECTS)


def arms() -> dict[str, Arm]:
    """Mechanism on and off at each penetration; on with the takeover policy held at 0.3."""
    out = {}
    for pen in PENETRATIONS:
        out[f"on_{pen}"] = Arm({"admin_penetration": pen})
        out[f"off_{pen}"] = Arm({"admin_penetration": pen, "request_rate": 0.0})
    for pen in (0.5, 1.0):
        out[f"held_{pen}"] = Arm({"admin_penetration": pen, "officer_takeover": 0.3})
    return out


def elasticity(res, arm: str, lo: float, hi: float, outcome: str = "admin_cost") -> np.ndarray:
    """Per seed, ``log(Y(hi) / Y(lo)) / log(hi / lo)`` of a cumulative outcome at the end."""
    a, b = last(res, f"{arm}_{lo}", outcome), last(res, f"{arm}_{hi}", outcome)
    return np.log(b / a) / math.log(hi / lo)


def main(argv=None) -> int:
    """Run the experiment and print its figures."""
    args = standard_args(__doc__).parse_args(argv)
    res = run_arms(arms(), args, OUTCOMES)
    print("\n1. Elasticity of cumulative admin cost to admin_penetration (pattern 2: > 1)")
    for lo, hi in ((0.25, 0.5), (0.5, 1.0)):
        on, off = elasticity(res, "on", lo, hi), elasticity(res, "off", lo, hi)
        print(f"  {lo} -> {hi}: on {ci(on)}; off {ci(off)}; on - off {ci(on - off)}")
        print(f"    requests filed: {ci(elasticity(res, 'on', lo, hi, 'requests_filed'))}")
    held = elasticity(res, "held", 0.5, 1.0)
    print(f"  0.5 -> 1.0 with officer_takeover held at 0.3: {ci(held)}")
    print(f"    requests filed: {ci(elasticity(res, 'held', 0.5, 1.0, 'requests_filed'))}")
    print("\n2. Cumulative cost by line (every week after the spin-up)")
    for pen in PENETRATIONS:
        for mech in ("on", "off"):
            arm = f"{mech}_{pen}"
            parts = ", ".join(f"{c[5:]} {ci(last(res, arm, c), 0)}" for c in LINES)
            print(f"  pen {pen} {mech:3s}: total {ci(last(res, arm, 'admin_cost'), 0)}; {parts}")
        print(f"    requests filed (on): {ci(last(res, f'on_{pen}', 'requests_filed'), 0)}")
    print("\n3. Effects, mean of the last 52 weeks, on - off")
    for pen in PENETRATIONS:
        for outcome in EFFECTS:
            x, y = (mean_last(res, f"{m}_{pen}", outcome) for m in ("on", "off"))
            print(f"  pen {pen} {outcome}: on {ci(x)}; off {ci(y)}; on - off {ci(x - y)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
