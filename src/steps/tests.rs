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
        .every_edge()
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
        .filter(|n| !["common", "dialects", "normalize", "repair", "rows"].contains(&n.as_str()))
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

/// The canonical key order of a row; a `rows.toml` writes its header keys first.
const ROW_KEYS: [&str; 13] = [
    "id",
    "kind",
    "from",
    "to",
    "field",
    "value",
    "map",
    "transform",
    "scope",
    "fidelity",
    "spec",
    "why",
    "keep",
];

fn keys(block: &str) -> Vec<&str> {
    block
        .lines()
        .filter_map(|l| l.split_once(" = ").map(|(k, _)| k))
        .filter(|k| !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .collect()
}

/// Rows are written canonically: keys in [`ROW_KEYS`] order, ids kebab-case, a `why` that is
/// a sentence, a spec reference, and the header before the rows.
#[test]
fn rows_are_canonical() {
    let mut wrong = Vec::new();
    for step in ALL.iter().chain([&&normalize::STEP, &&dialects::STEP]) {
        let mut blocks = step.rows.split("[[rule]]");
        let header = keys(blocks.next().unwrap_or(""));
        if header.get(..3) != Some(&["from", "to", "url"][..]) {
            wrong.push(format!("{}: header starts {header:?}", step.name));
        }
        for block in blocks {
            let k = keys(block);
            let pos: Vec<_> = k
                .iter()
                .map(|k| ROW_KEYS.iter().position(|r| r == k))
                .collect();
            let mut sorted = pos.clone();
            sorted.sort();
            if pos.contains(&None) || pos != sorted {
                wrong.push(format!("{}: keys {k:?}", step.name));
            }
        }
    }
    for e in load().unwrap().every_edge() {
        for r in &e.rules {
            let kebab =
                r.id.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !kebab || r.id.starts_with('-') || r.id.ends_with('-') {
                wrong.push(format!("{}: id `{}` is not kebab-case", e.label(), r.id));
            }
            if !r.why.ends_with('.') || r.spec.trim().is_empty() {
                wrong.push(format!(
                    "{}: `{}` needs a `why` sentence and a `spec`",
                    e.label(),
                    r.id
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Every lossless data row can be run backwards: renames and wraps invert by construction, a
/// value or role map is a function whose inverse is its table read right to left (no old value
/// twice, no value mapped to itself, no chain), and a lossless drop names the constant it
/// restores.
#[test]
fn every_lossless_row_has_an_inverse() {
    let mut wrong = Vec::new();
    let t = load().unwrap();
    for e in t.every_edge() {
        for r in &e.rules {
            match &r.kind {
                RuleKind::ValueMap { map, .. } | RuleKind::RoleMap { map } => {
                    for (i, (a, b)) in map.iter().enumerate() {
                        if a == b || map[..i].iter().any(|(x, _)| x == a) {
                            wrong.push(format!("`{}`: `{a}` mapped twice or to itself", r.id));
                        }
                        if map.iter().any(|(x, _)| x == b) {
                            wrong.push(format!("`{}`: `{b}` is mapped again (a chain)", r.id));
                        }
                    }
                }
                RuleKind::Drop { value: None, field } if r.fidelity == Fidelity::Lossless => {
                    wrong.push(format!(
                        "`{}`: a lossless drop of `{field}` needs the `value` it restores",
                        r.id
                    ));
                }
                _ => {}
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// A step that runs backwards for some writable target (a target older than its `to`) has
/// every transform's inverse designed: a function, or lossy with the reason — never "not yet".
/// Today only `mlm@1.5.2 → mlm@1.5.1` runs backwards; writing older versions (`writable` in
/// `mappings/versions.toml`) makes this test demand the inverses of every step in between.
#[test]
fn steps_that_run_backwards_have_their_inverses() {
    use crate::steps::transform::Inverse;
    let mut wrong = Vec::new();
    for e in load().unwrap().edges.iter() {
        let backwards = Spec::writable_targets().any(|w| w.family() == e.from.family() && w < e.to);
        if !backwards {
            continue;
        }
        for r in &e.rules {
            if let RuleKind::Transform { transform } = &r.kind {
                if matches!(transform.inverse, Inverse::NotYet) {
                    wrong.push(format!(
                        "{}: `{}` has no inverse yet",
                        e.label(),
                        transform.name
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Every transform is named by some row and documented (what, before, after).
#[test]
fn every_transform_is_used_and_documented() {
    let t = load().unwrap();
    let named: Vec<&str> = t
        .every_edge()
        .flat_map(|e| e.rules.iter())
        .filter_map(|r| match &r.kind {
            RuleKind::Transform { transform } => Some(transform.name),
            _ => None,
        })
        .collect();
    for tr in transforms() {
        assert!(named.contains(&tr.name), "`{}` is named by no row", tr.name);
        assert!(
            !tr.what.is_empty() && !tr.before.is_empty() && !tr.after.is_empty(),
            "`{}` lacks its documentation",
            tr.name
        );
    }
}
