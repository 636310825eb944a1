//! DLM `dlm:archive` + the archive asset → the MLM model asset.
//!
//! DLM ships the model as an archive (a zip) whose content `dlm:archive` lists. MLM has no
//! construct for archive content, so the archive asset itself becomes the model asset (the
//! `model artefact` role was mapped to `mlm:model` by a role-map row): it gains the role
//! `mlm:checkpoint` and an `mlm:artifact_type` inferred from the `model weight` entry's file
//! name; the listing is kept as text in the asset description (lossy for every entry but the
//! weights, whose name is the artifact type's evidence).

use serde_json::{Value, json};

use crate::kernel::edit::{Ctx, Pos};
use crate::kernel::pointer::{Members, Pointer};
use crate::kernel::records::Code;
use crate::kernel::records::{Diagnostic, Fidelity, Severity};
use crate::kernel::scope::{DocKind, Scope, has_role};
use crate::steps::Transform;
use crate::steps::common::artifact::infer as infer_artifact_type;
use crate::steps::common::carry;
use crate::steps::transform::Inverse;

/// `artifact-inside-archive`: see [`Code::what`].
pub(crate) const ARTIFACT_INSIDE_ARCHIVE: Code = Code::new(
    "artifact-inside-archive",
    "The DLM model file is inside an archive; the archive asset is described as the model asset (roles `mlm:model`, `mlm:checkpoint`), its listing kept in the description.",
    "Publish the weights file as its own asset if possible.",
);

/// See [`Transform::what`].
pub(super) const ARCHIVE: Transform = Transform {
    name: "dlm_archive",
    forward: archive,
    inverse: Inverse::Fn(super::back::archive_back, Fidelity::Assumed),
    what: "Makes the DLM archive asset the MLM model asset: adds role `mlm:checkpoint` and \
           `mlm:artifact_type` inferred from the `model weight` entry of `dlm:archive` (`.pth` → \
           `torch.save`, …; assumed), keeps the media type, and lists the archive content in the \
           asset description (the entries other than the weights are kept only as text). \
           Backwards: the model asset stays (its role becomes `model artefact` by the role row) and \
           no `dlm:archive` is written (MLM does not state an archive's content); a code or runtime \
           asset that carries `mlm:model` only as MLM 1.0/1.1 required loses it (a code asset gets \
           `mlm:source_code`).",
    before: r#"{"assets": {"model_archive": {"href": "m.zip", "roles": ["mlm:model"]}}, "properties": {"dlm:archive": [{"name": "ckpt.pth", "role": "model weight"}]}}"#,
    after: r#"{"assets": {"model_archive": {"href": "m.zip", "roles": ["mlm:model", "mlm:checkpoint"], "mlm:artifact_type": "torch.save", "description": "Archive content (dlm:archive): ckpt.pth (model weight)."}}}"#,
};

/// The model asset a DLM item describes: the `mlm:model` asset that is an archive, else the
/// first `mlm:model` asset.
pub(crate) fn model_asset(ctx: &Ctx) -> Option<Pointer> {
    let models = ctx.containers(Scope::ModelAsset);
    let zip = models.iter().find(|m| {
        ctx.get(&m.key("type"))
            .and_then(Value::as_str)
            .is_some_and(|t| t.contains("zip"))
    });
    zip.or(models.first()).cloned()
}

/// The roles of an archive entry (a string, or an array as in the official examples).
fn roles(entry: &Value) -> Vec<String> {
    match entry.member("role") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

fn archive(ctx: &mut Ctx, _root: &Pointer) {
    if ctx.kind() != DocKind::Item {
        return;
    }
    let block = Pointer::root().key("properties").key("dlm:archive");
    let Some(entries) = ctx.get(&block).and_then(Value::as_array).cloned() else {
        carry::finish_block(ctx, &block);
        return;
    };
    let Some(model) = model_asset(ctx) else {
        for i in (0..entries.len()).rev() {
            ctx.remove(
                &block.index(i),
                Fidelity::Lossy,
                "no model asset to describe: the archive entry is lost",
            );
        }
        carry::finish_block(ctx, &block);
        return;
    };
    let weights: Vec<usize> = (0..entries.len())
        .filter(|&i| roles(&entries[i]).iter().any(|r| r == "model weight"))
        .collect();
    if let [w] = weights.as_slice() {
        artifact(ctx, &model, &entries[*w]);
    }
    listing(ctx, &model, &entries);
    ctx.diag(Diagnostic::new(ARTIFACT_INSIDE_ARCHIVE, Severity::Warning, "the model file is inside an archive asset; MLM describes the archive as the model asset").at(ctx.input_of(&model)).hint("publish the weights file as its own asset if possible"));
    for i in (0..entries.len()).rev() {
        let (fidelity, why) = if weights.contains(&i) {
            (
                Fidelity::Lossless,
                "the weights entry: evidence of the model asset's `mlm:artifact_type`, listed in its description",
            )
        } else {
            (
                Fidelity::Lossy,
                "kept only as text in the model asset's description",
            )
        };
        ctx.remove(&block.index(i), fidelity, format!("archive entry: {why}"));
    }
    carry::finish_block(ctx, &block);
}

fn artifact(ctx: &mut Ctx, model: &Pointer, weight: &Value) {
    let roles = model.key("roles");
    if ctx
        .get(model)
        .is_some_and(|a| !has_role(a, "mlm:checkpoint"))
    {
        ctx.push(
            &roles,
            json!("mlm:checkpoint"),
            Fidelity::Lossless,
            "the archive holds a model checkpoint (`model weight` entry)",
        );
    }
    if ctx.get(&model.key("mlm:artifact_type")).is_some() {
        return;
    }
    let name = weight.member("name").and_then(Value::as_str).unwrap_or("");
    let props = Pointer::root().key("properties");
    let framework = ctx
        .get(&props.key("mlm:framework"))
        .or_else(|| ctx.get(&props.key("dlm:runtime").key("framework")))
        .and_then(Value::as_str)
        .map(str::to_owned);
    if let Some((t, why)) = infer_artifact_type(&json!({"href": name}), framework.as_deref()) {
        let msg = format!("inferred from {why} inside the archive");
        ctx.add(
            model,
            "mlm:artifact_type",
            json!(t),
            Pos::After("roles"),
            Fidelity::Assumed,
            msg,
        );
    }
}

fn listing(ctx: &mut Ctx, model: &Pointer, entries: &[Value]) {
    let items: Vec<String> = entries
        .iter()
        .map(|e| {
            let name = e
                .member("name")
                .and_then(Value::as_str)
                .map_or_else(|| e.to_string(), str::to_owned);
            format!("{name} ({})", roles(e).join(", "))
        })
        .collect();
    let text = format!("Archive content (dlm:archive): {}.", items.join("; "));
    append_description(ctx, model, &text, "the archive content has no MLM field");
}

/// Appends `text` to the description of the object at `at` (adds one when absent).
pub(crate) fn append_description(ctx: &mut Ctx, at: &Pointer, text: &str, why: &str) {
    let d = at.key("description");
    match ctx.get(&d).and_then(Value::as_str).map(str::to_owned) {
        Some(old) => {
            let sep = if old.trim_end().ends_with('.') {
                " "
            } else {
                ". "
            };
            let new = format!("{}{sep}{text}", old.trim_end());
            ctx.replace(
                &d,
                json!(new),
                Fidelity::Lossless,
                format!("text appended: {why}"),
            );
        }
        None => {
            ctx.add(
                at,
                "description",
                json!(text),
                Pos::End,
                Fidelity::Lossless,
                format!("text added: {why}"),
            );
        }
    }
}
