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
        "393e093fb5df375a0e21e8fc0d44abcf5ea6cfb602a2c5eaa8162b2243246fb2",
        "181c4c1589cfb7faf93bb8ea8d646d5c91b488e7c9f32d24e589786ed61625bc",
    ),
    ("building_councils", 5430015622721608710): (
        "836b10cd5a70040afa3c7fca38179de92613f97dca9876ae58607af5a9f7c928",
        "4bcea0f845ae03ef54416ad2b7acf96bf01b257d3087465de5f9503ed737e1df",
    ),
    ("co_governance", 6188685476487377752): (
        "8dbcb27f0248901bb5a399289042a315204a43f47d7fc958f9d5cc0c597fd68e",
        "141a689789245a3a93156c9a2e7101fbc552c91642823004e21bbfba2306f19c",
    ),
    ("co_governance", 5430015622721608710): (
        "414eb2e3b34cc7ba731dba09b26f50374c02fddfbc5ac9b7d8b59f997bf72c14",
        "52dd86098d2f9176e9951d2afc2ddd135d21aeb1513f0324f88df863a928d2f3",
    ),
    ("grid_management", 6188685476487377752): (
        "93ac6b685549c399ca50a8e4a882f2c1f7eb7fe3ec89394d28ddafea71be1b14",
        "46fc9b68688431d0a1a433c484f558e7307dbf99cd1c3e91fef9d0338091506c",
    ),
    ("grid_management", 5430015622721608710): (
        "cbadc04868b6a284e8b71462e744a0794fa94d9c81b2819e82bb68804bcc0e19",
        "584dc52d85efb17285824735ab14f1c5b799da11cebf6ca8eafe5dad3134eb7f",
    ),
    ("grid_withdrawal", 6188685476487377752): (
        "06d96c04032d16ff33c7a25dff1974dee786423470754f9b8b78c696b9dbd0c9",
        "dc829edc6f38acd59e32363d2856e84c16af0dfaaa0a22fa81b519028554f60a",
    ),
    ("grid_withdrawal", 5430015622721608710): (
        "17a1350738dc77364d9fc336e3e1b00da6a2f8cd70ee40663dab581575263006",
        "49531cd644ba96472cfc0162aaccdd7d9c7f4dc689d8b835f844f1d1bfc7b116",
    ),
    ("high_mobility", 6188685476487377752): (
        "ab7eba3c1e16356f06fcd60e0cdacfcb60265f24197c874b4c6957c01d54c69b",
        "775e7622a01d5b7e1e76c75cda7c02ffc0df260bedad1a3b47a51dde3b322a74",
    ),
    ("high_mobility", 5430015622721608710): (
        "4d3a1e9a9d5ca35f2accdcdd49242382f2aa381ea778fc3107fb1b2fb30c55e8",
        "6d81fa40623588715146750591cb9b94263ae4efeae4bddb45de2b96744b6ca9",
    ),
    ("micro_self_governance", 6188685476487377752): (
        "d20d161e354856da04b9cf3f0c53ccdbebfa7a9959317899802eb904640056b0",
        "cc62a4a2051db7e48ea7f1cba264a114b309a8818ef5719f86c69791c45f4f2a",
    ),
    ("micro_self_governance", 5430015622721608710): (
        "984d7dd80226e8e232efa57edf80ea2e989be398f48b51680c2790b14dce2d82",
        "016fa5c8c27c8f8903b1bb8887beaf0394dbfa1d35638266261882048e015b76",
    ),
    ("status_quo", 6188685476487377752): (
        "bbfc4b76248704b626f5afc9544d4ae247a5868891d7f3e2e6ec14df3a011e95",
        "07be53b8162e96bd6d4b75b88abcab142b58180b117141b043e8590f4113da94",
    ),
    ("status_quo", 5430015622721608710): (
        "5ad601e9111011ccd511bd56d084b459be4e59aa9324e17a9ebc851e072285ea",
        "1afab6c23cda335bb9c8e597e58119cb7ae3835a3ce3333e6f139a138a1bfa0f",
    ),
    ("wenjiang_eight_items", 6188685476487377752): (
        "47fc2c188032cf7c62df3883fb72aab1d23a7499d82fe25e42ebaccb05c3d476",
        "39e4592cd03621d1bfdf366324258b00ddaaf24ed6f7ec62573bce171bb362a4",
    ),
    ("wenjiang_eight_items", 5430015622721608710): (
        "56c2d7c0e49aaf0566273332ea9d2bafd15ee08234827d2494ecbdb24c204d4d",
        "4dbe5a5057fcfd364814f6a685b856a67108c5c0ecca02f86e874a50f1018e0c",
    ),
    ("status_quo+admin_first", 6188685476487377752): (
        "04b9567b12d8645e971336ef0dfbac6448d34a1a79011240554c13ebdf00a84c",
        "35fc1f5e0ddd4fd9ad82b0a3c56f903931c6527f9b581df4e629fa4ef5a7c17e",
    ),
    ("status_quo+group_reference", 6188685476487377752): (
        "8049d2663ff4d43046394022937e3de6b3174035480388c5c382fc97313b8e17",
        "7732b4bbdc2503aa25638be62b3bf8f34cf3b941f5913f2e9eb77439ae248dcd",
    ),
    ("status_quo+doorway_crowding_in", 6188685476487377752): (
        "1fb1335912d2b7f4baae7b7359e112b6b809e3c9a685a462c10e4b7ce8f6f844",
        "bec445319953f617aefe48b5e13db33f276ca20430226d32ac55224dcb16c7d8",
    ),
    ("status_quo+no_mobility_fixed_thresholds", 6188685476487377752): (
        "6a14ddb2b5a0f9a1fad9c2f07fcb601de7e4ae2540fd0f8e38bff140412cfe75",
        "a4af2b983628ba5160e3c7d229a75c015b6d333a7165c41da51a57cb3280ea99",
    ),
    ("status_quo+tie_rule_changes", 6188685476487377752): (
        "101262bc76c306f6edc98b1a6291572b8f1bee701389748acb0137361fd8d4ce",
        "8b6554c141f98a504f3749e888caca2f6cde80e91cd111aa2b85bc026dc9296c",
    ),
    ("status_quo+injected_issues", 6188685476487377752): (
        "02020921817951b39942d11fd368b55f70dd49545d4025a288953aa1b43014f2",
        "fa8b51594e57a3f319c723285f5ded4cf8b85a0ae6f53796535556a33d4b25fe",
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
