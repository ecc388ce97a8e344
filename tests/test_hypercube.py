"""The validation hypercube: its design and its summary (the runs are the patterns' own)."""

from pathlib import Path

import numpy as np
import pandas as pd

from microgov_sim.validation.hypercube import CUBE, cube_points, summarise
from microgov_sim.validation.statistics import Sample, row


def test_cube_points_are_a_latin_hypercube_inside_the_ranges():
    points = cube_points(64, seed=7)
    assert list(points.columns) == list(CUBE)
    for name, (low, high) in CUBE.items():
        assert points[name].between(low, high).all()
        # one point in each of 64 equal strata of every parameter
        strata = np.floor((points[name] - low) / (high - low) * 64).clip(0, 63)
        assert sorted(strata.astype(int)) == list(range(64))
    assert points.equals(cube_points(64, seed=7))


def test_summary_finds_the_parameter_that_breaks_a_pattern():
    points = cube_points(40, seed=3)
    rows = []
    rng = np.random.default_rng(0)
    for i, p in points.iterrows():
        # a statistic that rises only where stake_weight is above 6
        effect = (p["stake_weight"] - 6.0) + rng.normal(0, 0.01, 4)
        r = row("e", "rises", Sample(pd.Series(effect)), +1)
        rows.append({"pattern": "x", "point": i, **p.to_dict(), **r})
    summary = summarise(pd.DataFrame(rows), 40)[0]
    share = (points["stake_weight"] > 6.0).mean()
    assert summary["estimate"] == share
    assert summary["ci_low"] < share < summary["ci_high"]
    assert "splits on stake_weight at 6" in summary["region"]
    below = int((points["stake_weight"] <= 6.0).sum())
    assert f"holds at 0% of the {below} points below, 100% of the {40 - below}" in summary["region"]


def test_a_predicted_absence_gets_no_verdict_from_one_estimate():
    points = cube_points(8, seed=3)
    rows = [
        {
            "pattern": "x",
            "point": i,
            **p.to_dict(),
            **row("e", "absent", Sample(pd.Series([0.0])), 0),
        }
        for i, p in points.iterrows()
    ]
    assert summarise(pd.DataFrame(rows), 8) == []


def test_each_point_of_the_cube_has_its_own_seeds_and_its_own_runs():
    from microgov_sim.experiments.experiment import Experiment, Point
    from microgov_sim.experiments.results import Results
    from microgov_sim.validation.hypercube import _point_view

    a = Point("000:arm", {"n_households": 50}, {}, 4)
    b = Point("001:arm", {"n_households": 50}, {}, 4, first_replication=2)
    tasks = Experiment("patterns", "p", (a, b), replications=2, seed=9).tasks()
    seeds = [t.seed for t in tasks]
    shared = Experiment("patterns", "p", (a, a), replications=2, seed=9)
    assert seeds[:2] == shared.seeds  # point 0: replications 0, 1
    assert seeds[2:] == Experiment("patterns", "p", (a,), replications=4, seed=9).seeds[2:]
    assert Experiment("patterns", "p", (a, b), 2, 9).fingerprint() != shared.fingerprint()

    frame = pd.DataFrame({"scenario": ["000:arm", "001:arm", "000:other"], "v": [1, 2, 3]})
    res = Results(Path("."), {}, frame, frame, frame)
    view = _point_view(res, "000:")
    assert list(view.runs["scenario"]) == ["arm", "other"]
    assert list(view.steps["v"]) == [1, 3]
