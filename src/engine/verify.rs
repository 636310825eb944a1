//! The step tables keep their promises over real documents (typos' `verify.rs` in spirit).
//!
//! Every change a migration records names its row; the row's declared fidelity must cover
//! what the row recorded, over every fixture and every official example (migrated with
//! `--fix`, so the repair rows count) (`../shared`; skipped
//! with a message when it is missing outside CI, a failure with `CI=true`).

use std::path::{Path, PathBuf};

use crate::document::Source;
use crate::engine::{Options, migrate};
use crate::kernel::records::{Change, Fidelity, Op};
use crate::steps::{self, RuleKind};

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
    }
    files.sort();
    files
}

/// The declared fidelity of every row and writer rule, by rule id, and whether the row is a
/// rename or a wrap.
fn declared(id: &str) -> Option<(Fidelity, bool)> {
    declared_both(id).map(|(forward, _, yields)| (forward, yields))
}

/// As [`declared`], with the worst a row declares backwards too.
fn declared_both(id: &str) -> Option<(Fidelity, Option<Fidelity>, bool)> {
    let t = steps::tables();
    let row = t
        .every_edge()
        .flat_map(|e| e.rules.iter())
        .find(|r| r.id == id);
    if let Some(r) = row {
        let yields = matches!(r.kind, RuleKind::Rename { .. } | RuleKind::Wrap { .. });
        return Some((r.fidelity, r.back_fidelity(), yields));
    }
    match id {
        "extension-uri" => Some((Fidelity::Lossless, None, false)),
        "unknown-mlm-field" => Some((Fidelity::Lossy, None, false)),
        _ => None,
    }
}

/// True when `c` is within what its rule declares. A rename or wrap row records the row's
/// fidelity when it moves the old key; when the new key already exists, the old one yields (a
/// removal: lossless when equal, lossy when not — documented by `explain` for every such row).
fn covered(c: &Change, declared: Fidelity, yields: bool) -> bool {
    c.fidelity <= declared || (yields && c.op == Op::Remove && c.fidelity <= Fidelity::Lossy)
}

#[test]
fn every_recorded_change_is_within_its_rows_declared_fidelity() {
    let mut wrong = Vec::new();
    let mut seen = 0;
    for path in corpus() {
        let Ok(source) = Source::read(&path) else {
            continue;
        };
        // With `--fix`, so the repair rows are held to their declarations too.
        let fix = Options {
            fix: true,
            ..Options::default()
        };
        let Ok(m) = migrate(&source.value, &fix) else {
            continue;
        };
        for c in &m.changes {
            seen += 1;
            match declared(&c.rule.id) {
                None => wrong.push(format!("{}: unknown rule `{}`", path.display(), c.rule.id)),
                Some((d, yields)) if !covered(c, d, yields) => wrong.push(format!(
                    "{} [{}] declares {d} but recorded {} at {:?}: {}",
                    path.display(),
                    c.rule.id,
                    c.fidelity,
                    c.to.as_ref().or(c.from.as_ref()),
                    c.message
                )),
                Some(_) => {}
            }
        }
    }
    assert!(seen > 100, "the corpus recorded only {seen} changes");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Writing every older target from each document's upgrade: every change stays within what its
/// row declares for one of its directions (a downgrade may first run rows forward, to bring
/// every field of a mixed document into one form).
#[test]
fn every_downgrade_change_is_within_its_rows_declared_fidelity() {
    use crate::kernel::versions::Spec;
    let mut wrong = Vec::new();
    let mut seen = 0;
    let older: Vec<Spec> = Spec::writable_targets()
        .filter(|t| *t < Spec::default_target())
        .collect();
    for path in corpus() {
        let Ok(source) = Source::read(&path) else {
            continue;
        };
        let Ok(up) = migrate(&source.value, &Options::default()) else {
            continue;
        };
        for &target in &older {
            let options = Options {
                target,
                ..Options::default()
            };
            let Ok(m) = migrate(&up.output, &options) else {
                continue;
            };
            for c in &m.changes {
                seen += 1;
                let ok = match declared_both(&c.rule.id) {
                    None => false,
                    Some((f, b, yields)) => {
                        covered(c, f, yields) || b.is_some_and(|b| covered(c, b, yields))
                    }
                };
                if !ok {
                    wrong.push(format!(
                        "{} → {target} [{}] recorded {} at {:?}: {}",
                        path.display(),
                        c.rule.id,
                        c.fidelity,
                        c.to.as_ref().or(c.from.as_ref()),
                        c.message
                    ));
                }
            }
        }
    }
    assert!(seen > 100, "the downgrades recorded only {seen} changes");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
