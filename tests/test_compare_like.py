"""Comparisons are like with like (#14 point 3): same steps, replications and seed, or refused."""

import pytest
from conftest import write

from microgov_sim import compare
from microgov_sim.experiments.errors import UserError
from microgov_sim.interfaces.cli import main

QUIET = {"engine": "serial", "progress": False}


def scenario(folder, name, steps=6, replications=2, seed=1):
    text = f'name = "{name}"\nsteps = {steps}\nreplications = {replications}\nseed = {seed}\n'
    return write(folder / f"{name}.toml", text + "[params]\nn_households = 60\n")


def test_different_horizons_are_refused_naming_the_file_and_key(tmp_path):
    a, b = scenario(tmp_path, "a"), scenario(tmp_path, "b", steps=4, seed=9)
    with pytest.raises(UserError) as info:
        compare([a, b], tmp_path / "out", **QUIET)
    message = str(info.value)
    assert f"{b}: steps = 4, but {a} has steps = 6" in message
    assert f"{b}: seed = 9, but {a} has seed = 1" in message
    assert not (tmp_path / "out").exists()


def test_given_values_or_harmonise_make_every_arm_alike(tmp_path):
    a, b = scenario(tmp_path, "a"), scenario(tmp_path, "b", steps=4, replications=3, seed=9)
    given = compare([a, b], tmp_path / "given", steps=4, replications=2, seed=7, **QUIET)
    assert set(given.points["steps"]) == {4}
    seeds = given.runs.groupby("scenario")["seed"].apply(sorted)
    assert seeds["a"] == seeds["b"]  # common random numbers
    harmonised = compare([a, b], tmp_path / "harmonised", harmonise=True, **QUIET)
    assert set(harmonised.points["steps"]) == {6}  # the first scenario's
    assert harmonised.metadata["replications"] == 2
    assert len(harmonised.runs) == 4


def test_the_command_line_refuses_with_exit_2_and_harmonises_on_request(tmp_path, capsys):
    a, b = scenario(tmp_path, "a"), scenario(tmp_path, "b", steps=4)
    args = ["compare", str(a), str(b), "--out", str(tmp_path / "out"), "--engine", "serial"]
    assert main(args) == 2
    assert "--harmonise" in capsys.readouterr().err
    assert main([*args, "--harmonise"]) == 0
    page = next((tmp_path / "out").glob("*/report/report.html")).read_text(encoding="utf-8")
    assert "6 weekly steps" in page  # the header states what was run
