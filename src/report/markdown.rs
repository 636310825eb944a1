//! The GitHub-flavoured Markdown report (`--report markdown`), written to be posted as a pull
//! request comment: a heading with the run's sentence, a table of the files that need a look,
//! then per file a summary line and its changes grouped by fidelity (lossy, manual, assumed,
//! then lossless), each with its JSON pointer, `old → new`, rule id and a link to the spec
//! section; diagnostics, validation and the preprocessing check follow. Files with many changes
//! fold them into `<details>`. Current, clean files are only counted.

use std::fmt::Write as _;

use serde_json::Value;

use super::json::RunInfo;
use super::summary::{Mode, Summary, declared};
use super::text::{counts, short};
use super::{Change, Fidelity, Op, RuleRef, Severity};
use crate::document::LENIENT_JSON;
use crate::engine::run::{ExitStatus, FileReport, Status};
use crate::validate::{Finding, ValidationReport};

/// Files with more changes than this fold them into a `<details>` block.
pub const DETAILS_OVER: usize = 10;

/// Fidelity groups in the order a reviewer should read them.
const GROUPS: [(Fidelity, &str); 4] = [
    (Fidelity::Lossy, "Lossy"),
    (Fidelity::Manual, "Manual"),
    (Fidelity::Assumed, "Assumed"),
    (Fidelity::Lossless, "Lossless"),
];

/// Renders the whole run, folding the changes of files with more than [`DETAILS_OVER`].
pub fn render(run: &RunInfo<'_>, reports: &[FileReport]) -> String {
    render_folding(run, reports, DETAILS_OVER)
}

/// Renders the whole run, folding the changes of files with more than `fold_over` changes.
///
/// Bulk runs assemble the same text from its pieces ([`head`], [`table_row`], [`quiet`],
/// [`section`]) without keeping the reports.
pub fn render_folding(run: &RunInfo<'_>, reports: &[FileReport], fold_over: usize) -> String {
    let counts = Summary::of(reports);
    let mut out = head(run, &counts);
    let listed: Vec<&FileReport> = reports.iter().filter(|r| needs_look(r)).collect();
    if listed.is_empty() {
        out.push_str(NOTHING_LISTED);
        return out;
    }
    out.push_str(TABLE_HEAD);
    for r in &listed {
        out.push_str(&table_row(r, run.mode));
    }
    out.push_str(&quiet(reports.len() - listed.len()));
    for r in listed {
        out.push('\n');
        out.push_str(&section_folding(r, run.mode, fold_over));
    }
    out
}

/// What the report says when no file needs a look.
pub const NOTHING_LISTED: &str = "Every file is already current.\n";

/// The header of the table of files that need a look.
pub const TABLE_HEAD: &str = "| File | From | Result | Lossy | Manual | Assumed | Lossless | Validation |\n\
         |---|---|---|---:|---:|---:|---:|---|\n";

/// The heading: the run's sentence, target, mode and number of files.
pub fn head(run: &RunInfo<'_>, counts: &Summary) -> String {
    let mut out = format!("## mlm-migrate: {}\n\n", counts.sentence(run.mode));
    let _ = writeln!(
        out,
        "Target `{}` · mode `{}` · {} file{}\n",
        run.target,
        run.mode.name(),
        counts.files,
        if counts.files == 1 { "" } else { "s" }
    );
    out
}

/// The line after the table naming the files not listed (empty when there are none).
pub fn quiet(n: usize) -> String {
    match n {
        0 => String::new(),
        1 => "\n1 other file is already current.\n".to_owned(),
        n => format!("\n{n} other files are already current.\n"),
    }
}

/// True unless the file is current and clean (such files are only counted).
pub fn needs_look(r: &FileReport) -> bool {
    r.status != Status::Unchanged || r.exit_status() != ExitStatus::Clean
}

/// One row of the table of files that need a look.
pub fn table_row(r: &FileReport, mode: Mode) -> String {
    let n = |f: Fidelity| {
        r.migration
            .as_ref()
            .map_or(0, |m| m.with_fidelity(f).count())
    };
    format!(
        "| {} | {} | {} | {} | {} | {} | {} | {} |\n",
        code(&r.file),
        code(&declared(r)),
        mode.status_word(r.status),
        n(Fidelity::Lossy),
        n(Fidelity::Manual),
        n(Fidelity::Assumed),
        n(Fidelity::Lossless),
        validation_word(r.validation.as_ref()),
    )
}

/// One file's section, folding more than [`DETAILS_OVER`] changes.
pub fn section(r: &FileReport, mode: Mode) -> String {
    section_folding(r, mode, DETAILS_OVER)
}

