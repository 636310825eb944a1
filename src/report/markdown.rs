//! The GitHub-flavoured Markdown report (`--report markdown`), made to be posted as a pull
//! request comment:
//!
//! 1. a heading with the run's sentence, then a summary table (files by outcome, changes by
//!    fidelity, files that need a person) and what needs a person;
//! 2. one `<details>` block per file that needs a look (files that need a person first), its
//!    `<summary>` the file's one-line verdict; inside, the exact command that fixes the file,
//!    its changes grouped by fidelity (lossy, manual, assumed, lossless) with JSON pointer,
//!    old → new (array changes element by element: `value_scaling[3].mean: 1254.2`), rule id
//!    and a link to the public spec source; diagnostics, validation and the preprocessing
//!    check.
//!
//! A GitHub comment holds [`COMMENT_LIMIT`] characters: the command line cuts the file blocks
//! that do not fit (the heading and summary always stay) and ends with [`truncation_note`].
//! Current, clean files are only counted.

use std::fmt::Write as _;

use serde_json::Value;

use super::json::RunInfo;
use super::summary::{Mode, declared};
use super::tally::{FileTally, Tally, needs_person};
use super::text::{counts, short};
use super::{Change, Fidelity, Op, RuleRef, Severity};
use crate::document::LENIENT_JSON;
use crate::engine::run::{ExitStatus, FileReport, Status};
use crate::kernel::pointer::{Members, Pointer, leaves};
use crate::kernel::versions::Spec;
use crate::validate::{Finding, ValidationReport};

/// The most characters a GitHub issue or pull-request comment holds (65,536).
pub const COMMENT_LIMIT: usize = 65_536;

/// An `old → new` cell lists at most this many element-wise lines, then says how many more.
pub const ELEMENT_LINES: usize = 40;

/// Fidelity groups in the order a reviewer should read them.
const GROUPS: [(Fidelity, &str); 4] = [
    (Fidelity::Lossy, "Lossy"),
    (Fidelity::Manual, "Manual"),
    (Fidelity::Assumed, "Assumed"),
    (Fidelity::Lossless, "Lossless"),
];

/// What the fix command of a file repeats from the run (see [`fix_command`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct FixOptions {
    /// `--to`, when the run's target is not the default.
    pub to: Option<Spec>,
    /// `--fix` was given (defects are repaired, so the command repairs them too).
    pub fix: bool,
}

/// Renders the whole run at once, without a length limit: heading, summary, then one block
/// per file that needs a look (files that need a person first). The command line assembles
/// the same text from its pieces ([`head`], [`summary`], [`section`]) without keeping the
/// reports, and cuts it at [`COMMENT_LIMIT`].
pub fn render(run: &RunInfo<'_>, reports: &[FileReport], fix: FixOptions) -> String {
    let mut tally = Tally::default();
    for r in reports {
        tally.add(FileTally::of(r, run.mode));
    }
    let mut out = head(run, &tally);
    out.push_str(&summary(&tally, run.mode));
    let listed: Vec<&FileReport> = reports.iter().filter(|r| needs_look(r)).collect();
    if listed.is_empty() {
        out.push_str(NOTHING_LISTED);
        return out;
    }
    out.push_str(&quiet(reports.len() - listed.len()));
    let (person, rest): (Vec<&FileReport>, Vec<&FileReport>) =
        listed.into_iter().partition(|r| needs_person(r));
    for r in person.into_iter().chain(rest) {
        out.push_str(&section(
            r,
            run.mode,
            fix_command(r, run.mode, fix).as_deref(),
        ));
    }
    out
}

/// What the report says when no file needs a look.
pub const NOTHING_LISTED: &str = "\nEvery file is already current.\n";

/// The heading: the run's sentence, target, mode and number of files (or NDJSON lines,
/// see [`Tally::noun`]).
pub fn head(run: &RunInfo<'_>, tally: &Tally) -> String {
    let counts = &tally.counts;
    let mut out = format!("## mlm-migrate: {}\n\n", counts.sentence(run.mode));
    let _ = writeln!(
        out,
        "Target `{}` · mode `{}` · {}\n",
        run.target,
        run.mode.name(),
        tally.count(counts.files),
    );
    out
}

