import io
import os
import re

import matplotlib.image as mpimg
import numpy as np
import pandas as pd
import pytest
from conftest import require_cjk_font, write
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample
from SALib.test_functions import Ishigami

from microgov_sim import compare, sweep
from microgov_sim.analysis import figures as figs
from microgov_sim.analysis.i18n import find_cjk_font, use_language
from microgov_sim.analysis.report import differences, few_replications_note, write_report
from microgov_sim.analysis.sensitivity import analyse, sweep_sensitivity
from microgov_sim.experiments.errors import UserError
from microgov_sim.experiments.results import Results
from microgov_sim.experiments.snapshots import final_snapshots
from microgov_sim.interfaces.cli import main

QUIET = {"progress": False, "engine": "serial"}
OTHER = 'name = "other"\nsteps = 8\nreplications = 3\nseed = 5\n[params]\nn_households = 200\n'
OTHER += "micro_autonomy = 0.9\nparticipation_window = 4\noutcome_window = 4\n"
# A community large enough that every outcome has a value in every run of the comparison (with
# 200 households some issue outcomes have nothing to count in 8 weeks, and are missing).
LARGER = ("n_households = 200", "n_households = 1000")


@pytest.fixture(scope="module")
def compared(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cmp")
    write(folder / "tiny.toml", open_tiny().replace(*LARGER))
    write(folder / "other.toml", OTHER.replace(*LARGER))
    return compare([folder / "tiny.toml", folder / "other.toml"], folder, **QUIET)


def open_tiny():
    from conftest import TINY_SCENARIO

    return TINY_SCENARIO


def pixels(fig):
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    buf.seek(0)
    return mpimg.imread(buf)


def assert_not_blank(fig):
    image = pixels(fig)[..., :3]
    assert image.std() > 0.05
    assert len(np.unique(image.reshape(-1, 3), axis=0)) > 50


def test_every_figure_is_drawn(compared):
    from microgov_sim.analysis.cost_figures import cost_lines_figure

    for fig in (
        figs.timeseries_figure(compared),
        figs.final_state_figure(compared),
        figs.tradeoff_figure(compared),
        cost_lines_figure(compared),
        figs.network_figure(final_snapshots(compared, figs.scenarios_of(compared))),
    ):
        assert_not_blank(fig)


def test_policy_change_is_marked(compared):
    fig = figs.timeseries_figure(compared, outcomes=("backlog",))
    lines = [ln for ln in fig.axes[0].get_lines() if ln.get_linestyle() == ":"]
    assert [ln.get_xdata()[0] for ln in lines] == [5]  # tiny's timeline changes at step 5


def test_phase_diagram(tmp_path, tiny_files):
    text = 'base = "tiny.toml"\nreplications = 1\n[vary]\nadmin_penetration = [0.0, 0.5, 1.0]\n'
    text += "micro_autonomy = [0.0, 1.0]\n"
    res = sweep(write(tmp_path / "grid.toml", text), tmp_path, **QUIET)
    fig = figs.phase_diagram(res, "admin_penetration", "micro_autonomy", "autonomy_index")
    assert_not_blank(fig)
    mesh = fig.axes[0].collections[0]
    assert mesh.get_array().shape == (2, 3)
    with pytest.raises(UserError, match="not a varied parameter"):
        figs.phase_diagram(res, "mobility_rate", "micro_autonomy")


def test_report_sections_and_files(compared):
    snapshots = final_snapshots(compared, figs.scenarios_of(compared))
    path = write_report(compared, "en", snapshots=snapshots)
    page = path.read_text(encoding="utf-8")
    for section in ("Scenarios and parameters", "Key differences from tiny", "Figures"):
        assert section in page
    for name in ("timeseries", "final", "tradeoff", "cost_lines", "network"):
        assert f'id="{name}"' in page
        assert (path.parent / f"{name}.png").stat().st_size > 10_000
        assert (path.parent / f"{name}.svg").stat().st_size > 10_000
    assert "data:image/png;base64," in page  # self-contained
    assert "highest autonomy index" in page
    assert "admin_penetration = 0.6" in page


def test_cost_lines_add_up_to_the_government_cost(compared):
    from microgov_sim.analysis.cost_figures import cost_lines_figure
    from microgov_sim.analysis.report import cost_line_table
    from microgov_sim.model.outcomes import COST_LINES

    runs = compared.runs
    total = sum(runs[f"{line}_final"] for line in COST_LINES)
    assert np.allclose(total, runs["government_cost_final"])
    assert runs["cost_officers_final"].gt(0).all()  # tiny has officers on duty
    fig = cost_lines_figure(compared)
    bars = fig.axes[0].patches
    assert len(bars) == len(COST_LINES) * len(figs.scenarios_of(compared))
    widths = np.array([b.get_width() for b in bars]).reshape(len(COST_LINES), -1).sum(axis=0)
    means = runs.groupby("scenario", sort=False)["government_cost_final"].mean()
    assert np.allclose(widths, means.loc[figs.scenarios_of(compared)])
    table = cost_line_table(compared, "en")
    assert list(table["outcome"])[-1] == "government cost (cumulative)"
    assert "officer cost (cumulative)" in set(table["outcome"])


def test_report_says_how_many_replications_and_warns_below_five(compared, tmp_path):
    page = write_report(compared, "en", tmp_path).read_text(encoding="utf-8")
    warning = (
        "Warning: these results rest on 3 replications per scenario, fewer than 5: their "
        "confidence intervals are unreliable. Run with --replications 5 or more."
    )
    assert f'<p class="warning" role="alert"><strong>{warning}</strong></p>' in page
    assert re.search(r"<td>replications \(n\)</td>\s*<td>3</td>\s*<td>3</td>", page)
    assert re.search(r"<th>d</th>\s*<th>n</th>", page)  # the differences table's n


def test_chinese_report_counts_replications_too(compared, tmp_path):
    require_cjk_font()
    assert "重复次数" in write_report(compared, "zh", tmp_path).read_text(encoding="utf-8")


def test_no_warning_from_five_replications():
    enough = pd.DataFrame({"n": [5, 7], "few_replications": [False, False]})
    assert few_replications_note(enough, "en") == ""
    short = pd.DataFrame({"n": [4, 7], "few_replications": [True, False]})
    assert "rest on 4 replications" in few_replications_note(short, "en")


def test_differences_stay_inside_the_range_of_a_difference(tmp_path):
    points = pd.DataFrame({"point": [0, 1], "scenario": ["a", "b"], "steps": [8, 8]})
    runs = pd.DataFrame(
        {
            "point": [0, 0, 1, 1],
            "scenario": ["a", "a", "b", "b"],
            "replication": [0, 1, 0, 1],
            "autonomy_index_tail": [0.0, 0.0, 0.0, 0.9],  # differences 0 and 0.9
        }
    )
    res = Results(tmp_path, {"kind": "comparison"}, points, pd.DataFrame(), runs)
    diff = differences(res, ["autonomy_index"]).iloc[0]
    assert diff["difference"] == pytest.approx(0.45)
    assert (diff["ci_low"], diff["ci_high"]) == (-1, 1)  # the plain t: [-5.27, 6.17]


def test_the_report_builds_no_model(compared, tmp_path, monkeypatch):
    """Without snapshots (which experiments replays) the report reads saved results only."""
    import microgov_sim.model.model as model_module

    def refuse(*args, **kwargs):
        raise AssertionError("the report built a model")

    monkeypatch.setattr(model_module.MicroGovModel, "__init__", refuse)
    path = write_report(compared, "en", tmp_path)
    page = path.read_text(encoding="utf-8")
    assert 'id="timeseries"' in page
    assert 'id="network"' not in page
    assert not (path.parent / "network.png").exists()


def test_differences_are_paired(compared):
    diff = differences(compared, ["mean_trust"]).iloc[0]
    runs = compared.runs.pivot_table(
        index="replication", columns="scenario", values="mean_trust_tail"
    )
    paired = runs["other"] - runs["tiny"]
    assert diff["difference"] == pytest.approx(paired.mean())
    assert diff["ci_low"] < diff["difference"] < diff["ci_high"]
    assert diff["n_pairs"] == 3


def test_chinese_report_renders_without_missing_glyphs(compared, tmp_path):
    if find_cjk_font() is None:
        assert os.environ.get("CI") != "true", "CI must install fonts-noto-cjk (.ci/run)"
        with pytest.raises(UserError, match="fonts-noto-cjk"):
            write_report(compared, "zh", tmp_path)
        return
    path = write_report(compared, "zh", tmp_path)  # a missing glyph warning is an error here
    page = path.read_text(encoding="utf-8")
    assert "情景与参数" in page
    assert "自治指数" in page
    with use_language("zh"):
        assert_not_blank(figs.final_state_figure(compared, lang="zh"))


def test_unknown_language(compared, tmp_path):
    with pytest.raises(UserError, match="must be one of en, zh"):
        write_report(compared, "fr", tmp_path)


PROBLEM = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-np.pi, np.pi]] * 3}


