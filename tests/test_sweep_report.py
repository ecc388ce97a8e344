"""The sweep report: figures, readings generated from the numbers, and the commands."""

import json
import re

import numpy as np
import pandas as pd
import pytest
from conftest import require_cjk_font, write
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample
from SALib.test_functions import Ishigami
from test_report import PROBLEM, QUIET, assert_not_blank, run_sensitivity

from microgov_sim import load_results, sweep
from microgov_sim.analysis import figures as figs
from microgov_sim.analysis.report import write_report
from microgov_sim.analysis.sensitivity import METHODS, SensitivityMethod, analyse, readings
from microgov_sim.analysis.sweep_report import (
    few_replications_note,
    main_effect_reading,
    phase_reading,
)
from microgov_sim.experiments.results import Results
from microgov_sim.interfaces.cli import main

LHS = """
name = "lhs"
base = "tiny.toml"
replications = 1
seed = 3
[design]
method = "latin_hypercube"
samples = 24
[vary]
admin_penetration = { low = 0.0, high = 1.0 }
micro_autonomy = { low = 0.0, high = 1.0 }
"""


@pytest.fixture(scope="module")
def factorial(tmp_path_factory):
    """The tiny 2 x 2 sweep (a numeric and a categorical factor), run."""
    from conftest import TINY_SCENARIO, TINY_SWEEP

    folder = tmp_path_factory.mktemp("sweep")
    write(folder / "tiny.toml", TINY_SCENARIO.replace("n_households = 200", "n_households = 1000"))
    return sweep(write(folder / "tiny_sweep.toml", TINY_SWEEP), folder, **QUIET)


def synthetic(tmp_path, a_effect=1.0, b_effect=0.1):
    """Results of a made-up 3 x 2 factorial: outcome = a_effect * a + b_effect * b + noise."""
    rng = np.random.default_rng(0)
    rows = []
    for point, (a, b) in enumerate([(a, b) for a in (0.0, 0.5, 1.0) for b in (0.0, 1.0)]):
        for rep in range(4):
            value = a_effect * a + b_effect * b + rng.normal(0, 0.01)
            rows.append({"point": point, "replication": rep, "a": a, "b": b, "y_tail": value})
    runs = pd.DataFrame(rows)
    meta = {"kind": "sweep", "factors": ["a", "b"], "design": {"factors": []}}
    return Results(tmp_path, meta, pd.DataFrame(), pd.DataFrame(), runs)


def test_main_effect_reading_names_the_factor_that_moves_the_outcome(tmp_path):
    text = main_effect_reading(synthetic(tmp_path), "y", "en")
    assert text.startswith("y depends most on a: highest (1")
    assert "at a = 1, lowest" in text
    assert "at a = 0." in text
    assert re.search(r"Next: b \(range of level means 0\.(09|1)", text)
    flipped = main_effect_reading(synthetic(tmp_path, a_effect=0.05, b_effect=-2.0), "y", "en")
    assert flipped.startswith("y depends most on b: highest")
    assert "at b = 0, lowest" in flipped


def test_phase_reading_finds_peak_trough_and_corners(tmp_path):
    text = phase_reading(synthetic(tmp_path, 1.0, 0.5), "a", "b", "y", "en")
    assert re.match(
        r"y is highest \(1\.5\) at a = 1, b = 1 and lowest \(-?0\.0\d*\) at a = 0", text
    )
    assert "Corners (a first/last level with b first): " in text


def test_sweep_report_sections_figures_and_files(factorial):
    path = write_report(factorial, "en")
    page = path.read_text(encoding="utf-8")
    for section in ("Design", "Design points", "Figures", 'id="main_effects"', 'id="phase"'):
        assert section in page
    assert "doorway, compound" in page  # the categorical factor's levels
    assert "depends most on" in page
    assert "is highest" in page
    assert "data:image/png;base64," in page
    assert '<img src="report/' not in page
    for name in ("main_effects", "phase"):
        assert (path.parent / f"{name}.png").stat().st_size > 10_000
        assert (path.parent / f"{name}.svg").exists()
    assert_not_blank(figs.main_effects_figure(factorial))
    assert_not_blank(figs.phase_figure(factorial, "micro_autonomy", "unit_scale"))


