"""Runs whose worker died: what runs again, what is given up, and how it is said.

Shared by the parallel engines (:mod:`~microgov_sim.experiments.process_pool`,
:mod:`~microgov_sim.experiments.dask_engine`). A worker dies without a word when the system
kills it (the out-of-memory killer, say) or a machine of a Dask cluster goes away: the engine
reports it in one line with the runs it held, they run again (a batch run by run, so that
the others finish), and a run whose worker dies again is given up. Runs not done end the sweep
with :class:`WorkersLostError`; everything finished is saved and the folder resumes.

Imports tqdm (to write above the progress bar) and :mod:`microgov_sim.experiments` (errors,
experiment).
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence

from tqdm import tqdm

from .errors import UserError
from .experiment import RunTask

RETRIES = 1
"""How often a run whose worker process died runs again before it is given up.

A worker dies without a word when the operating system kills it (the out-of-memory killer,
say). The runs it held run again, a batch run by run so that the others finish; a run whose
worker dies once more is given up and reported, and the sweep goes on. Nothing of a given-up
run is saved, so giving the same command again runs it again.
"""


class WorkersLostError(UserError):
    """Runs not done because their worker died each time they ran, or no worker is left.

    Every other run is saved and the results folder resumes. As a :class:`UserError` the
    ``microgov`` command prints its one line without a traceback and exits with code 2;
    ``run_ids`` lists the runs not done.
    """

    def __init__(self, message: str, run_ids):
        super().__init__(message)
        self.run_ids = sorted({i for i in run_ids if isinstance(i, int)})  # not spin-ups


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


def say(message: str) -> None:
    """One line on stderr, above the progress bar."""
    tqdm.write(message, file=sys.stderr)


def task_id(task) -> int | str:
    """A run's id, or ``spin-up <key>`` for a spin-up (which has no run id)."""
    run_id = getattr(task, "run_id", None)
    return f"spin-up {task.key}" if run_id is None else run_id


def named(idents: Sequence[int | str]) -> str:
    """Run ids as ranges, then spin-ups by key."""
    runs = [i for i in idents if isinstance(i, int)]
    return ", ".join([run_list(runs)] * bool(runs) + [str(i) for i in idents if i not in runs])


def _they(runs: Sequence) -> str:
    return "it runs" if len(runs) == 1 else "they run"


class Retries:
    """The runs whose worker died: which run again (one by one) and which are given up."""

    def __init__(self) -> None:
        self.deaths: Counter[int | str] = Counter()
        self.given_up: list[int | str] = []  # run ids, and spin-ups by key
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
            self.deaths[task_id(task)] += 1
        again = [task for task in held if self.deaths[task_id(task)] <= RETRIES]
        lost = [task_id(task) for task in held if self.deaths[task_id(task)] > RETRIES]
        self.given_up += lost
        self.killed = self.killed or (killed and bool(lost))
        fates = []
        if again:
            fates.append(_they(again) + " again" + (", one by one" if len(again) > 1 else ""))
        if lost:
            fates.append(f"{named(lost)} given up (its worker died {RETRIES + 1} times)")
        return [[task] for task in again], "; ".join(fates)

    def check(self) -> None:
        """At the end: raise :class:`WorkersLostError` naming the runs given up, if any."""
        if self.given_up:
            raise WorkersLostError(
                f"{named(self.given_up)} not done: the worker process died each time "
                f"({RETRIES + 1} times{'; out of memory?' if self.killed else ''}); every other "
                "run is saved -- give the same command again to retry",
                self.given_up,
            )
