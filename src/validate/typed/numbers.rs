//! The numbers the model's input depends on, checked for sense in every form and version: a
//! scaling that divides by zero, a number no 64-bit float holds, a `shape` whose `dim_order`
//! has another length, an axis of size 0. Each would make the converted preprocessing (and the
//! proof that it is unchanged) meaningless while every schema accepts it, so each is an error
//! (exit 1), never a silent write.
//!
//! Where: every object of the document (Model Inputs and Outputs in any version or dialect,
//! `dlm:inputs`), so the same rule finds the defect in the source and, when it is carried, in
//! the output.

use serde_json::{Map, Value};

use super::Sink;
use crate::kernel::pointer::{Members as _, Pointer};
use crate::kernel::records::Code;
use crate::validate::finding::Finding;

/// `scaling-divides-by-zero`: see [`Code::what`].
pub(crate) const SCALING_DIVIDES_BY_ZERO: Code = Code::new(
    "scaling-divides-by-zero",
    "A scaling parameter divides by zero: a z-score `stddev` of 0 (MLM `value_scaling`, MLM ≤ 1.3 `statistics` of a `z-score` norm), a `min-max` range of 0 (`maximum` = `minimum`), a `scale` value of 0 (MLM `scale` divides), or a DLM `normalization:std` entry or `scaling_factor` of 0. The model would receive infinities; no conversion can keep, and no check can prove, anything about it (https://github.com/stac-extensions/mlm/blob/v1.5.1/README.md#value-scaling-object).",
    "Use the real spread of the data; for no scaling of a channel write {\"type\": \"scale\", \"value\": 1}.",
);

/// `non-finite-number`: see [`Code::what`].
pub(crate) const NON_FINITE_NUMBER: Code = Code::new(
    "non-finite-number",
    "A number of a model field is too large for a 64-bit float (e.g. `1e400`): JSON allows the text, but every reader turns it into infinity, so statistics or sizes written that way mean nothing.",
    "Write the real value.",
);

/// `shape-dim-order-mismatch`: see [`Code::what`].
pub(crate) const SHAPE_DIM_ORDER_MISMATCH: Code = Code::new(
    "shape-dim-order-mismatch",
    "An `input` or `result` structure has a `shape` and a `dim_order` of different lengths: `dim_order` names each axis of `shape`, one name per size (https://github.com/stac-extensions/mlm/blob/v1.5.1/README.md#input-structure-object).",
    "Give one `dim_order` name per `shape` entry.",
);

/// `zero-length-axis`: see [`Code::what`].
pub(crate) const ZERO_LENGTH_AXIS: Code = Code::new(
    "zero-length-axis",
    "A `shape` (MLM `input`/`result`, DLM `input_tensors`) has an axis of size 0: the tensor holds no values, so nothing can be fed to the model or compared (the schemas accept 0; the README asks for sizes > 0, or -1 for any size).",
    "Write the real size, or -1 for a size that varies.",
);

/// Checks every object of `doc` (at `at`).
pub(super) fn check(doc: &Value, at: &Pointer, sink: &mut Sink) {
    walk(doc, at, &mut Vec::new(), false, sink);
}

/// One step of the path from `at` to the value being walked: pointers are built from these
/// only when a finding needs one (most documents have none), not for every node.
enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

fn pointer(at: &Pointer, path: &[Seg<'_>]) -> Pointer {
    path.iter().fold(at.clone(), |p, s| match s {
        Seg::Key(k) => p.key(k),
        Seg::Index(i) => p.index(*i),
    })
}

/// True for the members [`object`] looks at; an object without any of them is not checked
/// itself. A comparison of the few member names, not a hash lookup per name: most objects
/// of a document have none of them.
fn is_checked_member(k: &str) -> bool {
    matches!(
        k,
        "input"
            | "result"
            | "input_array"
            | "value_scaling"
            | "norm_type"
            | "normalization:std"
            | "scaling_factor"
    )
}

fn walk<'a>(v: &'a Value, at: &Pointer, path: &mut Vec<Seg<'a>>, model: bool, sink: &mut Sink) {
    match v {
        Value::Object(o) => {
            if o.keys().any(|k| is_checked_member(k)) {
                object(o, at, path, sink);
            }
            for (k, child) in o {
                let model = model || is_model_key(k);
                if !worth_walking(child, model) {
                    continue;
                }
                path.push(Seg::Key(k));
                walk(child, at, path, model, sink);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                if !worth_walking(child, model) {
                    continue;
                }
                path.push(Seg::Index(i));
                walk(child, at, path, model, sink);
                path.pop();
            }
        }
        Value::Number(n) if model && !is_finite(n) => {
            sink.push(
                Finding::typed(
                    NON_FINITE_NUMBER,
                    pointer(at, path),
                    format!("{n} is not a finite number (it overflows a 64-bit float)"),
                )
                .expecting("a finite number"),
            );
        }
        _ => {}
    }
}

