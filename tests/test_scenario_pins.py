"""Bit-identical outputs of every shipped scenario: the guard for refactoring.

Each scenario in ``scenarios/`` runs 200 steps for the first two replication seeds of its
file from the initial state (``spinup_weeks = 0``), and the status quo runs once more for
each of :data:`VARIANTS` (branches of the model that no scenario file takes, the spin-up
among them). The test compares a SHA-256 digest of the DataCollector table
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
    "spinup": {"params": {"spinup_weeks": 60}, "timeline": {1: {"admin_penetration": 0.5}}},
}


def run_digests(name: str, seed: int) -> tuple[str, str]:
    base, variant = name.partition("+")[::2]
    scenario = load_scenario(base)
    spec = VARIANTS.get(variant, {})
    # from the initial state (the default spin-up would cost seconds a case); the spinup
    # variant pins the spin-up
    params = {**scenario.params, "spinup_weeks": 0, **spec.get("params", {})}
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
        "7bdeb7b4453a350a0edd79d376ad5c0334f720d54b857bcc9e1f1b92b1293095",
        "c903bcead641614a7156b0f1a54fc2b2c45c1f9a64b33ffeb438ca526e967efe",
    ),
    ("building_councils", 5430015622721608710): (
        "eea8a4f0a215fd2cf94f43dad0ad0d96502633edb8a0fc9d32f00ef218c6a555",
        "0e8cbbbfa932eb2ac358a8ff6716c32b8d3c2252961eee2863e68e62a8df1ddb",
    ),
    ("co_governance", 6188685476487377752): (
        "4339314e45ca50eab001568988b8f4e831141e26f01b4f2d87a82253e09e0335",
        "dd5296745e1b401ec4080172bc8147eb921029ffd632c84f4c013169a4c1a0e4",
    ),
    ("co_governance", 5430015622721608710): (
        "67cd9822f94b41bc81760cb1e7ba05c6b16d0a0140650e97fa3a4f00e1e0ca0f",
        "dc7b385e96a99bee1d6c38cdc23ab8e4f1e745bf6096162d3cab5daf4f3a9ead",
    ),
    ("grid_management", 6188685476487377752): (
        "b31704ed81c2ee4c5e4a2a9de80f63015e41f26d8fb52850453b13bfb447aec3",
        "a43d2c4960757f89e888540fb900a677d9f95ceb00d239d388f536c59c4ea058",
    ),
    ("grid_management", 5430015622721608710): (
        "3317f98050c202ba4b28da5da8fc4ce2635bed17ffb4e5e859a9c4b796f8588f",
        "89601ddc9f2ed9779cf37055674f684a13a2d109cc9860f333d06de08b523cff",
    ),
    ("grid_withdrawal", 6188685476487377752): (
        "aba79bc69d696fe14967306ba43ff17aa0e4023f884821faf86b81aab4e65edc",
        "14f33faf7706eed2a541655ddb069eb7fab54c4363b60fa8b6db68a1c66e9458",
    ),
    ("grid_withdrawal", 5430015622721608710): (
        "88138e8507d57806a6c11a35db699a7095a40b74cd433adf5bceef4c2747f146",
        "9ab51e9f04050db40e2026d02e9c8c129d50aaf788372d19b55f40940fb784da",
    ),
    ("high_mobility", 6188685476487377752): (
        "418548cc7d25db0d70c0ad605028a2a907a234e3ca7120a7f9bd8b017480b98b",
        "645a6390a8482fb20dc34aed2627c74ffa931334dfdf2ed898535a207bce889d",
    ),
    ("high_mobility", 5430015622721608710): (
        "561632593e9b553ec33afd0ada182a81a06be1220cd1b14020e113f9461da25a",
        "bad802c110fdf425f764138afc87accaf76cab0afb54b7346cc72c63c4238bb1",
    ),
    ("micro_self_governance", 6188685476487377752): (
        "d605f07f1a6284bf7be0dbf3979b33cc46cfb667b849b70e07d9725465161f90",
        "ef8770c1635b9aa0a3035d25113d4fda06f899951daf7f3cd9f5df6a4f35cbb6",
    ),
    ("micro_self_governance", 5430015622721608710): (
        "dcb98464c81857c1ea482d6ba50f341feb13563ef5e89df311f4581d4bf1067e",
        "4ca52bcc0f28115fe83f87db430c8861b0ebdd08e02ba35197317b34189f559b",
    ),
    ("status_quo", 6188685476487377752): (
        "abb80ba285b8df4a9c67734eb7a3cca1be426d0a8ae334bf59e3b26dd8bd2565",
        "9bc3fedea30719de6e30913175f0d2a94e11697a736d893e0f6a78545c95483b",
    ),
    ("status_quo", 5430015622721608710): (
        "6809d87475b1c30c9635e9baa9343c51bfb9b84ad46ac68d19877e595fa11014",
        "fb400ba1d1e675d6bb24a866902931f647f90417f89631531d6227f33d541224",
    ),
    ("wenjiang_eight_items", 6188685476487377752): (
        "2c52751b11c8d994f1b86214f46ec0608dda4a6701100b75537773a658787c67",
        "71a327828b24ffbfb30ce0ebaaafa3f28d88158df2659756c8dd3e2e9801c025",
    ),
    ("wenjiang_eight_items", 5430015622721608710): (
        "806e8778fe9f496aaef7a3684cfbe56806b32dd4af1ddbef1d428f0bb39c8be6",
        "f5d34eacfded0293335f6c2ebe288cc90371f2adab28e326395b416111d9729c",
    ),
    ("status_quo+admin_first", 6188685476487377752): (
        "8e79c7413d1336064027192bc5d3ca2f316cb12a1363a9eddc739d9c8511b1a5",
        "3565b1dc0ab83b1df49e6c95fd8627419e5c74b89c741dcd25ba70af151c436c",
    ),
    ("status_quo+group_reference", 6188685476487377752): (
        "b080adecd018dc430a5183c410eaff12115e8b840cbbb6e5b625eb23569e2fc1",
        "3cccdf63308dc5e106422805fb755868de977f20b7a0106d2e3e1dde386b17dc",
    ),
    ("status_quo+doorway_crowding_in", 6188685476487377752): (
        "89df19d958123d7dcfab92ac0a01801061c5408d20d1cd9d4c24687da5c07368",
        "004f422c5c18e11f7ec517ab1ba9d885c7d61d1c71b4d23524fe707372895ba4",
    ),
    ("status_quo+no_mobility_fixed_thresholds", 6188685476487377752): (
        "ddde4fcb1733b151a2039fbbab8420675cb9192c2bf4d845a3e848e9583cd619",
        "a47b4ab2d28ce4de3f029911b9de2f2140f7f644f3179be5ccaeceab777bc0c0",
    ),
    ("status_quo+tie_rule_changes", 6188685476487377752): (
        "b6aa000bf1cf499f6ac562947304782394a6aee4c27e4b8484c9ef6eb98b0580",
        "48d677aa3f96e7276a2a9c632ef7402da632210b957ebc84d052378d2a08a1c7",
    ),
    ("status_quo+injected_issues", 6188685476487377752): (
        "db3031e58e035bf952c4a366faa87b56732d2ad5e4c33c671067f0a10d5f1cfb",
        "767e17588b1e89bde9b400089274be8b6b5c7c83f4e450ce3b5e6563db2c2059",
    ),
    ("status_quo+spinup", 6188685476487377752): (
        "b340ece355d611271a67bd0f50c5f68c233028f09b569c993d2a684e0ff605e5",
        "4523e28ec34b3dd712d3dc5dd742e7186a6baefbcaf76d93ccc629d5c736fdcc",
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
