//! Band catalogues: where MLM (1.3.0+) looks up the band names that Model Inputs list.

use serde_json::Value;

use crate::kernel::pointer::Members;
use crate::kernel::scope::{DocKind, Scope, containers};

/// True when the Item has a band catalogue MLM 1.3.0+ accepts other than `raster:bands` in
/// Item properties: an eo v1.x extension with `eo:bands` in properties
/// or on every `mlm:model` asset, or STAC 1.1 `bands` in properties.
pub(crate) fn has_other_catalogue(doc: &Value) -> bool {
    let declares = |name: &str| {
        doc.member("stac_extensions")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .any(|u| u.contains(&format!("/{name}/v1.")))
    };
    let props = doc.member("properties");
    let models = containers(doc, DocKind::Item, Scope::ModelAsset);
    let eo = declares("eo")
        && (props.and_then(|p| p.member("eo:bands")).is_some()
            || (!models.is_empty()
                && models
                    .iter()
                    .all(|m| m.get(doc).and_then(|a| a.member("eo:bands")).is_some())));
    let stac11 = doc
        .member("stac_version")
        .and_then(Value::as_str)
        .is_some_and(|v| v.starts_with("1.1"))
        && props
            .and_then(|p| p.member("bands"))
            .and_then(Value::as_array)
            .is_some_and(|b| !b.is_empty());
    eo || stac11
}
