//! MLM 1.4.0 `mlm:artifact_type`: required on every `mlm:model` asset, forbidden elsewhere.

use serde_json::Value;

use crate::kernel::edit::{Ctx, Pos};
use crate::kernel::pointer::{Members, Pointer};
use crate::kernel::records::Code;
use crate::kernel::records::{Diagnostic, Fidelity, Severity};
use crate::kernel::scope::{DocKind, Scope, has_model_role};
use crate::steps::Transform;
use crate::steps::common::artifact::infer;
use crate::steps::transform::Inverse;

/// `artifact-type-on-non-model`: see [`Code::what`].
pub(crate) const ARTIFACT_TYPE_ON_NON_MODEL: Code = Code::new(
    "artifact-type-on-non-model",
    "`mlm:artifact_type` sat on an asset without role `mlm:model`; MLM 1.4.0 forbids that and it was removed.",
    "If the asset is the model file, add role `mlm:model` and set `mlm:artifact_type` again.",
);

/// `artifact-type-unknown`: see [`Code::what`].
pub(crate) const ARTIFACT_TYPE_UNKNOWN: Code = Code::new(
    "artifact-type-unknown",
    "A model asset needs `mlm:artifact_type` (MLM 1.4.0+) and nothing in the item says how the file was saved; the placeholder `unknown` was written.",
    "Replace `unknown` by the saving function, e.g. `torch.save`, `torch.export.save`, `tf.keras.Model.save`.",
);

/// See [`Transform::what`].
pub(super) const ARTIFACT_TYPE: Transform = Transform {
    name: "artifact_type",
    forward: artifact_type,
    inverse: Inverse::Keep(
        "MLM ≤ 1.3 accepts any `mlm:` field on assets and its README documents `mlm:artifact_type`; the field stays on the model asset (an MLM ≤ 1.3 writer keeps it, a closed older schema would remove it as lossy).",
    ),
    what: "Puts `mlm:artifact_type` where MLM 1.4.0 wants it: moved from Item properties to the model \
           asset(s); inferred for a model asset that lacks it, from the file extension, the media \
           type and the framework (`.pt`/`.pth`/`.ckpt` or PyTorch → `torch.save`, `.pt2` → \
           `torch.export.save`, `.keras` → `tf.keras.Model.save`, `.h5` → \
           `tf.keras.Model.save_weights`, `.safetensors` → `safetensors.<framework>.save_file`); \
           with no evidence the placeholder `unknown` is written for a person to replace \
           (`--strict` refuses). Removed from assets without role `mlm:model`.",
    before: r#"{"weights": {"href": "resnet18.pth", "roles": ["mlm:model", "mlm:weights"]}}"#,
    after: r#"{"weights": {"href": "resnet18.pth", "roles": ["mlm:model", "mlm:weights"], "mlm:artifact_type": "torch.save"}}"#,
};

fn artifact_type(ctx: &mut Ctx, _at: &Pointer) {
    if ctx.kind() != DocKind::Item {
        return;
    }
    let props = Pointer::root().key("properties");
    let assets = ctx.containers(Scope::Asset);
    let models: Vec<Pointer> = assets
        .iter()
        .filter(|a| ctx.get(a).is_some_and(has_model_role))
        .cloned()
        .collect();
    from_properties(ctx, &props, &models);
    let framework = ctx
        .get(&props.key("mlm:framework"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    for m in &models {
        if ctx.get(&m.key("mlm:artifact_type")).is_some() {
            continue;
        }
        // Read on a borrow (the asset is not cloned): the evidence, and where the field goes.
        let Some(asset) = ctx.get(m) else {
            continue;
        };
        let fw = asset
            .member("mlm:framework")
            .and_then(Value::as_str)
            .or(framework.as_deref());
        let inferred = infer(asset, fw);
        let has_roles = asset.member("roles").is_some();
        let (value, fidelity, why) = match inferred {
            Some((v, why)) => (v, Fidelity::Assumed, format!("inferred from {why}")),
            None => {
                ctx.diag(
                    Diagnostic::new(ARTIFACT_TYPE_UNKNOWN, Severity::Warning, "no evidence for `mlm:artifact_type`: wrote the placeholder `unknown`")
                        .at(m.key("mlm:artifact_type"))
                        .hint("set it to how the file was saved, e.g. `torch.save`, `torch.export.save`, `tf.keras.Model.save`"),
                );
                (
                    "unknown".to_owned(),
                    Fidelity::Manual,
                    "no evidence: placeholder".to_owned(),
                )
            }
        };
        let pos = if has_roles {
            Pos::After("roles")
        } else {
            Pos::End
        };
        ctx.add(
            m,
            "mlm:artifact_type",
            Value::String(value),
            pos,
            fidelity,
            format!("`mlm:artifact_type` is required on model assets from MLM 1.4.0; {why}"),
        );
    }
    for a in assets.iter().filter(|a| !models.contains(a)) {
        let p = a.key("mlm:artifact_type");
        if ctx.get(&p).is_some() {
            ctx.remove(
                &p,
                Fidelity::Lossy,
                "`mlm:artifact_type` is forbidden on assets without role `mlm:model` (MLM 1.4.0)",
            );
            ctx.diag(Diagnostic::new(ARTIFACT_TYPE_ON_NON_MODEL, Severity::Warning, "removed `mlm:artifact_type` from an asset that is not the model").at(a.clone()).hint("if this asset is the model file, give it the role `mlm:model` and set `mlm:artifact_type` again"));
        }
    }
}

fn from_properties(ctx: &mut Ctx, props: &Pointer, models: &[Pointer]) {
    let from = props.key("mlm:artifact_type");
    let Some(value) = ctx.get(&from).cloned() else {
        return;
    };
    let free: Vec<&Pointer> = models
        .iter()
        .filter(|m| ctx.get(&m.key("mlm:artifact_type")).is_none())
        .collect();
    let msg =
        "`mlm:artifact_type` belongs on the model asset (forbidden in properties from MLM 1.4.0)";
    if let [only] = free.as_slice() {
        let pos = if ctx.get(&only.key("roles")).is_some() {
            Pos::After("roles")
        } else {
            Pos::End
        };
        ctx.move_to(
            &from,
            only,
            "mlm:artifact_type",
            pos,
            Fidelity::Lossless,
            msg,
        );
        return;
    }
    for m in &free {
        ctx.copy_to(
            &from,
            m,
            "mlm:artifact_type",
            Pos::After("roles"),
            Fidelity::Lossless,
            msg,
        );
    }
    let fidelity = if free.is_empty()
        && models
            .iter()
            .any(|m| ctx.get(&m.key("mlm:artifact_type")) != Some(&value))
    {
        Fidelity::Lossy
    } else {
        Fidelity::Lossless
    };
    ctx.remove(&from, fidelity, msg);
}
