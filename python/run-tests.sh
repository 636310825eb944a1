#!/usr/bin/env bash
# The Python package's tests, on a fresh virtual environment: `pip install ./python` (builds the
# PyO3 extension with maturin, release profile, into python/target), then checks that
# `import mlm_migrate` works and that `mlm-migrate --version` runs from the environment's PATH,
# then runs pytest (python/tests). Needs python3 with the venv module, cargo, and PyPI and
# crates.io reachable (maturin, pytest, numpy, pystac; the crates of python/Cargo.lock).
# MLM_MIGRATE_VENV=DIR keeps the environment in DIR (reused when it exists) instead of a
# temporary one.
#
# Then the source distribution: `maturin sdist` (it packs the root crate the extension wraps,
# whose src/cli the extension compiles by #[path], beside python/ with python/Cargo.lock), unpacked
# under python/target/sdist and `pip install`ed from there into a second fresh environment,
# where `import mlm_migrate` and `mlm-migrate --version` must work. It builds with
# CARGO_TARGET_DIR=python/target: the dependencies compiled above are reused, and the unpacked
# tree is always at the same path, so its two crates replace their artifacts of the previous
# run instead of adding new ones.
# MLM_MIGRATE_SKIP_SDIST=1 skips this part.
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

[ "${MLM_MIGRATE_SKIP_SDIST:-}" = 1 ] && exit 0
cd "$here"
sdist="$here/target/sdist"
rm -rf "$sdist/dist" "$sdist/venv"
mkdir -p "$sdist/dist"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "maturin>=1.5,<2"
"$venv/bin/maturin" sdist --manifest-path "$here/Cargo.toml" --out "$sdist/dist"
archive="$(ls "$sdist"/dist/mlm_migrate-*.tar.gz)"
tar -tzf "$archive" > "$sdist/dist/files"
grep -q '^mlm_migrate-[^/]*/python/Cargo.lock$' "$sdist/dist/files"
rm -rf "$sdist/tree" && mkdir -p "$sdist/tree"
tar -xzf "$archive" -C "$sdist/tree" --strip-components=1
python3 -m venv "$sdist/venv"
CARGO_TARGET_DIR="$here/target" "$sdist/venv/bin/python" -m pip install --quiet \
    --disable-pip-version-check "$sdist/tree"
cd /
"$sdist/venv/bin/python" -I -c 'import mlm_migrate, sys; assert mlm_migrate._native.__file__.startswith(sys.prefix); print("sdist: import mlm_migrate:", mlm_migrate.__version__)'
"$sdist/venv/bin/mlm-migrate" --version
rm -rf "$sdist"
