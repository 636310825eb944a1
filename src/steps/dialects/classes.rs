//! Classes outside the Model Output, or written as plain names (openEO back-ends, hand-written
//! items).

use serde_json::{Map, Value, json};

use crate::kernel::edit::{Ctx, Pos};
use crate::kernel::pointer::{Members, Pointer};
use crate::kernel::records::{Code, Diagnostic, Fidelity, Severity};
use crate::steps::Transform;
use crate::steps::transform::Inverse;

/// `classes-conflict`: see [`Code::what`].
pub(crate) const CLASSES_CONFLICT: Code = Code::new(
    "classes-conflict",
    "`mlm:classes` in Item properties differs from the `classification:classes` an output already has; the output's classes are kept.",
    "Check which class list is right and delete the other.",
);

/// `class-description-from-name`: see [`Code::what`].
pub(crate) const CLASS_DESCRIPTION_FROM_NAME: Code = Code::new(
    "class-description-from-name",
    "A classification Class Object (extension v1.1.0) requires `value` and `description`; classes given as plain names (or without `description`) got the name as description and, for plain names, their position as value.",
    "Write a real description for each class, and check the values against the model's output channels.",
);

/// See [`Transform::what`].
pub(super) const CLASSES_PROPERTY: Transform = Transform {
    name: "classes_property",
    forward: classes_property,
    inverse: Inverse::Lossy("MLM has no item-level class list to write back"),
    what: "Moves `mlm:classes` from Item properties to `classification:classes` of the Model \
           Output (copied to each output when there are several, which is assumed). An output \
           that already has different classes keeps them (warning `classes-conflict`).",
    before: r#"{"mlm:output": [{"name": "mask"}], "mlm:classes": [{"value": 0, "name": "water", "description": "water"}]}"#,
    after: r#"{"mlm:output": [{"name": "mask", "classification:classes": [{"value": 0, "name": "water", "description": "water"}]}]}"#,
};

fn classes_property(ctx: &mut Ctx, props: &Pointer) {
    let from = props.key("mlm:classes");
    let Some(classes) = ctx.get(&from).filter(|v| v.is_array()).cloned() else {
        return;
    };
    let list = props.key("mlm:output");
    let outputs: Vec<Pointer> = match ctx.get(&list) {
        Some(Value::Array(a)) => (0..a.len())
            .map(|i| list.index(i))
            .filter(|p| ctx.object(p).is_some())
            .collect(),
        _ => return,
    };
    let several = outputs.len() > 1;
    let fidelity = if several {
        Fidelity::Assumed
    } else {
        Fidelity::Lossless
    };
    let mut placed = 0;
    for out in &outputs {
        let key = "classification:classes";
        match ctx.get(&out.key(key)).cloned() {
            None => {
                let why = if several {
                    "the item's `mlm:classes`, copied to every output"
                } else {
                    "the item's `mlm:classes`, on its only output"
                };
                ctx.copy_to(&from, out, key, Pos::End, fidelity, why);
                placed += 1;
            }
            Some(v) if v == classes => placed += 1,
            Some(_) => {
                let at = ctx.input_of(out);
                ctx.diag(
                    Diagnostic::new(
                        CLASSES_CONFLICT,
                        Severity::Warning,
                        "`mlm:classes` differs from this output's `classification:classes`, which are kept",
                    )
                    .at(at),
                );
            }
        }
    }
    if placed > 0 {
        let msg = "moved to the Model Output's `classification:classes`";
        ctx.remove(&from, Fidelity::Lossless, msg);
    } else if !outputs.is_empty() {
        let msg = "every output has other classes; `mlm:classes` has no MLM place";
        ctx.remove(&from, Fidelity::Lossy, msg);
    }
}

/// See [`Transform::what`].
pub(super) const CLASS_NAMES: Transform = Transform {
    name: "class_names",
    forward: class_names,
    inverse: Inverse::Lossy(
        "the synthesized values and descriptions cannot be told from real ones",
    ),
    what: "Turns classes written as plain names (`[\"water\", \"land\"]`) into classification \
           Class Objects `{value, name, description}` with the position as `value` and the name \
           as `description`, and gives a Class Object without `description` its name as \
           description (classification v1.1.0 requires both). Assumed, with an info \
           `class-description-from-name`.",
    before: r#"{"classification:classes": ["water", "land"]}"#,
    after: r#"{"classification:classes": [{"value": 0, "name": "water", "description": "water"}, {"value": 1, "name": "land", "description": "land"}]}"#,
};

fn class_names(ctx: &mut Ctx, out: &Pointer) {
    let list = out.key("classification:classes");
    let Some(items) = ctx.get(&list).and_then(Value::as_array).cloned() else {
        return;
    };
    let mut touched = false;
    for (i, item) in items.iter().enumerate() {
        let at = list.index(i);
        match item {
            Value::String(name) => {
                let class = json!({"value": i, "name": name, "description": name});
                let msg = format!("class name `{name}` as a Class Object (value = its position)");
                ctx.replace(&at, class, Fidelity::Assumed, msg);
                touched = true;
            }
            Value::Object(o) if !o.has_member("description") => {
                let Some(name) = name_of(o) else { continue };
                let msg = "a Class Object needs `description`: the class name";
                ctx.add(
                    &at,
                    "description",
                    json!(name),
                    Pos::End,
                    Fidelity::Assumed,
                    msg,
                );
                touched = true;
            }
            _ => {}
        }
    }
    if touched {
        let at = ctx.input_of(&list);
        ctx.diag(
            Diagnostic::new(
                CLASS_DESCRIPTION_FROM_NAME,
                Severity::Info,
                "classes without `description` (or written as plain names) got their name as description",
            )
            .at(at)
            .hint("write a real description for each class"),
        );
    }
}

fn name_of(o: &Map<String, Value>) -> Option<String> {
    o.member("name").and_then(Value::as_str).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::scope::{DocKind, Scope};

    fn run(props: Value) -> Value {
        let doc = json!({"type": "Feature", "properties": props});
        let mut ctx = Ctx::new(doc, DocKind::Item);
        classes_property(&mut ctx, &Pointer::root().key("properties"));
        for at in ctx.containers(Scope::Output) {
            class_names(&mut ctx, &at);
        }
        ctx.finish().doc["properties"].clone()
    }

    #[test]
    fn item_classes_move_to_the_output_with_descriptions() {
        let p = run(
            json!({"mlm:output": [{"name": "o"}], "mlm:classes": [{"value": 0, "name": "bg"}, {"value": 1, "name": "road"}]}),
        );
        assert_eq!(
            p,
            json!({"mlm:output": [{"name": "o", "classification:classes": [
                {"value": 0, "name": "bg", "description": "bg"},
                {"value": 1, "name": "road", "description": "road"}
            ]}]})
        );
    }

    #[test]
    fn plain_names_become_class_objects() {
        let p = run(
            json!({"mlm:output": [{"name": "o", "classification:classes": ["water", "land"]}]}),
        );
        assert_eq!(
            p["mlm:output"][0]["classification:classes"][1],
            json!({"value": 1, "name": "land", "description": "land"})
        );
    }

    #[test]
    fn conflicting_classes_stay_on_the_output() {
        let own = json!([{"value": 5, "name": "x", "description": "x"}]);
        let p = run(
            json!({"mlm:output": [{"name": "o", "classification:classes": own}], "mlm:classes": ["a"]}),
        );
        assert_eq!(
            p,
            json!({"mlm:output": [{"name": "o", "classification:classes": own}]})
        );
    }
}
