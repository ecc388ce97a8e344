import numpy as np
import pytest
from conftest import write

from microgov_sim import MicroGovModel, load_sweep
from microgov_sim.experiments import designs
from microgov_sim.experiments.designs import DESIGNS, Design, register_design
from microgov_sim.experiments.errors import UserError
from microgov_sim.experiments.experiment import Experiment
from microgov_sim.experiments.scenarios import available
from microgov_sim.experiments.seeds import design_seed, replication_seed, replication_seeds
from microgov_sim.model.params import parameter_problem

SAMPLED = """
name = "s"
base = "tiny.toml"
replications = 2
seed = 3

[design]
method = "{method}"
samples = {samples}
{extra}

[vary]
admin_penetration = {{ low = 0.1, high = 0.9 }}
max_self_attempts = {{ low = 1, high = 8 }}
unit_scale = ["doorway", "building", "compound"]
"""


def sampled(tmp_path, method, samples, extra=""):
    text = SAMPLED.format(method=method, samples=samples, extra=extra)
    return load_sweep(write(tmp_path / f"{method}.toml", text))


def test_full_factorial_expands_in_declared_order(tiny_files):
    sweep = load_sweep(tiny_files[1])
    points, raw = sweep.design()
    assert points.to_dict("records") == [
        {"micro_autonomy": 0.2, "unit_scale": "doorway"},
        {"micro_autonomy": 0.2, "unit_scale": "compound"},
        {"micro_autonomy": 0.8, "unit_scale": "doorway"},
        {"micro_autonomy": 0.8, "unit_scale": "compound"},
    ]
    assert raw.shape == (4, 2)
    experiment = Experiment.from_sweep(sweep)
    assert experiment.n_runs == 8
    assert experiment.points[0].params["n_households"] == 200  # from the base scenario
    assert experiment.points[3].params["unit_scale"] == "compound"
    assert experiment.points[0].timeline == {5: {"admin_penetration": 0.1}}


@pytest.mark.parametrize(
    ("method", "samples", "extra", "expected"),
    [
        ("latin_hypercube", 7, "", 7),
        ("sobol", 8, "", 8 * (3 + 2)),
        ("sobol", 8, "second_order = true", 8 * (2 * 3 + 2)),
        ("morris", 5, "levels = 4", 5 * (3 + 1)),
    ],
)
def test_sampled_designs(tmp_path, tiny_files, method, samples, extra, expected):
    sweep = sampled(tmp_path, method, samples, extra)
    points, raw = sweep.design()
    assert len(points) == expected
    assert raw.shape == (expected, 3)
    assert points["admin_penetration"].between(0.1, 0.9).all()
    assert points["max_self_attempts"].map(type).eq(int).all()  # int parameter rounded
    assert points["max_self_attempts"].between(1, 8).all()
    assert set(points["unit_scale"]) <= {"doorway", "building", "compound"}
    again, _ = sampled(tmp_path, method, samples, extra).design()
    assert again.equals(points)  # the design seed derives from the master seed
    if method == "latin_hypercube":
        # one sample per stratum of each continuous factor
        strata = np.floor((points["admin_penetration"] - 0.1) / 0.8 * expected)
        assert sorted(strata.astype(int)) == list(range(expected))


def test_common_random_numbers(tiny_files):
    experiment = Experiment.from_sweep(load_sweep(tiny_files[1]))
    tasks = experiment.tasks()
    assert [t.run_id for t in tasks] == list(range(8))
    by_rep = {}
    for task in tasks:
        by_rep.setdefault(task.replication, set()).add(task.seed)
    assert all(len(seeds) == 1 for seeds in by_rep.values())
    assert len({next(iter(s)) for s in by_rep.values()}) == 2
    assert replication_seeds(9, 2) == [replication_seed(9, 0), replication_seed(9, 1)]
    assert replication_seed(9, 0) != replication_seed(10, 0)
    assert design_seed(9) != design_seed(10)
    assert all(0 <= s < 2**63 for s in replication_seeds(123, 50))


def test_shipped_sweeps_validate():
    names = available("sweep")
    assert {"penetration_x_autonomy", "levers_sobol", "levers_morris", "mobility_lhs"} <= set(names)
    methods = {load_sweep(n).method for n in names}
    assert methods == {"full_factorial", "latin_hypercube", "sobol", "morris"}


BAD_SWEEP = """
name = "bad"
base = "tiny.toml"
replicatons = 2

[params]
micro_autonomy = 0.5

[design]
method = "sobl"
samples = 10

[vary]
micro_autonomy = { low = 0.0, high = 1.0 }
admin_penetraton = [0.1]
party_embedding = { low = 0.5, high = 0.2 }
"""


def test_bad_sweep_reports_every_problem(tmp_path, tiny_files):
    path = write(tmp_path / "bad_sweep.toml", BAD_SWEEP)
    with pytest.raises(UserError) as info:
        load_sweep(path)
    text = "\n".join(info.value.problems)
    assert "replicatons: unknown key; did you mean 'replications'?" in text
    assert "design.method = 'sobl': unknown design; did you mean 'sobol'?" in text
    assert "did you mean 'admin_penetration'?" in text
    assert "needs low < high" in text
    assert "params.micro_autonomy: is also varied" in text


