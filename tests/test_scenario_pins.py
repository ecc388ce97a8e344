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
        "d703d3cd740794f67022ae7d87d71f76beeac9d02530992d615eccdfdaef033c",
    ),
    ("building_councils", 5430015622721608710): (
        "5f46da62fa6934139cfba9d12d94c230830b5bc5a31689d8bc2773b05218b0e9",
        "4f0a301a0efc1afa909dcfebd5958fca9e73ea1ad3d8edfbbe8b8514fe2e7f95",
    ),
    ("co_governance", 6188685476487377752): (
        "5dce36890a316125e1db092bfab1788de016b83111c8eec681930933949cbca4",
        "c889229e581c41e4d7c5f24d83a22f0c0a9721b0abd182ef549bab48c47f8efc",
    ),
    ("co_governance", 5430015622721608710): (
        "944b7c3e51e65e152d24381f3a38fa190f2c41a4b06954c978abdbd65fbe8004",
        "6b3baa7b689b6c07ad54a71dad65c53b0b5b489baaa9d80039a5dc52fd93188a",
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
        "f860f359c1f43ee71ba25a0f79adad3b3f722d7e78940a37ae124f4d931c7422",
    ),
    ("grid_withdrawal", 5430015622721608710): (
        "f056201701001b23e508ebbcaa55dd71391c4a4f0d53a4c6b6a2ec86eb0f0976",
        "31c3c7584dfd46560c9aa347bff31cc828e9d786f888f6100db757fd98dcda90",
    ),
    ("high_mobility", 6188685476487377752): (
        "96c679df1497d92134a2ce8956ba342c2378aaa81221bfc809ebc0f9ba6d263c",
        "2882bb28e83b6f5b5fff81893b4c4af4ba3ba11c4dd1ca2f8e0965f03d4b10e3",
    ),
    ("high_mobility", 5430015622721608710): (
        "c679ef72d9c327ead89214f5dcdc5f925ad99d35513c8996bed39d5c28f5e4bc",
        "e0b631d22530e540a41555dda06f0f54e9c13fdc9fb9ef40167df75e02df8316",
    ),
    ("micro_self_governance", 6188685476487377752): (
        "5499c4955a40501f6730e2abcab3421f6d7550d0a244a63357497015921a98a5",
        "dfe9adae2f6befd76aacb24701012c17cc64a950dad7fa036fb94433b30a3e62",
    ),
    ("micro_self_governance", 5430015622721608710): (
        "a24c71fd1dd6f9f3c39626b90d1313020431c360d7a3bf088f38d54260833c8e",
        "800a2e7101fdf56ba1974702fc02ca204f4bdcec5ebe031c77e5c0006c746a01",
    ),
    ("status_quo", 6188685476487377752): (
        "0ad48920f6fdadf85fbe5adb41d70df9c2caebce230d967bf7bb1e451964538d",
        "2c86cd1f9b5b40871beba0bd3328ee80cc08b68def1a399209b52e5f5b3c4852",
    ),
    ("status_quo", 5430015622721608710): (
        "91828752ebafbda0ba12d0d946ea0763744da6e6a5405da5cd1333ec25376cf5",
        "0a36576961c7f555f6cc782a3999c30625e3c5c814cd2c28222b9807bd61437d",
    ),
    ("wenjiang_eight_items", 6188685476487377752): (
        "1279d53626bc4a661e1e0c1392d9c3e0af962f24ec81fce6c0da3af86d49d4f3",
        "63b0f9b2d6db3ebbad34e11adf58d512d97609e796e467e2860a2e6cb231360e",
    ),
    ("wenjiang_eight_items", 5430015622721608710): (
        "561c692975ed93a771d71d7688bbf961d28dee78609fda28e0f022552b252b27",
        "7a46cddada2424c6047bd28b871a63b857b35867968bbbeca072f1b13dc256a3",
    ),
    ("status_quo+admin_first", 6188685476487377752): (
        "ee93b4d6f02aa33f294440c41c4016200f184bc4eed233c547e7f66ee8ad3dcb",
        "8391e466396764ced6f8925b1e8b20c244bbba7e58ea16584947da33102d3e22",
    ),
    ("status_quo+group_reference", 6188685476487377752): (
        "124ec64f6924d516d48868239ab1fd53d562cfb2c7ac52469f2264d19178e026",
        "6b36ce6a6889bb258ac7a0ecc21351506e4a1b33a602fd266de180969ac139d2",
    ),
    ("status_quo+doorway_crowding_in", 6188685476487377752): (
        "a22c9e1930cfb6487e8ccea22bd95aab123d850ae8088f563f0532a65c50e4d7",
        "b9c09be71a278b04a95fe64c3f8dff95c1f772db60e5caf70c375ece0348b991",
    ),
    ("status_quo+no_mobility_fixed_thresholds", 6188685476487377752): (
        "c072eeed239742a88f1205bc20836e74c05e5fa43d55d56e6e0ef52a1a288436",
        "110b872aacbb0f7b50d10555e5373949e5daf00903e0d746efff2389ff24d45f",
    ),
    ("status_quo+tie_rule_changes", 6188685476487377752): (
        "41194f407eb6c69b81a7f4d9703e39d916e8ed928e6da97efefb6305a1f0435a",
        "ccaae103422e8b21c3783f3eeedb72673225e61bd30e5769264a89307efa0cb1",
    ),
    ("status_quo+injected_issues", 6188685476487377752): (
        "5847b23ea144469188596e9f5b861c6548cab3645636f2fd9d6681a5337f039d",
        "19007987f0422872035f01750b416a9e949bc1ccdbbdac3848c368b2b14ce4f9",
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
