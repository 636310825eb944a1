//! DLM `dlm:inputs` → MLM 1.0 Model Input objects.
//!
//! One DLM input (an object; an array of them is read too) becomes one `mlm:input` element:
//! `name`; `bands` from `useful_bands` / `selected_bands` ([`super::bands`]); `input.shape`
//! `[batch, C, height, width]` from `input_tensors` (`channels` or `dim`), `dim_order`
//! `["batch", "channel", "height", "width"]` (the MLM 1.4 → 1.5 edge names the axis `bands`);
//! the folded scaling as `norm_type: "z-score"` + `statistics` ([`super::scaling`]); a string
//! `pre_processing_function` as `{"format": "python", "expression": …}`; and
//! `dlm:data.process_level` as a `description` marker. `input.data_type` has no DLM
//! source: `float32` when the input is scaled, else the source data type — always assumed.

use serde_json::{Map, Value, json};

use super::input_parts::{Built, build};
use super::vocab;
use crate::kernel::edit::{Ctx, Pos};
use crate::kernel::pointer::{Members, Pointer};
use crate::kernel::records::{Diagnostic, Fidelity, Severity};
use crate::kernel::scope::DocKind;
use crate::steps::Transform;
use crate::steps::common::carry::{self, Landed};
use crate::steps::dlm_1_0_0_beta_3__mlm_1_0_0::TENSOR_DTYPE_ASSUMED;
use crate::steps::transform::Inverse;

/// See [`Transform::what`].
pub(super) const INPUTS: Transform = Transform {
    name: "dlm_inputs",
    forward: inputs,
    inverse: Inverse::Fn(super::inputs_back::inputs_back, Fidelity::Lossy),
    what: "Converts `dlm:inputs` into `mlm:input` (MLM 1.0 form, upgraded by the later edges): \
           band names from `dlm:data.useful_bands` (resolved against `eo:bands` by name, then \
           common name) or `selected_bands`; `input.shape` = [batch, channels|dim, height, \
           width] with the DLM batch kept; `scaling_factor` s and `normalization:mean/std` m, σ \
           folded into one z-score per channel (mean m/s, stddev σ/s: DLM multiplies then \
           standardises); a string `pre_processing_function` becomes a \
           `python` Processing Expression; `dlm:data.process_level` becomes a description \
           marker. `input.data_type` is assumed (`float32` for a scaled input). Backwards: \
           `norm_type` `z-score` statistics become `scaling_factor` 1 and the means / stds \
           verbatim (lossless), `min-max` mean = minimum, std = maximum − minimum (exact in \
           numbers, lossy in form), any other norm is lost, and a scaling whose DLM input states \
           neither a tensor nor band names is lossy; band names become `selected_bands` \
           indices into the Item's `eo:bands` or, for a single input, \
           `dlm:data.useful_bands`; what DLM has no field for is lost.",
    before: r#"{"dlm:inputs": {"name": "data", "input_tensors": {"batch": 1, "channels": 1, "height": 64, "width": 64}, "scaling_factor": 0.5, "normalization:mean": [1], "normalization:std": [2], "selected_bands": [0]}}"#,
    after: r#"{"mlm:input": [{"name": "data", "bands": ["red"], "input": {"shape": [1, 1, 64, 64], "dim_order": ["batch", "channel", "height", "width"], "data_type": "float32"}, "norm_by_channel": false, "norm_type": "z-score", "statistics": [{"mean": 2.0, "stddev": 4.0}]}]}"#,
};

fn inputs(ctx: &mut Ctx, props: &Pointer) {
    if !matches!(ctx.kind(), DocKind::Item | DocKind::Metadata) {
        return;
    }
    let block = props.key("dlm:inputs");
    let items: Vec<Pointer> = super::block_objects(ctx, &block);
    let mut all = Built {
        objects: Vec::new(),
        fates: Vec::new(),
        notes: Vec::new(),
        scaled: false,
    };
    for item in &items {
        let b = build(ctx, props, item);
        all.scaled |= b.scaled;
        all.objects.extend(b.objects);
        all.fates.extend(b.fates);
        all.notes.extend(b.notes);
    }
    if !all.objects.is_empty() {
        write(ctx, props, &block, all);
    }
    carry::finish_block(ctx, &block);
}

/// The source data type (`dlm:data.data_type`, or beta2 `dtype`) mapped to a raster type.
fn source_dtype(ctx: &Ctx, props: &Pointer) -> Option<&'static str> {
    let data = ctx.object(&props.key("dlm:data"))?;
    let t = data
        .member("data_type")
        .or_else(|| data.member("dtype"))?
        .as_str()?;
    vocab::raster_dtype(t).map(|(r, _)| r)
}

fn write(ctx: &mut Ctx, props: &Pointer, block: &Pointer, all: Built) {
    let dtype = if all.scaled {
        "float32"
    } else {
        source_dtype(ctx, props).unwrap_or("float32")
    };
    let full: Vec<Value> = all
        .objects
        .iter()
        .map(|o| Value::Object(with_dtype(o.clone(), dtype)))
        .collect();
    let list = props.key("mlm:input");
    let key = block
        .split_last()
        .map_or("dlm:inputs".to_owned(), |(_, k)| k);
    let landed = match ctx.get(&list) {
        Some(existing) if *existing == Value::Array(full.clone()) => Landed::Duplicate,
        Some(_) => Landed::Conflict,
        None => {
            let partial = all.objects.into_iter().map(Value::Object).collect();
            let why = "`dlm:inputs` read as MLM Model Input objects";
            ctx.add(
                props,
                "mlm:input",
                Value::Array(partial),
                Pos::Before(&key),
                Fidelity::Lossless,
                why,
            );
            add_dtypes(ctx, &list, full.len(), dtype, all.scaled);
            Landed::Written
        }
    };
    for d in all.notes {
        ctx.diag(d);
    }
    for f in all.fates {
        match landed {
            Landed::Written => {
                ctx.remove(&f.at, f.fidelity, f.why);
            }
            other => carry::consume(ctx, &f.at, other, &list, Fidelity::Lossless),
        }
    }
}

fn with_dtype(mut obj: Map<String, Value>, dtype: &str) -> Map<String, Value> {
    if let Some(Value::Object(t)) = obj.get_mut("input") {
        t.insert("data_type".to_owned(), json!(dtype));
    }
    obj
}

fn add_dtypes(ctx: &mut Ctx, list: &Pointer, n: usize, dtype: &str, scaled: bool) {
    let why = if scaled {
        "DLM does not state the tensor type; a scaled input is assumed `float32`"
    } else {
        "DLM does not state the tensor type; assumed to be the source data type"
    };
    for i in 0..n {
        let t = list.index(i).key("input");
        if ctx.object(&t).is_some() {
            ctx.add(
                &t,
                "data_type",
                json!(dtype),
                Pos::End,
                Fidelity::Assumed,
                why,
            );
        }
    }
    ctx.diag(
        Diagnostic::new(
            TENSOR_DTYPE_ASSUMED,
            Severity::Warning,
            format!("input tensor data type `{dtype}` assumed: DLM has no field for it"),
        )
        .at(list.clone())
        .hint("set `input.data_type` to the type the model really takes"),
    );
}
