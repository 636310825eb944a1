//! Reading and writing STAC documents without noise.
//!
//! Why this module exists: a migration must change only the lines whose values change. So the
//! reader keeps the exact input text next to the parsed [`Value`] (serde_json with
//! `preserve_order` + `arbitrary_precision`, so key order and number text survive), and the
//! writer ([`render`]) re-emits untouched subtrees byte for byte from that text.
//!
//! JSON is read strictly first (serde_json); when that fails, a lenient pass
//! (jsonc-parser: `//`/`/* */` comments and trailing commas only, as found in the official DLM
//! examples) is tried and every leniency becomes a [`ReadWarning`]. Anything else is a
//! [`ReadError`] with file, line and column and a hint. YAML is read with serde_yaml_ng.

mod build;
mod duplicates;
mod error;
mod locate;
mod parse;
pub mod render;
mod style;
mod tree;
pub mod yaml;

use std::fmt;
use std::path::Path;

use serde_json::Value;

use crate::kernel::records::Code;
pub use error::{ReadError, ReadWarning};
pub use locate::Locator;
pub use style::Style;

/// `lenient-json`: see [`Code::what`].
pub(crate) const LENIENT_JSON: Code = Code::new(
    "lenient-json",
    "The JSON input had `//` or `/* */` comments or trailing commas (as the official DLM examples do). They were accepted and are not in the output, which is strict JSON.",
    "Nothing; other syntax errors are rejected with file:line:column.",
);

/// Text format of a document; output is written in the input's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// JSON (`.json`, `.geojson`, or sniffed from `{`/`[`).
    Json,
    /// YAML (`.yaml`, `.yml`, or anything else read from stdin that is not JSON).
    Yaml,
}

impl Format {
    /// Format implied by a file name's extension, if it implies one.
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "json" | "geojson" | "jsonc" => Some(Self::Json),
            "yaml" | "yml" => Some(Self::Yaml),
            _ => None,
        }
    }

    /// Guess from content: JSON starts with `{`, `[` or a `//` comment, anything else is YAML.
    pub fn sniff(text: &str) -> Self {
        let t = text.trim_start_matches('\u{feff}').trim_start();
        if t.starts_with('{') || t.starts_with('[') || t.starts_with("//") || t.starts_with("/*") {
            Self::Json
        } else {
            Self::Yaml
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Json => "JSON",
            Self::Yaml => "YAML",
        })
    }
}

/// A parsed input document: its text (cleaned of comments and trailing commas when the
/// lenient reader was needed), its value, and how it was written.
#[derive(Debug, Clone)]
pub struct Source {
    /// Name used in messages (`old.json`, `<stdin>`).
    pub name: String,
    /// The text the value was parsed from; output reuses its bytes for unchanged subtrees.
    pub text: String,
    /// True when `text` differs from the bytes that were read (comments or commas removed).
    pub cleaned: bool,
    /// The text as read, kept only when it differs from `text`: comments or commas removed
    /// (`cleaned`), or a byte order mark before it (`bom`).
    pub original: Option<String>,
    /// True when the input started with a UTF-8 byte order mark (U+FEFF). It is not part of
    /// `text` (positions count from after it, as editors show them) and is written back at
    /// the start of the output.
    pub bom: bool,
    /// Input format; output is written in the same format.
    pub format: Format,
    /// The parsed document.
    pub value: Value,
    /// What the lenient reader had to accept (each is also reported).
    pub warnings: Vec<ReadWarning>,
    /// The writer's syntax tree of `text`, built in the same pass as `value` (JSON only).
    tree: Tree,
}

/// The syntax tree of a JSON [`Source::text`] and the length of the text it was built from
/// (a tree is only used for that text; the writer scans again if the text was replaced).
#[derive(Clone, Default)]
struct Tree(Option<(std::sync::Arc<tree::Node>, usize)>);

impl Tree {
    fn new(node: tree::Node, text: &str) -> Self {
        Self(Some((std::sync::Arc::new(node), text.len())))
    }

    /// The tree, when it was built from a text of `text`'s length.
    fn of(&self, text: &str) -> Option<&tree::Node> {
        self.0
            .as_ref()
            .filter(|(_, len)| *len == text.len())
            .map(|(node, _)| &**node)
    }
}

impl fmt::Debug for Tree {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() {
            "Tree(..)"
        } else {
            "Tree(None)"
        })
    }
}

impl Source {
    /// Parses `text` named `name` in `format` (see the module docs for the leniency rules).
    ///
    /// # Errors
    /// [`ReadError::Json`] / [`ReadError::Yaml`] with line and column when the text is not a
    /// readable document.
    ///
    /// A leading byte order mark is accepted and kept (see [`Source::bom`]): refusing it would
    /// stop Windows-edited catalogs for a cosmetic reason, and dropping it would change bytes
    /// nobody asked to change. The report names it (`byte-order-mark`).
    ///
    /// # Errors
    /// [`ReadError::Json`] / [`ReadError::Yaml`] with line and column when the text is not a
    /// readable document; [`ReadError::DuplicateKey`] when an object repeats a key.
    pub fn parse(name: &str, text: String, format: Format) -> Result<Self, ReadError> {
        Self::parse_with(name, text, format, true)
    }

