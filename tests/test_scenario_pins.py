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
        "55199d5c917b0951687b0475473396405d66704b847826a6f3aca218621f7985",
    ),
    ("building_councils", 5430015622721608710): (
        "c4d8ad9b1c5d1d147a3fb53a8fd9d19a0f9d746944dc8b71ef35ccd59e4830ca",
        "4b14e3f9ad026920e4a64acdac5485f867959804c6439d2ae5b1cc972ac0a4a4",
    ),
    ("co_governance", 6188685476487377752): (
        "1f5a720d61095354e3e9283d28c82022fbdd6928c6ef964f211ccf20b992971b",
        "f04a4a81629b46b7031ba621a230cac174fb6a37e604fd8ef45f445bb950cb55",
    ),
    ("co_governance", 5430015622721608710): (
        "0dbd1590ad3e3bbb7a0a504118141f3cfc9c0119a05f854420c75ad5a4359868",
        "c8c10ecf96af8de8a6ed5a017c4576d8ce36ac535d8e7d44173f00cba8213dec",
    ),
    ("grid_management", 6188685476487377752): (
        "e05bfa00a6918cfb8fee6872b36d0cdbf840bdbf0a2a76f519cfb6312813b9d0",
        "d8d000ab7156a40a0047c54b194ce0a1135d91d5f02d4100cf264a93cfe2e331",
    ),
    ("grid_management", 5430015622721608710): (
        "eb8945b860022900d209a973158bce1b492bdc39bc233d0850effd08867dd579",
        "59287e9a2727459d1f81cd64752c935e1a8a07f296fe256028e144182d0e134d",
    ),
    ("grid_withdrawal", 6188685476487377752): (
        "49b5ceb869edba952bc1d31762e9281a6ae50d6008a03575345cc46cf5e39f9a",
        "c594d55cb96313cad0000e71be8fdd19ebaed60ea7a307211efe342509838014",
    ),
    ("grid_withdrawal", 5430015622721608710): (
        "33d7747d23f116d3d5eefa327c807e88a60cbc5b8dae172c19915f995cedebea",
        "2223ce40ed6ee5becb6b5b8750432ca9f106e8c205f06cef5ae125febff5c67b",
    ),
    ("high_mobility", 6188685476487377752): (
        "b7538a6a8288e27efdcabf16c9ee7c783962492724a854cd3f99019554076af4",
        "92e82f7e47d30cb6f8cf25d82fc85337c63385465f6caaf42810807b7031ee0c",
    ),
    ("high_mobility", 5430015622721608710): (
        "d5b8be70d0ffb672d178d0d270460969eabdd06dcde7dc743fcf1f7c380ef0ac",
        "9ab79a1246636f4684aadbee2747901521b7eecfe6f303db23a92f0533135174",
    ),
    ("micro_self_governance", 6188685476487377752): (
        "04cbeaf7231cb843f6347c718203597318c2feee12ea91e3ff5200561cdb003f",
        "1163242bc22e7471b9d99910bafb7aae3bc89df28db80b03be3f3fdc87219483",
    ),
    ("micro_self_governance", 5430015622721608710): (
        "7cd7ad8773486a42f4a3b3fab3aa328a430d38277ee0d4187616bab06089ad81",
        "1303ecf84789fdd8f5fe0585ab4a5a84fbb785caf834d284a6a20dbb33fe375f",
    ),
    ("status_quo", 6188685476487377752): (
        "3b984c2f48fe81d6f558aef9d929545f8a0f9b425a8877c630fa9a1123280d50",
        "3305f4a57e68d9a05ed69586c35c0bddf84033e6338e0c0c058736f72fac03d5",
    ),
    ("status_quo", 5430015622721608710): (
        "9d257eb3b873b5bbe3cfbc0978fec4320fc2e5d6fd928c77b7200f9c611e8412",
        "5fcfeb40e391f30348d151a6b36da1d40b0153d9e3c1fe19399f2362bb72e821",
    ),
    ("wenjiang_eight_items", 6188685476487377752): (
        "85d6215d9ea2a09098591ad111ec96f995d2e22e151769af830902694f68d220",
        "2dee1c09e2ddf4aad8f232427c04473bfe0a8f8ca8b45bf1427ce534dcaf7be4",
    ),
    ("wenjiang_eight_items", 5430015622721608710): (
        "37e178140b8b0e69ed8c768e5be8d25d5bc2573d5a42d4e19ff5bae6a0a57f61",
        "fc53580e684c5016ad981ce6ad25c22854d4bb62e52e768bcb73dcb704c6b73d",
    ),
    ("status_quo+admin_first", 6188685476487377752): (
        "02defefd2b7c514cf781ca792363b4a7f2d71dc911bc53db2de8c669fac85d6a",
        "baeeba4843310cca5a2c29b1c8b58226c8cc89a2b481ac5aa1b43794fc91ee3a",
    ),
    ("status_quo+group_reference", 6188685476487377752): (
        "096792ea89dfe36e5c64e18bb1b95223705f3ee27a50f13ae5c464d2f91c70e7",
        "7265ca284f3f6e0b603fea819c2e0b80bed318dcbecab61d134f3ed329d11f88",
    ),
    ("status_quo+doorway_crowding_in", 6188685476487377752): (
        "c1fd9275c876432d7d6aec56f9ca37ac89cebb0f53b26c035c543b91fdfc0449",
        "ae8f3a07218212ec4615812e6014be518aa6fc81bba64099efad3ac9e70b1b25",
    ),
    ("status_quo+no_mobility_fixed_thresholds", 6188685476487377752): (
        "d8df19f92c49fa419612dc9a43b9d656d705ed1d0d11ccc790ea7ced68be29a5",
        "4cf02da3b395e5fb07fab08acfc1d48483e01b334766c88655fd0272ef805161",
    ),
    ("status_quo+tie_rule_changes", 6188685476487377752): (
        "74df8cba7b18e6d45c44ded9484b09534ac54b4a3c8f899b353dbad011afde12",
        "7fe523b826e4911ad7e5e02996bae9a829281305153af7d22cc4b652c1794357",
    ),
    ("status_quo+injected_issues", 6188685476487377752): (
        "4321bc9c88390f61b780afd0143fa8d8c75925617b95660a1db5433e0e8efdd1",
        "bbed47160aba8b509f6af9265bd164e352c0a670e736d634a5385bf42b2def3d",
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
