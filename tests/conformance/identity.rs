//! Zero-noise output: current documents come out byte-identical, and migrating an output again
//! changes nothing (no change records, same bytes).

use std::path::PathBuf;

use mlm_migrate::document::Source;
use mlm_migrate::{Options, migrate};

use super::{fixture_files, migrate_file, mlm_examples, shared, short};

fn all_inputs() -> Vec<PathBuf> {
    let mut files = fixture_files();
    if let Some(shared) = shared() {
        files.extend(mlm_examples(&shared));
    }
    files
}

#[test]
fn migrating_an_output_again_changes_nothing() {
    let mut failures = Vec::new();
    for path in all_inputs() {
        let (source, _, out) = migrate_file(&path);
        let again = Source::parse("again", out.clone(), source.format).unwrap();
        let options = Options {
            allow_lossy: true,
            ..Options::default()
        };
        let m2 = migrate(&again.value, &options).unwrap();
        let out2 = again.write(&m2.output, &m2.origins);
        if !m2.changes.is_empty() || out2 != out {
            let ids: Vec<_> = m2.changes.iter().map(|c| c.rule.id.as_ref()).collect();
            failures.push(format!("{}: second run changed {ids:?}", short(&path)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn current_documents_are_byte_identical() {
    let mut failures = Vec::new();
    for path in all_inputs() {
        let (source, m, out) = migrate_file(&path);
        let bytes = std::fs::read_to_string(&path).unwrap();
        if m.changes.is_empty() && source.warnings.is_empty() && out != bytes {
            failures.push(short(&path));
        }
    }
    assert!(failures.is_empty(), "not byte-identical: {failures:?}");
}

/// The official v1.5.1 examples that are current (no leftover pre-1.4 keys) change no byte.
#[test]
fn official_current_examples_are_untouched() {
    let Some(shared) = shared() else { return };
    let current = [
        "item_basic.json",
        "item_bands_expression.json",
        "item_eo_and_raster_bands.json",
        "item_eo_bands_summarized.json",
        "item_multi_io.json",
        "item_pytorch_geo_unet.json",
        "item_raster_bands.json",
    ];
    for name in current {
        let path = shared.join("examples/mlm/v1.5.1").join(name);
        let (_, m, out) = migrate_file(&path);
        assert!(
            m.changes.is_empty(),
            "{name}: {:?}",
            m.changes.iter().map(|c| &c.rule.id).collect::<Vec<_>>()
        );
        assert_eq!(out, std::fs::read_to_string(&path).unwrap(), "{name}");
    }
}
