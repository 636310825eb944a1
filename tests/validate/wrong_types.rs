//! "Must show" of issue 8: for every `mlm:`/`dlm:`/`ml-model:` leaf of the official examples
//! and each wrong value (`{}`, `[]`, `"x"`, `"null"`, `1.5`, `true`, `null`), the JSON report
//! of a migration — without any schema directory — names the mutated pointer.
//!
//! A finding of a cross-field rule counts when it names the array whose entry was mutated
//! (`dimension-mismatch` on a `dim_order` that lost its `bands` entry, where the schema too
//! reports the array). A mutation that is valid for its field is skipped: per the official schema of the declared
//! MLM / ML-Model version (`../shared/schemas`: no error on the mutated pointer or its parents
//! below the field), per our DLM field table for DLM (the published DLM schemas contradict
//! their own examples, see `mappings/fields/dlm.toml`). Identical mutations (same version,
//! pointer and field content, e.g. the shared inputs of two examples) are run once.
//!
//! The suite runs a deterministic sample (every 40th distinct mutation); `MLM_MIGRATE_MUTATIONS=all`
//! runs them all. The share is printed and must be 100 %.

use std::collections::BTreeSet;

use mlm_migrate::Options;
use mlm_migrate::detect::detect;
use mlm_migrate::document::{Format, Source};
use mlm_migrate::run::migrate_source;
use mlm_migrate::validate::SchemaStore;
use mlm_migrate::{Family, Spec};
use rayon::prelude::*;
use serde_json::{Value, json};

use super::{shared, store};

const PREFIXES: [&str; 3] = ["mlm:", "dlm:", "ml-model:"];

fn wrong_values() -> [Value; 7] {
    [
        json!({}),
        json!([]),
        json!("x"),
        json!("null"),
        json!(1.5),
        json!(true),
        json!(null),
    ]
}

/// The pointers of every leaf (scalar, empty array or empty object) of `value`.
fn leaves(value: &Value, at: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(m) if !m.is_empty() => {
            for (k, v) in m {
                let key = k.replace('~', "~0").replace('/', "~1");
                leaves(v, &format!("{at}/{key}"), out);
            }
        }
        Value::Array(a) if !a.is_empty() => {
            for (i, v) in a.iter().enumerate() {
                leaves(v, &format!("{at}/{i}"), out);
            }
        }
        _ => out.push(at.to_owned()),
    }
}

/// `(field pointer, leaf pointer)` of every model-field leaf of a document.
fn model_leaves(doc: &Value, at: &str, out: &mut Vec<(String, String)>) {
    if let Some(features) = doc.get("features").and_then(Value::as_array) {
        for (i, f) in features.iter().enumerate() {
            model_leaves(f, &format!("{at}/features/{i}"), out);
        }
    }
    let mut holders: Vec<(String, &Value)> = Vec::new();
    for key in ["properties", "summaries"] {
        if let Some(h) = doc.get(key).filter(|h| h.is_object()) {
            holders.push((format!("{at}/{key}"), h));
        }
    }
    for key in ["assets", "item_assets"] {
        if let Some(Value::Object(assets)) = doc.get(key) {
            for (name, asset) in assets {
                holders.push((format!("{at}/{key}/{name}"), asset));
            }
        }
    }
    for (base, holder) in holders {
        let Some(fields) = holder.as_object() else {
            continue;
        };
        for (name, value) in fields {
            if PREFIXES.iter().any(|p| name.starts_with(p)) {
                let field = format!("{base}/{name}");
                let mut found = Vec::new();
                leaves(value, &field, &mut found);
                out.extend(found.into_iter().map(|leaf| (field.clone(), leaf)));
            }
        }
    }
}

/// The schema that decides whether a mutation is valid (MLM / ML-Model), if any.
fn deciding_schema(doc: &Value) -> Option<String> {
    let detection = detect(doc).ok()?;
    let spec: Spec = detection.declared_specs().next().unwrap_or(detection.start);
    (spec.family() != Family::Dlm).then(|| spec.uri().to_owned())
}

/// `instance_path keyword` of every leaf schema error of `doc` against `uri`.
fn leaf_errors(store: &SchemaStore, doc: &Value, uri: &str) -> Vec<(String, String)> {
    let outcome = store.validate_against(doc, uri);
    match &outcome.outcome {
        mlm_migrate::validate::Outcome::Invalid { errors } => errors
            .iter()
            .flat_map(|e| e.leaves())
            .map(|e| (e.instance_path.clone(), e.keyword.clone()))
            .collect(),
        _ => Vec::new(),
    }
}

/// The errors that lie on the path of `pointer`, below the object holding `field`.
fn on_path(errors: &[(String, String)], field: &str, pointer: &str) -> BTreeSet<String> {
    let holder = field.rsplit_once('/').map_or("", |(h, _)| h);
    errors
        .iter()
        .filter(|(p, _)| {
            let on = pointer == p || pointer.starts_with(&format!("{p}/"));
            on && p.len() > holder.len()
        })
        .map(|(p, k)| format!("{p} {k}"))
        .collect()
}

enum Outcome {
    Valid,
    Named,
    Missed(String),
}

