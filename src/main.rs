//! The `mlm-migrate` binary: parses arguments, calls the library, maps results to exit codes.
//! Everything the tool does lives in the library (`mlm_migrate`); clap lives only here.

mod cli;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::Parser;
use cli::args::{Cli, Command, SUBCOMMANDS};
use mlm_migrate::run::ExitStatus;

/// mimalloc instead of the system allocator: a bulk run allocates and frees many small strings
/// and maps per document (see its line in `Cargo.toml` for the measurement).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Temporary files of interrupted writes are removed on SIGINT/SIGTERM/SIGHUP. Without the
    // handler the tool still works; a killed run's leftovers are swept by the next run.
    let _ = mlm_migrate::files::install_signal_cleanup();
    let cli = match Cli::try_parse_from(with_default_command(std::env::args_os().collect())) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                ExitStatus::Failure.code()
            } else {
                0
            });
        }
    };
    let result = match &cli.command {
        Command::Migrate(args) => cli::migrate::run(args),
        Command::Detect(args) => cli::detect_cmd(args),
        Command::Validate(args) => cli::validate_cmd(args),
        Command::Schemas(command) => cli::schemas::run(command),
        Command::Diff(args) => cli::diff::run(args),
        Command::Check(args) => cli::check_cmd(args),
        Command::Explain(args) => cli::explain_cmd(args),
        Command::Completions(args) => cli::completions_cmd(args),
        Command::Man => cli::man_cmd(),
    };
    match result {
        Ok(status) => ExitCode::from(status.code()),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(ExitStatus::Failure.code())
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
