//! Errors of the preprocessing check.
//!
//! Every message names the offending place (a JSON pointer, a file, or a sample shape) and ends
//! with a hint. Problems *inside* a document (a zero `stddev`, a parameter list of the wrong
//! length) do not abort a check: they become the verdict of the input they belong to. Only
//! problems with the call itself (an unreadable sample, a sample that fits no input, a bad
//! tolerance) are returned as [`CheckError`].

use std::path::PathBuf;

/// Which of the two documents of a check a message is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The document before conversion.
    Source,
    /// The document after conversion.
    Converted,
}

impl std::fmt::Display for Side {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Side::Source => "source",
            Side::Converted => "converted",
        })
    }
}

/// Why a preprocessing check could not be done, or why one input's pipeline is invalid.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// A document given to the check is not a JSON object.
    #[error(
        "the {side} document is not a JSON object (found {found}); hint: pass a STAC Item, a Collection or an `mlm:input` holder"
    )]
    NotAnObject {
        /// Which document.
        side: Side,
        /// The JSON type found instead.
        found: &'static str,
    },
    /// A field has the wrong JSON type.
    #[error("{pointer}: expected {expected}, found {found}; hint: {hint}")]
    WrongType {
        /// JSON pointer of the field.
        pointer: String,
        /// What the check expected there.
        expected: &'static str,
        /// The JSON type found.
        found: &'static str,
        /// How to fix it.
        hint: &'static str,
    },
    /// A field the pipeline needs is absent.
    #[error("{pointer}: missing `{field}`; hint: {hint}")]
    Missing {
        /// JSON pointer of the object that lacks the field.
        pointer: String,
        /// The missing key.
        field: &'static str,
        /// How to fix it.
        hint: &'static str,
    },
    /// A parameter would divide by zero or lies outside its domain.
    #[error("{pointer}: {message}; hint: {hint}")]
    InvalidParameter {
        /// JSON pointer of the parameter.
        pointer: String,
        /// What is wrong with it.
        message: String,
        /// How to fix it.
        hint: &'static str,
    },
    /// A per-channel parameter list does not match the number of channels.
    #[error(
        "{pointer}: {count} {what} for {channels} channels; hint: give one entry (applied to every channel) or exactly one per channel"
    )]
    ChannelCount {
        /// JSON pointer of the list.
        pointer: String,
        /// What the list holds (e.g. `value_scaling entries`).
        what: &'static str,
        /// Its length.
        count: usize,
        /// The number of channels at that point of the pipeline.
        channels: usize,
    },
    /// A sample file could not be read from disk.
    #[error("{}: cannot read the sample: {source}; hint: check the path", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A sample is not a readable `.npy` array.
    #[error("{origin}: not a readable .npy array: {message}; hint: {hint}")]
    Npy {
        /// File name or `<bytes>`.
        origin: String,
        /// What the reader reported.
        message: String,
        /// How to fix it.
        hint: &'static str,
    },
    /// The sample fits the declared shape of no input.
    #[error(
        "the sample of shape {sample:?} fits no model input: {why}; hint: save the tensor after band selection, laid out as the source `input.shape` (-1 matches any size)"
    )]
    SampleShape {
        /// Shape of the sample.
        sample: Vec<usize>,
        /// Why each input rejected it.
        why: String,
    },
    /// A tolerance is negative or not a number.
    #[error("invalid tolerance: {message}; hint: use a finite value >= 0, e.g. 1e-9")]
    InvalidTolerance {
        /// What is wrong.
        message: String,
    },
}

/// The JSON type name of a value, for messages.
pub(crate) fn json_type(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}
