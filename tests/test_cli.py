import json

import pandas as pd

from microgov_sim.cli import main


def test_run_writes_table_plot_metadata(tmp_path, capsys):
    out = tmp_path / "run"
    code = main(
        [
            "run",
            "--steps",
            "12",
            "--seed",
            "3",
            "--out",
            str(out),
            "--set",
            "n_households=400",
            "--set",
            "unit_scale='doorway'",
        ]
    )
    assert code == 0
    df = pd.read_csv(out / "outcomes.csv")
    assert len(df) == 13
    assert (df["seed"] == 3).all()
    assert (out / "outcomes.png").stat().st_size > 10_000
    meta = json.loads((out / "metadata.json").read_text())
    assert meta["seed"] == 3
    assert meta["parameters"]["unit_scale"] == "doorway"
    assert meta["versions"]["mesa"].startswith("3.")
    assert "wrote" in capsys.readouterr().out


def test_bad_parameter_exit_2_without_traceback(tmp_path, capsys):
    code = main(["run", "--out", str(tmp_path), "--set", "admin_penetration=2"])
    err = capsys.readouterr().err
    assert code == 2
    assert "admin_penetration" in err
    assert "[0, 1]" in err
    assert "Traceback" not in err


def test_unknown_parameter_suggests(tmp_path, capsys):
    code = main(["run", "--out", str(tmp_path), "--set", "mobility=0.1"])
    assert code == 2
    assert "did you mean 'mobility_rate'" in capsys.readouterr().err
