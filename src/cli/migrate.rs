//! `mlm-migrate migrate`: run the library per input, write what may be written, report.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use mlm_migrate::Options;
use mlm_migrate::report::text::{TextOptions, render};
use mlm_migrate::run::{ExitStatus, FileReport, Input, Status, process, write_atomic};
use mlm_migrate::validate::SchemaStore;
use serde_json::json;

use super::args::{MigrateArgs, ReportFormat};
use super::{open_schemas, stderr_color, write_stdout};

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
    let inputs: Vec<Input> = args.paths.iter().map(|p| Input::from_arg(p)).collect();
    let sink = sink(args, &inputs)?;
    let reports: Vec<FileReport> = inputs
        .iter()
        .map(|i| process(i, &options, schemas.as_ref()))
        .collect();
    let mut exit = ExitStatus::Clean;
    for (input, r) in inputs.iter().zip(&reports) {
        exit = exit.max(r.exit_status());
        if args.mode.check && r.changed() {
            exit = exit.max(ExitStatus::Findings);
        }
        if let Err(e) = deliver(&sink, input, r) {
            eprintln!("error: {}: cannot write output: {e:#}", r.file);
            exit = ExitStatus::Failure;
        }
    }
    emit_report(args, &reports, schemas.as_ref())?;
    Ok(exit)
}

fn sink(args: &MigrateArgs, inputs: &[Input]) -> anyhow::Result<Sink> {
    if args.mode.check {
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
        (None, _) => bail!("several inputs need -o DIR, --write or --check"),
        (Some(o), 1) if !o.is_dir() => Ok(Sink::File(o.clone())),
        (Some(o), _) => {
            std::fs::create_dir_all(o)
                .with_context(|| format!("cannot create output directory {}", o.display()))?;
            Ok(Sink::Dir(o.clone()))
        }
    }
}

/// Writes one output where the mode says, if the report allows it.
fn deliver(sink: &Sink, input: &Input, r: &FileReport) -> anyhow::Result<()> {
    let Some(text) = r
        .output_text
        .as_deref()
        .filter(|_| matches!(r.status, Status::Migrated | Status::Unchanged))
    else {
        return Ok(());
    };
    match (sink, input) {
        (Sink::Stdout, _) => write_stdout(text),
        (Sink::File(path), _) => Ok(write_atomic(path, text)?),
        (Sink::Dir(dir), Input::Path(p)) => {
            let dest = dir.join(relative(p));
            if let Some(parent) = dest.parent() {
                std::fs::create_dir_all(parent)?;
            }
            Ok(write_atomic(&dest, text)?)
        }
        (Sink::Dir(dir), Input::Stdin) => Ok(write_atomic(&dir.join("stdin.json"), text)?),
        (Sink::InPlace, Input::Path(p)) if r.changed() => Ok(write_atomic(p, text)?),
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
    reports: &[FileReport],
    schemas: Option<&SchemaStore>,
) -> anyhow::Result<()> {
    let text = match args.report {
        ReportFormat::Text => {
            let color = args.report_file.is_none() && stderr_color(args.color);
            let mut s: String = reports
                .iter()
                .map(|r| render(r, TextOptions { color }))
                .collect();
            if reports.len() > 1 {
                s.push_str(&summary(reports, args));
                s.push('\n');
            }
            s
        }
        ReportFormat::Json => {
            let doc = json!({
                "target": args.to,
                "mode": mode_name(args),
                "schemas": schemas.map(|s| s.dir().display().to_string()),
                "files": reports,
                "summary": summary(reports, args),
            });
            format!("{}\n", serde_json::to_string_pretty(&doc)?)
        }
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

fn mode_name(args: &MigrateArgs) -> &'static str {
    if args.mode.check {
        "check"
    } else if args.mode.write {
        "write"
    } else {
        "stdout"
    }
}

/// "2 migrated, 5 already current" in the tense of the mode.
fn summary(reports: &[FileReport], args: &MigrateArgs) -> String {
    let count = |f: &dyn Fn(&FileReport) -> bool| reports.iter().filter(|r| f(r)).count();
    let changed = count(&|r| r.changed() && r.status == Status::Migrated);
    let current = count(&|r| r.status == Status::Unchanged);
    let refused = count(&|r| r.status == Status::Refused);
    let failed = count(&|r| r.status == Status::Failed);
    let verb = if args.mode.check {
        "would be migrated"
    } else {
        "migrated"
    };
    let mut parts = vec![
        format!("{changed} {verb}"),
        format!("{current} already current"),
    ];
    if refused > 0 {
        parts.push(format!("{refused} refused"));
    }
    if failed > 0 {
        parts.push(format!("{failed} failed"));
    }
    parts.join(", ")
}
