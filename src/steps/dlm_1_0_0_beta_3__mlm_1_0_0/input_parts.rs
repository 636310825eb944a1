//! The parts of one DLM input, read before anything is written (see [`super::inputs`]).

use serde_json::{Map, Value, json};

use super::bands::{self, BandPlan, BandSources};
use super::scaling::{self, DlmScaling};
use crate::kernel::edit::Ctx;
use crate::kernel::pointer::{Members, Pointer};
use crate::kernel::records::Code;
use crate::kernel::records::{Diagnostic, Fidelity, Severity};

/// `dlm-normalization-invalid`: see [`Code::what`].
pub(crate) const DLM_NORMALIZATION_INVALID: Code = Code::new(
    "dlm-normalization-invalid",
    "The DLM scaling cannot be folded: a member is not numeric, `scaling_factor` or a std is not > 0, or the mean and std lists cannot be paired per channel. No `value_scaling` is written and the members are lost.",
    "Fix the DLM values or write `value_scaling` by hand.",
);

/// `dlm-preprocessing-unverifiable`: see [`Code::what`].
pub(crate) const DLM_PREPROCESSING_UNVERIFIABLE: Code = Code::new(
    "dlm-preprocessing-unverifiable",
    "The DLM `pre_processing_function` is opaque code; it became a `python` Processing Expression, and the preprocessing cannot be checked numerically.",
    "Nothing; review the expression.",
);

/// `dlm-scaling-order-suspect`: see [`Code::what`].
pub(crate) const DLM_SCALING_ORDER_SUSPECT: Code = Code::new(
    "dlm-scaling-order-suspect",
    "A normalisation mean is > 1 although `scaling_factor` brings values to [0, 1]: the statistics may have been computed on raw data. The conversion assumes scale first, then standardise.",
    "Check the order against the model's training code.",
);

/// `dlm-tensors-split`: see [`Code::what`].
pub(crate) const DLM_TENSORS_SPLIT: Code = Code::new(
    "dlm-tensors-split",
    "`input_tensors` lists several tensors; each became its own input named `<name>_<i>`.",
    "Check the inputs' names and bands.",
);

/// `input-name-assumed`: see [`Code::what`].
pub(crate) const INPUT_NAME_ASSUMED: Code = Code::new(
    "input-name-assumed",
    "A `dlm:inputs` object has no `name`; the input is called `input`.",
    "Name the input as the model does.",
);

/// A legacy member and what becomes of it once the input is written.
pub(super) struct Fate {
    pub at: Pointer,
    pub fidelity: Fidelity,
    pub why: String,
}

/// The converted inputs of one `dlm:inputs` object, before anything is written.
pub(super) struct Built {
    pub objects: Vec<Map<String, Value>>,
    pub fates: Vec<Fate>,
    pub notes: Vec<Diagnostic>,
    pub scaled: bool,
}

pub(super) fn build(ctx: &Ctx, props: &Pointer, item: &Pointer) -> Built {
    let obj = ctx.object(item).cloned().unwrap_or_default();
    let data = props.key("dlm:data");
    let mut b = Built {
        objects: Vec::new(),
        fates: Vec::new(),
        notes: Vec::new(),
        scaled: false,
    };
    let name = input_name(ctx, &obj, item, &mut b);
    let band_plan = band_plan(ctx, props, item);
    let tensors = tensors(ctx, &obj, item, &mut b);
    let mut members = scaling_members(ctx, &obj, item, &mut b);
    if let Some(p) = pre_processing(ctx, &obj, item, &mut b) {
        members.push(("pre_processing_function", p));
    }
    if let Some(d) = process_level(ctx, &data, &mut b) {
        members.push(("description", json!(d)));
    }
    band_fates(ctx, &band_plan, props, item, &mut b);
    let k = tensors.len().max(1);
    if k > 1 {
        let msg = format!("`input_tensors` lists {k} tensors: written as {k} inputs `{name}_0`…");
        let at = ctx.input_of(&item.key("input_tensors"));
        b.notes
            .push(Diagnostic::new(DLM_TENSORS_SPLIT, Severity::Warning, msg).at(at));
    }
    for i in 0..k {
        let n = if k > 1 {
            format!("{name}_{i}")
        } else {
            name.clone()
        };
        let mut o = Map::new();
        o.insert("name".into(), json!(n));
        o.insert("bands".into(), json!(band_plan.names));
        if let Some(shape) = tensors.get(i) {
            let dims = ["batch", "channel", "height", "width"];
            o.insert("input".into(), json!({"shape": shape, "dim_order": dims}));
        }
        o.extend(members.iter().map(|(k, v)| ((*k).to_owned(), v.clone())));
        b.objects.push(o);
    }
    b
}

