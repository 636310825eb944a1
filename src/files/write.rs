//! Safe output writing: what `-o`, `-w` and `--report-file` do with a target path.
//!
//! | target | what happens |
//! |---|---|
//! | does not exist | a temporary file beside it, renamed into place; mode from the umask (0644 with the usual 022), like any new file |
//! | a regular file | a temporary file beside it, given the old file's owner, group (where the process may) and mode, then renamed over it: a killed run leaves the old or the new content, never half of one |
//! | a read-only regular file (no write bit) | refused with [`WriteError::ReadOnly`] unless forced (`--force`) |
//! | a regular file with other hard links | written as above; the outcome notes that the other links keep the old content |
//! | a symlink to a regular file | written through to the file it points to, like `sed -i --follow-symlinks`: the link stays a link |
//! | a symlink to nothing | refused with [`WriteError::DanglingSymlink`] |
//! | a character device, FIFO or socket (`/dev/null`, `/dev/stdout`, a pipe) | opened and written directly, never replaced |
//! | `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/…/fd/N` | written directly to that descriptor, even when it is a regular file (a shell redirection) |
//! | a directory | refused with [`WriteError::Directory`] |
//!
//! Temporary files are named `.{name}.mlm-migrate-{pid}.tmp`. They are removed on error, on
//! SIGINT, SIGTERM and SIGHUP (when the binary installed [`super::install_signal_cleanup`]),
//! and, when a run was killed with SIGKILL, by the next run that writes in that directory
//! ([`Writer::sweep`]): a temporary file whose process is gone is stale.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::temps;

/// Why an output could not be written. Every message names the path.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The target is a regular file without any write permission bit.
    #[error("{}: is read-only (mode {mode:04o}); not rewritten — pass --force to rewrite it anyway", .path.display())]
    ReadOnly {
        /// The target.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// The target is a symbolic link whose target does not exist.
    #[error("{}: is a symbolic link to a missing file ({}); not written", .path.display(), .to.display())]
    DanglingSymlink {
        /// The link.
        path: PathBuf,
        /// What it points to.
        to: PathBuf,
    },
    /// The target is a directory.
    #[error("{}: is a directory", .path.display())]
    Directory {
        /// The target.
        path: PathBuf,
    },
    /// An I/O step failed.
    #[error("{}: cannot {action}: {source}", .path.display())]
    Io {
        /// The file the step was about (the target, or its temporary file).
        path: PathBuf,
        /// What was being done (`create a temporary file`, `rename`, …).
        action: &'static str,
        /// The operating system's error.
        source: std::io::Error,
    },
}

pub(super) fn io<'a>(
    path: &'a Path,
    action: &'static str,
) -> impl FnOnce(std::io::Error) -> WriteError + 'a {
    move |source| WriteError::Io {
        path: path.to_owned(),
        action,
        source,
    }
}

/// How [`Writer::write`] delivered the bytes, with what a user should know about it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    /// The file that now holds the bytes (the link's target for a symlink).
    pub path: PathBuf,
    /// Things worth a `note:` line: a broken hard link, an owner that could not be kept, a
    /// symlink written through.
    pub notes: Vec<String>,
}

/// Writes outputs safely (see the module docs); shared by every output of one run, from any
/// thread.
#[derive(Debug, Default)]
pub struct Writer {
    pub(super) force: bool,
    swept: Mutex<HashSet<PathBuf>>,
    notes: Mutex<Vec<String>>,
}

/// Where the bytes go, decided from the target path.
pub(super) enum Plan {
    /// Create a new file (the path does not exist).
    New(PathBuf),
    /// Replace a regular file by rename, keeping its metadata.
    Replace(PathBuf, std::fs::Metadata),
    /// Write through an open descriptor (devices, FIFOs, descriptor paths).
    Direct(PathBuf),
    /// Our own standard output or error.
    Stdout,
    /// Standard error.
    Stderr,
}

impl Writer {
    /// A writer; `force` rewrites read-only files too.
    pub fn new(force: bool) -> Self {
        Self {
            force,
            ..Self::default()
        }
    }

