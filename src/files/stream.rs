//! Outputs written piece by piece (NDJSON streams, reports), with the safety of
//! [`Writer::write`]: a temporary file renamed into place, or a direct write where a rename
//! would replace something that is not a regular file.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use super::temps;
use super::write::{Plan, WriteError, Writer, Written, fill, io, parent, plan};

/// An output written piece by piece (an NDJSON stream, a report): to a temporary file renamed
/// into place by [`Stream::finish`] where [`Writer::write`] would rename, directly where it
/// would write directly. Dropped without `finish`, the temporary file is removed and the
/// target is untouched.
pub struct Stream {
    target: PathBuf,
    kind: StreamKind,
    notes: Vec<String>,
}

enum StreamKind {
    Temp {
        temp: temps::Temp,
        out: std::io::BufWriter<File>,
        old: Option<Box<std::fs::Metadata>>,
        path: PathBuf,
    },
    Direct(std::io::BufWriter<Box<dyn Write + Send>>),
}

impl Writer {
    /// Opens `target` for a streamed output (see [`Stream`]); the same checks as
    /// [`Writer::write`] (read-only files refused unless forced, dangling links refused).
    ///
    /// # Errors
    /// [`WriteError`] as for [`Writer::write`].
    pub fn stream(&self, target: &Path) -> Result<Stream, WriteError> {
        let mut notes = Vec::new();
        let direct = |w: Box<dyn Write + Send>| StreamKind::Direct(std::io::BufWriter::new(w));
        let kind = match plan(target, &mut notes)? {
            Plan::Stdout => direct(Box::new(std::io::stdout())),
            Plan::Stderr => direct(Box::new(std::io::stderr())),
            Plan::Direct(path) => {
                let file = OpenOptions::new()
                    .write(true)
                    .open(&path)
                    .map_err(io(&path, "open for writing"))?;
                direct(Box::new(file))
            }
            Plan::New(path) => temp_stream(self, path, None)?,
            Plan::Replace(path, meta) => {
                if meta.permissions().readonly() && !self.force {
                    return Err(WriteError::ReadOnly {
                        path,
                        mode: meta.mode() & 0o7777,
                    });
                }
                temp_stream(self, path, Some(Box::new(meta)))?
            }
        };
        Ok(Stream {
            target: target.to_owned(),
            kind,
            notes,
        })
    }
}

fn temp_stream(
    writer: &Writer,
    path: PathBuf,
    old: Option<Box<std::fs::Metadata>>,
) -> Result<StreamKind, WriteError> {
    writer.sweep(parent(&path));
    let temp = temps::Temp::create(&path, if old.is_some() { 0o600 } else { 0o666 })
        .map_err(io(&path, "create a temporary file beside"))?;
    let file = temp
        .file()
        .try_clone()
        .map_err(io(temp.path(), "open the temporary file"))?;
    Ok(StreamKind::Temp {
        temp,
        out: std::io::BufWriter::with_capacity(1 << 16, file),
        old,
        path,
    })
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.kind {
            StreamKind::Temp { out, .. } => out.write(buf),
            StreamKind::Direct(out) => out.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.kind {
            StreamKind::Temp { out, .. } => out.flush(),
            StreamKind::Direct(out) => out.flush(),
        }
    }
}

impl Stream {
    /// Flushes, then (for a temporary file) keeps the old file's owner, group and mode and
    /// renames the temporary file over the target.
    ///
    /// # Errors
    /// The failing I/O step; the target is then untouched.
    pub fn finish(self) -> Result<Written, WriteError> {
        let mut notes = self.notes;
        match self.kind {
            StreamKind::Direct(mut out) => {
                out.flush().map_err(io(&self.target, "write"))?;
                Ok(Written {
                    path: self.target,
                    notes,
                })
            }
            StreamKind::Temp {
                temp,
                out,
                old,
                path,
            } => {
                let result = out
                    .into_inner()
                    .map_err(|e| io(temp.path(), "write the temporary file")(e.into_error()))
                    .and_then(|_| {
                        fill(temp.file(), &[], old.as_deref(), &mut notes)
                            .map_err(io(temp.path(), "write the temporary file"))
                    })
                    .and_then(|()| {
                        std::fs::rename(temp.path(), &path)
                            .map_err(io(&path, "rename the temporary file to"))
                    });
                match result {
                    Ok(()) => temp.persisted(),
                    Err(e) => {
                        drop(temp);
                        return Err(e);
                    }
                }
                Ok(Written { path, notes })
            }
        }
    }
}
