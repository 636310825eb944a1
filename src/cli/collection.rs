//! ItemCollection `.json` files, migrated feature by feature
//! ([`mlm_migrate::run::process_collection`]): the output goes to a temporary file beside the
//! destination as each feature is rendered, renamed into place once the report says it may be
//! written (thrown away otherwise), so neither the collection nor its output is ever held
//! whole. A run that shows or compares the texts (standard output, `--diff`, annotations)
//! keeps them; a destination that is not a regular file (or whose directory does not exist
//! yet) gets the output kept and written as any other file's.

use std::io::Write;
use std::path::Path;

use anyhow::anyhow;
use mlm_migrate::document::Format;
use mlm_migrate::files::{Found, Stream};
use mlm_migrate::report::summary::Mode;
use mlm_migrate::run::{Input, Status, Streamed, process_collection, process_collection_file};

use super::args::OutputFormat;
use super::migrate::Shared;
use super::outputs::Sink;
use super::report_out::{Kind, Piece};

/// Files at least this large are read in pieces from the file ([`process_collection_file`]),
/// when no text is kept: a collection is then never held whole, and a large file that is not
/// a collection is read once more by the whole-document path (which holds it anyway). Smaller
/// files are read once into memory.
const FROM_FILE: u64 = 1 << 20;

/// The `type` of an ItemCollection as it must be written to be migrated feature by feature.
const KIND: &[u8] = b"\"FeatureCollection\"";

/// What [`Shared::collection`] leaves to the whole-document path.
pub(crate) enum Whole {
    /// The file was not read.
    Unread,
    /// The file's bytes, read: not an ItemCollection migrated feature by feature.
    Read(Vec<u8>),
}

impl Shared<'_> {
    /// Migrates the file `f` feature by feature if it is an ItemCollection in JSON, writing
    /// its output to `dest`; otherwise what the whole-document path starts from.
    pub(crate) fn collection(&self, f: &Found, dest: Option<&Path>) -> Result<Piece, Whole> {
        if Format::from_path(&f.path) != Some(Format::Json)
            || self.args.format != OutputFormat::Document
            || f.path.as_os_str() == "-"
        {
            return Err(Whole::Unread);
        }
        let max = self.args.input.max_size;
        let shown = matches!(self.mode, Mode::Diff | Mode::Stdout)
            || matches!(self.kind, Kind::Github | Kind::Sarif);
        let large = std::fs::metadata(&f.path)
            .is_ok_and(|m| m.is_file() && (FROM_FILE..=max).contains(&m.len()));
        let bytes = if large && !shown {
            None
        } else {
            let bytes =
                mlm_migrate::files::read_limited(&f.path, max).map_err(|_| Whole::Unread)?;
            // Most files are Items: told apart before anything else is looked at.
            if !bytes.windows(KIND.len()).any(|w| w == KIND) {
                return Err(Whole::Read(bytes));
            }
            Some(bytes)
        };
        // The stream to the destination is opened when the first output text comes, once the
        // file is known to be a collection.
        let target = match (self.mode, dest) {
            (Mode::Output | Mode::Write, Some(d)) if !shown && streamable(d) => Some(d),
            _ => None,
        };
        // Without a stream to the destination, the report keeps the output text and it is
        // delivered as any other file's.
        let keep = shown || (dest.is_some() && target.is_none());
        let mut lazy = Lazy {
            shared: self,
            target,
            stream: None,
            refused: None,
        };
        let out: &mut dyn Write = &mut lazy;
        let (options, stages) = (&self.options, self.stages());
        let (r, failed) = match bytes {
            Some(bytes) => {
                let name = f.path.display().to_string();
                match process_collection(&name, bytes, options, self.schemas, stages, keep, out) {
                    Streamed::Whole(bytes) => return Err(Whole::Read(bytes)),
                    Streamed::Done(r, failed) => (*r, failed),
                }
            }
            // A destination that is not a regular file: read whole, as before.
            None if keep => return Err(Whole::Unread),
            None => match process_collection_file(&f.path, options, self.schemas, stages, out) {
                Some(done) => done,
                None => return Err(Whole::Unread),
            },
        };
        let input = Input::from_arg(&f.path);
        if target.is_none() {
            return Ok(self.finish(r, &input, dest, None));
        }
        let wanted = matches!(r.status, Status::Migrated | Status::Unchanged)
            && (!matches!(self.sink, Sink::InPlace) || r.changed());
        let delivered = match (lazy.refused, failed, lazy.stream) {
            _ if !wanted => Ok(Vec::new()),
            (Some(e), _, _) => Err(e.into()),
            (None, Some(e), _) => Err(anyhow!(e)),
            (None, None, Some(stream)) => commit(stream),
            // Nothing written: a collection has text around its features.
            (None, None, None) => Err(anyhow!("no output text")),
        };
        Ok(self.finish_delivered(r, &input, delivered))
    }
}

/// The stream to `target`, opened at the first write (the writer's sweep of the directory
/// first under `--write`, as for any file rewritten in place).
struct Lazy<'s, 'a> {
    shared: &'s Shared<'a>,
    target: Option<&'s Path>,
    stream: Option<Stream>,
    /// Why the stream could not be opened (the error writing the file whole would give).
    refused: Option<mlm_migrate::files::WriteError>,
}

impl Write for Lazy<'_, '_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let Some(target) = self.target else {
            return Ok(buf.len());
        };
        if self.stream.is_none() && self.refused.is_none() {
            if matches!(self.shared.sink, Sink::InPlace) {
                self.shared.writer.sweep(parent(target));
            }
            match self.shared.writer.stream(target) {
                Ok(s) => self.stream = Some(s),
                Err(e) => self.refused = Some(e),
            }
        }
        match &mut self.stream {
            Some(s) => s.write(buf),
            None => Err(std::io::Error::other("the output could not be opened")),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.stream.as_mut().map_or(Ok(()), Write::flush)
    }
}

/// Renames the streamed output into place: the writer's notes.
fn commit(stream: Stream) -> anyhow::Result<Vec<String>> {
    Ok(stream.finish()?.notes)
}

/// True when `dest` is a regular file, or nothing yet in an existing directory: a temporary
/// file beside it can be renamed over it.
fn streamable(dest: &Path) -> bool {
    let file = match std::fs::symlink_metadata(dest) {
        Ok(m) => m.file_type().is_file(),
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
    };
    file && parent(dest).is_dir()
}

fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}
