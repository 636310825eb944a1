//! Flat tensor members on Model Inputs and Outputs, and outputs without `tasks` (openEO
//! back-ends write both).

use serde_json::{Map, Value, json};

use crate::kernel::edit::{Ctx, Pos};
use crate::kernel::pointer::{Members, Pointer};
use crate::kernel::records::{Code, Diagnostic, Fidelity, Severity};
use crate::steps::Transform;
use crate::steps::transform::Inverse;

/// `dim-order-assumed`: see [`Code::what`].
pub(crate) const DIM_ORDER_ASSUMED: Code = Code::new(
    "dim-order-assumed",
    "A flat tensor description gave a `shape` but no `axes`/`dim_order`; MLM requires `dim_order`, so the usual names for its rank were assumed (rank 4 input: batch, channel or bands, height, width; rank 2 output: batch, class; rank 4 output: batch, class, height, width; rank 3 output: batch, height, width).",
    "Check the dimension names against the model and fix `dim_order` if they differ.",
);

/// `output-tasks-assumed`: see [`Code::what`].
pub(crate) const OUTPUT_TASKS_ASSUMED: Code = Code::new(
    "output-tasks-assumed",
    "A Model Output had no `tasks` (required); the item's `mlm:tasks` were copied to it. With several outputs, each gets all of the item's tasks.",
    "Keep on each output only the tasks it serves.",
);

/// See [`Transform::what`].
pub(super) const FLAT_TENSOR: Transform = Transform {
    name: "flat_tensor",
    forward: flat_tensor,
    inverse: Inverse::Lossy("MLM never had the flat form; there is nothing to write back"),
    what: "Nests the flat `shape`, `data_type` (or `dtype`) and `axes` (or `dim_order`) members of \
           a Model Input into `input {shape, dim_order, data_type}`, of a Model Output into \
           `result {…}`, in the place of the first of them. Without axis names, the usual ones for \
           the rank are assumed (warning `dim-order-assumed`); a missing data type is not \
           invented (validation reports it).",
    before: r#"{"name": "x", "data_type": "float32", "shape": [-1, 3, 64, 64], "axes": ["batch", "bands", "height", "width"]}"#,
    after: r#"{"name": "x", "input": {"shape": [-1, 3, 64, 64], "dim_order": ["batch", "bands", "height", "width"], "data_type": "float32"}}"#,
};

/// The flat members and where each goes in the nested object.
const FLAT: [(&str, &str); 5] = [
    ("shape", "shape"),
    ("axes", "dim_order"),
    ("dim_order", "dim_order"),
    ("data_type", "data_type"),
    ("dtype", "data_type"),
];

fn is_output(at: &Pointer) -> bool {
    at.tokens().any(|t| t == "mlm:output")
}

fn flat_tensor(ctx: &mut Ctx, at: &Pointer) {
    let nested = if is_output(at) { "result" } else { "input" };
    // Checked on a borrow: an MLM tensor (the usual case) is not cloned.
    let Some(obj) = ctx.object(at) else {
        return;
    };
    if obj.has_member(nested) || !obj.member("shape").is_some_and(Value::is_array) {
        return;
    }
    let obj = obj.clone();
    let Some(first) = obj.keys().find(|k| FLAT.iter().any(|(f, _)| f == k)) else {
        return;
    };
    let first = first.clone();
    ctx.add(
        at,
        nested,
        json!({}),
        Pos::Before(&first),
        Fidelity::Lossless,
        format!("the flat tensor members, nested as MLM's `{nested}`"),
    );
    let dest = at.key(nested);
    for (flat, member) in FLAT {
        if obj.has_member(flat) && ctx.get(&dest.key(member)).is_none() {
            ctx.move_to(
                &at.key(flat),
                &dest,
                member,
                Pos::End,
                Fidelity::Lossless,
                format!("`{flat}` is `{nested}.{member}`"),
            );
        }
    }
    if ctx.get(&dest.key("dim_order")).is_none() {
        assume_dims(ctx, &obj, &dest, nested == "result");
    }
}

/// The usual dimension names of a shape of `rank` (see [`DIM_ORDER_ASSUMED`]).
fn usual_dims(rank: usize, output: bool, bands: bool) -> Option<Vec<&'static str>> {
    let channel = if bands { "bands" } else { "channel" };
    Some(match (output, rank) {
        (false, 4) => vec!["batch", channel, "height", "width"],
        (false, 3) => vec![channel, "height", "width"],
        (true, 4) => vec!["batch", "class", "height", "width"],
        (true, 3) => vec!["batch", "height", "width"],
        (true, 2) => vec!["batch", "class"],
        _ => return None,
    })
}

