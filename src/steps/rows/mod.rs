//! The rows of a step's `rows.toml`: reading them strictly and applying them either way.

mod apply;
mod table;

pub(crate) use apply::{Direction, apply_rule};
pub(crate) use table::TableError;

use crate::kernel::records::Code;

/// Diagnostic codes of the generic row kinds.
pub(super) const CODES: &[Code] = &[apply::LIST_TRUNCATED];
pub(super) use table::parse_edge;
