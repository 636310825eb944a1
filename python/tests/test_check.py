"""`mlm_migrate.check`: the preprocessing check with numpy samples and synthetic tensors."""

from __future__ import annotations

import json

import pytest

import mlm_migrate
from mlm_migrate import InvalidInput

from conftest import FIXTURES

np = pytest.importorskip("numpy")

PAIR = FIXTURES / "check/mlm13-z-score-per-channel"


def pair():
    return (PAIR / "source.json").read_text(), (PAIR / "converted.json").read_text()


def test_numpy_sample_equivalent():
    source, converted = pair()
    sample = np.random.default_rng(1).uniform(0, 10000, size=(1, 4, 64, 64)).astype("float32")
    r = mlm_migrate.check(source, converted, sample)
    assert r.verdict == "equivalent" and r.equivalent, r.report
    (inp,) = r.inputs
    assert inp.sample is not None and inp.sample["shape"] == [1, 4, 64, 64]
    assert inp.sample["dtype"] == "float32"
    assert len(inp.channels) == 4


@pytest.mark.parametrize("order", ["C", "F"])
def test_numpy_sample_integer_and_fortran_order(order):
    source, converted = pair()
    sample = np.asarray(
        np.random.default_rng(2).integers(0, 2**16, size=(2, 4, 64, 64)), dtype="uint16", order=order
    )
    assert mlm_migrate.check(json.loads(source), json.loads(converted), sample).equivalent


def test_numpy_sample_shows_a_difference():
    source, _ = pair()
    wrong = json.loads((PAIR / "converted.json").read_text())
    vs = wrong["properties"]["mlm:input"][0]["value_scaling"]
    vs[0]["mean"] = vs[0]["mean"] + 1
    r = mlm_migrate.check(source, wrong, np.ones((1, 4, 64, 64), dtype="float32"))
    assert r.verdict == "differs" and r.reason


def test_synthetic_sample_without_numpy_array():
    source, converted = pair()
    r = mlm_migrate.check(source, converted, seed=7)
    assert r.equivalent
    assert r.inputs[0].sample["origin"] == "synthetic"


def test_npy_bytes_and_path():
    source, converted = pair()
    npy = FIXTURES / "check/npy/float32-c.npy"
    shape = np.load(npy).shape
    fits = len(shape) == 4 and shape[1] == 4
    try:
        r = mlm_migrate.check(source, converted, npy)
        assert fits and r.equivalent
    except InvalidInput:
        assert not fits


def test_sample_that_fits_no_input():
    source, converted = pair()
    with pytest.raises(InvalidInput, match="sample|fit|shape"):
        mlm_migrate.check(source, converted, np.zeros((1, 3, 5, 5), dtype="float32"))
