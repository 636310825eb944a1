//! The field tables (`mappings/fields/*.toml`, compiled in): every `mlm:`, `dlm:` and
//! `ml-model:` field of every version, where it may stand, its type, its constraints, and the
//! nested objects (Model Input Object, value_scaling objects, ...) with their members.
//!
//! One table per family, one row per field (or member) and version range, so every question
//! about "what does version X allow at location Y" is a filter over rows:
//!
//! ```
//! use mlm_migrate::Spec;
//! use mlm_migrate::validate::fields::{Location, closed_set};
//! let mlm = |id: &str| id.parse::<Spec>().unwrap();
//! let asset: Vec<&str> = closed_set(mlm("mlm@1.5.1"), Location::Asset).collect();
//! assert!(asset.contains(&"mlm:artifact_type"));
//! assert!(!asset.contains(&"mlm:input"));
//! let old: Vec<&str> = closed_set(mlm("mlm@1.3.0"), Location::Asset).collect();
//! assert!(old.contains(&"mlm:input") && !old.contains(&"mlm:artifact_type"));
//! ```
//!
//! The typed checks ([`super::typed`]) read these rows; so can the writer's closed field set
//! and a downgrade, which then agree with the checks by construction.

mod rows;
mod types;

use std::sync::OnceLock;

use serde::Serialize;

use crate::kernel::versions::{Family, Spec};
pub use rows::{Field, Limits, Member, Range, Shape, Table};
pub use types::{Type, describe};

/// Where a field stands in a STAC document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Location {
    /// Item `properties` (and the `properties` of a stac-model metadata file).
    Properties,
    /// An asset of an Item or Collection, or an `item_assets` entry of a Collection.
    Asset,
    /// Collection `summaries`.
    Summaries,
}

impl Location {
    /// The name used in the tables and in messages (`properties`, `asset`, `summaries`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Properties => "properties",
            Self::Asset => "asset",
            Self::Summaries => "summaries",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        match text {
            "properties" => Some(Self::Properties),
            "asset" => Some(Self::Asset),
            "summaries" => Some(Self::Summaries),
            _ => None,
        }
    }
}

/// The compiled-in table of a family.
#[must_use]
pub fn table(family: Family) -> &'static Table {
    let all = tables();
    match family {
        Family::Mlm => &all[0],
        Family::Dlm => &all[1],
        Family::MlModel => &all[2],
    }
}

/// The known version `id` (`mlm@1.4.0`); the newest known version if `id` is unknown (the
/// ids used in the code are checked by `known_versions_resolve`).
pub(crate) fn version(id: &str) -> Spec {
    id.parse().unwrap_or_else(|_| Spec::latest())
}

/// Every field name that `spec` defines at `location`: the closed field set of that version
/// there (the writer removes any other `mlm:*` key of MLM ≥ 1.4.0, whose schemas reject them).
pub fn closed_set(spec: Spec, location: Location) -> impl Iterator<Item = &'static str> {
    table(spec.family())
        .fields_at(spec, location)
        .map(|field| field.name.as_str())
}

fn tables() -> &'static [Table; 3] {
    static TABLES: OnceLock<[Table; 3]> = OnceLock::new();
    TABLES.get_or_init(|| {
        let parse = |file: &str, text: &str| {
            Table::parse(text).unwrap_or_else(|e| {
                // Covered by `tables_parse_and_resolve`; reaching this is a build defect.
                panic!("mappings/fields/{file}: {e}")
            })
        };
        [
            parse(
                "mlm.toml",
                include_str!("../../../mappings/fields/mlm.toml"),
            ),
            parse(
                "dlm.toml",
                include_str!("../../../mappings/fields/dlm.toml"),
            ),
            parse(
                "ml-model.toml",
                include_str!("../../../mappings/fields/ml-model.toml"),
            ),
        ]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_versions_resolve() {
        for id in [
            "mlm@1.2.0",
            "mlm@1.3.0",
            "mlm@1.4.0",
            "mlm@1.5.0",
            "mlm@1.5.1",
        ] {
            assert!(id.parse::<Spec>().is_ok(), "{id}");
        }
    }

    #[test]
    fn tables_parse_and_resolve() {
        for family in [Family::Mlm, Family::Dlm, Family::MlModel] {
            let t = table(family);
            assert_eq!(t.family, family);
            assert!(!t.fields.is_empty());
        }
    }

    #[test]
    fn closed_sets_follow_the_schemas() {
        let names = |spec, at| closed_set(spec, at).collect::<Vec<_>>();
        // MLM 1.5.x `$defs/fields`: 20 fields (the writer's closed set).
        let mut all: Vec<&str> = [Location::Properties, Location::Asset, Location::Summaries]
            .into_iter()
            .flat_map(|at| names(version("mlm@1.5.1"), at))
            .collect();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), 20, "{all:?}");
        let props = names(version("mlm@1.5.1"), Location::Properties);
        for forbidden in ["mlm:artifact_type", "mlm:compile_method", "mlm:entrypoint"] {
            assert!(!props.contains(&forbidden), "{forbidden}");
        }
        let asset = names(version("mlm@1.4.0"), Location::Asset);
        for forbidden in ["mlm:name", "mlm:input", "mlm:output", "mlm:hyperparameters"] {
            assert!(!asset.contains(&forbidden), "{forbidden}");
        }
        assert!(!names(version("mlm@1.4.0"), Location::Asset).contains(&"mlm:entrypoint"));
        assert_eq!(names(version("mlm@1.0.0"), Location::Asset).len(), 17);
        assert_eq!(
            names(version("ml-model@1.0.0"), Location::Properties).len(),
            6
        );
    }
}
