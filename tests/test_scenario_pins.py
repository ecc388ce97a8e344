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
    # no community fund: the government pays every action (the rule before #16, ODD 7.6b)
    "support_per_action": {"params": {"support_funding": "per_action"}},
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
        "8977e5f9eb9422c5b355ee6c31198ae018705f81968cca8a60d37ba2211ce21f",
        "ec1c3cc6b07e7a44b278e86a146579dbb0008699ad7ccb4c368e8dd8479ae2c3",
    ),
    ("building_councils", 5430015622721608710): (
        "97c6c7a37648d17a41e34f9d9b56b8d81b943cdcbf738d80cde3f567497e0a1a",
        "317a219864ee4e5242b9a8aab9bb2a7a2fec2fd8b98ee09217ac12f386441e04",
    ),
    ("co_governance", 6188685476487377752): (
        "236c7c26dbc315f51a3d7e79fdcb7d598f16818a62d876026b09872861d0394e",
        "436ce8d004906cd39f156a1b073eb5f610c5cf92982e9ad9a3fd06d44cebc67c",
    ),
    ("co_governance", 5430015622721608710): (
        "2ac99473e0bfbc9b2b9de753be60b6c979a4f95d6fdc2d4aff49b86b84c148c3",
        "a38282ff3e96db0f86f1baa4d15eff9677163d65587b4eb5e772a9e23b51efd3",
    ),
    ("grid_management", 6188685476487377752): (
        "eefcb13631912978bafacaee91ba3054d9eac139af44431864995a7d9c25e52e",
        "47f8f7ded2527e7885f939786bf2a85ab163a0aee2412ff0fc5c4096137e79d4",
    ),
    ("grid_management", 5430015622721608710): (
        "0992a76de664c34323ccab7438d6f91c2ce0f2a7476246cec1cbfb784ccf6c84",
        "32c69fc2c58cbc3ff07f005f0b95178f56f0a9e8609a7adfd19ff8f776f4c80b",
    ),
    ("grid_withdrawal", 6188685476487377752): (
        "f22afa1f5156ebb278fdbd2b0492c99852a15560cc7959bc0aca0b5c2ad3a2b2",
        "62ce9675bc9f48ea17b37d1aae5430a754102f722ddc6244a61a37832fd95c92",
    ),
    ("grid_withdrawal", 5430015622721608710): (
        "f4e97ac920beae37e7e730707caf60a9aa4415016942585c18f64eb85e75f9fb",
        "aef97890d398317024fdbb3bd5d1ec7da71f161bf422dae7fadb0abaac03ea35",
    ),
    ("high_mobility", 6188685476487377752): (
        "2300dedf0ffaeb31a64e23dc5f256dd2c3b8063e040c020808e54b86d57a29ea",
        "ae83b6fbeb208f83a5c78b9b189c8a0a67a52465beca0449b86ff5984c81ce55",
    ),
    ("high_mobility", 5430015622721608710): (
        "febaa716dcfba4de5425ac606b4583fa1522c1920cd8a7969e5e5bcec9db8ab5",
        "32656ba710dfc25fa44f648fd1c913a051046201af0961e984ac55fbb0b15a4e",
    ),
    ("micro_self_governance", 6188685476487377752): (
        "c34eea87fa87c88eadb5f7f861a68c3df305cd2a198872f56a506beb945a9731",
        "edc6807e85e00ebdaca1645c142cea3e2bca0aa75ad46bf6469af6732c44754d",
    ),
    ("micro_self_governance", 5430015622721608710): (
        "b0f3e37709edb75de24a252c541cd5a74ab0fb76d2058ad3baceb7720bd73eef",
        "68ed48c58e7ee513f7da3f5be367e75a2ed6d59d49287cd61c9e3619a2cf8392",
    ),
    ("status_quo", 6188685476487377752): (
        "912999c3b22694f992535911858ea7deb5d5ef185bbd0468a087517ae9a07f63",
        "aea0a05a2c28de85def39412c9d03ecf7824014cef4c7e602366d8b2adac4651",
    ),
    ("status_quo", 5430015622721608710): (
        "90728ca0a0e5fc26097bc975526760943fb1d5fdf1c8150ce029d604e783fccc",
        "52f2ca68c9dea8ecbb9b2373a228eaebae0460a0080c3c0083ba05acacf1a2bb",
    ),
    ("wenjiang_eight_items", 6188685476487377752): (
        "6d975ceb86e78c35067c4cafda7c73fdea09cfc878151de97f12d97aee8b560a",
        "c984601ba01ad9ab349833ef4f54ecae036c4408e7076fdd01b3a442746a1389",
    ),
    ("wenjiang_eight_items", 5430015622721608710): (
        "db768e61bbd7fe24016d521d58e9c95e55de943252790cb659621899be0ea8a0",
        "92b6c230a17dc2d7f077d543665ff43442a2a47dc4f3f0a4372377268ee69019",
    ),
    ("status_quo+admin_first", 6188685476487377752): (
        "875956324fbf04ec77f2fbb577344f1396cecdcc6c61fdc25cea51671c0522ce",
        "c19450066db0734a103aa9581f61f47b65f8090364ac06722f79b3d5299b402d",
    ),
    ("status_quo+group_reference", 6188685476487377752): (
        "49418b78b8314d93ad907ede78b42a92b04aa183c1ab097e77f6079efd60f108",
        "9ee5115d7da1cf1bc1c8768865dfd9066edd8950dd894bae6d80bed083d82f5e",
    ),
    ("status_quo+doorway_crowding_in", 6188685476487377752): (
        "698397185031f763e526d63c5ff23bae02914afc9dee3d492a71ecce9c1cf592",
        "28a61e13ab35378532f116cc5523adc2ac13625beca0be49644af05f006ddaa7",
    ),
    ("status_quo+no_mobility_fixed_thresholds", 6188685476487377752): (
        "f98b74994af5e0f06c85b8e28f332f1d354f68b42cab25d304ff5daa0fc0b782",
        "4e09d8aac81f86cf883419d9e21879557387fc12babff10c0ae7c620b2480bef",
    ),
    ("status_quo+tie_rule_changes", 6188685476487377752): (
        "aa168371dc3be8079b6c34110d49697e0393715b1a2252825a3cca62109de654",
        "20edb9eb195a6ace7d46ea7449f23c4285198faed85ebce145b60d7663de201a",
    ),
    ("status_quo+injected_issues", 6188685476487377752): (
        "199eb31d90d6edb18cfa7f139bd221cfbaad58a73f33a2f38a0d20348a3cd281",
        "b57c7eff4d86a8c27d3354c35d02d54d6ac2c949f846a6a63fa041119407fa18",
    ),
    ("status_quo+support_per_action", 6188685476487377752): (
        "3768c5d9a8794df47c2ac4b2bf8eb74d43139f03190533c454408942b1cbd3d2",
        "1f20e2d490abcf51447655c1dd2211c4c2a643af41a67b3d83ad83902c4e96e7",
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
