//! NDJSON streams (`.ndjson` files, or NDJSON on standard input): one document per line,
//! migrated line by line through the worker pool and written line by line in input order, so
//! memory stays flat whatever the length of the stream.
//!
//! A line that cannot be read or migrated is reported with its line number
//! (`items.ndjson:2:17: invalid JSON: …`) and left out of the output while the other lines go
//! on; a refused line (lossy without `--allow-lossy`) is left out too; a line that is not a
//! model document passes through unchanged. Under `--write`, a stream with a line left out is
//! not rewritten (the file keeps every line), and a note says so.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use mlm_migrate::document::Format;
use mlm_migrate::files::{Found, read_stream};
use mlm_migrate::run::{Input, Status, process_bytes_with};

use super::listing::Listing;
use super::migrate::{Line, Shared};
use super::outputs::Sink;
use super::pool;
use super::report_out::ReportOut;

/// Where a stream comes from.
pub(crate) enum StreamInput {
    /// An `.ndjson` file.
    File(Found),
    /// Standard input that holds NDJSON: its first line, already read, and the rest.
    Stdin(Vec<u8>, BufReader<std::io::Stdin>),
}

/// Splits the inputs into documents (their indices in `found`) and NDJSON streams. Standard input is NDJSON when its
/// first line is a whole JSON object by itself; otherwise it is one document (JSON or YAML),
/// and the bytes read while deciding are kept for it ([`take_stdin`]).
pub(crate) fn split(found: &Listing, max_size: u64) -> (Vec<usize>, Vec<StreamInput>) {
    let mut files = Vec::with_capacity(found.len());
    let mut streams = Vec::new();
    for i in 0..found.len() {
        let path = found.path(i);
        if path.as_os_str() == "-" {
            match sniff_stdin(max_size) {
                Some(stream) => streams.push(stream),
                None => files.push(i),
            }
        } else if is_ndjson(path) {
            streams.push(StreamInput::File(found.get(i)));
        } else {
            files.push(i);
        }
    }
    (files, streams)
}

/// True for `.ndjson` (and `.jsonl`) file names.
pub(crate) fn is_ndjson(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("ndjson") || e.eq_ignore_ascii_case("jsonl"))
}

/// Standard input read as one document: its bytes, or why it could not be read.
pub(crate) type StdinDocument = Result<Vec<u8>, String>;

static STDIN_DOCUMENT: std::sync::Mutex<Option<StdinDocument>> = std::sync::Mutex::new(None);

/// Standard input read while deciding it is one document (taken once).
pub(crate) fn take_stdin() -> Option<StdinDocument> {
    STDIN_DOCUMENT.lock().ok()?.take()
}

fn sniff_stdin(max_size: u64) -> Option<StreamInput> {
    let mut reader = BufReader::new(std::io::stdin());
    let mut first = Vec::new();
    let _ = (&mut reader).take(max_size).read_until(b'\n', &mut first);
    let line = String::from_utf8_lossy(&first);
    let text = line.trim();
    if text.starts_with('{') && serde_json::from_str::<serde_json::Value>(text).is_ok() {
        return Some(StreamInput::Stdin(first, reader));
    }
    let rest = std::io::Cursor::new(first).chain(reader);
    let document = read_stream(rest, max_size, 0).map_err(|e| format!("<stdin>: cannot read: {e}"));
    if let Ok(mut slot) = STDIN_DOCUMENT.lock() {
        *slot = Some(document);
    }
    None
}

type Lines = Box<dyn Iterator<Item = (usize, std::io::Result<Vec<u8>>)> + Send>;

fn lines(first: Option<Vec<u8>>, mut reader: impl BufRead + Send + 'static, limit: u64) -> Lines {
    let mut n = 0;
    let mut first = first;
    Box::new(
        std::iter::from_fn(move || {
            loop {
                n += 1;
                let mut line = match first.take() {
                    Some(l) => l,
                    None => {
                        let mut l = Vec::new();
                        match (&mut reader).take(limit).read_until(b'\n', &mut l) {
                            Ok(0) => return None,
                            Ok(_) if l.len() as u64 >= limit && l.last() != Some(&b'\n') => {
                                // Skip the rest of the long line, then report it.
                                let mut rest = Vec::new();
                                let _ = reader.read_until(b'\n', &mut rest);
                                let e = std::io::Error::other(format!(
                                    "the line is longer than the {} limit (--max-size)",
                                    mlm_migrate::files::read::human(limit)
                                ));
                                return Some((n, Err(e)));
                            }
                            Ok(_) => l,
                            Err(e) => return Some((n, Err(e))),
                        }
                    }
                };
                while line.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
                    line.pop();
                }
                if !line.iter().all(u8::is_ascii_whitespace) {
                    return Some((n, Ok(line)));
                }
            }
        })
        .fuse(),
    )
}

