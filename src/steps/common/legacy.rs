//! Steps both legacy readers end with: required MLM fields that have no legacy source, the
//! model-asset check, and legacy fields no reader consumed.

use serde_json::{Value, json};

use crate::kernel::edit::{Ctx, Pos};
use crate::kernel::pointer::Pointer;
use crate::kernel::records::Code;
use crate::kernel::records::{Diagnostic, Fidelity, Severity};
use crate::kernel::scope::{DocKind, Scope};
use crate::kernel::versions::Family;
use crate::steps::Transform;
use crate::steps::common::carry;
use crate::steps::transform::Inverse;

/// `collection-summaries-schema-bug`: see [`Code::what`].
pub(crate) const COLLECTION_SUMMARIES_SCHEMA_BUG: Code = Code::new(
    "collection-summaries-schema-bug",
    "Every MLM schema validates each Collection summary as an object, so list summaries such as `\"mlm:tasks\": [\"regression\"]` fail: the converted Collection is not schema-valid because of a schema bug, not a conversion error.",
    "Nothing in the document; validate the Items.",
);

/// `architecture-unknown`: see [`Code::what`].
pub(crate) const ARCHITECTURE_UNKNOWN: Code = Code::new(
    "architecture-unknown",
    "`mlm:architecture` (required) has no legacy source; the placeholder `unknown` was written.",
    "Name the model architecture.",
);

/// `tasks-unknown`: see [`Code::what`].
pub(crate) const TASKS_UNKNOWN: Code = Code::new(
    "tasks-unknown",
    "The legacy item states no task; `mlm:tasks` is an empty list, which the schema accepts.",
    "List the model's tasks.",
);

/// `legacy-field-not-converted`: see [`Code::what`].
pub(crate) const LEGACY_FIELD_NOT_CONVERTED: Code = Code::new(
    "legacy-field-not-converted",
    "A Collection carries `dlm:` fields; the DLM readers convert Items only, so they are left in place.",
    "Convert the Items; update the Collection summaries by hand.",
);

/// `model-interface-unknown`: see [`Code::what`].
pub(crate) const MODEL_INTERFACE_UNKNOWN: Code = Code::new(
    "model-interface-unknown",
    "The legacy item does not describe the model's inputs or outputs; `mlm:input` / `mlm:output` are empty lists (valid) — shapes and data types are never invented.",
    "Describe the input and output tensors (shape, dim_order, data_type).",
);

/// `name-assumed`: see [`Code::what`].
pub(crate) const NAME_ASSUMED: Code = Code::new(
    "name-assumed",
    "`mlm:name` (required) has no legacy source; it was taken from the Item `title`, else its `id`, then fitted to the name pattern.",
    "Set the model's real name if it differs.",
);

/// `no-model-asset`: see [`Code::what`].
pub(crate) const NO_MODEL_ASSET: Code = Code::new(
    "no-model-asset",
    "After conversion no asset has role `mlm:model`: the legacy item points at no model artifact (e.g. the ML-Model `dummy` example has only a compose file). The output is not valid MLM; no fake asset is added.",
    "Add the model file as an asset with role `mlm:model` and `mlm:artifact_type`.",
);

/// See [`Transform::what`].
pub(crate) const REQUIRED_FIELDS: Transform = Transform {
    name: "legacy_required_fields",
    forward: required_fields,
    inverse: Inverse::Fn(super::legacy_back::required_fields_back, Fidelity::Assumed),
    what: "Fills the Item properties MLM requires when the legacy item had no source for them, \
           with neutral values the schema accepts, each flagged: `mlm:name` from \
           `title`, else the Item `id` (the writer then fits it to the name pattern); \
           `mlm:architecture` the placeholder `unknown`; `mlm:tasks`, `mlm:input`, `mlm:output` \
           empty lists. Shapes and data types are never invented. Backwards (writing DLM or \
           ML-Model, which name no model): a name equal to the title (else the id) goes, another \
           is kept as the Item `title` (assumed); empty `mlm:input` / `mlm:output` go.",
    before: r#"{"id": "model-item", "properties": {"mlm:architecture": "RCNN"}}"#,
    after: r#"{"id": "model-item", "properties": {"mlm:name": "model-item", "mlm:architecture": "RCNN", "mlm:tasks": [], "mlm:input": [], "mlm:output": []}}"#,
};

/// True while `ml-model:` fields remain: a DLM + ML-Model item runs the ML-Model edge after
/// the DLM edge (`rules::union_path`), and the checks of the last legacy edge apply.
fn ml_model_pending(ctx: &Ctx, props: &Pointer) -> bool {
    ctx.object(props)
        .is_some_and(|p| p.keys().any(|k| k.starts_with("ml-model:")))
}

