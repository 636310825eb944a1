//! Where a bulk run's report goes, written as the pieces arrive in input order: text lines,
//! JSON (one document written incrementally), JSON Lines, or Markdown (spooled to two
//! temporary files so memory stays flat, then assembled in the layout of a one-shot report).
//! No report is kept in memory; the [`Tally`] adds up what the closing summary needs.
//!
//! On a terminal: a progress bar (rate and ETA) with the lines printed above it; when the
//! report goes to `--report-file`, standard error still gets progress and the summary.

use std::fs::File;
use std::io::{IsTerminal, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use mlm_migrate::files::{Stream, Writer};
use mlm_migrate::report::json::{self, RunInfo};
use mlm_migrate::report::markdown;
use mlm_migrate::report::summary::Mode;
use mlm_migrate::report::tally::{FileTally, Tally};
use mlm_migrate::run::ExitStatus;

use super::args::{MigrateArgs, MigrateReport};

/// What the report is made of, decided once per run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// One line per file that changed or failed (bulk default, `--check`).
    Lines,
    /// Every change of every file (`--report text`, `-v`, a single file).
    Detailed,
    /// One JSON document.
    Json,
    /// JSON Lines records.
    JsonLines,
    /// A Markdown pull-request comment.
    Markdown,
}

impl Kind {
    /// The kind `args` ask for in `mode`; `bulk` runs default to one line per file.
    pub(crate) fn of(args: &MigrateArgs, mode: Mode, bulk: bool) -> Self {
        match args.report {
            Some(MigrateReport::Json) => Self::Json,
            Some(MigrateReport::JsonLines) => Self::JsonLines,
            Some(MigrateReport::Markdown) => Self::Markdown,
            _ if args.verbose => Self::Detailed,
            Some(MigrateReport::Text) if mode != Mode::Check => Self::Detailed,
            None if !bulk && mode != Mode::Check => Self::Detailed,
            _ => Self::Lines,
        }
    }

    fn human(self) -> bool {
        matches!(self, Self::Lines | Self::Detailed)
    }
}

/// What one file (or NDJSON line) sends back to the main thread.
#[derive(Debug, Default)]
pub(crate) struct Piece {
    /// Text for standard output (`--diff`, a document or patch on standard output).
    pub stdout: String,
    /// Its report: lines, a JSON record (with its leading `,`), JSON Lines, a Markdown section.
    pub report: String,
    /// Its Markdown table row (files that need a look).
    pub row: String,
    /// `note:` lines (writer notes, symlinks written through).
    pub notes: Vec<String>,
    /// What it adds to the summary.
    pub tally: FileTally,
    /// True when it was processed (false for a piece that only carries notes).
    pub counted: bool,
}

/// The report of a run as it is written.
pub(crate) struct ReportOut {
    kind: Kind,
    mode: Mode,
    run: RunInfo<'static>,
    dest: Option<Stream>,
    progress: Option<ProgressBar>,
    tally: Tally,
    quiet: bool,
    summary: bool,
    json_records: usize,
    markdown: Option<(File, File, usize)>,
    args_report_file: Option<PathBuf>,
}

impl ReportOut {
    /// Opens the report for `total` files.
    ///
    /// # Errors
    /// The report file cannot be opened, or a spool file cannot be created.
    pub(crate) fn new(
        args: &MigrateArgs,
        (kind, mode): (Kind, Mode),
        schemas: Option<&'static str>,
        (total, bulk): (usize, bool),
        writer: &Writer,
    ) -> anyhow::Result<Self> {
        let dest = match &args.report_file {
            Some(path) => Some(
                writer
                    .stream(path)
                    .with_context(|| format!("cannot write report {}", path.display()))?,
            ),
            None => None,
        };
        let terminal = std::io::stderr().is_terminal();
        let progress = (terminal && total > 1 && !args.quiet).then(|| progress_bar(total));
        let run = RunInfo {
            target: args.to,
            mode,
            schemas,
        };
        let markdown = if kind == Kind::Markdown {
            Some((tempfile::tempfile()?, tempfile::tempfile()?, 0))
        } else {
            None
        };
        let mut out = Self {
            kind,
            mode,
            run,
            dest,
            progress,
            tally: Tally::default(),
            quiet: args.quiet,
            summary: bulk || mode.is_dry_run(),
            json_records: 0,
            markdown,
            args_report_file: args.report_file.clone(),
        };
        if kind == Kind::Json {
            let head = json::document_head(&out.run)?;
            out.emit(&head)?;
        }
        Ok(out)
    }

