//! Bounded reading: a file's size is checked by `stat` before anything is read, and streams
//! (standard input, FIFOs, character devices such as `/dev/zero`) are read through a limit, so
//! no input can make the tool allocate more than the limit.

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// Default maximum document size: 64 MiB (`--max-size`). The largest real STAC model items
/// are a few hundred kilobytes; a catalog's biggest ItemCollection a few megabytes.
pub const DEFAULT_MAX_SIZE: u64 = 64 * 1024 * 1024;

/// Why bytes could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadLimitError {
    /// The file or stream is larger than the limit (`size` is the stat size of a regular file,
    /// `None` for a stream that went past the limit).
    #[error("{}", too_large(*.size, *.limit))]
    TooLarge {
        /// The file's size in bytes, when `stat` knew it.
        size: Option<u64>,
        /// The limit in bytes.
        limit: u64,
    },
    /// The path names a directory.
    #[error("is a directory")]
    Directory,
    /// Opening or reading failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

fn too_large(size: Option<u64>, limit: u64) -> String {
    match size {
        Some(s) => format!("{} is larger than the {} limit", human(s), human(limit)),
        None => format!(
            "the stream goes on past the {} limit (a device such as /dev/zero, or a huge pipe)",
            human(limit)
        ),
    }
}

/// `64 MiB`, `1.5 GiB`, `812 bytes`.
pub fn human(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut v = bytes as f64 / 1024.0;
    let mut unit = 0;
    while v >= 1024.0 && unit + 1 < UNITS.len() {
        v /= 1024.0;
        unit += 1;
    }
    if v.fract() == 0.0 {
        format!("{v:.0} {}", UNITS[unit])
    } else {
        format!("{v:.1} {}", UNITS[unit])
    }
}

/// Parses a size as users write it: `64M`, `64MiB`, `1G`, `512k`, `1000` (bytes). Units are
/// binary (`M` = 1024², as in `head -c` and `--max-filesize` of ripgrep).
///
/// # Errors
/// A message naming what is wrong with the text.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a size (examples: 64M, 1G, 500000)"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        other => return Err(format!("unknown size unit `{other}` (use K, M or G)")),
    };
    number
        .checked_mul(1 << shift)
        .ok_or_else(|| format!("`{text}` is too large"))
}

/// Reads the file at `path` whole, refusing more than `limit` bytes: a regular file by its
/// `stat` size before reading, anything else (a FIFO, a character device) by reading at most
/// `limit + 1` bytes.
///
/// # Errors
/// [`ReadLimitError::TooLarge`], [`ReadLimitError::Directory`], or the I/O error.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadLimitError> {
    let file = File::open(path)?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(ReadLimitError::Directory);
    }
    if meta.is_file() && meta.len() > limit {
        return Err(ReadLimitError::TooLarge {
            size: Some(meta.len()),
            limit,
        });
    }
    let hint = if meta.is_file() { meta.len() } else { 0 };
    read_stream(file, limit, hint)
}

/// Reads `reader` to its end, refusing more than `limit` bytes; `size_hint` pre-sizes the
/// buffer (never beyond the limit).
///
/// # Errors
/// [`ReadLimitError::TooLarge`] after `limit + 1` bytes, or the I/O error.
pub fn read_stream(
    reader: impl Read,
    limit: u64,
    size_hint: u64,
) -> Result<Vec<u8>, ReadLimitError> {
    let capacity = usize::try_from(size_hint.min(limit)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity.saturating_add(1));
    let mut reader = reader.take(limit.saturating_add(1));
    if capacity > 0 {
        // The expected size in one read where the kernel allows it (`read_to_end` starts
        // with 8 KiB reads, one more system call per file of a bulk run past 8 KiB).
        bytes.resize(capacity, 0);
        let mut filled = 0;
        while filled < capacity {
            match reader.read(&mut bytes[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e.into()),
            }
        }
        bytes.truncate(filled);
        if filled < capacity {
            return Ok(bytes);
        }
    }
    // Whatever is past the expected size (a file that grew, a stream), up to the limit.
    reader.read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadLimitError::TooLarge { size: None, limit });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_as_users_write_them() {
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("64MiB"), Ok(64 << 20));
        assert_eq!(parse_size("1g"), Ok(1 << 30));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("5X").is_err());
        assert!(parse_size("99999999999T").is_err());
    }

    #[test]
    fn sizes_print_in_binary_units() {
        assert_eq!(human(812), "812 bytes");
        assert_eq!(human(64 << 20), "64 MiB");
        assert_eq!(human(3 << 29), "1.5 GiB");
    }

    #[test]
    fn streams_stop_at_the_limit() {
        let zeros = std::io::repeat(0);
        let err = read_stream(zeros, 1000, 0).unwrap_err();
        assert!(
            err.to_string().contains("past the 1000 bytes limit"),
            "{err}"
        );
        assert_eq!(read_stream(&b"abc"[..], 3, 3).unwrap(), b"abc");
    }

    /// Reads at most 3 bytes at a time, as a pipe or a slow file system may.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(3).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn a_wrong_size_hint_still_reads_everything_and_no_more_than_the_limit() {
        let text = b"0123456789";
        for hint in [0, 4, 10, 11, 64] {
            assert_eq!(
                read_stream(Trickle(text), 100, hint).unwrap(),
                text,
                "hint {hint}"
            );
        }
        // A file that grew past the limit after its size was read.
        assert!(matches!(
            read_stream(Trickle(text), 8, 4),
            Err(ReadLimitError::TooLarge {
                size: None,
                limit: 8
            })
        ));
        assert_eq!(read_stream(Trickle(text), 10, 10).unwrap(), text);
    }

    #[test]
    fn regular_files_are_refused_by_their_size() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.json");
        std::fs::write(&path, vec![b' '; 2048]).unwrap();
        let err = read_limited(&path, 1024).unwrap_err();
        assert_eq!(err.to_string(), "2 KiB is larger than the 1 KiB limit");
        assert!(matches!(
            read_limited(dir.path(), 1024),
            Err(ReadLimitError::Directory)
        ));
    }
}
