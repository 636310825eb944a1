"""`migrate(dict)` reads the dict as data (no text on either side): it must give what the text
of `json.dumps(dict)` gives — the same output dict, status, changes, diagnostics, refusals and
errors — for every official example (../shared/examples, read in place) and every JSON fixture,
and refuse what json.dumps refuses."""

from __future__ import annotations

import enum
import json
from collections import OrderedDict
from pathlib import Path

import pytest

import mlm_migrate
from mlm_migrate import InvalidInput, LossyRefused, MigrationError

from conftest import FIXTURES, SHARED, shared_examples

OPTIONS = [
    {"allow_lossy": True},
    {"allow_lossy": True, "to": "mlm@1.3.0"},
    {"allow_lossy": True, "to": "ml-model@1.0.0"},
    {"strict": True, "fix": True},
]


def documents():
    found = []
    for d in (SHARED / "examples", FIXTURES):
        if d.is_dir():
            found += sorted(d.rglob("*.json"))
    return found


def outcome(doc, **options):
    """Everything a caller sees of a migration (or the exception it raised)."""
    try:
        m = mlm_migrate.migrate(doc, **options)
    except LossyRefused as e:
        m = e.migration
        kind = "refused"
    except MigrationError as e:
        return (type(e).__name__, e.message, e.diagnostics, e.report)
    else:
        kind = "ok"
    return (
        kind,
        m.status,
        m.output,
        m.changes,
        m.diagnostics,
        m.refusals,
        m.source_version,
        m.target,
        m.changed,
        m.report,
    )


def test_documents_present():
    assert documents() or shared_examples()


@pytest.mark.parametrize("path", documents(), ids=lambda p: str(p.relative_to(p.parents[2])))
def test_dict_path_equals_text_path(path: Path):
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        pytest.skip("not strict JSON (a reader test)")
    if not isinstance(d, dict):
        pytest.skip("not an object")
    try:
        text = json.dumps(d, ensure_ascii=False, allow_nan=False)
    except ValueError:
        # NaN or Infinity, which Python's json.loads reads: refused as json.dumps refuses it.
        with pytest.raises(InvalidInput, match="cannot be written as JSON"):
            mlm_migrate.migrate(d)
        return
    for options in OPTIONS:
        by_dict = outcome(d, **options)
        by_text = outcome(text, format="json", **options)
        assert by_dict == by_text, (path, options)
    if by_dict[0] == "ok" and by_dict[1] != "refused":
        # A type-preserving read: ints stay ints, floats floats, as json.loads gives them.
        assert json.dumps(by_dict[2]) == json.dumps(json.loads(json.dumps(by_text[2])))


def test_number_text_and_types_as_json_dumps():
    path = FIXTURES / "mlm/v1.2.0/raster-bands-to-model-asset.json"
    d = json.loads(path.read_text())
    d["properties"]["x:numbers"] = [1, -0.0, 1e-05, 1e16, 12345678901234567890123, 0.1, 2.5e-300, True, None]
    d["properties"]["x:keys"] = {1: "int", 2.5: "float", None: "none", False: "bool"}
    d["properties"]["x:tuple"] = (1, "a")
    text = json.dumps(d, ensure_ascii=False)
    m = mlm_migrate.migrate(d)
    assert m.output == mlm_migrate.migrate(text).output
    out = m.output["properties"]
    assert out["x:numbers"] == [1, -0.0, 1e-05, 1e16, 12345678901234567890123, 0.1, 2.5e-300, True, None]
    assert [type(x) for x in out["x:numbers"]] == [int, float, float, float, int, float, float, bool, type(None)]
    assert out["x:keys"] == {"1": "int", "2.5": "float", "null": "none", "false": "bool"}
    assert out["x:tuple"] == [1, "a"]
    # The full run (validation, check) reads the text json.dumps wrote at the call.
    assert m.exit_code == mlm_migrate.migrate(text).exit_code
    assert m.check == mlm_migrate.migrate(text).check


