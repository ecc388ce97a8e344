import math

import numpy as np
import pytest

from microgov_sim import DEFAULTS, PARAMETERS, MicroGovModel
from microgov_sim.model.params import (
    NO_VALUE,
    PARAMETER_SPECS,
    Problem,
    parameter_problem,
    parameter_problems,
    timeline_problems,
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
    with pytest.raises(ValueError, match=r"timeline\.5\.admin_penetration = 7: must be a number"):
        validate_timeline({5: {"admin_penetration": 7}})
    with pytest.raises(ValueError, match="unknown parameter 'nope'"):
        MicroGovModel(policy_timeline={5: {"nope": 1}})


# ---- the validator's records: one source for the model's errors and the files' messages


def test_parameter_problems_are_records_of_key_value_and_what_is_allowed():
    found = parameter_problems(
        {"admin_penetration": 1.5, "admin_penetraton": 0.5, "unit_scale": "street", "seed": 1}
    )
    assert found[0] == Problem("admin_penetration", 1.5, "must be a number in [0, 1]")
    assert found[1].key == "admin_penetraton"
    assert found[1].value is NO_VALUE
    assert "did you mean 'admin_penetration'?" in found[1].message
    assert found[2].key == "unit_scale"
    assert "'doorway'" in found[2].message
    assert [p.key for p in found[3:]] == ["seed"]
    assert str(found[0]) == "admin_penetration = 1.5: must be a number in [0, 1]"
    assert str(found[1]).startswith("admin_penetraton: unknown parameter 'admin_penetraton'")
    assert found[0].under("params").key == "params.admin_penetration"
    assert parameter_problem("admin_penetration", 0.5) is None


@pytest.mark.parametrize(
    "params",
    [
        {"admin_penetration": 1.5},
        {"n_households": 2.5, "unit_scale": "x", "bogus": 1},
        {"micro_autonomy": "high", "party_embedding": True, "mobility_rate": math.nan},
    ],
)
def test_model_error_is_the_text_of_the_records(params):
    with pytest.raises(ValueError, match=next(iter(params))) as info:
        MicroGovModel(**params)
    assert str(info.value).splitlines() == [str(p) for p in parameter_problems(params)]


def test_timeline_problems_name_step_parameter_value_and_what_is_allowed():
    timeline = {
        157: {"admin_penetration": 2, "n_households": 100, "admn_penetration": 0.1},
        "x": {"admin_penetration": 0.1},
        300: {"admin_penetration": 0.1},
        0: {"admin_penetration": 0.1},
        5: 0.3,
    }
    found = timeline_problems(timeline, steps=260)
    assert found[0] == Problem("timeline.157.admin_penetration", 2, "must be a number in [0, 1]")
    assert found[1] == Problem(
        "timeline.157.n_households", 100, "is structural and cannot change during a run"
    )
    assert found[2].key == "timeline.157.admn_penetration"
    assert "did you mean 'admin_penetration'?" in found[2].message
    assert found[3] == Problem(
        "timeline.x",
        NO_VALUE,
        "a timeline key must be a step number: an integer >= 1 in plain digits",
    )
    assert found[4] == Problem("timeline.300", 300, "step must be in [1, 260] (steps = 260)")
    assert found[5] == Problem("timeline.0", 0, "step must be in [1, 260] (steps = 260)")
    assert found[6] == Problem("timeline.5", 0.3, "must be a table of parameter = value")
    assert len(found) == 7
    # without a horizon, only steps before the first are out of range
    assert [p.key for p in timeline_problems({300: {}, 0: {}})] == ["timeline.0"]
    assert timeline_problems({5: {}}, steps=4)[0].message.startswith("step must be in [1, 4]")
    assert timeline_problems([1, 2])[0].key == "timeline"


def test_model_timeline_error_is_the_text_of_the_records():
    timeline = {157: {"admin_penetration": 2, "n_households": 100}, "x": {}, -1: {}}
    with pytest.raises(ValueError, match="structural") as info:
        MicroGovModel(policy_timeline=timeline)
    assert str(info.value).splitlines() == [str(p) for p in timeline_problems(timeline)]


@pytest.mark.parametrize("step", [157, "157", 157.0, np.int64(157)])
def test_timeline_steps_may_be_given_as_numbers_or_strings(step):
    assert validate_timeline({step: {"micro_autonomy": 0.5}}) == {157: {"micro_autonomy": 0.5}}


@pytest.mark.parametrize("step", [1.5, True, "157a", None, math.inf])
def test_timeline_steps_must_be_whole_numbers(step):
    with pytest.raises(ValueError, match="must be a step number"):
        validate_timeline({step: {"micro_autonomy": 0.5}})


def test_numbers_beyond_float_range_are_a_clear_problem_everywhere():
    from microgov_sim.experiments.errors import UserError
    from microgov_sim.experiments.scenarios import scenario_from_dict

    with pytest.raises(ValueError, match=r"admin_penetration = 1000.*must be a number in \[0, 1\]"):
        MicroGovModel(admin_penetration=10**400)
    doc = {"name": "big", "params": {"n_households": 10**400}}
    with pytest.raises(UserError, match=r"params\.n_households = 1000.*must be an integer"):
        scenario_from_dict(doc)


def test_numpy_numbers_are_numbers():
    import numpy as np

    model = MicroGovModel(rng=1, n_households=np.int64(300), admin_penetration=np.float32(0.5))
    assert model.p.n_households == 300
    assert isinstance(model.p.n_households, int)
    with pytest.raises(ValueError, match="got type bool"):
        MicroGovModel(admin_penetration=np.bool_(True))
