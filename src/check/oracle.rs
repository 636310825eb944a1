//! The shortcuts of the check (one pipeline run for two that compute the same function, a
//! recent synthetic tensor reused) against the full run as the oracle: every verdict and
//! every report byte the same, over the fixtures and the official examples (`../shared`;
//! skipped with a message when it is missing outside CI, a failure with `CI=true`).

use std::path::{Path, PathBuf};

use super::run::FULL_RUN;
use super::{CheckOptions, check};
use crate::document::Source;
use crate::engine::{Options, migrate};

fn documents(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            documents(&p, out);
        } else if p
            .extension()
            .is_some_and(|x| x == "json" || x == "yaml" || x == "yml")
        {
            out.push(p);
        }
    }
}

fn corpus() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    documents(&root.join("fixtures"), &mut files);
    let shared = root.join("../shared");
    if shared.is_dir() {
        documents(&shared.join("examples"), &mut files);
        documents(&shared.join("realworld"), &mut files);
    } else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{} is missing (CI=true)",
            shared.display()
        );
        eprintln!(
            "{} is missing: only the fixtures are checked",
            shared.display()
        );
    }
    files.sort();
    files
}

/// The report (JSON and text) or the error, with the shortcuts taken or not.
fn run(a: &serde_json::Value, b: &serde_json::Value, options: &CheckOptions, full: bool) -> String {
    FULL_RUN.set(full);
    let out = match check(a, b, options) {
        Ok(report) => format!(
            "{}\n{report}",
            serde_json::to_string(&report).expect("a report serializes")
        ),
        Err(e) => format!("error: {e}"),
    };
    FULL_RUN.set(false);
    out
}

#[test]
fn shortcuts_give_the_full_runs_verdicts_and_reports() {
    let options = [
        CheckOptions::default(),
        CheckOptions {
            trust_identical_opaque: true,
            seed: 7,
            ..CheckOptions::default()
        },
    ];
    let (mut pairs, mut same) = (0, 0);
    for path in corpus() {
        let Ok(source) = Source::read(&path) else {
            continue;
        };
        let Ok(m) = migrate(&source.value, &Options::default()) else {
            continue;
        };
        let sides = [
            (&source.value, &m.output),
            (&source.value, &source.value),
            (&m.output, &source.value),
        ];
        for (a, b) in sides {
            for o in &options {
                // Twice with shortcuts: the second run meets the tensors the first one drew.
                let full = run(a, b, o, true);
                for _ in 0..2 {
                    assert_eq!(run(a, b, o, false), full, "{}", path.display());
                }
                pairs += 1;
                same += usize::from(full.contains("\"verdict\":\"equivalent\""));
            }
        }
    }
    assert!(pairs > 100 && same > 20, "{pairs} pairs, {same} equivalent");
}
