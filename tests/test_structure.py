import numpy as np
import pytest

from microgov_sim.model.structure import (
    BUILDING,
    COMMUNITY,
    DOORWAY,
    LEVELS,
    build_grids,
    build_neighbourhood,
    group_sizes,
)


def make(n=3000, seed=1):
    return build_neighbourhood(n, 12, 3, 4, 3, 100, np.random.default_rng(seed))


def test_group_sizes_sum_and_positive():
    s = group_sizes(1000, 7.5, np.random.default_rng(0))
    assert s.sum() == 1000
    assert (s >= 1).all()
    assert 6 < s[:-1].mean() < 9


@pytest.mark.parametrize("n", [10, 999, 3000])
def test_units_are_nested_contiguous_ranges(n):
    nb = make(n)
    assert nb.n_households == n
    for level in range(len(LEVELS)):
        ids = nb.unit_of[level]
        assert (np.diff(ids) >= 0).all()
        assert (nb.unit_sizes(level) > 0).all()
        assert nb.unit_sizes(level).sum() == n
        if level > 0:  # each lower unit lies inside exactly one upper unit
            lower = nb.unit_of[level - 1]
            parents = {}
            for lo, up in zip(lower, ids, strict=True):
                assert parents.setdefault(lo, up) == up
    assert nb.n_units(COMMUNITY) == 1


def test_default_sizes_match_an_old_community():
    nb = make()
    assert 10 < nb.unit_sizes(DOORWAY).mean() < 14
    assert 25 < nb.unit_sizes(BUILDING).mean() < 50
    assert 20 <= nb.n_grids <= 40


def test_grids_about_100_and_cross_unit_borders():
    nb = make()
    sizes = np.bincount(nb.grid_of)
    assert 80 <= np.median(sizes) <= 120
    # a grid border that is not a building border exists (grids ignore micro-units)
    border = np.flatnonzero(np.diff(nb.grid_of)) + 1
    building_border = set(np.flatnonzero(np.diff(nb.unit_of[BUILDING])) + 1)
    assert any(b not in building_border for b in border)


def test_same_rng_same_structure_different_rng_differs():
    a, b, c = make(seed=5), make(seed=5), make(seed=6)
    assert np.array_equal(a.unit_of, b.unit_of)
    assert np.array_equal(a.grid_of, b.grid_of)
    assert not np.array_equal(a.unit_of, c.unit_of)


def test_build_grids_covers_everyone():
    grid_of, n = build_grids(250, 100, np.random.default_rng(3))
    assert len(grid_of) == 250
    assert grid_of.max() == n - 1
