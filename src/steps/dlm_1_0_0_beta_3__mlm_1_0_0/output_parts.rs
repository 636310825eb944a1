//! The parts of one DLM output, read before anything is written (see [`super::outputs`]).

use serde_json::{Map, Value, json};

use super::classes;
use crate::kernel::edit::Ctx;
use crate::kernel::pointer::{Members, Pointer};
use crate::kernel::records::Code;
use crate::kernel::records::{Diagnostic, Fidelity, Severity};

/// `class-description-synthesized`: see [`Code::what`].
pub(crate) const CLASS_DESCRIPTION_SYNTHESIZED: Code = Code::new(
    "class-description-synthesized",
    "classification v1.1.0 requires a class `description`; DLM has none, so it repeats the class name.",
    "Write real class descriptions if available.",
);

/// `dlm-result-dims-unknown`: see [`Code::what`].
pub(crate) const DLM_RESULT_DIMS_UNKNOWN: Code = Code::new(
    "dlm-result-dims-unknown",
    "`final_layer_size` has a rank other than 2, 3 or 4; its dimension names cannot be inferred and `dim_order` is missing.",
    "Add `result.dim_order` by hand.",
);

/// `dlm-result-shape-missing`: see [`Code::what`].
pub(crate) const DLM_RESULT_SHAPE_MISSING: Code = Code::new(
    "dlm-result-shape-missing",
    "A `dlm:outputs` object has no `final_layer_size`; the output has no `result`, which MLM requires.",
    "Add the output shape.",
);

/// `dont-care-as-nodata-class`: see [`Code::what`].
pub(crate) const DONT_CARE_AS_NODATA_CLASS: Code = Code::new(
    "dont-care-as-nodata-class",
    "`dont_care_index` marks its class `nodata: true` (a class `dont_care` is appended when the mapping lacks it).",
    "Nothing.",
);

/// `number-of-classes-mismatch`: see [`Code::what`].
pub(crate) const NUMBER_OF_CLASSES_MISMATCH: Code = Code::new(
    "number-of-classes-mismatch",
    "`number_of_classes`, the number of `class_name_mapping` entries and the class axis of `final_layer_size` disagree (5 / 6 / 5 in the official DLM example); reported, not changed.",
    "Check which classes the output channels are.",
);

pub(super) struct Fate {
    pub at: Pointer,
    pub fidelity: Fidelity,
    pub why: String,
}

/// One converted output: the object without its assumed parts, then those parts.
pub(super) struct Built {
    pub object: Map<String, Value>,
    pub classes: Option<(Value, Fidelity)>,
    pub task: Option<String>,
    pub fates: Vec<Fate>,
    pub notes: Vec<Diagnostic>,
}

pub(super) fn build(ctx: &Ctx, item: &Pointer) -> Built {
    let obj = ctx.object(item).cloned().unwrap_or_default();
    let mut b = Built {
        object: Map::new(),
        classes: None,
        task: None,
        fates: Vec::new(),
        notes: Vec::new(),
    };
    b.task = obj
        .member("task")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let what = "the output `tasks` and `name`, and `mlm:tasks`";
    fate(&mut b, &obj, item, "task", Fidelity::Lossless, what);
    let name = b.task.clone().unwrap_or_else(|| "output".to_owned());
    b.object.insert("name".into(), json!(name));
    let tasks: Vec<&String> = b.task.iter().collect();
    b.object.insert("tasks".into(), json!(tasks));
    let shape = obj
        .member("final_layer_size")
        .and_then(Value::as_array)
        .cloned();
    if let Some(shape) = &shape {
        let result = result(ctx, shape, item, &mut b.notes);
        b.object.insert("result".into(), result);
        fate(
            &mut b,
            &obj,
            item,
            "final_layer_size",
            Fidelity::Lossless,
            "`result.shape`",
        );
    } else {
        let msg = "`dlm:outputs` has no `final_layer_size`: the output has no `result`";
        b.notes.push(
            Diagnostic::new(DLM_RESULT_SHAPE_MISSING, Severity::Error, msg).at(ctx.input_of(item)),
        );
    }
    classes_of(ctx, &obj, item, shape.as_deref(), &mut b);
    post_processing(&obj, item, &mut b);
    b
}

fn fate(
    b: &mut Built,
    obj: &Map<String, Value>,
    item: &Pointer,
    key: &str,
    fidelity: Fidelity,
    why: &str,
) {
    if obj.has_member(key) {
        let why = format!("converted into `mlm:output`: {why}");
        b.fates.push(Fate {
            at: item.key(key),
            fidelity,
            why,
        });
    }
}

