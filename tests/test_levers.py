"""The administrative levers unbundled (#15 point 1), with admin_penetration as their preset."""

import pytest

from microgov_sim import MicroGovModel
from microgov_sim.model.params import FOLLOWED, followers, validate_params

LEVERS = ("grid_coverage", "officer_takeover", "committee_delegation", "elite_recruitment")


def test_admin_penetration_is_a_preset_of_four_levers():
    assert followers(FOLLOWED) == LEVERS
    p = validate_params({"admin_penetration": 0.8})
    assert [getattr(p, name) for name in LEVERS] == [0.8] * 4


def test_a_lever_set_itself_leaves_the_preset():
    p = validate_params({"admin_penetration": 0.8, "grid_coverage": 0.2})
    assert p.grid_coverage == 0.2
    assert p.officer_takeover == 0.8


def test_each_lever_acts_on_its_own_part_of_administration():
    model = MicroGovModel(rng=1, n_households=1200, admin_penetration=0.1, grid_coverage=1.0)
    assert model.state.admin.n_officers == model.neighbourhood.n_grids  # coverage 1
    model.step()
    # delegation: 6 + 10 x 0.1 of the 16 duties (ODD 7.9a)
    assert model.state.admin.committee_admin_share == pytest.approx(0.7 * (6 + 10 * 0.1) / 16)


def test_a_timeline_moves_the_levers_that_follow_the_preset_only():
    timeline = {3: {"admin_penetration": 0.9}, 5: {"committee_delegation": 0.0}}
    model = MicroGovModel(
        rng=1, n_households=600, admin_penetration=0.1, grid_coverage=0.5, policy_timeline=timeline
    )
    model.run_for(3)
    assert model.p.officer_takeover == 0.9
    assert model.p.committee_delegation == 0.9
    assert model.p.grid_coverage == 0.5  # set itself: stays
    model.run_for(3)
    assert model.p.committee_delegation == 0.0
    model.policy_timeline[7] = {"admin_penetration": 0.2}
    model.step()
    assert model.p.committee_delegation == 0.0  # once set, it follows the preset no more
    assert model.p.elite_recruitment == 0.2


def test_a_bad_lever_is_named():
    with pytest.raises(ValueError, match=r"^officer_takeover = 1.5: must be a number in \[0, 1\]"):
        MicroGovModel(rng=1, n_households=100, officer_takeover=1.5)
