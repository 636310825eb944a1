//! The text of a collection read in pieces: from memory (a text the caller holds anyway), or
//! from its file, read once in order and at offsets for the few parts needed again, so the
//! text is never held whole.

use std::fs::File;
use std::io::{BufReader, Read};
use std::ops::Range;
use std::os::unix::fs::FileExt;

/// A text read in pieces. Pieces start and end at JSON structural characters, so each is
/// UTF-8 when the text is; `None` when a piece cannot be read or is not.
pub(crate) trait Text {
    /// The next `len` bytes after the last piece read in order.
    fn next(&mut self, len: usize) -> Option<String>;
    /// The bytes of `range`, wherever they are.
    fn at(&self, range: Range<usize>) -> Option<String>;
}

/// A text held in memory.
pub(crate) struct Held<'t> {
    pub(crate) text: &'t str,
    pub(crate) pos: usize,
}

impl Text for Held<'_> {
    fn next(&mut self, len: usize) -> Option<String> {
        let piece = self.text.get(self.pos..self.pos + len)?;
        self.pos += len;
        Some(piece.to_owned())
    }

    fn at(&self, range: Range<usize>) -> Option<String> {
        self.text.get(range).map(str::to_owned)
    }
}

/// A text read from its file.
pub(crate) struct FromFile {
    pub(crate) file: File,
    pub(crate) order: BufReader<File>,
}

impl Text for FromFile {
    fn next(&mut self, len: usize) -> Option<String> {
        let mut buf = vec![0; len];
        self.order.read_exact(&mut buf).ok()?;
        String::from_utf8(buf).ok()
    }

    fn at(&self, range: Range<usize>) -> Option<String> {
        let mut buf = vec![0; range.len()];
        self.file.read_exact_at(&mut buf, range.start as u64).ok()?;
        String::from_utf8(buf).ok()
    }
}
