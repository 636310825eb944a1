//! Folding every step's probes into field-shape evidence, and the families present.

use serde_json::{Map, Value};

use crate::kernel::pointer::{Members, Pointer};
use crate::kernel::records::Evidence;
use crate::kernel::scope::{DocKind, Scope, containers};
use crate::kernel::versions::Family;
use crate::steps::{self, Holder, Probe, common};

/// Families whose keys, asset roles or link relations appear in the document.
pub(super) fn families(doc: &Value, kind: DocKind) -> Vec<Family> {
    let mut out = Vec::new();
    let mut note = |f: Family, s: &str| {
        if s.starts_with(f.prefix()) && !out.contains(&f) {
            out.push(f);
        }
    };
    let holders = containers(doc, kind, Scope::Properties)
        .into_iter()
        .chain(containers(doc, kind, Scope::Asset))
        .chain(std::iter::once(Pointer::root()));
    for p in holders {
        let Some(obj) = p.get(doc).and_then(Value::as_object) else {
            continue;
        };
        for (k, v) in obj {
            for f in [Family::Dlm, Family::MlModel, Family::Mlm] {
                note(f, k);
            }
            if k == "roles" {
                for r in v.as_array().into_iter().flatten().filter_map(Value::as_str) {
                    for f in [Family::MlModel, Family::Mlm] {
                        note(f, r);
                    }
                }
            }
        }
    }
    for link in doc
        .member("links")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(rel) = link.member("rel").and_then(Value::as_str) {
            note(Family::MlModel, rel);
        }
    }
    out
}

/// Every piece of field-shape evidence: per container (inputs, outputs, properties, Item
/// assets), every step's probe in chain order and then the draft probe; then the legacy
/// families present and the steps' whole-document probes.
pub(super) fn collect(doc: &Value, kind: DocKind) -> Vec<Evidence> {
    let mut out = Vec::new();
    let mut holders = vec![
        (Holder::Input, Scope::Input),
        (Holder::Output, Scope::Output),
        (Holder::Properties, Scope::Properties),
    ];
    if kind == DocKind::Item {
        holders.push((Holder::Asset, Scope::Asset));
    }
    for (holder, scope) in holders {
        for at in containers(doc, kind, scope) {
            // Found once: every step's probe looks at the same container.
            let at = Located::new(doc, at);
            run_probes(doc, kind, &at, holder, &mut out);
            let p = probe(doc, kind, &at, holder, None);
            common::drafts::probe(&p, &mut out);
        }
    }
    legacy_presence(doc, kind, &mut out);
    let root = Located::new(doc, Pointer::root());
    run_probes(doc, kind, &root, Holder::Document, &mut out);
    out
}

/// A container's pointer and the object it addresses, found once for every step's probe.
struct Located<'a> {
    at: Pointer,
    found: Option<&'a Map<String, Value>>,
}

impl<'a> Located<'a> {
    fn new(doc: &'a Value, at: Pointer) -> Self {
        let found = at.get(doc).and_then(Value::as_object);
        Self { at, found }
    }
}

fn run_probes(
    doc: &Value,
    kind: DocKind,
    at: &Located<'_>,
    holder: Holder,
    out: &mut Vec<Evidence>,
) {
    let tables = steps::tables();
    for edge in std::iter::once(&tables.dialects).chain(&tables.edges) {
        if let Some(run) = edge.step.probe {
            run(
                &probe(doc, kind, at, holder, Some((edge.from, edge.to))),
                out,
            );
        }
    }
}

fn probe<'a>(
    doc: &'a Value,
    kind: DocKind,
    at: &'a Located<'a>,
    holder: Holder,
    step: Option<(crate::kernel::versions::Spec, crate::kernel::versions::Spec)>,
) -> Probe<'a> {
    let first = crate::kernel::versions::Spec::first_of(Family::Mlm);
    let (from, to) = step.unwrap_or((first, first));
    Probe {
        doc,
        kind,
        at: &at.at,
        found: at.found,
        holder,
        from,
        to,
    }
}

/// Legacy fields are evidence of their family, so a `stac_extensions` entry of another family
/// (an ML-Model URI on DLM fields) is reported as a mismatch.
fn legacy_presence(doc: &Value, kind: DocKind, out: &mut Vec<Evidence>) {
    let props = Pointer::root().key(if kind == DocKind::Collection {
        "summaries"
    } else {
        "properties"
    });
    let keys: Vec<&String> = props
        .get(doc)
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|p| p.keys())
        .collect();
    for family in [Family::Dlm, Family::MlModel] {
        if let Some(k) = keys.iter().find(|k| k.starts_with(family.prefix())) {
            let note = format!("`{}` fields are present", family.prefix());
            out.push(Probe::bounded(family, props.key(k), None, None, &note));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn bounds(doc: &Value) -> Vec<(String, Option<String>, Option<String>)> {
        let kind = DocKind::of(doc).unwrap();
        collect(doc, kind)
            .into_iter()
            .map(|e| {
                let id = |s: Option<crate::kernel::versions::Spec>| s.map(|s| s.id().to_owned());
                (e.pointer.as_str().to_owned(), id(e.min), id(e.max))
            })
            .collect()
    }

    fn row(
        p: &str,
        min: Option<&str>,
        max: Option<&str>,
    ) -> (String, Option<String>, Option<String>) {
        (p.to_owned(), min.map(str::to_owned), max.map(str::to_owned))
    }

    #[test]
    fn families_from_keys_roles_and_links() {
        let doc = json!({
            "type": "Feature",
            "properties": {"dlm:inputs": {}},
            "assets": {"a": {"roles": ["ml-model:checkpoint"]}},
            "links": []
        });
        assert_eq!(
            families(&doc, DocKind::Item),
            [Family::Dlm, Family::MlModel]
        );
    }

    #[test]
    fn evidence_bounds() {
        let doc = json!({
            "type": "Feature",
            "properties": {"mlm:input": [
                {"bands": ["B1"], "input": {"dim_order": ["batch", "channel"]}, "norm_type": null},
                {"value_scaling": null}
            ]},
            "assets": {"w": {"roles": ["mlm:model"]}}
        });
        assert_eq!(
            bounds(&doc),
            [
                row("/properties/mlm:input/0/norm_type", None, Some("mlm@1.3.0")),
                row(
                    "/properties/mlm:input/0/input/dim_order",
                    None,
                    Some("mlm@1.4.0")
                ),
                row(
                    "/properties/mlm:input/1/value_scaling",
                    Some("mlm@1.4.0"),
                    None
                ),
                row("/assets/w", None, Some("mlm@1.3.0")),
            ]
        );
    }

    #[test]
    fn dlm_presence_and_beta2_beta3_naming() {
        let doc = json!({
            "type": "Feature",
            "stac_version": "1.0.0-beta.2",
            "stac_extensions": ["dl-model", "eo"],
            "properties": {"dlm:data": {"dtype": "uint8", "nodata": 0}}
        });
        let beta2 = Some("dlm@1.0.0-beta2");
        assert_eq!(
            bounds(&doc),
            [
                row("/properties/dlm:data", None, None),
                row("/properties/dlm:data/dtype", None, beta2),
                row(
                    "/properties/dlm:data/nodata",
                    Some("dlm@1.0.0-beta.3"),
                    None
                ),
                row("/stac_version", None, beta2),
                row("/stac_extensions/1", None, beta2),
            ]
        );
        let mlm = json!({"type": "Feature", "stac_version": "1.0.0-beta.2", "properties": {}});
        assert!(bounds(&mlm).is_empty());
    }
}
