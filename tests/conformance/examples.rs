//! Every official MLM example migrates, and the output validates against MLM v1.5.1, STAC core
//! of its `stac_version`, and every other extension it declares.

use mlm_migrate::validate::{Outcome, core_schema_uri};
use serde_json::Value;

use super::{fixture_files, migrate_file, mlm_examples, shared, short, store};

const MLM_151: &str = "https://stac-extensions.github.io/mlm/v1.5.1/schema.json";

#[test]
fn every_official_mlm_example_migrates_to_valid_mlm_1_5_1() {
    let (Some(shared), Some(store)) = (shared(), store()) else {
        return;
    };
    let mut failures = Vec::new();
    let mut checked = 0;
    for path in mlm_examples(&shared) {
        let (_, m, _) = migrate_file(&path);
        let out = &m.output;
        let kind = out["type"].as_str().unwrap_or_default();
        let core = core_schema_uri(kind, out["stac_version"].as_str().unwrap_or_default()).unwrap();
        assert!(
            out["stac_extensions"]
                .as_array()
                .unwrap()
                .iter()
                .any(|u| u == MLM_151),
            "{}",
            short(&path)
        );
        let v = store.validate(out);
        assert!(
            v.outcomes.iter().any(|o| o.uri == MLM_151) && v.outcomes.iter().any(|o| o.uri == core)
        );
        for o in &v.outcomes {
            if !matches!(o.outcome, Outcome::Valid) {
                failures.push(format!(
                    "{} against {}: {:?}",
                    short(&path),
                    o.uri,
                    o.outcome
                ));
            }
        }
        checked += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked >= 60);
}

/// Our fixtures that are meant to end valid do (those with error diagnostics are excluded).
#[test]
fn fixture_outputs_validate() {
    let Some(store) = store() else { return };
    let mut failures = Vec::new();
    for path in fixture_files() {
        let (_, m, _) = migrate_file(&path);
        if m.has_errors() {
            continue;
        }
        let docs: Vec<&Value> = match m.output["type"].as_str() {
            Some("FeatureCollection") => m.output["features"].as_array().unwrap().iter().collect(),
            _ => vec![&m.output],
        };
        for doc in docs.into_iter().filter(|d| d.get("type").is_some()) {
            let outcome = store.validate_against(doc, MLM_151);
            // MLM rejects array-valued Collection summaries in every version.
            let summaries_bug = doc["type"] == "Collection";
            if !matches!(outcome.outcome, Outcome::Valid) && !summaries_bug {
                failures.push(format!("{}: {:?}", short(&path), outcome.outcome));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
