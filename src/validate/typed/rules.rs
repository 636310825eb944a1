//! Cross-field rules of the MLM schemas that a per-field check cannot see, and the reading of
//! Collection summaries. Each rule cites the schema definition it implements.

use std::sync::OnceLock;

use serde_json::{Map, Value};

use super::super::codes;
use super::super::fields::{Field, Type, version};
use super::super::finding::Finding;
use super::Sink;
use super::value::{At, check};
use crate::kernel::pointer::{Members, Pointer};
use crate::kernel::versions::{Family, Spec};

/// A Collection summary of a field: a list of the field's values (or, for an array field, of
/// its items), a range object or a JSON schema (STAC summaries); a bare value is read as the
/// field's value.
pub(super) fn summary(value: &Value, field: &Field, at: &At<'_>, sink: &mut Sink) {
    match value {
        Value::Object(_) if !field.ty.admits_kind(value) => {}
        Value::Array(items) if !matches!(field.ty, Type::Array(_)) => {
            for (i, item) in items.iter().enumerate() {
                let item_at = at.item(i);
                check(item, &field.ty, &field.limits, &item_at, sink);
            }
        }
        _ => check(value, &field.ty, &field.limits, at, sink),
    }
}

/// The MLM versions the Item-level rules start at, parsed once (the rules run for every Item).
struct Since {
    v1_2_0: Spec,
    v1_4_0: Spec,
    v1_5_0: Spec,
}

fn since() -> &'static Since {
    static SINCE: OnceLock<Since> = OnceLock::new();
    SINCE.get_or_init(|| Since {
        v1_2_0: version("mlm@1.2.0"),
        v1_4_0: version("mlm@1.4.0"),
        v1_5_0: version("mlm@1.5.0"),
    })
}

/// The Item-level rules of `spec`.
pub(super) fn item(root: &Map<String, Value>, at: &Pointer, spec: Spec, sink: &mut Sink) {
    if spec.family() != Family::Mlm {
        return;
    }
    let Some(Value::Object(assets)) = root.member("assets") else {
        return;
    };
    let props = root.member("properties").and_then(Value::as_object);
    let has_mlm = props.is_some_and(|p| p.keys().any(|k| k.starts_with("mlm:")));
    if !has_mlm {
        return;
    }
    model_assets(assets, &at.key("assets"), spec, sink);
    if let Some(p) = props {
        pretrained(p, &at.key("properties"), sink);
        if spec >= since().v1_5_0 {
            for key in ["mlm:input", "mlm:output"] {
                dimensions(p, &at.key("properties"), key, sink);
            }
        }
    }
}

fn roles(asset: &Value) -> Option<Vec<&str>> {
    let list = asset.member("roles")?.as_array()?;
    Some(list.iter().filter_map(Value::as_str).collect())
}

