//! Numeric keywords under serde_json `arbitrary_precision` (numbers kept as their text).
//!
//! jsonschema is built with its `arbitrary-precision` feature: without it, limits are compared as
//! `f64`, so `1.0000000000000000001` passes `maximum: 1` (checked when choosing the feature).

use mlm_migrate::validate::{Outcome, SchemaStore};
use serde_json::{Value, json};

use super::{read_json, shared, store};

fn parse(text: &str) -> Value {
    serde_json::from_str(text).expect("JSON")
}

#[test]
fn mlm_integer_and_number_fields_keep_their_meaning() {
    let (Some(shared), Some(store)) = (shared(), store()) else {
        return;
    };
    let item = read_json(&shared.join("examples/mlm/v1.5.1/item_basic.json"));
    let with = |memory_size: &str, scale: &str| {
        let mut item = item.clone();
        item["properties"]["mlm:memory_size"] = parse(memory_size);
        item["properties"]["mlm:input"][0]["value_scaling"] =
            json!([{"type": "scale", "value": parse(scale)}]);
        store.validate(&item)
    };
    for (memory_size, scale) in [
        ("1", "0.0001"),
        ("1.0", "1e-4"),
        ("18446744073709551616", "0.003921569"),
    ] {
        let validation = with(memory_size, scale);
        assert!(
            validation.is_valid(),
            "{memory_size} {scale}:\n{validation}"
        );
    }
    for memory_size in ["1.5", "-1", "\"1\""] {
        let validation = with(memory_size, "0.0001");
        let paths: Vec<_> = validation
            .errors()
            .map(|e| e.instance_path.as_str())
            .collect();
        assert_eq!(
            paths,
            ["/properties/mlm:memory_size"],
            "{memory_size}:\n{validation}"
        );
    }
}

#[test]
fn bounds_compare_number_text_exactly() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("numbers-mirror");
    let schema_dir = dir.join("example.org/numbers");
    std::fs::create_dir_all(&schema_dir).expect("temp mirror");
    let cases = [
        (r#"{"type": "integer"}"#, "1.5", false),
        (r#"{"type": "integer"}"#, "1.0", true),
        (r#"{"type": "integer"}"#, "99999999999999999999", true),
        (
            r#"{"type": "number", "exclusiveMinimum": 0}"#,
            "0.0001",
            true,
        ),
        (r#"{"maximum": 1}"#, "1.0000000000000000001", false),
        (r#"{"minimum": 0.1}"#, "0.1", true),
        (
            r#"{"minimum": 0}"#,
            "-0.0000000000000000000000000001",
            false,
        ),
        (r#"{"multipleOf": 0.01}"#, "0.07", true),
        (r#"{"multipleOf": 0.1}"#, "0.35", false),
    ];
    let store = SchemaStore::open(&dir).expect("temp mirror opens");
    for (index, (schema, instance, valid)) in cases.into_iter().enumerate() {
        std::fs::write(schema_dir.join(format!("{index}.json")), schema).expect("schema written");
        let uri = format!("https://example.org/numbers/{index}.json");
        let outcome = store.validate_against(&parse(instance), &uri);
        assert_eq!(
            outcome.outcome == Outcome::Valid,
            valid,
            "{schema} {instance}: {outcome}"
        );
    }
}
