"""Imported by the processes engine's forkserver: the kernels are ready before any worker forks.

Every worker of the processes engine is forked from multiprocessing's forkserver, which
imports this module once (:func:`~microgov_sim.experiments.process_pool.run_pool`); the
compiled kernels the tiny run of :func:`~microgov_sim.model.compiled.compile_kernels` loads
(or compiles on a fresh machine) are then in every worker's memory, so a worker compiles or
loads only a kernel that run did not use. The forkserver survives only an ImportError of a
preload module, so any failure here (a Ctrl-C during a first compilation included) is
caught: the workers then make the kernels ready themselves, at their first run.

Imports :mod:`microgov_sim.model.compiled`.
"""

from __future__ import annotations

import contextlib

from ..model.compiled import compile_kernels

with contextlib.suppress(BaseException):  # the forkserver must live; workers compile instead
    compile_kernels()