    /// Writes one piece (in input order).
    ///
    /// # Errors
    /// The report file or a spool file cannot be written.
    pub(crate) fn piece(&mut self, mut p: Piece) -> anyhow::Result<()> {
        p.notes.iter().for_each(|n| self.note(n));
        if !p.stdout.is_empty() {
            super::write_stdout(&p.stdout)?;
        }
        if !p.counted {
            return Ok(());
        }
        self.tally.add(std::mem::take(&mut p.tally));
        if let Some(bar) = &self.progress {
            bar.inc(1);
        }
        if p.report.is_empty() {
            return Ok(());
        }
        match self.kind {
            Kind::Json => {
                let first = self.json_records == 0;
                self.json_records += 1;
                let text = if first {
                    p.report.strip_prefix(',').unwrap_or(&p.report)
                } else {
                    &p.report
                };
                let text = text.to_owned();
                self.emit(&text)
            }
            Kind::Markdown => {
                if let Some((rows, sections, listed)) = &mut self.markdown {
                    rows.write_all(p.row.as_bytes())?;
                    sections.write_all(p.report.as_bytes())?;
                    *listed += 1;
                }
                Ok(())
            }
            _ => self.emit(&p.report),
        }
    }

    /// Writes text to the report's destination (above the progress bar on a terminal).
    fn emit(&mut self, text: &str) -> anyhow::Result<()> {
        if let Some(dest) = &mut self.dest {
            let path = self.args_report_file.as_deref().unwrap_or(Path::new(""));
            return dest
                .write_all(text.as_bytes())
                .with_context(|| format!("cannot write report {}", path.display()));
        }
        to_stderr(self.progress.as_ref(), text);
        Ok(())
    }

    /// A `note:` line on standard error, whatever the report format.
    pub(crate) fn note(&self, text: &str) {
        to_stderr(self.progress.as_ref(), &format!("note: {text}\n"));
    }

    /// Closes the report: the JSON tail, the assembled Markdown, the summary; returns the
    /// run's exit status.
    ///
    /// # Errors
    /// The report cannot be written.
    pub(crate) fn finish(mut self) -> anyhow::Result<ExitStatus> {
        if let Some(bar) = self.progress.take() {
            bar.finish_and_clear();
        }
        let counts = self.tally.counts;
        let summary = self.tally.render(self.mode);
        match self.kind {
            Kind::Json => {
                let tail = json::document_tail(&self.run, &counts, self.json_records == 0)?;
                self.emit(&tail)?;
            }
            Kind::JsonLines => {
                let line = json::summary_line(&self.run, &counts)?;
                self.emit(&line)?;
            }
            Kind::Markdown => self.markdown_out(&counts)?,
            Kind::Lines | Kind::Detailed if self.summary && !self.quiet => self.emit(&summary)?,
            Kind::Lines | Kind::Detailed => {}
        }
        let to_file = self.dest.is_some();
        if let Some(dest) = self.dest.take() {
            let path = self.args_report_file.as_deref().unwrap_or(Path::new(""));
            let written = dest
                .finish()
                .with_context(|| format!("cannot write report {}", path.display()))?;
            written.notes.iter().for_each(|n| self.note(n));
        }
        if to_file && !self.quiet && (self.summary || !self.kind.human()) {
            to_stderr(None, &summary);
        }
        Ok(self.tally.exit.unwrap_or(ExitStatus::Clean))
    }

    fn markdown_out(
        &mut self,
        counts: &mlm_migrate::report::summary::Summary,
    ) -> anyhow::Result<()> {
        let Some((mut rows, mut sections, listed)) = self.markdown.take() else {
            return Ok(());
        };
        let mut head = markdown::head(&self.run, counts);
        if listed == 0 {
            head.push_str(markdown::NOTHING_LISTED);
            return self.emit(&head);
        }
        head.push_str(markdown::TABLE_HEAD);
        self.emit(&head)?;
        self.copy_spool(&mut rows)?;
        let quiet = markdown::quiet(counts.files - listed);
        self.emit(&quiet)?;
        self.copy_spool(&mut sections)
    }

    fn copy_spool(&mut self, spool: &mut File) -> anyhow::Result<()> {
        spool.rewind()?;
        let mut buf = vec![0; 1 << 16];
        loop {
            let n = spool.read(&mut buf)?;
            if n == 0 {
                return Ok(());
            }
            match &mut self.dest {
                Some(dest) => dest.write_all(&buf[..n]).context("cannot write report")?,
                None => {
                    let _ = std::io::stderr().write_all(&buf[..n]);
                }
            }
        }
    }
}

fn progress_bar(total: usize) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{bar:30} {pos}/{len} files · {per_sec} · {elapsed} elapsed · ETA {eta}",
    ) {
        bar.set_style(style);
    }
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

fn to_stderr(bar: Option<&ProgressBar>, text: &str) {
    let write = || {
        let _ = std::io::stderr().write_all(text.as_bytes());
    };
    match bar {
        Some(bar) => bar.suspend(write),
        None => write(),
    }
}
