//! Every conversion of the official examples and our fixtures feeds the model the same numbers:
//! the preprocessing check run on input vs output never says `differs`, and says `equivalent`
//! for every input that carries scaling (issue: preprocessing equivalence, "must show").

use mlm_migrate::check::{CheckOptions, Verdict, check};
use mlm_migrate::pointer::Pointer;
use serde_json::Value;

use super::{fixture_files, shared, short};
use crate::common::json_files;

/// True when the document states scaling numbers a checker can verify.
fn has_scaling(doc: &Value) -> bool {
    let inputs = |p: &str| Pointer::parse(p).and_then(|p| p.get(doc).cloned());
    let mlm = inputs("/properties/mlm:input")
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default();
    let dlm = inputs("/properties/dlm:inputs");
    mlm.iter().any(|i| {
        matches!(
            i.get("norm_type").and_then(Value::as_str),
            Some("z-score" | "min-max")
        ) || i.get("value_scaling").is_some_and(|v| v.is_array())
    }) || dlm
        .is_some_and(|d| d.get("scaling_factor").is_some() || d.get("normalization:mean").is_some())
}

#[test]
fn every_conversion_with_scaling_is_equivalent() {
    let mut files = fixture_files();
    let with_shared = shared();
    // Our fixtures alone prove a handful; with the official examples, dozens.
    let at_least = if with_shared.is_some() { 10 } else { 5 };
    if let Some(shared) = with_shared {
        for family in ["mlm", "dlm", "ml-model"] {
            files.extend(json_files(&shared.join("examples").join(family)));
        }
    }
    let (mut failures, mut proven) = (Vec::new(), 0);
    for path in files {
        let Ok(source) = mlm_migrate::document::Source::read(&path) else {
            continue;
        };
        let options = mlm_migrate::Options {
            allow_lossy: true,
            ..Default::default()
        };
        let Ok(m) = mlm_migrate::migrate(&source.value, &options) else {
            continue;
        };
        if m.has_errors() {
            // The source itself is inconsistent (a fixture of that behaviour): unverifiable.
            continue;
        }
        let options = CheckOptions {
            trust_identical_opaque: true,
            ..CheckOptions::default()
        };
        let Ok(report) = check(&source.value, &m.output, &options) else {
            continue;
        };
        match &report.verdict {
            Verdict::Differs { reason } => {
                failures.push(format!("{}: differs: {reason}", short(&path)))
            }
            Verdict::Equivalent if has_scaling(&source.value) => proven += 1,
            Verdict::Unverifiable { reason } if has_scaling(&source.value) => {
                failures.push(format!(
                    "{}: unverifiable although it carries scaling: {reason}",
                    short(&path)
                ));
            }
            _ => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        proven >= at_least,
        "only {proven} conversions with scaling were proven equivalent"
    );
}
