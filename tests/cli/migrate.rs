//! The migrate command in each mode: stdout, `-o FILE`, `-w`, `--check`, `--diff`, and the JSON
//! Patch output format.

use super::{run, run_in, temp_copy};

const OUTDATED: &str = "fixtures/mlm/v1.3.0/norm-clip.json";
const CURRENT: &str = "fixtures/mlm/v1.5.1/current.json";

#[test]
fn stdout_mode() {
    crate::assert_redacted_snapshot!(run(&[OUTDATED]));
}

#[test]
fn output_file() {
    let dir = temp_copy(&[(OUTDATED, "old.json")]);
    let mut s = run_in(dir.path(), &["old.json", "-o", "new.json"]);
    let written = std::fs::read_to_string(dir.path().join("new.json")).unwrap();
    s.push_str(&format!("----- new.json -----\n{written}"));
    crate::assert_redacted_snapshot!(s);
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
    crate::assert_redacted_snapshot!(s);
}

#[test]
fn check_outdated() {
    crate::assert_redacted_snapshot!(run(&["--check", OUTDATED]));
}

#[test]
fn check_current() {
    crate::assert_redacted_snapshot!(run(&["--check", CURRENT]));
}

#[test]
fn check_several() {
    crate::assert_redacted_snapshot!(run(&[
        "--check",
        OUTDATED,
        CURRENT,
        "fixtures/mlm/v1.3.0/unknown-mlm-field.json",
        "fixtures/errors/no-model-content.json",
    ]));
}

#[test]
fn diff_outdated() {
    crate::assert_redacted_snapshot!(run(&["--diff", OUTDATED]));
}

#[test]
fn diff_current() {
    crate::assert_redacted_snapshot!(run(&["--diff", CURRENT]));
}

#[test]
fn diff_lenient_syntax() {
    crate::assert_redacted_snapshot!(run(&[
        "--diff",
        "fixtures/mlm/v1.5.1/comments-and-trailing-commas.json"
    ]));
}

#[test]
fn json_patch_output() {
    crate::assert_redacted_snapshot!(run(&[
        "--format",
        "json-patch",
        "fixtures/mlm/v1.2.0/raster-bands-to-model-asset.json"
    ]));
}

#[test]
fn json_patch_current() {
    crate::assert_redacted_snapshot!(run(&["--format", "json-patch", CURRENT]));
}

/// A directory is walked (sorted); in a bulk run a non-model document is skipped, not failed,
/// while unreadable files and unknown versions still fail (exit 2).
#[test]
fn check_directory() {
    crate::assert_redacted_snapshot!(run(&["--check", "fixtures/errors"]));
}

/// `-o DIR` over a directory mirrors the input layout.
#[test]
fn output_directory_mirrors_layout() {
    let out = tempfile::tempdir().expect("temp dir");
    let target = out.path().join("upgraded");
    let target = target.to_str().expect("utf-8 path");
    let mut text = run(&["fixtures/mlm/v1.5.0", "-o", target]);
    let root = out.path().join("upgraded");
    let mut written: Vec<String> = walk(&root)
        .iter()
        .map(|p| p.strip_prefix(&root).unwrap_or(p).display().to_string())
        .collect();
    written.sort();
    text.push_str(&format!("----- written -----\n{}\n", written.join("\n")));
    crate::assert_redacted_snapshot!(text.replace(target, "<OUT>"));
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("dir") {
        let p = entry.expect("entry").path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

const DEFECT: &str = "fixtures/stac/1.0.0/datetime-date-only.json";

/// Without `--fix`, a repairable defect is a finding (exit 1) with the hint.
#[test]
fn defect_reported_with_fix_hint() {
    crate::assert_redacted_snapshot!(run(&[DEFECT]));
}

/// `--fix` repairs it and says so.
#[test]
fn fix_repairs() {
    // Unredacted: the repair's rule reference as users see it.
    insta::assert_snapshot!(run(&["--fix", DEFECT]));
}

/// `--fix` also applies in the `--diff` and `--check` previews.
#[test]
fn fix_in_previews() {
    let mut s = run(&["--fix", "--diff", DEFECT]);
    s.push_str(&run(&["--fix", "--check", DEFECT]));
    crate::assert_redacted_snapshot!(s);
}

/// An ItemCollection file is migrated feature by feature: with one feature that cannot be
/// migrated (an unknown MLM version), the others are migrated and written, the bad one is
/// named by its pointer and left byte for byte as it was, its finding is located by
/// line:column in the whole output, and the run exits 1.
#[test]
fn streamed_collection_with_a_bad_feature() {
    const BAD: &str = "fixtures/mlm/v1.3.0/item-collection-bad-member.json";
    let dir = temp_copy(&[(BAD, "items.json")]);
    let s = run_in(
        dir.path(),
        &[
            "items.json",
            "-o",
            "new.json",
            "--report-file",
            "r.json",
            "--report",
            "json",
        ],
    );
    assert!(s.contains("exit: 1"), "{s}");
    let input = std::fs::read_to_string(dir.path().join("items.json")).unwrap();
    let written = std::fs::read_to_string(dir.path().join("new.json")).unwrap();
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("r.json")).unwrap()).unwrap();
    let file = &report["files"][0];
    assert_eq!(file["status"], "migrated", "{file}");
    let diagnostics = file["migration"]["diagnostics"].as_array().unwrap();
    assert!(
        diagnostics
            .iter()
            .any(|d| d["code"] == "feature-not-migrated" && d["pointer"] == "/features/1"),
        "{diagnostics:?}"
    );
    let changes = file["migration"]["changes"].as_array().unwrap();
    assert!(!changes.is_empty());
    assert!(changes.iter().all(|c| {
        c["to"]
            .as_str()
            .or(c["from"].as_str())
            .is_some_and(|p| p.starts_with("/features/0/"))
    }));
    // The bad feature and the current one after it: the same text.
    let tail = |t: &str| t[t.find("\"id\": \"from-the-future\"").unwrap()..].to_owned();
    assert_eq!(tail(&written), tail(&input));
    assert_ne!(written, input);
    // Its finding: at its line and column in the whole output file.
    let finding = &file["validation"]["carried"][0];
    assert_eq!(
        finding["pointer"], "/features/1/assets/weights",
        "{finding}"
    );
    let (line, column) = (
        finding["line"].as_u64().unwrap() as usize,
        finding["column"].as_u64().unwrap() as usize,
    );
    let at = written.lines().nth(line - 1).unwrap();
    assert_eq!(&at[column - 1..column], "{", "{at}");
    assert!(
        written
            .lines()
            .nth(line - 2)
            .unwrap()
            .contains("\"assets\"")
    );
}
