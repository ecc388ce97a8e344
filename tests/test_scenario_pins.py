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
        "cecef5882e288a05bd95b4ba7be7cc3ef1862e268bc3e8f5e3491f996cf85e82",
        "47453de9a9af238d676c6d876a3b583deffd07e4095b19d78357025ad4f9c12c",
    ),
    ("building_councils", 5430015622721608710): (
        "1f405d83c265ef2c62c2108f4c498031b4ac90cb46e371285421f7eb23fae54e",
        "fa525fa54d72703837ab231d8ebd29b3d97a70b2bc379a1cc79c698ea2314c11",
    ),
    ("co_governance", 6188685476487377752): (
        "7e589aa9ff4824a513f3f4150069665b090fb5e2ee15974e311c0f3757dc0e94",
        "d5a75b5791e219b08ddc3d2ebbad0d0c5825bdaa65b9fb71adcfb6c203bf8fc1",
    ),
    ("co_governance", 5430015622721608710): (
        "64e84e97367edffcd4b2dc02bb0e3b4308fbd7fbda93b3dc26a80d27172d89ef",
        "9daa1d4039415cb6eec2756fde3089506a75df2bc922cc217615b0fe5173512d",
    ),
    ("grid_management", 6188685476487377752): (
        "883fd8ff47a7ff3c490d3ee9f536fa1a3bc337f58df799533ccb8eba1bda8886",
        "300a0a62c302f84661cd3a6f0d1cd13f3c1fcc8a3978444634a09f4e73af04ad",
    ),
    ("grid_management", 5430015622721608710): (
        "f87c0cb6dcc8ea63f20ed0960eb3ea0b3988b20aa4ddce85f309c0390630f1c0",
        "57e27fe21c51e1afdd89e6bfe90af6d6ac261e3ab264bf43e0bb045132f62384",
    ),
    ("grid_withdrawal", 6188685476487377752): (
        "80936b420516aef4d8e18e8d1021be7d126a208d846df0be3097d2fecef16f64",
        "d88ad2e33ab7374cad416d411a23ae35d6b2ee6efc625fdd6cab769f034a7cb5",
    ),
    ("grid_withdrawal", 5430015622721608710): (
        "81d0a520740bf395a34918786ac55ef59e350f9a3b7c2161884856427790c941",
        "31972ac8ecd13032d399aebde1e6605d84ed6457eb4b5f83f898ae0f722a4073",
    ),
    ("high_mobility", 6188685476487377752): (
        "9af20a4897aea1460f5c1f8ed5f3b207a7df6e3315527d1b16b034d2cee369d6",
        "99924f8b9eade4e205a8c925c51420b7a997d4a3e3320bab1bc7e9f0f2eae0cf",
    ),
    ("high_mobility", 5430015622721608710): (
        "b153c5a8adf36cf5f27d58c31cd1c9f909eb28522040f0abcc89093c4ed77398",
        "03ade72035f39136c0230a7f4434d25d02ffa80dd8c5a3ecca7b7a559f687610",
    ),
    ("micro_self_governance", 6188685476487377752): (
        "9d2f2af46c98ed7382e5250c62e28d7abb1c4bff1f8690113903f70a75091bf7",
        "9ec6a56803790eec6b8acc71176c129cb0c9d4ebc8aa9dcc1e045be0915494f7",
    ),
    ("micro_self_governance", 5430015622721608710): (
        "0ca2a9323e26b8d05a20989be7ec0d8a9dbae84b32b4ff7c03de5e90e20fffbc",
        "7ea4fec2d8e34e9671efea3a4e602ddbfc08193485d61556d20cae9e8492bbcb",
    ),
    ("status_quo", 6188685476487377752): (
        "b52b7f4d3697d0ecb372f336be2600933be8342e301bee4f31a536e71aaa4946",
        "6c7c4a998524ce052e7ae724bed4a1fdf80aa2c0ff85873559c6636dc6e0b281",
    ),
    ("status_quo", 5430015622721608710): (
        "3f68c4064c5aa8bfe231d6335876085c61f79a70f1fb8c6f6a5137c9a99a14ee",
        "6daec04397cc731db7eeed4dedc3b1ef45e89f936d12aafc68941d1e93442b9b",
    ),
    ("wenjiang_eight_items", 6188685476487377752): (
        "8d65a40d4a94eae64e86e586a684ee23fccb04c3bf7f7b7122103cf8c87d054d",
        "5e62de5b062825b92a1fe92ad0898f8a8cae0b69ad8a9ecfdf6f1396f9e676d1",
    ),
    ("wenjiang_eight_items", 5430015622721608710): (
        "7b1059e647a117897ef540b700aa487612bcc383e3f33f828ac4aef68105212f",
        "712bf909538b1950517b7d6d2a5cb05b943819dfb71e96c437da9794cef913ad",
    ),
    ("status_quo+admin_first", 6188685476487377752): (
        "b32e12474e4d929136c2a0bb0a04a9ea844d5bfac179e2188e54de3c4b50b439",
        "cd03a193b8ca07e8b2517407c39abafaf29532a13d383b9db1567cfbbcc6e151",
    ),
    ("status_quo+group_reference", 6188685476487377752): (
        "0a4fb700c8ed53252ef789472632679912ef7ab9b13fdcb01b165d21b6ec46b7",
        "4dbfab01fb3c130be257665b54010bc3f0b3e2d15e353afd00780c3cfdc2feda",
    ),
    ("status_quo+doorway_crowding_in", 6188685476487377752): (
        "3b842120bdb7eb40055c82bde616406f700d9ed25606c2878879935721ed638a",
        "96f38016a3fed7815a16c486f5651abb66aaf2893cf90e8f944db8d2457ff3d0",
    ),
    ("status_quo+no_mobility_fixed_thresholds", 6188685476487377752): (
        "2f8408cf34d6672072aea84922a53ca273a70c193a13dd63e08998b7962df08d",
        "1f228609c600b7d417edf8b5ba573de9e50fefcba456add458afd71171e37a27",
    ),
    ("status_quo+tie_rule_changes", 6188685476487377752): (
        "a344a70cc8ead10586669d650123bd927992454f37f661a0b98e315981990797",
        "3a7e8c056fc3d8ab2070e2a41d66734d35f1416420e69ab7c5652077a5203a2c",
    ),
    ("status_quo+injected_issues", 6188685476487377752): (
        "0335bf712e358453c625b95cfae5545dbcf2fe5e525509d83d7359e58866f53f",
        "2d4281f943987244344b6cebb029be57d67c262359810085426af3afb42906c9",
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
