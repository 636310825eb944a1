//! Renderers of run reports: text (stderr), JSON / JSON Lines, Markdown, GitHub workflow
//! commands and SARIF ([`annotate`]), and the run summary.
//!
//! The records they render ([`crate::Change`], [`crate::Diagnostic`], …) are defined in the
//! kernel, where every step makes them.

pub mod annotate;
pub mod json;
pub mod markdown;
pub mod summary;
pub mod tally;
pub mod text;

pub(crate) use crate::kernel::records::{Change, Diagnostic, Fidelity, Op, RuleRef, Severity};
