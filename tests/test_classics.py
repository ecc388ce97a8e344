import numpy as np
import pytest

from microgov_sim import MicroGovModel
from microgov_sim.validation.classics import (
    CENTOLA_TAKE_UP,
    CENTOLA_THRESHOLDS,
    MECHANISMS_OFF,
    centola_diffusion,
    centola_lattice,
    centola_take_up,
    granovetter_riot,
)


def test_granovetter_uniform_thresholds_all_join():
    assert granovetter_riot(np.arange(100)) == 100


def test_granovetter_one_changed_threshold_only_one_joins():
    thresholds = np.arange(100)
    thresholds[1] = 2
    assert granovetter_riot(thresholds) == 1


@pytest.mark.parametrize(("changed", "expected"), [(False, 100), (True, 1)])
def test_model_with_mechanisms_off_reduces_to_granovetter(changed, expected):
    """The full model, governance switched off, on Granovetter's 100-person crowd."""
    no_new_issues = {
        f"issue_rate_{lv}": 0.0
        for lv in ("doorway", "building", "courtyard", "compound", "community")
    } | {"request_rate": 0.0}
    model = MicroGovModel(
        rng=1,
        n_households=100,
        mobility_rate=0.0,
        admin_penetration=0.0,
        participation_window=1,  # participation_rate over this week alone
        **MECHANISMS_OFF,
        **no_new_issues,
    )
    thresholds = np.arange(100.0)
    if changed:
        thresholds[1] = 2.0
    # the model's thresholds are shares of the others in one's meeting: t of 99 others
    model.households.threshold[:] = thresholds / 99.0
    issue = model.inject_issue("community", 0, severity=0.5)
    model.step()
    assert model.issues.participants[issue] == expected
    assert model.participation_rate == expected / 100


def test_centola_take_up_curve_docks_with_the_model_rule():
    """The model's share-threshold rule, in Centola's design, gives his 1/2/3-contact curve."""
    rng = np.random.default_rng(20261203)
    mean, sd = CENTOLA_THRESHOLDS.values()
    for k, target in CENTOLA_TAKE_UP.items():
        assert abs(centola_take_up(k, mean, sd, 1500, rng) - target) < 0.05


def test_centola_networks_have_degree_six_and_differ_in_clustering():
    rng = np.random.default_rng(3)
    for clustered in (True, False):
        indptr, _ = centola_lattice(clustered, rng)
        assert len(indptr) - 1 == 128
        assert set(np.diff(indptr).tolist()) == {6}
    # Centola's seeding with thresholds of about 2 of 6: the clustered lattice reaches further
    near_two = [
        centola_diffusion(True, 0.3, 0.1, rng) - centola_diffusion(False, 0.3, 0.1, rng)
        for _ in range(30)
    ]
    assert np.mean(near_two) > 0.1
