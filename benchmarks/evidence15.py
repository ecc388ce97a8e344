"""The evidence bullets of issue #15, measured again on the current model.

Issue #15 opened with six bullets of evidence measured on the model before v2 (3,000
households, 6-8 seeds, paired 95% intervals, tail = last 52 of 260 weeks). This script makes
the same measurements on the model as it is, so that the issue's closing note can put the new
figure beside each old one:

1. Inverse relation: share of fresh issues the residents route to self-governance (issue book
   column ``route``) at ``admin_penetration`` 0.1 vs 0.9 under ``crowding_out`` 0.5, 0, -0.5
   (``micro_autonomy`` 0.5, ``unit_scale`` building); the relative fall of participation; and
   with ``admin_support_share`` 1 and crowding -0.5, participation at 0.1 vs 0.9 (a "chain"
   region where self-governance grows with support).
2. Degenerate scenarios: ``grid_management`` participation (52-week and 4-week) and autonomy
   index (exactly 0 in any seed and week?); the same at penetration 0.1 with residents acting
   only at community scale, and there with quorum and effort removed (self-resolutions a week:
   exactly 1.000 under the old one-issue-per-unit cap); ``status_quo``'s share of meetings
   reaching quorum and of closed issues that lapsed.
3. Small units: doorway vs courtyard ``unit_scale`` gap in self-resolution with the default
   quorum and with ``quorum_share`` 0; the rank correlation of acting-unit size with
   self-resolution among agenda issues of the same affected share (issue book columns
   ``acting_size``, ``n_affected``).
4. Transients: after the default spin-up, participation at week 260 vs its mean over weeks
   1-52 and its linear trend, the autonomy index at week 1 vs the tail; the same without
   spin-up (``spinup_weeks`` 0) for contrast.
5. Knife-edge micro-rules: ``micro_self_governance`` participation at ``threshold_sd`` 0.05,
   0.15 (default), 0.3; ``status_quo`` with ``social_reference`` network vs group.
6. Vicious circle: shares of meetings that missed quorum and of held meetings whose action
   failed; the efficacy and trust of those who came to a failed (or a successful) meeting, at
   the meeting and 13 weeks later; and the tail efficacy, trust and participation with
   ``learning_rate`` 0.

Every run has 3,000 households and starts after the default spin-up (``spinup_weeks`` 1000,
under the run's own parameters) unless said otherwise; 260 weeks; tail = last 52 weeks. Arms
are paired by seed (common random numbers: replication ``r`` has the project's replication seed
``r`` under the master seed of the scenario files), intervals are paired Student-t 95%
intervals over seeds (not cut to an outcome's range). Meetings are counted by wrapping
``rules.action_succeeds`` and ``deliberation.evaluate`` in the worker processes (a measuring
tap: the wrapped functions return what the originals return and draw no random numbers),
switched on only during the weeks measured, so the spin-up is not counted.

    python benchmarks/evidence15.py            # full: 168 runs, about 9 min on 2 cores
    python benchmarks/evidence15.py --quick    # smoke run (under a minute): 600 households,
                                               # 100-week spin-up, 80 weeks, tail 26, 2 seeds
    python benchmarks/evidence15.py --seeds 4 --jobs 2
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed

import numpy as np

MASTER_SEED = 20261122  # the master seed of the shipped scenario files
FOLLOW_UP = 13  # weeks after a meeting at which attendees' efficacy is read again
SERIES = (
    "participation_rate",
    "participation_4w",
    "autonomy_index",
    "issues_resolved_self",
    "issues_resolved_admin",
    "issues_lapsed",
    "mean_trust",
)


# --------------------------------------------------------------------------- the arms
def arms() -> dict[str, dict]:
    """Every parameter set measured, by name (parameters on top of the defaults)."""
    from microgov_sim import load_scenario

    def scenario(name: str, **extra) -> dict:
        return {**load_scenario(name).params, **extra}

    inverse = {"micro_autonomy": 0.5, "unit_scale": "building"}
    small = {"micro_autonomy": 0.5}
    community = {"admin_penetration": 0.1, "unit_scale": "community"}
    community["self_governance_top"] = "community"
    out: dict[str, dict] = {}
    for crowding in (0.5, 0.0, -0.5):
        for pen in (0.1, 0.9):
            out[f"inv_c{crowding:+.1f}_p{pen}"] = {
                **inverse,
                "crowding_out": crowding,
                "admin_penetration": pen,
            }
    for pen in (0.1, 0.9):
        out[f"chain_p{pen}"] = {
            **inverse,
            "crowding_out": -0.5,
            "admin_support_share": 1.0,
            "admin_penetration": pen,
        }
    out["grid_management"] = scenario("grid_management")
    out["status_quo"] = scenario("status_quo")
    out["community_p0.1"] = community
    out["community_p0.1_noquorum"] = {
        **community,
        "quorum_share": 0.0,
        "effort_per_stakeholder": 0.0,
    }
    for scale in ("doorway", "courtyard"):
        out[f"small_{scale}"] = {**small, "unit_scale": scale}
        out[f"small_{scale}_q0"] = {**small, "unit_scale": scale, "quorum_share": 0.0}
    for name in ("micro_self_governance", "co_governance", "building_councils"):
        out[name] = scenario(name)
    for name in ("micro_self_governance", "co_governance", "building_councils", "status_quo"):
        out[f"{name}_nospinup"] = scenario(name, spinup_weeks=0)
    out["msg_sd0.05"] = scenario("micro_self_governance", threshold_sd=0.05)
    out["msg_sd0.3"] = scenario("micro_self_governance", threshold_sd=0.3)
    out["status_quo_group"] = scenario("status_quo", social_reference="group")
    out["status_quo_lr0"] = scenario("status_quo", learning_rate=0.0)
    out["msg_lr0"] = scenario("micro_self_governance", learning_rate=0.0)
    return out


# --------------------------------------------------------------------------- the tap
class Tap:
    """What the wrapped functions saw in the weeks measured (one per worker process)."""

    def __init__(self):
        self.week = 0
        self.counting = False  # count meetings this week
        self.following = False  # keep attendees for the follow-up this week
        self.taken = self.joined = self.held = self.won = 0
        self.records: list[tuple[int, str, np.ndarray, np.ndarray, np.ndarray]] = []
        self.immediate = {"failed": [0.0, 0.0, 0], "won": [0.0, 0.0, 0]}  # sum before, after, n


TAP = Tap()


def install_tap() -> None:
    """Wrap ``rules.action_succeeds`` and ``deliberation.evaluate`` to count meetings."""
    from microgov_sim.model import rules
    from microgov_sim.model.submodels import deliberation

    if getattr(rules.action_succeeds, "tapped", False):
        return
    action_succeeds, evaluate = rules.action_succeeds, deliberation.evaluate

    def counted_action(participants, effort, n_affected, required, quorum_share):
        held, won = action_succeeds(participants, effort, n_affected, required, quorum_share)
        if TAP.counting:
            TAP.taken += len(held)
            TAP.joined += int((participants > 0).sum())
            TAP.held += int(held.sum())
            TAP.won += int(won.sum())
        return held, won

    def followed_evaluate(s, p, part, part_group, success, held, won):
        if not TAP.following:
            return evaluate(s, p, part, part_group, success, held, won)
        hh = s.households
        groups = {"failed": part[~success[part_group]], "won": part[success[part_group]]}
        before = {k: hh.efficacy[ids].copy() for k, ids in groups.items()}
        trust = {k: hh.trust[ids].copy() for k, ids in groups.items()}
        evaluate(s, p, part, part_group, success, held, won)
        for kind, ids in groups.items():
            acc = TAP.immediate[kind]
            acc[0] += float(before[kind].sum())
            acc[1] += float(hh.efficacy[ids].sum())
            acc[2] += len(ids)
            TAP.records.append((TAP.week, kind, ids, before[kind], trust[kind]))

    counted_action.tapped = True
    rules.action_succeeds = counted_action
    deliberation.evaluate = followed_evaluate


# --------------------------------------------------------------------------- one run
def size_correlation(df) -> float:
    """Rank correlation of acting-unit size with self-resolution at a fixed affected share.

    Over agenda issues that arose in the run and are closed: within bins of the affected
    share ``n_affected / acting_size`` 0.1 wide, Spearman's rho of ``acting_size`` with
    "resolved by residents", averaged over bins weighted by their issues (bins where either
    is constant are left out).
    """
    agenda = df[(df.created >= 1) & df.route.isin(["self", "officer_referred"])]
    agenda = agenda[agenda.status.isin(["resolved_self", "resolved_admin", "lapsed"])]
    share = agenda.n_affected / agenda.acting_size
    bins = np.minimum((share * 10).astype(int), 9)
    total = weight = 0.0
    for _, issues in agenda.groupby(bins):
        solved = (issues.status == "resolved_self").astype(float)
        if len(issues) < 10 or issues.acting_size.nunique() < 2 or solved.nunique() < 2:
            continue
        rho = issues.acting_size.rank().corr(solved.rank())
        total += rho * len(issues)
        weight += len(issues)
    return total / weight if weight else math.nan


def run_one(job: tuple) -> tuple:
    """Run one arm for one seed; return its series and the figures read from the run."""
    from microgov_sim import MicroGovModel

    install_tap()
    name, rep, seed, params, steps, tail = job
    started = time.perf_counter()
    model = MicroGovModel(rng=seed, **params)
    spin_s = model.spinup_seconds
    TAP.__init__()
    first_follow = steps - tail - FOLLOW_UP + 1  # meetings followed up within the run
    efficacy = []
    follow = {"failed": np.zeros(5), "won": np.zeros(5)}  # sums: e, T before; e, T after; n
    for week in range(1, steps + 1):
        TAP.week = week
        TAP.counting = week > steps - tail
        TAP.following = first_follow <= week <= steps - FOLLOW_UP
        model.step()
        hh = model.state.households
        if week > steps - tail:
            efficacy.append(float(hh.efficacy.mean()))
        while TAP.records and TAP.records[0][0] == week - FOLLOW_UP:
            _, kind, ids, eff, trust = TAP.records.pop(0)
            stayed = hh.tenure[ids] >= FOLLOW_UP  # the same household, not a newcomer
            ids = ids[stayed]
            follow[kind] += (
                eff[stayed].sum(),
                trust[stayed].sum(),
                hh.efficacy[ids].sum(),
                hh.trust[ids].sum(),
                len(ids),
            )
    frame = model.datacollector.get_model_vars_dataframe()
    series = {c: frame[c].to_numpy(dtype=float)[1:] for c in SERIES}  # weeks 1..steps
    df = model.issues_frame()
    fresh = df[(df.raised > steps - tail) & (df.route != "none")]
    out = {
        "series": series,
        "efficacy_tail": float(np.mean(efficacy)),
        "route_self": float((fresh.route == "self").mean()) if len(fresh) else math.nan,
        "route_agenda": (
            float(fresh.route.isin(["self", "officer_referred"]).mean()) if len(fresh) else math.nan
        ),
        "size_rho": size_correlation(df),
        "meetings": (TAP.taken, TAP.joined, TAP.held, TAP.won),
        "immediate": {k: tuple(v) for k, v in TAP.immediate.items()},
        "follow": {k: tuple(v) for k, v in follow.items()},
        "spin_s": spin_s,
        "run_s": time.perf_counter() - started - spin_s,
    }
    return name, rep, out


# --------------------------------------------------------------------------- statistics
def t_interval(values) -> tuple[float, float, float, int]:
    """Mean and Student-t 95% interval over the finite values (NaN bounds below 2)."""
    from scipy import stats

    x = np.asarray([v for v in values if np.isfinite(v)], dtype=float)
    n = len(x)
    if n == 0:
        return math.nan, math.nan, math.nan, 0
    mean = float(x.mean())
    if n < 2 or np.all(x == x[0]):
        half = 0.0 if n >= 2 else math.nan
    else:
        half = float(stats.t.ppf(0.975, n - 1) * x.std(ddof=1) / math.sqrt(n))
    return mean, mean - half, mean + half, n


def fmt(values, digits: int = 3) -> str:
    """``mean [low, high]`` of the values over seeds (``n=`` when some are missing)."""
    mean, low, high, n = t_interval(values)
    if n == 0:
        return "n/a (no value)"
    text = f"{mean:.{digits}f} [{low:.{digits}f}, {high:.{digits}f}]"
    return text + ("" if n == len(list(values)) else f" (n={n})")


def pct(values) -> str:
    """``fmt`` of shares as percentages."""
    return fmt([100 * v for v in values], 1) + " %"


class Figures:
    """The runs of every arm, by arm and replication, and readings of them."""

    def __init__(self, runs: dict[str, list[dict]], tail: int):
        self.runs, self.tail = runs, tail

    def each(self, arm: str, read) -> list[float]:
        """``read(run)`` for each replication of ``arm``, in replication order."""
        return [float(read(r)) for r in self.runs[arm]]

    def tail_mean(self, arm: str, column: str) -> list[float]:
        """Each run's mean of ``column`` over the tail weeks (NaN skipped)."""
        return self.each(arm, lambda r: np.nanmean(r["series"][column][-self.tail :]))

    def closed_share(self, arm: str, column: str) -> list[float]:
        """Each run's share of issues closed in the tail that closed as ``column``."""

        def share(r):
            s = {c: r["series"][c][-self.tail :].sum() for c in CLOSED}
            total = sum(s.values())
            return s[column] / total if total else math.nan

        return self.each(arm, share)

    def meeting_share(self, arm: str, part: int, whole: int) -> list[float]:
        """Each run's ratio of two meeting counts (taken, joined, held, won) over the tail."""
        return self.each(
            arm,
            lambda r: (
                r["meetings"][part] / r["meetings"][whole] if r["meetings"][whole] else math.nan
            ),
        )


