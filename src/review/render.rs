//! Renderings of a [`SemanticDiff`]: a unified-diff-like listing per JSON pointer (not a text
//! diff), the RFC 6902 patch, and a Markdown table for pull requests.
//!
//! The listing, for each difference:
//!
//! ```text
//! @@ /stac_extensions/0 @@ replaced  [extension-uri, lossless] declares mlm@1.5.1 instead of mlm@1.3.0
//! -"https://crim-ca.github.io/mlm-extension/v1.3.0/schema.json"
//! +"https://stac-extensions.github.io/mlm/v1.5.1/schema.json"
//! ```
//!
//! Values are pretty-printed JSON, one `-`/`+` line per line of it; a move whose value did not
//! change shows no value lines.

use std::fmt::Write as _;

use serde_json::Value;

use super::{Difference, SemanticDiff};
use crate::report::Op;
use crate::report::markdown::{code, inline, old_new, rule_cell};
use crate::report::text::paint;

/// What a difference that no migration rule explains is labelled with.
pub const UNNAMED: &str = "not made by a migration rule";

/// Options of [`listing`].
#[derive(Debug, Clone, Copy, Default)]
pub struct ListingOptions {
    /// ANSI colour: `@@` lines cyan, removals red, additions green, headers bold.
    pub color: bool,
}

/// The per-pointer listing, headed `--- OLD` / `+++ NEW`; empty when there is no difference.
pub fn listing(diff: &SemanticDiff, opts: ListingOptions) -> String {
    if diff.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        paint(opts.color, "1", &format!("--- {}", diff.old))
    );
    let _ = writeln!(
        out,
        "{}",
        paint(opts.color, "1", &format!("+++ {}", diff.new))
    );
    for d in &diff.differences {
        out.push_str(&entry(d, opts));
    }
    out
}

fn entry(d: &Difference, opts: ListingOptions) -> String {
    let ptr = |p: &Option<crate::kernel::pointer::Pointer>| p.as_ref().map(ToString::to_string);
    let (at, verb) = match (d.op, ptr(&d.from), ptr(&d.to)) {
        (Op::Move, Some(f), Some(t)) => (format!("{f} → {t}"), "moved"),
        (Op::Remove, Some(f), _) => (f, "removed"),
        (Op::Add, _, Some(t)) => (t, "added"),
        (_, Some(f), Some(t)) if f != t => (t, "replaced"),
        (_, f, t) => (t.or(f).unwrap_or_default(), "replaced"),
    };
    // an edit inside an array item that changed place says where it was
    let was = match (d.op, &d.from, &d.to) {
        (Op::Replace, Some(f), Some(t)) if f != t => format!(" (was {f})"),
        _ => String::new(),
    };
    let mut out = paint(opts.color, "36", &format!("@@ {at} @@"));
    let _ = write!(out, " {verb}{was}");
    match &d.rule {
        Some(rule) => {
            let fidelity = d.fidelity.map(|f| format!(", {f}")).unwrap_or_default();
            let _ = write!(out, "  [{}{fidelity}]", rule.id);
        }
        None => {
            let _ = write!(out, "  [{UNNAMED}]");
        }
    }
    if let Some(m) = &d.message {
        let _ = write!(out, " {m}");
    }
    out.push('\n');
    // a move shows no values when they did not change or when its edits follow it
    let unchanged_move = d.op == Op::Move && d.old == d.new;
    if !unchanged_move {
        out.push_str(&value_lines(d.old.as_ref(), '-', "31", opts));
        out.push_str(&value_lines(d.new.as_ref(), '+', "32", opts));
    }
    out
}

fn value_lines(v: Option<&Value>, sign: char, color: &str, opts: ListingOptions) -> String {
    let Some(v) = v else {
        return String::new();
    };
    let text = serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string());
    text.lines()
        .map(|l| format!("{}\n", paint(opts.color, color, &format!("{sign}{l}"))))
        .collect()
}

/// The RFC 6902 patch from OLD to NEW, pretty-printed.
///
/// # Errors
/// A serialization error (a bug: patches hold only pointers and JSON values).
pub fn json_patch(diff: &SemanticDiff) -> Result<String, serde_json::Error> {
    Ok(format!("{}\n", serde_json::to_string_pretty(&diff.patch)?))
}

/// A GitHub-flavoured Markdown table: one row per difference with its pointer, `old → new`,
/// and the MLM rule (linked to its spec section) when recognised.
pub fn markdown(diff: &SemanticDiff) -> String {
    let mut out = format!(
        "### Semantic diff: {} → {}\n\n{}\n",
        code(&diff.old),
        code(&diff.new),
        capitalised(&diff.summary())
    );
    if diff.is_empty() {
        return out;
    }
    out.push_str("\n| Change | Pointer | Old → new | Rule | Why |\n|---|---|---|---|---|\n");
    for d in &diff.differences {
        let at = match (d.op, &d.from, &d.to) {
            (Op::Move, Some(f), Some(t)) => {
                format!("{} → {}", code(&f.to_string()), code(&t.to_string()))
            }
            _ => code(&d.pointer().to_string()),
        };
        let verb = match d.op {
            Op::Move => "moved",
            Op::Remove => "removed",
            Op::Add => "added",
            Op::Replace => "replaced",
        };
        let rule = d.rule.as_ref().map_or_else(
            || UNNAMED.to_owned(),
            |r| {
                let fidelity = d.fidelity.map(|f| format!(" ({f})")).unwrap_or_default();
                format!("{}{fidelity}", rule_cell(r))
            },
        );
        let why = d.message.as_deref().map(inline).unwrap_or_default();
        let values = if d.op == Op::Move && d.old.is_none() && d.new.is_none() {
            "edited: see the rows below".to_owned()
        } else {
            old_new(d.op, d.old.as_ref(), d.new.as_ref())
        };
        let _ = writeln!(out, "| {verb} | {at} | {values} | {rule} | {why} |");
    }
    out
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().collect::<String>() + chars.as_str()
    })
}
