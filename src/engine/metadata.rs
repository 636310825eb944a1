//! The stac-model "metadata-only" file: `$schema` (the MLM schema URI) and a `properties`
//! object whose MLM fields carry no `mlm:` prefix (`name`, `architecture`, `input`, …), as
//! stac-model's torch export helpers read it next to a `.pt2` archive.
//!
//! Read and written in the same form (rule `metadata-unprefixed`, lossless): the engine gives
//! the steps a *view* with the prefix on every known MLM field name, migrates it like any
//! document, then takes the prefix off again — from the output, and from every pointer of the
//! report — so the result is a metadata-only file of the target version, with the same key order
//! and text. Members that are not MLM field names (`classification:classes` is already
//! prefixed, custom keys) pass through untouched.

use serde_json::{Map, Value};

use super::Migration;
use super::detect::Detection;
use super::write::field_set;
use crate::kernel::pointer::{Members, Pointer};
use crate::kernel::records::{Code, Diagnostic, Evidence, Severity};
use crate::kernel::scope::DocKind;
use crate::kernel::versions::{Family, Spec};

/// `metadata-unprefixed`: see [`Code::what`].
pub(crate) const METADATA_UNPREFIXED: Code = Code::new(
    "metadata-unprefixed",
    "The document is a stac-model metadata-only file (`$schema` + `properties`, no STAC `type`) whose MLM fields carry no `mlm:` prefix. They were read as the `mlm:` fields of the version `$schema` names, migrated, and written back without the prefix, in the same metadata-only form (lossless: nothing but the prefix is involved).",
    "Nothing. To publish the model as a STAC Item, wrap these properties in an Item and add the `mlm:` prefix.",
);

/// Every `mlm:*` field name any MLM version defines, without the prefix.
fn names() -> Vec<String> {
    let mut out: Vec<String> = Spec::all()
        .filter(|s| s.family() == Family::Mlm)
        .flat_map(field_set)
        .filter_map(|f| f.strip_prefix("mlm:").map(str::to_owned))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The unprefixed MLM field names of a metadata-only file, in document order; empty for any
/// other document.
pub(crate) fn unprefixed(doc: &Value) -> Vec<String> {
    if DocKind::of(doc) != Some(DocKind::Metadata) {
        return Vec::new();
    }
    let Some(props) = doc.member("properties").and_then(Value::as_object) else {
        return Vec::new();
    };
    let known = names();
    props
        .keys()
        .filter(|k| known.contains(k) && !props.has_member(&format!("mlm:{k}")))
        .cloned()
        .collect()
}

/// The document with `mlm:` in front of each of `keys` in `properties`, in place.
pub(crate) fn view(doc: &Value, keys: &[String]) -> Value {
    let mut out = doc.clone();
    if let Some(props) = out.get_mut("properties").and_then(Value::as_object_mut) {
        *props = rename_keys(props, |k| {
            keys.iter().any(|x| x == k).then(|| format!("mlm:{k}"))
        });
    }
    out
}

fn rename_keys(
    map: &Map<String, Value>,
    new_name: impl Fn(&str) -> Option<String>,
) -> Map<String, Value> {
    map.iter()
        .map(|(k, v)| (new_name(k).unwrap_or_else(|| k.clone()), v.clone()))
        .collect()
}

/// `/properties/mlm:input/0` → `/properties/input/0` (other pointers unchanged).
fn strip(p: &Pointer) -> Pointer {
    let tokens: Vec<String> = p.tokens().collect();
    match tokens.as_slice() {
        [first, second, rest @ ..] if first == "properties" => {
            let bare = second.strip_prefix("mlm:").unwrap_or(second);
            let all = [first.as_str(), bare]
                .into_iter()
                .chain(rest.iter().map(String::as_str));
            Pointer::from_tokens(all)
        }
        _ => p.clone(),
    }
}

/// Takes the prefix off the evidence pointers of a detection made on the [`view`], and notes
/// the metadata-only form as observed.
pub(crate) fn restore_detection(d: &mut Detection, keys: &[String]) {
    for e in &mut d.evidence {
        e.pointer = strip(&e.pointer);
    }
    let note = format!(
        "`{}` without the `mlm:` prefix: a stac-model metadata-only file (read by rule `metadata-unprefixed`)",
        keys.join("`, `")
    );
    d.evidence.insert(
        0,
        Evidence {
            pointer: Pointer::root().key("properties"),
            family: Family::Mlm,
            min: None,
            max: None,
            note,
        },
    );
}

/// Takes the prefix off again: from the output's `properties` (every `mlm:` key without an
/// unprefixed twin) and from every pointer of the migration's records; adds the
/// `metadata-unprefixed` note.
pub(crate) fn restore(m: &mut Migration, keys: &[String]) {
    if let Some(props) = m
        .output
        .get_mut("properties")
        .and_then(Value::as_object_mut)
    {
        let twins: Vec<String> = props.keys().cloned().collect();
        *props = rename_keys(props, |k| {
            let bare = k.strip_prefix("mlm:")?;
            (!twins.iter().any(|t| t == bare)).then(|| bare.to_owned())
        });
    }
    for c in &mut m.changes {
        c.from = c.from.as_ref().map(strip);
        c.to = c.to.as_ref().map(strip);
    }
    for d in &mut m.diagnostics {
        d.pointer = d.pointer.as_ref().map(strip);
    }
    restore_detection(&mut m.detection, keys);
    let origins = std::mem::take(&mut m.origins);
    for (to, from) in origins.iter() {
        m.origins.insert(strip(to), strip(from));
    }
    let list = keys.join("`, `");
    m.diagnostics.insert(
        0,
        Diagnostic::new(
            METADATA_UNPREFIXED,
            Severity::Info,
            format!(
                "a stac-model metadata-only file: `{list}` read as `mlm:` fields and written back without the prefix"
            ),
        )
        .at(Pointer::root().key("properties")),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn view_and_strip_round_trip() {
        let doc = json!({"$schema": "https://stac-extensions.github.io/mlm/v1.5.0/schema.json",
            "properties": {"name": "m", "custom": 1, "input": [], "classification:classes": []}});
        let keys = unprefixed(&doc);
        assert_eq!(keys, ["name", "input"]);
        let v = view(&doc, &keys);
        let order: Vec<&String> = v["properties"].as_object().unwrap().keys().collect();
        assert_eq!(
            order,
            ["mlm:name", "custom", "mlm:input", "classification:classes"]
        );
        let p = Pointer::parse("/properties/mlm:input/0/name").unwrap();
        assert_eq!(strip(&p).as_str(), "/properties/input/0/name");
        let item = json!({"type": "Feature", "properties": {"name": "m"}});
        assert!(unprefixed(&item).is_empty());
    }
}
