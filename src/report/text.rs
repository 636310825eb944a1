//! The human report (stderr): one header per file, one line per change, then diagnostics and
//! the validation result. Colour only when asked (the binary asks when stderr is a terminal
//! and `NO_COLOR` is unset).

use std::fmt::Write as _;

use serde_json::Value;

use super::{Change, Diagnostic, Fidelity, Op, Severity};
use crate::document::LENIENT_JSON;
use crate::engine::run::{FileReport, Status};
use crate::validate::{Finding, ValidationReport};

/// Rendering options of the text report.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextOptions {
    /// Use ANSI colours.
    pub color: bool,
}

/// `text` in the ANSI colour `code` when `on` (shared by every human-readable renderer).
pub(crate) fn paint(on: bool, code: &str, text: &str) -> String {
    if on {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_owned()
    }
}

fn fidelity_color(f: Fidelity) -> &'static str {
    match f {
        Fidelity::Lossless => "32",
        Fidelity::Assumed => "33",
        Fidelity::Lossy => "31",
        Fidelity::Manual => "35",
    }
}

/// Renders the report of one file.
pub fn render(r: &FileReport, opts: TextOptions) -> String {
    // Reserved at once (a line is a few hundred bytes): see `FileReport::records`.
    let mut out = String::with_capacity(512 * r.records() + 1024);
    let _ = writeln!(out, "{}", header(r, opts));
    for w in &r.read_warnings {
        let _ = writeln!(
            out,
            "  {} {}:{}:{}: {} removed: {}",
            paint(opts.color, "33", &format!("warning[{LENIENT_JSON}]")),
            r.file,
            w.line,
            w.column,
            w.what,
            w.text.trim()
        );
    }
    if let Some(m) = &r.migration {
        for c in &m.changes {
            let _ = writeln!(out, "  {}", change_line(c, opts));
        }
        for d in &m.diagnostics {
            out.push_str(&diagnostic(d, opts));
        }
    }
    if let Some(e) = &r.error {
        let label = if r.status == Status::Skipped {
            "note:"
        } else {
            "error:"
        };
        let _ = writeln!(out, "  {} {e}", paint(opts.color, "31", label));
    }
    if let Some(check) = &r.check {
        let color = match check.verdict {
            crate::check::Verdict::Equivalent => "32",
            crate::check::Verdict::Differs { .. } => "31",
            crate::check::Verdict::Unverifiable { .. } => "33",
        };
        let line = check.summary_line();
        let _ = writeln!(out, "  {}", paint(opts.color, color, &line));
    }
    for refusal in &r.refusals {
        let _ = writeln!(out, "  {} {refusal}", paint(opts.color, "31", "refused:"));
    }
    if let Some(v) = &r.validation {
        out.push_str(&validation(v, &r.file, opts));
    }
    out
}

fn header(r: &FileReport, opts: TextOptions) -> String {
    let Some(m) = &r.migration else {
        let (word, color) = match r.status {
            Status::Skipped => ("skipped (not a model document)", "2"),
            _ => ("not migrated", "31"),
        };
        return format!(
            "{}: {}",
            paint(opts.color, "1", &r.file),
            paint(opts.color, color, word)
        );
    };
    let from = m
        .detection
        .declared_specs()
        .next()
        .map_or_else(|| "undeclared".to_owned(), |s| s.id().to_owned());
    let verdict = match r.status {
        Status::Unchanged => "already current".to_owned(),
        Status::Refused => "not written".to_owned(),
        _ => counts(&m.changes, r.read_warnings.len()),
    };
    format!(
        "{}: {from} → {}: {verdict}",
        paint(opts.color, "1", &r.file),
        m.target
    )
}

/// "4 changes (2 lossless, 2 assumed)": the count of changes and reader leniencies by kind.
pub(crate) fn counts(changes: &[Change], lenient: usize) -> String {
    let n = changes.len() + lenient;
    let mut parts = Vec::new();
    for f in [
        Fidelity::Lossless,
        Fidelity::Assumed,
        Fidelity::Lossy,
        Fidelity::Manual,
    ] {
        let k = changes.iter().filter(|c| c.fidelity == f).count();
        if k > 0 {
            parts.push(format!("{k} {f}"));
        }
    }
    if lenient > 0 {
        parts.push(format!("{lenient} syntax"));
    }
    let s = if n == 1 { "" } else { "s" };
    format!("{n} change{s} ({})", parts.join(", "))
}

/// One change as a line: fidelity, where, what, and the rule with its spec reference.
pub fn change_line(c: &Change, opts: TextOptions) -> String {
    let fid = paint(
        opts.color,
        fidelity_color(c.fidelity),
        &format!("{:<8}", c.fidelity),
    );
    let at = match (c.op, &c.from, &c.to) {
        (Op::Add, _, Some(to)) => format!("+ {to} = {}", short(c.new.as_ref())),
        (Op::Remove, Some(from), _) => format!("- {from} (was {})", short(c.old.as_ref())),
        (Op::Move, Some(from), Some(to)) if from == to => format!("{to}"),
        (Op::Move, Some(from), Some(to)) => format!("{from} → {to}"),
        (Op::Replace, _, Some(to)) => format!(
            "{to}: {} → {}",
            short(c.old.as_ref()),
            short(c.new.as_ref())
        ),
        (_, from, to) => to
            .as_ref()
            .or(from.as_ref())
            .map(ToString::to_string)
            .unwrap_or_default(),
    };
    let rule = paint(
        opts.color,
        "2",
        &format!("[{}; {}]", c.rule.id, c.rule.spec),
    );
    format!("{fid} {at}  {}  {rule}", c.message)
}

