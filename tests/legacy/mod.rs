#![allow(clippy::unwrap_used)]
//! Legacy readers (DLM beta2 / beta.3, ML-Model 1.0.0 → MLM 1.5.1): the official examples in
//! `../shared`, our fixtures in `fixtures/dlm` and `fixtures/ml-model`, and the properties every
//! legacy migration must have (conservation of every input leaf, validity or a true reason).

mod appendix_c;
mod examples;
mod fixtures;
mod strict;

use mlm_migrate::Migration;
use mlm_migrate::pointer::{Pointer, leaves};
use mlm_migrate::validate::{Outcome, SchemaStore, Validation};
use serde_json::Value;

/// Input leaves that are neither unchanged in the output, nor named (or under a pointer named)
/// by some change's `from`, nor reachable through `origins` (moved subtrees).
pub fn unaccounted(input: &Value, m: &Migration) -> Vec<String> {
    let from: Vec<&Pointer> = m.changes.iter().filter_map(|c| c.from.as_ref()).collect();
    let moved = |p: &Pointer, v: &Value| {
        m.origins.iter().any(|(to, origin)| {
            p.rebase(origin, to)
                .is_some_and(|at| at.get(&m.output) == Some(v))
        })
    };
    // An empty container that received members is still there.
    let same_empty = |p: &Pointer, v: &Value| match (v, p.get(&m.output)) {
        (Value::Array(a), Some(Value::Array(_))) => a.is_empty(),
        (Value::Object(o), Some(Value::Object(_))) => o.is_empty(),
        _ => false,
    };
    leaves(input)
        .into_iter()
        .filter(|(p, v)| p.get(&m.output) != Some(*v) && !same_empty(p, v))
        .filter(|(p, _)| !from.iter().any(|f| f.is_prefix_of(p)))
        .filter(|(p, v)| !moved(p, v))
        .map(|(p, v)| format!("{p} = {v}"))
        .collect()
}

/// Why an output that fails validation is allowed to: a diagnostic the migration reported,
/// checked against the actual schema errors. `Err` names what is wrong.
pub fn valid_or_declared(
    m: &Migration,
    store: &SchemaStore,
) -> Result<Option<&'static str>, String> {
    let v = store.validate(&m.output);
    if v.is_valid() {
        return Ok(None);
    }
    let has = |code: &str| m.diagnostics.iter().any(|d| d.code == code);
    let failed_uris: Vec<&str> = failing(&v).map(|o| o.uri.as_str()).collect();
    let only_mlm = failed_uris == ["https://stac-extensions.github.io/mlm/v1.5.1/schema.json"];
    let errors: Vec<_> = v.errors().collect();
    if has("no-model-asset")
        && only_mlm
        && errors.iter().all(|e| {
            e.keyword_location
                .contains("AssetModelRoleMinimumOneDefinition")
        })
    {
        return Ok(Some("no-model-asset"));
    }
    let summaries = errors
        .iter()
        .all(|e| e.instance_path.starts_with("/summaries/mlm:"));
    if has("collection-summaries-schema-bug") && only_mlm && summaries {
        return Ok(Some("collection-summaries-schema-bug"));
    }
    Err(format!("invalid without a true declared reason:\n{v}"))
}

fn failing(v: &Validation) -> impl Iterator<Item = &mlm_migrate::validate::SchemaOutcome> {
    v.outcomes.iter().filter(|o| o.outcome != Outcome::Valid)
}
