//! MLM 1.5.0: `mlm:entrypoint` lives on the source-code asset, which has role `code`.

use serde_json::json;

use crate::kernel::edit::{Ctx, Pos};
use crate::kernel::pointer::{Members, Pointer};
use crate::kernel::records::Code;
use crate::kernel::records::{Diagnostic, Fidelity, Severity};
use crate::kernel::scope::{DocKind, Scope, has_role};
use crate::steps::Transform;
use crate::steps::transform::Inverse;

/// `entrypoint-at-root`: see [`Code::what`].
pub(crate) const ENTRYPOINT_AT_ROOT: Code = Code::new(
    "entrypoint-at-root",
    "`mlm:entrypoint` sits at the Item root (as in the official 1.5 `item_pytorch_geo_unet.json`), where no schema reads it. It is left untouched.",
    "Move it to the source-code asset, which needs role `code`.",
);

/// `entrypoint-no-code-asset`: see [`Code::what`].
pub(crate) const ENTRYPOINT_NO_CODE_ASSET: Code = Code::new(
    "entrypoint-no-code-asset",
    "`mlm:entrypoint` is in Item properties (forbidden from MLM 1.4.0) and there is no single source-code asset to move it to.",
    "Add an asset with roles [\"mlm:source_code\", \"code\"] holding `mlm:entrypoint`.",
);

/// MLM 1.5.0: an asset with `mlm:entrypoint` must have role `code`.
pub(super) const ENTRYPOINT_CODE_ROLE: Transform = Transform {
    name: "entrypoint_code_role",
    forward: entrypoint_code_role,
    inverse: Inverse::Keep(
        "MLM 1.2/1.3 accept `mlm:entrypoint` on a code asset (and a `code` role anywhere); MLM 1.4.0 does not define it, so the 1.4.0 writer removes it as lossy (closed field set).",
    ),
    what: "Gives every asset that has `mlm:entrypoint` the role `code` (required from MLM 1.5.0), and \
           moves an `mlm:entrypoint` found in Item properties to the source-code asset. An \
           entrypoint at the Item root is left alone and reported.",
    before: r#"{"source_code": {"roles": ["mlm:source_code"], "mlm:entrypoint": "pkg.mod:fn"}}"#,
    after: r#"{"source_code": {"roles": ["mlm:source_code", "code"], "mlm:entrypoint": "pkg.mod:fn"}}"#,
};

fn entrypoint_code_role(ctx: &mut Ctx, _at: &Pointer) {
    if ctx.kind() == DocKind::Item {
        entrypoint_from_properties(ctx);
        if ctx.get(&Pointer::root().key("mlm:entrypoint")).is_some() {
            ctx.diag(
                Diagnostic::new(ENTRYPOINT_AT_ROOT, Severity::Info, "`mlm:entrypoint` sits at the Item root, where no schema reads it")
                    .at(Pointer::root().key("mlm:entrypoint"))
                    .hint("move it to the source-code asset (with role `code`) to make it part of the MLM metadata"),
            );
        }
    }
    for asset in ctx.containers(Scope::Asset) {
        let Some(a) = ctx.get(&asset) else { continue };
        if a.member("mlm:entrypoint").is_none() || has_role(a, "code") {
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

fn entrypoint_from_properties(ctx: &mut Ctx) {
    let from = Pointer::root().key("properties").key("mlm:entrypoint");
    if ctx.get(&from).is_none() {
        return;
    }
    let code: Vec<Pointer> = ctx
        .containers(Scope::Asset)
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
            Diagnostic::new(ENTRYPOINT_NO_CODE_ASSET, Severity::Error, "`mlm:entrypoint` in properties is invalid, and there is no single source-code asset to move it to")
                .at(from)
                .hint("add an asset with roles [\"mlm:source_code\", \"code\"] and put `mlm:entrypoint` on it"),
        ),
    }
}
