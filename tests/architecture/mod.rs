//! The layering of `src/`: data flows one way, and no two top-level modules import each other.
//!
//! ```text
//! report/ review/ fuzzing/ renderers and fuzz entry points, on top of the engine
//! engine/                  detect · plan · run · write · explain
//! steps/                   one folder per adjacent step (+ common, normalize)
//! document/ validate/      leaves (check/ imports nothing at all)
//! kernel/ files/           pointer · versions · edit · scope · records; bounded reads,
//!                          walking, safe writes (files/ imports nothing)
//! ```
//!
//! Read from the source: every `crate::<module>` path (in `use` lines, `crate::{a, b}` groups
//! and inline paths) outside comments, per top-level module. No external tool needed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each top-level module of the library and the modules it may import.
const ALLOWED: &[(&str, &[&str])] = &[
    ("kernel", &[]),
    ("files", &[]),
    ("check", &[]),
    ("document", &["kernel", "files"]),
    ("validate", &["kernel"]),
    ("steps", &["kernel"]),
    (
        "engine",
        &["kernel", "steps", "document", "validate", "check", "files"],
    ),
    (
        "report",
        &["kernel", "engine", "document", "validate", "check"],
    ),
    ("review", &["kernel", "engine", "report", "document"]),
    ("fuzzing", &["kernel", "engine", "document", "check"]),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The text of `src` without `//` comments (string literals that contain `//` only lose the
/// rest of their line, which cannot hide a `crate::` path of code).
fn code(src: &str) -> String {
    src.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Top-level modules named by `crate::` paths in `text`.
fn imports(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for piece in text.split("crate::").skip(1) {
        if let Some(group) = piece.strip_prefix('{') {
            let mut depth = 0;
            let mut name = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.insert(std::mem::take(&mut name));
                        continue;
                    }
                    _ => {}
                }
                if depth == 0 && (c.is_alphanumeric() || c == '_') {
                    name.push(c);
                } else if depth == 0 && c == ':' && !name.is_empty() {
                    out.insert(std::mem::take(&mut name));
                    name.push('\0');
                }
            }
            out.insert(name);
        } else {
            let name: String = piece
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.insert(name);
        }
    }
    out.retain(|n| !n.is_empty() && !n.starts_with('\0'));
    out
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in files {
        let rel = f.strip_prefix(&src).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let module = first.trim_end_matches(".rs").to_owned();
        if ["lib", "main", "cli"].contains(&module.as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        let used = graph.entry(module.clone()).or_default();
        used.extend(imports(&code(&text)).into_iter().filter(|m| *m != module));
    }
    graph
}

#[test]
fn crate_paths_are_read() {
    let text = "use crate::kernel::edit::Ctx;\nuse crate::{engine::run, report};\nlet x = crate::steps::tables();";
    let got: Vec<_> = imports(text).into_iter().collect();
    assert_eq!(got, ["engine", "kernel", "report", "steps"]);
}

#[test]
fn every_module_imports_only_the_layers_below_it() {
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut wrong = Vec::new();
    for (module, used) in graph() {
        let Some(ok) = allowed.get(module.as_str()) else {
            wrong.push(format!(
                "`{module}` is not in the layering table (tests/architecture)"
            ));
            continue;
        };
        for u in used {
            if !allowed.contains_key(u.as_str()) {
                wrong.push(format!(
                    "{module} uses `crate::{u}`: name the module that defines it instead"
                ));
            } else if !ok.contains(&u.as_str()) {
                wrong.push(format!("{module} imports {u}"));
            }
        }
    }
    assert!(wrong.is_empty(), "layering broken:\n{}", wrong.join("\n"));
}

#[test]
fn no_import_cycle_between_top_level_modules() {
    let graph = graph();
    // Kahn's algorithm: a module is ready when everything it imports is placed.
    let mut placed: BTreeSet<String> = BTreeSet::new();
    loop {
        let ready: Vec<String> = graph
            .iter()
            .filter(|(m, used)| {
                !placed.contains(*m)
                    && used
                        .iter()
                        .all(|u| placed.contains(u) || !graph.contains_key(u))
            })
            .map(|(m, _)| m.clone())
            .collect();
        if ready.is_empty() {
            break;
        }
        placed.extend(ready);
    }
    let cyclic: Vec<_> = graph.keys().filter(|m| !placed.contains(*m)).collect();
    assert!(cyclic.is_empty(), "import cycle among {cyclic:?}");
}

/// A step folder imports no other step folder: what two steps share lives in `steps/common`
/// (or the kernel), so a step can be added or removed alone.
#[test]
fn step_folders_import_no_other_step() {
    let steps = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/steps");
    let folders: Vec<String> = std::fs::read_dir(&steps)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let is_step = |n: &str| n.contains("__");
    let mut wrong = Vec::new();
    for folder in &folders {
        let mut files = Vec::new();
        rust_files(&steps.join(folder), &mut files);
        for f in files {
            let text = code(&std::fs::read_to_string(&f).unwrap());
            for piece in text.split("crate::steps::").skip(1) {
                let name: String = piece
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if is_step(&name) && name != *folder {
                    wrong.push(format!("{} imports steps::{name}", f.display()));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The product cites public sources (MLM CHANGELOG and README sections, schema URLs), never
/// our internal digest of the spec changes nor its section numbers: neither its file name nor
/// the section sign appears in `src`, `mappings`, `tests`, `fixtures` or the README. One test
/// reads the digest's worked example as data, in place, and is the only exception.
#[test]
fn no_citation_of_the_internal_digest() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md")];
    for dir in ["src", "mappings", "tests", "fixtures"] {
        any_files(&root.join(dir), &mut files);
    }
    let this = Path::new(file!()).file_name().unwrap();
    let digest = concat!("spec", "-changes");
    let section = '\u{a7}';
    let mut found = Vec::new();
    for f in files {
        let rel = f.strip_prefix(root).unwrap();
        if rel.ends_with("legacy/appendix_c.rs")
            || (rel.starts_with("tests/architecture") && rel.ends_with(this))
        {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        for (i, line) in text.lines().enumerate() {
            if line.contains(digest) || line.contains(section) {
                found.push(format!("{}:{}: {}", rel.display(), i + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "cite the public source instead:\n{}",
        found.join("\n")
    );
}

fn any_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            any_files(&path, out);
        } else {
            out.push(path);
        }
    }
}
