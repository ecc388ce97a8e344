"""A result folder holds only what it says (#14 point 1): no result the tool did not compute."""

import pandas as pd
import pytest

from microgov_sim import load_results, run
from microgov_sim.experiments.errors import UserError
from microgov_sim.experiments.results import ResultStore, identity_of
from microgov_sim.interfaces.cli import main

SMALL = ["--replications", "1", "--set", "n_households=50", "--engine", "serial"]


def small_run(out, steps=2, replications=2, **options):
    """A tiny status-quo run on the serial engine."""
    params = {"n_households": 50}
    return run(
        "status_quo",
        out,
        steps=steps,
        replications=replications,
        params=params,
        engine="serial",
        progress=False,
        **options,
    )


def cli(out, *extra):
    return main(["run", "status_quo", "--out", str(out), *SMALL, *extra])


def test_a_folder_without_metadata_is_not_adopted_by_another_experiment(tmp_path, capsys):
    assert cli(tmp_path, "--steps", "2") == 0
    folder = tmp_path / "status_quo"
    (folder / "metadata.json").unlink()
    other = ("--steps", "3", "--set", "admin_penetration=0.9")
    assert cli(tmp_path, *other) == 2
    err = capsys.readouterr().err
    assert "did not compute" in err
    assert "runs.parquet (of another experiment)" in err
    assert cli(tmp_path, *other, "--overwrite") == 0  # the reproducer of #14
    res = load_results(folder)
    assert int(res.points["steps"].iloc[0]) == 3
    assert res.steps["step"].max() == 3
    assert '"admin_penetration": 0.9' in res.points["params"].iloc[0]


def test_every_saved_file_carries_the_experiment(tmp_path):
    res = small_run(tmp_path, steps=2, replications=1)
    fingerprint = res.metadata["fingerprint"]
    for name in ("points", "steps", "runs"):
        assert identity_of(res.path / f"{name}.parquet") == fingerprint


def interrupted(tmp_path):
    """A finished 2-replication run whose tables are turned back into parts."""
    res = small_run(tmp_path, steps=2, replications=2)
    store = ResultStore(res.path)
    parts = res.path / "parts"
    parts.mkdir()
    for table in ("steps", "runs"):
        frame = pd.read_parquet(res.path / f"{table}.parquet")
        for run_id, rows in frame.groupby("run_id"):
            (res.path / f"{table}.parquet").unlink(missing_ok=True)
            rows.to_parquet(parts / f"{table}-{run_id:012x}.parquet", index=False)
    meta = store.read_metadata()
    meta["status"] = "interrupted"
    store.write_metadata(meta)
    return res, parts


def test_a_truncated_part_is_reported_and_its_runs_run_again(tmp_path, capsys):
    res, parts = interrupted(tmp_path)
    expected = res.runs
    broken = parts / f"runs-{1:012x}.parquet"
    broken.write_bytes(broken.read_bytes()[:40])
    again = small_run(tmp_path, steps=2, replications=2)
    assert f"{broken}: cannot be read" in capsys.readouterr().err
    pd.testing.assert_frame_equal(
        again.runs.drop(columns="seconds"), expected.drop(columns="seconds")
    )


def test_rows_of_unknown_runs_are_reported_and_left_out(tmp_path, capsys):
    _, parts = interrupted(tmp_path)
    stray = pd.read_parquet(parts / f"runs-{0:012x}.parquet").assign(run_id=99)
    stray.to_parquet(parts / f"runs-{99:012x}.parquet", index=False)
    again = small_run(tmp_path, steps=2, replications=2)
    assert "runs 99 are not runs of this experiment" in capsys.readouterr().err
    assert sorted(again.runs["run_id"]) == [0, 1]


def test_overwrite_deletes_only_what_the_tool_wrote(tmp_path):
    res = small_run(tmp_path, steps=2, replications=1)
    (res.path / "notes.txt").write_text("mine")
    (res.path / "parts").mkdir()
    (res.path / "parts" / "keep.txt").write_text("mine too")
    small_run(tmp_path, steps=3, replications=1, overwrite=True)
    assert (res.path / "notes.txt").read_text() == "mine"
    assert (res.path / "parts" / "keep.txt").read_text() == "mine too"


def test_a_broken_metadata_file_is_one_clear_error(tmp_path, capsys):
    assert cli(tmp_path, "--steps", "2") == 0
    (tmp_path / "status_quo" / "metadata.json").write_text("{ not json")
    assert cli(tmp_path, "--steps", "2") == 2
    assert "metadata.json: cannot be read" in capsys.readouterr().err
    with pytest.raises(UserError, match=r"metadata\.json: cannot be read"):
        load_results(tmp_path / "status_quo")
    assert cli(tmp_path, "--steps", "2", "--overwrite") == 0
