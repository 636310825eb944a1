//! Writing a legacy version (DLM, ML-Model): the inverse of the required-fields transform both
//! legacy readers end with ([`super::legacy`]). Neither legacy spec names the model; MLM took
//! `mlm:name` from the Item `title` (else its `id`), so a name equal to that source goes, and
//! a name with no such source is kept as the `title`. Empty `mlm:input` / `mlm:output` lists
//! say nothing and go.

use serde_json::Value;

use crate::kernel::edit::Ctx;
use crate::kernel::pointer::Pointer;
use crate::kernel::records::Fidelity;
use crate::kernel::scope::DocKind;

pub(super) fn required_fields_back(ctx: &mut Ctx, props: &Pointer) {
    if !matches!(ctx.kind(), DocKind::Item | DocKind::Metadata) {
        return;
    }
    name_back(ctx, props);
    for key in ["mlm:input", "mlm:output"] {
        let at = props.key(key);
        if ctx
            .get(&at)
            .and_then(Value::as_array)
            .is_some_and(Vec::is_empty)
        {
            let msg = "an empty list says nothing (an upgrade writes it again)";
            ctx.remove(&at, Fidelity::Lossless, msg);
        }
    }
}

fn name_back(ctx: &mut Ctx, props: &Pointer) {
    let Some(name) = ctx.get(&props.key("mlm:name")).and_then(Value::as_str) else {
        return;
    };
    let name = name.to_owned();
    let title = ctx.get(&props.key("title")).and_then(Value::as_str);
    let id = ctx.get(&Pointer::root().key("id")).and_then(Value::as_str);
    let from_source = match title {
        Some(t) => t == name,
        None => id == Some(name.as_str()),
    };
    if from_source {
        let msg = "the legacy spec has no model name; an upgrade takes it from the title (else the id) again";
        ctx.remove(&props.key("mlm:name"), Fidelity::Lossless, msg);
    } else if title.is_none() {
        let msg = "the legacy spec has no model name: kept as the Item `title`, where an upgrade reads it";
        ctx.rename(props, "mlm:name", "title", None, Fidelity::Assumed, msg);
    }
}
