//! Error paths: unreadable input and bad arguments exit 2, refusals exit 1.

use super::run;

#[test]
fn invalid_json() {
    crate::assert_redacted_snapshot!(run(&["fixtures/errors/invalid-json-missing-comma.json"]));
}

#[test]
fn no_model_content() {
    crate::assert_redacted_snapshot!(run(&["fixtures/errors/no-model-content.json"]));
}

#[test]
fn unknown_version() {
    crate::assert_redacted_snapshot!(run(&["fixtures/errors/mlm-v1.7.0-unknown-version.json"]));
}

#[test]
fn lossy_refused() {
    crate::assert_redacted_snapshot!(run(&["fixtures/mlm/v1.3.0/unknown-mlm-field.json"]));
}

#[test]
fn strict_refusal() {
    crate::assert_redacted_snapshot!(run(&["--strict", "fixtures/mlm/v1.3.0/norm-clip.json"]));
}

#[test]
fn several_inputs_without_output() {
    crate::assert_redacted_snapshot!(run(&[
        "fixtures/mlm/v1.3.0/norm-clip.json",
        "fixtures/mlm/v1.5.1/current.json"
    ]));
}

#[test]
fn exclusive_modes() {
    crate::assert_redacted_snapshot!(run(&[
        "--check",
        "--diff",
        "fixtures/mlm/v1.5.1/current.json"
    ]));
}

/// A downgrade that would lose information writes nothing and exits 1, listing what would be
/// lost.
#[test]
fn downgrade_lossy_refused() {
    crate::assert_redacted_snapshot!(run(&[
        "--to",
        "mlm@1.4.0",
        "fixtures/mlm/v1.5.1/to-mlm-v1.4.0/variables.json"
    ]));
}

/// Written with `--allow-lossy`: the MLM 1.4.0 item on stdout, the losses in the report.
#[test]
fn downgrade_allow_lossy() {
    crate::assert_redacted_snapshot!(run(&[
        "--to",
        "mlm@1.4.0",
        "--allow-lossy",
        "fixtures/mlm/v1.5.1/to-mlm-v1.4.0/variables.json"
    ]));
}

/// A lossless downgrade to MLM 1.3.0: crim-ca identifier, `value_scaling` as `norm_type`.
#[test]
fn downgrade_lossless() {
    crate::assert_redacted_snapshot!(run(&[
        "--to",
        "mlm@1.3.0",
        "fixtures/mlm/v1.5.1/to-mlm-v1.3.0/value-scaling-z-score.json"
    ]));
}
