"""Signals that stop a sweep, taken where the engine checks for them (issue #14).

Each test sends itself SIGUSR1 or SIGUSR2 with a handler of its own, so that a fault here
cannot raise ``KeyboardInterrupt`` into pytest; the Ctrl-C of a real sweep is in
``tests/test_runner.py``.
"""

import signal
import subprocess
import sys
import threading

import pytest

from microgov_sim.experiments.interrupts import DeferredSignals

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGUSR1"), reason="POSIX signals")


class StopError(Exception):
    """What the tests' own handler raises, standing in for KeyboardInterrupt."""


def _stop(signum, frame):
    raise StopError(signal.Signals(signum).name)


@pytest.fixture
def handlers():
    """SIGUSR1 and SIGUSR2 raise :class:`StopError` in the test, as SIGINT KeyboardInterrupt."""
    before = {s: signal.signal(s, _stop) for s in (signal.SIGUSR1, signal.SIGUSR2)}
    yield (signal.SIGUSR1, signal.SIGUSR2)
    for signum, handler in before.items():
        signal.signal(signum, handler)


def test_a_signal_waits_for_the_check_and_raises_there(handlers):
    reached = []
    with DeferredSignals(handlers) as interrupts:
        signal.raise_signal(signal.SIGUSR1)
        reached.append("after the signal")
        with pytest.raises(StopError, match="SIGUSR1"):
            interrupts.check()
        interrupts.check()  # handled once
    assert reached == ["after the signal"]
    assert signal.getsignal(signal.SIGUSR1) is _stop


def test_a_signal_not_checked_is_handled_as_the_block_ends(handlers):
    with pytest.raises(StopError, match="SIGUSR2"), DeferredSignals(handlers):
        signal.raise_signal(signal.SIGUSR2)
    assert signal.getsignal(signal.SIGUSR2) is _stop


def test_a_block_ending_with_an_error_keeps_that_error(handlers):
    def sweep_that_fails():
        with DeferredSignals(handlers):
            signal.raise_signal(signal.SIGUSR1)
            raise ValueError("the sweep's own error")

    with pytest.raises(ValueError, match="own error"):
        sweep_that_fails()


def test_a_second_signal_acts_at_once(handlers):
    with DeferredSignals(handlers):
        signal.raise_signal(signal.SIGUSR1)
        with pytest.raises(StopError, match="SIGUSR2"):
            signal.raise_signal(signal.SIGUSR2)


def test_a_handler_put_in_place_meanwhile_is_replaced_at_the_check(handlers):
    with DeferredSignals(handlers) as interrupts:
        signal.signal(signal.SIGUSR1, signal.default_int_handler)  # as a library might
        interrupts.check()
        signal.raise_signal(signal.SIGUSR1)  # deferred again, not a KeyboardInterrupt
        with pytest.raises(StopError):
            interrupts.check()


def test_ignored_and_default_signals_are_left_alone(handlers):
    signal.signal(signal.SIGUSR1, signal.SIG_IGN)
    with DeferredSignals(handlers) as interrupts:
        assert signal.getsignal(signal.SIGUSR1) is signal.SIG_IGN
        assert signal.getsignal(signal.SIGUSR2) is not _stop
        signal.raise_signal(signal.SIGUSR1)
        interrupts.check()


def test_outside_the_main_thread_nothing_is_deferred(handlers):
    seen = []

    def in_thread():
        with DeferredSignals(handlers):
            seen.append(signal.getsignal(signal.SIGUSR1))

    thread = threading.Thread(target=in_thread)
    thread.start()
    thread.join()
    assert seen == [_stop]


# In a new interpreter: multiprocessing's resource tracker must not be running yet
BLOCK_PROBE = """
import signal, subprocess, sys, threading
from multiprocessing import resource_tracker
from microgov_sim.experiments.interrupts import sigint_blocked_in_new_threads

PROBE = "import signal; print(signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, []))"
blocked = {}

def in_thread():  # as Dask's event loop: it needs the resource tracker, then starts workers
    resource_tracker.ensure_running()
    blocked["thread"] = signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, [])
    run = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True)
    blocked["process"] = run.stdout.strip() == "True"

with sigint_blocked_in_new_threads():
    thread = threading.Thread(target=in_thread)
    thread.start()
thread.join()
mask = signal.pthread_sigmask(signal.SIG_BLOCK, [])
blocked["main"] = signal.SIGINT in mask or signal.SIGTERM in mask
print(sorted(blocked.items()))
"""


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="no signal masks")
def test_threads_and_their_processes_started_in_the_block_never_receive_sigint():
    run = subprocess.run(
        [sys.executable, "-c", BLOCK_PROBE], capture_output=True, text=True, check=True
    )
    assert run.stdout.strip() == "[('main', False), ('process', True), ('thread', True)]"