def test_sobol_indices_of_ishigami():
    sample = sobol_sample.sample(PROBLEM, 2048, calc_second_order=False, seed=3)
    table = analyse(PROBLEM, sample, Ishigami.evaluate(sample), "sobol", seed=3)
    got = table.set_index(["index", "parameter"])["value"]
    # analytic values for a = 7, b = 0.1
    expected = {
        ("S1", "x1"): 0.3139,
        ("S1", "x2"): 0.4424,
        ("S1", "x3"): 0.0,
        ("ST", "x1"): 0.5576,
        ("ST", "x2"): 0.4424,
        ("ST", "x3"): 0.2437,
    }
    for key, value in expected.items():
        assert got[key] == pytest.approx(value, abs=0.04), key
    assert (table["ci_low"] <= table["value"]).all()


def test_morris_screens_ishigami():
    sample = morris_sample.sample(PROBLEM, 100, num_levels=4, seed=3)
    table = analyse(PROBLEM, sample, Ishigami.evaluate(sample), "morris", levels=4, seed=3)
    mu = table[table["index"] == "mu_star"].set_index("parameter")["value"]
    assert mu.min() > 0
    assert set(table["index"]) == {"mu_star", "sigma"}


def run_sensitivity(tmp_path, method: str, samples: int, vary: str, outcomes: str):
    """Write a tiny sweep over tiny.toml, run ``microgov sensitivity`` on it (exit 0)."""
    text = f'base = "tiny.toml"\nreplications = 1\n[design]\nmethod = "{method}"\n'
    text += f"samples = {samples}\n[vary]\nadmin_penetration = {{ low = 0.0, high = 1.0 }}\n"
    spec = write(tmp_path / f"{method}.toml", text + vary)
    args = ["sensitivity", str(spec), "--out", str(tmp_path), "--engine", "serial", "--quiet"]
    assert main([*args, "--outcomes", outcomes]) == 0
    return spec, tmp_path / method


