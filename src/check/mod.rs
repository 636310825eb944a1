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
    let tolerance = options.tolerance.unwrap_or_default();
    tolerance.validate()?;
    if let (Some(src), Some(conv)) = (features(source), features(converted)) {
        return check_features(src, conv, options, tolerance);
    }
    let src = readers::read_inputs(source, Side::Source)?;
    let conv = readers::read_inputs(converted, Side::Converted)?;
    if let Some(sample) = &options.sample {
        run::sample_fits_some_input(sample, &src)?;
    }
    let inputs = run::check_inputs(&src, &conv, options, &tolerance);
    Ok(CheckReport::new(inputs, tolerance))
}

/// The features of an ItemCollection (a GeoJSON `FeatureCollection`, STAC API ItemCollection
/// specification), if `doc` is one.
fn features(doc: &Value) -> Option<&[Value]> {
    let root = doc.as_object()?;
    if readers::json::field(root, "type").and_then(Value::as_str) != Some("FeatureCollection") {
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
fn check_features(
    src: &[Value],
    conv: &[Value],
    options: &CheckOptions,
    tolerance: Tolerance,
) -> Result<CheckReport, CheckError> {
    let read = |f: Option<&Value>, side: Side, at: &str| match f {
        Some(f) if f.is_object() => readers::read_inputs_at(f, side, at),
        _ => Ok(Vec::new()),
    };
    let mut pairs = Vec::with_capacity(src.len().max(conv.len()));
    for i in 0..src.len().max(conv.len()) {
        let at = readers::json::index("/features", i);
        pairs.push((
            read(src.get(i), Side::Source, &at)?,
            read(conv.get(i), Side::Converted, &at)?,
        ));
    }
    if let Some(sample) = &options.sample {
        run::sample_fits_some_input(sample, pairs.iter().flat_map(|(s, _)| s))?;
    }
    let inputs = pairs
        .iter()
        .flat_map(|(s, c)| run::check_inputs(s, c, options, &tolerance))
        .collect();
    Ok(CheckReport::new(inputs, tolerance))
}
