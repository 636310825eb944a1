//! The README stays true: its migrations table is generated from the step tables, and its set-up
//! command runs on the fixture it names.

use std::path::Path;
use std::process::Command;

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

#[test]
fn migrations_table_matches_the_mappings() {
    let text = readme();
    let (_, rest) = text
        .split_once("<!-- migrations:start -->\n")
        .expect("start marker");
    let (table, _) = rest
        .split_once("<!-- migrations:end -->")
        .expect("end marker");
    let want = mlm_migrate::explain::migrations_markdown();
    assert_eq!(table, want, "README table is stale; paste:\n{want}");
}

/// The first set-up command, as a user runs it (`cargo run --release -- FILE` runs this binary).
#[test]
fn setup_command_runs_on_the_shipped_fixture() {
    let text = readme();
    let line = text
        .lines()
        .find(|l| l.starts_with("cargo run --release -- "))
        .expect("set-up command");
    let file = line.trim_start_matches("cargo run --release -- ");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(root.join(file).is_file(), "{file} is not shipped");
    let out = Command::new(env!("CARGO_BIN_EXE_mlm-migrate"))
        .arg(file)
        .current_dir(root)
        .env_remove("MLM_MIGRATE_SCHEMAS")
        .env("MLM_MIGRATE_CACHE", crate::cli::no_cache())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let item: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        item["stac_extensions"][0],
        "https://stac-extensions.github.io/mlm/v1.5.1/schema.json"
    );
    assert!(text.contains("\ncargo test --locked\n"), "the test command");
}
