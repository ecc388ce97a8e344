"""One-factor experiment of the cost dynamics of pushing power down (issue #16, point 1).

The mechanism (ODD 7.8b: capital stock with maintenance, supervision layers with a span of
control, a budget ratchet) is switched on (the defaults) or off (``capital_cost`` 0,
``platform_cost`` 0.5, ``supervision_layers`` 0, ``budget_downward_rate`` 1: the linear cost
model before #16, which draws the same random numbers). Two measurements, each with paired
seeds and paired Student-t 95% intervals over seeds:

1. Elasticity of cumulative administrative cost (weeks 1-260 after the default spin-up) to
   ``admin_penetration``, 0.25 -> 0.5 and 0.5 -> 1.0: ``log(C_b / C_a) / log 2`` per seed
   (pattern 2 claims > 1).
2. Cost after withdrawal: the ``grid_withdrawal`` scenario (penetration 0.9, cut to 0.1 at
   week 157) against a never-withdrawn arm (0.9 throughout) and a never-gridded arm (0.1
   throughout); administrative cost in the last year (weeks 209-260), and the share of the
   withdrawn arm's excess over never-gridded that is still paid.

Every run has 3,000 households and starts after the default spin-up (1,000 weeks under its
week-1 parameters, so the never-withdrawn and withdrawn arms share their spin-up state).

    python benchmarks/cost_dynamics.py               # 5 seeds, 2 jobs (about 10 min)
    python benchmarks/cost_dynamics.py --quick       # smoke run: 600 households, short
"""

from __future__ import annotations

import argparse
import math
import sys
from concurrent.futures import ProcessPoolExecutor

import numpy as np

MASTER_SEED = 20261122  # the master seed of the shipped scenario files
OFF = {
    "capital_cost": 0.0,
    "platform_cost": 0.5,
    "supervision_layers": 0,
    "budget_downward_rate": 1.0,
}
LINES = ("cost_officers", "cost_supervision", "cost_platform", "cost_disposals")


def arms(withdraw_week: int) -> dict[str, tuple[dict, dict]]:
    """Every arm: name -> (parameters, timeline)."""
    from microgov_sim import load_scenario

    base = dict(load_scenario("grid_withdrawal").params)
    out = {}
    for mech, extra in (("on", {}), ("off", OFF)):
        for pen in (0.25, 0.5, 1.0):
            out[f"{mech}_pen{pen}"] = ({"admin_penetration": pen, **extra}, {})
        out[f"{mech}_withdrawn"] = (
            {**base, **extra},
            {withdraw_week: {"admin_penetration": 0.1}},
        )
        out[f"{mech}_kept"] = ({**base, **extra}, {})
        out[f"{mech}_never"] = ({**base, **extra, "admin_penetration": 0.1}, {})
    return out


def one_run(job):
    """Run one arm and seed; return the cumulative cost series of the admin lines."""
    from microgov_sim import MicroGovModel
    from microgov_sim.experiments.seeds import replication_seed

    name, params, timeline, rep, size, steps, spinup = job
    model = MicroGovModel(
        rng=replication_seed(MASTER_SEED, rep),
        policy_timeline=timeline,
        n_households=size,
        spinup_weeks=spinup,
        **params,
    )
    for _ in range(steps):
        model.step()
    df = model.datacollector.get_model_vars_dataframe()
    return name, rep, {c: df[c].to_numpy() for c in ("admin_cost", "n_officers", *LINES)}


def ci(values) -> str:
    """Mean [95% paired t interval] of per-seed values."""
    from scipy import stats

    v = np.asarray(values, dtype=float)
    m = v.mean()
    if len(v) < 2:
        return f"{m:.3f}"
    h = stats.t.ppf(0.975, len(v) - 1) * v.std(ddof=1) / math.sqrt(len(v))
    return f"{m:.3f} [{m - h:.3f}, {m + h:.3f}]"


def main(argv=None) -> int:
    """Run the experiment and print its figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--quick", action="store_true")
    a = ap.parse_args(argv)
    size, steps, spinup, withdraw = (600, 104, 100, 53) if a.quick else (3000, 260, 1000, 157)
    seeds = 2 if a.quick else a.seeds
    last_year = steps - 52
    jobs = [
        (name, params, timeline, rep, size, steps, spinup)
        for name, (params, timeline) in arms(withdraw).items()
        for rep in range(seeds)
    ]
    res: dict[str, dict[int, dict]] = {}
    with ProcessPoolExecutor(a.jobs) as pool:
        for name, rep, series in pool.map(one_run, jobs):
            res.setdefault(name, {})[rep] = series

    def final(arm, col="admin_cost"):
        return np.array([res[arm][r][col][-1] for r in range(seeds)])

    def year(arm, col="admin_cost"):
        return np.array([res[arm][r][col][-1] - res[arm][r][col][last_year] for r in range(seeds)])

    print(f"{size} households, spin-up {spinup} weeks, {steps} weeks, {seeds} paired seeds")
    print("\n1. Elasticity of cumulative admin cost to admin_penetration")
    for mech in ("on", "off"):
        for lo, hi in ((0.25, 0.5), (0.5, 1.0)):
            e = np.log(final(f"{mech}_pen{hi}") / final(f"{mech}_pen{lo}")) / math.log(hi / lo)
            print(f"  mechanism {mech:3s} {lo} -> {hi}: {ci(e)}")
    for lo, hi in ((0.25, 0.5), (0.5, 1.0)):
        d = np.log(final(f"on_pen{hi}") / final(f"on_pen{lo}")) - np.log(
            final(f"off_pen{hi}") / final(f"off_pen{lo}")
        )
        print(f"  on - off {lo} -> {hi}: {ci(d / math.log(hi / lo))}")
    print("  cumulative admin cost by line, mechanism on (share of admin_cost):")
    for pen in (0.25, 0.5, 1.0):
        tot = final(f"on_pen{pen}")
        parts = ", ".join(f"{c[5:]} {np.mean(final(f'on_pen{pen}', c) / tot):.2f}" for c in LINES)
        print(f"    pen {pen}: total {ci(tot)}; {parts}")
    print(f"\n2. grid_withdrawal: admin cost in the last year (weeks {last_year + 1}-{steps})")
    for mech in ("on", "off"):
        kept, gone, never = (year(f"{mech}_{k}") for k in ("kept", "withdrawn", "never"))
        print(
            f"  mechanism {mech}: never withdrawn {ci(kept)}; withdrawn {ci(gone)}; "
            f"never gridded {ci(never)}"
        )
        print(
            f"    withdrawn - never gridded {ci(gone - never)}; "
            f"share of the excess still paid {ci((gone - never) / (kept - never))}"
        )
        parts = ", ".join(
            f"{c[5:]} {ci(year(f'{mech}_withdrawn', c) - year(f'{mech}_never', c))}" for c in LINES
        )
        print(f"    by line (withdrawn - never gridded): {parts}")
    on = year("on_withdrawn") - year("on_never")
    off = year("off_withdrawn") - year("off_never")
    print(f"  on - off (withdrawn - never gridded): {ci(on - off)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