CLOSED = ("issues_resolved_self", "issues_resolved_admin", "issues_lapsed")
TAKEN, JOINED, HELD, WON = range(4)


def diff(a: list[float], b: list[float]) -> list[float]:
    """Paired differences ``b - a`` by replication."""
    return [y - x for x, y in zip(a, b, strict=True)]


def relative_fall(a: list[float], b: list[float]) -> list[float]:
    """Paired relative fall ``1 - b / a`` by replication."""
    return [1 - y / x if x > 0 else math.nan for x, y in zip(a, b, strict=True)]


def slope(y: np.ndarray) -> float:
    """Least-squares slope of a weekly series per 100 weeks (NaN weeks left out)."""
    weeks = np.arange(1, len(y) + 1, dtype=float)
    ok = np.isfinite(y)
    if ok.sum() < 3:
        return math.nan
    return float(np.polyfit(weeks[ok], y[ok], 1)[0] * 100)


def first_finite(y: np.ndarray) -> tuple[int, float]:
    """Week (1-based) and value of the first non-missing entry of a weekly series."""
    ok = np.flatnonzero(np.isfinite(y))
    return (int(ok[0]) + 1, float(y[ok[0]])) if len(ok) else (0, math.nan)


# --------------------------------------------------------------------------- the report


def failed_share(meetings, of) -> float:
    """Held meetings whose action failed, as a share of ``meetings[of]`` (NaN if none)."""
    return (meetings[HELD] - meetings[WON]) / meetings[of] if meetings[of] else math.nan


