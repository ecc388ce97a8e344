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
        "f49801701a10d068546123b05a5ddb9eeab95f676756eefcc3a93e3da6770aac",
        "15d1678112778299d3b408e052e8af1bce067a6b4b3973077dbfbbd095dfcd65",
    ),
    ("building_councils", 5430015622721608710): (
        "7edcefc1438ffc89114d72837c0a2f63c99dfd22ac640aff17affd6953ebf899",
        "4ba5c68c47525034aafb590e28a8c62fe50fd473e6f70aac80c3e16350ca3c04",
    ),
    ("co_governance", 6188685476487377752): (
        "812147e47e857423c9cf1cdfcd54d301dce99380dc43cd7fa99eb37b9c965310",
        "9f2e1a37c67c957a90e1975504e9762edd95a9f39e01c8edee6a7df4f1ddf4cb",
    ),
    ("co_governance", 5430015622721608710): (
        "28336c86551af2bed9f69b1d1c7ec2e9cca98a345915df1bcd7b47545f9b0f33",
        "ff3e45ab03c6f21adaf6cf4bcf2a51bd0473cb8881087fe8a0a3ebbedbd9ccfb",
    ),
    ("grid_management", 6188685476487377752): (
        "58c7a420813aea57a63cab20b81be217c629f5f9f5a22d41cfa6494cf661a173",
        "accca0cc254120d0f5e3418a3e3a02fe0cfef9e1541aba5b974eb7ace610e48a",
    ),
    ("grid_management", 5430015622721608710): (
        "bd0ad5964cfe8baf4a74fe9fc7142099d38ec169021de732f651dd56dff0da7c",
        "8a3f1187080bfd27b612a679a2d0fe66938c67b04310127198790872f6452eb3",
    ),
    ("grid_withdrawal", 6188685476487377752): (
        "8b9b0fd8ef7a0cf6565bd7ff174321ee09d538e1238eaecb61dbf2729b313a21",
        "d09357898e8bff54f0a01e126f907c2388f62440ada03d6b1a1dfa764bee8609",
    ),
    ("grid_withdrawal", 5430015622721608710): (
        "c8ee4bbeeae495f48971b4b1706a114c767af7a6bff26827a484b0764f8d65d7",
        "a04f32781a60d5c461214f810d3a40a87e05cbece7a77ab648113555bdba2e05",
    ),
    ("high_mobility", 6188685476487377752): (
        "10fbafce032e3d24fec2eb58ae2a6ea9396004c656ea0cad618736c8755b506f",
        "a6d8dce57c00ac0c09355b78472d0a35c32a82a1dae4f01b770ac2e2f3844331",
    ),
    ("high_mobility", 5430015622721608710): (
        "b9bf468aaddb128ccd92f01759d0615b32cbdcbf27ab72b5d80b427fffe47bc9",
        "721776c307451055f8194af2024edd86272952b2abb6eb30de5d93a8a684344d",
    ),
    ("micro_self_governance", 6188685476487377752): (
        "12a6dce73116b58cacbb99461d059b61cbf90b38c2d4a9ba8988d87a5c2ee44a",
        "52a63d3cefa670c74ed6cdac66e4159ded5a22fd29544d4db080729f41d8cba1",
    ),
    ("micro_self_governance", 5430015622721608710): (
        "3308026cc44231e254878f1ab4e1b19337922f2b96621062c1ddd9b8519469da",
        "eba370cf51344332de4a3411ff64101f6fbb21fb5706ad1cc6c522a16e536612",
    ),
    ("status_quo", 6188685476487377752): (
        "0d5ba2f960c3ed5096fcc362016778724b90314961c55ef5aa581b500a94ba7d",
        "5bd508d208b96d73aeb55633f861928689a42fe2391e853ae6c8967e807e33a1",
    ),
    ("status_quo", 5430015622721608710): (
        "9b1932716e0c42c196e5f71e38f8dfb9f7419b1f5089d806827a43d65eeda8f3",
        "b0d40c8a4d6012b3e49f48ab34c0b245b4b4866b052c9f2f66518d05a605dc1b",
    ),
    ("wenjiang_eight_items", 6188685476487377752): (
        "7db80ebd26f09b5f15ee4f2e588ca699e9262d94abd076c66d235463a5bb2482",
        "29bda649211aa9b2b5f78247bac732fd392bff303078fa1b4ebf67acb3be0ffd",
    ),
    ("wenjiang_eight_items", 5430015622721608710): (
        "58c8f7fb677ef874cc5b41c50c5eb3e0cbc957ac334c62bdbabdfbb2996b6676",
        "5a8559b11f7a45a711876a94aad12a568ab1f7179d73d5476d1746c615baf032",
    ),
    ("status_quo+admin_first", 6188685476487377752): (
        "b461005ae169af708e8f700a5e0a6a620617b076e16340322158ad0df1099697",
        "d26dada01d41e37f747fe4b023d0b3afb5eb76c04cf3bfbc94e0ae1785c0068b",
    ),
    ("status_quo+group_reference", 6188685476487377752): (
        "900d67d1c8a5dbf68bd214dc8562a0cf9c05cb336f4f680010493e5c2e9f2159",
        "d81f3e6f15569f502fbbe710ee1f66c1c5c4f1f9f6107de3614818c52e6da223",
    ),
    ("status_quo+doorway_crowding_in", 6188685476487377752): (
        "e240190bc78e65a1d17037db763742a4855ee861c55b4f21391889ecdbc7ec88",
        "48018464fe452b598f6c2f713929710bb167cf043214a8f4e51f524b9d9bb531",
    ),
    ("status_quo+no_mobility_fixed_thresholds", 6188685476487377752): (
        "020fe1d02192e6adc81ad86eaf49bcdf3643c45a20c703bbc244582c5df97b61",
        "ede6720a9df4642528bb3625637319903dbfa3a9f3e52c8ef59ad43d4d2ab815",
    ),
    ("status_quo+tie_rule_changes", 6188685476487377752): (
        "a5d53e4572b39a5cc6e2f62249177271524f992962c17a446d51c9624cb87ee9",
        "0fbb96e6842b5ae4bdefe3a338c1ba8de07c2e15c792fd4f14e2185e4a4a3ea5",
    ),
    ("status_quo+injected_issues", 6188685476487377752): (
        "35b04b1051563d6c70342f7a7b57746baa59fd8cc098695dd14c125330daeac0",
        "1320a286dbd4f993543cc582c8c98e335e40f88d42552ac70b598409ad48ffe3",
    ),
    ("status_quo+eight_items_rigid", 6188685476487377752): (
        "7bb0cad0cfdeebe5a9a675c867942777f822644bfd1a0f8a9de9064cedcc4faf",
        "6d7a6f07212930b615a238cf3237818bfd9c21a7def4c4381fd8ab63fab4d995",
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
