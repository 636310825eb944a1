//! The engine: detect → plan → run the chain of adjacent steps → write the target, and
//! [`run`] one input end to end (read, migrate, render, validate, check).
//!
//! ```text
//!  document ──detect──▶ start version ──step──▶ … ──step──▶ target ──write──▶ output
//!   (every step's probes:  (plan: the path     (each step's rows     (URI, vocabulary,
//!    declared ∧ observed)   along the chain)     and transforms)       closed field set)
//! ```
//!
//! Every edge is presence-driven and idempotent: it changes a field only when the field is in
//! the older form, so starting earlier than necessary is harmless and migrating an output
//! again changes nothing.

pub mod catalog;
mod collection;
pub mod detect;
pub mod explain;
mod metadata;
pub(crate) mod plan;
pub(crate) mod repair;
pub mod run;
mod surroundings;
mod write;

#[cfg(test)]
mod verify;

use std::borrow::Cow;

use serde::Serialize;
use serde_json::Value;

use crate::kernel::edit::Ctx;
use crate::kernel::pointer::Pointer;
use crate::kernel::records::{Change, Code, Diagnostic, Fidelity, Origins, RuleRef, Severity};
use crate::kernel::scope::DocKind;
use crate::kernel::surroundings::Surroundings;
use crate::kernel::versions::{Family, Spec};
use crate::steps::{self, Direction};
use detect::{DetectError, Detection, detect};

/// Diagnostic codes of the engine itself (detection and the run of one input).
pub(crate) const CODES: &[Code] = &[
    detect::VERSION_MISMATCH,
    detect::SEVERAL_MODEL_EXTENSIONS,
    detect::UNDECLARED_EXTENSION,
    run::PREPROCESSING_CHECK_FAILED,
    run::PREPROCESSING_NOT_COMPARED,
    run::YAML_COMMENTS_DROPPED,
    run::BYTE_ORDER_MARK,
    metadata::METADATA_UNPREFIXED,
    crate::document::LENIENT_JSON,
    FEATURE_NOT_MIGRATED,
    write::MEMBER_NOT_IN_TARGET,
];

/// `feature-not-migrated`: see [`Code::what`].
pub(crate) const FEATURE_NOT_MIGRATED: Code = Code::new(
    "feature-not-migrated",
    "One feature of an ItemCollection could not be migrated (an unknown version, no path to the target); the diagnostic names it by pointer (`/features/3`) and says why. The other features are migrated; this one is left as it was, and the run exits 1.",
    "Fix or remove that feature and migrate again.",
);

/// Options of a migration run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Version to write (default `mlm@1.5.1`).
    pub target: Spec,
    /// Refuse assumptions and placeholders (`--strict`).
    pub strict: bool,
    /// Allow writing output that loses information (`--allow-lossy`).
    pub allow_lossy: bool,
    /// Apply the repairs of defects common in real catalogs (`--fix`, [`crate::steps::repair`]);
    /// without it, each defect found is a diagnostic with the hint "`--fix` repairs this".
    pub fix: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            target: Spec::default_target(),
            strict: false,
            allow_lossy: false,
            fix: false,
        }
    }
}

/// The result of migrating one document: `migrate(value, target) -> Migration`.
#[derive(Debug, Clone, Serialize)]
pub struct Migration {
    /// The migrated document.
    #[serde(skip)]
    pub output: Value,
    /// Every change, in the order it was made.
    pub changes: Vec<Change>,
    /// Findings that are not changes.
    pub diagnostics: Vec<Diagnostic>,
    /// What the input declared and showed.
    pub detection: Detection,
    /// The version written.
    pub target: Spec,
    /// Output pointer → input pointer of moved subtrees (for the format-preserving writer).
    #[serde(skip)]
    pub origins: Origins,
}

impl Migration {
    /// True when the output differs from the input.
    pub fn changed(&self) -> bool {
        !self.changes.is_empty()
    }

    /// Changes at `fidelity`.
    pub fn with_fidelity(&self, fidelity: Fidelity) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |c| c.fidelity == fidelity)
    }

    /// Why this output must not be written under `options` (`--strict`, no `--allow-lossy`);
    /// empty when it may be written.
    pub fn refusals(&self, options: &Options) -> Vec<String> {
        let mut out = Vec::new();
        if !options.allow_lossy {
            out.extend(self.with_fidelity(Fidelity::Lossy).map(|c| {
                format!(
                    "lossy change at {}: {} [{}] (use --allow-lossy to accept)",
                    pointer_of(c),
                    c.message,
                    c.rule.id
                )
            }));
        }
        if options.strict {
            for f in [Fidelity::Assumed, Fidelity::Manual] {
                out.extend(self.with_fidelity(f).map(|c| {
                    format!(
                        "{f} change at {} refused by --strict: {} [{}]",
                        pointer_of(c),
                        c.message,
                        c.rule.id
                    )
                }));
            }
        }
        out
    }

    /// True when some diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

