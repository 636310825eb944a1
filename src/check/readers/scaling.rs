//! MLM ≥ 1.4 `value_scaling` (all eight types of the MLM README Value Scaling Object), and the processing expressions shared
//! with band objects and `pre_processing_function`. The affine builders are shared with
//! the ≤ 1.3 reader ([`super::norm_type`]).

use serde_json::{Map, Value};

use super::json::{child, index, opt_str, req_number, text_of};
use crate::check::error::{CheckError, json_type};
use crate::check::expr::Expr;
use crate::check::pipeline::{ChannelOp, Opaque, Stage, StageKind};

/// Stages read from one scaling form (≥ 1.4 or ≤ 1.3), plus observations.
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
            "legacy norm_type `{text}` normalises by a norm of the data itself; there are no fixed numbers to verify"
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

/// `v` unless it is 0 (an error at `pointer()`, built only then).
pub(super) fn nonzero(
    v: f64,
    pointer: impl FnOnce() -> String,
    what: &str,
) -> Result<f64, CheckError> {
    if v == 0.0 {
        return Err(CheckError::InvalidParameter {
            pointer: pointer(),
            message: format!("{what} is 0, so the scaling divides by zero"),
            hint: "use the real spread of the data; an identity is {\"type\":\"scale\",\"value\":1}",
        });
    }
    Ok(v)
}

const VS_HINT: &str = "add the key the value_scaling type requires";
pub(super) const NORM_HINT: &str = "each statistics entry needs the keys of its norm_type";

/// `z-score` (value scaling or statistics entry): (x − mean) / stddev.
pub(super) fn z_score(
    o: &Map<String, Value>,
    p: &str,
    hint: &'static str,
) -> Result<ChannelOp, CheckError> {
    let a = req_number(o, "mean", p, hint)?;
    let b = nonzero(
        req_number(o, "stddev", p, hint)?,
        || child(p, "stddev"),
        "stddev",
    )?;
    Ok(ChannelOp::Affine { a, b })
}

/// `min-max` (value scaling or statistics entry): (x − minimum) / (maximum − minimum).
pub(super) fn min_max(
    o: &Map<String, Value>,
    p: &str,
    hint: &'static str,
) -> Result<ChannelOp, CheckError> {
    let lo = req_number(o, "minimum", p, hint)?;
    let hi = req_number(o, "maximum", p, hint)?;
    let b = nonzero(hi - lo, || child(p, "maximum"), "maximum − minimum")?;
    Ok(ChannelOp::Affine { a: lo, b })
}

/// The op of a numeric `value_scaling` type; `None` for `processing` and unknown types.
fn numeric_element(
    kind: &str,
    o: &Map<String, Value>,
    p: &str,
) -> Result<Option<ChannelOp>, CheckError> {
    let num = |k: &'static str| req_number(o, k, p, VS_HINT);
    Ok(Some(match kind {
        "z-score" => z_score(o, p, VS_HINT)?,
        "min-max" => min_max(o, p, VS_HINT)?,
        "offset" => ChannelOp::Affine {
            a: num("value")?,
            b: 1.0,
        },
        "scale" => ChannelOp::Affine {
            a: 0.0,
            b: nonzero(
                num("value")?,
                || child(p, "value"),
                "the scale value (a divisor)",
            )?,
        },
        "clip" => ChannelOp::Clip {
            lo: Some(num("minimum")?),
            hi: Some(num("maximum")?),
        },
        "clip-min" => ChannelOp::Clip {
            lo: Some(num("minimum")?),
            hi: None,
        },
        "clip-max" => ChannelOp::Clip {
            lo: None,
            hi: Some(num("maximum")?),
        },
        _ => return Ok(None),
    }))
}

