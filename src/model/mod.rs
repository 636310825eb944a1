//! Typed views of the parts of a model description that rules compute with.
//!
//! The intermediate model of mlm-migrate is the document itself (a `serde_json::Value` with
//! key order and number text preserved) plus provenance; see the crate docs for why. The
//! modules here read the computing parts of it — tensor layouts, preprocessing — into types.

pub mod bands;
pub mod tensor;
