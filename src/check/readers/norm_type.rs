//! MLM ≤ 1.3 `norm_type` + `statistics` + `norm_by_channel` + `norm_clip` (MLM v1.3.0 README), with the
//! pre-1.0 draft spellings (`z_score`, `min_max`, `norm_with_clip` + `norm_with_clip_values`,
//! a single `statistics` object; Appendix B). Norms without fixed numbers (`l1`, `l2`, `inf`,
//! …) become opaque stages .

use serde_json::{Map, Value};

use super::json::{child, index, numbers, opt_str};
use super::scaling::{NORM_HINT, Scaling, min_max, nonzero, z_score};
use crate::check::error::CheckError;
use crate::check::pipeline::{ChannelOp, Opaque, Stage, StageKind};

/// Normalises ≤ 1.3 and draft `norm_type` spellings (Appendix B); `None` means no scaling.
fn norm_type(obj: &Map<String, Value>) -> Option<String> {
    let raw = opt_str(obj, "norm_type")?.trim().to_ascii_lowercase();
    Some(match raw.as_str() {
        "none" | "" => return None,
        "z_score" => "z-score".into(),
        "min_max" => "min-max".into(),
        "norm_with_clip" => "clip".into(),
        _ => raw,
    })
}

/// `statistics` as a list of (pointer, object); a single object (draft form) counts as one.
fn statistics<'a>(
    obj: &'a Map<String, Value>,
    pointer: &str,
) -> Vec<(String, &'a Map<String, Value>)> {
    let p = child(pointer, "statistics");
    match obj.get("statistics") {
        Some(Value::Object(o)) => vec![(p, o)],
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.as_object().map(|o| (index(&p, i), o)))
            .collect(),
        _ => Vec::new(),
    }
}