def test_factorial_range_needs_levels(tmp_path, tiny_files):
    text = 'base = "tiny.toml"\n[vary]\nmicro_autonomy = { low = 0.0, high = 1.0 }\n'
    path = write(tmp_path / "s.toml", text)
    with pytest.raises(UserError, match=r"s.toml:3: vary.micro_autonomy.num = None: a range"):
        load_sweep(path)


def test_sobol_needs_power_of_two(tmp_path, tiny_files):
    with pytest.raises(UserError, match=r"design.samples = 6: Sobol designs need a power of 2"):
        sampled(tmp_path, "sobol", 6)


def test_missing_base_is_reported(tmp_path):
    path = write(tmp_path / "s.toml", 'base = "nowhere.toml"\n[vary]\nmicro_autonomy = [0.1]\n')
    with pytest.raises(UserError, match=r"s.toml:1: base = 'nowhere.toml': cannot load"):
        load_sweep(path)


def test_timeline_beyond_steps(tmp_path, tiny_files):
    path = write(tmp_path / "s.toml", 'base = "tiny.toml"\nsteps = 4\n[vary]\nseed_x = [1]\n')
    with pytest.raises(UserError) as info:
        load_sweep(path)
    text = "\n".join(info.value.problems)
    assert "steps = 4: the base scenario's timeline changes at step 5" in text
    assert "unknown parameter 'seed_x'" in text


def test_sweep_overrides_fix_more_parameters(tiny_files):
    spec = load_sweep(tiny_files[1])
    small = spec.with_overrides(steps=6, params={"n_households": 120, "party_embedding": 0.9})
    assert small.steps == 6
    assert small.params == {**spec.params, "n_households": 120, "party_embedding": 0.9}
    with pytest.raises(UserError) as error:
        spec.with_overrides(params={"micro_autonomy": 0.5, "n_househlds": 3})
    text = str(error.value)
    assert "params.micro_autonomy: is varied by the sweep" in text
    assert "n_househlds" in text


def test_varied_values_are_checked_by_the_model_validator(tmp_path, tiny_files):
    text = (
        'base = "tiny.toml"\n[vary]\nadmin_penetration = [0.5, 7]\n'
        "micro_autonomy = { low = -1.0, high = 1.0, num = 3 }\n"
    )
    path = write(tmp_path / "v.toml", text)
    with pytest.raises(UserError) as in_file:
        load_sweep(path)
    listed = parameter_problem("admin_penetration", 7)
    low = parameter_problem("micro_autonomy", -1.0)
    assert in_file.value.problems == [
        f"{path}:3: vary.admin_penetration = [0.5, 7]: value 7 {listed.message}",
        f"{path}:4: {low.under('vary').key}.low = -1.0: {low.message}",
    ]
    for name, value, record in (("admin_penetration", 7, listed), ("micro_autonomy", -1.0, low)):
        with pytest.raises(ValueError, match=name) as in_model:
            MicroGovModel(**{name: value})
        assert str(in_model.value) == str(record)


def test_design_options_follow_the_registry(tmp_path, tiny_files):
    text = 'base = "tiny.toml"\n[design]\nlevels = 3\n[vary]\nmicro_autonomy = [0.1]\n'
    with pytest.raises(UserError) as info:
        load_sweep(write(tmp_path / "o.toml", text))
    assert "design.levels: is not used by a full_factorial design (only by morris)" in str(
        info.value
    )
    text = text.replace("[design]\nlevels = 3", '[design]\nmethod = "nope"')
    with pytest.raises(UserError, match="unknown design") as info:
        load_sweep(write(tmp_path / "u.toml", text))
    assert f"allowed: {', '.join(sorted(DESIGNS))}" in str(info.value)


def test_a_new_design_is_one_registry_entry(tmp_path, tiny_files, monkeypatch):
    def corners(sweep):
        rows = [tuple(f.low for f in sweep.factors), tuple(f.high for f in sweep.factors)]
        return rows, np.array(rows)

    monkeypatch.setitem(DESIGNS, "corners", Design(corners, count=lambda sweep: 2))
    text = (
        'base = "tiny.toml"\n[design]\nmethod = "corners"\n'
        "[vary]\nmicro_autonomy = { low = 0.2, high = 0.6 }\n"
    )
    spec = load_sweep(write(tmp_path / "c.toml", text))
    points, raw = spec.design()
    assert points["micro_autonomy"].tolist() == [0.2, 0.6]
    assert raw.tolist() == [[0.2], [0.6]]
    experiment = Experiment.from_sweep(spec)
    assert experiment.design["method"] == "corners"
    assert experiment.design["levels"] is None
    assert [p.params["micro_autonomy"] for p in experiment.points] == [0.2, 0.6]


def test_register_design_adds_the_decorated_function(monkeypatch):
    monkeypatch.setattr(designs, "DESIGNS", dict(DESIGNS))

    def count(sweep):
        return 2 * sweep.samples

    @register_design("twice", count, options=("samples",), min_factors=2)
    def twice(sweep):
        raise NotImplementedError

    assert designs.DESIGNS["twice"] == Design(twice, count, ("samples",), 2)
    assert "twice" not in DESIGNS  # the module's table was a copy for this test
