//! The migration chain: one table per adjacent step, compiled from `mappings/`.
//!
//! Each `mappings/<from>--<to>.toml` file is one edge of the chain. Its rows are data —
//! renames, value maps, role maps, drops, scalar→array wraps — or name a Rust transform for
//! anything that computes (spec-changes §2; style guide point 5). Every row runs in both
//! directions: forward when upgrading, and its inverse (or an explicit lossy/manual record)
//! when writing an older version, so there is never a second table nor a from×to matrix.
//! `normalize.toml` holds vocabulary fixes the writer applies for every MLM target.

mod apply;
mod table;
pub mod transforms;

use std::sync::OnceLock;

use crate::engine::scope::Scope;
use crate::report::Fidelity;
use crate::spec::Spec;

pub use apply::{Direction, apply_rule};
pub use table::TableError;
use table::parse_edge;

/// The edge files, in chain order, compiled into the binary.
const EDGE_FILES: &[(&str, &str)] = &[
    // Legacy readers (src/legacy): DLM beta2 -> beta.3 -> MLM 1.0.0; ML-Model 1.0.0 -> MLM 1.0.0.
    (
        "dlm-1.0.0-beta2--dlm-1.0.0-beta.3.toml",
        include_str!("../../mappings/dlm-1.0.0-beta2--dlm-1.0.0-beta.3.toml"),
    ),
    (
        "dlm-1.0.0-beta.3--mlm-1.0.0.toml",
        include_str!("../../mappings/dlm-1.0.0-beta.3--mlm-1.0.0.toml"),
    ),
    (
        "ml-model-1.0.0--mlm-1.0.0.toml",
        include_str!("../../mappings/ml-model-1.0.0--mlm-1.0.0.toml"),
    ),
    (
        "mlm-1.0.0--mlm-1.1.0.toml",
        include_str!("../../mappings/mlm-1.0.0--mlm-1.1.0.toml"),
    ),
    (
        "mlm-1.1.0--mlm-1.2.0.toml",
        include_str!("../../mappings/mlm-1.1.0--mlm-1.2.0.toml"),
    ),
    (
        "mlm-1.2.0--mlm-1.3.0.toml",
        include_str!("../../mappings/mlm-1.2.0--mlm-1.3.0.toml"),
    ),
    (
        "mlm-1.3.0--mlm-1.4.0.toml",
        include_str!("../../mappings/mlm-1.3.0--mlm-1.4.0.toml"),
    ),
    (
        "mlm-1.4.0--mlm-1.5.0.toml",
        include_str!("../../mappings/mlm-1.4.0--mlm-1.5.0.toml"),
    ),
    (
        "mlm-1.5.0--mlm-1.5.1.toml",
        include_str!("../../mappings/mlm-1.5.0--mlm-1.5.1.toml"),
    ),
    (
        "mlm-1.5.1--mlm-1.5.2.toml",
        include_str!("../../mappings/mlm-1.5.1--mlm-1.5.2.toml"),
    ),
];

/// The writer's vocabulary table (applied for every MLM target, after the chain).
const NORMALIZE_FILE: (&str, &str) = (
    "normalize.toml",
    include_str!("../../mappings/normalize.toml"),
);

/// One adjacent step of the chain.
#[derive(Debug, Clone)]
pub struct Edge {
    /// Older version.
    pub from: Spec,
    /// Newer version.
    pub to: Spec,
    /// Upstream text of the step (changelog or README section).
    pub url: String,
    /// Section of spec-changes.md that digests the step.
    pub digest: String,
    /// The rows, applied in order (reverse order when downgrading).
    pub rules: Vec<Rule>,
}

impl Edge {
    /// `mlm@1.3.0 -> mlm@1.4.0`.
    pub fn label(&self) -> String {
        format!("{} -> {}", self.from, self.to)
    }
}

