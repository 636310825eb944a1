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
