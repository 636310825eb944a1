//! The migration chain: one table per adjacent step, compiled from `mappings/`.
//!
//! Each `mappings/<from>--<to>.toml` file is one edge of the chain. Its rows are data —
//! renames, value maps, role maps, drops, scalar→array wraps — or name a Rust transform for
//! anything that computes (spec-changes §2; style guide point 5). Every row runs in both
//! directions: forward when upgrading, and its inverse (or an explicit lossy/manual record)
//! when writing an older version, so there is never a second table nor a from×to matrix.
//! `normalize.toml` holds vocabulary fixes the writer applies for every MLM target.

mod apply;
pub mod transforms;

use std::sync::OnceLock;

use serde::Deserialize;

use crate::engine::scope::Scope;
use crate::report::Fidelity;
use crate::spec::Spec;

pub use apply::{Direction, apply_rule};

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

/// A row as written in TOML: every key a row kind may use; [`RawRule::resolve`] checks that
/// exactly the keys its kind needs are present.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    kind: String,
    #[serde(deserialize_with = "one_or_many")]
    scope: Vec<Scope>,
    fidelity: Fidelity,
    spec: String,
    why: String,
    from: Option<String>,
    to: Option<String>,
    field: Option<String>,
    map: Option<Vec<(String, String)>>,
    transform: Option<String>,
}

impl RawRule {
    fn resolve(self) -> Result<Rule, String> {
        let used = |names: &[&str]| {
            let present = [
                ("from", self.from.is_some()),
                ("to", self.to.is_some()),
                ("field", self.field.is_some()),
                ("map", self.map.is_some()),
                ("transform", self.transform.is_some()),
            ];
            match present.iter().find(|(n, p)| *p != names.contains(n)) {
                Some((n, true)) => Err(format!(
                    "rule `{}`: `{n}` is not used by kind `{}`",
                    self.id, self.kind
                )),
                Some((n, false)) => Err(format!(
                    "rule `{}`: kind `{}` needs `{n}`",
                    self.id, self.kind
                )),
                None => Ok(()),
            }
        };
        let kind = match self.kind.as_str() {
            "rename" | "wrap" => {
                used(&["from", "to"])?;
                let (from, to) = (
                    self.from.clone().unwrap_or_default(),
                    self.to.clone().unwrap_or_default(),
                );
                if self.kind == "rename" {
                    RuleKind::Rename { from, to }
                } else {
                    RuleKind::Wrap { from, to }
                }
            }
            "value-map" => {
                used(&["field", "map"])?;
                RuleKind::ValueMap {
                    field: self.field.clone().unwrap_or_default(),
                    map: self.map.clone().unwrap_or_default(),
                }
            }
            "role-map" => {
                used(&["map"])?;
                RuleKind::RoleMap {
                    map: self.map.clone().unwrap_or_default(),
                }
            }
            "drop" => {
                used(&["field"])?;
                RuleKind::Drop {
                    field: self.field.clone().unwrap_or_default(),
                }
            }
            "transform" => {
                used(&["transform"])?;
                RuleKind::Transform {
                    transform: self.transform.clone().unwrap_or_default(),
                }
            }
            other => return Err(format!("rule `{}`: unknown kind `{other}`", self.id)),
        };
        Ok(Rule {
            id: self.id,
            kind,
            scope: self.scope,
            fidelity: self.fidelity,
            spec: self.spec,
            why: self.why,
        })
    }
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Scope>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(Scope),
        Many(Vec<Scope>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EdgeFile {
    from: String,
    to: String,
    url: String,
    digest: String,
    #[serde(default)]
    rule: Vec<RawRule>,
}

/// A table failed to load (only possible if a shipped table is broken; tests prevent it).
#[derive(Debug, thiserror::Error)]
#[error("mappings/{file}: {message}")]
pub struct TableError {
    /// The table file.
    pub file: String,
    /// What is wrong.
    pub message: String,
}

fn parse_edge((file, text): (&str, &str)) -> Result<Edge, TableError> {
    let err = |message: String| TableError {
        file: file.to_owned(),
        message,
    };
    let f: EdgeFile = toml::from_str(text).map_err(|e| err(e.to_string()))?;
    let from = f.from.parse::<Spec>().map_err(|e| err(e.to_string()))?;
    let to = f.to.parse::<Spec>().map_err(|e| err(e.to_string()))?;
    let rules = f
        .rule
        .into_iter()
        .map(RawRule::resolve)
        .collect::<Result<Vec<_>, _>>()
        .map_err(err)?;
    for r in &rules {
        if let RuleKind::Transform { transform } = &r.kind {
            if transforms::find(transform).is_none() {
                return Err(err(format!(
                    "rule `{}` names unknown transform `{transform}`",
                    r.id
                )));
            }
        }
    }
    Ok(Edge {
        from,
        to,
        url: f.url,
        digest: f.digest,
        rules,
    })
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
