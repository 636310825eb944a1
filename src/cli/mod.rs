//! The binary's commands: thin wrappers that call the library and print.

pub mod args;
pub mod migrate;

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::Context;
use mlm_migrate::detect::detect;
use mlm_migrate::explain;
use mlm_migrate::report::text::short;
use mlm_migrate::run::{ExitStatus, Input};
use mlm_migrate::validate::SchemaStore;
use serde_json::json;

use args::{CheckArgs, ColorChoice, DetectArgs, ExplainArgs, ReportFormat, ValidateArgs};
use mlm_migrate::check::{CheckOptions, Sample, Tolerance, check};

/// Opens the schema mirror named by `--schemas` / `MLM_MIGRATE_SCHEMAS`, if any.
pub fn open_schemas(dir: Option<&Path>) -> anyhow::Result<Option<SchemaStore>> {
    dir.map(|d| SchemaStore::open(d).with_context(|| "--schemas / MLM_MIGRATE_SCHEMAS"))
        .transpose()
}

/// Colour on standard error: `--color`, then `NO_COLOR`, then whether it is a terminal.
pub fn stderr_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stderr().is_terminal()
        }
    }
}

/// Writes to standard output; a closed pipe (`| head`) ends the program quietly.
pub fn write_stdout(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        other => Ok(other?),
    }
}

/// `mlm-migrate detect`.
pub fn detect_cmd(args: &DetectArgs) -> anyhow::Result<ExitStatus> {
    let mut exit = ExitStatus::Clean;
    let mut all = Vec::new();
    let mut text = String::new();
    for path in &args.paths {
        let input = Input::from_arg(path);
        let name = input.name();
        let result = input
            .read()
            .and_then(|s| detect(&s.value).map_err(|e| format!("{name}: {e}")));
        match result {
            Ok(d) => {
                text.push_str(&format!(
                    "{name}: {:?}, migrates from {}\n",
                    d.kind, d.start
                ));
                for decl in &d.declared {
                    text.push_str(&format!(
                        "  declared {} at {}: {:?}\n",
                        decl.uri, decl.pointer, decl.spec
                    ));
                }
                for e in &d.evidence {
                    text.push_str(&format!("  observed {}: {}\n", e.pointer, e.note));
                }
                for diag in d.diagnostics() {
                    text.push_str(&format!(
                        "  {}[{}] {}\n",
                        diag.severity, diag.code, diag.message
                    ));
                }
                all.push(json!({"file": name, "detection": d, "diagnostics": d.diagnostics()}));
            }
            Err(e) => {
                exit = ExitStatus::Failure;
                text.push_str(&format!("{e}\n"));
                all.push(json!({"file": name, "error": e}));
            }
        }
    }
    match args.format {
        ReportFormat::Text => write_stdout(&text)?,
        ReportFormat::Json => write_stdout(&format!("{}\n", serde_json::to_string_pretty(&all)?))?,
    }
    Ok(exit)
}

/// `mlm-migrate validate`.
pub fn validate_cmd(args: &ValidateArgs) -> anyhow::Result<ExitStatus> {
    let Some(store) = open_schemas(args.schemas.as_deref())? else {
        anyhow::bail!("no schema mirror: use --schemas DIR or set MLM_MIGRATE_SCHEMAS");
    };
    let mut exit = ExitStatus::Clean;
    let mut all = Vec::new();
    let mut text = String::new();
    for path in &args.paths {
        let input = Input::from_arg(path);
        let name = input.name();
        match input.read() {
            Ok(source) => {
                let v = store.validate(&source.value);
                if !v.is_valid() {
                    exit = exit.max(ExitStatus::Findings);
                }
                text.push_str(&format!(
                    "{name}: {}\n{v}",
                    if v.is_valid() { "valid" } else { "invalid" }
                ));
                all.push(json!({"file": name, "valid": v.is_valid(), "validation": v}));
            }
            Err(e) => {
                exit = ExitStatus::Failure;
                text.push_str(&format!("{e}\n"));
                all.push(json!({"file": name, "error": e}));
            }
        }
    }
    match args.format {
        ReportFormat::Text => write_stdout(&text)?,
        ReportFormat::Json => write_stdout(&format!("{}\n", serde_json::to_string_pretty(&all)?))?,
    }
    Ok(exit)
}

/// `mlm-migrate explain`.
pub fn explain_cmd(args: &ExplainArgs) -> anyhow::Result<ExitStatus> {
    if args.list {
        write_stdout(&(explain::codes().join("\n") + "\n"))?;
        return Ok(ExitStatus::Clean);
    }
    let code = args.code.as_deref().unwrap_or_default();
    match explain::explain(code) {
        Some(doc) => {
            write_stdout(&doc)?;
            Ok(ExitStatus::Clean)
        }
        None => anyhow::bail!(
            "unknown code `{}`; `mlm-migrate explain --list` lists them",
            short(Some(&json!(code)))
        ),
    }
}

/// `mlm-migrate check`: exit 0 equivalent, 1 differs or unverifiable, 2 unusable input.
pub fn check_cmd(args: &CheckArgs) -> anyhow::Result<ExitStatus> {
    let read = |p: &Path| Input::from_arg(p).read().map_err(anyhow::Error::msg);
    let (source, converted) = (read(&args.source)?, read(&args.converted)?);
    let sample = args
        .sample
        .as_deref()
        .map(Sample::from_npy_path)
        .transpose()?;
    let options = CheckOptions {
        sample,
        seed: args.seed,
        tolerance: args.tolerance.map(Tolerance::relative),
        trust_identical_opaque: !args.distrust_opaque,
    };
    let report = check(&source.value, &converted.value, &options)?;
    match args.format {
        ReportFormat::Text => write_stdout(&report.to_string())?,
        ReportFormat::Json => {
            write_stdout(&format!("{}\n", serde_json::to_string_pretty(&report)?))?
        }
    }
    Ok(if report.is_equivalent() {
        ExitStatus::Clean
    } else {
        ExitStatus::Findings
    })
}
