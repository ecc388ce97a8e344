import pytest

from microgov_sim import MicroGovModel

SMALL = {"n_households": 600}


@pytest.fixture
def small_model():
    """A small seeded model (600 households) for quick checks."""
    return MicroGovModel(rng=7, **SMALL)
