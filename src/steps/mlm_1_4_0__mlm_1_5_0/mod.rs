//! Step MLM v1.4.0 → v1.5.0: the reserved `bands` dimension name, `mlm:entrypoint` on the
//! source-code asset, `variables` and processing-expression arrays
//! (<https://github.com/stac-extensions/mlm/blob/main/CHANGELOG.md#v150>).

mod dims;
mod entrypoint;
mod probes;
mod widened;

use crate::kernel::records::Code;
use crate::steps::{Step, Transform};

/// The step.
pub(crate) const STEP: Step = Step {
    name: "mlm_1_4_0__mlm_1_5_0",
    rows: include_str!("rows.toml"),
    transforms: TRANSFORMS,
    codes: CODES,
    probe: Some(probes::probe),
};

const TRANSFORMS: &[Transform] = &[
    dims::BANDS_DIMENSION,
    entrypoint::ENTRYPOINT_CODE_ROLE,
    widened::INPUT_BANDS_REQUIRED,
    widened::VARIABLES,
    widened::PROCESSING_ARRAYS,
    widened::DOWNSCALING_TASK,
];

const CODES: &[Code] = &[
    dims::DIMENSION_FOR_LIST_UNKNOWN,
    entrypoint::ENTRYPOINT_AT_ROOT,
    entrypoint::ENTRYPOINT_NO_CODE_ASSET,
];
