//! `.pre-commit-hooks.yaml`: every hook's entry runs as pre-commit runs it (file names
//! appended) and does what its id says.

use serde::Deserialize;

use super::{root, run_in, temp_copy};

#[derive(Deserialize)]
struct Hook {
    id: String,
    entry: String,
    language: String,
    files: String,
}

fn hooks() -> Vec<Hook> {
    let text = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).unwrap();
    serde_yaml_ng::from_str(&text).unwrap()
}

#[test]
fn hooks_run_their_entries() {
    let hooks = hooks();
    let ids: Vec<&str> = hooks.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["mlm-migrate-check", "mlm-migrate"]);
    for hook in &hooks {
        assert_eq!(hook.language, "rust");
        assert_eq!(hook.files, r"\.(json|ya?ml)$");
        let dir = temp_copy(&[
            ("fixtures/mlm/v1.3.0/norm-clip.json", "old.json"),
            ("fixtures/mlm/v1.5.1/current.json", "current.json"),
        ]);
        let mut args: Vec<&str> = hook.entry.split_whitespace().skip(1).collect();
        args.extend(["old.json", "current.json"]);
        let first = run_in(dir.path(), &args);
        let second = run_in(dir.path(), &args);
        let (expected_first, expected_second) = match hook.id.as_str() {
            "mlm-migrate-check" => ("exit: 1", "exit: 1"),
            _ => ("exit: 0", "exit: 0"),
        };
        assert!(first.contains(expected_first), "{first}");
        assert!(second.contains(expected_second), "{second}");
        if hook.id == "mlm-migrate" {
            assert!(second.contains("0 migrated, 2 already current"), "{second}");
        }
    }
}
