import tomllib

import pytest
from conftest import write

from microgov_sim import MicroGovModel, load_scenario
from microgov_sim.experiments.errors import UserError
from microgov_sim.experiments.scenarios import available, scenario_from_dict
from microgov_sim.experiments.tomlspec import key_line
from microgov_sim.model.params import PARAMETER_SPECS, parameter_problems, timeline_problems

REQUIRED = {
    "status_quo",
    "grid_management",
    "micro_self_governance",
    "co_governance",
    "high_mobility",
    "grid_withdrawal",
    "wenjiang_eight_items",
    "building_councils",
}


def test_shipped_scenarios_load_with_rationale():
    names = set(available("scenario"))
    assert names >= REQUIRED
    for name in names:
        scenario = load_scenario(name)
        assert scenario.name == name
        assert scenario.description
        assert len(scenario.rationale) > 100, name
        assert any(tag in scenario.rationale for tag in ("[A]", "[B]", "brief"))


def test_shipped_scenarios_differ_only_in_policy_levers():
    # #15 point 8: a scenario is a policy; behaviour and population are the model's, shared
    for name in available("scenario"):
        scenario = load_scenario(name)
        changed = {*scenario.params, *(k for c in scenario.timeline.values() for k in c)}
        others = {k: PARAMETER_SPECS[k].group for k in changed}
        assert {k: g for k, g in others.items() if g != "lever"} == {}, name


def test_grid_withdrawal_has_a_timeline():
    scenario = load_scenario("grid_withdrawal")
    (step, changes), *_ = scenario.timeline.items()
    assert changes["admin_penetration"] < scenario.params["admin_penetration"]
    assert 1 < step < scenario.steps


def test_scenario_fields(tiny_files):
    scenario = load_scenario(tiny_files[0])
    assert (scenario.steps, scenario.replications, scenario.seed) == (8, 3, 5)
    assert scenario.params == {
        "n_households": 200,
        "admin_penetration": 0.6,
        "participation_window": 4,
        "outcome_window": 4,
    }
    assert scenario.timeline == {5: {"admin_penetration": 0.1}}
    assert scenario.text.startswith("\nname")


BAD = """
name = "bad"
stpes = 10
steps = 10
replications = 0
seed = "x"

[params]
admin_penetraton = 0.5
micro_autonomy = 1.5
unit_scale = "street"

[timeline]
20 = { admin_penetration = 0.1 }
3 = { n_households = 10 }
"""


def test_bad_scenario_reports_every_problem_with_line(tmp_path):
    path = write(tmp_path / "bad.toml", BAD)
    with pytest.raises(UserError) as info:
        load_scenario(path)
    problems = info.value.problems
    text = "\n".join(problems)
    assert len(problems) == 8, text
    lines = [int(p.split(":")[1]) for p in problems]
    assert lines == sorted(lines)
    assert all(p.startswith(str(path)) for p in problems)
    assert f"{path}:3: stpes: unknown key; did you mean 'steps'?" in text
    assert f"{path}:5: replications = 0: must be an integer in [1, 1000000000]" in text
    assert "seed = 'x'" in text
    assert "did you mean 'admin_penetration'" in text
    assert f"{path}:10: params.micro_autonomy = 1.5: must be a number in [0, 1]" in text
    assert "'street'" in text
    assert "'doorway'" in text
    assert "timeline.20 = 20: step must be in [1, 10]" in text
    assert "n_households = 10: is structural" in text


def test_invalid_toml_names_line(tmp_path):
    path = write(tmp_path / "broken.toml", 'name = "x"\nsteps = = 3\n')
    with pytest.raises(UserError, match=r"broken.toml:2: invalid TOML"):
        load_scenario(path)


def test_unknown_scenario_name_suggests():
    with pytest.raises(UserError, match="did you mean 'grid_management'"):
        load_scenario("grid_managment")


def test_overrides_are_validated(tiny_files):
    scenario = load_scenario(tiny_files[0])
    assert scenario.with_overrides(steps=20).steps == 20
    with pytest.raises(UserError, match="step must be in"):
        scenario.with_overrides(steps=3)  # the timeline changes at step 5
    with pytest.raises(UserError, match="mobility_rate"):
        scenario.with_overrides(params={"mobility_rate": 2.0})


def test_scenario_from_dict_defaults():
    scenario = scenario_from_dict({"name": "x"})
    assert (scenario.steps, scenario.replications, scenario.params) == (260, 10, {})


def test_key_line_finds_keys_in_tables_and_inline_tables():
    text = 'a = 1\n[params]\nx = 2\n[timeline]\n10 = { y = 3 }\n[vary]\n"z" = {low = 0}\n'
    assert key_line(text, "a") == 1
    assert key_line(text, "params.x") == 3
    assert key_line(text, "timeline.10.y") == 5
    assert key_line(text, "vary.z.low") == 7
    assert key_line(text, "params") == 2
    assert key_line(text, "missing") is None


@pytest.mark.parametrize(
    ("name", "literal"),
    [
        ("admin_penetration", "1.5"),
        ("n_households", "2.5"),
        ("unit_scale", '"street"'),
        ("micro_autonomy", '"high"'),
        ("party_embedding", "true"),
        ("admin_penetraton", "0.5"),
    ],
)
def test_file_and_model_report_the_same_parameter_record(tmp_path, name, literal):
    path = write(tmp_path / "p.toml", f'name = "p"\n[params]\n{name} = {literal}\n')
    value = tomllib.loads(f"v = {literal}")["v"]
    (record,) = parameter_problems({name: value})
    with pytest.raises(UserError) as in_file:
        load_scenario(path)
    assert in_file.value.problems == [f"{path}:3: {record.under('params')}"]
    with pytest.raises(ValueError, match=name) as in_model:
        MicroGovModel(**{name: value})
    assert str(in_model.value) == str(record)
    assert str(in_file.value).endswith(str(record))  # the same text after the key's table


def test_file_and_model_report_the_same_timeline_record(tmp_path):
    text = 'name = "t"\nsteps = 10\n[timeline]\n4 = { admin_penetration = 7 }\n'
    path = write(tmp_path / "t.toml", text)
    (record,) = timeline_problems({"4": {"admin_penetration": 7}}, steps=10)
    assert record.key == "timeline.4.admin_penetration"
    with pytest.raises(UserError) as in_file:
        load_scenario(path)
    assert in_file.value.problems == [f"{path}:4: {record}"]
    with pytest.raises(ValueError, match="admin_penetration") as in_model:
        MicroGovModel(policy_timeline={4: {"admin_penetration": 7}})
    assert str(in_model.value) == str(record)
