//! Static STAC catalogs: from a `catalog.json` or `collection.json`, the files its `child`
//! and `item` links name, as a bulk run migrates them (Collections on the way, Items at the
//! leaves; the catalogs themselves are read like any file and skipped when they carry no
//! model content).
//!
//! Only relative links are followed (STAC "self-contained" catalogs), never `http(s)` ones;
//! a link is followed only while its target — symlinks resolved — stays under the directory
//! of the root catalog; each file is visited once, so a link cycle (a child linking back to
//! its parent) ends with a note; a target that is missing, a symlink loop, or not a regular
//! file (a FIFO) is skipped with a note. `child` links are followed further, `item` links are
//! not (an Item's links point at its parents).
//!
//! Each file keeps its place under the catalog's directory as its output path under `-o DIR`.

use std::collections::{HashSet, VecDeque};
use std::path::{Component, Path, PathBuf};

use serde_json::Value;

use crate::files::{Found, Note, Walked, read_limited};
use crate::kernel::pointer::Members;

/// True for the file names a bulk run follows as catalogs: `catalog.json`, `collection.json`.
pub fn is_catalog(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n == "catalog.json" || n == "collection.json")
        && path.is_file()
}

/// Every file of the catalog rooted at `root` (the root first), with notes for each link not
/// followed; catalog files larger than `max_size` are not read for links.
pub fn follow(root: &Path, max_size: u64) -> Vec<Walked> {
    let mut out = Vec::new();
    let Some(dir) = root.parent() else {
        return out;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let Ok(top) = std::fs::canonicalize(dir) else {
        out.push(Walked::File(found(root, &base(dir), root)));
        return out;
    };
    let base = base(dir);
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let mut queue = VecDeque::new();
    if let Ok(c) = std::fs::canonicalize(root) {
        seen.insert(c);
    }
    out.push(Walked::File(found(
        root,
        &base,
        Path::new(root.file_name().unwrap_or_default()),
    )));
    queue.push_back(root.to_owned());
    while let Some(file) = queue.pop_front() {
        for (rel, href) in links(&file, max_size) {
            match resolve(&file, &href, &top) {
                Err(why) => out.push(note(&file, &href, why)),
                Ok(canonical) => {
                    if !seen.insert(canonical.clone()) {
                        if rel == "child" {
                            out.push(note(&file, &href, "already visited (a link cycle)".into()));
                        }
                        continue;
                    }
                    let inside = canonical.strip_prefix(&top).unwrap_or(&canonical);
                    let path = dir.join(inside);
                    out.push(Walked::File(found(&path, &base, inside)));
                    if rel == "child" {
                        queue.push_back(path);
                    }
                }
            }
        }
    }
    out
}

fn found(path: &Path, base: &Path, inside: &Path) -> Found {
    Found {
        path: path.to_owned(),
        relative: base.join(inside),
    }
}

/// The output prefix of the catalog's directory: its normal components when relative, its
/// name when absolute (as the directory walker names outputs).
fn base(dir: &Path) -> PathBuf {
    if dir.is_relative() {
        dir.components()
            .filter(|c| matches!(c, Component::Normal(_)))
            .collect()
    } else {
        dir.file_name().map(PathBuf::from).unwrap_or_default()
    }
}

fn note(file: &Path, href: &str, why: String) -> Walked {
    Walked::Note(Note {
        path: file.to_owned(),
        message: format!("link `{href}` not followed: {why}"),
    })
}

/// `(rel, href)` of the `child` and `item` links of a catalog file.
fn links(file: &Path, max_size: u64) -> Vec<(String, String)> {
    let Ok(bytes) = read_limited(file, max_size) else {
        return Vec::new();
    };
    let Ok(doc) = serde_json::from_slice::<Value>(&bytes) else {
        return Vec::new();
    };
    doc.member("links")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|l| {
            let rel = l.member("rel")?.as_str()?;
            let href = l.member("href")?.as_str()?;
            matches!(rel, "child" | "item").then(|| (rel.to_owned(), href.to_owned()))
        })
        .collect()
}

/// The canonical path a relative link names, if it may be followed.
fn resolve(from: &Path, href: &str, top: &Path) -> Result<PathBuf, String> {
    let lower = href.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return Err("a remote link (only relative links are followed)".into());
    }
    if href.contains("://") || Path::new(href).is_absolute() {
        return Err("not a relative link".into());
    }
    let href = href.split(['#', '?']).next().unwrap_or(href);
    // Without `.` components, so notes name `cat/item.json`, not `cat/./item.json`.
    let mut target: PathBuf = from
        .parent()
        .unwrap_or(Path::new("."))
        .join(href)
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    if target.as_os_str().is_empty() {
        target = PathBuf::from(".");
    }
    let canonical = std::fs::canonicalize(&target).map_err(|e| match e.raw_os_error() {
        Some(40) => "a symbolic link loop".to_owned(),
        _ => format!("{} ({e})", target.display()),
    })?;
    if !canonical.starts_with(top) {
        return Err(format!(
            "{} is outside the catalog's directory",
            target.display()
        ));
    }
    let meta = std::fs::metadata(&canonical).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err(format!("{} is not a regular file", target.display()));
    }
    Ok(canonical)
}