struct Tally {
    run: usize,
    named: usize,
    skipped_valid: usize,
    misses: Vec<String>,
}

#[test]
fn every_wrong_type_is_named_by_pointer() {
    let (Some(shared), Some(store)) = (shared(), store()) else {
        return;
    };
    let all = std::env::var("MLM_MIGRATE_MUTATIONS").as_deref() == Ok("all");
    let stride = if all { 1 } else { 40 };
    let examples = shared.join("examples");
    let files = crate::common::files_where(&examples, |e| e != "md");
    let mut seen = BTreeSet::new();
    let mut tasks = Vec::new();
    let mut distinct = 0usize;
    for file in &files {
        let source = Source::read(file).unwrap();
        let Ok(detection) = detect(&source.value) else {
            continue;
        };
        let spec = detection.declared_specs().next().unwrap_or(detection.start);
        let schema = deciding_schema(&source.value);
        let before = schema
            .as_deref()
            .map(|uri| leaf_errors(store, &source.value, uri))
            .unwrap_or_default();
        let mut found = Vec::new();
        model_leaves(&source.value, "", &mut found);
        let name = file.strip_prefix(&examples).unwrap().display().to_string();
        for (field, leaf) in found {
            let field_value = source.value.pointer(&field).cloned().unwrap_or_default();
            for wrong in wrong_values() {
                if !seen.insert(format!("{spec} {leaf} {wrong} {field_value}")) {
                    continue;
                }
                distinct += 1;
                if distinct % stride == 0 {
                    let mut doc = source.value.clone();
                    *doc.pointer_mut(&leaf).unwrap() = wrong.clone();
                    let was = on_path(&before, &field, &leaf);
                    tasks.push((
                        name.clone(),
                        schema.clone(),
                        field.clone(),
                        leaf.clone(),
                        wrong,
                        doc,
                        was,
                    ));
                }
            }
        }
    }
    let outcomes: Vec<Outcome> = tasks
        .par_iter()
        .map(|(name, schema, field, leaf, wrong, doc, was)| {
            if let Some(uri) = schema {
                let after = on_path(&leaf_errors(store, doc, uri), field, leaf);
                if after.is_subset(was) {
                    return Outcome::Valid;
                }
            }
            match report_names(doc, leaf) {
                Some(true) => Outcome::Named,
                Some(false) => Outcome::Missed(format!("{name} {leaf} = {wrong}")),
                // Valid per the DLM table: the typed checks accept it, nothing to name.
                None => Outcome::Valid,
            }
        })
        .collect();
    let mut tally = Tally {
        run: 0,
        named: 0,
        skipped_valid: 0,
        misses: Vec::new(),
    };
    for o in outcomes {
        match o {
            Outcome::Valid => tally.skipped_valid += 1,
            Outcome::Named => {
                tally.run += 1;
                tally.named += 1;
            }
            Outcome::Missed(what) => {
                tally.run += 1;
                tally.misses.push(what);
            }
        }
    }
    let index = distinct;
    let share = 100.0 * tally.named as f64 / tally.run.max(1) as f64;
    let note = format!(
        "wrong-type mutations: {}/{} named by pointer ({share:.1} %), {} valid for their field skipped, {} distinct mutations, sample 1 in {stride}",
        tally.named, tally.run, tally.skipped_valid, index
    );
    let _ = std::io::Write::write_all(&mut std::io::stderr(), format!("{note}\n").as_bytes());
    assert!(tally.run > 300, "{note}");
    assert!(
        tally.misses.is_empty(),
        "{note}\nnot named:\n{}",
        tally.misses.join("\n")
    );
}

/// Migrates `doc` as the CLI would (no schemas, lossy allowed) and looks for `pointer` among
/// the JSON report's findings; `None` when the typed checks of a DLM document accept it.
fn report_names(doc: &Value, pointer: &str) -> Option<bool> {
    let text = serde_json::to_string_pretty(doc).unwrap();
    let source = Source::parse("mutated.json", text, Format::Json).unwrap();
    let options = Options {
        allow_lossy: true,
        ..Options::default()
    };
    let report = migrate_source(&source, &options, None);
    // What `--report json` writes for this file (its `files[0]`).
    let file = serde_json::to_value(&report).unwrap();
    let findings: Vec<(String, String)> = ["source", "carried", "introduced"]
        .iter()
        .flat_map(|key| {
            file["validation"][key]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .filter_map(|f| {
            Some((
                f["pointer"].as_str()?.to_owned(),
                f["code"].as_str()?.to_owned(),
            ))
        })
        .collect();
    // A cross-field rule names the array whose entry changed: `dim_order` lost its `bands`.
    let parent = pointer.rsplit_once('/').map_or("", |(p, _)| p);
    let named = findings
        .iter()
        .any(|(p, code)| p == pointer || (code == "dimension-mismatch" && p == parent));
    if named {
        return Some(true);
    }
    let all: Vec<&String> = findings.iter().map(|(p, _)| p).collect();
    let dlm = pointer.contains("/dlm:");
    if dlm && !all.iter().any(|p| pointer.starts_with(p.as_str())) {
        return None;
    }
    Some(false)
}
