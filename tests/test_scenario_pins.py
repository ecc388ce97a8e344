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
        "592c7f5885836b8b43c92eb2dc7e9e7e9688b09ad5e538259b9f72e13b14390e",
        "80db0c280ca935bb2de5947d586fe0f8c5ccd741f1749193927f8738630bb5ea",
    ),
    ("building_councils", 5430015622721608710): (
        "b25dbd35aa9f63a6a27b532f9d2b18554f46ad84a547319a4d5e5f80ae3a9e9f",
        "ad7dee4a0682d6ac697a605a972881419d35a6d977edab9ba491f60ed219779e",
    ),
    ("co_governance", 6188685476487377752): (
        "5830ae4bdeabd0174169e82aff2b9f00f7ede150bd93c23e1143aad7e93dd40e",
        "0ae6698a487774d6e2cb7bd9dbb823f377b49ee29d50f28d58ca24770fa3c354",
    ),
    ("co_governance", 5430015622721608710): (
        "b37250ea9328212329b6380eb996fbf7115c47b6fdd82d441e3a2def04627885",
        "8bbe812b345f687fca9ef35f69031d9f0feaadb5a86de331a0daf2622597a3bc",
    ),
    ("grid_management", 6188685476487377752): (
        "7c09ce6906e619f3d72d141ded90b00f274a7a4b8f9beabffbe38fa0d740c25a",
        "8bb8e7c0cdde772ea80cf68f8c7218051c2bf2f878f7aa1f1eb9c186468271cf",
    ),
    ("grid_management", 5430015622721608710): (
        "ffb82a7977f708d035963d6da0a831b3693b229336090a613a38a1b4b3c438ec",
        "8cd106ca81ff0041a301429a9eb4f4a4414bce42221b4c351ddbdee2211b1318",
    ),
    ("grid_withdrawal", 6188685476487377752): (
        "592059e1a619b178bff10e040e5fa762774259726ea056f8ec06acedfa729c2a",
        "fbb85deb6db6710bdb0e8e38eab036cb48a94bbd416fa926582878dd83151715",
    ),
    ("grid_withdrawal", 5430015622721608710): (
        "bd3569928a46da7a72eea8aa0f00744ff88a514768c2aa3fe7eb3fbe7457edbd",
        "0a8d864fda0ca5bb1a848ea80289995638c1ca0c710fb0fb3e3a77540e156cef",
    ),
    ("high_mobility", 6188685476487377752): (
        "a3c841124dafb2c7fea284c03c57af67b51def8ae8d1e8d8044badc2789f58a2",
        "859fdc95b2a16656b0da3e93db47be10b7d51f503daaeb2cc83afba8a90992e0",
    ),
    ("high_mobility", 5430015622721608710): (
        "20c21e6d344da4a2f38f5c0d821f0607ae75f0601b4d24cb010ab52bc28e4828",
        "b250ec67228e860959ea6710cdf0056a21bffad483cfbe0887d376f2bf43fe80",
    ),
    ("micro_self_governance", 6188685476487377752): (
        "0dc7397cfe519e5225d066f20de42e5ba3ae757e952329cf3933f192a58f31bc",
        "26e6d6a05dca0c286faf872030c23dbc670770a60951bdfff6b6a78e795a2f20",
    ),
    ("micro_self_governance", 5430015622721608710): (
        "f2de55e3a895eabc1393faa011bb96ab2f375fef9d789f3542f1c27040f03799",
        "c53cb7b439c2b04ab6dfb256c58948301bccfdd018b47288b1e8c52093882270",
    ),
    ("status_quo", 6188685476487377752): (
        "66027e1031167561d501ff6f9bdfda3830baa825377389cc038ee3115f55f4ac",
        "f00e6ef47f70a5cafb0983cbfc7c0218ff61da3b2b6b423e514c334d9f9290ee",
    ),
    ("status_quo", 5430015622721608710): (
        "29c69c4009465c20c483b6f84cde0b8f6222083084bb7090837ab8223834932c",
        "4aa88db1023200fe63ad8aa385f7aa2cc7ec252f1cae17bf9e03ee166edf4412",
    ),
    ("wenjiang_eight_items", 6188685476487377752): (
        "69a23aabc2280c94131900d52479b030c6c62c1d35c24104590b7ba7e3ffe300",
        "e0f9684c0b8171fa33a11c6cf50f9bb9794b9eb6d2d6ed02f863c44918986586",
    ),
    ("wenjiang_eight_items", 5430015622721608710): (
        "e4b9253be8426e2b7e07bb0f5479836645e12d22c80b970ac1fbb3aaa17f0c50",
        "f57a14d4f59e456a536e75cc81db7464d3d4d8552f6c069aef27534b144a1bd1",
    ),
    ("status_quo+admin_first", 6188685476487377752): (
        "079bc22b3db29eef229580990212ac537208970654e3bdee335c900e8f3fb84e",
        "a76a10350c013ab0b1cc881a036dab1810b16043e8303e791d22c3e4c5521a49",
    ),
    ("status_quo+group_reference", 6188685476487377752): (
        "3a81a093175ad756e830ac3b5060fa95401b1c87791b80dd60d15591d7f09de6",
        "dec10b016d66e14108a739f4eec681a986316a0021196cdb6f6bd0718e812972",
    ),
    ("status_quo+doorway_crowding_in", 6188685476487377752): (
        "a23f75c4aa16518b467e4c1f629a396ea0d595495dcf436e83ce72ccb1f658e4",
        "9ff6ed8b2abe6a59c31ff151bbeb18d9049a1b6ac5e5631e96c815af01f6c5b1",
    ),
    ("status_quo+no_mobility_fixed_thresholds", 6188685476487377752): (
        "8094a4a7487e5ff619218f38870d1047ead6fd52ddb4bb9454d8eeec976f985b",
        "5042b45e578be55c9c8f255b953cfbac598935668af1dc1959878a30887b09e6",
    ),
    ("status_quo+tie_rule_changes", 6188685476487377752): (
        "60651d6e05fc552e0e6ad58c05c636e8eda97aefc2db7d4c0affd70b70c5fc5d",
        "cae8e42810e81a817c7d48b8f1df978d8fe17fa9c7b2af4d1841ac11a84ca686",
    ),
    ("status_quo+injected_issues", 6188685476487377752): (
        "f0f792ab785cf4fb8f1b9c5cf9a9e38edd457ec0212c20e7a94903b6154d4eb4",
        "b9e59aff787129024ded9da567880ae3eea1f973b25f7819e00eeca1cdee0624",
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
