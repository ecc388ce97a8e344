"""Shared machinery of the mechanisms' one-factor experiments (issue #16).

Each mechanism of ``docs/ODD.md`` §7 is switched on (its defaults) and off (parameters that
remove it) in otherwise identical runs with paired seeds, every run starting after the default
spin-up (stationarity, ODD §5). A script under ``benchmarks/`` declares its arms and calls
:func:`run_arms`; :func:`ci` and :func:`paired` print a mean with its paired Student-t 95%
interval over seeds.

    from one_factor import Arm, ci, paired, run_arms, standard_args

    args = standard_args(__doc__).parse_args()
    res = run_arms({"on": Arm({}), "off": Arm({"my_lever": 0})}, args)
    print(paired(res, "on", "off", "participation_rate"))

``res[arm][outcome]`` is an array over seeds of the outcome's value at the last week (or of
its change over the last ``window`` weeks with ``stat="window"``).
"""

from __future__ import annotations

import argparse
import math
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import numpy as np

MASTER_SEED = 20261122  # the master seed of the shipped scenario files


@dataclass(frozen=True)
class Arm:
    """One arm: parameters over the defaults (or over ``scenario``) and a policy timeline."""

    params: dict
    timeline: dict = field(default_factory=dict)
    scenario: str = ""


def standard_args(doc: str, seeds: int = 5) -> argparse.ArgumentParser:
    """The options every one-factor script shares: --seeds, --jobs, --quick, --size, --steps."""
    ap = argparse.ArgumentParser(description=(doc or "").splitlines()[0])
    ap.add_argument("--seeds", type=int, default=seeds, help="paired seeds (default %(default)s)")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    ap.add_argument("--size", type=int, default=3000, help="households (default 3000)")
    ap.add_argument("--steps", type=int, default=260, help="weeks after spin-up (default 260)")
    ap.add_argument("--spinup", type=int, default=None, help="spin-up weeks (default: model's)")
    ap.add_argument(
        "--quick", action="store_true", help="smoke run: 600 households, 2 seeds, short"
    )
    return ap


def _one(job):
    from microgov_sim import MicroGovModel, load_scenario
    from microgov_sim.experiments.seeds import replication_seed

    name, arm, rep, size, steps, spinup, outcomes = job
    base = dict(load_scenario(arm.scenario).params) if arm.scenario else {}
    extra = {} if spinup is None else {"spinup_weeks": spinup}
    model = MicroGovModel(
        rng=replication_seed(MASTER_SEED, rep),
        policy_timeline=arm.timeline,
        **{**base, "n_households": size, **extra, **arm.params},
    )
    for _ in range(steps):
        model.step()
    df = model.datacollector.get_model_vars_dataframe()
    cols = outcomes or list(df.columns)
    series = {c: df[c].to_numpy(dtype=float) for c in cols}
    return name, rep, {**series, **shared_affairs(model.state, steps)}


SHARED = ("shared_self", "shared_admin", "shared_lapsed")  # see shared_affairs


def shared_affairs(s, steps: int, weeks: int = 52) -> dict[str, np.ndarray]:
    """Shared affairs closed in weeks 1..steps and in the last ``weeks``, by how they closed.

    ``{name: [over the run, in the last weeks]}`` for the names of :data:`SHARED`: a unit's
    shared affairs only, the households' own matters (requests and micro-wishes, ODD 7.3b and
    7.4b) left out as in the autonomy index (``outcomes.own_matters``).
    """
    from microgov_sim.model.issues import Status
    from microgov_sim.model.outcomes import own_matters

    iss = s.issues
    ids = np.arange(iss.n)
    ids = ids[own_matters(s, ids)]
    status, ended = iss.status[ids], iss.resolved[ids]
    out = {}
    closes = (Status.RESOLVED_SELF, Status.RESOLVED_ADMIN, Status.LAPSED)
    for name, st in zip(SHARED, closes, strict=True):
        here = status == st
        run = here & (ended >= 1)
        recent = run & (ended > steps - weeks)
        out[name] = np.array([np.count_nonzero(run), np.count_nonzero(recent)], dtype=float)
    return out


def run_arms(arms: dict[str, Arm], args, outcomes: tuple[str, ...] = ()) -> dict:
    """Run every arm for every seed; return ``{arm: {outcome: series per seed (2-D)}}``.

    ``series[seed, week]`` with week 0 the state after the spin-up. ``--quick`` shrinks the run
    to 600 households, 2 seeds, 104 weeks and a 100-week spin-up.
    """
    size, steps, spinup, seeds = args.size, args.steps, args.spinup, args.seeds
    if args.quick:
        size, steps, spinup, seeds = 600, 104, 100, 2
    jobs = [
        (name, arm, rep, size, steps, spinup, tuple(outcomes))
        for name, arm in arms.items()
        for rep in range(seeds)
    ]
    got: dict[str, dict[int, dict]] = {}
    with ProcessPoolExecutor(args.jobs) as pool:
        for name, rep, series in pool.map(_one, jobs):
            got.setdefault(name, {})[rep] = series
    print(f"{size} households, spin-up {spinup or 'default'}, {steps} weeks, {seeds} paired seeds")
    return {
        name: {c: np.vstack([reps[r][c] for r in range(seeds)]) for c in reps[0]}
        for name, reps in got.items()
    }


def last(res: dict, arm: str, outcome: str) -> np.ndarray:
    """Per seed, the outcome at the last week."""
    return res[arm][outcome][:, -1]


def window(res: dict, arm: str, outcome: str, weeks: int = 52) -> np.ndarray:
    """Per seed, the change of a cumulative outcome over the last ``weeks`` weeks."""
    s = res[arm][outcome]
    return s[:, -1] - s[:, -1 - weeks]


def mean_last(res: dict, arm: str, outcome: str, weeks: int = 52) -> np.ndarray:
    """Per seed, the mean of the outcome over the last ``weeks`` weeks."""
    return np.nanmean(res[arm][outcome][:, -weeks:], axis=1)


def ci(values, digits: int = 3) -> str:
    """Mean [paired Student-t 95% interval] of per-seed values."""
    from scipy import stats

    v = np.asarray(values, dtype=float)
    m = float(np.mean(v))
    if len(v) < 2:
        return f"{m:.{digits}f}"
    h = stats.t.ppf(0.975, len(v) - 1) * v.std(ddof=1) / math.sqrt(len(v))
    return f"{m:.{digits}f} [{m - h:.{digits}f}, {m + h:.{digits}f}]"


def paired(res: dict, a: str, b: str, outcome: str, stat=mean_last) -> str:
    """``a``, ``b`` and ``a - b`` of an outcome (per-seed ``stat``), each with its interval."""
    x, y = stat(res, a, outcome), stat(res, b, outcome)
    return f"{outcome}: {a} {ci(x)}; {b} {ci(y)}; {a} - {b} {ci(x - y)}"
