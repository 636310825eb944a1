//! Assets that carry the role `mlm:model` only because MLM 1.0/1.1 required it on every asset
//! (MLM v1.2.0 CHANGELOG: the role is no longer required on every asset; the MLM v1.3.0
//! examples give a code asset `mlm:source_code`): a code, runtime or documentation asset while
//! another asset is the model. Shared by the MLM 1.2.0 → 1.3.0 step and the DLM writer, which
//! both take the stray role off.

use serde_json::{Value, json};

use crate::kernel::edit::Ctx;
use crate::kernel::pointer::Pointer;
use crate::kernel::records::Fidelity;
use crate::kernel::scope::{DocKind, Scope, has_role};

/// Roles that mark an asset as the model artifact itself.
pub(crate) const ARTIFACT_ROLES: [&str; 5] = [
    "mlm:weights",
    "mlm:checkpoint",
    "weights",
    "checkpoint",
    "model",
];

/// Roles that mark an asset as code, runtime or documentation rather than the model.
pub(crate) const SUPPORT_ROLES: [&str; 10] = [
    "code",
    "mlm:source_code",
    "runtime",
    "mlm:inference-runtime",
    "mlm:training-runtime",
    "metadata",
    "documentation",
    "thumbnail",
    "overview",
    "license",
];

/// Whether an asset shows a code, runtime or documentation role and no artifact role.
pub(crate) fn is_support(asset: &Value) -> bool {
    SUPPORT_ROLES.iter().any(|r| has_role(asset, r))
        && !ARTIFACT_ROLES.iter().any(|r| has_role(asset, r))
}

/// How a step words and grades the change of one stray role.
pub(crate) struct Wording<'a> {
    /// The fidelity of every change.
    pub(crate) fidelity: Fidelity,
    /// A code asset's `mlm:model` becomes `mlm:source_code`.
    pub(crate) to_source_code: &'a str,
    /// Any other stray asset loses `mlm:model`.
    pub(crate) removed: &'a str,
}

/// In an Item whose model assets are not all stray (`is_stray`), replaces the `mlm:model` role
/// of each stray one by `mlm:source_code` when it is a code asset without that role, and
/// removes it otherwise. Collections and Items where every model asset looks stray are left
/// alone (then one of them is the model).
pub(crate) fn take_off(ctx: &mut Ctx, is_stray: impl Fn(&Value) -> bool, wording: &Wording<'_>) {
    if ctx.kind() != DocKind::Item {
        return;
    }
    let models = ctx.containers(Scope::ModelAsset);
    let stray: Vec<Pointer> = models
        .iter()
        .filter(|m| ctx.get(m).is_some_and(&is_stray))
        .cloned()
        .collect();
    if stray.len() == models.len() {
        return;
    }
    for asset in stray {
        let roles = asset.key("roles");
        let Some(list) = ctx.get(&roles).and_then(Value::as_array) else {
            continue;
        };
        let Some(i) = list.iter().position(|r| r.as_str() == Some("mlm:model")) else {
            continue;
        };
        let has = |role: &str| list.iter().any(|r| r.as_str() == Some(role));
        let code = has("code") && !has("mlm:source_code");
        let at = roles.index(i);
        if code {
            let why = wording.to_source_code;
            ctx.replace(&at, json!("mlm:source_code"), wording.fidelity, why);
        } else {
            ctx.remove(&at, wording.fidelity, wording.removed);
        }
    }
}
