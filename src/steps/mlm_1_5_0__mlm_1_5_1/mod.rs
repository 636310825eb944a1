//! Step MLM v1.5.0 → v1.5.1: schema fixes only; nothing in a document changes but its
//! identifier (<https://github.com/stac-extensions/mlm/blob/main/CHANGELOG.md#v151>).

use crate::steps::Step;

/// The step.
pub(crate) const STEP: Step = Step {
    name: "mlm_1_5_0__mlm_1_5_1",
    rows: include_str!("rows.toml"),
    transforms: &[],
    codes: &[],
    probe: None,
};
