"""Validation: the ten pattern experiments and the classic known-answer results.

``context`` (sizes, community variants, running arms), ``statistics`` (paired differences with
CIs), ``patterns`` (the ten experiments), ``runner`` (:func:`run_patterns`: all of them, saved)
and ``classics`` (Granovetter's riot). May import analysis, experiments and model; never
interfaces.
"""

from .context import Config
from .patterns import PATTERNS
from .runner import run_patterns

__all__ = ["PATTERNS", "Config", "run_patterns"]
