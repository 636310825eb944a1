//! Asset-level transforms: where band catalogues, roles and asset-only fields belong.

use serde_json::{Value, json};

use super::Transform;
use crate::engine::edit::{Ctx, Pos};
use crate::engine::scope::{DocKind, Scope, containers, has_role};
use crate::pointer::Pointer;
use crate::report::{Diagnostic, Fidelity, Severity};

pub use super::artifact::ARTIFACT_TYPE;

/// MLM 1.3.0: `raster:bands` belongs on every `mlm:model` asset, not in Item properties.
pub const RASTER_BANDS_TO_MODEL_ASSET: Transform = Transform {
    name: "raster_bands_to_model_asset",
    forward: raster_bands_forward,
    backward: Some(raster_bands_backward),
    what: "Moves `raster:bands` from Item properties to the `mlm:model` asset (copied to each when \
           there are several) when it is the Item's only band catalogue. From MLM 1.3.0 the band \
           cross-check reads `raster:bands` only there; `eo:bands` in properties (or on every \
           model asset) also satisfies it, and then `raster:bands` stays where it is.",
    before: r#"{"properties": {"raster:bands": [{"name": "B01"}]}, "assets": {"weights": {"roles": ["mlm:model"]}}}"#,
    after: r#"{"properties": {}, "assets": {"weights": {"roles": ["mlm:model"], "raster:bands": [{"name": "B01"}]}}}"#,
};

fn raster_bands_forward(ctx: &mut Ctx<'_>, _at: &Pointer) {
    if ctx.kind != DocKind::Item {
        return;
    }
    let from = Pointer::root().key("properties").key("raster:bands");
    let Some(bands) = ctx.get(&from).cloned() else {
        return;
    };
    if crate::model::bands::has_other_catalogue(&ctx.doc) {
        return;
    }
    let models = containers(&ctx.doc, ctx.kind, Scope::ModelAsset);
    if models.is_empty() {
        ctx.diag(
            Diagnostic::new(
                "raster-bands-no-model-asset",
                Severity::Warning,
                "`raster:bands` stays in properties: no asset has role `mlm:model`",
            )
            .at(from),
        );
        return;
    }
    let (free, taken): (Vec<_>, Vec<_>) = models.into_iter().partition(|m| {
        ctx.object(m)
            .is_some_and(|a| !a.contains_key("raster:bands"))
    });
    for m in &taken {
        if ctx.get(&m.key("raster:bands")) != Some(&bands) {
            ctx.diag(
                Diagnostic::new(
                    "raster-bands-conflict",
                    Severity::Warning,
                    "the model asset already has different `raster:bands`; the asset's are kept",
                )
                .at(m.key("raster:bands")),
            );
        }
    }
    let msg = "MLM 1.3.0 reads band definitions from the model asset";
    match free.as_slice() {
        [] => {
            ctx.remove(
                &from,
                Fidelity::Lossless,
                "`raster:bands` is already on the model asset",
            );
        }
        [only] => {
            ctx.move_to(
                &from,
                only,
                "raster:bands",
                Pos::End,
                Fidelity::Lossless,
                msg,
            );
        }
        many => {
            for m in many {
                ctx.copy_to(&from, m, "raster:bands", Pos::End, Fidelity::Lossless, msg);
            }
            ctx.remove(&from, Fidelity::Lossless, "copied to every model asset");
        }
    }
}

fn raster_bands_backward(ctx: &mut Ctx<'_>, _at: &Pointer) {
    if ctx.kind != DocKind::Item {
        return;
    }
    let props = Pointer::root().key("properties");
    if ctx
        .object(&props)
        .is_none_or(|p| p.contains_key("raster:bands"))
    {
        return;
    }
    let models = containers(&ctx.doc, ctx.kind, Scope::ModelAsset);
    if let [only] = models.as_slice() {
        let from = only.key("raster:bands");
        if ctx.get(&from).is_some() {
            ctx.move_to(
                &from,
                &props,
                "raster:bands",
                Pos::End,
                Fidelity::Lossless,
                "MLM ≤ 1.2 reads band definitions from Item properties",
            );
        }
    }
}

