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
