import math

import pytest

from microgov_sim import DEFAULTS, PARAMETERS, MicroGovModel
from microgov_sim.model.params import (
    PARAMETER_SPECS,
    parameter_problems,
    validate_params,
    validate_timeline,
)

LEVERS = (
    "n_households",
    "admin_penetration",
    "micro_autonomy",
    "party_embedding",
    "unit_scale",
    "mobility_rate",
    "crowding_out",
)


def test_public_levers_exist_with_documented_defaults():
    for name in LEVERS:
        spec = PARAMETER_SPECS[name]
        assert spec.doc
        assert DEFAULTS[name] == spec.default


def test_every_default_is_valid_and_documented():
    assert parameter_problems(DEFAULTS) == []
    for spec in PARAMETERS:
        assert spec.doc.strip(), spec.name
        assert spec.allowed()


def test_model_docstring_lists_every_parameter():
    for spec in PARAMETERS:
        assert spec.name in MicroGovModel.__doc__


def test_unknown_parameter_names_it_and_suggests():
    with pytest.raises(ValueError, match="admin_penetraton") as info:
        MicroGovModel(admin_penetraton=0.5)
    assert "did you mean 'admin_penetration'" in str(info.value)


@pytest.mark.parametrize(
    ("name", "value", "allowed"),
    [
        ("admin_penetration", 1.5, "[0, 1]"),
        ("admin_penetration", -0.1, "[0, 1]"),
        ("crowding_out", 2.0, "[-1, 1]"),
        ("mobility_rate", math.nan, "[0, 0.5]"),
        ("n_households", 2.5, "an integer"),
        ("n_households", 3, "[10, 5e+06]"),
        ("unit_scale", "street", "'doorway'"),
        ("micro_autonomy", "high", "got type str"),
        ("party_embedding", True, "got type bool"),
    ],
)
def test_bad_values_name_parameter_value_and_allowed(name, value, allowed):
    with pytest.raises(ValueError, match=name) as info:
        MicroGovModel(**{name: value})
    message = str(info.value)
    assert name in message
    assert repr(value) in message
    assert allowed in message


def test_all_problems_reported_at_once():
    with pytest.raises(ValueError, match="bogus") as info:
        MicroGovModel(admin_penetration=3, unit_scale="x", bogus=1)
    assert len(str(info.value).splitlines()) == 3


def test_ints_accepted_for_floats_and_normalised():
    p = validate_params({"admin_penetration": 1, "n_households": 100.0})
    assert isinstance(p.admin_penetration, float)
    assert isinstance(p.n_households, int)


def test_timeline_validation():
    assert validate_timeline({150: {"admin_penetration": 0.0}}) == {150: {"admin_penetration": 0.0}}
    with pytest.raises(ValueError, match="structural"):
        validate_timeline({10: {"n_households": 100}})
    with pytest.raises(ValueError, match="integer >= 1"):
        validate_timeline({0: {"admin_penetration": 0.1}})
    with pytest.raises(ValueError, match=r"'admin_penetration' = 7"):
        validate_timeline({5: {"admin_penetration": 7}})
    with pytest.raises(ValueError, match="unknown parameter 'nope'"):
        MicroGovModel(policy_timeline={5: {"nope": 1}})
