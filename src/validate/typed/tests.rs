//! Table tests of the typed checks.

use super::*;
use serde_json::json;

fn item(properties: Value, asset: Value) -> Value {
    json!({"type": "Feature", "properties": properties, "assets": {"model": asset}})
}

fn base() -> Value {
    json!({
        "mlm:name": "model-a",
        "mlm:architecture": "ResNet",
        "mlm:tasks": ["classification"],
        "mlm:input": [{
            "name": "x",
            "bands": [],
            "input": {"shape": [-1, 3], "dim_order": ["batch", "channel"], "data_type": "float32"},
        }],
        "mlm:output": [{
            "name": "y",
            "tasks": ["classification"],
            "result": {"shape": [-1, 2], "dim_order": ["batch", "class"], "data_type": "float32"},
        }],
    })
}

fn model_asset() -> Value {
    json!({"href": "m.pt", "roles": ["mlm:model"], "mlm:artifact_type": "torch.save"})
}

/// (what to change in the base item, version, expected (code, pointer, message part)).
#[test]
fn findings_by_table() {
    let spec = |id: &str| id.parse::<Spec>().unwrap();
    type Edit = fn(&mut Value);
    type Expected<'a> = Option<(&'a str, &'a str, &'a str)>;
    let table: &[(Edit, &str, Expected<'_>)] = &[
        (|_| {}, "mlm@1.5.1", None),
        (
            |d| d["properties"]["mlm:name"] = json!(5),
            "mlm@1.5.1",
            Some(("wrong-type", "/properties/mlm:name", "is the number 5")),
        ),
        (
            |d| {
                d["properties"]["mlm:input"][0]["value_scaling"] =
                    json!([{"type": "z-score", "mean": 1}])
            },
            "mlm@1.5.1",
            Some((
                "missing-field",
                "/properties/mlm:input/0/value_scaling/0",
                "value_scaling[0]`: z-score needs \"stddev\"",
            )),
        ),
        (
            |d| d["properties"]["mlm:tasks"] = json!(["Semantic Segmentation"]),
            "mlm@1.5.1",
            Some((
                "not-in-enum",
                "/properties/mlm:tasks/0",
                "did you mean \"semantic-segmentation\"",
            )),
        ),
        (
            |d| d["properties"]["mlm:artifact_type"] = json!("torch.save"),
            "mlm@1.5.1",
            Some((
                "misplaced-field",
                "/properties/mlm:artifact_type",
                "not allowed in Item properties",
            )),
        ),
        (
            |d| d["properties"]["mlm:file_size"] = json!(3),
            "mlm@1.4.0",
            Some((
                "unknown-field",
                "/properties/mlm:file_size",
                "not a field of mlm@1.4.0",
            )),
        ),
        (
            |d| d["properties"]["mlm:file_size"] = json!(3),
            "mlm@1.3.0",
            None,
        ),
        (
            |d| d["properties"]["mlm:accelerator"] = json!("null"),
            "mlm@1.5.1",
            Some((
                "string-null",
                "/properties/mlm:accelerator",
                "the string \"null\"",
            )),
        ),
        (
            |d| d["properties"]["mlm:input"][0]["norm_by_channel"] = json!("true"),
            "mlm@1.3.0",
            Some((
                "wrong-type",
                "/properties/mlm:input/0/norm_by_channel",
                "the string \"true\"",
            )),
        ),
        (
            |d| d["assets"]["model"]["roles"] = json!(["data"]),
            "mlm@1.5.1",
            Some(("model-role-missing", "/assets", "no asset has the role")),
        ),
        (
            |d| d["properties"]["mlm:input"][0]["bands"] = json!(["B02"]),
            "mlm@1.5.1",
            Some((
                "dimension-mismatch",
                "/properties/mlm:input/0/input/dim_order",
                "lists bands",
            )),
        ),
        (
            |d| d["properties"]["mlm:input"][0]["input"]["dim_order"] = json!(["batch", "batch"]),
            "mlm@1.5.1",
            Some((
                "invalid-value",
                "/properties/mlm:input/0/input/dim_order/0",
                "repeated at [1]",
            )),
        ),
    ];
    for (i, (edit, version, expected)) in table.iter().enumerate() {
        let mut doc = item(base(), model_asset());
        edit(&mut doc);
        let found = check(&doc, &Versions::only(spec(version)));
        match expected {
            None => assert!(found.is_empty(), "row {i}: {found:?}"),
            Some((code, pointer, words)) => {
                let hit = found
                    .iter()
                    .find(|f| f.code.id == *code && f.pointer.as_str() == *pointer);
                let hit = hit.unwrap_or_else(|| panic!("row {i}: {found:?}"));
                assert!(hit.message.contains(words), "row {i}: {}", hit.message);
            }
        }
    }
}

#[test]
fn summaries_are_lists_ranges_or_values() {
    let spec = "ml-model@1.0.0".parse::<Spec>().unwrap();
    let good = json!({"type": "Collection", "summaries": {
        "ml-model:architecture": ["resnet18", "resnet50"],
        "ml-model:learning_approach": {"minimum": 0},
    }});
    assert!(check(&good, &Versions::only(spec)).is_empty());
    let bad = json!({"type": "Collection", "summaries": {"ml-model:architecture": [5]}});
    let found = check(&bad, &Versions::only(spec));
    assert_eq!(
        found[0].pointer.as_str(),
        "/summaries/ml-model:architecture/0"
    );
}

/// Every member of an ItemCollection's `features` must be a STAC Item; `features` itself an
/// array.
#[test]
fn item_collection_members_that_are_not_items_are_named() {
    let v = Versions::only("mlm@1.5.1".parse::<Spec>().unwrap());
    let found = |doc: Value| -> Vec<(String, &'static str)> {
        check(&doc, &v)
            .into_iter()
            .map(|f| (f.pointer.as_str().to_owned(), f.code.id))
            .collect()
    };
    let good = item(base(), model_asset());
    assert_eq!(
        found(
            json!({"type": "FeatureCollection", "features": [good, null, 3, {"type": "Point"}, {}]})
        ),
        [
            ("/features/1".to_owned(), "wrong-type"),
            ("/features/2".to_owned(), "wrong-type"),
            ("/features/3/type".to_owned(), "invalid-value"),
            ("/features/4/type".to_owned(), "invalid-value"),
        ]
    );
    assert_eq!(
        found(json!({"type": "FeatureCollection", "features": {}})),
        [("/features".to_owned(), "wrong-type")]
    );
    assert_eq!(
        found(json!({"type": "FeatureCollection"})),
        [("/features".to_owned(), "missing-field")]
    );
    assert!(found(json!({"type": "FeatureCollection", "features": []})).is_empty());
}
