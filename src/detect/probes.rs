//! Field-shape probes: which fields bound the version a document is written against.

use serde_json::Value;

use super::Evidence;
use crate::engine::scope::{DocKind, Scope, containers, has_model_role, has_role};
use crate::pointer::Pointer;
use crate::spec::{Family, Spec};

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
        .get("links")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(rel) = link.get("rel").and_then(Value::as_str) {
            note(Family::MlModel, rel);
        }
    }
    out
}

/// Every piece of field-shape evidence, in document order.
pub(super) fn collect(doc: &Value, kind: DocKind) -> Vec<Evidence> {
    let mut out = Vec::new();
    for p in containers(doc, kind, Scope::Input) {
        input(doc, &p, &mut out);
    }
    for p in containers(doc, kind, Scope::Output) {
        output(doc, &p, &mut out);
    }
    for p in containers(doc, kind, Scope::Properties) {
        properties(doc, kind, &p, &mut out);
    }
    if kind == DocKind::Item {
        for p in containers(doc, kind, Scope::Asset) {
            asset(doc, &p, &mut out);
        }
    }
    crate::legacy::probes::legacy(doc, kind, &mut out);
    out
}

fn ev(out: &mut Vec<Evidence>, pointer: Pointer, min: Option<Spec>, max: Option<Spec>, note: &str) {
    out.push(Evidence {
        pointer,
        family: Family::Mlm,
        min,
        max,
        note: note.to_owned(),
    });
}

fn input(doc: &Value, p: &Pointer, out: &mut Vec<Evidence>) {
    let Some(obj) = p.get(doc).and_then(Value::as_object) else {
        return;
    };
    for key in ["norm_type", "norm_by_channel", "norm_clip", "statistics"] {
        if obj.contains_key(key) {
            let note =
                format!("`{key}` is an MLM ≤ 1.3 field (replaced by `value_scaling` in 1.4.0)");
            ev(out, p.key(key), None, Some(Spec::Mlm130), &note);
        }
    }
    if obj.contains_key("value_scaling") {
        ev(
            out,
            p.key("value_scaling"),
            Some(Spec::Mlm140),
            None,
            "`value_scaling` exists from MLM 1.4.0 on",
        );
    }
    if let Some(bands) = obj.get("bands").and_then(Value::as_array) {
        if let Some(i) = bands.iter().position(Value::is_object) {
            ev(
                out,
                p.key("bands").index(i),
                Some(Spec::Mlm120),
                None,
                "band objects exist from MLM 1.2.0 on",
            );
        }
    }
    io_common(obj, p, "input", out);
    if obj.contains_key("input_array") || obj.contains_key("inference_data_type") {
        ev(
            out,
            p.clone(),
            None,
            Some(Spec::Mlm100),
            "`input_array` is a pre-1.0 MLM draft form",
        );
    }
}

fn output(doc: &Value, p: &Pointer, out: &mut Vec<Evidence>) {
    let Some(obj) = p.get(doc).and_then(Value::as_object) else {
        return;
    };
    io_common(obj, p, "result", out);
    if obj.contains_key("result_array") || obj.contains_key("task") {
        ev(
            out,
            p.clone(),
            None,
            Some(Spec::Mlm100),
            "`result_array`/`task` are pre-1.0 MLM draft forms",
        );
    }
}

/// Evidence shared by inputs and outputs: 1.5 fields and the reserved `bands` dimension.
fn io_common(
    obj: &serde_json::Map<String, Value>,
    p: &Pointer,
    structure: &str,
    out: &mut Vec<Evidence>,
) {
    if obj.contains_key("variables") {
        ev(
            out,
            p.key("variables"),
            Some(Spec::Mlm150),
            None,
            "`variables` exists from MLM 1.5.0 on",
        );
    }
    for f in ["pre_processing_function", "post_processing_function"] {
        if obj.get(f).is_some_and(Value::is_array) {
            ev(
                out,
                p.key(f),
                Some(Spec::Mlm150),
                None,
                "an array of processing expressions needs MLM ≥ 1.5.0",
            );
        }
    }
    let has_bands = obj
        .get("bands")
        .and_then(Value::as_array)
        .is_some_and(|b| !b.is_empty());
    let dims = obj
        .get(structure)
        .and_then(|s| s.get("dim_order"))
        .and_then(Value::as_array);
    if let Some(dims) = dims {
        let named_bands = dims.iter().any(|d| d.as_str() == Some("bands"));
        if has_bands && !named_bands {
            let note = "non-empty `bands` without a `\"bands\"` dimension is MLM ≤ 1.4 (1.5.0 reserves the name)";
            ev(
                out,
                p.key(structure).key("dim_order"),
                None,
                Some(Spec::Mlm140),
                note,
            );
        }
    }
}

