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
        "012637ae1e88dae7a07eb147eeb7de8a23e616e7bd2b291e3b4f0de4bb94df07",
        "5f4e6b5f7d3c4d5b017a68a68258544f8fd3a3b9d62cc2464ab8d95556d7d5bc",
    ),
    ("building_councils", 5430015622721608710): (
        "185bf697e6714f3a75f220496e3f807baa741dcf60338a0302461e5891d0613a",
        "d94c718c0b5940e4971e828c0e9aa4f974a779baf0163a424fa06f48d00afd83",
    ),
    ("co_governance", 6188685476487377752): (
        "84e2c9a76a58b108b1d1af1e27af27383808c2406898aac701836b087c1a370e",
        "24a54cb1eece155b2e603f72c0a85096d79dec9ec15be63d0ec7f47b75ff15fb",
    ),
    ("co_governance", 5430015622721608710): (
        "75130a96248888b7c2d628769deb6e1334ada4397972ff1710d89f87d1b079ac",
        "f6d37e21bad2ba9ad9e7424a69b1e4c2c8ef46d29f7c5e0994483f9241d718d0",
    ),
    ("grid_management", 6188685476487377752): (
        "6cc8f47d5b266c9cc7c5af092fa7de4db839576eb548dab95073f7e7073cf947",
        "1fa45267496319faf7003fb300e6557323d589f2eaaa662ff76e60ce9f5a909b",
    ),
    ("grid_management", 5430015622721608710): (
        "4c42db9dd3b87e0a3626a76c1497409ec9244518aeb30dbb211a072091d32e16",
        "2ffc52e783c627bd44a95e633910dbece58195352a7e7776a8a94f4933b793d1",
    ),
    ("grid_withdrawal", 6188685476487377752): (
        "112a9bd43a459f5d2822f8611a5e622aecade8e4cd4f754aa0749f189e869f88",
        "918f5ebd7917ddb929c412bdc2b04e2f7eb8a68a804fa4fbfaa481d297546c74",
    ),
    ("grid_withdrawal", 5430015622721608710): (
        "2a2719e9ae5783b543f80ea2ab3615afe3d73c37bc012c4bafeb0c0a944b5e9f",
        "5b8e0e0e6976a4af7f2c7a774f19400e7197fe102168a6434728526d91f9f350",
    ),
    ("high_mobility", 6188685476487377752): (
        "29476e5807e8a254b99520e563805d0cb486baaef570ec8f0201005757061e87",
        "03ef1e97a7030114f52d5b87f662abb0b62dc98eafe2a5a9ae4d9a8a5018bb03",
    ),
    ("high_mobility", 5430015622721608710): (
        "082ab3fcdf69ab3ecda3355a21ee2a37c4e6932506d3abae631a94bb4a7f26bc",
        "876712182e6f1d3c26728db41a3b2f1e4534e61f730eb4c466adc4124bd41a80",
    ),
    ("micro_self_governance", 6188685476487377752): (
        "90385c41a5d498e12607f88c22e87c634459a6f319ec6d83ccc205aef0badbf5",
        "2309e50d108eec567e3126fd1b7abe503faa9e7ecec6b6eaa41cd9b564bff106",
    ),
    ("micro_self_governance", 5430015622721608710): (
        "b44a42e665fe70892a0dd50cb7c7e82f3f7b8c00bc8364c9cadded3700144d3e",
        "3bf9200a173b2079b3538339be54cec93f66dcc9933e274222b2eb26e86d713b",
    ),
    ("status_quo", 6188685476487377752): (
        "a8fb7db5482632f83efa98eff9e878ddb59d8b2a626b042e7960db34ae5c1832",
        "12b78ba642a15b7133249b3d1eb4dbabc2726c192436799d6a23928e632ff88f",
    ),
    ("status_quo", 5430015622721608710): (
        "c524dade94da7096c74edee40cee4dd7f28b7b3a911bf8592ce2942db1170c98",
        "f8210a6ad8f71e720f181d4fc5b060406ca9a1332efcdd0998906a8e9c01ee77",
    ),
    ("wenjiang_eight_items", 6188685476487377752): (
        "ce1c693cfdb4b17624a8c7a35f7c74ca3e39fc9ab98644712a170dcae57c3d10",
        "e94a118b5d5fc78e782b16f9a206f376269631d14519902a09e8d72c804d3de5",
    ),
    ("wenjiang_eight_items", 5430015622721608710): (
        "074155ad690776d1ce921d17cd85383ab0a9fd777e32cb732865900fd58d5e6e",
        "e0656c61748cfb6f2bb84938b73094378ab2735aaee8cd8fec5d1f4b84d8451b",
    ),
    ("status_quo+admin_first", 6188685476487377752): (
        "5f73d3fdefdda34791757e26c9ab6e76ee7cbb310f9b34fa56f73ad4ef5ef207",
        "3ffdacc48f377805d46374bba24eae3a583fc8c367d36a622ef0f4141352470c",
    ),
    ("status_quo+group_reference", 6188685476487377752): (
        "643ebba5e6ab81438c4fa5be2ca89f341f2299a8e14f13ad515ecc5bae49ec89",
        "4ff9b82abe6dfd97c82d28df1a8577892b660f5f36ae6e6eb86fb4b968a1cc2d",
    ),
    ("status_quo+doorway_crowding_in", 6188685476487377752): (
        "cceb87b142054fa92fff7a2c9529c213e3657c4d41a56141b85d4efe1e9d1791",
        "9270ace9e0e1dbb1fe9ecef30ace6783688d6bd8fa2e310b113cc429c9fdc2d2",
    ),
    ("status_quo+no_mobility_fixed_thresholds", 6188685476487377752): (
        "423a3b56064e74edc2be2d2dc3dc992e3f62b12271308428e15ea49a34ff167f",
        "5e3856f05663328777961ffd3b93036977cb70bf523de3522174e2a33283aba1",
    ),
    ("status_quo+tie_rule_changes", 6188685476487377752): (
        "226ceb116b7897ed3ff414f05627a921aeb13793e95d25ed5f0d76e319b9106b",
        "bd2549601dc0409f595d789964c0bd3ce5e3c4d32b83e2b24de1896f875db599",
    ),
    ("status_quo+injected_issues", 6188685476487377752): (
        "717c794e410f9872fddf5e5bc3768f7b6f6a3c9c672ba114b974d0fe86b9e46f",
        "93bbc7f1e4d746199bee0ddbcddcfd60ac51bc6799f97ebeb90d1940aff48710",
    ),
    ("status_quo+eight_items_rigid", 6188685476487377752): (
        "798c82a38b1d623ee2624bee32b34dc28f86283b086feb3278f40237b5f20f5d",
        "22171c027d48c1cb22c32ba3096b3e2ed613754f364eedf00801a7cd38b0f784",
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