fn pointer_of(c: &Change) -> String {
    c.to.as_ref()
        .or(c.from.as_ref())
        .map_or_else(|| "/".to_owned(), ToString::to_string)
}

/// Why a document could not be migrated.
#[derive(Debug, Clone, thiserror::Error, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum MigrateError {
    /// The document's spec or version could not be determined (see [`DetectError`]).
    #[error(transparent)]
    Detect(#[from] DetectError),
    /// The chain has no path between the two versions in this build.
    #[error("cannot migrate from {from} to {to}: {reason}")]
    NoPath {
        /// Start version.
        from: Spec,
        /// Requested target.
        to: Spec,
        /// What is missing.
        reason: String,
    },
}

/// Migrates `doc` (an Item, Collection, ItemCollection or MLM metadata object) to
/// `options.target`, returning the output and the full change log.
///
/// # Errors
/// [`MigrateError`] when the document carries no model content, declares an unknown version,
/// or the chain has no path to the target.
pub fn migrate(doc: &Value, options: &Options) -> Result<Migration, MigrateError> {
    migrate_in(doc, options, &Surroundings::default())
}

/// [`migrate`] for a document whose neighbourhood on disk is known (a Collection beside an
/// Item lets the repair `fix-collection-link` link it instead of dropping the field).
///
/// # Errors
/// As [`migrate`].
pub(crate) fn migrate_in(
    doc: &Value,
    options: &Options,
    surroundings: &Surroundings,
) -> Result<Migration, MigrateError> {
    migrate_tracked(doc, options, surroundings).map(|(m, _)| m)
}

/// [`migrate_in`], and whether the output is known to be `doc` unchanged without comparing
/// them: no edit ever opened it (true only when that is certain; false says nothing).
pub(crate) fn migrate_tracked(
    doc: &Value,
    options: &Options,
    surroundings: &Surroundings,
) -> Result<(Migration, bool), MigrateError> {
    if DocKind::of(doc) == Some(DocKind::ItemCollection) {
        return migrate_features(doc, options, surroundings);
    }
    let keys = metadata::unprefixed(doc);
    if !keys.is_empty() {
        // The prefixed view is a new value, renamed back afterwards: nothing certain.
        let (mut m, _) = migrate_one(&metadata::view(doc, &keys), options, surroundings)?;
        metadata::restore(&mut m, &keys);
        return Ok((m, false));
    }
    migrate_one(doc, options, surroundings)
}

/// [`migrate_tracked`] for one Item, Collection or metadata object with prefixed field names.
fn migrate_one(
    doc: &Value,
    options: &Options,
    surroundings: &Surroundings,
) -> Result<(Migration, bool), MigrateError> {
    let detection = detect(doc)?;
    check_target(detection.start, options.target, detection.kind)?;
    let family = detection.start.family();
    let mut ctx = repair::stage(doc, detection.kind, family, options.fix, surroundings)
        .with_target(options.target);
    // What a repaired document declares and shows is what the chain must start from.
    let detection = if ctx.changes().is_empty() {
        detection
    } else {
        detect(ctx.doc()).unwrap_or(detection)
    };
    let path = plan::plan(
        detection.start,
        detection.top(),
        options.target,
        &detection.families,
    )
    .ok_or_else(|| MigrateError::NoPath {
        from: detection.start,
        to: options.target,
        reason: format!(
            "no reader for {} is compiled into this build",
            detection.start
        ),
    })?;
    ctx.extend_diagnostics(detection.diagnostics());
    read_dialects(&mut ctx);
    for (edge, dir) in path {
        let rules: Box<dyn Iterator<Item = &steps::Rule>> = match dir {
            Direction::Forward => Box::new(edge.rules.iter()),
            Direction::Backward => Box::new(edge.rules.iter().rev()),
        };
        for rule in rules {
            ctx.set_rule(RuleRef {
                id: Cow::Borrowed(&rule.id),
                step: Cow::Borrowed(edge.label()),
                spec: Cow::Borrowed(&rule.spec),
                url: Cow::Borrowed(&edge.url),
            });
            steps::apply_rule(&mut ctx, rule, dir);
        }
    }
    write::finish(&mut ctx, &detection, options.target);
    let out = ctx.finish();
    let migration = Migration {
        origins: out.origins,
        output: out.doc,
        changes: out.changes,
        diagnostics: out.diagnostics,
        detection,
        target: options.target,
    };
    Ok((migration, out.untouched))
}

/// The step name reports give the dialect readings (`steps/dialects`).
pub(crate) const DIALECTS_STEP: &str = "reader (dialects)";

/// Reads the tool dialects into MLM field forms before the chain runs, whatever its start.
fn read_dialects(ctx: &mut Ctx) {
    let table = &steps::tables().dialects;
    for rule in &table.rules {
        ctx.set_rule(RuleRef {
            id: Cow::Borrowed(&rule.id),
            step: Cow::Borrowed(DIALECTS_STEP),
            spec: Cow::Borrowed(&rule.spec),
            url: Cow::Borrowed(&table.url),
        });
        steps::apply_rule(ctx, rule, Direction::Forward);
    }
}