    /// Writes `bytes` to `target` (see the module docs for each kind of target).
    ///
    /// # Errors
    /// [`WriteError`]: a read-only or dangling target, a directory, or the failing I/O step;
    /// the target is then untouched and no temporary file is left.
    pub fn write(&self, target: &Path, bytes: &[u8]) -> Result<Written, WriteError> {
        let mut notes = Vec::new();
        let plan = plan(target, &mut notes)?;
        let path = match plan {
            Plan::Stdout => write_handle(std::io::stdout().lock(), target, bytes)?,
            Plan::Stderr => write_handle(std::io::stderr().lock(), target, bytes)?,
            Plan::Direct(path) => {
                let file = OpenOptions::new()
                    .write(true)
                    .open(&path)
                    .map_err(io(&path, "open for writing"))?;
                write_handle(file, &path, bytes)?
            }
            Plan::New(path) => {
                self.sweep(parent(&path));
                replace(&path, bytes, None)?;
                path
            }
            Plan::Replace(path, meta) => {
                if meta.permissions().readonly() && !self.force {
                    return Err(WriteError::ReadOnly {
                        path,
                        mode: meta.mode() & 0o7777,
                    });
                }
                self.sweep(parent(&path));
                notes.extend(replace(&path, bytes, Some(&meta))?);
                path
            }
        };
        Ok(Written { path, notes })
    }

    /// Removes stale temporary files of killed runs from `dir`, once per directory and run;
    /// each removal is kept as a note ([`Writer::take_notes`]).
    pub fn sweep(&self, dir: &Path) {
        let Ok(mut swept) = self.swept.lock() else {
            return;
        };
        if !swept.insert(dir.to_owned()) {
            return;
        }
        drop(swept);
        let removed = temps::remove_stale(dir);
        if let Ok(mut notes) = self.notes.lock() {
            notes.extend(removed.into_iter().map(|p| {
                format!(
                    "removed {}, a temporary file left by a killed run",
                    p.display()
                )
            }));
        }
    }

    /// Notes gathered by [`Writer::sweep`] since the last call.
    pub fn take_notes(&self) -> Vec<String> {
        self.notes
            .lock()
            .map(|mut n| std::mem::take(&mut *n))
            .unwrap_or_default()
    }
}

pub(super) fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Decides how to write `target` without following it into a rename.
pub(super) fn plan(target: &Path, notes: &mut Vec<String>) -> Result<Plan, WriteError> {
    match descriptor_path(target) {
        Some(1) => return Ok(Plan::Stdout),
        Some(2) => return Ok(Plan::Stderr),
        Some(_) => return Ok(Plan::Direct(target.to_owned())),
        None => {}
    }
    let link = match std::fs::symlink_metadata(target) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Plan::New(target.to_owned()));
        }
        Err(e) => return Err(io(target, "inspect")(e)),
        Ok(m) => m,
    };
    if !link.file_type().is_symlink() {
        return by_kind(target, link);
    }
    let to = std::fs::read_link(target).map_err(io(target, "read the symbolic link"))?;
    let meta = match std::fs::metadata(target) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(WriteError::DanglingSymlink {
                path: target.to_owned(),
                to,
            });
        }
        Err(e) => return Err(io(target, "follow the symbolic link")(e)),
        Ok(m) => m,
    };
    if !meta.is_file() {
        return by_kind(target, meta);
    }
    let real = std::fs::canonicalize(target).map_err(io(target, "resolve the symbolic link"))?;
    notes.push(format!(
        "{} is a symbolic link: wrote through it to {}",
        target.display(),
        real.display()
    ));
    by_kind(&real, meta)
}

fn by_kind(path: &Path, meta: std::fs::Metadata) -> Result<Plan, WriteError> {
    if meta.is_dir() {
        Err(WriteError::Directory {
            path: path.to_owned(),
        })
    } else if meta.is_file() {
        Ok(Plan::Replace(path.to_owned(), meta))
    } else {
        Ok(Plan::Direct(path.to_owned()))
    }
}

/// `Some(fd)` for paths that name a descriptor of this process (`/dev/stdout` → 1,
/// `/dev/fd/3` → 3, `/proc/self/fd/3` → 3); `Some(-1)` for other `/proc/<pid>/fd/` paths.
fn descriptor_path(path: &Path) -> Option<i64> {
    let s = path.to_str()?;
    match s {
        "/dev/stdout" => return Some(1),
        "/dev/stderr" => return Some(2),
        _ => {}
    }
    let fd = s
        .strip_prefix("/dev/fd/")
        .or_else(|| s.strip_prefix("/proc/self/fd/"))
        .or_else(|| s.strip_prefix("/proc/thread-self/fd/"));
    if let Some(n) = fd {
        return Some(n.parse().unwrap_or(-1));
    }
    let rest = s.strip_prefix("/proc/")?;
    let (_, fd) = rest.split_once("/fd/")?;
    fd.parse::<i64>().ok().map(|_| -1)
}

