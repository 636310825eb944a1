//! What MLM 1.2.0 relaxed, written back for MLM 1.0/1.1: band objects in `bands`, and the
//! `mlm:model` role that the 1.0/1.1 schemas require on every asset
//! (<https://github.com/stac-extensions/mlm/blob/main/CHANGELOG.md#v120>). Forward these rows
//! change nothing (every 1.1 form is valid 1.2).

use serde_json::{Value, json};

use crate::kernel::edit::{Ctx, Pos};
use crate::kernel::pointer::{Members, Pointer};
use crate::kernel::records::Fidelity;
use crate::kernel::scope::{DocKind, Scope, has_model_role};
use crate::kernel::versions::Family;
use crate::steps::Transform;
use crate::steps::transform::{Inverse, unchanged};

/// See [`Transform::what`].
pub(super) const BAND_OBJECTS: Transform = Transform {
    name: "band_objects",
    forward: unchanged,
    inverse: Inverse::Fn(band_objects_back, Fidelity::Lossy),
    what: "MLM 1.2.0 lets a Model Input list a band as an object `{name, format, expression}` \
           (a derived band such as NDVI). Forward nothing changes. Backwards (MLM 1.0/1.1 list \
           band names only) each object becomes its `name`; its expression is lost, and even a \
           bare `{name}` object does not come back as an object (both lossy).",
    before: r#"{"bands": ["B04", {"name": "NDVI", "format": "rio-calc", "expression": "(B08 - B04) / (B08 + B04)"}]}"#,
    after: r#"{"bands": ["B04", "NDVI"]}"#,
};

fn band_objects_back(ctx: &mut Ctx, at: &Pointer) {
    let list = at.key("bands");
    let Some(items) = ctx.get(&list).and_then(Value::as_array).cloned() else {
        return;
    };
    for (i, item) in items.iter().enumerate() {
        let Some(name) = item.member("name").and_then(Value::as_str) else {
            continue;
        };
        let msg = if item.member("expression").is_some() {
            format!(
                "MLM 1.0/1.1 list band names only: the band `{name}` keeps its name, its expression is lost"
            )
        } else {
            format!("MLM 1.0/1.1 list band names only: the band object `{name}` becomes its name")
        };
        ctx.replace(&list.index(i), json!(name), Fidelity::Lossy, msg);
    }
}

/// See [`Transform::what`].
pub(super) const MODEL_ROLE_EVERY_ASSET: Transform = Transform {
    name: "model_role_every_asset",
    forward: unchanged,
    inverse: Inverse::Fn(model_role_back, Fidelity::Assumed),
    what: "The MLM 1.0.0 and 1.1.0 schemas require the role `mlm:model` on every Item asset (a \
           bug fixed in 1.2.0; it is why the official 1.0 examples give their source code that \
           role). Forward nothing changes (the `mlm@1.2.0 -> mlm@1.3.0` step removes the role \
           from code, runtime and documentation assets). Backwards, when some asset is the \
           model, each other asset gets `mlm:model` as its first role so that the item validates \
           (assumed: it does not make the asset a model); an item with no model asset is not \
           given one.",
    before: r#"{"source_code": {"roles": ["mlm:source_code", "code"]}}"#,
    after: r#"{"source_code": {"roles": ["mlm:model", "mlm:source_code", "code"]}}"#,
};

fn model_role_back(ctx: &mut Ctx, _root: &Pointer) {
    // Only MLM 1.0/1.1 need it: on the way to DLM or ML-Model it would make assets models.
    if ctx.kind() != DocKind::Item || ctx.target().family() != Family::Mlm {
        return;
    }
    // Without a model asset the item is not valid MLM in any version; no asset is made one.
    if ctx.containers(Scope::ModelAsset).is_empty() {
        return;
    }
    let msg = "the MLM 1.0/1.1 schemas require role `mlm:model` on every asset (fixed in 1.2.0)";
    for asset in ctx.containers(Scope::Asset) {
        let Some(a) = ctx.get(&asset) else { continue };
        if has_model_role(a) {
            continue;
        }
        let roles = asset.key("roles");
        if ctx.get(&roles).is_some_and(Value::is_array) {
            ctx.insert_item(&roles, 0, json!("mlm:model"), Fidelity::Assumed, msg);
        } else if ctx.get(&roles).is_none() {
            ctx.add(
                &asset,
                "roles",
                json!(["mlm:model"]),
                Pos::End,
                Fidelity::Assumed,
                msg,
            );
        }
    }
}
