"""Execution engines: serial, local processes, and Dask distributed.

Each engine takes batches ("chunks") of runs and yields their results as they finish. Runs are
batched so that per-task overhead (process start-up, pickling, scheduling: about 1 ms a task
on Dask, more for a first process) does not dominate short runs. Every run depends only on
its task, so all engines give identical results for the same seeds. :data:`ENGINES` maps each
name to its :class:`Engine` (how it runs batches, and whether it spreads them over workers).

Workers die: the system kills them (the out-of-memory killer, say), or a machine of a Dask
cluster goes away. Both parallel engines report a dead worker in one line with the runs it
held, run those again (a batch run by run, :data:`RETRIES`) and go on; runs whose worker died
every time, or a cluster left without workers, end the sweep with :class:`WorkersLostError`
naming the runs not done. Everything finished is saved either way, and runs are determined
by their tasks, so the results equal an uninterrupted serial sweep. Workers end with the
command: :func:`die_with_main` for the processes engine; the worker processes of a local Dask
cluster watch their parent themselves.

Imports Dask (only inside the Dask engine), tqdm (to write above the progress bar),
:mod:`microgov_sim.experiments` (errors, experiment) and :mod:`microgov_sim.model` (the model
class).
"""

from __future__ import annotations

import contextlib
import logging
import math
import multiprocessing
import multiprocessing.process
import os
import queue
import signal
import sys
import threading
import time
import traceback
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.connection import wait as connection_wait

from tqdm import tqdm

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


RETRIES = 1
"""How often a run whose worker process died runs again before it is given up.

A worker dies without a word when the operating system kills it (the out-of-memory killer,
say). The runs it held run again, a batch run by run so that the others finish; a run whose
worker dies once more is given up and reported, and the sweep goes on. Nothing of a given-up
run is saved, so giving the same command again runs it again.
"""

NO_WORKER_WAIT = 60.0
"""Seconds a Dask sweep waits for a worker when its cluster has none (left, or yet)."""

NO_WORKER_NOTICE = 5.0  # after so long without a worker, say that the sweep waits for one
POLL = 1.0  # seconds between the Dask engine's looks at its cluster
SETTLE = 0.2  # seconds for all the batches of a dead Dask worker to err
FETCH_WAIT = 10.0  # seconds to fetch a batch's results from a Dask worker (it may have died)


class WorkersLostError(UserError):
    """Runs not done because their worker died each time they ran, or no worker is left.

    Every other run is saved and the results folder resumes. As a :class:`UserError` the
    ``microgov`` command prints its one line without a traceback and exits with code 2;
    ``run_ids`` lists the runs not done.
    """

    def __init__(self, message: str, run_ids):
        super().__init__(message)
        self.run_ids = sorted(set(run_ids))


def run_list(run_ids, most: int = 20) -> str:
    """``run 4`` or ``runs 3-5, 9``: run ids as ranges, for one line of a message."""
    ids = sorted(set(run_ids))
    spans: list[list[int]] = []
    for run_id in ids:
        if spans and run_id == spans[-1][1] + 1:
            spans[-1][1] = run_id
        else:
            spans.append([run_id, run_id])
    text = ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans[:most])
    if len(spans) > most:
        text += f", ... ({len(ids)} runs)"
    return f"run {text}" if len(ids) == 1 else f"runs {text}"


def _say(message: str) -> None:
    """One line on stderr, above the progress bar."""
    tqdm.write(message, file=sys.stderr)


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


def _they(runs: Sequence) -> str:
    return "it runs" if len(runs) == 1 else "they run"


class _Retries:
    """The runs whose worker died: which run again (one by one) and which are given up."""

    def __init__(self) -> None:
        self.deaths: Counter[int] = Counter()
        self.given_up: list[int] = []
        self.killed = False  # whether a given-up run's worker was killed (out of memory?)

    def charge(
        self, held: Sequence[RunTask], killed: bool = True
    ) -> tuple[list[list[RunTask]], str]:
        """Count a death against every run of ``held``; return the batches to run again.

        ``killed``: the worker was killed (by SIGKILL, or Dask cannot tell), rather than
        exiting with a code. Also returns what becomes of the runs, for the end of the line
        reporting the death.
        """
        for task in held:
            self.deaths[task.run_id] += 1
        again = [task for task in held if self.deaths[task.run_id] <= RETRIES]
        lost = [task.run_id for task in held if self.deaths[task.run_id] > RETRIES]
        self.given_up += lost
        self.killed = self.killed or (killed and bool(lost))
        fates = []
        if again:
            fates.append(_they(again) + " again" + (", one by one" if len(again) > 1 else ""))
        if lost:
            fates.append(f"{run_list(lost)} given up (its worker died {RETRIES + 1} times)")
        return [[task] for task in again], "; ".join(fates)

    def check(self) -> None:
        """At the end: raise :class:`WorkersLostError` naming the runs given up, if any."""
        if self.given_up:
            raise WorkersLostError(
                f"{run_list(self.given_up)} not done: the worker process died each time "
                f"({RETRIES + 1} times{'; out of memory?' if self.killed else ''}); every other "
                "run is saved -- give the same command again to retry",
                self.given_up,
            )


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


