//! Preprocessing equivalence check: proves, by computation, that a converted item feeds the
//! model the same numbers as its source.
//!
//! Why: folding DLM's `scaling_factor` into a z-score, turning `norm_type`/`statistics` into
//! `value_scaling`, or reordering steps can change every input value without any schema
//! noticing (product rule 6).
//!
//! How: each document's inputs are read into the same intermediate representation
//! ([`pipeline`]: ordered per-channel stages) whatever form they are written in
//! (DLM, MLM ≤ 1.3 `norm_type`, MLM ≥ 1.4 `value_scaling`, band expressions,
//! `pre_processing_function`); inputs are matched by name (else position); both pipelines run
//! in f64 on the same tensor — the user's `.npy` sample, or a seeded synthetic one that includes
//! each data type's extremes, 0, 1, mid-range and nodata — and every output channel is
//! compared with `rtol = 1e-9`, `atol = 1e-12·max|y|`.
//!
//! ```text
//! source doc ──readers──▶ Pipeline ─┐                        ┌─▶ y_src  ─┐
//!                                   ├─ sample [b, c, h, w] ──┤           ├─ compare ─▶ CheckReport
//! converted doc ─readers─▶ Pipeline ┘   (split by channel)   └─▶ y_conv ─┘
//! ```
//!
//! Python entry points, containers, URIs, unknown `processing` formats and data-dependent norms
//! are reported as unverifiable, never as equivalent; so is an input with a scaling-bearing
//! member no reader consumed (named in the reason), a tensor without values (an axis of length
//! 0), and an opaque step identical on both sides (`opaque step trusted as identical`).
//! `equivalent` means every scaling-bearing field of both sides was read and every value
//! compared.
//!
//! The readers here are written independently of the converter's (`rules`, `legacy`), on
//! purpose: a proof that reused the converter's reading of `scaling_factor` or `statistics`
//! would share its mistakes.

pub mod compare;
pub mod dtype;
pub mod error;
pub mod expr;
mod interpret;
#[cfg(test)]
mod oracle;
pub mod pipeline;
mod readers;
pub mod report;
mod run;
pub mod sample;
mod structure;
pub mod synthetic;

pub use compare::{ChannelReport, Tolerance};
pub use dtype::DataType;
pub use error::{CheckError, Side};
pub use report::{CheckReport, InputReport, SampleInfo, Verdict};
pub use sample::Sample;

use serde_json::Value;

/// Options of [`check`].
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// The tensor to feed both pipelines (after band selection, laid out like the source
    /// `input.shape`); `None` = a synthetic tensor drawn with `seed`. Inputs the sample does not
    /// fit get a synthetic tensor (reported per input); fitting no input at all is an error.
    pub sample: Option<Sample>,
    /// Seed of synthetic tensors (default 0).
    pub seed: u64,
    /// Tolerance; `None` = `rtol 1e-9`, `atol 1e-12·max|y|` per channel.
    pub tolerance: Option<Tolerance>,
    /// Trust opaque steps that end both pipelines byte-identically (same `format` and
    /// `expression`, e.g. an unchanged Python `pre_processing_function`) as the same function.
    /// Either way such an input is never `equivalent` — nothing evaluated that step — and every
    /// stage before it is still compared: trusted, its verdict is `unverifiable (opaque step
    /// trusted as identical)`; not trusted (default), `unverifiable` because the step cannot be
    /// evaluated.
    pub trust_identical_opaque: bool,
}

/// Checks that `converted` feeds the model the same numbers as `source`.
///
/// Both are STAC Items (or Collections / bare `properties` objects) carrying DLM `dlm:inputs`
/// or MLM `mlm:input` of any version, or two ItemCollections (each feature against the feature
/// at the same index, pointers under `/features/<i>`). Errors only for problems with the call: a document that
/// is not an object, a sample that fits no input, an invalid tolerance. Inconsistent documents
/// (zero `stddev`, parameter lists of the wrong length) become the verdict of their input:
/// `unverifiable` on the source side, `differs` on the converted side.
pub fn check(
    source: &Value,
    converted: &Value,
    options: &CheckOptions,
) -> Result<CheckReport, CheckError> {
    check_pair(source, Some(converted), options)
}

/// [`check`] of a document against itself unchanged (a migration that left it as it was):
/// its inputs are read once and stand on both sides, which is what reading the same value
/// twice gives.
///
/// # Errors
/// As [`check`].
pub(crate) fn check_unchanged(
    doc: &Value,
    options: &CheckOptions,
) -> Result<CheckReport, CheckError> {
    check_pair(doc, None, options)
}

/// [`check`]; `converted` `None`: the source itself.
fn check_pair(
    source: &Value,
    converted: Option<&Value>,
    options: &CheckOptions,
) -> Result<CheckReport, CheckError> {
    let tolerance = options.tolerance.unwrap_or_default();
    tolerance.validate()?;
    match (features(source), converted.map(features)) {
        (Some(src), None) => return check_features(src, None, options, tolerance),
        (Some(src), Some(Some(conv))) => {
            return check_features(src, Some(conv), options, tolerance);
        }
        _ => {}
    }
    let src = readers::read_inputs(source, Side::Source)?;
    let conv = match converted {
        Some(c) => Some(readers::read_inputs(c, Side::Converted)?),
        None => None,
    };
    if let Some(sample) = &options.sample {
        run::sample_fits_some_input(sample, &src)?;
    }
    let inputs = run::check_inputs(&src, conv.as_deref().unwrap_or(&src), options, &tolerance);
    Ok(CheckReport::new(inputs, tolerance))
}

