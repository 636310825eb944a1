//! `mlm-migrate migrate`: run the library per input, write what may be written, report.

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressStyle};
use mlm_migrate::Options;
use mlm_migrate::files::Writer;
use mlm_migrate::report::json::{self, RunInfo};
use mlm_migrate::report::markdown;
use mlm_migrate::report::summary::{Mode, Summary, check_line};
use mlm_migrate::report::text::{TextOptions, render};
use mlm_migrate::review::{UnifiedOptions, file_patch, unified};
use mlm_migrate::run::{ExitStatus, FileReport, Input, Status, process_limited};
use mlm_migrate::validate::SchemaStore;
use rayon::prelude::*;

use super::args::{MigrateArgs, MigrateReport, OutputFormat};
use super::outputs::{self, Planned, Sink};
use super::{open_schemas, stderr_color, stdout_color, write_stdout};

/// Files processed in parallel per batch: enough to keep every core busy, few enough that a
/// bulk run holds only a batch of documents in memory.
const BATCH: usize = 64;

/// Runs the command; `Err` means bad arguments, an unusable schema mirror, or two inputs that
/// would be written to one output (exit 2, nothing written).
///
/// Inputs are migrated in parallel batches (rayon), then written and reported in input order;
/// reports stream as batches finish (text and JSON Lines), so memory does not grow with the
/// size of a catalog. `--report json|markdown` keep one summary-sized report per file.
pub(crate) fn run(args: &MigrateArgs) -> anyhow::Result<ExitStatus> {
    let schemas = open_schemas(args.schemas.as_deref())?;
    let options = Options {
        target: args.to,
        strict: args.strict,
        allow_lossy: args.allow_lossy,
        fix: args.fix,
    };
    let mode = mode(args);
    let (found, bulk) = super::inputs(&args.paths, &args.input)?;
    let skip_non_model = bulk || args.skip_non_model;
    if found.is_empty() {
        bail!("no .json, .geojson, .yaml or .yml files under the given paths");
    }
    let sink = outputs::sink(args, &found, bulk)?;
    let (planned, repeats) = outputs::plan(&sink, found, args.format)?;
    let writer = Writer::new(args.force);
    let mut out = ReportOut::new(args, mode, schemas.as_ref(), (planned.len(), bulk))?;
    repeats.iter().for_each(|n| out.note(n));
    let mut exit = ExitStatus::Clean;
    let diff = UnifiedOptions {
        color: stdout_color(args.color),
    };
    for batch in planned.chunks(BATCH) {
        let reports: Vec<FileReport> = batch
            .par_iter()
            .map(|p| {
                let r = process_limited(&p.input, args.input.max_size, &options, schemas.as_ref());
                if skip_non_model {
                    r.skip_if_not_model()
                } else {
                    r
                }
            })
            .collect();
        for (planned, mut r) in batch.iter().zip(reports) {
            let delivered = match mode {
                Mode::Diff => r.output_text.as_deref().map_or(Ok(Vec::new()), |o| {
                    write_stdout(&unified(&r.file, &r.input_text, o, diff)).map(|()| Vec::new())
                }),
                _ => deliver(&sink, &writer, planned, &r, args.format),
            };
            match delivered {
                Ok(notes) => notes.iter().for_each(|n| out.note(n)),
                Err(e) => {
                    r.status = Status::Failed;
                    r.error = Some(format!("cannot write output: {e:#}"));
                }
            }
            writer.take_notes().iter().for_each(|n| out.note(n));
            exit = exit.max(mode.exit_status(&r));
            out.file(r.without_texts())?;
        }
    }
    out.finish(&writer)?;
    Ok(exit)
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

/// Writes one output where the plan says, if the report allows it: the document, or with
/// `--format json-patch` the patch from the input to it. Under `--write`, the directory of
/// every input is swept of stale temporary files, written or not. Returns the writer's notes.
fn deliver(
    sink: &Sink,
    writer: &Writer,
    planned: &Planned,
    r: &FileReport,
    format: OutputFormat,
) -> anyhow::Result<Vec<String>> {
    if let (Sink::InPlace, Input::Path(p)) = (sink, &planned.input) {
        writer.sweep(
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
    let text = match format {
        OutputFormat::Document => doc.to_owned(),
        OutputFormat::JsonPatch => {
            let patch = file_patch(r).context("no patch: the input could not be read again")?;
            format!("{}\n", serde_json::to_string_pretty(&patch)?)
        }
    };
    match (sink, &planned.dest) {
        (Sink::Stdout, _) => write_stdout(&text).map(|()| Vec::new()),
        (Sink::InPlace, Some(dest)) if r.changed() => {
            // Like `sed -i`: a FIFO or device read as input is not rewritten "in place".
            if !std::fs::metadata(dest).is_ok_and(|m| m.is_file()) {
                bail!("not a regular file; --write rewrites regular files only (use -o FILE)");
            }
            outputs::write(writer, dest, &text)
        }
        (Sink::InPlace, _) | (Sink::Nowhere, _) | (_, None) => Ok(Vec::new()),
        (Sink::File(_) | Sink::Dir(_), Some(dest)) => outputs::write(writer, dest, &text),
    }
}

/// Where the report goes, written as files finish: text and JSON Lines stream; JSON and
/// markdown are written at the end from the kept (text-free) reports. On a terminal, a bulk
/// run shows a progress bar, with report lines printed above it.
struct ReportOut<'a> {
    args: &'a MigrateArgs,
    run: RunInfo<'a>,
    counts: Summary,
    kept: Vec<FileReport>,
    buffer: String,
    progress: Option<ProgressBar>,
    color: bool,
    bulk: bool,
}

impl<'a> ReportOut<'a> {
    fn new(
        args: &'a MigrateArgs,
        mode: Mode,
        schemas: Option<&'a SchemaStore>,
        (total, bulk): (usize, bool),
    ) -> anyhow::Result<Self> {
        let to_terminal = args.report_file.is_none() && std::io::stderr().is_terminal();
        let progress = (to_terminal && total > 1).then(|| {
            let bar = ProgressBar::new(total as u64);
            if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}")
            {
                bar.set_style(style);
            }
            bar
        });
        Ok(Self {
            args,
            run: RunInfo {
                target: args.to,
                mode,
                schemas: schemas.map(|s| s.dir().to_str().unwrap_or_default()),
            },
            counts: Summary::default(),
            kept: Vec::new(),
            buffer: String::new(),
            progress,
            color: args.report_file.is_none() && stderr_color(args.color),
            bulk,
        })
    }

    fn file(&mut self, r: FileReport) -> anyhow::Result<()> {
        self.counts.add(&r);
        let piece = match self.args.report {
            MigrateReport::Text if self.run.mode == Mode::Check => {
                check_line(&r, self.run.mode).map(|l| l + "\n")
            }
            MigrateReport::Text => Some(render(&r, TextOptions { color: self.color })),
            MigrateReport::JsonLines => Some(json::file_lines(&r)?),
            MigrateReport::Json | MigrateReport::Markdown => {
                self.kept.push(r);
                None
            }
        };
        if let Some(p) = piece {
            self.emit(&p)?;
        }
        if let Some(bar) = &self.progress {
            bar.inc(1);
        }
        Ok(())
    }

    fn emit(&mut self, text: &str) -> anyhow::Result<()> {
        match (&self.args.report_file, &self.progress) {
            (Some(_), _) => self.buffer.push_str(text),
            (None, Some(bar)) => bar.suspend(|| {
                let _ = std::io::stderr().write_all(text.as_bytes());
            }),
            (None, None) => {
                let _ = std::io::stderr().write_all(text.as_bytes());
            }
        }
        Ok(())
    }

    /// A `note:` line on standard error (above the progress bar), whatever the report format.
    fn note(&self, text: &str) {
        let line = format!("note: {text}\n");
        match &self.progress {
            Some(bar) => bar.suspend(|| {
                let _ = std::io::stderr().write_all(line.as_bytes());
            }),
            None => {
                let _ = std::io::stderr().write_all(line.as_bytes());
            }
        }
    }

    fn finish(mut self, writer: &Writer) -> anyhow::Result<()> {
        if let Some(bar) = self.progress.take() {
            bar.finish_and_clear();
        }
        let tail = match self.args.report {
            MigrateReport::Text if self.bulk || self.run.mode.is_dry_run() => {
                format!("{}\n", self.counts.sentence(self.run.mode))
            }
            MigrateReport::Text => String::new(),
            MigrateReport::JsonLines => json::summary_line(&self.run, &self.counts)?,
            MigrateReport::Json => json::document(&self.run, &self.kept)?,
            MigrateReport::Markdown => markdown::render(&self.run, &self.kept),
        };
        self.emit(&tail)?;
        if let Some(path) = &self.args.report_file {
            let notes = outputs::write(writer, path, &self.buffer)
                .with_context(|| format!("cannot write report {}", path.display()))?;
            notes.iter().for_each(|n| self.note(n));
        }
        Ok(())
    }
}
