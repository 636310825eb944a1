//! Validating a migration's two sides: the source at the version it is read as, the output at
//! the target — typed checks always, schemas when available — and telling the output's
//! findings apart: carried over from the source, or introduced by the migration.
//!
//! An output finding is *carried* when the source has a finding of the same code at the place
//! the output value came from, or — for typed findings — when the output value there is the
//! input value unchanged (the migration did not write it, so the defect was already in the
//! source). Every other
//! output finding is *introduced*; a migration must never introduce one (a test holds every
//! official example, fixture and real-world file to it).

use std::collections::HashSet;

use serde::Serialize;
use serde_json::Value;

use super::codes;
use super::finding::{Checker, Finding};
use super::meaning;
use super::store::SchemaStore;
use super::typed::{self, Versions};
use crate::kernel::pointer::{Members, Pointer};
use crate::kernel::records::Severity;
use crate::kernel::records::{Code, Origins};
use crate::kernel::versions::Spec;

/// One side of a migration to validate: the document, its text (for line:column), the
/// versions its fields are read as.
pub struct Side<'a> {
    /// The document.
    pub value: &'a Value,
    /// The 1-based line and column of a pointer in its text, when known.
    pub locate: &'a dyn Fn(&Pointer) -> Option<(usize, usize)>,
    /// The versions its fields are read as.
    pub versions: Versions,
}

/// The validation of one migration.
///
/// JSON shape: `{ "valid", "source_version", "target", "source": [Finding…], "carried":
/// [Finding…], "introduced": [Finding…], "schemas": [uri…], "notes": [text…] }`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValidationReport {
    /// True when the output has no error (carried or introduced).
    pub valid: bool,
    /// The versions the source was read as (`mlm@1.3.0`, or `dlm@1.0.0-beta2 + mlm@1.0.0`).
    pub source_version: String,
    /// The version the output was checked against.
    pub target: Spec,
    /// Already in the source: findings on the input (pointers and positions into the input).
    pub source: Vec<Finding>,
    /// Findings on the output whose cause is already in the source (pointers into the output).
    pub carried: Vec<Finding>,
    /// Findings on the output that the migration introduced. Always empty: anything here is a
    /// bug of mlm-migrate, please report it.
    pub introduced: Vec<Finding>,
    /// Schemas the output was validated against.
    pub schemas: Vec<String>,
    /// What could not be validated, and why (`not validated against …: not in the cache; run
    /// \`mlm-migrate schemas fetch\``). Never a failure by itself.
    pub notes: Vec<String>,
}

impl ValidationReport {
    /// Validates both sides and sorts the output's findings into carried and introduced.
    #[must_use]
    pub fn of_migration(
        source: &Side<'_>,
        output: &Side<'_>,
        origins: &Origins,
        target: Spec,
        schemas: Option<&SchemaStore>,
    ) -> Self {
        let mut notes = Vec::new();
        let (source_findings, _) = findings(source, schemas, &mut Vec::new());
        let (output_findings, used) = findings(output, schemas, &mut notes);
        // Looked up per output finding: a set, so thousands of findings (a defect repeated in
        // every class of a 21,843-class list) are not compared pairwise.
        let in_source: HashSet<(Code, &Pointer)> = source_findings
            .iter()
            .map(|f| (f.code, &f.pointer))
            .collect();
        let (carried, introduced): (Vec<Finding>, Vec<Finding>) = output_findings
            .into_iter()
            .partition(|f| is_carried(f, &in_source, source.value, output.value, origins));
        let errors = |all: &[Finding]| all.iter().any(|f| f.severity == Severity::Error);
        Self {
            valid: !errors(&carried) && !errors(&introduced),
            source_version: versions_text(&source.versions),
            target,
            source: source_findings,
            carried,
            introduced,
            schemas: used,
            notes,
        }
    }

    /// [`Self::of_migration`] of a migration that left `side` as it was and validates it at
    /// the versions it was read as (an already current document): the two sides are one
    /// document, validated once; every finding is in the source and carried.
    #[must_use]
    pub(crate) fn of_unchanged(
        side: &Side<'_>,
        target: Spec,
        schemas: Option<&SchemaStore>,
    ) -> Self {
        let mut notes = Vec::new();
        let (found, used) = findings(side, schemas, &mut notes);
        Self {
            valid: !found.iter().any(|f| f.severity == Severity::Error),
            source_version: versions_text(&side.versions),
            target,
            source: found.clone(),
            carried: found,
            introduced: Vec::new(),
            schemas: used,
            notes,
        }
    }

