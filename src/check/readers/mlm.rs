//! MLM Model Input objects, v1.0 to v1.5.2 and the pre-1.0 drafts (Appendix B): layout, bands
//! and variables (band objects ≥ 1.2), scaling in either form, `pre_processing_function`
//! (object, ≥ 1.5 array, or draft string). Tool dialects are read too: a flat `shape`,
//! `data_type` and `axes` (or `dim_order`) on the input itself instead of `input`.

use serde_json::{Map, Value};

use super::json::{child, field, first_of, index, integers, opt_str};
use super::scaling::{self, Arith, Scaling};
use super::unread::unread;
use super::{Catalogue, MAX_UNNAMED_CHANNELS, channel_axis};
use crate::check::error::{CheckError, json_type};
use crate::check::pipeline::{
    Derived, Form, Layout, Opaque, Pipeline, RawChannel, Stage, StageKind,
};

/// Every member the reader consumes (scaling-bearing ones that are not listed are unread).
const READ: [&str; 12] = [
    "value_scaling",
    "norm_type",
    "statistics",
    "norm_by_channel",
    "norm_clip",
    "norm_with_clip_values",
    "input",
    "input_array",
    "shape",
    "dim_order",
    "axes",
    "data_type",
];

const LEGACY_KEYS: [&str; 5] = [
    "norm_type",
    "statistics",
    "norm_by_channel",
    "norm_clip",
    "norm_with_clip_values",
];

/// Reads one Model Input object at `pointer`.
pub(super) fn read_input(
    obj: &Map<String, Value>,
    pointer: &str,
    name: &str,
    cat: &Catalogue,
) -> Result<Pipeline, CheckError> {
    let layout = read_layout(obj, pointer)?;
    let mut notes = Vec::new();
    let (form, scaled) = read_scaling(obj, pointer, &mut notes)?;
    let bands = read_bands(obj, pointer)?;
    let mut stages = Vec::new();
    let mut names = derive_stage(&bands, pointer, &mut stages);
    if names.is_empty() {
        let holder = if obj.contains_key("input") {
            child(pointer, "input")
        } else {
            pointer.to_owned()
        };
        names = unnamed_channels(&layout, &scaled.stages, &holder)?;
    }
    stages.extend(scaled.stages);
    notes.extend(scaled.notes);
    stages.extend(read_ppf(
        field(obj, "pre_processing_function"),
        &child(pointer, "pre_processing_function"),
    )?);
    let channels = typed_channels(names, cat);
    Ok(Pipeline {
        name: name.to_owned(),
        pointer: pointer.to_owned(),
        form,
        layout,
        channels,
        stages,
        notes,
        unread: unread(obj, pointer, &READ),
    })
}

fn read_scaling(
    obj: &Map<String, Value>,
    pointer: &str,
    notes: &mut Vec<String>,
) -> Result<(Form, Scaling), CheckError> {
    let legacy: Vec<&str> = LEGACY_KEYS
        .into_iter()
        .filter(|k| obj.contains_key(*k))
        .collect();
    if let Some(vs) = field(obj, "value_scaling") {
        if !legacy.is_empty() {
            notes.push(format!(
                "{pointer}: {legacy:?} ignored: value_scaling is present (≥ 1.4 form)"
            ));
        }
        return Ok((
            Form::MlmValueScaling,
            scaling::value_scaling(vs, &child(pointer, "value_scaling"))?,
        ));
    }
    if legacy.is_empty() {
        return Ok((Form::MlmUnscaled, Scaling::default()));
    }
    Ok((Form::MlmNormType, super::norm_type::read(obj, pointer)?))
}

/// `input` (or draft `input_array`, or the flat dialect: the members on the input itself):
/// `shape`, `dim_order` (array, draft letter string such as `"bchw"`, or dialect `axes`),
/// `data_type` (or draft `dtype`).
fn read_layout(obj: &Map<String, Value>, pointer: &str) -> Result<Layout, CheckError> {
    let (spec, p) = match first_of(obj, &["input", "input_array"], pointer) {
        Some(found) => found,
        None if obj.contains_key("shape") => return layout_of(obj, pointer),
        None => return Ok(Layout::default()),
    };
    let spec = spec.as_object().ok_or_else(|| CheckError::WrongType {
        pointer: p.clone(),
        expected: "an object {shape, dim_order, data_type}",
        found: json_type(spec),
        hint: "describe the tensor the model receives",
    })?;
    layout_of(spec, &p)
}

