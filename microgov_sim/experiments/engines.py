"""Execution engines: serial, local processes, and Dask distributed.

Each engine takes batches ("chunks") of runs and yields their results as they finish. Runs are
batched so that per-task overhead (process start-up, pickling, scheduling: about 1 ms a task
on Dask, more for a first process) does not dominate short runs. Every run depends only on
its task, so all engines give identical results for the same seeds. :data:`ENGINES` maps each
name to its :class:`Engine` (how it runs batches, and whether it spreads them over workers).

The parallel engines live in their own modules: :mod:`~microgov_sim.experiments.process_pool`
and :mod:`~microgov_sim.experiments.dask_engine`. Both report a worker that dies with the runs
it held and run them again; runs whose worker died every time, or a cluster left without
workers, end the sweep with
:class:`~microgov_sim.experiments.worker_faults.WorkersLostError`, everything finished saved.

Imports :mod:`microgov_sim.experiments` (dask_engine, errors, experiment, process_pool) and
:mod:`microgov_sim.model` (the model class).
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from ..model.model import MicroGovModel
from .dask_engine import run_dask
from .errors import UserError
from .experiment import ChunkResult, RunTask, execute_chunk
from .process_pool import run_pool, start_server


def available_cores() -> int:
    """Cores this process may use (respects CPU affinity and container limits)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def chunk_tasks(tasks: Sequence[RunTask], workers: int, batch: int | None = None):
    """Split tasks into batches for ``workers``: of ``batch`` runs each, if given.

    By default about eight batches per worker, at most 32 runs each; for more than one
    worker the last batches get smaller, none above the runs left over twice the workers,
    down to one run, so that the workers finish close together instead of all but one
    waiting while it runs a last full batch (guided self-scheduling, Polychronopoulos &
    Kuck 1987).
    """
    if not tasks:
        return []
    if batch is not None:
        return [list(tasks[i : i + batch]) for i in range(0, len(tasks), batch)]
    workers = max(1, workers)
    size = max(1, min(32, math.ceil(len(tasks) / (workers * 8))))
    chunks, start = [], 0
    while start < len(tasks):
        left = len(tasks) - start
        take = size if workers == 1 else max(1, min(size, left // (2 * workers)))
        chunks.append(list(tasks[start : start + take]))
        start += take
    return chunks


def run_serial(
    chunks, model_class, jobs: int = 1, address: str | None = None
) -> Iterator[ChunkResult]:
    """Run batches one after another in this process (``jobs`` and ``address`` unused)."""
    for chunk in chunks:
        yield execute_chunk(chunk, model_class)


def main_is_importable() -> bool:
    """Whether worker processes can re-import ``__main__`` (not code piped on stdin).

    Workers started with forkserver or spawn import the main script, as in any use of
    :mod:`multiprocessing`: scripts need an ``if __name__ == "__main__":`` guard.
    """
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    return getattr(main, "__spec__", None) is not None or path is None or os.path.exists(path)


def pool_wanted(jobs: int, n: int) -> bool:
    """Whether ``n`` batches (or tasks) on ``jobs`` workers are worth a pool's start-up."""
    return jobs > 1 and n > 1


def run_processes(
    chunks, model_class, jobs: int, address: str | None = None
) -> Iterator[ChunkResult]:
    """Run batches on ``jobs`` local worker processes; yield results as they finish.

    The pool is :func:`~microgov_sim.experiments.process_pool.run_pool`: a worker that dies
    is reported with the runs it held and replaced, and its runs run again. One worker or one
    batch runs serially here: a pool would only add its start-up time.
    """
    if not pool_wanted(jobs, len(chunks)):
        yield from run_serial(chunks, model_class)
        return
    if not main_is_importable():
        print(
            "microgov: the main program is not a file (stdin?); worker processes could not "
            "import it, so runs go serially",
            file=sys.stderr,
        )
        yield from run_serial(chunks, model_class)
        return
    yield from run_pool(chunks, model_class, jobs)


def prepare_processes(jobs: int, n_tasks: int) -> None:
    """Start the worker server early when :func:`run_processes` will use a pool."""
    if pool_wanted(jobs, n_tasks) and main_is_importable():
        start_server()


def _nothing_to_prepare(jobs: int, n_tasks: int) -> None:
    """Engines without anything to start ahead of their runs."""


@dataclass(frozen=True)
class Engine:
    """One execution engine: how it runs batches, and over how many workers.

    ``run(chunks, model_class, jobs, address)`` yields a
    :class:`~microgov_sim.experiments.experiment.ChunkResult` per batch as it finishes.
    ``parallel`` says whether it spreads the batches over ``jobs`` workers; the automatic
    batch size is chosen for that many (:func:`chunk_tasks`). ``prepare(jobs, n_tasks)`` is
    called once the sweep's tasks are known and accepted, before its metadata is written, to
    start what takes time to start.
    """

    run: Callable[[Sequence[list[RunTask]], type, int, str | None], Iterator[ChunkResult]]
    parallel: bool = True
    prepare: Callable[[int, int], None] = _nothing_to_prepare

    def workers(self, jobs: int) -> int:
        """How many workers share the batches when ``jobs`` are asked for."""
        return jobs if self.parallel else 1


ENGINES: dict[str, Engine] = {
    "serial": Engine(run_serial, parallel=False),
    "processes": Engine(run_processes, prepare=prepare_processes),
    "dask": Engine(run_dask),
}
"""The engines by name; adding one means adding an entry (the ``--engine`` choices of the
command come from here)."""


def engine_named(name: str) -> Engine:
    """The registered engine called ``name``; a :class:`UserError` listing them otherwise."""
    if not isinstance(name, str) or name not in ENGINES:
        raise UserError(f"engine {name!r}: must be one of {', '.join(ENGINES)}")
    return ENGINES[name]


def execute_chunks(
    chunks,
    engine: str = "processes",
    jobs: int | None = None,
    address: str | None = None,
    model_class=MicroGovModel,
) -> Iterator[ChunkResult]:
    """Yield the results of ``chunks`` on the chosen engine, in completion order."""
    return engine_named(engine).run(chunks, model_class, jobs or available_cores(), address)
