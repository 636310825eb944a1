//! Which schemas a STAC document declares: its core schema and its extensions.
//!
//! The core schema follows from `type` and `stac_version` (STAC publishes each version at
//! `https://schemas.stacspec.org/v<version>/`). Extensions are the `stac_extensions` entries;
//! pre-1.0 items (DLM beta) list short names such as `dl-model` or `eo`, which STAC
//! 1.0.0-beta.2 resolved to `https://schemas.stacspec.org/v<version>/extensions/<name>/json-schema/schema.json`.

use serde::Serialize;
use serde_json::Value;

use crate::kernel::pointer::Members;

/// A schema the document should be checked against, but whose URI could not be worked out.
///
/// Shape: `{ "instance_path": "/type", "reason": "missing; ..." }`. Reported instead of guessing,
/// so "not validated" always has a cause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unresolved {
    /// JSON pointer to the member that should have named the schema (`/type`, `/stac_extensions/2`).
    pub instance_path: String,
    /// Why no schema URI could be derived from it.
    pub reason: String,
}

/// The STAC core schema URI for a document `type` and `stac_version`.
///
/// `Feature` → `item-spec/json-schema/item.json`, `Collection` →
/// `collection-spec/json-schema/collection.json`, `Catalog` →
/// `catalog-spec/json-schema/catalog.json`, all under
/// `https://schemas.stacspec.org/v<stac_version>/`. Returns `None` for any other type
/// (`FeatureCollection` is validated feature by feature).
#[must_use]
pub fn core_schema_uri(doc_type: &str, stac_version: &str) -> Option<String> {
    let spec = match doc_type {
        "Feature" => "item-spec/json-schema/item.json",
        "Collection" => "collection-spec/json-schema/collection.json",
        "Catalog" => "catalog-spec/json-schema/catalog.json",
        _ => return None,
    };
    Some(format!(
        "https://schemas.stacspec.org/v{stac_version}/{spec}"
    ))
}

/// The schema URI of one `stac_extensions` entry.
///
/// A full URI is returned as is. A short name (no `:` and no `/`, e.g. `dl-model`, `eo`,
/// `scientific`) maps to
/// `https://schemas.stacspec.org/v<stac_version>/extensions/<name>/json-schema/schema.json`, as
/// STAC 1.0.0-beta.2 did; `None` when a short name comes without a `stac_version`.
#[must_use]
pub fn extension_schema_uri(entry: &str, stac_version: Option<&str>) -> Option<String> {
    if entry.contains(':') || entry.contains('/') {
        return Some(entry.to_owned());
    }
    let version = stac_version?;
    Some(format!(
        "https://schemas.stacspec.org/v{version}/extensions/{entry}/json-schema/schema.json"
    ))
}

/// The schema URIs a STAC object declares, core first, then extensions in order (duplicates
/// dropped), plus the declarations that named no usable schema.
pub(crate) fn declared_schemas(doc: &Value) -> (Vec<String>, Vec<Unresolved>) {
    let mut uris = Vec::new();
    let mut unresolved = Vec::new();
    let stac_version = doc.member("stac_version").and_then(Value::as_str);
    match core_uri(doc, stac_version) {
        Ok(uri) => uris.push(uri),
        Err(problem) => unresolved.push(problem),
    }
    let extensions = match doc.member("stac_extensions") {
        None => &[][..],
        Some(Value::Array(entries)) => entries.as_slice(),
        Some(_) => {
            unresolved.push(problem("/stac_extensions", "not an array of schema URIs"));
            &[][..]
        }
    };
    for (index, entry) in extensions.iter().enumerate() {
        let pointer = format!("/stac_extensions/{index}");
        let Some(name) = entry.as_str() else {
            unresolved.push(problem(&pointer, "not a string"));
            continue;
        };
        match extension_schema_uri(name, stac_version) {
            Some(uri) if !uris.contains(&uri) => uris.push(uri),
            Some(_) => {}
            None => unresolved.push(problem(
                &pointer,
                &format!("short extension name {name:?} needs a stac_version to map to a URI"),
            )),
        }
    }
    (uris, unresolved)
}

