//! Scaling-bearing fields no reader consumed.
//!
//! A proof that skipped a field which changes the numbers (a misspelt `normalisation`, a draft
//! `scale_factor`, a `mean` next to `value_scaling`'s own) would compare less than the document
//! says and could call two different pipelines `equivalent` (product rule 6). Each reader lists
//! the members it reads; every other member whose name marks it as scaling-bearing is returned
//! here, and [`crate::check`] makes the input's verdict `unverifiable`, naming it.

use serde_json::{Map, Value};

use super::json::child;

/// Name fragments (lower case) that mark a member as changing the values the model receives.
const WORDS: [&str; 11] = [
    "scal",
    "norm",
    "mean",
    "std",
    "statistic",
    "clip",
    "offset",
    "standardi",
    "minmax",
    "min_max",
    "divisor",
];

/// The first letters of the [`WORDS`]: most positions of a name start none of them.
const FIRST_LETTERS: &[u8] = b"snmcod";

/// Members whose names contain a [`WORDS`] fragment but that resize the image, not its values
/// (the pre-1.0 MLM draft `rescale_type` is `resize_type`).
const NOT_VALUES: [&str; 2] = ["rescale_type", "resize_type"];

/// True when a member called `key` states scaling, normalisation or clipping of the values.
pub(crate) fn is_scaling_bearing(key: &str) -> bool {
    // ASCII case is ignored in place (no lower-cased copy of every member name); a fragment
    // is compared only where the name has its first letter.
    let k = key.as_bytes();
    let has = (0..k.len()).any(|i| {
        let (first, rest) = (k[i].to_ascii_lowercase(), &k[i..]);
        FIRST_LETTERS.contains(&first)
            && WORDS.iter().any(|w| {
                let w = w.as_bytes();
                w[0] == first && rest.len() >= w.len() && rest[..w.len()].eq_ignore_ascii_case(w)
            })
    });
    has && !NOT_VALUES.iter().any(|n| key.eq_ignore_ascii_case(n))
}

/// Pointers of the members of `obj` (at `pointer`) that are scaling-bearing and not in `read`.
pub(crate) fn unread(obj: &Map<String, Value>, pointer: &str, read: &[&str]) -> Vec<String> {
    obj.keys()
        .filter(|k| !read.contains(&k.as_str()) && is_scaling_bearing(k))
        .map(|k| child(pointer, k))
        .collect()
}

/// Pointers of every member of `obj` (at `pointer`) not in `read`: for objects whose members
/// are all scaling-bearing by context (a draft `normalization: {mean, std}` object).
pub(crate) fn unread_members(
    obj: &Map<String, Value>,
    pointer: &str,
    read: &[&str],
) -> Vec<String> {
    obj.keys()
        .filter(|k| !read.contains(&k.as_str()))
        .map(|k| child(pointer, k))
        .collect()
}

/// The members the DLM reader consumes (besides `shape:*` keys).
const READ: [&str; 13] = [
    "name",
    "input_tensors",
    "scaling_factor",
    "scaling",
    "normalization:mean",
    "normalization:std",
    "mean",
    "std",
    "normalization",
    "selected_bands",
    "selected_band",
    "band_names",
    "pre_processing_function",
];

/// Scaling-bearing members of a DLM input (and of a draft `normalization` object) that the
/// DLM reader does not read.
pub(crate) fn dlm_unread(obj: &Map<String, Value>, p: &str) -> Vec<String> {
    let mut out = unread(obj, p, &READ);
    if let Some(norm) = obj.get("normalization").and_then(Value::as_object) {
        out.extend(unread_members(
            norm,
            &child(p, "normalization"),
            &["mean", "std", "stddev"],
        ));
    } else if obj.get("normalization").is_some_and(|v| !v.is_null()) {
        out.push(child(p, "normalization"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn first_letters_are_those_of_the_words() {
        for w in WORDS {
            assert!(FIRST_LETTERS.contains(&w.as_bytes()[0]), "{w}");
        }
        for l in FIRST_LETTERS {
            assert!(WORDS.iter().any(|w| w.as_bytes()[0] == *l));
        }
    }

    #[test]
    fn scaling_bearing_names() {
        for k in [
            "scaling",
            "scale_factor",
            "normalisation",
            "norm_type",
            "mean",
            "std_dev",
            "statistics",
            "norm_clip",
            "offset",
            "standardize",
            "minmax",
            "Divisor",
        ] {
            assert!(is_scaling_bearing(k), "{k}");
        }
        for k in [
            "name",
            "bands",
            "input",
            "resize_type",
            "description",
            "pre_processing_function",
        ] {
            assert!(!is_scaling_bearing(k), "{k}");
        }
    }

    #[test]
    fn scaling_bearing_is_a_lower_cased_substring_test() {
        let old = |key: &str| {
            let k = key.to_ascii_lowercase();
            !NOT_VALUES.contains(&k.as_str()) && WORDS.iter().any(|w| k.contains(w))
        };
        let parts = [
            "",
            "s",
            "S",
            "sc",
            "scal",
            "SCAL",
            "norm",
            "Mean",
            "std",
            "statistic",
            "clip",
            "offset",
            "standardi",
            "minmax",
            "min_max",
            "divisor",
            "x",
            "_",
            "é",
            "re",
            "size",
            "type",
            "rescale_type",
            "Resize_Type",
        ];
        for a in parts {
            for b in parts {
                for c in ["", "s", "ale", "_type"] {
                    let key = format!("{a}{b}{c}");
                    assert_eq!(is_scaling_bearing(&key), old(&key), "{key}");
                }
            }
        }
    }

    #[test]
    fn unread_lists_what_no_reader_took() {
        let obj =
            json!({"name": "x", "scaling": 2, "normalization:mean": [1], "resize_type": null});
        let got = unread(
            obj.as_object().unwrap(),
            "/p",
            &["name", "normalization:mean"],
        );
        assert_eq!(got, ["/p/scaling"]);
        let norm = json!({"mean": [1], "std": [2], "clip": 3});
        let got = unread_members(
            norm.as_object().unwrap(),
            "/p/normalization",
            &["mean", "std"],
        );
        assert_eq!(got, ["/p/normalization/clip"]);
    }
}
