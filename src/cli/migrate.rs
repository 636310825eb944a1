//! `mlm-migrate migrate`: run the library per input, write what may be written, report.
//!
//! Files are migrated by worker threads ([`super::pool`]): each worker reads, migrates,
//! validates, writes the output and renders the file's report piece; the main thread prints
//! the pieces in input order and adds up the summary. NDJSON streams ([`super::ndjson`]) go
//! through the same pool line by line.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, bail};
use mlm_migrate::Options;
use mlm_migrate::Spec;
use mlm_migrate::document::Format;
use mlm_migrate::files::{Found, Writer};
use mlm_migrate::report::markdown;
use mlm_migrate::report::summary::{Mode, check_line};
use mlm_migrate::report::tally::{FileTally, needs_person};
use mlm_migrate::report::text::{TextOptions, render};
use mlm_migrate::report::{annotate, json};
use mlm_migrate::review::{UnifiedOptions, file_patch, unified};
use mlm_migrate::run::{
    ExitStatus, FileReport, Input, Stages, Status, process_bytes_with, process_limited_with,
};
use mlm_migrate::validate::SchemaStore;

use super::args::{MigrateArgs, OutputFormat};
use super::collection::Whole;
use super::outputs::{self, Sink};
use super::report_out::{Kind, Piece, ReportOut};
use super::{ndjson, open_schemas, pool, stderr_color, stdout_color};

/// Everything a worker needs, shared by every worker of a run.
pub(crate) struct Shared<'a> {
    /// The arguments.
    pub args: &'a MigrateArgs,
    /// The migration options.
    pub options: Options,
    /// The schema store, when there is one.
    pub schemas: Option<&'a SchemaStore>,
    /// Where outputs go.
    pub sink: Sink,
    /// The safe writer.
    pub writer: Writer,
    /// The mode.
    pub mode: Mode,
    /// The report kind.
    pub kind: Kind,
    /// Colour in the text report.
    pub color: bool,
    /// `--diff` options.
    pub diff: UnifiedOptions,
    /// Documents that are not model documents are skipped, not failed.
    pub skip_non_model: bool,
    /// Output directories created so far (each is created once).
    dirs: Mutex<HashSet<PathBuf>>,
}

/// Runs the command; `Err` means bad arguments, an unusable schema mirror, or two inputs that
/// would be written to one output (exit 2, nothing written).
pub(crate) fn run(args: &MigrateArgs) -> anyhow::Result<ExitStatus> {
    let schemas = open_schemas(args.schemas.as_deref())?;
    let mode = mode(args);
    let (found, bulk) = super::inputs(&args.paths, &args.input)?;
    if found.is_empty() {
        bail!("no .json, .geojson, .ndjson, .yaml or .yml files under the given paths");
    }
    let sink = outputs::sink(args, &found, bulk)?;
    let (files, streams) = ndjson::split(&found, args.input.max_size);
    // A stream holds many documents: reported like a bulk run, one line per line.
    let bulk = bulk || !streams.is_empty();
    let (planned, repeats) = outputs::plan(&sink, &found, files, args.format)?;
    let schemas_dir: Option<&'static str> = schemas
        .as_ref()
        .and_then(|s| s.dir().to_str())
        .map(|s| &*Box::leak(s.to_owned().into_boxed_str()));
    let shared = Shared {
        args,
        options: Options {
            target: args.to,
            strict: args.strict,
            allow_lossy: args.allow_lossy,
            fix: args.fix,
        },
        schemas: schemas.as_ref(),
        sink,
        writer: Writer::new(args.force),
        mode,
        kind: Kind::of(args, mode, bulk),
        color: args.report_file.is_none() && stderr_color(args.color),
        diff: UnifiedOptions {
            color: stdout_color(args.color),
        },
        skip_non_model: bulk || args.skip_non_model,
        dirs: Mutex::new(HashSet::new()),
    };
    let total = planned.len() + streams.len();
    let mut out = ReportOut::new(
        args,
        (shared.kind, mode),
        schemas_dir,
        (total, bulk),
        &shared.writer,
    )?;
    repeats.iter().for_each(|n| out.note(n));
    let threads = pool::threads(args.threads);
    let mut failure = None;
    pool::ordered(
        planned.into_iter().map(|i| found.get(i)),
        threads,
        |f| shared.file(&f),
        |piece| {
            if let Err(e) = out.piece(piece) {
                failure.get_or_insert(e);
            }
        },
    );
    if let Some(e) = failure {
        return Err(e);
    }
    for stream in streams {
        ndjson::run(&shared, stream, threads, &mut out)?;
    }
    shared.writer.take_notes().iter().for_each(|n| out.note(n));
    out.finish()
}

