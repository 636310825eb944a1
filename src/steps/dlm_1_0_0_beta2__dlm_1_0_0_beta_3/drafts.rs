//! DLM spellings older than beta2: the drafts the hackathon items and early tools wrote before
//! crim-ca tagged v1.0.0-beta2 (2021). They carry the same meaning under other names, so the
//! step rewrites them into beta2 names and the DLM reader then converts them like any DLM item:
//!
//! | draft | beta2 | rule |
//! |---|---|---|
//! | `dlm:engine {framework, version, docker}` | `dlm:runtime` | `dlm-draft-engine` (row) |
//! | `dlm:inputs.scaling` | `scaling_factor` | `dlm-draft-scaling` (row) |
//! | `dlm:inputs.normalization {mean, std}` | `normalization:mean`, `normalization:std` | `dlm-draft-normalization` |
//! | `shape:batch`, `shape:channels`, `shape:height`, `shape:width` (in `dlm:inputs` or `input_tensors`) | `input_tensors {batch, channels, height, width}` | `dlm-draft-shape-keys` |
//!
//! Sources: the DLM beta2 README names (<https://github.com/crim-ca/dlm-extension/blob/v1.0.0-beta2/README.md>),
//! and the namespaced `normalization:mean` / `normalization:std` keys that the drafts wrote as
//! one `normalization` object.

use serde_json::{Map, Value};

use crate::kernel::edit::{Ctx, Pos};
use crate::kernel::pointer::{Members, Pointer};
use crate::kernel::records::Fidelity;
use crate::steps::Transform;
use crate::steps::transform::Inverse;

/// `normalization: {mean, std}` → `normalization:mean`, `normalization:std`.
pub(super) const NORMALIZATION: Transform = Transform {
    name: "dlm_draft_normalization",
    forward: normalization,
    inverse: Inverse::NotYet,
    what: "Splits the draft `dlm:inputs.normalization` object into the beta2 members \
           `normalization:mean` and `normalization:std` (also read: `stddev`), in its place, so the \
           DLM reader folds them with `scaling_factor` into per-channel z-scores. Other members of \
           the object stay (and are reported if nothing reads them).",
    before: r#"{"normalization": {"mean": [0.5], "std": [0.2]}}"#,
    after: r#"{"normalization:mean": [0.5], "normalization:std": [0.2]}"#,
};

/// Draft member names of the `normalization` object → beta2 keys.
const NORMALIZATION_KEYS: [(&str, &str); 3] = [
    ("mean", "normalization:mean"),
    ("std", "normalization:std"),
    ("stddev", "normalization:std"),
];

fn normalization(ctx: &mut Ctx, input: &Pointer) {
    let at = input.key("normalization");
    let Some(obj) = ctx.object(&at).cloned() else {
        return;
    };
    for (draft, beta2) in NORMALIZATION_KEYS {
        if !obj.has_member(draft) {
            continue;
        }
        let from = at.key(draft);
        match ctx.object(input).and_then(|o| o.get(beta2)).cloned() {
            None => {
                ctx.move_to(
                    &from,
                    input,
                    beta2,
                    Pos::Before("normalization"),
                    Fidelity::Lossless,
                    format!("draft `normalization.{draft}` is DLM beta2's `{beta2}`"),
                );
            }
            Some(existing) if Some(&existing) == obj.get(draft) => {
                ctx.remove(
                    &from,
                    Fidelity::Lossless,
                    format!("draft `normalization.{draft}` repeats `{beta2}`"),
                );
            }
            Some(_) => {
                ctx.remove(
                    &from,
                    Fidelity::Lossy,
                    format!(
                        "draft `normalization.{draft}` conflicts with `{beta2}`, which is kept"
                    ),
                );
            }
        }
    }
    if ctx.object(&at).is_some_and(Map::is_empty) {
        ctx.remove(&at, Fidelity::Lossless, "every member was converted");
    }
}

/// `shape:<dimension>` keys → `input_tensors {<dimension>}`.
pub(super) const SHAPE_KEYS: Transform = Transform {
    name: "dlm_draft_shape_keys",
    forward: shape_keys,
    inverse: Inverse::NotYet,
    what: "Reads the draft `shape:batch`, `shape:channels` (also `shape:dim`, `shape:bands`), \
           `shape:height` and `shape:width` keys as the beta2 `input_tensors` object: inside \
           `input_tensors` the prefix is dropped in place; at the level of `dlm:inputs` they are \
           gathered into a new `input_tensors` object in the place of the first one. Other \
           `shape:*` keys are left for the reader to report.",
    before: r#"{"shape:batch": 1, "shape:channels": 3, "shape:height": 224, "shape:width": 224}"#,
    after: r#"{"input_tensors": {"batch": 1, "channels": 3, "height": 224, "width": 224}}"#,
};

/// The DLM tensor member a draft `shape:<dimension>` key stands for.
fn dimension(key: &str) -> Option<&'static str> {
    Some(match key.strip_prefix("shape:")? {
        "batch" => "batch",
        "channels" | "channel" | "bands" | "band" => "channels",
        "dim" => "dim",
        "height" => "height",
        "width" => "width",
        _ => return None,
    })
}

fn shape_keys(ctx: &mut Ctx, input: &Pointer) {
    let tensors = input.key("input_tensors");
    let inner: Vec<Pointer> = match ctx.get(&tensors) {
        Some(Value::Object(_)) => vec![tensors.clone()],
        Some(Value::Array(a)) => (0..a.len()).map(|i| tensors.index(i)).collect(),
        _ => Vec::new(),
    };
    for t in inner {
        strip_in_place(ctx, &t);
    }
    gather(ctx, input);
}

