//! DLM `dlm:runtime` → MLM framework properties and code / runtime assets.

use serde_json::{Value, json};

use super::vocab;
use crate::kernel::edit::{Ctx, Pos};
use crate::kernel::pointer::Pointer;
use crate::kernel::records::Code;
use crate::kernel::records::{Diagnostic, Fidelity, Severity};
use crate::kernel::scope::DocKind;
use crate::steps::Transform;
use crate::steps::common::carry::{self, Dest};
use crate::steps::transform::Inverse;

/// `requirement-file-relative`: see [`Code::what`].
pub(crate) const REQUIREMENT_FILE_RELATIVE: Code = Code::new(
    "requirement-file-relative",
    "`requirement_file` is not a URL; MLM has no place for a path inside an archive, so it is lost.",
    "Publish the requirements file and add it as an asset.",
);

/// See [`Transform::what`].
pub(super) const RUNTIME: Transform = Transform {
    name: "dlm_runtime",
    forward: runtime,
    inverse: Inverse::Fn(super::back::runtime_back, Fidelity::Lossy),
    what: "Converts `dlm:runtime`: `framework` → `mlm:framework` (enum spelling), `version` / \
           `framework_version` → `mlm:framework_version` (the writer pads it to semver); \
           `model_src_url` (+ `model_commit_hash`, as `/tree/<hash>` on GitHub) → a source-code \
           asset with roles `mlm:source_code`, `code` and `model_handler` as its \
           `mlm:entrypoint`; an absolute `requirement_file` URL → a `metadata` asset. See \
           `dlm_docker` for `docker`. Backwards: `mlm:framework` / \
           `mlm:framework_version` and the `source_code` asset this transform writes (href, \
           commit from `/tree/<hash>`, `mlm:entrypoint`) go back into `dlm:runtime`; a framework \
           name an upgrade would re-spell is lossy; other assets stay assets.",
    before: r#"{"dlm:runtime": {"framework": "pytorch", "version": "1.5", "model_handler": "pkg.cli:infer", "model_src_url": "https://github.com/o/r", "model_commit_hash": "abc123"}}"#,
    after: r#"{"mlm:framework": "PyTorch", "mlm:framework_version": "1.5"} + assets {"source_code": {"href": "https://github.com/o/r/tree/abc123", "type": "text/html", "roles": ["mlm:source_code", "code"], "mlm:entrypoint": "pkg.cli:infer"}}"#,
};

fn runtime(ctx: &mut Ctx, _root: &Pointer) {
    if ctx.kind() != DocKind::Item {
        return;
    }
    let props = Pointer::root().key("properties");
    let block = props.key("dlm:runtime");
    if ctx.object(&block).is_none() {
        carry::finish_block(ctx, &block);
        return;
    }
    framework(ctx, &props, &block);
    source_code(ctx, &block);
    requirements(ctx, &block);
    super::docker::docker(ctx, &props, &block.key("docker"));
    carry::finish_block(ctx, &block);
}

fn framework(ctx: &mut Ctx, props: &Pointer, block: &Pointer) {
    let dest = |key| Dest::new(props.clone(), key, Pos::Before("dlm:runtime"));
    let from = block.key("framework");
    if let Some(name) = ctx.get(&from).and_then(Value::as_str).map(str::to_owned) {
        let spelled = json!(vocab::framework(&name));
        let why = format!("DLM framework `{name}` in the `mlm:framework` enum spelling");
        carry::convert(
            ctx,
            &from,
            &dest("mlm:framework"),
            spelled,
            Fidelity::Lossless,
            &why,
        );
    }
    let (v, fv) = (block.key("version"), block.key("framework_version"));
    let (a, b) = (ctx.get(&v).cloned(), ctx.get(&fv).cloned());
    if a.is_some() && b.is_some() {
        let (fidelity, why) = if a == b {
            (Fidelity::Lossless, "repeats `version`")
        } else {
            (Fidelity::Lossy, "disagrees with `version`, which is used")
        };
        ctx.remove(&fv, fidelity, why);
    }
    let from = if a.is_some() { v } else { fv };
    let why =
        "DLM framework version (the schema declares `framework_version` but requires `version`)";
    carry::carry(
        ctx,
        &from,
        &dest("mlm:framework_version"),
        Fidelity::Lossless,
        why,
    );
}