    /// Carried findings that do not repeat a source finding (same code at the same pointer):
    /// what the target version finds in values the source version accepted.
    pub fn carried_only(&self) -> impl Iterator<Item = &Finding> {
        self.carried.iter().filter(|c| {
            !self
                .source
                .iter()
                .any(|s| s.code == c.code && s.pointer == c.pointer)
        })
    }

    /// Every output finding, carried first.
    pub fn output(&self) -> impl Iterator<Item = &Finding> {
        self.carried.iter().chain(&self.introduced)
    }
}

/// The validation of one document on its own (`mlm-migrate validate`).
///
/// JSON shape: `{ "valid", "version", "findings": [Finding…], "schemas": [uri…], "notes": [text…] }`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentValidation {
    /// True when there is no error.
    pub valid: bool,
    /// The versions the document's fields were read as.
    pub version: String,
    /// Typed and schema findings, located.
    pub findings: Vec<Finding>,
    /// Schemas the document was validated against.
    pub schemas: Vec<String>,
    /// What could not be validated, and why.
    pub notes: Vec<String>,
}

impl DocumentValidation {
    /// Validates one document.
    #[must_use]
    pub fn of(side: &Side<'_>, schemas: Option<&SchemaStore>) -> Self {
        let mut notes = Vec::new();
        let (all, used) = findings(side, schemas, &mut notes);
        Self {
            valid: !all.iter().any(|f| f.severity == Severity::Error),
            version: versions_text(&side.versions),
            findings: all,
            schemas: used,
            notes,
        }
    }
}

pub(crate) fn versions_text(v: &Versions) -> String {
    let all: Vec<String> = [v.dlm, v.ml_model, v.mlm]
        .into_iter()
        .flatten()
        .map(|s| s.id().to_owned())
        .collect();
    if all.is_empty() {
        "none".to_owned()
    } else {
        all.join(" + ")
    }
}

/// Typed findings, then the schema findings they do not already explain, each located; the
/// schema URIs used; notes for schemas that could not be used.
pub(crate) fn findings(
    side: &Side<'_>,
    schemas: Option<&SchemaStore>,
    notes: &mut Vec<String>,
) -> (Vec<Finding>, Vec<String>) {
    let typed = typed::check(side.value, &side.versions);
    let found = located(
        typed,
        schemas.map(|store| (store.validate(side.value), store)),
        side.locate,
    );
    notes.extend(found.notes);
    match schemas {
        Some(_) => notes.extend(found.unresolved),
        None => notes.push(NO_SCHEMAS.to_owned()),
    }
    (found.all, found.used)
}

/// The note of a validation without a schema store.
pub(crate) const NO_SCHEMAS: &str = "not validated against the JSON schemas: the schema cache is empty; run `mlm-migrate schemas fetch` (or give --schemas DIR)";

/// What [`located`] finds on one document (or one feature of an ItemCollection).
pub(crate) struct Found {
    /// Typed findings, then the schema findings they do not already explain, located and
    /// sorted by line, then pointer.
    pub(crate) all: Vec<Finding>,
    /// Schemas used.
    pub(crate) used: Vec<String>,
    /// Notes on the schemas that could not be used, in the order of their outcomes.
    pub(crate) notes: Vec<String>,
    /// Notes on the schemas that could not be named (after every outcome's notes).
    pub(crate) unresolved: Vec<String>,
}

/// The typed findings `typed` and the findings of a schema `validation` they do not already
/// explain, each located by `locate`.
pub(crate) fn located(
    typed: Vec<Finding>,
    validation: Option<(super::Validation, &SchemaStore)>,
    locate: &dyn Fn(&Pointer) -> Option<(usize, usize)>,
) -> Found {
    let mut all = typed;
    let mut explainers = Explainers::default();
    for f in &all {
        explainers.add(&f.pointer);
    }
    let (mut used, mut notes, mut unresolved) = (Vec::new(), Vec::new(), Vec::new());
    if let Some((validation, store)) = validation {
        for outcome in &validation.outcomes {
            let (found, note) = meaning::findings(outcome, store.hint());
            if !matches!(outcome.outcome, super::Outcome::Unavailable { .. }) {
                used.push(outcome.uri.clone());
            }
            notes.extend(note);
            let fresh: Vec<Finding> = found
                .into_iter()
                .filter(|f| !explainers.explain(&f.pointer))
                .collect();
            for f in &fresh {
                explainers.add(&f.pointer);
            }
            all.extend(fresh);
        }
        for u in &validation.unresolved {
            let at = if u.instance_path.is_empty() {
                "(root)"
            } else {
                &u.instance_path
            };
            unresolved.push(format!("not validated: {at} {}", u.reason));
        }
    }
    for f in &mut all {
        if let Some((line, column)) = locate(&f.pointer) {
            f.line = Some(line);
            f.column = Some(column);
        }
    }
    all.sort_by(|a, b| (a.line, &a.pointer).cmp(&(b.line, &b.pointer)));
    Found {
        all,
        used,
        notes,
        unresolved,
    }
}

