//! One validation finding: a stable code, where (pointer, line:column), what is wrong, what was
//! expected, and — for schema findings — the schema and a plain line on what it means.

use std::fmt;

use serde::Serialize;

use crate::kernel::pointer::Pointer;
use crate::kernel::records::{Code, Severity};

/// Which check produced a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Checker {
    /// The typed structural checks written from the specs (always run).
    Typed,
    /// JSON-Schema validation against an official schema (when it is available).
    Schema,
}

/// One finding about a document.
///
/// JSON shape: `{ "code", "severity", "pointer", "line", "column", "message", "expected",
/// "meaning", "schema", "checker" }` (absent members omitted). `line`/`column` are 1-based and
/// present when the document's text was at hand (JSON input).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Stable kebab-case code (`wrong-type`); `mlm-migrate explain <code>` documents it.
    pub code: Code,
    /// How serious it is: errors make the document invalid.
    pub severity: Severity,
    /// Where in the document (`/properties/mlm:input/0/value_scaling/3`).
    pub pointer: Pointer,
    /// 1-based line of the value at `pointer`, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column (in characters) of the value at `pointer`, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// What is wrong (`value_scaling[3]: z-score needs "stddev"`).
    pub message: String,
    /// The form the spec expects (`a string matching ^[a-z-_]+$`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// For STAC-core schema findings: one plain line on what the rule means.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meaning: Option<String>,
    /// The schema URI (schema findings) or the public spec page (typed findings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Which check found it.
    pub checker: Checker,
}

impl Finding {
    /// A typed-check error at `pointer`.
    pub(crate) fn typed(code: Code, pointer: Pointer, message: String) -> Self {
        Self {
            code,
            severity: Severity::Error,
            pointer,
            line: None,
            column: None,
            message,
            expected: None,
            meaning: None,
            schema: None,
            checker: Checker::Typed,
        }
    }

    /// Sets what was expected.
    pub(crate) fn expecting(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    /// `file:line:column` when the position is known, else the file name.
    #[must_use]
    pub fn location(&self, file: &str) -> String {
        match (self.line, self.column) {
            (Some(line), Some(column)) => format!("{file}:{line}:{column}"),
            _ => file.to_owned(),
        }
    }
}

/// `error[wrong-type] /properties/mlm:name: ... (expected: ...)`.
impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.pointer.as_str().is_empty() {
            "(root)"
        } else {
            self.pointer.as_str()
        };
        write!(f, "{}[{}] {at}: {}", self.severity, self.code, self.message)?;
        if let Some(expected) = &self.expected {
            write!(f, " (expected {expected})")?;
        }
        if let Some(meaning) = &self.meaning {
            write!(f, " — {meaning}")?;
        }
        Ok(())
    }
}
