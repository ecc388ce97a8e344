#!/usr/bin/env bash
# The test suite: sets up .venv if needed, checks lint and formatting, runs pytest
# (warnings are errors; see pyproject.toml). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/bootstrap.sh
ruff check .
ruff format --check .
exec python -m pytest "$@"