/// Whether [`walk`] can find anything in `v`: objects and arrays, numbers of model metadata
/// (most leaves of a document are neither, and are not visited).
fn worth_walking(v: &Value, model: bool) -> bool {
    match v {
        Value::Object(_) | Value::Array(_) => true,
        Value::Number(_) => model,
        _ => false,
    }
}

/// Whether a JSON number's text reads as a finite 64-bit float. Without an exponent and with
/// fewer than 300 characters its magnitude is below 10^300 < `f64::MAX`, so the text is not
/// parsed (the number text is kept under `arbitrary_precision`).
fn is_finite(n: &serde_json::Number) -> bool {
    let text = n.as_str();
    if text.len() < 300 && !text.bytes().any(|b| b == b'e' || b == b'E') {
        return true;
    }
    n.as_f64().is_some_and(f64::is_finite)
}

/// Members whose values are model metadata (their numbers are checked for finiteness).
fn is_model_key(k: &str) -> bool {
    ["mlm:", "dlm:", "ml-model:"]
        .iter()
        .any(|p| k.starts_with(p))
        || matches!(k, "input" | "output" | "value_scaling")
}

/// The members of one object that [`object`] reads, found in one pass over its keys.
#[derive(Default)]
struct Members<'a> {
    input: Option<&'a Value>,
    result: Option<&'a Value>,
    input_array: Option<&'a Value>,
    value_scaling: Option<&'a Value>,
    norm_type: Option<&'a Value>,
    statistics: Option<&'a Value>,
    std: Option<&'a Value>,
    scaling_factor: Option<&'a Value>,
}

impl<'a> Members<'a> {
    fn of(o: &'a Map<String, Value>) -> Self {
        let mut m = Self::default();
        for (k, v) in o {
            let slot = match k.as_str() {
                "input" => &mut m.input,
                "result" => &mut m.result,
                "input_array" => &mut m.input_array,
                "value_scaling" => &mut m.value_scaling,
                "norm_type" => &mut m.norm_type,
                "statistics" => &mut m.statistics,
                "normalization:std" => &mut m.std,
                "scaling_factor" => &mut m.scaling_factor,
                _ => continue,
            };
            *slot = Some(v);
        }
        m
    }
}

/// The pointer of the object at `at` + `path`, extended by `tail`: built only for a finding.
fn here(at: &Pointer, path: &[Seg<'_>], tail: &[Seg<'_>]) -> Pointer {
    pointer(&pointer(at, path), tail)
}

fn object<'a>(o: &'a Map<String, Value>, at: &Pointer, path: &[Seg<'a>], sink: &mut Sink) {
    let m = Members::of(o);
    let structures = [
        ("input", m.input),
        ("result", m.result),
        ("input_array", m.input_array),
    ];
    for (key, s) in structures {
        if let Some(s) = s.and_then(Value::as_object) {
            structure(s, at, path, key, sink);
        }
    }
    if let Some(items) = m.value_scaling.and_then(Value::as_array) {
        for (i, el) in items.iter().enumerate() {
            if let Some(el) = el.as_object() {
                value_scaling(el, at, path, i, sink);
            }
        }
    }
    let norm = m.norm_type.and_then(Value::as_str).unwrap_or("");
    if matches!(norm, "z-score" | "z_score" | "min-max" | "min_max") {
        statistics(m.statistics, at, path, norm.starts_with('z'), sink);
    }
    dlm(&m, at, path, sink);
}

