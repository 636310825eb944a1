//! The step tables stay canonical: every folder is listed and named after its header.

use super::*;

/// `mlm@1.3.0` → `mlm_1_3_0`; a folder is `<from>__<to>`.
fn folder_name(from: Spec, to: Spec) -> String {
    let part = |s: Spec| s.id().replace(['@', '.', '-'], "_");
    format!("{}__{}", part(from), part(to))
}

#[test]
fn tables_load() {
    let t = load().unwrap();
    let mut ids: Vec<_> = t
        .edges
        .iter()
        .chain([&t.normalize, &t.repair])
        .flat_map(|e| e.rules.iter().map(|r| r.id.clone()))
        .collect();
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "rule ids must be unique");
}

#[test]
fn transform_names_are_unique() {
    let mut names: Vec<_> = transforms().map(|t| t.name).collect();
    let n = names.len();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), n);
}

/// Every folder under `src/steps/` but the shared ones is in [`ALL`], in chain order, and each
/// is named after the `from`/`to` of its `rows.toml`.
#[test]
fn every_step_folder_is_listed_and_named_after_its_header() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/steps");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !["common", "normalize", "repair", "rows"].contains(&n.as_str()))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = ALL.iter().map(|s| s.name.to_owned()).collect();
    listed.sort();
    assert_eq!(on_disk, listed, "src/steps/ folders vs steps::ALL");
    let edges = load().unwrap().edges;
    for e in &edges {
        assert_eq!(e.step.name, folder_name(e.from, e.to), "{}", e.label());
        assert!(
            dir.join(e.step.name).join("rows.toml").is_file(),
            "{}",
            e.step.name
        );
    }
    let order: Vec<_> = edges.iter().map(|e| (e.from, e.to)).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "steps::ALL is in chain order");
}

/// Every known version is reached by a step, and every step joins two adjacent versions of one
/// family (or the last legacy version and the first MLM one).
#[test]
fn steps_join_adjacent_versions() {
    use crate::kernel::versions::Family;
    let edges = load().unwrap().edges;
    for s in Spec::all().skip(1) {
        let reached = edges.iter().any(|e| e.to == s);
        let first_of_family = s == Spec::first_of(s.family()) && s.family() != Family::Mlm;
        assert!(reached || first_of_family, "no step reaches {s}");
    }
    for e in &edges {
        let next_in_family = Spec::all().find(|s| *s > e.from && s.family() == e.from.family());
        let into_mlm =
            e.from == Spec::last_of(e.from.family()) && e.to == Spec::first_of(Family::Mlm);
        assert!(
            next_in_family == Some(e.to) || into_mlm,
            "{} skips a version",
            e.label()
        );
    }
}
