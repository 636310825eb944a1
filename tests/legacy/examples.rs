//! Every official DLM and ML-Model example in `../shared/examples` converts: the output
//! validates against MLM 1.5.1 + STAC core, or the report says why not (and the reason is
//! true); every input leaf is accounted for; files that are not model documents are refused
//! with the right error; the lenient reader accepts exactly the defects the files have.

use std::path::{Path, PathBuf};

use mlm_migrate::detect::DetectError;
use mlm_migrate::document::{ReadError, Source};
use mlm_migrate::{MigrateError, Options, migrate};

use super::{unaccounted, valid_or_declared};
use crate::common::{shared, store};

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for e in std::fs::read_dir(&d).expect("readable dir") {
            let p = e.expect("dir entry").path();
            if p.is_dir() {
                pending.push(p);
            } else if p
                .extension()
                .is_some_and(|x| x == "json" || x == "yml" || x == "yaml")
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// What each official legacy file is expected to become.
fn expected(rel: &str) -> &'static str {
    match rel {
        "ml-model/v1.0.0/cyclone-wind-speed/inferencing.yml"
        | "ml-model/v1.0.0/dummy/inferencing.yml" => "not-stac",
        "dlm/v1.0.0-beta2/collection.json" | "dlm/v1.0.0-beta.3/collection.json" => {
            "no-model-content"
        }
        "ml-model/v1.0.0/dummy/item.json" => "no-model-asset",
        "ml-model/v1.0.0/cyclone-wind-speed/collection.json"
        | "ml-model/v1.0.0/dummy/collection.json" => "collection-summaries-schema-bug",
        _ => "valid",
    }
}

#[test]
fn every_official_legacy_example_converts_or_is_refused_for_a_true_reason() {
    let (Some(shared), Some(store)) = (shared(), store()) else {
        return;
    };
    let root = shared.join("examples");
    let all: Vec<PathBuf> = ["dlm", "ml-model"]
        .iter()
        .flat_map(|d| files(&root.join(d)))
        .collect();
    assert_eq!(
        all.len(),
        17,
        "6 DLM beta + 5 DLM v1.0.0 + 6 ML-Model files"
    );
    let mut failures = Vec::new();
    for path in &all {
        let rel = path
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let src = Source::read(path).unwrap_or_else(|e| panic!("{e}"));
        let got = match migrate(&src.value, &Options::default()) {
            Err(MigrateError::Detect(DetectError::NotStac)) => "not-stac",
            Err(MigrateError::Detect(DetectError::NoModelContent)) => "no-model-content",
            Err(e) => panic!("{rel}: {e}"),
            Ok(m) => {
                let again = migrate(&m.output, &Options::default()).unwrap();
                if again.output != m.output {
                    failures.push(format!("{rel}: migrating the output again changes it"));
                }
                let lost = unaccounted(&src.value, &m);
                if !lost.is_empty() {
                    failures.push(format!("{rel}: leaves not accounted for: {lost:#?}"));
                }
                match valid_or_declared(&m, store) {
                    Ok(reason) => reason.unwrap_or("valid"),
                    Err(e) => {
                        failures.push(format!("{rel}: {e}"));
                        "invalid"
                    }
                }
            }
        };
        if got != expected(&rel) {
            failures.push(format!("{rel}: expected {}, got {got}", expected(&rel)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn official_files_are_read_with_exactly_their_defects_reported() {
    let Some(shared) = shared() else {
        return;
    };
    let dlm = shared.join("examples/dlm");
    let cases = [
        (
            "v1.0.0-beta2/item.json",
            vec![(1, "comment"), (2, "comment")],
        ),
        (
            "v1.0.0-beta.3/collection.json",
            vec![(40, "trailing comma")],
        ),
        ("v1.0.0-beta.3/item.json", vec![]),
    ];
    for (file, want) in cases {
        let src = Source::read(&dlm.join(file)).unwrap_or_else(|e| panic!("{e}"));
        let got: Vec<_> = src.warnings.iter().map(|w| (w.line, w.what)).collect();
        assert_eq!(got, want, "{file}");
    }
}

#[test]
fn anything_else_is_rejected_with_file_line_and_column() {
    let Some(shared) = shared() else {
        return;
    };
    let path = shared.join("examples/dlm/v1.0.0-beta2/item.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let broken = text.replacen("\"id\": 11234,", "'id': 11234,", 1);
    match Source::parse("item.json", broken, mlm_migrate::document::Format::Json) {
        Err(ReadError::Json {
            file, line, column, ..
        }) => {
            assert_eq!((file.as_str(), line, column), ("item.json", 12, 3));
        }
        other => panic!("expected a JSON error, got {other:?}"),
    }
}
