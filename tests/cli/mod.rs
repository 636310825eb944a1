//! CLI snapshots: the built binary run with `NO_COLOR=1` from the crate root (so paths print as
//! `fixtures/...`), each snapshot holding the command, exit code, stdout and stderr in one
//! reviewed file (ruff's `tests/cli/`). They use only `fixtures/`, never `--schemas`, and an empty
//! schema cache (`MLM_MIGRATE_CACHE`), so they do not change when `../shared` is missing.

mod action;
mod annotations;
mod diff;
mod errors;
mod hooks;
mod migrate;
mod reports;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The crate root, where snapshot runs start.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `mlm-migrate ARGS` in `cwd` and renders command, exit code, stdout and stderr.
pub fn run_in(cwd: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_mlm-migrate"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("MLM_MIGRATE_SCHEMAS")
        .env("MLM_MIGRATE_CACHE", no_cache())
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    let code = out
        .status
        .code()
        .map_or("signal".to_owned(), |c| c.to_string());
    format!(
        "$ mlm-migrate {}\nexit: {code}\n----- stdout -----\n{}----- stderr -----\n{}",
        args.join(" "),
        ended(&String::from_utf8_lossy(&out.stdout)),
        ended(&String::from_utf8_lossy(&out.stderr)),
    )
}

/// A schema cache that does not exist, so runs never read (or depend on) the user's cache.
pub fn no_cache() -> PathBuf {
    root().join("target/test-no-schema-cache")
}

/// Runs `mlm-migrate ARGS` from the crate root.
pub fn run(args: &[&str]) -> String {
    run_in(&root(), args)
}

/// Text with a final newline, marking text that lacked one.
fn ended(text: &str) -> String {
    if text.is_empty() || text.ends_with('\n') {
        text.to_owned()
    } else {
        format!("{text}\n[no final newline]\n")
    }
}

/// A temporary directory holding copies of `files` (crate-relative), under their file names.
pub fn temp_copy(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (from, name) in files {
        std::fs::copy(root().join(from), dir.path().join(name)).expect("copy fixture");
    }
    dir
}