fn validation_word(v: Option<&ValidationReport>) -> &'static str {
    match v {
        None => "skipped",
        Some(v) if !v.valid => "**invalid**",
        Some(v) if !v.notes.is_empty() => "valid (typed checks)",
        Some(_) => "valid",
    }
}

fn section_folding(r: &FileReport, mode: Mode, fold_over: usize) -> String {
    let mut s = format!("### {}\n\n", code(&r.file));
    let verdict = mode.status_word(r.status);
    match &r.migration {
        Some(m) => {
            let n = counts(&m.changes, r.read_warnings.len());
            let _ = writeln!(
                s,
                "{} → {}: **{verdict}**, {n}\n",
                code(&declared(r)),
                code(&m.target.to_string())
            );
            s.push_str(&changes(&m.changes, fold_over));
        }
        None => {
            let _ = writeln!(s, "**{verdict}**\n");
        }
    }
    if let Some(e) = &r.error {
        let _ = writeln!(s, "```text\n{e}\n```\n");
    }
    for refusal in &r.refusals {
        let _ = writeln!(s, "- **refused:** {}", inline(refusal));
    }
    if !r.refusals.is_empty() {
        s.push('\n');
    }
    s.push_str(&diagnostics(r));
    if r.migration.is_some() {
        s.push_str(&validation(r.validation.as_ref()));
    }
    if let Some(c) = &r.check {
        let line = c.summary_line();
        let line = line.strip_prefix("preprocessing check: ").unwrap_or(&line);
        let _ = writeln!(s, "**Preprocessing check:** {}\n", inline(line));
    }
    s
}

fn changes(changes: &[Change], fold_over: usize) -> String {
    if changes.is_empty() {
        return String::new();
    }
    let mut body = String::new();
    for (fidelity, title) in GROUPS {
        let group: Vec<&Change> = changes.iter().filter(|c| c.fidelity == fidelity).collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(body, "#### {title} ({})\n", group.len());
        body.push_str("| Pointer | Old → new | Rule | Why |\n|---|---|---|---|\n");
        for c in group {
            let _ = writeln!(
                body,
                "| {} | {} | {} | {} |",
                pointers(c),
                old_new(c.op, c.old.as_ref(), c.new.as_ref()),
                rule_cell(&c.rule),
                inline(&c.message)
            );
        }
        body.push('\n');
    }
    if changes.len() > fold_over {
        format!(
            "<details>\n<summary>{} changes</summary>\n\n{body}</details>\n\n",
            changes.len()
        )
    } else {
        body
    }
}

fn pointers(c: &Change) -> String {
    match (c.op, &c.from, &c.to) {
        (Op::Move, Some(f), Some(t)) if f != t => {
            format!("{} → {}", code(&f.to_string()), code(&t.to_string()))
        }
        (_, f, t) => code(
            &t.as_ref()
                .or(f.as_ref())
                .map(ToString::to_string)
                .unwrap_or_default(),
        ),
    }
}

/// `old → new` for a change or difference: `+ new` for additions, `− old` for removals.
pub(crate) fn old_new(op: Op, old: Option<&Value>, new: Option<&Value>) -> String {
    let v = |x: Option<&Value>| code(&short(x));
    match op {
        Op::Add => format!("+ {}", v(new)),
        Op::Remove => format!("− {}", v(old)),
        _ if old == new => v(new),
        _ => format!("{} → {}", v(old), v(new)),
    }
}

/// The rule id in code and its spec reference linked to the upstream text.
pub(crate) fn rule_cell(rule: &RuleRef) -> String {
    let spec = inline(&rule.spec);
    if rule.url.is_empty() {
        format!("{}<br>{spec}", code(&rule.id))
    } else {
        format!("{}<br>[{spec}]({})", code(&rule.id), rule.url)
    }
}

fn diagnostics(r: &FileReport) -> String {
    let mut s = String::new();
    for w in &r.read_warnings {
        let _ = writeln!(
            s,
            "- **warning** {} line {}:{}: {} removed: {}",
            code(LENIENT_JSON.id),
            w.line,
            w.column,
            w.what,
            code(w.text.trim())
        );
    }
    for d in r.migration.iter().flat_map(|m| &m.diagnostics) {
        let severity = match d.severity {
            Severity::Error => "**error**".to_owned(),
            other => format!("**{other}**"),
        };
        let at = d
            .pointer
            .as_ref()
            .map_or_else(String::new, |p| format!(" at {}", code(&p.to_string())));
        let hint = d
            .hint
            .as_ref()
            .map_or_else(String::new, |h| format!(" — hint: {}", inline(h)));
        let _ = writeln!(
            s,
            "- {severity} {}{at}: {}{hint}",
            code(d.code.id),
            inline(&d.message)
        );
    }
    if s.is_empty() {
        s
    } else {
        format!("**Diagnostics**\n\n{s}\n")
    }
}

