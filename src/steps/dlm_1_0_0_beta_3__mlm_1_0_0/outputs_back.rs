//! Writing DLM v1.0.0-beta.3 `dlm:outputs` from MLM 1.0 Model Output objects and `mlm:tasks`
//! (the inverse of [`super::outputs`]). DLM states one task per output (DLM README,
//! `dlm:outputs`, <https://github.com/crim-ca/dlm-extension/blob/v1.0.0-beta.3/README.md>), the
//! output size as `final_layer_size`, and the classes as `class_name_mapping` with a
//! `dont_care_index`; what else an MLM output says is lost, each member with its reason.

use serde_json::{Map, Value, json};

use super::inputs_back::Fates;
use crate::kernel::edit::{Ctx, Pos};
use crate::kernel::pointer::{Members, Pointer};
use crate::kernel::records::Fidelity;
use crate::kernel::scope::DocKind;

pub(super) fn outputs_back(ctx: &mut Ctx, props: &Pointer) {
    if !matches!(ctx.kind(), DocKind::Item | DocKind::Metadata) {
        return;
    }
    let list = props.key("mlm:output");
    let Some(Value::Array(items)) = ctx.get(&list).cloned() else {
        return;
    };
    if items.is_empty() || ctx.get(&props.key("dlm:outputs")).is_some() {
        return;
    }
    underscore_classes(ctx, &list, items.len());
    let Some(Value::Array(items)) = ctx.get(&list).cloned() else {
        return;
    };
    let mut fates = Fates::new();
    let mut objects = Vec::new();
    let mut tasks: Vec<String> = Vec::new();
    let several = items.len() > 1;
    for (i, item) in items.iter().enumerate() {
        let at = list.index(i);
        let Some(obj) = item.as_object() else {
            let why = "not a Model Output object: DLM has no form for it".to_owned();
            fates.push((at, Fidelity::Lossy, why));
            continue;
        };
        let (o, task) = one_output(obj, &at, several.then_some(i), &mut fates);
        if let Some(t) = task.filter(|t| !tasks.contains(t)) {
            tasks.push(t);
        }
        objects.push(Value::Object(o));
    }
    mlm_tasks(ctx, props, &tasks, &mut fates);
    let value = match objects.len() {
        1 => objects.remove(0),
        _ => Value::Array(objects),
    };
    let why = "the Model Output objects written as `dlm:outputs`";
    ctx.add(
        props,
        "dlm:outputs",
        value,
        Pos::Before("mlm:output"),
        Fidelity::Lossless,
        why,
    );
    for (p, f, why) in fates {
        ctx.remove(&p, f, why);
    }
    let why = "every member converted into `dlm:outputs` or reported above";
    ctx.remove(&list, Fidelity::Lossless, why);
}

/// `classification_classes` (the unvalidated spelling of most official MLM examples) is read as
/// the classes it means: renamed first, as an upgrade from DLM writes them (lossy: the name of
/// the member changes).
fn underscore_classes(ctx: &mut Ctx, list: &Pointer, n: usize) {
    for i in 0..n {
        let out = list.index(i);
        let has = |k: &str| ctx.get(&out.key(k)).is_some();
        if has("classification_classes") && !has("classification:classes") {
            let why = "read as the classes it names; an upgrade from DLM writes them as `classification:classes` (classification v1.1.0)";
            let (from, to) = ("classification_classes", "classification:classes");
            ctx.rename(&out, from, to, None, Fidelity::Lossy, why);
        }
    }
}

/// `mlm:tasks`: the DLM reader writes the outputs' tasks, in order, again.
fn mlm_tasks(ctx: &Ctx, props: &Pointer, tasks: &[String], fates: &mut Fates) {
    let at = props.key("mlm:tasks");
    let Some(v) = ctx.get(&at) else { return };
    // An upgrade writes `mlm:tasks` right before `mlm:output`.
    let keys: Vec<&String> = ctx
        .object(props)
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    let next = keys
        .iter()
        .position(|k| *k == "mlm:tasks")
        .and_then(|i| keys.get(i + 1));
    let in_place = next.is_some_and(|k| *k == "mlm:output");
    let (f, why) = if *v == json!(tasks) && in_place {
        (
            Fidelity::Lossless,
            "the tasks of the outputs, which DLM states",
        )
    } else if *v == json!(tasks) {
        (
            Fidelity::Assumed,
            "the tasks of the outputs, which DLM states; an upgrade writes them again, right before `mlm:output`",
        )
    } else {
        (
            Fidelity::Lossy,
            "DLM states a task per output only: the Item's other tasks are lost",
        )
    };
    fates.push((at, f, why.to_owned()));
}

