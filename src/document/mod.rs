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
pub use locate::Locator;
pub use parse::{ReadError, ReadWarning};
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
    /// The bytes as read, kept only when `cleaned` (otherwise equal to `text`).
    pub original: Option<String>,
    /// Input format; output is written in the same format.
    pub format: Format,
    /// The parsed document.
    pub value: Value,
    /// What the lenient reader had to accept (each is also reported).
    pub warnings: Vec<ReadWarning>,
}

impl Source {
    /// Parses `text` named `name` in `format` (see the module docs for the leniency rules).
    ///
    /// # Errors
    /// [`ReadError::Json`] / [`ReadError::Yaml`] with line and column when the text is not a
    /// readable document.
    pub fn parse(name: &str, text: String, format: Format) -> Result<Self, ReadError> {
        match format {
            Format::Json => parse::json(name, text),
            Format::Yaml => parse::yaml(name, text),
        }
    }

    /// Reads and parses a file; the format comes from the extension, else from the content.
    ///
    /// # Errors
    /// [`ReadError::Io`] when the file cannot be read or is not UTF-8, else as [`Self::parse`].
    pub fn read(path: &Path) -> Result<Self, ReadError> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| ReadError::Io {
            file: name.clone(),
            message: e.to_string(),
        })?;
        let text = String::from_utf8(bytes).map_err(|e| ReadError::Io {
            file: name.clone(),
            message: format!("not UTF-8 text ({e})"),
        })?;
        let format = Format::from_path(path).unwrap_or_else(|| Format::sniff(&text));
        Self::parse(&name, text, format)
    }

    /// Writes `output` in this document's format, keeping the input's bytes wherever the value
    /// did not change (see [`render`]). `origins` maps output pointers of moved subtrees to the
    /// input pointers they came from, so moved blocks keep their formatting too.
    pub fn write(&self, output: &Value, origins: &render::Origins) -> String {
        if *output == self.value {
            return self.text.clone();
        }
        match self.format {
            Format::Json => render::json(self, output, origins),
            Format::Yaml => yaml::to_string(output, yaml::YamlStyle::detect(&self.text)),
        }
    }
}