    /// As [`Self::parse`]; `tree` false skips the writer's syntax tree of a JSON text, for a
    /// run that will most likely not write it ([`Self::write`] then parses the text again).
    pub(crate) fn parse_with(
        name: &str,
        mut text: String,
        format: Format,
        tree: bool,
    ) -> Result<Self, ReadError> {
        let bom = text.starts_with('\u{feff}');
        if bom {
            text.drain(..'\u{feff}'.len_utf8());
        }
        let mut source = match format {
            Format::Json => parse::json(name, text, tree)?,
            Format::Yaml => parse::yaml(name, text)?,
        };
        if bom {
            let read = source.original.as_deref().unwrap_or(&source.text);
            source.original = Some(format!("\u{feff}{read}"));
            source.bom = true;
        }
        Ok(source)
    }

    /// Reads and parses a file of at most [`crate::files::DEFAULT_MAX_SIZE`] bytes; the format
    /// comes from the extension, else from the content.
    ///
    /// # Errors
    /// As [`Self::read_limited`].
    pub fn read(path: &Path) -> Result<Self, ReadError> {
        Self::read_limited(path, crate::files::DEFAULT_MAX_SIZE)
    }

    /// Reads and parses a file, refusing more than `max_size` bytes (by its size before
    /// reading; by a bounded read for FIFOs and devices).
    ///
    /// # Errors
    /// [`ReadError::TooLarge`]; [`ReadError::Io`] when the file cannot be read or is not
    /// UTF-8; else as [`Self::parse`].
    pub fn read_limited(path: &Path, max_size: u64) -> Result<Self, ReadError> {
        Self::read_limited_with(path, max_size, true)
    }

    /// As [`Self::read_limited`], with or without the writer's syntax tree (see
    /// [`Self::parse_with`]).
    pub(crate) fn read_limited_with(
        path: &Path,
        max_size: u64,
        tree: bool,
    ) -> Result<Self, ReadError> {
        let name = path.display().to_string();
        let bytes = crate::files::read_limited(path, max_size).map_err(|e| match e {
            crate::files::ReadLimitError::TooLarge { .. } => ReadError::TooLarge {
                file: name.clone(),
                message: e.to_string(),
            },
            other => ReadError::Io {
                file: name.clone(),
                message: other.to_string(),
            },
        })?;
        Self::from_bytes_with(&name, bytes, Format::from_path(path), tree)
    }

    /// Decodes and parses bytes named `name`; `format` when known, else sniffed.
    ///
    /// # Errors
    /// [`ReadError::Io`] when the bytes are not UTF-8 (naming a UTF-16 or UTF-32 byte order
    /// mark when there is one); else as [`Self::parse`].
    pub fn from_bytes(
        name: &str,
        bytes: Vec<u8>,
        format: Option<Format>,
    ) -> Result<Self, ReadError> {
        Self::from_bytes_with(name, bytes, format, true)
    }

    /// As [`Self::from_bytes`], with or without the writer's syntax tree (see
    /// [`Self::parse_with`]).
    pub(crate) fn from_bytes_with(
        name: &str,
        bytes: Vec<u8>,
        format: Option<Format>,
        tree: bool,
    ) -> Result<Self, ReadError> {
        if let Some(encoding) = wide_bom(&bytes) {
            return Err(ReadError::Io {
                file: name.to_owned(),
                message: format!(
                    "the file is {encoding} (it starts with a {encoding} byte order mark); save it as UTF-8, which JSON and STAC require"
                ),
            });
        }
        let text = String::from_utf8(bytes).map_err(|e| {
            let (line, column) = parse::line_column(
                std::str::from_utf8(&e.as_bytes()[..e.utf8_error().valid_up_to()]).unwrap_or(""),
                usize::MAX,
            );
            ReadError::Io {
                file: name.to_owned(),
                message: format!(
                    "not UTF-8 text: invalid byte at line {line}, column {column} (byte offset {})",
                    e.utf8_error().valid_up_to()
                ),
            }
        })?;
        let format = format.unwrap_or_else(|| Format::sniff(&text));
        Self::parse_with(name, text, format, tree)
    }

    /// Writes `output` in this document's format, keeping the input's bytes wherever the value
    /// did not change (see [`render`]). `origins` maps output pointers of moved subtrees to the
    /// input pointers they came from, so moved blocks keep their formatting too.
    pub fn write(&self, output: &Value, origins: &render::Origins) -> String {
        if *output == self.value {
            return self.write_unchanged();
        }
        let text = match self.format {
            Format::Json => render::json(self, output, origins),
            Format::Yaml => yaml::to_string(output, yaml::YamlStyle::detect(&self.text)),
        };
        self.with_bom(text)
    }

    /// What [`Self::write`] gives for an output equal to [`Self::value`] (the caller knows it
    /// is): the text as read without its leniencies, with the byte order mark if it had one.
    pub(crate) fn write_unchanged(&self) -> String {
        self.with_bom(self.text.clone())
    }

    fn with_bom(&self, text: String) -> String {
        if self.bom {
            format!("\u{feff}{text}")
        } else {
            text
        }
    }
}

/// The encoding named by a UTF-16 or UTF-32 byte order mark at the start of `bytes`.
fn wide_bom(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, 0, 0, ..] | [0, 0, 0xFE, 0xFF, ..] => Some("UTF-32"),
        [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] => Some("UTF-16"),
        _ => None,
    }
}
