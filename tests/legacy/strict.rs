//! `--strict` and `--allow-lossy` over legacy conversions: every assumption a reader makes is a
//! recorded `assumed` / `manual` change, so `--strict` refuses it; lossy changes need
//! `--allow-lossy`.

use std::path::Path;

use mlm_migrate::Fidelity;
use mlm_migrate::document::Source;
use mlm_migrate::{Options, migrate};

fn fixture(rel: &str) -> serde_json::Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel);
    Source::read(&path).unwrap().value
}

#[test]
fn strict_refuses_every_assumption_of_a_dlm_conversion() {
    let doc = fixture("dlm/v1.0.0-beta2/scaling-fold.json");
    let strict = Options {
        strict: true,
        allow_lossy: true,
        ..Options::default()
    };
    let m = migrate(&doc, &strict).unwrap();
    let refusals = m.refusals(&strict);
    let assumed =
        m.with_fidelity(Fidelity::Assumed).count() + m.with_fidelity(Fidelity::Manual).count();
    assert!(assumed > 0);
    assert_eq!(refusals.len(), assumed, "{refusals:#?}");
    for needle in [
        "/mlm:input/0/input/data_type",
        "/mlm:name",
        "/mlm:architecture",
    ] {
        assert!(
            refusals.iter().any(|r| r.contains(needle)),
            "{needle} not refused: {refusals:#?}"
        );
    }
    assert!(
        m.refusals(&Options {
            allow_lossy: true,
            ..Options::default()
        })
        .is_empty()
    );
}

#[test]
fn strict_refuses_the_neutral_values_of_an_ml_model_conversion() {
    let doc = fixture("ml-model/v1.0.0/properties.json");
    let strict = Options {
        strict: true,
        ..Options::default()
    };
    let refusals = migrate(&doc, &strict).unwrap().refusals(&strict);
    for needle in [
        "/properties/mlm:name",
        "/properties/mlm:input",
        "/properties/mlm:output",
        "mlm:artifact_type",
    ] {
        assert!(
            refusals.iter().any(|r| r.contains(needle)),
            "{needle}: {refusals:#?}"
        );
    }
}

#[test]
fn lossy_conversions_need_allow_lossy() {
    let doc = fixture("dlm/v1.0.0-beta.3/architecture.json");
    let m = migrate(&doc, &Options::default()).unwrap();
    let refusals = m.refusals(&Options::default());
    assert!(
        refusals
            .iter()
            .any(|r| r.contains("/properties/dlm:architecture/summary")),
        "{refusals:#?}"
    );
    assert!(
        m.refusals(&Options {
            allow_lossy: true,
            ..Options::default()
        })
        .is_empty()
    );
}
