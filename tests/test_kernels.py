"""The compiled kernels called directly, each with a small case worked out by hand.

The submodels' and rules' own tests reach the kernels through the model; these pin each
kernel's contract alone (ODD §7 names the rule each one carries).
"""

import math

import numpy as np
import pytest

from microgov_sim.model import kernels

I64 = np.int64


def ints(*values):
    return np.array(values, dtype=I64)


# ---- meetings --------------------------------------------------------------------------
def test_assign_meetings_stake_first_then_the_smallest_units_first_meeting():
    # households 0..5; unit 0 (level 1) holds 0..5, unit 1 (level 0) holds 0..2
    flat_starts, flat_sizes = ints(0, 0), ints(6, 3)
    # meeting 0: unit 0, affects 4 (stake 0.5); meeting 1: unit 1, affects 4 (0.5) and 1 (0.9)
    focal, best = kernels.assign_meetings(
        6,
        ints(1, 0),
        ints(0, 1),
        flat_starts,
        flat_sizes,
        ints(0, 1),
        ints(1, 3),
        ints(4, 4, 1),
        np.array([0.5, 0.5, 0.9]),
    )
    # 4: equal stakes, the earlier (more pressing) meeting; 1: its stake; 0, 2: the smaller
    # unit's first meeting; 3, 5: the larger unit's
    assert focal.tolist() == [1, 1, 1, 0, 0, 0]
    assert best.tolist() == [0.0, 0.9, 0.0, 0.0, 0.5, 0.0]


def test_record_meetings_counts_each_affected_participant_once():
    acted = np.zeros(4, dtype=bool)
    acted[3] = True  # household 7 took part on issue 1 before
    position = np.full(9, -1)  # scratch, handed back as it was
    # issue rows: issue 0 -> households 5, 6; issue 1 -> 6, 7
    added = kernels.record_meetings(
        ints(0, 2), ints(2, 4), ints(5, 6, 6, 7), acted, ints(5, 6, 7), ints(0, 1, 1), position
    )
    assert added.tolist() == [1, 1]  # 5 on issue 0; 6 on issue 1 (7 already had)
    assert acted.tolist() == [True, False, True, True]
    assert (position == -1).all()


def test_co_participant_ties_lists_each_tie_inside_a_meeting_once():
    # a path 0-1-2-3, ties 0, 1, 2
    indptr, indices = ints(0, 1, 3, 5, 6), ints(1, 0, 2, 1, 3, 2)
    entry_edge = ints(0, 0, 1, 1, 2, 2)
    meeting_of = ints(0, 0, 1, 1)
    edges, meeting = kernels.co_participant_ties(
        indptr, indices, entry_edge, ints(0, 1, 2, 3), meeting_of
    )
    assert edges.tolist() == [0, 2]  # 1-2 joins two meetings
    assert meeting.tolist() == [0, 1]


def test_meeting_feedback_and_gains_toward_one():
    efficacy, trust = np.array([0.5, 0.5]), np.array([0.5, 0.5])
    dependency, capacity = np.array([0.4, 0.4]), np.array([0.0, 0.0])
    kernels.meeting_feedback(
        ints(0, 1),
        ints(0, 1),
        np.array([True, False]),
        efficacy,
        trust,
        dependency,
        capacity,
        0.1,
        0.5,
    )
    assert efficacy.tolist() == pytest.approx([0.55, 0.45])
    assert trust.tolist() == pytest.approx([0.55, 0.45])
    assert dependency.tolist() == pytest.approx([0.36, 0.4])
    assert capacity.tolist() == [0.5, 0.5]
    belonging = np.zeros(3)
    kernels.toward_one_once(belonging, ints(2, 2, 0), 0.5)  # a repeat counts once
    assert belonging.tolist() == [0.5, 0.0, 0.5]


def test_unit_mean_over_each_units_households():
    values = np.array([1.0, 2.0, 3.0, 4.0])
    got = kernels.unit_mean(values, ints(0, 1, 4), ints(1, 3, 0), ints(1, 0, 2))
    assert got.tolist() == [3.0, 1.0, 0.0]  # an empty unit's mean is 0