/// Roles that mark an asset as the model artifact itself.
const ARTIFACT_ROLES: [&str; 5] = [
    "mlm:weights",
    "mlm:checkpoint",
    "weights",
    "checkpoint",
    "model",
];
/// Roles that mark an asset as code or runtime rather than the model.
const SUPPORT_ROLES: [&str; 5] = [
    "code",
    "mlm:source_code",
    "runtime",
    "mlm:inference-runtime",
    "mlm:training-runtime",
];

/// MLM 1.0/1.1 required role `mlm:model` on every asset; 1.3.0 examples give code assets
/// `mlm:source_code` instead.
pub const STRAY_MODEL_ROLE: Transform = Transform {
    name: "stray_model_role",
    forward: stray_model_role,
    backward: None,
    what: "Removes the `mlm:model` role that MLM 1.0/1.1 forced onto every asset from assets that \
           are code or runtime (roles `code`, `runtime`, …) while another asset is the model; a code \
           asset gets `mlm:source_code` in its place. From 1.4.0 an `mlm:model` asset must carry \
           `mlm:artifact_type`, which a source file does not have.",
    before: r#"{"source_code": {"roles": ["mlm:model", "code", "metadata"]}}"#,
    after: r#"{"source_code": {"roles": ["mlm:source_code", "code", "metadata"]}}"#,
};

fn stray_model_role(ctx: &mut Ctx<'_>, _at: &Pointer) {
    if ctx.kind != DocKind::Item {
        return;
    }
    let models = containers(&ctx.doc, ctx.kind, Scope::ModelAsset);
    let stray: Vec<Pointer> = models
        .iter()
        .filter(|m| ctx.get(m).is_some_and(is_stray))
        .cloned()
        .collect();
    if stray.len() == models.len() {
        return;
    }
    for asset in stray {
        let roles = asset.key("roles");
        let Some(list) = ctx.get(&roles).and_then(Value::as_array).cloned() else {
            continue;
        };
        let Some(i) = list.iter().position(|r| r.as_str() == Some("mlm:model")) else {
            continue;
        };
        let is_code = ctx.get(&asset).is_some_and(|a| has_role(a, "code"));
        if is_code && !list.iter().any(|r| r.as_str() == Some("mlm:source_code")) {
            ctx.replace(
                &roles.index(i),
                json!("mlm:source_code"),
                Fidelity::Lossless,
                "a source-code asset is not the model: role `mlm:model` becomes `mlm:source_code`",
            );
        } else {
            ctx.remove(
                &roles.index(i),
                Fidelity::Lossless,
                "a code or runtime asset is not the model: role `mlm:model` removed",
            );
        }
    }
}

fn is_stray(asset: &Value) -> bool {
    asset.get("mlm:artifact_type").is_none()
        && SUPPORT_ROLES.iter().any(|r| has_role(asset, r))
        && !ARTIFACT_ROLES.iter().any(|r| has_role(asset, r))
}

/// MLM 1.4.0: `mlm:name`, `mlm:input`, `mlm:output`, `mlm:hyperparameters` only in properties.
pub const ASSET_ONLY_FIELDS: Transform = Transform {
    name: "asset_only_fields",
    forward: asset_only_fields,
    backward: None,
    what: "Moves `mlm:name`, `mlm:input`, `mlm:output` and `mlm:hyperparameters` from assets to \
           Item properties (forbidden on assets from MLM 1.4.0). A value equal to the properties' \
           one is dropped; a different one is reported as lost.",
    before: r#"{"properties": {}, "assets": {"weights": {"mlm:name": "unet"}}}"#,
    after: r#"{"properties": {"mlm:name": "unet"}, "assets": {"weights": {}}}"#,
};

fn asset_only_fields(ctx: &mut Ctx<'_>, _at: &Pointer) {
    if ctx.kind != DocKind::Item {
        return;
    }
    let props = Pointer::root().key("properties");
    for asset in containers(&ctx.doc, ctx.kind, Scope::Asset) {
        for key in ["mlm:name", "mlm:input", "mlm:output", "mlm:hyperparameters"] {
            let from = asset.key(key);
            let Some(value) = ctx.get(&from).cloned() else {
                continue;
            };
            match ctx.get(&props.key(key)) {
                None => {
                    ctx.move_to(
                        &from,
                        &props,
                        key,
                        Pos::End,
                        Fidelity::Lossless,
                        format!("`{key}` is allowed only in Item properties from MLM 1.4.0"),
                    );
                }
                Some(existing) if *existing == value => {
                    ctx.remove(
                        &from,
                        Fidelity::Lossless,
                        format!("`{key}` repeats the Item properties' value"),
                    );
                }
                Some(_) => {
                    ctx.remove(&from, Fidelity::Lossy, format!("asset-level `{key}` differs from Item properties and cannot stay on the asset"));
                }
            }
        }
    }
}

