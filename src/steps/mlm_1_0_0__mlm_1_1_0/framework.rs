//! MLM 1.1.0 constrains free-text `mlm:framework` by a pattern.

use serde_json::Value;

use crate::kernel::edit::Ctx;
use crate::kernel::pointer::Pointer;
use crate::kernel::records::Fidelity;
use crate::steps::Transform;
use crate::steps::transform::Inverse;

/// MLM 1.1.0: free-text `mlm:framework` may not start or end with whitespace, `.`, `_`, `-`.
pub(super) const FRAMEWORK_TRIM: Transform = Transform {
    name: "framework_trim",
    forward: framework_trim,
    inverse: Inverse::Keep("the trimmed name is valid in MLM 1.0.0 too."),
    what: "Strips leading and trailing whitespace, `.`, `_` and `-` from a free-text `mlm:framework` \
           (pattern `^(?=[^\\s._\\-]).*[^\\s._\\-]$`, MLM 1.1.0+).",
    before: r#"{"mlm:framework": "PyTorch "}"#,
    after: r#"{"mlm:framework": "PyTorch"}"#,
};

fn framework_trim(ctx: &mut Ctx, at: &Pointer) {
    let p = at.key("mlm:framework");
    let Some(s) = ctx.get(&p).and_then(Value::as_str).map(str::to_owned) else {
        return;
    };
    let trimmed = s.trim_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '_' | '-'));
    if trimmed != s && !trimmed.is_empty() {
        ctx.replace(
            &p,
            Value::String(trimmed.to_owned()),
            Fidelity::Lossless,
            format!("`{s}` trimmed to `{trimmed}`"),
        );
    }
}
