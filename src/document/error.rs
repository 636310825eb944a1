//! Why a document could not be read, and what the lenient reader accepted.

use serde::Serialize;

/// A document could not be read. Every variant names the file; parse errors give a 1-based
/// line and column and a hint.
#[derive(Debug, Clone, thiserror::Error, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ReadError {
    /// The file could not be opened or is not UTF-8.
    #[error("{file}: cannot read: {message}")]
    Io {
        /// File name as given.
        file: String,
        /// The operating system's or decoder's message.
        message: String,
    },
    /// The text is not JSON, even when comments and trailing commas are allowed.
    #[error("{file}:{line}:{column}: invalid JSON: {message}\n  hint: {hint}")]
    Json {
        /// File name as given.
        file: String,
        /// 1-based line of the first error.
        line: usize,
        /// 1-based column of the first error.
        column: usize,
        /// What the parser expected.
        message: String,
        /// How to fix it.
        hint: String,
    },
    /// The input is larger than the size limit (`--max-size`).
    #[error(
        "{file}: cannot read: {message}\n  hint: raise the limit with --max-size (e.g. --max-size 256M) if this really is one document"
    )]
    TooLarge {
        /// File name as given.
        file: String,
        /// What exceeded the limit, and the limit.
        message: String,
    },
    /// An object has the same key twice: readers disagree on which value counts, so the
    /// document is refused rather than migrated from one value and written with the other.
    #[error("{file}:{line}:{column}: duplicate key `{key}` in {}; first at {file}:{first_line}:{first_column}\n  hint: JSON and YAML readers disagree on which of the two values counts (most keep the last, some the first); delete one of them", object_name(.object))]
    DuplicateKey {
        /// File name as given.
        file: String,
        /// The repeated key.
        key: String,
        /// JSON pointer of the object holding it (`""` for the document itself).
        object: String,
        /// 1-based line of the second occurrence.
        line: usize,
        /// 1-based column of the second occurrence.
        column: usize,
        /// 1-based line of the first occurrence.
        first_line: usize,
        /// 1-based column of the first occurrence.
        first_column: usize,
    },
    /// The text is not YAML.
    #[error("{file}{}: invalid YAML: {message}\n  hint: {hint}", position(*.line, *.column))]
    Yaml {
        /// File name as given.
        file: String,
        /// 1-based line (0 when the parser gave none).
        line: usize,
        /// 1-based column (0 when the parser gave none).
        column: usize,
        /// What the parser reported.
        message: String,
        /// How to fix it.
        hint: String,
    },
}

/// `:line:column`, or nothing when the parser gave no position (0).
fn position(line: usize, column: usize) -> String {
    if line == 0 {
        String::new()
    } else {
        format!(":{line}:{column}")
    }
}

fn object_name(pointer: &str) -> String {
    if pointer.is_empty() {
        "the top-level object".to_owned()
    } else {
        format!("the object at {pointer}")
    }
}

/// Something the lenient reader accepted that strict JSON forbids; reported, never silent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReadWarning {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What was accepted and removed from the output (`comment`, `trailing comma`).
    pub what: &'static str,
    /// The removed text.
    pub text: String,
}