/// The summary table (files by outcome, changes by fidelity, files that need a person) and
/// the list of what needs a person.
pub fn summary(t: &Tally, mode: Mode) -> String {
    let c = &t.counts;
    let f = |x: Fidelity| t.fidelity.get(&x).copied().unwrap_or(0);
    let mut out = format!(
        "| {} | {} | Already current | Refused | Failed | Skipped | Lossy | Manual | Assumed | Lossless | Need a person |\n\
         |---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n\
         | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
        capitalised(t.noun(2)),
        capitalised(mode.migrated()),
        c.files,
        c.migrated,
        c.current,
        c.refused,
        c.failed,
        c.skipped,
        f(Fidelity::Lossy),
        f(Fidelity::Manual),
        f(Fidelity::Assumed),
        f(Fidelity::Lossless),
        t.person,
    );
    let mut needs = Vec::new();
    for (label, n) in &t.manual {
        needs.push(format!("{n} × {}", inline(label)));
    }
    if t.refused_lossy > 0 {
        needs.push(format!(
            "{} refused: lossy changes need `--allow-lossy` (read what is lost first)",
            t.count(t.refused_lossy)
        ));
    }
    if t.refused_strict > 0 {
        needs.push(format!(
            "{} refused by `--strict`: assumed values",
            t.count(t.refused_strict)
        ));
    }
    if c.failed > 0 {
        needs.push(format!(
            "{} could not be read or migrated",
            t.count(c.failed)
        ));
    }
    if t.invalid > 0 {
        needs.push(format!("{} with an invalid output", t.count(t.invalid)));
    }
    if t.differs > 0 {
        needs.push(format!(
            "{} whose preprocessing differs after the upgrade",
            t.count(t.differs)
        ));
    }
    if t.errors > 0 {
        needs.push(format!("{} with error diagnostics", t.count(t.errors)));
    }
    if !needs.is_empty() {
        out.push_str("\n**Needs a person:**\n\n");
        for n in needs {
            let _ = writeln!(out, "- {n}");
        }
    }
    out
}

/// The line after the summary naming the files not listed (empty when there are none).
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

/// The command that writes the file's upgrade, repeating the run's `--to` and `--fix` and
/// adding `--allow-lossy` when the file has lossy changes; `None` outside `--check`/`--diff`
/// (the run itself wrote the file) and for files with no output to write (failed, current,
/// refused by `--strict`).
pub fn fix_command(r: &FileReport, mode: Mode, fix: FixOptions) -> Option<String> {
    fix_command_naming(&r.file, r, mode, fix)
}

/// [`fix_command`] naming `file` instead of the report's file: for a document read from a
/// line of an NDJSON file, that file (`--write` rewrites it whole).
pub fn fix_command_naming(
    file: &str,
    r: &FileReport,
    mode: Mode,
    fix: FixOptions,
) -> Option<String> {
    if !mode.is_dry_run() || !matches!(r.status, Status::Migrated | Status::Refused) {
        return None;
    }
    let lossy = r
        .migration
        .as_ref()
        .is_some_and(|m| m.changes.iter().any(|c| c.fidelity == Fidelity::Lossy))
        || r.refusals.iter().any(|x| x.starts_with("lossy"));
    if r.status == Status::Refused && !lossy {
        return None;
    }
    let mut cmd = "mlm-migrate --write".to_owned();
    if let Some(to) = fix.to {
        let _ = write!(cmd, " --to {to}");
    }
    if fix.fix {
        cmd.push_str(" --fix");
    }
    if lossy {
        cmd.push_str(" --allow-lossy");
    }
    cmd.push(' ');
    cmd.push_str(&shell_quote(file));
    Some(cmd)
}