/// One row of a mapping table.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Stable kebab-case id, unique across all tables.
    pub id: String,
    /// What the row does.
    pub kind: RuleKind,
    /// Where it applies.
    pub scope: Vec<Scope>,
    /// Fidelity of the forward direction.
    pub fidelity: Fidelity,
    /// Spec reference (`spec-changes §1.6 #2`).
    pub spec: String,
    /// One sentence: why the spec step needs this row (printed by `explain`).
    pub why: String,
}

/// The row kinds. Data rows are inverted generically; transforms name Rust code.
#[derive(Debug, Clone)]
pub enum RuleKind {
    /// Rename member `from` to `to` in place (inverse: rename back).
    Rename {
        /// Old key.
        from: String,
        /// New key.
        to: String,
    },
    /// Replace string values of `field` (or strings inside an array value) by the map.
    ValueMap {
        /// The member whose value is mapped.
        field: String,
        /// Old value → new value; inverted for downgrades.
        map: Vec<(String, String)>,
    },
    /// Replace asset roles by the map (an empty target removes the role).
    RoleMap {
        /// Old role → new role.
        map: Vec<(String, String)>,
    },
    /// Remove member `field` (forward only: downgrades cannot restore it).
    Drop {
        /// The member removed.
        field: String,
    },
    /// Replace scalar member `from` by a one-item array member `to` (inverse: unwrap).
    Wrap {
        /// Old key holding a scalar.
        from: String,
        /// New key holding an array.
        to: String,
    },
    /// Run a named Rust transform (see [`transforms::REGISTRY`]).
    Transform {
        /// Transform name.
        transform: String,
    },
}

/// All tables, parsed once.
pub struct Tables {
    /// Chain edges in order.
    pub edges: Vec<Edge>,
    /// Writer vocabulary rows (an edge from and to the target).
    pub normalize: Edge,
}

/// Loads every table (see [`TableError`]).
///
/// # Errors
/// A [`TableError`] naming the file and row when a table does not parse.
pub fn load() -> Result<Tables, TableError> {
    let edges = EDGE_FILES
        .iter()
        .copied()
        .map(parse_edge)
        .collect::<Result<_, _>>()?;
    let normalize = parse_edge(NORMALIZE_FILE)?;
    Ok(Tables { edges, normalize })
}

/// The compiled-in tables (parsed on first use; `tables_load` proves they parse).
pub fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| load().unwrap_or_else(|e| panic!("{e}")))
}

/// The edges from `start` to `target`, each with its direction, or `None` when the chain has
/// no path (e.g. a legacy spec whose reader is not compiled in).
pub fn path(start: Spec, target: Spec) -> Option<Vec<(&'static Edge, Direction)>> {
    let edges = &tables().edges;
    let mut out = Vec::new();
    let mut at = start;
    while at < target {
        let e = edges.iter().find(|e| e.from == at)?;
        out.push((e, Direction::Forward));
        at = e.to;
    }
    while at > target {
        let e = edges
            .iter()
            .find(|e| e.to == at && e.from.family() == target.family())?;
        out.push((e, Direction::Backward));
        at = e.from;
    }
    (at == target).then_some(out)
}

/// [`path`] for a document whose fields belong to several families (spec-changes A2: read the
/// union). DLM and ML-Model both lead into MLM 1.0.0, so a path from DLM skips the ML-Model
/// edge; when ML-Model fields are present too, that edge runs right before the MLM edges.
pub fn union_path(
    start: Spec,
    target: Spec,
    families: &[crate::spec::Family],
) -> Option<Vec<(&'static Edge, Direction)>> {
    use crate::spec::Family;
    let mut out = path(start, target)?;
    let needs_ml_model = start.family() == Family::Dlm
        && families.contains(&Family::MlModel)
        && target.family() == Family::Mlm;
    if needs_ml_model {
        let extra = path(Spec::MlModel100, Spec::Mlm100)?;
        let at = out
            .iter()
            .position(|(e, _)| e.from.family() == Family::Mlm)
            .unwrap_or(out.len());
        out.splice(at..at, extra);
    }
    Some(out)
}

