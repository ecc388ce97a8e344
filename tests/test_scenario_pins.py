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
        "e60a094d04e65386b8ddf8d6edacb5c8b21025dfbb682a8187e9b6ffdd19e2f0",
        "ddf26c0ccde7a52f2ec721bd947c85ae20a5d2474f5b41b225ee9c336145921a",
    ),
    ("building_councils", 5430015622721608710): (
        "63fa5444a4309d3e4b889572904019599d777a7b528ed0ce3ad458d6ede4517a",
        "3a6b51bd8ae57f5eac4674b5929fe6db28b3aba84a5d4d2a99bb0afe99e76b83",
    ),
    ("co_governance", 6188685476487377752): (
        "0069f7b22e3bc9ad77b58dd2e770ac59c90fa8394496e2f14750abc6d8fbc4c0",
        "6f72e4e902359b7f98221726564ef919c2103a4d5cb390af5a0a9aab7d16e7c5",
    ),
    ("co_governance", 5430015622721608710): (
        "c41fa0e12b6ce4789376ede059f08639b8586bb1b668d1a6e93553ac01e9a971",
        "9b2c3b2d412dc3e6cdfe9810feaeb5fd527e50dc896b44932c4aa327890aa429",
    ),
    ("grid_management", 6188685476487377752): (
        "98e8cbc0de2daf12ffef6e47e5b7af2165346b31469accb70f284f5c695b0d8e",
        "4cbd7eedc1c83f29e703303a19a9840ae7f87e4aa2409cbaabd102b29d21781f",
    ),
    ("grid_management", 5430015622721608710): (
        "7b57d355567bbfc93fc369e999b075c6f2519812f43d062ce55e71ed3be3aee1",
        "6d09312226befe6ea7e6f8ebec0fefd77ead1e8c99e02f2f4e7d3510c7db0861",
    ),
    ("grid_withdrawal", 6188685476487377752): (
        "b6c08ecd27569e21e948c9fd3bb6fa79397cb8c398052c96241cd36318d73dbc",
        "898f2be161836f50e023fd02d61f9bba0947ca226b87f883bc7da02785ba8704",
    ),
    ("grid_withdrawal", 5430015622721608710): (
        "2ff1840f727fdd82187cfdbdf9ae80b4fbcb8fcd36b6277ebbaa371a4782954b",
        "d5ca4122075063299d27379bbaa9cd83610429538f3709606a54efa017172db5",
    ),
    ("high_mobility", 6188685476487377752): (
        "628bcda3fa5fbacca2461b99a1dee5cd7449a0a945f195b27834cc436d87507f",
        "1adb821302ceecd0ca15fbc7cb572a57c512601ec4fe64d4efcb38b0a854eba3",
    ),
    ("high_mobility", 5430015622721608710): (
        "922c4827c09465b43510377fa2e288b1d9413cf2433e52f31444364c40306bdc",
        "b5ed9ecd20469b50b0686802204b62c6d28f6c4feb2d07706c7d46035a36f430",
    ),
    ("micro_self_governance", 6188685476487377752): (
        "e62440864fee9fb8d9267a31da6cd8f90af9e4e80670ecb00b1545f37a426505",
        "ed4e4a3a7494dd56db1283542cba868775670548a109ffac830383ce667a80b7",
    ),
    ("micro_self_governance", 5430015622721608710): (
        "db2bfe6040ce82a3c003009d1742a85f5c3cf515f3768d51230470699f5861ad",
        "bbd26581a1f77a438184bb8ac1c5969b4de7b0fc4c7996ec56bc61d5965297d9",
    ),
    ("status_quo", 6188685476487377752): (
        "d726a94bebdb04b9b4dba7fe32cac098cb33d070c93e2b9a0928c726697abffe",
        "106a2c47a52183ca17107ea6baff6fd927829c5030d405dfdf0c4582880d2abf",
    ),
    ("status_quo", 5430015622721608710): (
        "4f9331e41acab87667a706139261b7057c2996b221fffca1be82df2e5788045d",
        "8dde4ff3c9824caf6ca2ebeeb3bc74c505b3038d1ba74c134837a305e541e047",
    ),
    ("wenjiang_eight_items", 6188685476487377752): (
        "e3ace4a5389f96275a004af5976a92dddb0b74cb7450ba20e2e7a223650603ab",
        "8a93efd5c55838d81b3c75a625fe72d2b00cd6f04aca40d398885aa39bd2ab9d",
    ),
    ("wenjiang_eight_items", 5430015622721608710): (
        "85566c55ef4043a558c18258db991420272321304c3c177610a70bd3d3fb6fad",
        "c65dfc36f541d08a6cd643c72f25c4fbadf0328f6d367a91bd3ea7d847d9f9cd",
    ),
    ("status_quo+admin_first", 6188685476487377752): (
        "9d36d0da4fdcaf3d9c2f22ec02aac177082dfe54b338d4ad24154cf30f4fc7ed",
        "3090e214981fa173e18fbd2541ad298daf17d0f2d33a63b0594370d90b7fa420",
    ),
    ("status_quo+group_reference", 6188685476487377752): (
        "0ad71cd03445066983d32e110122a34567e8fe29f84a2367ae47700b5d31f92b",
        "550df6bd5483231141894323d5a33e77d834a4b482f9d7d934b978175d5e4ff0",
    ),
    ("status_quo+doorway_crowding_in", 6188685476487377752): (
        "25709e8951f9cced10d0da6f8b8a1f9b5ebb7603b70ecde2c0d2097afa6fd879",
        "6812a4f72744e402aea62db89f39d9069302601a6f5fbdf678c8d85d9651dd01",
    ),
    ("status_quo+no_mobility_fixed_thresholds", 6188685476487377752): (
        "689f6bebfa276c180122b6b47aebcc15f63de4985781b82c9dc8146d034a0a5a",
        "79ad3bd3fb598eb195e0cdcdba6c04ee407120087b1e2e4eb12881243c4cc5e2",
    ),
    ("status_quo+tie_rule_changes", 6188685476487377752): (
        "0ae3a8158cbf4c6ee3950301d67acd0bc790d998d12c6850266fb16d45cdfd1a",
        "9f92eafe1bf3193d55b2c8e327f37075a7805ac7b8595e77cad3f5952905419f",
    ),
    ("status_quo+injected_issues", 6188685476487377752): (
        "9e39436070ed064fc5b23e7086a47a5a249ce7faf6dc54e0a5af738a77cb5953",
        "87ea0358e9eced3228e3611d199c17b0c4c4bf8892af8c452f0cf7d7a42331f6",
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
