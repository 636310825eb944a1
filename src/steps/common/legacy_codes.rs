//! Documentation of every diagnostic code the legacy readers emit (`mlm-migrate explain
//! <code>`), kept next to the readers; `crate::explain` lists them with its own.

use crate::kernel::records::DiagnosticDoc;

const fn doc(code: &'static str, what: &'static str, fix: &'static str) -> DiagnosticDoc {
    DiagnosticDoc { code, what, fix }
}

/// Every diagnostic code of the legacy readers.
pub const DIAGNOSTICS: &[DiagnosticDoc] = &[
    doc(
        "legacy-mlm-conflict",
        "The item mixes legacy and MLM fields and a legacy value differs from the MLM field already there; the MLM value is kept and the legacy one is recorded as a lossy removal (spec-changes A2).",
        "Check which value is right and fix the MLM field if needed.",
    ),
    doc(
        "legacy-field-not-converted",
        "A Collection carries `dlm:` fields; the DLM readers convert Items only, so they are left in place.",
        "Convert the Items; update the Collection summaries by hand.",
    ),
    doc(
        "name-assumed",
        "`mlm:name` (required) has no legacy source; it was taken from the Item `title`, else its `id` (spec-changes A8), then fitted to the name pattern.",
        "Set the model's real name if it differs.",
    ),
    doc(
        "architecture-unknown",
        "`mlm:architecture` (required) has no legacy source; the placeholder `unknown` was written (spec-changes A8).",
        "Name the model architecture.",
    ),
    doc(
        "tasks-unknown",
        "The legacy item states no task; `mlm:tasks` is an empty list, which the schema accepts (spec-changes A8).",
        "List the model's tasks.",
    ),
    doc(
        "model-interface-unknown",
        "The legacy item does not describe the model's inputs or outputs; `mlm:input` / `mlm:output` are empty lists (valid) — shapes and data types are never invented (spec-changes A8).",
        "Describe the input and output tensors (shape, dim_order, data_type).",
    ),
    doc(
        "no-model-asset",
        "After conversion no asset has role `mlm:model`: the legacy item points at no model artifact (e.g. the ML-Model `dummy` example has only a compose file). The output is not valid MLM 1.5.1; no fake asset is added (spec-changes A9).",
        "Add the model file as an asset with role `mlm:model` and `mlm:artifact_type`.",
    ),
    doc(
        "collection-summaries-schema-bug",
        "Every MLM schema validates each Collection summary as an object, so list summaries such as `\"mlm:tasks\": [\"regression\"]` fail: the converted Collection is not schema-valid because of a schema bug, not a conversion error (spec-changes A23).",
        "Nothing in the document; validate the Items.",
    ),
    doc(
        "tensor-dtype-assumed",
        "MLM requires `input.data_type` / `result.data_type`; DLM has no field for the tensor type, so `float32` (scaled input, outputs) or the source data type was assumed (spec-changes A7, §2.3).",
        "Set the data type the model really takes or returns.",
    ),
    doc(
        "input-name-assumed",
        "A `dlm:inputs` object has no `name`; the input is called `input`.",
        "Name the input as the model does.",
    ),
    doc(
        "dlm-tensors-split",
        "`input_tensors` lists several tensors; each became its own input named `<name>_<i>` (spec-changes §2.3).",
        "Check the inputs' names and bands.",
    ),
    doc(
        "dlm-tensor-incomplete",
        "An `input_tensors` object lacks an integer batch, channels (or dim), height or width, or gives `channels` and `dim` that disagree; no shape is written for it.",
        "State batch, channels, height and width as integers.",
    ),
    doc(
        "dlm-normalization-invalid",
        "The DLM scaling cannot be folded: a member is not numeric, `scaling_factor` or a std is not > 0, or the mean and std lists cannot be paired per channel (spec-changes §2.1.3). No `value_scaling` is written and the members are lost.",
        "Fix the DLM values or write `value_scaling` by hand.",
    ),
    doc(
        "dlm-scaling-order-suspect",
        "A normalisation mean is > 1 although `scaling_factor` brings values to [0, 1]: the statistics may have been computed on raw data. The conversion assumes scale first, then standardise (spec-changes A5).",
        "Check the order against the model's training code.",
    ),
    doc(
        "dlm-preprocessing-unverifiable",
        "The DLM `pre_processing_function` is opaque code; it became a `python` Processing Expression, and the preprocessing cannot be checked numerically (spec-changes §2.1.6).",
        "Nothing; review the expression.",
    ),
    doc(
        "band-name-by-common-name",
        "A `useful_bands` name matched the `common_name` (not the `name`) of an Item `eo:bands` entry; the band's `name` is used (spec-changes §2.2 step 2).",
        "Nothing.",
    ),
    doc(
        "band-name-unresolved",
        "A `useful_bands` name matches no Item `eo:bands` entry (or has no name); it is kept as written and described on the model asset.",
        "Add the band to `eo:bands` or fix the name.",
    ),
    doc(
        "band-selection-inconsistent",
        "`useful_bands` indices and `selected_bands` disagree (as in the official DLM example); the names of `useful_bands` are used and the indices are lost (spec-changes A6).",
        "Check which bands the model reads.",
    ),
    doc(
        "band-selection-by-index",
        "Only `selected_bands` indices exist; they were read as positions in the Item's `eo:bands` (the index base is not stated, spec-changes A6).",
        "Check the band names.",
    ),
    doc(
        "band-names-unknown",
        "`selected_bands` indices resolve to no band name (no or too few `eo:bands`); the input lists no bands and the indices are lost.",
        "Add `eo:bands` or list the bands by name.",
    ),
    doc(
        "dlm-dtype-unknown",
        "`dlm:data.data_type` is not a numpy type name DLM allows; no `raster:bands` data type is written.",
        "Use a numpy type name (uint8, uint16, float32, …).",
    ),
    doc(
        "dlm-result-shape-missing",
        "A `dlm:outputs` object has no `final_layer_size`; the output has no `result`, which MLM requires.",
        "Add the output shape.",
    ),
    doc(
        "dlm-result-dims-unknown",
        "`final_layer_size` has a rank other than 2, 3 or 4; its dimension names cannot be inferred and `dim_order` is missing.",
        "Add `result.dim_order` by hand.",
    ),
    doc(
        "class-description-synthesized",
        "classification v1.1.0 requires a class `description`; DLM has none, so it repeats the class name (spec-changes §2.5).",
        "Write real class descriptions if available.",
    ),
    doc(
        "dont-care-as-nodata-class",
        "`dont_care_index` marks its class `nodata: true` (a class `dont_care` is appended when the mapping lacks it; spec-changes A17).",
        "Nothing.",
    ),
    doc(
        "number-of-classes-mismatch",
        "`number_of_classes`, the number of `class_name_mapping` entries and the class axis of `final_layer_size` disagree (5 / 6 / 5 in the official DLM example); reported, not changed (spec-changes A17).",
        "Check which classes the output channels are.",
    ),
    doc(
        "memory-size-from-training-estimate",
        "`mlm:memory_size` comes from `estimated_total_size_mb` × 1 048 576; the DLM figure is torchsummary's estimate including training activations (spec-changes A19).",
        "Replace it by the inference memory if known.",
    ),
    doc(
        "accelerator-from-gpu-flag",
        "`mlm:accelerator: cuda` was inferred from the DLM docker `gpu: true` flag (spec-changes A13).",
        "Set the accelerator the model really needs.",
    ),
    doc(
        "container-image-no-registry",
        "The container image reference names no registry host (e.g. `thelper-geo:latest`).",
        "Write the full image reference if it is published.",
    ),
    doc(
        "requirement-file-relative",
        "`requirement_file` is not a URL; MLM has no place for a path inside an archive, so it is lost.",
        "Publish the requirements file and add it as an asset.",
    ),
    doc(
        "artifact-inside-archive",
        "The DLM model file is inside an archive; the archive asset is described as the model asset (roles `mlm:model`, `mlm:checkpoint`), its listing kept in the description (spec-changes A18).",
        "Publish the weights file as its own asset if possible.",
    ),
    doc(
        "provider-role-fixed",
        "A provider role outside the STAC 1.0.0 enum contained exactly one enum word and became that word (`image licensor` → `licensor`).",
        "Check the role.",
    ),
    doc(
        "provider-role-unknown",
        "A provider role outside the STAC 1.0.0 enum maps to no enum value and was removed (`image provider`).",
        "Give the provider the role that fits.",
    ),
    doc(
        "eo-common-name-fixed",
        "The eo common name `pancro` was written `pan` (eo v1.1.0 enum, spec-changes A15).",
        "Nothing.",
    ),
    doc(
        "eo-common-name-unknown",
        "An eo common name is not in the eo v1.1.0 enum; reported, not changed.",
        "Use an eo common name or remove it.",
    ),
    doc(
        "wavelength-units-suspect",
        "A `center_wavelength` > 100 looks like nanometres; eo expects micrometres. Reported, not changed (spec-changes A15).",
        "Divide by 1000 if the value is in nanometres.",
    ),
    doc(
        "geometry-invalid",
        "A polygon ring is not closed or has fewer than four positions (the official DLM example). Reported, not regenerated (spec-changes A15).",
        "Regenerate the geometry from `bbox` or fix the ring.",
    ),
    doc(
        "training-environment-not-inference",
        "ML-Model's training OS / processor type describe training; they are kept in `mlm:hyperparameters`, and `mlm:accelerator` (inference) is not set (spec-changes §2.10, A13).",
        "Nothing.",
    ),
];
