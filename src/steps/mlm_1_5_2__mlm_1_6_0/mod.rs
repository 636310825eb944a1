//! Step MLM v1.5.2 → v1.6.0: the identifier stac-model 0.7.0 writes
//! (<https://pypi.org/project/stac-model/0.7.0/>); no v1.6.0 schema or CHANGELOG entry is
//! published yet, so the step has no rows. Reading a 1.6.0 document runs it backwards; what
//! 1.5.x does not define is reported by the writer (see `rows.toml`).

use crate::steps::Step;

/// The step.
pub(crate) const STEP: Step = Step {
    name: "mlm_1_5_2__mlm_1_6_0",
    rows: include_str!("rows.toml"),
    transforms: &[],
    codes: &[],
    probe: None,
};