/// The layout members of `spec` (an `input` object, or a flat input).
fn layout_of(spec: &Map<String, Value>, p: &str) -> Result<Layout, CheckError> {
    let shape = match field(spec, "shape") {
        Some(v) => integers(v, &child(p, "shape"))?,
        None => Vec::new(),
    };
    let dims = field(spec, "dim_order").or_else(|| field(spec, "axes"));
    let dim_order: Vec<String> = match dims {
        Some(Value::Array(d)) => d
            .iter()
            .map(|x| x.as_str().unwrap_or("").to_owned())
            .collect(),
        // Names separated by commas, as spreadsheets export a list (`"batch,channel,…"`).
        Some(Value::String(s)) if s.contains(',') => comma_names(s),
        Some(Value::String(s)) => s.chars().map(draft_dim).collect(),
        _ => Vec::new(),
    };
    if !shape.is_empty() && !dim_order.is_empty() && shape.len() != dim_order.len() {
        return Err(CheckError::InvalidParameter {
            pointer: child(
                p,
                if spec.contains_key("axes") {
                    "axes"
                } else {
                    "dim_order"
                },
            ),
            message: format!(
                "`shape` has {} axes but `dim_order` names {}: which axis holds the channels cannot be told",
                shape.len(),
                dim_order.len()
            ),
            hint: "give one dim_order name per shape entry",
        });
    }
    let data_type = opt_str(spec, "data_type")
        .or_else(|| opt_str(spec, "dtype"))
        .map(str::to_owned);
    let rank = if shape.is_empty() {
        dim_order.len()
    } else {
        shape.len()
    };
    Ok(Layout {
        channel_axis: channel_axis(&dim_order, rank),
        shape,
        dim_order,
        data_type,
    })
}

fn draft_dim(c: char) -> String {
    match c {
        'b' => "batch",
        'c' => "channel",
        't' => "time",
        'h' => "height",
        'w' => "width",
        _ => "",
    }
    .to_owned()
}

/// A listed band or variable: a plain name, or a derived one with its expression.
struct BandRef {
    name: String,
    derived: Option<Arith>,
}

