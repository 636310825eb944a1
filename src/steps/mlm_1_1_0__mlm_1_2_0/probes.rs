//! Evidence of MLM 1.2.0 forms.

use serde_json::Value;

use crate::kernel::pointer::Members;
use crate::kernel::records::Evidence;
use crate::steps::{Holder, Probe};

/// Band objects in a Model Input's `bands` exist from MLM 1.2.0 on.
pub(super) fn probe(p: &Probe<'_>, out: &mut Vec<Evidence>) {
    if p.holder != Holder::Input {
        return;
    }
    let Some(obj) = p.object() else { return };
    if let Some(bands) = obj.member("bands").and_then(Value::as_array) {
        if let Some(i) = bands.iter().position(Value::is_object) {
            out.push(p.newer(
                p.at.key("bands").index(i),
                "band objects exist from MLM 1.2.0 on",
            ));
        }
    }
}
