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

/// The typed checks find an error in the source itself (a division by zero, a non-finite
/// number): no proof can be asked of it.
fn source_invalid(source: &mlm_migrate::document::Source) -> bool {
    let options = mlm_migrate::Options {
        allow_lossy: true,
        ..Default::default()
    };
    let report = mlm_migrate::run::migrate_source(source, &options, None);
    report.validation.is_some_and(|v| {
        v.source
            .iter()
            .any(|f| f.severity == mlm_migrate::Severity::Error)
    })
}

/// Every field an `unverifiable` reason names as unread was recorded as a lossy change.
fn lost_fields_named(m: &mlm_migrate::Migration, reason: &str) -> bool {
    let lost: Vec<String> = m
        .changes
        .iter()
        .filter(|c| c.fidelity == mlm_migrate::Fidelity::Lossy)
        .filter_map(|c| c.from.as_ref().map(|p| p.as_str().to_owned()))
        .collect();
    !lost.is_empty() && lost.iter().any(|p| reason.contains(p.as_str()))
}

/// Unverifiable only because of opaque steps identical on both sides, every value before them
/// compared and equal.
fn scaling_proven(report: &mlm_migrate::check::CheckReport, reason: &str) -> bool {
    reason.contains("opaque step trusted as identical")
        && report.inputs.iter().all(|i| {
            matches!(i.verdict, Verdict::Equivalent)
                || (!i.channels.is_empty() && i.channels.iter().all(|c| c.is_equivalent()))
        })
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
        if m.has_errors() || source_invalid(&source) {
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
            // The scaling is proven; only an unchanged opaque step after it is not evaluated.
            Verdict::Unverifiable { reason }
                if has_scaling(&source.value) && scaling_proven(&report, reason) =>
            {
                proven += 1
            }
            // A scaling field nothing reads: the conversion reports its loss, the proof names it.
            Verdict::Unverifiable { reason }
                if reason.contains("not read by the check") && lost_fields_named(&m, reason) => {}
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
