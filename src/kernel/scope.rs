//! Where MLM fields live in a document: the "field containers" rules are applied to.
//!
//! A mapping row names a scope (`properties`, `asset`, `model-asset`, `input`, `output`,
//! `document`); this module turns a scope into the JSON pointers of every matching object in
//! an Item, a Collection (`summaries`, `assets`, `item_assets`) or a bare MLM metadata file.

mod dlm;

use serde::Deserialize;
use serde_json::Value;

use super::pointer::{Pointer, member};

use crate::kernel::pointer::Members;

/// Kind of STAC document, from its `type` member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocKind {
    /// `"type": "Feature"` — a STAC Item.
    Item,
    /// `"type": "Collection"`.
    Collection,
    /// `"type": "FeatureCollection"` — an ItemCollection; each feature migrates as an Item.
    ItemCollection,
    /// `"type": "Catalog"` (never carries model fields).
    Catalog,
    /// No STAC `type`, but a `properties` object (e.g. stac-model's `mlm-metadata.yaml`).
    Metadata,
}

impl DocKind {
    /// The kind as users name it: `Item`, `Collection`, `ItemCollection`, `Catalog`,
    /// `metadata file`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Item => "Item",
            Self::Collection => "Collection",
            Self::ItemCollection => "ItemCollection",
            Self::Catalog => "Catalog",
            Self::Metadata => "metadata file",
        }
    }

    /// Classifies a document by its `type` (`Feature`, `Collection`, `FeatureCollection`,
    /// `Catalog`, in any case: `"type": "feature"` is an Item whose `type` the repair
    /// `fix-type-case` spells right), else a metadata file when it has a `properties` object;
    /// `None` when it is not an object or has no recognisable shape.
    pub fn of(doc: &Value) -> Option<Self> {
        let obj = doc.as_object()?;
        let kind = obj
            .member("type")
            .and_then(Value::as_str)
            .and_then(Self::of_type);
        kind.or_else(|| {
            obj.member("properties")
                .is_some_and(Value::is_object)
                .then_some(Self::Metadata)
        })
    }

    /// The STAC object kinds and the `type` value that names each.
    const TYPES: [(Self, &'static str); 4] = [
        (Self::Item, "Feature"),
        (Self::Collection, "Collection"),
        (Self::ItemCollection, "FeatureCollection"),
        (Self::Catalog, "Catalog"),
    ];

    /// The kind a `type` value names, in any case and with surrounding spaces
    /// (`"feature"` → Item); `None` for anything else.
    pub(crate) fn of_type(text: &str) -> Option<Self> {
        let text = text.trim();
        Self::TYPES
            .iter()
            .find(|(_, name)| name.eq_ignore_ascii_case(text))
            .map(|(kind, _)| *kind)
    }

    /// The `type` value that names this kind as STAC and GeoJSON spell it (`Feature`, …);
    /// `None` for a metadata file, which has none.
    pub(crate) fn type_value(self) -> Option<&'static str> {
        Self::TYPES
            .iter()
            .find(|(kind, _)| *kind == self)
            .map(|(_, name)| *name)
    }
}

/// A set of field containers a mapping row applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Scope {
    /// The document root (Item or Collection object itself).
    Document,
    /// Item `properties`; Collection `summaries`; metadata-file `properties`.
    Properties,
    /// Every asset (Item `assets`; Collection `assets` and `item_assets`).
    Asset,
    /// Assets whose `roles` contain `mlm:model`.
    ModelAsset,
    /// Every Model Input object (`mlm:input` items wherever `mlm:input` is).
    Input,
    /// Every Model Output object (`mlm:output` items wherever `mlm:output` is).
    Output,
    /// DLM `dlm:data` objects in Item properties (DLM reader).
    DlmData,
    /// DLM `dlm:outputs` objects in Item properties (DLM reader).
    DlmOutputs,
    /// DLM `dlm:inputs` objects in Item properties (DLM reader and its draft spellings).
    DlmInputs,
}

/// Pointers of every container of `scope` in `doc` (an Item, Collection or metadata object).
pub(crate) fn containers(doc: &Value, kind: DocKind, scope: Scope) -> Vec<Pointer> {
    let root = Pointer::root();
    match scope {
        Scope::Document => vec![root],
        Scope::Properties => properties(doc, kind),
        Scope::Asset => assets(doc, kind),
        Scope::ModelAsset => assets(doc, kind)
            .into_iter()
            .filter(|p| p.get(doc).is_some_and(has_model_role))
            .collect(),
        Scope::Input => io_objects(doc, kind, "mlm:input"),
        Scope::Output => io_objects(doc, kind, "mlm:output"),
        Scope::DlmData | Scope::DlmOutputs | Scope::DlmInputs => dlm::containers(doc, kind, scope),
    }
}