/// Migrates one stream through the pool and writes its output in line order.
///
/// # Errors
/// The input cannot be opened or the output cannot be written.
pub(crate) fn run(
    shared: &Shared<'_>,
    input: StreamInput,
    threads: usize,
    out: &mut ReportOut,
) -> anyhow::Result<()> {
    // `file`: the stream's file, named by the Markdown fix command of its lines (standard
    // input has none).
    let (name, file, jobs, dest) = match input {
        StreamInput::File(f) => {
            let file = std::fs::File::open(&f.path)
                .with_context(|| format!("cannot read {}", f.path.display()))?;
            let dest = destination(shared, Some(&f));
            let limit = shared.args.input.max_size;
            let name = f.path.display().to_string();
            (
                name.clone(),
                Some(name),
                lines(None, BufReader::new(file), limit),
                dest,
            )
        }
        StreamInput::Stdin(first, reader) => {
            let limit = shared.args.input.max_size;
            (
                "<stdin>".to_owned(),
                None,
                lines(Some(first), reader, limit),
                destination(shared, None),
            )
        }
    };
    let mut stream = match &dest {
        Some(d) => {
            if let Some(parent) = d.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create directory {}", parent.display()))?;
            }
            Some(shared.writer.stream(d)?)
        }
        None => None,
    };
    let (mut left_out, mut error) = (0usize, None);
    pool::ordered(
        jobs,
        threads,
        |(n, line)| {
            let from = Line {
                file: file.as_deref(),
            };
            shared.line(&name, from, n, line)
        },
        |(piece, text)| {
            match (&mut stream, text) {
                (Some(s), Some(t)) => {
                    if let Err(e) = s.write_all(t.as_bytes()).and_then(|()| s.write_all(b"\n")) {
                        error.get_or_insert(e);
                    }
                }
                (_, None) => left_out += 1,
                (None, Some(_)) => {}
            }
            if let Err(e) = out.piece(piece) {
                error.get_or_insert(std::io::Error::other(e.to_string()));
            }
        },
    );
    if let Some(e) = error {
        return Err(e).with_context(|| format!("cannot write the output of {name}"));
    }
    let Some(stream) = stream else { return Ok(()) };
    if matches!(shared.sink, Sink::InPlace) && left_out > 0 {
        out.note(&format!(
            "{name}: not rewritten: {left_out} line(s) could not be migrated or were refused; the file keeps every line"
        ));
        return Ok(());
    }
    let written = stream.finish()?;
    written.notes.iter().for_each(|n| out.note(n));
    Ok(())
}

fn destination(shared: &Shared<'_>, f: Option<&Found>) -> Option<PathBuf> {
    match (&shared.sink, f) {
        (Sink::Nowhere, _) => None,
        (Sink::Stdout, _) | (Sink::InPlace, None) => Some(PathBuf::from("/dev/stdout")),
        (Sink::File(p), _) => Some(p.clone()),
        (Sink::Dir(d), Some(f)) => Some(d.join(&f.relative)),
        (Sink::Dir(d), None) => Some(d.join("stdin.ndjson")),
        (Sink::InPlace, Some(f)) => Some(f.path.clone()),
    }
}

impl Shared<'_> {
    /// One NDJSON line on a worker: its report piece and the text to write, if any.
    fn line(
        &self,
        file: &str,
        from: Line<'_>,
        n: usize,
        bytes: std::io::Result<Vec<u8>>,
    ) -> (super::report_out::Piece, Option<String>) {
        let name = format!("{file}:{n}");
        let mut r = match bytes {
            Ok(b) => process_bytes_with(
                &name,
                b,
                Some(Format::Json),
                &self.options,
                self.schemas,
                self.stages(),
            ),
            Err(e) => process_bytes_with(
                &name,
                Vec::new(),
                Some(Format::Json),
                &self.options,
                None,
                self.stages(),
            )
            .with_error(format!("{name}: cannot read: {e}")),
        };
        if let Some(e) = &mut r.error {
            // The line is line 1 of its own text: name the stream's line instead.
            if let Some(rest) = e.strip_prefix(&format!("{name}:1:")) {
                *e = format!("{name}:{rest}");
            }
        }
        let r = r.skip_if_not_model();
        let text = match r.status {
            Status::Migrated | Status::Unchanged => r.output_text.clone(),
            Status::Skipped => Some(r.input_text.clone()),
            Status::Refused | Status::Failed => None,
        };
        (self.finish(r, &Input::Stdin, None, Some(from)), text)
    }
}
