"""The validation patterns, quick version: each statistic as a test with a stated tolerance.

``run_patterns(Config.quick())`` runs every pattern experiment once (10 seeds per arm,
common random numbers, 1,500 households, 156 weeks). A statistic *holds* when the 95% CI of
the paired difference lies on the predicted side (for an absence: contains zero); that is the
tolerance. Statistics that do not hold in the model are findings, documented in
``docs/validation.md``: they are marked ``xfail(strict=True)``, so the test fails the day
the model starts reproducing them, and the documentation must then change. The full version
(20 seeds, 3,000 households, 260 weeks, four community variants) is ``microgov patterns``.
"""

import numpy as np
import pandas as pd
import pytest

from microgov_sim.interfaces.cli import main
from microgov_sim.validation import PATTERNS, Config, run_patterns

FINDINGS = {
    ("1_inverse_relation", "participation drop larger with crowding 0.5 than 0 (diff-in-diff)"),
    ("1_inverse_relation", "participation drop larger with crowding 0.5 than -0.5 (diff-in-diff)"),
    # (#16 point 2: with induced demand the cost elasticity 0.5 -> 1.0 holds, 1.17 [1.14, 1.20])
    ("6_dependency_hysteresis", "gap larger with crowding 0.5 than 0 (diff-in-diff)"),
    # model v2 (#15 point 8): with recruitment through elites' own ties, and officers who
    # mobilise too, the quick suite's withdrawn arm keeps a gap without crowding (#16 point 3:
    # with elites asking their contacts without a cap, active elites raise participation again)
    ("6_dependency_hysteresis", "no participation gap with crowding 0"),
    # (#16 review: with mediation and brokering limited to the committee's own issues and
    # influence_weight 0.1, the gap without crowding and dependency growth is no longer
    # significant, 0.036 [-0.017, 0.088]; it was a finding of stop 22)
    ("7_complex_contagion", "threshold 2: reach clustered - random"),
    ("10_co_governance", "co_governance vs micro_self_governance: fewer open issues"),
    ("10_co_governance", "co_governance vs micro_self_governance: lower government cost"),
    ("10_co_governance", "criteria won out of 6 (all 6: beats both)"),
}


# holds in the full version's base variant but not with the quick version's 10 seeds
WEAK = {("9_elites", "autonomy lower when elites are absorbed into grid work")}


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    folder = tmp_path_factory.mktemp("patterns")
    return folder, run_patterns(Config.quick(), folder, progress=False)


def expected_statistics():
    """Every (pattern, statistic) of the quick run, with the findings marked xfail."""
    cases = []
    for name, statistics in STATISTICS.items():
        for statistic in statistics:
            marks = ()
            if (name, statistic) in WEAK:
                marks = pytest.mark.xfail(strict=True, reason="too weak for 10 seeds (full: 20)")
            elif (name, statistic) in FINDINGS:
                marks = pytest.mark.xfail(strict=True, reason="does not emerge: validation.md")
            cases.append(pytest.param(name, statistic, marks=marks, id=f"{name}: {statistic}"))
    return cases


