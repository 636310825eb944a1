//! The official DLM beta2 example against the worked, validated conversion in
//! `../shared/docs/spec-changes.md` Appendix C (read from there, never copied). Every leaf of
//! Appendix C must be in our output at the same pointer, except the documented deviations.

use mlm_migrate::document::Source;
use mlm_migrate::pointer::leaves;
use mlm_migrate::{Options, migrate};
use serde_json::Value;

use crate::common::shared;

/// The first ```json block after the Appendix C heading.
fn appendix_c(doc: &str) -> Value {
    let at = doc.find("## Appendix C").expect("Appendix C heading");
    let rest = &doc[at..];
    let start = rest.find("```json").expect("json block") + "```json".len();
    let end = start + rest[start..].find("```").expect("block end");
    serde_json::from_str(&rest[start..end]).expect("Appendix C parses")
}

#[test]
fn dlm_beta2_example_matches_appendix_c() {
    let Some(shared) = shared() else {
        return;
    };
    let text = std::fs::read_to_string(shared.join("docs/spec-changes.md")).unwrap();
    let want = appendix_c(&text);
    let src = Source::read(&shared.join("examples/dlm/v1.0.0-beta2/item.json")).unwrap();
    let m = migrate(&src.value, &Options::default()).unwrap();
    let got = &m.output;
    // Deviations, each a documented call:
    // - /geometry: A15 reports the unclosed ring (`geometry-invalid`); Appendix C regenerated it.
    // - /properties/description, /properties/sci:publications: Appendix C shows the beta.3
    //   text (whitespace trimmed); the beta2 input's text is kept.
    // - /links: Appendix C omits the input's self/collection links; its link must be present.
    // - /stac_extensions: same set; raster is appended, Appendix C lists it before scientific.
    let deviates = |p: &str| {
        [
            "/geometry",
            "/properties/description",
            "/properties/sci:publications",
            "/links",
            "/stac_extensions",
        ]
        .iter()
        .any(|d| p.starts_with(d))
    };
    let mut diffs = Vec::new();
    for (p, v) in leaves(&want) {
        if !deviates(p.as_str()) && p.get(got) != Some(v) {
            diffs.push(format!("{p}: want {v}, got {:?}", p.get(got)));
        }
    }
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
    assert_eq!(got["geometry"], src.value["geometry"]);
    assert!(m.diagnostics.iter().any(|d| d.code == "geometry-invalid"));
    for link in want["links"].as_array().unwrap() {
        assert!(got["links"].as_array().unwrap().contains(link), "{link}");
    }
    let set = |v: &Value| {
        let mut s: Vec<String> = v
            .as_array()
            .unwrap()
            .iter()
            .map(ToString::to_string)
            .collect();
        s.sort();
        s
    };
    assert_eq!(set(&got["stac_extensions"]), set(&want["stac_extensions"]));
}

#[test]
fn dlm_beta2_example_reports_the_appendix_c_findings() {
    let Some(shared) = shared() else {
        return;
    };
    let src = Source::read(&shared.join("examples/dlm/v1.0.0-beta2/item.json")).unwrap();
    let m = migrate(&src.value, &Options::default()).unwrap();
    let codes: Vec<&str> = m.diagnostics.iter().map(|d| d.code.as_str()).collect();
    let rules: Vec<&str> = m.changes.iter().map(|c| c.rule.id.as_ref()).collect();
    let diagnostics = [
        "accelerator-from-gpu-flag",
        "memory-size-from-training-estimate",
        "tensor-dtype-assumed",
        "band-selection-inconsistent",
        "band-name-by-common-name",
        "class-description-synthesized",
        "dont-care-as-nodata-class",
        "number-of-classes-mismatch",
        "artifact-inside-archive",
        "eo-common-name-fixed",
        "wavelength-units-suspect",
        "geometry-invalid",
    ];
    for code in diagnostics {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    // `name-sanitized` and `framework-version-padded` are the changes of these existing rules.
    for rule in ["name-pattern", "framework-version-semver"] {
        assert!(rules.contains(&rule), "{rule}");
    }
    let lossy: Vec<String> = m
        .with_fidelity(mlm_migrate::Fidelity::Lossy)
        .filter_map(|c| c.from.as_ref().map(ToString::to_string))
        .collect();
    for p in [
        "/properties/dlm:architecture/summary",
        "/properties/dlm:data/number_of_bands",
        "/properties/dlm:data/test_file",
    ] {
        assert!(lossy.iter().any(|l| l == p), "{p} not lossy: {lossy:#?}");
    }
}