fn validation(v: Option<&ValidationReport>) -> String {
    let Some(v) = v else {
        return String::new();
    };
    let word = if v.valid { "valid" } else { "**invalid**" };
    let mut s = format!(
        "**Validation:** {word} (typed checks of {}",
        code(&v.target.to_string())
    );
    for uri in &v.schemas {
        s.push_str(", ");
        s.push_str(&code(uri));
    }
    s.push_str(")\n\n");
    let list = |s: &mut String, title: &str, findings: &[&Finding]| {
        if findings.is_empty() {
            return;
        }
        let _ = writeln!(s, "{title} ({}):\n", findings.len());
        for f in findings {
            let _ = writeln!(s, "- {}", finding_item(f));
        }
        s.push('\n');
    };
    list(
        &mut s,
        "Already in the source",
        &v.source.iter().collect::<Vec<_>>(),
    );
    list(
        &mut s,
        "Carried into the output",
        &v.carried_only().collect::<Vec<_>>(),
    );
    if v.introduced.is_empty() {
        if !v.source.is_empty() || !v.valid {
            s.push_str("Introduced by the migration: none\n\n");
        }
    } else {
        list(
            &mut s,
            "**Introduced by the migration** (a bug of mlm-migrate, please report it)",
            &v.introduced.iter().collect::<Vec<_>>(),
        );
    }
    for note in &v.notes {
        let _ = writeln!(s, "- note: {}", inline(note));
    }
    if !v.notes.is_empty() {
        s.push('\n');
    }
    s
}

/// One finding as a list item: severity, code, `line:column`, pointer, message, expected form
/// and meaning.
fn finding_item(f: &Finding) -> String {
    let at = match (f.line, f.column) {
        (Some(l), Some(c)) => format!(" line {l}:{c}"),
        _ => String::new(),
    };
    let mut item = format!(
        "**{}** {}{at} {}: {}",
        f.severity,
        code(f.code.id),
        code(f.pointer.as_str()),
        inline(&f.message)
    );
    if let Some(expected) = &f.expected {
        item.push_str(&format!(" (expected {})", inline(expected)));
    }
    if let Some(meaning) = &f.meaning {
        item.push_str(&format!(" — {}", inline(meaning)));
    }
    item
}

/// Inline code that survives a table cell: `<code>` with HTML escapes and `|` as an entity.
pub(crate) fn code(text: &str) -> String {
    format!("<code>{}</code>", escape_html(text).replace('|', "&#124;"))
}

/// Text for a table cell or list item: one line, `|` escaped. Backticks stay Markdown code.
pub(crate) fn inline(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cells_escape_pipes_and_html() {
        let cases = [
            ("a|b", "<code>a&#124;b</code>"),
            ("<x> & y", "<code>&lt;x&gt; &amp; y</code>"),
        ];
        for (text, expected) in cases {
            assert_eq!(code(text), expected);
        }
        assert_eq!(inline("a | b\nc"), "a \\| b c");
    }

    #[test]
    fn many_changes_fold_into_details() {
        use crate::document::{Format, Source};
        use crate::engine::run::migrate_source;
        let text = include_str!("../../fixtures/mlm/v1.3.0/norm-clip.json");
        let source = Source::parse("a.json", text.to_owned(), Format::Json).unwrap();
        let report = migrate_source(&source, &crate::engine::Options::default(), None);
        let run = RunInfo {
            target: crate::kernel::versions::Spec::default_target(),
            mode: Mode::Check,
            schemas: None,
        };
        let folded = render_folding(&run, std::slice::from_ref(&report), 3);
        assert!(folded.contains("<details>\n<summary>4 changes</summary>\n\n#### Assumed (2)"));
        assert!(folded.contains("</details>"));
        assert!(!render(&run, &[report]).contains("<details>"));
    }

    #[test]
    fn old_new_by_op() {
        let (a, b) = (json!("x"), json!([1]));
        let cases = [
            (Op::Add, "+ <code>[1]</code>"),
            (Op::Remove, "− <code>\"x\"</code>"),
            (Op::Replace, "<code>\"x\"</code> → <code>[1]</code>"),
        ];
        for (op, expected) in cases {
            assert_eq!(old_new(op, Some(&a), Some(&b)), expected);
        }
    }
}
