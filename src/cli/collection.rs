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
use mlm_migrate::run::{Input, Status, Streamed, process_collection};

use super::args::OutputFormat;
use super::migrate::Shared;
use super::outputs::Sink;
use super::report_out::{Kind, Piece};

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
        let bytes = mlm_migrate::files::read_limited(&f.path, self.args.input.max_size)
            .map_err(|_| Whole::Unread)?;
        let shown = matches!(self.mode, Mode::Diff | Mode::Stdout)
            || matches!(self.kind, Kind::Github | Kind::Sarif);
        let mut stream = match (self.mode, dest) {
            (Mode::Output | Mode::Write, Some(d)) if !shown && streamable(d) => {
                if matches!(self.sink, Sink::InPlace) {
                    self.writer.sweep(parent(d));
                }
                self.writer.stream(d).ok()
            }
            _ => None,
        };
        // Without a stream to the destination, the report keeps the output text and it is
        // delivered as any other file's.
        let keep = shown || (dest.is_some() && stream.is_none());
        let name = f.path.display().to_string();
        let streamed = {
            let mut nowhere = std::io::sink();
            let out: &mut dyn Write = match &mut stream {
                Some(s) => s,
                None => &mut nowhere,
            };
            process_collection(
                &name,
                bytes,
                &self.options,
                self.schemas,
                self.stages(),
                keep,
                out,
            )
        };
        let (r, failed) = match streamed {
            Streamed::Whole(bytes) => return Err(Whole::Read(bytes)),
            Streamed::Done(r, failed) => (*r, failed),
        };
        let input = Input::from_arg(&f.path);
        let Some(stream) = stream else {
            return Ok(self.finish(r, &input, dest, None));
        };
        let wanted = matches!(r.status, Status::Migrated | Status::Unchanged)
            && (!matches!(self.sink, Sink::InPlace) || r.changed());
        let delivered = match failed {
            _ if !wanted => Ok(Vec::new()),
            Some(e) => Err(anyhow!(e)),
            None => commit(stream),
        };
        Ok(self.finish_delivered(r, &input, delivered))
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
