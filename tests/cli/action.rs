//! The GitHub Action (`action.yml`, logic in `.ci/action/run.sh`) run locally against a fake
//! `gh` on PATH that keeps comments in a directory: the first run on an outdated item creates
//! one comment, later runs update that comment (found by its hidden marker) instead of adding
//! one per push, and the script exits with mlm-migrate's exit code.

use std::path::Path;
use std::process::Command;

use super::root;

/// A `gh` that answers the three `gh api` calls the script makes, keeping comments as files
/// `comment-<id>` in `$FAKE_GH_STATE` and logging every call to `$FAKE_GH_STATE/calls`.
const FAKE_GH: &str = r#"#!/usr/bin/env bash
state="$FAKE_GH_STATE"
echo "$*" >> "$state/calls"
method=GET; body=""; path=""
while [ $# -gt 0 ]; do
  case "$1" in
    api|--paginate) ;;
    --method|-X) method="$2"; shift ;;
    -F|--field) case "$2" in body=@*) body="${2#body=@}" ;; esac; shift ;;
    --jq|-q) shift ;;
    *) path="$1" ;;
  esac
  shift
done
case "$method $path" in
  "GET repos/"*"/issues/"*"/comments")
    for f in "$state"/comment-*; do
      if [ -e "$f" ] && grep -q 'mlm-migrate-action' "$f"; then echo "${f##*comment-}"; fi
    done ;;
  "POST repos/"*"/issues/"*"/comments")
    n=$(( $(find "$state" -name 'comment-*' | wc -l) + 101 ))
    cp "$body" "$state/comment-$n"; echo "{\"id\": $n}" ;;
  "PATCH repos/"*"/issues/comments/"*)
    id="${path##*/}"; [ -e "$state/comment-$id" ] || exit 1
    cp "$body" "$state/comment-$id" ;;
  *) echo "fake gh: unexpected $method $path" >&2; exit 1 ;;
esac
"#;

/// Runs the action's script on `paths` (crate-relative) in `work`; returns its exit code and
/// combined output.
fn run_action(work: &Path, paths: &str) -> (i32, String) {
    let bin = work.join("bin");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .arg(root().join(".ci/action/run.sh"))
        .current_dir(root())
        .env("PATH", path)
        .env("MLM_MIGRATE", env!("CARGO_BIN_EXE_mlm-migrate"))
        .env("MLM_MIGRATE_CACHE", super::no_cache())
        .env_remove("MLM_MIGRATE_SCHEMAS")
        .env("NO_COLOR", "1")
        .env("FAKE_GH_STATE", work.join("state"))
        .env("INPUT_PATHS", paths)
        .env("INPUT_ARGS", "")
        .env("INPUT_COMMENT", "true")
        .env("INPUT_ANNOTATIONS", "true")
        .env("PR_NUMBER", "7")
        .env("GITHUB_REPOSITORY", "owner/catalog")
        .env("RUNNER_TEMP", work.join("runner"))
        .env("GITHUB_OUTPUT", work.join("github_output"))
        .env("GITHUB_STEP_SUMMARY", work.join("step_summary"))
        .output()
        .expect("bash runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

fn comments(state: &Path) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = std::fs::read_dir(state)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("comment-")
        })
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    found.sort();
    found
}

#[test]
fn action_creates_one_comment_then_updates_it() {
    if Command::new("bash").arg("--version").output().is_err() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "bash is missing"
        );
        return;
    }
    let work = tempfile::tempdir().unwrap();
    for d in ["bin", "state", "runner"] {
        std::fs::create_dir(work.path().join(d)).unwrap();
    }
    let gh = work.path().join("bin/gh");
    std::fs::write(&gh, FAKE_GH).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&gh, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let state = work.path().join("state");
    let outdated = "fixtures/mlm/v1.3.0/norm-z-score-per-channel.json";
    let current = "fixtures/mlm/v1.5.1/current.json";

    // first push: outdated item → exit 1, one comment created, annotations printed
    let (code, out) = run_action(work.path(), &format!("{outdated} {current}"));
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("mlm-migrate: commented on #7"), "{out}");
    assert!(
        out.contains(&format!("::notice file={outdated},line=")),
        "{out}"
    );
    let first = comments(&state);
    assert_eq!(first.len(), 1, "{first:?}");
    assert!(first[0].1.starts_with(
        "<!-- mlm-migrate-action -->\n## mlm-migrate: 1 would be migrated, 1 already current"
    ));
    assert!(
        first[0]
            .1
            .contains(&format!("Fix: `mlm-migrate --write {outdated}`"))
    );
    let outputs = std::fs::read_to_string(work.path().join("github_output")).unwrap();
    assert!(outputs.contains("exit-code=1\n"), "{outputs}");

    // second push: still outdated, one more file (paths on lines) → the same comment, updated
    let (code, out) = run_action(
        work.path(),
        &format!("{outdated}\n{current}\nfixtures/mlm/v1.3.0/norm-clip.json\n"),
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("mlm-migrate: updated comment 101"), "{out}");
    let second = comments(&state);
    assert_eq!(second.len(), 1, "{second:?}");
    assert!(second[0].1.contains("## mlm-migrate: 2 would be migrated"));

    // third push: fixed → exit 0, the comment says so (still one)
    let (code, out) = run_action(work.path(), current);
    assert_eq!(code, 0, "{out}");
    let third = comments(&state);
    assert_eq!(third.len(), 1);
    assert!(
        third[0].1.contains("Every file is already current."),
        "{}",
        third[0].1
    );

    let calls = std::fs::read_to_string(state.join("calls")).unwrap();
    let count = |m: &str| calls.lines().filter(|l| l.contains(m)).count();
    assert_eq!(count("--method POST"), 1, "{calls}");
    assert_eq!(count("--method PATCH"), 2, "{calls}");
    assert_eq!(count("--paginate"), 3, "{calls}");
}

/// `action.yml` is a composite action whose check step runs the tested script with the
/// inputs it documents.
#[test]
fn action_yml_runs_the_script() {
    let text = std::fs::read_to_string(root().join("action.yml")).unwrap();
    let action: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap();
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
    let steps = action["runs"]["steps"].as_sequence().unwrap();
    let check = steps
        .iter()
        .find(|s| s["id"].as_str() == Some("check"))
        .unwrap();
    assert_eq!(
        check["run"].as_str(),
        Some(r#"bash "$GITHUB_ACTION_PATH/.ci/action/run.sh""#)
    );
    for input in [
        "paths",
        "args",
        "comment",
        "annotations",
        "install",
        "token",
    ] {
        assert!(
            action["inputs"][input]["description"].is_string(),
            "{input}"
        );
    }
}
