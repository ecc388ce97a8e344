import textwrap

import pytest

from microgov_sim import MicroGovModel

SMALL = {"n_households": 600}

TINY_SCENARIO = """
name = "tiny"
description = "A tiny community for quick tests."
steps = 8
replications = 3
seed = 5

[params]
n_households = 200
admin_penetration = 0.6
# windows that fit in 8 steps, so that the windowed outcomes have values to report
participation_window = 4
outcome_window = 4

[timeline]
5 = { admin_penetration = 0.1 }
"""

TINY_SWEEP = """
name = "tiny_sweep"
base = "tiny.toml"
replications = 2
seed = 9

[design]
method = "full_factorial"

[vary]
micro_autonomy = [0.2, 0.8]
unit_scale = ["doorway", "compound"]
"""


@pytest.fixture
def small_model():
    """A small seeded model (600 households) for quick checks."""
    return MicroGovModel(rng=7, **SMALL)


def write(path, text):
    """Write dedented ``text`` to ``path`` and return the path."""
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def tiny_files(tmp_path):
    """A tiny scenario and a 4-point sweep over it, as files in tmp_path."""
    scenario = write(tmp_path / "tiny.toml", TINY_SCENARIO)
    sweep = write(tmp_path / "tiny_sweep.toml", TINY_SWEEP)
    return scenario, sweep


def assert_outcomes_valid(model) -> None:
    """Every outcome of a model's run is within its bounds, and missing exactly as declared.

    An outcome over a window is NaN while its window is not full, and after that only if the
    catalogue says when it may be (``OutcomeSpec.missing``); every other value is finite.
    """
    import numpy as np

    from microgov_sim.model.outcomes import OUTCOME_SPECS, window_full

    frame = model.datacollector.get_model_vars_dataframe()
    weeks = frame.index.to_numpy()
    for spec in OUTCOME_SPECS:
        values = frame[spec.name].to_numpy(dtype=float)
        weeks_in_window = spec.window_weeks(model.p)
        full = np.array(
            [window_full(int(w), weeks_in_window, model.state.history_weeks) for w in weeks]
        )
        assert np.isnan(values[~full]).all(), f"{spec.name} given before its window is full"
        finite = np.isfinite(values)
        assert not np.isinf(values).any(), spec.name
        if not spec.missing:
            assert finite[full].all(), f"{spec.name} missing with a full window"
        inside = values[finite]
        outside = inside[(inside < spec.low) | (inside > spec.high)]
        assert outside.size == 0, f"{spec.name} outside {spec.bounds()}: {outside[:5]}"
