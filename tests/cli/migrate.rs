//! The migrate command in each mode: stdout, `-o FILE`, `-w`, `--check`, `--diff`, and the JSON
//! Patch output format.

use super::{run, run_in, temp_copy};

const OUTDATED: &str = "fixtures/mlm/v1.3.0/norm-clip.json";
const CURRENT: &str = "fixtures/mlm/v1.5.1/current.json";

#[test]
fn stdout_mode() {
    insta::assert_snapshot!(run(&[OUTDATED]));
}

#[test]
fn output_file() {
    let dir = temp_copy(&[(OUTDATED, "old.json")]);
    let mut s = run_in(dir.path(), &["old.json", "-o", "new.json"]);
    let written = std::fs::read_to_string(dir.path().join("new.json")).unwrap();
    s.push_str(&format!("----- new.json -----\n{written}"));
    insta::assert_snapshot!(s);
}

#[test]
fn write_in_place() {
    let dir = temp_copy(&[(OUTDATED, "item.json"), (CURRENT, "current.json")]);
    let before = std::fs::metadata(dir.path().join("current.json")).unwrap();
    let mut s = run_in(dir.path(), &["-w", "item.json", "current.json"]);
    let written = std::fs::read_to_string(dir.path().join("item.json")).unwrap();
    s.push_str(&format!("----- item.json -----\n{written}"));
    let after = std::fs::metadata(dir.path().join("current.json")).unwrap();
    assert_eq!(
        before.modified().unwrap(),
        after.modified().unwrap(),
        "a current file is not rewritten"
    );
    insta::assert_snapshot!(s);
}

#[test]
fn check_outdated() {
    insta::assert_snapshot!(run(&["--check", OUTDATED]));
}

#[test]
fn check_current() {
    insta::assert_snapshot!(run(&["--check", CURRENT]));
}

#[test]
fn check_several() {
    insta::assert_snapshot!(run(&[
        "--check",
        OUTDATED,
        CURRENT,
        "fixtures/mlm/v1.3.0/unknown-mlm-field.json",
        "fixtures/errors/no-model-content.json",
    ]));
}

#[test]
fn diff_outdated() {
    insta::assert_snapshot!(run(&["--diff", OUTDATED]));
}

#[test]
fn diff_current() {
    insta::assert_snapshot!(run(&["--diff", CURRENT]));
}

#[test]
fn diff_lenient_syntax() {
    insta::assert_snapshot!(run(&[
        "--diff",
        "fixtures/mlm/v1.5.1/comments-and-trailing-commas.json"
    ]));
}

#[test]
fn json_patch_output() {
    insta::assert_snapshot!(run(&[
        "--format",
        "json-patch",
        "fixtures/mlm/v1.2.0/raster-bands-to-model-asset.json"
    ]));
}

#[test]
fn json_patch_current() {
    insta::assert_snapshot!(run(&["--format", "json-patch", CURRENT]));
}
