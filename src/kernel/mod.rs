//! The kernel: what every step of the chain and every layer above it shares.
//!
//! It imports nothing else in the crate (a test, `layering`, keeps it so), which is what lets
//! each step folder in [`crate::steps`] depend on it alone and the engine sit on top:
//!
//! - [`pointer`](mod@pointer): RFC 6901 JSON pointers, how every record says where it applies.
//! - [`versions`]: the known spec versions and their facts, read from `mappings/versions.toml`
//!   (the one source of version facts: ids, URIs, writable targets, the default target).
//! - [`edit`]: the editing context. The document is private inside it, so a step changes
//!   nothing without a recorded [`records::Change`].
//! - [`scope`]: where fields live (Item properties, assets, Model Inputs, …).
//! - [`records`]: changes, diagnostics, detection evidence and provenance.
//! - [`surroundings`]: what the engine found next to the document on disk (a Collection
//!   beside an Item), for the repairs that depend on it.

pub(crate) mod edit;
pub mod pointer;
pub(crate) mod records;
pub(crate) mod scope;
pub(crate) mod surroundings;
pub(crate) mod versions;
