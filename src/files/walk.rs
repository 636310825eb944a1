//! Which files a list of command-line paths names, walked the way ripgrep walks (the `ignore`
//! crate): `.gitignore`, `.ignore` and hidden files respected, `--include`/`--exclude` globs,
//! symlinks not followed unless asked, special files skipped — each skip a [`Note`].
//!
//! - A path given as a file is taken as given (even a FIFO or `/dev/stdin`: the user named it;
//!   reading it is bounded by the size limit). `-` is standard input.
//! - A directory is walked in file-name order. Files with a document extension (`.json`,
//!   `.geojson`, `.jsonc`, `.yaml`, `.yml`) are taken, and any file an `--include` glob
//!   names. `.gitignore` applies whether or not the tree is a git repository.
//! - Symbolic links are not followed (a note names each). With `follow`, a link is followed
//!   only while it stays inside the directory given on the command line (its canonical path
//!   starts with the root's); loops (`self -> .`) are detected and noted.
//! - FIFOs, sockets and device nodes met while walking are skipped with a note: reading a
//!   FIFO nobody writes to would block for ever.
//!
//! Each file comes with its output path relative to an output directory: the path as given
//! for relative paths (without `.` and `..`), the directory's own name plus the path inside
//! it for an absolute directory, the file name for an absolute file.

use std::collections::VecDeque;
use std::os::unix::fs::FileTypeExt;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use ignore::overrides::{Override, OverrideBuilder};
use ignore::{DirEntry, WalkBuilder};

/// How to walk directories.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// Follow symbolic links (never out of the directory given).
    pub follow: bool,
    /// Globs of files to take (relative to the directory walked; `!` not needed). When given,
    /// only matching files are taken — and matching files are taken whatever their extension.
    pub include: Vec<String>,
    /// Globs of files and directories to leave out.
    pub exclude: Vec<String>,
    /// Walk hidden files and directories too (ripgrep's `--hidden`).
    pub hidden: bool,
    /// Do not respect `.gitignore`, `.ignore` and git's exclude files (ripgrep's
    /// `--no-ignore`).
    pub no_ignore: bool,
}

/// One file to process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The path to read (`-` for standard input).
    pub path: PathBuf,
    /// Where it goes under an output directory (see the module docs).
    pub relative: PathBuf,
}

/// Something skipped while walking, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The path skipped.
    pub path: PathBuf,
    /// Why (`symbolic link not followed (--follow follows it)`, `a FIFO, not a regular file`).
    pub message: String,
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: skipped: {}", self.path.display(), self.message)
    }
}

/// What the walk yields, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Walked {
    /// A file to process.
    File(Found),
    /// A skipped entry.
    Note(Note),
}

/// A glob that does not parse.
#[derive(Debug, thiserror::Error)]
#[error("bad glob: {0}")]
pub struct GlobError(String);

/// The walk over command-line paths (see the module docs); an iterator of [`Walked`].
pub struct Walk {
    roots: VecDeque<PathBuf>,
    options: WalkOptions,
    current: Option<DirWalk>,
    pending: VecDeque<Walked>,
}

struct DirWalk {
    root: PathBuf,
    base: PathBuf,
    inner: ignore::Walk,
    matcher: Override,
    notes: Arc<Mutex<Vec<Note>>>,
}

/// Walks `paths` (see the module docs).
///
/// # Errors
/// [`GlobError`] when an `--include`/`--exclude` glob does not parse (checked once, up front).
pub fn walk(paths: &[PathBuf], options: &WalkOptions) -> Result<Walk, GlobError> {
    overrides(Path::new("."), options)?;
    Ok(Walk {
        roots: paths.iter().cloned().collect(),
        options: options.clone(),
        current: None,
        pending: VecDeque::new(),
    })
}

/// True when `paths` name more than one input or any directory: a bulk run.
pub fn is_bulk(paths: &[PathBuf]) -> bool {
    paths.len() > 1 || paths.iter().any(|p| p.is_dir())
}

