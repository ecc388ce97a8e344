"""Execution engines: serial, local processes, and Dask distributed.

Each engine takes batches ("chunks") of runs and yields their results as they finish. Runs are
batched so that per-task overhead (process start-up, pickling, scheduling: about 1 ms a task
on Dask, more for a first process) does not dominate short runs. Every run depends only on
its task, so all engines give identical results for the same seeds. :data:`ENGINES` maps each
name to its :class:`Engine` (how it runs batches, and whether it spreads them over workers).

Imports Dask (only inside the Dask engine), :mod:`microgov_sim.experiments` (errors,
experiment) and :mod:`microgov_sim.model` (the model class).
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass

from ..model.model import MicroGovModel
from .errors import UserError
from .experiment import ChunkResult, RunTask, execute_chunk


def available_cores() -> int:
    """Cores this process may use (respects CPU affinity and container limits)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def chunk_tasks(tasks: Sequence[RunTask], workers: int, batch: int | None = None):
    """Split tasks into batches: about eight per worker, at most 32 runs each by default."""
    if not tasks:
        return []
    if batch is None:
        batch = max(1, min(32, math.ceil(len(tasks) / (max(1, workers) * 8))))
    return [list(tasks[i : i + batch]) for i in range(0, len(tasks), batch)]


def _process_context():
    """A forkserver whose server has already imported the model (fast, thread-safe workers).

    Falls back to spawn where forkserver does not exist (Windows). An explicit context also
    keeps us independent of the process-wide start method, which ``mesa.batch_run`` changes.
    """
    try:
        ctx = multiprocessing.get_context("forkserver")
    except ValueError:
        return multiprocessing.get_context("spawn")
    ctx.set_forkserver_preload(["microgov_sim.experiments.experiment"])
    return ctx


def die_with_main(main_pid: int, every: float = 0.5) -> None:
    """Worker initialiser: the worker exits as soon as the main process ``main_pid`` is gone.

    A worker's parent is multiprocessing's forkserver, not the command, so nothing else tells
    it that the command died (``kill -9`` included); a daemon thread checks every ``every``
    seconds. Ordinary exits (Ctrl-C, SIGTERM, the end of a sweep) shut the pool down anyway.
    """

    def watch() -> None:
        while True:
            time.sleep(every)
            try:
                os.kill(main_pid, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:  # the pid now belongs to someone else's process
                os._exit(1)

    threading.Thread(target=watch, name="microgov-watchdog", daemon=True).start()


# Each worker is one process on one core: BLAS thread pools inside workers would only fight
# over the cores (as Dask's nanny does, we set these before a worker's numpy is loaded).
SINGLE_THREAD_ENV = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


@contextlib.contextmanager
def single_threaded_workers():
    """Within the block, processes started inherit one-thread BLAS settings (unless set)."""
    saved = {name: os.environ.get(name) for name in SINGLE_THREAD_ENV}
    for name in SINGLE_THREAD_ENV:
        os.environ.setdefault(name, "1")
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


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


def run_processes(
    chunks, model_class, jobs: int, address: str | None = None
) -> Iterator[ChunkResult]:
    """Run batches on a pool of ``jobs`` local worker processes; yield results as they finish.

    One worker or one batch runs serially here: a pool would only add its start-up time.
    """
    if jobs == 1 or len(chunks) <= 1:
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
    context = _process_context()
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=die_with_main, initargs=(os.getpid(),)
    ) as pool:
        with single_threaded_workers():  # workers start during the first submissions
            pending = {pool.submit(execute_chunk, chunk, model_class) for chunk in chunks}
        try:
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield future.result()
        finally:
            for future in pending:
                future.cancel()


def run_dask(chunks, model_class, jobs: int, address: str | None = None) -> Iterator[ChunkResult]:
    """Run batches on Dask: a local cluster of ``jobs`` workers, or the scheduler at ``address``.

    Workers of an existing cluster need microgov-sim installed (the same version).
    """
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise UserError(
            "--engine dask needs Dask distributed: pip install 'microgov-sim[dask]'"
        ) from None
    cluster = None
    if address:
        try:
            client = Client(address, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise UserError(f"--scheduler {address}: cannot connect to Dask: {exc}") from None
    else:
        cluster = LocalCluster(
            n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    try:
        futures = [client.submit(execute_chunk, c, model_class, pure=False) for c in chunks]
        for future in as_completed(futures):
            yield future.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


@dataclass(frozen=True)
class Engine:
    """One execution engine: how it runs batches, and over how many workers.

    ``run(chunks, model_class, jobs, address)`` yields a
    :class:`~microgov_sim.experiments.experiment.ChunkResult` per batch as it finishes.
    ``parallel`` says whether it spreads the batches over ``jobs`` workers; the automatic
    batch size is chosen for that many (:func:`chunk_tasks`).
    """

    run: Callable[[Sequence[list[RunTask]], type, int, str | None], Iterator[ChunkResult]]
    parallel: bool = True

    def workers(self, jobs: int) -> int:
        """How many workers share the batches when ``jobs`` are asked for."""
        return jobs if self.parallel else 1


ENGINES: dict[str, Engine] = {
    "serial": Engine(run_serial, parallel=False),
    "processes": Engine(run_processes),
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
