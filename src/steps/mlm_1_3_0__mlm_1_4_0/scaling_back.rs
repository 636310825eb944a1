//! `value_scaling` written back as MLM ≤ 1.3 `norm_type` / `norm_by_channel` / `statistics`
//! (the inverse of [`super::scaling`]).
//!
//! Numeric semantics: the Value Scaling Object of the MLM README
//! (<https://github.com/stac-extensions/mlm/blob/v1.4.0/README.md#value-scaling-object>):
//! every type but `clip*` and `processing` is affine, `y = (x − a) / b`, with `z-score` a =
//! mean, b = stddev; `min-max` a = minimum, b = maximum − minimum; `offset` a = value, b = 1;
//! `scale` a = 0, b = value (`scale` divides). MLM ≤ 1.3 `norm_type` (v1.3.0 README, Model
//! Input Object) has `z-score` and `min-max` with raster Statistics; anything affine is written
//! as `z-score` with (a, b), exact in arithmetic but not in form (lossy: a round trip gives
//! z-scores). The placeholder the forward wrote for a norm without equivalent
//! (`mlm-legacy-norm-type`) restores its `norm_type`. Clipping (including the README-only
//! `norm_type: clip`, which no ≤ 1.3 schema accepts) and other expressions have no ≤ 1.3 form: a single
//! `processing` element becomes the input's `pre_processing_function` when it has none,
//! anything else is lost. The preprocessing check runs both sides on a sample to prove it.

use serde_json::{Map, Number, Value, json};

use crate::kernel::edit::{Ctx, Pos};
use crate::kernel::pointer::{Members, Pointer};
use crate::kernel::records::Fidelity;

/// What MLM ≤ 1.3 fields a `value_scaling` list becomes.
struct Back {
    /// `norm_type` (`null` for none).
    norm: Value,
    /// `statistics`, when the norm has them.
    statistics: Option<Vec<Value>>,
    fidelity: Fidelity,
    note: String,
}

pub(super) fn value_scaling_back(ctx: &mut Ctx, at: &Pointer) {
    let vs = at.key("value_scaling");
    let Some(value) = ctx.get(&vs).cloned() else {
        return;
    };
    let elems = match &value {
        Value::Null => {
            let msg = "MLM ≤ 1.3 writes \"no scaling\" as `norm_type: null`";
            ctx.rename(
                at,
                "value_scaling",
                "norm_type",
                None,
                Fidelity::Lossless,
                msg,
            );
            return;
        }
        Value::Array(a) if !a.is_empty() => a.clone(),
        _ => {
            let msg = "not a list of Value Scaling objects: MLM ≤ 1.3 has no form for it";
            ctx.remove(&vs, Fidelity::Lossy, msg);
            return;
        }
    };
    match plan(&elems) {
        Some(back) => write(ctx, at, back),
        None => expression_or_lost(ctx, at, &elems),
    }
}

fn plan(elems: &[Value]) -> Option<Back> {
    let types: Vec<&str> = elems
        .iter()
        .map(|e| e.member("type").and_then(Value::as_str).unwrap_or(""))
        .collect();
    if let Some(b) = legacy_placeholder(elems, &types) {
        return Some(b);
    }
    for native in ["z-score", "min-max"] {
        if types.iter().all(|t| *t == native) {
            return native_stats(elems, native);
        }
    }
    affine_as_z_score(elems)
}

/// `{"type": "processing", "format": "mlm-legacy-norm-type", "expression": "l2"}`.
fn legacy_placeholder(elems: &[Value], types: &[&str]) -> Option<Back> {
    let [e] = elems else { return None };
    if types != ["processing"] || e.member("format")?.as_str()? != "mlm-legacy-norm-type" {
        return None;
    }
    let norm = e.member("expression")?.as_str()?;
    // The `norm_type` values of the MLM 1.0.0–1.3.0 schemas that have no `value_scaling` form.
    const NORMS: [&str; 8] = [
        "l1",
        "l2",
        "l2sqr",
        "hamming",
        "hamming2",
        "type-mask",
        "relative",
        "inf",
    ];
    if !NORMS.contains(&norm) {
        return None;
    }
    Some(Back {
        norm: json!(norm),
        statistics: None,
        fidelity: extra_keys(e, &["type", "format", "expression"]),
        note: format!("the placeholder of `norm_type: {norm}` is written back as that norm"),
    })
}

/// All `z-score` (or all `min-max`): the numbers copied verbatim into `statistics`.
fn native_stats(elems: &[Value], kind: &str) -> Option<Back> {
    let keys: [&str; 2] = if kind == "z-score" {
        ["mean", "stddev"]
    } else {
        ["minimum", "maximum"]
    };
    let mut stats = Vec::with_capacity(elems.len());
    let mut fidelity = Fidelity::Lossless;
    for e in elems {
        let mut s = Map::new();
        for k in keys {
            s.insert(k.to_owned(), e.get(k).filter(|v| v.is_number())?.clone());
        }
        fidelity = fidelity.max(extra_keys(e, &["type", keys[0], keys[1]]));
        stats.push(Value::Object(s));
    }
    Some(Back {
        norm: json!(kind),
        statistics: Some(stats),
        fidelity,
        note: format!("`{kind}` elements are MLM ≤ 1.3 `norm_type: {kind}` with `statistics`"),
    })
}

