//! The files a bulk run will process, held compactly: every path in one byte buffer, each file
//! an offset and two lengths. A run lists its inputs before it writes anything (so that two inputs
//! bound for one output are refused up front), and a catalog of 100,000 items held as
//! `Vec<Found>` (two `PathBuf`s each, copied once more by every filtering pass) cost about
//! 15 MiB of peak memory; held here it costs the bytes of its paths plus 16 bytes a file.
//! Filtering passes keep indices, not copies.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use mlm_migrate::files::Found;

/// One file: where its bytes start, the length of its path, and the length of its relative
/// output path (stored after the path, or `u32::MAX` when it is the path's own suffix).
#[derive(Debug, Clone, Copy)]
struct Entry {
    start: usize,
    path_len: u32,
    relative_len: u32,
    relative_in_path: bool,
}

/// The listed files, in walk order.
#[derive(Debug, Default)]
pub(crate) struct Listing {
    bytes: Vec<u8>,
    entries: Vec<Entry>,
}

impl Listing {
    /// Adds a file at the end.
    pub(crate) fn push(&mut self, f: &Found) {
        let path = f.path.as_os_str().as_bytes();
        let relative = f.relative.as_os_str().as_bytes();
        let (Ok(path_len), Ok(relative_len)) =
            (u32::try_from(path.len()), u32::try_from(relative.len()))
        else {
            // A path of 4 GiB cannot exist; keep the entry readable anyway.
            return self.push_split(path, b"");
        };
        let start = self.bytes.len();
        self.bytes.extend_from_slice(path);
        let relative_in_path = path.ends_with(relative);
        if !relative_in_path {
            self.bytes.extend_from_slice(relative);
        }
        self.entries.push(Entry {
            start,
            path_len,
            relative_len,
            relative_in_path,
        });
    }

    fn push_split(&mut self, path: &[u8], relative: &[u8]) {
        let start = self.bytes.len();
        self.bytes.extend_from_slice(path);
        self.bytes.extend_from_slice(relative);
        self.entries.push(Entry {
            start,
            path_len: u32::try_from(path.len()).unwrap_or(0),
            relative_len: u32::try_from(relative.len()).unwrap_or(0),
            relative_in_path: false,
        });
    }

    /// The number of files.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no file was listed.
    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The path of file `i` (as given or as walked).
    pub(crate) fn path(&self, i: usize) -> &Path {
        let e = self.entries[i];
        Path::new(OsStr::from_bytes(
            &self.bytes[e.start..e.start + e.path_len as usize],
        ))
    }

    /// File `i` as a [`Found`] (its paths copied out).
    pub(crate) fn get(&self, i: usize) -> Found {
        let e = self.entries[i];
        let path_end = e.start + e.path_len as usize;
        let relative = if e.relative_in_path {
            &self.bytes[path_end - e.relative_len as usize..path_end]
        } else {
            &self.bytes[path_end..path_end + e.relative_len as usize]
        };
        Found {
            path: self.path(i).to_owned(),
            relative: PathBuf::from(OsStr::from_bytes(relative)),
        }
    }

    /// Every file, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = Found> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(path: &str, relative: &str) -> Found {
        Found {
            path: PathBuf::from(path),
            relative: PathBuf::from(relative),
        }
    }

    #[test]
    fn gives_back_what_was_pushed_in_order() {
        let files = [
            found("cat/a/item.json", "cat/a/item.json"),
            found("/abs/tree/b.json", "tree/b.json"),
            found("./x/../y.json", "x/y.json"),
            found("-", "stdin.json"),
            found("é/ü.yaml", "é/ü.yaml"),
        ];
        let mut listing = Listing::default();
        files.iter().for_each(|f| listing.push(f));
        assert_eq!(listing.len(), files.len());
        assert_eq!(listing.iter().collect::<Vec<_>>(), files);
        assert_eq!(listing.path(2), Path::new("./x/../y.json"));
    }

    #[test]
    fn a_relative_path_that_is_the_paths_suffix_is_stored_once() {
        let mut listing = Listing::default();
        listing.push(&found("/abs/tree/b.json", "tree/b.json"));
        assert_eq!(listing.bytes.len(), "/abs/tree/b.json".len());
    }
}