# ---- ties --------------------------------------------------------------------------------
def test_tie_update_grows_erodes_sets_and_keeps_the_node_sums():
    src, dst = ints(0, 1), ints(1, 2)
    baseline, stored = np.array([0.2, 0.2]), np.array([0.2, 0.6])
    stamp, decay = ints(0, 0), np.array([1.0, 0.5])
    node_sum = np.array([0.2, 0.8, 0.6])

    def update(edges, rate, change, values=None):  # at clock 1
        values = np.zeros(0) if values is None else values
        ties = (baseline, stored, stamp, decay, 1, src, dst, node_sum)
        return kernels.tie_update(edges, rate, change, values, *ties)

    # at clock 1, tie 1 has drifted half-way to its baseline: 0.4
    delta = update(ints(1), 0.5, kernels.GROW)
    assert delta.tolist() == pytest.approx([0.3])  # 0.4 -> 0.7
    assert stored[1] == pytest.approx(0.7)
    assert stamp[1] == 1
    assert node_sum.tolist() == pytest.approx([0.2, 1.1, 0.9])
    update(ints(0), 0.5, kernels.ERODE)
    assert stored[0] == pytest.approx(0.1)
    update(ints(0, 1), 0.0, kernels.SET, np.array([0.0, 0.25]))
    assert stored.tolist() == [0.0, 0.25]


def test_incident_edges_are_distinct_and_sorted():
    indptr, entry_edge = ints(0, 1, 3, 5, 6), ints(0, 0, 1, 1, 2, 2)
    assert kernels.incident_edges(indptr, entry_edge, ints(2, 1)).tolist() == [0, 1, 2]


# ---- issues ------------------------------------------------------------------------------
def test_smallest_common_level_and_the_new_issues_columns():
    # 4 households; level 0 units {0, 1}, {2, 3}; level 1: one unit
    unit_of = np.array([[0, 0, 1, 1], [0, 0, 0, 0]], dtype=I64)
    households, owner = ints(0, 1, 1, 2), ints(0, 0, 1, 1)
    assert kernels.smallest_common_level(unit_of, households, owner, 2).tolist() == [0, 1]
    level, unit, size, centre, grid, n_affected = kernels.new_issue_columns(
        unit_of,
        households,
        owner,
        2,
        ints(0, 0),
        ints(2, 4),
        0,
        ints(0, 2),
        ints(2, 2, 4),
        ints(7, 7, 8, 8),
    )
    assert level.tolist() == [0, 1]
    assert unit.tolist() == [0, 0]
    assert size.tolist() == [2, 4]
    assert centre.tolist() == [1, 2]
    assert grid.tolist() == [7, 8]
    assert n_affected.tolist() == [2, 2]


def test_affected_members_take_the_share_and_always_one():
    households, owner = kernels.affected_members(
        ints(10, 20),
        ints(3, 2),
        np.array([0.5, 0.0]),
        np.array([0.1, 0.9, 0.4, 0.9, 0.9]),
        np.array([0.5, 0.99]),
    )
    # issue 0: members 10 (0.1 < 0.5), 12 (0.4), and 11 forced (floor(0.5 x 3) = 1); issue 1: 21
    assert households.tolist() == [10, 11, 12, 21]
    assert owner.tolist() == [0, 0, 0, 1]


def test_logit_choice_inverts_the_cumulative_weights():
    utility = np.log(np.array([[1.0, 1.0, 2.0], [1.0, 1.0, 2.0]]))
    assert kernels.logit_choice(utility, np.array([0.2, 0.6])).tolist() == [0, 2]


