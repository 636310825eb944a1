//! Named Rust transforms: the rows of `mappings/` that compute.
//!
//! A transform runs on one container (the pointer of an Item, an asset, a Model Input, …) and
//! edits it only through [`Ctx`], so every effect is a recorded change. Each has an optional
//! inverse for downgrades; `None` means the step has nothing to undo in that direction (the
//! older version accepts the newer form) — what an older version cannot hold is handled, and
//! reported as lossy, by the writer of that version.

mod artifact;
mod assets;
mod dims;
mod scaling;
mod vocab;

pub(crate) use artifact::infer as infer_artifact_type;
pub(crate) use vocab::TASKS;

use crate::engine::edit::Ctx;
use crate::pointer::Pointer;

/// A transform function: edits the container at the pointer.
pub type TransformFn = fn(&mut Ctx<'_>, &Pointer);

/// One named transform with its documentation (printed by `mlm-migrate explain`).
pub struct Transform {
    /// Name used by `transform = "…"` rows.
    pub name: &'static str,
    /// Old → new.
    pub forward: TransformFn,
    /// New → old, when the older version needs anything undone.
    pub backward: Option<TransformFn>,
    /// What it does, in one paragraph.
    pub what: &'static str,
    /// A minimal input fragment.
    pub before: &'static str,
    /// The same fragment after the transform.
    pub after: &'static str,
}

/// Every transform, by name.
pub const REGISTRY: &[Transform] = &[
    vocab::FRAMEWORK_TRIM,
    assets::RASTER_BANDS_TO_MODEL_ASSET,
    assets::STRAY_MODEL_ROLE,
    scaling::NORM_TO_VALUE_SCALING,
    assets::ARTIFACT_TYPE,
    assets::ASSET_ONLY_FIELDS,
    assets::NULL_COMPILE_METHOD,
    dims::BANDS_DIMENSION,
    assets::ENTRYPOINT_CODE_ROLE,
    vocab::TASK_SPELLING,
    vocab::FRAMEWORK_VERSION_SEMVER,
    vocab::NAME_PATTERN,
    // Legacy readers (src/legacy).
    crate::legacy::dlm::repair::STAC_VERSION,
    crate::legacy::dlm::repair::PROVIDER_EXTENSION,
    crate::legacy::dlm::repair::ITEM_ID,
    crate::legacy::dlm::repair::ASSETS_MAP,
    crate::legacy::dlm::repair::PROVIDER_ROLES_FIX,
    crate::legacy::dlm::repair::EO_BANDS,
    crate::legacy::dlm::repair::GEOMETRY,
    crate::legacy::dlm::archive::ARCHIVE,
    crate::legacy::dlm::architecture::ARCHITECTURE,
    crate::legacy::dlm::runtime::RUNTIME,
    crate::legacy::dlm::inputs::INPUTS,
    crate::legacy::dlm::outputs::OUTPUTS,
    crate::legacy::dlm::data::DATA,
    crate::legacy::common::DLM_LEFTOVERS,
    crate::legacy::ml_model::PREDICTION_TYPE,
    crate::legacy::ml_model::TRAINING_FIELDS,
    crate::legacy::ml_model::RUNTIME_ROLE,
    crate::legacy::ml_model::CHECKPOINT_MODEL,
    crate::legacy::ml_model::IMAGE_LINKS,
    crate::legacy::ml_model::DATA_LINKS,
    crate::legacy::common::ML_MODEL_LEFTOVERS,
    crate::legacy::common::REQUIRED_FIELDS,
    crate::legacy::common::MODEL_ASSET,
    crate::legacy::common::COLLECTION_SUMMARIES,
];

/// The transform called `name`.
pub fn find(name: &str) -> Option<&'static Transform> {
    REGISTRY.iter().find(|t| t.name == name)
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_are_unique() {
        let mut names: Vec<_> = super::REGISTRY.iter().map(|t| t.name).collect();
        let n = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), n);
    }
}
