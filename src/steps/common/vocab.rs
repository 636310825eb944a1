//! Vocabulary several steps share.

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