def test_subclasses_are_read_as_json_dumps_reads_them():
    class Color(enum.IntEnum):
        RED = 1

    path = FIXTURES / "mlm/v1.2.0/raster-bands-to-model-asset.json"
    d = json.loads(path.read_text(), object_pairs_hook=OrderedDict)
    d["properties"]["x:enum"] = Color.RED
    assert mlm_migrate.migrate(d).output == mlm_migrate.migrate(json.dumps(d)).output


@pytest.mark.parametrize(
    "bad",
    [float("nan"), float("inf"), {1, 2}, object(), b"bytes", {(1, 2): "tuple key"}, "\ud800"],
    ids=["nan", "inf", "set", "object", "bytes", "tuple-key", "lone-surrogate"],
)
def test_what_json_dumps_refuses_is_invalid_input(bad):
    path = FIXTURES / "mlm/v1.2.0/raster-bands-to-model-asset.json"
    d = json.loads(path.read_text())
    d["properties"]["x:bad"] = bad
    with pytest.raises(InvalidInput, match="cannot be written as JSON"):
        mlm_migrate.migrate(d)


def test_duplicate_json_key_is_invalid_input():
    path = FIXTURES / "mlm/v1.2.0/raster-bands-to-model-asset.json"
    d = json.loads(path.read_text())
    d["properties"]["x:dup"] = {1: "int", "1": "str"}
    with pytest.raises(InvalidInput):
        mlm_migrate.migrate(json.dumps(d))
    with pytest.raises(InvalidInput, match="same JSON text"):
        mlm_migrate.migrate(d)


def test_nesting_and_cycles():
    path = FIXTURES / "mlm/v1.2.0/raster-bands-to-model-asset.json"
    d = json.loads(path.read_text())
    for depth in (120, 124, 125, 126, 130):
        nested: list = []
        for _ in range(depth):
            nested = [nested]
        d["properties"]["x:deep"] = nested
        assert outcome(d, allow_lossy=True)[0] == outcome(json.dumps(d), allow_lossy=True)[0], depth
    cycle: list = []
    cycle.append(cycle)
    d["properties"]["x:deep"] = cycle
    with pytest.raises(InvalidInput, match="cannot be written as JSON"):
        mlm_migrate.migrate(d)


def test_bad_option_with_a_dict():
    path = FIXTURES / "mlm/v1.2.0/raster-bands-to-model-asset.json"
    with pytest.raises(MigrationError) as e:
        mlm_migrate.migrate(json.loads(path.read_text()), to="mlm@9")
    assert not isinstance(e.value, InvalidInput)


def test_input_text_is_what_json_dumps_writes():
    """The number text the library reads from a dict is json.dumps's (`float.__repr__`),
    checked through the text kept for the validation run."""
    import random
    import struct

    rng = random.Random(1)
    floats = [0.0, -0.0, 0.1, 1e-05, 0.0001, 1e16, 1e15, 123456789012345680.0, 5e-324,
              1.7976931348623157e308, 2.0**53, 1e22, -1.5e-7, 0.3, 2 / 3, 100.0, 1e300]
    while len(floats) < 20000:
        f = struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0]
        if f == f and abs(f) != float("inf"):
            floats.append(f)
    floats += [rng.uniform(-1000, 1000) for _ in range(5000)]
    floats += [round(rng.uniform(-10, 10), rng.randrange(1, 8)) for _ in range(5000)]
    path = FIXTURES / "mlm/v1.2.0/raster-bands-to-model-asset.json"
    d = json.loads(path.read_text())
    d["properties"]["x:floats"] = floats
    d["properties"]["x:text"] = 'quote " backslash \\ tab \t newline \n \x01 \x7f é 日本 \U0001f600'
    m = mlm_migrate.migrate(d, allow_lossy=True)
    assert m._record.input_json() == json.dumps(d, ensure_ascii=False)
    assert m.output["properties"]["x:floats"] == floats
