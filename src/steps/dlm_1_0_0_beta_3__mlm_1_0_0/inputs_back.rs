//! Writing DLM v1.0.0-beta.3 `dlm:inputs` from MLM 1.0 Model Input objects (the inverse of
//! [`super::inputs`]; the later MLM steps, run backwards first, already wrote `value_scaling`
//! as MLM 1.0 `norm_type` / `statistics`).
//!
//! Numeric semantics: DLM computes `y[c] = (x[c]·s − mean[c]) / std[c]` (DLM README,
//! `dlm:inputs`: `scaling_factor`, `normalization:mean`, `normalization:std`,
//! <https://github.com/crim-ca/dlm-extension/blob/v1.0.0-beta.3/README.md>); the MLM Value
//! Scaling Object (<https://github.com/stac-extensions/mlm/blob/v1.4.0/README.md#value-scaling-object>)
//! is affine, `y = (x − a) / b`. With `s = 1` every affine channel is exactly DLM's mean `a`
//! and std `b`: a `z-score` keeps its numbers verbatim (lossless: an upgrade reads the same
//! z-score back); a `min-max` is mean = minimum, std = maximum − minimum (exact in numbers,
//! lossy in form: an upgrade reads a z-score). `offset` and `scale` arrive here as z-scores
//! already (MLM ≤ 1.3 has no such type; that step records the form it lost). Every other norm,
//! clipping and any member DLM has no field for are lost, each with its reason. The
//! preprocessing check, run between the DLM output and its MLM source, proves the numbers.

use serde_json::{Map, Value, json};

use crate::kernel::edit::{Ctx, Pos};
use crate::kernel::pointer::{Members, Pointer};
use crate::kernel::records::Fidelity;
use crate::kernel::scope::DocKind;

use super::scaling_back::scaling;

/// What becomes of one MLM member: removed with this fidelity and reason.
pub(super) type Fates = Vec<(Pointer, Fidelity, String)>;

/// The dimension order the DLM reader gives `input_tensors` (`[batch, channels, height, width]`).
const DIMS: [&str; 4] = ["batch", "channel", "height", "width"];

/// The `description` marker the DLM reader writes for `dlm:data.process_level`.
const LEVEL_PREFIX: &str = "expected input processing level: ";
const LEVEL_SUFFIX: &str = " (dlm:data.process_level)";

pub(super) fn inputs_back(ctx: &mut Ctx, props: &Pointer) {
    if !matches!(ctx.kind(), DocKind::Item | DocKind::Metadata) {
        return;
    }
    let list = props.key("mlm:input");
    let Some(Value::Array(items)) = ctx.get(&list).cloned() else {
        return;
    };
    if items.is_empty() || ctx.get(&props.key("dlm:inputs")).is_some() {
        return;
    }
    let bands = Bands {
        catalogue: band_catalogue(ctx, props),
        // `dlm:data.useful_bands` names the bands of every input: only for a single input.
        asset: (items.len() == 1).then(|| asset_catalogue(ctx)),
    };
    let mut objects = Vec::new();
    let mut fates = Fates::new();
    let mut data = Map::new();
    for (i, item) in items.iter().enumerate() {
        let at = list.index(i);
        let Some(obj) = item.as_object() else {
            let why = "not a Model Input object: DLM has no form for it".to_owned();
            fates.push((at, Fidelity::Lossy, why));
            continue;
        };
        let one = one_input(obj, &at, &bands, &mut data, &mut fates);
        objects.push(Value::Object(one));
    }
    let value = match objects.len() {
        1 => objects.remove(0),
        _ => Value::Array(objects),
    };
    let why = "the Model Input objects written as `dlm:inputs`";
    ctx.add(
        props,
        "dlm:inputs",
        value,
        Pos::Before("mlm:input"),
        Fidelity::Lossless,
        why,
    );
    if !data.is_empty() {
        data_block(ctx, props, data);
    }
    for (p, f, why) in fates {
        ctx.remove(&p, f, why);
    }
    let why = "every member converted into `dlm:inputs` or reported above";
    ctx.remove(&list, Fidelity::Lossless, why);
}

