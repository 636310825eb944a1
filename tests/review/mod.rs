//! The review workflow over every official MLM example (`../shared/examples/mlm`) and every
//! migration fixture: the JSON Patch applied to the input gives exactly the output, the unified
//! diff touches only lines whose values change (no reordering, no reformatting), `--check`
//! exits 1 on outdated and 0 on current inputs, and the semantic diff names a rule for every
//! difference a migration makes.

mod lines;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use mlm_migrate::Op;
use mlm_migrate::document::{Format, Source};
use mlm_migrate::pointer::Pointer;
use mlm_migrate::review::{self, semantic::same, semantic::similarity};
use serde_json::Value;
use similar::{ChangeTag, TextDiff};

use crate::conformance::{fixture_files, migrate_file, mlm_examples, shared, short};

/// Every migration fixture, plus the official MLM examples when `../shared` is there.
fn inputs() -> Vec<PathBuf> {
    let mut files = fixture_files();
    if let Some(shared) = shared() {
        files.extend(mlm_examples(&shared));
    }
    files
}

#[test]
fn json_patch_turns_every_input_into_its_output() {
    let mut failures = Vec::new();
    for path in inputs() {
        let (source, m, text) = migrate_file(&path);
        let patch = review::patch(
            &source.value,
            &m.output,
            &review::recorded_moves(&m.changes),
        );
        // through text and back, as a user would store and apply it
        let stored = serde_json::to_string(&patch).unwrap();
        let patch: json_patch::Patch = serde_json::from_str(&stored).unwrap();
        let written = Source::parse("out", text, source.format).unwrap().value;
        match review::apply(&source.value, &patch) {
            Ok(applied) if applied == m.output && applied == written => {}
            Ok(_) => failures.push(format!("{}: patched input differs", short(&path))),
            Err(e) => failures.push(format!("{}: {e}", short(&path))),
        }
        if m.output == source.value && !patch.0.is_empty() {
            failures.push(format!(
                "{}: non-empty patch for a current file",
                short(&path)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// JSON only: the YAML writer re-serializes the document (a known limit of YAML output).
#[test]
fn unified_diff_touches_only_lines_whose_values_change() {
    let mut failures = Vec::new();
    for path in inputs() {
        let (source, m, out) = migrate_file(&path);
        if source.format != Format::Json {
            continue;
        }
        let input = source
            .original
            .clone()
            .unwrap_or_else(|| source.text.clone());
        let syntax: Vec<usize> = source.warnings.iter().map(|w| w.line - 1).collect();
        for bad in noise(&input, &out, &source.value, &m.output, &syntax) {
            failures.push(format!("{}: {bad}", short(&path)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Lines a diff of `input` → `output` shows although the value they belong to did not change.
///
/// Allowed for such a line: it only gains or loses its trailing comma (the other text has the
/// same line, bare of commas, for the same value), it was rewritten by the lenient reader
/// (`syntax` lines: comments, trailing commas), or it is a bare closer (`}`, `],`) that the
/// line diff aligned with an identical closer of a neighbouring changed block. Never allowed:
/// an unchanged value's line removed and added again (reordering, reformatting).
fn noise(input: &str, output: &str, old: &Value, new: &Value, syntax: &[usize]) -> Vec<String> {
    let (in_owner, out_owner) = (lines::owners(input), lines::owners(output));
    let (in_lines, out_lines): (Vec<&str>, Vec<&str>) =
        (input.lines().collect(), output.lines().collect());
    let changed = |p: &Option<Pointer>| match p {
        None => false,
        Some(p) => match (p.get(old), p.get(new)) {
            (Some(a), Some(b)) => !same(a, b),
            _ => true,
        },
    };
    let bare = |l: &str| l.trim_end().trim_end_matches(',').to_owned();
    let closer = |l: &str| matches!(bare(l).trim(), "}" | "]");
    // the other side has this value's line with only the comma changed (or lenient syntax)
    let comma_only =
        |l: &str, owner: &Option<Pointer>, others: &[&str], owners: &[Option<Pointer>]| {
            others
                .iter()
                .zip(owners)
                .any(|(o, p)| p == owner && bare(o) == bare(l) && o.trim_end() != l.trim_end())
        };
    let diff = TextDiff::from_lines(input, output);
    let mut bad = Vec::new();
    for group in diff.grouped_ops(0) {
        let (mut removed, mut added) = (Vec::new(), Vec::new());
        for op in &group {
            for c in diff.iter_changes(op) {
                match (c.tag(), c.old_index(), c.new_index()) {
                    (ChangeTag::Delete, Some(i), _) => removed.push(i),
                    (ChangeTag::Insert, _, Some(j)) => added.push(j),
                    _ => {}
                }
            }
        }
        for &i in &removed {
            let (l, owner) = (in_lines[i], &in_owner[i]);
            let again = added
                .iter()
                .any(|&j| out_lines[j] == l && &out_owner[j] == owner);
            let fine = changed(owner)
                || syntax.contains(&i)
                || comma_only(l, owner, &out_lines, &out_owner)
                || (closer(l) && !again);
            if !fine {
                bad.push(format!(
                    "line {} removed but unchanged: {}",
                    i + 1,
                    l.trim_end()
                ));
            }
        }
        for &j in &added {
            let (l, owner) = (out_lines[j], &out_owner[j]);
            let again = removed
                .iter()
                .any(|&i| in_lines[i] == l && &in_owner[i] == owner);
            let lenient = (0..in_lines.len()).any(|i| &in_owner[i] == owner && syntax.contains(&i));
            let fine = changed(owner)
                || lenient
                || comma_only(l, owner, &in_lines, &in_owner)
                || (closer(l) && !again);
            if !fine {
                bad.push(format!(
                    "output line {} added but unchanged: {}",
                    j + 1,
                    l.trim_end()
                ));
            }
        }
    }
    bad
}

#[test]
fn noise_detector_sees_reformatting_and_accepts_comma_moves() {
    let input = "{\n  \"a\": [\n    1\n  ],\n  \"x\": 1\n}\n";
    let parse = |t: &str| serde_json::from_str::<Value>(t).unwrap();
    // (output, whether it has noise)
    let cases = [
        ("{\n  \"a\": [\n    1\n  ],\n  \"x\": 2\n}\n", false),
        ("{\n  \"a\": [\n    1\n  ]\n}\n", false),
        ("{\n  \"a\": [1],\n  \"x\": 2\n}\n", true),
        ("{\n    \"a\": [\n      1\n    ],\n    \"x\": 1\n}\n", true),
    ];
    for (output, expected) in cases {
        let found = noise(input, output, &parse(input), &parse(output), &[]);
        assert_eq!(!found.is_empty(), expected, "{output}: {found:?}");
    }
}

/// Keys an object keeps come out in the input's order (a comma-only line pair above could
/// otherwise hide two swapped members).
#[test]
fn key_order_is_kept() {
    fn walk(old: &Value, new: &Value, at: &Pointer, bad: &mut Vec<String>) {
        match (old, new) {
            (Value::Object(a), Value::Object(b)) => {
                let kept_a: Vec<&String> = a.keys().filter(|k| b.contains_key(*k)).collect();
                let kept_b: Vec<&String> = b.keys().filter(|k| a.contains_key(*k)).collect();
                if kept_a != kept_b {
                    bad.push(format!("{at}: {kept_a:?} became {kept_b:?}"));
                }
                for k in kept_a {
                    walk(&a[k], &b[k], &at.key(k), bad);
                }
            }
            (Value::Array(a), Value::Array(b)) => {
                for (i, (x, y)) in a.iter().zip(b).enumerate() {
                    walk(x, y, &at.index(i), bad);
                }
            }
            _ => {}
        }
    }
    let mut bad = Vec::new();
    for path in inputs() {
        let (source, _, out) = migrate_file(&path);
        let written = Source::parse("out", out, source.format).unwrap().value;
        let mut here = Vec::new();
        walk(&source.value, &written, &Pointer::root(), &mut here);
        bad.extend(here.into_iter().map(|b| format!("{}: {b}", short(&path))));
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn check_exits_1_on_outdated_and_0_on_current_inputs() {
    let mut failures = Vec::new();
    for path in inputs() {
        let (source, _, out) = migrate_file(&path);
        let input = source
            .original
            .clone()
            .unwrap_or_else(|| source.text.clone());
        // An unchanged file with findings of its own (a `shape`/`dim_order` mismatch, an
        // axis of size 0) is reported too.
        let options = mlm_migrate::Options {
            allow_lossy: true,
            ..Default::default()
        };
        let findings = mlm_migrate::run::migrate_source(&source, &options, None)
            .validation
            .is_some_and(|v| !v.valid);
        let expected = if out == input && !findings { 0 } else { 1 };
        let code = check_exit(&path);
        if code != Some(expected) {
            failures.push(format!(
                "{}: exit {code:?}, expected {expected}",
                short(&path)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `mlm-migrate --check --allow-lossy FILE` (lossy changes allowed, as `migrate_file` does,
/// so only "would it change" decides).
fn check_exit(path: &Path) -> Option<i32> {
    Command::new(env!("CARGO_BIN_EXE_mlm-migrate"))
        .args(["--check", "--allow-lossy"])
        .arg(path)
        .env("NO_COLOR", "1")
        .env_remove("MLM_MIGRATE_SCHEMAS")
        .env("MLM_MIGRATE_CACHE", crate::cli::no_cache())
        .output()
        .ok()?
        .status
        .code()
}

/// Comparing an input with its migrated output names a migration rule for every difference.
#[test]
fn semantic_diff_names_the_rule_of_every_migration_difference() {
    let mut failures = Vec::new();
    for path in inputs() {
        let (source, m, _) = migrate_file(&path);
        let diff = review::compare("old", &source.value, "new", &m.output);
        for d in diff.differences.iter().filter(|d| d.rule.is_none()) {
            failures.push(format!(
                "{}: unnamed {:?} at {}",
                short(&path),
                d.op,
                d.pointer()
            ));
        }
        match review::apply(&source.value, &diff.patch) {
            Ok(v) if v == m.output => {}
            _ => failures.push(format!("{}: diff patch does not apply", short(&path))),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `diff OLD NEW` for every official MLM v1.0–v1.3 Item against its migrated output, one
/// snapshot each plus one of the entry counts: array items are matched by identity (`name`,
/// `href`, band position in `value_scaling`), so no object that survives shows as removed and
/// added again, and every entry names the rule that made it. The counts are printed.
#[test]
fn semantic_diff_of_official_v1_0_to_v1_3_items() {
    let Some(shared) = shared() else { return };
    let items: Vec<PathBuf> = mlm_examples(&shared)
        .into_iter()
        .filter(|p| {
            let s = short(p);
            ["v1.0.0/", "v1.1.0/", "v1.2.0/", "v1.3.0/"]
                .iter()
                .any(|v| s.contains(v))
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("item_"))
        })
        .collect();
    assert_eq!(items.len(), 24, "the official v1.0–v1.3 Items");
    let mut failures = Vec::new();
    let mut counts = String::new();
    for path in &items {
        let name = short(path).replace("mlm/", "");
        let (source, m, _) = migrate_file(path);
        let diff = review::compare(&name, &source.value, "migrated", &m.output);
        for d in diff.differences.iter().filter(|d| d.rule.is_none()) {
            failures.push(format!("{name}: unnamed {:?} at {}", d.op, d.pointer()));
        }
        for r in diff.differences.iter().filter(|d| d.op == Op::Remove) {
            for a in diff.differences.iter().filter(|d| d.op == Op::Add) {
                let (Some(old), Some(new)) = (&r.old, &a.new) else {
                    continue;
                };
                let containers =
                    (old.is_object() || old.is_array()) && (new.is_object() || new.is_array());
                if containers && (r.from == a.to || similarity(old, new) >= 0.5) {
                    failures.push(format!(
                        "{name}: {} removed and {} added: the same object",
                        r.pointer(),
                        a.pointer()
                    ));
                }
            }
        }
        let _ = writeln!(
            counts,
            "{name}: {} entries: {}",
            diff.differences.len(),
            diff.summary()
        );
        let listing = review::render::listing(&diff, review::render::ListingOptions::default());
        let snapshot = format!("semantic_diff__{}", name.replace(['/', '.'], "_"));
        crate::assert_redacted_snapshot!(snapshot, listing);
    }
    let _ = std::io::Write::write_all(&mut std::io::stderr(), counts.as_bytes());
    crate::assert_redacted_snapshot!("semantic_diff_entries_per_item", counts);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
