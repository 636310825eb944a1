//! Step MLM v1.3.0 → v1.4.0, the largest semantic step: `value_scaling` replaces `norm_*`,
//! `mlm:artifact_type` is required on the model asset, fields move off assets, the URI moves
//! to stac-extensions.github.io/mlm
//! (<https://github.com/stac-extensions/mlm/blob/main/CHANGELOG.md#v140>).

mod artifact;
mod assets;
mod probes;
mod scaling;

use crate::steps::{Step, Transform};

/// The step.
pub(crate) const STEP: Step = Step {
    name: "mlm_1_3_0__mlm_1_4_0",
    rows: include_str!("rows.toml"),
    transforms: TRANSFORMS,
    probe: Some(probes::probe),
};

const TRANSFORMS: &[Transform] = &[
    scaling::NORM_TO_VALUE_SCALING,
    assets::ASSET_ONLY_FIELDS,
    artifact::ARTIFACT_TYPE,
    assets::NULL_COMPILE_METHOD,
];