def test_route_new_issues_first_channel_triage_and_the_top_level():
    codes = ints(-1, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 5, 1, 2)
    chances = np.zeros((5, 4))
    chances[0, 0] = 1.0  # issue 0: a grid officer detects it
    chances[1, 1] = 1.0  # issue 1: an elite raises it, reported from grid work
    chances[4, 2] = 1.0  # issue 2: the committee
    u = np.full((7, 4), 0.5)
    u[1, 1] = 0.1  # below chance x reported share 0.5
    u[6, 0] = 0.1  # the officer takes it over
    utility = np.log(np.array([[1.0, 1e-9, 1e-9]] * 4))  # residents organise themselves
    channel, route, status = kernels.route_new_issues(
        chances,
        np.array([0.0, 0.5, 0.0, 0.0]),
        utility,
        np.array([0.5, 0, 0, 0]),
        u,
        ints(0, 0, 3, 0),
        2,
        codes,
    )
    assert channel.tolist() == [0, 1, 4, -1]
    assert route[:3].tolist() == [3, 5, 1]  # handled; administrativised; above the top level
    assert status.tolist() == [2, 2, 2, -1]  # all to administration; issue 3 not raised


def test_raising_sums_and_voices_over_affected_households():
    party, online = np.array([True, False]), np.array([True, False])
    willingness, trust, dependency = np.array([0.5, 1.0]), np.array([0.2, 0.4]), np.ones(2)
    sums = kernels.raising_sums(
        ints(0),
        ints(2),
        ints(0, 1),
        party,
        willingness,
        trust,
        dependency,
        np.zeros(2),
        online,
        0.5,
        1.0,
        0.5,
        1.0,
        (1.0, 2.0, 0.0, 0.0, 0.5),
    )
    assert sums[0, 0] == pytest.approx(math.log(0.5))  # the party member passes it on
    assert sums[1, 0] == pytest.approx(math.log(0.75) + math.log(0.5))
    assert sums[2:, 0].tolist() == pytest.approx([1.5, 2.0 * 0.5 + 2.0, 0.6, 2.0])
    voiced = np.full(2, -1, dtype=I64)
    rows = (ints(0), ints(0), ints(2), ints(0, 1), online)
    assert kernels.online_affected(*rows) == 1
    voices = kernels.voice(*rows, willingness, 1.0, np.array([0.4]), 9, voiced)
    assert voices.tolist() == [1]
    assert voiced.tolist() == [9, -1]


# ---- drive -------------------------------------------------------------------------------
def test_elites_asked_and_recruitment():
    indptr, indices = ints(0, 1, 3, 4), ints(1, 0, 2, 1)  # a path 0-1-2
    total = kernels.elite_contact_sum(3, indptr, indices, ints(1, -1), np.array([0.5, 9.0]))
    assert total.tolist() == [0.5, 0.0, 0.5]  # a vacant slot reaches nobody
    asked = kernels.asked_by_elites_of(np.log(np.array([0.5, 1.0])), False, 1.0)
    assert asked.tolist() == pytest.approx([0.5, 0.0])
    assert kernels.asked_by_elites_of(np.array([3.0]), True, 0.5).tolist() == [1.0]
    m = kernels.mobilisation(
        ints(0, 1),
        np.log(np.array([0.5, 1.0, 1.0])),
        False,
        1.0,
        ints(0, 0, 0),
        np.array([0.0]),
        np.zeros(3, dtype=bool),
        ints(0, 0, 0),
        np.array([0.0]),
        ints(1),
        np.array([0.25]),
        2.0,
        0.0,
        0.0,
        0.0,
        0.0,
        0.0,
        1.0,
        position := np.full(3, -1),
    )
    assert m.tolist() == pytest.approx([1.0, 0.25])  # asked with 1/2; the elite's own initiative
    assert (position == -1).all()  # the scratch handed back


