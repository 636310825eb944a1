"""Shared helpers of the Python tests: paths of the repository's fixtures, the official
examples in ../shared (read in place; skipped with a message when missing, failing when
CI=true), and the `mlm-migrate` of the environment under test."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "fixtures"
SHARED = REPO.parent / "shared"


def shared_examples() -> Path:
    """`../shared/examples`, or a skip (a failure when CI=true)."""
    d = SHARED / "examples"
    if not d.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{d} is missing (CI=true)")
        pytest.skip(f"{d} is missing: the official examples are not beside the clone")
    return d


def cli_path() -> str:
    """The `mlm-migrate` console script of this environment (beside its python)."""
    here = Path(sys.executable).parent / "mlm-migrate"
    found = str(here) if here.exists() else shutil.which("mlm-migrate")
    assert found, "mlm-migrate is not on the PATH of the environment under test"
    return found


def run_cli(*args: str, cwd: Path = REPO, stdin: "Path | None" = None) -> subprocess.CompletedProcess:
    """Runs `mlm-migrate ARGS` (standard input from `stdin`, else empty) and returns the
    completed process (bytes)."""
    data = stdin.read_bytes() if stdin is not None else b""
    return subprocess.run(
        [cli_path(), *args],
        cwd=cwd,
        input=data,
        capture_output=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
