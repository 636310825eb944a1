//! The shortcuts of the check (one pipeline run for two that compute the same function, a
//! recent synthetic tensor reused) against the full run as the oracle: every verdict and
//! every report byte the same. Pairs: every JSON fixture and official example
//! (`../shared`; skipped with a message when it is missing outside CI, a failure with
//! `CI=true`) with itself, every two documents of the same file name (the same model in other
//! versions: `item_basic.json` of MLM 1.0 to 1.5), and neighbours in a fixture directory.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::run::FULL_RUN;
use super::{CheckOptions, check};

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
fn run(a: &Value, b: &Value, options: &CheckOptions, full: bool) -> String {
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
    let docs: Vec<(PathBuf, Value)> = corpus()
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            let value = serde_json::from_str(text.trim_start_matches('\u{feff}')).ok()?;
            Some((p, value))
        })
        .collect();
    let mut by_name: BTreeMap<_, Vec<usize>> = BTreeMap::new();
    for (i, (p, _)) in docs.iter().enumerate() {
        by_name.entry(p.file_name()).or_default().push(i);
    }
    let mut pairs: Vec<(usize, usize)> = (0..docs.len()).map(|i| (i, i)).collect();
    for group in by_name.values() {
        for &i in group {
            pairs.extend(group.iter().filter(|&&j| j != i).map(|&j| (i, j)));
        }
    }
    pairs.extend(
        (1..docs.len())
            .filter(|&i| docs[i].0.parent() == docs[i - 1].0.parent())
            .flat_map(|i| [(i - 1, i), (i, i - 1)]),
    );
    let options = [
        CheckOptions::default(),
        CheckOptions {
            trust_identical_opaque: true,
            seed: 7,
            ..CheckOptions::default()
        },
    ];
    let (mut runs, mut equivalent) = (0, 0);
    for (i, j) in pairs {
        let ((pa, a), (pb, b)) = (&docs[i], &docs[j]);
        for o in &options {
            let full = run(a, b, o, true);
            // Twice with shortcuts: the second run meets the tensors the first one drew.
            for _ in 0..2 {
                let short = run(a, b, o, false);
                assert_eq!(short, full, "{} vs {}", pa.display(), pb.display());
            }
            runs += 1;
            equivalent += usize::from(full.starts_with("{\"verdict\":\"equivalent\""));
        }
    }
    assert!(
        runs > 1000 && equivalent > 200,
        "{runs} runs, {equivalent} equivalent"
    );
}
