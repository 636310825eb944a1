//! Readers of the scaling forms: MLM ≥ 1.4 `value_scaling` (all eight types, §2.1.1), MLM ≤ 1.3
//! `norm_type` + `statistics` + `norm_by_channel` + `norm_clip` (§2.1.4, with the pre-1.0
//! draft spellings of Appendix B), and the processing expressions shared with band objects and
//! `pre_processing_function` (§2.8).

use serde_json::{Map, Value};

use super::json::{child, index, numbers, opt_str, req_number, text_of};
use crate::check::error::{CheckError, json_type};
use crate::check::expr::Expr;
use crate::check::pipeline::{ChannelOp, Opaque, Stage, StageKind};

/// Stages read from one scaling form, plus observations.
#[derive(Debug, Default)]
pub(super) struct Scaling {
    pub stages: Vec<Stage>,
    pub notes: Vec<String>,
}

/// An expression the check can compute, or why not.
pub(super) enum Arith {
    Expr(Expr),
    Opaque(Opaque),
}

/// Formats whose `expression` is infix band arithmetic (the examples use `gdal-calc` and
/// `rio-calc`; numexpr is what gdal-calc evaluates).
pub(super) fn is_arithmetic_format(format: &str) -> bool {
    matches!(
        format.to_ascii_lowercase().as_str(),
        "gdal-calc" | "gdal_calc" | "gdal_calc.py" | "rio-calc" | "rio_calc" | "numexpr"
    )
}

/// Reads a Processing Expression `{format, expression}` into computable arithmetic or an
/// [`Opaque`] step with the reason.
pub(super) fn processing(format: &str, expression: &Value) -> Arith {
    let text = text_of(expression);
    let why = match format.to_ascii_lowercase().as_str() {
        "mlm-legacy-norm-type" => format!(
            "legacy norm_type `{text}` normalises by a norm of the data itself; there are no fixed numbers to verify (spec-changes §2.1.4, A11)"
        ),
        "python" => "a Python entry point cannot be run by the check".into(),
        "docker" => "a container image cannot be run by the check".into(),
        "uri" => "a reference to external code cannot be run by the check".into(),
        f if is_arithmetic_format(f) => match expression.as_str().map(Expr::parse) {
            Some(Ok(e)) => return Arith::Expr(e),
            Some(Err(e)) => format!("{e}; outside the arithmetic subset the check evaluates"),
            None => "the expression is not a string".into(),
        },
        f => format!(
            "format `{f}` is not an arithmetic format the check evaluates (gdal-calc, rio-calc, numexpr)"
        ),
    };
    Arith::Opaque(Opaque {
        format: format.to_owned(),
        expression: text,
        why,
    })
}

fn nonzero(v: f64, pointer: String, what: &str) -> Result<f64, CheckError> {
    if v == 0.0 {
        return Err(CheckError::InvalidParameter {
            pointer,
            message: format!("{what} is 0, so the scaling divides by zero"),
            hint: "use the real spread of the data; an identity is {\"type\":\"scale\",\"value\":1}",
        });
    }
    Ok(v)
}

/// One `value_scaling` element → one channel op (§2.1.1). A `type: null` element (README form,
/// schema-invalid) is read as identity with a note.
fn vs_element(el: &Value, p: &str, notes: &mut Vec<String>) -> Result<ChannelOp, CheckError> {
    let obj = el.as_object().ok_or_else(|| CheckError::WrongType {
        pointer: p.to_owned(),
        expected: "a Value Scaling object",
        found: json_type(el),
        hint: "each entry is {\"type\": …} with that type's keys",
    })?;
    const H: &str = "add the key the value_scaling type requires (spec-changes §2.1.1)";
    let num = |k: &'static str| req_number(obj, k, p, H);
    Ok(match obj.get("type").and_then(Value::as_str) {
        None => {
            notes.push(format!("{p}: entry without a type string read as identity (README `type: null`; the schema rejects it, write {{\"type\":\"scale\",\"value\":1}})"));
            ChannelOp::Identity
        }
        Some("z-score") => ChannelOp::Affine {
            a: num("mean")?,
            b: nonzero(num("stddev")?, child(p, "stddev"), "stddev")?,
        },
        Some("min-max") => {
            let (lo, hi) = (num("minimum")?, num("maximum")?);
            ChannelOp::Affine {
                a: lo,
                b: nonzero(hi - lo, child(p, "maximum"), "maximum − minimum")?,
            }
        }
        Some("offset") => ChannelOp::Affine {
            a: num("value")?,
            b: 1.0,
        },
        Some("scale") => ChannelOp::Affine {
            a: 0.0,
            b: nonzero(
                num("value")?,
                child(p, "value"),
                "the scale value (a divisor)",
            )?,
        },
        Some("clip") => ChannelOp::Clip {
            lo: Some(num("minimum")?),
            hi: Some(num("maximum")?),
        },
        Some("clip-min") => ChannelOp::Clip {
            lo: Some(num("minimum")?),
            hi: None,
        },
        Some("clip-max") => ChannelOp::Clip {
            lo: None,
            hi: Some(num("maximum")?),
        },
        Some("processing") => {
            let expression = obj.get("expression").ok_or(CheckError::Missing {
                pointer: p.to_owned(),
                field: "expression",
                hint: "a processing entry needs `format` and `expression`",
            })?;
            match processing(opt_str(obj, "format").unwrap_or(""), expression) {
                Arith::Expr(e) => ChannelOp::Expr(e),
                Arith::Opaque(o) => ChannelOp::Opaque(o),
            }
        }
        Some(other) => ChannelOp::Opaque(Opaque {
            format: "value_scaling".into(),
            expression: other.to_owned(),
            why: format!("unknown value_scaling type `{other}`"),
        }),
    })
}

