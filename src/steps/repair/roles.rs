//! Repairs of asset roles: `role` → `roles` is a data row; this is the model asset that has no
//! `roles` at all.

use serde_json::{Value, json};

use crate::kernel::edit::{Ctx, Pos};
use crate::kernel::pointer::{Members, Pointer};
use crate::kernel::records::{Code, Diagnostic, Fidelity, Severity};
use crate::kernel::scope::{DocKind, Scope, has_model_role};
use crate::steps::Transform;
use crate::steps::transform::Inverse;

/// `model-asset-ambiguous`: see [`Code::what`].
pub(crate) const MODEL_ASSET_AMBIGUOUS: Code = Code::new(
    "model-asset-ambiguous",
    "No asset has role `mlm:model` and several assets without `roles` could each be the model file, so `fix-asset-roles-missing` chose none.",
    "Add role `mlm:model` to the asset that is the model.",
);

/// File extensions of model artifacts (weights, checkpoints, exported graphs).
const MODEL_FILES: [&str; 14] = [
    ".pt",
    ".pth",
    ".pt2",
    ".ckpt",
    ".onnx",
    ".keras",
    ".h5",
    ".safetensors",
    ".pb",
    ".tflite",
    ".joblib",
    ".pkl",
    ".mar",
    ".engine",
];

/// An asset's `roles` given as one string → a list of one.
pub(crate) const ROLES_STRING: Transform = Transform {
    name: "fix_asset_roles_string",
    forward: roles_string,
    inverse: Inverse::NotYet,
    what: "Wraps an asset's `roles` given as one string (`\"roles\": \"mlm:model\"`) into the \
           list STAC requires, so the role is found (MLM finds the model file by it).",
    before: r#"{"assets": {"weights": {"href": "unet.pth", "roles": "mlm:model"}}}"#,
    after: r#"{"assets": {"weights": {"href": "unet.pth", "roles": ["mlm:model"]}}}"#,
};

fn roles_string(ctx: &mut Ctx, _root: &Pointer) {
    let found: Vec<(Pointer, Value)> = ctx
        .shared_containers(Scope::Asset)
        .iter()
        .filter_map(|a| {
            let one = ctx.member(a, "roles").filter(|v| v.is_string())?.clone();
            Some((a.key("roles"), one))
        })
        .collect();
    for (at, one) in found {
        let msg = format!("`roles` is one string ({one}); STAC requires a list → a list of one");
        ctx.replace(&at, Value::Array(vec![one]), Fidelity::Assumed, msg);
    }
}

/// The model asset without `roles`.
pub(crate) const MODEL_ASSET_ROLES: Transform = Transform {
    name: "fix_asset_roles_missing",
    forward: model_asset_roles,
    inverse: Inverse::NotYet,
    what: "When no asset has role `mlm:model` (MLM requires one), an asset without `roles` \
           (or with `roles: []`) that is evidently the model gets `roles: [\"mlm:model\"]`: it \
           has `mlm:artifact_type`, or its `href` ends in a model-file extension (`.pt`, \
           `.pth`, `.pt2`, `.ckpt`, `.onnx`, `.keras`, `.h5`, `.safetensors`, `.pb`, \
           `.tflite`, `.joblib`, `.pkl`, `.mar`, `.engine`), or its key \
           is `model`, `weights` or `checkpoint` (weaker evidence, used when no file says so). Only \
           when exactly one asset qualifies; with several, `model-asset-ambiguous` asks a \
           person to choose. Other assets without \
           `roles` are valid STAC and left alone.",
    before: r#"{"assets": {"weights": {"href": "unet.pth"}, "readme": {"href": "README.md"}}}"#,
    after: r#"{"assets": {"weights": {"href": "unet.pth", "roles": ["mlm:model"]}, "readme": {"href": "README.md"}}}"#,
};

fn model_asset_roles(ctx: &mut Ctx, _root: &Pointer) {
    if ctx.kind() != DocKind::Item {
        return;
    }
    let assets = ctx.containers(Scope::Asset);
    if assets
        .iter()
        .any(|a| ctx.get(a).is_some_and(has_model_role))
    {
        return;
    }
    let bare: Vec<(Pointer, Evidence)> = assets
        .into_iter()
        .filter_map(|a| {
            let e = ctx
                .get(&a)
                .filter(|v| no_roles(v))
                .and_then(|v| evidence(&a, v))?;
            Some((a, e))
        })
        .collect();
    // The file itself is better evidence than the key's name.
    let best = bare.iter().map(|(_, e)| *e).max();
    let candidates: Vec<Pointer> = bare
        .into_iter()
        .filter(|(_, e)| Some(*e) == best)
        .map(|(a, _)| a)
        .collect();
    match candidates.as_slice() {
        [] => {}
        [only] => {
            let roles = only.key("roles");
            let msg = "the model asset has no `roles` (MLM finds the model by role `mlm:model`) → `roles: [\"mlm:model\"]`";
            if ctx.get(&roles).is_some() {
                ctx.replace(&roles, json!(["mlm:model"]), Fidelity::Assumed, msg);
            } else {
                let pos = if ctx.object(only).is_some_and(|o| o.has_member("type")) {
                    Pos::After("type")
                } else {
                    Pos::After("href")
                };
                ctx.add(
                    only,
                    "roles",
                    json!(["mlm:model"]),
                    pos,
                    Fidelity::Assumed,
                    msg,
                );
            }
        }
        many => {
            let keys: Vec<String> = many
                .iter()
                .filter_map(|p| p.split_last().map(|(_, k)| format!("`{k}`")))
                .collect();
            ctx.diag(
                Diagnostic::new(
                    MODEL_ASSET_AMBIGUOUS,
                    Severity::Warning,
                    format!(
                        "no asset has role `mlm:model`, and {} could each be the model",
                        keys.join(", ")
                    ),
                )
                .at(Pointer::root().key("assets"))
                .hint("add role `mlm:model` to the asset that is the model"),
            );
        }
    }
}

fn no_roles(asset: &Value) -> bool {
    asset
        .member("roles")
        .is_none_or(|r| r.as_array().is_some_and(Vec::is_empty))
}

/// Why an asset may be the model, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Evidence {
    /// Its key is `model`, `weights` or `checkpoint`.
    Key,
    /// It has `mlm:artifact_type` or a model-file extension.
    File,
}

fn evidence(at: &Pointer, asset: &Value) -> Option<Evidence> {
    let href = asset.member("href").and_then(Value::as_str).unwrap_or("");
    let path = href
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if asset.member("mlm:artifact_type").is_some() || MODEL_FILES.iter().any(|e| path.ends_with(e))
    {
        return Some(Evidence::File);
    }
    let key = at
        .split_last()
        .map(|(_, k)| k.to_ascii_lowercase())
        .unwrap_or_default();
    ["model", "weights", "checkpoint"]
        .contains(&key.as_str())
        .then_some(Evidence::Key)
}