fn assume_dims(ctx: &mut Ctx, obj: &Map<String, Value>, dest: &Pointer, output: bool) {
    let rank = obj
        .member("shape")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    let bands = obj
        .member("bands")
        .and_then(Value::as_array)
        .is_some_and(|b| !b.is_empty());
    let Some(dims) = usual_dims(rank, output, bands) else {
        return;
    };
    let pos = Pos::After("shape");
    let msg = format!("no axis names were given: the usual ones for rank {rank} are assumed");
    ctx.add(dest, "dim_order", json!(dims), pos, Fidelity::Assumed, msg);
    let at = ctx.input_of(&dest.key("shape"));
    ctx.diag(
        Diagnostic::new(
            DIM_ORDER_ASSUMED,
            Severity::Warning,
            format!("`dim_order` {dims:?} assumed for a rank-{rank} shape without axis names"),
        )
        .at(at)
        .hint("check the dimension names against the model"),
    );
}

/// See [`Transform::what`].
pub(super) const OUTPUT_TASKS: Transform = Transform {
    name: "output_tasks_from_item",
    forward: output_tasks,
    inverse: Inverse::Lossy("a copy of the item's tasks; writing it back would drop nothing"),
    what: "Gives each Model Output without `tasks` (required by MLM) a copy of the item's \
           `mlm:tasks`, as the dialects that omit it state the tasks once for the item. Assumed, \
           with a warning: with several outputs each gets every task.",
    before: r#"{"mlm:tasks": ["semantic-segmentation"], "mlm:output": [{"name": "mask", "result": {}}]}"#,
    after: r#"{"mlm:tasks": ["semantic-segmentation"], "mlm:output": [{"name": "mask", "tasks": ["semantic-segmentation"], "result": {}}]}"#,
};

fn output_tasks(ctx: &mut Ctx, props: &Pointer) {
    let Some(tasks) = ctx
        .get(&props.key("mlm:tasks"))
        .filter(|t| t.as_array().is_some_and(|a| !a.is_empty()))
        .cloned()
    else {
        return;
    };
    let list = props.key("mlm:output");
    let n = ctx.get(&list).and_then(Value::as_array).map_or(0, Vec::len);
    for i in 0..n {
        let out = list.index(i);
        let lacks = ctx.object(&out).is_some_and(|o| !o.has_member("tasks"));
        if !lacks {
            continue;
        }
        let pos = Pos::After("name");
        let msg = "a Model Output needs `tasks`: the item's `mlm:tasks`";
        ctx.add(&out, "tasks", tasks.clone(), pos, Fidelity::Assumed, msg);
        let at = ctx.input_of(&out);
        ctx.diag(
            Diagnostic::new(
                OUTPUT_TASKS_ASSUMED,
                Severity::Warning,
                format!("output {i} has no `tasks`: the item's {tasks} were copied"),
            )
            .at(at)
            .hint("keep only the tasks this output serves"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::scope::{DocKind, Scope};

    fn run(props: Value) -> Value {
        let doc = json!({"type": "Feature", "properties": props});
        let mut ctx = Ctx::new(doc, DocKind::Item);
        for scope in [Scope::Input, Scope::Output] {
            for at in ctx.containers(scope) {
                flat_tensor(&mut ctx, &at);
            }
        }
        output_tasks(&mut ctx, &Pointer::root().key("properties"));
        ctx.finish().doc["properties"].clone()
    }

    #[test]
    fn flat_members_nest() {
        let p = run(json!({
            "mlm:tasks": ["classification"],
            "mlm:input": [{"name": "in", "data_type": "float32", "shape": [25, 3, 64, 64], "axes": ["batch", "bands", "height", "width"], "bands": ["a"]}],
            "mlm:output": [{"name": "out", "data_type": "float32", "shape": [25, 10]}]
        }));
        assert_eq!(
            p["mlm:input"][0],
            json!({"name": "in", "input": {"shape": [25, 3, 64, 64], "dim_order": ["batch", "bands", "height", "width"], "data_type": "float32"}, "bands": ["a"]})
        );
        assert_eq!(
            p["mlm:output"][0],
            json!({"name": "out", "tasks": ["classification"], "result": {"shape": [25, 10], "dim_order": ["batch", "class"], "data_type": "float32"}})
        );
    }

    #[test]
    fn nested_forms_stay() {
        let input = json!({"name": "in", "input": {"shape": [1]}, "shape": [2]});
        let p = run(json!({"mlm:input": [input.clone()], "mlm:output": []}));
        assert_eq!(p["mlm:input"][0], input);
    }
}
