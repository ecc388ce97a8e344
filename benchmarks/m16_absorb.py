"""One-factor experiment of absorption that administrativises (issue #16, point 3).

Seed 000: "行使自治职能的主体被吸纳到行政管理体制内,原本依靠自治可以解决的自治性公共事务被行政化".
The mechanism (ODD 7.2, 7.4, 7.5, 7.10) has three parts, each with a lever whose off value is the
model before #16 (the same draws): absorbed elites report what they notice in grid work into
the grid channel (``absorbed_routing``, off 0), a group leader's effort is shared over the
buildings of their courtyard (``group_leader_coverage``, off 'each_building') and the elites
one has a tie to ask independently (``elite_asks``, off 'capped_sum').

Pattern 9's statistic is the paired difference "elites absorbed at the default hazard minus
``elite_absorption_rate`` 0", computed in several model variants: the new model (all three
on), without routing, without each of the two other parts, and the model before #16 (all
three off). Twice: at the defaults, and at pattern 9's setting (``admin_penetration`` 0.5,
``micro_autonomy`` 0.5). Every run starts after the default spin-up under its own parameters
(stationarity, ODD §5); paired seeds, paired Student-t 95% intervals over seeds. Outcomes:
autonomy index and participation (means over the last 52 weeks), the share of resolutions
by residents and the administrativised share of raised issues (last 52 weeks), dependency
(mean over the last 52 weeks), cumulative administrative cost (weeks 1-260).

    python benchmarks/m16_absorb.py --jobs 1        # 3,000 households, 5 seeds (about 6 min)
    python benchmarks/m16_absorb.py --defaults-only --dose --jobs 1   # and hazard x 5
    python benchmarks/m16_absorb.py --quick         # smoke run: 600 households, defaults only
"""

from __future__ import annotations

import sys

import numpy as np
from one_factor import SHARED, Arm, ci, last, mean_last, run_arms, standard_args

from microgov_sim.model.params import PARAMETER_SPECS

OFF = {
    "absorbed_routing": 0.0,
    "group_leader_coverage": "each_building",
    "elite_asks": "capped_sum",
}
VARIANTS = {
    "new model": {},
    "without routing": {"absorbed_routing": 0.0},
    "group leader in each building": {"group_leader_coverage": "each_building"},
    "elites' asks as a capped sum": {"elite_asks": "capped_sum"},
    "model before #16": OFF,
}
SETTINGS = {
    "defaults": {},
    "pattern 9 (penetration 0.5, autonomy 0.5)": {"admin_penetration": 0.5, "micro_autonomy": 0.5},
}
OUTCOMES = (
    "autonomy_index",
    "participation_rate",
    "dependency",
    "admin_cost",
    "issues_resolved_self",
    "issues_resolved_admin",
    "issues_lapsed",
    "administrativised_share",
    "elite_admin_share",
)


def self_share(res: dict, arm: str) -> np.ndarray:
    """Per seed, shared affairs resolved by residents over all resolved in the last 52 weeks."""
    own, admin = res[arm]["shared_self"][:, 1], res[arm]["shared_admin"][:, 1]
    return own / np.maximum(own + admin, 1)


def autonomy_run(res: dict, arm: str) -> np.ndarray:
    """Per seed, shared affairs self-resolved over all closed in weeks 1-260 (the index over
    the run; households' own matters, requests and micro-wishes, left out as in the index)."""
    own, admin, gone = (res[arm][c][:, 0] for c in SHARED)
    return own / np.maximum(own + admin + gone, 1)


STATS = (
    ("autonomy index", lambda r, a: mean_last(r, a, "autonomy_index")),
    ("autonomy over weeks 1-260", autonomy_run),
    ("resolved by residents (share)", self_share),
    ("participation", lambda r, a: mean_last(r, a, "participation_rate")),
    ("dependency", lambda r, a: mean_last(r, a, "dependency")),
    ("admin cost (cumulative)", lambda r, a: last(r, a, "admin_cost")),
    ("administrativised share", lambda r, a: mean_last(r, a, "administrativised_share")),
    ("elite effort on grid work", lambda r, a: mean_last(r, a, "elite_admin_share")),
)


QUICK = ("new model", "without routing", "model before #16")  # --quick: at the defaults only
DOSE = 5.0  # --dose: also the absorption hazard times this (about half the elites absorbed)


def arms(settings: dict, variants: dict, dose: bool = False) -> dict[str, Arm]:
    """Every arm: each setting x variant, with elites absorbed (default hazard) and not."""
    out = {}
    for s, setting in settings.items():
        for v, variant in variants.items():
            out[f"{s}|{v}|absorbed"] = Arm({**setting, **variant})
            if dose and v in ("new model", "model before #16"):
                rate = DOSE * PARAMETER_SPECS["elite_absorption_rate"].default
                out[f"{s}|{v}|dose"] = Arm({**setting, **variant, "elite_absorption_rate": rate})
            if v != "without routing":  # routing acts only through absorbed elites
                out[f"{s}|{v}|none"] = Arm({**setting, **variant, "elite_absorption_rate": 0.0})
    return out


def main(argv=None) -> int:
    """Run the experiment and print its figures."""
    ap = standard_args(__doc__)
    ap.add_argument("--defaults-only", action="store_true", help="the defaults setting only")
    ap.add_argument("--dose", action="store_true", help=f"also the hazard x {DOSE:g}")
    args = ap.parse_args(argv)
    settings, variants = SETTINGS, VARIANTS
    if args.defaults_only:
        settings = {"defaults": SETTINGS["defaults"]}
        variants = {v: VARIANTS[v] for v in QUICK}
    if args.quick:
        settings = {"defaults": SETTINGS["defaults"]}
        variants = {v: VARIANTS[v] for v in QUICK}
    res = run_arms(arms(settings, variants, args.dose), args, OUTCOMES)
    for s in settings:
        print(f"\n== {s}: elites absorbed at the default hazard minus elite_absorption_rate 0")
        for v in variants:
            none = f"{s}|{'new model' if v == 'without routing' else v}|none"
            print(f"  {v}:")
            for label, stat in STATS:
                on, off = stat(res, f"{s}|{v}|absorbed"), stat(res, none)
                print(f"    {label}: absorbed {ci(on)}; none {ci(off)}; diff {ci(on - off)}")
                if f"{s}|{v}|dose" in res:
                    hi = stat(res, f"{s}|{v}|dose")
                    print(f"      hazard x {DOSE:g}: {ci(hi)}; diff from none {ci(hi - off)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
