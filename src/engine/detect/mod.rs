//! Which spec and version a document is written against — declared and observed.
//!
//! The *declared* version comes from `stac_extensions` (or `$schema` for stac-model metadata
//! files); the *observed* version range comes from the fields actually present, as the probes
//! of every step in `crate::steps` report them (`value_scaling` ⇒ ≥ 1.4, `norm_type` ⇒ ≤ 1.3,
//! `variables` ⇒ ≥ 1.5, …; the CHANGELOG entry of each MLM version says which forms it adds
//! and removes).
//! Real files disagree with themselves — every official example does somewhere — so a
//! disagreement is reported, never fatal, and the migration starts at the lower of the two so
//! that every edge that might still be needed runs (edges are presence-driven and idempotent).

mod probes;

use serde::Serialize;
use serde_json::Value;

use crate::kernel::pointer::{Members, Pointer};
use crate::kernel::records::Code;
pub use crate::kernel::records::Evidence;
use crate::kernel::records::{Diagnostic, Severity};
use crate::kernel::scope::DocKind;
use crate::kernel::versions::{Family, Recognized, Spec};

/// `several-model-extensions`: see [`Code::what`].
pub(crate) const SEVERAL_MODEL_EXTENSIONS: Code = Code::new(
    "several-model-extensions",
    "`stac_extensions` declares more than one DLM / ML-Model / MLM version.",
    "Nothing: the output declares only the target version.",
);

/// `undeclared-extension`: see [`Code::what`].
pub(crate) const UNDECLARED_EXTENSION: Code = Code::new(
    "undeclared-extension",
    "The document has `dlm:`, `ml-model:` or `mlm:` fields (or MLM asset roles) but declares no model-metadata extension.",
    "Nothing: the output declares the target version.",
);

/// `version-mismatch`: see [`Code::what`].
pub(crate) const VERSION_MISMATCH: Code = Code::new(
    "version-mismatch",
    "The version declared in `stac_extensions` does not fit a field of the document: e.g. a 1.5.1 item that still carries `norm_by_channel`. The field is migrated from the form it is written in.",
    "Nothing; review the change the field received.",
);

/// One `stac_extensions` entry that names a model-metadata spec.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Declared {
    /// Pointer of the entry (`/stac_extensions/0`, or `/$schema`).
    pub pointer: Pointer,
    /// The URI as written.
    pub uri: String,
    /// What it declares.
    pub spec: Recognized,
}

/// What a document declares and what its fields show.
#[derive(Debug, Clone, Serialize)]
pub struct Detection {
    /// Document kind.
    pub kind: DocKind,
    /// Model-metadata extension entries found in `stac_extensions`.
    pub declared: Vec<Declared>,
    /// Field-level evidence, in document order.
    pub evidence: Vec<Evidence>,
    /// Families whose fields are present (`dlm:`, `ml-model:`, `mlm:` keys or roles).
    pub families: Vec<Family>,
    /// Version the upgrade chain starts from.
    pub start: Spec,
}

/// Why a document cannot be migrated at all.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum DetectError {
    /// Not a JSON object with a STAC `type` (or a `properties` object).
    #[error(
        "not a STAC Item, Collection or ItemCollection (its `type` is missing or names none of them)"
    )]
    NotStac,
    /// A Catalog, or a document without any DLM, ML-Model or MLM field or declaration.
    #[error(
        "no ML-model content: no `stac_extensions` entry and no field of DLM (`dlm:`), ML-Model (`ml-model:`) or MLM (`mlm:`)"
    )]
    NoModelContent,
    /// A version of a known family newer (or other) than every version this tool knows.
    #[error("{family} version {version} is not known to this mlm-migrate (latest known: {latest}); upgrade mlm-migrate or check the URI at {pointer}", family = family.name(), latest = Spec::latest())]
    UnknownVersion {
        /// Family of the URI.
        family: Family,
        /// Version text in the URI.
        version: String,
        /// Where it is declared.
        pointer: Pointer,
    },
}

impl Detection {
    /// The declared known versions, in `stac_extensions` order.
    pub fn declared_specs(&self) -> impl Iterator<Item = Spec> + '_ {
        self.declared.iter().filter_map(|d| match d.spec {
            Recognized::Known(s) => Some(s),
            Recognized::Unknown { .. } => None,
        })
    }

    /// The newest version the document shows: the highest of the start, the declared versions
    /// and the lowest version each observed form needs. A downgrade first brings every field
    /// up to it (edges are presence-driven), then writes the target from there.
    pub(crate) fn top(&self) -> Spec {
        let declared = self.declared_specs();
        let observed = self.evidence.iter().filter_map(|e| e.min);
        declared
            .chain(observed)
            .fold(self.start, std::cmp::Ord::max)
    }

    /// Diagnostics for declared-vs-observed disagreements .
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let declared: Vec<Spec> = self.declared_specs().collect();
        if declared.len() > 1 {
            let list = declared
                .iter()
                .map(|s| s.id())
                .collect::<Vec<_>>()
                .join(", ");
            out.push(
                Diagnostic::new(
                    SEVERAL_MODEL_EXTENSIONS,
                    Severity::Warning,
                    format!("`stac_extensions` declares several model-metadata versions: {list}"),
                )
                .at(Pointer::root().key("stac_extensions"))
                .hint("the output declares only the target version"),
            );
        }
        for d in &declared {
            for e in &self.evidence {
                let outside = e.family != d.family()
                    || e.min.is_some_and(|m| *d < m)
                    || e.max.is_some_and(|m| *d > m);
                if outside {
                    out.push(
                        Diagnostic::new(
                            VERSION_MISMATCH,
                            Severity::Warning,
                            format!("declared {} but {}", d.id(), e.note),
                        )
                        .at(e.pointer.clone())
                        .hint("the fields are migrated from the form they are written in"),
                    );
                }
            }
        }
        if declared.is_empty() {
            let fams: Vec<_> = self.families.iter().map(|f| f.prefix()).collect();
            out.push(
                Diagnostic::new(UNDECLARED_EXTENSION, Severity::Warning, format!("no model-metadata extension in `stac_extensions`, but {} fields are present", fams.join(" and ")))
                    .hint("the output declares the target version"),
            );
        }
        out
    }
}