/// `{shape, dim_order}` of member `key`: same length, no axis of size 0.
fn structure(s: &Map<String, Value>, at: &Pointer, path: &[Seg<'_>], key: &str, sink: &mut Sink) {
    let shape = s.member("shape").and_then(Value::as_array);
    if let Some(shape) = shape {
        zero_axes(shape, at, path, key, sink);
    }
    let dims = s.member("dim_order").and_then(Value::as_array);
    if let (Some(shape), Some(dims)) = (shape, dims) {
        if shape.len() != dims.len() {
            let (n, m) = (shape.len(), dims.len());
            sink.push(
                Finding::typed(
                    SHAPE_DIM_ORDER_MISMATCH,
                    here(at, path, &[Seg::Key(key), Seg::Key("dim_order")]),
                    format!("`shape` has {n} axes but `dim_order` names {m}"),
                )
                .expecting(format!("{n} dimension names, one per `shape` entry")),
            );
        }
    }
}

fn zero_axes(shape: &[Value], at: &Pointer, path: &[Seg<'_>], key: &str, sink: &mut Sink) {
    for (i, size) in shape.iter().enumerate() {
        if size.as_i64() == Some(0) {
            sink.push(
                Finding::typed(
                    ZERO_LENGTH_AXIS,
                    here(at, path, &[Seg::Key(key), Seg::Key("shape"), Seg::Index(i)]),
                    format!("axis {i} has size 0: the tensor holds no values"),
                )
                .expecting("a size > 0, or -1 for any size"),
            );
        }
    }
}

fn zero(o: &Map<String, Value>, key: &str) -> bool {
    is_zero(o.get(key))
}

fn is_zero(v: Option<&Value>) -> bool {
    v.and_then(Value::as_f64) == Some(0.0)
}

fn divides_by_zero(at: Pointer, what: &str, sink: &mut Sink) {
    sink.push(
        Finding::typed(
            SCALING_DIVIDES_BY_ZERO,
            at,
            format!("{what} is 0: the scaling divides by zero"),
        )
        .expecting("a non-zero divisor"),
    );
}

/// Element `i` of `value_scaling` (MLM ≥ 1.4).
fn value_scaling(
    el: &Map<String, Value>,
    at: &Pointer,
    path: &[Seg<'_>],
    i: usize,
    sink: &mut Sink,
) {
    let member = |key| {
        here(
            at,
            path,
            &[Seg::Key("value_scaling"), Seg::Index(i), Seg::Key(key)],
        )
    };
    match el.member("type").and_then(Value::as_str) {
        Some("z-score") if zero(el, "stddev") => {
            divides_by_zero(member("stddev"), "the z-score `stddev`", sink);
        }
        Some("scale") if zero(el, "value") => {
            divides_by_zero(member("value"), "the `scale` value (a divisor)", sink);
        }
        Some("min-max") => {
            let (lo, hi) = (el.member("minimum"), el.member("maximum"));
            let same = lo.and_then(Value::as_f64).zip(hi.and_then(Value::as_f64));
            if same.is_some_and(|(a, b)| a == b) {
                divides_by_zero(member("maximum"), "`maximum` − `minimum`", sink);
            }
        }
        _ => {}
    }
}

/// MLM ≤ 1.3 `statistics` of a `z-score` or `min-max` norm (one object or a list).
fn statistics(stats: Option<&Value>, at: &Pointer, path: &[Seg<'_>], z: bool, sink: &mut Sink) {
    let entries: Vec<(Option<usize>, &Map<String, Value>)> = match stats {
        Some(Value::Object(s)) => vec![(None, s)],
        Some(Value::Array(a)) => a
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.as_object().map(|s| (Some(i), s)))
            .collect(),
        _ => Vec::new(),
    };
    for (i, s) in entries {
        let member = |key| match i {
            None => here(at, path, &[Seg::Key("statistics"), Seg::Key(key)]),
            Some(i) => here(
                at,
                path,
                &[Seg::Key("statistics"), Seg::Index(i), Seg::Key(key)],
            ),
        };
        if z && zero(s, "stddev") {
            divides_by_zero(member("stddev"), "the z-score `stddev`", sink);
        }
        let range = s
            .member("minimum")
            .and_then(Value::as_f64)
            .zip(s.member("maximum").and_then(Value::as_f64));
        if !z && range.is_some_and(|(a, b)| a == b) {
            divides_by_zero(member("maximum"), "`maximum` − `minimum`", sink);
        }
    }
}

/// A DLM input: `normalization:std` entries (or the draft `normalization.std`),
/// `scaling_factor`, `input_tensors` sizes.
fn dlm(m: &Members<'_>, at: &Pointer, path: &[Seg<'_>], sink: &mut Sink) {
    if m.std.is_none() && m.scaling_factor.is_none() {
        return;
    }
    if is_zero(m.scaling_factor) {
        divides_by_zero(
            here(at, path, &[Seg::Key("scaling_factor")]),
            "`scaling_factor`",
            sink,
        );
    }
    let std = m.std;
    let entries: Vec<&Value> = match std {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(v) => vec![v],
        None => Vec::new(),
    };
    for (i, s) in entries.iter().enumerate() {
        if s.as_f64() == Some(0.0) {
            let p = if std.is_some_and(Value::is_array) {
                here(at, path, &[Seg::Key("normalization:std"), Seg::Index(i)])
            } else {
                here(at, path, &[Seg::Key("normalization:std")])
            };
            divides_by_zero(p, "a `normalization:std` entry", sink);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn codes(doc: Value) -> Vec<(String, String)> {
        let mut sink = Sink::new();
        check(&doc, &Pointer::root(), &mut sink);
        sink.into_iter()
            .map(|f| (f.code.id.to_owned(), f.pointer.as_str().to_owned()))
            .collect()
    }

    #[test]
    fn each_rule_names_its_pointer() {
        let input = |extra: Value| {
            let mut i = json!({"name": "x", "input": {"shape": [1, 3, 8, 8], "dim_order": ["batch", "bands", "height", "width"], "data_type": "float32"}});
            i.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            json!({"type": "Feature", "properties": {"mlm:input": [i]}})
        };
        let at = "/properties/mlm:input/0";
        let cases = [
            (
                json!({"value_scaling": [{"type": "z-score", "mean": 1, "stddev": 0}]}),
                "scaling-divides-by-zero",
                "/value_scaling/0/stddev",
            ),
            (
                json!({"value_scaling": [{"type": "min-max", "minimum": 2, "maximum": 2}]}),
                "scaling-divides-by-zero",
                "/value_scaling/0/maximum",
            ),
            (
                json!({"value_scaling": [{"type": "scale", "value": 0}]}),
                "scaling-divides-by-zero",
                "/value_scaling/0/value",
            ),
            (
                json!({"norm_type": "z-score", "statistics": [{"mean": 1, "stddev": 0}]}),
                "scaling-divides-by-zero",
                "/statistics/0/stddev",
            ),
            (
                json!({"input": {"shape": [1, 0, 8, 8], "dim_order": ["batch", "bands", "height", "width"]}}),
                "zero-length-axis",
                "/input/shape/1",
            ),
            (
                json!({"input": {"shape": [1, 3, 8], "dim_order": ["batch", "bands", "height", "width"]}}),
                "shape-dim-order-mismatch",
                "/input/dim_order",
            ),
        ];
        for (extra, code, tail) in cases {
            let got = codes(input(extra.clone()));
            assert_eq!(got, [(code.to_owned(), format!("{at}{tail}"))], "{extra}");
        }
        assert!(codes(input(json!({}))).is_empty());
    }

    #[test]
    fn non_finite_numbers_and_dlm_inputs() {
        let big: Value = serde_json::from_str(r#"{"type": "Feature", "properties": {"dlm:inputs": {"scaling_factor": 0, "normalization:mean": [1e400], "normalization:std": [1, 0]}, "other": 1e400}}"#).unwrap();
        let got = codes(big);
        assert_eq!(
            got,
            [
                (
                    "scaling-divides-by-zero".to_owned(),
                    "/properties/dlm:inputs/scaling_factor".to_owned()
                ),
                (
                    "scaling-divides-by-zero".to_owned(),
                    "/properties/dlm:inputs/normalization:std/1".to_owned()
                ),
                (
                    "non-finite-number".to_owned(),
                    "/properties/dlm:inputs/normalization:mean/0".to_owned()
                ),
            ]
        );
    }
}