/// The core schema URI of a document, or why there is none.
fn core_uri(doc: &Value, stac_version: Option<&str>) -> Result<String, Unresolved> {
    let doc_type = match doc.member("type") {
        Some(Value::String(doc_type)) => doc_type.as_str(),
        Some(_) => return Err(problem("/type", "not a string")),
        None => {
            return Err(problem(
                "/type",
                "missing; cannot choose a STAC core schema",
            ));
        }
    };
    let Some(version) = stac_version else {
        return Err(problem(
            "/stac_version",
            "missing or not a string; cannot choose a STAC core schema",
        ));
    };
    core_schema_uri(doc_type, version).ok_or_else(|| {
        problem(
            "/type",
            &format!("{doc_type:?} is not a STAC type (Feature, Collection, Catalog)"),
        )
    })
}

fn problem(instance_path: &str, reason: &str) -> Unresolved {
    Unresolved {
        instance_path: instance_path.to_owned(),
        reason: reason.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const STACSPEC: &str = "https://schemas.stacspec.org";

    #[test]
    fn core_schema_by_type_and_version() {
        let table = [
            (
                "Feature",
                "1.0.0",
                Some("v1.0.0/item-spec/json-schema/item.json"),
            ),
            (
                "Collection",
                "1.0.0-rc.1",
                Some("v1.0.0-rc.1/collection-spec/json-schema/collection.json"),
            ),
            (
                "Catalog",
                "1.1.0",
                Some("v1.1.0/catalog-spec/json-schema/catalog.json"),
            ),
            ("FeatureCollection", "1.0.0", None),
            ("feature", "1.0.0", None),
        ];
        for (doc_type, version, expected) in table {
            let expected = expected.map(|tail| format!("{STACSPEC}/{tail}"));
            assert_eq!(core_schema_uri(doc_type, version), expected, "{doc_type}");
        }
    }

    #[test]
    fn extension_entries_and_short_names() {
        let mlm = "https://stac-extensions.github.io/mlm/v1.5.1/schema.json";
        let table = [
            (mlm, Some("1.0.0"), Some(mlm.to_owned())),
            (mlm, None, Some(mlm.to_owned())),
            (
                "dl-model",
                Some("1.0.0-beta.2"),
                Some(format!(
                    "{STACSPEC}/v1.0.0-beta.2/extensions/dl-model/json-schema/schema.json"
                )),
            ),
            (
                "eo",
                Some("1.0.0-beta.2"),
                Some(format!(
                    "{STACSPEC}/v1.0.0-beta.2/extensions/eo/json-schema/schema.json"
                )),
            ),
            (
                "scientific",
                Some("1.0.0-beta.2"),
                Some(format!(
                    "{STACSPEC}/v1.0.0-beta.2/extensions/scientific/json-schema/schema.json"
                )),
            ),
            (
                "provider",
                Some("1.0.0-beta.2"),
                Some(format!(
                    "{STACSPEC}/v1.0.0-beta.2/extensions/provider/json-schema/schema.json"
                )),
            ),
            ("eo", None, None),
        ];
        for (entry, version, expected) in table {
            assert_eq!(extension_schema_uri(entry, version), expected, "{entry}");
        }
    }

    #[test]
    fn declared_schemas_lists_core_then_extensions() {
        let doc = json!({
            "type": "Feature",
            "stac_version": "1.0.0-beta.2",
            "stac_extensions": ["dl-model", "eo", "eo", 7],
        });
        let (uris, unresolved) = declared_schemas(&doc);
        let tails: Vec<_> = uris
            .iter()
            .map(|u| u.trim_start_matches(STACSPEC))
            .collect();
        assert_eq!(
            tails,
            [
                "/v1.0.0-beta.2/item-spec/json-schema/item.json",
                "/v1.0.0-beta.2/extensions/dl-model/json-schema/schema.json",
                "/v1.0.0-beta.2/extensions/eo/json-schema/schema.json",
            ]
        );
        assert_eq!(unresolved, [problem("/stac_extensions/3", "not a string")]);
    }

    #[test]
    fn declared_schemas_reports_what_it_cannot_name() {
        let (uris, unresolved) = declared_schemas(&json!({"stac_extensions": ["eo"]}));
        assert!(uris.is_empty());
        let paths: Vec<_> = unresolved
            .iter()
            .map(|u| u.instance_path.as_str())
            .collect();
        assert_eq!(paths, ["/type", "/stac_extensions/0"]);
        let (_, unresolved) = declared_schemas(&json!({"type": "Feature"}));
        assert_eq!(unresolved[0].instance_path, "/stac_version");
    }
}