/// MLM 1.4.0 rejects `mlm:compile_method: null` (absent means the same).
pub const NULL_COMPILE_METHOD: Transform = Transform {
    name: "null_compile_method",
    forward: null_compile_method,
    backward: None,
    what: "Removes `mlm:compile_method: null` from assets: MLM 1.4.0 types it as a non-empty string \
           and an absent field says the same as null.",
    before: r#"{"mlm:compile_method": null}"#,
    after: "{}",
};

fn null_compile_method(ctx: &mut Ctx<'_>, at: &Pointer) {
    let p = at.key("mlm:compile_method");
    if ctx.get(&p).is_some_and(Value::is_null) {
        ctx.remove(
            &p,
            Fidelity::Lossless,
            "`null` means the same as an absent compile method",
        );
    }
}

/// MLM 1.5.0: an asset with `mlm:entrypoint` must have role `code`.
pub const ENTRYPOINT_CODE_ROLE: Transform = Transform {
    name: "entrypoint_code_role",
    forward: entrypoint_code_role,
    backward: None,
    what: "Gives every asset that has `mlm:entrypoint` the role `code` (required from MLM 1.5.0), and \
           moves an `mlm:entrypoint` found in Item properties to the source-code asset. An \
           entrypoint at the Item root is left alone and reported.",
    before: r#"{"source_code": {"roles": ["mlm:source_code"], "mlm:entrypoint": "pkg.mod:fn"}}"#,
    after: r#"{"source_code": {"roles": ["mlm:source_code", "code"], "mlm:entrypoint": "pkg.mod:fn"}}"#,
};

fn entrypoint_code_role(ctx: &mut Ctx<'_>, _at: &Pointer) {
    if ctx.kind == DocKind::Item {
        entrypoint_from_properties(ctx);
        if ctx.get(&Pointer::root().key("mlm:entrypoint")).is_some() {
            ctx.diag(
                Diagnostic::new("entrypoint-at-root", Severity::Info, "`mlm:entrypoint` sits at the Item root, where no schema reads it")
                    .at(Pointer::root().key("mlm:entrypoint"))
                    .hint("move it to the source-code asset (with role `code`) to make it part of the MLM metadata"),
            );
        }
    }
    for asset in containers(&ctx.doc, ctx.kind, Scope::Asset) {
        let Some(a) = ctx.get(&asset) else { continue };
        if a.get("mlm:entrypoint").is_none() || has_role(a, "code") {
            continue;
        }
        let msg = "an asset with `mlm:entrypoint` needs role `code` (MLM 1.5.0)";
        if !ctx.push(&asset.key("roles"), json!("code"), Fidelity::Lossless, msg) {
            ctx.add(
                &asset,
                "roles",
                json!(["code"]),
                Pos::End,
                Fidelity::Lossless,
                msg,
            );
        }
    }
}

fn entrypoint_from_properties(ctx: &mut Ctx<'_>) {
    let from = Pointer::root().key("properties").key("mlm:entrypoint");
    if ctx.get(&from).is_none() {
        return;
    }
    let code: Vec<Pointer> = containers(&ctx.doc, ctx.kind, Scope::Asset)
        .into_iter()
        .filter(|a| {
            ctx.get(a)
                .is_some_and(|v| has_role(v, "mlm:source_code") || has_role(v, "code"))
        })
        .collect();
    match code.as_slice() {
        [only] if ctx.get(&only.key("mlm:entrypoint")).is_none() => {
            ctx.move_to(&from, only, "mlm:entrypoint", Pos::End, Fidelity::Lossless, "`mlm:entrypoint` is an asset field (forbidden in properties from MLM 1.4.0)");
        }
        _ => ctx.diag(
            Diagnostic::new("entrypoint-no-code-asset", Severity::Error, "`mlm:entrypoint` in properties is invalid, and there is no single source-code asset to move it to")
                .at(from)
                .hint("add an asset with roles [\"mlm:source_code\", \"code\"] and put `mlm:entrypoint` on it"),
        ),
    }
}
