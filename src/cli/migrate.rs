//! `mlm-migrate migrate`: run the library per input, write what may be written, report.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressStyle};
use mlm_migrate::Options;
use mlm_migrate::report::json::{self, RunInfo};
use mlm_migrate::report::markdown;
use mlm_migrate::report::summary::{Mode, Summary, check_line};
use mlm_migrate::report::text::{TextOptions, render};
use mlm_migrate::review::{UnifiedOptions, file_patch, unified};
use mlm_migrate::run::{ExitStatus, FileReport, Input, Status, expand, process, write_atomic};
use mlm_migrate::validate::SchemaStore;
use rayon::prelude::*;

use super::args::{MigrateArgs, MigrateReport, OutputFormat};
use super::{open_schemas, stderr_color, stdout_color, write_stdout};

/// Where outputs go.
enum Sink {
    Stdout,
    File(PathBuf),
    Dir(PathBuf),
    InPlace,
    Nowhere,
}

/// Files processed in parallel per batch: enough to keep every core busy, few enough that a
/// bulk run holds only a batch of documents in memory.
const BATCH: usize = 64;

/// Runs the command; `Err` means bad arguments or an unusable schema mirror (exit 2).
///
/// Inputs are migrated in parallel batches (rayon), then written and reported in input order;
/// reports stream as batches finish (text and JSON Lines), so memory does not grow with the
/// size of a catalog. `--report json|markdown` keep one summary-sized report per file.
pub fn run(args: &MigrateArgs) -> anyhow::Result<ExitStatus> {
    let schemas = open_schemas(args.schemas.as_deref())?;
    let options = Options {
        target: args.to,
        strict: args.strict,
        allow_lossy: args.allow_lossy,
        fix: args.fix,
    };
    let mode = mode(args);
    let (inputs, bulk) = expand(&args.paths).map_err(anyhow::Error::msg)?;
    let skip_non_model = bulk || args.skip_non_model;
    if inputs.is_empty() {
        bail!("no .json, .geojson, .yaml or .yml files under the given paths");
    }
    let sink = sink(args, &inputs, bulk)?;
    let mut out = ReportOut::new(args, mode, schemas.as_ref(), (inputs.len(), bulk))?;
    let mut exit = ExitStatus::Clean;
    let diff = UnifiedOptions {
        color: stdout_color(args.color),
    };
    for batch in inputs.chunks(BATCH) {
        let reports: Vec<FileReport> = batch
            .par_iter()
            .map(|i| {
                let r = process(i, &options, schemas.as_ref());
                if skip_non_model {
                    r.skip_if_not_model()
                } else {
                    r
                }
            })
            .collect();
        for (input, r) in batch.iter().zip(reports) {
            exit = exit.max(mode.exit_status(&r));
            let delivered = match mode {
                Mode::Diff => r.output_text.as_deref().map_or(Ok(()), |o| {
                    write_stdout(&unified(&r.file, &r.input_text, o, diff))
                }),
                _ => deliver(&sink, input, &r, args.format),
            };
            if let Err(e) = delivered {
                eprintln!("error: {}: cannot write output: {e:#}", r.file);
                exit = ExitStatus::Failure;
            }
            out.file(r.without_texts())?;
        }
    }
    out.finish()?;
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

fn sink(args: &MigrateArgs, inputs: &[Input], bulk: bool) -> anyhow::Result<Sink> {
    if args.mode.check || args.mode.diff {
        return Ok(Sink::Nowhere);
    }
    if args.mode.write {
        if inputs.iter().any(|i| matches!(i, Input::Stdin)) {
            bail!("--write cannot rewrite standard input; use -o FILE");
        }
        return Ok(Sink::InPlace);
    }
    match (&args.output, bulk) {
        (None, false) => Ok(Sink::Stdout),
        (None, true) => bail!("several inputs need -o DIR, --write, --check or --diff"),
        (Some(o), false) if !o.is_dir() => Ok(Sink::File(o.clone())),
        (Some(o), _) => {
            std::fs::create_dir_all(o)
                .with_context(|| format!("cannot create output directory {}", o.display()))?;
            Ok(Sink::Dir(o.clone()))
        }
    }
}

/// Writes one output where the mode says, if the report allows it: the document, or with
/// `--format json-patch` the patch from the input to it (`NAME.patch.json` under `-o DIR`).
fn deliver(sink: &Sink, input: &Input, r: &FileReport, format: OutputFormat) -> anyhow::Result<()> {
    let Some(doc) = r
        .output_text
        .as_deref()
        .filter(|_| matches!(r.status, Status::Migrated | Status::Unchanged))
    else {
        return Ok(());
    };
    let text = match format {
        OutputFormat::Document => doc.to_owned(),
        OutputFormat::JsonPatch => {
            let patch = file_patch(r).context("no patch: the input could not be read again")?;
            format!("{}\n", serde_json::to_string_pretty(&patch)?)
        }
    };
    let named = |p: PathBuf| match format {
        OutputFormat::Document => p,
        OutputFormat::JsonPatch => p.with_extension("patch.json"),
    };
    match (sink, input) {
        (Sink::Stdout, _) => write_stdout(&text),
        (Sink::File(path), _) => Ok(write_atomic(path, &text)?),
        (Sink::Dir(dir), Input::Path(p)) => {
            let dest = named(dir.join(relative(p)));
            if let Some(parent) = dest.parent() {
                std::fs::create_dir_all(parent)?;
            }
            Ok(write_atomic(&dest, &text)?)
        }
        (Sink::Dir(dir), Input::Stdin) => Ok(write_atomic(&named(dir.join("stdin.json")), &text)?),
        (Sink::InPlace, Input::Path(p)) if r.changed() => Ok(write_atomic(p, &text)?),
        _ => Ok(()),
    }
}

/// The input path as placed under an output directory: relative paths keep their layout.
fn relative(p: &Path) -> PathBuf {
    if p.is_relative() {
        p.components()
            .filter(|c| matches!(c, std::path::Component::Normal(_)))
            .collect()
    } else {
        p.file_name().map(PathBuf::from).unwrap_or_default()
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

    fn finish(mut self) -> anyhow::Result<()> {
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
            write_atomic(path, &self.buffer)
                .with_context(|| format!("cannot write report {}", path.display()))?;
        }
        Ok(())
    }
}