fn properties(doc: &Value, kind: DocKind) -> Vec<Pointer> {
    let key = match kind {
        DocKind::Collection => "summaries",
        _ => "properties",
    };
    let p = Pointer::root().key(key);
    if p.get(doc).is_some_and(Value::is_object) {
        vec![p]
    } else {
        Vec::new()
    }
}

fn assets(doc: &Value, kind: DocKind) -> Vec<Pointer> {
    let groups: &[&str] = match kind {
        DocKind::Collection => &["assets", "item_assets"],
        DocKind::Item => &["assets"],
        _ => &[],
    };
    let mut out = Vec::new();
    for group in groups {
        let g = Pointer::root().key(group);
        if let Some(map) = g.get(doc).and_then(Value::as_object) {
            out.extend(
                map.iter()
                    .filter(|(_, a)| a.is_object())
                    .map(|(k, _)| g.key(k)),
            );
        }
    }
    out
}

/// Model Input/Output objects under `field` in properties/summaries and (≤1.3) on assets (a
/// single object in place of the array counts as one).
fn io_objects(doc: &Value, kind: DocKind, field: &str) -> Vec<Pointer> {
    let mut out = Vec::new();
    let holders = properties(doc, kind).into_iter().chain(assets(doc, kind));
    for holder in holders {
        // The list's pointer is built only when the holder has it.
        let found = holder
            .get(doc)
            .and_then(Value::as_object)
            .and_then(|h| member(h, field));
        let items = match found {
            Some(Value::Array(items)) => items,
            // A tool dialect writes one object where MLM has an array: it is one container
            // (the dialect reader wraps it before any step runs; detection sees it as is).
            Some(Value::Object(_)) => {
                out.push(holder.key(field));
                continue;
            }
            _ => continue,
        };
        let list = holder.key(field);
        for (i, item) in items.iter().enumerate() {
            match item {
                Value::Object(_) => out.push(list.index(i)),
                // Collection summaries may list whole `mlm:input` arrays as values.
                Value::Array(inner) => out.extend(
                    inner
                        .iter()
                        .enumerate()
                        .filter(|(_, v)| v.is_object())
                        .map(|(j, _)| list.index(i).index(j)),
                ),
                _ => {}
            }
        }
    }
    out
}

/// True when an asset's `roles` contain `mlm:model`.
pub(crate) fn has_model_role(asset: &Value) -> bool {
    has_role(asset, "mlm:model")
}

/// True when an asset's `roles` array contains `role`.
pub(crate) fn has_role(asset: &Value, role: &str) -> bool {
    asset
        .member("roles")
        .and_then(Value::as_array)
        .is_some_and(|r| r.iter().any(|x| x.as_str() == Some(role)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ptrs(v: Vec<Pointer>) -> Vec<String> {
        v.into_iter().map(|p| p.as_str().to_owned()).collect()
    }

    #[test]
    fn item_containers() {
        let doc = json!({
            "type": "Feature",
            "properties": {"mlm:input": [{"name": "a"}, {"name": "b"}], "mlm:output": []},
            "assets": {"w": {"roles": ["mlm:model"], "mlm:input": [{}]}, "c": {"roles": ["code"]}}
        });
        let k = DocKind::of(&doc).unwrap();
        assert_eq!(
            ptrs(containers(&doc, k, Scope::Properties)),
            ["/properties"]
        );
        assert_eq!(
            ptrs(containers(&doc, k, Scope::Asset)),
            ["/assets/w", "/assets/c"]
        );
        assert_eq!(ptrs(containers(&doc, k, Scope::ModelAsset)), ["/assets/w"]);
        assert_eq!(
            ptrs(containers(&doc, k, Scope::Input)),
            [
                "/properties/mlm:input/0",
                "/properties/mlm:input/1",
                "/assets/w/mlm:input/0"
            ]
        );
    }

    #[test]
    fn collection_containers() {
        let doc = json!({
            "type": "Collection",
            "summaries": {"mlm:input": [[{"name": "a"}], {"name": "b"}]},
            "item_assets": {"w": {"roles": ["mlm:model"]}}
        });
        let k = DocKind::of(&doc).unwrap();
        assert_eq!(ptrs(containers(&doc, k, Scope::Properties)), ["/summaries"]);
        assert_eq!(
            ptrs(containers(&doc, k, Scope::ModelAsset)),
            ["/item_assets/w"]
        );
        assert_eq!(
            ptrs(containers(&doc, k, Scope::Input)),
            ["/summaries/mlm:input/0/0", "/summaries/mlm:input/1"]
        );
    }
}
