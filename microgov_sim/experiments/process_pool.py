"""The processes engine's pool: local worker processes, each running one batch at a time.

Unlike :class:`concurrent.futures.ProcessPoolExecutor`, which breaks as a whole (a
``BrokenProcessPool`` for every batch) when one of its processes dies, the pool knows which
batch each worker holds: only that batch is lost, it runs again, a new worker takes the dead
one's place and the others go on (:mod:`~microgov_sim.experiments.worker_faults`). Workers end
with the command: :func:`die_with_main` watches it, and a pool that is stopped (the end,
Ctrl-C, SIGTERM) ends its workers.

Imports :mod:`microgov_sim.experiments` (experiment, worker_faults).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.process
import os
import signal
import threading
import time
import traceback
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.connection import wait as connection_wait

from .experiment import ChunkResult, RunTask, execute_chunk
from .worker_faults import Retries, WorkersLostError, named, say, task_id


def _process_context():
    """A forkserver whose server has already imported the model (fast, thread-safe workers).

    Falls back to spawn where forkserver does not exist (Windows). An explicit context also
    keeps us independent of the process-wide start method, which ``mesa.batch_run`` changes.
    """
    try:
        ctx = multiprocessing.get_context("forkserver")
    except ValueError:
        return multiprocessing.get_context("spawn")
    # the model, through experiment, and its compiled kernels (preload), for every worker
    ctx.set_forkserver_preload([__name__, f"{__package__}.preload"])
    return ctx


def start_server() -> None:
    """Start the forkserver now, in the background, so that its start overlaps other work.

    Its server imports the package and loads the kernels (about 1.5 s), which the first
    worker would otherwise wait for; the runner calls this while it plans the sweep and
    writes its metadata. The server ends with this process, as it would anyway.
    """
    if _process_context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


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


def _ended(exitcode: int | None) -> str:
    """How a worker process ended, in words: ``was killed by SIGKILL (out of memory?)``."""
    if exitcode is None or exitcode >= 0:
        return f"exited with code {exitcode}"
    try:
        name = signal.Signals(-exitcode).name
    except ValueError:
        name = f"signal {-exitcode}"
    hint = " (out of memory?)" if name == "SIGKILL" else ""
    return f"was killed by {name}{hint}"


def _serve(connection, model_class, main_pid: int) -> None:
    """A worker process: run each batch the main process sends, send back its results.

    Ctrl-C reaches every process of the terminal; the main process stops the workers itself.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_main(main_pid)
    with contextlib.suppress(EOFError, OSError):  # the main process closed its end: stop
        while (chunk := connection.recv()) is not None:
            try:
                result = execute_chunk(chunk, model_class)  # a run's error is in its result
                connection.send(result)
            except Exception:  # a fault outside the runs (results that do not pickle...)
                connection.send(_Failed(traceback.format_exc()))


@dataclass(frozen=True)
class _Failed:
    """A worker's answer for a batch that failed outside its runs.

    A bug, not a run's error: the main process raises it, as
    :class:`concurrent.futures.ProcessPoolExecutor` did.
    """

    traceback: str


@dataclass
class _Worker:
    """One worker process, the main process's end of its pipe, and the batch it holds."""

    process: multiprocessing.process.BaseProcess
    connection: Connection
    held: list[RunTask] | None = None

    def hand(self, chunk: list[RunTask]) -> None:
        """Send the worker a batch (if it has just died, its death is noticed next)."""
        self.held = chunk
        with contextlib.suppress(OSError):
            self.connection.send(chunk)


class _WorkerPool:
    """Worker processes, each running one batch at a time; one that dies is replaced.

    Unlike :class:`concurrent.futures.ProcessPoolExecutor`, which breaks as a whole when one
    of its processes dies, the pool knows which batch each worker holds: only that batch is
    lost, and the other workers go on.
    """

    def __init__(self, model_class) -> None:
        self.context = _process_context()
        self.model_class = model_class
        self.workers: list[_Worker] = []

    def start(self) -> _Worker:
        """Start one more worker process."""
        ours, theirs = self.context.Pipe()
        process = self.context.Process(
            target=_serve,
            args=(theirs, self.model_class, os.getpid()),
            name="microgov-worker",
            daemon=True,
        )
        with single_threaded_workers():
            process.start()
        theirs.close()
        worker = _Worker(process, ours)
        self.workers.append(worker)
        return worker

    def remove(self, worker: _Worker) -> None:
        """Forget a dead worker."""
        self.workers.remove(worker)
        worker.connection.close()
        worker.process.join()

    def stop(self) -> None:
        """End every worker: the batches are finished, or the sweep is being stopped."""
        for worker in self.workers:
            worker.process.terminate()
        for worker in self.workers:
            worker.process.join(timeout=5)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.connection.close()
        self.workers.clear()


def run_pool(chunks, model_class, jobs: int) -> Iterator[ChunkResult]:
    """Run batches on ``jobs`` worker processes; yield results as they finish.

    A worker that dies is reported with the batch it held and replaced, and the batch runs
    again run by run (:class:`~microgov_sim.experiments.worker_faults.Retries`); runs given
    up, or workers that keep dying with nothing finished in between, end it with
    :class:`~microgov_sim.experiments.worker_faults.WorkersLostError`.
    """
    todo = deque(chunks)
    retries = Retries()
    deaths_in_a_row = 0  # since a batch last finished
    pool = _WorkerPool(model_class)
    try:
        while True:
            for worker in pool.workers:
                if worker.held is None and todo:
                    worker.hand(todo.popleft())
            while todo and len(pool.workers) < jobs:
                pool.start().hand(todo.popleft())
            busy = [w for w in pool.workers if w.held is not None]
            if not busy:
                break
            ready = connection_wait(
                [w.connection for w in busy] + [w.process.sentinel for w in pool.workers]
            )
            for worker in list(pool.workers):
                if worker.held is not None and worker.connection in ready:
                    try:
                        result = worker.connection.recv()
                    except (EOFError, OSError):  # it died: reported below
                        worker.process.join(timeout=5)
                    else:
                        if isinstance(result, _Failed):
                            raise RuntimeError(f"a worker process failed:\n{result.traceback}")
                        worker.held = None
                        deaths_in_a_row = 0
                        if todo:  # its next batch first: it works while this one is saved
                            worker.hand(todo.popleft())
                        yield result
                        continue
                if worker.process.sentinel not in ready and worker.process.is_alive():
                    continue
                pool.remove(worker)
                deaths_in_a_row += 1
                how = _ended(worker.process.exitcode)
                name = f"microgov: worker process {worker.process.pid} {how}"
                if worker.held is None:
                    say(f"{name} between batches" + ("; another takes its place" if todo else ""))
                else:
                    again, fate = retries.charge(worker.held, "SIGKILL" in how)
                    todo.extendleft(reversed(again))
                    say(f"{name} while running {named([task_id(t) for t in worker.held])}; {fate}")
                if deaths_in_a_row > max(3, 2 * jobs):
                    held = [task_id(t) for w in pool.workers for t in w.held or ()]
                    not_done = held + [task_id(t) for c in todo for t in c] + retries.given_up
                    raise WorkersLostError(
                        f"worker processes keep dying ({deaths_in_a_row} in a row, the last "
                        f"{how}); stopped with {named(not_done)} not done; every finished "
                        "run is saved -- give the same command again to resume",
                        not_done,
                    )
    finally:
        pool.stop()
    retries.check()
