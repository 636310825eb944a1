//! Step MLM v1.0.0 → v1.1.0: the framework enum spelling and the `mlm:framework` pattern
//! (<https://github.com/stac-extensions/mlm/blob/main/CHANGELOG.md#v110>).

mod framework;

use crate::steps::{Step, Transform};

/// The step.
pub(crate) const STEP: Step = Step {
    name: "mlm_1_0_0__mlm_1_1_0",
    rows: include_str!("rows.toml"),
    transforms: TRANSFORMS,
    codes: &[],
    probe: None,
};

const TRANSFORMS: &[Transform] = &[framework::FRAMEWORK_TRIM];