def test_sweep_report_says_how_many_replications_and_warns_below_five(factorial, tmp_path):
    page = write_report(factorial, "en", tmp_path).read_text(encoding="utf-8")
    assert '<p class="warning" role="alert"><strong>Warning: the design points rest on 2 ' in page
    # the design-point table: point, the two factors, then n
    assert re.search(r"<th>unit_scale</th>\s*<th>n</th>", page)
    assert len(re.findall(r"<td>2</td>", page)) >= 4  # n = 2 at each of the four points
    enough = pd.DataFrame({"n": [5, 6], "few_replications": [False, False]})
    assert few_replications_note(enough, "en") == ""


def test_sweep_report_in_chinese(factorial, tmp_path):
    require_cjk_font()
    page = write_report(factorial, "zh", tmp_path).read_text(encoding="utf-8")
    assert "参数扫描报告" in page
    assert "影响最大" in page


def test_sampled_designs_are_binned(tmp_path, tiny_files):
    res = sweep(write(tmp_path / "lhs.toml", LHS), tmp_path, **QUIET)
    _, positions, labels = figs.factor_levels(res, "admin_penetration")
    assert len(positions) == figs.BINS
    assert labels[0] == "0.0625"
    table = figs.phase_table(res, "admin_penetration", "micro_autonomy", "backlog")
    assert table.shape == (figs.BINS, figs.BINS)
    # every run lands in one cell: the counts over cells add up to the runs
    effects = figs.main_effects(res, "micro_autonomy", "backlog")
    assert effects["n"].sum() == len(res.runs)
    page = write_report(res, "en").read_text(encoding="utf-8")
    assert "sampled values are binned" in page


def test_sensitivity_readings_from_known_indices():
    sample = sobol_sample.sample(PROBLEM, 1024, calc_second_order=False, seed=3)
    table = analyse(PROBLEM, sample, Ishigami.evaluate(sample), "sobol", seed=3)
    (text,) = readings(table.assign(outcome="ishigami"), "en")
    # ST: x1 0.56 > x2 0.44 > x3 0.24; S1 sums to 0.76, so interactions (x1 with x3) matter
    assert text.startswith("ishigami: x1 has the largest total-order index (ST 0.5")
    assert "then x2 (0.4" in text
    assert "interactions" in text
    assert text.endswith("No detectable influence (ST interval reaches 0): none.")

    sample = morris_sample.sample(PROBLEM, 100, num_levels=4, seed=3)
    table = analyse(PROBLEM, sample, Ishigami.evaluate(sample), "morris", levels=4, seed=3)
    (text,) = readings(table.assign(outcome="ishigami"), "zh")
    mu = table[table["index"] == "mu_star"].sort_values("value", ascending=False)
    order = [text.index(f"{p} (") for p in mu["parameter"]]
    assert order == sorted(order)


def test_sensitivity_command_writes_the_sweep_report(tmp_path, tiny_files, capsys):
    vary = 'unit_scale = ["doorway", "building", "compound"]\n'
    _, folder = run_sensitivity(tmp_path, "morris", 3, vary, "participation_4w,backlog")
    out = capsys.readouterr().out
    assert "ranked by mean absolute elementary effect" in out
    page = (folder / "report" / "report.html").read_text(encoding="utf-8")
    assert 'id="sensitivity"' in page
    assert "mu_star" in page
    assert (folder / "report" / "sensitivity.csv").exists()


def correlations(problem, sample, output, *, seed):
    """A made-up method: each parameter's correlation with the output (Fisher-z 95% CI)."""
    half = 1.96 / np.sqrt(len(output) - 3)
    rows = []
    for name, column in zip(problem["names"], sample.T, strict=True):
        r = float(np.corrcoef(column, output)[0, 1])
        rows.append((name, "r", r, np.tanh(np.arctanh(r) - half), np.tanh(np.arctanh(r) + half)))
    return rows


def strongest(part, label, lang):
    top = part.loc[part["value"].abs().idxmax()]
    return f"{label}: most correlated with {top['parameter']} (r = {top['value']:.2f})."


