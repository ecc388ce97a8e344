"""Bit-identical outputs of every shipped scenario: the guard for refactoring.

Each scenario in ``scenarios/`` runs 200 steps for the first two replication seeds of its
file; the test compares a SHA-256 digest of the DataCollector table (column names, dtypes and
every value's bytes) and of the issue book with the pinned digests below. A refactor that
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


def run_digests(name: str, seed: int) -> tuple[str, str]:
    scenario = load_scenario(name)
    model = MicroGovModel(rng=seed, policy_timeline=scenario.timeline, **scenario.params)
    model.run_for(STEPS)
    table = model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
    return frame_digest(table), frame_digest(model.issues_frame().reset_index(drop=True))


def cases() -> list[tuple[str, int]]:
    out = []
    for name in sorted(available()):
        seeds = replication_seeds(load_scenario(name).seed, SEEDS_PER_SCENARIO)
        out += [(name, int(s)) for s in seeds]
    return out


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
