//! Reading one step's `rows.toml`: rows are checked strictly (unknown keys rejected, each
//! kind's keys required, transform names resolved) so a broken table fails the tests, not a run.

use serde::Deserialize;

use crate::kernel::records::{Fidelity, Severity};
use crate::kernel::scope::Scope;
use crate::kernel::versions::{Family, Spec};
use crate::steps::{Edge, RepairInfo, Rule, RuleKind, Step, Transform, common};

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
    value: Option<serde_json::Value>,
    map: Option<Vec<(String, String)>>,
    transform: Option<String>,
    keep: Option<String>,
    /// Repair rows only: severity of the diagnostic without `--fix`.
    severity: Option<Severity>,
    /// Repair rows only: families whose migration applies the repair without `--fix`.
    default_for: Option<Vec<Family>>,
}

impl RawRule {
    /// The repair keys: required in the repair table, rejected elsewhere.
    fn repair_info(&self, is_repair: bool) -> Result<Option<RepairInfo>, String> {
        match (is_repair, self.severity) {
            (true, Some(severity)) => Ok(Some(RepairInfo {
                severity,
                default_for: self.default_for.clone().unwrap_or_default(),
            })),
            (true, None) => Err(format!("repair rule `{}` needs `severity`", self.id)),
            (false, None) if self.default_for.is_none() => Ok(None),
            (false, _) => Err(format!(
                "rule `{}`: `severity` and `default_for` belong to repair rows",
                self.id
            )),
        }
    }

    fn resolve(self, transforms: &'static [Transform], is_repair: bool) -> Result<Rule, String> {
        let repair = self.repair_info(is_repair)?;
        // Keys a kind needs, and keys it may have.
        let used = |needs: &[&str], may: &[&str]| {
            let present = [
                ("from", self.from.is_some()),
                ("to", self.to.is_some()),
                ("field", self.field.is_some()),
                ("value", self.value.is_some()),
                ("map", self.map.is_some()),
                ("transform", self.transform.is_some()),
            ];
            for (n, p) in present {
                if p && !needs.contains(&n) && !may.contains(&n) {
                    return Err(format!(
                        "rule `{}`: `{n}` is not used by kind `{}`",
                        self.id, self.kind
                    ));
                }
                if !p && needs.contains(&n) {
                    return Err(format!(
                        "rule `{}`: kind `{}` needs `{n}`",
                        self.id, self.kind
                    ));
                }
            }
            Ok(())
        };
        let kind = match self.kind.as_str() {
            "rename" | "wrap" => {
                used(&["from", "to"], &[])?;
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
                used(&["field", "map"], &[])?;
                RuleKind::ValueMap {
                    field: self.field.clone().unwrap_or_default(),
                    map: self.map.clone().unwrap_or_default(),
                }
            }
            "role-map" => {
                used(&["map"], &[])?;
                RuleKind::RoleMap {
                    map: self.map.clone().unwrap_or_default(),
                }
            }
            "drop" => {
                used(&["field"], &["value"])?;
                RuleKind::Drop {
                    field: self.field.clone().unwrap_or_default(),
                    value: self.value.clone(),
                }
            }
            "transform" => {
                used(&["transform"], &[])?;
                let name = self.transform.clone().unwrap_or_default();
                let transform = transforms
                    .iter()
                    .chain(common::TRANSFORMS)
                    .find(|t| t.name == name)
                    .ok_or_else(|| {
                        format!("rule `{}` names unknown transform `{name}`", self.id)
                    })?;
                RuleKind::Transform { transform }
            }
            other => return Err(format!("rule `{}`: unknown kind `{other}`", self.id)),
        };
        if self.keep.is_some() && matches!(kind, RuleKind::Transform { .. }) {
            return Err(format!(
                "rule `{}`: a transform declares its inverse in Rust, not with `keep`",
                self.id
            ));
        }
        if self.keep.as_ref().is_some_and(|k| !k.ends_with('.')) {
            return Err(format!("rule `{}`: `keep` is a sentence", self.id));
        }
        Ok(Rule {
            id: self.id,
            kind,
            scope: self.scope,
            fidelity: self.fidelity,
            spec: self.spec,
            why: self.why,
            keep: self.keep,
            repair,
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
    #[serde(default)]
    rule: Vec<RawRule>,
}

/// A table failed to load (only possible if a shipped table is broken; tests prevent it).
#[derive(Debug, thiserror::Error)]
#[error("{file}: {message}")]
pub(crate) struct TableError {
    /// The table file (`src/steps/<step>/rows.toml`).
    pub file: String,
    /// What is wrong.
    pub message: String,
}

pub(crate) fn parse_edge(step: &'static Step) -> Result<Edge, TableError> {
    let err = |message: String| TableError {
        file: format!("src/steps/{}/rows.toml", step.name),
        message,
    };
    let f: EdgeFile = toml::from_str(step.rows).map_err(|e| err(e.to_string()))?;
    let from = f.from.parse::<Spec>().map_err(|e| err(e.to_string()))?;
    let to = f.to.parse::<Spec>().map_err(|e| err(e.to_string()))?;
    let rules = f
        .rule
        .into_iter()
        .map(|r| r.resolve(step.transforms, step.name == "repair"))
        .collect::<Result<Vec<_>, _>>()
        .map_err(err)?;
    Ok(Edge {
        from,
        to,
        url: f.url,
        rules,
        step,
        label: format!("{from} -> {to}"),
    })
}
