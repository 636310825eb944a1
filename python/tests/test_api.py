"""The Python API on the repository's fixtures: outputs, records, exceptions, check, validate."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import mlm_migrate
from mlm_migrate import InvalidInput, LossyRefused, MigrationError

from conftest import FIXTURES, REPO, run_cli

MLM_151 = "https://stac-extensions.github.io/mlm/v1.5.1/schema.json"
RASTER_BANDS = FIXTURES / "mlm/v1.2.0/raster-bands-to-model-asset.json"


def test_version_matches_the_crates():
    cargo = (REPO / "Cargo.toml").read_text()
    root = re.search(r'^version = "([^"]+)"', cargo, re.M).group(1)
    assert mlm_migrate.__version__ == root
    out = run_cli("--version")
    assert out.returncode == 0
    assert out.stdout.decode().split() == ["mlm-migrate", root]


def test_text_in_text_out_keeps_layout():
    text = RASTER_BANDS.read_text()
    m = mlm_migrate.migrate(text, name=str(RASTER_BANDS))
    assert m.status == "migrated"
    assert m.text is not None and m.text != text
    assert json.loads(m.text) == m.output
    assert MLM_151 in m.output["stac_extensions"]
    # Layout kept: the first line and the indentation of the input.
    assert m.text.splitlines()[0] == text.splitlines()[0]
    assert m.source_version == "mlm@1.2.0"
    assert m.target == "mlm@1.5.1"
    assert m.exit_code == 0
    rules = {c.rule for c in m.changes}
    assert {"raster-bands-to-model-asset", "value-scaling-from-norm", "artifact-type-required"} <= rules
    c = next(c for c in m.changes if c.rule == "artifact-type-required")
    assert c.fidelity == "assumed"
    assert c.pointer == c.to_pointer and c.pointer.startswith("/assets/")
    assert c.new == "torch.save"
    assert c.spec
    assert m.check is not None and m.check.verdict == "equivalent" and m.check.equivalent


def test_dict_in_dict_out():
    d = json.loads(RASTER_BANDS.read_text())
    m = mlm_migrate.migrate(d)
    assert m.text is None
    assert m.output == json.loads(mlm_migrate.migrate(RASTER_BANDS.read_text()).text)
    # Idempotent: the output migrates to itself.
    again = mlm_migrate.migrate(m.output)
    assert again.status == "unchanged" and again.output == m.output and not again.changed


def test_yaml_text():
    path = FIXTURES / "mlm/v1.3.0/metadata-only-norm-type.yaml"
    m = mlm_migrate.migrate(path.read_text(), name=str(path))
    assert m.text is not None and not m.text.lstrip().startswith("{")
    assert isinstance(m.output, dict)
    assert any(c.rule == "value-scaling-from-norm" for c in m.changes)


def test_older_target():
    m = mlm_migrate.migrate(RASTER_BANDS.read_text(), to="mlm@1.3.0")
    assert m.target == "mlm@1.3.0"
    assert any("mlm-extension/v1.3.0" in u for u in m.output["stac_extensions"])


def test_invalid_input_syntax_error_carries_line_and_column():
    path = FIXTURES / "errors/invalid-json-missing-comma.json"
    with pytest.raises(InvalidInput) as e:
        mlm_migrate.migrate(path.read_text(), name=str(path))
    assert isinstance(e.value, MigrationError)
    assert re.search(r":\d+:\d+", str(e.value)), str(e.value)
    assert e.value.diagnostics and e.value.diagnostics[0].severity == "error"
    assert e.value.diagnostics[0].message == str(e.value)


def test_invalid_input_duplicate_key():
    path = FIXTURES / "errors/duplicate-key-in-properties.json"
    with pytest.raises(InvalidInput, match="duplicate"):
        mlm_migrate.migrate(path.read_text(), name=str(path))


def test_invalid_input_not_a_model_document():
    path = FIXTURES / "errors/no-model-content.json"
    with pytest.raises(InvalidInput) as e:
        mlm_migrate.migrate(json.loads(path.read_text()))
    assert e.value.diagnostics


def test_invalid_input_value_json_cannot_hold():
    with pytest.raises(InvalidInput, match="JSON"):
        mlm_migrate.migrate({"type": "Feature", "properties": {"x": float("nan")}})


def test_migration_error_unknown_version_and_bad_target():
    path = FIXTURES / "errors/mlm-v1.7.0-unknown-version.json"
    with pytest.raises(MigrationError) as e:
        mlm_migrate.migrate(path.read_text(), name=str(path))
    assert not isinstance(e.value, LossyRefused)
    assert "1.7.0" in str(e.value)
    assert e.value.diagnostics
    with pytest.raises(MigrationError, match="mlm@9"):
        mlm_migrate.migrate(RASTER_BANDS.read_text(), to="mlm@9.9.9")


def test_lossy_refused_carries_the_lost_fields_and_the_migration():
    path = FIXTURES / "dlm/v1.0.0-beta.3/architecture.json"
    with pytest.raises(LossyRefused) as e:
        mlm_migrate.migrate(path.read_text(), name=str(path))
    err = e.value
    assert err.diagnostics and all(d.fidelity == "lossy" for d in err.diagnostics)
    assert all(d.pointer for d in err.diagnostics)
    assert err.migration.status == "refused" and err.migration.exit_code == 1
    assert "--allow-lossy" in str(err)
    # Accepted with allow_lossy: the same output, released.
    m = mlm_migrate.migrate(path.read_text(), name=str(path), allow_lossy=True)
    assert m.output == err.migration.output
    assert any(c.fidelity == "lossy" for c in m.changes)


def test_strict_refuses_assumptions():
    with pytest.raises(LossyRefused) as e:
        mlm_migrate.migrate(RASTER_BANDS.read_text(), strict=True)
    assert {d.fidelity for d in e.value.diagnostics} == {"assumed"}
    assert any(d.rule == "artifact-type-required" for d in e.value.diagnostics)


def test_type_error_for_other_inputs():
    with pytest.raises(TypeError):
        mlm_migrate.migrate(42)  # type: ignore[arg-type]


def test_validate():
    v = mlm_migrate.validate(mlm_migrate.migrate(RASTER_BANDS.read_text()).text)
    assert v.valid and v.version
    bad = json.loads(mlm_migrate.migrate(RASTER_BANDS.read_text()).text)
    bad["properties"]["mlm:name"] = 42
    text = json.dumps(bad, indent=2)
    v = mlm_migrate.validate(text)
    assert not v.valid
    f = next(f for f in v.findings if f.pointer == "/properties/mlm:name")
    assert f.code == "wrong-type" and f.severity == "error"
    assert f.line == text.splitlines().index('    "mlm:name": 42,') + 1
    with pytest.raises(InvalidInput):
        mlm_migrate.validate("{ nope")


def test_diagnostics_are_records():
    path = FIXTURES / "mlm/v1.3.0/unknown-mlm-field.json"
    m = mlm_migrate.migrate(path.read_text(), name=str(path), allow_lossy=True)
    assert m.diagnostics
    for d in m.diagnostics:
        assert isinstance(d, mlm_migrate.Diagnostic)
        assert d.rule and d.severity in ("info", "warning", "error") and d.message
