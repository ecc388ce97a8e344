#!/usr/bin/env bash
# The main job: sets up .venv if needed, then runs the default model and writes its
# outcome plot, tidy table and metadata to results/default/. Extra arguments go to
# `microgov run` (try ./run.sh --help).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/bootstrap.sh
exec microgov run "$@"
