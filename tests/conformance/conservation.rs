//! Conservation (fidelity rule 1): every leaf of every input is in the output with an equal
//! value — at its pointer or where a recorded move took it — or is named by a change.

use mlm_migrate::pointer::{Pointer, leaves};
use serde_json::Value;

use super::{fixture_files, migrate_file, mlm_examples, shared, short};

#[test]
fn every_input_leaf_is_kept_or_reported() {
    let mut files = fixture_files();
    if let Some(shared) = shared() {
        files.extend(mlm_examples(&shared));
    }
    let mut failures = Vec::new();
    for path in files {
        let (source, m, _) = migrate_file(&path);
        for (p, value) in leaves(&source.value) {
            let out = p.get(&m.output);
            // An empty object or array that received members lost nothing.
            let grown = match (value, out) {
                (Value::Object(a), Some(Value::Object(_))) => a.is_empty(),
                (Value::Array(a), Some(Value::Array(_))) => a.is_empty(),
                _ => false,
            };
            let kept = out == Some(value) || grown;
            let reported = m
                .changes
                .iter()
                .any(|c| c.from.as_ref().is_some_and(|f| f.is_prefix_of(&p)));
            let moved = m.origins.iter().any(|(to, from)| {
                p.rebase(from, to)
                    .and_then(|q: Pointer| q.get(&m.output).cloned())
                    .as_ref()
                    == Some(value)
            });
            if !(kept || reported || moved) {
                failures.push(format!("{}: {p} = {value}", short(&path)));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "leaves neither kept nor reported:\n{}",
        failures.join("\n")
    );
}