/// Builds the op of one `statistics` entry (object, pointer, hint).
type StatOp = fn(&Map<String, Value>, &str, &'static str) -> Result<ChannelOp, CheckError>;

/// MLM ≤ 1.3 `norm_type` with `statistics`, `norm_by_channel`, `norm_clip`.
pub(super) fn read(obj: &Map<String, Value>, pointer: &str) -> Result<Scaling, CheckError> {
    let mut out = Scaling::default();
    let stats = statistics(obj, pointer);
    let clip_key = ["norm_clip", "norm_with_clip_values"]
        .into_iter()
        .find(|k| obj.get(*k).is_some_and(|v| !v.is_null()));
    let kind = norm_type(obj);
    if let (Some(k), false) = (clip_key, kind.as_deref() == Some("clip")) {
        out.notes
            .push(format!("{pointer}/{k}: ignored without norm_type `clip`"));
    }
    let build: StatOp = match kind.as_deref() {
        None => {
            if !stats.is_empty() {
                out.notes.push(format!(
                    "{pointer}/statistics: informational only (norm_type is null); no scaling"
                ));
            }
            return Ok(out);
        }
        Some("clip") => return clip_norm(obj, pointer, clip_key, out),
        Some("z-score") => z_score,
        Some("min-max") => min_max,
        Some(other) => {
            out.stages.push(Stage { pointer: child(pointer, "norm_type"), kind: StageKind::Opaque(Opaque {
                format: "norm_type".into(),
                expression: other.to_owned(),
                why: format!("norm_type `{other}` normalises by a norm or distance of the data itself; there are no fixed numbers to verify"),
            }) });
            return Ok(out);
        }
    };
    if stats.is_empty() {
        return Err(CheckError::Missing {
            pointer: pointer.to_owned(),
            field: "statistics",
            hint: NORM_HINT,
        });
    }
    let ops = stats
        .iter()
        .map(|(p, o)| build(o, p, NORM_HINT))
        .collect::<Result<Vec<_>, _>>()?;
    if ops.len() > 1 && obj.get("norm_by_channel").and_then(Value::as_bool) != Some(true) {
        out.notes.push(format!(
            "{pointer}: {} statistics entries without norm_by_channel: true, read per channel",
            ops.len()
        ));
    }
    out.stages.push(Stage {
        pointer: child(pointer, "statistics"),
        kind: StageKind::PerChannel(ops),
    });
    Ok(out)
}

/// README-only `clip`: divide band i by `norm_clip[i]`, then clip to [0, 1].
fn clip_norm(
    obj: &Map<String, Value>,
    pointer: &str,
    key: Option<&str>,
    mut out: Scaling,
) -> Result<Scaling, CheckError> {
    let key = key.ok_or(CheckError::Missing {
        pointer: pointer.to_owned(),
        field: "norm_clip",
        hint: "norm_type `clip` divides band i by norm_clip[i]; give one value per band",
    })?;
    let p = child(pointer, key);
    let values = numbers(&obj[key], &p)?;
    let ops = values
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            Ok(ChannelOp::Affine {
                a: 0.0,
                b: nonzero(c, || index(&p, i), "the clip divisor")?,
            })
        })
        .collect::<Result<Vec<_>, CheckError>>()?;
    out.stages.push(Stage {
        pointer: p.clone(),
        kind: StageKind::PerChannel(ops),
    });
    out.stages.push(Stage {
        pointer: p,
        kind: StageKind::PerChannel(vec![ChannelOp::Clip {
            lo: Some(0.0),
            hi: Some(1.0),
        }]),
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn legacy_norm_types_become_stages() {
        let stats = json!([{"mean": 1, "stddev": 2}, {"mean": 3, "stddev": 4}]);
        let table = [
            (
                json!({"norm_type": null, "statistics": stats}),
                vec![],
                "informational only",
            ),
            (
                json!({"norm_type": "z-score", "norm_by_channel": true, "statistics": stats}),
                vec!["per channel (2): (x − 1)/2, …"],
                "",
            ),
            (
                json!({"norm_type": "z_score", "statistics": stats}),
                vec!["per channel (2): (x − 1)/2, …"],
                "without norm_by_channel: true",
            ),
            (
                json!({"norm_type": "min-max", "statistics": {"minimum": 0, "maximum": 10}}),
                vec!["every channel: (x − 0)/10"],
                "",
            ),
            (
                json!({"norm_type": "clip", "norm_clip": [3000, 6000]}),
                vec![
                    "per channel (2): (x − 0)/3000, …",
                    "every channel: clip(x, Some(0.0), Some(1.0))",
                ],
                "",
            ),
            (
                json!({"norm_type": "l2"}),
                vec!["opaque norm_type `l2`"],
                "",
            ),
            (
                json!({"norm_type": "z-score", "statistics": stats, "norm_clip": [1]}),
                vec!["per channel (2): (x − 1)/2, …"],
                "norm_clip: ignored",
            ),
        ];
        for (obj, stages, note) in table {
            let map = obj.as_object().expect("object");
            let s = read(map, "/i").unwrap_or_else(|e| panic!("{obj}: {e}"));
            let got: Vec<String> = s
                .stages
                .iter()
                .map(|st| crate::check::pipeline::describe_kind(&st.kind))
                .collect();
            assert_eq!(got, stages, "{obj}");
            assert!(
                s.notes.iter().any(|n| n.contains(note)) || note.is_empty(),
                "{obj}: {:?}",
                s.notes
            );
        }
    }

    #[test]
    fn missing_statistics_and_zero_divisors_are_errors() {
        let err = read(
            json!({"norm_type": "z-score"}).as_object().expect("object"),
            "/i",
        )
        .expect_err("no statistics");
        assert!(
            err.to_string().starts_with("/i: missing `statistics`"),
            "{err}"
        );
        let err = read(
            json!({"norm_type": "clip", "norm_clip": [0]})
                .as_object()
                .expect("object"),
            "/i",
        )
        .expect_err("zero divisor");
        assert!(
            err.to_string()
                .starts_with("/i/norm_clip/0: the clip divisor is 0"),
            "{err}"
        );
    }
}
