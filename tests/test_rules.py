import numpy as np
import pytest
import scipy.sparse as sp

from microgov_sim.model import rules
from microgov_sim.model.arrays import expand_ranges


def test_willingness_is_convex_combination():
    rng = np.random.default_rng(0)
    x = [rng.random(1000) for _ in range(5)]
    w = rules.willingness(*x)
    assert (w >= 0).all()
    assert (w <= 1).all()
    assert rules.willingness(*(np.ones(1),) * 4, np.zeros(1))[0] == pytest.approx(1.0)
    assert rules.willingness(*(np.zeros(1),) * 4, np.ones(1))[0] == pytest.approx(0.0)
    assert sum(rules.WILLINGNESS_WEIGHTS) == pytest.approx(1.0)


def test_willingness_falls_with_dependency():
    half = np.full(1, 0.5)
    low = rules.willingness(half, half, half, half, np.zeros(1))
    high = rules.willingness(half, half, half, half, np.ones(1))
    assert high < low


def test_pivotality_is_one_for_small_groups_and_falls_with_size():
    n = np.array([1, 12, 100, 1000])
    piv = rules.pivotality(n, 12, 0.3)
    assert piv[0] == piv[1] == 1.0
    assert np.all(np.diff(piv[1:]) < 0)
    assert rules.pivotality(1000, 12, 0.0) == 1.0


def test_participation_cost_falls_with_capacity_platforms_online():
    c = rules.participation_cost(2.0, np.array([0.0, 0.5, 1.0]), 0.0, 0.5, np.zeros(3), 0.3)
    assert np.allclose(c, [2.0, 1.0, 0.0])
    assert rules.participation_cost(2.0, np.zeros(1), 1.0, 0.5, np.zeros(1), 0.3)[0] == 1.0
    assert rules.participation_cost(2.0, np.zeros(1), 0.0, 0.5, np.ones(1), 0.3)[0] == 1.4


def test_private_drive_terms():
    one = np.ones(1)
    zero = np.zeros(1)
    # stake term: willingness * weight * stake * pivot
    assert rules.private_drive(one * 0.5, one, one * 0.5, zero, zero, zero, zero, 4, 1)[0] == 1.0
    # solidarity term depends on density, not on own stake
    assert rules.private_drive(one, zero, one, one * 0.2, one, zero, zero, 4, 1)[0] == 0.2
    # willingness gates every motive, including mobilisation
    assert rules.private_drive(zero, one, one, one, one, one * 5, zero, 4, 1)[0] == 0.0
    assert rules.private_drive(one, zero, one * 0.5, zero, zero, one * 2, zero, 4, 1)[0] == 1.0
    # cost subtracts
    assert rules.private_drive(zero, zero, one, zero, zero, zero, one * 3, 4, 1)[0] == -3


def test_threshold_cascade_group_is_granovetter():
    active, _ = rules.threshold_cascade(np.zeros(5), np.array([0, 1, 2, 3, 4.0]))
    assert active.all()
    active, _ = rules.threshold_cascade(np.zeros(5), np.array([0, 2, 2, 3, 4.0]))
    assert active.sum() == 1


def test_group_influence_counts_others_in_own_group_only():
    drive, threshold = np.array([5.0, 0, 5, 0, 0]), np.array([0.0, 1, 0, 2, 2])
    active, _ = rules.threshold_cascade(drive, threshold, np.array([0, 0, 1, 1, 1]))
    assert active.tolist() == [True, True, True, False, False]  # 3, 4 see one other: 2
    active, _ = rules.threshold_cascade(drive, threshold)  # one crowd: 3, 4 see two others
    assert active.all()


def _ring_lattice_csr(n, k):
    rows, cols = [], []
    for i in range(n):
        for d in range(1, k + 1):
            for j in ((i + d) % n, (i - d) % n):
                rows.append(i)
                cols.append(j)
    m = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    m.sort_indices()
    return m


def test_network_cascade_needs_reinforcement():
    # Complex contagion on a ring lattice (each node sees 2 neighbours per side):
    # threshold 2 spreads from two adjacent seeds, not from one.
    n = 40
    m = _ring_lattice_csr(n, 2)
    ties = rules.fixed_ties(m.indptr, m.indices, m.data)
    threshold = np.full(n, 2.0)
    one_seed = np.zeros(n)
    one_seed[0] = 10
    active, _ = rules.threshold_cascade(one_seed, threshold, ties=ties)
    assert active.sum() == 1
    two_seeds = one_seed.copy()
    two_seeds[1] = 10
    active, _ = rules.threshold_cascade(two_seeds, threshold, ties=ties)
    assert active.all()


def test_network_influence_only_among_members():
    m = _ring_lattice_csr(10, 1)  # 0-1-2-...-9-0
    ties = rules.fixed_ties(m.indptr, m.indices, m.data)
    members = np.array([0, 1, 2, 5])
    # member 1 (position 1) acts: its neighbours 0 and 2 are members and feel 1, 5 feels 0
    drive = np.array([0.0, 5.0, 0.0, 0.0])
    active, rounds = rules.threshold_cascade(drive, np.full(4, 1.0), ties=ties, members=members)
    assert active.tolist() == [True, True, True, False]
    assert rounds == 2  # 1 acts, then 0 and 2; nobody after them
    # row 9 is 0's neighbour but no member: 0 acting reaches nobody else
    active, _ = rules.threshold_cascade(
        np.array([5.0, 0.0]), np.ones(2), ties=ties, members=np.array([0, 9])
    )
    assert active.tolist() == [True, True]  # 9 is member 1 here, 0's neighbour
    active, _ = rules.threshold_cascade(
        np.array([5.0, 0.0]), np.ones(2), ties=ties, members=np.array([0, 5])
    )
    assert active.tolist() == [True, False]