def run_processes(
    chunks, model_class, jobs: int, address: str | None = None
) -> Iterator[ChunkResult]:
    """Run batches on ``jobs`` local worker processes; yield results as they finish.

    A worker that dies (killed by the system, say) is reported with the runs it held, and
    replaced; its runs run again (:data:`RETRIES`). If workers keep dying with nothing
    finished in between, the sweep stops (:class:`WorkersLostError`). One worker or one batch
    runs serially here: a pool would only add its start-up time.
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
    todo = deque(chunks)
    retries = _Retries()
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
                        yield result
                        continue
                if worker.process.sentinel not in ready and worker.process.is_alive():
                    continue
                pool.remove(worker)
                deaths_in_a_row += 1
                how = _ended(worker.process.exitcode)
                name = f"microgov: worker process {worker.process.pid} {how}"
                if worker.held is None:
                    _say(f"{name} between batches" + ("; another takes its place" if todo else ""))
                else:
                    again, fate = retries.charge(worker.held, "SIGKILL" in how)
                    todo.extendleft(reversed(again))
                    _say(f"{name} while running {run_list(t.run_id for t in worker.held)}; {fate}")
                if deaths_in_a_row > max(3, 2 * jobs):
                    held = [t.run_id for w in pool.workers for t in w.held or ()]
                    not_done = held + [t.run_id for c in todo for t in c] + retries.given_up
                    raise WorkersLostError(
                        f"worker processes keep dying ({deaths_in_a_row} in a row, the last "
                        f"{how}); stopped with {run_list(not_done)} not done; every finished "
                        "run is saved -- give the same command again to resume",
                        not_done,
                    )
    finally:
        pool.stop()
    retries.check()


def local_cluster(jobs: int):
    """A Dask cluster of ``jobs`` one-thread worker processes, listening on 127.0.0.1 only.

    No dashboard: the scheduler's HTTP server (health and metrics only) takes a free port,
    not 8787, which another cluster may hold. A batch whose worker dies is handed back at
    once (``allowed_failures=0``) so that the engine reports it and runs it again as the
    processes engine does; the cluster's nannies start new workers. Workers ignore Ctrl-C
    (:func:`dask_setup`).
    """
    from dask.distributed import LocalCluster

    return LocalCluster(
        n_workers=jobs,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        worker_dashboard_address=None,
        scheduler_kwargs={
            "allowed_failures": 0,
            "dashboard": False,
            "dashboard_address": "127.0.0.1:0",
        },
        preload=[__name__],  # dask_setup, in each worker process
    )


# What a local cluster logs about a worker's death or a stop, by logger: the engine says it.
DASK_DEATH_LINES = {
    "distributed.scheduler": (
        "marked as failed because",  # the batches it held
        "caused the cluster to lose already computed",  # finished batches not yet fetched
        "Couldn't gather keys",
    ),
    "distributed.client": ("Couldn't gather",),
    "distributed.nanny": ("Restarting worker",),
    "distributed.worker.state_machine": ("ended with CancelledError",),  # runs stopped
}


class _ReportedByTheEngine(logging.Filter):
    """Drops Dask's lines about a worker's death (:data:`DASK_DEATH_LINES`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """False for the lines the engine's own report replaces."""
        text = str(record.msg)
        return not any(part in text for part in DASK_DEATH_LINES.get(record.name, ()))


@contextlib.contextmanager
def _engine_reports_deaths():
    """Within the block, Dask's lines about worker deaths give way to the engine's."""
    quiet = _ReportedByTheEngine()
    loggers = [logging.getLogger(name) for name in DASK_DEATH_LINES]
    for logger in loggers:
        logger.addFilter(quiet)
    try:
        yield
    finally:
        for logger in loggers:
            logger.removeFilter(quiet)


def dask_setup(worker) -> None:
    """Dask preload of the local cluster's workers: Ctrl-C is the command's to handle.

    Ctrl-C reaches every process of the terminal; Dask's worker processes would each print a
    KeyboardInterrupt traceback while the command stops them anyway. Nor do they log the
    runs that stopping them cancels (:data:`DASK_DEATH_LINES`).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.getLogger("distributed.worker.state_machine").addFilter(_ReportedByTheEngine())


def run_dask(chunks, model_class, jobs: int, address: str | None = None) -> Iterator[ChunkResult]:
    """Run batches on Dask: a local cluster of ``jobs`` workers, or the scheduler at ``address``.

    Workers of an existing cluster need microgov-sim installed (the same version). A worker
    that dies is reported with the runs it held; runs the scheduler gives up on (after its
    ``allowed-failures``) run again as on the processes engine (:data:`RETRIES`). A cluster
    without a worker for :data:`NO_WORKER_WAIT` seconds stops the sweep
    (:class:`WorkersLostError`).
    """
    try:
        from dask.distributed import Client
    except ImportError:
        raise UserError(
            "--engine dask needs Dask distributed: pip install 'microgov-sim[dask]'"
        ) from None
    if address:
        try:
            client = Client(address, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise UserError(f"--scheduler {address}: cannot connect to Dask: {exc}") from None
        with client:
            yield from _dask_batches(client, chunks, model_class, address)
        return
    with _engine_reports_deaths(), local_cluster(jobs) as cluster, Client(cluster) as client:
        yield from _dask_batches(client, chunks, model_class, address)


def _say_removal(event: dict, todo: dict, cluster: str) -> None:
    """Report a worker that left a cluster unexpectedly, if it held batches of ours."""
    if event.get("action") != "remove-worker" or event.get("expected"):
        return
    keys = set(event.get("processing-tasks", ()))
    held = [t.run_id for future, chunk in todo.items() if future.key in keys for t in chunk]
    if held:
        them = "it" if len(held) == 1 else "them"
        _say(
            f"microgov: Dask worker {event.get('worker')} left {cluster} holding "
            f"{run_list(held)}; Dask runs {them} again"
        )


def _dask_batches(client, chunks, model_class, address: str | None) -> Iterator[ChunkResult]:
    """The Dask engine's loop: hand out batches, collect them, report and rerun lost ones.

    At most one batch per worker thread is out at a time, as on the processes engine: a
    worker that dies then held only the batch it was running, and no other run is blamed.
    """
    from dask.distributed import KilledWorker, wait

    removals: queue.SimpleQueue = queue.SimpleQueue()
    if address:  # Dask reruns a lost worker's batches itself there: say that it happened
        client.subscribe_topic("all", removals.put)
    waiting = deque(chunks)
    todo = {}  # future -> its batch, submitted
    retries = _Retries()
    cluster = f"the Dask cluster at {address}" if address else "the local Dask cluster"
    no_worker_since, told = None, False
    while waiting or todo:
        threads = client.nthreads()
        while waiting and len(todo) < max(1, sum(threads.values())):
            chunk = waiting.popleft()
            todo[client.submit(execute_chunk, chunk, model_class, pure=False)] = chunk
        try:
            done = wait(list(todo), timeout=POLL, return_when="FIRST_COMPLETED").done
        except TimeoutError:
            done = set()
        if any(future.status == "error" for future in done):
            time.sleep(SETTLE)  # the other batches of a dead worker err a moment later
            done |= {future for future in todo if future.status == "error"}
        killed: dict[str, list[RunTask]] = {}
        progress = False
        for future in done:
            chunk = todo.pop(future)
            try:
                result = future.result(timeout=FETCH_WAIT)  # another error is raised as before
            except TimeoutError:  # its worker died holding the result: Dask computes it again
                todo[future] = chunk
            except KilledWorker as error:
                killed.setdefault(error.last_worker.address, []).extend(chunk)
            else:
                future.release()  # else a lost worker's finished batches are run again
                progress = True
                yield result
        for worker, held in killed.items():
            again, fate = retries.charge(held)
            waiting.extendleft(reversed(again))
            held_runs = run_list(t.run_id for t in held)
            _say(f"microgov: Dask worker {worker} died holding {held_runs}; {fate}")
        while not removals.empty():
            _say_removal(removals.get()[1], todo, cluster)
        if progress or threads or not (waiting or todo):
            no_worker_since = None
            continue
        now = time.monotonic()
        if no_worker_since is None:
            no_worker_since, told = now, False
        waited = now - no_worker_since
        if not told and waited >= min(NO_WORKER_NOTICE, NO_WORKER_WAIT / 2):
            told = True
            _say(f"microgov: {cluster} has no worker; waiting up to {NO_WORKER_WAIT:g} s for one")
        if waited >= NO_WORKER_WAIT:
            held = [chunk for chunk in todo.values()] + list(waiting)
            not_done = [t.run_id for chunk in held for t in chunk] + retries.given_up
            raise WorkersLostError(
                f"{cluster} has had no worker for {NO_WORKER_WAIT:g} s; stopped with "
                f"{run_list(not_done)} not done; every finished run is saved -- give the same "
                "command again to resume",
                not_done,
            )
    retries.check()


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
