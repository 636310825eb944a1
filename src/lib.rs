#![cfg_attr(test, allow(clippy::unwrap_used))]
//! mlm-migrate: upgrade STAC metadata of machine-learning models to MLM v1.5.1.
//!
//! (Pipeline documentation is written as the modules land.)

pub mod detect;
pub mod document;
pub mod engine;
pub mod legacy;
pub mod model;
pub mod pointer;
pub mod report;
pub mod rules;
pub mod spec;
pub mod validate;

pub use engine::{MigrateError, Migration, Options, migrate};
