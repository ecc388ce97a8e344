#!/usr/bin/env bash
# Creates (or reuses) .venv with a Python >= 3.12 found on this machine and installs
# microgov-sim with its test extras. Sourced by run.sh and test.sh; safe to run alone.
#
# Interpreter search order: $MICROGOV_PYTHON, then python3.12 .. python3.14, python3 and
# python on PATH, then pyenv's installed versions (pyenv's shims fail for a version that
# is not selected, so each candidate is actually run to check its version).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${MICROGOV_VENV:-$repo_root/.venv}"

python_ok() {
    "$1" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 12) else 1)' \
        >/dev/null 2>&1
}

find_python() {
    local c d root
    if [[ -n "${MICROGOV_PYTHON:-}" ]]; then
        if python_ok "$MICROGOV_PYTHON"; then echo "$MICROGOV_PYTHON"; return 0; fi
        echo "bootstrap: MICROGOV_PYTHON=$MICROGOV_PYTHON is not a Python >= 3.12" >&2
        return 1
    fi
    for c in python3.12 python3.13 python3.14 python3 python; do
        if command -v "$c" >/dev/null 2>&1 && python_ok "$c"; then
            command -v "$c"; return 0
        fi
    done
    # pyenv's versions, even when pyenv itself is not on PATH
    for root in "$(pyenv root 2>/dev/null)" "${PYENV_ROOT:-}" "$HOME/.pyenv"; do
        [[ -n "$root" && -d "$root/versions" ]] || continue
        for d in $(ls -d "$root"/versions/3.* 2>/dev/null | sort -V); do
            if [[ -x "$d/bin/python3" ]] && python_ok "$d/bin/python3"; then
                echo "$d/bin/python3"; return 0
            fi
        done
    done
    for d in /usr/local/bin /usr/bin /opt/homebrew/bin; do
        for c in python3.12 python3.13 python3.14; do
            if [[ -x "$d/$c" ]] && python_ok "$d/$c"; then echo "$d/$c"; return 0; fi
        done
    done
    echo "bootstrap: no Python >= 3.12 found. Install one (e.g. 'pyenv install 3.12'," \
         "or your OS package python3.12) or set MICROGOV_PYTHON=/path/to/python3.12" >&2
    return 1
}

if [[ -x "$venv/bin/python" ]] && python_ok "$venv/bin/python"; then
    :
else
    py="$(find_python)"
    echo "bootstrap: creating $venv with $py ($("$py" --version 2>&1))" >&2
    rm -rf "$venv"
    "$py" -m venv "$venv"
fi

# Reinstall only when the dependency declaration changed since the last install.
stamp="$venv/.microgov-installed"
want="$(cat "$repo_root/pyproject.toml" | sha256sum | cut -d' ' -f1)"
if [[ ! -f "$stamp" ]] || [[ "$(cat "$stamp")" != "$want" ]]; then
    echo "bootstrap: installing microgov-sim and test dependencies into $venv" >&2
    "$venv/bin/python" -m pip install --quiet --upgrade pip >&2
    "$venv/bin/python" -m pip install --quiet -e "$repo_root[test]" >&2
    echo "$want" > "$stamp"
fi
export PATH="$venv/bin:$PATH"
