//! Asset-level transforms of MLM 1.3.0: where band catalogues and the model role belong.

use serde_json::Value;

use crate::kernel::edit::{Ctx, Pos};
use crate::kernel::pointer::{Members, Pointer};
use crate::kernel::records::Code;
use crate::kernel::records::{Diagnostic, Fidelity, Severity};
use crate::kernel::scope::{DocKind, Scope};
use crate::steps::Transform;
use crate::steps::common::stray::{self, Wording};
use crate::steps::transform::Inverse;

/// `raster-bands-conflict`: see [`Code::what`].
pub(crate) const RASTER_BANDS_CONFLICT: Code = Code::new(
    "raster-bands-conflict",
    "Both Item properties and the model asset carry `raster:bands`, with different content; the asset's are kept.",
    "Check which band list is right.",
);

/// `raster-bands-no-model-asset`: see [`Code::what`].
pub(crate) const RASTER_BANDS_NO_MODEL_ASSET: Code = Code::new(
    "raster-bands-no-model-asset",
    "`raster:bands` in Item properties could not move to a model asset because no asset has role `mlm:model`.",
    "Add role `mlm:model` to the model asset and migrate again.",
);

/// MLM 1.3.0: `raster:bands` belongs on every `mlm:model` asset, not in Item properties.
pub(super) const RASTER_BANDS_TO_MODEL_ASSET: Transform = Transform {
    name: "raster_bands_to_model_asset",
    forward: raster_bands_forward,
    inverse: Inverse::Fn(raster_bands_backward, Fidelity::Lossless),
    what: "Moves `raster:bands` from Item properties to the `mlm:model` asset (copied to each when \
           there are several) when it is the Item's only band catalogue. From MLM 1.3.0 the band \
           cross-check reads `raster:bands` only there; `eo:bands` in properties (or on every \
           model asset) also satisfies it, and then `raster:bands` stays where it is. Backwards \
           (writing MLM ≤ 1.2) the single model asset's `raster:bands` moves back to Item \
           properties, where those versions read it (unless another catalogue is there).",
    before: r#"{"properties": {"raster:bands": [{"name": "B01"}]}, "assets": {"weights": {"roles": ["mlm:model"]}}}"#,
    after: r#"{"properties": {}, "assets": {"weights": {"roles": ["mlm:model"], "raster:bands": [{"name": "B01"}]}}}"#,
};

fn raster_bands_forward(ctx: &mut Ctx, _at: &Pointer) {
    if ctx.kind() != DocKind::Item {
        return;
    }
    let from = Pointer::root().key("properties").key("raster:bands");
    if ctx.get(&from).is_none() || crate::steps::common::bands::has_other_catalogue(ctx.doc()) {
        return;
    }
    // Copied only once it is known to move.
    let Some(bands) = ctx.get(&from).cloned() else {
        return;
    };
    let models = ctx.containers(Scope::ModelAsset);
    if models.is_empty() {
        ctx.diag(
            Diagnostic::new(
                RASTER_BANDS_NO_MODEL_ASSET,
                Severity::Warning,
                "`raster:bands` stays in properties: no asset has role `mlm:model`",
            )
            .at(from),
        );
        return;
    }
    let (free, taken): (Vec<_>, Vec<_>) = models
        .into_iter()
        .partition(|m| ctx.object(m).is_some_and(|a| !a.has_member("raster:bands")));
    for m in &taken {
        if ctx.get(&m.key("raster:bands")) != Some(&bands) {
            ctx.diag(
                Diagnostic::new(
                    RASTER_BANDS_CONFLICT,
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

fn raster_bands_backward(ctx: &mut Ctx, _at: &Pointer) {
    if ctx.kind() != DocKind::Item {
        return;
    }
    let props = Pointer::root().key("properties");
    let taken = ctx
        .object(&props)
        .is_none_or(|p| p.has_member("raster:bands"));
    // With another band catalogue the forward leaves `raster:bands` where it is; so does this.
    if taken || crate::steps::common::bands::has_other_catalogue(ctx.doc()) {
        return;
    }
    let models = ctx.containers(Scope::ModelAsset);
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

/// MLM 1.0/1.1 required role `mlm:model` on every asset; 1.3.0 examples give code assets
/// `mlm:source_code` instead.
pub(super) const STRAY_MODEL_ROLE: Transform = Transform {
    name: "stray_model_role",
    forward: stray_model_role,
    inverse: Inverse::Keep(
        "MLM 1.2.0 no longer requires role `mlm:model` on every asset (the step `mlm@1.1.0 -> mlm@1.2.0` adds it back for 1.0/1.1).",
    ),
    what: "Removes the `mlm:model` role that MLM 1.0/1.1 forced onto every asset from assets that \
           are code, runtime or documentation (roles `code`, `runtime`, `metadata`, `thumbnail`, …, \
           and no weights or checkpoint role) while another asset is the model; a code \
           asset gets `mlm:source_code` in its place. From 1.4.0 an `mlm:model` asset must carry \
           `mlm:artifact_type`, which a source file does not have.",
    before: r#"{"source_code": {"roles": ["mlm:model", "code", "metadata"]}}"#,
    after: r#"{"source_code": {"roles": ["mlm:source_code", "code", "metadata"]}}"#,
};

fn stray_model_role(ctx: &mut Ctx, _at: &Pointer) {
    let wording = Wording {
        fidelity: Fidelity::Lossless,
        to_source_code: "a source-code asset is not the model: role `mlm:model` becomes `mlm:source_code`",
        removed: "a code or runtime asset is not the model: role `mlm:model` removed",
    };
    stray::take_off(ctx, is_stray, &wording);
}

/// No `mlm:artifact_type` (which a model file would have) and a support role without an
/// artifact role.
fn is_stray(asset: &Value) -> bool {
    asset.member("mlm:artifact_type").is_none() && stray::is_support(asset)
}
