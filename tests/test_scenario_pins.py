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
        "f03cd76d44a7d201fe7cd2ac04aac7dbe8f4f3e0a3ad134c4247a26e82c5a0a1",
        "0b9eeaeb2aee3becee7faad756462b07fa004d6e35dc36b03a5b15c664ddfc55",
    ),
    ("building_councils", 5430015622721608710): (
        "ec89fad653de092c687d48368b2008c3ae5f997d41cc4989eb2c782c8485fb2f",
        "ded4abe30bc5faf4cc052f6efa87eead2591764b1de04f7da47520842c959814",
    ),
    ("co_governance", 6188685476487377752): (
        "0a04ecaf401256356b7e589ff2de1bd8d14354d75a573b263575a530beba6d2b",
        "be63a1e2c986ad9357e07490e8aac16bf5ce95b64427632a847370675a9a38d3",
    ),
    ("co_governance", 5430015622721608710): (
        "9b80f3ee3bdd7dbe1f3c666a26e72ad38598689f6a40452e38151bf592e66d8e",
        "5e96c46b5ea7726871d71763f9769a5e3ff2f8c6ed1a1ff88dd4b4a866c98856",
    ),
    ("grid_management", 6188685476487377752): (
        "bfde25f4e2766575f3f977f67fd87dcfd0ea53415f0ce9af02b186fc400a5e4a",
        "dda24571e2c09391559296a1d387f1e275acebf06a404da629dc538f3a37444a",
    ),
    ("grid_management", 5430015622721608710): (
        "329b5735c8be1ad3fe08e6880d5804dd5933b21b4e55364ae807d8fc3bce5fdd",
        "5d5a6ba82943281e764d271a0f9e4c4f4571742401d4a8a69b40566af1a1b601",
    ),
    ("grid_withdrawal", 6188685476487377752): (
        "8b8fcecb318d6d353a1b78d1a881b1393fb920895fa8401ad9141cff9b945c4a",
        "6d5cf0c25e29db4574ba0efb8d3f0396f6420ea05710a0ac695e116cb4190c0f",
    ),
    ("grid_withdrawal", 5430015622721608710): (
        "90475d2a6045e2be198c2a58705a3d1379168f8caf5684c39bc97bda9ba76b64",
        "d1ec5030ea9a6de15764e23cb74f020bb079596df7e2c10cb7dd92414e36e952",
    ),
    ("high_mobility", 6188685476487377752): (
        "246ef05d8537d5cb05a040d143fd76ea7b3f3f389ec3f16245b4d38aa4250605",
        "c2ef15aa101be4b6b1895363cad88deee0c880bdb47ac5e1a40f03c304ecacb0",
    ),
    ("high_mobility", 5430015622721608710): (
        "a71c9a5ccf5e0fc118dacb808ae352cc1e6223e8d8de8b289148f470d3edbdbc",
        "e0d0c5cd6307dc01a61927c9289715cc42ca97610758654991c44f44a0f6893f",
    ),
    ("micro_self_governance", 6188685476487377752): (
        "842c037ee8d22558e35af873bf85cd8cb4d8f1dcfaf514ecd3bff58902eb6795",
        "3f3573d4b0d5b6f1459733ceb6ae7588efd0a8cb5bedef94340d67adcf2bc8dd",
    ),
    ("micro_self_governance", 5430015622721608710): (
        "e44bf6d46d82f4360edea78ad0c4166a9f8058c8a73ca895d3adc82b8d0931ff",
        "bbc3675172235596921f2d1b0a6c0cc155b8d1f254a20f139648343830eeb984",
    ),
    ("status_quo", 6188685476487377752): (
        "6bbe4aefc92c1169745d9874da506f663cce9d119b517c7fa114f9909652f5f3",
        "624ce6abb3c8c4cb57c361e0cbcec2b4dfb5976c82ba177d49b36ff9796d925c",
    ),
    ("status_quo", 5430015622721608710): (
        "bde140b694c4fe7ddebb1baa53f1de600b0477bcbc0b0985fe07c87cf27d8aa9",
        "1947c51dc7e1efd91b547a4eb3993fff2c4daee39d3f47de9dbe4462d424724f",
    ),
    ("wenjiang_eight_items", 6188685476487377752): (
        "9717141585ae30f8fec5c2fa4ca6264ef3234b26ecd0e6049d7f68bc5be9b3fe",
        "3c35dedbe0f723e2e79b297ac3c31ef455d697d960e33f92d27a20c4617d6cab",
    ),
    ("wenjiang_eight_items", 5430015622721608710): (
        "912a65376a823209b98de86583026dc7ead910096ccacad81b239fc5769ff931",
        "2a57d97ee319846c9224c53cfa7a92687c6146c33c4829fce6a403e13c43a87e",
    ),
    ("status_quo+admin_first", 6188685476487377752): (
        "ecc2d67c516234c4922be942b62be9aa52042bf1a42118b0839ec767a89ee3c6",
        "86d30f608a30de4f28878713226a1a22aa7a09fbe255fd07b277b5508d5f2bcd",
    ),
    ("status_quo+group_reference", 6188685476487377752): (
        "76380ab98739187e9068b743447175925f0268c196102248749a311791e78053",
        "e946700ca798d0e19748198bbe6acaa78906064c078de6e34d5bd1c383ee93a4",
    ),
    ("status_quo+doorway_crowding_in", 6188685476487377752): (
        "d7d61f98cbe799604ecc7223fe0827e0dc0eaf0d0be475a4e98151f17a5401d9",
        "4b47386d361f7f6a0dbb95819646f98ff3b85bf55051628d83742dad56f53cf5",
    ),
    ("status_quo+no_mobility_fixed_thresholds", 6188685476487377752): (
        "1a2253eae6f8fc58bcabc1d5d7f06cb4d346d6b7e434b2ad391357c4dc7611c1",
        "e203521daede81a71f0a1def9af66e8db8854dd922ca441889a8c27c838b5f74",
    ),
    ("status_quo+tie_rule_changes", 6188685476487377752): (
        "f0f438683bb97f4481e3c8e6a20b1ce771c7ca3b9a27bd0883392469adf9489d",
        "245afdcfb595715f45bbc02650dafb9a71bc2d02ad088269bc595969ac8962be",
    ),
    ("status_quo+injected_issues", 6188685476487377752): (
        "0eab2bfceb9b7a89ede45d0cd57e04e560fa8a53a9580c9c117d7ca4455a7c78",
        "44dd448f9950e218b3f7f61e4e4f0433b2291f94edf954d65aef9229b402d0ca",
    ),
    ("status_quo+eight_items_rigid", 6188685476487377752): (
        "a4992e7f24be97c25861024934f66cd84f9b13978cde9b6cf3b23fc4dc39b7e3",
        "1e23f82ca328242a5dc228201c2b942f6c6969ba6a3eec835b8d24ee710f2189",
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