def test_sensitivity_command_on_a_tiny_sobol_sweep(tmp_path, tiny_files, capsys):
    vary = "micro_autonomy = { low = 0.0, high = 1.0 }\n"
    # the 4-week participation has a value at every point; a share of closed issues can have
    # nothing to count in a 200-household community's 4-week window
    outcomes = "participation_4w,mean_trust"
    spec, folder = run_sensitivity(tmp_path, "sobol", 4, vary, outcomes)
    assert (folder / "sensitivity.png").stat().st_size > 10_000
    assert "ST" in capsys.readouterr().out
    res = sweep(spec, tmp_path, **QUIET)
    table = sweep_sensitivity(res, ["mean_trust"])
    assert len(table) == 4  # S1 and ST for two parameters


def test_sensitivity_refuses_a_factorial_sweep(tiny_files, capsys):
    assert main(["sensitivity", str(tiny_files[1])]) == 2
    assert "sensitivity needs sobol or morris" in capsys.readouterr().err


def test_report_command(compared, capsys):
    assert main(["report", str(compared.path)]) == 0
    assert "report.html" in capsys.readouterr().out


def test_the_report_reads_an_outcome_missing_in_every_run_as_missing(tmp_path):
    short = "steps = 3\nreplications = 2\nseed = 5\n[params]\nn_households = 200\n"
    a = write(tmp_path / "a.toml", 'name = "a"\n' + short)
    b = write(tmp_path / "b.toml", 'name = "b"\n' + short + "micro_autonomy = 0.9\n")
    res = compare([a, b], tmp_path, **QUIET)  # three weeks: no window of 4 weeks or more is full
    assert res.runs["participation_rate_tail"].isna().all()
    text = write_report(res, "en", tmp_path / "page").read_text(encoding="utf-8")
    assert "participation (share acting, 52 weeks): no values in these runs" in text
    assert "autonomy index: no values in these runs" in text
    assert differences(res, ["participation_rate"])["difference"].isna().all()
