//! Step DLM v1.0.0-beta2 → v1.0.0-beta.3: renamed `dlm:data` members, STAC 1.0.0 instead of a
//! pre-release (the full extension URIs instead of short names are the repair
//! `fix-extension-short-names`, applied to DLM sources). Its probes tell the two betas
//! apart (the official beta.3 example still has beta2 names, so evidence beats the URI). The
//! pre-beta2 draft spellings ([`drafts`]) are rewritten here too, into beta2 names first.

mod drafts;
mod probes;
mod repair;

use crate::steps::{Step, Transform};

/// The step.
pub(crate) const STEP: Step = Step {
    name: "dlm_1_0_0_beta2__dlm_1_0_0_beta_3",
    rows: include_str!("rows.toml"),
    transforms: TRANSFORMS,
    codes: &[],
    probe: Some(probes::probe),
};

const TRANSFORMS: &[Transform] = &[
    drafts::NORMALIZATION,
    drafts::SHAPE_KEYS,
    repair::STAC_VERSION,
];