/// The `name` of each band object, by position (`""` where a band has none).
fn names_of(bands: &[Value]) -> Vec<String> {
    bands
        .iter()
        .map(|b| {
            b.member("name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned()
        })
        .collect()
}

/// The names of the Item's `eo:bands`, by position: DLM selects bands by index into them.
fn band_catalogue(ctx: &Ctx, props: &Pointer) -> Vec<String> {
    ctx.get(&props.key("eo:bands"))
        .and_then(Value::as_array)
        .map(|a| names_of(a))
        .unwrap_or_default()
}

/// Where band names find their DLM index.
struct Bands {
    /// The names of the Item's `eo:bands` (what `selected_bands` indexes).
    catalogue: Vec<String>,
    /// For a single input: the band names of the model asset's catalogue (`eo:bands`, else
    /// `raster:bands`, else `bands`), the indices of `dlm:data.useful_bands`.
    asset: Option<Vec<String>>,
}

/// The band names of the first model asset's band catalogue (empty when it has none).
fn asset_catalogue(ctx: &Ctx) -> Vec<String> {
    let Some(model) = ctx
        .containers(crate::kernel::scope::Scope::ModelAsset)
        .into_iter()
        .next()
    else {
        return Vec::new();
    };
    ["eo:bands", "raster:bands", "bands"]
        .iter()
        .find_map(|k| ctx.get(&model.key(k)).and_then(Value::as_array))
        .map(|a| names_of(a))
        .unwrap_or_default()
}

/// One DLM input object; what belongs in `dlm:data` (the process level of the description
/// marker, `useful_bands`) goes to `data`.
fn one_input(
    obj: &Map<String, Value>,
    at: &Pointer,
    bands_at: &Bands,
    data: &mut Map<String, Value>,
    fates: &mut Fates,
) -> Map<String, Value> {
    let mut out = Map::new();
    let lost = |k: &str, why: &str, fates: &mut Fates| {
        fates.push((at.key(k), Fidelity::Lossy, why.to_owned()));
    };
    if let Some(name) = obj.member("name") {
        out.insert("name".into(), name.clone());
        fates.push((
            at.key("name"),
            Fidelity::Lossless,
            "the input's `name`".into(),
        ));
    }
    tensor(obj, at, &mut out, fates);
    data_type(obj, at, out.has_member("input_tensors"), fates);
    bands(obj, at, bands_at, &mut out, data, fates);
    // The DLM side states its channels by `input_tensors` or by band names.
    let channels = out.has_member("input_tensors")
        || out.member("selected_bands").is_some()
        || data.member("useful_bands").is_some();
    out.extend(scaling(obj, at, channels, fates).unwrap_or_default());
    for (key, value) in obj {
        match key.as_str() {
            "name" | "input" | "bands" | "norm_type" | "norm_by_channel" | "statistics" => {}
            "pre_processing_function" => match python(value) {
                Some(v) => {
                    out.insert(key.clone(), v);
                    let why = "DLM's `pre_processing_function` (a Python reference)";
                    fates.push((at.key(key), Fidelity::Lossless, why.into()));
                }
                None => lost(
                    key,
                    "DLM's `pre_processing_function` names a Python function: another Processing Expression has no DLM form",
                    fates,
                ),
            },
            "description" => match value.as_str().and_then(level_marker) {
                Some(l) => {
                    data.entry("process_level").or_insert_with(|| json!(l));
                    let why = "the marker of `dlm:data.process_level`";
                    fates.push((at.key(key), Fidelity::Lossless, why.into()));
                }
                None => lost(key, "DLM has no description of an input", fates),
            },
            other => {
                let why = format!("DLM has no field for a Model Input's `{other}`");
                lost(key, &why, fates);
            }
        }
    }
    out
}

fn level_marker(text: &str) -> Option<&str> {
    text.strip_prefix(LEVEL_PREFIX)?.strip_suffix(LEVEL_SUFFIX)
}

/// A Python Processing Expression (or `null`) as DLM's string (or `null`).
fn python(v: &Value) -> Option<Value> {
    match v {
        Value::Null => Some(Value::Null),
        Value::Object(o) if o.len() == 2 && o.member("format")?.as_str()? == "python" => {
            o.member("expression").filter(|e| e.is_string()).cloned()
        }
        _ => None,
    }
}

/// `input` `{shape, dim_order}` → `input_tensors` `{batch, channels, height, width}`.
fn tensor(obj: &Map<String, Value>, at: &Pointer, out: &mut Map<String, Value>, fates: &mut Fates) {
    let Some(input) = obj.member("input").and_then(Value::as_object) else {
        return;
    };
    let t = at.key("input");
    let shape = input.member("shape").and_then(Value::as_array);
    let dims: Option<Vec<&str>> = input
        .member("dim_order")
        .and_then(Value::as_array)
        .map(|d| d.iter().filter_map(Value::as_str).collect());
    // DLM states concrete sizes ≥ 1: a variable (-1) dimension has no DLM form.
    let four =
        shape.filter(|s| s.len() == 4 && s.iter().all(|x| x.as_i64().is_some_and(|n| n >= 1)));
    match (four, dims) {
        // MLM 1.5 names the channel axis `bands` (MLM 1.0 reads any name).
        (Some(s), Some(d)) if d == DIMS || d == ["batch", "bands", "height", "width"] => {
            let keys = ["batch", "channels", "height", "width"];
            let tensor: Map<String, Value> = keys
                .iter()
                .zip(s)
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect();
            out.insert("input_tensors".into(), Value::Object(tensor));
            for k in ["shape", "dim_order"] {
                let why = "`input_tensors` {batch, channels, height, width}";
                fates.push((t.key(k), Fidelity::Lossless, why.into()));
            }
        }
        _ => {
            for k in ["shape", "dim_order"]
                .into_iter()
                .filter(|k| input.has_member(k))
            {
                let why = "DLM states only a [batch, channels, height, width] tensor of sizes ≥ 1";
                fates.push((t.key(k), Fidelity::Lossy, why.into()));
            }
        }
    }
    for k in input
        .keys()
        .filter(|k| !["shape", "dim_order", "data_type"].contains(&k.as_str()))
    {
        let why = format!("DLM has no field for the input tensor's `{k}`");
        fates.push((t.key(k), Fidelity::Lossy, why));
    }
}

/// `input.data_type`: DLM has no field for the tensor type; the DLM reader assumes `float32`
/// for a scaled input and for one whose `dlm:data` states no source type (none is written),
/// when there is a tensor (`tensor`) to give the type to.
fn data_type(obj: &Map<String, Value>, at: &Pointer, tensor: bool, fates: &mut Fates) {
    let p = at.key("input").key("data_type");
    let Some(t) = obj.member("input").and_then(|i| i.member("data_type")) else {
        return;
    };
    let (f, why) = if t.as_str() == Some("float32") && tensor {
        (
            Fidelity::Lossless,
            "DLM has no tensor type; an upgrade assumes `float32` again",
        )
    } else {
        (
            Fidelity::Lossy,
            "DLM has no field for the tensor type (an upgrade assumes `float32`)",
        )
    };
    fates.push((p, f, why.to_owned()));
}

/// The MLM 1.0 bands (names) as DLM `selected_bands`: their positions in the Item's `eo:bands`;
/// else, for a single input, `dlm:data.useful_bands` `{index, name}` with the positions in the
/// model asset's band catalogue (else in the list), which the DLM reader reads by name.
fn bands(
    obj: &Map<String, Value>,
    at: &Pointer,
    bands_at: &Bands,
    out: &mut Map<String, Value>,
    data: &mut Map<String, Value>,
    fates: &mut Fates,
) {
    let Some(v) = obj.member("bands") else {
        return;
    };
    let p = at.key("bands");
    let list = v.as_array().map(Vec::as_slice).unwrap_or_default();
    let names: Vec<&str> = list.iter().filter_map(Value::as_str).collect();
    if !v.is_array() || names.len() != list.len() {
        let why = "not a list of band names: DLM has no form for it";
        fates.push((p, Fidelity::Lossy, why.into()));
        return;
    }
    if names.is_empty() {
        let why = "no bands: DLM states none either";
        fates.push((p, Fidelity::Lossless, why.into()));
        return;
    }
    let idx: Option<Vec<usize>> = names
        .iter()
        .map(|name| bands_at.catalogue.iter().position(|c| c == name))
        .collect();
    if let Some(idx) = idx {
        out.insert("selected_bands".into(), json!(idx));
        let why = "`selected_bands`: positions in the Item's `eo:bands`";
        fates.push((p, Fidelity::Lossless, why.into()));
        return;
    }
    match &bands_at.asset {
        Some(asset) if !data.has_member("useful_bands") => {
            let useful: Vec<Value> = names
                .iter()
                .enumerate()
                .map(|(i, name)| {
                    let index = asset.iter().position(|c| c == name).unwrap_or(i);
                    json!({"index": index, "name": name})
                })
                .collect();
            data.insert("useful_bands".into(), Value::Array(useful));
            let why =
                "`dlm:data.useful_bands`: the band names, which the DLM reader reads in order";
            fates.push((p, Fidelity::Lossless, why.into()));
        }
        _ => {
            let why = "DLM selects the bands of several inputs by index into the Item's `eo:bands`, which does not list every band name";
            fates.push((p, Fidelity::Lossy, why.into()));
        }
    }
}

/// `dlm:data` (process level, useful bands): added after `dlm:inputs`, or its members added
/// to an existing block.
fn data_block(ctx: &mut Ctx, props: &Pointer, members: Map<String, Value>) {
    let data = props.key("dlm:data");
    let why = "what DLM states about the source data of the input";
    if ctx.object(&data).is_some() {
        for (k, v) in members {
            ctx.add(&data, &k, v, Pos::End, Fidelity::Lossless, why);
        }
    } else {
        let value = Value::Object(members);
        ctx.add(
            props,
            "dlm:data",
            value,
            Pos::After("dlm:inputs"),
            Fidelity::Lossless,
            why,
        );
    }
}
