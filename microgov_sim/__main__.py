"""Allow ``python -m microgov_sim``."""

from .interfaces.cli import main

raise SystemExit(main())
