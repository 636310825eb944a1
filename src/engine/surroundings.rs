//! Reading a document's neighbourhood on disk ([`Surroundings`]) for the repairs that use it.

use std::path::Path;

use serde_json::Value;

use crate::files::read_limited;
use crate::kernel::pointer::Members;
use crate::kernel::surroundings::{NearbyCollection, Surroundings};

/// A Collection file larger than this is not read for its `id` (a Collection is metadata;
/// anything this large is not one worth parsing per Item).
const MAX_COLLECTION_BYTES: u64 = 8 << 20;

/// What is beside the document read from `name` that its repairs may use: for an Item with a
/// `collection` field, the `collection.json` in its folder or the folder above (the layouts
/// pystac and stactools write). Empty for anything else, and when `name` is not a file.
pub(crate) fn of(name: &str, doc: &Value) -> Surroundings {
    let mut out = Surroundings::default();
    if doc.member("collection").and_then(Value::as_str).is_none() {
        return out;
    }
    let path = Path::new(name);
    if !path.is_file() {
        return out;
    }
    let dirs = path.parent().into_iter().flat_map(Path::ancestors).take(2);
    for (dir, href) in dirs.zip(["./collection.json", "../collection.json"]) {
        if let Some(id) = collection_id(&dir.join("collection.json")) {
            out.collections.push(NearbyCollection {
                id,
                href: href.to_owned(),
            });
        }
    }
    out
}

/// The `id` of the STAC Collection at `path`, if it is one (a regular file only: opening a
/// FIFO named `collection.json` would block).
fn collection_id(path: &Path) -> Option<String> {
    if !std::fs::metadata(path).ok()?.is_file() {
        return None;
    }
    let bytes = read_limited(path, MAX_COLLECTION_BYTES).ok()?;
    let v: Value = serde_json::from_slice(&bytes).ok()?;
    (v.member("type")?.as_str()? == "Collection")
        .then(|| v.member("id")?.as_str().map(str::to_owned))
        .flatten()
}
