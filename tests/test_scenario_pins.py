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
        "7d3c590297b6de0e6ab80c5e477d6741a7e65d2ff5412e75c4b2849598d47d9e",
        "d5b0c479718c241f6b3f9cc03b0243361bf04083ae264458b219962c5bf9893b",
    ),
    ("building_councils", 5430015622721608710): (
        "becbb661d791f85f44c9761e87fee74d2ec2afb6c191d2338a906279a02c84f0",
        "3e069aafe4612c9a07871c2946ed371b602964073a46e35bd8abe7f94925fa06",
    ),
    ("co_governance", 6188685476487377752): (
        "2525104abfa3e93ce9b3920ea3d97ef8febb639e5a40e9568cb27dc00afcccec",
        "0fb77d655ebee3547ec390cc7bcea86a8b157febbd20d437e5a82e34a13d3f84",
    ),
    ("co_governance", 5430015622721608710): (
        "c0c80a61d4d0ad4935c375b2fde2531920e4c9f15e4e9c402bf8b89230451fe4",
        "00a2311d5c1bfa6eae0f3ec95f19ce82d32d51f8d8411537bed97839c9a7d7fb",
    ),
    ("grid_management", 6188685476487377752): (
        "e4d0ddcbdffc76202bfc0f885a405d9bc7e55b71a608846fe0689f53dab23801",
        "7b56cf76a22dead600669acfe0963ec7af1e2c423d15ce498ead8ee63aaa96fc",
    ),
    ("grid_management", 5430015622721608710): (
        "d1f392f826d6e9566c1f1e92c0c5357aee0162e5a11ce0273fafa5be6466992d",
        "1a0a911e9963199621c95e88413ac4462eaeaa389ec28347abb42d5577812619",
    ),
    ("grid_withdrawal", 6188685476487377752): (
        "fbc88458f8e1fd74d50f4612512ac85772d497bcb92eeb4b5d51ccccd009fb13",
        "6246b18edbbdbbad3e21c4589359e9a5c71c18dffd265140420876cd549766b0",
    ),
    ("grid_withdrawal", 5430015622721608710): (
        "ea8580e981bb198d7addbb6eb7c462d770d30746c024fd5e319041bb1bb6e70a",
        "e42af0544088876e3e8373796c25b21b81068db3196c86b1bc05a29f6175a73b",
    ),
    ("high_mobility", 6188685476487377752): (
        "84388a3d516e466fe1871da863c8b6461e5cbbf4a7448668d32f25845916f1d5",
        "2dd6b483d76ab855199b98c1b38931ae91229f17d6603f93a2d7ef4f3687e40e",
    ),
    ("high_mobility", 5430015622721608710): (
        "79ada22cf67a356b4aa084ec872dcc2802b4febfb77126e0a2ef1c0ed8f8d9b5",
        "27a4f6fc2dfc1b5f2f2c29ffc12622216b94af5ce54bc582db86c6bb04b7abbd",
    ),
    ("micro_self_governance", 6188685476487377752): (
        "348c962b123cf4f0be2d3c076ea9da509535fa59f8b0e7c909923d43ef3b3994",
        "f58bbf4fa968254a924bfe0aecd911bc41c1079b642e0582389a6975585d0056",
    ),
    ("micro_self_governance", 5430015622721608710): (
        "35f4722b0c8561fcbed3dab38bd24cf00d0c74f36989cd9f0ef56492d3092e19",
        "e2ec7fbfca0cf48342ff9be5a88855015cc3c9ec62a82e87896c34d9c969c7ed",
    ),
    ("status_quo", 6188685476487377752): (
        "fe16c07cee9daceb9113ba21b21a1b7a28f491d60c0ea35046c2edcbe09b3623",
        "820f25586984cd0a89f461ebb161cfd038bb0e276ffb073c6954b5394bf228e5",
    ),
    ("status_quo", 5430015622721608710): (
        "cfd4ee3f56d489f40ad7603dc4b0ac08097c149a263bffae1d6d03ad9912b038",
        "9a641d5685628e81a7b9f6245212d0741305321b3776f19063648a3894d0351d",
    ),
    ("wenjiang_eight_items", 6188685476487377752): (
        "f844f2c534a6a16348d87eb70c4d93fd98e51fb74d2fa055e3449ac6e89a90f6",
        "7bca52bf6e9b54de32325acfeeea66147a18c246251986ba737e810601e7b314",
    ),
    ("wenjiang_eight_items", 5430015622721608710): (
        "6e59bd1c1a34d473199134d9250b01c81649d61c097c7ff455e32cde25830272",
        "63dcb2604590a315cd280aa4be2067b770d6942a0cf70f8d1c07295a67fd805f",
    ),
    ("status_quo+admin_first", 6188685476487377752): (
        "f165ce97e695311cd00bbe13c569b7090392bdaf0fa7a88d1519487f13ee570a",
        "063616baeda399346695f7c513708074a4fa71d91969b0f7a80b00ea88fb748f",
    ),
    ("status_quo+group_reference", 6188685476487377752): (
        "b2a8771b208ee970ae4a6dbbc9452d354564e94552792a3b290e3dd0b614b444",
        "42cfde9bfb494c4e700bac224aee9dceeeb118794667e08ac75e13e1c62cb0c8",
    ),
    ("status_quo+doorway_crowding_in", 6188685476487377752): (
        "0377d3f1e22e10fc132305c55309fcb201821e606298c9d13e9d171ddae70f5e",
        "b6997e26c0f5bde4c493a096206e4235092eec63cde3549048757fe369e74e49",
    ),
    ("status_quo+no_mobility_fixed_thresholds", 6188685476487377752): (
        "c6ac38081a33a33576dce8d44b00f8161eabe7ce2c6089f68ef216f7a2ccb31a",
        "5e7941a40a6f478f6d0d9fc400965fe3ebf580a02445eb3da13a74bec9054e40",
    ),
    ("status_quo+tie_rule_changes", 6188685476487377752): (
        "928816589aef4d761cbac97878984f27f288028d725508638b2353f2afacbf63",
        "56658233dcbe2fed4c6474925a283b019d10554ab9bcf84939788922455378b0",
    ),
    ("status_quo+injected_issues", 6188685476487377752): (
        "531108b8b3b56566ac1c99dc741a8ea6ec20e182fa4b079b884bd4ab1f2f096f",
        "a849eccbd90efceb2fdd5afbd1d9dc94722e6e26f352eddad15a5fa3da3b4aea",
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
