"""The model's compiled kernels made ready in a process, before the runs that need them.

The kernels (:mod:`microgov_sim.model.kernels`) compile on first use and cache their machine
code on disk; a process that has not used them yet loads that cache (or, on a fresh machine,
compiles) at its first run. :func:`compile_kernels` does it up front with one tiny run, so
that the engines can make the kernels ready once -- in the processes engine's forkserver,
from which every worker is forked with them in memory, and in the command before a Dask
cluster's workers start, so that they load the cache rather than each compile.

Imports :mod:`microgov_sim.model.model` (inside the function).
"""

from __future__ import annotations

import time


def compile_kernels() -> float:
    """Compile (or load from the cache) the kernels a default run uses; return the seconds.

    A kernel that only other settings use (a rigid template's crowding, say) compiles or
    loads at its first use.
    """
    from .model import MicroGovModel

    started = time.perf_counter()
    MicroGovModel(rng=0, n_households=200, spinup_weeks=3).run_for(3)
    return time.perf_counter() - started
