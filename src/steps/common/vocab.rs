//! Vocabulary several steps share.

use crate::kernel::records::Code;

/// `task-unknown`: see [`Code::what`].
pub(crate) const TASK_UNKNOWN: Code = Code::new(
    "task-unknown",
    "A task name is not in the MLM task enum, even after fixing its spelling.",
    "Use one of the enum values.",
);
/// The MLM task enum (1.5.0+; `downscaling` is the only 1.5 addition).
pub(crate) const TASKS: [&str; 14] = [
    "regression",
    "classification",
    "scene-classification",
    "detection",
    "object-detection",
    "segmentation",
    "semantic-segmentation",
    "instance-segmentation",
    "panoptic-segmentation",
    "similarity-search",
    "generative",
    "image-captioning",
    "super-resolution",
    "downscaling",
];

/// The `data_type` enum of MLM tensors (the raster extension's band data types, which MLM
/// 1.0.0-1.5.x reference).
pub(crate) const DATA_TYPES: [&str; 16] = [
    "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float16", "float32",
    "float64", "cint16", "cint32", "cfloat32", "cfloat64", "other",
];

/// The `mlm:accelerator` enum (MLM 1.0.0+).
pub(crate) const ACCELERATORS: [&str; 7] = [
    "amd64",
    "cuda",
    "xla",
    "amd-rocm",
    "intel-ipex-cpu",
    "intel-ipex-gpu",
    "macos-arm",
];

/// The Value Scaling Object `type` enum (MLM 1.4.0+).
pub(crate) const SCALING_TYPES: [&str; 8] = [
    "min-max",
    "z-score",
    "clip",
    "clip-min",
    "clip-max",
    "offset",
    "scale",
    "processing",
];

/// The `mlm:framework` enum spellings (MLM 1.1.0+, with 1.5.0's `Flax` and `Paddle`).
const FRAMEWORKS: [&str; 15] = [
    "PyTorch",
    "TensorFlow",
    "scikit-learn",
    "Hugging Face",
    "Keras",
    "ONNX",
    "rgee",
    "spatialRF",
    "JAX",
    "Flax",
    "MXNet",
    "Caffe",
    "PyMC",
    "Weka",
    "Paddle",
];

/// The enum spelling of a framework name (DLM `framework`, a dialect's `{name}`), matched case-insensitively and ignoring spaces,
/// `-` and `_` (`sklearn` → `scikit-learn`, `huggingface` → `Hugging Face`); unknown names are
/// returned trimmed.
pub(crate) fn framework(name: &str) -> String {
    let key = |s: &str| {
        s.chars()
            .filter(|c| !matches!(c, ' ' | '-' | '_'))
            .collect::<String>()
            .to_lowercase()
    };
    let k = key(name);
    if k == "sklearn" {
        return "scikit-learn".to_owned();
    }
    FRAMEWORKS
        .iter()
        .find(|f| key(f) == k)
        .map_or_else(|| name.trim().to_owned(), |f| (*f).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framework_table() {
        let cases = [
            ("PyTorch", "PyTorch"),
            ("pytorch", "PyTorch"),
            ("sklearn", "scikit-learn"),
            ("Scikit-learn", "scikit-learn"),
            ("Huggingface", "Hugging Face"),
            ("tensorflow", "TensorFlow"),
            (" thelper ", "thelper"),
        ];
        for (name, want) in cases {
            assert_eq!(framework(name), want, "{name}");
        }
    }
}
