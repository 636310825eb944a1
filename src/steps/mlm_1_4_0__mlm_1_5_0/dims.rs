//! MLM 1.5.0 reserved dimension names `"bands"` and `"variables"`.

use serde_json::Value;

use crate::kernel::edit::Ctx;
use crate::kernel::pointer::{Members, Pointer, member};
use crate::kernel::records::Code;
use crate::kernel::records::{Diagnostic, Fidelity, Severity};
use crate::steps::Transform;
use crate::steps::common::tensor::channel_axis;
use crate::steps::transform::Inverse;

/// `dimension-for-list-unknown`: see [`Code::what`].
pub(crate) const DIMENSION_FOR_LIST_UNKNOWN: Code = Code::new(
    "dimension-for-list-unknown",
    "An input or output lists `bands`/`variables`, but no axis of its `dim_order` can be identified as holding them, so the reserved name (MLM 1.5.0) could not be set.",
    "Rename the stacking axis to `bands` (or `variables`).",
);

/// See [`Transform::what`].
pub(super) const BANDS_DIMENSION: Transform = Transform {
    name: "bands_dimension",
    forward: bands_dimension,
    inverse: Inverse::Keep(
        "MLM ≤ 1.4 accepts any dimension name, `bands` included, and a list is not required to have its own axis.",
    ),
    what: "MLM 1.5.0 reserves the dimension names `bands` and `variables`: `dim_order` must contain \
           `\"bands\"` exactly when `bands` is non-empty (same for `variables`), for inputs and \
           outputs. The stacked-band axis (`channel`, `channels`, `c`, `band`, or the second axis \
           of a rank-4 `[batch, ?, height, width]` layout) is renamed to `bands`; a `bands` \
           dimension without listed bands becomes `channel`. The axis size is not compared with \
           the number of bands (a derived NDVI band fills one channel from two bands).",
    before: r#"{"bands": ["B04", "B08"], "input": {"dim_order": ["batch", "channel", "height", "width"]}}"#,
    after: r#"{"bands": ["B04", "B08"], "input": {"dim_order": ["batch", "bands", "height", "width"]}}"#,
};

fn bands_dimension(ctx: &mut Ctx, at: &Pointer) {
    if !needs_bands_dimension(ctx, at) {
        return;
    }
    let Some(obj) = ctx.object(at) else { return };
    let structure = if obj.has_member("result") {
        "result"
    } else {
        "input"
    };
    let dims_at = at.key(structure).key("dim_order");
    let Some(dims) = ctx.get(&dims_at).and_then(Value::as_array).cloned() else {
        return;
    };
    let names: Vec<&str> = dims.iter().filter_map(Value::as_str).collect();
    for (list, reserved) in [("bands", "bands"), ("variables", "variables")] {
        let listed = ctx
            .get(&at.key(list))
            .and_then(Value::as_array)
            .is_some_and(|l| !l.is_empty());
        let has_dim = names.contains(&reserved);
        if listed && !has_dim {
            rename_channel_axis(ctx, at, &dims_at, &names, list, reserved);
            return;
        }
        if !listed && has_dim && !names.contains(&"channel") {
            let i = names.iter().position(|n| *n == reserved).unwrap_or(0);
            let msg =
                format!("`{reserved}` is reserved for a non-empty `{list}` list from MLM 1.5.0");
            ctx.replace(
                &dims_at.index(i),
                Value::String("channel".to_owned()),
                Fidelity::Lossless,
                msg,
            );
            return;
        }
    }
}

/// True when [`bands_dimension`] changes something at `at`: the same decisions, made on
/// borrows (most tensors need nothing, so nothing is copied or built for them).
fn needs_bands_dimension(ctx: &Ctx, at: &Pointer) -> bool {
    let Some(obj) = ctx.object(at) else {
        return false;
    };
    let structure = if obj.has_member("result") {
        "result"
    } else {
        "input"
    };
    let Some(dims) = member(obj, structure)
        .and_then(|s| s.member("dim_order"))
        .and_then(Value::as_array)
    else {
        return false;
    };
    let has = |name: &str| dims.iter().any(|d| d.as_str() == Some(name));
    for (list, reserved) in [("bands", "bands"), ("variables", "variables")] {
        let listed = member(obj, list)
            .and_then(Value::as_array)
            .is_some_and(|l| !l.is_empty());
        let has_dim = has(reserved);
        if listed && !has_dim {
            return true;
        }
        if !listed && has_dim && !has("channel") {
            return true;
        }
    }
    false
}

fn rename_channel_axis(
    ctx: &mut Ctx,
    at: &Pointer,
    dims_at: &Pointer,
    names: &[&str],
    list: &str,
    reserved: &str,
) {
    let axis = if list == "bands" {
        channel_axis(names)
    } else {
        None
    };
    match axis {
        Some(i) => {
            let msg = format!("the `{}` axis holds the listed {list}: MLM 1.5.0 names it `{reserved}`", names[i]);
            ctx.replace(&dims_at.index(i), Value::String(reserved.to_owned()), Fidelity::Lossless, msg);
        }
        None => ctx.diag(
            Diagnostic::new(DIMENSION_FOR_LIST_UNKNOWN, Severity::Error, format!("`{list}` is listed but no axis of `dim_order` can be identified as holding them"))
                .at(at.key(list))
                .hint(format!("rename the axis that stacks the {list} to `{reserved}` in `dim_order`")),
        ),
    }
}