/// MLM ≥ 1.4 `value_scaling` (`null` = none; `[]` is schema-invalid and read as none).
pub(super) fn value_scaling(value: &Value, pointer: &str) -> Result<Scaling, CheckError> {
    let mut out = Scaling::default();
    let items = match value {
        Value::Null => return Ok(out),
        Value::Array(items) => items,
        other => {
            return Err(CheckError::WrongType {
                pointer: pointer.to_owned(),
                expected: "null or an array of Value Scaling objects",
                found: json_type(other),
                hint: "one object for every channel, or one per channel",
            });
        }
    };
    if items.is_empty() {
        out.notes.push(format!(
            "{pointer}: empty array read as no scaling (the schema requires at least one entry)"
        ));
        return Ok(out);
    }
    let ops = items
        .iter()
        .enumerate()
        .map(|(i, el)| vs_element(el, &index(pointer, i), &mut out.notes))
        .collect::<Result<Vec<_>, _>>()?;
    out.stages.push(Stage {
        pointer: pointer.to_owned(),
        kind: StageKind::PerChannel(ops),
    });
    Ok(out)
}

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

/// Builds the op of one `statistics` entry (object, pointer).
type StatOp = dyn Fn(&Map<String, Value>, &str) -> Result<ChannelOp, CheckError>;

/// MLM ≤ 1.3 `norm_type` with `statistics`, `norm_by_channel`, `norm_clip` (§2.1.4).
pub(super) fn legacy(obj: &Map<String, Value>, pointer: &str) -> Result<Scaling, CheckError> {
    let mut out = Scaling::default();
    let stats = statistics(obj, pointer);
    let clip_key = ["norm_clip", "norm_with_clip_values"]
        .into_iter()
        .find(|k| obj.get(*k).is_some_and(|v| !v.is_null()));
    let Some(kind) = norm_type(obj) else {
        if !stats.is_empty() {
            out.notes.push(format!(
                "{pointer}/statistics: informational only (norm_type is null); no scaling"
            ));
        }
        if let Some(k) = clip_key {
            out.notes
                .push(format!("{pointer}/{k}: ignored without norm_type `clip`"));
        }
        return Ok(out);
    };
    const H: &str = "each statistics entry needs the keys of its norm_type (spec-changes §2.1.4)";
    let affine = |build: &StatOp| {
        if stats.is_empty() {
            return Err(CheckError::Missing {
                pointer: pointer.to_owned(),
                field: "statistics",
                hint: H,
            });
        }
        stats
            .iter()
            .map(|(p, o)| build(o, p))
            .collect::<Result<Vec<_>, _>>()
    };
    let ops = match kind.as_str() {
        "z-score" => affine(&|o, p| {
            let a = req_number(o, "mean", p, H)?;
            let b = nonzero(req_number(o, "stddev", p, H)?, child(p, "stddev"), "stddev")?;
            Ok(ChannelOp::Affine { a, b })
        })?,
        "min-max" => affine(&|o, p| {
            let lo = req_number(o, "minimum", p, H)?;
            let hi = req_number(o, "maximum", p, H)?;
            Ok(ChannelOp::Affine {
                a: lo,
                b: nonzero(hi - lo, child(p, "maximum"), "maximum − minimum")?,
            })
        })?,
        "clip" => return clip_norm(obj, pointer, clip_key, out),
        other => {
            out.stages.push(Stage {
                pointer: child(pointer, "norm_type"),
                kind: StageKind::Opaque(Opaque {
                    format: "norm_type".into(),
                    expression: other.to_owned(),
                    why: format!("norm_type `{other}` normalises by a norm or distance of the data itself; there are no fixed numbers to verify (spec-changes §2.1.4, A11)"),
                }),
            });
            return Ok(out);
        }
    };
    if ops.len() > 1 && obj.get("norm_by_channel").and_then(Value::as_bool) != Some(true) {
        out.notes.push(format!("{pointer}: {} statistics entries without norm_by_channel: true, read per channel (A11)", ops.len()));
    }
    if let Some(k) = clip_key {
        out.notes
            .push(format!("{pointer}/{k}: ignored without norm_type `clip`"));
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
                b: nonzero(c, index(&p, i), "the clip divisor")?,
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
