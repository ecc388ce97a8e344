"""Bit-identical outputs of every shipped scenario: the guard for refactoring.

Each scenario in ``scenarios/`` runs 200 steps for the first two replication seeds of its
file, and the status quo runs once more for each of :data:`VARIANTS` (branches of the model
that no scenario file takes). The test compares a SHA-256 digest of the DataCollector table
(column names, dtypes and every value's bytes) and of the issue book with the pinned digests
below. A refactor that
changes no behaviour keeps every digest; one that reorders a random draw or changes a
rounding does not.

If a change is meant to alter behaviour, regenerate the pins with::

    python -m tests.test_scenario_pins

and say in the commit message why the outputs changed.
"""

import hashlib

import numpy as np
import pandas as pd
import pytest

from microgov_sim import MicroGovModel, load_scenario
from microgov_sim.experiments.scenarios import available
from microgov_sim.experiments.seeds import replication_seeds

STEPS = 200
SEEDS_PER_SCENARIO = 2


def frame_digest(frame: pd.DataFrame) -> str:
    """SHA-256 of a frame's column names, dtypes and values (NaNs included, bit for bit)."""
    h = hashlib.sha256()
    for name in frame.columns:
        column = frame[name].to_numpy()
        h.update(f"{name}:{column.dtype}".encode())
        h.update(
            np.ascontiguousarray(column).tobytes()
            if column.dtype != object
            else repr(column.tolist()).encode()
        )
    return h.hexdigest()


# Branches that no scenario file takes, each on the status quo with its first seed.
VARIANTS: dict[str, dict] = {
    "admin_first": {"params": {"schedule": "admin_first"}},
    "group_reference": {"params": {"social_reference": "group"}},
    "doorway_crowding_in": {"params": {"unit_scale": "doorway", "crowding_out": -0.5}},
    "no_mobility_fixed_thresholds": {"params": {"mobility_rate": 0.0, "threshold_sd": 0.0}},
    "tie_rule_changes": {
        "timeline": {
            50: {"tie_drift": 0.05, "tie_baseline_other": 0.1},
            80: {"absorbed_admin_share": 0.2, "admin_penetration": 0.0},
        }
    },
    "injected_issues": {"inject": [("building", 0), ("compound", 1), ("doorway", 5)]},
}


def run_digests(name: str, seed: int) -> tuple[str, str]:
    base, variant = name.partition("+")[::2]
    scenario = load_scenario(base)
    spec = VARIANTS.get(variant, {})
    params = {**scenario.params, **spec.get("params", {})}
    timeline = {**scenario.timeline, **spec.get("timeline", {})}
    # from the initial state (spinup_weeks 0), as the suite's models are; the spin-up's own
    # path is pinned in test_regression
    model = MicroGovModel(rng=seed, policy_timeline=timeline, **{**params, "spinup_weeks": 0})
    for level, unit in spec.get("inject", ()):
        model.inject_issue(level, unit)
    model.run_for(STEPS)
    table = model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
    return frame_digest(table), frame_digest(model.issues_frame().reset_index(drop=True))


def cases() -> list[tuple[str, int]]:
    out = []
    for name in sorted(available()):
        seeds = replication_seeds(load_scenario(name).seed, SEEDS_PER_SCENARIO)
        out += [(name, int(s)) for s in seeds]
    first = int(replication_seeds(load_scenario("status_quo").seed, 1)[0])
    return out + [(f"status_quo+{variant}", first) for variant in VARIANTS]


