"""Allow ``python -m microgov_sim``."""

from .cli import main

raise SystemExit(main())
