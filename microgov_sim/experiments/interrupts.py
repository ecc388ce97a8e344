"""Ctrl-C and SIGTERM taken where an engine can stop cleanly, not wherever they land.

Python raises ``KeyboardInterrupt`` at whatever line the main thread is running when the
signal is handled. Inside a library that runs an event loop in another thread (Dask
distributed) that may be a line that loses it: a finaliser such as a Dask future's
``__del__``, where Python prints "Exception ignored" and goes on (the sweep then runs to the
end), or the middle of ``distributed.utils.sync``, whose clean-up logs errors or warnings of
its own. :class:`DeferredSignals` records the signal instead and calls the handler that was
there (the ``microgov`` command's, or Python's ``KeyboardInterrupt``) at the engine's next
:meth:`~DeferredSignals.check`, so it stops there, as it would on the first line of its loop.

Imports only the standard library.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from multiprocessing import resource_tracker

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class DeferredSignals:
    """Within the block, the first SIGINT or SIGTERM waits for :meth:`check` (or the end).

    Only signals with a Python handler are deferred, and only in the main thread (the only
    one Python runs handlers in); a signal ignored or left to the system's default stays so.
    The handler that was there is called at the next :meth:`check`, or as the block ends if
    no exception is under way (the block ends with it, as any ``KeyboardInterrupt``). A
    second signal is handled at once, as without deferral: pressing Ctrl-C again stops a
    command that does not reach a check.
    """

    def __init__(self, signals=STOP_SIGNALS):
        self.signals = tuple(signals)
        self.handlers: dict[int, object] = {}  # signal -> the handler we stand in for
        self.pending: int | None = None
        self.received = 0

    def __enter__(self) -> DeferredSignals:
        """Stand in for the Python handlers of :attr:`signals` (main thread only)."""
        if threading.current_thread() is threading.main_thread():
            for signum in self.signals:
                handler = signal.getsignal(signum)
                if callable(handler):
                    self.handlers[signum] = handler
                    signal.signal(signum, self._record)
        return self

    def _record(self, signum, frame) -> None:
        self.received += 1
        if self.received == 1:
            self.pending = signum
        else:  # asked again: the user does not want to wait for a check
            self.pending = None  # this one stands for both
            self.handlers[signum](signum, frame)

    def check(self) -> None:
        """Call the handler of a signal that came (it raises ``KeyboardInterrupt``, usually).

        Also takes the signals back if other code has put its own handler in place since.
        """
        for signum in self.handlers:
            if signal.getsignal(signum) is not self._record:
                signal.signal(signum, self._record)
        if self.pending is not None:
            signum, self.pending = self.pending, None
            self.handlers[signum](signum, None)

    def __exit__(self, exc_type, exc, traceback) -> None:
        """Put the handlers back; a signal not yet checked is handled now, unless ending."""
        for signum, handler in self.handlers.items():
            signal.signal(signum, handler)
        if exc_type is None and self.pending is not None:
            signum, self.pending = self.pending, None
            self.handlers[signum](signum, None)


@contextlib.contextmanager
def sigint_blocked_in_new_threads():
    """Threads started within the block, and processes they start, never receive SIGINT.

    A thread inherits the signal mask of the thread that starts it, and a process that of
    the thread that forks it: Dask's event-loop thread, started here, and the worker
    processes it starts then leave Ctrl-C to the main thread, which takes it once the block
    ends (a Ctrl-C within the block waits for its end). SIGTERM is not blocked: Dask stops
    its workers with it. Without ``pthread_sigmask`` (Windows), or outside the main thread,
    nothing changes.

    Multiprocessing's resource tracker is started first: the thread that starts it unblocks
    SIGINT and SIGTERM in itself afterwards (``multiprocessing.resource_tracker``), and in
    Dask that is the event-loop thread, which starts the workers.
    """
    if (
        not hasattr(signal, "pthread_sigmask")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return
    resource_tracker.ensure_running()
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
