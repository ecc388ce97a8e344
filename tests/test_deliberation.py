"""Who deliberates an issue, how many issues a body takes up, the quorum, feedback (#15).

Each rule on small hand-made cases: units that re-scale with the issue, the largest
self-governing body, agenda capacity from size and organisation, a quorum of the affected,
and feedback from meetings that fail or miss their quorum.
"""

import numpy as np
import pytest

from microgov_sim import MicroGovModel
from microgov_sim.model import rules
from microgov_sim.model.initialisation import initial_state
from microgov_sim.model.issues import Status
from microgov_sim.model.params import UNIT_SCALES, validate_params
from microgov_sim.model.structure import BUILDING, COMPOUND, DOORWAY
from microgov_sim.model.submodels import arrival, deliberation, mobility


def small_state(**params):
    p = validate_params({"n_households": 400, **params})
    rng = np.random.default_rng(3)
    return initial_state(p, rng), p


def test_the_smallest_common_unit_holds_all_affected_households():
    # 3 levels, 8 households: doorways of 2, buildings of 4, one compound
    unit_of = np.array([[0, 0, 1, 1, 2, 2, 3, 3], [0, 0, 0, 0, 1, 1, 1, 1], [0] * 8])
    households = np.array([0, 1, 2, 3, 4, 0, 7])
    owner = np.array([0, 0, 1, 2, 2, 3, 3])  # {0, 1}, {2}, {3, 4}, {0, 7}
    common = arrival.smallest_common_level(unit_of, households, owner, 4)
    assert common.tolist() == [0, 0, 2, 2]


def test_an_issue_is_deliberated_where_its_affected_households_are():
    s, p = small_state(unit_scale="doorway")
    nb = s.neighbourhood
    lo = int(nb.starts[BUILDING][0])
    one_doorway = np.arange(lo, lo + 3)  # affected households of a building issue
    issue = arrival.inject_issue(s, p, 1, "building", 0, households=one_doorway)
    assert s.issues.acting_level[issue] == DOORWAY
    assert s.issues.acting_unit[issue] == nb.unit_of[DOORWAY, lo]
    # without doorway bodies, the building's body takes it up
    s, p = small_state(unit_scale="building")
    issue = arrival.inject_issue(s, p, 1, "building", 0, households=one_doorway)
    assert s.issues.acting_level[issue] == BUILDING


def test_issues_beyond_the_largest_self_governing_body_go_to_government():
    model = MicroGovModel(rng=2, n_households=600, self_governance_top="building")
    model.run_for(30)
    frame = model.issues_frame()
    beyond = frame["acting_level"] > UNIT_SCALES.index("building")
    assert beyond.any()
    assert not (frame.loc[beyond, "channel"] == "escalated").any()
    assert frame.loc[beyond, "participants"].eq(0).all()  # never held a meeting
    assert not (frame.loc[beyond, "status"] == "agenda").any()
    # resolved by self-governance only as the committee's mediation of a dispute (ODD 7.9a)
    settled = frame[beyond & (frame["status"] == "resolved_self")]
    assert (settled["committee_stage"] == "mediated").all()
    assert (settled["kind"] == "neighbour_dispute").all()


def test_a_larger_better_organised_body_takes_up_more_issues():
    # every unit convenes itself (no committee, ODD 7.9a): the body's own capacity alone
    s, p = small_state(unit_scale="doorway", agenda_capacity=1.0, committee_body_threshold=0.0)
    nb = s.neighbourhood
    issues = [arrival.inject_issue(s, p, 1, "compound", 0) for _ in range(3)]
    issues += [arrival.inject_issue(s, p, 1, "doorway", 0) for _ in range(3)]
    ranked = np.array(issues)
    s.units.org_strength[:] = 0.0
    assert deliberation.agenda_capacity(s, p, ranked).tolist() == [1] * 6
    s.units.org_strength[:] = 1.0
    capacity = deliberation.agenda_capacity(s, p, ranked)
    for issue, level in ((0, COMPOUND), (3, DOORWAY)):
        worth = nb.flat_sizes[nb.flat_index(level, 0)] / p.households_per_doorway
        assert capacity[issue] == 1 + int(worth)  # one item per doorway's worth, organised
    assert capacity[0] > 10


def test_a_body_can_deliberate_several_issues_in_one_week():
    s, p = small_state(unit_scale="compound", agenda_capacity=1.0, quorum_share=0.0)
    s.units.org_strength[:] = 1.0
    for _ in range(4):
        arrival.inject_issue(s, p, 1, "compound", 0)
    deliberation.deliberate_and_act(s, p, np.random.default_rng(0), 2)  # prepared in week 1
    attempted = (s.issues.participants > 0) | (s.issues.attempts > 0)
    attempted |= s.issues.status == Status.RESOLVED_SELF
    assert attempted.sum() == 4


@pytest.mark.parametrize("weeks", [0, 1, 3])
def test_an_issue_is_deliberated_only_once_its_agenda_is_prepared(weeks):
    s, p = small_state(
        agenda_preparation_weeks=weeks, quorum_share=0.0, committee_body_threshold=0.0
    )
    issue = arrival.inject_issue(s, p, 5, "building", 0)
    met = []
    for week in range(5, 10):
        deliberation.deliberate_and_act(s, p, np.random.default_rng(week), week)
        met.append(int(s.issues.n_meetings[issue]) > 0)
    assert met.index(True) == weeks  # first taken up in week 5 + weeks