fn overrides(root: &Path, options: &WalkOptions) -> Result<Override, GlobError> {
    let mut b = OverrideBuilder::new(root);
    for g in &options.include {
        b.add(g).map_err(|e| GlobError(e.to_string()))?;
    }
    for g in &options.exclude {
        b.add(&format!("!{g}"))
            .map_err(|e| GlobError(e.to_string()))?;
    }
    b.build().map_err(|e| GlobError(e.to_string()))
}

impl Iterator for Walk {
    type Item = Walked;

    fn next(&mut self) -> Option<Walked> {
        loop {
            if let Some(w) = self.pending.pop_front() {
                return Some(w);
            }
            if let Some(dir) = &mut self.current {
                match dir.next_item() {
                    Some(items) => self.pending.extend(items),
                    None => self.current = None,
                }
                continue;
            }
            let root = self.roots.pop_front()?;
            if root.as_os_str() != "-" && root.is_dir() {
                self.current = Some(DirWalk::new(root, &self.options));
            } else {
                let relative = if root.as_os_str() == "-" {
                    PathBuf::from("stdin.json")
                } else {
                    file_relative(&root)
                };
                return Some(Walked::File(Found {
                    path: root,
                    relative,
                }));
            }
        }
    }
}

/// Normal components of a relative path; the file name of an absolute one.
fn file_relative(p: &Path) -> PathBuf {
    if p.is_relative() {
        normal(p)
    } else {
        p.file_name().map(PathBuf::from).unwrap_or_default()
    }
}

fn normal(p: &Path) -> PathBuf {
    p.components()
        .filter(|c| matches!(c, Component::Normal(_)))
        .collect()
}

impl DirWalk {
    fn new(root: PathBuf, options: &WalkOptions) -> Self {
        let base = if root.is_relative() {
            normal(&root)
        } else {
            root.file_name().map(PathBuf::from).unwrap_or_default()
        };
        // Parsed once in `walk`; a failure here cannot happen, an empty override is harmless.
        let matcher = overrides(&root, options).unwrap_or_else(|_| Override::empty());
        let notes = Arc::new(Mutex::new(Vec::new()));
        let mut b = WalkBuilder::new(&root);
        b.follow_links(options.follow)
            .hidden(!options.hidden)
            .ignore(!options.no_ignore)
            .git_ignore(!options.no_ignore)
            .git_global(!options.no_ignore)
            .git_exclude(!options.no_ignore)
            .parents(!options.no_ignore)
            .require_git(false)
            .overrides(matcher.clone())
            .sort_by_file_name(|a, b| a.cmp(b));
        if options.follow {
            let canonical_root = std::fs::canonicalize(&root).unwrap_or_else(|_| root.clone());
            let sink = Arc::clone(&notes);
            b.filter_entry(move |e| stays_inside(e, &canonical_root, &sink));
        }
        Self {
            inner: b.build(),
            root,
            base,
            matcher,
            notes,
        }
    }

    /// The next entry's items (a file, or notes); `None` at the end.
    fn next_item(&mut self) -> Option<Vec<Walked>> {
        let entry = self.inner.next()?;
        let mut items: Vec<Walked> = self
            .notes
            .lock()
            .map(|mut n| n.drain(..).map(Walked::Note).collect())
            .unwrap_or_default();
        match entry {
            Err(e) => items.push(Walked::Note(error_note(&e))),
            Ok(entry) => items.extend(self.classify(&entry)),
        }
        Some(items)
    }

    fn classify(&self, entry: &DirEntry) -> Option<Walked> {
        if entry.depth() == 0 {
            return None;
        }
        let path = entry.path();
        let skip = |message: &str| {
            Some(Walked::Note(Note {
                path: path.to_owned(),
                message: message.to_owned(),
            }))
        };
        let kind = entry.file_type()?;
        if kind.is_symlink() {
            return skip("symbolic link not followed (--follow follows links inside the tree)");
        }
        if kind.is_dir() {
            return None;
        }
        if !kind.is_file() {
            return skip(special(&kind));
        }
        let ours = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(super::temps::is_temp_name);
        if ours {
            return None;
        }
        let included = self.matcher.matched(path, false).is_whitelist();
        if !included && crate::files::document_extension(path).is_none() {
            return None;
        }
        let inside = path.strip_prefix(&self.root).unwrap_or(path);
        Some(Walked::File(Found {
            path: path.to_owned(),
            relative: self.base.join(inside),
        }))
    }
}