fn required_fields(ctx: &mut Ctx, props: &Pointer) {
    if !matches!(ctx.kind(), DocKind::Item | DocKind::Metadata) || ml_model_pending(ctx, props) {
        return;
    }
    name(ctx, props);
    let placeholders = [
        (
            "mlm:architecture",
            json!("unknown"),
            Fidelity::Manual,
            ARCHITECTURE_UNKNOWN,
            "no architecture is stated: wrote the placeholder `unknown`",
            "name the model architecture",
        ),
        (
            "mlm:tasks",
            json!([]),
            Fidelity::Assumed,
            TASKS_UNKNOWN,
            "no task is stated: `mlm:tasks` is empty",
            "list the model's tasks",
        ),
    ];
    for (key, value, fidelity, code, msg, hint) in placeholders {
        if ctx.get(&props.key(key)).is_none() {
            let why = format!("MLM requires `{key}`; the legacy item states none");
            ctx.add(props, key, value, Pos::End, fidelity, why);
            ctx.diag(
                Diagnostic::new(code, Severity::Warning, msg)
                    .at(props.key(key))
                    .hint(hint),
            );
        }
    }
    interface(ctx, props);
}

/// `mlm:input` / `mlm:output` as empty lists: never invented shapes or data types.
fn interface(ctx: &mut Ctx, props: &Pointer) {
    let missing: Vec<&str> = ["mlm:input", "mlm:output"]
        .into_iter()
        .filter(|k| ctx.get(&props.key(k)).is_none())
        .collect();
    for k in &missing {
        let why = format!(
            "MLM requires `{k}`; the legacy item does not describe the model interface: empty list, nothing invented"
        );
        ctx.add(props, k, json!([]), Pos::End, Fidelity::Assumed, why);
    }
    if !missing.is_empty() {
        let msg = format!(
            "the model's inputs and outputs are not described: {} written as empty lists",
            missing.join(", ")
        );
        ctx.diag(
            Diagnostic::new(MODEL_INTERFACE_UNKNOWN, Severity::Warning, msg)
                .at(props.clone())
                .hint("describe the input and output tensors (shape, dim_order, data_type)"),
        );
    }
}

