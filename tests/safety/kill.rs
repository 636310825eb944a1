//! Interrupted runs: SIGTERM and SIGINT remove the temporary file being written; SIGKILL at
//! random points leaves every file old or new, and the next run finishes the job and removes
//! the stale temporary files.
//!
//! `MLM_MIGRATE_TEST_HOLD_TEMP_MS` (a test hook of the writer) keeps each temporary file that
//! long before its rename, so signals land while one exists instead of by luck.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use super::{command, item_text, item_with_id, migrated, temp_files, wait_within};

fn wait_for_temp(dir: &Path) -> PathBuf {
    let start = Instant::now();
    loop {
        if let Some(t) = temp_files(dir).pop() {
            return t;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no temporary file appeared"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Waits until a temporary file exists under `dir` or `child` has exited (nothing left to
/// write).
fn wait_for_temp_or_exit(dir: &Path, child: &mut std::process::Child) {
    let start = Instant::now();
    while temp_files(dir).is_empty() && child.try_wait().unwrap().is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no temporary file appeared"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
}

#[test]
fn sigterm_and_sigint_remove_the_temporary_file() {
    for (signal, code) in [("TERM", 143), ("INT", 130), ("HUP", 129)] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("item.json"), item_text()).unwrap();
        let child = command(dir.path(), &["-w", "item.json"])
            .env("MLM_MIGRATE_TEST_HOLD_TEMP_MS", "60000")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let temp = wait_for_temp(dir.path());
        assert!(
            temp.file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .starts_with(".item.json.mlm-migrate-")
        );
        super::sh(&format!("kill -{signal} {}", child.id()));
        let out = wait_within(child, Duration::from_secs(20), "-w item.json");
        assert_eq!(out.status.code(), Some(code), "SIG{signal}");
        assert_eq!(temp_files(dir.path()), Vec::<PathBuf>::new(), "SIG{signal}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("item.json")).unwrap(),
            item_text()
        );
    }
}

/// xorshift64*, seeded from the clock (the seed is printed with every failure).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    }
}

#[test]
fn kill_9_at_random_points_leaves_old_or_new_and_a_rerun_finishes() {
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for d in 0..4 {
        let sub = dir.path().join(format!("tree/part-{d}"));
        std::fs::create_dir_all(&sub).unwrap();
        for f in 0..30 {
            let old = item_with_id(&format!("item-{d}-{f}"));
            let path = sub.join(format!("item-{f}.json"));
            std::fs::write(&path, &old).unwrap();
            let new = migrated(&old);
            files.push((path, old, new));
        }
    }
    let mut interrupted = 0;
    for round in 0..6 {
        // One thread and 3 ms per temporary file: 120 files take at least 360 ms to write.
        let mut child = command(dir.path(), &["-j1", "-w", "tree"])
            .env("MLM_MIGRATE_TEST_HOLD_TEMP_MS", "3")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        if round % 2 == 0 {
            // Even rounds kill while the writes are under way, so a kill lands however fast
            // the machine is (round 0 starts with 120 files to write); odd rounds at any time.
            wait_for_temp_or_exit(dir.path(), &mut child);
            std::thread::sleep(Duration::from_millis(rng.below(100)));
        } else {
            std::thread::sleep(Duration::from_millis(20 + rng.below(400)));
        }
        let _ = child.kill();
        let status = child.wait().unwrap();
        interrupted += usize::from(status.code().is_none());
        for (path, old, new) in &files {
            let now = std::fs::read_to_string(path).unwrap();
            assert!(
                now == *old || now == *new,
                "round {round} (seed {seed}): {} is neither old nor new",
                path.display()
            );
            mlm_migrate::document::Source::read(path).unwrap();
        }
        // Start again from the old contents for the next round, half of the time.
        if rng.below(2) == 0 {
            for (path, old, _) in &files {
                std::fs::write(path, old).unwrap();
            }
        }
    }
    assert!(
        interrupted > 0,
        "seed {seed}: no kill landed before the run ended"
    );
    let out = command(dir.path(), &["-w", "tree"]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (path, _, new) in &files {
        assert_eq!(&std::fs::read_to_string(path).unwrap(), new, "seed {seed}");
    }
    assert_eq!(temp_files(dir.path()), Vec::<PathBuf>::new(), "seed {seed}");
}
