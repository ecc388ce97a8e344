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
    "eight_items_rigid": {  # 社八件 imposed as written: the fit and the crowding (ODD 7.9b)
        "params": {
            **dict.fromkeys(
                (
                    "development_plan",
                    "community_logo",
                    "community_song",
                    "residents_convention",
                    "community_sages",
                    "functional_organisation",
                    "demonstration_building",
                    "citizen_centre",
                ),
                1.0,
            ),
            "template_rigidity": 1.0,
        }
    },
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
        "09e064906c4030f54edb77200dbe05e0915ba199ef39f5fc7e1d4b235745b14b",
        "3e7aaa45dea750cb05e11092727ff606339eb043ce7d653307535855d5090759",
    ),
    ("building_councils", 5430015622721608710): (
        "fff0e23f1a75ca6a8f46c59af9c3e8bd4512c49c2b1426d1d7574173365f7aba",
        "436d8e2778da8e019f57544b134db7c40f004738a54c98adfef7ca65baee7b91",
    ),
    ("co_governance", 6188685476487377752): (
        "4487f3580800acb56910fa3f8c886c2cfc2b8c37ec2058694be68fd60be7c4c8",
        "3b1fbf102ecc4303eec0a45f8faa33095d5728bb46623288b3575ea3ef81c055",
    ),
    ("co_governance", 5430015622721608710): (
        "a0c0fb5319b4a76a0dd7afc33091b85fb1727e1d34c9c619b797bfb64a7aaddb",
        "04cf5c8c17d04ca6e65ade3693648295245204bc2621ab0af682d1fea1125dcf",
    ),
    ("grid_management", 6188685476487377752): (
        "641fad9d5a2950474a42aa5a67629c3749ec3aac2ef2f383adb3e9308a2840fe",
        "fa7eaacb36bd66c9aa9b61f0e6dc2d00921a6f3a725d426aa31f73d45e5829ca",
    ),
    ("grid_management", 5430015622721608710): (
        "a64b6cee01ce783005a856eec1af332e984a772946dabab5b1f9f3e42b10f5d6",
        "09091319c5cc54db07809b8fec063f575c7ca6d789493fccff368d97ed93c44d",
    ),
    ("grid_withdrawal", 6188685476487377752): (
        "a2d1468dcdb06d7532a5766486cc1b90fe3a34a612547a987a55b9a66fee18ba",
        "f361f76b81c2005d3136ba526facfbc4a5c72950cc6d881e0658b27478127c97",
    ),
    ("grid_withdrawal", 5430015622721608710): (
        "3bc155e2c6471666230a0b6abe5e103728d19aa7ba05f074c879614e4fdb8e26",
        "fead1f80661f270f4093adb2e7e8cef485e917f0c919305c02e8e20eda5a82ec",
    ),
    ("high_mobility", 6188685476487377752): (
        "1be3201dbbb9b8696fb9ab57ba9e03fee7bb505d9075520b2decebd7312b501a",
        "d239c64e3219e773a41cf953c704d53e461a4d5a4dff9894929901639a7acc2c",
    ),
    ("high_mobility", 5430015622721608710): (
        "240027d7325f07d2e2a67b61caecf939ffe40c597d41af242e89a9c20054cd5a",
        "281f07a9c50682f177c2ba44bbfc5ed851e143334301caaff99191058f215525",
    ),
    ("micro_self_governance", 6188685476487377752): (
        "4c39f5bc8fe3f1dc38b35a6755d12f389b7aa24c5bfbaa0beb3263345cf5f068",
        "48cf0efb541ca5d10fcec255a9745522ee835b3b8d57b0bdf12b26c24a27fea3",
    ),
    ("micro_self_governance", 5430015622721608710): (
        "b8762e49310c6d5572125a941a053e0d33dd1c18f55a25c4169e1e8277ac3d59",
        "5767a92da1e931c8f1660bfe8b982cf37801723231327259aa38ba8594ca8703",
    ),
    ("status_quo", 6188685476487377752): (
        "c00d39676f289cd870136d6780995ec8353eadf4cf0f4911cd195dfe2e2577f5",
        "a03ed37953178b9a085fafa49cba1f4ea53008e7dcfd5a28b721c05840a71dd8",
    ),
    ("status_quo", 5430015622721608710): (
        "ec4309ee0a574b014af112f6a62cc39e0d532e3a650b23e4a6a4164a7e108abb",
        "d09d52cadfa0ce400a83ecb0e34bb0c9b631d4985e9821927145371a4470e3c4",
    ),
    ("wenjiang_eight_items", 6188685476487377752): (
        "0cd3476ca652c48cee68ad34ae3796c2e1ef88545b6019cb357eec9724cea846",
        "a4954cbc1198b92be38c61dd31da89bb08c6fd98e85b2bd6d9c3582d34e17499",
    ),
    ("wenjiang_eight_items", 5430015622721608710): (
        "e31e5c53f3d9ffb21f624fea75c96a1ee29a8bc1794b67808b3617533aa3c3ab",
        "3e21f07dc8e70103936e3caaa0fb0f9d132b1598cf5f9a68b019441f1041610c",
    ),
    ("status_quo+admin_first", 6188685476487377752): (
        "e6c7cb247f58de228baf302fabf04d52263cae25ae4e52510ecb6b382825b6b8",
        "322bbdc21cfd386db4dbecebd72df0da64ee8379d68c25c8fd8d43652b2c2a57",
    ),
    ("status_quo+group_reference", 6188685476487377752): (
        "94820c2614f84238c931e9269ddf3954d75ba97d0727fbcaf4c9b2b7b5726811",
        "57de5d8f6de7e4c215bf573d6ed6b02063888a96526415335e26f70157e0b962",
    ),
    ("status_quo+doorway_crowding_in", 6188685476487377752): (
        "24cb647c4da022b0783eddaed2dbfc526e5175047e2205f9aea226f660c2e728",
        "b9785ca61f3374039ffa165781d82880c49ed6beb576685106bc4bd5fcdf5d66",
    ),
    ("status_quo+no_mobility_fixed_thresholds", 6188685476487377752): (
        "b07f21906b39b9b3518d7d8533a8939ba11b712025040d833a59d085d3478279",
        "d58331addfe166247395d781f9dbb962a4ecd60e2ac9db7ad1d4a7c21fe9540a",
    ),
    ("status_quo+tie_rule_changes", 6188685476487377752): (
        "488a73256efb9240e27e0981fa78f60db9113e5a7a4f41849326b8b1dc734cc6",
        "c731bdccf359fe05bb6c68e8aca125a5d565e03824eb5040bd6cb5374d68ab57",
    ),
    ("status_quo+injected_issues", 6188685476487377752): (
        "fa730561fcf2c0728fa9954fd6bb5a4d982568483aad3d04fd5a9b8e517e9fc8",
        "879c3230947264276bf2cc3549988d83a5f3b555600f5735b2be166e333a53aa",
    ),
    ("status_quo+eight_items_rigid", 6188685476487377752): (
        "6d107bdc3b71bae6ced1eec5081cb0536fadd61a0ae9f01affa59bd0bfdb888a",
        "85c814034ca4ebd3d52626a871f271a4d524a55d6f4a613a27392a6b3e60160b",
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
