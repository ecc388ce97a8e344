import os
import textwrap

import pytest

from microgov_sim import MicroGovModel
from microgov_sim.model import params


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "default_spinup: build models with the real default spinup_weeks (see below)",
    )


@pytest.fixture(autouse=True, scope="session")
def no_default_spinup():
    """Models built in the tests start from the initial state unless a test asks otherwise.

    The default ``spinup_weeks`` (ODD 5) costs seconds per model, whatever its size; a test
    that is not about the spin-up does not need it. Tests of the spin-up give
    ``spinup_weeks`` themselves, and those marked ``default_spinup`` get the real default.
    Only the defaults of this process change: the experiments layer resolves
    ``spinup_weeks`` before its tasks reach worker processes.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(params.DEFAULTS, "spinup_weeks", 0)
        yield


@pytest.fixture(autouse=True)
def default_spinup_when_marked(request, monkeypatch):
    """The real default ``spinup_weeks`` for a test marked ``default_spinup``."""
    if request.node.get_closest_marker("default_spinup") is not None:
        real = params.PARAMETER_SPECS["spinup_weeks"].default
        monkeypatch.setitem(params.DEFAULTS, "spinup_weeks", real)


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


def require_cjk_font() -> None:
    """Skip a test that draws Chinese figures where no CJK font is installed; fail in CI.

    As the README says: on a workstation without ``fonts-noto-cjk`` these tests are skipped
    with a message; in CI (``CI`` set), which ``.ci/run`` gives the font, they fail.
    """
    from microgov_sim.analysis.i18n import find_cjk_font

    if find_cjk_font() is None:
        message = "no font with Chinese glyphs: install fonts-noto-cjk (apt install fonts-noto-cjk)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


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
