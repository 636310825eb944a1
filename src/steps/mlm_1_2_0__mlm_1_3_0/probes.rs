//! Evidence of MLM ≤ 1.2 forms.

use serde_json::Value;

use crate::kernel::pointer::Members;
use crate::kernel::records::Evidence;
use crate::kernel::scope::{DocKind, Scope, containers};
use crate::steps::common::bands::has_other_catalogue;
use crate::steps::{Holder, Probe};

/// `raster:bands` in Item properties, as the band catalogue of the Model Inputs, is where MLM
/// ≤ 1.2 read it (1.3.0 reads it on the model asset).
pub(super) fn probe(p: &Probe<'_>, out: &mut Vec<Evidence>) {
    if p.holder != Holder::Properties || p.kind != DocKind::Item {
        return;
    }
    let Some(obj) = p.object() else { return };
    if !obj.has_member("raster:bands") {
        return;
    }
    let (doc, kind) = (p.doc, p.kind);
    let uses_bands = containers(doc, kind, Scope::Input).iter().any(|i| {
        i.get(doc)
            .and_then(|v| v.member("bands"))
            .and_then(Value::as_array)
            .is_some_and(|b| !b.is_empty())
    });
    if uses_bands
        && !containers(doc, kind, Scope::ModelAsset).is_empty()
        && !has_other_catalogue(doc)
    {
        let note = "`raster:bands` in Item properties is the MLM ≤ 1.2 place (1.3.0 moved it to the model asset)";
        out.push(p.older(p.at.key("raster:bands"), note));
    }
}
