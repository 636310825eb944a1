#!/usr/bin/env bash
# The Python package's tests, on a fresh virtual environment: `pip install ./python` (builds the
# PyO3 extension with maturin, release profile, into python/target), then checks that
# `import mlm_migrate` works and that `mlm-migrate --version` runs from the environment's PATH,
# then runs pytest (python/tests). Needs python3 with the venv module, cargo, and PyPI and
# crates.io reachable (maturin, pytest, numpy, pystac; the crates of python/Cargo.lock).
# MLM_MIGRATE_VENV=DIR keeps the environment in DIR (reused when it exists) instead of a
# temporary one.
set -euo pipefail
cd "$(dirname "$0")"
here="$(pwd)"
if [ -n "${MLM_MIGRATE_VENV:-}" ]; then
    venv="$MLM_MIGRATE_VENV"
else
    venv="$(mktemp -d "${TMPDIR:-/tmp}/mlm-migrate-venv.XXXXXX")"
    trap 'rm -rf "$venv"' EXIT
fi
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$here[test]"
# Outside the source tree, so that `mlm_migrate` is the installed package.
cd /
PATH="$venv/bin:$PATH" python -c 'import mlm_migrate; print("import mlm_migrate:", mlm_migrate.__version__, mlm_migrate.__file__)'
PATH="$venv/bin:$PATH" command -v mlm-migrate
PATH="$venv/bin:$PATH" mlm-migrate --version
cd "$here/tests"
PATH="$venv/bin:$PATH" "$venv/bin/python" -I -m pytest -q -p no:cacheprovider .
