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
from microgov_sim.model.submodels.community_building import ITEMS

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
                ITEMS,
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
        "e67bb750cc13954bc485ef85400debf915247684319b724cc5c3919047031b67",
        "3e7aaa45dea750cb05e11092727ff606339eb043ce7d653307535855d5090759",
    ),
    ("building_councils", 5430015622721608710): (
        "393128e91f0cebb948f61186d8ce022a6085367db8a15c9ff5cd6dc095dcc848",
        "436d8e2778da8e019f57544b134db7c40f004738a54c98adfef7ca65baee7b91",
    ),
    ("co_governance", 6188685476487377752): (
        "7d43a0324fa55f5b1ccf053d47a6c6c679a557cac24f836b92223101bbe1ce46",
        "3b1fbf102ecc4303eec0a45f8faa33095d5728bb46623288b3575ea3ef81c055",
    ),
    ("co_governance", 5430015622721608710): (
        "02745f450d2ee9d3211fd6e72c80e0d3ee387b67d49f94eed1edc949d4a7d26c",
        "04cf5c8c17d04ca6e65ade3693648295245204bc2621ab0af682d1fea1125dcf",
    ),
    ("grid_management", 6188685476487377752): (
        "83c7180e3087bfba1bf4d6dd864969740961240292ff8ca0a930aaf27740aee1",
        "fa7eaacb36bd66c9aa9b61f0e6dc2d00921a6f3a725d426aa31f73d45e5829ca",
    ),
    ("grid_management", 5430015622721608710): (
        "853a2ba64cd8818f8466a931997c3133d36fe859976432dca0993d9096a8a531",
        "09091319c5cc54db07809b8fec063f575c7ca6d789493fccff368d97ed93c44d",
    ),
    ("grid_withdrawal", 6188685476487377752): (
        "c938c69f7764b37e214f6a817f4fea54b73e999391ee11bb00fd37cec54c7dde",
        "f361f76b81c2005d3136ba526facfbc4a5c72950cc6d881e0658b27478127c97",
    ),
    ("grid_withdrawal", 5430015622721608710): (
        "d2104a4e28d4d4525a9f8ae771fd52f05e2b37be2310da15eadf12cb3b7698ec",
        "fead1f80661f270f4093adb2e7e8cef485e917f0c919305c02e8e20eda5a82ec",
    ),
    ("high_mobility", 6188685476487377752): (
        "39238b1146fb2d8f6372cf20070d4bfd10eaede77f00838500af63f270f5b68a",
        "d239c64e3219e773a41cf953c704d53e461a4d5a4dff9894929901639a7acc2c",
    ),
    ("high_mobility", 5430015622721608710): (
        "696d7d821af4dcedf16dd59455e6a3510a4a0af594c16f27b1f4113ff0d30bb1",
        "281f07a9c50682f177c2ba44bbfc5ed851e143334301caaff99191058f215525",
    ),
    ("micro_self_governance", 6188685476487377752): (
        "7828c23cb4aeac635808d538d9bb2a4d3a43bfaa73d8670bb5d3219164d14db0",
        "48cf0efb541ca5d10fcec255a9745522ee835b3b8d57b0bdf12b26c24a27fea3",
    ),
    ("micro_self_governance", 5430015622721608710): (
        "65ac02b7b79e69d9d2fb5b0589a5cd2a39f77b188cdcbcdb7ee6408cf09c9ebb",
        "5767a92da1e931c8f1660bfe8b982cf37801723231327259aa38ba8594ca8703",
    ),
    ("status_quo", 6188685476487377752): (
        "b838680bae922575ffb8c698f0df1d2170af78730a7f6009ad958a963a704de9",
        "a03ed37953178b9a085fafa49cba1f4ea53008e7dcfd5a28b721c05840a71dd8",
    ),
    ("status_quo", 5430015622721608710): (
        "74c08c49639bc461aa617e69ea97127e5e4300e8a2e4404f22ba0c60b45e5a7b",
        "d09d52cadfa0ce400a83ecb0e34bb0c9b631d4985e9821927145371a4470e3c4",
    ),
    ("wenjiang_eight_items", 6188685476487377752): (
        "577c6531695d6b582e27c5afe5aed488cd9a775bade693d3046b94860c063098",
        "a4954cbc1198b92be38c61dd31da89bb08c6fd98e85b2bd6d9c3582d34e17499",
    ),
    ("wenjiang_eight_items", 5430015622721608710): (
        "abf7e70fcb44e6c74fb803d4a257815c44cd0d8f186efd71fd7c132253f0eb22",
        "3e21f07dc8e70103936e3caaa0fb0f9d132b1598cf5f9a68b019441f1041610c",
    ),
    ("status_quo+admin_first", 6188685476487377752): (
        "f408bd5458ff84505fda2997588b723a6144d58857d535590b93b5f8b2031d78",
        "322bbdc21cfd386db4dbecebd72df0da64ee8379d68c25c8fd8d43652b2c2a57",
    ),
    ("status_quo+group_reference", 6188685476487377752): (
        "6ee117d25bbbb6492a75c095c57617d797fb85c08aabbdbfa34496c66cccc301",
        "57de5d8f6de7e4c215bf573d6ed6b02063888a96526415335e26f70157e0b962",
    ),
    ("status_quo+doorway_crowding_in", 6188685476487377752): (
        "19eb01b88b8b941f88b84962181a385a0526287355f33eb44845957721f7b34a",
        "b9785ca61f3374039ffa165781d82880c49ed6beb576685106bc4bd5fcdf5d66",
    ),
    ("status_quo+no_mobility_fixed_thresholds", 6188685476487377752): (
        "52bb01efbe57304431f1c0ea9de4644f1b6387873519e4c9985502d8eeddadae",
        "d58331addfe166247395d781f9dbb962a4ecd60e2ac9db7ad1d4a7c21fe9540a",
    ),
    ("status_quo+tie_rule_changes", 6188685476487377752): (
        "78252fe46d912754be20ba71d9cc0e091e2914f93ce836208c9dcb58da74138c",
        "648205189642b3e1b460b3c53484c6a9a535bcfd674c885076dc5d20d33c75dc",
    ),
    ("status_quo+injected_issues", 6188685476487377752): (
        "d7a91904a875d37e6becddfd29003666a81ee93db13f7b9ca18bc6aa2464fc81",
        "879c3230947264276bf2cc3549988d83a5f3b555600f5735b2be166e333a53aa",
    ),
    ("status_quo+eight_items_rigid", 6188685476487377752): (
        "0a7f13d6927ddf32f4ee8c78ab2788c9cb4f9ffa8df115f60ccabf6a53339267",
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
