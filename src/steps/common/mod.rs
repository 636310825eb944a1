//! What several steps share. Imports only [`crate::kernel`], like every step.
//!
//! The legacy readers (the steps into MLM 1.0.0 from DLM and from ML-Model) write MLM
//! **1.0.0-shaped** fields; the MLM steps 1.0 → 1.5.1 then do the rest (`norm_*` →
//! `value_scaling`, `mlm:artifact_type`, the `bands` dimension, vocabulary). The intermediate
//! model is the document itself plus provenance, so legacy values move through `carry`, which
//! records every change and lets existing `mlm:` fields win .
//!
//! ```text
//!  dlm@1.0.0-beta2 ─▶ dlm@1.0.0-beta.3 ─▶ ┐
//!                         ml-model@1.0.0 ─▶ ┴ mlm@1.0.0 ─▶ … ─▶ mlm@1.5.1
//! ```
//!
//! An item mixing families runs every legacy step its fields need (the engine's plan).

pub(crate) mod artifact;
pub(crate) mod bands;
pub(crate) mod carry;
pub(crate) mod drafts;
pub(crate) mod legacy;
mod legacy_back;
pub(crate) mod stray;
pub(crate) mod tensor;
pub(crate) mod vocab;

use super::Transform;
use crate::kernel::records::Code;

/// Transforms any step's rows may name (the checks both legacy readers end with).
pub(crate) const TRANSFORMS: &[Transform] = &[
    legacy::DLM_LEFTOVERS,
    legacy::ML_MODEL_LEFTOVERS,
    legacy::REQUIRED_FIELDS,
    legacy::MODEL_ASSET,
    legacy::COLLECTION_SUMMARIES,
];

/// Diagnostic codes of the shared helpers.
pub(crate) const CODES: &[Code] = &[
    carry::LEGACY_MLM_CONFLICT,
    legacy::ARCHITECTURE_UNKNOWN,
    legacy::COLLECTION_SUMMARIES_SCHEMA_BUG,
    legacy::LEGACY_FIELD_NOT_CONVERTED,
    legacy::MODEL_INTERFACE_UNKNOWN,
    legacy::NAME_ASSUMED,
    legacy::NO_MODEL_ASSET,
    legacy::TASKS_UNKNOWN,
    vocab::TASK_UNKNOWN,
];
