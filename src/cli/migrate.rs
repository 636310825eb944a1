//! `mlm-migrate migrate`: run the library per input, write what may be written, report.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use mlm_migrate::Options;
use mlm_migrate::report::json::{self, RunInfo};
use mlm_migrate::report::markdown;
use mlm_migrate::report::summary::{Mode, Summary, check_line};
use mlm_migrate::report::text::{TextOptions, render};
use mlm_migrate::review::{UnifiedOptions, file_patch, unified};
use mlm_migrate::run::{ExitStatus, FileReport, Input, Status, process, write_atomic};
use mlm_migrate::validate::SchemaStore;

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

/// Runs the command; `Err` means bad arguments or an unusable schema mirror (exit 2).
pub fn run(args: &MigrateArgs) -> anyhow::Result<ExitStatus> {
    let schemas = open_schemas(args.schemas.as_deref())?;
    let options = Options {
        target: args.to,
        strict: args.strict,
        allow_lossy: args.allow_lossy,
    };
    let mode = mode(args);
    let inputs: Vec<Input> = args.paths.iter().map(|p| Input::from_arg(p)).collect();
    let sink = sink(args, &inputs)?;
    let reports: Vec<FileReport> = inputs
        .iter()
        .map(|i| process(i, &options, schemas.as_ref()))
        .collect();
    let mut exit = ExitStatus::Clean;
    let diff = UnifiedOptions {
        color: stdout_color(args.color),
    };
    for (input, r) in inputs.iter().zip(&reports) {
        exit = exit.max(mode.exit_status(r));
        let delivered = match mode {
            Mode::Diff => r.output_text.as_deref().map_or(Ok(()), |out| {
                write_stdout(&unified(&r.file, &r.input_text, out, diff))
            }),
            _ => deliver(&sink, input, r, args.format),
        };
        if let Err(e) = delivered {
            eprintln!("error: {}: cannot write output: {e:#}", r.file);
            exit = ExitStatus::Failure;
        }
    }
    emit_report(args, mode, &reports, schemas.as_ref())?;
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

fn sink(args: &MigrateArgs, inputs: &[Input]) -> anyhow::Result<Sink> {
    if args.mode.check || args.mode.diff {
        return Ok(Sink::Nowhere);
    }
    if args.mode.write {
        if inputs.iter().any(|i| matches!(i, Input::Stdin)) {
            bail!("--write cannot rewrite standard input; use -o FILE");
        }
        return Ok(Sink::InPlace);
    }
    match (&args.output, inputs.len()) {
        (None, 1) => Ok(Sink::Stdout),
        (None, _) => bail!("several inputs need -o DIR, --write, --check or --diff"),
        (Some(o), 1) if !o.is_dir() => Ok(Sink::File(o.clone())),
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

fn emit_report(
    args: &MigrateArgs,
    mode: Mode,
    reports: &[FileReport],
    schemas: Option<&SchemaStore>,
) -> anyhow::Result<()> {
    let dir = schemas.map(|s| s.dir().display().to_string());
    let run = RunInfo {
        target: args.to,
        mode,
        schemas: dir.as_deref(),
    };
    let text = match args.report {
        MigrateReport::Text => text_report(args, mode, reports),
        MigrateReport::Json => json::document(&run, reports)?,
        MigrateReport::JsonLines => json::lines(&run, reports)?,
        MigrateReport::Markdown => markdown::render(&run, reports),
    };
    match &args.report_file {
        Some(path) => write_atomic(path, &text)
            .with_context(|| format!("cannot write report {}", path.display())),
        None => {
            let _ = std::io::stderr().write_all(text.as_bytes());
            Ok(())
        }
    }
}

/// The text report: under `--check` one line per file that needs a look, otherwise the full
/// report per file; then the summary in the mode's tense (always in the dry-run modes).
fn text_report(args: &MigrateArgs, mode: Mode, reports: &[FileReport]) -> String {
    let mut s = String::new();
    if mode == Mode::Check {
        for line in reports.iter().filter_map(|r| check_line(r, mode)) {
            s.push_str(&line);
            s.push('\n');
        }
    } else {
        let color = args.report_file.is_none() && stderr_color(args.color);
        for r in reports {
            s.push_str(&render(r, TextOptions { color }));
        }
    }
    if reports.len() > 1 || mode.is_dry_run() {
        s.push_str(&Summary::of(reports).sentence(mode));
        s.push('\n');
    }
    s
}
