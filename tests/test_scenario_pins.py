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
        "fbf3d1c6ad0f28f92a561fab78644583f768ecbe34f6e0c161ee8a38239c0232",
        "f38c6339007fb72545f16f393f63402a25fbc803bb9e9490ce4bc73bcecd4606",
    ),
    ("building_councils", 5430015622721608710): (
        "f7e13c48d4b01a444f12bd724a996b877e86bc80c9e2b0136d5821675fb171ed",
        "9d5a5655efffd0576b4ab14215d1e1f664321f9e8291a10e381f9efbc21331e1",
    ),
    ("co_governance", 6188685476487377752): (
        "d5a9f0644adc12d7de55228d3307a6563e776b2d20aa0e272ff08026bea722a2",
        "941bab5702f1f0c52886f46199d15b91829cd226174b9f41e3e990cba8dfd8d0",
    ),
    ("co_governance", 5430015622721608710): (
        "428b6a5257a30ababae86cae547260a0c4c6b47ed7be379a7ac5494f5a429d40",
        "b5d56f68258ce64976b93c896f3759efd6b0b8fa70d04406f54a2436f98ea5b1",
    ),
    ("grid_management", 6188685476487377752): (
        "1901588b9ca126f23796fffb4147e0c556c93b61eb963dc4c97bc57e71c95922",
        "53306e1facf29af920316f6ba0305bd90011bd5347dffbadba90caf6b3ecc273",
    ),
    ("grid_management", 5430015622721608710): (
        "879154fbde4c3d3f1ea0df092135f5641d9347ff889ff45de201b554dc0a8f38",
        "3f386a56907a80085472c9efd43f7d7d3a8717894634f5d068a887387b197291",
    ),
    ("grid_withdrawal", 6188685476487377752): (
        "6736d437b72cb98116af0cf485726810c8c3923ad97f901e19aaefdee4133bcf",
        "157224409d4590cf5c1441f08552c47e20f7fd96e3572dd2f91216849916edb6",
    ),
    ("grid_withdrawal", 5430015622721608710): (
        "6348ca55f2c282425dcef23ca095d7aeb08983ad457f327352586cb11302be97",
        "64ddb6f005adffca7d4160448f14783eed44d09fbbbbd56d8f1ab694fd9b06c8",
    ),
    ("high_mobility", 6188685476487377752): (
        "6ddc7d9763a75181676abcae6a2989d32b99b5c7eac117f3502e4c5416d466af",
        "2a96258452fb8372c8564d673d118e830320f2cfc93c1670610996aa30c84952",
    ),
    ("high_mobility", 5430015622721608710): (
        "49ab01b08a34a3660773f01686bda7cda5e94316e7a60d094c373545598a4fc0",
        "19770d2f4bf64556ad0b4c9bc69d2b78253ad484f0029b8d41c17471c52ff687",
    ),
    ("micro_self_governance", 6188685476487377752): (
        "ed2857ef489715b59463261040df760bf90b74039b48b561075a0a4309c4b9fb",
        "26cfb0c6162718222b7341c390411f0f62f64245c874423a0ab94293fb37e6dc",
    ),
    ("micro_self_governance", 5430015622721608710): (
        "4020707d85fccd157f53be59ef9585d05706c5396680200710618ee4220a8808",
        "a0069fade92d6695020293da02322113248888e5ba90778e5ddc1fe037250727",
    ),
    ("status_quo", 6188685476487377752): (
        "0d6bd85c3003b806fc2fdb46661dac7b08ca2f8bfbddb042dec92baf1aa4086a",
        "0a5182f48b129e8c54523be313be80c076076561eb6a2708092aed4769b3aa73",
    ),
    ("status_quo", 5430015622721608710): (
        "d3b692ae72272b19be9515684f0d629030f25c00f56b619f2a40ef8cffbd8eac",
        "19cc366f483d9c6389eb00fc64ecd10c2844196a3146f9aec3393325f8f16760",
    ),
    ("wenjiang_eight_items", 6188685476487377752): (
        "030857a02f09d0dbd33cc4bbd56ed7bf7bf9399021b896e35b195b4d304e5203",
        "48aa7ba51e3c4fd84d7b607432f18e05c272a4f14857b59d250fc1e1d2a135c7",
    ),
    ("wenjiang_eight_items", 5430015622721608710): (
        "e065fc40348ea0e28952e1c237c5bc4831754161e17b2a0928f5dfd3123383c0",
        "deae4b51281b50867b4ecd43a30db092738659ad49d26aa17cfaef41059b0d51",
    ),
    ("status_quo+admin_first", 6188685476487377752): (
        "8c071e600ad29b873c96bae9b440cecf802e82997f1c1e091d13ee8c0b7c66b4",
        "f84d70cdd5c592151bc59d70f66ae3c9748c461cf0c4597fb7b2263c78f43934",
    ),
    ("status_quo+group_reference", 6188685476487377752): (
        "30a506aad34e5a7a692efa005ba7b1df77f291d8c3d973bbbd8ec77722523aed",
        "682dd910524992c44fe8461531c53065546b1409066cc8c96915fe87b5632e10",
    ),
    ("status_quo+doorway_crowding_in", 6188685476487377752): (
        "94beeee902512025d44a26fb27110394099ac8958ef316ef95a3cefa584990d4",
        "71001b7f1a7b3ca2f7e2f64a758b8d7b1966e98527468285d3bf3d73120f2cbf",
    ),
    ("status_quo+no_mobility_fixed_thresholds", 6188685476487377752): (
        "755e0f37b8474f1fc0e96cb0cd61e59373e90c77e37c4b1cc970f251daa9257a",
        "11524081f10c747b71e1f34d5023193c96fc7749effd94aa913af3ec657de6f8",
    ),
    ("status_quo+tie_rule_changes", 6188685476487377752): (
        "5fd2a738d6946d250cd4660256aa9d99b0af5168022e9aa7129307d7d4571010",
        "ff2312f976bdc0eab5ba9ed2376cba705353935f2f8e98121b9459313a88064c",
    ),
    ("status_quo+injected_issues", 6188685476487377752): (
        "ba20fa97943e172f0102d936010115f6b6f7e514c4647953f0290e92e53d6522",
        "7a96cdc384d31e9a7884624fde2c3f4444152cb13cbf951f985b0ae46a4923de",
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
