"""Random corners of the parameter space: the model runs and its invariants hold."""

import numpy as np
import pytest
from conftest import assert_outcomes_valid

from microgov_sim import MicroGovModel
from microgov_sim.model.params import PARAMETERS

CAPS = {"n_households": 800, "households_per_grid": 500.0}


def random_parameters(seed: int) -> dict:
    """Draw about half of the parameters uniformly within their ranges (large ones capped)."""
    rng = np.random.default_rng(seed)
    params = {}
    for p in PARAMETERS:
        if rng.random() < 0.5:
            continue
        if p.kind == "choice":
            params[p.name] = str(rng.choice(p.choices))
        elif p.kind == "int":
            params[p.name] = int(rng.integers(p.low, min(p.high, CAPS.get(p.name, 50)) + 1))
        else:
            params[p.name] = float(rng.uniform(p.low, min(p.high, CAPS.get(p.name, 20.0))))
    return params


@pytest.mark.parametrize("seed", range(12))
def test_random_parameters_keep_invariants(seed):
    model = MicroGovModel(rng=seed, **random_parameters(seed))
    model.run_for(25)
    df = model.datacollector.get_model_vars_dataframe()
    assert_outcomes_valid(model)
    shares = [
        "participation_rate",
        "willingness",
        "capacity",
        "mean_trust",
        "belonging",
        "dependency",
        "autonomy_index",
        "unit_inequality",
        "within_unit_tie_density",
    ]
    assert df[shares].apply(lambda c: c.dropna().between(0, 1).all()).all()
    assert len(model.residents) == model.n
