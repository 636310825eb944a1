//! `mlm:framework` as a list of `{name, version}` (openEO back-ends).

use serde_json::{Value, json};

use crate::kernel::edit::{Ctx, Pos};
use crate::kernel::pointer::{Members, Pointer};
use crate::kernel::records::{Code, Diagnostic, Fidelity, Severity};
use crate::steps::Transform;
use crate::steps::common::vocab::framework;
use crate::steps::transform::Inverse;

/// `framework-list-several`: see [`Code::what`].
pub(crate) const FRAMEWORK_LIST_SEVERAL: Code = Code::new(
    "framework-list-several",
    "`mlm:framework` listed several frameworks; MLM holds one, so the first was kept and the others were removed (lossy).",
    "Describe the other frameworks' model files as their own assets, each with its `mlm:framework`.",
);

/// See [`Transform::what`].
pub(super) const FRAMEWORK_LIST: Transform = Transform {
    name: "framework_list",
    forward: framework_list,
    inverse: Inverse::Lossy("MLM never had the list form; there is nothing to write back"),
    what: "Reads `mlm:framework` written as a list of `{name, version}` objects (or as one such \
           object): the first entry's `name` becomes `mlm:framework` (in the enum spelling when it \
           matches one case-insensitively, `onnx` → `ONNX`) and its `version` becomes \
           `mlm:framework_version` unless that is already set. Further entries have no place in \
           MLM and are removed as lossy, with a warning.",
    before: r#"{"mlm:framework": [{"name": "onnx", "version": "1.15.0"}]}"#,
    after: r#"{"mlm:framework": "ONNX", "mlm:framework_version": "1.15.0"}"#,
};

fn framework_list(ctx: &mut Ctx, at: &Pointer) {
    let p = at.key("mlm:framework");
    let entries: Vec<Value> = match ctx.get(&p) {
        Some(Value::Array(a)) if a.first().is_some_and(Value::is_object) => a.clone(),
        Some(o @ Value::Object(_)) => vec![o.clone()],
        _ => return,
    };
    let first = &entries[0];
    let Some(name) = first.member("name").and_then(Value::as_str) else {
        return;
    };
    let spelled = framework(name);
    let version = first.member("version").filter(|v| !v.is_null()).cloned();
    let rest = &entries[1..];
    let fidelity = if rest.is_empty() {
        Fidelity::Lossless
    } else {
        Fidelity::Lossy
    };
    let mut msg = format!("the framework `{name}` of a `{{name, version}}` list, as MLM's name");
    if !rest.is_empty() {
        let others: Vec<String> = rest.iter().map(|e| e.to_string()).collect();
        msg.push_str(&format!("; dropped: {}", others.join(", ")));
        ctx.diag(
            Diagnostic::new(
                FRAMEWORK_LIST_SEVERAL,
                Severity::Warning,
                format!(
                    "`mlm:framework` lists {} frameworks: kept `{spelled}`",
                    entries.len()
                ),
            )
            .at(ctx.input_of(&p))
            .hint("describe each other framework's model file as its own asset"),
        );
    }
    ctx.replace(&p, json!(spelled), fidelity, msg);
    let Some(version) = version else { return };
    let existing = ctx.get(&at.key("mlm:framework_version")).cloned();
    match existing {
        None => {
            ctx.add(
                at,
                "mlm:framework_version",
                version,
                Pos::After("mlm:framework"),
                Fidelity::Lossless,
                format!("the `version` of framework `{name}`"),
            );
        }
        Some(v) if v == version => {}
        Some(v) => ctx.diag(
            Diagnostic::new(
                FRAMEWORK_LIST_SEVERAL,
                Severity::Warning,
                format!(
                    "the framework list says version {version}, `mlm:framework_version` {v}, which is kept"
                ),
            )
            .at(ctx.input_of(&p)),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::scope::DocKind;

    fn run(props: Value) -> (Value, Vec<(Fidelity, String)>) {
        let doc = json!({"type": "Feature", "properties": props});
        let mut ctx = Ctx::new(doc, DocKind::Item);
        framework_list(&mut ctx, &Pointer::root().key("properties"));
        let out = ctx.finish();
        let log = out
            .changes
            .iter()
            .map(|c| (c.fidelity, c.message.clone()))
            .collect();
        (out.doc["properties"].clone(), log)
    }

    #[test]
    fn list_becomes_name_and_version() {
        let (p, log) =
            run(json!({"mlm:framework": [{"name": "onnx", "version": "1.15.0"}], "mlm:tasks": []}));
        assert_eq!(
            p,
            json!({"mlm:framework": "ONNX", "mlm:framework_version": "1.15.0", "mlm:tasks": []})
        );
        assert!(log.iter().all(|(f, _)| *f == Fidelity::Lossless), "{log:?}");
        let (p, log) =
            run(json!({"mlm:framework": [{"name": "PyTorch"}, {"name": "ONNX", "version": "1"}]}));
        assert_eq!(p, json!({"mlm:framework": "PyTorch"}));
        assert_eq!(log[0].0, Fidelity::Lossy);
        let (p, log) = run(json!({"mlm:framework": "PyTorch"}));
        assert_eq!(p, json!({"mlm:framework": "PyTorch"}));
        assert!(log.is_empty());
    }
}
