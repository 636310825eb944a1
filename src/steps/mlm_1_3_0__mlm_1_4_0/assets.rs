//! Asset-level transforms of MLM 1.4.0: fields that live only in properties, null compile methods.

use serde_json::Value;

use crate::kernel::edit::{Ctx, Pos};
use crate::kernel::pointer::Pointer;
use crate::kernel::records::Fidelity;
use crate::kernel::scope::{DocKind, Scope};
use crate::steps::Transform;
use crate::steps::transform::Inverse;

/// MLM 1.4.0: `mlm:name`, `mlm:input`, `mlm:output`, `mlm:hyperparameters` only in properties.
pub(super) const ASSET_ONLY_FIELDS: Transform = Transform {
    name: "asset_only_fields",
    forward: asset_only_fields,
    inverse: Inverse::Keep(
        "MLM ≤ 1.3 reads `mlm:name`, `mlm:input`, `mlm:output` and `mlm:hyperparameters` in Item properties too; they stay there.",
    ),
    what: "Moves `mlm:name`, `mlm:input`, `mlm:output` and `mlm:hyperparameters` from assets to \
           Item properties (forbidden on assets from MLM 1.4.0). A value equal to the properties' \
           one is dropped; a different one is reported as lost.",
    before: r#"{"properties": {}, "assets": {"weights": {"mlm:name": "unet"}}}"#,
    after: r#"{"properties": {"mlm:name": "unet"}, "assets": {"weights": {}}}"#,
};

fn asset_only_fields(ctx: &mut Ctx, _at: &Pointer) {
    if ctx.kind() != DocKind::Item {
        return;
    }
    let props = Pointer::root().key("properties");
    for asset in ctx.containers(Scope::Asset) {
        for key in ["mlm:name", "mlm:input", "mlm:output", "mlm:hyperparameters"] {
            if ctx.member(&asset, key).is_none() {
                continue;
            }
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
pub(super) const NULL_COMPILE_METHOD: Transform = Transform {
    name: "null_compile_method",
    forward: null_compile_method,
    inverse: Inverse::Keep(
        "an absent `mlm:compile_method` says what `null` said, in every version.",
    ),
    what: "Removes `mlm:compile_method: null` from assets: MLM 1.4.0 types it as a non-empty string \
           and an absent field says the same as null.",
    before: r#"{"mlm:compile_method": null}"#,
    after: "{}",
};

fn null_compile_method(ctx: &mut Ctx, at: &Pointer) {
    let p = at.key("mlm:compile_method");
    if ctx.get(&p).is_some_and(Value::is_null) {
        ctx.remove(
            &p,
            Fidelity::Lossless,
            "`null` means the same as an absent compile method",
        );
    }
}
