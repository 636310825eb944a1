//! Writing ML-Model v1.0.0 assets and links from MLM (the inverses of [`super::assets`]):
//! the checkpoint without the `mlm:model` role, container assets as image links, training
//! and test data as the ML-Model link relations.

use serde_json::{Map, Value, json};

use crate::kernel::edit::{Ctx, Pos};
use crate::kernel::pointer::{Members, Pointer};
use crate::kernel::records::Fidelity;
use crate::kernel::scope::{DocKind, Scope};
use crate::steps::common::carry::OCI;

/// Model assets: the `mlm:model` role goes (ML-Model has none); a model asset that is not
/// already a checkpoint becomes one (`ml-model:checkpoint` is ML-Model's only artifact role).
pub(super) fn checkpoint_model_back(ctx: &mut Ctx, _root: &Pointer) {
    if ctx.kind() != DocKind::Item {
        return;
    }
    for asset in ctx.containers(Scope::ModelAsset) {
        let roles = asset.key("roles");
        let Some(list) = ctx.get(&roles).and_then(Value::as_array).cloned() else {
            continue;
        };
        let Some(i) = list.iter().position(|r| r.as_str() == Some("mlm:model")) else {
            continue;
        };
        if list.iter().any(|r| r.as_str() == Some("mlm:checkpoint")) {
            // The forward gives a checkpoint the role back, as its last one.
            let (fidelity, msg) = if i + 1 == list.len() {
                (
                    Fidelity::Lossless,
                    "ML-Model has no model role; the checkpoint is the model",
                )
            } else {
                (
                    Fidelity::Lossy,
                    "ML-Model has no model role; the checkpoint is the model (the role's place in the list is not restored)",
                )
            };
            ctx.remove(&roles.index(i), fidelity, msg);
        } else {
            let msg = "ML-Model's only artifact role is the checkpoint: the model asset becomes it (a round trip lists `mlm:model` after it)";
            ctx.replace(
                &roles.index(i),
                json!("mlm:checkpoint"),
                Fidelity::Lossy,
                msg,
            );
        }
    }
}

/// The container assets an upgrade made from the ML-Model image links (key
/// `inferencing-image` / `training-image`, OCI image type, roles `[<runtime role>, "runtime"]`)
/// → those links again. Other container assets stay assets (their runtime roles are ML-Model
/// asset roles too).
pub(super) fn image_links_back(ctx: &mut Ctx, _root: &Pointer) {
    if ctx.kind() != DocKind::Item {
        return;
    }
    let images = [
        (
            "mlm:inference-runtime",
            "ml-model:inferencing-image",
            "inferencing-image",
        ),
        (
            "mlm:training-runtime",
            "ml-model:training-image",
            "training-image",
        ),
    ];
    for (role, rel, key) in images {
        let asset = Pointer::root().key("assets").key(key);
        let Some(a) = ctx.object(&asset).cloned() else {
            continue;
        };
        let image = a.member("type").and_then(Value::as_str) == Some(OCI);
        if !image || a.member("roles") != Some(&json!([role, "runtime"])) {
            continue;
        }
        let mut link = Map::new();
        link.insert("rel".to_owned(), json!(rel));
        link.insert(
            "href".to_owned(),
            a.member("href").cloned().unwrap_or(Value::Null),
        );
        link.insert("type".to_owned(), json!("docker-image"));
        for (k, v) in a
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "href" | "type" | "roles"))
        {
            link.insert(k.clone(), v.clone());
        }
        if push_link(ctx, Value::Object(link)) {
            let msg = "ML-Model names the container image by a link";
            ctx.remove(&asset, Fidelity::Lossless, msg);
        }
    }
}

fn push_link(ctx: &mut Ctx, link: Value) -> bool {
    let list = Pointer::root().key("links");
    let msg = "the container image as an ML-Model link";
    ctx.push(&list, link.clone(), Fidelity::Lossless, msg)
        || ctx.add(
            &Pointer::root(),
            "links",
            json!([link]),
            Pos::End,
            Fidelity::Lossless,
            msg,
        )
}

/// `derived_from` links with `ml-aoi:split` `train` / `test` → `ml-model:train-data` /
/// `ml-model:test-data` (the split stays: ML-Model links take any member).
pub(super) fn data_links_back(ctx: &mut Ctx, _root: &Pointer) {
    let list = Pointer::root().key("links");
    let links = ctx
        .get(&list)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for (i, link) in links.iter().enumerate() {
        if link.member("rel").and_then(Value::as_str) != Some("derived_from") {
            continue;
        }
        let rel = match link.member("ml-aoi:split").and_then(Value::as_str) {
            Some("train") => "ml-model:train-data",
            Some("test") => "ml-model:test-data",
            _ => continue,
        };
        let msg = "ML-Model names training and test data by these link relations";
        ctx.replace(
            &list.index(i).key("rel"),
            json!(rel),
            Fidelity::Lossless,
            msg,
        );
    }
}
