//! Opening mirrors, unavailable schemas, the environment variable, sharing across threads.

use mlm_migrate::validate::{Outcome, SchemaStore, ValidateError};
use serde_json::json;

use super::{read_json, shared, store};

#[test]
fn missing_mirror_is_an_error() {
    let missing = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-such-mirror");
    let error = SchemaStore::open(&missing).expect_err("missing dir");
    assert!(
        matches!(error, ValidateError::MirrorMissing { .. }),
        "{error}"
    );
}

#[test]
fn schemas_outside_the_mirror_are_unavailable_not_invalid() {
    let Some(store) = store() else { return };
    let table = [
        (
            "https://stac-extensions.github.io/template/v1.0.0/schema.json",
            "is not in the mirror",
        ),
        ("urn:example:not-a-url", "is not an http(s) URL"),
        (
            "https://example.com/../../etc/passwd",
            "is not an http(s) URL",
        ),
    ];
    for (uri, expected) in table {
        let outcome = store.validate_against(&json!({}), uri);
        match &outcome.outcome {
            Outcome::Unavailable { reason } => assert!(reason.contains(expected), "{reason}"),
            other => panic!("{uri}: {other:?}"),
        }
    }
}

#[test]
fn documents_that_name_no_schema_are_unresolved() {
    let Some(store) = store() else { return };
    let validation =
        store.validate(&json!({"stac_version": "1.0.0", "stac_extensions": ["eo", 3]}));
    let paths: Vec<_> = validation
        .unresolved
        .iter()
        .map(|u| u.instance_path.as_str())
        .collect();
    assert_eq!(paths, ["/type", "/stac_extensions/1"], "{validation}");
    assert!(!validation.is_valid());
    assert!(
        validation
            .to_string()
            .contains("unresolved: /type: missing"),
        "{validation}"
    );
}

#[test]
fn one_store_is_shared_across_threads() {
    let (Some(shared), Some(store)) = (shared(), store()) else {
        return;
    };
    let item = read_json(&shared.join("examples/mlm/v1.5.1/item_eo_bands.json"));
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..4)
            .map(|_| scope.spawn(|| (0..10).all(|_| store.validate(&item).is_valid())))
            .collect();
        for worker in workers {
            assert!(worker.join().expect("worker"));
        }
    });
}

#[test]
fn from_env_reads_mlm_migrate_schemas() {
    // `std::env::set_var` is unsafe (and `unsafe_code` is forbidden): run this test again in a
    // child process with the variable set.
    const CHILD: &str = "MLM_MIGRATE_TEST_FROM_ENV_CHILD";
    if std::env::var_os(CHILD).is_some() {
        let store = SchemaStore::from_env().expect("opens");
        let expected = std::env::var_os("MLM_MIGRATE_SCHEMAS").filter(|v| !v.is_empty());
        assert_eq!(store.map(|s| s.dir().as_os_str().to_owned()), expected);
        return;
    }
    let dir = env!("CARGO_TARGET_TMPDIR");
    for (value, succeeds) in [("", true), (dir, true), ("/no/such/mirror", false)] {
        // `output()` captures the child's test harness lines, so they never mix with ours.
        let output = std::process::Command::new(std::env::current_exe().expect("test binary"))
            .args([
                "--exact",
                "validate::store::from_env_reads_mlm_migrate_schemas",
            ])
            .env(CHILD, "1")
            .env("MLM_MIGRATE_SCHEMAS", value)
            .output()
            .expect("child runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            stdout.contains("1 passed") || stdout.contains("1 failed"),
            "{stdout}"
        );
        assert_eq!(
            output.status.success(),
            succeeds,
            "MLM_MIGRATE_SCHEMAS={value:?}: {stdout}"
        );
    }
}

#[test]
fn a_fragment_selects_a_sub_schema() {
    let Some(store) = store() else { return };
    let uri = "https://stac-extensions.github.io/mlm/v1.5.1/schema.json#/$defs/mlm:name";
    assert_eq!(
        store.validate_against(&json!("resnet-50"), uri).outcome,
        Outcome::Valid
    );
    let outcome = store.validate_against(&json!("ab"), uri);
    let Outcome::Invalid { errors } = &outcome.outcome else {
        panic!("{outcome}");
    };
    assert_eq!(
        errors[0].keyword_location, "/$defs/mlm:name/pattern",
        "{outcome}"
    );
}

#[test]
fn a_missing_ref_target_makes_the_schema_unavailable() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("missing-ref-mirror");
    std::fs::create_dir_all(dir.join("example.org")).expect("temp mirror");
    let schema = r#"{"properties": {"a": {"$ref": "missing.json#/definitions/x"}}}"#;
    std::fs::write(dir.join("example.org/a.json"), schema).expect("schema written");
    let store = SchemaStore::open(&dir).expect("opens");
    let outcome = store.validate_against(&json!({"a": 1}), "https://example.org/a.json");
    let Outcome::Unavailable { reason } = &outcome.outcome else {
        panic!("{outcome}");
    };
    assert!(
        reason.contains("https://example.org/missing.json is not in the mirror"),
        "{reason}"
    );
}
