//! Temporary files of atomic writes: their names, the registry the signal handler empties,
//! and the sweep of stale ones left by a killed run.
//!
//! Name: `.{target name}.mlm-migrate-{pid}.tmp` beside the target — hidden, so walkers skip
//! it; recognisable, so a person (and the next run) knows what it is; carrying the process id,
//! so the next run can tell a stale file (its process is gone) from one being written now.

use std::fs::{File, OpenOptions};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, RwLock};

/// Temporary files that exist now; the signal handler removes them before the process exits.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Held shared while a temporary file is created and registered (so writers in several
/// threads create files at the same time), and exclusively by the cleanup before it exits (so
/// it waits for every creation under way and no new one starts).
static GATE: RwLock<()> = RwLock::new(());

const MARK: &str = ".mlm-migrate-";

/// A temporary file being written; removed on drop unless [`Temp::persisted`] was called.
pub(super) struct Temp {
    path: PathBuf,
    file: File,
    persisted: bool,
}

impl Temp {
    /// Creates the temporary file for `target` with `mode` (the umask applies).
    pub(super) fn create(target: &Path, mode: u32) -> std::io::Result<Self> {
        let path = temp_path(target);
        // Created and registered under the shared gate, so a signal never finds a file it
        // does not know.
        let _gate = GATE
            .read()
            .map_err(|_| std::io::Error::other("poisoned lock"))?;
        let open = || {
            OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(mode)
                .open(&path)
        };
        let file = match open() {
            // A leftover of an earlier process that had our pid: stale by definition.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                std::fs::remove_file(&path)?;
                open()?
            }
            other => other?,
        };
        LIVE.lock()
            .map_err(|_| std::io::Error::other("poisoned lock"))?
            .push(path.clone());
        Ok(Self {
            path,
            file,
            persisted: false,
        })
    }

    pub(super) fn path(&self) -> &Path {
        &self.path
    }

    pub(super) fn file(&self) -> &File {
        &self.file
    }

    /// The file was renamed into place: nothing to remove.
    pub(super) fn persisted(mut self) {
        self.persisted = true;
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        if !self.persisted {
            let _ = std::fs::remove_file(&self.path);
        }
        forget(&self.path);
    }
}

fn forget(path: &Path) {
    if let Ok(mut live) = LIVE.lock() {
        live.retain(|p| p != path);
    }
}

/// `dir/.name.mlm-migrate-PID.tmp` for `dir/name` (long names shortened to fit 255 bytes).
pub(super) fn temp_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut cut = name.len().min(200);
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    let file = format!(".{}{MARK}{}.tmp", &name[..cut], std::process::id());
    target.with_file_name(file)
}

/// The process id in a temporary file name of ours, if `name` is one.
fn owner(name: &str) -> Option<u32> {
    let stem = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (_, pid) = stem.rsplit_once(MARK)?;
    pid.parse().ok()
}

/// True for the name of one of our temporary files (never a walker's input).
pub(super) fn is_temp_name(name: &str) -> bool {
    owner(name).is_some()
}

/// Whether process `pid` is running; `None` when this system cannot tell (no `/proc`).
fn alive(pid: u32) -> Option<bool> {
    Path::new("/proc/self")
        .exists()
        .then(|| Path::new("/proc").join(pid.to_string()).exists())
}

/// Removes temporary files of ours in `dir` whose process is gone (without `/proc`: older
/// than an hour); returns what was removed.
pub(super) fn remove_stale(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let me = std::process::id();
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(owner) else {
            continue;
        };
        let stale = pid != me
            && match alive(pid) {
                Some(alive) => !alive,
                None => entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .is_some_and(|age| age.as_secs() > 3600),
            };
        if stale && entry.file_type().is_ok_and(|t| t.is_file()) {
            let path = entry.path();
            if std::fs::remove_file(&path).is_ok() {
                removed.push(path);
            }
        }
    }
    removed.sort();
    removed
}

/// Removes every temporary file this process is writing (for an exit in the middle of a
/// run: a signal, a closed pipe). Holds the gate exclusively until the process exits: the
/// creations under way finish and register first, and no new temporary file appears after
/// the sweep.
pub fn remove_live_and_exit(code: i32) -> ! {
    let _gate = GATE.write();
    let live = LIVE.lock();
    if let Ok(live) = &live {
        for p in live.iter() {
            let _ = std::fs::remove_file(p);
        }
    }
    std::process::exit(code)
}

/// Installs handlers for SIGINT, SIGTERM and SIGHUP that remove the temporary files being
/// written and exit with 128 + the signal number (130, 143, 129), as shells report them.
/// For the binary; a library embedding mlm-migrate keeps its own signal handling.
///
/// # Errors
/// The error of registering the handlers.
pub fn install_signal_cleanup() -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])?;
    std::thread::Builder::new()
        .name("signals".to_owned())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                remove_live_and_exit(128 + signal);
            }
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_are_hidden_recognisable_and_carry_the_pid() {
        let p = temp_path(Path::new("cat/item.json"));
        let name = p.file_name().unwrap().to_str().unwrap().to_owned();
        assert_eq!(
            name,
            format!(".item.json.mlm-migrate-{}.tmp", std::process::id())
        );
        assert_eq!(owner(&name), Some(std::process::id()));
        assert_eq!(owner(".item.json.tmp"), None);
        assert_eq!(owner("item.json"), None);
        let long = "x".repeat(300);
        assert!(temp_path(Path::new(&long)).as_os_str().len() < 255);
    }

    #[test]
    fn stale_temps_of_dead_processes_are_removed_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        // pid 4194304 is above Linux's pid_max: never alive.
        let dead = dir.path().join(".a.json.mlm-migrate-4194304.tmp");
        let mine = temp_path(&dir.path().join("b.json"));
        let other = dir.path().join(".c.json.tmp");
        for p in [&dead, &mine, &other] {
            std::fs::write(p, "x").unwrap();
        }
        assert_eq!(remove_stale(dir.path()), std::slice::from_ref(&dead));
        assert!(!dead.exists() && mine.exists() && other.exists());
    }

    #[test]
    fn a_dropped_temp_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let t = Temp::create(&dir.path().join("x.json"), 0o666).unwrap();
        let path = t.path().to_owned();
        assert!(path.exists());
        drop(t);
        assert!(!path.exists());
        assert!(LIVE.lock().unwrap().iter().all(|p| p != &path));
    }
}