def report(f: Figures, steps: int) -> None:
    """Print every figure, bullet by bullet."""
    part = "participation_rate"
    print("\n## 1. Inverse relation (micro_autonomy 0.5, unit_scale building)")
    for crowding in (0.5, 0.0, -0.5):
        low, high = f"inv_c{crowding:+.1f}_p0.1", f"inv_c{crowding:+.1f}_p0.9"
        print(f"crowding_out {crowding:+.1f}:")
        for key, what in (("route_self", "route self"), ("route_agenda", "to the agenda")):
            a, b = f.each(low, lambda r, k=key: r[k]), f.each(high, lambda r, k=key: r[k])
            print(f"  fresh issues {what:13s}: pen 0.1 {pct(a)}   pen 0.9 {pct(b)}")
            print(f"  {'':29s}  difference (0.9 - 0.1) {pct(diff(a, b))}")
        a, b = f.tail_mean(low, part), f.tail_mean(high, part)
        print(f"  participation (52 wk):  pen 0.1 {fmt(a)}   pen 0.9 {fmt(b)}")
        print(f"  relative fall 1 - p(0.9)/p(0.1): {pct(relative_fall(a, b))}")
        a, b = f.tail_mean(low, "autonomy_index"), f.tail_mean(high, "autonomy_index")
        print(f"  autonomy index:         pen 0.1 {fmt(a)}   pen 0.9 {fmt(b)}")
    print("admin_support_share 1, crowding_out -0.5 (the chain region?):")
    for key, what in (("route_self", "route self"), ("route_agenda", "to the agenda")):
        a, b = (
            f.each("chain_p0.1", lambda r, k=key: r[k]),
            f.each("chain_p0.9", lambda r, k=key: r[k]),
        )
        print(f"  fresh issues {what:13s}: pen 0.1 {pct(a)}   pen 0.9 {pct(b)}")
        print(f"  {'':29s}  difference (0.9 - 0.1) {pct(diff(a, b))}")
    for column in (part, "autonomy_index", "issues_resolved_self"):
        a, b = f.tail_mean("chain_p0.1", column), f.tail_mean("chain_p0.9", column)
        print(f"  {column:22s}: pen 0.1 {fmt(a)}   pen 0.9 {fmt(b)}")
        print(f"  {'':22s}  difference (0.9 - 0.1) {fmt(diff(a, b))}")

    print("\n## 2. Degenerate scenarios")
    for arm in ("grid_management", "community_p0.1", "community_p0.1_noquorum"):
        print(f"{arm}:")
        for column in (part, "participation_4w", "autonomy_index", "issues_resolved_self"):
            print(f"  {column:22s} {fmt(f.tail_mean(arm, column), 4)}")
        autonomy = np.concatenate([r["series"]["autonomy_index"] for r in f.runs[arm]])
        finite = autonomy[np.isfinite(autonomy)]
        zero_seeds = sum(
            bool(
                np.all(
                    r["series"]["autonomy_index"][np.isfinite(r["series"]["autonomy_index"])] == 0
                )
            )
            for r in f.runs[arm]
        )
        print(
            f"  autonomy exactly 0 in {int((finite == 0).sum())} of {len(finite)} seed-weeks "
            f"({int((~np.isfinite(autonomy)).sum())} missing), in every week of {zero_seeds} of "
            f"{len(f.runs[arm])} seeds; min {finite.min() if len(finite) else math.nan:.4f}"
        )
    arm = "status_quo"
    print("status_quo:")
    print(f"  meetings reaching quorum (held / taken up): {pct(f.meeting_share(arm, HELD, TAKEN))}")
    print(
        f"  meetings anyone joined (joined / taken up): {pct(f.meeting_share(arm, JOINED, TAKEN))}"
    )
    print(
        f"  closed issues that lapsed:                  {pct(f.closed_share(arm, 'issues_lapsed'))}"
    )
    print(f"  participation (52 wk) {fmt(f.tail_mean(arm, part))}")

    print("\n## 3. Small units (micro_autonomy 0.5): doorway - courtyard, paired")
    for suffix, what in (("", "default quorum_share 0.2"), ("_q0", "quorum_share 0")):
        door, court = f"small_doorway{suffix}", f"small_courtyard{suffix}"
        print(f"{what}:")
        for column in ("issues_resolved_self", "autonomy_index", part):
            a, b = f.tail_mean(court, column), f.tail_mean(door, column)
            print(f"  {column:22s}: doorway {fmt(b)}  courtyard {fmt(a)}  gap {fmt(diff(a, b))}")
    print("rank correlation of acting size with self-resolution at a fixed affected share")
    print("(agenda issues of the run, closed; within affected-share bins of 0.1, weighted):")
    for arm in ("small_doorway", "small_doorway_q0", "small_courtyard", "small_courtyard_q0"):
        print(f"  {arm:20s} rho {fmt(f.each(arm, lambda r: r['size_rho']))}")

    print(f"\n## 4. Transients (participation = 52-week share; week {steps} vs weeks 1-52)")
    for name in ("micro_self_governance", "co_governance", "building_councils", "status_quo"):
        print(f"{name}, after the default spin-up:")
        runs = f.runs[name]
        last = [r["series"][part][-1] for r in runs]
        early = [np.nanmean(r["series"][part][:52]) for r in runs]
        print(f"  participation week {steps} {fmt(last)}  mean weeks 1-52 {fmt(early)}")
        print(
            f"  difference {fmt(diff(early, last))}  "
            f"relative fall {pct(relative_fall(early, last))}"
        )
        print(
            f"  linear trend over weeks 1-{steps}, per 100 weeks: "
            f"{fmt([slope(r['series'][part]) for r in runs], 4)}"
        )
        first = [r["series"]["autonomy_index"][0] for r in runs]
        print(f"  autonomy week 1 {fmt(first)}  tail {fmt(f.tail_mean(name, 'autonomy_index'))}")
        print(f"  difference week 1 - tail {fmt(diff(f.tail_mean(name, 'autonomy_index'), first))}")
        cold = f.runs[f"{name}_nospinup"]
        week, _ = first_finite(cold[0]["series"][part])
        start = [first_finite(r["series"][part])[1] for r in cold]
        end = [r["series"][part][-1] for r in cold]
        print(f"{name}, spinup_weeks 0:")
        print(f"  participation first defined week {week} {fmt(start)}  week {steps} {fmt(end)}")
        print(
            f"  linear trend over the defined weeks, per 100 weeks: "
            f"{fmt([slope(r['series'][part]) for r in cold], 4)}"
        )
        warm = f.tail_mean(name, part)
        print(
            f"  week-{steps} value below the spun-up tail level by {pct(relative_fall(warm, end))}"
        )
        aw, _ = first_finite(cold[0]["series"]["autonomy_index"])
        au = [first_finite(r["series"]["autonomy_index"])[1] for r in cold]
        print(
            f"  autonomy first defined week {aw} {fmt(au)}  tail "
            f"{fmt(f.tail_mean(f'{name}_nospinup', 'autonomy_index'))}"
        )

    print("\n## 5. Knife-edge micro-rules (participation = 52-week share, tail)")
    base = f.tail_mean("micro_self_governance", part)
    print(f"micro_self_governance threshold_sd 0.15 (default) {fmt(base)}")
    for arm, sd in (("msg_sd0.05", 0.05), ("msg_sd0.3", 0.3)):
        other = f.tail_mean(arm, part)
        print(f"  threshold_sd {sd:<4}  {fmt(other)}   minus default {fmt(diff(base, other))}")
    base, group = f.tail_mean("status_quo", part), f.tail_mean("status_quo_group", part)
    print(f"status_quo social_reference network (default) {fmt(base)}  group {fmt(group)}")
    print(f"  group - network {fmt(diff(base, group))}")

    print("\n## 6. Vicious circle (meetings over the tail)")
    for name, lr0 in (("status_quo", "status_quo_lr0"), ("micro_self_governance", "msg_lr0")):
        print(f"{name}:")
        taken = f.each(name, lambda r: r["meetings"][TAKEN] / f.tail)
        print(f"  meetings taken up per week {fmt(taken, 2)}")
        missed = [1 - x for x in f.meeting_share(name, HELD, TAKEN)]
        print(f"  missed quorum / taken up    {pct(missed)}")
        failed = f.each(name, lambda r: failed_share(r["meetings"], HELD))
        failed_all = f.each(name, lambda r: failed_share(r["meetings"], TAKEN))
        print(f"  held but failed / held      {pct(failed)}")
        print(f"  held but failed / taken up  {pct(failed_all)}")
        for kind, what in (("failed", "missed quorum or failed"), ("won", "succeeded")):
            now = f.each(
                name, lambda r, k=kind: r["immediate"][k][0] / max(r["immediate"][k][2], 1)
            )
            then = f.each(
                name, lambda r, k=kind: r["immediate"][k][1] / max(r["immediate"][k][2], 1)
            )
            print(
                f"  came to a meeting that {what}: efficacy at it {fmt(now)} just after {fmt(then)}"
            )
            e0 = f.each(name, lambda r, k=kind: r["follow"][k][0] / max(r["follow"][k][4], 1))
            t0 = f.each(name, lambda r, k=kind: r["follow"][k][1] / max(r["follow"][k][4], 1))
            e1 = f.each(name, lambda r, k=kind: r["follow"][k][2] / max(r["follow"][k][4], 1))
            t1 = f.each(name, lambda r, k=kind: r["follow"][k][3] / max(r["follow"][k][4], 1))
            print(
                f"    {FOLLOW_UP} weeks later (households that stayed): efficacy change "
                f"{fmt(diff(e0, e1))}, trust change {fmt(diff(t0, t1))}"
            )
        print(f"  learning_rate 0 ({lr0}) minus default, tail:")
        for column, read in (
            ("efficacy", lambda arm: f.each(arm, lambda r: r["efficacy_tail"])),
            ("mean_trust", lambda arm: f.tail_mean(arm, "mean_trust")),
            (part, lambda arm: f.tail_mean(arm, part)),
            ("autonomy_index", lambda arm: f.tail_mean(arm, "autonomy_index")),
        ):
            a, b = read(name), read(lr0)
            print(f"    {column:20s} default {fmt(a)}  lr 0 {fmt(b)}  diff {fmt(diff(a, b))}")


