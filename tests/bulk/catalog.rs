//! A generated static catalog, upgraded by following its links and by walking its directory.

use std::path::Path;

use serde_json::{Value, json};

use super::{assert_all_valid, fixture, migrated};
use crate::cli::run_in;

/// Fixtures placed in the catalog (one per level and outcome).
const ITEM_A: &str = "fixtures/mlm/v1.3.0/norm-z-score-per-channel.json";
const ITEM_B: &str = "fixtures/mlm/v1.2.0/raster-bands-to-model-asset.json";
const ITEM_C: &str = "fixtures/dlm/v1.0.0-beta.3/processing-functions.json";
const LOSSY: &str = "fixtures/mlm/v1.3.0/norm-min-max-extra-statistics.json";
const COLLECTION: &str = "fixtures/mlm/v1.0.0/collection-summaries-item-assets.json";
const IGNORED: &str = "fixtures/mlm/v1.3.0/norm-clip.json";

fn catalog(id: &str, links: &[(&str, &str)]) -> String {
    let links: Vec<Value> = links
        .iter()
        .map(|(rel, href)| json!({"rel": rel, "href": href}))
        .collect();
    let doc = json!({
        "type": "Catalog",
        "stac_version": "1.0.0",
        "id": id,
        "description": format!("test catalog {id}"),
        "links": links,
    });
    serde_json::to_string_pretty(&doc).unwrap() + "\n"
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// `cat/` with three levels (root catalog → `a/` catalog → `a/b/` collection → items), a link
/// cycle (`a/` names the root as a child), a child link escaping the root (`../outside`), a
/// remote link, a broken JSON file, a non-STAC JSON file, an item that is already current, an
/// item only a lossy change could migrate, a symlink loop (`loop/self.json -> self.json`), a
/// FIFO, and an ignored folder (`.gitignore`: `ignored/`) holding an outdated item.
fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write(
        p,
        "cat/catalog.json",
        &catalog(
            "root",
            &[
                ("root", "./catalog.json"),
                ("child", "./a/catalog.json"),
                ("child", "../outside/catalog.json"),
                ("child", "./loop/catalog.json"),
                ("item", "./fifo.json"),
                ("item", "https://example.com/items/remote.json"),
            ],
        ),
    );
    write(
        p,
        "cat/a/catalog.json",
        &catalog(
            "a",
            &[
                ("parent", "../catalog.json"),
                ("child", "../catalog.json"),
                ("child", "./b/collection.json"),
                ("item", "./item-a.json"),
                ("item", "./current.json"),
                ("item", "./broken.json"),
                ("item", "./notes.json"),
            ],
        ),
    );
    write(p, "cat/a/item-a.json", &fixture(ITEM_A));
    write(p, "cat/a/current.json", &migrated(&fixture(ITEM_A)));
    write(
        p,
        "cat/a/broken.json",
        "{\n  \"type\": \"Feature\",\n  \"id\": \"broken\",\n  \"properties\": {\n",
    );
    write(
        p,
        "cat/a/notes.json",
        "{\"title\": \"release notes\", \"entries\": [1, 2, 3]}\n",
    );
    let mut collection: Value = serde_json::from_str(&fixture(COLLECTION)).unwrap();
    collection["links"] = json!([
        {"rel": "parent", "href": "../catalog.json"},
        {"rel": "item", "href": "./item-b.json"},
        {"rel": "item", "href": "./item-c.json"},
        {"rel": "item", "href": "./lossy.json"},
    ]);
    write(
        p,
        "cat/a/b/collection.json",
        &(serde_json::to_string_pretty(&collection).unwrap() + "\n"),
    );
    write(p, "cat/a/b/item-b.json", &fixture(ITEM_B));
    write(p, "cat/a/b/item-c.json", &fixture(ITEM_C));
    write(p, "cat/a/b/lossy.json", &fixture(LOSSY));
    write(
        p,
        "cat/loop/catalog.json",
        &catalog("loop", &[("item", "./self.json")]),
    );
    std::os::unix::fs::symlink("self.json", p.join("cat/loop/self.json")).unwrap();
    let fifo = p.join("cat/fifo.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    write(p, "cat/.gitignore", "ignored/\n");
    write(p, "cat/ignored/item.json", &fixture(IGNORED));
    write(p, "outside/catalog.json", &catalog("outside", &[]));
    dir
}

/// Following the links from `catalog.json`: each reachable file once, every link not followed
/// named, the outputs valid and nothing written outside `out/`.
#[test]
fn a_static_catalog_upgrades_with_the_expected_summary() {
    let dir = tree();
    let p = dir.path();
    let run = run_in(p, &["cat/catalog.json", "-o", "out", "-j2"]);
    crate::assert_redacted_snapshot!(run);
    let mut written = crate::common::json_files(&p.join("out"));
    written.iter_mut().for_each(|f| {
        *f = f.strip_prefix(p).unwrap().to_owned();
    });
    assert_eq!(
        written,
        [
            "out/cat/a/b/collection.json",
            "out/cat/a/b/item-b.json",
            "out/cat/a/b/item-c.json",
            "out/cat/a/current.json",
            "out/cat/a/item-a.json",
        ]
        .map(std::path::PathBuf::from)
    );
    assert!(!p.join("out/outside").exists() && !p.join("outside/out").exists());
    assert_all_valid(p, "out", 5);
}

/// Walking the same tree as a directory (`--follow`, so the symlink loop is met): the
/// `.gitignore`d folder, the FIFO and the loop are left out with notes.
#[test]
fn a_catalog_directory_walk_skips_ignored_folders_fifos_and_loops() {
    let dir = tree();
    let p = dir.path();
    let run = run_in(p, &["cat", "--follow", "-o", "out"]);
    crate::assert_redacted_snapshot!(run);
    assert!(!p.join("out/cat/ignored").exists());
    assert_all_valid(p, "out", 5);
}
