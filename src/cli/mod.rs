//! The binary's commands: thin wrappers that call the library and print.

pub(crate) mod args;
pub(crate) mod collection;
pub(crate) mod diff;
pub(crate) mod listing;
pub(crate) mod migrate;
pub(crate) mod ndjson;
pub(crate) mod outputs;
pub(crate) mod pool;
pub(crate) mod report_out;
pub(crate) mod schemas;

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Parser;
use mlm_migrate::catalog::{follow, is_catalog};
use mlm_migrate::detect::detect;
use mlm_migrate::explain;
use mlm_migrate::files::walk::is_bulk;
use mlm_migrate::files::{Walked, walk};
use mlm_migrate::report::text::{TextOptions, finding_line, short};
use mlm_migrate::run::{ExitStatus, Input, validate_source};
use mlm_migrate::validate::SchemaStore;
use serde_json::json;

use args::{
    CheckArgs, Cli, ColorChoice, Command, CompletionsArgs, DetectArgs, ExplainArgs, InputArgs,
    ReportFormat, SUBCOMMANDS, ValidateArgs,
};
use mlm_migrate::check::{CheckOptions, Sample, Tolerance, check};

/// Opens the schema directory named by `--schemas` / `MLM_MIGRATE_SCHEMAS`, else the user
/// cache when it exists (validation then runs the typed checks only, with a note).
pub(crate) fn open_schemas(dir: Option<&Path>) -> anyhow::Result<Option<SchemaStore>> {
    mlm_migrate::validate::cache::default_store(dir)
        .with_context(|| "--schemas / MLM_MIGRATE_SCHEMAS")
}

/// Colour on standard error: `--color`, then `NO_COLOR`, then whether it is a terminal.
pub(crate) fn stderr_color(choice: ColorChoice) -> bool {
    color(choice, std::io::stderr().is_terminal())
}

/// Colour on standard output (`--diff`, `diff`): as [`stderr_color`], for standard output.
pub(crate) fn stdout_color(choice: ColorChoice) -> bool {
    color(choice, std::io::stdout().is_terminal())
}

fn color(choice: ColorChoice, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && terminal,
    }
}

/// Writes to standard output; a closed pipe (`| head`) ends the program quietly.
pub(crate) fn write_stdout(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            mlm_migrate::files::remove_live_and_exit(0)
        }
        other => Ok(other?),
    }
}

/// The files `paths` name (directories walked, see [`mlm_migrate::files::walk`]), with a
/// `note:` line on standard error for each entry skipped, and whether the run is a bulk run
/// (several inputs or a directory).
///
/// # Errors
/// A bad `--include`/`--exclude` glob.
pub(crate) fn inputs(
    paths: &[PathBuf],
    args: &InputArgs,
) -> anyhow::Result<(listing::Listing, bool)> {
    let mut found = listing::Listing::default();
    let mut notes = String::new();
    let mut take = |item| match item {
        Walked::File(f) => found.push(&f),
        Walked::Note(n) => notes.push_str(&format!("note: {n}\n")),
    };
    let (catalogs, others): (Vec<PathBuf>, Vec<PathBuf>) =
        paths.iter().cloned().partition(|p| is_catalog(p));
    for item in walk(&others, &args.walk_options())? {
        take(item);
    }
    for c in &catalogs {
        follow(c, args.max_size).into_iter().for_each(&mut take);
    }
    let _ = std::io::stderr().write_all(notes.as_bytes());
    Ok((found, is_bulk(paths) || !catalogs.is_empty()))
}

/// One input's answer for a per-file command: text lines, a JSON record, an exit status.
type Answer = (String, serde_json::Value, ExitStatus);

/// Runs `each` on every input (unreadable inputs answer with their read error and exit 2) and
/// prints the text or a JSON array of the records; returns the worst exit status.
fn per_input(
    paths: &[PathBuf],
    args: &InputArgs,
    format: ReportFormat,
    mut each: impl FnMut(&str, &mlm_migrate::document::Source) -> Answer,
) -> anyhow::Result<ExitStatus> {
    let (mut exit, mut all, mut text) = (ExitStatus::Clean, Vec::new(), String::new());
    let (found, _) = inputs(paths, args)?;
    if found.is_empty() {
        anyhow::bail!("no .json, .geojson, .yaml or .yml files under the given paths");
    }
    for f in found.iter() {
        if ndjson::is_ndjson(&f.path) {
            let _ = writeln!(
                std::io::stderr(),
                "note: {}: skipped: an NDJSON stream (`mlm-migrate migrate` reads it line by line)",
                f.path.display()
            );
            continue;
        }
        let input = Input::from_arg(&f.path);
        let name = input.name();
        let (t, record, status) = match input.read_limited(args.max_size) {
            Ok(source) => each(&name, &source),
            Err(e) => (
                format!("{e}\n"),
                json!({"file": name, "error": e}),
                ExitStatus::Failure,
            ),
        };
        exit = exit.max(status);
        text.push_str(&t);
        all.push(record);
    }
    match format {
        ReportFormat::Text => write_stdout(&text)?,
        ReportFormat::Json => write_stdout(&format!("{}\n", serde_json::to_string_pretty(&all)?))?,
    }
    Ok(exit)
}

