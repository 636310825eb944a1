//! DLM `dlm:outputs` → MLM Model Output objects and `mlm:tasks`.

use serde_json::{Value, json};

use super::output_parts::{Built, build};
use crate::kernel::edit::{Ctx, Pos};
use crate::kernel::pointer::{Members, Pointer};
use crate::kernel::records::{Diagnostic, Fidelity, Severity};
use crate::kernel::scope::DocKind;
use crate::steps::Transform;
use crate::steps::common::carry::LEGACY_MLM_CONFLICT;
use crate::steps::common::carry::{self, Dest, Landed};
use crate::steps::dlm_1_0_0_beta_3__mlm_1_0_0::TENSOR_DTYPE_ASSUMED;
use crate::steps::transform::Inverse;

/// See [`Transform::what`].
pub(super) const OUTPUTS: Transform = Transform {
    name: "dlm_outputs",
    forward: outputs,
    inverse: Inverse::Fn(super::outputs_back::outputs_back, Fidelity::Lossy),
    what: "Converts `dlm:outputs` into `mlm:output` and `mlm:tasks`: the task (already in MLM \
           spelling) names the output and fills its `tasks` and the Item's `mlm:tasks`; \
           `final_layer_size` is `result.shape` with `dim_order` by rank (4: batch, class, \
           height, width; 3: batch, height, width; 2: batch, class); `class_name_mapping` in any \
           accepted shape becomes `classification:classes` (description = name, assumed), \
           `dont_care_index` marks its class `nodata: true`; `number_of_classes` is only \
           cross-checked; a string `post_processing_function` becomes a `python` expression. \
           `result.data_type` has no DLM source and is assumed `float32`. Backwards: the first \
           task, `final_layer_size`, classes as `[{index, class_name}]` with the `nodata` class \
           as `dont_care_index`, a `python` expression as the string; the rest is lost.",
    before: r#"{"dlm:outputs": {"task": "semantic-segmentation", "number_of_classes": 2, "final_layer_size": [1, 2, 64, 64], "class_name_mapping": [{"0": "other"}, {"1": "water"}], "dont_care_index": 0}}"#,
    after: r#"{"mlm:tasks": ["semantic-segmentation"], "mlm:output": [{"name": "semantic-segmentation", "tasks": ["semantic-segmentation"], "result": {"shape": [1, 2, 64, 64], "dim_order": ["batch", "class", "height", "width"], "data_type": "float32"}, "classification:classes": [{"value": 0, "name": "other", "description": "other", "nodata": true}, {"value": 1, "name": "water", "description": "water"}]}]}"#,
};

fn outputs(ctx: &mut Ctx, props: &Pointer) {
    if !matches!(ctx.kind(), DocKind::Item | DocKind::Metadata) {
        return;
    }
    let block = props.key("dlm:outputs");
    let items: Vec<Pointer> = super::block_objects(ctx, &block);
    let mut built: Vec<Built> = items.iter().map(|i| build(ctx, i)).collect();
    let n = built.len();
    for (i, b) in built.iter_mut().enumerate() {
        if n > 1 {
            let name = format!(
                "{}_{i}",
                b.object.member_or_null("name").as_str().unwrap_or("output")
            );
            b.object.insert("name".into(), json!(name));
        }
    }
    if !built.is_empty() {
        tasks(ctx, props, &block, &built);
        write(ctx, props, &block, built);
    }
    carry::finish_block(ctx, &block);
}

fn full(b: &Built) -> Value {
    let mut o = b.object.clone();
    if let Some(Value::Object(r)) = o.get_mut("result") {
        r.insert("data_type".into(), json!("float32"));
    }
    if let Some((c, _)) = &b.classes {
        let at = o
            .keys()
            .position(|k| k == "post_processing_function")
            .unwrap_or(o.len());
        o.shift_insert(at, "classification:classes".into(), c.clone());
    }
    Value::Object(o)
}

fn write(ctx: &mut Ctx, props: &Pointer, block: &Pointer, built: Vec<Built>) {
    let list = props.key("mlm:output");
    let all: Vec<Value> = built.iter().map(full).collect();
    let key = block
        .split_last()
        .map_or("dlm:outputs".to_owned(), |(_, k)| k);
    let landed = match ctx.get(&list) {
        Some(existing) if *existing == Value::Array(all) => Landed::Duplicate,
        Some(_) => Landed::Conflict,
        None => {
            let partial = built
                .iter()
                .map(|b| Value::Object(b.object.clone()))
                .collect();
            let why = "`dlm:outputs` read as MLM Model Output objects";
            ctx.add(
                props,
                "mlm:output",
                Value::Array(partial),
                Pos::Before(&key),
                Fidelity::Lossless,
                why,
            );
            for (i, b) in built.iter().enumerate() {
                assumed_parts(ctx, &list.index(i), b);
            }
            Landed::Written
        }
    };
    for b in built {
        for d in b.notes {
            ctx.diag(d);
        }
        for f in b.fates {
            match landed {
                Landed::Written => {
                    ctx.remove(&f.at, f.fidelity, f.why);
                }
                other => carry::consume(ctx, &f.at, other, &list, Fidelity::Lossless),
            }
        }
    }
}

fn assumed_parts(ctx: &mut Ctx, out: &Pointer, b: &Built) {
    let result = out.key("result");
    if ctx.object(&result).is_some() {
        let why = "DLM does not state the output tensor type; assumed `float32`";
        ctx.add(
            &result,
            "data_type",
            json!("float32"),
            Pos::End,
            Fidelity::Assumed,
            why,
        );
        ctx.diag(
            Diagnostic::new(
                TENSOR_DTYPE_ASSUMED,
                Severity::Warning,
                "output tensor data type `float32` assumed: DLM has no field for it",
            )
            .at(result.clone())
            .hint("set `result.data_type` to the type the model really returns"),
        );
    }
    if let Some((classes, fidelity)) = &b.classes {
        let why = "`class_name_mapping` read as classification v1.1.0 Class objects; `description` repeats the name";
        ctx.add(
            out,
            "classification:classes",
            classes.clone(),
            Pos::Before("post_processing_function"),
            *fidelity,
            why,
        );
    }
}

/// `mlm:tasks` = the tasks of every output, in order (MLM wins).
fn tasks(ctx: &mut Ctx, props: &Pointer, block: &Pointer, built: &[Built]) {
    let mut list: Vec<String> = Vec::new();
    for t in built.iter().filter_map(|b| b.task.clone()) {
        if !list.contains(&t) {
            list.push(t);
        }
    }
    if list.is_empty() {
        return;
    }
    let key = block
        .split_last()
        .map_or("dlm:outputs".to_owned(), |(_, k)| k);
    let dest = Dest::new(props.clone(), "mlm:tasks", Pos::Before(&key));
    let why = "the DLM task is the model's task";
    if carry::land(ctx, &dest, json!(list), Fidelity::Lossless, why) == Landed::Conflict {
        let msg = format!(
            "the DLM task(s) {list:?} differ from the existing `mlm:tasks`, which is kept; the outputs keep the DLM task"
        );
        ctx.diag(Diagnostic::new(LEGACY_MLM_CONFLICT, Severity::Warning, msg).at(dest.at()));
    }
}
