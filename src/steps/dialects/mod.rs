//! Dialects: forms of MLM that tools and catalogs write but no MLM version defines, read into
//! MLM before the chain runs (forward only, whatever the start version).
//!
//! Each reading is a row of `rows.toml` (a named rule with its fidelity and `explain` page) and
//! each dialect is recognised by [`probes`], so `mlm-migrate detect` names it:
//!
//! | dialect (seen in) | MLM | rule |
//! |---|---|---|
//! | one object where MLM has an array: `mlm:input: {…}`, `mlm:output: {…}`, `mlm:tasks: "…"`, an output's `tasks: "…"` | a one-item array | `mlm-single-object-lists` |
//! | `mlm:framework: [{name, version}]` (openEO back-ends) | `mlm:framework` + `mlm:framework_version` | `mlm-framework-list` |
//! | flat `shape` / `data_type` / `axes` on a Model Input or Output (openEO back-ends) | `input` / `result` `{shape, dim_order, data_type}` | `mlm-flat-tensor` |
//! | outputs without `tasks` next to the item's `mlm:tasks` (the same back-ends) | the output's `tasks` | `mlm-output-tasks-from-item` |
//! | `mlm:classes` in Item properties (openEO back-ends) | each output's `classification:classes` | `mlm-classes-property` |
//! | plain-string classes `["water", "land"]` | classification Class objects | `mlm-class-names` |
//! | pre-1.0 MLM drafts: `mlm:task`, an output's `task`, `mlm:hardware_summary`, `mlm:parameters`, `rescale_type` | `mlm:tasks`, `tasks`, `mlm:accelerator_summary`, `mlm:hyperparameters`, `resize_type` | `mlm-draft-*` rows |
//! | pre-1.0 MLM drafts: `input_array {shape, dim_order: "bchw", dtype}`, `result_array` | `input`, `result` | `mlm-draft-input-array`, `mlm-draft-result-array` ([`drafts`]) |
//!
//! The stac-model "metadata-only" file (`$schema` + unprefixed `properties`) is read and written
//! by the engine (`engine::metadata`), which gives these rows prefixed names to work on.

mod classes;
mod drafts;
mod framework;
mod lists;
mod probes;
mod tensors;

use crate::kernel::records::Code;
use crate::steps::{Step, Transform};

/// The dialect reader (`rows.toml`; `from` = `to` = the first MLM version, whose field names
/// the readings produce; the later steps upgrade them like any MLM field).
pub(crate) const STEP: Step = Step {
    name: "dialects",
    rows: include_str!("rows.toml"),
    transforms: TRANSFORMS,
    codes: CODES,
    probe: Some(probes::probe),
};

const TRANSFORMS: &[Transform] = &[
    lists::SINGLE_OBJECT_LISTS,
    framework::FRAMEWORK_LIST,
    tensors::FLAT_TENSOR,
    tensors::OUTPUT_TASKS,
    classes::CLASSES_PROPERTY,
    classes::CLASS_NAMES,
    drafts::INPUT_ARRAY,
    drafts::RESULT_ARRAY,
];

const CODES: &[Code] = &[
    framework::FRAMEWORK_LIST_SEVERAL,
    tensors::DIM_ORDER_ASSUMED,
    tensors::OUTPUT_TASKS_ASSUMED,
    classes::CLASSES_CONFLICT,
    classes::CLASS_DESCRIPTION_FROM_NAME,
];
