//! Step DLM v1.0.0-beta.3 → MLM v1.0.0: the reader for the Deep Learning Model extension
//! (`dlm:` prefix, crim-ca, v1.0.0-beta2 and v1.0.0-beta.3).
//!
//! DLM schemas cannot validate anything (spec-changes §1.1, A32), so the reader is structural
//! and lenient: it accepts both betas' spellings regardless of the declared version (`dtype` /
//! `data_type`, `nodata_value` / `nodata`, `input_tensors` with `dim` or `channels`, every
//! `class_name_mapping` shape) and the defects of the official examples (A15). Two edges use
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

mod architecture;
mod archive;
mod bands;
mod classes;
mod data;
mod docker;
mod input_parts;
mod inputs;
mod output_parts;
mod outputs;
mod repair;
mod runtime;
mod scaling;
mod tensors;
mod vocab;

use crate::kernel::edit::Ctx;
use crate::kernel::pointer::Pointer;
use crate::steps::{Step, Transform};

/// The step.
pub(crate) const STEP: Step = Step {
    name: "dlm_1_0_0_beta_3__mlm_1_0_0",
    rows: include_str!("rows.toml"),
    transforms: TRANSFORMS,
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