STATISTICS = {
    "1_inverse_relation": [
        "admin resolutions/week rise (crowding 0.5)",
        "autonomy index falls (crowding 0.5)",
        "participation falls (crowding 0.5)",
        "participation drop larger with crowding 0.5 than 0 (diff-in-diff)",
        "participation drop larger with crowding 0.5 than -0.5 (diff-in-diff)",
        "willingness drop larger with crowding 0.5 than 0 (diff-in-diff)",
        "willingness drop larger with crowding 0.5 than -0.5 (diff-in-diff)",
    ],
    "2_cost_dilemma": [
        "elasticity of cumulative admin cost to penetration (0.5 -> 1.0) > 1",
        "admin cost per administratively resolved issue rises (0.25 -> 1.0)",
        # requests are cheap: counted as resolutions, the cost per resolution falls (#16 review)
        "diagnostic: per resolution, own matters included, falls (0.25 -> 1.0)",
    ],
    "3_small_units": [
        "participation higher at doorway than compound scale",
        "self-resolutions/week higher at doorway scale",
        "small-unit effect shrinks without stake (diff-in-diff)",
    ],
    "4_social_capital": [
        "trust grows under micro-governance (tail - week 1)",
        "within-unit tie density grows under micro-governance",
        "trust grows more than in the status quo",
        "trust erodes when joint actions fail",
    ],
    "5_mobility": [
        "mean_trust falls from mobility 0.0 to 0.005",
        "mean_trust falls from mobility 0.005 to 0.02",
        "participation_rate falls from mobility 0.0 to 0.005",
        "participation_rate falls from mobility 0.005 to 0.02",
    ],
    "6_dependency_hysteresis": [
        "participation gap (never - withdrawn) with crowding 0.5",
        "dependency stays higher after withdrawal (crowding 0.5)",
        "gap larger with crowding 0.5 than 0 (diff-in-diff)",
        "no participation gap with crowding 0",
        "diagnostic: no participation gap with crowding 0 and dependency_growth 0",
        "diagnostic: no gap with crowding 0, dependency_growth 0, no elite absorption",
    ],
    "7_complex_contagion": [
        "threshold 1: reaches nearly all on both (min share)",
        "threshold 2: reach clustered - random",
        "threshold 3: reach clustered - random",
    ],
    "8_threshold_special_case": [
        "joiners with thresholds 0..99 (expected 100)",
        "joiners with threshold 1 -> 2 (expected 1)",
    ],
    "9_elites": [
        "participation higher with active elites",
        "autonomy lower when elites are absorbed into grid work",
    ],
    "10_co_governance": [
        "co_governance vs grid_management: fewer open issues",
        "co_governance vs micro_self_governance: fewer open issues",
        "co_governance vs grid_management: lower government cost",
        "co_governance vs micro_self_governance: lower government cost",
        "co_governance vs grid_management: higher autonomy",
        "co_governance vs micro_self_governance: higher autonomy",
        "criteria won out of 6 (all 6: beats both)",
    ],
}


@pytest.mark.parametrize(("pattern", "statistic"), expected_statistics())
def test_pattern_statistic_holds(quick, pattern, statistic):
    _, table = quick
    match = table[(table["pattern"] == pattern) & (table["statistic"] == statistic)]
    assert len(match) == 1, f"{pattern}: no statistic {statistic!r}"
    result = match.iloc[0]
    detail = f"{result['estimate']:.4g} [{result['ci_low']:.4g}, {result['ci_high']:.4g}]"
    assert result["holds"], f"{pattern}: {statistic}: {detail}"


def test_quick_run_writes_the_table_and_a_figure_per_pattern(quick):
    folder, table = quick
    saved = pd.read_csv(folder / "patterns.csv")
    expected = ["pattern", "experiment", "statistic", "estimate", "ci_low", "ci_high", "holds"]
    assert set(expected) <= set(saved.columns)
    assert set(saved["pattern"]) == set(PATTERNS)
    assert len(saved) == sum(len(v) for v in STATISTICS.values()) == len(table)
    for name in PATTERNS:
        assert (folder / f"pattern_{name}.png").stat().st_size > 10_000
    finite = saved.dropna(subset=["ci_low"])
    assert (finite["ci_low"] <= finite["estimate"]).all()
    assert (finite["estimate"] <= finite["ci_high"]).all()
    # the runs are saved with their provenance, one folder per pattern experiment
    runs = folder / "runs" / "quick" / "base"
    assert (runs / "p01_inverse_relation" / "metadata.json").exists()


def test_rerun_reuses_saved_runs(quick, capsys):
    folder, table = quick
    again = run_patterns(Config.quick(), folder, only=["2_cost_dilemma"], progress=False)
    before = table[table["pattern"] == "2_cost_dilemma"].reset_index(drop=True)
    np.testing.assert_allclose(again["estimate"], before["estimate"])


def test_patterns_command_rejects_an_unknown_pattern(capsys):
    assert main(["patterns", "--only", "11_utopia"]) == 2
    assert "unknown pattern '11_utopia'" in capsys.readouterr().err