fn write_handle(mut out: impl Write, path: &Path, bytes: &[u8]) -> Result<PathBuf, WriteError> {
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(io(path, "write"))?;
    Ok(path.to_owned())
}

/// Writes a temporary file beside `path` and renames it over `path`; `old` is the metadata
/// of the file being replaced (owner, group and mode are copied from it).
fn replace(
    path: &Path,
    bytes: &[u8],
    old: Option<&std::fs::Metadata>,
) -> Result<Vec<String>, WriteError> {
    let temp = temps::Temp::create(path, if old.is_some() { 0o600 } else { 0o666 })
        .map_err(io(path, "create a temporary file beside"))?;
    let mut notes = Vec::new();
    let result = fill(temp.file(), bytes, old, &mut notes)
        .map_err(io(temp.path(), "write the temporary file"))
        .and_then(|()| {
            hold_for_tests();
            std::fs::rename(temp.path(), path).map_err(io(path, "rename the temporary file to"))
        });
    match result {
        Ok(()) => temp.persisted(),
        Err(e) => {
            drop(temp);
            return Err(e);
        }
    }
    if let Some(links) = old.map(MetadataExt::nlink).filter(|n| *n > 1) {
        notes.push(format!(
            "{} had {links} hard links: this one now has the new content, the other {} still have the old",
            path.display(),
            links - 1
        ));
    }
    Ok(notes)
}

/// Test hook, not a user option: `MLM_MIGRATE_TEST_HOLD_TEMP_MS` keeps each temporary file
/// that long before its rename, so the tests can signal or kill a run while one exists.
fn hold_for_tests() {
    static HOLD: std::sync::OnceLock<Option<std::time::Duration>> = std::sync::OnceLock::new();
    let hold = HOLD.get_or_init(|| {
        std::env::var("MLM_MIGRATE_TEST_HOLD_TEMP_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .map(std::time::Duration::from_millis)
    });
    if let Some(d) = hold {
        std::thread::sleep(*d);
    }
}

pub(super) fn fill(
    file: &File,
    bytes: &[u8],
    old: Option<&std::fs::Metadata>,
    notes: &mut Vec<String>,
) -> std::io::Result<()> {
    let mut w = file;
    w.write_all(bytes)?;
    let Some(old) = old else {
        return Ok(());
    };
    let mine = file.metadata()?;
    if (mine.uid(), mine.gid()) != (old.uid(), old.gid()) {
        let kept = std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()))
            .or_else(|_| std::os::unix::fs::fchown(file, None, Some(old.gid())));
        if kept.is_err() {
            notes.push(format!(
                "owner and group not kept (uid {} gid {}): not permitted for this user",
                old.uid(),
                old.gid()
            ));
        }
    }
    // After chown, which clears set-id bits.
    file.set_permissions(std::fs::Permissions::from_mode(old.mode() & 0o7777))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptor_paths_are_recognised() {
        let fd = |p: &str| descriptor_path(Path::new(p));
        assert_eq!(fd("/dev/stdout"), Some(1));
        assert_eq!(fd("/dev/stderr"), Some(2));
        assert_eq!(fd("/dev/fd/3"), Some(3));
        assert_eq!(fd("/proc/self/fd/1"), Some(1));
        assert_eq!(fd("/proc/4242/fd/5"), Some(-1));
        assert_eq!(fd("/dev/shm/item.json"), None);
        assert_eq!(fd("out/item.json"), None);
    }

    #[test]
    fn new_replaced_and_read_only_files() {
        let dir = tempfile::tempdir().unwrap();
        let w = Writer::new(false);
        let path = dir.path().join("a.json");
        assert_eq!(w.write(&path, b"one").unwrap().path, path);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        w.write(&path, b"two").unwrap();
        let meta = std::fs::metadata(&path).unwrap();
        assert_eq!(
            (meta.mode() & 0o777, std::fs::read(&path).unwrap()),
            (0o600, b"two".to_vec())
        );
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
        let err = w.write(&path, b"three").unwrap_err();
        assert!(
            matches!(err, WriteError::ReadOnly { mode: 0o444, .. }),
            "{err}"
        );
        Writer::new(true).write(&path, b"three").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"three");
        assert!(matches!(
            w.write(dir.path(), b"x"),
            Err(WriteError::Directory { .. })
        ));
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, ["a.json"], "no temporary file left");
    }
}
