//! DLM `dlm:inputs` (beta2 and beta.3, with both spellings of every renamed field; the
//! pre-beta2 drafts with `scaling`, a `normalization: {mean, std}` object and `shape:*` tensor
//! keys; and the Dec-2023 draft `dlm:input` with `mean`/`std`/`band_names`).
//!
//! Numeric semantics (the DLM README, read as the converter reads it): `scaling_factor` s **multiplies**, then
//! `(x·s − mean[c]) / std[c]` per channel (the draft `scaling` is read as the same factor, an
//! assumption noted on the pipeline). Channels are the selected bands in `useful_bands` order
//! (names), else `selected_bands` (indices into item `eo:bands`). A non-null
//! `pre_processing_function` is a Python reference: opaque. Every other scaling-bearing member
//! is listed as unread ([`super::unread`]).

use serde_json::{Map, Value};

use super::json::{child, first_of, index, integer, integers, number, numbers};
use super::mlm::read_ppf;
use super::unread::dlm_unread;
use super::{Catalogue, InputRead, MAX_UNNAMED_CHANNELS};
use crate::check::dtype::DataType;
use crate::check::error::{CheckError, json_type};
use crate::check::pipeline::{ChannelOp, Form, Layout, Pipeline, RawChannel, Stage, StageKind};

/// Reads `dlm:inputs` (one object, or an array of them) at `pointer`.
pub(super) fn read(
    value: &Value,
    pointer: &str,
    props: &Map<String, Value>,
    base: &str,
    cat: &Catalogue,
) -> Vec<InputRead> {
    let objects: Vec<(String, &Value)> = match value {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (index(pointer, i), v))
            .collect(),
        other => vec![(pointer.to_owned(), other)],
    };
    let mut out = Vec::new();
    for (p, v) in objects {
        let name = v
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("data")
            .to_owned();
        let result = v
            .as_object()
            .ok_or_else(|| CheckError::WrongType {
                pointer: p.clone(),
                expected: "an object",
                found: json_type(v),
                hint: "dlm:inputs describes the model input",
            })
            .and_then(|obj| read_one(obj, &p, &name, props, base, cat));
        match result {
            Ok(pipelines) => out.extend(pipelines.into_iter().map(|pl| InputRead {
                name: pl.name.clone(),
                pointer: p.clone(),
                result: Ok(pl),
            })),
            Err(e) => out.push(InputRead {
                name,
                pointer: p,
                result: Err(e),
            }),
        }
    }
    out
}

/// What every tensor of one `dlm:inputs` object shares.
struct Common {
    name: String,
    pointer: String,
    names: Vec<String>,
    dtype: Option<DataType>,
    nodata: Option<f64>,
    stages: Vec<Stage>,
    notes: Vec<String>,
    unread: Vec<String>,
}

impl Common {
    /// The pipeline of tensor `i` (`[batch, channels, height, width]`); several tensors are
    /// named `<name>_<i>`.
    fn pipeline(&self, i: usize, shape: [i64; 4], many: bool) -> Pipeline {
        let mut notes = self.notes.clone();
        let c = shape[1];
        let names = if self.names.is_empty() {
            (0..c.max(1)).map(|i| format!("#{i}")).collect()
        } else {
            if c > 0 && usize::try_from(c).ok() != Some(self.names.len()) {
                let n = self.names.len();
                notes.push(format!(
                    "{}/input_tensors: {c} channels declared but {n} bands selected",
                    self.pointer
                ));
            }
            self.names.clone()
        };
        let (dtype, nodata) = (self.dtype, self.nodata);
        let channels = names
            .into_iter()
            .map(|name| RawChannel {
                name,
                dtype,
                nodata,
            })
            .collect();
        let layout = Layout {
            shape: shape.to_vec(),
            dim_order: ["batch", "channel", "height", "width"]
                .map(str::to_owned)
                .to_vec(),
            channel_axis: Some(1),
            data_type: None,
        };
        let name = if many {
            format!("{}_{i}", self.name)
        } else {
            self.name.clone()
        };
        let (pointer, stages) = (self.pointer.clone(), self.stages.clone());
        Pipeline {
            name,
            pointer,
            form: Form::Dlm,
            layout,
            channels,
            stages,
            notes,
            unread: self.unread.clone(),
        }
    }
}

