"""Speed of the model (issue #17): the scaling curve, the Mesa reference and a bare CSR kernel.

Prints, in one run, every figure issue #17 asks for beside its target and the figure when the
issue was filed:

* per-step time at 1,000 / 3,000 / 10,000 / 30,000 / 100,000 / 300,000 / 1,000,000 households
  (each the median of 3 runs in their own subprocesses, so that peak memory is each one's
  own), with build time, total for 260 weeks and peak memory; the curve is also written to
  ``results/bench_scaling.csv`` and plotted to ``results/bench_scaling.png``;
* Mesa's ``virus_on_network`` example at 10,000 nodes (built without a layout, see
  :func:`run_reference`), alternating with the model's 10,000-household runs, and a bare
  compiled CSR threshold step at 10,000 nodes (:func:`bare_csr`): the practical limit;
* the fixed cost per step and the cost per household (least squares over 1,000-30,000);
* 3,000 households x 260 weeks after the default 1,000-week spin-up (median of 3);
* the kernels' compile time on a fresh cache and their load time from it (each timed
  process loads them before its run: a cost per process, not per step);
* the cost of Mesa's agent churn (movers' agents) as a share of a step, at 10,000 and a million;
* where a step's time goes at 3,000 and 10,000 households: compiled kernels, Mesa's side
  (agent churn, ``DataCollector``), the Generator's draws, and the Python and numpy code
  between them; and, at every size of the curve, the step against a bare CSR step.

The models start from the initial state (``spinup_weeks = 0``) except the spun-up runs.

    python benchmarks/bench_model.py            # full (about 15 minutes here)
    python benchmarks/bench_model.py --quick    # one run per size, 20 steps above 30,000
    python benchmarks/bench_model.py --phases 10000   # ms per step of each submodel
    python benchmarks/bench_model.py --split 3000     # kernels, Mesa, draws, the glue

No timing thresholds in unit tests: the targets are printed here, where the figures are.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path


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


KERNELS = "compiled kernels"


@contextlib.contextmanager
def timed_kernels(spent: dict[str, float]):
    """Add the time of every call into a compiled kernel to ``spent[KERNELS]`` while inside.

    Wraps the dispatchers in :mod:`microgov_sim.model.kernels`, where the submodels and rules
    look them up; a kernel called from inside another is not wrapped, so nothing counts twice.
    """
    import numba

    from microgov_sim.model import kernels

    spent[KERNELS] = 0.0
    originals = {
        name: f
        for name, f in vars(kernels).items()
        if isinstance(f, numba.core.registry.CPUDispatcher)
    }

    def wrapped(kernel):
        def timed_kernel(*args):
            t0 = time.perf_counter()
            result = kernel(*args)
            spent[KERNELS] += time.perf_counter() - t0
            return result

        return timed_kernel

    for name, kernel in originals.items():
        setattr(kernels, name, wrapped(kernel))
    try:
        yield spent
    finally:
        for name, kernel in originals.items():
            setattr(kernels, name, kernel)


def split_times(n: int, steps: int, warmup: int = 30, seed: int = 1) -> dict[str, float]:
    """Milliseconds per step in compiled kernels, Mesa's side, the Generator and the rest.

    The rest is the Python and numpy code between the kernels (the submodels' glue).
    """
    from microgov_sim import MicroGovModel

    model = MicroGovModel(rng=seed, n_households=n, spinup_weeks=0)
    with instrumented(model, list(FLOOR_CALLS)) as spent, timed_kernels(spent):
        spent[DRAWS] = 0.0
        model.rng = _TimedGenerator(model.rng, spent, DRAWS)
        per_step = _ms_per_step(model, spent, steps, warmup)
    per_step["Python and numpy between them"] = per_step["total"] - sum(
        ms for part, ms in per_step.items() if part != "total"
    )
    return per_step


def print_split(n: int, steps: int) -> None:
    times = split_times(n, steps)
    total = times.pop("total")
    print(f"where a step's time goes at {n:,} households ({total:.3f} ms/step, {steps} steps):")
    for part, ms in times.items():
        print(f"  {part:<34} {ms:8.3f} ms  {100 * ms / total:5.1f}%")


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


def bare_csr(n: int, steps: int, seed: int = 1) -> dict:
    """A bare compiled threshold step on a CSR network of ``n`` nodes, ``steps`` times.

    The network has the model's mean degree (16, random ties). Each step, every node adds
    up its active neighbours and becomes active at a fractional threshold: one pass over the
    ties, as a single compiled loop -- the least a network
    model's step can cost, to measure the model's step against.
    """
    import numba
    import numpy as np

    @numba.njit(cache=True)
    def threshold_step(indptr, indices, active, threshold, out):
        for i in range(len(indptr) - 1):
            seen = 0
            for e in range(indptr[i], indptr[i + 1]):
                seen += active[indices[e]]
            out[i] = 1 if active[i] or seen >= threshold[i] * (indptr[i + 1] - indptr[i]) else 0

    rng = np.random.default_rng(seed)
    src = np.repeat(np.arange(n), 8)  # 8 random ties per node: degree 16 on average
    dst = rng.integers(0, n, 8 * n)
    rows, cols = np.concatenate((src, dst)), np.concatenate((dst, src))
    order = np.lexsort((cols, rows))
    indptr = np.concatenate(([0], np.cumsum(np.bincount(rows, minlength=n)))).astype(np.int64)
    indices = cols[order].astype(np.int64)
    threshold = rng.uniform(0.1, 0.9, n)
    active = (rng.random(n) < 0.01).astype(np.uint8)
    out = active.copy()
    threshold_step(indptr, indices, active, threshold, out)  # compile (or load) first
    t0 = time.perf_counter()
    for _ in range(steps):
        threshold_step(indptr, indices, active, threshold, out)
        active, out = out, active
    run = time.perf_counter() - t0
    return {
        "what": f"bare CSR threshold step {n:,} nodes",
        "agents": n,
        "steps": steps,
        "build_s": 0.0,
        "run_s": run,
        "total_s": run,
    }


def run_spun_up(n: int, steps: int, seed: int = 1, repeats: int = 3) -> dict:
    """``steps`` weeks after the default spin-up, the median of ``repeats`` runs from it."""
    from microgov_sim import MicroGovModel

    t0 = time.perf_counter()
    spun = MicroGovModel.spin_up(seed, SPINUP, {"n_households": n})
    spinup_s = time.perf_counter() - t0
    runs = []
    for _ in range(repeats):
        model = MicroGovModel(rng=seed, n_households=n, spinup_weeks=SPINUP, spinup=spun)
        t1 = time.perf_counter()
        model.run_for(steps)
        runs.append(time.perf_counter() - t1)
    run = statistics.median(runs)
    return {
        "what": f"microgov {n:,} households after {SPINUP:,}-wk spin-up",
        "agents": n,
        "steps": steps,
        "build_s": 0.0,
        "run_s": run,
        "total_s": run,
        "spinup_s": spinup_s,
    }


def compile_seconds(cache_dir: str) -> float:
    """Seconds to make the kernels ready in a new process with numba's cache in ``cache_dir``."""
    code = "from microgov_sim.model.compiled import compile_kernels; print(compile_kernels())"
    env = {**os.environ, "NUMBA_CACHE_DIR": cache_dir}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    return float(out.stdout.strip().splitlines()[-1])


def churn_share(n: int, steps: int = 100) -> tuple[float, float]:
    """Mesa's agent churn (movers' agents leaving and arriving): ms per step, share of a step.

    Measured at 10,000 households, where the target is read, and at a million, where every
    Python object touched is a cache miss and churn weighs most.
    """
    times = phase_times(n, steps)
    total = times.pop("total")
    return times["_replace_agents"], times["_replace_agents"] / total


def child(kind: str, n: int, steps: int) -> None:
    if kind not in ("reference", "active-reference", "bare-csr"):
        from microgov_sim.model.compiled import compile_kernels

        compile_kernels()  # load the cached kernels first: once per process, not per step
    if kind == "reference":
        result = run_reference(n, steps)
    elif kind == "active-reference":
        result = run_reference(n, steps, outbreak=n // 10)
    elif kind == "bare-csr":
        result = bare_csr(n, steps)
    elif kind == "spun-up":
        result = run_spun_up(n, steps)
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
    r = json.loads(out.stdout.strip().splitlines()[-1])
    r["kind"] = kind
    r["s_per_step"] = r["run_s"] / r["steps"]
    r["agent_steps_per_s"] = r["agents"] * r["steps"] / r["run_s"]
    return r


def show(r: dict) -> None:
    print(
        f"{r['what']:<44} build {r['build_s']:7.2f} s | {r['steps']:4d} steps "
        f"{r['run_s']:7.2f} s | {r['s_per_step'] * 1e3:9.3f} ms/step | "
        f"{r['agent_steps_per_s']:13,.0f} agent-steps/s | peak {r['peak_mb']:6.0f} MB",
        flush=True,
    )


SIZES = (1_000, 3_000, 10_000, 30_000, 100_000, 300_000, 1_000_000)
# When issue #17 was filed (its text): 2.4 ms fixed + 289 ns per household a step; at 10,000
# households 3.7-6.4x the reference; 300,000 x 260 in 22 s, 1,000,000 in 83 s and 2.0 GB.
BEFORE = {"fixed_ms": 2.4, "per_household_ns": 289, "300000": 22.0, "1000000": 83.0}


def scaling_outputs(curve: list[dict]) -> None:
    """Write the scaling curve to results/bench_scaling.csv and plot it to a PNG beside it."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = Path(__file__).resolve().parents[1] / "results"
    out.mkdir(exist_ok=True)
    with open(out / "bench_scaling.csv", "w", encoding="utf-8") as f:
        f.write(
            "households,ms_per_step,ns_per_household_step,total_260_s,peak_mb,bare_csr_ms_per_step\n"
        )
        for r in curve:
            f.write(
                f"{r['agents']},{r['s_per_step'] * 1e3:.4f},"
                f"{r['s_per_step'] / r['agents'] * 1e9:.1f},"
                f"{r['build_s'] + 260 * r['s_per_step']:.3f},{r['peak_mb']:.0f},"
                f"{r['bare_s_per_step'] * 1e3:.4f}\n"
            )
    fig, ax = plt.subplots(figsize=(6, 4))
    x = [r["agents"] for r in curve]
    ax.loglog(x, [r["s_per_step"] * 1e3 for r in curve], "o-", label="microgov (median of runs)")
    ax.loglog(
        x,
        [r["bare_s_per_step"] * 1e3 for r in curve],
        "s--",
        label="bare compiled CSR threshold step",
    )
    ax.loglog(
        x,
        [BEFORE["fixed_ms"] + BEFORE["per_household_ns"] * n * 1e-6 for n in x],
        ":",
        label="when #17 was filed (fit)",
    )
    ax.set_xlabel("households")
    ax.set_ylabel("ms per step (week)")
    ax.set_title("microgov-sim: time per step by community size")
    ax.legend()
    fig.tight_layout()
    fig.savefig(out / "bench_scaling.png", dpi=120)
    print(f"scaling curve: {out / 'bench_scaling.csv'}, {out / 'bench_scaling.png'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one run per size; 20 steps > 30k")
    parser.add_argument(
        "--phases",
        type=int,
        metavar="N",
        help="print ms per step of each submodel at N households (260 steps) and exit",
    )
    parser.add_argument(
        "--split",
        type=int,
        metavar="N",
        help="print where a step's time goes at N households (kernels, Mesa, draws, glue)",
    )
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phases:
        print_phases(args.phases, 260)
        return
    if args.split:
        print_split(args.split, 260 if args.split <= 30_000 else 20)
        return
    if args.child:
        kind, n, steps = args.child
        child(kind, int(n), int(steps))
        return
    repeats = 1 if args.quick else 3
    with tempfile.TemporaryDirectory() as cache:
        fresh = compile_seconds(cache)
        cached = compile_seconds(cache)
    print(
        f"kernels on a fresh cache: {fresh:.1f} s to compile (target <= 30 s); "
        f"from the cache: {cached:.2f} s (a tiny run included)"
    )
    rows = []
    for _ in range(repeats):  # the reference and the model at 10,000 alternate
        for kind in ("reference", "model", "bare-csr"):
            rows.append(measure(kind, 10_000, 100 if kind == "reference" else 260))
            show(rows[-1])
    curve = []
    for n in SIZES:
        steps = 20 if args.quick and n > 30_000 else 260
        runs = [r for r in rows if r["kind"] == "model" and r["agents"] == n]
        while len(runs) < repeats:
            runs.append(measure("model", n, steps))
            show(runs[-1])
        curve.append(
            min(
                runs,
                key=lambda r: abs(
                    r["s_per_step"] - statistics.median(q["s_per_step"] for q in runs)
                ),
            )
        )
        bare_runs = [r for r in rows if r["kind"] == "bare-csr" and r["agents"] == n]
        if not bare_runs:
            bare_runs = [measure("bare-csr", n, 50 if n > 30_000 else 260)]
        curve[-1]["bare_s_per_step"] = statistics.median(r["s_per_step"] for r in bare_runs)
    spun = measure("spun-up", 3_000, 260)
    show(spun)
    active = measure("active-reference", 10_000, 20)

    def median_of(kind: str) -> float:
        return statistics.median(
            r["agent_steps_per_s"] for r in rows if r["kind"] == kind and r["agents"] == 10_000
        )

    ref, bare = median_of("reference"), median_of("bare-csr")
    at_10k = median_of("model")
    print()
    print(f"at 10,000 households (medians of {repeats}):")
    print(
        f"  model {at_10k:,.0f} resident-steps/s; Mesa reference {ref:,.0f} agent-steps/s: "
        f"{at_10k / ref:.1f}x (target >= 20x; 3.7-6.4x when #17 was filed)"
    )
    print(
        f"  bare CSR kernel {bare:,.0f} node-steps/s: the model's step costs "
        f"{bare / at_10k:.1f}x the bare kernel's (target <= 10x)"
    )
    print(
        f"  reference with an active epidemic (outbreak 10%, 20 steps): "
        f"{active['agent_steps_per_s']:,.0f} agent-steps/s, ratio "
        f"{at_10k / active['agent_steps_per_s']:.1f}x"
    )
    fixed, marginal = fixed_and_marginal([r for r in curve if r["agents"] <= 30_000])
    print(
        f"per step = {fixed * 1e3:.3f} ms fixed + {marginal * 1e9:.0f} ns per household "
        f"(least squares over 1,000-30,000; target <= 0.3 ms fixed; "
        f"{BEFORE['fixed_ms']} ms + {BEFORE['per_household_ns']} ns when #17 was filed)"
    )
    print(
        f"3,000 x 260 after the {SPINUP:,}-week spin-up: {spun['run_s']:.3f} s "
        f"(median of 3; target <= 0.15 s); the spin-up itself {spun['spinup_s']:.1f} s, "
        f"once per key in a sweep"
    )
    print("scaling curve (260 weeks; build included in the total):")
    for r in curve:
        total = r["build_s"] + 260 * r["s_per_step"]
        note = ""
        if r["agents"] == 300_000:
            note = f"  (target < 15 s; {BEFORE['300000']:.0f} s when #17 was filed)"
        elif r["agents"] == 1_000_000:
            note = (
                f"  (target < 45 s and 3 GB; {BEFORE['1000000']:.0f} s and 2.0 GB when "
                f"#17 was filed)"
            )
        print(
            f"  {r['agents']:>9,} households: {r['s_per_step'] * 1e3:9.3f} ms/step, "
            f"{r['s_per_step'] / r['agents'] * 1e9:6.0f} ns per household-step, "
            f"{r['s_per_step'] / r['bare_s_per_step']:5.1f}x the bare CSR step, "
            f"{total:7.1f} s in all, peak {r['peak_mb']:5.0f} MB{note}"
        )
    for n in (3_000, 10_000):
        print_split(n, 260)
    for n, steps in ((10_000, 100), (1_000_000, 20 if args.quick else 50)):
        ms, share = churn_share(n, steps)
        print(
            f"Mesa's agent churn (movers' Resident and elite agents) at {n:,} households: "
            f"{ms:.3f} ms per step, {share:.1%} of a step (target < 10%)"
        )
    scaling_outputs(curve)


if __name__ == "__main__":
    main()
