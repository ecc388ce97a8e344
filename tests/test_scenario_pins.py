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
        "13ae70c1b7eafd5ca5af611709a2327ceff507c3d25065b283589fbd746e9c35",
        "58ab37743dbd9154fcc9c64e54f9dfecad5d3f2639889641a1b9e2802d5effec",
    ),
    ("building_councils", 5430015622721608710): (
        "80beb054711fe20316a49a4eaa2ca31a227c10a7eb8500f12b432a2700dcc75a",
        "dff2d5d2a515db15fc33dce3222f3bef782048b14ddbde91a8127d52f90b247a",
    ),
    ("co_governance", 6188685476487377752): (
        "79d781dfd4f9624bda071e115bad2f7f396fff7b246f321153a61c1e5ff942da",
        "68a99433a9b61f84b2f1f4f2ad644c4308dab12ff16e3dda35ebb02ba9bb57ea",
    ),
    ("co_governance", 5430015622721608710): (
        "bde62f3a7e97129fd3d12cc2e66bcec3f7bd3c34e707c66adefb56842a80f53e",
        "1929f7324b15a6a27a88d7fb17da9589707db581620f7f65b831c7ad3dee11aa",
    ),
    ("grid_management", 6188685476487377752): (
        "65f40b55af1dffab1b4bd8af9c4fea0d492fec3e99b9147d13dc0bc240bf303a",
        "250b817ca02fd98dc5d79af5b2f29ef9c31bca2b3443518d66d7d563deeaa4bd",
    ),
    ("grid_management", 5430015622721608710): (
        "4ba27f8c496290599c4286b9a4462081773530aab5a68d7b2f73b15021d07921",
        "a03f31e5a407248d6483036ea824bb87de70976a8883b41a18bfe2e9ae076bcb",
    ),
    ("grid_withdrawal", 6188685476487377752): (
        "b49215fc4a7c4c9c244a5a5b0c61ccc180ab65c7dac319afdacb7e0e265875fe",
        "217f8883533185f563619dabb207cfa6355bb59acd6474677b41850d8fa34e2a",
    ),
    ("grid_withdrawal", 5430015622721608710): (
        "68918fbbe414d8e79fb5fac0104e15f13e5f7733639d5065e9ae331786013370",
        "8f794c687285c629f0c16212e73ca30efec06e038fc9f5f48f2e607887acc9bb",
    ),
    ("high_mobility", 6188685476487377752): (
        "d6a7f538e3b4d8b9788ba5fdd9f2dd8dc0d05569baf1d1e2dd8cb4811625c380",
        "8eab7ab202e28ad8879678b50f7d5ac8ac7b5465b9db9d7f325aff2b98620dcf",
    ),
    ("high_mobility", 5430015622721608710): (
        "49f504cd3575f5d54dd8dc9919f0fb3811d09ad13416b0eebee87287738bd204",
        "14ebf94760641d40a80a293941b9f49557c5b04b1257a1824121937d5231c35e",
    ),
    ("micro_self_governance", 6188685476487377752): (
        "767be94327987a43fca2d6bd6a42241803246de2d4493f644974652bc286b113",
        "602eb9c9ba0377d9b915701522c49d4a91dda698b89aea0955f12d3a79763ceb",
    ),
    ("micro_self_governance", 5430015622721608710): (
        "8b4f8b3d75e6d299674a99044ac7d362037dc8ee31e248865eda14770f67fc26",
        "bf7d20369e4ca8b87d64ac18499903f174e0a02c90adbd9c262cee259549b390",
    ),
    ("status_quo", 6188685476487377752): (
        "a692184c98bbaf98b350e2ec0e7b50ea26cd901f6a39042aefc3f2f72ab92b1d",
        "519a77b4520c6e5e501db67fb0f9c551d0272f1375d80ee00118e6007583445b",
    ),
    ("status_quo", 5430015622721608710): (
        "861d0edee09f99a66ef88d74768a8fa270d1a57e01ea37fad91a49e4dc927d23",
        "71630df15a7e4ca6df7cd2d4c8825aeec61f896920424bf1c123708b5804a852",
    ),
    ("wenjiang_eight_items", 6188685476487377752): (
        "7ed3f1d4faa1076a012ef29aa4b998d824f37c425e9f9f8c56625dc1f195eb99",
        "ec9b50df3148f34fc303edeae91a09b674342f443e4286ba2813ec7f50fb4b0c",
    ),
    ("wenjiang_eight_items", 5430015622721608710): (
        "a1efe06b1b81a937200384473edb93182dad395f80830fbbf8b834b6c380247c",
        "dadfd38c8089dd39becd1a23d17d1b39b0b507008a662c581235c1709210bae7",
    ),
    ("status_quo+admin_first", 6188685476487377752): (
        "fa16632e31a3c046c7eda0d7bbdb2501c3d9e8c4facefa88d137eab44c6eef92",
        "de4b0219823474a5e13fdf5b03b798f8f979184b0c0d94b903bff366a4e805cb",
    ),
    ("status_quo+group_reference", 6188685476487377752): (
        "848dcf91d884dbf1f10a9adb83b2425dd899648e42627176878cb8d2cf27d6bd",
        "8af85c2e894ead6bdb034e49356e8a70c00e0b50abfdf14c57bec4e41c5e31a6",
    ),
    ("status_quo+doorway_crowding_in", 6188685476487377752): (
        "9b1d7d2fb0eabe66dd089db93800849080b6aa883fcc274be00b137e9cc69b37",
        "47933a2a7f206a5d47b1631d77a33f7cda4a94884fbb10e33495ee4a5a5e9c94",
    ),
    ("status_quo+no_mobility_fixed_thresholds", 6188685476487377752): (
        "f318a2bc3e4442ab8146d1c06492738023281a435f3915b61eb95e01d46f3f29",
        "713b9ff65add6ecc97a6a4f3954fb2f7918af8079cd09ed726174dc9a120937e",
    ),
    ("status_quo+tie_rule_changes", 6188685476487377752): (
        "104d7841f5842f78c8e880ebe17b057e06e15284b011dc75b94cdad51e79ee08",
        "acf1596f67171af6c5f6540441132d264070b9e906d77e81453b5b017ab12fe2",
    ),
    ("status_quo+injected_issues", 6188685476487377752): (
        "df6d2ecded5afa683f20f6c2d44e720268f3e3d04f9acf26edd59a31bb42e208",
        "3c77381d0110b88014364f46a38c35a3d80a16fe58b4e7ccd24b83bb98747555",
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