fn mode(args: &MigrateArgs) -> Mode {
    if args.mode.check {
        Mode::Check
    } else if args.mode.diff {
        Mode::Diff
    } else if args.mode.write {
        Mode::Write
    } else if args.output.is_some() {
        Mode::Output
    } else {
        Mode::Stdout
    }
}

/// A JSON report record of at least this many records (changes, diagnostics, findings,
/// checks) is written to a temporary file by its worker rather than held as text: the record
/// of an ItemCollection of thousands of Items runs to tens of megabytes.
const SPOOL_RECORDS: usize = 2_000;

/// `r`'s JSON record in a temporary file (`None` when none can be written).
fn spool(r: &FileReport) -> Option<std::fs::File> {
    let file = tempfile::tempfile().ok()?;
    let mut out = std::io::BufWriter::new(file);
    json::write_document_file(&mut out, r, false).ok()?;
    out.into_inner().ok()
}

/// A document read from one line of an NDJSON stream: its stream writes it (not delivered
/// alone), the summary counts it as a line, and its fix command rewrites `file`, the stream's
/// file (`None` for standard input).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line<'a> {
    pub(crate) file: Option<&'a str>,
}

impl Shared<'_> {
    /// One file end to end, on a worker: migrate, write, render the report piece.
    fn file(&self, f: &Found) -> Piece {
        let input = Input::from_arg(&f.path);
        let dest = outputs::dest(&self.sink, f, self.args.format);
        let r = match (&input, ndjson::take_stdin()) {
            (Input::Stdin, Some(Ok(bytes))) => process_bytes_with(
                "<stdin>",
                bytes,
                None,
                &self.options,
                self.schemas,
                self.stages(),
            ),
            (Input::Stdin, Some(Err(e))) => process_bytes_with(
                "<stdin>",
                Vec::new(),
                None,
                &self.options,
                None,
                self.stages(),
            )
            .with_error(e),
            _ => match self.collection(f, dest.as_deref()) {
                Ok(piece) => return piece,
                Err(Whole::Read(bytes)) => process_bytes_with(
                    &f.path.display().to_string(),
                    bytes,
                    Format::from_path(&f.path),
                    &self.options,
                    self.schemas,
                    self.stages(),
                ),
                Err(Whole::Unread) => process_limited_with(
                    &input,
                    self.args.input.max_size,
                    &self.options,
                    self.schemas,
                    self.stages(),
                ),
            },
        };
        self.finish(r, &input, dest.as_deref(), None)
    }

    /// What each document runs: everything, without rendering output texts under `--check`
    /// (nothing is written or shown; the status is told from the values).
    pub(crate) fn stages(&self) -> Stages {
        if self.mode == Mode::Check {
            Stages::CHECK
        } else {
            Stages::ALL
        }
    }

    /// Delivers one report's output (to `dest`, standard output or nowhere; not for a `line`
    /// of an NDJSON stream: lines are written by their stream) and renders its piece; a failed
    /// write turns the file into a failure (never counted as migrated).
    pub(crate) fn finish(
        &self,
        r: FileReport,
        input: &Input,
        dest: Option<&Path>,
        line: Option<Line<'_>>,
    ) -> Piece {
        self.finish_with(r, input, dest, line, None)
    }

    /// [`Self::finish`] of a report whose output was already delivered (streamed to its
    /// destination, see [`super::collection`]): `delivered` is the writer's notes or error.
    pub(crate) fn finish_delivered(
        &self,
        r: FileReport,
        input: &Input,
        delivered: anyhow::Result<Vec<String>>,
    ) -> Piece {
        self.finish_with(r, input, None, None, Some(delivered))
    }

    fn finish_with(
        &self,
        mut r: FileReport,
        input: &Input,
        dest: Option<&Path>,
        line: Option<Line<'_>>,
        delivered: Option<anyhow::Result<Vec<String>>>,
    ) -> Piece {
        if self.skip_non_model {
            r = r.skip_if_not_model();
        }
        let mut piece = Piece {
            counted: true,
            ..Piece::default()
        };
        let delivered = match (self.mode, delivered) {
            (_, Some(done)) => done,
            (Mode::Diff, None) => {
                if let Some(o) = r.output_text.as_deref() {
                    piece.stdout = unified(&r.file, &r.input_text, o, self.diff);
                }
                Ok(Vec::new())
            }
            _ if line.is_none() => self.deliver(input, dest, &r, &mut piece.stdout),
            _ => Ok(Vec::new()),
        };
        match delivered {
            Ok(notes) => piece.notes = notes,
            Err(e) => {
                r.status = Status::Failed;
                r.error = Some(format!("cannot write output: {e:#}"));
            }
        }
        piece.notes.extend(self.writer.take_notes());
        let annotations = matches!(self.kind, Kind::Github | Kind::Sarif)
            .then(|| annotate::annotations(&r, self.mode))
            .unwrap_or_default();
        let r = r.without_texts();
        piece.tally = FileTally::of(&r, self.mode);
        if line.is_some() {
            piece.tally = std::mem::take(&mut piece.tally).from_stream_line();
        }
        self.render(&r, line, &mut piece, &annotations);
        piece
    }

    /// Renders the report piece of `r` (read from a `line` of an NDJSON stream, if given).
    fn render(
        &self,
        r: &FileReport,
        line: Option<Line<'_>>,
        piece: &mut Piece,
        annotations: &[annotate::Annotation],
    ) {
        let quiet_skip = self.args.quiet && r.status != Status::Failed;
        piece.report = match self.kind {
            _ if quiet_skip && matches!(self.kind, Kind::Lines | Kind::Detailed) => String::new(),
            Kind::Lines => check_line(r, self.mode).map_or_else(String::new, |l| l + "\n"),
            Kind::Detailed => render(r, TextOptions { color: self.color }),
            Kind::JsonLines => json::file_lines(r).unwrap_or_default(),
            Kind::Json if r.records() >= SPOOL_RECORDS => match spool(r) {
                Some(file) => {
                    piece.spooled = Some(file);
                    String::new()
                }
                None => json::document_file(r, false).unwrap_or_default(),
            },
            Kind::Json => json::document_file(r, false).unwrap_or_default(),
            Kind::Markdown if markdown::needs_look(r) => {
                piece.person = needs_person(r);
                let fix = markdown::FixOptions {
                    to: (self.args.to != Spec::default_target()).then_some(self.args.to),
                    fix: self.args.fix,
                };
                // A stream line is fixed by rewriting its file; a stream read on standard
                // input has no file to name.
                let command = match line {
                    None => markdown::fix_command(r, self.mode, fix),
                    Some(Line { file: None }) => None,
                    Some(Line { file: Some(f) }) => {
                        markdown::fix_command_naming(f, r, self.mode, fix)
                    }
                };
                markdown::section(r, self.mode, command.as_deref())
            }
            Kind::Markdown => String::new(),
            Kind::Github => annotate::github(&r.file, annotations),
            Kind::Sarif => {
                piece.sarif_rules = annotations.iter().map(annotate::sarif_rule).collect();
                annotate::sarif_results(&r.file, annotations)
                    .iter()
                    .map(|v| format!(",\n{v}"))
                    .collect()
            }
        };
    }

    /// Writes one output where the plan says, if the report allows it: the document, or with
    /// `--format json-patch` the patch from the input to it. Under `--write`, the directory of
    /// every input is swept of stale temporary files, written or not. Returns the writer's
    /// notes; standard output text goes to `stdout`.
    fn deliver(
        &self,
        input: &Input,
        dest: Option<&Path>,
        r: &FileReport,
        stdout: &mut String,
    ) -> anyhow::Result<Vec<String>> {
        if let (Sink::InPlace, Input::Path(p)) = (&self.sink, input) {
            self.writer.sweep(
                p.parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .unwrap_or(Path::new(".")),
            );
        }
        let Some(doc) = r
            .output_text
            .as_deref()
            .filter(|_| matches!(r.status, Status::Migrated | Status::Unchanged))
        else {
            return Ok(Vec::new());
        };
        let text = match self.args.format {
            OutputFormat::Document => doc.to_owned(),
            OutputFormat::JsonPatch => {
                let patch = file_patch(r).context("no patch: the input could not be read again")?;
                format!("{}\n", serde_json::to_string_pretty(&patch)?)
            }
        };
        match (&self.sink, dest) {
            (Sink::Stdout, _) => {
                *stdout = text;
                Ok(Vec::new())
            }
            (Sink::InPlace, Some(dest)) if r.changed() => {
                // Like `sed -i`: a FIFO or device read as input is not rewritten "in place".
                if !std::fs::metadata(dest).is_ok_and(|m| m.is_file()) {
                    bail!("not a regular file; --write rewrites regular files only (use -o FILE)");
                }
                self.write(dest, &text)
            }
            (Sink::InPlace, _) | (Sink::Nowhere, _) | (_, None) => Ok(Vec::new()),
            (Sink::File(_) | Sink::Dir(_), Some(dest)) => self.write(dest, &text),
        }
    }

    /// Writes `text` to `dest`, creating its directory the first time one is needed.
    pub(crate) fn write(&self, dest: &Path, text: &str) -> anyhow::Result<Vec<String>> {
        if let Some(parent) = dest.parent().filter(|p| !p.as_os_str().is_empty()) {
            let known = self.dirs.lock().is_ok_and(|d| d.contains(parent));
            if !known {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create directory {}", parent.display()))?;
                if let Ok(mut d) = self.dirs.lock() {
                    d.insert(parent.to_owned());
                }
            }
        }
        Ok(self.writer.write(dest, text.as_bytes())?.notes)
    }
}