PINS: dict[tuple[str, int], tuple[str, str]] = {
    ("building_councils", 6188685476487377752): (
        "64f594e818bea97dbafa9135d209876d424e2ade8c681f33a8fb40a917fc1f82",
        "6257f7175717adb0d1ee62432b329b3d9073c4a83f74f5b028183045e926ceac",
    ),
    ("building_councils", 5430015622721608710): (
        "8076a93f994b19e29a43147b99093d628b9b1cf03bb2a9e0abe52a835bc1f240",
        "7536caa0c3614027b9955a7118bee6511675e9cf4b8f93a761922c4fd54e5b8f",
    ),
    ("co_governance", 6188685476487377752): (
        "575e2f2e04d47b1ff5bfaeffb1c0e3971aa74da3e99d584dbadc3ef17fe8999f",
        "f5f89776bbb5459f7b34cf24509403389b1da9e715f53d1b849f13fd55c35fdc",
    ),
    ("co_governance", 5430015622721608710): (
        "2838908f18feb0e0f6329d6c055e1ff6ea392be4b460ec5c2a18168fe4033565",
        "7e96b85b1575e8978d1758141b940e55165cfec0ae7dfb8c56e312bf6f549b92",
    ),
    ("grid_management", 6188685476487377752): (
        "9c16d7da3846bd8a56b1c571389a2743ac06554bdf3a2f6e17419f32a656b6c1",
        "f2f4c6e46b38f7958537e156bfdfc731a2ee936accf61f823834fadb6aacdaa2",
    ),
    ("grid_management", 5430015622721608710): (
        "be3292d6b3193da142bcff56b579043f933469113ecb2ce4864ef92c76ec0161",
        "e12acc6fd6f45d35e8341c60b93d822e011cad4b7724365efbd09464bc9ed3e7",
    ),
    ("grid_withdrawal", 6188685476487377752): (
        "d7bc336c50a5c0c960df85bcd2c8a45a50c375f38ba2685f31bd4371da5f2422",
        "810bcd9cdcfff6876cd3aa6ec2f9d52c6cf82eee5294828968955b279146a056",
    ),
    ("grid_withdrawal", 5430015622721608710): (
        "3ce77de58350b2aa3d95c43d1dc49142c63d68db5d081dd0b88b0eb8e83d26d9",
        "826b4aa996e4caaf1cf067bcaac7d4a9c75a09d9991ce106df98ec93b78fd183",
    ),
    ("high_mobility", 6188685476487377752): (
        "2f6e68d9e747cac76b419e1ad35248c812a72180eb4cc56bf65672e075a93191",
        "8fb95dfda38dfeae79718f2d6151f7638ff811a2e0be29ffd268ccdebaf62ba8",
    ),
    ("high_mobility", 5430015622721608710): (
        "f8a9069f981444683c37be68d973e34fc029d1c6eb040db056491c80462cec8f",
        "7003e3b2b42894cfae766a8a3855b18d40a43d3799e8f90f6fdd75d5ddfbb8e4",
    ),
    ("micro_self_governance", 6188685476487377752): (
        "d5b7b5af80e9882664c3b9d0f7eca63fb2dff9d2b562a33580ffd75ca78e126d",
        "b8cd4b7d949a117c063e865044788c3d88f9708c88f1c11ec73170c007b35d2e",
    ),
    ("micro_self_governance", 5430015622721608710): (
        "9426e7eb8d7e1cf2cc33bf55aa5ed6fe5b03b822effbef0421b27ee9425f624c",
        "aeb63c9630b817c8b6a1b19bc4db5c27ee4b0dcca3bbedbac946c16cee63a663",
    ),
    ("status_quo", 6188685476487377752): (
        "bfdd98c8bb5d08cf8125eeda60e0dc62ece341b40079ddad27c18f44f68980ef",
        "1f20e2d490abcf51447655c1dd2211c4c2a643af41a67b3d83ad83902c4e96e7",
    ),
    ("status_quo", 5430015622721608710): (
        "4809c338b023c9c9d67399c2e1a34d4e75a1c99f49286a9f1a26d038a43c8897",
        "12b9d52bd08dafe29c047398111715cd737eba1f50e1dff8c89ee376853b5efc",
    ),
    ("wenjiang_eight_items", 6188685476487377752): (
        "57f74a47cdf189446054bcb8ed3f2f9e4a38b99eb123ecf5c5291acd2043864e",
        "04e5b6dc97353dee6af388168b9ed7e972c7b0f00abac4537f33ef41dc13b9b3",
    ),
    ("wenjiang_eight_items", 5430015622721608710): (
        "47d7c38e652bd7054736bec86da84120bfda20ad580b7beb86ded88778ff5305",
        "c8f17ad0cae3d3fe3bbe70681541615f5d32c6dfc2559c148556f6a2cb77f612",
    ),
    ("status_quo+admin_first", 6188685476487377752): (
        "1824daa01dbecfc275bf8d482ffdb251b23a207f1cfc775a801c29981e574e77",
        "1740d9a63fd78af677c2df1e8e648cee419ecff037adc0d6232ffc73a8359e75",
    ),
    ("status_quo+group_reference", 6188685476487377752): (
        "6bc6fb8073a843c7db507eeaaef147146fc05ea5434e070d41eb680b09ddf7b8",
        "bd8ecfb0ac8fccf080c43a6bc5ccfe11c8a0f69a601e0aeea17e8963b5259c64",
    ),
    ("status_quo+doorway_crowding_in", 6188685476487377752): (
        "6bcd02ab10ceb9a548da7c5e19a65b770175d4ad9f8e3db881896e11d4dac6e2",
        "0d879a98d1e9b49aaf3a9f149852a9a7ecdd00061ccf1ca27739ce3f2d5b09f3",
    ),
    ("status_quo+no_mobility_fixed_thresholds", 6188685476487377752): (
        "30d2e409bbb5826a7d877c9bbaa42b99e066b2718da95a889c27b22bfcca3d7f",
        "10536892bf59f3981c2decf4c47a5f0bba84601f5b2a3937c782bfab9d481f51",
    ),
    ("status_quo+tie_rule_changes", 6188685476487377752): (
        "5bea581b4d7e9d537e62fcff1ba68dec642c79fa5f8798ef00ddd24ccbcd040f",
        "7df081c504fcac112c514e8557a4eb2b91e2dd054a0efa335ff7e803d794b379",
    ),
    ("status_quo+injected_issues", 6188685476487377752): (
        "c57a944edb161bf485f968bf90b153b4e4ad3b4bbfe8985b92b33a3dd0205c4f",
        "74d397515af4de0e65c6b64cbb17225deff07a65e413810f1430c65e8d068d83",
    ),
}


def test_every_scenario_is_pinned():
    assert sorted(PINS) == sorted(cases())


@pytest.mark.parametrize(("name", "seed"), cases())
def test_scenario_outputs_are_pinned(name, seed):
    assert run_digests(name, seed) == PINS[(name, seed)]


if __name__ == "__main__":
    print("PINS = {")
    for name, seed in cases():
        print(f"    {(name, seed)!r}: {run_digests(name, seed)!r},")
    print("}")
