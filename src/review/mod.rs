//! The review workflow: what an upgrade changes and why, in the forms reviewers and CI read.
//!
//! - [`unified`]: the unified text diff of `migrate --diff` (input text → output text). The
//!   writer is format-preserving, so it shows only lines whose values change.
//! - [`patch`]: the RFC 6902 JSON Patch from input to output (`--format json-patch`), built from
//!   the migration's recorded moves plus a structural diff, so applying it to the input gives
//!   exactly the output.
//! - [`compare`]: the semantic diff of two documents (`mlm-migrate diff OLD NEW`): key order and
//!   formatting ignored, moves shown as moves, each difference named by the MLM rule that makes
//!   it when the migration of OLD recognises it ([`attribute`]); rendered by [`render`].
//!
//! The file-level reports (`--report markdown|json|json-lines`) live in [`crate::report`].

pub mod attribute;
pub mod patch;
pub mod render;
pub mod semantic;
pub mod unified;

use serde::Serialize;
use serde_json::Value;

use crate::engine::{Options, migrate};
use crate::report::Op;
pub use patch::{apply, file_patch, patch, recorded_moves};
pub use semantic::Difference;
pub use unified::{UnifiedOptions, unified};

/// The semantic diff of two documents.
///
/// JSON shape: `{"old": "a.json", "new": "b.json", "differences": [Difference…],
/// "patch": [RFC 6902 operation…]}`.
#[derive(Debug, Clone, Serialize)]
pub struct SemanticDiff {
    /// Name of OLD in messages.
    pub old: String,
    /// Name of NEW in messages.
    pub new: String,
    /// Every difference, in document order.
    pub differences: Vec<Difference>,
    /// An RFC 6902 patch from OLD to NEW, with the detected moves as `move` operations.
    pub patch: json_patch::Patch,
}

impl SemanticDiff {
    /// True when the documents are the same value.
    pub fn is_empty(&self) -> bool {
        self.differences.is_empty()
    }

    /// Number of differences with `op`.
    pub fn count(&self, op: Op) -> usize {
        self.differences.iter().filter(|d| d.op == op).count()
    }

    /// Number of differences named by an MLM rule.
    pub fn named(&self) -> usize {
        self.differences.iter().filter(|d| d.rule.is_some()).count()
    }

    /// "5 differences (1 moved, 2 removed, 1 added, 1 replaced), 4 named by an MLM rule", or
    /// "no semantic differences".
    pub fn summary(&self) -> String {
        if self.is_empty() {
            return "no semantic differences".to_owned();
        }
        let n = self.differences.len();
        let parts: Vec<String> = [
            (Op::Move, "moved"),
            (Op::Remove, "removed"),
            (Op::Add, "added"),
            (Op::Replace, "replaced"),
        ]
        .iter()
        .filter_map(|(op, word)| {
            let k = self.count(*op);
            (k > 0).then(|| format!("{k} {word}"))
        })
        .collect();
        let s = if n == 1 { "" } else { "s" };
        format!(
            "{n} difference{s} ({}), {} named by an MLM rule",
            parts.join(", "),
            self.named()
        )
    }
}

/// Compares `old` with `new` (named `old_name`, `new_name` in output): structural differences,
/// paired into moves, each named by the MLM rule behind it when the migration of `old` to the
/// default target (lossy changes allowed, only to learn what they would be) recognises it.
pub fn compare(old_name: &str, old: &Value, new_name: &str, new: &Value) -> SemanticDiff {
    let options = Options {
        allow_lossy: true,
        ..Options::default()
    };
    let migration = migrate(old, &options).ok();
    let hints = migration
        .as_ref()
        .map(|m| recorded_moves(&m.changes))
        .unwrap_or_default();
    let mut differences = semantic::expand_moves(
        semantic::pair_moves(semantic::structural(old, new), &hints),
        &hints,
    );
    if let Some(m) = &migration {
        attribute::attribute(&mut differences, m, new);
    }
    let moves: Vec<_> = differences
        .iter()
        .filter(|d| d.op == Op::Move)
        .filter_map(|d| Some((d.from.clone()?, d.to.clone()?)))
        .collect();
    SemanticDiff {
        old: old_name.to_owned(),
        new: new_name.to_owned(),
        patch: patch(old, new, &moves),
        differences,
    }
}
