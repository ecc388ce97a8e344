"""Intervals inside each outcome's bounds, the replications they rest on, and the warning.

The examples of issue #14 (point 4) are rebuilt from made-up replications whose plain
Student-t interval leaves the outcome's range -- each test first checks that it does, so the
test fails if the bounded interval were the plain one -- and the bounded interval must lie
inside it. Then the edge cases (one value, all equal, at a bound, NaN), the bootstrap option,
the ``few_replications`` flag and the warning line printed by ``microgov run``.
"""

import math

import numpy as np
import pandas as pd
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

from microgov_sim.experiments import stats
from microgov_sim.experiments.results import Results
from microgov_sim.experiments.stats import (
    MIN_REPLICATIONS,
    UNBOUNDED,
    difference_bounds,
    grouped_mean_ci,
    mean_ci,
    outcome_bounds,
)
from microgov_sim.interfaces.cli import main
from microgov_sim.interfaces.commands import REPLICATIONS_ROW, few_replications_warning
from microgov_sim.model.outcomes import OUTCOME_SPECS
from microgov_sim.validation.statistics import Sample, row

AUTONOMY = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0377]  # mostly none, one run some
GINI = [0.97, 0.45, 1.0, 0.99, 0.56]  # near 1 with a large sd
TWO = [0.0005, 0.5915]  # 2 replications: mean 0.296, t interval about [-3.46, 4.05]


def fake_results(tmp_path, runs: dict[str, list[float]], scenario="s") -> Results:
    """Results of one scenario whose runs have the given tail values (NaN-padded)."""
    n = max(len(v) for v in runs.values())
    table = pd.DataFrame({"point": 0, "scenario": scenario, "replication": range(n)})
    for name, values in runs.items():
        table[f"{name}_tail"] = list(values) + [np.nan] * (n - len(values))
    points = pd.DataFrame({"point": [0], "scenario": [scenario], "steps": [8]})
    return Results(tmp_path, {"kind": "scenario"}, points, pd.DataFrame(), table)


# ------------------------------------------------------------------ the issue's examples
@pytest.mark.parametrize(
    ("outcome", "values", "side"),
    [
        ("autonomy_index", AUTONOMY, "low"),
        ("unit_inequality", GINI, "high"),
        ("mean_trust", TWO, "both"),
    ],
)
def test_issue_examples_stay_inside_zero_one(tmp_path, outcome, values, side):
    plain_mean, plain_low, plain_high = mean_ci(values)
    assert plain_low < 0 or plain_high > 1  # the plain t interval leaves [0, 1] ...
    table = fake_results(tmp_path, {outcome: values}).summary([outcome]).iloc[0]
    assert 0 <= table["ci_low"] <= table["mean"] <= table["ci_high"] <= 1  # ... ours does not
    assert table["mean"] == pytest.approx(plain_mean)
    # cut at the bound only: the other end is the t interval's
    if side == "low":
        assert (table["ci_low"], table["ci_high"]) == (0, pytest.approx(plain_high))
    elif side == "high":
        assert (table["ci_low"], table["ci_high"]) == (pytest.approx(plain_low), 1)
    else:
        assert (plain_low, plain_high) == (
            pytest.approx(-3.46, abs=0.01),
            pytest.approx(4.05, abs=0.01),
        )
        assert (table["ci_low"], table["ci_high"]) == (0, 1)


def test_counts_and_costs_are_bounded_below_by_zero(tmp_path):
    costs, backlog = [0.0, 0.0, 0.0, 45.0], [0.0, 3.0]
    assert mean_ci(costs)[1] < 0
    assert mean_ci(backlog)[1] < 0
    table = fake_results(tmp_path, {"government_cost": costs, "backlog": backlog}).summary(
        ["government_cost", "backlog"]
    )
    assert (table["ci_low"] == 0).all()
    assert table["ci_high"].tolist() == pytest.approx([mean_ci(costs)[2], mean_ci(backlog)[2]])


def test_an_interval_inside_the_bounds_is_the_t_interval():
    values = [0.4, 0.5, 0.45, 0.55, 0.5, 0.6]
    half = scipy.stats.t.ppf(0.975, 5) * np.std(values, ddof=1) / math.sqrt(6)
    mean, low, high = mean_ci(values, bounds=(0, 1))
    assert (low, high) == (pytest.approx(mean - half), pytest.approx(mean + half))


