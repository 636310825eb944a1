//! Report formats: text (the default, covered by the mode snapshots), json, json-lines and
//! markdown. `report_json` and `report_markdown` keep the rule references and the target
//! unredacted; the others redact them (`common::redacted`).

use super::run;

const FILES: [&str; 2] = [
    "fixtures/mlm/v1.3.0/norm-z-score-per-channel.json",
    "fixtures/mlm/v1.5.1/current.json",
];

#[test]
fn report_json() {
    insta::assert_snapshot!(run(&["--check", "--report", "json", FILES[0], FILES[1]]));
}

#[test]
fn report_json_lines() {
    crate::assert_redacted_snapshot!(run(&[
        "--check",
        "--report",
        "json-lines",
        FILES[0],
        FILES[1]
    ]));
}

#[test]
fn report_markdown() {
    insta::assert_snapshot!(run(&[
        "--check",
        "--report",
        "markdown",
        FILES[0],
        FILES[1],
        "fixtures/mlm/v1.3.0/norm-l2-placeholder.json",
        "fixtures/errors/invalid-json-missing-comma.json",
    ]));
}

#[test]
fn report_markdown_all_current() {
    crate::assert_redacted_snapshot!(run(&["--check", "--report", "markdown", FILES[1]]));
}
