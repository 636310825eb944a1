//! Readers for the deprecated legacy specs: DLM (`dlm:`) and ML-Model (`ml-model:`).
//!
//! Why apart: MLM code never branches on legacy quirks (style guide point 3). The readers plug
//! into the same chain as the MLM readers — one edge per adjacent step in `mappings/`, data rows
//! for renames, named transforms (registered in `rules::transforms::REGISTRY`) for meaning — and
//! write MLM **1.0.0-shaped** fields; the MLM edges 1.0 → 1.5.1 then do the rest (`norm_*` →
//! `value_scaling`, `mlm:artifact_type`, the `bands` dimension, vocabulary). The intermediate
//! model is the document itself plus provenance, so legacy values move through `carry`, which
//! records every change and lets existing `mlm:` fields win (judgment call A2).
//!
//! ```text
//!  dlm@1.0.0-beta2 ─▶ dlm@1.0.0-beta.3 ─▶ ┐
//!                         ml-model@1.0.0 ─▶ ┴ mlm@1.0.0 ─▶ … ─▶ mlm@1.5.1
//! ```
//!
//! An item mixing families runs every legacy edge its fields need (`rules::union_path`).

pub(crate) mod carry;
pub mod common;
pub mod diagnostics;
pub mod dlm;
pub mod ml_model;
pub(crate) mod probes;
pub mod scope;