/// A JSON value shortened for one line.
pub fn short(v: Option<&Value>) -> String {
    let text = v.map_or_else(String::new, Value::to_string);
    if text.chars().count() <= 60 {
        return text;
    }
    match v {
        Some(Value::Array(a)) if a.len() == 1 => "[…1 item]".to_owned(),
        Some(Value::Array(a)) => format!("[…{} items]", a.len()),
        Some(Value::Object(o)) => format!("{{…{} members}}", o.len()),
        _ => format!("{}…", text.chars().take(57).collect::<String>()),
    }
}

fn diagnostic(d: &Diagnostic, opts: TextOptions) -> String {
    let code = match d.severity {
        Severity::Error => "31",
        Severity::Warning => "33",
        Severity::Info => "36",
    };
    let head = paint(opts.color, code, &format!("{}[{}]", d.severity, d.code));
    let at = d
        .pointer
        .as_ref()
        .map_or_else(String::new, |p| format!(" {p}:"));
    let mut s = format!("  {head}{at} {}\n", d.message);
    if let Some(h) = &d.hint {
        let _ = writeln!(s, "    hint: {h}");
    }
    s
}

/// The validation block: findings already in the source (located in the input), findings
/// carried into the output, findings introduced by the migration, and notes on schemas that
/// could not be used.
fn validation(v: &ValidationReport, file: &str, opts: TextOptions) -> String {
    let mut s = String::new();
    let names: Vec<String> = v.schemas.iter().map(|u| short_uri(u)).collect();
    let against = if names.is_empty() {
        format!("typed checks of {}", v.target)
    } else {
        format!("typed checks of {}, {}", v.target, names.join(", "))
    };
    if v.valid {
        let _ = writeln!(s, "  {} ({against})", paint(opts.color, "32", "valid"));
    } else {
        let n = v.carried.len() + v.introduced.len();
        let _ = writeln!(
            s,
            "  {} ({against}): {n} finding{}",
            paint(opts.color, "31", "invalid"),
            if n == 1 { "" } else { "s" }
        );
    }
    if !v.source.is_empty() {
        let _ = writeln!(s, "  already in the source ({}):", v.source.len());
        for f in &v.source {
            let _ = writeln!(s, "    {}", finding_line(f, file, opts));
        }
    }
    let extra: Vec<&Finding> = v.carried_only().collect();
    if !extra.is_empty() {
        let _ = writeln!(s, "  carried into the output ({}):", extra.len());
        for f in extra {
            let _ = writeln!(s, "    {}", finding_line(f, "output", opts));
        }
    }
    if !v.introduced.is_empty() || !v.source.is_empty() || !v.valid {
        match v.introduced.len() {
            0 => s.push_str("  introduced by the migration: none\n"),
            n => {
                let _ = writeln!(
                    s,
                    "  introduced by the migration ({n}; a bug of mlm-migrate, please report it):"
                );
                for f in &v.introduced {
                    let _ = writeln!(s, "    {}", finding_line(f, "output", opts));
                }
            }
        }
    }
    for note in &v.notes {
        let _ = writeln!(s, "  {} {note}", paint(opts.color, "2", "note:"));
    }
    s
}

/// `error[wrong-type] old.json:12:15 /properties/mlm:name: … (expected …)`, then its meaning.
pub fn finding_line(f: &Finding, file: &str, opts: TextOptions) -> String {
    let color = match f.severity {
        Severity::Error => "31",
        Severity::Warning => "33",
        Severity::Info => "36",
    };
    let head = paint(opts.color, color, &format!("{}[{}]", f.severity, f.code));
    let at = if f.pointer.as_str().is_empty() {
        "(root)"
    } else {
        f.pointer.as_str()
    };
    let mut line = format!("{head} {} {at}: {}", f.location(file), f.message);
    if let Some(expected) = &f.expected {
        let _ = write!(line, " (expected {expected})");
    }
    if let Some(meaning) = &f.meaning {
        let _ = write!(line, " — {meaning}");
    }
    line
}

/// `https://stac-extensions.github.io/mlm/v1.5.1/schema.json` → `mlm v1.5.1`.
fn short_uri(uri: &str) -> String {
    let parts: Vec<&str> = uri.trim_end_matches('#').split('/').collect();
    match parts.as_slice() {
        [.., name, version, "schema.json"] => format!("{name} {version}"),
        [.., "schemas.stacspec.org", version, _, "json-schema", file] => {
            format!("STAC {} {version}", file.trim_end_matches(".json"))
        }
        _ => uri.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_uris() {
        assert_eq!(
            short_uri("https://stac-extensions.github.io/mlm/v1.5.1/schema.json"),
            "mlm v1.5.1"
        );
        assert_eq!(
            short_uri("https://schemas.stacspec.org/v1.0.0/item-spec/json-schema/item.json"),
            "STAC item v1.0.0"
        );
    }
}