/// Targets this build writes (`writable` in `mappings/versions.toml`). A stac-model metadata
/// file (`$schema` + `properties`) exists for MLM only: no DLM or ML-Model form holds it.
fn check_target(start: Spec, target: Spec, kind: DocKind) -> Result<(), MigrateError> {
    let refuse = |reason: String| {
        Err(MigrateError::NoPath {
            from: start,
            to: target,
            reason,
        })
    };
    if !target.writable() {
        let why = if target.published() {
            "is not written by this build"
        } else {
            "has no published schema yet, so it is read but not written"
        };
        return refuse(format!(
            "{target} {why}; this build writes {}",
            writable_list()
        ));
    }
    if kind == DocKind::Metadata && target.family() != Family::Mlm {
        return refuse(format!(
            "a stac-model metadata file is an MLM form; {} has none",
            target.family().name()
        ));
    }
    Ok(())
}

/// `mlm@1.5.1 (default) and mlm@1.5.2`.
fn writable_list() -> String {
    let names: Vec<String> = Spec::writable_targets()
        .map(|s| {
            if s == Spec::default_target() {
                format!("{s} (default)")
            } else {
                s.to_string()
            }
        })
        .collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.concat(),
    }
}

/// ItemCollection: each feature migrates as an Item; pointers are prefixed `/features/<i>`.
fn migrate_features(
    doc: &Value,
    options: &Options,
    surroundings: &Surroundings,
) -> Result<(Migration, bool), MigrateError> {
    let features = doc
        .get("features")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    // The output is built as the features migrate, each moved in (no copy of the whole
    // collection to overwrite, no copies of the migrated features or their logs): an
    // ItemCollection of thousands of Items would otherwise hold it several times over.
    let mut migrated = Vec::with_capacity(features.len());
    let mut first: Option<Migration> = None;
    let mut first_error: Option<MigrateError> = None;
    let (mut changes, mut diagnostics, mut origins) = (Vec::new(), Vec::new(), Vec::new());
    // Every feature migrated untouched (the others are copied): the collection is too.
    let mut untouched = true;
    for (i, f) in features.iter().enumerate() {
        let base = Pointer::root().key("features").index(i);
        let mut m = match migrate_tracked(f, options, surroundings) {
            Ok((m, same)) => {
                untouched &= same;
                m
            }
            Err(MigrateError::Detect(DetectError::NoModelContent)) => {
                migrated.push(f.clone());
                continue;
            }
            // One bad member is named by its pointer; the others still migrate.
            Err(e) => {
                diagnostics.push(
                    Diagnostic::new(FEATURE_NOT_MIGRATED, Severity::Error, e.to_string())
                        .at(base)
                        .hint("fix this feature and migrate again; it is left as it was"),
                );
                first_error.get_or_insert(e);
                migrated.push(f.clone());
                continue;
            }
        };
        migrated.push(std::mem::take(&mut m.output));
        changes.extend(
            std::mem::take(&mut m.changes)
                .into_iter()
                .map(|c| prefixed(c, &base)),
        );
        diagnostics.extend(std::mem::take(&mut m.diagnostics).into_iter().map(|mut d| {
            d.pointer = d
                .pointer
                .map(|p| Pointer::parse(&format!("{}{}", base.as_str(), p.as_str())).unwrap_or(p));
            d
        }));
        origins.push((base, std::mem::take(&mut m.origins)));
        first.get_or_insert(m);
    }
    let Some(mut m) = first else {
        return Err(first_error.unwrap_or(MigrateError::Detect(DetectError::NoModelContent)));
    };
    let mut migrated = Some(migrated);
    m.output = match doc {
        Value::Object(members) => Value::Object(
            members
                .iter()
                .map(|(k, v)| match (k.as_str(), v) {
                    ("features", Value::Array(_)) => {
                        (k.clone(), Value::Array(migrated.take().unwrap_or_default()))
                    }
                    _ => (k.clone(), v.clone()),
                })
                .collect(),
        ),
        other => other.clone(),
    };
    m.changes = changes;
    m.diagnostics = diagnostics;
    m.origins = Origins::default();
    for (base, o) in origins {
        for (to, from) in o.iter() {
            let join = |p: &Pointer| Pointer::parse(&format!("{}{}", base.as_str(), p.as_str()));
            if let (Some(t), Some(f)) = (join(to), join(from)) {
                m.origins.insert(t, f);
            }
        }
    }
    Ok((m, untouched))
}

fn prefixed(mut c: Change, base: &Pointer) -> Change {
    let join =
        |p: Pointer| Pointer::parse(&format!("{}{}", base.as_str(), p.as_str())).unwrap_or(p);
    c.from = c.from.map(join);
    c.to = c.to.map(join);
    c
}
