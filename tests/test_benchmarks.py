"""The benchmark script's helpers (no timing thresholds: machines here are noisy)."""

import importlib.util
from pathlib import Path

import pytest

from microgov_sim import MicroGovModel

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_model.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_model", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def assert_same_outputs(timed, plain, steps=5):
    """Step both models; their collected outcomes must be equal (timing changes nothing)."""
    for _ in range(steps):
        timed.step()
        plain.step()
    a = timed.datacollector.get_model_vars_dataframe()
    b = plain.datacollector.get_model_vars_dataframe()
    assert a.equals(b)


def test_instrument_times_every_call_of_step_and_changes_nothing(bench):
    timed = MicroGovModel(rng=5, n_households=300, schedule="admin_first")
    plain = MicroGovModel(rng=5, n_households=300, schedule="admin_first")
    with bench.instrumented(timed) as spent:
        for call in (
            "deliberation.deliberate_and_act",
            "administration.dispose_administratively",
            "datacollector.collect",
        ):
            assert call in spent
        assert_same_outputs(timed, plain)
    assert all(t > 0 for t in spent.values())
    assert "collect" not in vars(timed.datacollector)  # the wrappers are gone afterwards


def test_phase_times_parts_fit_inside_the_total(bench):
    times = bench.phase_times(200, 3, warmup=1, seed=2)
    total = times.pop("total")
    rest = times.pop("(rest of step)")
    assert rest >= 0  # the timed calls are disjoint parts of the measured steps
    assert sum(times.values()) + rest == pytest.approx(total)


def test_split_times_kernels_and_glue_fit_inside_the_total(bench):
    from microgov_sim.model import kernels

    before = kernels.cascade
    times = bench.split_times(200, 3, warmup=1, seed=2)
    assert kernels.cascade is before  # the kernels are unwrapped afterwards
    total = times.pop("total")
    glue = times.pop("Python and numpy between them")
    assert times[bench.KERNELS] > 0
    assert times[bench.DRAWS] > 0
    assert glue >= 0  # the timed parts are disjoint parts of the measured steps
    assert sum(times.values()) + glue == pytest.approx(total)


def test_fixed_and_marginal_recovers_a_line(bench):
    rows = [{"agents": n, "s_per_step": 0.5e-3 + 150e-9 * n} for n in (3_000, 10_000, 30_000)]
    fixed, per_household = bench.fixed_and_marginal(rows)
    assert fixed == pytest.approx(0.5e-3)
    assert per_household == pytest.approx(150e-9)


def test_timed_generator_draws_the_same_numbers(bench):
    timed = MicroGovModel(rng=7, n_households=300, mobility_rate=0.05)
    plain = MicroGovModel(rng=7, n_households=300, mobility_rate=0.05)
    spent = {"draws": 0.0}
    timed.rng = bench._TimedGenerator(timed.rng, spent, "draws")
    assert_same_outputs(timed, plain)
    assert spent["draws"] > 0


def test_floor_times_are_parts_of_the_step(bench):
    times = bench.floor_times(1_000, 5, warmup=1, seed=3)
    total = times.pop("total")
    assert set(times) == {*bench.FLOOR_CALLS, bench.DRAWS}
    assert all(ms > 0 for ms in times.values())  # 1,000 households x 0.003: movers each run
    assert sum(times.values()) < total
