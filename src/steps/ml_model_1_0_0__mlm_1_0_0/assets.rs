//! ML-Model v1.0.0 assets and links → MLM assets and links.
//!
//! Role prefixes are swapped by a role-map row; this module adds what the prefix swap cannot:
//! the generic `runtime` role next to the runtime roles, the `mlm:model` role on the checkpoint
//! (required for an MLM model), container assets for the image links, and the training-data
//! links in their MLM form.

use serde_json::{Value, json};

use crate::kernel::edit::Ctx;
use crate::kernel::pointer::{Members, Pointer};
use crate::kernel::records::Fidelity;
use crate::kernel::scope::{DocKind, Scope, has_role};
use crate::steps::Transform;
use crate::steps::common::carry::OCI;
use crate::steps::common::carry::{self, ML_AOI_URI};
use crate::steps::transform::Inverse;

/// See [`Transform::what`].
pub(super) const RUNTIME_ROLE: Transform = Transform {
    name: "ml_model_runtime_role",
    forward: runtime_role,
    inverse: Inverse::Keep("ML-Model items may carry the generic `runtime` role too."),
    what: "Adds the generic role `runtime` to assets with `mlm:inference-runtime` or \
           `mlm:training-runtime` (converted from the ML-Model roles), as MLM recommends.",
    before: r#"{"roles": ["mlm:inference-runtime"]}"#,
    after: r#"{"roles": ["mlm:inference-runtime", "runtime"]}"#,
};

fn runtime_role(ctx: &mut Ctx, asset: &Pointer) {
    let Some(a) = ctx.get(asset) else { return };
    let runtime = has_role(a, "mlm:inference-runtime") || has_role(a, "mlm:training-runtime");
    if runtime && !has_role(a, "runtime") {
        ctx.push(
            &asset.key("roles"),
            json!("runtime"),
            Fidelity::Lossless,
            "MLM pairs its runtime roles with the generic `runtime` role",
        );
    }
}

/// See [`Transform::what`].
pub(super) const CHECKPOINT_MODEL: Transform = Transform {
    name: "ml_model_checkpoint_model",
    forward: checkpoint_model,
    inverse: Inverse::Fn(super::assets_back::checkpoint_model_back, Fidelity::Lossy),
    what: "Gives the ML-Model checkpoint asset(s) (now role `mlm:checkpoint`) the role \
           `mlm:model` when no asset has it: the checkpoint is the model artifact, and MLM \
           requires one `mlm:model` asset (its `mlm:artifact_type` is inferred by the MLM 1.4.0 \
           edge).",
    before: r#"{"assets": {"ckpt": {"href": "last.ckpt", "roles": ["mlm:checkpoint"]}}}"#,
    after: r#"{"assets": {"ckpt": {"href": "last.ckpt", "roles": ["mlm:checkpoint", "mlm:model"]}}}"#,
};

fn checkpoint_model(ctx: &mut Ctx, _root: &Pointer) {
    if ctx.kind() != DocKind::Item || !ctx.containers(Scope::ModelAsset).is_empty() {
        return;
    }
    for a in ctx.containers(Scope::Asset) {
        if ctx.get(&a).is_some_and(|v| has_role(v, "mlm:checkpoint")) {
            ctx.push(
                &a.key("roles"),
                json!("mlm:model"),
                Fidelity::Lossless,
                "the ML-Model checkpoint is the model artifact",
            );
        }
    }
}

/// Image link relations → (asset key, MLM role).
const IMAGES: [(&str, &str, &str); 2] = [
    (
        "ml-model:inferencing-image",
        "inferencing-image",
        "mlm:inference-runtime",
    ),
    (
        "ml-model:training-image",
        "training-image",
        "mlm:training-runtime",
    ),
];