def main(argv=None) -> None:
    """Run every arm for every seed on a process pool and print the figures."""
    from microgov_sim.experiments.seeds import replication_seeds

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="smoke run: small and short")
    ap.add_argument("--seeds", type=int, default=None, help="replications (default 6, quick 2)")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    ap.add_argument("--weeks", type=int, default=None, help="weeks per run (default 260)")
    ap.add_argument("--tail", type=int, default=52, help="tail weeks (default 52)")
    args = ap.parse_args(argv)
    if args.quick:
        common, steps, tail, n_seeds = {"n_households": 600, "spinup_weeks": 100}, 80, 26, 2
    else:
        common, steps, tail, n_seeds = {"n_households": 3000}, 260, args.tail, 6
    steps = args.weeks or steps
    n_seeds = args.seeds or n_seeds
    seeds = replication_seeds(MASTER_SEED, n_seeds)
    jobs = [
        (name, rep, seed, {**common, **params}, steps, tail)
        for name, params in arms().items()
        for rep, seed in enumerate(seeds)
    ]
    started = time.perf_counter()
    runs: dict[str, list] = {}
    with ProcessPoolExecutor(args.jobs) as pool:
        futures = [pool.submit(run_one, job) for job in jobs]
        for done, future in enumerate(as_completed(futures), 1):
            name, rep, out = future.result()
            runs.setdefault(name, [None] * n_seeds)[rep] = out
            print(
                f"[{done}/{len(jobs)}] {name} rep {rep} "
                f"({out['spin_s']:.1f} s spin-up, {out['run_s']:.1f} s run, "
                f"{time.perf_counter() - started:.0f} s elapsed)",
                file=sys.stderr,
                flush=True,
            )
    wall = time.perf_counter() - started
    spin = sum(r["spin_s"] for rs in runs.values() for r in rs)
    run = sum(r["run_s"] for rs in runs.values() for r in rs)
    spun = {k: v for k, v in common.items() if k == "spinup_weeks"}
    print("\n# Issue #15 evidence on the current model")
    print(
        f"{common['n_households']:,} households, {steps} weeks, tail = last {tail} weeks, "
        f"{n_seeds} seeds paired by replication (master {MASTER_SEED}), spin-up "
        f"{spun.get('spinup_weeks', 1000)} weeks unless said; 95% paired t intervals"
    )
    print(
        f"{len(jobs)} runs on {args.jobs} processes: {wall / 60:.1f} min wall, "
        f"{spin / 60:.1f} min of spin-up and {run / 60:.1f} min of runs (CPU in the workers)"
    )
    report(Figures(runs, tail), steps)


if __name__ == "__main__":
    main()