def test_bounds_come_from_the_catalogue():
    for spec in OUTCOME_SPECS:
        assert outcome_bounds(spec.name) == (spec.low, spec.high)
    assert outcome_bounds("not_an_outcome") == UNBOUNDED
    assert difference_bounds("autonomy_index") == (-1, 1)
    assert difference_bounds("autonomy_index", terms=2) == (-2, 2)
    assert difference_bounds("backlog") == (-math.inf, math.inf)


# ------------------------------------------------------------------------------ edge cases
@pytest.mark.parametrize("method", ["t", "bootstrap"])
def test_edge_cases(method):
    assert np.isnan(mean_ci([0.3], bounds=(0, 1), method=method)[1:]).all()  # one value
    assert np.isnan(mean_ci([], bounds=(0, 1), method=method)).all()
    assert mean_ci([0.3] * 4, bounds=(0, 1), method=method) == (0.3, 0.3, 0.3)  # all equal
    assert mean_ci([0.0] * 3, bounds=(0, 1), method=method) == (0, 0, 0)  # at a bound
    assert mean_ci([1.0] * 3, bounds=(0, 1), method=method) == (1, 1, 1)
    with_nan = mean_ci([0.2, np.nan, 0.4, 0.3], bounds=(0, 1), method=method)
    assert with_nan == pytest.approx(mean_ci([0.2, 0.4, 0.3], bounds=(0, 1), method=method))


def test_nan_values_are_not_counted(tmp_path):
    table = fake_results(tmp_path, {"autonomy_index": [0.1, 0.2, np.nan, 0.3, 0.2, 0.1]})
    row_ = table.summary(["autonomy_index"]).iloc[0]
    assert row_["n"] == 5
    assert not row_["few_replications"]


def test_unknown_method_or_level():
    with pytest.raises(ValueError, match="method 'normal': must be one of t, bootstrap"):
        mean_ci([0.1, 0.2], method="normal")
    with pytest.raises(ValueError, match="level 95"):
        grouped_mean_ci(pd.DataFrame({"x": [1.0]}), [], ["x"], level=95)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(st.floats(0, 1), st.sampled_from([0.0, 1.0, math.nan])), min_size=0, max_size=12
    ),
    st.sampled_from(["t", "bootstrap"]),
)
def test_every_interval_lies_inside_the_bounds(values, method):
    mean, low, high = mean_ci(values, bounds=(0, 1), method=method, n_resamples=199)
    finite = [v for v in values if not math.isnan(v)]
    if len(finite) < 2:
        assert math.isnan(low)
        assert math.isnan(high)
    else:
        assert 0 <= low <= high <= 1
        if method == "t":  # the t interval holds its mean (a bootstrap's need not)
            assert low <= mean <= high


# ------------------------------------------------------------------------------- bootstrap
def test_bootstrap_is_reproducible_with_a_seed(tmp_path):
    values = [0.1, 0.5, 0.3, 0.35, 0.2, 0.6, 0.05]
    first = mean_ci(values, bounds=(0, 1), method="bootstrap", seed=3)
    assert mean_ci(values, bounds=(0, 1), method="bootstrap", seed=3) == first
    assert mean_ci(values, bounds=(0, 1), method="bootstrap", seed=4) != first
    res = fake_results(tmp_path, {"autonomy_index": AUTONOMY, "unit_inequality": GINI})
    one = res.summary(["autonomy_index", "unit_inequality"], method="bootstrap", seed=3)
    two = res.summary(["autonomy_index", "unit_inequality"], method="bootstrap", seed=3)
    pd.testing.assert_frame_equal(one, two)
    assert ((one["ci_low"] >= 0) & (one["ci_high"] <= 1)).all()
    # a group's interval depends on its values and the seed only, not on the other groups
    alone = res.summary(["unit_inequality"], method="bootstrap", seed=3)
    assert alone["ci_low"].iloc[0] == one["ci_low"].iloc[1]


def test_bootstrap_falls_back_to_percentile_when_bca_is_undefined(monkeypatch):
    real = scipy.stats.bootstrap
    keyword = stats._rng_keyword()  # read from scipy's own bootstrap, before it is patched
    values = [0.1, 0.5, 0.3, 0.35, 0.2]

    def failing_bca(data, statistic, *, method, **options):
        if method == "BCa":  # as scipy does for degenerate data: warnings and NaN
            return real((np.array([0.3, 0.3, 0.3]),), statistic, method="BCa", **options)
        return real(data, statistic, method=method, **options)

    monkeypatch.setattr(scipy.stats, "bootstrap", failing_bca)
    fallback = mean_ci(values, method="bootstrap", seed=1)
    monkeypatch.setattr(scipy.stats, "bootstrap", real)
    percentile = real(
        (np.array(values),),
        np.mean,
        method="percentile",
        **{keyword: np.random.default_rng(1)},
    ).confidence_interval
    assert fallback[1:] == (percentile.low, percentile.high)


