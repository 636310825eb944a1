//! In-memory repairs applied to every schema loaded from the mirror (files are never changed).
//!
//! Each repair exists because an official, published schema cannot be used as is by a
//! spec-conforming draft-07 compiler; see `shared/schemas/INDEX.md`, "Known quirks".

use serde_json::Value;

use super::mirror::without_fragment;

use crate::kernel::pointer::Members;

/// Sets the root `$id` of a schema to the fragment-less URL it was retrieved from.
///
/// Fixes: STAC v1.1.0 `common.json` (`$id` `.../commonjson`, quirk 5); MLM v1.0.0–v1.3.0 at
/// `stac-extensions.github.io` (`$id` `https://stac-extensions/mlm/vX/schema.json`, quirk 1);
/// `crim-ca.github.io/dlm-extension/v1.0.0` (`$id` is the `stac-extensions.github.io/mlm/v1.0.0`
/// URL, where a different file lives); `$id`s ending in `#` (quirk 7). Relative `$ref`s then
/// resolve against the retrieval URL, which INDEX.md verified gives the intended targets.
pub(crate) fn set_id_to_retrieval_url(schema: &mut Value, url: &str) {
    if let Some(root) = schema.as_object_mut() {
        root.insert(
            "$id".to_owned(),
            Value::String(without_fragment(url).to_owned()),
        );
    }
}

/// Drops `"$comment": "<text>"` members written inside a `properties` keyword.
///
/// MLM v1.0.0–v1.2.0 (all published variants, and crim-ca/dlm-extension v1.0.0) write
/// `"properties": { "$comment": "This is the STAC-Item 'properties' field.", ... }`, which
/// declares an instance property named `$comment` whose schema is a string: not a schema, so
/// compilation with meta-schema checking fails. The text is plainly an annotation; dropping it
/// restores the authors' intent (Python `jsonschema`, which skips the meta-schema check, ignores
/// it the same way unless an instance has a `$comment` member). Returns how many were dropped.
pub(crate) fn drop_comments_in_properties(schema: &mut Value) -> usize {
    let mut dropped = 0;
    match schema {
        Value::Object(map) => {
            if let Some(Value::Object(properties)) = map.get_mut("properties") {
                if properties.member("$comment").is_some_and(Value::is_string) {
                    properties.shift_remove("$comment");
                    dropped += 1;
                }
            }
            for value in map.values_mut() {
                dropped += drop_comments_in_properties(value);
            }
        }
        Value::Array(items) => {
            for value in items {
                dropped += drop_comments_in_properties(value);
            }
        }
        _ => {}
    }
    dropped
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn id_becomes_the_retrieval_url() {
        let table = [
            (
                json!({"$id": "https://schemas.stacspec.org/v1.1.0/item-spec/json-schema/commonjson"}),
                "https://schemas.stacspec.org/v1.1.0/item-spec/json-schema/common.json",
            ),
            (
                json!({"$id": "https://stac-extensions/mlm/v1.0.0/schema.json"}),
                "https://stac-extensions.github.io/mlm/v1.0.0/schema.json",
            ),
            (
                json!({"$id": "https://stac-extensions.github.io/eo/v1.1.0/schema.json#"}),
                "https://stac-extensions.github.io/eo/v1.1.0/schema.json#",
            ),
            (
                json!({"type": "object"}),
                "http://json-schema.org/draft-07/schema#",
            ),
        ];
        for (mut schema, url) in table {
            set_id_to_retrieval_url(&mut schema, url);
            assert_eq!(schema["$id"], without_fragment(url), "{url}");
        }
        let mut not_an_object = json!(true);
        set_id_to_retrieval_url(&mut not_an_object, "https://a.org/s.json");
        assert_eq!(not_an_object, json!(true));
    }

    #[test]
    fn comments_inside_properties_are_dropped() {
        let mut schema = json!({
            "$comment": "kept: a real annotation",
            "if": {"properties": {
                "$comment": "This is the STAC-Item 'properties' field.",
                "properties": {"$comment": "nested", "required": ["a"]}
            }},
            "properties": {"$comment": {"type": "string"}}
        });
        assert_eq!(drop_comments_in_properties(&mut schema), 2);
        assert_eq!(
            schema,
            json!({
                "$comment": "kept: a real annotation",
                "if": {"properties": {"properties": {"required": ["a"]}}},
                "properties": {"$comment": {"type": "string"}}
            })
        );
    }
}
