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
        "ba6f5b7a94fbac46fc19c46902747c56093251bd4cb3fcc6761b3e1e9c47b49e",
        "ed72b29a031d3fb154fb02c4806c5bbd541ff1f0abfa3653a5b32a671a0bcfa3",
    ),
    ("building_councils", 5430015622721608710): (
        "402fe0bfdf960084c1d4a23998ba45d76c915b5682536856e20590d0458547af",
        "1727d0e4092cb9f7f413fecdbc46fd50f3f2da6db2bf204748d00ded36708d33",
    ),
    ("co_governance", 6188685476487377752): (
        "def906d2da8f61a6e1c04b97dda2e793b50a967b40ac24182b5d0b6864f2be47",
        "ed52694375ee2639ec4438d3b48d14054b03bb6a48521c006fa09a655197ee10",
    ),
    ("co_governance", 5430015622721608710): (
        "b43bcbe5aab3dc40f06bef0bb0453a527e0ee9cec6a1422d37854b9e59b2d875",
        "a28db0b73d4c82516a3df402caf07848742aa0f1c4a325760e9d608915b47bd3",
    ),
    ("grid_management", 6188685476487377752): (
        "a6da29106d1ae7ba3d7dfb324f16e7ec081a4def19e5f80ca2b1f30201b3fc44",
        "37c848545713a7c303116c6afc7624b47634a5e32005142ed9a0480d086b209c",
    ),
    ("grid_management", 5430015622721608710): (
        "72bab6e8cf44b5ebe3f59c1e2b3f6d2c36db0cccc1d72e07ad728835c892e836",
        "d527d3088bdc3bb8efd91b72e91c90e9177cfea097b7d5d5b4fdb0166992f42b",
    ),
    ("grid_withdrawal", 6188685476487377752): (
        "771e685f8effbeabc376f8f4c1155392943dd429a1b688f3ba632746e234d202",
        "3b62bf3a0d7a563f72f80e8764e61999b892e7758fcbe696c58effa28f63b1cd",
    ),
    ("grid_withdrawal", 5430015622721608710): (
        "0730d50165029288234295c8933aae102a8d5eae30de7cbebe67d12552b80381",
        "0971726f716cd1a8b62a491b01de98192319e80d268b5c9bec167e55b301d846",
    ),
    ("high_mobility", 6188685476487377752): (
        "5fdf883d63ae9d0a74ae74e58a031303b38bfc11110729b45af5bc63aa6e7bf2",
        "bfcf3b3473bca947c0ca8e6ce7210ff05162f0912ff680799a736754c1a96540",
    ),
    ("high_mobility", 5430015622721608710): (
        "09f137b7afbbc0d1190e0783f82234547cb716282a3d0e8ca44030e677e500e3",
        "ee4ff059c7d7f1e694b2f1ca03f23b4756f025072343857ce2d9d2ccf5ad75d4",
    ),
    ("micro_self_governance", 6188685476487377752): (
        "31c9b9b5a6329e929dc2992fa555184f1ea285dab1c0133d226a843208afedb0",
        "acca1a3ec1dd7c6a22115e1d3f1a7762d8ac35839687dd6667e19fac509239bd",
    ),
    ("micro_self_governance", 5430015622721608710): (
        "c64f2bc838002f8984848553bdd938c1bc2bf1b8853e41f8615eb31ce2f2a1fb",
        "1b265b53ae387d1d6e3df4bec88064ce14944ff4eacf1ec93a8a99a4e77919d4",
    ),
    ("status_quo", 6188685476487377752): (
        "e1eb19a2439868f82e57a3ae3d6cd2ec7568b36b1a38b5640be16d2239fc5ad1",
        "4f4fb0abfbe01c2e0142b9858eb4bc043b4ab17b99e31c02731ef5c8ceaeba95",
    ),
    ("status_quo", 5430015622721608710): (
        "112ef0d798712d1bbdde7754c90fccee22b31ea54bb55bc7baf352ccbc33a8a8",
        "a60c70b6b1766a88faa48c8b154035fa587649a2f5c199d0cd1a38c0f5582ada",
    ),
    ("wenjiang_eight_items", 6188685476487377752): (
        "8d4b4b9c0b490901dea50c24973696470d00db1d056a32d90d5b005c67c6e3be",
        "147f9ba644bb41533e0cc4941a9c50d04962e0dba5d95ca52c645d0af0a8e9a2",
    ),
    ("wenjiang_eight_items", 5430015622721608710): (
        "647f0f130661d6e4260156131ba6c3b8edf0d752567208731e9239c835825731",
        "a32eff9b5a313b15f11b85980d0980acf10fb6ce7caef19cabf5f80770d946fb",
    ),
    ("status_quo+admin_first", 6188685476487377752): (
        "affdcabe1a0db580e9bb020474ff583aa484b6cbfc19e080a5aa24885f383f22",
        "b6733e0304b03c6f917fef0b4a82f961e72343c0c85d846d566af41afb4e2eaf",
    ),
    ("status_quo+group_reference", 6188685476487377752): (
        "8a2e53bd862ea4afd66ebd61f7d7285ffc24b8e58dd1c05b8aa38341070c15fd",
        "ff9777cff3a7d2dc61f92a6d3d9fe057a12b417c5a1f29ed75bd349b7403b671",
    ),
    ("status_quo+doorway_crowding_in", 6188685476487377752): (
        "e7ad5afc22483a498f25f5861fb361df00650ba93dcc7806fca4d6f564caf613",
        "427c2694e15175c22a15ee53183f20a58095dcbb37983dfa4b91f5f467bcaa36",
    ),
    ("status_quo+no_mobility_fixed_thresholds", 6188685476487377752): (
        "fbad973a5693bc25b739c47eee5f178508cbe76533a4c38ea604635cbdb2da10",
        "1f228609c600b7d417edf8b5ba573de9e50fefcba456add458afd71171e37a27",
    ),
    ("status_quo+tie_rule_changes", 6188685476487377752): (
        "d5ce50be068334ab8fd651f25d94034a974db06b248db1dfd4c1c9e68fc0766b",
        "5c3b09f56a2fb726c54cd32aee31c5db0d035864e4717781a213d02c2ef74eed",
    ),
    ("status_quo+injected_issues", 6188685476487377752): (
        "e5e103f91ef0ef51c972240c3f1c052335846e6c0490cd6abd80d0a85d427334",
        "356b9cd51c8be7f34c334e9ca03d72e21808cb0790d0a0bd3701945c94fcfd2b",
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