# --------------------------------------------------------------- replications and warning
@pytest.mark.parametrize(
    ("n", "few"), [(1, True), (MIN_REPLICATIONS - 1, True), (MIN_REPLICATIONS, False), (20, False)]
)
def test_few_replications_flag_and_warning(tmp_path, n, few):
    values = list(np.linspace(0.2, 0.4, n))
    summary = fake_results(tmp_path, {"autonomy_index": values}).summary(["autonomy_index"])
    assert summary["n"].tolist() == [n]
    assert summary["few_replications"].tolist() == [few]
    line = few_replications_warning(summary)
    if few:
        assert line.startswith(f"microgov: warning: the summary rests on {n} replication")
        assert f"fewer than {MIN_REPLICATIONS}" in line
        assert "\n" not in line
    else:
        assert line is None


def test_warning_names_the_scenarios_with_few_replications(tmp_path):
    one = fake_results(tmp_path, {"backlog": [1.0, 2.0, 3.0, 4.0, 5.0]}, "enough").summary(
        ["backlog"]
    )
    two = fake_results(tmp_path, {"backlog": [1.0, 2.0]}, "short").summary(["backlog"])
    line = few_replications_warning(pd.concat([one, two]))
    assert "rests on 2 replications for short," in line


def test_sweep_warning_counts_the_design_points(tmp_path):
    points = [
        fake_results(tmp_path, {"backlog": values}).summary(["backlog"]).assign(point=point)
        for point, values in enumerate(([1.0, 2.0], [1.0, 2.0, 3.0, 4.0, 5.0]))
    ]
    line = few_replications_warning(pd.concat(points), "design point")
    assert "rests on 2 replications at 1 of 2 design points, fewer than 5" in line
    line = few_replications_warning(points[0], "design point")
    assert "rests on 2 replications per design point, fewer than 5" in line


def test_validation_rows_stay_inside_the_range_of_a_difference():
    a = Sample(pd.Series([0.0, 0.0]), 0, 1)
    b = Sample(pd.Series([0.0, 0.9]), 0, 1)
    diff = b - a
    assert (diff.low, diff.high) == (-1, 1)
    assert ((diff - diff).low, (diff - diff).high) == (-2, 2)  # a difference-in-differences
    assert ((-diff).low, (-diff).high) == (-1, 1)
    bounded = row("e", "s", diff, +1)
    plain = row("e", "s", diff.values, +1)
    assert plain["ci_high"] > 1  # the plain t interval leaves the range; the row's does not
    assert bounded["ci_high"] == 1
    assert bounded["ci_low"] == -1
    assert bounded["n"] == 2
    assert bounded["holds"] == plain["holds"]


# ----------------------------------------------------------------- the printed summary
def test_run_prints_n_and_warns_below_five_replications(tmp_path, tiny_files, capsys):
    # 1000 households, 8 weeks: every outcome has a value in every run (with far fewer, some
    # issue outcomes have nothing to count and are missing, and n counts the runs with a value)
    base = ["--engine", "serial", "--quiet", "--steps", "8", "--set", "n_households=1000"]
    two = ["run", str(tiny_files[0]), "--out", str(tmp_path / "two"), "--replications", "2"]
    assert main([*two, *base]) == 0
    printed = capsys.readouterr()
    rows = printed.out.splitlines()
    assert any(line.split() == [*REPLICATIONS_ROW.split(), "2"] for line in rows)
    warnings = [line for line in printed.err.splitlines() if "warning" in line]
    assert warnings == [
        "microgov: warning: the summary rests on 2 replications per scenario, fewer than 5: the "
        "95% CIs are unreliable; run with --replications 5 or more"
    ]
    summary = pd.read_csv(tmp_path / "two" / "tiny" / "summary.csv")
    assert (summary["n"] == 2).all()
    assert summary["few_replications"].all()
    assert ((summary["ci_low"] >= 0) | summary["ci_low"].isna()).all()

    five = ["run", str(tiny_files[0]), "--out", str(tmp_path / "five"), "--replications", "5"]
    assert main([*five, *base]) == 0
    printed = capsys.readouterr()
    assert "warning" not in printed.err
    assert any(
        line.split() == [*REPLICATIONS_ROW.split(), "5"] for line in printed.out.splitlines()
    )
    summary = pd.read_csv(tmp_path / "five" / "tiny" / "summary.csv")
    assert (summary["n"] == 5).all()
    assert not summary["few_replications"].any()
