//! STAC-level changes between DLM beta2 and beta.3: the STAC version. (The short extension
//! names and the `provider` pseudo-extension that the maintainers replaced in the same edit
//! are the repair `fix-extension-short-names`, applied to DLM sources without `--fix`.)

use serde_json::{Value, json};

use crate::kernel::edit::Ctx;
use crate::kernel::pointer::Pointer;
use crate::kernel::records::Fidelity;
use crate::steps::Transform;
use crate::steps::transform::Inverse;

/// STAC 1.0.0-beta.2 → 1.0.0.
pub(super) const STAC_VERSION: Transform = Transform {
    name: "dlm_stac_version",
    forward: stac_version,
    inverse: Inverse::Keep(
        "the STAC 1.0.0 version a beta.3 item declares is what an older DLM reader is given too (the beta2 STAC 1.0.0-beta.2 is not restored).",
    ),
    what: "Sets `stac_version` to `1.0.0` on a DLM document written for a pre-release STAC \
           (`1.0.0-beta.2`), as the maintainers did between DLM beta2 and beta.3. The repairs (`fix-*`) make the Item valid STAC 1.0.0.",
    before: r#"{"stac_version": "1.0.0-beta.2"}"#,
    after: r#"{"stac_version": "1.0.0"}"#,
};

fn stac_version(ctx: &mut Ctx, root: &Pointer) {
    let at = root.key("stac_version");
    let Some(v) = ctx.get(&at).and_then(Value::as_str).map(str::to_owned) else {
        return;
    };
    if v.starts_with("1.0.0-") || v.starts_with("0.") {
        ctx.replace(
            &at,
            json!("1.0.0"),
            Fidelity::Lossless,
            format!("DLM beta.3 items are STAC 1.0.0 (was `{v}`)"),
        );
    }
}