/// One DLM output object and its task. `index`: its position when there are several (the DLM
/// reader then names it `<task>_<i>`).
fn one_output(
    obj: &Map<String, Value>,
    at: &Pointer,
    index: Option<usize>,
    fates: &mut Fates,
) -> (Map<String, Value>, Option<String>) {
    let mut out = Map::new();
    let mut push = |k: &str, f: Fidelity, why: &str| {
        fates.push((at.key(k), f, why.to_owned()));
    };
    let tasks: Vec<&str> = obj
        .member("tasks")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let task = tasks.first().map(|t| (*t).to_owned());
    if let Some(t) = &task {
        out.insert("task".into(), json!(t));
    }
    if obj.has_member("tasks") {
        match tasks.len() {
            0 | 1 => push("tasks", Fidelity::Lossless, "the output's `task`"),
            n => push(
                "tasks",
                Fidelity::Lossy,
                &format!("DLM states one task per output: the first of {n} is kept"),
            ),
        }
    }
    let base = task.clone().unwrap_or_else(|| "output".to_owned());
    let expected = index.map_or(base.clone(), |i| format!("{base}_{i}"));
    if let Some(name) = obj.member("name") {
        if name.as_str() == Some(expected.as_str()) {
            push(
                "name",
                Fidelity::Lossless,
                "DLM names an output by its task",
            );
        } else {
            push(
                "name",
                Fidelity::Lossy,
                "DLM names an output by its task: the name is lost",
            );
        }
    }
    let key = "classification:classes";
    let classes = obj.get(key).and_then(Value::as_array);
    let rank_class = result(obj, at, &mut out, fates);
    if classes.is_some_and(|c| c.is_empty()) {
        let why = "an empty list: DLM states no classes by omitting the mapping";
        fates.push((at.key(key), Fidelity::Lossy, why.into()));
    } else if let Some(c) = classes {
        class_mapping(c, &at.key(key), &mut out, fates);
        if rank_class {
            out.insert("number_of_classes".into(), json!(c.len()));
        }
    }
    if let Some(v) = obj.member("post_processing_function") {
        match python(v) {
            Some(v) => {
                out.insert("post_processing_function".into(), v);
                let why = "DLM's `post_processing_function` (a Python reference)";
                fates.push((
                    at.key("post_processing_function"),
                    Fidelity::Lossless,
                    why.into(),
                ));
            }
            None => {
                let why = "DLM's `post_processing_function` names a Python file: another Processing Expression has no DLM form";
                fates.push((
                    at.key("post_processing_function"),
                    Fidelity::Lossy,
                    why.into(),
                ));
            }
        }
    }
    let known = [
        "name",
        "tasks",
        "result",
        "classification:classes",
        "post_processing_function",
    ];
    for k in obj.keys().filter(|k| !known.contains(&k.as_str())) {
        let why = format!("DLM has no field for a Model Output's `{k}`");
        fates.push((at.key(k), Fidelity::Lossy, why));
    }
    (out, task)
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

/// The dimension names the DLM reader gives a `final_layer_size` of each rank.
fn dims_of_rank(rank: usize) -> Option<&'static [&'static str]> {
    match rank {
        4 => Some(&["batch", "class", "height", "width"]),
        3 => Some(&["batch", "height", "width"]),
        2 => Some(&["batch", "class"]),
        _ => None,
    }
}

