//! File safety and hostile input (issue "Safe with files and hostile input"): the binary run
//! on temporary trees with devices, FIFOs, symlinks, modes, owners, signals and kills; size
//! limits and `.npy` header bombs; duplicate keys and byte order marks; and a stable-toolchain
//! property test over the fuzz entry points.

mod documents;
mod kill;
mod limits;
mod property;
mod targets;
mod walk;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A model item that migrates (MLM 1.3 → 1.5.1, exit 0).
pub const ITEM: &str = "fixtures/mlm/v1.3.0/norm-z-score-per-channel.json";

/// The crate root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The fixture item's text.
pub fn item_text() -> String {
    std::fs::read_to_string(root().join(ITEM)).unwrap()
}

/// The item with another `id`, so files of a tree differ.
pub fn item_with_id(id: &str) -> String {
    item_text().replace("\"id\": \"fixture\"", &format!("\"id\": \"{id}\""))
}

pub use crate::common::migrated;

/// The binary, with NO_COLOR and no schema mirror, started in `cwd`.
pub fn command(cwd: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_mlm-migrate"));
    c.args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("MLM_MIGRATE_SCHEMAS")
        .stdin(Stdio::null());
    c
}

/// Runs the binary in `cwd`; fails the test if it runs longer than `limit`.
pub fn run_within(cwd: &Path, args: &[&str], limit: Duration) -> Output {
    let child = command(cwd, args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_within(child, limit, &args.join(" "))
}

/// Runs the binary in `cwd` (at most 60 s).
pub fn run(cwd: &Path, args: &[&str]) -> Output {
    run_within(cwd, args, Duration::from_secs(60))
}

/// Waits for `child`, killing it and failing when it takes longer than `limit`.
pub fn wait_within(mut child: Child, limit: Duration, what: &str) -> Output {
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!(
                "`mlm-migrate {what}` still running after {limit:?}; stderr:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Exit code, stdout, stderr.
pub fn parts(out: &Output) -> (Option<i32>, String, String) {
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// True when the tests run as root (device nodes, foreign owners); read from /proc.
pub fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status").is_ok_and(|s| {
        s.lines()
            .find(|l| l.starts_with("Uid:"))
            .is_some_and(|l| l.split_whitespace().nth(2) == Some("0"))
    })
}

/// Says once on standard error that a test was skipped, and why.
pub fn skip(test: &str, why: &str) {
    let line = format!("skipping {test}: {why}\n");
    let _ = std::io::Write::write_all(&mut std::io::stderr(), line.as_bytes());
}

/// Every temporary file of ours left under `dir`.
pub fn temp_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let t = e.file_type().unwrap();
            if t.is_dir() {
                stack.push(p);
            } else if p.to_string_lossy().contains(".mlm-migrate-") {
                found.push(p);
            }
        }
    }
    found
}

/// Runs a shell command (mknod, mkfifo, chown); panics when it fails.
pub fn sh(script: &str) {
    let ok = Command::new("sh").arg("-c").arg(script).status().unwrap();
    assert!(ok.success(), "sh -c {script:?} failed");
}
