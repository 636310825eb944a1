//! The check over the official examples in `../shared/examples` (never copied into the repo).

use std::path::PathBuf;

use mlm_migrate::check::{CheckOptions, check};
use serde_json::Value;

use super::{crate_dir, read_json};

/// `../shared/examples`, or `None` (see [`crate::common::shared`]).
fn examples() -> Option<PathBuf> {
    crate::common::shared().map(|s| s.join("examples"))
}

/// Verdicts of the inputs that exist in both documents, and the names of inputs only the
/// converted document has.
fn verdicts(source: &Value, converted: &Value) -> (Vec<(String, String)>, Vec<String>) {
    let report = check(source, converted, &CheckOptions::default()).expect("check runs");
    let (extra, matched): (Vec<_>, Vec<_>) =
        report.inputs.iter().partition(|i| i.source_pointer == "-");
    let per = matched
        .iter()
        .map(|i| (i.name.clone(), i.verdict.label().to_owned()))
        .collect();
    (per, extra.iter().map(|i| i.name.clone()).collect())
}

/// Every file that exists at two consecutive MLM tags, as (older, newer).
fn consecutive_tag_pairs(dir: &std::path::Path) -> Vec<(PathBuf, PathBuf)> {
    let tags = [
        "v1.0.0", "v1.1.0", "v1.2.0", "v1.3.0", "v1.4.0", "v1.5.0", "v1.5.1", "v1.5.2",
    ];
    let mut pairs = Vec::new();
    for w in tags.windows(2) {
        for entry in std::fs::read_dir(dir.join("mlm").join(w[0]))
            .expect("tag dir")
            .flatten()
        {
            let next = dir.join("mlm").join(w[1]).join(entry.file_name());
            if entry.path().extension().is_some_and(|e| e == "json") && next.exists() {
                pairs.push((entry.path(), next));
            }
        }
    }
    pairs.sort();
    pairs
}