fn source_code(ctx: &mut Ctx, block: &Pointer) {
    let str_at = |k: &str| {
        ctx.get(&block.key(k))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let (url, hash, handler) = (
        str_at("model_src_url"),
        str_at("model_commit_hash"),
        str_at("model_handler"),
    );
    let Some(url) = url else {
        let hash_why = "a commit hash without `model_src_url` has no MLM place";
        carry::drop_member(
            ctx,
            &block.key("model_commit_hash"),
            Fidelity::Lossy,
            hash_why,
        );
        let handler_why =
            "an entry point needs a source-code asset, and there is no `model_src_url`";
        carry::drop_member(
            ctx,
            &block.key("model_handler"),
            Fidelity::Lossy,
            handler_why,
        );
        return;
    };
    let (asset, hash_fate) = source_asset(&url, hash.as_deref(), handler.as_deref());
    let why = "DLM source repository as an MLM source-code asset";
    let added = carry::add_asset(ctx, "source_code", asset, Fidelity::Lossless, why);
    let to = Pointer::root().key("assets").key("source_code");
    carry::consume(
        ctx,
        &block.key("model_src_url"),
        carry::asset_landed(&added),
        &to,
        Fidelity::Lossless,
    );
    if hash.is_some() {
        let why = format!("converted into {}", hash_fate.1);
        ctx.remove(&block.key("model_commit_hash"), hash_fate.0, why);
    }
    if handler.is_some() {
        let why = "converted into the source-code asset's `mlm:entrypoint`";
        ctx.remove(&block.key("model_handler"), Fidelity::Lossless, why);
    }
}

/// The source-code asset, and where the commit hash went.
fn source_asset(
    url: &str,
    hash: Option<&str>,
    handler: Option<&str>,
) -> (Value, (Fidelity, &'static str)) {
    let mut asset = json!({"href": url, "type": "text/html", "roles": ["mlm:source_code", "code"]});
    let mut fate = (
        Fidelity::Lossless,
        "the source-code asset's `href` (`/tree/<hash>`)",
    );
    if let Some(h) = hash {
        if url.starts_with("https://github.com/") {
            asset["href"] = json!(format!("{}/tree/{h}", url.trim_end_matches('/')));
        } else {
            asset["description"] = json!(format!("commit {h}"));
            fate = (
                Fidelity::Lossy,
                "the source-code asset's description text (not a GitHub URL)",
            );
        }
    }
    if let Some(h) = handler {
        asset["mlm:entrypoint"] = json!(h);
    }
    (asset, fate)
}

fn requirements(ctx: &mut Ctx, block: &Pointer) {
    let from = block.key("requirement_file");
    let Some(Value::String(file)) = ctx.get(&from).cloned() else {
        carry::drop_member(ctx, &from, Fidelity::Lossy, "not a string");
        return;
    };
    if !(file.starts_with("http://") || file.starts_with("https://")) {
        ctx.diag(
            Diagnostic::new(
                REQUIREMENT_FILE_RELATIVE,
                Severity::Warning,
                format!("`requirement_file` `{file}` is not a URL: MLM has no place for it"),
            )
            .at(ctx.input_of(&from)),
        );
        ctx.remove(
            &from,
            Fidelity::Lossy,
            "a relative requirements file has no MLM place",
        );
        return;
    }
    let why = "DLM requirements file as a metadata asset";
    carry::file_asset(
        ctx,
        &from,
        &file,
        ("requirements", "requirements", "metadata"),
        why,
    );
}
