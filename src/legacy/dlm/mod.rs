//! Reader for the Deep Learning Model extension (`dlm:` prefix, crim-ca, v1.0.0-beta2 and
//! v1.0.0-beta.3).
//!
//! DLM schemas cannot validate anything (spec-changes §1.1, A32), so the reader is structural
//! and lenient: it accepts both betas' spellings regardless of the declared version (`dtype` /
//! `data_type`, `nodata_value` / `nodata`, `input_tensors` with `dim` or `channels`, every
//! `class_name_mapping` shape) and the defects of the official examples (A15). Two edges use
//! it: `mappings/dlm-1.0.0-beta2--dlm-1.0.0-beta.3.toml` (renames, STAC version, short
//! extension names) and `mappings/dlm-1.0.0-beta.3--mlm-1.0.0.toml` (everything else, into MLM
//! 1.0.0-shaped fields that the MLM edges upgrade). Module per DLM block:
//!
//! | DLM | module | MLM |
//! |---|---|---|
//! | `dlm:inputs` (+ `useful_bands`, `process_level`) | [`inputs`], `input_parts`, [`bands`], [`tensors`], [`scaling`] | `mlm:input` |
//! | `dlm:outputs` | [`outputs`], `output_parts`, [`classes`] | `mlm:output`, `mlm:tasks` |
//! | `dlm:architecture` | [`architecture`] | `mlm:architecture`, `mlm:total_parameters`, `mlm:memory_size`, `mlm:pretrained*` |
//! | `dlm:runtime` (+ `docker`) | [`runtime`], [`docker`] | `mlm:framework*`, `mlm:accelerator`, source-code / container assets |
//! | `dlm:archive` + archive asset | [`archive`] | the `mlm:model` asset |
//! | `dlm:data` | [`data`] | `raster:bands` / `eo:bands` on the model asset, `related` links |
//! | STAC defects | [`repair`] | STAC 1.0.0 |

pub mod architecture;
pub mod archive;
pub mod bands;
pub mod classes;
pub mod data;
pub mod docker;
mod input_parts;
pub mod inputs;
mod output_parts;
pub mod outputs;
pub mod repair;
pub mod runtime;
pub mod scaling;
pub mod tensors;
pub mod vocab;

pub(crate) use docker::OCI;

/// The objects of a DLM block that the betas write as one object or as a list of objects
/// (`dlm:inputs`, `dlm:outputs`): their pointers, in order.
pub(crate) fn block_objects(
    ctx: &crate::engine::edit::Ctx<'_>,
    block: &crate::pointer::Pointer,
) -> Vec<crate::pointer::Pointer> {
    match ctx.get(block) {
        Some(serde_json::Value::Object(_)) => vec![block.clone()],
        Some(serde_json::Value::Array(a)) => (0..a.len())
            .map(|i| block.index(i))
            .filter(|p| ctx.object(p).is_some())
            .collect(),
        _ => Vec::new(),
    }
}
