//! ML-Model v1.0.0 Item properties → MLM.
//!
//! `ml-model:type` (dropped) and `ml-model:architecture` (renamed) are data rows; this module
//! holds what computes: the prediction type as a task list, and the training fields, which
//! describe *training* and therefore do not go to MLM's inference fields (`mlm:accelerator`…)
//! but to `mlm:hyperparameters`, where a downgrade finds them again.

use serde_json::{Map, Value, json};

use crate::kernel::edit::{Ctx, Pos};
use crate::kernel::pointer::Pointer;
use crate::kernel::records::Code;
use crate::kernel::records::{Diagnostic, Fidelity, Severity};
use crate::kernel::scope::DocKind;
use crate::steps::Transform;
use crate::steps::common::carry::{self, Dest};
use crate::steps::common::vocab::TASK_UNKNOWN;
use crate::steps::common::vocab::TASKS;
use crate::steps::transform::Inverse;

/// `training-environment-not-inference`: see [`Code::what`].
pub(crate) const TRAINING_ENVIRONMENT_NOT_INFERENCE: Code = Code::new(
    "training-environment-not-inference",
    "ML-Model's training OS / processor type describe training; they are kept in `mlm:hyperparameters`, and `mlm:accelerator` (inference) is not set.",
    "Nothing.",
);

/// See [`Transform::what`].
pub(super) const PREDICTION_TYPE: Transform = Transform {
    name: "ml_model_prediction_type",
    forward: prediction_type,
    inverse: Inverse::Fn(
        super::properties_back::prediction_type_back,
        Fidelity::Manual,
    ),
    what: "Converts `ml-model:prediction_type` into `mlm:tasks` (a list; in Collection summaries \
           the list of values is kept): the name is lower-cased with spaces and underscores as \
           hyphens; a value that still is not an MLM task is not written (the schema enum is \
           strict) and is reported, and its loss recorded. Backwards the first task is the \
           prediction type (the others are lost); no task writes the placeholder `unknown` \
           (manual), which an upgrade reads as no task.",
    before: r#"{"ml-model:prediction_type": "object-detection"}"#,
    after: r#"{"mlm:tasks": ["object-detection"]}"#,
};

fn task(s: &str) -> Option<String> {
    let t = s.trim().to_lowercase().replace([' ', '_'], "-");
    TASKS.contains(&t.as_str()).then_some(t)
}

fn prediction_type(ctx: &mut Ctx, props: &Pointer) {
    let from = props.key("ml-model:prediction_type");
    let values: Vec<Value> = match ctx.get(&from) {
        Some(Value::String(s)) => vec![json!(s)],
        Some(Value::Array(a)) => a.clone(),
        _ => return,
    };
    let (known, unknown): (Vec<_>, Vec<_>) = values
        .iter()
        .map(|v| (v, v.as_str().and_then(task)))
        .partition(|(_, t)| t.is_some());
    let tasks: Vec<String> = known.into_iter().filter_map(|(_, t)| t).collect();
    let lost: Vec<String> = unknown.into_iter().map(|(v, _)| v.to_string()).collect();
    if !lost.is_empty() {
        let msg = format!(
            "prediction type {} is not an MLM task: it is not written",
            lost.join(", ")
        );
        ctx.diag(
            Diagnostic::new(TASK_UNKNOWN, Severity::Warning, msg)
                .at(ctx.input_of(&from))
                .hint(format!("use one of: {}", TASKS.join(", "))),
        );
    }
    if tasks.is_empty() {
        ctx.remove(
            &from,
            Fidelity::Lossy,
            "not an MLM task: no MLM field can hold it",
        );
        return;
    }
    if add_to_existing_tasks(ctx, props, &from, &tasks, lost.is_empty()) {
        return;
    }
    let dest = Dest::new(
        props.clone(),
        "mlm:tasks",
        Pos::Before("ml-model:prediction_type"),
    );
    let why = "the ML-Model prediction type is the model's task";
    let landed = carry::land(ctx, &dest, json!(tasks), Fidelity::Lossless, why);
    let fidelity = if lost.is_empty() {
        Fidelity::Lossless
    } else {
        Fidelity::Lossy
    };
    carry::consume(ctx, &from, landed, &dest.at(), fidelity);
}

/// An item mixing families may already list the prediction type in `mlm:tasks`: that is the
/// same statement, not a conflict. Tasks it lacks are appended (a list holds them all). False
/// when there is no `mlm:tasks` list.
fn add_to_existing_tasks(
    ctx: &mut Ctx,
    props: &Pointer,
    from: &Pointer,
    tasks: &[String],
    all_known: bool,
) -> bool {
    let list = props.key("mlm:tasks");
    let Some(existing) = ctx.get(&list).and_then(Value::as_array).cloned() else {
        return false;
    };
    let mut missing: Vec<&String> = Vec::new();
    for t in tasks {
        if !existing.iter().any(|e| e.as_str() == Some(t)) && !missing.contains(&t) {
            missing.push(t);
        }
    }
    for t in &missing {
        let why = format!("the ML-Model prediction type `{t}` is also a task of the model");
        ctx.push(&list, json!(t), Fidelity::Lossless, why);
    }
    let (fidelity, why) = match (missing.is_empty(), all_known) {
        (true, true) => (Fidelity::Lossless, "`mlm:tasks` already lists it"),
        (false, true) => (Fidelity::Lossless, "its tasks were added to `mlm:tasks`"),
        (_, false) => (
            Fidelity::Lossy,
            "its MLM tasks are in `mlm:tasks`; the rest is not an MLM task",
        ),
    };
    ctx.remove(from, fidelity, why);
    true
}

