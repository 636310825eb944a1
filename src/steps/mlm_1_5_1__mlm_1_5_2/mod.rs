//! Step MLM v1.5.1 → v1.5.2: identifier only; the two schemas are identical but for `$id`
//! (<https://github.com/stac-extensions/mlm/blob/main/CHANGELOG.md#v152>).

use crate::steps::Step;

/// The step.
pub(crate) const STEP: Step = Step {
    name: "mlm_1_5_1__mlm_1_5_2",
    rows: include_str!("rows.toml"),
    transforms: &[],
    codes: &[],
    probe: None,
};
