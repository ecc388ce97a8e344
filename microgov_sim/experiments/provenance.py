"""Provenance of saved results: the versions of the packages that shape them, the git commit.

The runner writes both into every experiment's ``metadata.json``, beside its parameters, design
and seeds (:mod:`microgov_sim.experiments.runner`).

Imports the standard library only.
"""

from __future__ import annotations

import platform
import subprocess
from importlib import metadata
from pathlib import Path

PACKAGES = (
    "microgov-sim",
    "mesa",
    "numpy",
    "scipy",
    "pandas",
    "networkx",
    "matplotlib",
    "pyarrow",
    "SALib",
    "dask",
    "distributed",
)


def package_versions() -> dict[str, str]:
    """Installed versions of the packages that determine a run's results."""
    versions = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def git_commit() -> str | None:
    """The source checkout's commit (with ``-dirty`` if modified), or None outside git."""
    root = Path(__file__).resolve().parents[2]
    try:
        out = subprocess.run(
            ["git", "describe", "--always", "--dirty", "--abbrev=40"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None
