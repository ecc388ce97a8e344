"""How the kernels are compiled: ``numba.njit`` with the cache beside the source.

``jit`` compiles a kernel on first use and caches the machine code in ``__pycache__`` beside
its module (``cache=True``), so later processes -- the engines' worker processes among them --
load it instead of compiling; ``nogil`` lets threads run kernels side by side. ``inline``
marks the small scalar rules that kernels inline into their loops.

Imports numba only.
"""

from __future__ import annotations

import numba

jit = numba.njit(cache=True, nogil=True)
inline = numba.njit(cache=True, inline="always")
