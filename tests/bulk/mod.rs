//! Bulk runs over generated trees (issue "Bulk at the floor"): a static catalog with every kind
//! of file a real one holds — several levels, relative links, a broken file, a non-STAC file, a
//! link cycle, a link escaping the root, a symlink loop, a FIFO, a `.gitignore`d folder —
//! upgraded as a catalog and as a directory, with the summary snapshotted and every output
//! validated; and NDJSON streams in and out, one bad line reported by its number.

mod catalog;
mod ndjson;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::cli::{no_cache, run_in};

/// The crate root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture's text.
pub fn fixture(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap()
}

/// A fixture as one compact JSON line (keys in order, numbers as written).
pub fn compact(path: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(&fixture(path)).unwrap();
    serde_json::to_string(&v).unwrap()
}

pub use crate::common::migrated;

/// Runs `mlm-migrate ARGS` in `cwd` with `stdin` as standard input; the rendered run (as
/// [`run_in`] renders it) and the raw stdout.
pub fn run_with_stdin(cwd: &Path, args: &[&str], stdin: &str) -> (String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mlm-migrate"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("MLM_MIGRATE_SCHEMAS")
        .env("MLM_MIGRATE_CACHE", no_cache())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let rendered = format!(
        "$ mlm-migrate {}\nexit: {}\n----- stderr -----\n{}",
        args.join(" "),
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr)
    );
    (rendered, stdout)
}

/// `mlm-migrate validate --schemas ../shared/schemas PATH` in `cwd`: every output valid (exit 0,
/// no `invalid` line); skipped when `../shared` is missing outside CI.
pub fn assert_all_valid(cwd: &Path, path: &str, expected_files: usize) {
    let Some(shared) = crate::common::shared() else {
        return;
    };
    let schemas = shared.join("schemas");
    let out = run_in(
        cwd,
        &["validate", "--schemas", schemas.to_str().unwrap(), path],
    );
    assert!(out.contains("\nexit: 0\n"), "{out}");
    let valid = out.matches(": valid (mlm@1.5.1)").count();
    assert_eq!(valid, expected_files, "{out}");
}