/// See [`Transform::what`].
pub(super) const IMAGE_LINKS: Transform = Transform {
    name: "ml_model_image_links",
    forward: image_links,
    inverse: Inverse::Fn(super::assets_back::image_links_back, Fidelity::Lossless),
    what: "Turns the links `ml-model:inferencing-image` / `ml-model:training-image` (href = image \
           reference) into container assets with the OCI image media type and roles \
           `mlm:inference-runtime` / `mlm:training-runtime` + `runtime`, keeping the title \
          .",
    before: r#"{"links": [{"rel": "ml-model:inferencing-image", "href": "docker.io/o/m:1", "type": "docker-image", "title": "M"}]}"#,
    after: r#"{"assets": {"inferencing-image": {"href": "docker.io/o/m:1", "type": "application/vnd.oci.image.index.v1+json", "title": "M", "roles": ["mlm:inference-runtime", "runtime"]}}}"#,
};

fn links(ctx: &Ctx) -> Vec<Value> {
    ctx.get(&Pointer::root().key("links"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

fn image_links(ctx: &mut Ctx, _root: &Pointer) {
    if ctx.kind() != DocKind::Item {
        return;
    }
    let list = Pointer::root().key("links");
    let all = links(ctx);
    let mut done = Vec::new();
    for (i, link) in all.iter().enumerate() {
        let rel = link.member("rel").and_then(Value::as_str).unwrap_or("");
        let Some(&(_, key, role)) = IMAGES.iter().find(|(r, _, _)| *r == rel) else {
            continue;
        };
        let mut asset =
            json!({"href": link.member("href").cloned().unwrap_or(Value::Null), "type": OCI});
        for (k, v) in link
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(k, _)| !matches!(k.as_str(), "rel" | "href" | "type"))
        {
            asset[k] = v.clone();
        }
        asset["roles"] = json!([role, "runtime"]);
        let why = format!("the `{rel}` link as a container asset");
        match carry::add_asset(ctx, key, asset, Fidelity::Lossless, &why) {
            Ok(_) => done.push((i, "converted into a container asset; its `type: docker-image` is the OCI image media type there")),
            Err(Some(_)) => done.push((i, "an asset with the same image reference exists already")),
            Err(None) => {}
        }
    }
    for (i, why) in done.into_iter().rev() {
        ctx.remove(&list.index(i), Fidelity::Lossless, why);
    }
}

/// See [`Transform::what`].
pub(super) const DATA_LINKS: Transform = Transform {
    name: "ml_model_data_links",
    forward: data_links,
    inverse: Inverse::Fn(super::assets_back::data_links_back, Fidelity::Lossless),
    what: "Rewrites the links `ml-model:train-data` / `ml-model:test-data` as `derived_from` \
           links with `ml-aoi:split` `train` / `test`, and declares the ml-aoi v0.2.0 extension \
          .",
    before: r#"{"links": [{"rel": "ml-model:train-data", "href": "https://x/train.json"}]}"#,
    after: r#"{"links": [{"rel": "derived_from", "href": "https://x/train.json", "ml-aoi:split": "train"}]}"#,
};

fn data_links(ctx: &mut Ctx, _root: &Pointer) {
    let list = Pointer::root().key("links");
    let mut used = false;
    for (i, link) in links(ctx).iter().enumerate() {
        let split = match link.member("rel").and_then(Value::as_str) {
            Some("ml-model:train-data") => "train",
            Some("ml-model:test-data") => "test",
            _ => continue,
        };
        let at = list.index(i);
        ctx.replace(
            &at.key("rel"),
            json!("derived_from"),
            Fidelity::Lossless,
            "MLM points at training data with `derived_from`",
        );
        let why = "the data split the ML-Model relation named";
        ctx.add(
            &at,
            "ml-aoi:split",
            json!(split),
            crate::kernel::edit::Pos::After("rel"),
            Fidelity::Lossless,
            why,
        );
        used = true;
    }
    if used {
        carry::declare_extension(ctx, "/ml-aoi/v0.", ML_AOI_URI);
    }
}
