//! RFC 6902 JSON Patch from an input document to its migrated output.
//!
//! A plain structural diff sees a moved subtree (`raster:bands` from Item properties to the
//! model asset, `statistics` renamed to `value_scaling`) as one `remove` plus one `add` holding
//! the whole subtree again. The migration knows better: its change log records every move. So
//! the patch starts with those moves (each checked against the working document, so a move the
//! patch could not replay is simply left out), then appends what `json_patch::diff` finds
//! between the moved document and the output. Applying the patch to the input therefore always
//! yields the output exactly (key order aside: RFC 6902 `add` appends object members).

use json_patch::jsonptr::PointerBuf;
use json_patch::{MoveOperation, Patch, PatchOperation};
use serde_json::Value;

use crate::document::Source;
use crate::engine::run::FileReport;
use crate::kernel::pointer::{Members, Pointer};
use crate::report::{Change, Op};

/// The moves recorded in a change log, as (input pointer, output pointer) pairs.
pub fn recorded_moves(changes: &[Change]) -> Vec<(Pointer, Pointer)> {
    changes
        .iter()
        .filter(|c| c.op == Op::Move)
        .filter_map(|c| Some((c.from.clone()?, c.to.clone()?)))
        .filter(|(from, to)| from != to)
        .collect()
}

/// The patch that turns `input` into `output`, using `moves` (input pointer → output pointer)
/// as `move` operations where they replay cleanly; everything else is `add`, `remove` and
/// `replace` from [`json_patch::diff`].
///
/// A candidate move is used only when the subtree at `from` is still untouched in the working
/// document, its parent and the target's parent are objects, the target member does not exist
/// yet, and the output value at `to` is the same value or a container of the same kind (so a
/// renamed array or object keeps its history and only its inner edits follow).
pub fn patch(input: &Value, output: &Value, moves: &[(Pointer, Pointer)]) -> Patch {
    let mut doc = input.clone();
    let mut ops = Vec::new();
    for (from, to) in moves {
        if let Some(op) = replayable_move(input, output, &doc, from, to) {
            if json_patch::patch(&mut doc, std::slice::from_ref(&op)).is_ok() {
                ops.push(op);
            }
        }
    }
    ops.extend(json_patch::diff(&doc, output).0);
    Patch(ops)
}

/// The `move` operation for `from → to` when it can be replayed on `doc` (see [`patch`]).
fn replayable_move(
    input: &Value,
    output: &Value,
    doc: &Value,
    from: &Pointer,
    to: &Pointer,
) -> Option<PatchOperation> {
    if from.is_prefix_of(to) || to.is_prefix_of(from) {
        return None;
    }
    let moved = from.get(doc)?;
    if from.get(input) != Some(moved) {
        return None;
    }
    let target = to.get(output)?;
    let kin = match (moved, target) {
        (Value::Array(_), Value::Array(_)) | (Value::Object(_), Value::Object(_)) => true,
        (a, b) => a == b,
    };
    let (from_parent, _) = from.split_last()?;
    let (to_parent, last) = to.split_last()?;
    let free_slot = match to_parent.get(doc) {
        Some(Value::Object(m)) => !m.has_member(&last),
        _ => false,
    };
    let from_in_object = matches!(from_parent.get(doc), Some(Value::Object(_)));
    (kin && free_slot && from_in_object).then(|| {
        PatchOperation::Move(MoveOperation {
            from: pointer_buf(from),
            path: pointer_buf(to),
        })
    })
}

fn pointer_buf(p: &Pointer) -> PointerBuf {
    PointerBuf::from_tokens(p.tokens())
}

/// The patch from a processed file's input to its migrated output (its recorded moves first);
/// `None` when the file has no output. The input text is parsed again (the report keeps only
/// the text), leniently where it was read leniently.
pub fn file_patch(r: &FileReport) -> Option<Patch> {
    let m = r.migration.as_ref()?;
    let source = Source::parse(&r.file, r.input_text.clone(), r.format?).ok()?;
    Some(patch(&source.value, &m.output, &recorded_moves(&m.changes)))
}

/// Applies `patch` to a copy of `doc`.
///
/// # Errors
/// The [`json_patch::PatchError`] of the first operation that does not apply.
pub fn apply(doc: &Value, patch: &Patch) -> Result<Value, json_patch::PatchError> {
    let mut out = doc.clone();
    json_patch::patch(&mut out, &patch.0)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn p(s: &str) -> Pointer {
        Pointer::parse(s).unwrap()
    }

    #[test]
    fn moves_first_then_diff() {
        // (input, output, moves, expected ops as JSON)
        let cases = [
            (
                json!({"properties": {"raster:bands": [1, 2]}, "assets": {"w": {}}}),
                json!({"properties": {}, "assets": {"w": {"raster:bands": [1, 2]}}}),
                vec![(p("/properties/raster:bands"), p("/assets/w/raster:bands"))],
                json!([{"op": "move", "from": "/properties/raster:bands", "path": "/assets/w/raster:bands"}]),
            ),
            (
                json!({"i": {"statistics": [{"mean": 1}]}}),
                json!({"i": {"value_scaling": [{"type": "z-score", "mean": 1}]}}),
                vec![(p("/i/statistics"), p("/i/value_scaling"))],
                json!([
                    {"op": "move", "from": "/i/statistics", "path": "/i/value_scaling"},
                    {"op": "add", "path": "/i/value_scaling/0/type", "value": "z-score"}
                ]),
            ),
            (
                // a scalar that changes kind is not a move
                json!({"i": {"norm_type": "z-score"}}),
                json!({"i": {"value_scaling": []}}),
                vec![(p("/i/norm_type"), p("/i/value_scaling"))],
                json!([
                    {"op": "add", "path": "/i/value_scaling", "value": []},
                    {"op": "remove", "path": "/i/norm_type"}
                ]),
            ),
        ];
        for (input, output, moves, expected) in cases {
            let patch = patch(&input, &output, &moves);
            assert_eq!(serde_json::to_value(&patch).unwrap(), expected);
            assert_eq!(apply(&input, &patch).unwrap(), output);
        }
    }

    #[test]
    fn number_text_survives() {
        let input = json!({"a": 1});
        let output: Value = serde_json::from_str(r#"{"a": 0.003921569}"#).unwrap();
        let patch = patch(&input, &output, &[]);
        assert_eq!(
            serde_json::to_string(&patch).unwrap(),
            r#"[{"op":"replace","path":"/a","value":0.003921569}]"#
        );
    }
}
