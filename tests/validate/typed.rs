//! The typed checks (no schema file) accept every official example at the version it declares,
//! except for the STAC-core defects the DLM examples really have.

use mlm_migrate::detect::detect;

use mlm_migrate::document::Source;
use mlm_migrate::validate::typed::{Versions, check};

use super::shared;

/// The only findings on official examples: the DLM beta items give `assets` as an array.
const KNOWN: &[(&str, &str, &str)] = &[
    ("dlm/v1.0.0-beta.3/item.json", "wrong-type", "/assets"),
    ("dlm/v1.0.0-beta.3/item.yml", "wrong-type", "/assets"),
    ("dlm/v1.0.0-beta2/item.json", "wrong-type", "/assets"),
    ("dlm/v1.0.0-beta2/item.yml", "wrong-type", "/assets"),
];

#[test]
fn official_examples_pass_the_typed_checks() {
    let Some(shared) = shared() else { return };
    let examples = shared.join("examples");
    let files = crate::common::files_where(&examples, |e| e != "md");
    let mut unexpected = Vec::new();
    let mut checked = 0;
    for file in &files {
        let source = Source::read(file).unwrap();
        let Ok(detection) = detect(&source.value) else {
            continue;
        };
        checked += 1;
        let name = file.strip_prefix(&examples).unwrap().to_string_lossy();
        let declared: Vec<_> = detection.declared_specs().collect();
        let versions = Versions::of_source(&detection.families, &declared, detection.start);
        for f in check(&source.value, &versions) {
            let known = (name.as_ref(), f.code.id, f.pointer.as_str());
            if !KNOWN.contains(&known) {
                unexpected.push(format!("{name}: {f}"));
            }
        }
    }
    assert!(checked >= 80, "{checked} examples checked");
    assert!(unexpected.is_empty(), "{}", unexpected.join("\n"));
}