/// Inside a tensor object: `shape:height` → `height`.
fn strip_in_place(ctx: &mut Ctx, t: &Pointer) {
    let keys: Vec<String> = ctx
        .object(t)
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    for key in keys {
        if let Some(dim) = dimension(&key) {
            let msg = format!("draft `{key}` is DLM beta2's tensor member `{dim}`");
            if !ctx.rename(t, &key, dim, None, Fidelity::Lossless, msg) {
                let msg = format!("draft `{key}` conflicts with `{dim}`, which is kept");
                ctx.remove(&t.key(&key), Fidelity::Lossy, msg);
            }
        }
    }
}

/// At the `dlm:inputs` level: the `shape:*` keys become one new `input_tensors` object.
fn gather(ctx: &mut Ctx, input: &Pointer) {
    let Some(obj) = ctx.object(input).cloned() else {
        return;
    };
    let found: Vec<(&String, &'static str, &Value)> = obj
        .iter()
        .filter_map(|(k, v)| dimension(k).map(|d| (k, d, v)))
        .collect();
    let Some((first, _, _)) = found.first() else {
        return;
    };
    if obj.has_member("input_tensors") {
        for (key, _, _) in &found {
            let msg = format!("draft `{key}` next to `input_tensors`, which is kept");
            ctx.remove(&input.key(key), Fidelity::Lossy, msg);
        }
        return;
    }
    let mut tensor = Map::new();
    for (_, dim, v) in &found {
        tensor.entry((*dim).to_owned()).or_insert((*v).clone());
    }
    let first = (*first).clone();
    ctx.add(
        input,
        "input_tensors",
        Value::Object(tensor),
        Pos::Before(&first),
        Fidelity::Lossless,
        "the draft `shape:*` keys, as DLM beta2's `input_tensors` object",
    );
    for (key, dim, _) in found {
        ctx.remove(
            &input.key(key),
            Fidelity::Lossless,
            format!("converted into `input_tensors.{dim}`"),
        );
    }
}

/// Whether a `dlm:inputs` object uses a draft spelling (for the step's probe): its pointer and
/// a note per draft member.
pub(super) fn draft_members(input: &Map<String, Value>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if input.has_member("scaling") && !input.has_member("scaling_factor") {
        out.push((
            "scaling".to_owned(),
            "`scaling` is the pre-beta2 DLM draft name of `scaling_factor`".to_owned(),
        ));
    }
    if input.member("normalization").is_some_and(Value::is_object) {
        out.push((
            "normalization".to_owned(),
            "a `normalization` object is the pre-beta2 DLM draft form of `normalization:mean/std`"
                .to_owned(),
        ));
    }
    let tensors = input.member("input_tensors");
    let nested = tensors
        .and_then(Value::as_object)
        .into_iter()
        .chain(
            tensors
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_object),
        )
        .any(|t| t.keys().any(|k| dimension(k).is_some()));
    if let Some(k) = input.keys().find(|k| dimension(k).is_some()) {
        out.push((
            k.clone(),
            "`shape:*` keys are the pre-beta2 DLM draft form of `input_tensors`".to_owned(),
        ));
    } else if nested {
        out.push((
            "input_tensors".to_owned(),
            "`shape:*` tensor members are the pre-beta2 DLM draft spelling".to_owned(),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::scope::{DocKind, Scope};
    use serde_json::json;

    fn run(inputs: Value, f: fn(&mut Ctx, &Pointer)) -> (Value, Vec<String>) {
        let doc = json!({"type": "Feature", "properties": {"dlm:inputs": inputs}});
        let mut ctx = Ctx::new(doc, DocKind::Item);
        for at in ctx.containers(Scope::DlmInputs) {
            f(&mut ctx, &at);
        }
        let out = ctx.finish();
        let log = out
            .changes
            .iter()
            .map(|c| format!("{} {}", c.fidelity, c.message))
            .collect();
        (out.doc["properties"]["dlm:inputs"].clone(), log)
    }

    #[test]
    fn normalization_object_splits_in_place() {
        let (out, log) = run(
            json!({"name": "x", "normalization": {"mean": [1, 2], "std": [3, 4]}, "selected_bands": [0]}),
            normalization,
        );
        let keys: Vec<&String> = out.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "name",
                "normalization:mean",
                "normalization:std",
                "selected_bands"
            ]
        );
        assert_eq!(out["normalization:std"], json!([3, 4]));
        assert_eq!(log.len(), 3, "{log:?}");
        let (out, log) = run(
            json!({"normalization": {"mean": [1], "extra": true}, "normalization:mean": [2]}),
            normalization,
        );
        assert_eq!(out["normalization"], json!({"extra": true}));
        assert_eq!(out["normalization:mean"], json!([2]));
        assert!(log[0].starts_with("lossy"), "{log:?}");
    }

    #[test]
    fn shape_keys_become_input_tensors() {
        let (out, _) = run(
            json!({"name": "x", "shape:batch": 1, "shape:channels": 3, "shape:height": 8, "shape:width": 8, "shape:time": 2}),
            shape_keys,
        );
        assert_eq!(
            out,
            json!({"name": "x", "input_tensors": {"batch": 1, "channels": 3, "height": 8, "width": 8}, "shape:time": 2})
        );
        let (out, _) = run(
            json!({"input_tensors": {"shape:batch": 1, "shape:dim": 3, "height": 8, "shape:width": 8}}),
            shape_keys,
        );
        assert_eq!(
            out["input_tensors"],
            json!({"batch": 1, "dim": 3, "height": 8, "width": 8})
        );
    }

    #[test]
    fn draft_members_are_found() {
        let obj = json!({"scaling": 0.5, "normalization": {}, "shape:batch": 1});
        let found: Vec<String> = draft_members(obj.as_object().unwrap())
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(found, ["scaling", "normalization", "shape:batch"]);
    }
}