/// The features of an ItemCollection (a GeoJSON `FeatureCollection`, STAC API ItemCollection
/// specification; `type` in any case, as the converter reads it), if `doc` is one. Its own
/// test of `type`, not `kernel::scope::DocKind`: the check imports nothing of the converter
/// (`tests/architecture`).
fn features(doc: &Value) -> Option<&[Value]> {
    let root = doc.as_object()?;
    let collection = readers::json::field(root, "type")
        .and_then(Value::as_str)
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("FeatureCollection"));
    if !collection {
        return None;
    }
    readers::json::field(root, "features")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
}

/// [`check`] of two ItemCollections: each feature's inputs against the inputs of the feature
/// at the same index (the migration keeps features in place), as if the pair were checked on
/// its own — the same pairing by name, the same synthetic draws — with every pointer under
/// `/features/<i>`. A feature that is not an object has no inputs (the migration reports it).
/// `conv` `None`: the source features themselves (see [`check_unchanged`]).
fn check_features(
    src: &[Value],
    conv: Option<&[Value]>,
    options: &CheckOptions,
    tolerance: Tolerance,
) -> Result<CheckReport, CheckError> {
    let read = |f: Option<&Value>, side: Side, at: &str| match f {
        Some(f) if f.is_object() => readers::read_inputs_at(f, side, at),
        _ => Ok(Vec::new()),
    };
    let n = src.len().max(conv.map_or(0, <[Value]>::len));
    let mut pairs = Vec::with_capacity(n);
    for i in 0..n {
        let at = readers::json::index("/features", i);
        let s = read(src.get(i), Side::Source, &at)?;
        let c = match conv {
            Some(conv) => Some(read(conv.get(i), Side::Converted, &at)?),
            None => None,
        };
        pairs.push((s, c));
    }
    if let Some(sample) = &options.sample {
        run::sample_fits_some_input(sample, pairs.iter().flat_map(|(s, _)| s))?;
    }
    let inputs = pairs
        .iter()
        .flat_map(|(s, c)| run::check_inputs(s, c.as_deref().unwrap_or(s), options, &tolerance))
        .collect();
    Ok(CheckReport::new(inputs, tolerance))
}

/// The inputs of feature `index` of an ItemCollection checked as [`check`] of the two
/// collections checks them (pointers under `/features/<index>`), for a caller that migrates a
/// collection feature by feature and never holds it whole; `conv` `None`: the source feature
/// itself (see [`check_unchanged`]). Gather every feature's inputs, in order, and make the
/// report with [`report_of_features`]; the first error is the one [`check`] would give.
/// Synthetic tensors only (the migration's own check): `options.sample` is not read, since
/// whether a sample fits some input is a question about the whole collection.
///
/// # Errors
/// As [`check`].
pub(crate) fn check_feature(
    src: &Value,
    conv: Option<&Value>,
    index: usize,
    options: &CheckOptions,
) -> Result<Vec<InputReport>, CheckError> {
    let tolerance = options.tolerance.unwrap_or_default();
    tolerance.validate()?;
    let read = |f: &Value, side: Side, at: &str| {
        if f.is_object() {
            readers::read_inputs_at(f, side, at)
        } else {
            Ok(Vec::new())
        }
    };
    let at = readers::json::index("/features", index);
    let s = read(src, Side::Source, &at)?;
    let c = match conv {
        Some(conv) => Some(read(conv, Side::Converted, &at)?),
        None => None,
    };
    Ok(run::check_inputs(
        &s,
        c.as_deref().unwrap_or(&s),
        options,
        &tolerance,
    ))
}

/// The report of an ItemCollection checked feature by feature ([`check_feature`]).
pub(crate) fn report_of_features(inputs: Vec<InputReport>, options: &CheckOptions) -> CheckReport {
    CheckReport::new(inputs, options.tolerance.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document checked against itself unchanged, its inputs read once, gets the report of
    /// reading it on both sides: every behaviour fixture's source and converted document, an
    /// ItemCollection among them.
    #[test]
    fn an_unchanged_document_reads_its_inputs_once() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/check");
        let mut seen = 0;
        for entry in std::fs::read_dir(&dir).expect("fixtures/check") {
            let path = entry.expect("an entry").path();
            for side in ["source.json", "converted.json"] {
                let Ok(text) = std::fs::read_to_string(path.join(side)) else {
                    continue;
                };
                let doc: Value = serde_json::from_str(&text).expect("JSON");
                let options = CheckOptions {
                    trust_identical_opaque: true,
                    ..CheckOptions::default()
                };
                let twice = check(&doc, &doc, &options).map_err(|e| e.to_string());
                let once = check_unchanged(&doc, &options).map_err(|e| e.to_string());
                assert_eq!(once, twice, "{}", path.join(side).display());
                seen += 1;
            }
        }
        assert!(seen > 40, "{seen} documents");
    }
}