def test_meeting_drive_and_online_news():
    drive = kernels.meeting_drive(
        ints(0, 1),
        ints(0, 0),
        np.array([1.0, 0.0]),
        np.array([0.5]),
        np.array([1.0]),
        np.array([1.0, 0.5]),
        np.array([0.0, 1.0]),
        np.zeros(2),
        np.zeros(2),
        np.zeros(2),
        (1.0, 0.1, 0.0, 0.0, 0.0),
        2.0,
        1.0,
    )
    # 1 x 0.5 x (2 x 1) - 0.1 and 0.5 x (1 x 1 x 1) - 0.1
    assert drive.tolist() == pytest.approx([0.9, 0.4])
    # compound 0 = buildings 0 {0, 1} and 1 {2, 3}; online 0, 2, 3; active 2
    online, active = np.array([1, 0, 1, 1], dtype=bool), np.array([0, 0, 1, 0], dtype=bool)
    share = kernels.elsewhere_share(active, online, ints(0, 0, 1, 1), ints(0, 0, 0, 0))
    assert share.tolist() == [0.5, 0.5, 0.0, 0.0]
    last_active = ints(0, 2, 5, 4)  # active since week 5: household 2
    news = kernels.online_news(
        ints(0, 1), last_active, 5, online, np.ones(4), ints(0, 0, 1, 1), ints(0, 0, 0, 0), 2.0
    )
    assert news.tolist() == [1.0, 0.0]  # 1 is offline


# ---- households and contact ----------------------------------------------------------------
def test_attitudes_drift_and_burden():
    w, online = np.zeros(2), np.zeros(2, dtype=bool)
    kernels.attitudes(
        w,
        online,
        np.ones(2),
        np.ones(2),
        np.ones(2),
        np.ones(2),
        np.array([0.0, 1.0]),
        np.array([0.1, 0.9]),
        0.5,
        (0.35, 0.2, 0.15, 0.15, 0.15),
    )
    assert w.tolist() == pytest.approx([1.0, 0.85])
    assert online.tolist() == [True, False]
    trust, belonging = np.zeros(1), np.zeros(1)
    motivation, dependency, capacity = np.zeros(1), np.ones(1), np.zeros(1)
    kernels.household_drift(
        trust,
        np.array([4.0]),
        2.0,
        0.5,
        belonging,
        np.array([10.0]),
        10.0,
        1.0,
        np.array([0.5]),
        1.0,
        motivation,
        np.ones(1),
        0.5,
        dependency,
        np.zeros(1),
        0.5,
        capacity,
        np.ones(1),
        0.25,
    )
    assert trust.tolist() == [0.5]  # toward min(4 / 2, 1)
    assert belonging.tolist() == [0.25]  # toward 1/2 at once, then half of it lost to burden
    assert (motivation[0], dependency[0], capacity[0]) == (0.5, 0.5, 0.25)
    per_household, per_building = kernels.burden(
        ints(1),
        ints(0, 2),
        ints(2, 4),
        ints(0, 1, 1, 2),
        np.array([9.0, 9.0, 0.5, 0.25]),
        ints(0, 0, 1),
        2,
    )
    assert per_household.tolist() == [0.0, 0.5, 0.25]  # issue 0 is closed
    assert per_building.tolist() == [0.5, 0.25]


def test_administrative_contact_and_requests():
    motivation, dependency = np.full(2, 0.5), np.zeros(2)
    kernels.administrative_contact(
        motivation,
        dependency,
        ints(0, 1),
        np.array([1.0, 0.0]),
        ints(1, 1),
        0.5,
        0.0,
        1.0,
        1.0,
        0.1,
    )
    # exposure 0.5 (patrol) and 2 (two disposals): crowding by min(exposure, 1)
    assert motivation.tolist() == pytest.approx([0.25, 0.0])
    assert dependency.tolist() == pytest.approx([0.05, 0.2])
    chance = kernels.request_chances(
        1.0, np.ones(3), ints(0, 0, 1), np.array([1.0, 0.0]), 1.0, 0.0, ints(1)
    )
    assert chance.tolist() == pytest.approx([1 - math.exp(-1), 0.0, 0.0])
    assert kernels.drawn(np.array([0.5, 0.1, 0.9]), np.array([0.6, 0.1, 1.0])).tolist() == [0, 2]


