//! Recognising the dialects (`mlm-migrate detect` prints them as observed fields). A dialect
//! bounds no version: the evidence only names the form and the rule that reads it.

use serde_json::Value;

use crate::kernel::pointer::Members;
use crate::kernel::records::Evidence;
use crate::kernel::versions::Family;
use crate::steps::{Holder, Probe};

/// Dialect members of properties, assets, inputs and outputs.
pub(super) fn probe(p: &Probe<'_>, out: &mut Vec<Evidence>) {
    let Some(obj) = p.object() else { return };
    let mut seen = |key: &str, note: &str| {
        let note = format!("{note} (a tool dialect, read by rule `{}`)", rule_of(key));
        out.push(Probe::bounded(
            Family::Mlm,
            p.at.key(key),
            None,
            None,
            &note,
        ));
    };
    match p.holder {
        Holder::Properties | Holder::Asset => {
            for key in ["mlm:input", "mlm:output"] {
                if obj.get(key).is_some_and(Value::is_object) {
                    seen(key, &format!("`{key}` is one object, not an array"));
                }
            }
            if obj.member("mlm:tasks").is_some_and(Value::is_string) {
                seen("mlm:tasks", "`mlm:tasks` is one string, not an array");
            }
            let framework = obj.member("mlm:framework");
            if framework.is_some_and(|f| {
                f.is_object() || f.as_array().is_some_and(|a| a.iter().any(Value::is_object))
            }) {
                seen(
                    "mlm:framework",
                    "`mlm:framework` is a list of `{name, version}`",
                );
            }
            if obj.has_member("mlm:classes") {
                seen(
                    "mlm:classes",
                    "`mlm:classes` sits in Item properties, not on the Model Output",
                );
            }
        }
        Holder::Input | Holder::Output => {
            let nested = if p.holder == Holder::Input {
                "input"
            } else {
                "result"
            };
            if obj.member("shape").is_some_and(Value::is_array) && !obj.has_member(nested) {
                seen(
                    "shape",
                    &format!("`shape` sits on the object itself, not in `{nested}`"),
                );
            }
            if p.holder == Holder::Output {
                let classes = obj
                    .member("classification:classes")
                    .and_then(Value::as_array);
                if classes.is_some_and(|c| c.iter().any(Value::is_string)) {
                    seen(
                        "classification:classes",
                        "classes are plain names, not Class Objects",
                    );
                }
                if obj.member("tasks").is_some_and(Value::is_string) {
                    seen("tasks", "`tasks` is one string, not an array");
                }
            }
        }
        Holder::Document => {}
    }
}

/// The rule that reads the dialect form of `key`.
fn rule_of(key: &str) -> &'static str {
    match key {
        "mlm:framework" => "mlm-framework-list",
        "shape" => "mlm-flat-tensor",
        "mlm:classes" => "mlm-classes-property",
        "classification:classes" => "mlm-class-names",
        _ => "mlm-single-object-lists",
    }
}
