//! Writing a legacy version (DLM, ML-Model): the inverse of the required-fields transform both
//! legacy readers end with ([`super::legacy`]). Neither legacy spec names the model; MLM took
//! `mlm:name` from the Item `title` (else its `id`), so a name equal to that source goes, and
//! a name with no such source is kept as the `title`. To DLM, the architecture placeholder
//! `unknown` goes (an upgrade writes it again). Empty `mlm:input` / `mlm:output` lists
//! say nothing and go — except to DLM, which requires `dlm:inputs` / `dlm:outputs`: there they
//! become the same empty lists, which the DLM reader reads back as empty MLM lists.

use serde_json::Value;

use crate::kernel::edit::Ctx;
use crate::kernel::pointer::Pointer;
use crate::kernel::records::Fidelity;
use crate::kernel::scope::DocKind;
use crate::kernel::versions::Family;

pub(super) fn required_fields_back(ctx: &mut Ctx, props: &Pointer) {
    if !matches!(ctx.kind(), DocKind::Item | DocKind::Metadata) {
        return;
    }
    name_back(ctx, props);
    let arch = props.key("mlm:architecture");
    // ML-Model requires an architecture (its step renames the placeholder); DLM does not.
    let dlm = ctx.target().family() == Family::Dlm;
    if dlm && ctx.get(&arch).and_then(Value::as_str) == Some("unknown") {
        let msg = "the placeholder an upgrade writes when the legacy item states no architecture";
        ctx.remove(&arch, Fidelity::Lossless, msg);
    }
    for (key, dlm) in [("mlm:input", "dlm:inputs"), ("mlm:output", "dlm:outputs")] {
        let at = props.key(key);
        if !ctx
            .get(&at)
            .and_then(Value::as_array)
            .is_some_and(Vec::is_empty)
        {
            continue;
        }
        if ctx.target().family() == Family::Dlm && ctx.get(&props.key(dlm)).is_none() {
            // DLM requires the block; its reader reads an empty list as no input (output).
            let msg = "an empty list: DLM requires the block, and an upgrade reads it as the same empty list";
            ctx.rename(props, key, dlm, None, Fidelity::Lossless, msg);
        } else {
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
        // An upgrade writes it right after the `title`, else at the end of the properties.
        let keys: Vec<&String> = ctx
            .object(props)
            .map(|o| o.keys().collect())
            .unwrap_or_default();
        let at = keys.iter().position(|k| *k == "mlm:name");
        let in_place = match keys.iter().position(|k| *k == "title") {
            Some(t) => at == Some(t + 1),
            None => at == Some(keys.len() - 1),
        };
        let (fidelity, msg) = if in_place {
            (
                Fidelity::Lossless,
                "the legacy spec has no model name; an upgrade takes it from the title (else the id) again",
            )
        } else {
            (
                Fidelity::Assumed,
                "the legacy spec has no model name; an upgrade takes it from the title (else the id) again, but writes it after the `title` (else at the end of the properties)",
            )
        };
        ctx.remove(&props.key("mlm:name"), fidelity, msg);
    } else if title.is_none() {
        let msg = "the legacy spec has no model name: kept as the Item `title`, where an upgrade reads it";
        ctx.rename(props, "mlm:name", "title", None, Fidelity::Assumed, msg);
    }
}
