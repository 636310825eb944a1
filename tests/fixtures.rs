//! insta snapshots of the output and the report for every fixture in `fixtures/`.

use std::path::Path;

use mlm_migrate::Options;
use mlm_migrate::document::Source;
use mlm_migrate::report::text::{TextOptions, render};
use mlm_migrate::run::{FileReport, migrate_source};

/// Migrates one fixture (no schema validation: snapshots must not depend on ../shared).
pub fn run_fixture(path: &Path) -> Result<FileReport, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let name = path
        .strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string();
    let mut source = Source::read(path)
        .map_err(|e| e.to_string().replace(&path.display().to_string(), &name))?;
    source.name = name;
    Ok(migrate_source(&source, &Options::default(), None))
}

fn snapshot_text(path: &Path) -> String {
    match run_fixture(path) {
        Ok(r) => {
            let report = render(&r, TextOptions::default());
            let output = r
                .output_text
                .clone()
                .unwrap_or_else(|| "(none)\n".to_owned());
            format!("--- report ---\n{report}--- output ---\n{output}")
        }
        Err(e) => format!("--- read error ---\n{e}\n"),
    }
}

#[test]
fn fixture_snapshots() {
    insta::glob!("../fixtures", "{mlm,errors}/**/*.{json,yaml,yml}", |path| {
        insta::assert_snapshot!(snapshot_text(path));
    });
}
