//! Evidence of pre-1.0 MLM drafts: forms no released MLM version has, so they bound the version
//! from above by the first MLM release (the chain starts there; the writer reports the draft
//! fields it cannot place).

use crate::kernel::pointer::Members;
use crate::kernel::records::Evidence;
use crate::kernel::versions::{Family, Spec};
use crate::steps::{Holder, Probe};

/// Draft members of inputs, outputs and properties.
pub(crate) fn probe(p: &Probe<'_>, out: &mut Vec<Evidence>) {
    let Some(obj) = p.object() else { return };
    let first = Some(Spec::first_of(Family::Mlm));
    let mut draft = |at, note: &str| out.push(Probe::bounded(Family::Mlm, at, None, first, note));
    match p.holder {
        Holder::Input => {
            if obj.has_member("input_array") || obj.has_member("inference_data_type") {
                draft(p.at.clone(), "`input_array` is a pre-1.0 MLM draft form");
            }
            if obj.has_member("rescale_type") {
                let note = "`rescale_type` is the pre-1.0 MLM draft name of `resize_type`";
                draft(p.at.key("rescale_type"), note);
            }
        }
        Holder::Output => {
            if obj.has_member("result_array") || obj.has_member("task") {
                draft(
                    p.at.clone(),
                    "`result_array`/`task` are pre-1.0 MLM draft forms",
                );
            }
        }
        Holder::Properties => {
            for key in [
                "mlm:task",
                "mlm:runtime",
                "mlm:file_size",
                "mlm:summary",
                "mlm:parameters",
                "mlm:hardware_summary",
            ] {
                if obj.has_member(key) {
                    let note = format!("`{key}` is a pre-1.0 MLM draft field");
                    draft(p.at.key(key), &note);
                }
            }
        }
        Holder::Asset | Holder::Document => {}
    }
}