def test_the_quorum_counts_the_affected_not_the_unit():
    held, _ = rules.action_succeeds(
        participants=np.array([3, 3]),
        effort=np.array([9.0, 9.0]),
        n_affected=np.array([10, 40]),
        required_effort=np.array([1.0, 1.0]),
        quorum_share=0.2,
    )
    assert held.tolist() == [True, False]  # 3 of 10 affected is a quorum; 3 of 40 is not


def test_a_meeting_that_misses_its_quorum_lowers_efficacy_and_trust_of_those_who_came():
    s, p = small_state(learning_rate=0.1)
    hh = s.households
    part, part_group = np.array([5, 6, 7]), np.array([0, 0, 1])
    success, held = np.array([False, True]), np.array([False, True])
    before_e, before_t = hh.efficacy.copy(), hh.trust.copy()
    deliberation.evaluate(s, p, part, part_group, success, held, np.array([], dtype=np.int64))
    assert (hh.efficacy[[5, 6]] < before_e[[5, 6]]).all()
    assert (hh.trust[[5, 6]] < before_t[[5, 6]]).all()
    assert hh.efficacy[7] > before_e[7]
    untouched = np.setdiff1d(np.arange(s.n), part)
    assert np.array_equal(hh.efficacy[untouched], before_e[untouched])


def clique_cascade(n: int, seeds: int, threshold: float) -> int:
    """Joiners in a fully mixed meeting of ``n`` with ``seeds`` self-starters."""
    drive = np.where(np.arange(n) < seeds, 1.0, 0.0)
    thresholds = np.full(n, threshold)
    thresholds[:seeds] = 0.5
    active, _ = rules.threshold_cascade(drive, thresholds, shares=True)
    return int(active.sum())


def test_a_share_threshold_means_the_same_in_a_small_and_a_large_meeting():
    # a fifth of the meeting starting moves everyone with threshold 0.2, in any size ...
    assert clique_cascade(10, 2, 0.2) == 10
    assert clique_cascade(500, 100, 0.2) == 500
    # ... and nobody with threshold 0.25
    assert clique_cascade(10, 2, 0.25) == 2
    assert clique_cascade(500, 100, 0.25) == 100


def test_members_without_ties_in_the_meeting_act_on_their_drive_alone():
    group = np.array([0, 0, 1])  # member 2 is alone in its meeting
    active, _ = rules.threshold_cascade(
        np.array([1.0, 0.0, 0.0]), np.array([0.5, 0.9, 0.0]), group, shares=True
    )
    assert active.tolist() == [True, True, True]  # 2 joins with threshold 0 on drive 0


def test_thresholds_are_shares_with_the_given_mean_and_sd():
    rng = np.random.default_rng(0)
    draws = mobility.draw_thresholds(0.3, 0.1, 200_000, rng)
    assert draws.min() >= 0.0
    assert draws.max() <= 1.0
    assert abs(draws.mean() - 0.3) < 0.002
    assert abs(draws.std() - 0.1) < 0.002
    capped = mobility.draw_thresholds(0.5, 0.9, 10_000, rng)  # sd beyond what [0, 1] allows
    assert capped.std() <= 0.5
    assert mobility.draw_thresholds(0.4, 0.0, 3, rng).tolist() == [0.4] * 3


def test_an_elite_reaches_its_acquaintances_not_its_whole_unit():
    s, _ = small_state()
    el, adjacency = s.elites, s.network.adjacency
    el.home[:] = -1  # every position vacant but one
    home = 17
    el.home[0] = home
    reach = deliberation.elite_reach(s)
    contacts = adjacency.indices[adjacency.indptr[home] : adjacency.indptr[home + 1]]
    assert reach[contacts] == pytest.approx(1.0)
    assert np.delete(reach, contacts).sum() == 0.0  # not even the elite's own household
    el.absorbed[0] = True
    assert deliberation.elite_reach(s)[contacts] == pytest.approx(1 - el.absorbed_admin_share)


def test_being_asked_by_several_recruiters_counts_once():
    base = dict(elite_initiative=0.0, party_embedding=1.0, mobilisation_weight=2.0)
    s, p = small_state(**base, party_reach=1.0, org_mobilisation=1.0, officer_mobilisation=1.0)
    s.units.org_strength[:] = 1.0
    who = np.arange(s.n)
    assert deliberation.mobilisation(s, p, who) == pytest.approx(2.0)  # asked for sure, once
    s, p = small_state(**base, party_reach=0.5, party_mobilisation=0.0, elite_mobilisation=0.0)
    s.units.org_strength[:] = 0.0
    s.admin.grid_coverage[:] = 0.0
    assert deliberation.mobilisation(s, p, who) == pytest.approx(1.0)  # a chance of 1/2


@pytest.mark.parametrize("weight", [1.0, 0.3])
def test_with_influence_weight_below_one_high_thresholds_stay_out(weight):
    # a fully mixed crowd of 10, two who act on their own drive
    drive = np.array([1.0, 1.0] + [0.0] * 8)
    threshold = np.array([0.5, 0.5, 0.1, 0.2, 0.2, 0.25, 0.4, 0.6, 0.8, 0.95])
    active, _ = rules.threshold_cascade(drive, threshold, shares=True, weight=weight)
    if weight == 1.0:
        assert active.all()  # everyone joins once all the others have
    else:
        # 0.3 x the share of the others acting: 2/9 of them reaches nobody below 0.0667;
        # the threshold 0.1 needs a share of 1/3 -- never reached, so only the two act
        assert active.tolist() == [True, True] + [False] * 8