fn special(kind: &std::fs::FileType) -> &'static str {
    if kind.is_fifo() {
        "a FIFO (named pipe), not a regular file"
    } else if kind.is_socket() {
        "a socket, not a regular file"
    } else if kind.is_char_device() {
        "a character device, not a regular file"
    } else if kind.is_block_device() {
        "a block device, not a regular file"
    } else {
        "not a regular file"
    }
}

/// With `--follow`: a symbolic link is followed only when it resolves inside the root.
fn stays_inside(e: &DirEntry, root: &Path, notes: &Mutex<Vec<Note>>) -> bool {
    if !e.path_is_symlink() {
        return true;
    }
    let message = match std::fs::canonicalize(e.path()) {
        Ok(real) if real.starts_with(root) => return true,
        Ok(real) => format!(
            "symbolic link to {}, outside the tree being walked",
            real.display()
        ),
        Err(err) => format!("symbolic link that does not resolve ({err})"),
    };
    if let Ok(mut n) = notes.lock() {
        n.push(Note {
            path: e.path().to_owned(),
            message,
        });
    }
    false
}

fn error_note(e: &ignore::Error) -> Note {
    let path = error_path(e).unwrap_or_default();
    let message = match root_cause(e) {
        ignore::Error::Loop { ancestor, .. } => {
            format!("symbolic link loop (leads back to {})", ancestor.display())
        }
        // A link to itself (or a chain back to itself) fails to resolve with ELOOP, which the
        // walker reports as a bare I/O error: name it.
        ignore::Error::Io(_) if is_link_loop(&path) => {
            "symbolic link loop (the link leads back to itself)".to_owned()
        }
        other => other.to_string(),
    };
    Note { path, message }
}

/// True when resolving `path` fails with "too many levels of symbolic links" (ELOOP).
fn is_link_loop(path: &Path) -> bool {
    const ELOOP: i32 = 40;
    !path.as_os_str().is_empty()
        && std::fs::metadata(path).is_err_and(|e| e.raw_os_error() == Some(ELOOP))
}

fn root_cause(e: &ignore::Error) -> &ignore::Error {
    match e {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => root_cause(err),
        other => other,
    }
}

fn error_path(e: &ignore::Error) -> Option<PathBuf> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(paths: &[&str], options: &WalkOptions) -> Vec<(String, String)> {
        let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
        walk(&paths, options)
            .unwrap()
            .filter_map(|w| match w {
                Walked::File(f) => Some((
                    f.path.display().to_string(),
                    f.relative.display().to_string(),
                )),
                Walked::Note(_) => None,
            })
            .collect()
    }

    #[test]
    fn output_paths_keep_relative_layouts_and_name_absolute_roots() {
        let dir = tempfile::tempdir().unwrap();
        let cat = dir.path().join("cat");
        std::fs::create_dir_all(cat.join("sub")).unwrap();
        std::fs::write(cat.join("sub/b.json"), "{}").unwrap();
        std::fs::write(cat.join("a.yaml"), "a: 1").unwrap();
        std::fs::write(cat.join("notes.txt"), "x").unwrap();
        let abs = cat.display().to_string();
        let got = files(&[&abs], &WalkOptions::default());
        let relative: Vec<_> = got.iter().map(|(_, r)| r.as_str()).collect();
        assert_eq!(relative, ["cat/a.yaml", "cat/sub/b.json"]);
        assert_eq!(
            files(&["../x/item.json", "-"], &WalkOptions::default()),
            [
                ("../x/item.json".to_owned(), "x/item.json".to_owned()),
                ("-".to_owned(), "stdin.json".to_owned())
            ]
        );
        let file = cat.join("a.yaml").display().to_string();
        assert_eq!(files(&[&file], &WalkOptions::default())[0].1, "a.yaml");
    }

    #[test]
    fn bad_globs_are_refused_up_front() {
        let options = WalkOptions {
            include: vec!["[".to_owned()],
            ..WalkOptions::default()
        };
        assert!(walk(&[PathBuf::from(".")], &options).is_err());
    }
}
