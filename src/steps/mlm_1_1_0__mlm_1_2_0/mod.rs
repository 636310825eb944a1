//! Step MLM v1.1.0 → v1.2.0: band objects in `bands` (identifier otherwise;
//! <https://github.com/stac-extensions/mlm/blob/main/CHANGELOG.md#v120>).

mod probes;

use crate::steps::Step;

/// The step.
pub(crate) const STEP: Step = Step {
    name: "mlm_1_1_0__mlm_1_2_0",
    rows: include_str!("rows.toml"),
    transforms: &[],
    codes: &[],
    probe: Some(probes::probe),
};