/// `result.shape` → `final_layer_size`; true when the shape has a class axis (rank 4 or 2).
fn result(
    obj: &Map<String, Value>,
    at: &Pointer,
    out: &mut Map<String, Value>,
    fates: &mut Fates,
) -> bool {
    let Some(r) = obj.member("result").and_then(Value::as_object) else {
        if obj.has_member("result") {
            let why = "not a tensor object: DLM has no form for it";
            fates.push((at.key("result"), Fidelity::Lossy, why.into()));
        }
        return false;
    };
    let t = at.key("result");
    let shape = r
        .member("shape")
        .and_then(Value::as_array)
        // DLM states concrete sizes (each > 0): a variable (-1) axis has no DLM form.
        .filter(|s| s.iter().all(|x| x.as_i64().is_some_and(|n| n >= 1)));
    let mut rank_class = false;
    if let Some(s) = shape {
        out.insert("final_layer_size".into(), Value::Array(s.clone()));
        fates.push((
            t.key("shape"),
            Fidelity::Lossless,
            "`final_layer_size`".into(),
        ));
        rank_class = s.len() == 4 || s.len() == 2;
        let dims: Option<Vec<&str>> = r
            .member("dim_order")
            .and_then(Value::as_array)
            .map(|d| d.iter().filter_map(Value::as_str).collect());
        if let Some(d) = dims {
            let (f, why) = if dims_of_rank(s.len()).is_some_and(|want| d == want) {
                (
                    Fidelity::Lossless,
                    "what DLM implies by the rank of `final_layer_size`",
                )
            } else {
                (Fidelity::Lossy, "DLM names no output dimensions")
            };
            fates.push((t.key("dim_order"), f, why.into()));
        }
    }
    for (k, v) in r {
        let (f, why) = match k.as_str() {
            "shape" | "dim_order" if shape.is_none() => (
                Fidelity::Lossy,
                "DLM states only a `final_layer_size` of integers ≥ 1".to_owned(),
            ),
            "shape" | "dim_order" => continue,
            "data_type" if v.as_str() == Some("float32") && shape.is_some() => (
                Fidelity::Lossless,
                "DLM has no tensor type; an upgrade assumes `float32` again".to_owned(),
            ),
            _ => (
                Fidelity::Lossy,
                format!("DLM has no field for the output tensor's `{k}`"),
            ),
        };
        fates.push((t.key(k), f, why));
    }
    rank_class
}

/// classification Class objects → `class_name_mapping` `[{index, class_name}]` (the form both
/// DLM betas accept) and the `nodata` class as `dont_care_index`.
fn class_mapping(classes: &[Value], at: &Pointer, out: &mut Map<String, Value>, fates: &mut Fates) {
    let mut mapping = Vec::new();
    let mut dont_care = None;
    for (i, c) in classes.iter().enumerate() {
        let p = at.index(i);
        let (Some(value), Some(name)) = (
            c.member("value").filter(|v| v.as_i64().is_some()),
            c.member("name").and_then(Value::as_str),
        ) else {
            let why = "a class without an integer `value` and a `name`: DLM has no form for it";
            fates.push((p, Fidelity::Lossy, why.into()));
            continue;
        };
        mapping.push(json!({"index": value, "class_name": name}));
        for (k, v) in c.as_object().into_iter().flatten() {
            let (f, why) = match k.as_str() {
                "value" | "name" => continue,
                "description" if v.as_str() == Some(name) => (
                    Fidelity::Lossless,
                    "repeats the name, as an upgrade writes it again".to_owned(),
                ),
                "nodata" if *v == Value::Bool(true) && dont_care.is_none() => {
                    dont_care = Some(value.clone());
                    (Fidelity::Lossless, "`dont_care_index`".to_owned())
                }
                "nodata" if *v == Value::Bool(false) => (
                    Fidelity::Lossy,
                    "DLM states only the don't-care class".to_owned(),
                ),
                _ => (
                    Fidelity::Lossy,
                    format!("DLM has no field for a class's `{k}`"),
                ),
            };
            fates.push((p.key(k), f, why));
        }
    }
    out.insert("class_name_mapping".into(), Value::Array(mapping));
    if let Some(d) = dont_care {
        out.insert("dont_care_index".into(), d);
    }
}
