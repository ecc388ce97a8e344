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
    # no community fund: the government pays every action (the rule before #16, ODD 7.6b)
    "support_per_action": {"params": {"support_funding": "per_action"}},
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
        "0a3b7cce54812ebe8e9761a2021ca10a5c11df946c403a1d4c3aae3e520a07ab",
        "6257f7175717adb0d1ee62432b329b3d9073c4a83f74f5b028183045e926ceac",
    ),
    ("building_councils", 5430015622721608710): (
        "dffe5e2a433a3d0fd355e17a371d1b7808da10790f12b60947d64245b64922f4",
        "7536caa0c3614027b9955a7118bee6511675e9cf4b8f93a761922c4fd54e5b8f",
    ),
    ("co_governance", 6188685476487377752): (
        "67f553c879328dd2abdee1073289e8cf2e31689f1897887dfbb0b20e89dd555a",
        "f5f89776bbb5459f7b34cf24509403389b1da9e715f53d1b849f13fd55c35fdc",
    ),
    ("co_governance", 5430015622721608710): (
        "87fe474e0d05677a95738fe9e0e1785e0d303e7d2284a7775c8c4f05bc4c37fc",
        "7e96b85b1575e8978d1758141b940e55165cfec0ae7dfb8c56e312bf6f549b92",
    ),
    ("grid_management", 6188685476487377752): (
        "5c560de97ac774e6147d9caa6b0a49754d21c124e21d90f17691b6155a02bf23",
        "f2f4c6e46b38f7958537e156bfdfc731a2ee936accf61f823834fadb6aacdaa2",
    ),
    ("grid_management", 5430015622721608710): (
        "baa906c0d03f3b5dd47695513b1f77c26f785be68e67b54edb6c89ce63761e41",
        "e12acc6fd6f45d35e8341c60b93d822e011cad4b7724365efbd09464bc9ed3e7",
    ),
    ("grid_withdrawal", 6188685476487377752): (
        "d4cd459c19f2224508d224b39f87fcee38bf36104847e7be8a950ebe74a17ecb",
        "810bcd9cdcfff6876cd3aa6ec2f9d52c6cf82eee5294828968955b279146a056",
    ),
    ("grid_withdrawal", 5430015622721608710): (
        "ade23d90e8ed818024435f401fbdcb25dc5b4d83449170da2a52cf9dc2f4075c",
        "826b4aa996e4caaf1cf067bcaac7d4a9c75a09d9991ce106df98ec93b78fd183",
    ),
    ("high_mobility", 6188685476487377752): (
        "7096d13221fb9bb142e886ed3b9177e2f0969ccfaa7476819166e0cd08a7eb73",
        "8fb95dfda38dfeae79718f2d6151f7638ff811a2e0be29ffd268ccdebaf62ba8",
    ),
    ("high_mobility", 5430015622721608710): (
        "fa6c59c12f9924198cf4bb24dc26ddb24e3a98080a6180525ccf78c2f892119d",
        "7003e3b2b42894cfae766a8a3855b18d40a43d3799e8f90f6fdd75d5ddfbb8e4",
    ),
    ("micro_self_governance", 6188685476487377752): (
        "1c988be01ec282cee0355c9731ddfdad950f4911a601e28d1f1ef47be1cafca1",
        "b8cd4b7d949a117c063e865044788c3d88f9708c88f1c11ec73170c007b35d2e",
    ),
    ("micro_self_governance", 5430015622721608710): (
        "51c001a8d59fbad58928348d368bd05502e29757da845ae2949bfcb2219e6531",
        "aeb63c9630b817c8b6a1b19bc4db5c27ee4b0dcca3bbedbac946c16cee63a663",
    ),
    ("status_quo", 6188685476487377752): (
        "10d0676e46303d41a696b9849c7313f2fba9768c436a56322d2d8a99cf1b2c21",
        "1f20e2d490abcf51447655c1dd2211c4c2a643af41a67b3d83ad83902c4e96e7",
    ),
    ("status_quo", 5430015622721608710): (
        "d6b881d0b82125a911331b117f4c958e6ac294c1292d34dd68bb69ebfebee70f",
        "12b9d52bd08dafe29c047398111715cd737eba1f50e1dff8c89ee376853b5efc",
    ),
    ("wenjiang_eight_items", 6188685476487377752): (
        "88eec69e1bccd54861452ea615376da2ee06228bc35e07a42cd15fc4dd4d93c6",
        "04e5b6dc97353dee6af388168b9ed7e972c7b0f00abac4537f33ef41dc13b9b3",
    ),
    ("wenjiang_eight_items", 5430015622721608710): (
        "02fc525ae2e65e139bfae21e17d6aabd727c80e7aba3a3ddcebd9c72755a5b6c",
        "c8f17ad0cae3d3fe3bbe70681541615f5d32c6dfc2559c148556f6a2cb77f612",
    ),
    ("status_quo+admin_first", 6188685476487377752): (
        "699082225b13024b049527682ef5b4720d28406e75df1743df426d5655d28b84",
        "1740d9a63fd78af677c2df1e8e648cee419ecff037adc0d6232ffc73a8359e75",
    ),
    ("status_quo+group_reference", 6188685476487377752): (
        "420296cf08af33247ca18526b328584b612585e30bfa2e1a486cabd17b7901a0",
        "bd8ecfb0ac8fccf080c43a6bc5ccfe11c8a0f69a601e0aeea17e8963b5259c64",
    ),
    ("status_quo+doorway_crowding_in", 6188685476487377752): (
        "65a9626e4868c082864550e0e77cfcfb5352adf024f4f6b8a61ce0564ae7883a",
        "0d879a98d1e9b49aaf3a9f149852a9a7ecdd00061ccf1ca27739ce3f2d5b09f3",
    ),
    ("status_quo+no_mobility_fixed_thresholds", 6188685476487377752): (
        "98123189777d05fbc02d4eadcc7920139e817635755545e0afbc203ac97677c8",
        "10536892bf59f3981c2decf4c47a5f0bba84601f5b2a3937c782bfab9d481f51",
    ),
    ("status_quo+tie_rule_changes", 6188685476487377752): (
        "76f9b59fa513699b680124e61ae86f344b8f0257e4884f6cb360dfbd17193e62",
        "7df081c504fcac112c514e8557a4eb2b91e2dd054a0efa335ff7e803d794b379",
    ),
    ("status_quo+injected_issues", 6188685476487377752): (
        "0d81330c0eeb33eb14ee25aba181f9ee321b96effe0f1c66e417e4275cdad9ad",
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
