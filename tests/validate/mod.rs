//! `mlm_migrate::validate` against the official schema mirror and examples in `../shared`.

mod examples;
mod mutations;
mod numbers;
mod store;
mod timing;
mod typed;

pub use crate::common::{json_files, read_json, shared, store};
