//! Offline JSON-Schema validation of STAC documents against a local URL mirror.
//!
//! Why offline: migrated items must be proven schema-valid in CI, in air-gapped mirrors and in
//! bulk runs over thousands of items, none of which should fetch (or trust) the network. The
//! official schemas are read from a directory laid out as a URL mirror, `<dir>/<host>/<path>`
//! (`--schemas DIR` or `MLM_MIGRATE_SCHEMAS`), e.g.
//! `stac-extensions.github.io/mlm/v1.5.1/schema.json`.
//!
//! Why the care: the published files are kept byte-for-byte, warts included
//! (`shared/schemas/INDEX.md`, "Known quirks"), and this module copes with each:
//!
//! - documents are keyed by the URL they were loaded from, not by their `$id` (STAC v1.1.0
//!   `common.json` says `.../commonjson`; MLM v1.0.0–v1.3.0 at `stac-extensions.github.io` say
//!   `https://stac-extensions/mlm/vX/schema.json`; `crim-ca.github.io/dlm-extension/v1.0.0`
//!   claims another file's URL; `$id`s ending in `#`) — see [`mirror_path`];
//! - `http` and `https` share one file (the draft-07 meta-schema is the extension-less
//!   `json-schema.org/draft-07/schema`);
//! - a schema that is not valid JSON (DLM v1.0.0-beta2) or not in the mirror is reported as
//!   [`Outcome::Unavailable`] with its cause, never as "validation failed";
//! - `$ref`s are followed only where draft 07 says they are references, so the `$ref` inside an
//!   `examples` array of the DLM v1.0.0-beta.3 schema is never fetched;
//! - MLM v1.0.0–v1.2.0 write `"$comment": "<text>"` inside `properties` (a string where a schema
//!   must be), which fails the meta-schema check; the comment is dropped in memory;
//! - short extension names of pre-1.0 items (`dl-model`, `eo`) map as STAC 1.0.0-beta.2 did
//!   ([`extension_schema_uri`]).
//!
//! Semantics: draft 07 as jsonschema-rs implements it, which checks `format` (`date-time`,
//! `iri`, ...) where Python `jsonschema` by default does not; every official MLM / ML-Model
//! example passes either way. serde_json is built with `arbitrary_precision`, so jsonschema is
//! built with its `arbitrary-precision` feature: `minimum`/`maximum` compare the number text
//! exactly (without it, `1.0000000000000000001` passes `maximum: 1`).
//!
//! Entry points: [`SchemaStore::open`] / [`SchemaStore::from_env`], then
//! [`SchemaStore::validate`] (core + declared extensions) or [`SchemaStore::validate_against`]
//! (one schema).

pub mod cache;
pub mod codes;
pub mod fetch;
pub mod fields;
mod finding;
pub mod meaning;
mod mirror;
pub(crate) mod pieces;
mod quirks;
mod report;
mod schema_error;
mod sides;
mod store;
mod targets;
pub mod typed;

use std::path::PathBuf;

pub use finding::{Checker, Finding};
pub use mirror::mirror_path;
pub use report::{Outcome, SchemaOutcome, Validation};
pub use schema_error::SchemaError;
pub use sides::{DocumentValidation, Side, ValidationReport};
pub use store::SchemaStore;
pub use targets::{Unresolved, core_schema_uri, extension_schema_uri};

/// The environment variable naming the schema mirror directory.
pub const SCHEMAS_ENV: &str = "MLM_MIGRATE_SCHEMAS";

/// Why a schema mirror or a schema in it could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ValidateError {
    /// The mirror directory does not exist or is not a directory.
    #[error("schema mirror directory {dir} does not exist or is not a directory")]
    MirrorMissing {
        /// The directory given.
        dir: PathBuf,
    },
    /// The URI cannot name a mirror file (not `http(s)://host/path`, has a query, a port, `..`).
    #[error("{uri} is not an http(s) URL that a mirror can hold")]
    NotMirrorable {
        /// The URI.
        uri: String,
    },
    /// The schema is not in the mirror.
    #[error("{uri} is not in the mirror (no file {path})")]
    NotInMirror {
        /// The schema URI.
        uri: String,
        /// Where the mirror would hold it.
        path: PathBuf,
    },
    /// The schema file exists but could not be read.
    #[error("cannot read schema file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The schema file is not valid JSON (as published for DLM v1.0.0-beta2).
    #[error("schema file {path} is unusable, it is not valid JSON: {source}")]
    Unusable {
        /// The file.
        path: PathBuf,
        /// The parse error, with line and column.
        source: serde_json::Error,
    },
    /// The schema could not be compiled (invalid schema, or a `$ref` it needs is unavailable).
    #[error("cannot compile schema {uri}: {message}")]
    Compile {
        /// The schema URI.
        uri: String,
        /// The compiler's explanation, including the retrieval error of a missing `$ref`.
        message: String,
    },
}
