"""Allow ``python -m microgov_sim``.

Imports :mod:`microgov_sim.interfaces.cli` only.
"""

from .interfaces.cli import main

raise SystemExit(main())
