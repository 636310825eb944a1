//! MLM 1.4.0: `norm_type` / `norm_by_channel` / `norm_clip` / `statistics` → `value_scaling`.
//!
//! Numeric semantics: the Value Scaling Object of the MLM v1.4.0 README
//! (<https://github.com/stac-extensions/mlm/blob/v1.4.0/README.md#value-scaling-object>) and the
//! `norm_type` values of the v1.3.0 README. Where they are silent this tool reads several
//! statistics entries as one per channel, writes a placeholder for norms without an
//! equivalent, and drops leftover keys next to an existing `value_scaling`.

use serde_json::{Map, Value, json};

use crate::kernel::edit::Ctx;
use crate::kernel::pointer::{Members, Pointer};
use crate::kernel::records::Code;
use crate::kernel::records::{Diagnostic, Fidelity, Severity};
use crate::steps::Transform;
use crate::steps::common::tensor::channel_axis;
use crate::steps::transform::Inverse;

/// `norm-by-channel-assumed`: see [`Code::what`].
pub(crate) const NORM_BY_CHANNEL_ASSUMED: Code = Code::new(
    "norm-by-channel-assumed",
    "`norm_by_channel` is not true but several statistics entries exist; they were read as one per channel.",
    "Check that the entries are per channel.",
);

/// `norm-clip-as-expression`: see [`Code::what`].
pub(crate) const NORM_CLIP_AS_EXPRESSION: Code = Code::new(
    "norm-clip-as-expression",
    "`clip` normalisation has no native `value_scaling` type; each band became the expression `clip(A / c, 0, 1)`.",
    "Nothing, unless a consumer cannot evaluate gdal-calc expressions.",
);

/// `norm-clip-missing`: see [`Code::what`].
pub(crate) const NORM_CLIP_MISSING: Code = Code::new(
    "norm-clip-missing",
    "`norm_type: clip` without `norm_clip` divisors; the old keys are kept.",
    "Add `norm_clip`, or write `value_scaling` by hand.",
);

/// `norm-statistics-incomplete`: see [`Code::what`].
pub(crate) const NORM_STATISTICS_INCOMPLETE: Code = Code::new(
    "norm-statistics-incomplete",
    "A `z-score`/`min-max` normalisation lacks the statistics keys `value_scaling` requires; the old keys are kept.",
    "Complete the statistics, or write `value_scaling` by hand.",
);

/// `norm-statistics-missing`: see [`Code::what`].
pub(crate) const NORM_STATISTICS_MISSING: Code = Code::new(
    "norm-statistics-missing",
    "A `z-score`/`min-max` normalisation has no `statistics`; the old keys are kept.",
    "Add the statistics, or write `value_scaling` by hand.",
);

/// `norm-type-no-equivalent`: see [`Code::what`].
pub(crate) const NORM_TYPE_NO_EQUIVALENT: Code = Code::new(
    "norm-type-no-equivalent",
    "`norm_type` `l1`/`l2`/`l2sqr`/`inf`/`hamming`/… has no `value_scaling` equivalent (data-dependent, axis unspecified); a `processing` placeholder with format `mlm-legacy-norm-type` was written.",
    "Replace the placeholder by the scaling the model really expects.",
);

/// `norm-clip-without-norm-type`: see [`Code::what`].
pub(crate) const NORM_CLIP_WITHOUT_NORM_TYPE: Code = Code::new(
    "norm-clip-without-norm-type",
    "`norm_clip` stood without `norm_type` (and without `value_scaling`): in MLM ≤ 1.3 it only applies to `norm_type: clip`, so no clip normalisation was stated and the divisors were dropped (lossy) — but a publisher who wrote them probably meant one.",
    "If the model clips its inputs, write `value_scaling` by hand: one `processing` expression `clip(A / c, 0, 1)` per band.",
);

/// `value-scaling-length`: see [`Code::what`].
pub(crate) const VALUE_SCALING_LENGTH: Code = Code::new(
    "value-scaling-length",
    "A per-channel `value_scaling` list does not have one entry per channel of the input.",
    "Give one entry per channel, or one entry for all.",
);

