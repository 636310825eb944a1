//! Step MLM v1.2.0 → v1.3.0: the source-code role and `raster:bands` on the model asset
//! (<https://github.com/stac-extensions/mlm/blob/main/CHANGELOG.md#v130>).

mod assets;
mod probes;

use crate::kernel::records::Code;
use crate::steps::{Step, Transform};

/// The step.
pub(crate) const STEP: Step = Step {
    name: "mlm_1_2_0__mlm_1_3_0",
    rows: include_str!("rows.toml"),
    transforms: TRANSFORMS,
    codes: CODES,
    probe: Some(probes::probe),
};

const TRANSFORMS: &[Transform] = &[
    assets::STRAY_MODEL_ROLE,
    assets::RASTER_BANDS_TO_MODEL_ASSET,
];

const CODES: &[Code] = &[
    assets::RASTER_BANDS_CONFLICT,
    assets::RASTER_BANDS_NO_MODEL_ASSET,
];
