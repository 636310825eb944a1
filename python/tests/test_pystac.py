"""`mlm_migrate.pystac`: Items and Collections through pystac."""

from __future__ import annotations

import json

import pytest

import mlm_migrate
import mlm_migrate.pystac as mp

from conftest import FIXTURES

pystac = pytest.importorskip("pystac")

MLM_151 = "https://stac-extensions.github.io/mlm/v1.5.1/schema.json"


def test_item():
    path = FIXTURES / "mlm/v1.2.0/raster-bands-to-model-asset.json"
    item = pystac.Item.from_dict(json.loads(path.read_text()))
    item.set_self_href(str(path))
    before = item.to_dict()
    new = mp.migrate_item(item)
    assert isinstance(new, pystac.Item)
    assert MLM_151 in new.stac_extensions
    assert new.get_self_href() == item.get_self_href()
    model = next(a for a in new.assets.values() if "mlm:model" in (a.roles or []))
    assert model.extra_fields["mlm:artifact_type"] == "torch.save"
    assert "value_scaling" in new.properties["mlm:input"][0]
    assert item.to_dict() == before, "the given item is left unchanged"
    assert mp.migrate_object(item).to_dict() == new.to_dict()


def test_item_options_and_errors():
    path = FIXTURES / "dlm/v1.0.0-beta.3/architecture.json"
    item = pystac.Item.from_dict(json.loads(path.read_text()))
    with pytest.raises(mlm_migrate.LossyRefused):
        mp.migrate_item(item)
    assert mp.migrate_item(item, allow_lossy=True).properties.get("mlm:architecture")


def test_collection():
    path = FIXTURES / "mlm/v1.0.0/collection-summaries-item-assets.json"
    col = pystac.Collection.from_dict(json.loads(path.read_text()))
    new = mp.migrate_collection(col, allow_lossy=True)
    assert isinstance(new, pystac.Collection)
    assert MLM_151 in new.stac_extensions
    direct = mlm_migrate.migrate(col.to_dict(include_self_link=False, transform_hrefs=False), allow_lossy=True)
    assert new.to_dict(include_self_link=False, transform_hrefs=False) == direct.output
    assert isinstance(mp.migrate_object(col, allow_lossy=True), pystac.Collection)
    with pytest.raises(TypeError):
        mp.migrate_object({"type": "Feature"})
