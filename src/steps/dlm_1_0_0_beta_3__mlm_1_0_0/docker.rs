//! DLM `dlm:runtime.docker` → container assets and `mlm:accelerator`.

use serde_json::{Value, json};

use crate::kernel::edit::{Ctx, Pos};
use crate::kernel::pointer::Pointer;
use crate::kernel::records::Code;
use crate::kernel::records::{Diagnostic, Fidelity, Severity};
use crate::steps::common::carry::{self, Dest, OCI};

/// `accelerator-from-gpu-flag`: see [`Code::what`].
pub(crate) const ACCELERATOR_FROM_GPU_FLAG: Code = Code::new(
    "accelerator-from-gpu-flag",
    "`mlm:accelerator: cuda` was inferred from the DLM docker `gpu: true` flag.",
    "Set the accelerator the model really needs.",
);

/// `container-image-no-registry`: see [`Code::what`].
pub(crate) const CONTAINER_IMAGE_NO_REGISTRY: Code = Code::new(
    "container-image-no-registry",
    "The container image reference names no registry host (e.g. `thelper-geo:latest`).",
    "Write the full image reference if it is published.",
);

/// Converts the `docker` object at `block` (see `RUNTIME`'s documentation).
pub(crate) fn docker(ctx: &mut Ctx, props: &Pointer, block: &Pointer) {
    if ctx.object(block).is_none() {
        carry::finish_block(ctx, block);
        return;
    }
    container(ctx, block);
    dockerfile(ctx, block);
    gpu(ctx, props, block);
    carry::finish_block(ctx, block);
}

fn as_str(ctx: &Ctx, at: &Pointer) -> Option<String> {
    ctx.get(at).and_then(Value::as_str).map(str::to_owned)
}

fn container(ctx: &mut Ctx, block: &Pointer) {
    let Some(image) = as_str(ctx, &block.key("image_name")) else {
        return;
    };
    let tag = as_str(ctx, &block.key("tag"));
    let href = image_ref(&image, tag.as_deref());
    let first = href.split('/').next().unwrap_or("");
    if !href.contains('/') || !(first.contains('.') || first.contains(':') || first == "localhost")
    {
        let msg = format!("image `{href}` names no registry host");
        let at = ctx.input_of(&block.key("image_name"));
        ctx.diag(
            Diagnostic::new(CONTAINER_IMAGE_NO_REGISTRY, Severity::Info, msg)
                .at(at)
                .hint("write the full image reference (registry/name:tag) if it is published"),
        );
    }
    let mut asset =
        json!({"href": href, "type": OCI, "roles": ["mlm:inference-runtime", "runtime"]});
    let text: Vec<String> = ["working_dir", "run"]
        .iter()
        .filter_map(|k| as_str(ctx, &block.key(k)).map(|v| format!("{k}: {v}")))
        .collect();
    if !text.is_empty() {
        asset["description"] = json!(text.join("; "));
    }
    let why = "DLM docker image as an MLM container asset";
    let added = carry::add_asset(ctx, "container", asset, Fidelity::Lossless, why);
    let to = Pointer::root().key("assets").key("container");
    carry::consume(
        ctx,
        &block.key("image_name"),
        carry::asset_landed(&added),
        &to,
        Fidelity::Lossless,
    );
    if tag.is_some() {
        ctx.remove(
            &block.key("tag"),
            Fidelity::Lossless,
            "converted into the container asset's `href` (`image:tag`)",
        );
    }
    for k in ["working_dir", "run"] {
        if ctx.get(&block.key(k)).is_some_and(Value::is_string) {
            ctx.remove(
                &block.key(k),
                Fidelity::Lossy,
                "kept only as text in the container asset's `description`",
            );
        }
    }
}

/// `image[:tag]`: the tag is appended only when the image names none.
fn image_ref(image: &str, tag: Option<&str>) -> String {
    let last = image.rsplit('/').next().unwrap_or(image);
    match tag {
        Some(t) if !last.contains(':') => format!("{image}:{t}"),
        _ => image.to_owned(),
    }
}

fn dockerfile(ctx: &mut Ctx, block: &Pointer) {
    let from = block.key("docker_file");
    let Some(href) = as_str(ctx, &from) else {
        return;
    };
    let why = "DLM Dockerfile as a runtime asset";
    carry::file_asset(
        ctx,
        &from,
        &href,
        ("dockerfile", "Dockerfile", "runtime"),
        why,
    );
}

fn gpu(ctx: &mut Ctx, props: &Pointer, block: &Pointer) {
    let from = block.key("gpu");
    match ctx.get(&from) {
        Some(Value::Bool(true)) => {
            let dest = Dest::new(props.clone(), "mlm:accelerator", Pos::Before("dlm:runtime"));
            let why = "`gpu: true` read as a CUDA accelerator (heuristic)";
            carry::convert(ctx, &from, &dest, json!("cuda"), Fidelity::Assumed, why);
            ctx.diag(
                Diagnostic::new(
                    ACCELERATOR_FROM_GPU_FLAG,
                    Severity::Warning,
                    "`mlm:accelerator: cuda` inferred from the DLM docker `gpu: true` flag",
                )
                .at(ctx.input_of(&from))
                .hint("set the accelerator the model really needs (amd-rocm, xla, …)"),
            );
        }
        Some(Value::Bool(false)) => {
            ctx.remove(
                &from,
                Fidelity::Lossless,
                "`gpu: false`: no accelerator is stated (an absent `mlm:accelerator` means any)",
            );
        }
        _ => {}
    }
}
