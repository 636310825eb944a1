//! The records every migration returns: changes, diagnostics, detection evidence and
//! provenance.
//!
//! Modelled on ruff's fix applicability: each [`Change`] says which rule made it, where it
//! came from and went to (JSON pointers into the input and the output), and how faithful it
//! is ([`Fidelity`]). [`Diagnostic`]s are findings that changed nothing (or could not be
//! fixed): declared-vs-observed version mismatches, misplaced fields, validation errors.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use serde::Serialize;
use serde_json::Value;

use super::pointer::Pointer;
use super::versions::{Family, Spec};

/// How faithful a change is. Ordered from harmless to needs-a-human.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Fidelity {
    /// Same information, new spelling or place; converting back restores it exactly.
    Lossless,
    /// A value the source did not state was inferred or defaulted (e.g. `mlm:artifact_type`
    /// from a `.pth` file name); `--strict` refuses these.
    Assumed,
    /// Information the target cannot hold was dropped or approximated; `--allow-lossy` is
    /// needed to write it.
    Lossy,
    /// A placeholder was written that a person must replace (e.g. `"unknown"`).
    Manual,
}

impl fmt::Display for Fidelity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Lossless => "lossless",
            Self::Assumed => "assumed",
            Self::Lossy => "lossy",
            Self::Manual => "manual",
        })
    }
}

/// What a change did to the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    /// A member or item was added at `to`.
    Add,
    /// The member or item at `from` was removed.
    Remove,
    /// The value at `from` (= `to`) was replaced.
    Replace,
    /// The subtree at `from` now lives at `to` (possibly with edits inside).
    Move,
}

/// The rule behind a change or diagnostic, with where the spec says so.
///
/// The texts borrow from the compiled-in step tables (parsed once per process), so recording a
/// change costs no allocation for its rule; [`Cow`] keeps rules built at run time possible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleRef {
    /// Stable kebab-case id (`value-scaling-from-norm`); `mlm-migrate explain <id>` documents it.
    pub id: Cow<'static, str>,
    /// The chain step that applies it (`mlm@1.3.0 -> mlm@1.4.0`), or `writer` / `reader`.
    pub step: Cow<'static, str>,
    /// The public source the rule implements (`MLM CHANGELOG v1.4.0`, a README section).
    pub spec: Cow<'static, str>,
    /// A link to the upstream text of the step.
    pub url: Cow<'static, str>,
}

/// One recorded change. `from` points into the input, `to` into the output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The rule that made the change.
    pub rule: RuleRef,
    /// What happened.
    pub op: Op,
    /// Where the value was in the input (absent for additions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<Pointer>,
    /// Where the value is in the output (absent for removals).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<Pointer>,
    /// The input value (absent for additions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<Value>,
    /// The output value (absent for removals).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<Value>,
    /// How faithful the change is.
    pub fidelity: Fidelity,
    /// One sentence for humans.
    pub message: String,
}

/// Severity of a diagnostic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Context only.
    Info,
    /// Something a reviewer should look at; output is still written.
    Warning,
    /// The output is not valid or could not be produced as asked.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        })
    }
}

/// A stable diagnostic code with its documentation, defined next to the code that emits it
/// (`mlm-migrate explain <code>` prints it). Serialized as its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Code {
    /// Stable kebab-case id (`version-mismatch`).
    pub id: &'static str,
    /// What it means.
    pub what: &'static str,
    /// What to do about it.
    pub fix: &'static str,
}

impl Code {
    /// A code with its documentation.
    pub const fn new(id: &'static str, what: &'static str, fix: &'static str) -> Self {
        Self { id, what, fix }
    }

    /// The id.
    pub fn as_str(&self) -> &'static str {
        self.id
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id)
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.id == other
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.id == *other
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id)
    }
}

/// A finding that is not itself a change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Stable code (`version-mismatch`) with its documentation.
    pub code: Code,
    /// How serious it is.
    pub severity: Severity,
    /// Where in the input (or output, for validation errors) it applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<Pointer>,
    /// What was found.
    pub message: String,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with no pointer and no hint.
    pub fn new(code: Code, severity: Severity, message: impl Into<String>) -> Self {
        Self {
            code,
            severity,
            pointer: None,
            message: message.into(),
            hint: None,
        }
    }

    /// Sets the pointer.
    pub fn at(mut self, pointer: Pointer) -> Self {
        self.pointer = Some(pointer);
        self
    }

    /// Sets the hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// Where moved or renamed subtrees of the output came from: output pointer → input pointer.
///
/// The migration engine records one entry per move or rename; the writer uses it to reuse the
/// input text of a moved block (e.g. `raster:bands` moved from Item properties to the model
/// asset, or `statistics` renamed to `value_scaling`).
#[derive(Debug, Clone, Default)]
pub struct Origins(HashMap<Pointer, Pointer>);

impl Origins {
    /// Records that the output subtree at `to` derives from the input subtree at `from`.
    pub fn insert(&mut self, to: Pointer, from: Pointer) {
        self.0.insert(to, from);
    }

    /// The input pointer the output subtree at `to` derives from, if it was moved.
    pub fn get(&self, to: &Pointer) -> Option<&Pointer> {
        self.0.get(to)
    }

    /// Every recorded move as (output pointer, input pointer).
    pub fn iter(&self) -> impl Iterator<Item = (&Pointer, &Pointer)> {
        self.0.iter()
    }

    /// Number of recorded moves.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when nothing moved.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A field whose presence bounds the version a document can be written against (found by the
/// detection probes of each step).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// Where the field is.
    pub pointer: Pointer,
    /// The family the field belongs to.
    pub family: Family,
    /// Lowest version that has this form (`None`: no lower bound).
    pub min: Option<Spec>,
    /// Highest version that has this form (`None`: no upper bound).
    pub max: Option<Spec>,
    /// Why (`norm_type was replaced by value_scaling in 1.4.0`).
    pub note: String,
}
