//! The vocabulary the writer fixes for every MLM target, whatever the source version:
//! spellings no MLM schema ever accepted but that real files (and the READMEs) use. Not a step
//! of the chain: its rows run after the chain, forward only.

mod bands;
mod vocab;

use crate::kernel::records::Code;
use crate::steps::{Step, Transform};

/// The writer's vocabulary rows (`rows.toml`; `from` = `to` = the default target).
pub(crate) const STEP: Step = Step {
    name: "normalize",
    rows: include_str!("rows.toml"),
    transforms: TRANSFORMS,
    codes: CODES,
    probe: None,
};

const TRANSFORMS: &[Transform] = &[
    vocab::TASK_SPELLING,
    vocab::DATA_TYPE_SPELLING,
    vocab::ACCELERATOR_SPELLING,
    vocab::SCALING_TYPE_SPELLING,
    vocab::FRAMEWORK_VERSION_SEMVER,
    vocab::NAME_PATTERN,
    bands::BAND_CATALOGUE,
    bands::BAND_NAMES,
];

const CODES: &[Code] = &[
    vocab::FRAMEWORK_VERSION_NOT_SEMVER,
    bands::BAND_NAME_CASE,
    bands::BAND_NAME_UNDEFINED,
];
