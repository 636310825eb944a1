//! Step MLM v1.3.0 → v1.4.0, the largest semantic step: `value_scaling` replaces `norm_*`,
//! `mlm:artifact_type` is required on the model asset, fields move off assets, the URI moves
//! to stac-extensions.github.io/mlm
//! (<https://github.com/stac-extensions/mlm/blob/main/CHANGELOG.md#v140>).

mod artifact;
mod assets;
mod probes;
mod scaling;
mod scaling_back;

use crate::kernel::records::Code;
use crate::steps::{Step, Transform};

/// The step.
pub(crate) const STEP: Step = Step {
    name: "mlm_1_3_0__mlm_1_4_0",
    rows: include_str!("rows.toml"),
    transforms: TRANSFORMS,
    codes: CODES,
    probe: Some(probes::probe),
};

const TRANSFORMS: &[Transform] = &[
    scaling::NORM_TO_VALUE_SCALING,
    assets::ASSET_ONLY_FIELDS,
    artifact::ARTIFACT_TYPE,
    assets::NULL_COMPILE_METHOD,
];

const CODES: &[Code] = &[
    artifact::ARTIFACT_TYPE_ON_NON_MODEL,
    artifact::ARTIFACT_TYPE_UNKNOWN,
    scaling::NORM_BY_CHANNEL_ASSUMED,
    scaling::NORM_CLIP_AS_EXPRESSION,
    scaling::NORM_CLIP_MISSING,
    scaling::NORM_STATISTICS_INCOMPLETE,
    scaling::NORM_STATISTICS_MISSING,
    scaling::NORM_CLIP_WITHOUT_NORM_TYPE,
    scaling::NORM_TYPE_NO_EQUIVALENT,
    scaling::VALUE_SCALING_LENGTH,
];
