//! The `mlm-migrate` binary: parses arguments, calls the library, maps results to exit codes.
//! Everything the tool does lives in the library (`mlm_migrate`); clap lives only here.

mod cli;

use std::process::ExitCode;

/// mimalloc instead of the system allocator: a bulk run allocates and frees many small strings
/// and maps per document (see its line in `Cargo.toml` for the measurement).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    ExitCode::from(cli::main_with_args(std::env::args_os().collect()))
}
