//! Helpers shared by every test module: where `../shared` is, one schema store, file lists.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use mlm_migrate::validate::SchemaStore;
use serde_json::Value;

/// `../shared` next to the crate; `None` (test skipped, message printed) when it is missing,
/// a failure when `CI=true`.
pub fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{} is missing (CI=true)",
        dir.display()
    );
    // Written to the stderr handle (not `eprintln!`, which the harness captures), once.
    static SAID: std::sync::Once = std::sync::Once::new();
    SAID.call_once(|| {
        let note = format!("skipping shared-data tests: {} is missing\n", dir.display());
        let _ = std::io::Write::write_all(&mut std::io::stderr(), note.as_bytes());
    });
    None
}

/// One store over `../shared/schemas` for the whole test binary, so schemas compile once.
pub fn store() -> Option<&'static SchemaStore> {
    static STORE: OnceLock<SchemaStore> = OnceLock::new();
    let schemas = shared()?.join("schemas");
    Some(STORE.get_or_init(|| SchemaStore::open(schemas).expect("mirror opens")))
}

/// Parses a JSON file (serde_json with `arbitrary_precision`, as the tool reads input).
pub fn read_json(path: &Path) -> Value {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The JSON files under `dir`, recursively, sorted.
pub fn json_files(dir: &Path) -> Vec<PathBuf> {
    files_where(dir, |ext| ext == "json")
}

/// The files under `dir` whose extension passes `keep` (files without one are left out),
/// recursively, sorted.
pub fn files_where(dir: &Path, keep: impl Fn(&std::ffi::OsStr) -> bool) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable dir") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(&keep) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// What the tool writes for the JSON `text` (the library's own migration of it, default
/// options, no schemas).
pub fn migrated(text: &str) -> String {
    let source = mlm_migrate::document::Source::parse(
        "x.json",
        text.to_owned(),
        mlm_migrate::document::Format::Json,
    )
    .unwrap();
    mlm_migrate::run::migrate_source(&source, &mlm_migrate::Options::default(), None)
        .output_text
        .unwrap()
}

/// `text` as a regular expression that matches it literally.
fn literal(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == ' ' {
                c.to_string()
            } else {
                format!("\\{c}")
            }
        })
        .collect()
}

/// insta settings that redact what most snapshots are not about, so that a doc edit or a new
/// default version does not rewrite them: each rule's public reference (`spec` and `url` in
/// JSON, the `[rule; spec]` suffix of text reports, the linked reference of Markdown reports)
/// and the default target (its id and its `stac_extensions` URI). One snapshot per behaviour
/// is taken without them (see each module), so the real text stays reviewed.
pub fn redacted() -> insta::Settings {
    let target = mlm_migrate::Spec::default_target();
    let mut s = insta::Settings::clone_current();
    s.add_filter(&literal(target.uri()), "[target-uri]");
    s.add_filter(&format!(r"{}\b", literal(target.id())), "[target]");
    s.add_filter(r"\[([a-z0-9-]+); [^\]\n]+\]", "[$1; [spec]]");
    s.add_filter(
        r#""spec":( ?)"[^"]*",(\s*)"url":( ?)"[^"]*""#,
        r#""spec":$1"[spec]",$2"url":$3"[spec-url]""#,
    );
    s.add_filter(r"<br>\[[^\]\n]*\]\([^)\s]*\)", "<br>[spec]([spec-url])");
    s
}

/// `insta::assert_snapshot!` under the [`redacted`] settings.
#[macro_export]
macro_rules! assert_redacted_snapshot {
    ($($arg:tt)*) => {
        $crate::common::redacted().bind(|| insta::assert_snapshot!($($arg)*))
    };
}
