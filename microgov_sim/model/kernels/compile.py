"""How the kernels are compiled: ``numba.njit``, cached on disk under a digest of their sources.

``jit`` compiles a kernel on first use and caches the machine code on disk (``cache=True``),
so later processes -- the engines' worker processes among them -- load it instead of
compiling; ``nogil`` lets threads run kernels side by side. ``inline`` marks the small scalar
rules that kernels inline into their loops. ``error_model="numpy"``: a division by zero gives
inf or nan as numpy's does, instead of a test and a raise at every division (Python's
ZeroDivisionError); the kernels guard their divisions, so no run divides by zero and the
outputs are the same, and the kernels ran about 12% faster at 300,000 households.

numba checks a cached kernel against its own module's source file only, not against the
modules whose kernels it calls or inlines (``ties.tie_value`` in the cascade,
``drive.participation_cost`` in raising): a change there would leave the caller running the
old code. So the kernels' cache lives in a folder named after a digest of every kernel
module's source (``__pycache__/microgov-<digest>`` beside them, or under ``NUMBA_CACHE_DIR``
if that is set): a change to any kernel compiles them all afresh. The folder is chosen only
while a kernel is decorated; numba's setting is restored at once, for other code.

Imports numba only.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numba

HERE = Path(__file__).resolve().parent


def sources_digest() -> str:
    """A digest of every kernel module's name and source."""
    h = hashlib.sha256()
    for path in sorted(HERE.glob("*.py")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


CACHE_DIR = os.path.join(
    os.environ.get("NUMBA_CACHE_DIR") or str(HERE / "__pycache__"), f"microgov-{sources_digest()}"
)


def _cached(**options):
    """A decorator: ``numba.njit(cache=True, **options)`` with the cache in :data:`CACHE_DIR`."""
    compiler = numba.njit(cache=True, **options)

    def decorate(function):
        before = numba.config.CACHE_DIR
        numba.config.CACHE_DIR = CACHE_DIR  # read once, when the kernel's cache is set up
        try:
            return compiler(function)
        finally:
            numba.config.CACHE_DIR = before

    return decorate


jit = _cached(nogil=True, error_model="numpy")
inline = _cached(inline="always", error_model="numpy")
