//! `mlm_migrate::validate` against the official schema mirror and examples in `../shared`.

mod examples;
mod fetch;
mod mutations;
mod numbers;
mod store;
mod timing;
mod typed;
mod wrong_types;

pub use crate::common::{json_files, read_json, shared, store};
