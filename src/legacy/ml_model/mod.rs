//! Reader for the ML-Model extension v1.0.0 (`ml-model:` prefix, stac-extensions, 2021).
//!
//! The edge `mappings/ml-model-1.0.0--mlm-1.0.0.toml` runs these transforms after its data rows
//! (`ml-model:type` dropped, `ml-model:architecture` renamed, asset role prefixes swapped),
//! following spec-changes §2.10 and judgment calls A8, A9, A13, A33.

mod assets;
mod properties;

pub use assets::{CHECKPOINT_MODEL, DATA_LINKS, IMAGE_LINKS, RUNTIME_ROLE};
pub use properties::{PREDICTION_TYPE, TRAINING_FIELDS};
