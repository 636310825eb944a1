//! mlm-migrate: upgrade STAC metadata of machine-learning models to MLM v1.5.1.
//!
//! (Pipeline documentation is written as the modules land.)

pub mod check;
