//! Conformance over the official examples in `../shared/examples` (and our fixtures): every
//! MLM v1.0.0–v1.5.2 document migrates to a schema-valid MLM v1.5.1 document, oracle pairs
//! match, migration is idempotent and byte-identical on current input, nothing is lost silently.

mod conservation;
mod defects;
mod equivalence;
mod examples;
mod identity;
mod oracles;
mod stac_model;
mod tally;

use std::path::{Path, PathBuf};

use mlm_migrate::document::Source;
use mlm_migrate::{Migration, Options, migrate};

pub use crate::common::{json_files, read_json, shared, store};

/// The MLM example documents (JSON Items and Collections) of every tag v1.0.0 … v1.5.2.
pub fn mlm_examples(shared: &Path) -> Vec<PathBuf> {
    let files = json_files(&shared.join("examples/mlm"));
    assert!(
        files.len() >= 60,
        "expected the official MLM examples, found {}",
        files.len()
    );
    files
}

/// Every migration fixture of ours: `fixtures/{mlm,dlm,ml-model}/<version>/<behaviour>`
/// (not `errors/`, nor the `check/` pairs of the preprocessing checker).
pub fn fixture_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut files = Vec::new();
    let mut stack: Vec<PathBuf> = ["mlm", "dlm", "ml-model"]
        .iter()
        .map(|f| root.join(f))
        .filter(|d| d.is_dir())
        .collect();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if !path.ends_with("errors") {
                    stack.push(path);
                }
            } else if path
                .extension()
                .is_some_and(|e| e == "json" || e == "yaml" || e == "yml")
            {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Reads and migrates one file with default options (lossy and assumed changes allowed: the
/// conformance tests look at the output, the CLI tests at the refusals).
pub fn migrate_file(path: &Path) -> (Source, Migration, String) {
    let source = Source::read(path).unwrap_or_else(|e| panic!("{e}"));
    let options = Options {
        allow_lossy: true,
        ..Options::default()
    };
    let m = migrate(&source.value, &options).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = source.write(&m.output, &m.origins);
    (source, m, text)
}

/// Path relative to `../shared/examples` or the crate, for messages.
pub fn short(path: &Path) -> String {
    let s = path.display().to_string();
    s.rsplit_once("examples/")
        .or_else(|| s.rsplit_once("fixtures/"))
        .map_or(s.clone(), |(_, r)| r.to_owned())
}