/// Detects the declared and observed spec versions of `doc`.
///
/// # Errors
/// [`DetectError`] when the document is not STAC, carries no model content, or declares a
/// version this tool does not know.
pub fn detect(doc: &Value) -> Result<Detection, DetectError> {
    let keys = super::metadata::unprefixed(doc);
    if !keys.is_empty() {
        let mut d = detect_prefixed(&super::metadata::view(doc, &keys))?;
        super::metadata::restore_detection(&mut d, &keys);
        return Ok(d);
    }
    detect_prefixed(doc)
}

/// [`detect`] for a document whose MLM fields carry their prefix.
fn detect_prefixed(doc: &Value) -> Result<Detection, DetectError> {
    let kind = DocKind::of(doc).ok_or(DetectError::NotStac)?;
    let declared = declared(doc);
    if let Some(d) = declared
        .iter()
        .find(|d| matches!(d.spec, Recognized::Unknown { .. }))
    {
        if let Recognized::Unknown { family, version } = &d.spec {
            return Err(DetectError::UnknownVersion {
                family: *family,
                version: version.clone(),
                pointer: d.pointer.clone(),
            });
        }
    }
    let evidence = probes::collect(doc, kind);
    let mut families: Vec<Family> = probes::families(doc, kind);
    families.extend(evidence.iter().map(|e| e.family));
    families.sort();
    families.dedup();
    let known: Vec<Spec> = declared
        .iter()
        .filter_map(|d| match d.spec {
            Recognized::Known(s) => Some(s),
            Recognized::Unknown { .. } => None,
        })
        .collect();
    if kind == DocKind::Catalog || (known.is_empty() && families.is_empty()) {
        return Err(DetectError::NoModelContent);
    }
    let start = start(&known, &families, &evidence);
    Ok(Detection {
        kind,
        declared,
        evidence,
        families,
        start,
    })
}

fn declared(doc: &Value) -> Vec<Declared> {
    let mut out = Vec::new();
    let list = Pointer::root().key("stac_extensions");
    if let Some(items) = list.get(doc).and_then(Value::as_array) {
        for (i, uri) in items.iter().enumerate() {
            let Some(uri) = uri.as_str() else { continue };
            if let Some(spec) = Spec::from_extension_uri(uri) {
                out.push(Declared {
                    pointer: list.index(i),
                    uri: uri.to_owned(),
                    spec,
                });
            }
        }
    }
    if let Some(uri) = doc.member("$schema").and_then(Value::as_str) {
        if let Some(spec) = Spec::from_extension_uri(uri) {
            out.push(Declared {
                pointer: Pointer::root().key("$schema"),
                uri: uri.to_owned(),
                spec,
            });
        }
    }
    out
}

/// The chain starts at the oldest version among the declared ones and the legacy families
/// present, lowered to the highest version the observed MLM fields allow.
fn start(declared: &[Spec], families: &[Family], evidence: &[Evidence]) -> Spec {
    let mut candidates: Vec<Spec> = declared.to_vec();
    let legacy = |f: Family| evidence.iter().filter(move |e| e.family == f);
    if families.contains(&Family::Dlm) {
        // Beta2 spellings lower even a declared beta.3 (the official beta.3 example keeps them).
        let beta2 = Spec::first_of(Family::Dlm);
        if legacy(Family::Dlm).any(|e| e.max == Some(beta2)) {
            candidates.push(beta2);
        } else if !declared.iter().any(|s| s.family() == Family::Dlm) {
            candidates.push(Spec::last_of(Family::Dlm));
        }
    }
    let ml_model = Spec::first_of(Family::MlModel);
    if families.contains(&Family::MlModel) && !declared.contains(&ml_model) {
        candidates.push(ml_model);
    }
    let mlm_max = evidence
        .iter()
        .filter(|e| e.family == Family::Mlm)
        .filter_map(|e| e.max)
        .min();
    let mlm_declared = declared
        .iter()
        .copied()
        .filter(|s| s.family() == Family::Mlm)
        .min();
    match (mlm_declared, mlm_max) {
        (Some(d), Some(m)) if m < d => candidates.push(m),
        (None, Some(m)) if families.contains(&Family::Mlm) => candidates.push(m),
        (None, None) if families.contains(&Family::Mlm) => {
            candidates.push(Spec::first_of(Family::Mlm));
        }
        _ => {}
    }
    // DLM before ML-Model before MLM: legacy readers merge into MLM fields already present.
    candidates
        .into_iter()
        .min()
        .unwrap_or_else(|| Spec::first_of(Family::Mlm))
}
