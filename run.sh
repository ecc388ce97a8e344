#!/usr/bin/env bash
# The main job: sets up .venv if needed, then compares the four basic governance scenarios
# (status quo, grid management, micro self-governance, co-governance) with replications and
# common random numbers, and writes tables, plots and a summary to results/.
# Extra arguments go to `microgov compare` (try ./run.sh --help).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/bootstrap.sh
exec microgov compare status_quo grid_management micro_self_governance co_governance "$@"
