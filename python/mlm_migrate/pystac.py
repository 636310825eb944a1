"""pystac helpers: migrate a ``pystac.Item`` or ``pystac.Collection`` with mlm-migrate.

pystac is an optional dependency (``pip install "mlm-migrate[pystac]"``); this module imports
it when used. pystac's own ``migrate=True`` only rewrites the MLM extension URI; these helpers
convert the fields (see :func:`mlm_migrate.migrate`) and return a new pystac object, leaving
the given one unchanged.

>>> import pystac, mlm_migrate.pystac
>>> item = pystac.Item.from_file("item.json")
>>> new = mlm_migrate.pystac.migrate_item(item, allow_lossy=True)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Tuple

from . import DEFAULT_TARGET, Migration, migrate

if TYPE_CHECKING:  # pragma: no cover
    import pystac

__all__ = ["migrate_collection", "migrate_item", "migrate_object"]


def _migrate(obj: Any, to: str, **options: Any) -> Tuple[dict, Migration]:
    d = obj.to_dict(include_self_link=False, transform_hrefs=False)
    m = migrate(d, to, name=obj.id or "<pystac>", **options)
    return m.output, m


def _rehome(new: Any, old: Any) -> Any:
    href = old.get_self_href()
    if href is not None:
        new.set_self_href(href)
    return new


def migrate_item(
    item: "pystac.Item", to: str = DEFAULT_TARGET, **options: Any
) -> "pystac.Item":
    """Returns ``item`` migrated to ``to`` (default MLM 1.5.1) as a new ``pystac.Item``.

    ``options`` are those of :func:`mlm_migrate.migrate` (``allow_lossy``, ``strict``,
    ``fix``, ``schemas``); its exceptions are raised (``LossyRefused``, ``InvalidInput``, …).
    The self link (href) is kept; pystac's own migration is not run on the result.
    """
    import pystac

    out, _ = _migrate(item, to, **options)
    return _rehome(pystac.Item.from_dict(out, migrate=False, preserve_dict=False), item)


def migrate_collection(
    collection: "pystac.Collection", to: str = DEFAULT_TARGET, **options: Any
) -> "pystac.Collection":
    """Returns ``collection`` (its ``summaries``, ``assets``, ``item_assets``) migrated to
    ``to`` as a new ``pystac.Collection``; as :func:`migrate_item` otherwise. Linked items are
    not visited: migrate them with :func:`migrate_item`."""
    import pystac

    out, _ = _migrate(collection, to, **options)
    new = pystac.Collection.from_dict(out, migrate=False, preserve_dict=False)
    return _rehome(new, collection)


def migrate_object(obj: Any, to: str = DEFAULT_TARGET, **options: Any) -> Any:
    """:func:`migrate_item` or :func:`migrate_collection`, by the type of ``obj``."""
    import pystac

    if isinstance(obj, pystac.Item):
        return migrate_item(obj, to, **options)
    if isinstance(obj, pystac.Collection):
        return migrate_collection(obj, to, **options)
    raise TypeError(f"expected a pystac.Item or pystac.Collection, not {type(obj).__name__}")
