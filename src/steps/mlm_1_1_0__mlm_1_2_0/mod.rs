//! Step MLM v1.1.0 → v1.2.0: band objects in `bands` (identifier otherwise;
//! <https://github.com/stac-extensions/mlm/blob/main/CHANGELOG.md#v120>).

mod probes;
mod relaxed;

use crate::steps::{Step, Transform};

/// The step.
pub(crate) const STEP: Step = Step {
    name: "mlm_1_1_0__mlm_1_2_0",
    rows: include_str!("rows.toml"),
    transforms: TRANSFORMS,
    codes: &[],
    probe: Some(probes::probe),
};

const TRANSFORMS: &[Transform] = &[relaxed::BAND_OBJECTS, relaxed::MODEL_ROLE_EVERY_ASSET];
