//! mlm-migrate: upgrade STAC metadata of machine-learning models to the MLM extension v1.5.1 —
//! from every MLM version and the legacy DLM and ML-Model extensions — with a report of every
//! change, format-preserving output, offline schema validation, and a numeric proof that the
//! converted preprocessing computes the same thing.
//!
//! # Architecture: three layers, data flowing one way
//!
//! ```text
//!  report/ review/      renderers of runs and diffs (text, JSON, Markdown, JSON Patch)
//!        │
//!  engine/              detect (folds every step's probes) · plan (the path along the chain)
//!        │              · migrate (runs the steps) · write (the target's URI, vocabulary and
//!        │              closed field set) · run (one input end to end) · explain
//!        ├──────────────────────────────┐
//!  steps/<from>__<to>/  one folder per  │  document/  format-preserving reading and writing
//!        │  adjacent step: rows.toml,   │  validate/  schema and typed checks (per-version
//!        │  transforms with their       │             field tables in mappings/fields/)
//!        │  inverse slot, probes, docs  │  check/     the preprocessing check (imports
//!        │                              │             nothing: its readers stay independent
//!        │                              │             of the converter's)
//!        ▼                              ▼
//!  kernel/              pointer · versions (mappings/versions.toml, the one source of version
//!                       facts) · edit (the document private in `Ctx`) · scope · records
//!  files/               bounded reads, ripgrep-like walking, safe writes (imports nothing;
//!                       used by document/ and engine/, and by the binary)
//! ```
//!
//! `kernel` imports nothing else in the crate, a step imports only `kernel` (what steps share
//! lives in `steps/common`), the engine imports both, and the renderers sit on top; a test
//! (`tests/architecture`) fails on any other import between top-level modules. Adding a
//! version is a row in `mappings/versions.toml` and a step folder (README, "How to add a
//! version").
//!
//! # Pipeline
//!
//! ```text
//!  text ──document::Source──▶ Value ──engine::detect──▶ start version
//!   (JSON strict, then lenient;          (declared URI ∧ every step's probes)
//!    YAML)                                        │
//!                     engine::plan(start, target): adjacent steps, src/steps/*/rows.toml
//!                                                 │  rows: rename · value-map · role-map ·
//!                                                 │        drop · wrap · named transforms
//!                                                 ▼
//!                          engine::write (URI, vocabulary, closed MLM field set)
//!                                                 │
//!        Migration { output, changes, diagnostics, detection, origins }
//!                                                 │
//!   document::Source::write ◀──┘  (unchanged subtrees copied byte for byte)
//!   validate::SchemaStore (offline mirror)     check::check (preprocessing, numerically)
//! ```
//!
//! The intermediate model is the document itself — a `serde_json::Value` built with
//! `preserve_order` and `arbitrary_precision`, so key order and number text survive — plus
//! provenance ([`kernel::records::Origins`]) and the change log. Typed structs with a
//! `flatten`ed catch-all would carry unknown fields too, but not their order or their number
//! text, and the product promises a diff that touches only changed lines. The parts that
//! compute are read into types where they are used (`steps/common`, [`check::pipeline`]).
//!
//! Every edit goes through the kernel's editing context (`Ctx`), which records a [`Change`]
//! (rule id, from/to JSON pointer, fidelity, spec reference): the document is private inside
//! it, so nothing changes, and nothing is dropped, without a record.
//!
//! # Public API
//!
//! Deliberately small; everything else is `pub(crate)` (the `unreachable_pub` lint keeps it so)
//! and the binary (`src/main.rs`, `src/cli/`) uses nothing else.
//!
//! | item | for |
//! |---|---|
//! | [`migrate`], [`Options`], [`Migration`], [`MigrateError`] | converting one document (a `serde_json::Value`) to a target version, with its change log |
//! | [`Spec`], [`Family`], [`Recognized`], [`UnknownSpec`] | naming versions (`"mlm@1.5.1".parse()`, [`Spec::default_target`]) and reading `stac_extensions` URIs |
//! | [`Change`], [`Diagnostic`], [`Code`], [`Fidelity`], [`Op`], [`RuleRef`], [`Severity`], [`Evidence`], [`Origins`], [`Pointer`] (and [`pointer::leaves`]) | the records a migration returns |
//! | [`detect`] | what a document declares and what its fields show, without converting it |
//! | [`explain`] | the documentation of every rule and diagnostic code, and the README's migrations table |
//! | [`document`] | reading JSON/YAML (lenient JSON too) and writing the output in the input's layout ([`document::Source::write`]) |
//! | [`validate`] | offline schema validation and the typed structural checks |
//! | [`check`] | the preprocessing equivalence check on a sample tensor |
//! | [`run`], [`report`], [`review`], [`files`], [`catalog`] | what the command line is made of: one input end to end, report renderers and the bulk summary, diffs, safe file walking and writing, static catalogs followed by their links (for tools that want the same behaviour) |
//!
//! # Supported versions
//!
//! | spec | versions read | written |
//! |---|---|---|
//! | MLM | 1.0.0, 1.1.0, 1.2.0, 1.3.0, 1.4.0, 1.5.0, 1.5.1, 1.5.2 (crim-ca, stac-extensions and the malformed `stac-extensions/mlm` URIs); 1.6.0 as stac-model 0.7.0 writes it | 1.0.0–1.5.2 (1.5.1 default; 1.0.0–1.3.0 with their crim-ca URIs) |
//! | DLM | 1.0.0-beta2, 1.0.0-beta.3 (`dl-model`) | 1.0.0-beta.3 |
//! | ML-Model | 1.0.0 | 1.0.0 |
//!
//! Documents: STAC Items, Collections (`summaries`, `assets`, `item_assets`), ItemCollections,
//! and stac-model metadata files (`$schema` + `properties`), as JSON or YAML.
//!
//! # Example
//!
//! ```
//! use mlm_migrate::{migrate, Options};
//! let item = serde_json::json!({
//!     "type": "Feature", "stac_version": "1.0.0", "id": "m", "geometry": null,
//!     "stac_extensions": ["https://crim-ca.github.io/mlm-extension/v1.3.0/schema.json"],
//!     "properties": {"datetime": null, "mlm:name": "model", "mlm:architecture": "ResNet",
//!         "mlm:tasks": ["classification"], "mlm:input": [], "mlm:output": []},
//!     "assets": {"w": {"href": "resnet.pth", "roles": ["mlm:model"]}}, "links": []
//! });
//! let m = migrate(&item, &Options::default()).unwrap();
//! assert_eq!(m.output["assets"]["w"]["mlm:artifact_type"], "torch.save");
//! assert!(m.changes.iter().any(|c| c.rule.id == "extension-uri"));
//! ```

#![cfg_attr(test, allow(clippy::unwrap_used))]

// The three layers: private, used through the public surface below.
mod engine;
mod kernel;
mod steps;

pub mod check;
pub mod document;
pub mod files;
#[doc(hidden)]
pub mod fuzzing;
pub mod report;
pub mod review;
pub mod validate;

pub use engine::{MigrateError, Migration, Options, catalog, detect, explain, migrate, run};
pub use kernel::pointer;
pub use kernel::pointer::Pointer;
pub use kernel::records::{
    Change, Code, Diagnostic, Evidence, Fidelity, Op, Origins, RuleRef, Severity,
};
pub use kernel::versions::{Family, Recognized, Spec, UnknownSpec};
