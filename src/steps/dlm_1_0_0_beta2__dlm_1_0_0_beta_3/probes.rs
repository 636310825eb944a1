//! Field-shape evidence of the DLM version.
//!
//! The official beta.3 example declares beta.3 but keeps beta2 names (`dtype`, `nodata_value`),
//! and the beta.3 `item.yml` still declares STAC 1.0.0-beta.2 with short extension names. Such
//! fields bound the version from above (beta2), so the chain starts at beta2 and the beta2 →
//! beta.3 edge renames them; the declared-vs-observed mismatch is reported.

use serde_json::Value;

use crate::kernel::pointer::Pointer;
use crate::kernel::records::Evidence;
use crate::kernel::scope::DocKind;
use crate::steps::{Holder, Probe};

/// The DLM version bounds of an Item (or metadata file) with `dlm:` properties.
pub(super) fn probe(p: &Probe<'_>, out: &mut Vec<Evidence>) {
    if p.holder != Holder::Document || !matches!(p.kind, DocKind::Item | DocKind::Metadata) {
        return;
    }
    let has_dlm = Pointer::root()
        .key("properties")
        .get(p.doc)
        .and_then(Value::as_object)
        .is_some_and(|o| o.keys().any(|k| k.starts_with("dlm:")));
    if has_dlm {
        dlm(p, out);
    }
}

/// DLM beta2 / beta.3 naming.
fn dlm(p: &Probe<'_>, out: &mut Vec<Evidence>) {
    let doc = p.doc;
    let props = Pointer::root().key("properties");
    let data = props.key("dlm:data");
    for (old, new) in [("dtype", "data_type"), ("nodata_value", "nodata")] {
        if data.key(old).get(doc).is_some() {
            let note = format!("`dlm:data.{old}` is DLM beta2 naming (beta.3 renamed it `{new}`)");
            out.push(p.older(data.key(old), &note));
        }
        if data.key(new).get(doc).is_some() {
            let note = format!("`dlm:data.{new}` is DLM beta.3 naming");
            out.push(p.newer(data.key(new), &note));
        }
    }
    drafts(p, &props, out);
    let version = Pointer::root().key("stac_version");
    if version
        .get(doc)
        .and_then(Value::as_str)
        .is_some_and(|v| v.starts_with("1.0.0-beta"))
    {
        let note = "STAC 1.0.0-beta.x is DLM beta2's core version (beta.3 uses STAC 1.0.0)";
        out.push(p.older(version, note));
    }
    let list = Pointer::root().key("stac_extensions");
    let entries = list
        .get(doc)
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    for (i, e) in entries.enumerate() {
        let short = e
            .as_str()
            .is_some_and(|s| !s.contains('/') && !s.contains(':') && s != "dl-model");
        if short {
            let note = "short extension names are STAC 1.0.0-beta.2 usage (DLM beta2)";
            out.push(p.older(list.index(i), note));
        }
    }
}

/// Pre-beta2 draft spellings ([`super::drafts`]): evidence of beta2 or older.
fn drafts(p: &Probe<'_>, props: &Pointer, out: &mut Vec<Evidence>) {
    let engine = props.key("dlm:engine");
    if engine.get(p.doc).is_some() {
        let note = "`dlm:engine` is the pre-beta2 DLM draft name of `dlm:runtime`";
        out.push(p.older(engine, note));
    }
    let inputs = props.key("dlm:inputs");
    let objects: Vec<Pointer> = match inputs.get(p.doc) {
        Some(Value::Object(_)) => vec![inputs],
        Some(Value::Array(a)) => (0..a.len()).map(|i| inputs.index(i)).collect(),
        _ => Vec::new(),
    };
    for at in objects {
        let Some(obj) = at.get(p.doc).and_then(Value::as_object) else {
            continue;
        };
        for (key, note) in super::drafts::draft_members(obj) {
            out.push(p.older(at.key(&key), &note));
        }
    }
}
