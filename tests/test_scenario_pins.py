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
    model = MicroGovModel(rng=seed, policy_timeline=timeline, **params)
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
        "25ce5e50730beaed4e191a57cec8a78b2cc614a5b823088cd59601c282e664ff",
        "2f07a11fb77f2205af385064cf139ebedbaf0e4c2a834ad3cc80ebeea292c859",
    ),
    ("building_councils", 5430015622721608710): (
        "5f46da62fa6934139cfba9d12d94c230830b5bc5a31689d8bc2773b05218b0e9",
        "a67159098efbc2ef0e830be5664a33c6e0559c60d2696047f8e0f3a1d32c9dca",
    ),
    ("co_governance", 6188685476487377752): (
        "5dce36890a316125e1db092bfab1788de016b83111c8eec681930933949cbca4",
        "e320b868f072607bbd2c4254c22253272f2fa28482469906a96bf4be3c8658bb",
    ),
    ("co_governance", 5430015622721608710): (
        "944b7c3e51e65e152d24381f3a38fa190f2c41a4b06954c978abdbd65fbe8004",
        "9edd52bf5d609243b7308cc149f4c825f73044811994d4aeb13a49aec11613fd",
    ),
    ("grid_management", 6188685476487377752): (
        "38f8481837b0d89fa7a1500f2f8d68f41e0a48d9eb2d85c874a66374273e1b1c",
        "78f10b57e1c31d8f1edc8cf16e158736e587fe3fdebc38e29b1001de0da262db",
    ),
    ("grid_management", 5430015622721608710): (
        "073ab3fe57aa6b8e27e9bd46ffe9d851c13adc005b295b04515a35d97e28ea67",
        "6329217e8c1b1f060173fd62cb15f253f21fc0a1cb44b10da7505b50d824b426",
    ),
    ("grid_withdrawal", 6188685476487377752): (
        "046ed33294904e611b2acdb19e3f3429e3e1c7369caf55887ce74a9463a45903",
        "f335fb56fbac962b1412486b75ed3a86aef52a9052f3fd67cdbce99c41f86999",
    ),
    ("grid_withdrawal", 5430015622721608710): (
        "f056201701001b23e508ebbcaa55dd71391c4a4f0d53a4c6b6a2ec86eb0f0976",
        "14e658cfb27df54b84bfee287841dec661212332b99703cbfee65931e9623446",
    ),
    ("high_mobility", 6188685476487377752): (
        "96c679df1497d92134a2ce8956ba342c2378aaa81221bfc809ebc0f9ba6d263c",
        "f52a2927ad089c02b3224d39461dca596b9fb6828e1d38d84484708247d4f6dc",
    ),
    ("high_mobility", 5430015622721608710): (
        "c679ef72d9c327ead89214f5dcdc5f925ad99d35513c8996bed39d5c28f5e4bc",
        "c608c39d13a657d865d939147c7996506c8090bf0584b3c3eb88925d447dc4a1",
    ),
    ("micro_self_governance", 6188685476487377752): (
        "5499c4955a40501f6730e2abcab3421f6d7550d0a244a63357497015921a98a5",
        "6591afcf8d3de68a4fcba7ad2af65ac112f6c63ad84be6b16f7a0b2cf68f1ea1",
    ),
    ("micro_self_governance", 5430015622721608710): (
        "a24c71fd1dd6f9f3c39626b90d1313020431c360d7a3bf088f38d54260833c8e",
        "d8c2724bbf06b174ba3c09b576dbcf2aebd5d95b9271d8f3e721c76ed124826c",
    ),
    ("status_quo", 6188685476487377752): (
        "0ad48920f6fdadf85fbe5adb41d70df9c2caebce230d967bf7bb1e451964538d",
        "8407a8223675fb8bfe02c86e173a9bce59756f86de1cb411f375778ac1629dce",
    ),
    ("status_quo", 5430015622721608710): (
        "91828752ebafbda0ba12d0d946ea0763744da6e6a5405da5cd1333ec25376cf5",
        "988c44bd17fea15aa67554a8eb6e6a977be228c9e166f8bc470867d0b3282178",
    ),
    ("wenjiang_eight_items", 6188685476487377752): (
        "1279d53626bc4a661e1e0c1392d9c3e0af962f24ec81fce6c0da3af86d49d4f3",
        "974a0f92684b39e202be2ee19685abd6a334d0f26d22966dca33d8f0a7a1215e",
    ),
    ("wenjiang_eight_items", 5430015622721608710): (
        "561c692975ed93a771d71d7688bbf961d28dee78609fda28e0f022552b252b27",
        "3bc2f3f92a142822444f33468908c57b26f61968c64f763727ca7add5e9494cd",
    ),
    ("status_quo+admin_first", 6188685476487377752): (
        "ee93b4d6f02aa33f294440c41c4016200f184bc4eed233c547e7f66ee8ad3dcb",
        "5e8f5399105a0e1cfc0dc3244870c1cbf07b21fc104905f42a37ca0bddacc245",
    ),
    ("status_quo+group_reference", 6188685476487377752): (
        "124ec64f6924d516d48868239ab1fd53d562cfb2c7ac52469f2264d19178e026",
        "7921b7b07fd8ba25825764a0b1d16cc1fd04aaa3ded8004c97560f02f7f3c579",
    ),
    ("status_quo+doorway_crowding_in", 6188685476487377752): (
        "a22c9e1930cfb6487e8ccea22bd95aab123d850ae8088f563f0532a65c50e4d7",
        "abe77841339e34ee40ea6d43559daed2e3282a07a2fe899affcccc1f0c88a24e",
    ),
    ("status_quo+no_mobility_fixed_thresholds", 6188685476487377752): (
        "c072eeed239742a88f1205bc20836e74c05e5fa43d55d56e6e0ef52a1a288436",
        "482f67ae8ef732dc8ec3b49c979f447450a3aba130fa27cd7fd4bde560f6410c",
    ),
    ("status_quo+tie_rule_changes", 6188685476487377752): (
        "41194f407eb6c69b81a7f4d9703e39d916e8ed928e6da97efefb6305a1f0435a",
        "aec5d4c6d69744db64592b5ff69f9cb5e090620eeb2e01b90a94af1f7591d16a",
    ),
    ("status_quo+injected_issues", 6188685476487377752): (
        "5847b23ea144469188596e9f5b861c6548cab3645636f2fd9d6681a5337f039d",
        "6da80deadae5b6403ff6e676150004fe68d22b6589e52614aff5c58e6fa53b8a",
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
