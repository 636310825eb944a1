//! Round trips through every writable target: for every official example and every fixture,
//! up (to the default target) → down (to each target, `--allow-lossy`) → up again gives the
//! bytes of the first up, except at the pointers the down report lists as lossy (or as
//! assumed / manual: values the source did not state). Every down output of a document with
//! model content is also checked against its target: the official schema of an MLM or
//! ML-Model version (`../shared/schemas`), the typed structural checks for DLM (whose official
//! schemas cannot validate anything) — and the typed checks of every target too.
//!
//! YAML documents compare by value: the YAML writer re-renders (README, "When not to use it").
//!
//! The test prints the matrix (README, "Writing older versions", summarises it): per target
//! how many documents come back exact, lossy (with the rules that lost something) or refused.

mod dlm_check;
mod matrix;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use mlm_migrate::document::Source;
use mlm_migrate::validate::typed::{Versions, check};
use mlm_migrate::{Fidelity, Migration, Options, Pointer, Severity, Spec, migrate};
use serde_json::Value;

use super::common::{shared, store};
use matrix::{Cell, Matrix};

/// Fixture folders and official examples: every document the tool reads (error fixtures and
/// preprocessing-check pairs aside).
fn corpus() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for spec in ["mlm", "dlm", "ml-model"] {
        documents(&root.join("fixtures").join(spec), &mut files);
    }
    if let Some(shared) = shared() {
        documents(&shared.join("examples"), &mut files);
    }
    files.retain(|p| !p.components().any(|c| c.as_os_str() == "errors"));
    files.sort();
    files
}

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

/// One migration as the command line writes it: the output text in the input's layout.
fn run(source: &Source, target: Spec) -> Option<(Migration, String)> {
    let options = Options {
        target,
        allow_lossy: true,
        ..Options::default()
    };
    let m = migrate(&source.value, &options).ok()?;
    let text = source.write(&m.output, &m.origins);
    Some((m, text))
}

fn reparse(name: &str, text: &str) -> Source {
    Source::from_bytes(name, text.as_bytes().to_vec(), None)
        .unwrap_or_else(|e| panic!("{name}: the written output does not parse: {e}"))
}

/// Pointers (into the first up) where the round trip may differ: those of every change the
/// down recorded as not lossless — lossy, or assumed / manual (a value the source did not
/// state) — at both ends. A change to an array item may shift the items after it (or make
/// an upgrade add one at the end), so it covers its array.
fn covered(down: &Migration) -> Vec<Pointer> {
    let mut out = Vec::new();
    for c in down
        .changes
        .iter()
        .filter(|c| c.fidelity != Fidelity::Lossless)
    {
        for p in [c.from.as_ref(), c.to.as_ref()].into_iter().flatten() {
            out.push(p.clone());
            if let Some((parent, last)) = p.split_last() {
                if last.parse::<usize>().is_ok() {
                    out.push(parent);
                }
            }
        }
    }
    out
}

/// Leaf pointers where `a` and `b` differ (a leaf missing on one side included).
fn differences(a: &Value, b: &Value) -> Vec<Pointer> {
    let la: BTreeMap<String, &Value> = mlm_migrate::pointer::leaves(a)
        .into_iter()
        .map(|(p, v)| (p.to_string(), v))
        .collect();
    let lb: BTreeMap<String, &Value> = mlm_migrate::pointer::leaves(b)
        .into_iter()
        .map(|(p, v)| (p.to_string(), v))
        .collect();
    let mut out: Vec<Pointer> = la
        .iter()
        .filter(|(p, v)| lb.get(*p) != Some(*v))
        .chain(lb.iter().filter(|(p, _)| !la.contains_key(*p)))
        .filter_map(|(p, _)| Pointer::parse(if p == "/" { "" } else { p }))
        .collect();
    out.sort_by(|x, y| x.as_str().cmp(y.as_str()));
    out.dedup();
    out
}

/// Members whose place among their siblings differs between `a` and `b` (those outside the
/// longest common subsequence of the two key orders), in every object both sides hold.
fn moved_members(a: &Value, b: &Value, at: &Pointer, out: &mut Vec<Pointer>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let kx: Vec<&String> = x.keys().filter(|k| y.contains_key(*k)).collect();
            let ky: Vec<&String> = y.keys().filter(|k| x.contains_key(*k)).collect();
            let kept = common_subsequence(&kx, &ky);
            out.extend(kx.iter().filter(|k| !kept.contains(k)).map(|k| at.key(k)));
            for (k, v) in x {
                if let Some(w) = y.get(k) {
                    moved_members(v, w, &at.key(k), out);
                }
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                moved_members(v, w, &at.index(i), out);
            }
        }
        _ => {}
    }
}