def test_network_influence_only_within_group():
    m = _ring_lattice_csr(10, 1)  # 0-1-2-...-9-0
    ties = rules.fixed_ties(m.indptr, m.indices, m.data)
    group = np.array([0, 0, 1, 1])  # meetings {0, 1} and {2, 3}
    drive = np.array([0.0, 5.0, 0.0, 0.0])  # member 1 acts
    active, _ = rules.threshold_cascade(drive, np.ones(4), group, ties=ties)
    # neighbour 0 shares its meeting, neighbour 2 does not
    assert active.tolist() == [True, True, False, False]
    drive[2] = 5.0
    active, _ = rules.threshold_cascade(drive, np.ones(4), group, ties=ties)
    assert active.all()


def test_tie_strengths_weight_the_influence_and_shares_divide_by_the_most_one_can_get():
    m = _ring_lattice_csr(3, 1)  # a triangle 0-1-2
    ties = rules.fixed_ties(m.indptr, m.indices, np.array([0.2, 0.6, 0.2, 0.6, 0.6, 0.6]))
    # entries of row 0: to 1 (0.2) and 2 (0.6); row 1: to 0 (0.2) and 2 (0.6); row 2: 0.6, 0.6
    drive = np.array([5.0, 0.0, 0.0])
    active, _ = rules.threshold_cascade(drive, np.array([0.0, 0.9, 0.5]), ties=ties)
    assert active.tolist() == [True, False, True]  # 2 feels 0.6; then 1 feels 0.8 < 0.9
    active, _ = rules.threshold_cascade(drive, np.array([0.0, 0.26, 0.5]), ties=ties, shares=True)
    # as shares: 1 feels 0.2 / (0.2 + 0.6) = 0.25 < 0.26 first, then 0.8 / 0.8 once 2 acts
    assert active.all()
    active, _ = rules.threshold_cascade(
        drive, np.array([0.0, 0.9, 0.55]), ties=ties, shares=True, weight=0.5
    )
    assert active.tolist() == [True, False, False]  # 2 feels 0.5 x 0.6 / 1.2 = 0.25


def test_cascade_fixed_point_matches_naive_iteration():
    rng = np.random.default_rng(3)
    n = 200
    a = sp.random(n, n, density=0.05, random_state=4, format="csr")
    a = ((a + a.T) > 0).astype(float).tocsr()
    a.sort_indices()
    drive = rng.normal(0, 1, n)
    threshold = rng.gamma(4, 0.5, n)
    fast, _ = rules.threshold_cascade(
        drive, threshold, ties=rules.fixed_ties(a.indptr, a.indices, a.data)
    )
    naive = drive >= threshold
    while True:
        new = naive | (drive + a @ naive.astype(float) >= threshold)
        if np.array_equal(new, naive):
            break
        naive = new
    assert np.array_equal(fast, naive)


def test_action_needs_quorum_and_effort():
    held, ok = rules.action_succeeds(
        np.array([1, 5, 5, 0]),
        np.array([9.0, 1.0, 3.0, 9.0]),
        np.array([20, 20, 20, 20]),
        np.array([2.0, 2.0, 2.0, 0.0]),
        0.25,
    )
    assert held.tolist() == [False, True, True, False]
    assert ok.tolist() == [False, False, True, False]


def test_admin_success_rises_with_standardisation():
    c = rules.admin_success_chance(np.array([0.0, 0.5, 1.0]), 0.2)
    assert np.allclose(c, [0.2, 0.6, 1.0])


@pytest.mark.parametrize("crowding", [-1.0, -0.3, 0.0, 0.4, 1.0])
def test_crowding_is_signed_and_bounded(crowding):
    m = np.linspace(0, 1, 11)
    out = rules.crowding_update(m, np.full(11, 3.0), crowding, 0.5)
    assert (out >= 0).all()
    assert (out <= 1).all()
    if crowding > 0:
        assert (out <= m).all()
        assert (out[1:] < m[1:]).all()
    elif crowding < 0:
        assert (out >= m).all()
        assert (out[:-1] > m[:-1]).all()
    else:
        assert np.array_equal(out, m)


def test_move_toward():
    assert rules.move_toward(np.array([0.0]), 1.0, 0.25)[0] == 0.25
    assert rules.move_toward(0.5, 1.0, 0.5) == 0.75
    x = np.array([0.0, 1.0])
    same = rules.move_toward(x, np.array([1.0, 0.0]), 0.1)
    assert rules.move_toward(x, np.array([1.0, 0.0]), 0.1, out=x) is x
    assert x.tolist() == same.tolist() == [0.1, 0.9]


def test_argmax_per_group():
    values = np.array([0.1, 0.5, 0.5, 0.0, 0.0, 2.0, -1.0])
    starts = np.array([0, 3, 5, 5, 7])
    # group 0: first of the tied maxima; group 1: nothing positive; group 2: empty
    assert rules.argmax_per_group(values, starts).tolist() == [1, -1, -1, 5]


def test_array_helpers():
    assert expand_ranges(np.array([5, 0, 2]), np.array([2, 0, 3])).tolist() == [5, 6, 2, 3, 4]
    assert expand_ranges(np.array([1]), np.array([0])).tolist() == []
