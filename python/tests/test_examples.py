"""Every official example (../shared/examples, read in place) through the Python API gives the
same bytes as the `mlm-migrate` command line of the same environment."""

from __future__ import annotations

from pathlib import Path

import pytest

import mlm_migrate

from conftest import SHARED, run_cli, shared_examples

EXTENSIONS = {".json", ".yaml", ".yml"}


def examples():
    d = SHARED / "examples"
    return sorted(p for p in d.rglob("*") if p.suffix in EXTENSIONS) if d.is_dir() else []


def test_examples_present():
    assert examples() or shared_examples()


@pytest.mark.parametrize("path", examples(), ids=lambda p: str(p.relative_to(SHARED)))
def test_same_bytes_as_the_cli(path: Path):
    shared_examples()
    # A `collection.json` named on the command line is a static catalog whose links the CLI
    # follows; as one document it is read from standard input.
    if path.name in ("collection.json", "catalog.json"):
        name, cli = "<stdin>", run_cli("--allow-lossy", "--report", "json", "-", stdin=path)
    else:
        name, cli = str(path), run_cli("--allow-lossy", "--report", "json", str(path))
    try:
        m = mlm_migrate.migrate(path.read_bytes(), name=name, allow_lossy=True)
    except mlm_migrate.InvalidInput:
        assert cli.returncode == 2 and cli.stdout == b"", cli.stderr.decode()
        return
    assert cli.returncode == m.exit_code, cli.stderr.decode()
    assert cli.stdout == m.text.encode(), f"{path}: the Python output differs from the CLI's"
