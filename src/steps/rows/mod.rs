//! The rows of a step's `rows.toml`: reading them strictly and applying them either way.

mod apply;
mod table;

pub use apply::{Direction, apply_rule};
pub use table::TableError;
pub(super) use table::parse_edge;
