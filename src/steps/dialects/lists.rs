//! One object (or one string) where MLM has an array of them.

use serde_json::Value;

use crate::kernel::edit::Ctx;
use crate::kernel::pointer::{Pointer, member};
use crate::kernel::records::Fidelity;
use crate::steps::Transform;
use crate::steps::transform::Inverse;

/// See [`Transform::what`].
pub(super) const SINGLE_OBJECT_LISTS: Transform = Transform {
    name: "single_object_lists",
    forward: single_object_lists,
    inverse: Inverse::Lossy("MLM never had the single-object form; there is nothing to write back"),
    what: "Wraps `mlm:input` / `mlm:output` given as one object, a Model Input's \
           `value_scaling` given as one object (a list of one applies to every band), and \
           `mlm:tasks` (or a Model Output's `tasks`) given as one string, into a one-item array \
           — the MLM form of the same content. Other types are left for validation to report.",
    before: r#"{"mlm:input": {"name": "rgb"}, "mlm:tasks": "classification"}"#,
    after: r#"{"mlm:input": [{"name": "rgb"}], "mlm:tasks": ["classification"]}"#,
};

/// Members whose single object or string is wrapped: (key, the single form it may have).
const LISTS: [(&str, Single); 5] = [
    ("mlm:input", Single::Object),
    ("value_scaling", Single::Object),
    ("mlm:output", Single::Object),
    ("mlm:tasks", Single::String),
    ("tasks", Single::String),
];

#[derive(Clone, Copy)]
enum Single {
    Object,
    String,
}

fn single_object_lists(ctx: &mut Ctx, at: &Pointer) {
    let Some(obj) = ctx.object(at) else {
        return;
    };
    // Only a single form is cloned (and its pointer built): most documents already have the
    // array.
    let found: Vec<(&str, &str, Value)> = LISTS
        .iter()
        .filter_map(|(key, single)| match (single, member(obj, key)) {
            (Single::Object, Some(v @ Value::Object(_))) => Some((*key, "one object", v.clone())),
            (Single::String, Some(v @ Value::String(_))) => Some((*key, "one string", v.clone())),
            _ => None,
        })
        .collect();
    for (key, what, v) in found {
        ctx.replace(
            &at.key(key),
            Value::Array(vec![v]),
            Fidelity::Lossless,
            format!("`{key}` was {what}; MLM has an array: a list of one"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::scope::{DocKind, Scope};
    use serde_json::json;

    #[test]
    fn wraps_single_forms_only() {
        let doc = json!({"type": "Feature", "properties": {
            "mlm:input": {"name": "a"}, "mlm:output": [{"name": "o", "tasks": "classification"}],
            "mlm:tasks": "classification", "mlm:name": "x"
        }});
        let mut ctx = Ctx::new(doc, DocKind::Item);
        for scope in [Scope::Properties, Scope::Output] {
            for at in ctx.containers(scope) {
                single_object_lists(&mut ctx, &at);
            }
        }
        let out = ctx.finish();
        let p = &out.doc["properties"];
        assert_eq!(p["mlm:input"], json!([{"name": "a"}]));
        assert_eq!(p["mlm:tasks"], json!(["classification"]));
        assert_eq!(p["mlm:output"][0]["tasks"], json!(["classification"]));
        assert_eq!(p["mlm:name"], json!("x"));
        assert_eq!(out.changes.len(), 3);
    }
}