/// `s` as one POSIX shell word: bare when it holds only safe characters, else single-quoted.
pub(crate) fn shell_quote(s: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "_-./:@%+=,".contains(c);
    if !s.is_empty() && s.chars().all(safe) {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// The note that ends a report cut at `limit` characters: how many of the `listed` file blocks
/// are shown, and where the full report is (`full`: a file name, else how to get it).
pub fn truncation_note(limit: usize, shown: usize, listed: usize, full: Option<&str>) -> String {
    let where_ = full.map_or_else(
        || "run again with `--report-file FILE` (the full report goes to `FILE.full.md`) or `--report-limit 0`".to_owned(),
        |f| format!("the full report is in {} (the workflow artifact, in a GitHub Actions run of the mlm-migrate action)", code(f)),
    );
    format!(
        "\n---\n\n**Report truncated** at {} characters ({}): {shown} of {listed} file{} shown; {where_}.\n",
        thousands(limit),
        if limit == COMMENT_LIMIT {
            "GitHub's comment limit"
        } else {
            "`--report-limit`"
        },
        if listed == 1 { "" } else { "s" },
    )
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn validation_word(v: Option<&ValidationReport>) -> &'static str {
    match v {
        None => "validation skipped",
        Some(v) if !v.valid => "<b>invalid</b>",
        Some(v) if !v.notes.is_empty() => "valid (typed checks)",
        Some(_) => "valid",
    }
}

/// One file's block: `<details>` whose `<summary>` is the file's verdict (file, versions,
/// outcome, counts, validation, "needs a person"), then the fix command (`fix`), the changes,
/// diagnostics, validation and preprocessing check. Starts with a blank line.
pub fn section(r: &FileReport, mode: Mode, fix: Option<&str>) -> String {
    let verdict = mode.status_word(r.status);
    let mut line = code(&r.file);
    match &r.migration {
        Some(m) => {
            let n = counts(&m.changes, r.read_warnings.len());
            let _ = write!(
                line,
                ": {} → {}, <b>{verdict}</b>, {}, {}",
                code(&declared(r)),
                code(&m.target.to_string()),
                escape_html(&n),
                validation_word(r.validation.as_ref())
            );
        }
        None => {
            let _ = write!(line, ": <b>{verdict}</b>");
        }
    }
    if needs_person(r) {
        line.push_str(" · <b>needs a person</b>");
    }
    let mut s = format!("\n<details><summary>{line}</summary>\n\n");
    if let Some(cmd) = fix {
        let _ = writeln!(s, "Fix: `{cmd}`\n");
    }
    if let Some(m) = &r.migration {
        s.push_str(&changes(&m.changes));
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
    s.push_str("</details>\n");
    s
}

fn changes(changes: &[Change]) -> String {
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
                change_values(c),
                rule_cell(&c.rule),
                inline(&c.message)
            );
        }
        body.push('\n');
    }
    body
}

/// The `old → new` cell of a change: arrays and objects too long to read inline are shown
/// element by element, named from the change's member (`value_scaling[3].mean: 1254.2`).
fn change_values(c: &Change) -> String {
    let base =
        c.to.as_ref()
            .or(c.from.as_ref())
            .and_then(Pointer::split_last)
            .map_or_else(String::new, |(_, last)| last);
    element_wise(&base, c.op, c.old.as_ref(), c.new.as_ref())
        .unwrap_or_else(|| old_new(c.op, c.old.as_ref(), c.new.as_ref()))
}

/// Element-wise lines (joined by `<br>`) for a change whose values are containers too long to
/// show inline; `None` when [`old_new`] reads well.
pub(crate) fn element_wise(
    base: &str,
    op: Op,
    old: Option<&Value>,
    new: Option<&Value>,
) -> Option<String> {
    let container = |v: Option<&Value>| v.is_some_and(|v| v.is_array() || v.is_object());
    // what `short` abbreviates
    let long = |v: Option<&Value>| v.is_some_and(|v| v.to_string().chars().count() > 60);
    if !(long(old) || long(new)) {
        return None;
    }
    let mut lines = Vec::new();
    match (old, new) {
        (Some(a), Some(b)) if container(old) && container(new) => {
            if a == b {
                return None;
            }
            diff_leaves(a, b, &Pointer::root(), &mut lines);
        }
        (old, Some(b)) if container(new) && op != Op::Remove => {
            if let Some(a) = old.filter(|_| op != Op::Add) {
                lines.push(format!("was {}", code(&short(Some(a)))));
            }
            for (p, v) in leaves(b) {
                lines.push(format!(
                    "{}: {}",
                    code(&path_name(base, &p)),
                    code(&v.to_string())
                ));
            }
            return Some(capped(lines));
        }
        _ => return None,
    }
    let lines: Vec<String> = lines
        .into_iter()
        .map(|l| {
            // `diff_leaves` writes "<pointer>\t<what>"
            let (p, what) = l.split_once('\t').unwrap_or((&l, ""));
            let p = Pointer::parse(p).unwrap_or_default();
            format!("{}: {what}", code(&path_name(base, &p)))
        })
        .collect();
    Some(capped(lines))
}

