//! Every official example validates (or fails) exactly as `shared/examples/INDEX.md` records.

use mlm_migrate::validate::{Outcome, SchemaError};

use super::{json_files, read_json, shared, store};

const MLM_V1_0_0_STAC_EXTENSIONS: &str = "https://stac-extensions.github.io/mlm/v1.0.0/schema.json";

#[test]
fn mlm_and_ml_model_examples_validate_fully() {
    let (Some(shared), Some(store)) = (shared(), store()) else {
        return;
    };
    let examples = shared.join("examples");
    let mut files = json_files(&examples.join("mlm"));
    for model in ["cyclone-wind-speed", "dummy"] {
        for kind in ["item.json", "collection.json"] {
            files.push(examples.join("ml-model/v1.0.0").join(model).join(kind));
        }
    }
    assert_eq!(
        files.len(),
        70,
        "66 MLM v1.0.0-v1.5.2 + 4 ml-model JSON examples"
    );
    let mut failures = Vec::new();
    for file in &files {
        let doc = read_json(file);
        let validation = store.validate(&doc);
        let declared = doc["stac_extensions"].as_array().map_or(0, Vec::len);
        if !validation.is_valid() || validation.outcomes.len() != 1 + declared {
            failures.push(format!("{}:\n{validation}", file.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn dlm_v1_0_0_items_fail_only_the_stac_extensions_mlm_uri_check() {
    let (Some(shared), Some(store)) = (shared(), store()) else {
        return;
    };
    let names = [
        "item_basic",
        "item_eo_bands",
        "item_multi_io",
        "item_raster_bands",
    ];
    for name in names {
        let file = shared.join(format!("examples/dlm/v1.0.0/{name}.json"));
        let validation = store.validate(&read_json(&file));
        let failed: Vec<_> = validation
            .outcomes
            .iter()
            .filter(|o| o.outcome != Outcome::Valid)
            .collect();
        assert_eq!(failed.len(), 1, "{name}:\n{validation}");
        assert_eq!(failed[0].uri, MLM_V1_0_0_STAC_EXTENSIONS, "{name}");
        let leaves: Vec<_> = validation.errors().flat_map(SchemaError::leaves).collect();
        assert!(!leaves.is_empty(), "{name}");
        for leaf in leaves {
            assert_eq!(leaf.instance_path, "/stac_extensions", "{name}: {leaf}");
            assert_eq!(leaf.keyword, "contains", "{name}: {leaf}");
        }
        assert!(validation.unresolved.is_empty(), "{name}");
    }
}

#[test]
fn dlm_v1_0_0_items_pass_the_pre_rename_crim_ca_schema() {
    // Quirk 1: the only official file accepting the stac-extensions.github.io/mlm/v1.0.0 URI.
    let (Some(shared), Some(store)) = (shared(), store()) else {
        return;
    };
    let doc = read_json(&shared.join("examples/dlm/v1.0.0/item_basic.json"));
    let uri = "https://crim-ca.github.io/dlm-extension/v1.0.0/schema.json";
    let outcome = store.validate_against(&doc, uri);
    assert_eq!(outcome.outcome, Outcome::Valid, "{outcome}");
}

#[test]
fn dlm_beta2_schema_is_unavailable_with_its_cause() {
    // Quirk 2: the published DLM v1.0.0-beta2 schema is not JSON; never "invalid" for that.
    let (Some(shared), Some(store)) = (shared(), store()) else {
        return;
    };
    let text = std::fs::read_to_string(shared.join("examples/dlm/v1.0.0-beta2/item.yml"))
        .expect("readable YAML");
    let doc: serde_json::Value = serde_yaml_ng::from_str(&text).expect("YAML item");
    let validation = store.validate(&doc);
    let reason_of = |uri_part: &str| {
        let outcome = validation
            .outcomes
            .iter()
            .find(|o| o.uri.contains(uri_part));
        match outcome.map(|o| &o.outcome) {
            Some(Outcome::Unavailable { reason }) => reason.clone(),
            other => panic!("{uri_part}: {other:?}\n{validation}"),
        }
    };
    let dl_model = reason_of("/extensions/dl-model/");
    assert!(
        dl_model.contains("not valid JSON") && dl_model.contains("line 438"),
        "{dl_model}"
    );
    let provider = reason_of("/extensions/provider/");
    assert!(provider.contains("not in the mirror"), "{provider}");
    assert_eq!(validation.unavailable_count(), 2, "{validation}");
    assert!(!validation.is_valid());
}

#[test]
fn dlm_beta3_schema_compiles_without_following_the_examples_ref() {
    // Its `examples` array holds a `$ref` to a deleted text file; it must not be fetched.
    let (Some(shared), Some(store)) = (shared(), store()) else {
        return;
    };
    let doc = read_json(&shared.join("examples/dlm/v1.0.0-beta.3/item.json"));
    let uri =
        "https://schemas.stacspec.org/v1.0.0-beta.3/extensions/dl-model/json-schema/schema.json";
    let outcome = store.validate_against(&doc, uri);
    let Outcome::Invalid { errors } = &outcome.outcome else {
        panic!("expected invalid: {outcome}");
    };
    assert_eq!(errors.len(), 18, "{outcome}");
}

#[test]
fn dlm_beta3_schema_is_not_run_on_a_declaring_document() {
    // It compiles, but cannot validate any item: the typed checks stand in.
    let (Some(shared), Some(store)) = (shared(), store()) else {
        return;
    };
    let doc = read_json(&shared.join("examples/dlm/v1.0.0-beta.3/item.json"));
    let validation = store.validate(&doc);
    let dl_model = validation
        .outcomes
        .iter()
        .find(|o| o.uri.contains("/extensions/dl-model/"))
        .expect("the declared DLM schema");
    let Outcome::Unavailable { reason } = &dl_model.outcome else {
        panic!("expected unavailable: {dl_model}");
    };
    assert!(reason.contains("typed structural checks"), "{reason}");
}

#[test]
fn stac_v1_1_0_core_resolves_common_json_despite_its_id() {
    // Quirk 5: common.json's `$id` is `.../commonjson`; item.json refs `common.json`.
    let (Some(shared), Some(store)) = (shared(), store()) else {
        return;
    };
    let mut doc = read_json(&shared.join("examples/mlm/v1.5.1/item_basic.json"));
    doc["stac_version"] = "1.1.0".into();
    doc["links"][1]["href"] = "https://example.com/item_basic.json".into();
    let validation = store.validate(&doc);
    assert!(validation.is_valid(), "{validation}");
    assert!(validation.outcomes[0].uri.contains("/v1.1.0/item-spec/"));
}
