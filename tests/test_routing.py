"""Routing from decisions (#15 point 2): residents choose a channel, officers triage.

The multinomial logit on known utilities, the officers' triage rule on hand-made queues, and
the mechanism the issue asks for: with officers in support mode, more administration means
more self-governance (the "chain" region), not less.
"""

import numpy as np
import pytest

from microgov_sim import MicroGovModel
from microgov_sim.model import rules
from microgov_sim.model.initialisation import initial_state
from microgov_sim.model.issues import Status
from microgov_sim.model.params import validate_params
from microgov_sim.model.submodels import arrival, raising


def test_logit_choice_matches_its_probabilities():
    utility = np.tile([0.0, np.log(2.0), np.log(7.0)], (100_000, 1))  # 1 : 2 : 7
    chosen = rules.logit_choice(utility, np.random.default_rng(0).random(100_000))
    shares = np.bincount(chosen, minlength=3) / 100_000
    assert shares == pytest.approx([0.1, 0.2, 0.7], abs=0.005)


def test_logit_choice_is_shift_invariant_and_one_draw_per_chooser():
    u = np.array([0.05, 0.5, 0.95])
    utility = np.array([[1.0, 2.0, 3.0]] * 3)
    assert np.array_equal(rules.logit_choice(utility, u), rules.logit_choice(utility + 500, u))
    assert rules.logit_choice(utility, u).tolist() == [0, 2, 2]  # cumulative 0.09, 0.33, 1


def state_with_detected_issues(**params):
    p = validate_params({"n_households": 400, "admin_penetration": 1.0, **params})
    s = initial_state(p, np.random.default_rng(1))
    ids = np.array([arrival.inject_issue(s, p, 1, "doorway", 0, on_agenda=False)])
    return s, p, ids


def test_officers_in_support_mode_never_take_over():
    s, p, ids = state_with_detected_issues(admin_support_share=1.0)
    assert raising.officer_takeover_chance(s, p, ids).tolist() == [0.0]


def test_officers_take_over_standardised_affairs_while_their_queue_allows():
    s, p, ids = state_with_detected_issues(admin_support_share=0.0, officer_queue_weeks=2.0)
    s.issues.cols["standardisation"][ids] = 0.8
    assert raising.officer_takeover_chance(s, p, ids)[0] == pytest.approx(0.8)
    # fill the officer's queue with two weeks of their capacity: they refer instead
    allowed = int(np.ceil(p.officer_capacity * p.officer_queue_weeks))
    queued = [arrival.inject_issue(s, p, 1, "doorway", 0, on_agenda=False) for _ in range(allowed)]
    s.issues.cols["status"][queued] = Status.ADMIN
    assert raising.officer_takeover_chance(s, p, ids)[0] == 0.0


def routes(**params) -> dict[str, float]:
    model = MicroGovModel(rng=4, n_households=800, **params)
    model.run_for(80)
    frame = model.issues_frame()
    raised = frame[frame["route"] != "none"]
    return raised["route"].value_counts(normalize=True).to_dict()


def test_every_raised_issue_has_a_route_and_residents_use_every_channel():
    shares = routes(admin_penetration=0.5)
    assert set(shares) >= {"self", "committee", "government"}
    assert sum(shares.values()) == pytest.approx(1.0)


def to_self(shares: dict[str, float]) -> float:
    """Share of raised issues that went to the residents' own agenda."""
    return shares.get("self", 0.0) + shares.get("officer_referred", 0.0)


def test_with_officers_in_support_mode_penetration_raises_self_governance():
    low = routes(admin_penetration=0.1, admin_support_share=1.0)
    high = routes(admin_penetration=0.9, admin_support_share=1.0)
    assert to_self(high) > to_self(low)
    # ... and with officers who take affairs over, it lowers it
    low = routes(admin_penetration=0.1, admin_support_share=0.0)
    high = routes(admin_penetration=0.9, admin_support_share=0.0)
    assert to_self(high) < to_self(low)