/// Leaf-level differences of two values (objects by key, arrays by position), as
/// `"<pointer>\t<what>"` lines.
fn diff_leaves(a: &Value, b: &Value, at: &Pointer, out: &mut Vec<String>) {
    let v = |x: &Value| code(&short(Some(x)));
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, va) in x {
                match y.get(k) {
                    Some(vb) => diff_leaves(va, vb, &at.key(k), out),
                    None => out.push(format!("{}\t− {}", at.key(k), v(va))),
                }
            }
            for (k, vb) in y.iter().filter(|(k, _)| !x.has_member(k)) {
                out.push(format!("{}\t+ {}", at.key(k), v(vb)));
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                diff_leaves(va, vb, &at.index(i), out);
            }
            for (i, va) in x.iter().enumerate().skip(y.len()) {
                out.push(format!("{}\t− {}", at.index(i), v(va)));
            }
            for (i, vb) in y.iter().enumerate().skip(x.len()) {
                out.push(format!("{}\t+ {}", at.index(i), v(vb)));
            }
        }
        _ if a == b => {}
        _ => out.push(format!("{at}\t{} → {}", v(a), v(b))),
    }
}

/// `base` plus a relative pointer as a reader writes it: `value_scaling[3].mean`.
fn path_name(base: &str, rel: &Pointer) -> String {
    let mut out = base.to_owned();
    for t in rel.tokens() {
        if !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()) {
            let _ = write!(out, "[{t}]");
        } else {
            let _ = write!(out, ".{t}");
        }
    }
    out
}

fn capped(mut lines: Vec<String>) -> String {
    if lines.len() > ELEMENT_LINES {
        let more = lines.len() - ELEMENT_LINES;
        lines.truncate(ELEMENT_LINES);
        lines.push(format!("… {more} more"));
    }
    lines.join("<br>")
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().collect::<String>() + chars.as_str()
    })
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
    fn files_are_details_with_their_fix_command() {
        use crate::document::{Format, Source};
        use crate::engine::run::migrate_source;
        let text = include_str!("../../fixtures/mlm/v1.3.0/norm-clip.json");
        let source = Source::parse("a b.json", text.to_owned(), Format::Json).unwrap();
        let report = migrate_source(&source, &crate::engine::Options::default(), None);
        let run = RunInfo {
            target: crate::kernel::versions::Spec::default_target(),
            mode: Mode::Check,
            schemas: None,
        };
        let out = render(&run, std::slice::from_ref(&report), FixOptions::default());
        assert!(
            out.contains("\n<details><summary><code>a b.json</code>: "),
            "{out}"
        );
        assert!(
            out.contains("Fix: `mlm-migrate --write 'a b.json'`"),
            "{out}"
        );
        assert!(out.trim_end().ends_with("</details>"));
        assert!(out.find("| Files |") < out.find("<details>"));
    }

    #[test]
    fn arrays_change_element_by_element() {
        let old = json!([{"mean": 1254.2, "stddev": 2.0}, {"mean": 3, "stddev": 4.0}, {"mean": 5, "stddev": 6.0}]);
        let mut new = old.clone();
        new[1]["mean"] = json!(1254.2);
        new[0]["type"] = json!("z-score");
        let cell = element_wise("value_scaling", Op::Move, Some(&old), Some(&new)).unwrap();
        assert_eq!(
            cell,
            "<code>value_scaling[0].type</code>: + <code>\"z-score\"</code><br>\
             <code>value_scaling[1].mean</code>: <code>3</code> → <code>1254.2</code>"
        );
        let added = element_wise("value_scaling", Op::Add, None, Some(&old)).unwrap();
        assert!(added.starts_with("<code>value_scaling[0].mean</code>: <code>1254.2</code><br>"));
        assert_eq!(element_wise("x", Op::Add, None, Some(&json!([1]))), None);
    }

    #[test]
    fn truncation_note_names_the_full_report() {
        let note = truncation_note(COMMENT_LIMIT, 120, 300, Some("mlm-report.full.md"));
        assert!(
            note.contains("**Report truncated** at 65,536 characters"),
            "{note}"
        );
        assert!(note.contains("120 of 300 files shown"));
        assert!(note.contains("<code>mlm-report.full.md</code>"));
        assert_eq!(shell_quote("items/a.json"), "items/a.json");
        assert_eq!(shell_quote("it's.json"), r"'it'\''s.json'");
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
