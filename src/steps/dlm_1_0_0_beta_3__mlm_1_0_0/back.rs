//! Writing DLM v1.0.0-beta.3 `dlm:architecture` and `dlm:runtime` from MLM properties and the
//! source-code asset (the inverses of [`super::architecture`] and [`super::runtime`]; DLM
//! README, <https://github.com/crim-ca/dlm-extension/blob/v1.0.0-beta.3/README.md>). Each
//! value is carried only when an upgrade reads the same value back; otherwise it is left to the
//! writer, which removes the `mlm:` fields DLM has no place for as lossy.

use serde_json::{Map, Number, Value, json};

use super::vocab;
use crate::kernel::edit::{Ctx, Pos};
use crate::kernel::pointer::{Members, Pointer};
use crate::kernel::records::Fidelity;
use crate::kernel::scope::DocKind;
use crate::steps::common::stray::{self, Wording};

/// Member of the Item properties → what it becomes, and with what fidelity.
type Carried = Vec<(&'static str, Fidelity, String)>;

/// Adds `block` (when it has members) before the first carried field, then removes the
/// carried fields.
fn write_block(
    ctx: &mut Ctx,
    props: &Pointer,
    name: &str,
    block: Map<String, Value>,
    carried: Carried,
) {
    if block.is_empty() {
        return;
    }
    let first = carried.first().map_or("", |c| c.0);
    let why = format!("MLM properties written as the DLM `{name}` block");
    ctx.add(
        props,
        name,
        Value::Object(block),
        Pos::Before(first),
        Fidelity::Lossless,
        why,
    );
    for (k, f, why) in carried {
        ctx.remove(&props.key(k), f, why);
    }
}

pub(super) fn architecture_back(ctx: &mut Ctx, props: &Pointer) {
    if !matches!(ctx.kind(), DocKind::Item | DocKind::Metadata)
        || ctx.get(&props.key("dlm:architecture")).is_some()
    {
        return;
    }
    let get = |k: &str| ctx.get(&props.key(k)).cloned();
    let mut block = Map::new();
    let mut carried = Carried::new();
    if let Some(t @ Value::String(_)) = get("mlm:architecture") {
        block.insert("type".into(), t);
        carried.push((
            "mlm:architecture",
            Fidelity::Lossless,
            "`dlm:architecture.type`".into(),
        ));
    }
    if let Some(n) = get("mlm:total_parameters").filter(Value::is_u64) {
        block.insert("total_nb_parameters".into(), n);
        carried.push((
            "mlm:total_parameters",
            Fidelity::Lossless,
            "`total_nb_parameters`".into(),
        ));
    }
    // bytes / 2^20 is exact in f64 (below 2^53), so an upgrade's × 1 048 576 gives the bytes back.
    let mb = get("mlm:memory_size")
        .and_then(|b| b.as_u64())
        .filter(|b| *b < 1 << 53)
        .and_then(|b| Number::from_f64(b as f64 / 1_048_576.0));
    if let Some(mb) = mb {
        block.insert("estimated_total_size_mb".into(), Value::Number(mb));
        let why = "`estimated_total_size_mb` (bytes / 1 048 576; DLM's figure is torchsummary's estimate, MLM's the inference memory)";
        carried.push(("mlm:memory_size", Fidelity::Lossless, why.into()));
    }
    pretrained(
        &get("mlm:pretrained"),
        &get("mlm:pretrained_source"),
        &mut block,
        &mut carried,
    );
    write_block(ctx, props, "dlm:architecture", block, carried);
}

/// `mlm:pretrained` + `mlm:pretrained_source` → DLM `pretrained`: the source text when the DLM
/// reader reads it back as pretrained from that source, else the boolean when the source is
/// `null` (read back so). Without a source member nothing is carried: the writer removes
/// `mlm:pretrained` as lossy.
fn pretrained(
    flag: &Option<Value>,
    source: &Option<Value>,
    block: &mut Map<String, Value>,
    carried: &mut Carried,
) {
    let Some(Value::Bool(flag)) = flag else {
        return;
    };
    let text = source.as_ref().and_then(Value::as_str);
    let value = match text {
        Some(s) if *flag && vocab::pretrained(Some(s)) == (true, Some(s.to_owned())) => json!(s),
        // An upgrade writes `mlm:pretrained_source: null` next to a boolean.
        None if source.as_ref().is_some_and(Value::is_null) => json!(flag),
        _ => return,
    };
    block.insert("pretrained".into(), value);
    carried.push((
        "mlm:pretrained",
        Fidelity::Lossless,
        "DLM `pretrained`".into(),
    ));
    carried.push((
        "mlm:pretrained_source",
        Fidelity::Lossless,
        "DLM `pretrained`".into(),
    ));
}

pub(super) fn runtime_back(ctx: &mut Ctx, _root: &Pointer) {
    if ctx.kind() != DocKind::Item {
        return;
    }
    let props = Pointer::root().key("properties");
    if ctx.get(&props.key("dlm:runtime")).is_some() {
        return;
    }
    let mut block = Map::new();
    let mut carried = Carried::new();
    if let Some(Value::String(name)) = ctx.get(&props.key("mlm:framework")).cloned() {
        let spelled = vocab::framework(&name);
        let (f, why) = if spelled == name {
            (Fidelity::Lossless, "`dlm:runtime.framework`".to_owned())
        } else {
            (
                Fidelity::Lossy,
                format!("`dlm:runtime.framework`; an upgrade from DLM spells it `{spelled}`"),
            )
        };
        block.insert("framework".into(), json!(name));
        carried.push(("mlm:framework", f, why));
    }
    if let Some(v @ Value::String(_)) = ctx.get(&props.key("mlm:framework_version")).cloned() {
        block.insert("version".into(), v);
        carried.push((
            "mlm:framework_version",
            Fidelity::Lossless,
            "`dlm:runtime.version`".into(),
        ));
    }
    let mut assets = Vec::new();
    if let Some((at, members)) = source_code(ctx) {
        block.extend(members);
        assets.push(at);
    }
    if let Some((at, href)) = requirements(ctx) {
        block.insert("requirement_file".into(), json!(href));
        assets.push(at);
    }
    if block.is_empty() {
        return;
    }
    if carried.is_empty() {
        let why = "the source-code asset written as the DLM `dlm:runtime` block";
        ctx.add(
            &props,
            "dlm:runtime",
            Value::Object(block),
            Pos::End,
            Fidelity::Lossless,
            why,
        );
    } else {
        write_block(ctx, &props, "dlm:runtime", block, carried);
    }
    // An upgrade appends them, in this order, after the other assets.
    let keys: Vec<String> = ctx
        .object(&Pointer::root().key("assets"))
        .map(|a| a.keys().cloned().collect())
        .unwrap_or_default();
    let last: Vec<String> = assets
        .iter()
        .filter_map(|a| a.split_last().map(|(_, k)| k))
        .collect();
    let in_place = keys.ends_with(&last);
    for asset in assets {
        let (f, why) = if in_place {
            (
                Fidelity::Lossless,
                "DLM states it in `dlm:runtime`; an upgrade writes this asset again",
            )
        } else {
            (
                Fidelity::Lossy,
                "DLM states it in `dlm:runtime`; an upgrade writes this asset again, but after the other assets",
            )
        };
        ctx.remove(&asset, f, why);
    }
}

/// The asset the DLM reader writes for an absolute `requirement_file` URL, and that URL.
fn requirements(ctx: &Ctx) -> Option<(Pointer, String)> {
    let at = Pointer::root().key("assets").key("requirements");
    let a = ctx.object(&at)?;
    let href = a.member("href")?.as_str()?;
    let form =
        json!({"href": href, "type": "text/plain", "title": "requirements", "roles": ["metadata"]});
    let absolute = href.starts_with("http://") || href.starts_with("https://");
    (absolute && Value::Object(a.clone()) == form).then(|| (at, href.to_owned()))
}

/// The asset the DLM reader writes for `model_src_url` (key `source_code`, exactly its
/// members), and the `dlm:runtime` members it comes from; `None` for any other asset, which
/// stays an asset.
fn source_code(ctx: &Ctx) -> Option<(Pointer, Map<String, Value>)> {
    let at = Pointer::root().key("assets").key("source_code");
    let a = ctx.object(&at)?;
    let roles = json!(["mlm:source_code", "code"]);
    let known = ["href", "type", "roles", "mlm:entrypoint"];
    if a.member("type")?.as_str()? != "text/html"
        || a.member("roles")? != &roles
        || a.keys().any(|k| !known.contains(&k.as_str()))
    {
        return None;
    }
    let href = a.member("href")?.as_str()?;
    let mut m = Map::new();
    match href
        .strip_prefix("https://github.com/")
        .and_then(|rest| rest.split_once("/tree/"))
    {
        Some((repo, hash)) if !hash.is_empty() && !hash.contains('/') => {
            m.insert(
                "model_src_url".into(),
                json!(format!("https://github.com/{repo}")),
            );
            m.insert("model_commit_hash".into(), json!(hash));
        }
        _ => {
            m.insert("model_src_url".into(), json!(href));
        }
    }
    if let Some(e) = a.member("mlm:entrypoint") {
        m.insert("model_handler".into(), e.clone());
    }
    Some((at, m))
}

/// DLM has one model artefact (the archive asset). An asset that carries `mlm:model` only as
/// MLM 1.0/1.1 forced it onto every asset (a code, runtime or documentation asset, while
/// another asset is the model) is not it: a code asset gets
/// `mlm:source_code` instead (as the MLM v1.3.0 examples write it), another loses the role —
/// what an upgrade through MLM 1.3.0 does too (assumed). The model asset itself stays
/// (`dlm:archive` is not written: MLM does not state an archive's content).
pub(super) fn archive_back(ctx: &mut Ctx, _root: &Pointer) {
    let wording = Wording {
        fidelity: Fidelity::Assumed,
        to_source_code: "DLM's model artefact is the model, not this code asset: role `mlm:model` becomes `mlm:source_code`",
        removed: "DLM's model artefact is the model, not this code, runtime or documentation asset: role `mlm:model` removed",
    };
    // No `mlm:artifact_type` condition (the MLM 1.3.0 step has one): DLM has no field for it,
    // so the writer removes it and an upgrade sees the stray role.
    stray::take_off(ctx, stray::is_support, &wording);
}