def test_edge_keys_and_first_of_pairs():
    # edges 2-1 (kind 3), a loop 4-4, 1-2 again (kind 1, closer), 0-3 (kind 2); n = 5
    key = kernels.edge_keys(ints(2, 4, 1, 0), ints(1, 4, 2, 3), ints(3, 0, 1, 2), 5, 8)
    assert key.tolist() == [(1 * 5 + 2) * 8 + 3, (1 * 5 + 2) * 8 + 1, (0 * 5 + 3) * 8 + 2]
    src, dst, kind = kernels.first_of_pairs(np.sort(key), 5, 8)
    assert (src.tolist(), dst.tolist(), kind.tolist()) == ([0, 1], [3, 2], [2, 1])
    assert kind.dtype == np.int8


# ---- the elites' effort and the branches' incubation (numpy oracles: the code before #17) ---
def building_effort_oracle(activity, at_building, unit, courtyard_of, shared):
    n_b = len(courtyard_of)
    n_c = int(courtyard_of.max()) + 1 if n_b else 0
    per_building = np.bincount(unit[at_building], weights=activity[at_building], minlength=n_b)
    leaders = ~at_building
    court = np.bincount(unit[leaders], weights=activity[leaders], minlength=n_c)
    if shared:
        court = court / np.maximum(np.bincount(courtyard_of, minlength=n_c), 1)
    return per_building + court[courtyard_of]


def argmax_per_group_oracle(values, starts):
    n_groups = len(starts) - 1
    sizes = np.diff(starts)
    out = np.full(n_groups, -1, dtype=np.int64)
    nonempty = np.flatnonzero(sizes > 0)
    if len(nonempty) == 0:
        return out
    best_of = np.full(n_groups, -np.inf)
    best_of[nonempty] = np.maximum.reduceat(values, starts[nonempty])
    group_of = np.repeat(np.arange(n_groups), sizes)
    hit = np.flatnonzero((values == best_of[group_of]) & (values > 0))
    groups = group_of[hit]
    first = np.ones(len(hit), dtype=bool)
    first[1:] = groups[1:] != groups[:-1]
    out[groups[first]] = hit[first]
    return out


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("shared", [False, True])
def test_building_effort_is_the_bincount_rule_bit_for_bit(seed, shared):
    rng = np.random.default_rng(seed)
    n_b, n_c, k = 40, 7, 90
    courtyard_of = np.sort(rng.integers(0, n_c, n_b))
    at_building = rng.random(k) < 0.7
    unit = np.where(at_building, rng.integers(0, n_b, k), rng.integers(0, n_c, k))
    activity = rng.random(k) * rng.choice([1.0, 1e-4, 1e4], k)
    got = kernels.building_effort(activity, at_building, unit, courtyard_of, shared)
    want = building_effort_oracle(activity, at_building, unit, courtyard_of, shared)
    assert got.tobytes() == want.tobytes()


def test_elite_efforts_small_case():
    # slots: a head of building 0 (absorbed), an elder of building 1, a vacant slot, and a
    # group leader of courtyard 0 (buildings 0 and 1), not absorbed
    home, absorbed = ints(5, 6, -1, 7), np.array([True, False, True, False])
    level, unit = ints(0, 0, 0, 1), ints(0, 1, 1, 0)
    effort, reporting = kernels.elite_efforts(
        home, absorbed, 0.5, level, 0, unit, ints(0, 0), True, 0.8
    )
    # activity 1 - 0.5 = 0.5 and 1; the leader's 1 spread over two buildings
    assert effort.tolist() == pytest.approx([0.5 + 0.5, 1.0 + 0.5])
    assert reporting.tolist() == pytest.approx([0.8 * 0.5, 0.0])
    effort, _ = kernels.elite_efforts(home, absorbed, 0.5, level, 0, unit, ints(0, 0), False, 0.8)
    assert effort.tolist() == pytest.approx([1.5, 2.0])  # unshared: in full in each building


