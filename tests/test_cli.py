import pandas as pd
import pytest
from conftest import write

from microgov_sim import load_results
from microgov_sim.experiments.designs import DESIGNS
from microgov_sim.experiments.engines import ENGINES
from microgov_sim.interfaces.cli import build_parser, main

SERIAL = ["--engine", "serial", "--quiet"]


def test_run_writes_tables_plot_and_summary(tmp_path, tiny_files, capsys):
    out = tmp_path / "out"
    args = ["run", str(tiny_files[0]), "--out", str(out), "--replications", "2", *SERIAL]
    code = main([*args, "--set", "unit_scale='doorway'", "--steps", "12", "--seed", "3"])
    assert code == 0
    folder = out / "tiny"
    res = load_results(folder)
    assert res.metadata["master_seed"] == 3
    assert res.steps["step"].max() == 12
    assert len(res.runs) == 2
    assert '"unit_scale": "doorway"' in res.points.loc[0, "params"]
    assert (folder / "outcomes_tiny.png").stat().st_size > 10_000
    summary = pd.read_csv(folder / "summary.csv")
    assert {"outcome", "mean", "ci_low", "ci_high", "n"} <= set(summary.columns)
    printed = capsys.readouterr().out
    assert "participation_rate" in printed
    assert "wrote" in printed


def test_compare_uses_common_random_numbers(tmp_path, tiny_files, capsys):
    other = write(
        tmp_path / "other.toml", 'name = "other"\nsteps = 8\n[params]\nn_households = 200\n'
    )
    args = ["compare", str(tiny_files[0]), str(other), "--out", str(tmp_path), *SERIAL]
    assert main([*args, "--replications", "2", "--name", "cmp"]) == 2  # seeds 5 and 0 differ
    assert "other.toml: seed = 0, but" in capsys.readouterr().err
    assert main([*args, "--replications", "2", "--name", "cmp", "--harmonise"]) == 0
    res = load_results(tmp_path / "cmp")
    seeds = res.runs.groupby("scenario")["seed"].apply(list)
    assert seeds["tiny"] == seeds["other"]
    assert "tiny" in capsys.readouterr().out


def test_sweep_command(tmp_path, tiny_files, capsys):
    assert main(["sweep", str(tiny_files[1]), "--out", str(tmp_path), *SERIAL]) == 0
    assert "8 runs finished, 0 failed" in capsys.readouterr().out
    assert len(load_results(tmp_path / "tiny_sweep").runs) == 8


def test_validate_ok(tiny_files, capsys):
    assert main(["validate", str(tiny_files[0]), str(tiny_files[1])]) == 0
    out = capsys.readouterr().out
    assert "ok: scenario 'tiny', 3 replications x 8 steps, 1 timeline change(s)" in out
    assert "ok: sweep 'tiny_sweep', full_factorial design, 4 points x 2 replications" in out


def test_validate_reports_all_problems_of_all_files(tmp_path, tiny_files, capsys):
    bad = write(tmp_path / "bad.toml", "name = 3\nsteps = 0\n[params]\nmobility = 0.1\n")
    broken = write(tmp_path / "broken.toml", "name = \n")
    assert main(["validate", str(bad), str(broken), str(tiny_files[0])]) == 2
    captured = capsys.readouterr()
    err = captured.err
    assert f"{bad}:1: name = 3: must be a string" in err
    assert f"{bad}:2: steps = 0: must be an integer in [1, 1000000000]" in err
    assert "did you mean 'mobility_rate'?" in err
    assert f"{broken}:1: invalid TOML" in err
    assert "Traceback" not in err
    assert "ok: scenario 'tiny'" in captured.out


def test_bad_parameter_exit_2_without_traceback(tmp_path, tiny_files, capsys):
    args = ["run", str(tiny_files[0]), "--out", str(tmp_path), *SERIAL]
    assert main([*args, "--set", "admin_penetration=2"]) == 2
    err = capsys.readouterr().err
    assert "admin_penetration = 2" in err
    assert "[0, 1]" in err
    assert "Traceback" not in err


def test_unknown_parameter_and_scenario_suggest(tmp_path, capsys):
    assert main(["run", "status_quo", "--set", "mobility=0.1", "--out", str(tmp_path)]) == 2
    assert "did you mean 'mobility_rate'" in capsys.readouterr().err
    assert main(["run", "status_qou", "--out", str(tmp_path)]) == 2
    assert "did you mean 'status_quo'" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["run", "compare", "sweep", "validate", "scenarios"])
def test_every_subcommand_has_help(command, capsys):
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    assert "usage: microgov" in capsys.readouterr().out


def test_bad_option_value_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["run", "status_quo", "--jobs", "0"])
    assert info.value.code == 2
    assert "must be at least 1" in capsys.readouterr().err


def test_scenarios_lists_names(capsys):
    assert main(["scenarios"]) == 0
    out = capsys.readouterr().out
    assert "co_governance" in out
    assert "levers_sobol" in out


def test_engine_choices_and_design_names_come_from_the_registries(capsys):
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices
    for command in ("run", "compare", "sweep", "sensitivity", "patterns"):
        (engine,) = [a for a in commands[command]._actions if a.dest == "engine"]
        assert engine.choices == list(ENGINES)
    with pytest.raises(SystemExit):
        main(["--help"])
    assert ", ".join(DESIGNS) in " ".join(capsys.readouterr().out.split())
