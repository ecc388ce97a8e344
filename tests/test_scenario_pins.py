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
        "4b4e907f65bd08225e4263733324a82ba3cb0346dfc8ef4c3a919f61b94a1ce0",
        "181c4c1589cfb7faf93bb8ea8d646d5c91b488e7c9f32d24e589786ed61625bc",
    ),
    ("building_councils", 5430015622721608710): (
        "c4d8ad9b1c5d1d147a3fb53a8fd9d19a0f9d746944dc8b71ef35ccd59e4830ca",
        "4bcea0f845ae03ef54416ad2b7acf96bf01b257d3087465de5f9503ed737e1df",
    ),
    ("co_governance", 6188685476487377752): (
        "1f5a720d61095354e3e9283d28c82022fbdd6928c6ef964f211ccf20b992971b",
        "141a689789245a3a93156c9a2e7101fbc552c91642823004e21bbfba2306f19c",
    ),
    ("co_governance", 5430015622721608710): (
        "0dbd1590ad3e3bbb7a0a504118141f3cfc9c0119a05f854420c75ad5a4359868",
        "52dd86098d2f9176e9951d2afc2ddd135d21aeb1513f0324f88df863a928d2f3",
    ),
    ("grid_management", 6188685476487377752): (
        "e05bfa00a6918cfb8fee6872b36d0cdbf840bdbf0a2a76f519cfb6312813b9d0",
        "46fc9b68688431d0a1a433c484f558e7307dbf99cd1c3e91fef9d0338091506c",
    ),
    ("grid_management", 5430015622721608710): (
        "eb8945b860022900d209a973158bce1b492bdc39bc233d0850effd08867dd579",
        "584dc52d85efb17285824735ab14f1c5b799da11cebf6ca8eafe5dad3134eb7f",
    ),
    ("grid_withdrawal", 6188685476487377752): (
        "49b5ceb869edba952bc1d31762e9281a6ae50d6008a03575345cc46cf5e39f9a",
        "dc829edc6f38acd59e32363d2856e84c16af0dfaaa0a22fa81b519028554f60a",
    ),
    ("grid_withdrawal", 5430015622721608710): (
        "33d7747d23f116d3d5eefa327c807e88a60cbc5b8dae172c19915f995cedebea",
        "49531cd644ba96472cfc0162aaccdd7d9c7f4dc689d8b835f844f1d1bfc7b116",
    ),
    ("high_mobility", 6188685476487377752): (
        "b7538a6a8288e27efdcabf16c9ee7c783962492724a854cd3f99019554076af4",
        "775e7622a01d5b7e1e76c75cda7c02ffc0df260bedad1a3b47a51dde3b322a74",
    ),
    ("high_mobility", 5430015622721608710): (
        "d5b8be70d0ffb672d178d0d270460969eabdd06dcde7dc743fcf1f7c380ef0ac",
        "6d81fa40623588715146750591cb9b94263ae4efeae4bddb45de2b96744b6ca9",
    ),
    ("micro_self_governance", 6188685476487377752): (
        "04cbeaf7231cb843f6347c718203597318c2feee12ea91e3ff5200561cdb003f",
        "cc62a4a2051db7e48ea7f1cba264a114b309a8818ef5719f86c69791c45f4f2a",
    ),
    ("micro_self_governance", 5430015622721608710): (
        "7cd7ad8773486a42f4a3b3fab3aa328a430d38277ee0d4187616bab06089ad81",
        "016fa5c8c27c8f8903b1bb8887beaf0394dbfa1d35638266261882048e015b76",
    ),
    ("status_quo", 6188685476487377752): (
        "3b984c2f48fe81d6f558aef9d929545f8a0f9b425a8877c630fa9a1123280d50",
        "07be53b8162e96bd6d4b75b88abcab142b58180b117141b043e8590f4113da94",
    ),
    ("status_quo", 5430015622721608710): (
        "9d257eb3b873b5bbe3cfbc0978fec4320fc2e5d6fd928c77b7200f9c611e8412",
        "1afab6c23cda335bb9c8e597e58119cb7ae3835a3ce3333e6f139a138a1bfa0f",
    ),
    ("wenjiang_eight_items", 6188685476487377752): (
        "85d6215d9ea2a09098591ad111ec96f995d2e22e151769af830902694f68d220",
        "39e4592cd03621d1bfdf366324258b00ddaaf24ed6f7ec62573bce171bb362a4",
    ),
    ("wenjiang_eight_items", 5430015622721608710): (
        "37e178140b8b0e69ed8c768e5be8d25d5bc2573d5a42d4e19ff5bae6a0a57f61",
        "4dbe5a5057fcfd364814f6a685b856a67108c5c0ecca02f86e874a50f1018e0c",
    ),
    ("status_quo+admin_first", 6188685476487377752): (
        "02defefd2b7c514cf781ca792363b4a7f2d71dc911bc53db2de8c669fac85d6a",
        "35fc1f5e0ddd4fd9ad82b0a3c56f903931c6527f9b581df4e629fa4ef5a7c17e",
    ),
    ("status_quo+group_reference", 6188685476487377752): (
        "096792ea89dfe36e5c64e18bb1b95223705f3ee27a50f13ae5c464d2f91c70e7",
        "7732b4bbdc2503aa25638be62b3bf8f34cf3b941f5913f2e9eb77439ae248dcd",
    ),
    ("status_quo+doorway_crowding_in", 6188685476487377752): (
        "c1fd9275c876432d7d6aec56f9ca37ac89cebb0f53b26c035c543b91fdfc0449",
        "bec445319953f617aefe48b5e13db33f276ca20430226d32ac55224dcb16c7d8",
    ),
    ("status_quo+no_mobility_fixed_thresholds", 6188685476487377752): (
        "d8df19f92c49fa419612dc9a43b9d656d705ed1d0d11ccc790ea7ced68be29a5",
        "a4af2b983628ba5160e3c7d229a75c015b6d333a7165c41da51a57cb3280ea99",
    ),
    ("status_quo+tie_rule_changes", 6188685476487377752): (
        "74df8cba7b18e6d45c44ded9484b09534ac54b4a3c8f899b353dbad011afde12",
        "8b6554c141f98a504f3749e888caca2f6cde80e91cd111aa2b85bc026dc9296c",
    ),
    ("status_quo+injected_issues", 6188685476487377752): (
        "4321bc9c88390f61b780afd0143fa8d8c75925617b95660a1db5433e0e8efdd1",
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
