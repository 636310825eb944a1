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
use mlm_migrate::report::annotate;
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
    /// GitHub Actions workflow commands.
    Github,
    /// One SARIF 2.1.0 log.
    Sarif,
}

impl Kind {
    /// The kind `args` ask for in `mode`; `bulk` runs default to one line per file.
    pub(crate) fn of(args: &MigrateArgs, mode: Mode, bulk: bool) -> Self {
        match args.report {
            Some(MigrateReport::Json) => Self::Json,
            Some(MigrateReport::JsonLines) => Self::JsonLines,
            Some(MigrateReport::Markdown) => Self::Markdown,
            Some(MigrateReport::Github) => Self::Github,
            Some(MigrateReport::Sarif) => Self::Sarif,
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
    /// True when its Markdown block goes with the files that need a person (listed first).
    pub person: bool,
    /// `note:` lines (writer notes, symlinks written through).
    pub notes: Vec<String>,
    /// What it adds to the summary.
    pub tally: FileTally,
    /// The SARIF rules its results name (`--report sarif`).
    pub sarif_rules: Vec<serde_json::Value>,
    /// True when it was processed (false for a piece that only carries notes).
    pub counted: bool,
    /// A JSON record too large to hold as text, written to a temporary file instead (with
    /// its leading `,`), copied to the report in its turn.
    pub spooled: Option<File>,
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
    sarif_rules: std::collections::BTreeMap<String, serde_json::Value>,
    markdown: Option<[Spool; 2]>,
    report_limit: usize,
    args_report_file: Option<PathBuf>,
}

/// Markdown file blocks spooled to a temporary file, with the size of each block (bytes,
/// characters) so the report can be cut between blocks.
struct Spool {
    file: File,
    blocks: Vec<(usize, usize)>,
}

impl Spool {
    fn new() -> anyhow::Result<Self> {
        Ok(Self {
            file: tempfile::tempfile()?,
            blocks: Vec::new(),
        })
    }
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
            Some([Spool::new()?, Spool::new()?])
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
            sarif_rules: std::collections::BTreeMap::new(),
            markdown,
            report_limit: args.report_limit,
            args_report_file: args.report_file.clone(),
        };
        if kind == Kind::Json {
            let head = json::document_head(&out.run)?;
            out.emit(&head)?;
        }
        if kind == Kind::Sarif {
            out.emit(&annotate::sarif_head())?;
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
        for rule in std::mem::take(&mut p.sarif_rules) {
            if let Some(id) = rule["id"].as_str() {
                self.sarif_rules.entry(id.to_owned()).or_insert(rule);
            }
        }
        if let Some(bar) = &self.progress {
            bar.inc(1);
        }
        if let Some(mut spool) = p.spooled.take() {
            let first = self.json_records == 0;
            self.json_records += 1;
            // The first record goes without its separating comma.
            spool.seek(std::io::SeekFrom::Start(u64::from(first)))?;
            // On standard error, above the progress bar as any other text.
            return match self.progress.clone().filter(|_| self.dest.is_none()) {
                Some(bar) => bar.suspend(|| self.copy_from(&mut spool, usize::MAX)),
                None => self.copy_from(&mut spool, usize::MAX),
            };
        }
        if p.report.is_empty() {
            return Ok(());
        }
        match self.kind {
            Kind::Json | Kind::Sarif => {
                let first = self.json_records == 0;
                self.json_records += 1;
                let report = std::mem::take(&mut p.report);
                let text = if first {
                    report.strip_prefix(',').unwrap_or(&report)
                } else {
                    &report
                };
                self.emit(text)
            }
            Kind::Markdown => {
                if let Some(spools) = &mut self.markdown {
                    let spool = &mut spools[usize::from(!p.person)];
                    spool.file.write_all(p.report.as_bytes())?;
                    spool
                        .blocks
                        .push((p.report.len(), p.report.chars().count()));
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
            Kind::Sarif => {
                let rules: Vec<_> = std::mem::take(&mut self.sarif_rules)
                    .into_values()
                    .collect();
                let tail = annotate::sarif_tail(&rules)?;
                self.emit(&tail)?;
            }
            Kind::Github => {}
            Kind::Markdown => {
                let tally = std::mem::take(&mut self.tally);
                self.markdown_out(&tally)?;
                self.tally = tally;
            }
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

    /// Writes the Markdown report: heading and summary, then the file blocks (those that need
    /// a person first) as long as they fit in `--report-limit` characters with the truncation
    /// note; when some do not fit and the report goes to a file, the full report is written
    /// next to it (`<stem>.full.md`).
    fn markdown_out(&mut self, tally: &Tally) -> anyhow::Result<()> {
        let Some(mut spools) = self.markdown.take() else {
            return Ok(());
        };
        let counts = &tally.counts;
        let mut head = markdown::head(&self.run, tally);
        head.push_str(&markdown::summary(tally, self.mode));
        let listed: usize = spools.iter().map(|s| s.blocks.len()).sum();
        if listed == 0 {
            head.push_str(markdown::NOTHING_LISTED);
            return self.emit(&head);
        }
        head.push_str(&markdown::quiet(counts.files - listed));
        let total: usize = head.chars().count()
            + spools
                .iter()
                .flat_map(|s| &s.blocks)
                .map(|b| b.1)
                .sum::<usize>();
        let limit = self.report_limit;
        if limit == 0 || total <= limit {
            self.emit(&head)?;
            for spool in &mut spools {
                self.copy_spool(&mut spool.file, usize::MAX)?;
            }
            return Ok(());
        }
        let full = self.args_report_file.as_deref().map(full_report_path);
        let full_name = full.as_ref().map(|p| p.display().to_string());
        // the longest note this run can need, so what is shown plus the note fits
        let reserve = markdown::truncation_note(limit, listed, listed, full_name.as_deref())
            .chars()
            .count();
        let mut room = limit.saturating_sub(head.chars().count() + reserve);
        let mut cut = [0usize; 2];
        let mut shown = 0;
        'fill: for (k, spool) in spools.iter().enumerate() {
            for &(bytes, chars) in &spool.blocks {
                if chars > room {
                    break 'fill;
                }
                room -= chars;
                cut[k] += bytes;
                shown += 1;
            }
        }
        self.emit(&head)?;
        for (k, spool) in spools.iter_mut().enumerate() {
            self.copy_spool(&mut spool.file, cut[k])?;
        }
        let note = markdown::truncation_note(limit, shown, listed, full_name.as_deref());
        self.emit(&note)?;
        if let Some(path) = full {
            let mut out = File::create(&path)
                .with_context(|| format!("cannot write report {}", path.display()))?;
            out.write_all(head.as_bytes())?;
            for spool in &mut spools {
                spool.file.rewind()?;
                std::io::copy(&mut spool.file, &mut out)?;
            }
            self.note(&format!(
                "the Markdown report is over {limit} characters: cut in {}, in full in {}",
                self.args_report_file
                    .as_deref()
                    .unwrap_or(Path::new(""))
                    .display(),
                path.display()
            ));
        }
        Ok(())
    }

    /// Copies the first `limit` bytes of `spool` to the report's destination.
    fn copy_spool(&mut self, spool: &mut File, limit: usize) -> anyhow::Result<()> {
        spool.rewind()?;
        self.copy_from(spool, limit)
    }

    /// Copies at most `limit` bytes of `spool` from where it stands to the report's
    /// destination.
    fn copy_from(&mut self, spool: &mut File, limit: usize) -> anyhow::Result<()> {
        let mut left = limit;
        let mut buf = vec![0; 1 << 16];
        while left > 0 {
            let want = buf.len().min(left);
            let n = spool.read(&mut buf[..want])?;
            if n == 0 {
                return Ok(());
            }
            left -= n;
            match &mut self.dest {
                Some(dest) => dest.write_all(&buf[..n]).context("cannot write report")?,
                None => {
                    let _ = std::io::stderr().write_all(&buf[..n]);
                }
            }
        }
        Ok(())
    }
}

/// `dir/report.md` → `dir/report.full.md`: where a cut Markdown report keeps its full text.
fn full_report_path(report: &Path) -> PathBuf {
    let stem = report
        .file_stem()
        .map_or_else(|| "report".into(), |s| s.to_string_lossy().into_owned());
    report.with_file_name(format!("{stem}.full.md"))
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
