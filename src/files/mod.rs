//! The file-system layer: what the tool reads, walks and writes, made safe for trees other
//! people wrote, for runs as root, and for runs that get killed.
//!
//! - [`mod@read`]: bounded reads — a size limit checked by `stat` before reading, and a bounded
//!   read for streams, so `/dev/zero` or a 300 MB file cannot exhaust memory.
//! - [`mod@walk`]: directories walked like ripgrep (`.gitignore`, hidden files, globs, symlinks
//!   not followed by default and never out of the tree, special files skipped with a note).
//! - [`mod@write`]: outputs written by temporary file and rename where that is safe, directly
//!   where it is not (devices, FIFOs, `/dev/stdout`), through symlinks, keeping mode and
//!   owner, refusing read-only files unless forced; temporary files removed on error, on
//!   signals and, after a SIGKILL, by the next run.
//!
//! This layer imports nothing else from the crate: it knows paths and bytes, not STAC.

pub mod read;
mod stream;
mod temps;
pub mod walk;
pub mod write;

use std::path::Path;

pub use read::{DEFAULT_MAX_SIZE, ReadLimitError, read_limited, read_stream};
pub use stream::Stream;
pub use temps::{install_signal_cleanup, remove_live_and_exit};
pub use walk::{Found, Note, WalkOptions, Walked, walk};
pub use write::{WriteError, Writer, Written};

/// File name extensions of documents the walker takes (lower case): JSON (`json`, `geojson`,
/// `jsonc`), YAML (`yaml`, `yml`) and NDJSON streams (`ndjson`, `jsonl`).
pub const DOCUMENT_EXTENSIONS: [&str; 7] =
    ["json", "geojson", "jsonc", "yaml", "yml", "ndjson", "jsonl"];

/// The document extension of `path` (lower-cased), if it has one of [`DOCUMENT_EXTENSIONS`].
pub fn document_extension(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    DOCUMENT_EXTENSIONS.into_iter().find(|e| *e == ext)
}