fn post_processing(obj: &Map<String, Value>, item: &Pointer, b: &mut Built) {
    let Some(v) = obj.member("post_processing_function") else {
        return;
    };
    let (value, fidelity, why) = match v {
        Value::String(s) => (
            json!({"format": "python", "expression": s}),
            Fidelity::Lossless,
            "a `python` Processing Expression",
        ),
        Value::Null | Value::Object(_) => {
            (v.clone(), Fidelity::Lossless, "`post_processing_function`")
        }
        _ => (Value::Null, Fidelity::Lossy, "not a string: no MLM form"),
    };
    if !value.is_null() || v.is_null() {
        b.object.insert("post_processing_function".into(), value);
    }
    fate(b, obj, item, "post_processing_function", fidelity, why);
}

fn result(ctx: &Ctx, shape: &[Value], item: &Pointer, notes: &mut Vec<Diagnostic>) -> Value {
    let dims: &[&str] = match shape.len() {
        4 => &["batch", "class", "height", "width"],
        3 => &["batch", "height", "width"],
        2 => &["batch", "class"],
        n => {
            notes.push(
                Diagnostic::new(
                    DLM_RESULT_DIMS_UNKNOWN,
                    Severity::Error,
                    format!(
                        "`final_layer_size` has rank {n}: its dimension names cannot be inferred"
                    ),
                )
                .at(ctx.input_of(&item.key("final_layer_size")))
                .hint("add `result.dim_order` by hand"),
            );
            return json!({"shape": shape});
        }
    };
    json!({"shape": shape, "dim_order": dims})
}

fn classes_of(
    ctx: &Ctx,
    obj: &Map<String, Value>,
    item: &Pointer,
    shape: Option<&[Value]>,
    b: &mut Built,
) {
    let dont_care = obj.member("dont_care_index").and_then(Value::as_i64);
    let (pairs, bad) = obj
        .member("class_name_mapping")
        .map(classes::parse)
        .unwrap_or_default();
    if let Some(v) = obj.member("class_name_mapping") {
        let (fidelity, why) = if bad.is_empty() {
            (Fidelity::Lossless, "`classification:classes`".to_owned())
        } else {
            (
                Fidelity::Lossy,
                format!(
                    "`classification:classes`; unreadable entries lost: {}",
                    bad.join(", ")
                ),
            )
        };
        fate(b, obj, item, "class_name_mapping", fidelity, &why);
        if v.is_array() || v.is_object() {
            let msg = "classification v1.1.0 requires a class `description`; DLM has none, so it repeats the class name";
            let at = ctx.input_of(&item.key("class_name_mapping"));
            b.notes
                .push(Diagnostic::new(CLASS_DESCRIPTION_SYNTHESIZED, Severity::Info, msg).at(at));
        }
    }
    number_of_classes(ctx, obj, item, shape, pairs.len(), b);
    if pairs.is_empty() && dont_care.is_none() {
        return;
    }
    let built = classes::classes(&pairs, dont_care);
    if let Some(d) = dont_care {
        let msg = if built.appended {
            format!(
                "`dont_care_index` {d} is not in `class_name_mapping`: a class `dont_care` with `nodata: true` was appended"
            )
        } else {
            format!("`dont_care_index` {d} marks its class `nodata: true`")
        };
        let at = ctx.input_of(&item.key("dont_care_index"));
        b.notes
            .push(Diagnostic::new(DONT_CARE_AS_NODATA_CLASS, Severity::Info, msg).at(at));
        let why = "`nodata: true` on its class";
        fate(b, obj, item, "dont_care_index", Fidelity::Lossless, why);
    }
    b.classes = Some((json!(built.classes), Fidelity::Assumed));
}

/// `number_of_classes` has no MLM field: it is cross-checked against the mapping and the class
/// axis of `final_layer_size`, and lost unless that axis repeats it.
fn number_of_classes(
    ctx: &Ctx,
    obj: &Map<String, Value>,
    item: &Pointer,
    shape: Option<&[Value]>,
    mapped: usize,
    b: &mut Built,
) {
    let Some(n) = obj.member("number_of_classes").and_then(Value::as_u64) else {
        return;
    };
    let axis = shape
        .filter(|s| s.len() == 4 || s.len() == 2)
        .and_then(|s| s.get(1))
        .and_then(Value::as_u64);
    if mapped as u64 != n || axis.is_some_and(|a| a != n) {
        let axis = axis.map_or_else(|| "unknown".to_owned(), |a| a.to_string());
        let msg = format!(
            "`number_of_classes` is {n}, `class_name_mapping` has {mapped} entries, the class axis of `final_layer_size` is {axis}"
        );
        b.notes.push(
            Diagnostic::new(NUMBER_OF_CLASSES_MISMATCH, Severity::Warning, msg)
                .at(ctx.input_of(&item.key("number_of_classes")))
                .hint("check which classes the model's output channels are"),
        );
    }
    let (fidelity, why) = if axis == Some(n) {
        (
            Fidelity::Lossless,
            "the class axis of `result.shape` repeats it",
        )
    } else {
        (
            Fidelity::Lossy,
            "no MLM field holds it and the result shape does not repeat it",
        )
    };
    b.fates.push(Fate {
        at: item.key("number_of_classes"),
        fidelity,
        why: format!("`number_of_classes` removed: {why}"),
    });
}
