"""Names are names: a scenario, sweep or comparison name cannot reach outside --out (#14)."""

import dataclasses

import pytest
from conftest import TINY_SCENARIO, write

from microgov_sim import Experiment, compare, load_scenario, run, run_experiment
from microgov_sim.experiments.errors import UserError
from microgov_sim.experiments.names import MAX_NAME, folder_inside, name_problem
from microgov_sim.interfaces.cli import main

BAD = ["../V", "/tmp/abs", ".", "..", "a/b", "a\\b", "", " x", "x y", "x\0y", "é", "-x", "x" * 121]
GOOD = ["status_quo", "tiny", "a.b-c_d", "2026_run", "_x", "x" * MAX_NAME]


@pytest.mark.parametrize("name", BAD)
def test_bad_names_are_refused(name):
    assert name_problem(name) is not None


@pytest.mark.parametrize("name", GOOD)
def test_good_names_pass(name):
    assert name_problem(name) is None


def test_a_folder_is_checked_to_lie_inside_out(tmp_path):
    assert folder_inside(tmp_path, "tiny") == tmp_path / "tiny"
    with pytest.raises(UserError, match=r"name = '\.\./V'"):
        folder_inside(tmp_path, "../V")


def tree(path):
    return sorted(p.relative_to(path) for p in path.rglob("*"))


def test_a_scenario_named_with_a_path_is_refused_with_its_line(tmp_path):
    path = write(tmp_path / "evil.toml", TINY_SCENARIO.replace('name = "tiny"', 'name = "../V"'))
    with pytest.raises(UserError, match=r"evil.toml:2: name = '\.\./V': must be 1 to 120"):
        load_scenario(path)


def test_the_command_line_refuses_it_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "V" / "parts").mkdir(parents=True)  # another folder's parts must survive
    path = write(tmp_path / "evil.toml", TINY_SCENARIO.replace('name = "tiny"', 'name = "../V"'))
    before = tree(tmp_path)
    assert main(["run", str(path), "--out", str(out), "--engine", "serial", "--overwrite"]) == 2
    assert "name = '../V'" in capsys.readouterr().err
    assert tree(tmp_path) == before


@pytest.mark.parametrize("name", ["../escape", "/tmp/microgov-abs", ".."])
def test_an_experiment_built_in_python_cannot_escape_either(tmp_path, tiny_files, name):
    experiment = Experiment.from_scenario(load_scenario(tiny_files[0]))
    escaping = dataclasses.replace(experiment, name=name)
    before = tree(tmp_path)
    with pytest.raises(UserError, match="name = "):
        run_experiment(escaping, tmp_path / "out", engine="serial", progress=False)
    assert tree(tmp_path) == before


def test_compare_name_is_checked(tmp_path, tiny_files):
    before = tree(tmp_path)
    with pytest.raises(UserError, match=r"compare --name '\.\./x': must be"):
        compare([tiny_files[0]], tmp_path / "out", name="../x", engine="serial", progress=False)
    assert tree(tmp_path) == before


def test_valid_names_still_run(tmp_path, tiny_files):
    res = run(tiny_files[0], tmp_path, engine="serial", replications=1, progress=False)
    assert res.path == tmp_path / "tiny"


def test_out_pointing_at_a_file_is_one_clear_error(tmp_path, capsys):
    afile = tmp_path / "afile"
    afile.write_text("not a folder")
    args = ["run", "status_quo", "--out", str(afile), "--steps", "2", "--engine", "serial"]
    assert main(args) == 2
    assert "is a file, not a folder" in capsys.readouterr().err
    assert afile.read_text() == "not a folder"


@pytest.mark.parametrize("port", ["99999", "0", "http"])
def test_explore_refuses_a_port_that_is_not_one(port, capsys):
    with pytest.raises(SystemExit) as info:
        main(["explore", "--port", port])
    assert info.value.code == 2
    assert "is not a port" in capsys.readouterr().err