@pytest.mark.parametrize("seed", range(4))
def test_not_with_committee_is_the_numpy_rule_it_replaces(seed):
    rng = np.random.default_rng(seed)
    route, stage = rng.integers(0, 4, 300), rng.integers(0, 4, 300)
    queue = np.sort(rng.choice(300, 120, replace=False))
    waiting = (route[queue] == 2) & (stage[queue] < 3)  # committee.in_queue before
    kept = kernels.not_with_committee(queue, route, stage, 2, 3)
    assert kept.tolist() == queue[~waiting].tolist()
    assert 0 < len(kept) < len(queue)


@pytest.mark.parametrize("seed", range(4))
def test_slot_activities_are_the_numpy_rule_they_replace(seed):
    rng = np.random.default_rng(seed)
    home = rng.integers(-1, 50, 200)  # about one slot in fifty vacant
    absorbed, share = rng.random(200) < 0.4, rng.random()
    oracle = np.where(home >= 0, 1.0 - absorbed * share, 0.0)  # Elites.activity before
    assert kernels.slot_activities(home, absorbed, share).tolist() == oracle.tolist()
    grid = [kernels.slot_grid_share(h, a, share) for h, a in zip(home, absorbed, strict=True)]
    assert grid == np.where(home >= 0, absorbed * share, 0.0).tolist()


@pytest.mark.parametrize("seed", range(8))
def test_argmax_per_group_is_the_reduceat_rule(seed):
    rng = np.random.default_rng(seed)
    sizes = rng.integers(0, 5, 12)  # empty groups included
    starts = np.concatenate(([0], np.cumsum(sizes))).astype(np.int64)
    values = rng.choice([-1.0, 0.0, 0.5, 1.0, 2.0], int(starts[-1]))  # ties and non-positives
    got = kernels.argmax_per_group(values, starts)
    assert got.tolist() == argmax_per_group_oracle(values, starts).tolist()


def test_incubate_strengthens_each_branchs_neediest_building():
    burden = np.array([1.0, 2.0, 2.0, 0.0, 3.0])
    strength = np.array([0.0, 0.5, 0.0, 0.0, 0.95])
    incubations = np.zeros(3, dtype=np.int64)
    # branch 0: buildings 0-2 (needs 1, 1, 2), branch 1: building 3 (need 0), branch 2: 4
    kernels.incubate(burden, strength, ints(0, 3, 4, 5), 0.1, incubations)
    assert strength.tolist() == pytest.approx([0.0, 0.5, 0.1, 0.0, 1.0])  # capped at 1
    assert incubations.tolist() == [1, 0, 1]


# ---- outcomes ------------------------------------------------------------------------------
def test_window_counts():
    status, ended = ints(3, 4, 1, 5), ints(5, 9, -1, 6)
    assert kernels.issues_in_view(ints(0), 1, 4, status, ended, 3, 5).tolist() == [1, 2, 3]
    n_raised, n_admin = kernels.routed_since(
        ints(0, 1, 2), np.array([True, True, False]), ints(5, 0, 5), ints(4, 4, 4), 3, -1, 5
    )
    assert (n_raised, n_admin) == (2, 1)
    acted = kernels.acted_since(ints(0, 1), ints(1, 0), ints(7, 7), ints(2, 5), ints(4, 9), 6)
    assert acted == (2, 4)
    survival, n_self, n_closed = kernels.shared_affairs_window(
        ints(0, 1, 3),
        status,
        ended,
        ints(0, 0, 0, 0),
        np.array([True, True, True]),
        10,
        0,
        3,
        5,
    )
    assert (n_self, n_closed) == (1, 3)
    assert survival[5] == pytest.approx(2 / 3)  # one of three resolved at week 5


def km_median_oracle(survival):
    below = np.flatnonzero(survival <= 0.5)
    if len(below) == 0:
        return math.nan
    d = int(below[0])
    before = 1.0 if d == 0 else float(survival[d - 1])
    return d + (before - 0.5) / (before - float(survival[d]))