/// Training fields → `mlm:hyperparameters` keys.
const TRAINING: [(&str, &str); 3] = [
    ("ml-model:learning_approach", "learning_approach"),
    ("ml-model:training-os", "training_os"),
    (
        "ml-model:training-processor-type",
        "training_processor_type",
    ),
];

/// The pre-release nested form (seed 004): `ml-model:training-environment` members.
const ENVIRONMENT: [(&str, &str); 2] = [
    ("operating-system", "training_os"),
    ("processor-type", "training_processor_type"),
];

/// See [`Transform::what`].
pub(super) const TRAINING_FIELDS: Transform = Transform {
    name: "ml_model_training",
    forward: training,
    inverse: Inverse::Fn(super::properties_back::training_back, Fidelity::Manual),
    what: "Keeps `ml-model:learning_approach`, `ml-model:training-os` and \
           `ml-model:training-processor-type` (and the pre-release `ml-model:training-environment` \
           object) as `mlm:hyperparameters` keys `learning_approach`, `training_os`, \
           `training_processor_type`: they describe training, while MLM's framework and \
           accelerator fields describe inference. Collection summaries \
           list one hyperparameters object per value. Backwards those keys become the ML-Model \
           fields again; the required learning approach, when none is stated, is the \
           placeholder `unknown` (manual), which an upgrade reads as nothing.",
    before: r#"{"ml-model:learning_approach": "supervised", "ml-model:training-processor-type": "gpu"}"#,
    after: r#"{"mlm:hyperparameters": {"learning_approach": "supervised", "training_processor_type": "gpu"}}"#,
};

/// (legacy pointer, hyperparameter key, value) of every training field present.
fn training_sources(ctx: &Ctx, props: &Pointer) -> Vec<(Pointer, &'static str, Value)> {
    let mut out = Vec::new();
    for (field, key) in TRAINING {
        let placeholder = json!(super::properties_back::PLACEHOLDER);
        if let Some(v) = ctx.get(&props.key(field)).filter(|v| **v != placeholder) {
            out.push((props.key(field), key, v.clone()));
        }
    }
    let env = props.key("ml-model:training-environment");
    for (field, key) in ENVIRONMENT {
        if let Some(v) = ctx.get(&env.key(field)) {
            out.push((env.key(field), key, v.clone()));
        }
    }
    out
}

fn training(ctx: &mut Ctx, props: &Pointer) {
    let approach = props.key(TRAINING[0].0);
    if ctx.get(&approach) == Some(&json!(super::properties_back::PLACEHOLDER)) {
        let msg = "the placeholder `unknown` says nothing";
        ctx.remove(&approach, Fidelity::Lossless, msg);
    }
    let sources = training_sources(ctx, props);
    if sources.is_empty() {
        carry::finish_block(ctx, &props.key("ml-model:training-environment"));
        return;
    }
    if sources.iter().any(|(_, k, _)| k.starts_with("training")) {
        ctx.diag(Diagnostic::new(TRAINING_ENVIRONMENT_NOT_INFERENCE, Severity::Info, "the ML-Model training OS / processor describe training, not inference: kept in `mlm:hyperparameters`, `mlm:accelerator` is not set").at(props.clone()));
    }
    let hp = props.key("mlm:hyperparameters");
    let first = sources[0].0.split_last().map_or(String::new(), |(_, k)| k);
    let pos = Pos::Before(&first);
    if ctx.kind() == DocKind::Collection {
        summaries(ctx, props, &sources, pos);
    } else {
        if ctx.get(&hp).is_none() {
            let why = "the ML-Model training fields have no MLM field of their own";
            ctx.add(
                props,
                "mlm:hyperparameters",
                json!({}),
                pos,
                Fidelity::Lossless,
                why,
            );
        }
        for (from, key, _) in &sources {
            let dest = Dest::new(hp.clone(), key, Pos::End);
            carry::carry(
                ctx,
                from,
                &dest,
                Fidelity::Lossless,
                "kept as a training hyperparameter",
            );
        }
    }
    carry::finish_block(ctx, &props.key("ml-model:training-environment"));
}

/// Collection summaries: one `{key: value}` object per summarised value.
fn summaries(
    ctx: &mut Ctx,
    props: &Pointer,
    sources: &[(Pointer, &'static str, Value)],
    pos: Pos<'_>,
) {
    let hp = props.key("mlm:hyperparameters");
    if ctx.get(&hp).is_none() {
        ctx.add(
            props,
            "mlm:hyperparameters",
            json!([]),
            pos,
            Fidelity::Lossless,
            "summary of the ML-Model training fields as hyperparameters",
        );
    }
    for (from, key, value) in sources {
        let values = match value {
            Value::Array(a) => a.clone(),
            other => vec![other.clone()],
        };
        let mut kept = true;
        for v in values {
            let mut o = Map::new();
            o.insert((*key).to_owned(), v);
            kept &= ctx.push(
                &hp,
                Value::Object(o),
                Fidelity::Lossless,
                "one summarised value",
            );
        }
        if kept {
            ctx.remove(
                from,
                Fidelity::Lossless,
                "converted into the `mlm:hyperparameters` summary",
            );
        } else {
            ctx.remove(
                from,
                Fidelity::Lossy,
                "the existing `mlm:hyperparameters` summary is not a list",
            );
        }
    }
}
