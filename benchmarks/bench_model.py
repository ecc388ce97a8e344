"""Speed of the model against Mesa's own virus_on_network example, measured in one run.

Prints, for 3,000 / 10,000 / 30,000 / 300,000 households: build time, seconds per step,
resident-steps per second, peak memory; and the same for Mesa's ``virus_on_network`` example
at 10,000 nodes (built without a layout, see below) as the reference, with the ratio.

Each configuration runs in its own subprocess so that peak memory (ru_maxrss) is its own.
The models start from the initial state (``spinup_weeks = 0``), except one 3,000-household
run that first spins up for the default 1,000 weeks: its 260 steps are timed from the
stationary state (issue #15: no slower than 1.5x before model v2) and its spin-up is printed
apart, as sweeps share one spin-up per key and report its cost in their metadata.

    python benchmarks/bench_model.py            # full: 260 steps at every size
    python benchmarks/bench_model.py --quick    # 300,000 households for 20 steps only
    python benchmarks/bench_model.py --phases 10000   # ms per step of each submodel

The per-step times at 3,000, 10,000 and 30,000 households are split by least squares into a
fixed cost per step (Python and numpy call overhead, Mesa's bookkeeping) and a cost per
household, to show what bounds the ratio to the reference at 10,000 households.

Targets (issue #2, not unit tests): 3,000 x 260 in under 1 s; at 10,000 households at least
20x the reference's agent-steps per second; 300,000 x 260 in under 2 minutes and 4 GB.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import statistics
import subprocess
import sys
import time
import types


def timed(what: str, n: int, steps: int, build, advance) -> dict:
    """Time ``build()`` and then ``advance(model)`` called ``steps`` times."""
    t0 = time.perf_counter()
    model = build()
    t1 = time.perf_counter()
    for _ in range(steps):
        advance(model)
    t2 = time.perf_counter()
    return {
        "what": what,
        "agents": n,
        "steps": steps,
        "build_s": t1 - t0,
        "run_s": t2 - t1,
        "total_s": t2 - t0,
    }


def run_model(n: int, steps: int, seed: int = 1, spinup: int = 0) -> dict:
    from microgov_sim import MicroGovModel

    built: list = []

    def build():
        built.append(MicroGovModel(rng=seed, n_households=n, spinup_weeks=spinup))
        return built[-1]

    label = f"microgov {n:,} households" + (f" after {spinup:,}-wk spin-up" if spinup else "")
    result = timed(label, n, steps, build, MicroGovModel.step)
    result["spinup_s"] = built[0].spinup_seconds
    return result


SPINUP = 1000  # the default spinup_weeks (ODD 5)
# 3,000 x 260 when issue #15 was filed (2.4 ms fixed + 289 ns per household a step, #17)
BEFORE_V2_S = 260 * (2.4e-3 + 3_000 * 289e-9)


def run_reference(n: int, steps: int, seed: int = 1, outbreak: int = 1) -> dict:
    """Mesa's virus_on_network example, unchanged step code.

    Two construction-only substitutions, because the example as shipped cannot be built at
    10,000 nodes in reasonable time: ``erdos_renyi_graph`` (O(n^2)) is replaced by
    ``fast_gnp_random_graph`` (same G(n, p) distribution) and the Network space gets
    ``layout=None`` instead of a spring layout (facts.md: ~400 s at 10,000 nodes).

    With the example's defaults (``initial_outbreak_size=1``) the infection rarely takes off,
    so most agents' steps do nothing; ``outbreak`` > 1 measures an active epidemic instead.
    """
    import functools

    import networkx as nx
    from mesa.discrete_space import Network
    from mesa.examples.basic.virus_on_network import model as virus

    virus.nx = type("nx_fast", (), {"erdos_renyi_graph": staticmethod(nx.fast_gnp_random_graph)})
    virus.Network = functools.partial(Network, layout=None)
    return timed(
        f"mesa virus_on_network {n:,} nodes" + (f", outbreak {outbreak:,}" if outbreak > 1 else ""),
        n,
        steps,
        lambda: virus.VirusOnNetwork(
            num_nodes=n, avg_node_degree=3, initial_outbreak_size=outbreak, rng=seed
        ),
        virus.VirusOnNetwork.step,
    )


def step_calls(model) -> list[str]:
    """The calls ``MicroGovModel.step`` makes, read from its source, in order.

    ``self.name(...)`` and ``self.part.name(...)`` become ``name`` and ``part.name``;
    ``submodule.function(...)`` (a submodel of ``microgov_sim.model.submodels``) stays as it is.
    The schedule ``advance`` that ``step`` calls is read in its place (its calls, not itself),
    so that the timed calls stay disjoint.
    """
    import inspect
    import re

    source = inspect.getsource(type(model).step)
    if "self.advance(" in source:
        source += inspect.getsource(type(model).advance)
    calls = re.findall(r"(?<![\w.])(self\.[\w.]+|[a-z_]+\.[a-z_]+)\(", source)
    names = (c.removeprefix("self.") for c in calls)
    return list(dict.fromkeys(n for n in names if n != "advance"))


@contextlib.contextmanager
def instrumented(model, calls: list[str] | None = None):
    """Time ``calls`` (default: every call of ``step``) while inside; yields the seconds dict.

    A call is ``name`` or ``part.name`` relative to the model, or ``submodule.function`` for
    a submodel function called by ``step``. Model calls are wrapped on this instance only;
    a submodel function is wrapped in its module for the duration, and counts only the calls
    made on this model's state. Wrappers only time: outputs do not change.
    """
    calls = step_calls(model) if calls is None else calls
    spent = dict.fromkeys(calls, 0.0)
    namespace = vars(sys.modules[type(model).__module__])
    undo = []
    for call in calls:
        *path, name = call.split(".")
        owner, mine = model, None
        if path and isinstance(namespace.get(path[0]), types.ModuleType):
            owner, mine = namespace[path[0]], model.state  # a submodel function
        else:
            for part in path:
                owner = getattr(owner, part)
        method = getattr(owner, name)

        def timed_call(*args, _method=method, _call=call, _mine=mine):
            if _mine is not None and (not args or args[0] is not _mine):
                return _method(*args)
            t0 = time.perf_counter()
            result = _method(*args)
            spent[_call] += time.perf_counter() - t0
            return result

        setattr(owner, name, timed_call)
        undo.append((owner, name, method, mine is None))
    try:
        yield spent
    finally:
        for owner, name, method, on_instance in reversed(undo):
            if on_instance:
                delattr(owner, name)  # the class's method shows through again
            else:
                setattr(owner, name, method)


class _TimedGenerator:
    """Stands in for a numpy Generator and adds the time of every draw to ``spent[key]``."""

    def __init__(self, generator, spent: dict[str, float], key: str):
        self._generator, self._spent, self._key = generator, spent, key

    def __getattr__(self, name):
        attribute = getattr(self._generator, name)
        if not callable(attribute):
            return attribute

        def timed_draw(*args, **kwargs):
            t0 = time.perf_counter()
            result = attribute(*args, **kwargs)
            self._spent[self._key] += time.perf_counter() - t0
            return result

        return timed_draw


# Parts of a step that compiling the submodels (e.g. with numba) would leave as they are:
# Mesa registering and removing Resident agents, Mesa's DataCollector, and the draws from
# the model's numpy Generator, which keep runs reproducible.
FLOOR_CALLS = ("_replace_residents", "datacollector.collect")
DRAWS = "random draws (model.rng)"


def _ms_per_step(model, spent: dict[str, float], steps: int, warmup: int) -> dict[str, float]:
    """Run ``model`` (after ``warmup`` steps); ms per step of each timed part, and "total"."""
    for _ in range(warmup):
        model.step()
    spent.update(dict.fromkeys(spent, 0.0))
    t0 = time.perf_counter()
    for _ in range(steps):
        model.step()
    total = time.perf_counter() - t0
    per_step = {part: 1e3 * t / steps for part, t in spent.items()}
    per_step["total"] = 1e3 * total / steps
    return per_step


def floor_times(n: int, steps: int, warmup: int = 30, seed: int = 1) -> dict[str, float]:
    """Milliseconds per step in the parts that no compiled kernel could remove."""
    from microgov_sim import MicroGovModel

    model = MicroGovModel(rng=seed, n_households=n, spinup_weeks=0)
    with instrumented(model, list(FLOOR_CALLS)) as spent:
        spent[DRAWS] = 0.0
        model.rng = _TimedGenerator(model.rng, spent, DRAWS)
        return _ms_per_step(model, spent, steps, warmup)


def phase_times(n: int, steps: int, warmup: int = 30, seed: int = 1) -> dict[str, float]:
    """Milliseconds per step spent in each call that ``MicroGovModel.step`` makes."""
    from microgov_sim import MicroGovModel

    model = MicroGovModel(rng=seed, n_households=n, spinup_weeks=0)
    with instrumented(model) as spent:
        per_step = _ms_per_step(model, spent, steps, warmup)
    parts = sum(ms for part, ms in per_step.items() if part != "total")
    per_step["(rest of step)"] = per_step["total"] - parts
    return per_step


def print_phases(n: int, steps: int) -> None:
    times = phase_times(n, steps)
    total = times.pop("total")
    print(f"microgov {n:,} households, {steps} steps: {total:.3f} ms/step")
    for call, ms in sorted(times.items(), key=lambda kv: -kv[1]):
        print(f"  {call:<42} {ms:7.3f} ms  {100 * ms / total:5.1f}%")
    floor = floor_times(n, steps)
    floor_total = floor.pop("total")
    ref = measure("reference", 10_000, 100)
    ref_rate = ref["agents"] * ref["steps"] / ref["run_s"]
    budget = 1e3 * n / (20 * ref_rate)
    print(
        f"parts that compiled submodels would leave as they are "
        f"(a second run: {floor_total:.3f} ms/step):"
    )
    for part, ms in floor.items():
        print(f"  {part:<30} {ms:7.3f} ms  {100 * ms / floor_total:5.1f}%")
    kept = sum(floor.values())
    print(
        f"  together {kept:.3f} ms; 20x the reference (one run now: {ref_rate:,.0f} "
        f"agent-steps/s) allows {budget:.3f} ms per step at {n:,} households, "
        f"so these parts alone take {kept / budget:.0%} of it"
    )


def fixed_and_marginal(rows: list[dict]) -> tuple[float, float]:
    """Least-squares ``s_per_step = fixed + per_household * households`` over model rows."""
    import numpy as np

    x = np.array([r["agents"] for r in rows], dtype=float)
    y = np.array([r["s_per_step"] for r in rows])
    per_household, fixed = np.polyfit(x, y, 1)
    return float(fixed), float(per_household)


def child(kind: str, n: int, steps: int) -> None:
    if kind == "reference":
        result = run_reference(n, steps)
    elif kind == "active-reference":
        result = run_reference(n, steps, outbreak=n // 10)
    elif kind == "spun-up":
        result = run_model(n, steps, spinup=SPINUP)
    else:
        result = run_model(n, steps)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def measure(kind: str, n: int, steps: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(n), str(steps)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="300,000 households for 20 steps")
    parser.add_argument(
        "--phases",
        type=int,
        metavar="N",
        help="print ms per step of each submodel at N households (260 steps) and exit",
    )
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phases:
        print_phases(args.phases, 260)
        return
    if args.child:
        kind, n, steps = args.child
        child(kind, int(n), int(steps))
        return
    big_steps = 20 if args.quick else 260
    # The reference and the 10,000-household model alternate three times each; their
    # medians give the ratio (single runs vary by up to 2x on a busy machine).
    plan = [("model", 3_000, 260), ("spun-up", 3_000, 260)]
    plan += [("reference", 10_000, 100), ("model", 10_000, 260)] * 3
    plan += [("active-reference", 10_000, 20)]
    plan += [("model", 30_000, 260), ("model", 300_000, big_steps)]
    rows = []
    for kind, n, steps in plan:
        r = measure(kind, n, steps)
        r["kind"] = kind
        r["s_per_step"] = r["run_s"] / r["steps"]
        r["agent_steps_per_s"] = r["agents"] * r["steps"] / r["run_s"]
        rows.append(r)
        print(
            f"{r['what']:<38} build {r['build_s']:7.2f} s | {r['steps']:4d} steps "
            f"{r['run_s']:7.2f} s | {r['s_per_step'] * 1e3:8.2f} ms/step | "
            f"{r['agent_steps_per_s']:12,.0f} agent-steps/s | total {r['total_s']:7.2f} s | "
            f"peak {r['peak_mb']:6.0f} MB",
            flush=True,
        )
    ref = statistics.median(r["agent_steps_per_s"] for r in rows if r["kind"] == "reference")
    at_10k = statistics.median(
        r["agent_steps_per_s"] for r in rows if r["kind"] == "model" and r["agents"] == 10_000
    )
    print()
    print(f"reference (median of 3): {ref:,.0f} agent-steps/s")
    print(f"microgov 10,000 (median of 3): {at_10k:,.0f} resident-steps/s")
    print(f"ratio at 10,000: {at_10k / ref:.1f}x (target >= 20x)")
    active = next(r for r in rows if r["kind"] == "active-reference")["agent_steps_per_s"]
    print(
        f"context: reference with an active epidemic (outbreak 10%, first 20 steps): "
        f"{active:,.0f} agent-steps/s, ratio {at_10k / active:.1f}x"
    )
    fit_rows = [r for r in rows if r["kind"] == "model" and r["agents"] <= 30_000]
    fixed, marginal = fixed_and_marginal(fit_rows)
    budget = 10_000 / (20 * ref)
    print(
        f"per step = {fixed * 1e3:.2f} ms fixed + {marginal * 1e9:.0f} ns per household "
        f"(least squares over 3,000-30,000); 20x at 10,000 allows {budget * 1e3:.2f} ms per "
        f"step, the fixed part alone is {fixed / budget:.0%} of it"
    )
    print(f"3,000 x 260 total (build + run): {rows[0]['total_s']:.2f} s (target < 1 s)")
    spun = rows[1]
    print(
        f"3,000 x 260 after a {SPINUP:,}-week spin-up: {spun['run_s']:.2f} s for the 260 steps "
        f"({spun['run_s'] / rows[0]['run_s']:.2f}x the steps from the initial state in this run; "
        f"{spun['run_s'] / BEFORE_V2_S:.2f}x the {BEFORE_V2_S:.2f} s before model v2, target "
        f"<= 1.5x); the spin-up itself {spun['spinup_s']:.2f} s, once per key in a sweep"
    )
    big = rows[-1]
    est = big["build_s"] + big["s_per_step"] * 260
    print(
        f"300,000 x 260: {est:.1f} s (measured {big['steps']} steps; target < 120 s), "
        f"peak {big['peak_mb']:.0f} MB (target < 4096 MB)"
    )


if __name__ == "__main__":
    main()
