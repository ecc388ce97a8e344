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
        "af4b833247128382e5808af5548cc25ed2ff2c96ba93e48412828f3c3df551ed",
        "ddf26c0ccde7a52f2ec721bd947c85ae20a5d2474f5b41b225ee9c336145921a",
    ),
    ("building_councils", 5430015622721608710): (
        "7721304e82208e8a08e0075473f54ac2e5c8b1ae5f9f2ad9705db8598359188b",
        "3a6b51bd8ae57f5eac4674b5929fe6db28b3aba84a5d4d2a99bb0afe99e76b83",
    ),
    ("co_governance", 6188685476487377752): (
        "0b1cdf49eef45940a73e7533245a32866fcae914d520378ff9d97133e7e34082",
        "6f72e4e902359b7f98221726564ef919c2103a4d5cb390af5a0a9aab7d16e7c5",
    ),
    ("co_governance", 5430015622721608710): (
        "53889ad6240dd3a613353a673b1947567129c7428a7b792add35634f9b6b5df0",
        "9b2c3b2d412dc3e6cdfe9810feaeb5fd527e50dc896b44932c4aa327890aa429",
    ),
    ("grid_management", 6188685476487377752): (
        "b995eb4e4dedb4b52def2c104cf50bf1746c5f3a4c8a49db2e2790626dc304e2",
        "4cbd7eedc1c83f29e703303a19a9840ae7f87e4aa2409cbaabd102b29d21781f",
    ),
    ("grid_management", 5430015622721608710): (
        "3f65941ca941ae517255553eaf8325683cc553afacfa70321f7632d7737edf88",
        "6d09312226befe6ea7e6f8ebec0fefd77ead1e8c99e02f2f4e7d3510c7db0861",
    ),
    ("grid_withdrawal", 6188685476487377752): (
        "c4b084ec15805db981ce6d5d8beb67be3dccc529c8e8477f5773ed2f923a03f8",
        "898f2be161836f50e023fd02d61f9bba0947ca226b87f883bc7da02785ba8704",
    ),
    ("grid_withdrawal", 5430015622721608710): (
        "854258ca61c33837386fa42c84359a5cd6bc857d6ae87f5b83764807883b61a4",
        "d5ca4122075063299d27379bbaa9cd83610429538f3709606a54efa017172db5",
    ),
    ("high_mobility", 6188685476487377752): (
        "8782dae0c2ca92c136cc618afa7d36455ca26908c7a023e6060994082edaf6a1",
        "1adb821302ceecd0ca15fbc7cb572a57c512601ec4fe64d4efcb38b0a854eba3",
    ),
    ("high_mobility", 5430015622721608710): (
        "376292834f828b03b5acb983d732673ac294648dc6204d7174690fe4fc100d6f",
        "b5ed9ecd20469b50b0686802204b62c6d28f6c4feb2d07706c7d46035a36f430",
    ),
    ("micro_self_governance", 6188685476487377752): (
        "b09e8844ba1b140e34bd7853523b812daa5b49e70aef2f71cf16da3208a826ed",
        "ed4e4a3a7494dd56db1283542cba868775670548a109ffac830383ce667a80b7",
    ),
    ("micro_self_governance", 5430015622721608710): (
        "7ad51ce38782d487de37e5c21ccf3408fb8b9012f6a48b35bb831fe19ab610b1",
        "bbd26581a1f77a438184bb8ac1c5969b4de7b0fc4c7996ec56bc61d5965297d9",
    ),
    ("status_quo", 6188685476487377752): (
        "10e88743f2adbd5304ddb2856cc77a2b295d867401630a8b8fce5d9adfb96ee4",
        "106a2c47a52183ca17107ea6baff6fd927829c5030d405dfdf0c4582880d2abf",
    ),
    ("status_quo", 5430015622721608710): (
        "e33f52646d24c532830ee3b708052ad3a5940260df2ed2aab804eb94d96ebafe",
        "8dde4ff3c9824caf6ca2ebeeb3bc74c505b3038d1ba74c134837a305e541e047",
    ),
    ("wenjiang_eight_items", 6188685476487377752): (
        "4121111c1287600ece7fd6782120148297e5a736ab2c93577224e63926a34af2",
        "8a93efd5c55838d81b3c75a625fe72d2b00cd6f04aca40d398885aa39bd2ab9d",
    ),
    ("wenjiang_eight_items", 5430015622721608710): (
        "d5b352ff07da8056e348274fea7c9092dd1ea9a1f0ccc7287b7932a899e899ec",
        "c65dfc36f541d08a6cd643c72f25c4fbadf0328f6d367a91bd3ea7d847d9f9cd",
    ),
    ("status_quo+admin_first", 6188685476487377752): (
        "8f7602d5445e179a5391249ed8ae01027d52af144a7bc4e559493b6788759073",
        "3090e214981fa173e18fbd2541ad298daf17d0f2d33a63b0594370d90b7fa420",
    ),
    ("status_quo+group_reference", 6188685476487377752): (
        "dcf2bfdd73b9e512c58be81acd5e0b103f6ec5db1562c83d4cf59221946f68e1",
        "550df6bd5483231141894323d5a33e77d834a4b482f9d7d934b978175d5e4ff0",
    ),
    ("status_quo+doorway_crowding_in", 6188685476487377752): (
        "0d3791307331042ad25e4a3824655add6aeb721e7113aa96f224454bb87bfa0a",
        "6812a4f72744e402aea62db89f39d9069302601a6f5fbdf678c8d85d9651dd01",
    ),
    ("status_quo+no_mobility_fixed_thresholds", 6188685476487377752): (
        "ea5147dff251e50698f079045cb516ccf89b1f9d929d83fb70f5c78b8e58133a",
        "79ad3bd3fb598eb195e0cdcdba6c04ee407120087b1e2e4eb12881243c4cc5e2",
    ),
    ("status_quo+tie_rule_changes", 6188685476487377752): (
        "575747c78f121230fad36b54c40c8aedaf8eedd69dace119c9ce8e4353ab44a7",
        "9f92eafe1bf3193d55b2c8e327f37075a7805ac7b8595e77cad3f5952905419f",
    ),
    ("status_quo+injected_issues", 6188685476487377752): (
        "8c6d28815eb090c2bc89331ed597f8e32bdba3156a85c9b7c56f438bca7e6119",
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
