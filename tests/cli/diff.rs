//! `mlm-migrate diff OLD NEW` in each format, on a migrated item written compactly (formatting
//! and key order must not show) with one hand edit (which no rule names).

use serde_json::Value;

use super::{run_in, temp_copy};

/// `old.json` (an MLM 1.3.0 fixture) and `new.json`: its migration, written on one line, with
/// `id` edited by hand.
fn pair() -> tempfile::TempDir {
    let dir = temp_copy(&[(
        "fixtures/mlm/v1.3.0/norm-z-score-per-channel.json",
        "old.json",
    )]);
    let old: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("old.json")).unwrap())
            .unwrap();
    let mut new = mlm_migrate::migrate(&old, &mlm_migrate::Options::default())
        .unwrap()
        .output;
    new["id"] = "renamed-by-hand".into();
    std::fs::write(dir.path().join("new.json"), new.to_string()).unwrap();
    dir
}

#[test]
fn diff_unified() {
    let dir = pair();
    crate::assert_redacted_snapshot!(run_in(dir.path(), &["diff", "old.json", "new.json"]));
}

#[test]
fn diff_json_patch() {
    let dir = pair();
    crate::assert_redacted_snapshot!(run_in(
        dir.path(),
        &["diff", "old.json", "new.json", "--format", "json-patch"]
    ));
}

#[test]
fn diff_markdown() {
    let dir = pair();
    crate::assert_redacted_snapshot!(run_in(
        dir.path(),
        &["diff", "old.json", "new.json", "--format", "markdown"]
    ));
}

#[test]
fn diff_identical_apart_from_formatting() {
    let dir = pair();
    let old: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("old.json")).unwrap())
            .unwrap();
    std::fs::write(dir.path().join("same.json"), old.to_string()).unwrap();
    crate::assert_redacted_snapshot!(run_in(dir.path(), &["diff", "old.json", "same.json"]));
}

#[test]
fn diff_unreadable() {
    let dir = pair();
    crate::assert_redacted_snapshot!(run_in(dir.path(), &["diff", "old.json", "missing.json"]));
}

/// `diff OLD NEW` on every hand-written pair of `fixtures/review/` (see its README): array
/// items matched by `name`, `href` and band position, edits shown member by member, nothing
/// named by a migration rule.
#[test]
fn diff_review_fixtures() {
    for behaviour in [
        "bands-reordered",
        "band-inserted",
        "value-scaling-mean-edited",
        "link-removed-next-edited",
    ] {
        let dir = format!("fixtures/review/{behaviour}");
        let out = super::run(&[
            "diff",
            &format!("{dir}/old.json"),
            &format!("{dir}/new.json"),
        ]);
        assert!(out.contains("exit: 1"), "{out}");
        assert!(
            out.contains("named by an MLM rule") && out.contains(", 0 named"),
            "{out}"
        );
        crate::assert_redacted_snapshot!(format!("diff_review_{behaviour}"), out);
    }
}
