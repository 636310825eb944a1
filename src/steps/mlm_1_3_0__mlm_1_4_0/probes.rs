//! Evidence of MLM ≤ 1.3 and ≥ 1.4 forms.

use crate::kernel::pointer::Members;
use crate::kernel::records::Evidence;
use crate::kernel::scope::{DocKind, has_model_role};
use crate::steps::{Holder, Probe};

/// `norm_*`/`statistics` (≤ 1.3) and `value_scaling` (≥ 1.4) on inputs; `mlm:artifact_type`
/// in properties, model assets without it, and model fields on assets (≤ 1.3).
pub(super) fn probe(p: &Probe<'_>, out: &mut Vec<Evidence>) {
    match p.holder {
        Holder::Input => input(p, out),
        Holder::Properties => properties(p, out),
        Holder::Asset => asset(p, out),
        Holder::Output | Holder::Document => {}
    }
}

fn input(p: &Probe<'_>, out: &mut Vec<Evidence>) {
    let Some(obj) = p.object() else { return };
    for key in ["norm_type", "norm_by_channel", "norm_clip", "statistics"] {
        if obj.has_member(key) {
            let note =
                format!("`{key}` is an MLM ≤ 1.3 field (replaced by `value_scaling` in 1.4.0)");
            out.push(p.older(p.at.key(key), &note));
        }
    }
    if obj.has_member("value_scaling") {
        out.push(p.newer(
            p.at.key("value_scaling"),
            "`value_scaling` exists from MLM 1.4.0 on",
        ));
    }
}

fn properties(p: &Probe<'_>, out: &mut Vec<Evidence>) {
    let Some(obj) = p.object() else { return };
    // A metadata-only file has no assets: its properties describe the model file itself.
    let item = !matches!(p.kind, DocKind::Collection | DocKind::Metadata);
    if item && obj.has_member("mlm:artifact_type") {
        let note = "`mlm:artifact_type` in properties is forbidden from MLM 1.4.0 on";
        out.push(p.older(p.at.key("mlm:artifact_type"), note));
    }
}

fn asset(p: &Probe<'_>, out: &mut Vec<Evidence>) {
    let Some(a) = p.at.get(p.doc) else { return };
    if has_model_role(a) && a.member("mlm:artifact_type").is_none() {
        let note = "a model asset without `mlm:artifact_type` is MLM ≤ 1.3 (required from 1.4.0)";
        out.push(p.older(p.at.clone(), note));
    }
    for key in ["mlm:name", "mlm:input", "mlm:output", "mlm:hyperparameters"] {
        if a.get(key).is_some() {
            let note = format!("`{key}` on an asset is forbidden from MLM 1.4.0 on");
            out.push(p.older(p.at.key(key), &note));
        }
    }
}
