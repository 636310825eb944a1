//! The result of a check: a verdict per input and overall, the per-channel errors, and a text
//! rendering for humans (JSON through `serde`).

use std::fmt::{self, Write as _};

use serde::Serialize;

use super::compare::{ChannelReport, Tolerance};
use super::dtype::DataType;
use super::pipeline::Form;

/// Whether the converted item feeds the model the same numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "verdict", rename_all = "lowercase")]
pub enum Verdict {
    /// Every output value agrees within tolerance.
    Equivalent,
    /// Some value, channel count or shape differs, or the converted pipeline is invalid.
    Differs {
        /// What differs, with JSON pointers.
        reason: String,
    },
    /// Some step cannot be computed (Python, Docker, URI, data-dependent norm) or the source
    /// itself is invalid; never reported as equivalent.
    Unverifiable {
        /// Why, with JSON pointers.
        reason: String,
    },
}

impl Verdict {
    /// `equivalent`, `differs` or `unverifiable`.
    pub fn label(&self) -> &'static str {
        match self {
            Verdict::Equivalent => "equivalent",
            Verdict::Differs { .. } => "differs",
            Verdict::Unverifiable { .. } => "unverifiable",
        }
    }

    fn reason(&self) -> Option<&str> {
        match self {
            Verdict::Equivalent => None,
            Verdict::Differs { reason } | Verdict::Unverifiable { reason } => Some(reason),
        }
    }
}

/// Which tensor an input was checked on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SampleInfo {
    /// `synthetic`, a file path, `<bytes>` or `<array>`.
    pub origin: String,
    /// Seed of a synthetic sample.
    pub seed: Option<u64>,
    /// Shape of the tensor the pipelines ran on.
    pub shape: Vec<usize>,
    /// Element type of a user sample.
    pub dtype: Option<DataType>,
}

/// The check of one model input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputReport {
    /// Input name in the source.
    pub name: String,
    /// JSON pointer of the input in the source.
    pub source_pointer: String,
    /// JSON pointer of the matched input in the converted document.
    pub converted_pointer: Option<String>,
    /// Form the source input was written in.
    pub source_form: Option<Form>,
    /// Form the converted input was written in.
    pub converted_form: Option<Form>,
    /// The verdict.
    #[serde(flatten)]
    pub verdict: Verdict,
    /// The tensor used, when the pipelines ran.
    pub sample: Option<SampleInfo>,
    /// Source stages, one line each.
    pub source_pipeline: Vec<String>,
    /// Converted stages, one line each.
    pub converted_pipeline: Vec<String>,
    /// Errors per output channel, when the pipelines ran.
    pub channels: Vec<ChannelReport>,
    /// Observations (ignored keys, assumptions, shape remarks).
    pub notes: Vec<String>,
}

/// The check of a source/converted pair.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckReport {
    /// Overall: differs if any input differs, else unverifiable if any is, else equivalent.
    #[serde(flatten)]
    pub verdict: Verdict,
    /// Tolerance used (`atol: null` = `1e-12·max|y|` per channel).
    pub tolerance: Tolerance,
    /// One entry per source input (and per converted input the source lacks).
    pub inputs: Vec<InputReport>,
}

impl CheckReport {
    pub(crate) fn new(inputs: Vec<InputReport>, tolerance: Tolerance) -> Self {
        let summary = |label: &str, phrase: &str| -> Option<String> {
            let hits: Vec<String> = inputs
                .iter()
                .filter(|i| i.verdict.label() == label)
                .map(|i| format!("`{}`: {}", i.name, i.verdict.reason().unwrap_or_default()))
                .collect();
            let n = inputs.len();
            (!hits.is_empty()).then(|| {
                format!(
                    "{} of {n} input(s) {phrase}: {}",
                    hits.len(),
                    hits.join("; ")
                )
            })
        };
        let verdict = if inputs.is_empty() {
            Verdict::Unverifiable {
                reason: "neither document describes a model input".into(),
            }
        } else if let Some(reason) = summary("differs", "differ") {
            Verdict::Differs { reason }
        } else if let Some(reason) = summary("unverifiable", "cannot be verified") {
            Verdict::Unverifiable { reason }
        } else {
            Verdict::Equivalent
        };
        Self {
            verdict,
            tolerance,
            inputs,
        }
    }

    /// Whether the converted document is proven to feed the model the same numbers.
    pub fn is_equivalent(&self) -> bool {
        self.verdict == Verdict::Equivalent
    }

    /// One line for a migration report, e.g.
    /// `preprocessing check: equivalent (1 input, max |Δ| 4.5e-13)`.
    pub fn summary_line(&self) -> String {
        let worst = self
            .inputs
            .iter()
            .flat_map(|i| &i.channels)
            .map(|c| c.max_abs_error)
            .fold(0.0f64, f64::max);
        let n = self.inputs.len();
        let s = if n == 1 { "" } else { "s" };
        match self.verdict.reason() {
            None => format!("preprocessing check: equivalent ({n} input{s}, max |Δ| {worst:.1e})"),
            Some(reason) => format!("preprocessing check: {}: {reason}", self.verdict.label()),
        }
    }
}

fn write_input(out: &mut String, i: &InputReport) -> fmt::Result {
    write!(out, "input `{}`: {}", i.name, i.verdict.label())?;
    match i.verdict.reason() {
        Some(r) => writeln!(out, ": {r}")?,
        None => writeln!(out)?,
    }
    let form = |f: Option<Form>| f.map_or("-", Form::label);
    writeln!(
        out,
        "  source    {} ({})",
        i.source_pointer,
        form(i.source_form)
    )?;
    for line in &i.source_pipeline {
        writeln!(out, "    {line}")?;
    }
    writeln!(
        out,
        "  converted {} ({})",
        i.converted_pointer.as_deref().unwrap_or("-"),
        form(i.converted_form)
    )?;
    for line in &i.converted_pipeline {
        writeln!(out, "    {line}")?;
    }
    if let Some(s) = &i.sample {
        let detail = s.seed.map_or_else(
            || s.dtype.map_or(String::new(), |d| format!(", {d}")),
            |seed| format!(" seed {seed}"),
        );
        writeln!(out, "  sample    {}{detail}, shape {:?}", s.origin, s.shape)?;
    }
    if !i.channels.is_empty() {
        writeln!(
            out,
            "  {:>3}  {:<16} {:>9} {:>9} {:>9} {:>9} {:>7}  result",
            "ch", "name", "max |Δ|", "max rel", "max |y|", "atol", "rtol"
        )?;
    }
    for c in &i.channels {
        let result = if c.is_equivalent() {
            "ok".to_owned()
        } else {
            format!("{} of {} outside", c.mismatches, c.elements)
        };
        writeln!(
            out,
            "  {:>3}  {:<16} {:>9.2e} {:>9.2e} {:>9.2e} {:>9.2e} {:>7.0e}  {result}",
            c.index, c.name, c.max_abs_error, c.max_rel_error, c.max_abs_value, c.atol, c.rtol
        )?;
    }
    for n in &i.notes {
        writeln!(out, "  note: {n}")?;
    }
    Ok(())
}

impl fmt::Display for CheckReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        writeln!(out, "{}", self.summary_line())?;
        for i in &self.inputs {
            write_input(&mut out, i)?;
        }
        f.write_str(&out)
    }
}
