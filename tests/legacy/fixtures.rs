//! Our hand-written legacy fixtures (`fixtures/dlm/<version>/<behaviour>.json`,
//! `fixtures/ml-model/v1.0.0/<behaviour>.json`): snapshots of the output text and of the report,
//! conservation of every input leaf, and validity (or a true declared reason).

use std::path::Path;

use mlm_migrate::document::Source;
use mlm_migrate::{Migration, Options, migrate};
use serde_json::json;

use super::{unaccounted, valid_or_declared};
use crate::common::store;

fn run(path: &Path) -> (Source, Migration) {
    let src = Source::read(path).unwrap_or_else(|e| panic!("{e}"));
    let m = migrate(&src.value, &Options::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (src, m)
}

/// The report as reviewers read it: every change and every diagnostic.
fn report(m: &Migration) -> String {
    let r = json!({"changes": m.changes, "diagnostics": m.diagnostics});
    serde_json::to_string_pretty(&r).unwrap()
}

#[test]
fn dlm_fixtures_snapshots() {
    insta::glob!("../../fixtures", "dlm/**/*.json", |path| {
        let (src, m) = run(path);
        // One fixture shows the rule references and the target as they are.
        if path.ends_with("v1.0.0-beta.3/architecture.json") {
            insta::assert_snapshot!("dlm_output", src.write(&m.output, &m.origins));
            insta::assert_snapshot!("dlm_report", report(&m));
        } else {
            crate::assert_redacted_snapshot!("dlm_output", src.write(&m.output, &m.origins));
            crate::assert_redacted_snapshot!("dlm_report", report(&m));
        }
    });
}

#[test]
fn ml_model_fixtures_snapshots() {
    insta::glob!("../../fixtures", "ml-model/**/*.json", |path| {
        let (src, m) = run(path);
        if path.ends_with("properties.json") {
            insta::assert_snapshot!("ml_model_output", src.write(&m.output, &m.origins));
            insta::assert_snapshot!("ml_model_report", report(&m));
        } else {
            crate::assert_redacted_snapshot!("ml_model_output", src.write(&m.output, &m.origins));
            crate::assert_redacted_snapshot!("ml_model_report", report(&m));
        }
    });
}

#[test]
fn fixtures_conserve_every_leaf_and_validate_or_say_why() {
    let store = store();
    let mut failures = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    for family in [
        "dlm/draft",
        "dlm/v1.0.0-beta2",
        "dlm/v1.0.0-beta.3",
        "ml-model/v1.0.0",
    ] {
        let dir = root.join(family);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "{family}");
        for path in files {
            let (src, m) = run(&path);
            let name = path.strip_prefix(&root).unwrap().display().to_string();
            let lost = unaccounted(&src.value, &m);
            if !lost.is_empty() {
                failures.push(format!("{name}: leaves not accounted for: {lost:#?}"));
            }
            if let Some(store) = store {
                if let Err(e) = valid_or_declared(&m, store) {
                    failures.push(format!("{name}: {e}"));
                }
            }
            let again = migrate(&m.output, &Options::default()).unwrap();
            if again.output != m.output {
                failures.push(format!("{name}: migrating the output again changes it"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
