//! Field-shape evidence of the legacy families and of the DLM version (spec-changes §1.1,
//! judgment call A2).
//!
//! Legacy fields are evidence of their family, so a `stac_extensions` entry of another family
//! (an ML-Model URI on DLM fields) is reported as a mismatch.
//! The official beta.3 example declares beta.3 but keeps beta2 names (`dtype`, `nodata_value`),
//! and the beta.3 `item.yml` still declares STAC 1.0.0-beta.2 with short extension names. Such
//! fields bound the version from above (beta2), so the chain starts at beta2 and the beta2 →
//! beta.3 edge renames them; the declared-vs-observed mismatch is reported.

use serde_json::Value;

use crate::detect::Evidence;
use crate::engine::scope::DocKind;
use crate::pointer::Pointer;
use crate::spec::{Family, Spec};

fn ev(out: &mut Vec<Evidence>, pointer: Pointer, min: Option<Spec>, max: Option<Spec>, note: &str) {
    out.push(Evidence {
        pointer,
        family: Family::Dlm,
        min,
        max,
        note: note.to_owned(),
    });
}

/// Appends the legacy evidence of `doc` to `out`: the presence of each legacy family's fields
/// (so a `stac_extensions` entry of another family is reported as a mismatch), and the DLM
/// version bounds below.
pub(crate) fn legacy(doc: &Value, kind: DocKind, out: &mut Vec<Evidence>) {
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
            out.push(Evidence {
                pointer: props.key(k),
                family,
                min: None,
                max: None,
                note,
            });
        }
    }
    if matches!(kind, DocKind::Item | DocKind::Metadata)
        && keys.iter().any(|k| k.starts_with("dlm:"))
    {
        dlm(doc, out);
    }
}

/// DLM beta2 / beta.3 naming (spec-changes §1.1 #2, #3, #6).
fn dlm(doc: &Value, out: &mut Vec<Evidence>) {
    let props = Pointer::root().key("properties");
    let data = props.key("dlm:data");
    let beta2 = Some(Spec::DlmBeta2);
    let beta3 = Some(Spec::DlmBeta3);
    for (old, new) in [("dtype", "data_type"), ("nodata_value", "nodata")] {
        if data.key(old).get(doc).is_some() {
            let note = format!("`dlm:data.{old}` is DLM beta2 naming (beta.3 renamed it `{new}`)");
            ev(out, data.key(old), None, beta2, &note);
        }
        if data.key(new).get(doc).is_some() {
            let note = format!("`dlm:data.{new}` is DLM beta.3 naming");
            ev(out, data.key(new), beta3, None, &note);
        }
    }
    let version = Pointer::root().key("stac_version");
    if version
        .get(doc)
        .and_then(Value::as_str)
        .is_some_and(|v| v.starts_with("1.0.0-beta"))
    {
        let note = "STAC 1.0.0-beta.x is DLM beta2's core version (beta.3 uses STAC 1.0.0)";
        ev(out, version, None, beta2, note);
    }
    let list = Pointer::root().key("stac_extensions");
    let entries = list
        .get(doc)
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    for (i, e) in entries.enumerate() {
        let short = e
            .as_str()
            .is_some_and(|s| !s.contains('/') && !s.contains(':') && s != "dl-model");
        if short {
            let note = "short extension names are STAC 1.0.0-beta.2 usage (DLM beta2)";
            ev(out, list.index(i), None, beta2, note);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn presence_and_beta2_beta3_naming() {
        let doc = json!({
            "type": "Feature",
            "stac_version": "1.0.0-beta.2",
            "stac_extensions": ["dl-model", "eo"],
            "properties": {"dlm:data": {"dtype": "uint8", "nodata": 0}}
        });
        let mut out = Vec::new();
        legacy(&doc, DocKind::Item, &mut out);
        let got: Vec<_> = out
            .iter()
            .map(|e| (e.pointer.as_str().to_owned(), e.min, e.max))
            .collect();
        assert_eq!(
            got,
            [
                ("/properties/dlm:data".to_owned(), None, None),
                (
                    "/properties/dlm:data/dtype".to_owned(),
                    None,
                    Some(Spec::DlmBeta2)
                ),
                (
                    "/properties/dlm:data/nodata".to_owned(),
                    Some(Spec::DlmBeta3),
                    None
                ),
                ("/stac_version".to_owned(), None, Some(Spec::DlmBeta2)),
                ("/stac_extensions/1".to_owned(), None, Some(Spec::DlmBeta2)),
            ]
        );
        let mlm = json!({"type": "Feature", "stac_version": "1.0.0-beta.2", "properties": {}});
        let mut none = Vec::new();
        legacy(&mlm, DocKind::Item, &mut none);
        assert!(none.is_empty());
    }
}