/// See [`Transform::what`].
pub(super) const NORM_TO_VALUE_SCALING: Transform = Transform {
    name: "norm_to_value_scaling",
    forward: norm_to_value_scaling,
    inverse: Inverse::Fn(super::scaling_back::value_scaling_back, Fidelity::Lossy),
    what: "Replaces the MLM ≤ 1.3 normalisation fields of a Model Input by `value_scaling` \
          : `z-score` statistics become one `{\"type\": \"z-score\", mean, \
           stddev}` per entry with the numbers copied verbatim, `min-max` likewise with minimum and \
           maximum, `norm_type: null` becomes `value_scaling: null`, `clip` with `norm_clip` becomes \
           one `processing` expression `clip(A / c, 0, 1)` per channel, and norms with no \
           equivalent (`l1`, `l2`, `inf`, …) become the placeholder `{\"type\": \"processing\", \
           \"format\": \"mlm-legacy-norm-type\", \"expression\": \"l2\"}` for a person to resolve. \
           Leftover normalisation keys next to an existing `value_scaling` are dropped. \
           Backwards (writing MLM ≤ 1.3): `null` is `norm_type: null`; all-`z-score` or \
           all-`min-max` elements are that `norm_type` with `statistics` (numbers verbatim, \
           `norm_by_channel` true for several); other affine types (`offset`, `scale`, mixes) \
           become the z-score they compute (lossy in form, exact in numbers); the placeholder \
           restores their `norm_type` (`l2`); one other `processing` element becomes the \
           `pre_processing_function` when there is none (lossy); clipping is lost (the \
           README-only `norm_type: clip` is rejected by every ≤ 1.3 schema).",
    before: r#"{"norm_by_channel": true, "norm_type": "z-score", "statistics": [{"mean": 1354.4, "stddev": 245.7}]}"#,
    after: r#"{"value_scaling": [{"type": "z-score", "mean": 1354.4, "stddev": 245.7}]}"#,
};

const LEGACY_KEYS: [&str; 4] = ["norm_type", "norm_by_channel", "norm_clip", "statistics"];

/// Every member of a Model Input the conversion reads.
const READ_KEYS: [&str; 6] = [
    "norm_type",
    "norm_by_channel",
    "norm_clip",
    "statistics",
    "value_scaling",
    "norm_with_clip_values",
];

/// Result of reading the legacy keys: the `value_scaling` value and how each key fares.
struct Plan {
    value: Value,
    fidelity: Fidelity,
    /// `statistics` is informational only (no normalisation uses it): dropped as lossy.
    statistics_lost: bool,
    /// Statistics keys beyond the ones `value_scaling` needs (`valid_percent`, …): dropped.
    extra_keys: Vec<String>,
    notes: Vec<Diagnostic>,
}

