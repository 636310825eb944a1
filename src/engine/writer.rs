//! The MLM writer: what every output of a given target version gets, whatever its source.
//!
//! After the chain: the vocabulary table (`mappings/normalize.toml`), the closed field set of
//! the target (unknown `mlm:*` keys are forbidden from MLM 1.4.0; each removal is reported as
//! lossy), and the `stac_extensions` identifier.

use serde_json::{Value, json};

use super::edit::{Ctx, Pos};
use super::scope::{DocKind, Scope, containers};
use crate::detect::Detection;
use crate::pointer::Pointer;
use crate::report::{Fidelity, RuleRef};
use crate::rules::{self, Direction};
use crate::spec::{Family, Recognized, Spec};

/// Every `mlm:*` field of MLM 1.5.0–1.5.2 (schema `$defs/fields`); unknown ones are rejected.
const MLM_FIELDS: [&str; 20] = [
    "mlm:name",
    "mlm:architecture",
    "mlm:tasks",
    "mlm:framework",
    "mlm:framework_version",
    "mlm:memory_size",
    "mlm:total_parameters",
    "mlm:pretrained",
    "mlm:pretrained_source",
    "mlm:batch_size_suggestion",
    "mlm:accelerator",
    "mlm:accelerator_constrained",
    "mlm:accelerator_summary",
    "mlm:accelerator_count",
    "mlm:input",
    "mlm:output",
    "mlm:hyperparameters",
    "mlm:artifact_type",
    "mlm:compile_method",
    "mlm:entrypoint",
];

fn writer_rule(ctx: &mut Ctx<'_>, id: &str, spec: &str, target: Spec) {
    ctx.rule = RuleRef {
        id: id.to_owned(),
        step: format!("writer {target}"),
        spec: spec.to_owned(),
        url: format!(
            "https://github.com/stac-extensions/mlm/blob/v{}/README.md",
            target.version()
        ),
    };
}

/// Applies the target writer to the migrated document.
pub(super) fn finish(ctx: &mut Ctx<'_>, detection: &Detection, target: Spec) {
    let table = &rules::tables().normalize;
    for rule in &table.rules {
        ctx.rule = RuleRef {
            id: rule.id.clone(),
            step: format!("writer {target}"),
            spec: rule.spec.clone(),
            url: table.url.clone(),
        };
        rules::apply_rule(ctx, rule, Direction::Forward);
    }
    writer_rule(ctx, "unknown-mlm-field", "spec-changes §1.6 #2", target);
    unknown_fields(ctx);
    writer_rule(ctx, "extension-uri", "spec-changes §0.1, A1, A30", target);
    extension_uri(ctx, detection, target);
}

fn unknown_fields(ctx: &mut Ctx<'_>) {
    let mut holders = Vec::new();
    if ctx.kind != DocKind::Collection {
        holders.extend(containers(&ctx.doc, ctx.kind, Scope::Properties));
    }
    holders.extend(containers(&ctx.doc, ctx.kind, Scope::Asset));
    for at in holders {
        let Some(obj) = ctx.object(&at) else { continue };
        let unknown: Vec<String> = obj
            .keys()
            .filter(|k| k.starts_with("mlm:") && !MLM_FIELDS.contains(&k.as_str()))
            .cloned()
            .collect();
        for key in unknown {
            let msg =
                format!("`{key}` is not an MLM field; MLM ≥ 1.4.0 rejects unknown `mlm:` fields");
            ctx.remove(&at.key(&key), Fidelity::Lossy, msg);
        }
    }
}

/// Declares exactly the target version in `stac_extensions` (or `$schema`), in the place of
/// the first model-metadata identifier; other model-metadata identifiers are removed.
fn extension_uri(ctx: &mut Ctx<'_>, detection: &Detection, target: Spec) {
    let uri = target.uri();
    if detection.kind == DocKind::Metadata && ctx.get(&Pointer::root().key("$schema")).is_some() {
        let p = Pointer::root().key("$schema");
        ctx.replace(
            &p,
            json!(uri),
            Fidelity::Lossless,
            format!("declares {target}"),
        );
        return;
    }
    let list = Pointer::root().key("stac_extensions");
    let entries: Vec<(usize, Option<Spec>)> = ctx
        .get(&list)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .enumerate()
                .filter_map(|(i, v)| match Spec::from_extension_uri(v.as_str()?)? {
                    Recognized::Known(s) => Some((i, Some(s))),
                    Recognized::Unknown { .. } => Some((i, None)),
                })
                .collect()
        })
        .unwrap_or_default();
    let Some(&(first, first_spec)) = entries.first() else {
        add_uri(ctx, &list, uri, target);
        return;
    };
    let from = first_spec.map_or_else(|| "an unknown version".to_owned(), |s| s.id());
    ctx.replace(
        &list.index(first),
        json!(uri),
        Fidelity::Lossless,
        format!("declares {target} instead of {from}"),
    );
    for &(i, spec) in entries[1..].iter().rev() {
        let why = match spec {
            Some(s) if s.family() != Family::Mlm => {
                format!("its {} fields were converted to MLM", s.family().name())
            }
            _ => "a document declares one MLM version".to_owned(),
        };
        ctx.remove(
            &list.index(i),
            Fidelity::Lossless,
            format!("removed a second model-metadata identifier: {why}"),
        );
    }
}

fn add_uri(ctx: &mut Ctx<'_>, list: &Pointer, uri: &str, target: Spec) {
    let msg = format!(
        "the document has MLM content but did not declare the extension; declares {target}"
    );
    if !ctx.push(list, json!(uri), Fidelity::Lossless, msg.clone()) {
        let pos = if ctx.get(&Pointer::root().key("stac_version")).is_some() {
            Pos::After("stac_version")
        } else {
            Pos::End
        };
        ctx.add(
            &Pointer::root(),
            "stac_extensions",
            json!([uri]),
            pos,
            Fidelity::Lossless,
            msg,
        );
    }
}
