//! DLM `dlm:architecture` → MLM model properties.

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

/// `memory-size-from-training-estimate`: see [`Code::what`].
pub(crate) const MEMORY_SIZE_FROM_TRAINING_ESTIMATE: Code = Code::new(
    "memory-size-from-training-estimate",
    "`mlm:memory_size` comes from `estimated_total_size_mb` × 1 048 576; the DLM figure is torchsummary's estimate including training activations.",
    "Replace it by the inference memory if known.",
);

/// See [`Transform::what`].
pub(super) const ARCHITECTURE: Transform = Transform {
    name: "dlm_architecture",
    forward: architecture,
    inverse: Inverse::Fn(super::back::architecture_back, Fidelity::Lossless),
    what: "Converts `dlm:architecture`: `type` → `mlm:architecture`, `total_nb_parameters` → \
           `mlm:total_parameters`, `estimated_total_size_mb` → `mlm:memory_size` in bytes \
           (× 1 048 576: torchsummary's MB are MiB; assumed, as the DLM figure is a training-time \
           estimate), `pretrained` → `mlm:pretrained` + `mlm:pretrained_source` (`none`, `no`, \
           `false`, `scratch` or empty mean not pretrained). `summary` has no MLM field and is \
           lost (it stays in the report). Backwards (`--to dlm@1.0.0-beta.3`): each field \
           goes back when an upgrade reads the same value again (`estimated_total_size_mb` = \
           bytes / 1 048 576, exact in f64; `pretrained` the source text, else the boolean).",
    before: r#"{"dlm:architecture": {"type": "unet", "total_nb_parameters": 42, "estimated_total_size_mb": 1.5, "pretrained": "imagenet"}}"#,
    after: r#"{"mlm:architecture": "unet", "mlm:total_parameters": 42, "mlm:memory_size": 1572864, "mlm:pretrained": true, "mlm:pretrained_source": "imagenet"}"#,
};

fn architecture(ctx: &mut Ctx, props: &Pointer) {
    if !matches!(ctx.kind(), DocKind::Item | DocKind::Metadata) {
        return;
    }
    let block = props.key("dlm:architecture");
    if ctx.object(&block).is_none() {
        carry::finish_block(ctx, &block);
        return;
    }
    let dest = |key| Dest::new(props.clone(), key, Pos::Before("dlm:architecture"));
    let why = "DLM architecture field";
    carry::carry(
        ctx,
        &block.key("type"),
        &dest("mlm:architecture"),
        Fidelity::Lossless,
        why,
    );
    carry::carry(
        ctx,
        &block.key("total_nb_parameters"),
        &dest("mlm:total_parameters"),
        Fidelity::Lossless,
        why,
    );
    memory_size(ctx, &block, &dest("mlm:memory_size"));
    pretrained(ctx, props, &block);
    let summary =
        "`summary` (a printed model summary) has no MLM field (MLM drafts had `mlm:summary`)";
    carry::drop_member(ctx, &block.key("summary"), Fidelity::Lossy, summary);
    carry::finish_block(ctx, &block);
}

fn memory_size(ctx: &mut Ctx, block: &Pointer, dest: &Dest<'_>) {
    let from = block.key("estimated_total_size_mb");
    let Some(mb) = ctx.get(&from).and_then(Value::as_f64).filter(|x| *x >= 0.0) else {
        return;
    };
    let bytes = (mb * 1_048_576.0).round() as u64;
    let why = format!(
        "{mb} MB × 1 048 576 = {bytes} bytes; the DLM figure is torchsummary's training-time estimate"
    );
    carry::convert(ctx, &from, dest, json!(bytes), Fidelity::Assumed, &why);
    ctx.diag(
        Diagnostic::new(MEMORY_SIZE_FROM_TRAINING_ESTIMATE, Severity::Warning, format!("`mlm:memory_size` {bytes} comes from `estimated_total_size_mb` {mb}, which includes forward/backward activations"))
            .at(ctx.input_of(&from))
            .hint("replace it by the model's inference memory if known"),
    );
}

fn pretrained(ctx: &mut Ctx, props: &Pointer, block: &Pointer) {
    let from = block.key("pretrained");
    let Some(v) = ctx.get(&from).cloned() else {
        return;
    };
    let (flag, source) = match &v {
        Value::Bool(b) => (*b, None),
        other => vocab::pretrained(other.as_str()),
    };
    let pos = Pos::Before("dlm:architecture");
    let why = "DLM `pretrained` names the pre-training source";
    let a = carry::land(
        ctx,
        &Dest::new(props.clone(), "mlm:pretrained", pos),
        json!(flag),
        Fidelity::Lossless,
        why,
    );
    let b = carry::land(
        ctx,
        &Dest::new(props.clone(), "mlm:pretrained_source", pos),
        json!(source),
        Fidelity::Lossless,
        why,
    );
    let worst = if a == carry::Landed::Conflict { a } else { b };
    carry::consume(
        ctx,
        &from,
        worst,
        &props.key("mlm:pretrained"),
        Fidelity::Lossless,
    );
}