@pytest.mark.parametrize("seed", range(6))
def test_km_median_and_restricted_mean_match_the_numpy_rules(seed):
    rng = np.random.default_rng(seed)
    for n in (0, 1, 5, 300):
        survival = np.sort(rng.random(n))[::-1] * rng.choice([1.0, 0.6])
        got, want = kernels.km_median(survival), km_median_oracle(survival)
        assert (math.isnan(got) and math.isnan(want)) or got == want
        for horizon in (0, 3, 260, 400):
            mean = kernels.restricted_mean(survival, horizon)
            if n == 0:
                assert math.isnan(mean)
            else:
                head = survival[:horizon]
                assert mean == float(head.sum() + survival[-1] * (horizon - len(head)))


def test_km_median_interpolates_within_the_week():
    assert kernels.km_median(np.array([0.8, 0.4, 0.1])) == pytest.approx(1 + 0.3 / 0.4)
    assert kernels.km_median(np.array([0.5])) == 1.0  # half resolved by the end of week 0
    assert math.isnan(kernels.km_median(np.array([0.9, 0.6])))


def test_window_outcomes_is_its_parts():
    status, ended, created = ints(3, 4, 1, 5), ints(5, 9, -1, 6), ints(0, 0, 0, 0)
    ids, shared = ints(0, 1, 3), np.array([True, True, True])
    route, raised = ints(5, 0, 5, 5), ints(4, 4, 4, 4)
    n_meetings, last, acted, n_aff = (
        ints(1, 0, 1, 1),
        ints(7, 7, 7, 7),
        ints(2, 5, 1, 1),
        ints(4, 9, 2, 2),
    )
    got = kernels.window_outcomes(
        ids, shared, status, ended, created, route, raised, n_meetings, last, acted, n_aff,
        10, 0, 6, ints(3, 5, -1, 5), 260,
    )  # fmt: skip
    survival, n_self, n_closed = kernels.shared_affairs_window(
        ids, status, ended, created, shared, 10, 0, 3, 5
    )
    n_raised, n_admin = kernels.routed_since(ids, shared, route, raised, 0, -1, 5)
    n_acted, n_all = kernels.acted_since(ids, n_meetings, last, acted, n_aff, 6)
    want = (n_self, n_closed, kernels.km_median(survival), kernels.restricted_mean(survival, 260))
    assert got[:4] == want
    assert got[4:] == (n_raised, n_admin, n_acted, n_all)


# ---- numpy's summation order -------------------------------------------------------------
@pytest.mark.parametrize("n", [0, 1, 7, 8, 9, 15, 16, 127, 128, 129, 255, 256, 1000, 8193, 100_001])
def test_np_sum_and_mean_add_in_numpys_order(n):
    rng = np.random.default_rng(n)
    a = rng.random(n) * rng.choice([1.0, 1e-3, 1e5], n)  # magnitudes where rounding shows
    assert kernels.np_sum(a) == a.sum()  # bit for bit, not approximately
    if n:
        assert kernels.np_mean(a) == a.mean()
    else:
        assert np.isnan(kernels.np_mean(a))


def test_np_sum_of_negative_zeros_is_numpys_positive_zero():
    for n in (3, 8, 200):
        a = np.full(n, -0.0)
        assert math.copysign(1.0, kernels.np_sum(a)) == math.copysign(1.0, a.sum()) == 1.0


def test_a_plain_loop_would_not_match_numpy():
    """The test above can fail: summing in input order gives other bits for such arrays."""
    a = np.random.default_rng(3).random(1000) * 1e5
    plain = 0.0
    for x in a:
        plain += x
    assert plain != a.sum()
    assert kernels.np_sum(a) == a.sum()


@pytest.mark.parametrize("n", [0, 1, 2, 5, 33, 1000])
def test_lex_order_is_numpys_lexsort(n):
    rng = np.random.default_rng(n)
    keys = np.vstack(  # few distinct values, so that ties on the first keys are common
        (rng.integers(0, 4, n), -rng.integers(0, 3, n) / 2.0, rng.integers(0, 5, n))
    ).astype(np.float64)
    assert kernels.lex_order(keys).tolist() == np.lexsort(keys[::-1]).tolist()
