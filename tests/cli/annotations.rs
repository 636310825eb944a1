//! `--report github` and `--report sarif`: findings placed on the lines of the input files.
//! The GitHub lines parse as workflow commands (file, line, col, title, message, escaped as
//! `@actions/core` escapes them) whose positions point at the changed value in the source
//! file; the SARIF log has the structure SARIF 2.1.0 requires.

use std::path::Path;

use serde_json::Value;

use super::{root, run};

/// One parsed workflow command.
#[derive(Debug)]
struct Command {
    level: String,
    file: String,
    line: usize,
    col: usize,
    message: String,
}

fn unescape(s: &str) -> String {
    s.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

/// The workflow commands in `out` (the snapshot text of a run); panics on a `::` line that
/// does not parse.
fn commands(out: &str) -> Vec<Command> {
    let re = regex::Regex::new(
        r"^::(error|warning|notice) file=([^,:]+),line=(\d+),col=(\d+),title=([^,:]+)::(.+)$",
    )
    .unwrap();
    out.lines()
        .filter(|l| l.starts_with("::"))
        .map(|l| {
            let c = re
                .captures(l)
                .unwrap_or_else(|| panic!("not a workflow command: {l}"));
            Command {
                level: c[1].to_owned(),
                file: unescape(&c[2]),
                line: c[3].parse().unwrap(),
                col: c[4].parse().unwrap(),
                message: unescape(&c[6]),
            }
        })
        .collect()
}

/// The byte offset of 1-based `line`, `col` (characters) in `text`.
fn offset(text: &str, line: usize, col: usize) -> Option<usize> {
    let start: usize = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    let rest = text.get(start..)?;
    Some(start + rest.char_indices().nth(col - 1)?.0)
}

#[test]
fn github_lines_parse_and_point_at_the_changed_value() {
    let out = run(&[
        "--check",
        "--report",
        "github",
        "fixtures/mlm/v1.3.0",
        "fixtures/mlm/v1.0.0",
        "fixtures/errors/invalid-json-missing-comma.json",
    ]);
    let commands = commands(&out);
    assert!(commands.len() > 50, "{out}");
    let mut checked = 0;
    for c in &commands {
        let path = root().join(&c.file);
        assert!(path.is_file(), "{c:?}");
        assert!(c.line >= 1 && c.col >= 1 && !c.message.is_empty(), "{c:?}");
        let text = std::fs::read_to_string(&path).unwrap();
        if c.file.ends_with("invalid-json-missing-comma.json") {
            // the read error's own position
            assert_eq!((c.level.as_str(), c.line, c.col), ("error", 4, 3), "{c:?}");
            continue;
        }
        let Some(change) = c.message.strip_prefix("would change (") else {
            continue;
        };
        let Ok(doc) = serde_json::from_str::<Value>(&text) else {
            continue; // YAML and lenient JSON are placed at 1:1
        };
        // the input pointer the message names (before ` → ` for moves), or its nearest
        // ancestor that exists in the input: the value that starts at line:col
        let named = change.split_once("): ").unwrap().1;
        let named = named
            .split([' ', '→'])
            .next()
            .unwrap()
            .trim_end_matches(':');
        let mut p = mlm_migrate::Pointer::parse(named).unwrap();
        while p.get(&doc).is_none() {
            p = p.split_last().unwrap().0;
        }
        let at = offset(&text, c.line, c.col).unwrap_or_else(|| panic!("{c:?}"));
        let found: Value = serde_json::Deserializer::from_str(&text[at..])
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no value at {c:?}"))
            .unwrap_or_else(|e| panic!("{e} at {c:?}"));
        assert_eq!(
            &found,
            p.get(&doc).unwrap(),
            "{}:{}:{}",
            c.file,
            c.line,
            c.col
        );
        checked += 1;
    }
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!(
            "--report github: {} workflow commands, {checked} change positions checked\n",
            commands.len()
        )
        .as_bytes(),
    );
    assert!(checked > 40, "{checked}");
}

#[test]
fn report_github() {
    crate::assert_redacted_snapshot!(run(&[
        "--check",
        "--report",
        "github",
        "fixtures/mlm/v1.3.0/norm-l2-placeholder.json",
        "fixtures/errors/invalid-json-missing-comma.json",
    ]));
}

#[test]
fn report_sarif_has_the_required_structure() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&[
        "--check",
        "--report",
        "sarif",
        "--report-file",
        dir.path().join("r.sarif").to_str().unwrap(),
        "fixtures/mlm/v1.3.0/norm-z-score-per-channel.json",
        "fixtures/mlm/v1.3.0/norm-l2-placeholder.json",
        "fixtures/mlm/v1.5.1/current.json",
        "fixtures/errors/invalid-json-missing-comma.json",
    ]);
    assert!(out.contains("exit: 2"), "{out}");
    let log: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("r.sarif")).unwrap())
            .unwrap();
    assert_eq!(log["version"], "2.1.0");
    assert!(
        log["$schema"]
            .as_str()
            .unwrap()
            .contains("sarif-schema-2.1.0")
    );
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "mlm-migrate");
    let rules: Vec<&str> = driver["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let mut unique = rules.clone();
    unique.dedup();
    assert_eq!(rules, unique, "rule ids are unique");
    let results = runs[0]["results"].as_array().unwrap();
    assert!(results.len() >= 9, "{results:?}");
    for r in results {
        assert!(["none", "note", "warning", "error"].contains(&r["level"].as_str().unwrap()));
        assert!(!r["message"]["text"].as_str().unwrap().is_empty());
        assert!(rules.contains(&r["ruleId"].as_str().unwrap()), "{r}");
        let loc = &r["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(uri).is_file(),
            "{uri}"
        );
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(loc["region"]["startColumn"].as_u64().unwrap() >= 1);
    }
}
