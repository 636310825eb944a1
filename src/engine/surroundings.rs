//! Reading a document's neighbourhood on disk ([`Surroundings`]) for the repairs that use it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::SystemTime;

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
///
/// Nothing is read here: the disk is looked at when a repair first asks (an Item that already
/// links its Collection never does), so a bulk run does not pay three `stat` calls per Item.
pub(crate) fn of(name: &str, doc: &Value) -> Surroundings {
    if doc.member("collection").and_then(Value::as_str).is_none() {
        return Surroundings::default();
    }
    let name = name.to_owned();
    Surroundings::lazy(move || look(Path::new(&name)))
}

/// The Collections beside the file at `path`, nearest first.
fn look(path: &Path) -> Vec<NearbyCollection> {
    let mut out = Vec::new();
    if !path.is_file() {
        return out;
    }
    let dirs = path.parent().into_iter().flat_map(Path::ancestors).take(2);
    for (dir, href) in dirs.zip(["./collection.json", "../collection.json"]) {
        if let Some(id) = collection_id(&dir.join("collection.json")) {
            out.push(NearbyCollection {
                id,
                href: href.to_owned(),
            });
        }
    }
    out
}

/// The `id` of the STAC Collection at `path`, if it is one (a regular file only: opening a
/// FIFO named `collection.json` would block).
///
/// Read once per file version: the Items of a catalog share one `collection.json` (with a
/// `rel: item` link per Item it grows with the catalog), so a bulk run would otherwise read
/// and parse it again for every Item. An answer is reused while the file's identity (device,
/// inode), length and modification time are those it was read with; a missing file is never
/// remembered.
fn collection_id(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    let stamp = Stamp::of(&meta);
    let cache = read_ids();
    let known = cache
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(path)
        .filter(|(s, _)| *s == stamp)
        .map(|(_, id)| id.clone());
    if let Some(id) = known {
        return id;
    }
    let id = read_collection_id(path);
    let mut cache = cache.lock().unwrap_or_else(PoisonError::into_inner);
    if cache.len() >= MAX_REMEMBERED {
        cache.clear();
    }
    cache.insert(path.to_path_buf(), (stamp, id.clone()));
    id
}

/// Collection files remembered at most (a run over many catalogs starts over past this).
const MAX_REMEMBERED: usize = 1024;

type ReadIds = Mutex<HashMap<PathBuf, (Stamp, Option<String>)>>;

fn read_ids() -> &'static ReadIds {
    static READ: OnceLock<ReadIds> = OnceLock::new();
    READ.get_or_init(ReadIds::default)
}

/// What tells one version of a file from another without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    #[cfg(unix)]
    file: (u64, u64),
}

impl Stamp {
    fn of(meta: &std::fs::Metadata) -> Self {
        #[cfg(unix)]
        use std::os::unix::fs::MetadataExt;
        Self {
            len: meta.len(),
            modified: meta.modified().ok(),
            #[cfg(unix)]
            file: (meta.dev(), meta.ino()),
        }
    }
}

fn read_collection_id(path: &Path) -> Option<String> {
    let bytes = read_limited(path, MAX_COLLECTION_BYTES).ok()?;
    let v: Value = serde_json::from_slice(&bytes).ok()?;
    (v.member("type")?.as_str()? == "Collection")
        .then(|| v.member("id")?.as_str().map(str::to_owned))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn collection(id: &str) -> String {
        json!({"type": "Collection", "id": id, "links": []}).to_string()
    }

    #[test]
    fn a_collection_is_read_once_and_again_when_it_changes() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let file = dir.path().join("collection.json");
        std::fs::write(&file, collection("first")).expect("write");
        let item_dir = dir.path().join("items");
        std::fs::create_dir(&item_dir).expect("mkdir");
        let item = item_dir.join("a.json");
        std::fs::write(&item, "{}").expect("write");
        let doc = json!({"type": "Feature", "collection": "first"});
        let ids = |name: &Path| -> Vec<String> {
            of(&name.to_string_lossy(), &doc)
                .collections()
                .iter()
                .map(|c| c.id.clone())
                .collect()
        };
        assert_eq!(ids(&item), ["first"]);
        assert_eq!(ids(&item), ["first"], "remembered");
        // Another length: another version of the file.
        std::fs::write(&file, collection("second collection")).expect("rewrite");
        assert_eq!(ids(&item), ["second collection"]);
        std::fs::remove_file(&file).expect("remove");
        assert!(ids(&item).is_empty(), "a removed file is not remembered");
        std::fs::write(&file, "[]").expect("write");
        assert!(ids(&item).is_empty(), "not a Collection");
    }
}