fn name(ctx: &mut Ctx, props: &Pointer) {
    if ctx.get(&props.key("mlm:name")).is_some() {
        return;
    }
    let title = ctx
        .get(&props.key("title"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    let id = ctx.get(&Pointer::root().key("id")).and_then(|v| {
        v.as_str()
            .map(str::to_owned)
            .or_else(|| v.as_number().map(ToString::to_string))
    });
    let (value, from) = match (title, id) {
        (Some(t), _) => (t, "`title`"),
        (None, Some(i)) => (i, "the Item `id`"),
        (None, None) => ("model".to_owned(), "nothing (placeholder)"),
    };
    let pos = if ctx.get(&props.key("title")).is_some() {
        Pos::After("title")
    } else {
        Pos::End
    };
    let fidelity = if from.starts_with("nothing") {
        Fidelity::Manual
    } else {
        Fidelity::Assumed
    };
    let why = format!("MLM requires `mlm:name`; taken from {from}");
    ctx.add(props, "mlm:name", json!(value), pos, fidelity, why);
    ctx.diag(
        Diagnostic::new(
            NAME_ASSUMED,
            Severity::Info,
            format!("`mlm:name` taken from {from}"),
        )
        .at(props.key("mlm:name")),
    );
}

/// See [`Transform::what`].
pub(crate) const MODEL_ASSET: Transform = Transform {
    name: "legacy_model_asset",
    forward: model_asset,
    inverse: Inverse::Keep("the transform only reports (it changes nothing)."),
    what: "Reports an Item that has no asset with role `mlm:model` after conversion as not valid \
           MLM. No asset is tagged as the model and no artifact is invented.",
    before: r#"{"assets": {"model": {"href": "./inferencing.yml", "roles": ["mlm:inference-runtime", "runtime"]}}}"#,
    after: "(unchanged; error diagnostic `no-model-asset`)",
};

fn model_asset(ctx: &mut Ctx, _root: &Pointer) {
    let props = Pointer::root().key("properties");
    if ctx.kind() != DocKind::Item
        || ml_model_pending(ctx, &props)
        || !ctx.containers(Scope::ModelAsset).is_empty()
    {
        return;
    }
    let target = ctx.target();
    if target.family() != Family::Mlm {
        return;
    }
    ctx.diag(
        Diagnostic::new(NO_MODEL_ASSET, Severity::Error, format!("not valid {target}: no asset is the model (role `mlm:model`); the legacy item points at no model artifact"))
            .at(Pointer::root().key("assets"))
            .hint("add the model file as an asset with roles [\"mlm:model\", …] and `mlm:artifact_type`"),
    );
}

/// See [`Transform::what`].
pub(crate) const DLM_LEFTOVERS: Transform = Transform {
    name: "dlm_leftovers",
    forward: dlm_leftovers,
    inverse: Inverse::Keep("the fields it removed had no meaning; they are not restored."),
    what: "Removes `dlm:` fields no DLM reader converted (unknown to DLM beta2 and beta.3), each \
           as a lossy change; MLM 1.0–1.3 reject `dlm:` fields. In Collections, DLM fields are \
           left in place and reported.",
    before: r#"{"dlm:custom": 1}"#,
    after: "{}",
};

fn dlm_leftovers(ctx: &mut Ctx, _root: &Pointer) {
    leftovers(ctx, "dlm:");
}

/// See [`Transform::what`].
pub(crate) const ML_MODEL_LEFTOVERS: Transform = Transform {
    name: "ml_model_leftovers",
    forward: ml_model_leftovers,
    inverse: Inverse::Keep("the fields it removed had no meaning; they are not restored."),
    what: "Removes `ml-model:` fields no ML-Model reader converted (the v1.0.0 schema forbids \
           any other), each as a lossy change.",
    before: r#"{"ml-model:custom": 1}"#,
    after: "{}",
};

fn ml_model_leftovers(ctx: &mut Ctx, _root: &Pointer) {
    leftovers(ctx, "ml-model:");
}

fn leftovers(ctx: &mut Ctx, prefix: &str) {
    let mut holders = vec![Pointer::root()];
    holders.extend(ctx.containers(Scope::Properties));
    holders.extend(ctx.containers(Scope::Asset));
    for at in holders {
        let keys: Vec<String> = ctx
            .object(&at)
            .into_iter()
            .flat_map(|o| o.keys())
            .filter(|k| k.starts_with(prefix))
            .cloned()
            .collect();
        for k in keys {
            let p = at.key(&k);
            if ctx.kind() == DocKind::Collection && prefix == "dlm:" {
                ctx.diag(
                    Diagnostic::new(
                        LEGACY_FIELD_NOT_CONVERTED,
                        Severity::Warning,
                        format!("`{k}` in a Collection is not converted"),
                    )
                    .at(ctx.input_of(&p)),
                );
                continue;
            }
            carry::drop_member(
                ctx,
                &p,
                Fidelity::Lossy,
                &format!("`{k}` is not a field the {prefix} reader knows: no MLM equivalent"),
            );
        }
    }
}

/// See [`Transform::what`].
pub(crate) const COLLECTION_SUMMARIES: Transform = Transform {
    name: "legacy_collection_summaries",
    forward: collection_summaries,
    inverse: Inverse::Keep("the transform only reports (it changes nothing)."),
    what: "Reports a converted Collection whose `mlm:` summaries are lists as not valid MLM: \
           every MLM schema validates each summary value as an object, so a normal list summary \
           such as `\"mlm:tasks\": [\"regression\"]` fails (a schema bug). \
           The summaries are kept as STAC defines them.",
    before: r#"{"type": "Collection", "summaries": {"mlm:tasks": ["regression"]}}"#,
    after: "(unchanged; warning `collection-summaries-schema-bug`)",
};

fn collection_summaries(ctx: &mut Ctx, _root: &Pointer) {
    if ctx.kind() != DocKind::Collection {
        return;
    }
    let at = Pointer::root().key("summaries");
    let lists: Vec<String> = ctx
        .object(&at)
        .into_iter()
        .flatten()
        .filter(|(k, v)| k.starts_with("mlm:") && !v.is_object())
        .map(|(k, _)| format!("`{k}`"))
        .collect();
    let target = ctx.target();
    if !lists.is_empty() && target.family() == Family::Mlm {
        let msg = format!(
            "not valid {target} because of a schema bug: the MLM schema requires every Collection summary to be an object, so the list summaries {} fail",
            lists.join(", ")
        );
        ctx.diag(
            Diagnostic::new(COLLECTION_SUMMARIES_SCHEMA_BUG, Severity::Warning, msg)
                .at(at)
                .hint("nothing to fix in the document; validate the Items instead"),
        );
    }
}
