//! Pre-1.0 MLM draft names (stac-extensions/mlm between DLM beta.3 and MLM 1.0.0, and tools
//! written against those drafts): the structures that need computing. Plain renames are rows
//! of `rows.toml`; see <https://github.com/stac-extensions/mlm/blob/v1.0.0/CHANGELOG.md>.

use serde_json::{Map, Value, json};

use crate::kernel::edit::Ctx;
use crate::kernel::pointer::{Members, Pointer};
use crate::kernel::records::Fidelity;
use crate::steps::Transform;
use crate::steps::transform::Inverse;

/// See [`Transform::what`].
pub(super) const INPUT_ARRAY: Transform = Transform {
    name: "draft_input_array",
    forward: input_array,
    inverse: Inverse::Lossy("MLM 1.0.0 and later have no `input_array`"),
    what: "Reads the draft `input_array {shape, dim_order, dtype}` of a Model Input as \
           `input {shape, dim_order, data_type}`: a `dim_order` written as letters (`\"bchw\"`) \
           becomes the list of names (b → batch, c → channel, t → time, h → height, w → width), \
           `dtype` becomes `data_type`, and a draft `inference_data_type` on the input fills \
           `data_type` when `dtype` is absent.",
    before: r#"{"input_array": {"shape": [-1, 3, 64, 64], "dim_order": "bchw", "dtype": "float32"}}"#,
    after: r#"{"input": {"shape": [-1, 3, 64, 64], "dim_order": ["batch", "channel", "height", "width"], "data_type": "float32"}}"#,
};

/// The dimension name of a draft `dim_order` letter.
fn letter(c: char) -> Option<&'static str> {
    Some(match c {
        'b' => "batch",
        'c' => "channel",
        't' => "time",
        'h' => "height",
        'w' => "width",
        _ => return None,
    })
}

/// A draft tensor description `{shape, dim_order|dim_names, dtype|data_type}` in the 1.0 form;
/// `None` when a letter of a `dim_order` string is unknown.
fn structure(draft: &Map<String, Value>, data_type: Option<&Value>) -> Option<Value> {
    let mut out = Map::new();
    if let Some(shape) = draft.member("shape") {
        out.insert("shape".into(), shape.clone());
    }
    let dims = draft
        .member("dim_order")
        .or_else(|| draft.member("dim_names"));
    match dims {
        Some(Value::String(s)) => {
            let names: Option<Vec<&str>> = s.chars().map(letter).collect();
            out.insert("dim_order".into(), json!(names?));
        }
        Some(v) => {
            out.insert("dim_order".into(), v.clone());
        }
        None => {}
    }
    let dtype = draft
        .member("data_type")
        .or_else(|| draft.member("dtype"))
        .or(data_type);
    if let Some(t) = dtype {
        out.insert("data_type".into(), t.clone());
    }
    Some(Value::Object(out))
}

fn input_array(ctx: &mut Ctx, at: &Pointer) {
    // Cloned only when it holds the draft member (an MLM input is left alone, uncopied).
    let Some(obj) = ctx
        .object(at)
        .filter(|o| o.has_member("input_array"))
        .cloned()
    else {
        return;
    };
    let Some(draft) = obj.member("input_array").and_then(Value::as_object) else {
        return;
    };
    if obj.has_member("input") {
        return;
    }
    let inference = obj.member("inference_data_type");
    let Some(value) = structure(draft, inference) else {
        return;
    };
    let msg = "the draft `input_array` is MLM's `input` structure";
    ctx.rename(
        at,
        "input_array",
        "input",
        Some(value),
        Fidelity::Lossless,
        msg,
    );
    if inference.is_some() {
        let used = draft.member("dtype").is_none() && draft.member("data_type").is_none();
        let (fidelity, why) = if used {
            (Fidelity::Lossless, "moved to `input.data_type`")
        } else {
            (
                Fidelity::Lossy,
                "`input.data_type` already states the type (from `dtype`)",
            )
        };
        let msg = format!("draft `inference_data_type` removed: {why}");
        ctx.remove(&at.key("inference_data_type"), fidelity, msg);
    }
}

/// See [`Transform::what`].
pub(super) const RESULT_ARRAY: Transform = Transform {
    name: "draft_result_array",
    forward: result_array,
    inverse: Inverse::Lossy("MLM 1.0.0 and later have no `result_array`"),
    what: "Reads the draft `result_array` (a list of `{shape, dim_names, dtype}`) of a Model \
           Output as `result {shape, dim_order, data_type}`: its first entry; further entries \
           have no place in one output and are lost (describe them as outputs of their own).",
    before: r#"{"result_array": [{"shape": [-1, 10], "dim_names": ["batch", "class"], "dtype": "float32"}]}"#,
    after: r#"{"result": {"shape": [-1, 10], "dim_order": ["batch", "class"], "data_type": "float32"}}"#,
};

fn result_array(ctx: &mut Ctx, at: &Pointer) {
    // Cloned only when it holds the draft member (an MLM output is left alone, uncopied).
    let Some(obj) = ctx
        .object(at)
        .filter(|o| o.has_member("result_array"))
        .cloned()
    else {
        return;
    };
    let entries: Vec<&Map<String, Value>> = match obj.member("result_array") {
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_object).collect(),
        Some(Value::Object(o)) => vec![o],
        _ => return,
    };
    let Some(first) = entries.first() else { return };
    if obj.has_member("result") {
        return;
    }
    let Some(value) = structure(first, None) else {
        return;
    };
    let (fidelity, msg) = if entries.len() > 1 {
        let msg = format!(
            "the first of {} draft `result_array` entries is MLM's `result`; the others are lost",
            entries.len()
        );
        (Fidelity::Lossy, msg)
    } else {
        let msg = "the draft `result_array` is MLM's `result` structure".to_owned();
        (Fidelity::Lossless, msg)
    };
    ctx.rename(at, "result_array", "result", Some(value), fidelity, msg);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::scope::{DocKind, Scope};

    #[test]
    fn drafts_become_structures() {
        let doc = json!({"type": "Feature", "properties": {
            "mlm:input": [{"name": "x", "input_array": {"shape": [1, 3, 8, 8], "dim_order": "bchw"}, "inference_data_type": "float32"}],
            "mlm:output": [{"name": "y", "result_array": [{"shape": [1, 2], "dim_names": ["batch", "class"], "dtype": "float32"}]}]
        }});
        let mut ctx = Ctx::new(doc, DocKind::Item);
        for at in ctx.containers(Scope::Input) {
            input_array(&mut ctx, &at);
        }
        for at in ctx.containers(Scope::Output) {
            result_array(&mut ctx, &at);
        }
        let p = ctx.finish().doc["properties"].clone();
        assert_eq!(
            p["mlm:input"][0],
            json!({"name": "x", "input": {"shape": [1, 3, 8, 8], "dim_order": ["batch", "channel", "height", "width"], "data_type": "float32"}})
        );
        assert_eq!(
            p["mlm:output"][0],
            json!({"name": "y", "result": {"shape": [1, 2], "dim_order": ["batch", "class"], "data_type": "float32"}})
        );
    }
}