fn norm_to_value_scaling(ctx: &mut Ctx, at: &Pointer) {
    // Copied only when a legacy key is there to convert, and only the members read below.
    let Some(obj) = ctx
        .object(at)
        .filter(|o| LEGACY_KEYS.iter().any(|k| o.has_member(k)))
        .map(|o| {
            o.iter()
                .filter(|(k, _)| READ_KEYS.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect::<Map<String, Value>>()
        })
    else {
        return;
    };
    let plan = plan(&obj, at);
    let stray_only = !obj.has_member("norm_type") && !obj.has_member("statistics");
    if let Some(existing) = obj.member("value_scaling") {
        drop_leftovers(ctx, at, &obj, existing, plan.as_ref().ok());
        return;
    }
    if stray_only {
        drop_strays(ctx, at, &obj);
        return;
    }
    let plan = match plan {
        Ok(p) => p,
        Err(d) => {
            ctx.diag(*d);
            return;
        }
    };
    for d in plan.notes {
        ctx.diag(d);
    }
    let anchor = if obj.has_member("statistics") && plan.value.is_array() && !plan.statistics_lost {
        "statistics"
    } else {
        LEGACY_KEYS
            .into_iter()
            .find(|k| obj.has_member(k))
            .unwrap_or("norm_type")
    };
    let mut msg = "MLM 1.4.0 replaced the normalisation fields by `value_scaling`".to_owned();
    if !plan.extra_keys.is_empty() {
        let keys: Vec<String> = plan.extra_keys.iter().map(|k| format!("`{k}`")).collect();
        msg.push_str(&format!(
            "; the statistics keys {} have no place in it and are dropped",
            keys.join(", ")
        ));
    }
    ctx.rename(
        at,
        anchor,
        "value_scaling",
        Some(plan.value.clone()),
        plan.fidelity,
        msg,
    );
    for key in LEGACY_KEYS
        .into_iter()
        .filter(|k| *k != anchor && obj.has_member(k))
    {
        let (fidelity, why) = match key {
            "statistics" if plan.statistics_lost => (
                Fidelity::Lossy,
                "its statistics are informational only and have no place in a Model Input",
            ),
            "norm_clip" if obj.member("norm_type").and_then(Value::as_str) != Some("clip") => (
                Fidelity::Lossy,
                "`norm_clip` without `norm_type: clip` had no effect",
            ),
            _ => (Fidelity::Lossless, "folded into `value_scaling`"),
        };
        ctx.remove(&at.key(key), fidelity, format!("`{key}` removed: {why}"));
    }
    check_length(ctx, at, &plan.value);
}

/// Removes normalisation keys that carry nothing `value_scaling` (present, or absent = null)
/// does not already say .
fn drop_leftovers(
    ctx: &mut Ctx,
    at: &Pointer,
    obj: &Map<String, Value>,
    existing: &Value,
    plan: Option<&Plan>,
) {
    let agrees = plan.is_some_and(|p| p.value == *existing);
    for key in LEGACY_KEYS.into_iter().filter(|k| obj.has_member(k)) {
        let fidelity = if agrees || key == "norm_by_channel" {
            Fidelity::Lossless
        } else {
            Fidelity::Lossy
        };
        let why = if fidelity == Fidelity::Lossless {
            "`value_scaling` already says the same"
        } else {
            "it disagrees with `value_scaling`, which wins"
        };
        ctx.remove(
            &at.key(key),
            fidelity,
            format!("leftover MLM ≤ 1.3 key `{key}` removed: {why}"),
        );
    }
}

/// `norm_by_channel` / `norm_clip` without `norm_type` or `statistics`, and no `value_scaling`:
/// no normalisation was stated. `norm_by_channel` alone means nothing; `norm_clip` alone
/// suggests a clip normalisation the publisher forgot to name, so dropping it loses
/// information (lossy, with a warning) — nothing in the output says the same.
fn drop_strays(ctx: &mut Ctx, at: &Pointer, obj: &Map<String, Value>) {
    if obj.has_member("norm_by_channel") {
        let why = "it has no effect without `norm_type`";
        let msg = format!("leftover MLM ≤ 1.3 key `norm_by_channel` removed: {why}");
        ctx.remove(&at.key("norm_by_channel"), Fidelity::Lossless, msg);
    }
    if obj.has_member("norm_clip") {
        let input = ctx.input_of(&at.key("norm_clip"));
        let msg = "`norm_clip` removed: without `norm_type: clip` it had no effect, and there is no `value_scaling` to hold it";
        ctx.remove(&at.key("norm_clip"), Fidelity::Lossy, msg);
        ctx.diag(
            Diagnostic::new(
                NORM_CLIP_WITHOUT_NORM_TYPE,
                Severity::Warning,
                "`norm_clip` without `norm_type`: no clip normalisation was stated, so its divisors were dropped",
            )
            .at(input)
            .hint("if the model clips its inputs, write the `value_scaling` by hand (`clip(A / c, 0, 1)` per band)"),
        );
    }
}

/// Reads the legacy keys into a plan.
fn plan(obj: &Map<String, Value>, at: &Pointer) -> Result<Plan, Box<Diagnostic>> {
    let norm = obj
        .member("norm_type")
        .and_then(Value::as_str)
        .map(canonical_norm);
    // Read in place: a single object is one entry.
    let stats: &[Value] = match obj.member("statistics") {
        Some(Value::Array(a)) => a,
        Some(v @ Value::Object(_)) => std::slice::from_ref(v),
        _ => &[],
    };
    let mut p = Plan {
        value: Value::Null,
        fidelity: Fidelity::Lossless,
        statistics_lost: false,
        extra_keys: Vec::new(),
        notes: Vec::new(),
    };
    match norm {
        None | Some("null") => p.statistics_lost = !stats.is_empty(),
        Some(kind @ ("z-score" | "min-max")) => {
            let keys: [&str; 2] = if kind == "z-score" {
                ["mean", "stddev"]
            } else {
                ["minimum", "maximum"]
            };
            let mut out = Vec::with_capacity(stats.len());
            for (i, s) in stats.iter().enumerate() {
                let (elem, extra) = element(kind, keys, s).ok_or_else(|| {
                    Box::new(
                        Diagnostic::new(
                            NORM_STATISTICS_INCOMPLETE,
                            Severity::Error,
                            format!(
                                "`norm_type: {kind}` needs `{}` and `{}` in every statistics entry",
                                keys[0], keys[1]
                            ),
                        )
                        .at(at.key("statistics").index(i))
                        .hint("complete the statistics, or write `value_scaling` by hand"),
                    )
                })?;
                for k in extra {
                    if !p.extra_keys.contains(&k) {
                        p.extra_keys.push(k);
                    }
                }
                out.push(elem);
            }
            if out.is_empty() {
                return Err(Box::new(
                    Diagnostic::new(
                        NORM_STATISTICS_MISSING,
                        Severity::Error,
                        format!("`norm_type: {kind}` without `statistics`"),
                    )
                    .at(at.clone())
                    .hint("add the statistics, or write `value_scaling` by hand"),
                ));
            }
            let by_channel = obj
                .member("norm_by_channel")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            if !by_channel && out.len() > 1 {
                p.notes.push(Diagnostic::new(NORM_BY_CHANNEL_ASSUMED, Severity::Warning, format!("`norm_by_channel` is not true but there are {} statistics entries: read as one per channel", out.len())).at(at.key("statistics")));
            }
            if !p.extra_keys.is_empty() {
                p.fidelity = Fidelity::Lossy;
            }
            p.value = Value::Array(out);
        }
        Some("clip") => clip(obj, at, &mut p)?,
        Some(other) => placeholder(other, !stats.is_empty(), at, &mut p),
    }
    Ok(p)
}

/// Draft spellings (Appendix B) → 1.0–1.3 spellings.
fn canonical_norm(s: &str) -> &str {
    match s {
        "min_max" => "min-max",
        "z_score" => "z-score",
        "none" => "null",
        "norm_with_clip" => "clip",
        other => other,
    }
}

/// One value-scaling element from a statistics entry, and the entry's other keys.
fn element(kind: &str, keys: [&str; 2], stats: &Value) -> Option<(Value, Vec<String>)> {
    let s = stats.as_object()?;
    let mut out = Map::new();
    out.insert("type".to_owned(), json!(kind));
    for k in keys {
        let v = s.get(k).filter(|v| v.is_number())?;
        out.insert(k.to_owned(), v.clone());
    }
    let extra = s
        .keys()
        .filter(|k| !keys.contains(&k.as_str()))
        .cloned()
        .collect();
    Some((Value::Object(out), extra))
}

fn clip(obj: &Map<String, Value>, at: &Pointer, p: &mut Plan) -> Result<(), Box<Diagnostic>> {
    let clips = obj
        .member("norm_clip")
        .or_else(|| obj.member("norm_with_clip_values"))
        .and_then(Value::as_array);
    let Some(clips) = clips.filter(|c| !c.is_empty()) else {
        return Err(Box::new(
            Diagnostic::new(
                NORM_CLIP_MISSING,
                Severity::Error,
                "`norm_type: clip` without `norm_clip` values",
            )
            .at(at.clone())
            .hint("add `norm_clip` (one divisor per band) or write `value_scaling` by hand"),
        ));
    };
    let elems = clips
        .iter()
        .map(|c| json!({"type": "processing", "format": "gdal-calc", "expression": format!("clip(A / {c}, 0, 1)")}))
        .collect();
    p.value = Value::Array(elems);
    p.fidelity = Fidelity::Assumed;
    p.notes.push(Diagnostic::new(NORM_CLIP_AS_EXPRESSION, Severity::Info, "`clip` has no native `value_scaling` type: each band becomes `clip(A / c, 0, 1)` (divide by c, then clip to [0, 1], per the MLM ≤ 1.3 README)").at(at.key("norm_clip")));
    Ok(())
}

fn placeholder(norm: &str, has_stats: bool, at: &Pointer, p: &mut Plan) {
    p.value = json!([{"type": "processing", "format": "mlm-legacy-norm-type", "expression": norm}]);
    p.fidelity = Fidelity::Manual;
    p.statistics_lost = has_stats;
    p.notes.push(
        Diagnostic::new(NORM_TYPE_NO_EQUIVALENT, Severity::Warning, format!("`norm_type: {norm}` has no `value_scaling` equivalent (data-dependent, axis unspecified): wrote a placeholder"))
            .at(at.key("norm_type"))
            .hint("replace the placeholder by the scaling the model really expects, or by a `pre_processing_function`"),
    );
}

/// Warns when a per-channel list does not match the channel axis size.
fn check_length(ctx: &mut Ctx, at: &Pointer, vs: &Value) {
    let Some(n) = vs.as_array().map(Vec::len).filter(|n| *n > 1) else {
        return;
    };
    let Some(input) = ctx.get(&at.key("input")) else {
        return;
    };
    let dims: Vec<&str> = input
        .member("dim_order")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let size = channel_axis(&dims).and_then(|i| input.member("shape")?.get(i)?.as_i64());
    if let Some(size) = size.filter(|s| *s > 0 && *s as usize != n) {
        ctx.diag(
            Diagnostic::new(
                VALUE_SCALING_LENGTH,
                Severity::Warning,
                format!("{n} `value_scaling` entries for a channel axis of size {size}"),
            )
            .at(at.key("value_scaling"))
            .hint("give one entry per channel, or a single entry for all"),
        );
    }
}
