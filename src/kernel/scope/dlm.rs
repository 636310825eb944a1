//! Field containers of the legacy specs that mapping rows can name as a scope.
//!
//! DLM nests its fields in objects under Item properties (`dlm:data`, `dlm:outputs`, …), so
//! data rows that rename or re-spell a DLM member need those
//! objects as containers. The schema says each is one object; an array of objects is read too.

use serde_json::Value;

use super::{DocKind, Scope, containers as mlm_containers};
use crate::kernel::pointer::Pointer;

/// Pointers of the DLM objects of `scope` in `doc` (empty for non-DLM scopes).
pub(super) fn containers(doc: &Value, kind: DocKind, scope: Scope) -> Vec<Pointer> {
    let field = match scope {
        Scope::DlmData => "dlm:data",
        Scope::DlmOutputs => "dlm:outputs",
        Scope::DlmInputs => "dlm:inputs",
        _ => return Vec::new(),
    };
    if !matches!(kind, DocKind::Item | DocKind::Metadata) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for props in mlm_containers(doc, kind, Scope::Properties) {
        let at = props.key(field);
        match at.get(doc) {
            Some(Value::Object(_)) => out.push(at),
            Some(Value::Array(items)) => out.extend(
                items
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| v.is_object())
                    .map(|(i, _)| at.index(i)),
            ),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn dlm_objects_and_arrays_of_them() {
        let cases = [
            (
                json!({"dlm:data": {}}),
                Scope::DlmData,
                vec!["/properties/dlm:data"],
            ),
            (
                json!({"dlm:outputs": [{}, 1, {}]}),
                Scope::DlmOutputs,
                vec!["/properties/dlm:outputs/0", "/properties/dlm:outputs/2"],
            ),
            (json!({"dlm:data": "x"}), Scope::DlmData, vec![]),
            (json!({"dlm:data": {}}), Scope::Input, vec![]),
        ];
        for (props, scope, want) in cases {
            let doc = json!({"type": "Feature", "properties": props});
            let got: Vec<_> = containers(&doc, DocKind::Item, scope)
                .into_iter()
                .map(|p| p.as_str().to_owned())
                .collect();
            assert_eq!(got, want, "{doc}");
        }
    }
}
