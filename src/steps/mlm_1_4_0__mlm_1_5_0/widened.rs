//! What MLM 1.5.0 widened, written back for MLM ≤ 1.4: arrays of processing expressions,
//! `variables` and output `bands`, optional input `bands`, the `downscaling` task
//! (<https://github.com/stac-extensions/mlm/blob/main/CHANGELOG.md#v150>). Forward these
//! rows change nothing (every 1.4 form is valid 1.5); backwards they say what 1.4 cannot hold.

use serde_json::{Value, json};

use crate::kernel::edit::{Ctx, Pos};
use crate::kernel::pointer::{Members, Pointer};
use crate::kernel::records::Fidelity;
use crate::steps::Transform;
use crate::steps::transform::{Inverse, unchanged};

/// See [`Transform::what`].
pub(super) const PROCESSING_ARRAYS: Transform = Transform {
    name: "processing_arrays",
    forward: unchanged,
    inverse: Inverse::Fn(processing_arrays_back, Fidelity::Lossy),
    what: "MLM 1.5.0 lets `pre_processing_function` / `post_processing_function` be an array of \
           Processing Expressions applied in order. Forward nothing changes. Backwards (MLM ≤ \
           1.4 holds one expression or null), an array of one becomes that expression; a longer \
           array keeps its first expression and the rest is lost (both lossy: an upgrade does \
           not make a list again).",
    before: r#"{"pre_processing_function": [{"format": "python", "expression": "a:f"}]}"#,
    after: r#"{"pre_processing_function": {"format": "python", "expression": "a:f"}}"#,
};

fn processing_arrays_back(ctx: &mut Ctx, at: &Pointer) {
    for key in ["pre_processing_function", "post_processing_function"] {
        let p = at.key(key);
        let Some(items) = ctx.get(&p).and_then(Value::as_array).cloned() else {
            continue;
        };
        let first = items.first().cloned().unwrap_or(Value::Null);
        let msg = if items.len() > 1 {
            format!(
                "MLM ≤ 1.4 holds one expression: the first of {} is kept, the others are lost",
                items.len()
            )
        } else {
            "MLM ≤ 1.4 holds one expression: the list of one becomes that expression (the list form does not come back)".to_owned()
        };
        ctx.replace(&p, first, Fidelity::Lossy, msg);
    }
}

/// See [`Transform::what`].
pub(super) const VARIABLES: Transform = Transform {
    name: "variables_and_output_bands",
    forward: unchanged,
    inverse: Inverse::Fn(variables_back, Fidelity::Lossy),
    what: "MLM 1.5.0 added `variables` (datacube variables) to Model Inputs and Outputs, and \
           `bands` to Model Outputs. Forward nothing changes. Backwards (MLM ≤ 1.4 has neither, \
           and a 1.4 reader would ignore them), a non-empty list is lost (lossy); an empty one \
           says nothing and stays (every schema accepts it). An input's `variables` becomes the \
           `bands: []` that MLM ≤ 1.4 requires, and the reserved `variables` dimension is named \
           `channel` again.",
    before: r#"{"variables": ["t2m"], "input": {"dim_order": ["batch", "variables"]}}"#,
    after: r#"{"bands": [], "input": {"dim_order": ["batch", "channel"]}}"#,
};

fn variables_back(ctx: &mut Ctx, at: &Pointer) {
    let Some(obj) = ctx.object(at) else { return };
    let is_output = obj.has_member("result");
    let lists: &[&str] = if is_output {
        &["bands", "variables"]
    } else {
        &["variables"]
    };
    let structure = if is_output { "result" } else { "input" };
    for list in lists {
        let p = at.key(list);
        let Some(items) = ctx.get(&p).and_then(Value::as_array).cloned() else {
            continue;
        };
        // An empty list says nothing; MLM ≤ 1.4 schemas accept (and ignore) it, so it stays.
        if items.is_empty() {
            continue;
        }
        let (fidelity, what) = (
            Fidelity::Lossy,
            format!("the {} listed {list} are lost", items.len()),
        );
        let place = if is_output {
            "a Model Output"
        } else {
            "a Model Input"
        };
        let msg = format!("MLM ≤ 1.4 has no `{list}` in {place}: {what}");
        let needs_bands = !is_output && ctx.get(&at.key("bands")).is_none();
        if needs_bands {
            let msg = format!("{msg}; `bands: []` (required by MLM ≤ 1.4) takes its place");
            ctx.rename(at, list, "bands", Some(json!([])), fidelity, msg);
        } else {
            ctx.remove(&p, fidelity, msg);
        }
        if *list == "variables" {
            rename_dimension(ctx, &at.key(structure).key("dim_order"));
        }
    }
}

/// The reserved `variables` axis gets the name MLM ≤ 1.4 examples use for stacked data.
fn rename_dimension(ctx: &mut Ctx, dims: &Pointer) {
    let Some(names) = ctx.get(dims).and_then(Value::as_array).cloned() else {
        return;
    };
    if names.iter().any(|n| n.as_str() == Some("channel")) {
        return;
    }
    if let Some(i) = names.iter().position(|n| n.as_str() == Some("variables")) {
        let msg = "the `variables` dimension loses its list: named `channel`, as MLM ≤ 1.4 names stacked data";
        ctx.replace(&dims.index(i), json!("channel"), Fidelity::Lossy, msg);
    }
}

/// See [`Transform::what`].
pub(super) const INPUT_BANDS_REQUIRED: Transform = Transform {
    name: "input_bands_required",
    forward: unchanged,
    inverse: Inverse::Fn(input_bands_back, Fidelity::Assumed),
    what: "MLM 1.5.0 made `bands` optional in a Model Input. Forward nothing changes. Backwards \
           (MLM ≤ 1.4 requires it), an input without `bands` gets `bands: []`, which the 1.5 \
           README says means the same as an absent list (a default, recorded as assumed).",
    before: r#"{"name": "x", "input": {}}"#,
    after: r#"{"name": "x", "bands": [], "input": {}}"#,
};

fn input_bands_back(ctx: &mut Ctx, at: &Pointer) {
    if ctx.object(at).is_none_or(|o| o.has_member("bands")) {
        return;
    }
    ctx.add(
        at,
        "bands",
        json!([]),
        Pos::After("name"),
        Fidelity::Assumed,
        "MLM ≤ 1.4 requires `bands`; an input that lists none has `bands: []`",
    );
}

/// See [`Transform::what`].
pub(super) const DOWNSCALING_TASK: Transform = Transform {
    name: "downscaling_task",
    forward: unchanged,
    inverse: Inverse::Remove(
        downscaling,
        "MLM ≤ 1.4 has no `downscaling` task (the nearest, `regression`, would say something else)",
    ),
    what: "MLM 1.5.0 added the task `downscaling`. Forward nothing changes. Backwards the task \
           is removed from `mlm:tasks` and from each output's `tasks` (lossy: MLM ≤ 1.4 has no \
           value for it).",
    before: r#"{"mlm:tasks": ["downscaling", "regression"]}"#,
    after: r#"{"mlm:tasks": ["regression"]}"#,
};

fn downscaling(ctx: &Ctx, at: &Pointer) -> Vec<Pointer> {
    let mut out = Vec::new();
    for key in ["mlm:tasks", "tasks"] {
        let list = at.key(key);
        let Some(items) = ctx.get(&list).and_then(Value::as_array) else {
            continue;
        };
        out.extend(
            items
                .iter()
                .enumerate()
                .filter(|(_, t)| t.as_str() == Some("downscaling"))
                .map(|(i, _)| list.index(i)),
        );
    }
    out
}
