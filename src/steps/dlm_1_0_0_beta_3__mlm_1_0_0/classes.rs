//! DLM `class_name_mapping` + `dont_care_index` → classification v1.1.0 Class objects
//!.
//!
//! Every accepted mapping shape is read into `(value, name)` pairs: an array of `{index,
//! class_name}` (beta2 schema), an array of one-key objects `{"<i>": name}` (the official
//! examples), an object `{"<i>": name}` (beta.3 changelog), keys `I_<i>` (the beta.3 schema's
//! direct form, also inside arrays). Classes are sorted by value; `description` is required by
//! classification v1.1.0 and DLM has none, so it repeats the name (assumed); the don't-care
//! class gets `nodata: true` (appended when the mapping lacks it).

use serde_json::{Value, json};

use crate::kernel::pointer::Members;

/// The `(value, name)` pairs of a mapping, and the entries that could not be read.
pub(crate) fn parse(v: &Value) -> (Vec<(i64, String)>, Vec<String>) {
    let mut entries: Vec<(String, &Value)> = Vec::new();
    let mut bad = Vec::new();
    match v {
        Value::Object(map) => entries.extend(map.iter().map(|(k, n)| (k.clone(), n))),
        Value::Array(items) => {
            for item in items {
                match item.as_object() {
                    Some(obj) if obj.has_member("index") && obj.has_member("class_name") => {
                        entries.push((
                            obj.member_or_null("index").to_string(),
                            obj.member_or_null("class_name"),
                        ));
                    }
                    Some(obj) if obj.len() == 1 => {
                        entries.extend(obj.iter().map(|(k, n)| (k.clone(), n)));
                    }
                    _ => bad.push(item.to_string()),
                }
            }
        }
        other => bad.push(other.to_string()),
    }
    let mut pairs = Vec::new();
    for (k, name) in entries {
        match (key(&k), name.as_str()) {
            (Some(i), Some(n)) => pairs.push((i, n.to_owned())),
            _ => bad.push(format!("{k}: {name}")),
        }
    }
    pairs.sort_by_key(|(i, _)| *i);
    (pairs, bad)
}

/// A class index written as `3`, `"3"` or `I_3`.
fn key(k: &str) -> Option<i64> {
    let k = k.trim().trim_matches('"');
    k.strip_prefix("I_").unwrap_or(k).parse().ok()
}

/// What [`classes`] built.
pub(crate) struct Built {
    /// The Class objects.
    pub classes: Vec<Value>,
    /// True when the don't-care class was not in the mapping and was appended.
    pub appended: bool,
}

/// Class objects for `pairs`, with `nodata: true` on `dont_care` (appended when absent).
pub(crate) fn classes(pairs: &[(i64, String)], dont_care: Option<i64>) -> Built {
    let mut out: Vec<Value> = pairs
        .iter()
        .map(|(i, n)| {
            let mut c = json!({"value": i, "name": n, "description": n});
            if Some(*i) == dont_care {
                c["nodata"] = json!(true);
            }
            c
        })
        .collect();
    let appended = dont_care.is_some_and(|d| !pairs.iter().any(|(i, _)| *i == d));
    if let (true, Some(d)) = (appended, dont_care) {
        out.push(
            json!({"value": d, "name": "dont_care", "description": "dont_care", "nodata": true}),
        );
    }
    Built {
        classes: out,
        appended,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mapping_shape() {
        let want = vec![(0, "a".to_owned()), (1, "b".to_owned())];
        let shapes = [
            json!([{"index": 1, "class_name": "b"}, {"index": 0, "class_name": "a"}]),
            json!([{"0": "a"}, {"1": "b"}]),
            json!({"1": "b", "0": "a"}),
            json!({"I_0": "a", "I_1": "b"}),
            json!([{"I_1": "b"}, {"I_0": "a"}]),
        ];
        for s in shapes {
            assert_eq!(parse(&s), (want.clone(), vec![]), "{s}");
        }
        let (pairs, bad) = parse(&json!([{"x": "a"}, 3, {"2": "c"}]));
        assert_eq!(pairs, [(2, "c".to_owned())]);
        assert_eq!(bad.len(), 2);
    }

    #[test]
    fn dont_care_is_marked_or_appended() {
        let pairs = [(0, "dontcare".to_owned()), (1, "rock".to_owned())];
        let b = classes(&pairs, Some(0));
        assert!(!b.appended);
        assert_eq!(
            b.classes[0],
            json!({"value": 0, "name": "dontcare", "description": "dontcare", "nodata": true})
        );
        let b = classes(&pairs[1..], Some(255));
        assert!(b.appended);
        assert_eq!(b.classes[1]["value"], json!(255));
    }
}
