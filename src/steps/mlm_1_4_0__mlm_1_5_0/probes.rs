//! Evidence of MLM ≤ 1.4 and ≥ 1.5 forms.

use serde_json::Value;

use crate::kernel::pointer::Members;
use crate::kernel::records::Evidence;
use crate::kernel::scope::has_role;
use crate::steps::{Holder, Probe};

/// `variables`, arrays of processing expressions and the reserved `bands` dimension on inputs
/// and outputs; `mlm:entrypoint` on a code asset.
pub(super) fn probe(p: &Probe<'_>, out: &mut Vec<Evidence>) {
    match p.holder {
        Holder::Input => io_common(p, "input", out),
        Holder::Output => io_common(p, "result", out),
        Holder::Asset => asset(p, out),
        Holder::Properties | Holder::Document => {}
    }
}

/// Evidence shared by inputs and outputs: 1.5 fields and the reserved `bands` dimension.
fn io_common(p: &Probe<'_>, structure: &str, out: &mut Vec<Evidence>) {
    let Some(obj) = p.object() else { return };
    if obj.has_member("variables") {
        out.push(p.newer(
            p.at.key("variables"),
            "`variables` exists from MLM 1.5.0 on",
        ));
    }
    for f in ["pre_processing_function", "post_processing_function"] {
        if obj.get(f).is_some_and(Value::is_array) {
            out.push(p.newer(
                p.at.key(f),
                "an array of processing expressions needs MLM ≥ 1.5.0",
            ));
        }
    }
    let has_bands = obj
        .member("bands")
        .and_then(Value::as_array)
        .is_some_and(|b| !b.is_empty());
    let dims = obj
        .get(structure)
        .and_then(|s| s.member("dim_order"))
        .and_then(Value::as_array);
    if let Some(dims) = dims {
        let named_bands = dims.iter().any(|d| d.as_str() == Some("bands"));
        if has_bands && !named_bands {
            let note = "non-empty `bands` without a `\"bands\"` dimension is MLM ≤ 1.4 (1.5.0 reserves the name)";
            out.push(p.older(p.at.key(structure).key("dim_order"), note));
        }
    }
}

fn asset(p: &Probe<'_>, out: &mut Vec<Evidence>) {
    let Some(a) = p.at.get(p.doc) else { return };
    if a.member("mlm:entrypoint").is_some() && has_role(a, "code") {
        out.push(p.newer(
            p.at.key("mlm:entrypoint"),
            "`mlm:entrypoint` with role `code` is MLM ≥ 1.5.0",
        ));
    }
}
