"""The Dask engine: a local cluster of worker processes, or a user's scheduler.

At most one batch per worker thread is out at a time, as on the processes engine, so that a
worker that dies held only the batch it was running: it is reported in one line, the batch
runs again (:mod:`~microgov_sim.experiments.worker_faults`), and a cluster left without any
worker for :data:`NO_WORKER_WAIT` seconds stops the sweep rather than waiting silently. The
local cluster listens on 127.0.0.1 only; its worker processes end with the command (they
watch their parent) and leave Ctrl-C to it. The command takes a Ctrl-C or SIGTERM between two
rounds of the engine's loop, never inside Dask's code
(:class:`~microgov_sim.experiments.interrupts.DeferredSignals`).

Imports Dask (inside the functions: it is an optional dependency) and
:mod:`microgov_sim.experiments` (errors, experiment, interrupts, worker_faults).
"""

from __future__ import annotations

import contextlib
import logging
import queue
import signal
import time
from collections import deque
from collections.abc import Iterator

from ..model.compiled import compile_kernels
from .errors import UserError
from .experiment import ChunkResult, RunTask, execute_chunk
from .interrupts import DeferredSignals, sigint_blocked_in_new_threads
from .worker_faults import Retries, WorkersLostError, named, say, task_id

NO_WORKER_WAIT = 60.0
"""Seconds a Dask sweep waits for a worker when its cluster has none (left, or yet)."""

NO_WORKER_NOTICE = 5.0  # after so long without a worker, say that the sweep waits for one
POLL = 1.0  # seconds between the Dask engine's looks at its cluster
SETTLE = 0.2  # seconds for all the batches of a dead Dask worker to err
FETCH_WAIT = 10.0  # seconds to fetch a batch's results from a Dask worker (it may have died)


def local_cluster(jobs: int):
    """A Dask cluster of ``jobs`` one-thread worker processes, listening on 127.0.0.1 only.

    No dashboard: the scheduler's HTTP server (health and metrics only) takes a free port,
    not 8787, which another cluster may hold. A batch whose worker dies is handed back at
    once (``allowed_failures=0``) so that the engine reports it and runs it again as the
    processes engine does; the cluster's nannies start new workers. Workers ignore Ctrl-C
    (:func:`dask_setup`); started within
    :func:`~microgov_sim.experiments.interrupts.sigint_blocked_in_new_threads`, they block it
    from their first line.
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
    "distributed.nanny": (
        "Restarting worker",
        "still alive after",  # a worker busy with a batch when a Ctrl-C closes the cluster
    ),
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
    with DeferredSignals() as interrupts:  # Ctrl-C inside Dask's code could be lost
        if address:
            try:
                client = Client(address, timeout="10s")
            except (OSError, TimeoutError) as exc:
                raise UserError(f"--scheduler {address}: cannot connect to Dask: {exc}") from None
            with client:
                yield from _dask_batches(client, chunks, model_class, address, interrupts.check)
            return
        compile_kernels()  # here first: the local workers load the cache, none compiles
        with _engine_reports_deaths():
            with sigint_blocked_in_new_threads():  # Dask's threads, and the workers they start
                cluster = local_cluster(jobs)
            with cluster, Client(cluster) as client:
                yield from _dask_batches(client, chunks, model_class, address, interrupts.check)


def _say_removal(event: dict, todo: dict, cluster: str) -> None:
    """Report a worker that left a cluster unexpectedly, if it held batches of ours."""
    if event.get("action") != "remove-worker" or event.get("expected"):
        return
    keys = set(event.get("processing-tasks", ()))
    held = [task_id(t) for future, chunk in todo.items() if future.key in keys for t in chunk]
    if held:
        them = "it" if len(held) == 1 else "them"
        say(
            f"microgov: Dask worker {event.get('worker')} left {cluster} holding "
            f"{named(held)}; Dask runs {them} again"
        )


def _dask_batches(
    client, chunks, model_class, address: str | None, stop_if_asked
) -> Iterator[ChunkResult]:
    """The Dask engine's loop: hand out batches, collect them, report and rerun lost ones.

    At most one batch per worker thread is out at a time, as on the processes engine: a
    worker that dies then held only the batch it was running, and no other run is blamed.
    Each round begins with ``stop_if_asked()``, which raises ``KeyboardInterrupt`` after a
    Ctrl-C (:class:`~microgov_sim.experiments.interrupts.DeferredSignals`); a round waits at
    most :data:`POLL` seconds for a batch.
    """
    from dask.distributed import KilledWorker, wait

    removals: queue.SimpleQueue = queue.SimpleQueue()
    if address:  # Dask reruns a lost worker's batches itself there: say that it happened
        client.subscribe_topic("all", removals.put)
    waiting = deque(chunks)
    todo = {}  # future -> its batch, submitted
    retries = Retries()
    cluster = f"the Dask cluster at {address}" if address else "the local Dask cluster"
    no_worker_since, told = None, False
    while waiting or todo:
        stop_if_asked()
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
            held_runs = named([task_id(t) for t in held])
            say(f"microgov: Dask worker {worker} died holding {held_runs}; {fate}")
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
            say(f"microgov: {cluster} has no worker; waiting up to {NO_WORKER_WAIT:g} s for one")
        if waited >= NO_WORKER_WAIT:
            held = [chunk for chunk in todo.values()] + list(waiting)
            not_done = [task_id(t) for chunk in held for t in chunk] + retries.given_up
            raise WorkersLostError(
                f"{cluster} has had no worker for {NO_WORKER_WAIT:g} s; stopped with "
                f"{named(not_done)} not done; every finished run is saved -- give the same "
                "command again to resume",
                not_done,
            )
    retries.check()
