//! Step ML-Model v1.0.0 → MLM v1.0.0: the reader for the ML-Model extension (`ml-model:`
//! prefix, stac-extensions, 2021).
//!
//! `rows.toml` runs these transforms after its data rows (`ml-model:type` dropped,
//! `ml-model:architecture` renamed, asset role prefixes swapped), following the MLM
//! migration notes <https://github.com/stac-extensions/mlm/blob/v1.0.0/docs/legacy/ml-model.md>.

mod assets;
mod assets_back;
mod properties;
mod properties_back;

use crate::kernel::records::Code;
use crate::steps::{Step, Transform};

/// The step.
pub(crate) const STEP: Step = Step {
    name: "ml_model_1_0_0__mlm_1_0_0",
    rows: include_str!("rows.toml"),
    transforms: TRANSFORMS,
    codes: CODES,
    probe: None,
};

const TRANSFORMS: &[Transform] = &[
    properties::PREDICTION_TYPE,
    properties::TRAINING_FIELDS,
    assets::RUNTIME_ROLE,
    assets::CHECKPOINT_MODEL,
    assets::IMAGE_LINKS,
    assets::DATA_LINKS,
];

const CODES: &[Code] = &[properties::TRAINING_ENVIRONMENT_NOT_INFERENCE];
