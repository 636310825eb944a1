//! The result of validating one document: one outcome per schema, errors with locations.

use std::fmt;

use serde::Serialize;

use super::schema_error::SchemaError;
use super::targets::Unresolved;

/// Everything learned by validating one document.
///
/// JSON shape: `{ "outcomes": [SchemaOutcome...], "unresolved": [Unresolved...] }`.
/// `outcomes` has one entry per (schema, sub-document) pair, in the order the document declares
/// them (core schema first); `unresolved` lists declarations that named no usable schema URI
/// (missing `type`, a non-string `stac_extensions` entry, ...).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Validation {
    /// One outcome per schema applied.
    pub outcomes: Vec<SchemaOutcome>,
    /// Schemas the document should have been checked against but that could not be named.
    pub unresolved: Vec<Unresolved>,
}

/// The outcome of one schema on one (sub-)document.
///
/// JSON shape: `{ "uri": "...", "at": "/features/0", "outcome": "valid" }`, with `"errors": [...]`
/// when `"outcome": "invalid"` and `"reason": "..."` when `"outcome": "unavailable"`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SchemaOutcome {
    /// The schema URI as declared (or derived from a short name / the core type).
    pub uri: String,
    /// JSON pointer to the validated sub-document: `""` for the whole document, `/features/<i>`
    /// for a feature of a `FeatureCollection`. Error instance paths already include it.
    pub at: String,
    /// What the schema said.
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// What one schema said about a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// The document conforms.
    Valid,
    /// The document does not conform; at least one error.
    Invalid {
        /// Every error the validator reported, in its order.
        errors: Vec<SchemaError>,
    },
    /// The schema could not be used, so the document was *not* validated against it: not in the
    /// mirror, not valid JSON (DLM v1.0.0-beta2), or a `$ref` it needs is missing.
    Unavailable {
        /// The cause, with the URL and mirror path involved.
        reason: String,
    },
}

impl Validation {
    /// True when every outcome is `Valid` and nothing is unresolved.
    #[must_use]
    pub fn is_valid(&self) -> bool {
        self.unresolved.is_empty() && self.outcomes.iter().all(|o| o.outcome == Outcome::Valid)
    }

    /// Number of `Valid` outcomes.
    #[must_use]
    pub fn valid_count(&self) -> usize {
        self.count(|outcome| matches!(outcome, Outcome::Valid))
    }

    /// Number of `Invalid` outcomes (schemas that failed).
    #[must_use]
    pub fn invalid_count(&self) -> usize {
        self.count(|outcome| matches!(outcome, Outcome::Invalid { .. }))
    }

    /// Number of `Unavailable` outcomes (schemas that could not be used).
    #[must_use]
    pub fn unavailable_count(&self) -> usize {
        self.count(|outcome| matches!(outcome, Outcome::Unavailable { .. }))
    }

    /// Total number of errors over all `Invalid` outcomes.
    #[must_use]
    pub fn error_count(&self) -> usize {
        self.errors().count()
    }

    /// Every error of every `Invalid` outcome, in report order.
    pub fn errors(&self) -> impl Iterator<Item = &SchemaError> {
        self.outcomes.iter().flat_map(|o| match &o.outcome {
            Outcome::Invalid { errors } => errors.as_slice(),
            _ => &[],
        })
    }

    fn count(&self, matches: impl Fn(&Outcome) -> bool) -> usize {
        self.outcomes.iter().filter(|o| matches(&o.outcome)).count()
    }
}

/// One header line per schema outcome, then one indented line per error:
///
/// ```text
/// invalid: https://stac-extensions.github.io/mlm/v1.5.1/schema.json (1 error)
///   /properties/mlm:name: "ab" does not match "^[a-zA-Z][a-zA-Z0-9_.\-\s]+[a-zA-Z0-9]$" (https://stac-extensions.github.io/mlm/v1.5.1/schema.json #/$defs/mlm:name/pattern)
/// ```
impl fmt::Display for Validation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for outcome in &self.outcomes {
            writeln!(f, "{outcome}")?;
        }
        for unresolved in &self.unresolved {
            writeln!(
                f,
                "unresolved: {}: {}",
                or_root(&unresolved.instance_path),
                unresolved.reason
            )?;
        }
        Ok(())
    }
}

/// The header line, then one line per error (no trailing newline).
impl fmt::Display for SchemaOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.at.is_empty() {
            String::new()
        } else {
            format!(" at {}", self.at)
        };
        match &self.outcome {
            Outcome::Valid => write!(f, "valid: {}{at}", self.uri),
            Outcome::Unavailable { reason } => write!(f, "unavailable: {}{at}: {reason}", self.uri),
            Outcome::Invalid { errors } => {
                let plural = if errors.len() == 1 { "" } else { "s" };
                write!(
                    f,
                    "invalid: {}{at} ({} error{plural})",
                    self.uri,
                    errors.len()
                )?;
                errors.iter().try_for_each(|error| write!(f, "\n{error}"))
            }
        }
    }
}

/// Shows the root pointer `""` as `(root)`.
pub(crate) fn or_root(pointer: &str) -> &str {
    if pointer.is_empty() {
        "(root)"
    } else {
        pointer
    }
}