fn read_one(
    obj: &Map<String, Value>,
    p: &str,
    name: &str,
    props: &Map<String, Value>,
    base: &str,
    cat: &Catalogue,
) -> Result<Vec<Pipeline>, CheckError> {
    let empty = Map::new();
    let data = props
        .get("dlm:data")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let dtype = ["dtype", "data_type"]
        .iter()
        .find_map(|k| data.get(*k)?.as_str())
        .and_then(DataType::parse);
    let nodata = ["nodata_value", "nodata"]
        .iter()
        .find_map(|k| data.get(*k)?.as_f64());
    let mut notes = Vec::new();
    let names = band_names(obj, p, data, &child(base, "dlm:data"), cat, &mut notes)?;
    let mut stages = scaling(obj, p, &mut notes)?;
    stages.extend(read_ppf(
        obj.get("pre_processing_function"),
        &child(p, "pre_processing_function"),
    )?);
    let common = Common {
        name: name.to_owned(),
        pointer: p.to_owned(),
        names,
        dtype,
        nodata,
        stages,
        notes,
        unread: dlm_unread(obj, p),
    };
    let tensors = tensors(obj, p)?;
    let many = tensors.len() > 1;
    Ok(tensors
        .into_iter()
        .enumerate()
        .map(|(i, shape)| common.pipeline(i, shape, many))
        .collect())
}

/// A tensor size under its name or its draft `shape:` name.
fn size(o: &Map<String, Value>, names: &[&str], p: &str) -> Result<i64, CheckError> {
    for n in names {
        for key in [(*n).to_owned(), format!("shape:{n}")] {
            if let Some(v) = o.get(&key).filter(|v| !v.is_null()) {
                return integer(v, &child(p, &key));
            }
        }
    }
    Ok(-1)
}

/// `[batch, C, height, width]` of one tensor object.
fn tensor_shape(o: &Map<String, Value>, p: &str) -> Result<[i64; 4], CheckError> {
    let channels = size(o, &["dim", "channels", "channel", "bands"], p)?;
    if usize::try_from(channels).is_ok_and(|c| c > MAX_UNNAMED_CHANNELS) {
        return Err(CheckError::InvalidParameter {
            pointer: p.to_owned(),
            message: format!(
                "a tensor of {channels} channels, more than the check simulates ({MAX_UNNAMED_CHANNELS})"
            ),
            hint: "give the real channel count",
        });
    }
    Ok([
        size(o, &["batch"], p)?,
        channels,
        size(o, &["height"], p)?,
        size(o, &["width"], p)?,
    ])
}

/// `input_tensors`: `{batch, dim | channels, height, width}` or an array of them; the drafts' `shape:*` keys, inside it or on the input itself.
fn tensors(obj: &Map<String, Value>, p: &str) -> Result<Vec<[i64; 4]>, CheckError> {
    let Some((v, tp)) = first_of(obj, &["input_tensors"], p) else {
        let drafted = obj.keys().any(|k| k.starts_with("shape:"));
        return Ok(vec![if drafted {
            tensor_shape(obj, p)?
        } else {
            [-1; 4]
        }]);
    };
    let items: Vec<(String, &Value)> = match v {
        Value::Array(a) => a
            .iter()
            .enumerate()
            .map(|(i, x)| (index(&tp, i), x))
            .collect(),
        other => vec![(tp, other)],
    };
    items
        .into_iter()
        .map(|(ip, t)| {
            let o = t.as_object().ok_or_else(|| CheckError::WrongType {
                pointer: ip.clone(),
                expected: "an object {batch, dim, height, width}",
                found: json_type(t),
                hint: "describe the tensor sizes",
            })?;
            tensor_shape(o, &ip)
        })
        .collect()
}

