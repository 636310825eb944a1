//! Machine-readable reports: one JSON document (`--report json`) or JSON Lines
//! (`--report json-lines`), one record per line tagged by `type` (ripgrep's JSON printer).
//!
//! JSON Lines records, in this order for each file, then one summary:
//!
//! | `type` | members besides `type` |
//! |---|---|
//! | `file` | `file`, `format`, `status`, `from`, `target`, `changed`, `changes`, `refusals`, `error` |
//! | `change` | `file` and the [`Change`](super::Change) (`rule`, `op`, `from`, `to`, `old`, `new`, `fidelity`, `message`) |
//! | `diagnostic` | `file` and the [`Diagnostic`](super::Diagnostic); reader leniencies as code `lenient-json` with `line`, `column` |
//! | `validation` | `file` and the [`ValidationReport`](crate::validate::ValidationReport) (`valid`, `source`, `carried`, `introduced`, `schemas`, `notes`) |
//! | `check` | `file` and the preprocessing [`CheckReport`](crate::check::CheckReport) |
//! | `summary` | `mode`, `target`, the [`Summary`] counts, `message` |

use serde::Serialize;
use serde_json::{Error, Map, Value, json};

use super::summary::{Mode, Summary, declared};
use crate::document::LENIENT_JSON;
use crate::engine::run::FileReport;
use crate::kernel::versions::Spec;

/// What the whole run was: target, mode and the schema mirror used.
#[derive(Debug, Clone, Copy)]
pub struct RunInfo<'a> {
    /// Version written.
    pub target: Spec,
    /// Output mode.
    pub mode: Mode,
    /// The schema mirror, when validation ran.
    pub schemas: Option<&'a str>,
}

/// One pretty-printed JSON document: `{"target", "mode", "schemas", "files": [FileReport…],
/// "counts": Summary, "summary": "2 migrated, …"}`.
///
/// Bulk runs write the same document piece by piece ([`document_head`], [`document_file`],
/// [`document_tail`]) as files finish, so no report is kept.
///
/// # Errors
/// A serialization error (a report type that cannot be written as JSON: a bug).
pub fn document(run: &RunInfo<'_>, reports: &[FileReport]) -> Result<String, Error> {
    let mut out = document_head(run)?;
    for (i, r) in reports.iter().enumerate() {
        out.push_str(&document_file(r, i == 0)?);
    }
    out.push_str(&document_tail(
        run,
        &Summary::of(reports),
        reports.is_empty(),
    )?);
    Ok(out)
}

/// The start of the JSON document, up to and including `"files": [`.
///
/// # Errors
/// A serialization error (a bug).
pub fn document_head(run: &RunInfo<'_>) -> Result<String, Error> {
    Ok(format!(
        "{{\n  \"target\": {},\n  \"mode\": {},\n  \"schemas\": {},\n  \"files\": [",
        serde_json::to_string(&run.target)?,
        serde_json::to_string(&run.mode)?,
        serde_json::to_string(&run.schemas)?,
    ))
}

/// One file's record in the `files` array (`first`: no separating comma), indented as
/// `serde_json::to_string_pretty` indents the whole document.
///
/// # Errors
/// A serialization error (a bug).
pub fn document_file(r: &FileReport, first: bool) -> Result<String, Error> {
    // Reserved at once (a record is at most a few kilobytes of JSON, a preprocessing check
    // the largest): see `FileReport::records`.
    let mut text = Vec::with_capacity(4096 * r.records() + 4096);
    write_document_file(&mut text, r, first)?;
    // serde_json writes valid UTF-8, and the indentation is ASCII.
    Ok(String::from_utf8(text).unwrap_or_default())
}

/// [`document_file`] written to `out`, indented while it is written (the record of an
/// ItemCollection of thousands of Items runs to tens of megabytes: it is never held twice,
/// nor at all when `out` is a file).
///
/// # Errors
/// A serialization or write error.
pub fn write_document_file(
    out: impl std::io::Write,
    r: &FileReport,
    first: bool,
) -> Result<(), Error> {
    let mut out = Indented { out };
    out.out
        .write_all(if first { b"\n    " } else { b",\n    " })
        .map_err(Error::io)?;
    serde_json::to_writer_pretty(&mut out, r)
}

/// A writer that puts four spaces after each line break (JSON text has none inside strings).
struct Indented<W> {
    out: W,
}

