import numpy as np
import pytest

from microgov_sim import MicroGovModel
from microgov_sim.validation.classics import MECHANISMS_OFF, granovetter_riot


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