/// Selected channel names: `useful_bands` names win over
/// `selected_bands` indices (resolved against item `eo:bands`), then draft `band_names`.
fn band_names(
    obj: &Map<String, Value>,
    p: &str,
    data: &Map<String, Value>,
    data_ptr: &str,
    cat: &Catalogue,
    notes: &mut Vec<String>,
) -> Result<Vec<String>, CheckError> {
    let selected = match first_of(obj, &["selected_bands", "selected_band"], p) {
        Some((v, vp)) => Some(integers(v, &vp)?),
        None => None,
    };
    if let Some(useful) = data.get("useful_bands").and_then(Value::as_array) {
        let names: Vec<String> = useful
            .iter()
            .filter_map(|b| b.get("name")?.as_str().map(str::to_owned))
            .collect();
        let indices: Vec<i64> = useful
            .iter()
            .filter_map(|b| b.get("index")?.as_i64())
            .collect();
        if let Some(sel) = selected.as_ref().filter(|s| **s != indices) {
            notes.push(format!("{data_ptr}/useful_bands indices {indices:?} differ from {p}/selected_bands {sel:?}; channels follow useful_bands"));
        }
        return Ok(names);
    }
    if let Some(sel) = selected {
        return Ok(sel
            .iter()
            .map(|&i| {
                usize::try_from(i)
                    .ok()
                    .and_then(|i| cat.eo_names.get(i).cloned())
                    .unwrap_or_else(|| format!("band {i}"))
            })
            .collect());
    }
    let drafts = obj.get("band_names").and_then(Value::as_array);
    Ok(drafts
        .map(|b| {
            b.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default())
}

fn positive(values: &[f64], pointer: &str, what: &str) -> Result<(), CheckError> {
    match values.iter().position(|&v| v <= 0.0) {
        Some(i) => Err(CheckError::InvalidParameter {
            pointer: if values.len() == 1 {
                pointer.to_owned()
            } else {
                index(pointer, i)
            },
            message: format!("{what} is {} (must be > 0; 0 divides by zero)", values[i]),
            hint: "DLM requires strictly positive values",
        }),
        None => Ok(()),
    }
}

/// `scaling_factor` (multiplies) then `normalization:mean`/`std` per channel.
fn scaling(
    obj: &Map<String, Value>,
    p: &str,
    notes: &mut Vec<String>,
) -> Result<Vec<Stage>, CheckError> {
    let mut stages = Vec::new();
    if let Some((v, sp)) = first_of(obj, &["scaling_factor", "scaling"], p) {
        let s = number(v, &sp)?;
        positive(&[s], &sp, "scaling_factor")?;
        if !obj.contains_key("scaling_factor") {
            notes.push(format!(
                "{sp}: the draft `scaling` is read as DLM's `scaling_factor`, which multiplies (assumed)"
            ));
        }
        let kind = StageKind::PerChannel(vec![ChannelOp::Multiply { factor: s }]);
        stages.push(Stage { pointer: sp, kind });
    }
    stages.extend(normalization(obj, p, notes)?);
    Ok(stages)
}

/// `(x − mean[c]) / std[c]`; a vector of length 1 is broadcast against the other.
fn normalization(
    obj: &Map<String, Value>,
    p: &str,
    notes: &mut Vec<String>,
) -> Result<Option<Stage>, CheckError> {
    let empty = Map::new();
    let draft = obj
        .get("normalization")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let np = child(p, "normalization");
    let mean = first_of(obj, &["normalization:mean", "mean"], p)
        .or_else(|| first_of(draft, &["mean"], &np));
    let std = first_of(obj, &["normalization:std", "std"], p)
        .or_else(|| first_of(draft, &["std", "stddev"], &np));
    if mean.is_none() && std.is_none() {
        return Ok(None);
    }
    let read = |x: &Option<(&Value, String)>, default: f64| -> Result<Vec<f64>, CheckError> {
        x.as_ref()
            .map_or(Ok(vec![default]), |(v, vp)| numbers(v, vp))
    };
    let (m, sd) = (read(&mean, 0.0)?, read(&std, 1.0)?);
    let std_ptr = std.map_or_else(|| child(p, "normalization:std"), |(_, vp)| vp);
    let mean_ptr = mean.map_or_else(|| child(p, "normalization:mean"), |(_, vp)| vp);
    if m.len() != sd.len() && m.len() != 1 && sd.len() != 1 {
        let (count, channels) = (sd.len(), m.len());
        return Err(CheckError::ChannelCount {
            pointer: std_ptr,
            what: "std values",
            count,
            channels,
        });
    }
    positive(&sd, &std_ptr, "std")?;
    if m.len() != sd.len() {
        notes.push(format!(
            "{p}: mean has {} and std {} values; the single one is broadcast",
            m.len(),
            sd.len()
        ));
    }
    let pick = |v: &[f64], i: usize| if v.len() == 1 { v[0] } else { v[i] };
    let ops = (0..m.len().max(sd.len()))
        .map(|i| ChannelOp::Affine {
            a: pick(&m, i),
            b: pick(&sd, i),
        })
        .collect();
    Ok(Some(Stage {
        pointer: mean_ptr,
        kind: StageKind::PerChannel(ops),
    }))
}
