//! MLM 1.4.0 `mlm:artifact_type`: required on every `mlm:model` asset, forbidden elsewhere.

use serde_json::Value;

use super::Transform;
use crate::engine::edit::{Ctx, Pos};
use crate::engine::scope::{DocKind, Scope, containers, has_model_role};
use crate::pointer::Pointer;
use crate::report::{Diagnostic, Fidelity, Severity};

/// See [`Transform::what`].
pub const ARTIFACT_TYPE: Transform = Transform {
    name: "artifact_type",
    forward: artifact_type,
    backward: None,
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

fn artifact_type(ctx: &mut Ctx<'_>, _at: &Pointer) {
    if ctx.kind != DocKind::Item {
        return;
    }
    let props = Pointer::root().key("properties");
    let assets = containers(&ctx.doc, ctx.kind, Scope::Asset);
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
        let Some(asset) = ctx.get(m).cloned() else {
            continue;
        };
        let fw = asset
            .get("mlm:framework")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .or_else(|| framework.clone());
        let (value, fidelity, why) = match infer(&asset, fw.as_deref()) {
            Some((v, why)) => (v, Fidelity::Assumed, format!("inferred from {why}")),
            None => {
                ctx.diag(
                    Diagnostic::new("artifact-type-unknown", Severity::Warning, "no evidence for `mlm:artifact_type`: wrote the placeholder `unknown`")
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
        let pos = if asset.get("roles").is_some() {
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
            ctx.diag(Diagnostic::new("artifact-type-on-non-model", Severity::Warning, "removed `mlm:artifact_type` from an asset that is not the model").at(a.clone()).hint("if this asset is the model file, give it the role `mlm:model` and set `mlm:artifact_type` again"));
        }
    }
}

fn from_properties(ctx: &mut Ctx<'_>, props: &Pointer, models: &[Pointer]) {
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

/// Infers the artifact type of a model asset: `(value, evidence)`.
pub(crate) fn infer(asset: &Value, framework: Option<&str>) -> Option<(String, String)> {
    let href = asset.get("href").and_then(Value::as_str).unwrap_or("");
    let path = href
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let media = asset
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_ascii_lowercase();
    let fw = framework.map(str::to_ascii_lowercase).unwrap_or_default();
    let torch = fw.contains("torch") || media.contains("pytorch");
    let ext = |e: &str| path.ends_with(e);
    let by_ext = if ext(".pt2") {
        Some("torch.export.save")
    } else if ext(".pt") || ext(".pth") || ext(".ckpt") {
        if media.contains("torchscript") {
            Some("torch.jit.save")
        } else {
            Some("torch.save")
        }
    } else if ext(".keras") {
        Some("tf.keras.Model.save")
    } else if ext(".h5") {
        Some("tf.keras.Model.save_weights")
    } else {
        None
    };
    if let Some(v) = by_ext {
        let file = path.rsplit('/').next().unwrap_or(&path);
        return Some((v.to_owned(), format!("the file name `{file}`")));
    }
    if ext(".safetensors") {
        let lib = ["tensorflow", "flax", "paddle"]
            .into_iter()
            .find(|l| fw.contains(l))
            .unwrap_or("torch");
        return Some((
            format!("safetensors.{lib}.save_file"),
            format!("the `.safetensors` file and framework `{lib}`"),
        ));
    }
    if torch {
        let why = if media.contains("pytorch") {
            format!("the media type `{media}`")
        } else {
            format!("the framework `{}`", framework.unwrap_or(""))
        };
        return Some(("torch.save".to_owned(), why));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn inference_table() {
        let cases = [
            (
                json!({"href": "https://x/y/model.pth?download=1"}),
                None,
                Some("torch.save"),
            ),
            (json!({"href": "m.pt2"}), None, Some("torch.export.save")),
            (
                json!({"href": "m.keras"}),
                Some("TensorFlow"),
                Some("tf.keras.Model.save"),
            ),
            (
                json!({"href": "m.weights.h5"}),
                None,
                Some("tf.keras.Model.save_weights"),
            ),
            (
                json!({"href": "m.safetensors"}),
                Some("Flax"),
                Some("safetensors.flax.save_file"),
            ),
            (
                json!({"href": "m", "type": "application/octet-stream; application=pytorch"}),
                None,
                Some("torch.save"),
            ),
            (
                json!({"href": "https://example.com/card", "type": "text/html"}),
                Some("pytorch"),
                Some("torch.save"),
            ),
            (
                json!({"href": "https://example.com/card", "type": "text/html"}),
                None,
                None,
            ),
            (json!({"href": "m.onnx"}), Some("ONNX"), None),
        ];
        for (asset, fw, want) in cases {
            assert_eq!(
                infer(&asset, fw).map(|(v, _)| v).as_deref(),
                want,
                "{asset} {fw:?}"
            );
        }
    }
}