/// The longest common subsequence of two key orders.
fn common_subsequence<'k>(a: &[&'k String], b: &[&'k String]) -> Vec<&'k String> {
    let mut len = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            len[i][j] = if a[i] == b[j] {
                len[i + 1][j + 1] + 1
            } else {
                len[i + 1][j].max(len[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            out.push(a[i]);
            i += 1;
            j += 1;
        } else if len[i + 1][j] >= len[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// True when some member name (not a value: roles do not count) starts with `mlm:`.
fn has_mlm_field(v: &Value) -> bool {
    match v {
        Value::Object(m) => m
            .iter()
            .any(|(k, v)| k.starts_with("mlm:") || has_mlm_field(v)),
        Value::Array(a) => a.iter().any(has_mlm_field),
        _ => false,
    }
}

/// What the down output of `target` violates: its official schema (MLM, ML-Model) and the
/// typed checks of the target.
fn invalid(down: &Value, target: Spec) -> Vec<String> {
    let mut out: Vec<String> = check(down, &Versions::only(target))
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| format!("typed {} {}: {}", f.code, f.pointer, f.message))
        .collect();
    if target.family() != mlm_migrate::Family::Dlm {
        if let Some(store) = store() {
            let v = store.validate(down);
            out.extend(v.errors().map(|e| format!("schema {e}")));
        }
    }
    out
}

/// The first up: its text as written, and that text read back.
struct Up {
    text: String,
    source: Source,
    /// Valid at the default target: then every down output must be valid at its target too.
    valid: bool,
}

/// One document through one target.
fn cell(name: &str, up: &Up, target: Spec, problems: &mut Vec<String>) -> Cell {
    let Up {
        text,
        source: up,
        valid,
    } = up;
    let Some((down, down_text)) = run(up, target) else {
        let options = Options {
            target,
            allow_lossy: true,
            ..Options::default()
        };
        let why = migrate(&up.value, &options).err().map(|e| e.to_string());
        return Cell::Refused(why.unwrap_or_default());
    };
    if *valid {
        for e in invalid(&down.output, target) {
            problems.push(format!("{name} → {target}: invalid output: {e}"));
        }
    }
    let down_source = reparse(name, &down_text);
    let Some((_, again)) = run(&down_source, Spec::default_target()) else {
        problems.push(format!(
            "{name} → {target}: the down output does not migrate up"
        ));
        return Cell::Refused("does not migrate up again".into());
    };
    let back = reparse(name, &again);
    // The YAML writer re-renders (README, "When not to use it"): YAML compares by value.
    let yaml = up.format == mlm_migrate::document::Format::Yaml;
    if again == *text || (yaml && back.value == up.value) {
        return Cell::Exact;
    }
    let allowed = covered(&down);
    let outside: Vec<Pointer> = differences(&up.value, &back.value)
        .into_iter()
        .filter(|d| !allowed.iter().any(|c| c.is_prefix_of(d)))
        .collect();
    let mut moved = Vec::new();
    moved_members(&up.value, &back.value, &Pointer::root(), &mut moved);
    let moved_outside: Vec<&str> = moved
        .iter()
        .filter(|m| !allowed.iter().any(|c| c.is_prefix_of(m)))
        .take(5)
        .map(Pointer::as_str)
        .collect();
    if !outside.is_empty() {
        let list: Vec<&str> = outside.iter().take(5).map(Pointer::as_str).collect();
        problems.push(format!(
            "{name} → {target}: the round trip differs outside the lossy pointers at {list:?}"
        ));
    } else if up.value == back.value && !moved_outside.is_empty() {
        // Only where the values are the same: key order is checked as the bytes were.
        problems.push(format!(
            "{name} → {target}: same values, but members moved among their siblings outside the lossy pointers: {moved_outside:?}"
        ));
    } else if up.value == back.value && moved.is_empty() {
        problems.push(format!(
            "{name} → {target}: same values, different bytes (layout)"
        ));
    }
    let mut rules: Vec<String> = down
        .with_fidelity(Fidelity::Lossy)
        .map(|c| c.rule.id.to_string())
        .collect();
    rules.sort();
    rules.dedup();
    Cell::Lossy(rules)
}

#[test]
fn round_trip_matrix() {
    let targets: Vec<Spec> = Spec::writable_targets().collect();
    let mut matrix = Matrix::new(&targets);
    let mut problems = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for path in corpus() {
        let name = path
            .strip_prefix(root)
            .or_else(|_| path.strip_prefix(root.join("../shared")))
            .unwrap_or(&path)
            .display()
            .to_string();
        let Ok(source) = Source::read(&path) else {
            continue;
        };
        let Some((_, up_text)) = run(&source, Spec::default_target()) else {
            continue;
        };
        let source = reparse(&name, &up_text);
        // A Collection that only declares MLM (the official `collection.json` files) has no
        // content an ML-Model or DLM Collection could hold.
        let content = has_mlm_field(&source.value);
        let valid = content && invalid(&source.value, Spec::default_target()).is_empty();
        let up = Up {
            text: up_text,
            source,
            valid,
        };
        for &target in &targets {
            let c = cell(&name, &up, target, &mut problems);
            matrix.add(target, &name, c);
        }
    }
    let printed = matrix.render();
    // Written to the stderr handle so that `cargo test -- --nocapture` is not needed.
    let _ = std::io::Write::write_all(&mut std::io::stderr(), printed.as_bytes());
    assert!(matrix.documents() > 50, "{printed}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
