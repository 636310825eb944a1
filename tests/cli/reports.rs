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

/// 300 outdated files (the v1.3.0 fixtures, over and over): the Markdown report written for a
/// pull-request comment stays under GitHub's 65,536 characters with its summary whole, ends
/// with the truncation note, and the full report is next to it. The sizes are printed.
#[test]
fn report_markdown_300_files_fits_a_comment() {
    let dir = tempfile::tempdir().unwrap();
    let items = dir.path().join("items");
    std::fs::create_dir(&items).unwrap();
    let fixtures: Vec<_> = std::fs::read_dir(super::root().join("fixtures/mlm/v1.3.0"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    for i in 0..300 {
        let from = &fixtures[i % fixtures.len()];
        let name = format!("{i:03}-{}", from.file_name().unwrap().to_string_lossy());
        std::fs::copy(from, items.join(name)).unwrap();
    }
    let out = super::run_in(
        dir.path(),
        &[
            "--check",
            "--report",
            "markdown",
            "--report-file",
            "mlm-report.md",
            "items",
        ],
    );
    assert!(out.contains("exit: 1"), "{out}");
    let report = std::fs::read_to_string(dir.path().join("mlm-report.md")).unwrap();
    let full = std::fs::read_to_string(dir.path().join("mlm-report.full.md")).unwrap();
    let (chars, full_chars) = (report.chars().count(), full.chars().count());
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!("300-file Markdown report: {chars} characters (full report: {full_chars})\n")
            .as_bytes(),
    );
    assert!(chars <= 65_536, "{chars} characters");
    assert!(full_chars > 65_536, "the case is meant to need cutting");
    // the summary is whole: heading, table with the 300 files, what needs a person
    assert!(report.starts_with("## mlm-migrate: "));
    assert!(report.contains("· 300 files\n"));
    assert!(report.contains("\n| 300 | "), "{}", &report[..2000]);
    let head_len = full.find("\n<details>").unwrap();
    assert_eq!(report[..head_len], full[..head_len]);
    // whole blocks only, then the note naming the full report
    let shown = report.matches("\n<details>").count();
    assert_eq!(shown, report.matches("</details>\n").count());
    assert_eq!(full.matches("\n<details>").count(), 300);
    assert!(report.ends_with(&format!(
        "**Report truncated** at 65,536 characters (GitHub's comment limit): {shown} of 300 files shown; the full report is in <code>mlm-report.full.md</code> (the workflow artifact, in a GitHub Actions run of the mlm-migrate action).\n"
    )), "{}", &report[report.len() - 400..]);
}

/// A report cut by `--report-limit` on standard error says how to get the full report.
#[test]
fn report_markdown_truncation_note() {
    crate::assert_redacted_snapshot!(run(&[
        "--check",
        "--report",
        "markdown",
        "--report-limit",
        "5000",
        FILES[0],
        "fixtures/mlm/v1.3.0/norm-l2-placeholder.json",
        "fixtures/mlm/v1.3.0/norm-clip.json",
    ]));
}