/// `mlm-migrate detect`.
pub(crate) fn detect_cmd(args: &DetectArgs) -> anyhow::Result<ExitStatus> {
    per_input(
        &args.paths,
        &args.input,
        args.format,
        |name, source| match detect(&source.value) {
            Ok(d) => {
                let mut text = format!("{name}: {}, migrates from {}\n", d.kind.name(), d.start);
                for decl in &d.declared {
                    text.push_str(&format!(
                        "  declared {} at {}: {}\n",
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
                let record = json!({"file": name, "detection": d, "diagnostics": d.diagnostics()});
                (text, record, ExitStatus::Clean)
            }
            Err(e) => (
                format!("{name}: {e}\n"),
                json!({"file": name, "error": e.to_string()}),
                ExitStatus::Failure,
            ),
        },
    )
}

/// `mlm-migrate validate`: typed checks of every model field at the version the document
/// declares, and the JSON schemas when they are available; exit 1 when a document is invalid.
pub(crate) fn validate_cmd(args: &ValidateArgs) -> anyhow::Result<ExitStatus> {
    let store = open_schemas(args.schemas.as_deref())?;
    per_input(&args.paths, &args.input, args.format, |name, source| {
        let v = validate_source(source, store.as_ref());
        let (word, status) = if v.valid {
            ("valid", ExitStatus::Clean)
        } else {
            ("invalid", ExitStatus::Findings)
        };
        let mut text = format!("{name}: {word} ({})\n", v.version);
        for f in &v.findings {
            text.push_str(&format!(
                "  {}\n",
                finding_line(f, name, TextOptions::default())
            ));
        }
        for note in &v.notes {
            text.push_str(&format!("  note: {note}\n"));
        }
        let record = json!({"file": name, "valid": v.valid, "validation": v});
        (text, record, status)
    })
}

/// `mlm-migrate explain`.
pub(crate) fn explain_cmd(args: &ExplainArgs) -> anyhow::Result<ExitStatus> {
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
pub(crate) fn check_cmd(args: &CheckArgs) -> anyhow::Result<ExitStatus> {
    let read = |p: &Path| {
        Input::from_arg(p)
            .read_limited(args.max_size)
            .map_err(anyhow::Error::msg)
    };
    let (source, converted) = (read(&args.source)?, read(&args.converted)?);
    let sample = args
        .sample
        .as_deref()
        .map(|p| Sample::from_npy_path_limited(p, args.max_size))
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

/// `mlm-migrate completions <shell>`: the completion script on standard output.
pub(crate) fn completions_cmd(args: &CompletionsArgs) -> anyhow::Result<ExitStatus> {
    use clap::CommandFactory;
    let mut command = args::Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "mlm-migrate", &mut out);
    write_stdout(&String::from_utf8_lossy(&out))?;
    Ok(ExitStatus::Clean)
}

/// `mlm-migrate man`: the manual page (roff, with the subcommands listed) on standard
/// output; `mlm-migrate man > mlm-migrate.1` installs it, `mlm-migrate man | man -l -` reads it.
pub(crate) fn man_cmd() -> anyhow::Result<ExitStatus> {
    use clap::CommandFactory;
    let mut out = Vec::new();
    clap_mangen::Man::new(args::Cli::command()).render(&mut out)?;
    write_stdout(&String::from_utf8_lossy(&out))?;
    Ok(ExitStatus::Clean)
}

/// The whole command line, as the `mlm-migrate` binary runs it: `args` are the program name and
/// its arguments; returns the exit status (0, 1 or 2, see [`ExitStatus`]). Also run by the
/// Python package's `mlm-migrate` entry point (`python/src/lib.rs` compiles this module into
/// the extension), so both give the same bytes.
pub(crate) fn main_with_args(args: Vec<OsString>) -> u8 {
    // Temporary files of interrupted writes are removed on SIGINT/SIGTERM/SIGHUP. Without the
    // handler the tool still works; a killed run's leftovers are swept by the next run.
    let _ = mlm_migrate::files::install_signal_cleanup();
    let cli = match Cli::try_parse_from(with_default_command(args)) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitStatus::Failure.code()
            } else {
                0
            };
        }
    };
    let result = match &cli.command {
        Command::Migrate(args) => migrate::run(args),
        Command::Detect(args) => detect_cmd(args),
        Command::Validate(args) => validate_cmd(args),
        Command::Schemas(command) => schemas::run(command),
        Command::Diff(args) => diff::run(args),
        Command::Check(args) => check_cmd(args),
        Command::Explain(args) => explain_cmd(args),
        Command::Completions(args) => completions_cmd(args),
        Command::Man => man_cmd(),
    };
    match result {
        Ok(status) => status.code(),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitStatus::Failure.code()
        }
    }
}

/// `mlm-migrate FILE…` means `mlm-migrate migrate FILE…`.
fn with_default_command(mut args: Vec<OsString>) -> Vec<OsString> {
    let first = args.get(1).and_then(|a| a.to_str()).unwrap_or("");
    let top_level_flag = matches!(first, "-h" | "--help" | "-V" | "--version");
    if args.len() > 1 && !top_level_flag && !SUBCOMMANDS.contains(&first) {
        args.insert(1, OsString::from("migrate"));
    }
    args
}