/// Every element affine (`z-score`, `min-max`, `offset`, `scale`, mixed): one z-score each.
fn affine_as_z_score(elems: &[Value]) -> Option<Back> {
    let mut stats = Vec::with_capacity(elems.len());
    let num = |x: f64| Number::from_f64(x).map(Value::Number);
    for e in elems {
        let get = |k: &str| e.get(k).filter(|v| v.is_number()).cloned();
        let f = |k: &str| e.get(k).and_then(Value::as_f64);
        let (mean, stddev) = match e.member("type").and_then(Value::as_str)? {
            "z-score" => (get("mean")?, get("stddev")?),
            "min-max" => (get("minimum")?, num(f("maximum")? - f("minimum")?)?),
            "offset" => (get("value")?, json!(1)),
            "scale" => (json!(0), get("value")?),
            _ => return None,
        };
        stats.push(json!({"mean": mean, "stddev": stddev}));
    }
    Some(Back {
        norm: json!("z-score"),
        statistics: Some(stats),
        fidelity: Fidelity::Lossy,
        note: "MLM ≤ 1.3 has only `z-score` and `min-max`: each element is written as the \
               z-score (x − a) / b it computes — the same numbers, but a round trip gives \
               z-scores, not the original types"
            .to_owned(),
    })
}

/// Lossless unless an element carries members its ≤ 1.3 form has no place for.
fn extra_keys(e: &Value, known: &[&str]) -> Fidelity {
    let extra = e
        .as_object()
        .is_some_and(|o| o.keys().any(|k| !known.contains(&k.as_str())));
    if extra {
        Fidelity::Lossy
    } else {
        Fidelity::Lossless
    }
}

fn write(ctx: &mut Ctx, at: &Pointer, b: Back) {
    let mut note = b.note;
    if b.fidelity == Fidelity::Lossy && b.statistics.is_some() && !note.contains("round trip") {
        note.push_str("; members beyond those are lost");
    }
    let n = b.statistics.as_ref().map_or(0, Vec::len);
    let Some(stats) = b.statistics else {
        ctx.rename(
            at,
            "value_scaling",
            "norm_type",
            Some(b.norm),
            b.fidelity,
            note,
        );
        return;
    };
    let stats = Value::Array(stats);
    ctx.rename(
        at,
        "value_scaling",
        "statistics",
        Some(stats),
        b.fidelity,
        note,
    );
    let by_channel = json!(n > 1);
    let why = "one statistics entry per channel, or one for all";
    ctx.add(
        at,
        "norm_by_channel",
        by_channel,
        Pos::Before("statistics"),
        Fidelity::Lossless,
        why,
    );
    let why = "the normalisation the statistics describe";
    ctx.add(
        at,
        "norm_type",
        b.norm,
        Pos::Before("statistics"),
        Fidelity::Lossless,
        why,
    );
}

/// No `norm_type` form: a single `processing` element becomes the `pre_processing_function`
/// when the input has none; otherwise the scaling is lost.
fn expression_or_lost(ctx: &mut Ctx, at: &Pointer, elems: &[Value]) {
    let pre = at.key("pre_processing_function");
    let free = ctx.get(&pre).is_none_or(Value::is_null);
    if let ([e], true) = (elems, free) {
        let is_processing = e.member("type").and_then(Value::as_str) == Some("processing");
        if let (true, Some(obj)) = (is_processing, e.as_object()) {
            let mut expr = obj.clone();
            expr.shift_remove("type");
            ctx.remove(
                &pre,
                Fidelity::Lossless,
                "`null`: the expression below takes its place",
            );
            let msg = "MLM ≤ 1.3 has no `processing` scaling: the expression becomes the input's `pre_processing_function` (applied to the whole input rather than per channel)";
            ctx.rename(
                at,
                "value_scaling",
                "pre_processing_function",
                Some(Value::Object(expr)),
                Fidelity::Lossy,
                msg,
            );
            return;
        }
    }
    let kinds: Vec<String> = elems
        .iter()
        .filter_map(|e| e.member("type").and_then(Value::as_str))
        .filter(|t| !matches!(*t, "z-score" | "min-max" | "offset" | "scale"))
        .map(|t| format!("`{t}`"))
        .collect();
    let msg = format!(
        "MLM ≤ 1.3 normalisation cannot express {}: the scaling is lost (write it as a `pre_processing_function` by hand)",
        if kinds.is_empty() {
            "these elements".to_owned()
        } else {
            kinds.join(", ")
        }
    );
    ctx.remove(&at.key("value_scaling"), Fidelity::Lossy, msg);
}
