//! DLM `input_tensors` → MLM `input.shape`.
//!
//! The schema declares an array of `{batch, dim, height, width}`; the official examples write
//! one object with `channels` instead of `dim`. Both keys (and `channel`) and both forms are
//! read. The DLM batch is a concrete size and is kept . A tensor missing a
//! dimension yields no shape: shapes are never invented.

use serde_json::Value;

use crate::kernel::edit::Ctx;
use crate::kernel::pointer::Pointer;
use crate::kernel::records::Code;
use crate::kernel::records::{Diagnostic, Severity};

/// `dlm-tensor-incomplete`: see [`Code::what`].
pub(crate) const DLM_TENSOR_INCOMPLETE: Code = Code::new(
    "dlm-tensor-incomplete",
    "An `input_tensors` object lacks an integer batch, channels (or dim), height or width, or gives `channels` and `dim` that disagree; no shape is written for it.",
    "State batch, channels, height and width as integers.",
);

const CHANNEL_KEYS: [&str; 3] = ["channels", "dim", "channel"];

/// The `[batch, C, height, width]` shape of every tensor object in `v`, in order; problems are
/// pushed to `notes`.
pub(crate) fn read(
    ctx: &Ctx,
    v: Option<&Value>,
    at: &Pointer,
    notes: &mut Vec<Diagnostic>,
) -> Vec<[i64; 4]> {
    let objects: Vec<(Pointer, &Value)> = match v {
        None => return Vec::new(),
        Some(Value::Array(a)) => a
            .iter()
            .enumerate()
            .map(|(i, t)| (at.index(i), t))
            .collect(),
        Some(t) => vec![(at.clone(), t)],
    };
    let mut out = Vec::new();
    for (p, t) in objects {
        match shape(t) {
            Ok(s) => out.push(s),
            Err(why) => notes.push(
                Diagnostic::new(
                    DLM_TENSOR_INCOMPLETE,
                    Severity::Error,
                    format!("`input_tensors` cannot give a shape: {why}"),
                )
                .at(ctx.input_of(&p))
                .hint("state batch, channels (or dim), height and width as integers"),
            ),
        }
    }
    out
}

fn shape(t: &Value) -> Result<[i64; 4], String> {
    let int = |k: &str| t.get(k).and_then(Value::as_i64);
    let channels: Vec<i64> = CHANNEL_KEYS.iter().filter_map(|k| int(k)).collect();
    let c = match channels.as_slice() {
        [c] => *c,
        [] => return Err("no integer `channels` or `dim`".to_owned()),
        [a, rest @ ..] if rest.iter().all(|x| x == a) => *a,
        _ => return Err(format!("`channels` and `dim` disagree ({channels:?})")),
    };
    let get = |k: &str| int(k).ok_or_else(|| format!("no integer `{k}`"));
    Ok([get("batch")?, c, get("height")?, get("width")?])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shape_table() {
        let cases = [
            (
                json!({"batch": 1, "channels": 3, "height": 224, "width": 224}),
                Ok([1, 3, 224, 224]),
            ),
            (
                json!({"batch": 4, "dim": 13, "height": 64, "width": 32}),
                Ok([4, 13, 64, 32]),
            ),
            (
                json!({"batch": 1, "dim": 3, "channels": 3, "height": 2, "width": 2}),
                Ok([1, 3, 2, 2]),
            ),
            (
                json!({"batch": 1, "dim": 3, "channels": 4, "height": 2, "width": 2}),
                Err("`channels` and `dim` disagree ([4, 3])".to_owned()),
            ),
            (
                json!({"batch": 1, "channels": 3, "width": 2}),
                Err("no integer `height`".to_owned()),
            ),
        ];
        for (t, want) in cases {
            assert_eq!(shape(&t), want, "{t}");
        }
    }
}
