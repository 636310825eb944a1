//! Broken MLM v1.5.1 items fail with errors that point at the right place.

use mlm_migrate::validate::{Outcome, SchemaError, Validation};
use serde_json::{Value, json};

use super::{read_json, shared, store};

const MLM: &str = "https://stac-extensions.github.io/mlm/v1.5.1/schema.json";

fn basic_item() -> Option<Value> {
    Some(read_json(
        &shared()?.join("examples/mlm/v1.5.1/item_basic.json"),
    ))
}

/// The leaf errors of the MLM v1.5.1 outcome, as `(instance_path, keyword)`.
fn mlm_leaves(validation: &Validation) -> Vec<(String, String)> {
    let outcome = validation
        .outcomes
        .iter()
        .find(|o| o.uri == MLM)
        .expect("MLM outcome");
    let Outcome::Invalid { errors } = &outcome.outcome else {
        panic!("MLM outcome is not invalid:\n{validation}");
    };
    errors
        .iter()
        .flat_map(SchemaError::leaves)
        .map(|e| (e.instance_path.clone(), e.keyword.clone()))
        .collect()
}

#[test]
fn short_mlm_name_fails_its_pattern() {
    let (Some(mut item), Some(store)) = (basic_item(), store()) else {
        return;
    };
    item["properties"]["mlm:name"] = json!("ab");
    let validation = store.validate(&item);
    assert_eq!(validation.invalid_count(), 1, "{validation}");
    let errors: Vec<_> = validation.errors().collect();
    assert_eq!(errors.len(), 1, "{validation}");
    let error = errors[0];
    assert_eq!(error.instance_path, "/properties/mlm:name");
    assert_eq!(error.schema_uri, MLM);
    assert_eq!(error.keyword_location, "/$defs/mlm:name/pattern");
    assert_eq!(error.keyword, "pattern");
    assert_eq!(
        error.to_string(),
        r#"  /properties/mlm:name: "ab" does not match "^[a-zA-Z][a-zA-Z0-9_.\-\s]+[a-zA-Z0-9]$" (https://stac-extensions.github.io/mlm/v1.5.1/schema.json #/$defs/mlm:name/pattern)"#
    );
}

#[test]
fn model_asset_without_artifact_type_fails_at_the_asset() {
    let (Some(mut item), Some(store)) = (basic_item(), store()) else {
        return;
    };
    let model = item["assets"]["model"]
        .as_object_mut()
        .expect("model asset");
    model.shift_remove("mlm:artifact_type");
    let validation = store.validate(&item);
    assert_eq!(validation.invalid_count(), 1, "{validation}");
    assert_eq!(
        mlm_leaves(&validation),
        [("/assets/model".to_owned(), "required".to_owned())],
        "{validation}"
    );
    let error = validation
        .errors()
        .flat_map(SchemaError::leaves)
        .next()
        .expect("one error");
    assert!(
        error
            .message
            .contains("\"mlm:artifact_type\" is a required property"),
        "{error}"
    );
}

#[test]
fn several_mutations_are_all_located() {
    let (Some(mut item), Some(store)) = (basic_item(), store()) else {
        return;
    };
    item["properties"]["mlm:name"] = json!("ab");
    item["properties"]["mlm:tasks"] = json!(["not-a-task"]);
    item["properties"]["mlm:input"][0]["input"]["data_type"] = json!("float128");
    let validation = store.validate(&item);
    let mut leaves = mlm_leaves(&validation);
    leaves.sort();
    leaves.dedup();
    let paths: Vec<_> = leaves.iter().map(|(path, _)| path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/properties/mlm:input/0/input/data_type",
            "/properties/mlm:name",
            "/properties/mlm:tasks/0",
        ],
        "{validation}"
    );
}

#[test]
fn feature_collection_features_are_validated_with_prefixed_paths() {
    let (Some(item), Some(store)) = (basic_item(), store()) else {
        return;
    };
    let mut broken = item.clone();
    broken["properties"]["mlm:name"] = json!("ab");
    let collection = json!({"type": "FeatureCollection", "features": [item, broken]});
    let validation = store.validate(&collection);
    let at: Vec<_> = validation.outcomes.iter().map(|o| o.at.as_str()).collect();
    assert_eq!(
        at,
        ["/features/0", "/features/0", "/features/1", "/features/1"]
    );
    let paths: Vec<_> = validation
        .errors()
        .map(|e| e.instance_path.as_str())
        .collect();
    assert_eq!(paths, ["/features/1/properties/mlm:name"], "{validation}");
}

#[test]
fn validation_serializes_for_the_json_report() {
    let (Some(mut item), Some(store)) = (basic_item(), store()) else {
        return;
    };
    item["properties"]["mlm:name"] = json!("ab");
    item["stac_extensions"]
        .as_array_mut()
        .expect("array")
        .push(json!(
            "https://stac-extensions.github.io/template/v1.0.0/schema.json"
        ));
    let report = serde_json::to_value(store.validate(&item)).expect("serializes");
    let outcomes = report["outcomes"].as_array().expect("outcomes");
    let kinds: Vec<_> = outcomes.iter().map(|o| o["outcome"].as_str()).collect();
    assert_eq!(kinds, [Some("valid"), Some("invalid"), Some("unavailable")]);
    assert_eq!(
        outcomes[1]["errors"][0]["instance_path"],
        "/properties/mlm:name"
    );
    assert_eq!(
        outcomes[1]["errors"][0]["keyword_location"],
        "/$defs/mlm:name/pattern"
    );
    assert!(outcomes[1]["errors"][0].get("causes").is_none());
    assert!(
        outcomes[2]["reason"]
            .as_str()
            .is_some_and(|r| r.contains("not in the mirror"))
    );
    assert_eq!(report["unresolved"], json!([]));
}