/// `$defs/AssetModelRoleMinimumOneDefinition` (1.2.0+: some asset has the role `mlm:model`;
/// the schema's second branch only lets an Item without any `mlm:model` role fail), `$defs/AssetModelRequiredProperties`
/// (1.4.0+) and `$defs/AssetCodeRoleWithEntrypoint` (1.5.0+).
fn model_assets(assets: &Map<String, Value>, at: &Pointer, spec: Spec, sink: &mut Sink) {
    let is_model = |a: &Value| roles(a).is_some_and(|r| r.contains(&"mlm:model"));
    if spec >= since().v1_2_0 && !assets.is_empty() && !assets.values().any(is_model) {
        sink.push(
            Finding::typed(
                codes::MODEL_ROLE_MISSING,
                at.clone(),
                format!("no asset has the role \"mlm:model\" ({spec})"),
            )
            .expecting("one asset with \"roles\": [\"mlm:model\", ...]"),
        );
    }
    for (name, asset) in assets {
        let here = at.key(name);
        let has_type = asset.member("mlm:artifact_type").is_some();
        if spec >= since().v1_4_0 && is_model(asset) && !has_type {
            sink.push(
                Finding::typed(
                    codes::MISSING_FIELD,
                    here.clone(),
                    format!("the model asset `{name}` needs `mlm:artifact_type` ({spec})"),
                )
                .expecting("\"mlm:artifact_type\": how the file was saved, e.g. \"torch.save\""),
            );
        } else if spec >= since().v1_4_0 && has_type && !is_model(asset) {
            sink.push(
                Finding::typed(
                    codes::MISPLACED_FIELD,
                    here.key("mlm:artifact_type"),
                    format!(
                        "`mlm:artifact_type` on `{name}`, which has no role \"mlm:model\" ({spec})"
                    ),
                )
                .expecting("`mlm:artifact_type` only on the asset with role \"mlm:model\""),
            );
        }
        let code_role = roles(asset).is_some_and(|r| r.contains(&"code"));
        if spec >= since().v1_5_0 && asset.member("mlm:entrypoint").is_some() && !code_role {
            sink.push(
                Finding::typed(
                    codes::MISSING_FIELD,
                    here,
                    format!("`{name}` has `mlm:entrypoint` but not the role \"code\" ({spec})"),
                )
                .expecting("\"roles\": [..., \"code\"] on an asset with `mlm:entrypoint`"),
            );
        }
    }
}

/// `mlm:pretrained` false needs `mlm:pretrained_source: null` (`$defs/mlm:pretrained`).
fn pretrained(props: &Map<String, Value>, at: &Pointer, sink: &mut Sink) {
    if props.member("mlm:pretrained") != Some(&Value::Bool(false)) {
        return;
    }
    match props.member("mlm:pretrained_source") {
        Some(Value::Null) => {}
        Some(_) => sink.push(
            Finding::typed(
                codes::INVALID_VALUE,
                at.key("mlm:pretrained_source"),
                "`mlm:pretrained` is false, so `mlm:pretrained_source` must be null".to_owned(),
            )
            .expecting("null (trained from scratch)"),
        ),
        None => sink.push(
            Finding::typed(
                codes::MISSING_FIELD,
                at.clone(),
                "`mlm:pretrained` is false, so `mlm:pretrained_source: null` is required"
                    .to_owned(),
            )
            .expecting("\"mlm:pretrained_source\": null"),
        ),
    }
}

/// MLM 1.5.0+: an input/output listing `bands` (`variables`) names the `bands` (`variables`)
/// dimension in its `dim_order`, and one listing none does not
/// (`$defs/ModelInputBandsDimensionRef` and its siblings).
fn dimensions(props: &Map<String, Value>, at: &Pointer, key: &str, sink: &mut Sink) {
    let Some(Value::Array(entries)) = props.get(key) else {
        return;
    };
    let structure = if key == "mlm:input" {
        "input"
    } else {
        "result"
    };
    for (i, entry) in entries.iter().enumerate() {
        let order = entry
            .get(structure)
            .and_then(|s| s.member("dim_order"))
            .and_then(Value::as_array);
        let Some(order) = order else { continue };
        for list in ["bands", "variables"] {
            let listed = entry
                .get(list)
                .and_then(Value::as_array)
                .is_some_and(|a| !a.is_empty());
            let named = order.iter().any(|d| d == list);
            if listed == named {
                continue;
            }
            let pointer = at.key(key).index(i).key(structure).key("dim_order");
            let message = if listed {
                format!("`{key}[{i}]` lists {list} but its dim_order has no \"{list}\" dimension")
            } else {
                format!("`{key}[{i}]` lists no {list} but its dim_order has a \"{list}\" dimension")
            };
            sink.push(
                Finding::typed(codes::DIMENSION_MISMATCH, pointer, message).expecting(format!(
                    "\"{list}\" in dim_order exactly when {list} are listed"
                )),
            );
        }
    }
}