impl<W: std::io::Write> std::io::Write for Indented<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        for line in buf.split_inclusive(|b| *b == b'\n') {
            self.out.write_all(line)?;
            if line.ends_with(b"\n") {
                self.out.write_all(b"    ")?;
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// The end of the JSON document: closes `files`, then `counts` and `summary`; `empty` when no
/// file record was written.
///
/// # Errors
/// A serialization error (a bug).
pub fn document_tail(run: &RunInfo<'_>, counts: &Summary, empty: bool) -> Result<String, Error> {
    let counts_text = serde_json::to_string_pretty(counts)?.replace('\n', "\n  ");
    Ok(format!(
        "{}],\n  \"counts\": {counts_text},\n  \"summary\": {}\n}}\n",
        if empty { "" } else { "\n  " },
        serde_json::to_string(&counts.sentence(run.mode))?,
    ))
}

/// JSON Lines: per file a `file` record and its `change`, `diagnostic`, `validation` and
/// `check` records, then one `summary` record (see the module docs).
///
/// # Errors
/// A serialization error (a report type that cannot be written as JSON: a bug).
pub fn lines(run: &RunInfo<'_>, reports: &[FileReport]) -> Result<String, Error> {
    let mut out = String::new();
    for r in reports {
        out.push_str(&file_lines(r)?);
    }
    out.push_str(&summary_line(run, &Summary::of(reports))?);
    Ok(out)
}

/// The JSON Lines records of one file (a bulk run streams them as files finish).
///
/// # Errors
/// A serialization error (a bug).
pub fn file_lines(r: &FileReport) -> Result<String, Error> {
    let mut out = String::new();
    for record in file_records(r)? {
        out.push_str(&record.to_string());
        out.push('\n');
    }
    Ok(out)
}

/// The closing `summary` record.
///
/// # Errors
/// A serialization error (a bug).
pub fn summary_line(run: &RunInfo<'_>, counts: &Summary) -> Result<String, Error> {
    let mut summary = tagged("summary", None);
    summary.insert("mode".into(), to_value(&run.mode)?);
    summary.insert("target".into(), to_value(&run.target)?);
    extend(&mut summary, to_value(counts)?);
    summary.insert("message".into(), counts.sentence(run.mode).into());
    Ok(format!("{}\n", Value::Object(summary)))
}

fn file_records(r: &FileReport) -> Result<Vec<Value>, Error> {
    let mut records = Vec::new();
    let mut file = tagged("file", Some(&r.file));
    file.insert("format".into(), to_value(&r.format)?);
    file.insert("status".into(), to_value(&r.status)?);
    if let Some(m) = &r.migration {
        file.insert("from".into(), declared(r).into());
        file.insert("target".into(), to_value(&m.target)?);
        file.insert("changes".into(), m.changes.len().into());
    }
    file.insert("changed".into(), r.changed().into());
    file.insert("refusals".into(), to_value(&r.refusals)?);
    if let Some(e) = &r.error {
        file.insert("error".into(), e.as_str().into());
    }
    records.push(Value::Object(file));
    let with = |kind: &str, body: Value| {
        let mut rec = tagged(kind, Some(&r.file));
        extend(&mut rec, body);
        Value::Object(rec)
    };
    if let Some(m) = &r.migration {
        for c in &m.changes {
            records.push(with("change", to_value(c)?));
        }
    }
    records.extend(r.read_warnings.iter().map(|w| {
        let body = json!({
            "code": LENIENT_JSON.id,
            "severity": "warning",
            "line": w.line,
            "column": w.column,
            "message": format!("{} removed: {}", w.what, w.text.trim()),
        });
        with("diagnostic", body)
    }));
    if let Some(m) = &r.migration {
        for d in &m.diagnostics {
            records.push(with("diagnostic", to_value(d)?));
        }
    }
    if let Some(v) = &r.validation {
        records.push(with("validation", to_value(v)?));
    }
    if let Some(c) = &r.check {
        records.push(with("check", to_value(c)?));
    }
    Ok(records)
}

/// A record that starts with `type` (and `file`), so `jq 'select(.type == "change")'` reads well.
fn tagged(kind: &str, file: Option<&str>) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("type".into(), kind.into());
    if let Some(f) = file {
        m.insert("file".into(), f.into());
    }
    m
}

fn extend(m: &mut Map<String, Value>, body: Value) {
    if let Value::Object(b) = body {
        m.extend(b);
    }
}

fn to_value<T: Serialize + ?Sized>(v: &T) -> Result<Value, Error> {
    serde_json::to_value(v)
}
