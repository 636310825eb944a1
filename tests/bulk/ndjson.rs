//! NDJSON in and out: a stream with one broken line migrates the other lines, in order, and
//! names the broken one by its line number.

use super::{assert_all_valid, compact, run_with_stdin};
use crate::cli::run_in;

const FIRST: &str = "fixtures/mlm/v1.3.0/norm-z-score-per-channel.json";
const THIRD: &str = "fixtures/mlm/v1.2.0/raster-bands-to-model-asset.json";

fn stream() -> String {
    format!(
        "{}\n{{\"type\": \"Feature\", \"id\": \n{}\n",
        compact(FIRST),
        compact(THIRD)
    )
}

fn assert_two_migrated_lines(text: &str) {
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    let ids: Vec<String> = lines
        .iter()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let uri = mlm_migrate::Spec::default_target().uri();
            assert!(
                v["stac_extensions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|u| u == uri),
                "{l}"
            );
            v["id"].as_str().unwrap().to_owned()
        })
        .collect();
    let id = |path| {
        let v: serde_json::Value = serde_json::from_str(&compact(path)).unwrap();
        v["id"].as_str().unwrap().to_owned()
    };
    assert_eq!(ids, [id(FIRST), id(THIRD)]);
}

#[test]
fn an_ndjson_file_with_a_broken_line_migrates_the_other_lines() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("items.ndjson"), stream()).unwrap();
    let run = run_in(dir.path(), &["items.ndjson", "-o", "out.ndjson"]);
    crate::assert_redacted_snapshot!(run);
    assert!(run.contains("items.ndjson:2:"), "{run}");
    let out = std::fs::read_to_string(dir.path().join("out.ndjson")).unwrap();
    assert_two_migrated_lines(&out);
    // Every output line validates (as its own file).
    for (n, line) in out.lines().enumerate() {
        std::fs::create_dir_all(dir.path().join("lines")).unwrap();
        std::fs::write(dir.path().join(format!("lines/{n}.json")), line).unwrap();
    }
    assert_all_valid(dir.path(), "lines", 2);
}

#[test]
fn ndjson_on_stdin_streams_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let (run, stdout) = run_with_stdin(dir.path(), &["-"], &stream());
    crate::assert_redacted_snapshot!(run);
    assert!(run.contains("<stdin>:2:"), "{run}");
    assert_two_migrated_lines(&stdout);
}

#[test]
fn the_markdown_fix_command_of_a_line_names_its_ndjson_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("items.ndjson"), stream()).unwrap();
    let run = run_in(
        dir.path(),
        &["items.ndjson", "--check", "--report", "markdown"],
    );
    assert!(run.contains("3 lines"), "{run}");
    assert!(run.contains("--write items.ndjson`"), "{run}");
    assert!(!run.contains("items.ndjson:1`"), "{run}");
    // A stream on standard input has no file to name.
    let (run, _) = run_with_stdin(
        dir.path(),
        &["-", "--check", "--report", "markdown"],
        &stream(),
    );
    assert!(!run.contains("Fix:"), "{run}");
    assert!(run.contains("3 lines"), "{run}");
}
