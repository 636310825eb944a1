//! DLM `scaling_factor`, `normalization:mean`, `normalization:std` from MLM 1.0 `norm_type` /
//! `norm_by_channel` / `statistics` (part of [`super::inputs_back`]; numeric semantics in its
//! module doc: with `scaling_factor` 1, DLM's mean and std are the affine `a` and `b` of the MLM
//! Value Scaling Object, <https://github.com/stac-extensions/mlm/blob/v1.4.0/README.md#value-scaling-object>).

use serde_json::{Map, Number, Value, json};

use super::inputs_back::Fates;
use crate::kernel::pointer::{Members, Pointer};
use crate::kernel::records::Fidelity;

/// MLM 1.0 `norm_type` / `norm_by_channel` / `statistics` → DLM `scaling_factor`,
/// `normalization:mean`, `normalization:std` (see the module doc). `None`: nothing to write.
/// `channels`: false when the DLM input states neither a tensor nor band names, so that it no
/// longer says how many channels the numbers apply to.
pub(super) fn scaling(
    obj: &Map<String, Value>,
    at: &Pointer,
    channels: bool,
    fates: &mut Fates,
) -> Option<Vec<(String, Value)>> {
    let norm = obj.member("norm_type");
    let stats = obj.member("statistics");
    let by_channel = obj.member("norm_by_channel");
    if norm.is_none() && stats.is_none() && by_channel.is_none() {
        return None;
    }
    let mut mark = |k: &str, f: Fidelity, why: &str| {
        if obj.has_member(k) {
            fates.push((at.key(k), f, why.to_owned()));
        }
    };
    let kind = norm.and_then(Value::as_str);
    let pairs = match (norm, kind) {
        (Some(Value::Null) | None, _) => {
            let why = "no scaling: DLM `scaling_factor: null`";
            mark("norm_type", Fidelity::Lossless, why);
            let lost = "DLM has no statistics that do not scale the input";
            mark("statistics", Fidelity::Lossy, lost);
            mark("norm_by_channel", Fidelity::Lossy, lost);
            return Some(vec![("scaling_factor".into(), Value::Null)]);
        }
        (_, Some(k @ ("z-score" | "min-max"))) => affine(k, stats),
        _ => None,
    };
    let Some((pairs, exact)) = pairs else {
        let why = "DLM has only a scaling factor and a per-channel mean and std: this normalisation is lost";
        for k in ["norm_type", "statistics", "norm_by_channel"] {
            mark(k, Fidelity::Lossy, why);
        }
        return Some(Vec::new());
    };
    let (f, why) = if exact && !channels {
        (
            Fidelity::Lossy,
            "the means and stds are kept verbatim, but the DLM input no longer states its channels (its tensor and band names are lost)",
        )
    } else if exact {
        (
            Fidelity::Lossless,
            "`scaling_factor` 1 and `normalization:mean` / `std` = the z-score's mean / stddev, verbatim",
        )
    } else {
        (
            Fidelity::Lossy,
            "exact in numbers (`normalization:mean` = minimum, `std` = maximum − minimum, `scaling_factor` 1), but an upgrade reads a z-score, not `min-max`",
        )
    };
    mark("norm_type", f, why);
    mark("statistics", f, why);
    // The DLM reader writes `norm_by_channel` true exactly when there are several channels.
    let channel_wise = by_channel.and_then(Value::as_bool);
    let (bf, bwhy) = if channel_wise == Some(pairs.len() > 1) {
        (
            Fidelity::Lossless,
            "implied by the number of means and stds",
        )
    } else {
        (
            Fidelity::Lossy,
            "DLM implies it by the number of means and stds, which disagrees",
        )
    };
    mark("norm_by_channel", bf, bwhy);
    let (means, stds): (Vec<Value>, Vec<Value>) = pairs.into_iter().unzip();
    Some(vec![
        ("scaling_factor".into(), json!(1)),
        ("normalization:mean".into(), Value::Array(means)),
        ("normalization:std".into(), Value::Array(stds)),
    ])
}

/// Per-channel (mean, std) JSON numbers of a `z-score` (verbatim; exact) or `min-max`
/// (minimum, maximum − minimum; exact in numbers only) statistics list. `None` when a
/// statistic lacks its numbers, a number is not finite in f64 (`1e400`), or a std would not
/// be > 0 (DLM requires std > 0).
fn affine(kind: &str, stats: Option<&Value>) -> Option<(Vec<(Value, Value)>, bool)> {
    let list = stats?.as_array().filter(|a| !a.is_empty())?;
    let mut out = Vec::with_capacity(list.len());
    for s in list {
        let num = |k: &str| s.get(k).filter(|v| v.is_number()).cloned();
        let pair = if kind == "z-score" {
            (num("mean")?, num("stddev")?)
        } else {
            let (lo, hi) = (num("minimum")?, num("maximum")?);
            let b = hi.as_f64()? - lo.as_f64()?;
            (lo, Value::Number(Number::from_f64(b)?))
        };
        let finite = |v: &Value| v.as_f64().is_some_and(f64::is_finite);
        if !finite(&pair.0) || !pair.1.as_f64().is_some_and(|b| b > 0.0 && b.is_finite()) {
            return None;
        }
        out.push(pair);
    }
    let extra = list.iter().any(|s| {
        s.as_object().is_some_and(|o| {
            let keys: &[&str] = if kind == "z-score" {
                &["mean", "stddev"]
            } else {
                &["minimum", "maximum"]
            };
            o.keys().any(|k| !keys.contains(&k.as_str()))
        })
    });
    Some((out, kind == "z-score" && !extra))
}