fn input_name(ctx: &Ctx, obj: &Map<String, Value>, item: &Pointer, b: &mut Built) -> String {
    if let Some(n) = obj.member("name").and_then(Value::as_str) {
        b.fates.push(fate(
            item.key("name"),
            Fidelity::Lossless,
            "the input's `name`",
        ));
        return n.to_owned();
    }
    b.notes.push(
        Diagnostic::new(
            INPUT_NAME_ASSUMED,
            Severity::Warning,
            "`dlm:inputs` has no `name`: the input is called `input`",
        )
        .at(ctx.input_of(item)),
    );
    "input".to_owned()
}

fn fate(at: Pointer, fidelity: Fidelity, what: &str) -> Fate {
    Fate {
        at,
        fidelity,
        why: format!("converted into `mlm:input`: {what}"),
    }
}

fn band_plan(ctx: &Ctx, props: &Pointer, item: &Pointer) -> BandPlan {
    let catalogue = ctx
        .get(&props.key("eo:bands"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let useful_at = props.key("dlm:data").key("useful_bands");
    let selected_at = item.key("selected_bands");
    let useful = ctx.get(&useful_at).cloned();
    let selected = ctx.get(&selected_at).cloned();
    bands::plan(&BandSources {
        catalogue: &catalogue,
        useful: useful.as_ref().map(|v| (v, ctx.input_of(&useful_at))),
        selected: selected.as_ref().map(|v| (v, ctx.input_of(&selected_at))),
    })
}

fn band_fates(ctx: &Ctx, plan: &BandPlan, props: &Pointer, item: &Pointer, b: &mut Built) {
    b.notes.extend(plan.notes.iter().cloned());
    let useful = props.key("dlm:data").key("useful_bands");
    if let Some(f) = plan.useful {
        if ctx.get(&useful).is_some() && !b.fates.iter().any(|x| x.at == useful) {
            let what = if f == Fidelity::Lossless {
                "band names in `bands`"
            } else {
                "band names in `bands`; its indices do not match the positions in `eo:bands` and are lost"
            };
            b.fates.push(fate(useful, f, what));
        }
    }
    if let Some(f) = plan.selected {
        let what = match (f, plan.useful.is_some()) {
            (Fidelity::Lossless, true) => "the same bands as `useful_bands`",
            (Fidelity::Lossless, false) => "band names in `bands` (positions in `eo:bands`)",
            (_, true) => {
                "disagrees with `useful_bands`, whose names are used; the indices are lost"
            }
            _ => "the indices resolve to no band name and are lost",
        };
        b.fates.push(fate(item.key("selected_bands"), f, what));
    }
}

fn scaling_members(
    ctx: &Ctx,
    obj: &Map<String, Value>,
    item: &Pointer,
    b: &mut Built,
) -> Vec<(&'static str, Value)> {
    let Some(read) = DlmScaling::read(obj) else {
        let mut stated = false;
        for k in scaling::KEYS.iter().filter(|k| obj.has_member(k)) {
            stated = true;
            b.fates
                .push(fate(item.key(k), Fidelity::Lossless, "`null`: no scaling"));
        }
        // Stated as `null`: MLM ≤ 1.3 says "no scaling" as `norm_type: null`.
        return if stated {
            vec![("norm_type", Value::Null)]
        } else {
            Vec::new()
        };
    };
    let folded = read.and_then(|p| p.fold().map(|f| (p, f)));
    let present = scaling::KEYS.iter().filter(|k| obj.has_member(k));
    match folded {
        Ok((p, pairs)) => {
            b.scaled = true;
            for k in present {
                b.fates.push(fate(
                    item.key(k),
                    Fidelity::Lossless,
                    "folded into per-channel z-scores `(x − m/s) / (σ/s)`",
                ));
            }
            order_heuristic(ctx, &p, item, b);
            scaling::mlm_members(&scaling::numbers_of(&p, &pairs, obj))
        }
        Err(e) => {
            b.notes.push(Diagnostic::new(DLM_NORMALIZATION_INVALID, Severity::Error, format!("the DLM scaling cannot be converted: {e}")).at(ctx.input_of(item)).hint("fix `scaling_factor` / `normalization:mean` / `normalization:std`, or write `value_scaling` by hand"));
            for k in present {
                b.fates.push(Fate {
                    at: item.key(k),
                    fidelity: Fidelity::Lossy,
                    why: format!("not converted: {e}"),
                });
            }
            Vec::new()
        }
    }
}

/// This tool's check: statistics far outside [0, 1] on scaled integer data suggest they were
/// computed on raw values (the order of the two DLM operations is not written down).
fn order_heuristic(ctx: &Ctx, p: &DlmScaling, item: &Pointer, b: &mut Built) {
    let big = p.mean.iter().any(|m| m.abs() > 1.0);
    if p.factor != 1.0 && big {
        let msg = "some `normalization:mean` is > 1 although `scaling_factor` brings values to [0, 1]: were the statistics computed on raw data? The conversion assumes scale first, then standardise";
        b.notes.push(
            Diagnostic::new(DLM_SCALING_ORDER_SUSPECT, Severity::Warning, msg)
                .at(ctx.input_of(&item.key("normalization:mean"))),
        );
    }
}

fn pre_processing(
    ctx: &Ctx,
    obj: &Map<String, Value>,
    item: &Pointer,
    b: &mut Built,
) -> Option<Value> {
    let at = item.key("pre_processing_function");
    let (value, fidelity, what) = match obj.member("pre_processing_function")? {
        Value::Null => (
            Value::Null,
            Fidelity::Lossless,
            "`pre_processing_function: null`",
        ),
        Value::String(s) => (
            json!({"format": "python", "expression": s}),
            Fidelity::Lossless,
            "a `python` Processing Expression",
        ),
        Value::Object(o) => (
            Value::Object(o.clone()),
            Fidelity::Lossless,
            "already a Processing Expression",
        ),
        _ => {
            b.fates.push(Fate {
                at,
                fidelity: Fidelity::Lossy,
                why: "not a string: no MLM form".into(),
            });
            return None;
        }
    };
    if !value.is_null() {
        b.notes.push(Diagnostic::new(DLM_PREPROCESSING_UNVERIFIABLE, Severity::Info, "the DLM pre-processing function is opaque code: the preprocessing cannot be checked numerically").at(ctx.input_of(&at)));
    }
    b.fates.push(fate(at, fidelity, what));
    Some(value)
}

fn process_level(ctx: &Ctx, data: &Pointer, b: &mut Built) -> Option<String> {
    let at = data.key("process_level");
    let level = ctx.get(&at)?.as_str()?.to_owned();
    if !b.fates.iter().any(|f| f.at == at) {
        b.fates.push(fate(
            at,
            Fidelity::Lossless,
            "the input `description` marker",
        ));
    }
    Some(format!(
        "expected input processing level: {level} (dlm:data.process_level)"
    ))
}

fn tensors(ctx: &Ctx, obj: &Map<String, Value>, item: &Pointer, b: &mut Built) -> Vec<[i64; 4]> {
    let at = item.key("input_tensors");
    let tensors = super::tensors::read(ctx, obj.member("input_tensors"), &at, &mut b.notes);
    if obj.has_member("input_tensors") {
        let (fidelity, what) = if tensors.is_empty() {
            (Fidelity::Lossy, "no complete tensor to give a shape; lost")
        } else {
            (
                Fidelity::Lossless,
                "`input.shape` [batch, channels, height, width]",
            )
        };
        b.fates.push(fate(at, fidelity, what));
    }
    tensors
}
