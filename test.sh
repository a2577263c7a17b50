#!/usr/bin/env bash
# Run the tests and the quality gates: the README's second command (and what CI runs).
#
#   ./test.sh               pytest, ruff, mypy --strict, compliance rulesets lint
#   ./test.sh -k EU-AIA-9   extra arguments go to pytest (then only pytest runs)
#
# Sets up .venv with the test tools first if it is missing them (./install.sh --test).
set -euo pipefail
cd "$(dirname "$0")"
VENV="${VENV:-.venv}"
case "$VENV" in /*) ;; *) VENV="$PWD/$VENV" ;; esac
export VENV

if ! "$VENV/bin/python" -c 'import pytest, ruff, mypy, trestle, pyhanko, cryptography' >/dev/null 2>&1; then
  ./install.sh --test
fi
export PATH="$VENV/bin:$PATH"

if [ "$#" -gt 0 ]; then
  exec python -m pytest "$@"
fi
echo "== tests"
python -m pytest -q tests
echo "== ruff"
ruff check compliance tests bench
echo "== mypy --strict"
mypy --strict compliance
echo "== rulesets lint"
compliance rulesets lint
echo "All tests and checks passed."