def test_a_new_sensitivity_method_is_one_registry_entry(tmp_path, tiny_files, monkeypatch, capsys):
    method = SensitivityMethod(correlations, indices=("r",), shown=("r",), reading=strongest)
    monkeypatch.setitem(METHODS, "latin_hypercube", method)
    assert main(["sensitivity", str(tiny_files[1])]) == 2  # the message lists the registry
    assert "sensitivity needs sobol, morris or latin_hypercube" in capsys.readouterr().err

    spec = write(tmp_path / "lhs.toml", LHS.replace("samples = 24", "samples = 8"))
    args = ["sensitivity", str(spec), "--out", str(tmp_path), "--engine", "serial", "--quiet"]
    # mean trust varies between any two design points; a share such as the autonomy index can
    # be the same at all 8 points of this tiny sweep, and a correlation with it is undefined
    assert main([*args, "--outcomes", "mean_trust"]) == 0
    assert "mean trust: most correlated with" in capsys.readouterr().out.lower()
    table = pd.read_csv(tmp_path / "lhs" / "sensitivity.csv")
    assert set(table["index"]) == {"r"}
    assert set(table["method"]) == {"latin_hypercube"}
    assert table["value"].between(-1, 1).all()
    # without the method column, the method is the one reporting the table's indices
    assert readings(table.drop(columns="method")) == readings(table)

    # the sweep report analyses a design with a registered method by itself
    res = load_results(tmp_path / "lhs")
    page = write_report(res, "en", tmp_path / "again", outcomes=["mean_trust"])
    text = page.read_text(encoding="utf-8")
    assert 'id="sensitivity"' in text
    assert "most correlated with" in text
    monkeypatch.delitem(METHODS, "latin_hypercube")
    page = write_report(res, "en", tmp_path / "plain", outcomes=["mean_trust"])
    assert 'id="sensitivity"' not in page.read_text(encoding="utf-8")


def test_sweep_command_checks_phase_before_running(tmp_path, tiny_files, capsys):
    args = ["sweep", str(tiny_files[1]), "--out", str(tmp_path / "o"), "--engine", "serial"]
    assert main([*args, "--phase", "mobility_rate,micro_autonomy"]) == 2
    err = capsys.readouterr().err
    assert "'mobility_rate' is not varied by" in err
    assert "varied: micro_autonomy, unit_scale" in err
    assert not (tmp_path / "o").exists()
    assert main([*args, "--quiet", "--phase", "unit_scale,micro_autonomy"]) == 0
    assert "report.html" in capsys.readouterr().out
    meta = json.loads((tmp_path / "o" / "tiny_sweep" / "metadata.json").read_text())
    assert meta["kind"] == "sweep"


def test_report_phase_option_is_for_sweeps_only(tmp_path, factorial, capsys):
    from test_report import OTHER

    from microgov_sim import run

    res = run(write(tmp_path / "other.toml", OTHER), tmp_path, **QUIET)
    assert main(["report", str(res.path), "--phase", "a,b"]) == 2
    assert "only applies to sweep results" in capsys.readouterr().err
    assert main(["report", str(factorial.path), "--phase", "micro_autonomy"]) == 2
    assert "give two varied parameters" in capsys.readouterr().err


def test_sensitivity_refuses_an_outcome_missing_at_a_design_point(tmp_path, capsys):
    write(tmp_path / "base.toml", 'name = "base"\nsteps = 3\n[params]\nn_households = 200\n')
    text = 'base = "base.toml"\nreplications = 1\n[design]\nmethod = "morris"\nsamples = 2\n'
    text += "[vary]\nadmin_penetration = { low = 0.0, high = 1.0 }\n"
    text += "micro_autonomy = { low = 0.0, high = 1.0 }\n"
    spec = write(tmp_path / "short.toml", text)
    args = ["sensitivity", str(spec), "--out", str(tmp_path), "--engine", "serial", "--quiet"]
    # three weeks: no window of four weeks or more is ever full
    assert main([*args, "--outcomes", "participation_4w,backlog"]) == 2
    err = capsys.readouterr().err
    assert "participation_4w: missing at 6 of 6 design points" in err
    # the sweep report analyses the outcomes that have values and reads the others as missing
    page = write_report(load_results(tmp_path / "short"), "en", tmp_path / "page")
    text = page.read_text(encoding="utf-8")
    assert 'id="sensitivity"' in text
    assert "participation (share acting, 52 weeks): no values in this sweep" in text