/// The findings a schema finding may repeat: a finding already made explains a schema
/// finding when one's pointer lies on the other's path (below the field level: `oneOf`
/// failures land on a parent). Kept as sets of pointers, so each schema finding costs a walk
/// up its own path, not a comparison with every finding made.
#[derive(Default)]
struct Explainers {
    /// Pointers of the findings made.
    at: HashSet<String>,
    /// Those pointers and all their ancestors.
    under: HashSet<String>,
}

impl Explainers {
    fn add(&mut self, pointer: &Pointer) {
        self.at.insert(pointer.as_str().to_owned());
        for p in pointer.ancestors_or_self() {
            if !self.under.insert(p.to_owned()) {
                break;
            }
        }
    }

    /// True when a finding made lies on the path of `schema` (at or above it), or below it
    /// when `schema` is at least two levels deep.
    fn explain(&self, schema: &Pointer) -> bool {
        let depth = schema.as_str().matches('/').count();
        schema.ancestors_or_self().any(|p| self.at.contains(p))
            || (depth >= 2 && self.under.contains(schema.as_str()))
    }
}

/// True when an output finding's cause is already in the source (see the module docs).
pub(crate) fn is_carried(
    finding: &Finding,
    in_source: &HashSet<(Code, &Pointer)>,
    input: &Value,
    output: &Value,
    origins: &Origins,
) -> bool {
    let origin = origin_of(&finding.pointer, origins);
    let same_place = in_source.contains(&(finding.code, &origin));
    // A schema finding on an unchanged value may still be the migration's doing (it declared
    // a newer extension version whose schema rejects the value), so only a typed finding,
    // whose rules do not depend on the declarations, is carried by value.
    let unchanged = origin.get(input).is_some() && origin.get(input) == finding.pointer.get(output);
    // The migration never removes a model role: an output without one had none in the input.
    let no_model_in_input = finding.code == codes::MODEL_ROLE_MISSING && !has_model_asset(input);
    same_place || (finding.checker == Checker::Typed && unchanged) || no_model_in_input
}

/// True when some asset (of the document or of one of its features) has the role `mlm:model`.
pub(crate) fn has_model_asset(doc: &Value) -> bool {
    let assets = doc.member("assets").and_then(Value::as_object);
    let direct = assets.is_some_and(|a| {
        a.values().any(|asset| {
            asset
                .member("roles")
                .and_then(Value::as_array)
                .is_some_and(|r| r.iter().any(|x| x == "mlm:model"))
        })
    });
    let features = doc.member("features").and_then(Value::as_array);
    direct || features.is_some_and(|f| f.iter().any(has_model_asset))
}

/// The input pointer an output pointer derives from: through the nearest moved ancestor, or
/// the same pointer.
pub(crate) fn origin_of(pointer: &Pointer, origins: &Origins) -> Pointer {
    let mut at = Some(pointer.clone());
    while let Some(p) = at {
        if let Some(from) = origins.get(&p) {
            return pointer.rebase(&p, from).unwrap_or_else(|| pointer.clone());
        }
        at = p.split_last().map(|(parent, _)| parent);
    }
    pointer.clone()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::records::Origins;
    use serde_json::json;

    /// An already current document validated once answers as validating it on both sides: the
    /// same findings in the source, all carried, none introduced.
    #[test]
    fn an_unchanged_document_is_validated_once() {
        let doc = json!({
            "type": "Feature",
            "stac_version": "1.1.0",
            "stac_extensions": ["https://stac-extensions.github.io/mlm/v1.5.1/schema.json"],
            "id": "m", "geometry": null,
            "properties": {
                "datetime": null,
                "mlm:name": 3,
                "mlm:architecture": "unet",
                "mlm:tasks": ["no-such-task"],
                "mlm:input": [], "mlm:output": []
            },
            "assets": {"w": {"href": "w.pt", "roles": ["mlm:model"]}},
            "links": []
        });
        let target = Spec::default_target();
        let locate = |p: &Pointer| Some((p.as_str().len(), 1));
        let side = Side {
            value: &doc,
            locate: &locate,
            versions: Versions::only(target),
        };
        let once = ValidationReport::of_unchanged(&side, target, None);
        let twice = ValidationReport::of_migration(&side, &side, &Origins::default(), target, None);
        assert!(!once.source.is_empty() && !once.valid, "{once:?}");
        assert_eq!(once, twice);
    }
}
