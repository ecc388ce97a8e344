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

The digests are bit for bit, and on an AVX-512 machine numpy's AVX-512 kernels of ``exp``,
``log`` and ``power`` round some values differently in the last bit from the AVX2 ones on
which the pins were taken: measured on such a machine, 23 of the 24 digests differed under the
default dispatch, and all 24 matched with numpy's dispatch above ``X86_V3`` switched off
(``NPY_DISABLE_CPU_FEATURES``) and OpenBLAS on its ``Haswell`` core (``OPENBLAS_CORETYPE``,
kept though the model has called no BLAS since ``ties.within_total``). So the digests are
computed in a child process with both (:func:`numpy_x86_v3_env`), the same on every machine
with AVX2; the regeneration command does the same.
"""

import hashlib
import json
import os
import subprocess
import sys

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
        "d72cb7befea8f29932319c903250e9efa8c573ae130b58f298f428f8d9257501",
        "750d8ebe54242b93e55bea8aa2df7876505ae1ba743d60feb3d9c39dc71e02ed",
    ),
    ("building_councils", 5430015622721608710): (
        "4e1f190c0ae9071f8b8c575f5a3f6b48661c983404abcd1fc955cfd5ddbe7b87",
        "7e72edab421d9f7ccc7430c384c52e80c173cd044ded8579e0681006c3285ab2",
    ),
    ("co_governance", 6188685476487377752): (
        "9e28ce5eff8ef0ff7a26c1054ac920ee655ca664010552ab881880f4cf756e91",
        "40e3c42b32e69ded2d46e17cb806daa247947b84f48b325b6186c68ada79a450",
    ),
    ("co_governance", 5430015622721608710): (
        "7ceb4c201f6a3bc0b0afbeb11b4688714da3223cf310ee2e1b12714d65489b94",
        "700cbfabada1f1f5538a20345a7981193950fa4ae86b0d1161d919154caee044",
    ),
    ("grid_management", 6188685476487377752): (
        "4ab4afc7982b6be9994e0f9f94ba3c9ebc9519e8425dd9090d7019e382e7f502",
        "ad7d08ecb784a7809932bf32c6063d817e905dde55457e2db141266881dc16fc",
    ),
    ("grid_management", 5430015622721608710): (
        "8a1f2d26d435bda6c2686e84e2e19dc6f1de374e20ba829fd0d2e08b03b03456",
        "8213821a31240313f4f5cb60f37da2ff6e78930a5e2e0b295c3f41062173d06f",
    ),
    ("grid_withdrawal", 6188685476487377752): (
        "b86c04e2855a2fb3ad8d89f467fa75d1bba32e20fb4831bd7ba77a4c02f9f853",
        "8286b23cafd181d8d654faa1de37b2a5c8e6ce3409864a20b8287345f3bbf668",
    ),
    ("grid_withdrawal", 5430015622721608710): (
        "2fa807827490b9eb1b85865606a1853e58a60f62f76d5acce3b14f6f9a3b96a2",
        "473e25d3cd17fe29f8997a312e1f1fcdc070c34515a7f8c34c21e737d5a875a4",
    ),
    ("high_mobility", 6188685476487377752): (
        "ea8a67d5c2f0c2d88498478255e001c98f805f5bd32aed6b9e1c3fa0b98ea451",
        "47d73c4ac5c4fddfa875cd652e559e0ae1b2749ea76ed26569bd850ef9b3f5c2",
    ),
    ("high_mobility", 5430015622721608710): (
        "86811d0aba465c964373942a7fdf2a46bc46d33a47c5d8e2f54c4b2b89bfd096",
        "584cf881134b1afc4ea84050d399dfdf293488c6514b7d7cb5d5daa4b146d98a",
    ),
    ("micro_self_governance", 6188685476487377752): (
        "f961b032b41dff0d397c6cd251468c6c452c0d3402730d5626f6da71e5864378",
        "f52caf898956a9352103334d700f9cfc3a4476c1b81586ac083fee2d18667a0b",
    ),
    ("micro_self_governance", 5430015622721608710): (
        "91da9202a65d57cc2933e1b3b7975e5f28a5e0fdaab3d2bcbbcb89cbdb62f815",
        "df073d099e7ac5d9088c760c2165c159b5c51be743d61fe3e41043c8734ca2ce",
    ),
    ("status_quo", 6188685476487377752): (
        "3a6b0bc9eff0e18ace86d62c1bfb4d44c7600d0a8b6f4e464b5d46525ae9bd69",
        "bec0a5a2a32876d69fb7b9aa2896972424e712fe3310d76fc3115ab91fb3adf0",
    ),
    ("status_quo", 5430015622721608710): (
        "2449496867588f21123f3640049a8c6ff754b528187403d9011631589909e3d3",
        "2205cd00b981e211af3466b1edbed74532d734d38b1b44ddf1ba5a1d83c93a7b",
    ),
    ("wenjiang_eight_items", 6188685476487377752): (
        "5fcf2186c16d49729c3001b5863793840e5ecf05412ebea2adef8ffa8f43131f",
        "e3d6d44b506f9ca5cb24217882025909f8f13aa4add15e5ca8fbc1a06f2e273a",
    ),
    ("wenjiang_eight_items", 5430015622721608710): (
        "920287b1d4832d22702e89e5efa0459c2d0912e373bb5360ec9e9b40ea704f51",
        "a1177f82973a86a054ac9cb4a4054de3a3fc472740a6f21345f5ae6261caa150",
    ),
    ("status_quo+admin_first", 6188685476487377752): (
        "c25fd6dae8ef471c2b933ab546dfb9155147110e66f60505217ccc663808b62f",
        "29105304c8347c418377281f940220a4a26068e9aa7e46d91048d05ffe5e86e2",
    ),
    ("status_quo+group_reference", 6188685476487377752): (
        "5bdd606fa1b687ecbe724eea923c50359e4605808e5265c46968d82e38975918",
        "d373727ddf389a4ef59c196dac1504bb87ffafc2127962f000c38c6bc07429a6",
    ),
    ("status_quo+doorway_crowding_in", 6188685476487377752): (
        "37e77ebed511467b9384e087638ec573b7901bc833ff2d48c31b61905448540a",
        "c05250dfe5a06bac17004f4c1aa432783f88d03b5d88b56ebef198fe3ae4f429",
    ),
    ("status_quo+no_mobility_fixed_thresholds", 6188685476487377752): (
        "87a9d2fa3acfbe2182dbd6f2af0fa19493784e8265461433bd6172fa3cb662a8",
        "407b909ef2c2493bfae9dbca1bd2761e4605797a791e2d303105846354dc496f",
    ),
    ("status_quo+tie_rule_changes", 6188685476487377752): (
        "02a2bb4c5b8fba5fc88e986ef6a97dfeed13f27c0ade855fab8df1037d9ac3c1",
        "7c74074c6dd314668fec8083dd625168f03eb0dcf2b502df25003be298bc1891",
    ),
    ("status_quo+injected_issues", 6188685476487377752): (
        "eb882ce2f45df0b6eea3369f72271069688f2f305db94b755351250e38cfa9d4",
        "8668a90f711f5e7884a2dcf9edd056127a58e6bae2a70d0e34dbacffbef3dfdf",
    ),
    ("status_quo+eight_items_rigid", 6188685476487377752): (
        "42da4ede2b5b0dccf7b9995c2d33020a9dd36a55aa5147e445320824cb94da82",
        "7954bc84d5a5e91f832f0cb114e46df725660c6fb4066d6356716ea800ec1694",
    ),
}


def test_every_scenario_is_pinned():
    assert sorted(PINS) == sorted(cases())


THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def numpy_x86_v3_env() -> dict[str, str]:
    """The environment with numpy's dispatch above X86_V3 off and OpenBLAS on its AVX2 core.

    Both matter on an AVX-512 machine: numpy's own kernels (exp, log, power) and OpenBLAS's
    (the matrix products numpy hands it, which pick their core at start-up, or by
    ``OPENBLAS_CORETYPE``) round some values differently from their AVX2 versions.
    """
    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__

    keep = {"X86_V2", "X86_V3"}
    above = [f for f in __cpu_dispatch__ if f not in keep and __cpu_features__.get(f)]
    # The thread variables are dropped, as a fresh shell has none (the process-pool engine sets
    # them to 1 in the suite's process): the model calls no BLAS (ties.within_total), which
    # test_outputs_do_not_depend_on_blas_threads checks
    env = {k: v for k, v in os.environ.items() if k not in THREAD_VARIABLES}
    if above:
        env["NPY_DISABLE_CPU_FEATURES"] = " ".join(above)
    if __cpu_features__.get("AVX2") and __cpu_features__.get("FMA3"):
        env["OPENBLAS_CORETYPE"] = "Haswell"  # OpenBLAS's AVX2 kernels (numpy's BLAS)
    return env


@pytest.fixture(scope="module")
def pinned_path_digests(tmp_path_factory) -> dict[str, list[str]]:
    """Every case's digests, computed in one child process on numpy's X86_V3 kernels.

    The child compiles the kernels afresh into its own cache folder, so that it depends on
    no earlier process's compilation.
    """
    env = numpy_x86_v3_env()
    env["NUMBA_CACHE_DIR"] = str(tmp_path_factory.mktemp("numba_cache"))
    done = subprocess.run(
        [sys.executable, "-m", "tests.test_scenario_pins", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=900,
    )
    return json.loads(done.stdout)


def digests_with_blas_threads(threads: int) -> str:
    """The status quo's digests (3,000 households, its first seed) with so many BLAS threads."""
    env = {**numpy_x86_v3_env(), **dict.fromkeys(THREAD_VARIABLES, str(threads))}
    code = (
        "from tests.test_scenario_pins import run_digests, cases; "
        "print(run_digests(*[c for c in cases() if c[0] == 'status_quo'][0]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return done.stdout.strip()


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="OpenBLAS runs one thread on one CPU")
def test_outputs_do_not_depend_on_blas_threads():
    # a BLAS dot splits vectors longer than 10,000 between its threads (3,000 households have
    # about 24,000 ties), which changed the tie outcomes' last bits between a serial run and the
    # engines' one-thread workers before the model stopped calling BLAS
    assert digests_with_blas_threads(1) == digests_with_blas_threads(2)


@pytest.mark.parametrize(("name", "seed"), cases())
def test_scenario_outputs_are_pinned(pinned_path_digests, name, seed):
    assert tuple(pinned_path_digests[f"{name}/{seed}"]) == PINS[(name, seed)]


if __name__ == "__main__":
    if "--json" in sys.argv:
        print(json.dumps({f"{n}/{s}": run_digests(n, s) for n, s in cases()}))
    elif os.environ.get("NPY_DISABLE_CPU_FEATURES") is None and len(numpy_x86_v3_env()) > len(
        os.environ
    ):
        os.execve(
            sys.executable, [sys.executable, "-m", "tests.test_scenario_pins"], numpy_x86_v3_env()
        )
    else:
        print("PINS = {")
        for name, seed in cases():
            print(f"    {(name, seed)!r}: {run_digests(name, seed)!r},")
        print("}")