/// Reads the DLM beta2 example, whose first lines are `//` comments (invalid JSON).
fn dlm_beta2(dir: &std::path::Path) -> Value {
    let path = dir.join("dlm/v1.0.0-beta2/item.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let json: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    serde_json::from_str(&json).expect("beta2 item after stripping comments")
}

/// Every official item with scaling also carries a Python `pre_processing_function`, kept
/// byte-identical: unverifiable with the scaling proven equal, whether the identical opaque
/// step is trusted (`opaque step trusted as identical`) or not — never equivalent.
#[test]
fn v130_to_v140_examples_scaling_is_proven_equal() {
    let Some(dir) = examples() else { return };
    let table = [
        ("item_eo_bands.json", "unverifiable", 13),
        ("item_eo_and_raster_bands.json", "unverifiable", 13),
        ("item_eo_bands_summarized.json", "unverifiable", 13),
        ("item_raster_bands.json", "unverifiable", 13),
        ("item_basic.json", "equivalent", 3),
        ("item_multi_io.json", "equivalent", 3),
        ("item_bands_expression.json", "equivalent", 4),
    ];
    let trusting = CheckOptions {
        trust_identical_opaque: true,
        ..CheckOptions::default()
    };
    for (file, expected, channels) in table {
        let old = read_json(&dir.join("mlm/v1.3.0").join(file));
        let new = read_json(&dir.join("mlm/v1.4.0").join(file));
        let report = check(&old, &new, &CheckOptions::default()).expect("check runs");
        assert_eq!(report.verdict.label(), expected, "{file}:\n{report}");
        let first = &report.inputs[0];
        assert_eq!(first.channels.len(), channels, "{file}:\n{report}");
        assert!(
            first.channels.iter().all(|c| c.max_abs_error == 0.0),
            "numbers copied verbatim: {file}"
        );
        if expected == "unverifiable" {
            let reason = serde_json::to_value(first).expect("json")["reason"]
                .as_str()
                .unwrap_or("")
                .to_owned();
            assert!(reason.contains("python `torchgeo.datamodules.eurosat.EuroSATDataModule.collate_fn`: identical on both sides"), "{reason}");
            assert!(
                reason.ends_with("every stage before it is equivalent"),
                "{reason}"
            );
        }
        let trusted = check(&old, &new, &trusting).expect("check runs");
        assert_eq!(trusted.verdict.label(), expected, "{file}:\n{trusted}");
        if expected == "unverifiable" {
            assert!(
                trusted
                    .summary_line()
                    .contains("opaque step trusted as identical"),
                "{file}:\n{trusted}"
            );
        }
    }
}

#[test]
fn oracle_pairs_and_consecutive_tags_never_differ() {
    let Some(dir) = examples() else { return };
    let oracles = [
        ("v1.0.0/item_basic.json", "v1.5.1/item_basic.json"),
        (
            "v1.0.0/item_raster_bands.json",
            "v1.5.1/item_raster_bands.json",
        ),
        (
            "v1.0.0/item_eo_bands.json",
            "v1.5.1/item_eo_and_raster_bands.json",
        ),
        ("v1.1.0/item_eo_bands.json", "v1.5.1/item_eo_bands.json"),
        (
            "v1.1.0/item_eo_bands_summarized.json",
            "v1.5.1/item_eo_bands_summarized.json",
        ),
        (
            "v1.2.0/item_bands_expression.json",
            "v1.5.1/item_bands_expression.json",
        ),
        ("v1.3.0/item_multi_io.json", "v1.5.1/item_multi_io.json"),
        (
            "v1.5.0/item_datacube_variables.json",
            "v1.5.1/item_datacube_variables.json",
        ),
        (
            "v1.5.0/item_pytorch_geo_unet.json",
            "v1.5.1/item_pytorch_geo_unet.json",
        ),
    ];
    let mut pairs: Vec<(PathBuf, PathBuf)> = oracles
        .iter()
        .map(|(a, b)| (dir.join("mlm").join(a), dir.join("mlm").join(b)))
        .collect();
    pairs.extend(consecutive_tag_pairs(&dir));
    assert!(pairs.len() > 40, "{} pairs", pairs.len());
    let mut added = Vec::new();
    for (old, new) in pairs {
        let (per, extra) = verdicts(&read_json(&old), &read_json(&new));
        assert!(
            per.iter().all(|(_, v)| v != "differs"),
            "{} → {}: {per:?}",
            old.display(),
            new.display()
        );
        if !extra.is_empty() {
            added.push((
                new.strip_prefix(&dir)
                    .expect("under dir")
                    .display()
                    .to_string(),
                extra,
            ));
        }
    }
    // The one content edit that adds an input: the DEM input of item_multi_io at 1.1.0 (MLM CHANGELOG v1.1.0).
    assert_eq!(
        added,
        [(
            "mlm/v1.1.0/item_multi_io.json".to_owned(),
            vec!["DEM".to_owned()]
        )]
    );
}

#[test]
fn dlm_appendix_c_fold_is_equivalent_and_the_other_order_differs() {
    let Some(dir) = examples() else { return };
    let fixtures = crate_dir().join("fixtures/check");
    let source = dlm_beta2(&dir);
    let folded = read_json(&fixtures.join("dlm-appendix-c/converted.json"));
    let report = check(&source, &folded, &CheckOptions::default()).expect("check runs");
    assert!(report.is_equivalent(), "{report}");
    assert!(
        report.inputs[0]
            .channels
            .iter()
            .all(|c| c.max_abs_error < 5e-12),
        "{report}"
    );
    let notes = &report.inputs[0].notes;
    assert!(notes.iter().any(|n| n.contains("useful_bands indices [2, 1, 3] differ from /properties/dlm:inputs/selected_bands [0, 1, 3]")), "{notes:?}");
    let wrong_order = read_json(&fixtures.join("dlm-appendix-c/converted-wrong-order.json"));
    let report = check(&source, &wrong_order, &CheckOptions::default()).expect("check runs");
    assert_eq!(report.verdict.label(), "differs", "{report}");
    let beta3 = read_json(&dir.join("dlm/v1.0.0-beta.3/item.json"));
    assert!(
        check(&beta3, &folded, &CheckOptions::default())
            .expect("runs")
            .is_equivalent()
    );
}

/// The 1.5.x torchgeo example scales with one broadcast z-score and no Python step; the 1.5.2
/// band renames (`B8A` → `B8`) keep the positions, so the check is equivalent.
#[test]
fn broadcast_value_scaling_of_the_1_5_examples_is_equivalent() {
    let Some(dir) = examples() else { return };
    for (a, b) in [("v1.5.0", "v1.5.1"), ("v1.5.1", "v1.5.2")] {
        let old = read_json(&dir.join("mlm").join(a).join("item_pytorch_geo_unet.json"));
        let new = read_json(&dir.join("mlm").join(b).join("item_pytorch_geo_unet.json"));
        let report = check(&old, &new, &CheckOptions::default()).expect("check runs");
        assert!(report.is_equivalent(), "{a} → {b}:\n{report}");
        assert_eq!(report.inputs[0].channels.len(), 8);
    }
}