/// One `value_scaling` element → one channel op. A `type: null` element (README form,
/// schema-invalid) is read as identity with a note.
fn vs_element(el: &Value, p: &str, notes: &mut Vec<String>) -> Result<ChannelOp, CheckError> {
    let obj = el.as_object().ok_or_else(|| CheckError::WrongType {
        pointer: p.to_owned(),
        expected: "a Value Scaling object",
        found: json_type(el),
        hint: "each entry is {\"type\": …} with that type's keys",
    })?;
    let Some(kind) = obj.get("type").and_then(Value::as_str) else {
        notes.push(format!("{p}: entry without a type string read as identity (README `type: null`; the schema rejects it, write {{\"type\":\"scale\",\"value\":1}})"));
        return Ok(ChannelOp::Identity);
    };
    if let Some(op) = numeric_element(kind, obj, p)? {
        return Ok(op);
    }
    if kind != "processing" {
        return Ok(ChannelOp::Opaque(Opaque {
            format: "value_scaling".into(),
            expression: kind.to_owned(),
            why: format!("unknown value_scaling type `{kind}`"),
        }));
    }
    let expression = obj.get("expression").ok_or(CheckError::Missing {
        pointer: p.to_owned(),
        field: "expression",
        hint: "a processing entry needs `format` and `expression`",
    })?;
    Ok(
        match processing(opt_str(obj, "format").unwrap_or(""), expression) {
            Arith::Expr(e) => ChannelOp::Expr(e),
            Arith::Opaque(o) => ChannelOp::Opaque(o),
        },
    )
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn op(el: Value) -> Result<String, String> {
        vs_element(&el, "/v/0", &mut Vec::new())
            .map(|op| format!("{op:?}"))
            .map_err(|e| e.to_string())
    }

    #[test]
    fn value_scaling_types_map_to_affine_or_clip() {
        let table = [
            (
                json!({"type": "z-score", "mean": 10, "stddev": 2}),
                "Affine { a: 10.0, b: 2.0 }",
            ),
            (
                json!({"type": "min-max", "minimum": 1, "maximum": 5}),
                "Affine { a: 1.0, b: 4.0 }",
            ),
            (
                json!({"type": "offset", "value": 3}),
                "Affine { a: 3.0, b: 1.0 }",
            ),
            (
                json!({"type": "scale", "value": 255}),
                "Affine { a: 0.0, b: 255.0 }",
            ),
            (
                json!({"type": "clip", "minimum": 0, "maximum": 1}),
                "Clip { lo: Some(0.0), hi: Some(1.0) }",
            ),
            (
                json!({"type": "clip-min", "minimum": 0}),
                "Clip { lo: Some(0.0), hi: None }",
            ),
            (
                json!({"type": "clip-max", "maximum": 1}),
                "Clip { lo: None, hi: Some(1.0) }",
            ),
            (
                json!({"type": "z-score", "mean": 1, "stddev": 2, "minimum": 0}),
                "Affine { a: 1.0, b: 2.0 }",
            ),
            (json!({"type": null}), "Identity"),
        ];
        for (el, expected) in table {
            assert_eq!(op(el.clone()).as_deref(), Ok(expected), "{el}");
        }
    }

    #[test]
    fn value_scaling_errors_and_opaque_entries_name_the_field() {
        let table = [
            (
                json!({"type": "z-score", "mean": 1, "stddev": 0}),
                "/v/0/stddev: stddev is 0, so the scaling divides by zero",
            ),
            (
                json!({"type": "min-max", "minimum": 3, "maximum": 3}),
                "/v/0/maximum: maximum − minimum is 0",
            ),
            (
                json!({"type": "scale", "value": 0}),
                "/v/0/value: the scale value (a divisor) is 0",
            ),
            (
                json!({"type": "z-score", "stddev": 1}),
                "/v/0: missing `mean`",
            ),
            (
                json!({"type": "offset", "value": "3"}),
                "/v/0/value: expected a finite number, found a string",
            ),
            (
                json!("z-score"),
                "/v/0: expected a Value Scaling object, found a string",
            ),
            (
                json!({"type": "processing", "format": "gdal-calc"}),
                "/v/0: missing `expression`",
            ),
        ];
        for (el, expected) in table {
            let got = op(el.clone()).expect_err("invalid");
            assert!(got.starts_with(expected), "{el}: {got}");
        }
        let table = [
            (
                json!({"type": "processing", "format": "gdal-calc", "expression": "clip(A / 3, 0, 1)"}),
                "Expr",
            ),
            (
                json!({"type": "processing", "format": "python", "expression": "m:f"}),
                "Python entry point",
            ),
            (
                json!({"type": "processing", "format": "mlm-legacy-norm-type", "expression": "l2"}),
                "legacy norm_type `l2`",
            ),
            (
                json!({"type": "processing", "format": "gdal-calc", "expression": "A ^ 2"}),
                "outside the arithmetic subset",
            ),
            (json!({"type": "foo"}), "unknown value_scaling type `foo`"),
        ];
        for (el, expected) in table {
            let got = op(el.clone()).expect("read");
            assert!(got.contains(expected), "{el}: {got}");
        }
    }
}
