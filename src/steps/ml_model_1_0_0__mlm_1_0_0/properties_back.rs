//! Writing ML-Model v1.0.0 Item properties from MLM (the inverses of [`super::properties`]):
//! the first task as `ml-model:prediction_type`, the training hyperparameters as the
//! ML-Model training fields. ML-Model requires `ml-model:learning_approach` and
//! `ml-model:prediction_type`; with no source, each is the placeholder `unknown` (manual), never
//! a guess (<https://github.com/stac-extensions/mlm/blob/v1.0.0/docs/legacy/ml-model.md>).

use serde_json::{Value, json};

use crate::kernel::edit::{Ctx, Pos};
use crate::kernel::pointer::Pointer;
use crate::kernel::records::Fidelity;
use crate::kernel::scope::DocKind;

/// The placeholder written for a required ML-Model field with no source; read back as nothing.
pub(super) const PLACEHOLDER: &str = "unknown";

/// `mlm:tasks` → `ml-model:prediction_type` (one string: the first task).
pub(super) fn prediction_type_back(ctx: &mut Ctx, props: &Pointer) {
    let field = "ml-model:prediction_type";
    if ctx.get(&props.key(field)).is_some() {
        return;
    }
    let tasks = ctx.get(&props.key("mlm:tasks")).cloned();
    if ctx.kind() == DocKind::Collection {
        if tasks.is_some() {
            let msg = "the summarised tasks are the summarised ML-Model prediction types";
            ctx.rename(props, "mlm:tasks", field, None, Fidelity::Lossless, msg);
        }
        return;
    }
    let list: Vec<Value> = match &tasks {
        Some(Value::Array(a)) => a.clone(),
        Some(v) => vec![v.clone()],
        None => Vec::new(),
    };
    let (value, fidelity, msg) = match list.as_slice() {
        [] => (
            json!(PLACEHOLDER),
            Fidelity::Manual,
            "ML-Model requires a prediction type and the item states no task: the placeholder `unknown`".to_owned(),
        ),
        [one] => (
            one.clone(),
            Fidelity::Lossless,
            "ML-Model states one prediction type: the task".to_owned(),
        ),
        [first, ..] => (
            first.clone(),
            Fidelity::Lossy,
            format!(
                "ML-Model states one prediction type: the first of {} tasks is kept, the others are lost",
                list.len()
            ),
        ),
    };
    if tasks.is_some() {
        ctx.rename(props, "mlm:tasks", field, Some(value), fidelity, msg);
    } else {
        ctx.add(props, field, value, Pos::End, fidelity, msg);
    }
}

/// ML-Model training field → `mlm:hyperparameters` key, as the forward carries them.
const TRAINING: [(&str, &str); 3] = [
    ("ml-model:learning_approach", "learning_approach"),
    ("ml-model:training-os", "training_os"),
    (
        "ml-model:training-processor-type",
        "training_processor_type",
    ),
];

/// `mlm:hyperparameters` training keys → the ML-Model training fields (in Item properties, at
/// the place of `mlm:hyperparameters`); an emptied `mlm:hyperparameters` goes. The other
/// hyperparameters have no ML-Model field: the writer removes them as lossy.
pub(super) fn training_back(ctx: &mut Ctx, props: &Pointer) {
    if ctx.kind() != DocKind::Item && ctx.kind() != DocKind::Metadata {
        return;
    }
    let hp = props.key("mlm:hyperparameters");
    if ctx.object(&hp).is_some() {
        for (field, key) in TRAINING {
            if ctx.get(&hp.key(key)).is_none() || ctx.get(&props.key(field)).is_some() {
                continue;
            }
            let msg = "an ML-Model training field, kept as a hyperparameter by MLM";
            let pos = Pos::Before("mlm:hyperparameters");
            ctx.move_to(&hp.key(key), props, field, pos, Fidelity::Lossless, msg);
        }
        if ctx.object(&hp).is_some_and(serde_json::Map::is_empty) {
            let msg = "every hyperparameter was an ML-Model training field";
            ctx.remove(&hp, Fidelity::Lossless, msg);
        }
    }
    let approach = props.key(TRAINING[0].0);
    if ctx.get(&approach).is_none() {
        let pos = if ctx.get(&hp).is_some() {
            Pos::Before("mlm:hyperparameters")
        } else {
            Pos::End
        };
        let msg = "ML-Model requires a learning approach and the item states none: the placeholder `unknown`";
        ctx.add(
            props,
            TRAINING[0].0,
            json!(PLACEHOLDER),
            pos,
            Fidelity::Manual,
            msg,
        );
    }
}