/// `"B04, B03,B02"` → the trimmed names (empty pieces dropped).
fn comma_names(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn read_bands(obj: &Map<String, Value>, pointer: &str) -> Result<Vec<BandRef>, CheckError> {
    let mut out = Vec::new();
    for key in ["bands", "variables"] {
        let list = match obj.get(key) {
            None | Some(Value::Null) => continue,
            Some(Value::Array(list)) => list,
            // Names separated by commas (a spreadsheet's list): plain names, in order.
            Some(Value::String(s)) => {
                out.extend(comma_names(s).into_iter().map(|name| BandRef {
                    name,
                    derived: None,
                }));
                continue;
            }
            Some(other) => {
                return Err(CheckError::WrongType {
                    pointer: child(pointer, key),
                    expected: "an array of names or band objects",
                    found: json_type(other),
                    hint: "list the channels in model order",
                });
            }
        };
        for (i, item) in list.iter().enumerate() {
            out.push(band_ref(item, || index(&child(pointer, key), i))?);
        }
    }
    Ok(out)
}

/// One listed band; `p()` is its pointer (built only for an error).
fn band_ref(item: &Value, p: impl FnOnce() -> String) -> Result<BandRef, CheckError> {
    if let Some(name) = item.as_str() {
        return Ok(BandRef {
            name: name.to_owned(),
            derived: None,
        });
    }
    let obj = item
        .as_object()
        .filter(|o| o.get("name").is_some_and(Value::is_string));
    let obj = obj.ok_or_else(|| CheckError::WrongType {
        pointer: p(),
        expected: "a band name or {name, format, expression}",
        found: json_type(item),
        hint: "name every band",
    })?;
    let name = opt_str(obj, "name").unwrap_or_default().to_owned();
    let derived = obj
        .get("expression")
        .filter(|e| !e.is_null())
        .map(|expression| {
            let format = opt_str(obj, "format").unwrap_or("");
            scaling::processing(format, expression)
        });
    Ok(BandRef { name, derived })
}

/// Raw channel names, and a `Derive` stage when a band object carries an expression. Variables
/// of an expression that are not listed bands become extra raw channels after the listed ones
/// (`NDVI = (B08 - B04) / (B08 + B04)` with `B08` unlisted reads `B08` from the sample).
fn derive_stage(bands: &[BandRef], pointer: &str, stages: &mut Vec<Stage>) -> Vec<String> {
    let mut raw: Vec<String> = bands
        .iter()
        .filter(|b| b.derived.is_none())
        .map(|b| b.name.clone())
        .collect();
    if bands.iter().all(|b| b.derived.is_none()) {
        return raw;
    }
    let mut outputs = Vec::new();
    let mut plain = 0;
    for b in bands {
        let source = match &b.derived {
            None => {
                plain += 1;
                Derived::Channel(plain - 1)
            }
            Some(Arith::Expr(e)) => {
                for v in e.variables() {
                    if !raw.contains(v) {
                        raw.push(v.clone());
                    }
                }
                Derived::Expr(e.clone())
            }
            Some(Arith::Opaque(o)) => Derived::Opaque(o.clone()),
        };
        outputs.push((b.name.clone(), source));
    }
    stages.push(Stage {
        pointer: child(pointer, "bands"),
        kind: StageKind::Derive(outputs),
    });
    raw
}

/// Channel names when no bands are listed: the declared channel size, else the longest
/// per-channel parameter list, else one channel.
///
/// # Errors
/// [`CheckError::InvalidParameter`] (at `layout_at`'s `shape`) when the declared channel size
/// exceeds [`MAX_UNNAMED_CHANNELS`].
fn unnamed_channels(
    layout: &Layout,
    stages: &[Stage],
    layout_at: &str,
) -> Result<Vec<String>, CheckError> {
    let declared = layout
        .channel_axis
        .and_then(|a| layout.shape.get(a))
        .copied()
        .filter(|&n| n > 0);
    let from_params = stages
        .iter()
        .filter_map(|s| match &s.kind {
            StageKind::PerChannel(ops) => Some(ops.len()),
            _ => None,
        })
        .max();
    let n = declared.map_or(from_params.unwrap_or(1), |n| {
        usize::try_from(n).unwrap_or(usize::MAX)
    });
    if n > MAX_UNNAMED_CHANNELS {
        return Err(CheckError::InvalidParameter {
            pointer: child(layout_at, "shape"),
            message: format!(
                "a channel axis of {n} channels, more than the check simulates ({MAX_UNNAMED_CHANNELS})"
            ),
            hint: "give the real channel count, or list the input's bands",
        });
    }
    Ok((0..n).map(|i| format!("#{i}")).collect())
}

fn typed_channels(names: Vec<String>, cat: &Catalogue) -> Vec<RawChannel> {
    names
        .into_iter()
        .map(|name| {
            let (dtype, nodata) = cat.lookup(&name);
            RawChannel {
                dtype,
                nodata,
                name,
            }
        })
        .collect()
}

/// `pre_processing_function`: `null`, a Processing Expression, an array of them (≥ 1.5, in
/// order) or a bare string (DLM / drafts: a Python reference).
pub(super) fn read_ppf(value: Option<&Value>, pointer: &str) -> Result<Vec<Stage>, CheckError> {
    match value {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(Vec::new()),
        Some(Value::String(s)) => Ok(vec![Stage {
            pointer: pointer.to_owned(),
            kind: StageKind::Opaque(Opaque {
                format: "python".into(),
                expression: s.clone(),
                why: "a Python function reference cannot be run by the check".into(),
            }),
        }]),
        Some(Value::Object(o)) => Ok(vec![expression_stage(o, pointer)?]),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let p = index(pointer, i);
                let o = v.as_object().ok_or_else(|| CheckError::WrongType {
                    pointer: p.clone(),
                    expected: "a Processing Expression object",
                    found: json_type(v),
                    hint: "each entry is {format, expression}",
                })?;
                expression_stage(o, &p)
            })
            .collect(),
        Some(other) => Err(CheckError::WrongType {
            pointer: pointer.to_owned(),
            expected: "null, an expression object or an array of them",
            found: json_type(other),
            hint: "write {\"format\": …, \"expression\": …}",
        }),
    }
}

fn expression_stage(o: &Map<String, Value>, pointer: &str) -> Result<Stage, CheckError> {
    let expression = o.get("expression").ok_or(CheckError::Missing {
        pointer: pointer.to_owned(),
        field: "expression",
        hint: "a Processing Expression needs `format` and `expression`",
    })?;
    let kind = match scaling::processing(opt_str(o, "format").unwrap_or(""), expression) {
        Arith::Expr(e) => StageKind::Apply(e),
        Arith::Opaque(op) => StageKind::Opaque(op),
    };
    Ok(Stage {
        pointer: pointer.to_owned(),
        kind,
    })
}
