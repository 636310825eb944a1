//! The `mlm-migrate` binary: parses arguments, calls the library, maps results to exit codes.
//! Everything the tool does lives in the library (`mlm_migrate`); clap lives only here.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    ExitCode::from(cli::main_with_args(std::env::args_os().collect()))
}