fn properties(doc: &Value, kind: DocKind, p: &Pointer, out: &mut Vec<Evidence>) {
    let Some(obj) = p.get(doc).and_then(Value::as_object) else {
        return;
    };
    if kind == DocKind::Item && obj.contains_key("raster:bands") {
        let uses_bands = containers(doc, kind, Scope::Input).iter().any(|i| {
            i.get(doc)
                .and_then(|v| v.get("bands"))
                .and_then(Value::as_array)
                .is_some_and(|b| !b.is_empty())
        });
        if uses_bands
            && !containers(doc, kind, Scope::ModelAsset).is_empty()
            && !crate::model::bands::has_other_catalogue(doc)
        {
            let note = "`raster:bands` in Item properties is the MLM ≤ 1.2 place (1.3.0 moved it to the model asset)";
            ev(out, p.key("raster:bands"), None, Some(Spec::Mlm120), note);
        }
    }
    if kind != DocKind::Collection && obj.contains_key("mlm:artifact_type") {
        let note = "`mlm:artifact_type` in properties is forbidden from MLM 1.4.0 on";
        ev(
            out,
            p.key("mlm:artifact_type"),
            None,
            Some(Spec::Mlm130),
            note,
        );
    }
    for draft in [
        "mlm:task",
        "mlm:runtime",
        "mlm:file_size",
        "mlm:summary",
        "mlm:parameters",
        "mlm:hardware_summary",
    ] {
        if obj.contains_key(draft) {
            let note = format!("`{draft}` is a pre-1.0 MLM draft field");
            ev(out, p.key(draft), None, Some(Spec::Mlm100), &note);
        }
    }
}

fn asset(doc: &Value, p: &Pointer, out: &mut Vec<Evidence>) {
    let Some(a) = p.get(doc) else { return };
    if has_model_role(a) && a.get("mlm:artifact_type").is_none() {
        let note = "a model asset without `mlm:artifact_type` is MLM ≤ 1.3 (required from 1.4.0)";
        ev(out, p.clone(), None, Some(Spec::Mlm130), note);
    }
    for key in ["mlm:name", "mlm:input", "mlm:output", "mlm:hyperparameters"] {
        if a.get(key).is_some() {
            let note = format!("`{key}` on an asset is forbidden from MLM 1.4.0 on");
            ev(out, p.key(key), None, Some(Spec::Mlm130), &note);
        }
    }
    if a.get("mlm:entrypoint").is_some() && has_role(a, "code") {
        ev(
            out,
            p.key("mlm:entrypoint"),
            Some(Spec::Mlm150),
            None,
            "`mlm:entrypoint` with role `code` is MLM ≥ 1.5.0",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
        let got: Vec<_> = collect(&doc, DocKind::Item)
            .into_iter()
            .map(|e| (e.pointer.as_str().to_owned(), e.min, e.max))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "/properties/mlm:input/0/norm_type".to_owned(),
                    None,
                    Some(Spec::Mlm130)
                ),
                (
                    "/properties/mlm:input/0/input/dim_order".to_owned(),
                    None,
                    Some(Spec::Mlm140)
                ),
                (
                    "/properties/mlm:input/1/value_scaling".to_owned(),
                    Some(Spec::Mlm140),
                    None
                ),
                ("/assets/w".to_owned(), None, Some(Spec::Mlm130)),
            ]
        );
    }
}
