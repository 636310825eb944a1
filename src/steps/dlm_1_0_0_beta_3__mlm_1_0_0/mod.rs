//! Step DLM v1.0.0-beta.3 → MLM v1.0.0: the reader for the Deep Learning Model extension
//! (`dlm:` prefix, crim-ca, v1.0.0-beta2 and v1.0.0-beta.3).
//!
//! DLM schemas cannot validate anything, so the reader is structural
//! and lenient: it accepts both betas' spellings regardless of the declared version (`dtype` /
//! `data_type`, `nodata_value` / `nodata`, `input_tensors` with `dim` or `channels`, every
//! `class_name_mapping` shape) and the defects of the official examples. Two edges use
//! it: the step `dlm_1_0_0_beta2__dlm_1_0_0_beta_3` (renames, STAC version, short extension
//! names) and this one (everything else, into MLM 1.0.0-shaped fields that the MLM steps
//! upgrade; `rows.toml` orders the blocks: repairs first, then each DLM block, then leftovers). Module per DLM block:
//!
//! | DLM | module | MLM |
//! |---|---|---|
//! | `dlm:inputs` (+ `useful_bands`, `process_level`) | [`inputs`], `input_parts`, [`bands`], [`tensors`], [`scaling`] | `mlm:input` |
//! | `dlm:outputs` | [`outputs`], `output_parts`, [`classes`] | `mlm:output`, `mlm:tasks` |
//! | `dlm:architecture` | [`architecture`] | `mlm:architecture`, `mlm:total_parameters`, `mlm:memory_size`, `mlm:pretrained*` |
//! | `dlm:runtime` (+ `docker`) | [`runtime`], [`docker`] | `mlm:framework*`, `mlm:accelerator`, source-code / container assets |
//! | `dlm:archive` + archive asset | [`archive`] | the `mlm:model` asset |
//! | `dlm:data` | [`data`] | `raster:bands` / `eo:bands` on the model asset, `related` links |
//! | STAC defects | [`repair`] (the integer `id`, `assets` array, `role` and short extension names of the DLM examples are the repair stage's rows, applied to DLM sources without `--fix`: [`crate::steps::repair`]) | STAC 1.0.0 |
//!
//! Backwards (`--to dlm@1.0.0-beta.3`, the DLM README at
//! <https://github.com/crim-ca/dlm-extension/blob/v1.0.0-beta.3/README.md>): [`inputs_back`] and
//! `scaling_back` write `dlm:inputs` (a z-score exactly, as `scaling_factor` 1 and the numbers
//! verbatim), [`outputs_back`] `dlm:outputs`, [`back`] `dlm:architecture`, `dlm:runtime` and the
//! model artefact; each carries a value only where an upgrade reads the same value back, and
//! records the rest with its reason.

mod architecture;
mod archive;
mod back;
mod bands;
mod classes;
mod data;
mod docker;
mod input_parts;
mod inputs;
mod inputs_back;
mod output_parts;
mod outputs;
mod outputs_back;
mod repair;
mod runtime;
mod scaling;
mod scaling_back;
mod tensors;
mod vocab;

use crate::kernel::edit::Ctx;
use crate::kernel::pointer::Pointer;
use crate::kernel::records::Code;
use crate::steps::{Step, Transform};

/// `tensor-dtype-assumed`: see [`Code::what`].
pub(crate) const TENSOR_DTYPE_ASSUMED: Code = Code::new(
    "tensor-dtype-assumed",
    "MLM requires `input.data_type` / `result.data_type`; DLM has no field for the tensor type, so `float32` (scaled input, outputs) or the source data type was assumed.",
    "Set the data type the model really takes or returns.",
);

/// The step.
pub(crate) const STEP: Step = Step {
    name: "dlm_1_0_0_beta_3__mlm_1_0_0",
    rows: include_str!("rows.toml"),
    transforms: TRANSFORMS,
    codes: CODES,
    probe: None,
};

const TRANSFORMS: &[Transform] = &[
    repair::PROVIDER_ROLES_FIX,
    repair::EO_BANDS,
    repair::GEOMETRY,
    archive::ARCHIVE,
    architecture::ARCHITECTURE,
    runtime::RUNTIME,
    inputs::INPUTS,
    outputs::OUTPUTS,
    data::DATA,
];

/// The objects of a DLM block that the betas write as one object or as a list of objects
/// (`dlm:inputs`, `dlm:outputs`): their pointers, in order.
fn block_objects(ctx: &Ctx, block: &Pointer) -> Vec<Pointer> {
    match ctx.get(block) {
        Some(serde_json::Value::Object(_)) => vec![block.clone()],
        Some(serde_json::Value::Array(a)) => (0..a.len())
            .map(|i| block.index(i))
            .filter(|p| ctx.object(p).is_some())
            .collect(),
        _ => Vec::new(),
    }
}

const CODES: &[Code] = &[
    TENSOR_DTYPE_ASSUMED,
    architecture::MEMORY_SIZE_FROM_TRAINING_ESTIMATE,
    archive::ARTIFACT_INSIDE_ARCHIVE,
    bands::BAND_NAMES_UNKNOWN,
    bands::BAND_NAME_BY_COMMON_NAME,
    bands::BAND_NAME_UNRESOLVED,
    bands::BAND_SELECTION_BY_INDEX,
    bands::BAND_SELECTION_INCONSISTENT,
    data::DLM_DTYPE_UNKNOWN,
    docker::ACCELERATOR_FROM_GPU_FLAG,
    docker::CONTAINER_IMAGE_NO_REGISTRY,
    input_parts::DLM_NORMALIZATION_INVALID,
    input_parts::DLM_PREPROCESSING_UNVERIFIABLE,
    input_parts::DLM_SCALING_ORDER_SUSPECT,
    input_parts::DLM_TENSORS_SPLIT,
    input_parts::INPUT_NAME_ASSUMED,
    output_parts::CLASS_DESCRIPTION_SYNTHESIZED,
    output_parts::DLM_RESULT_DIMS_UNKNOWN,
    output_parts::DLM_RESULT_SHAPE_MISSING,
    output_parts::DONT_CARE_AS_NODATA_CLASS,
    output_parts::NUMBER_OF_CLASSES_MISMATCH,
    repair::EO_COMMON_NAME_FIXED,
    repair::EO_COMMON_NAME_UNKNOWN,
    repair::GEOMETRY_INVALID,
    repair::PROVIDER_ROLE_FIXED,
    repair::PROVIDER_ROLE_UNKNOWN,
    repair::WAVELENGTH_UNITS_SUSPECT,
    runtime::REQUIREMENT_FILE_RELATIVE,
    tensors::DLM_TENSOR_INCOMPLETE,
];
