"""Imported by the processes engine's forkserver: the kernels are ready before any worker forks.

Every worker of the processes engine is forked from multiprocessing's forkserver, which
imports this module once (:func:`~microgov_sim.experiments.process_pool.run_pool`); the
compiled kernels it loads (or compiles on a fresh machine) are then in every worker's
memory, so no worker compiles or loads them again.

Imports :mod:`microgov_sim.model.compiled`.
"""

from __future__ import annotations

from ..model.compiled import compile_kernels

compile_kernels()
