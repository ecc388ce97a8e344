"""Snapshots: what figures need from a model, taken from a live model or a replayed run."""

import numpy as np
import pytest
from conftest import TINY_SCENARIO, write

from microgov_sim import run
from microgov_sim.experiments.snapshots import (
    doorway_network,
    final_snapshots,
    replay,
    take_snapshot,
)
from microgov_sim.model.structure import LEVELS


def test_a_snapshot_holds_the_first_buildings_and_only_their_ties(small_model):
    small_model.run_for(6)
    snap = take_snapshot(small_model, n_buildings=2)
    building = small_model.neighbourhood.unit_of[LEVELS.index("building")]
    m = int((building < 2).sum())
    assert snap.positions.shape == (m, 2)
    assert snap.participation.shape == snap.trust.shape == (m,)
    assert set(np.unique(snap.participation)) <= {0.0, 1.0}
    assert snap.edges.shape == (len(snap.strength), 2)
    assert 0 < len(snap.strength) < len(small_model.network.src)
    assert snap.edges.min() >= 0
    assert snap.edges.max() < m
    assert ((snap.strength >= 0) & (snap.strength <= 1)).all()
    assert snap.segments.shape == (len(snap.strength), 2, 2)
    assert (snap.n_buildings, snap.step) == (2, 6)


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    folder = tmp_path_factory.mktemp("snap")
    write(folder / "tiny.toml", TINY_SCENARIO)
    return run(folder / "tiny.toml", folder, progress=False, engine="serial")


def test_a_replay_reproduces_the_saved_run(saved):
    for replication in (0, 2):
        model = replay(saved, "tiny", replication)
        frame = model.datacollector.get_model_vars_dataframe()
        runs = saved.runs.set_index("replication")
        assert frame["participation_4w"].iloc[-1] == runs.loc[replication, "participation_4w_final"]
        assert frame["mean_trust"].iloc[-1] == runs.loc[replication, "mean_trust_final"]


def test_final_snapshots_are_those_of_the_replayed_runs(saved):
    snaps = final_snapshots(saved, ["tiny"], replication=1, n_buildings=3)
    direct = take_snapshot(replay(saved, "tiny", 1), n_buildings=3)
    assert list(snaps) == ["tiny"]
    assert snaps["tiny"].step == 8
    for field in ("positions", "participation", "trust", "edges", "strength"):
        np.testing.assert_array_equal(getattr(snaps["tiny"], field), getattr(direct, field))


def test_the_doorway_network_covers_every_household(small_model):
    adjacency, doorway = doorway_network(small_model)
    assert adjacency.shape == (len(doorway), len(doorway))
    assert (adjacency != adjacency.T).nnz == 0