/// The supported-migrations table of the README, generated from the compiled tables (a test
/// keeps the README in sync): one row per chain step with its rule ids, kinds and fidelities.
pub fn migrations_markdown() -> String {
    let t = tables();
    let mut out = String::from("| step | rules (kind, fidelity) |\n|---|---|\n");
    let row = |label: String, rules: &[Rule]| {
        let cells: Vec<String> = rules
            .iter()
            .map(|r| format!("`{}` ({}, {})", r.id, kind_name(&r.kind), r.fidelity))
            .collect();
        let cells = if cells.is_empty() {
            "identifier only".to_owned()
        } else {
            cells.join(", ")
        };
        format!("| {label} | {cells} |\n")
    };
    for e in &t.edges {
        out.push_str(&row(e.label(), &e.rules));
    }
    let writer = row("writer, every MLM target".to_owned(), &t.normalize.rules);
    out.push_str(writer.trim_end().trim_end_matches(" |"));
    out.push_str(", `unknown-mlm-field` (writer, lossy), `extension-uri` (writer, lossless) |\n");
    out
}

fn kind_name(kind: &RuleKind) -> &'static str {
    match kind {
        RuleKind::Rename { .. } => "rename",
        RuleKind::ValueMap { .. } => "value-map",
        RuleKind::RoleMap { .. } => "role-map",
        RuleKind::Drop { .. } => "drop",
        RuleKind::Wrap { .. } => "wrap",
        RuleKind::Transform { .. } => "transform",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_load() {
        let t = load().unwrap();
        let mut ids: Vec<_> = t
            .edges
            .iter()
            .chain([&t.normalize])
            .flat_map(|e| e.rules.iter().map(|r| r.id.clone()))
            .collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n, "rule ids must be unique");
    }

    #[test]
    fn every_mlm_version_reaches_the_target_and_back() {
        for s in Spec::ALL
            .into_iter()
            .filter(|s| s.family() == crate::spec::Family::Mlm)
        {
            assert!(path(s, Spec::TARGET).is_some(), "{s}");
        }
        let p = path(Spec::Mlm152, Spec::Mlm151).unwrap();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].1, Direction::Backward);
    }

    #[test]
    fn legacy_versions_reach_the_target_and_mixed_items_read_the_union() {
        use crate::spec::Family;
        let labels = |p: Vec<(&Edge, Direction)>| -> Vec<String> {
            p.iter().take(3).map(|(e, _)| e.label()).collect()
        };
        let cases = [
            (
                Spec::DlmBeta2,
                vec![Family::Dlm],
                vec![
                    "dlm@1.0.0-beta2 -> dlm@1.0.0-beta.3",
                    "dlm@1.0.0-beta.3 -> mlm@1.0.0",
                    "mlm@1.0.0 -> mlm@1.1.0",
                ],
            ),
            (
                Spec::DlmBeta3,
                vec![Family::Dlm, Family::MlModel],
                vec![
                    "dlm@1.0.0-beta.3 -> mlm@1.0.0",
                    "ml-model@1.0.0 -> mlm@1.0.0",
                    "mlm@1.0.0 -> mlm@1.1.0",
                ],
            ),
            (
                Spec::MlModel100,
                vec![Family::MlModel, Family::Mlm],
                vec![
                    "ml-model@1.0.0 -> mlm@1.0.0",
                    "mlm@1.0.0 -> mlm@1.1.0",
                    "mlm@1.1.0 -> mlm@1.2.0",
                ],
            ),
        ];
        for (start, families, want) in cases {
            let p = union_path(start, Spec::TARGET, &families).unwrap();
            assert_eq!(labels(p), want, "{start}");
        }
        let back = path(Spec::Mlm100, Spec::DlmBeta3).unwrap();
        assert_eq!(back[0].0.label(), "dlm@1.0.0-beta.3 -> mlm@1.0.0");
    }
}
