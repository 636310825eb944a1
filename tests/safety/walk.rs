//! Walking trees other people wrote: FIFOs, symlinks out of the tree, self-links, ignore
//! files and globs; `detect` and `validate` over directories.

use std::time::{Duration, Instant};

use super::{item_text, item_with_id, migrated, parts, run, run_within, sh};

fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("tree")).unwrap();
    std::fs::write(dir.path().join("tree/item.json"), item_text()).unwrap();
    dir
}

#[test]
fn a_fifo_in_the_tree_is_skipped_with_a_note() {
    let dir = tree();
    sh(&format!(
        "mkfifo {}",
        dir.path().join("tree/pipe.json").display()
    ));
    let out = run_within(dir.path(), &["--check", "tree"], Duration::from_secs(20));
    let (code, _, stderr) = parts(&out);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("note: tree/pipe.json: skipped: a FIFO (named pipe), not a regular file"),
        "{stderr}"
    );
    assert!(stderr.contains("1 would be migrated"), "{stderr}");
}

#[test]
fn a_symlinked_directory_escaping_the_tree_is_never_written() {
    let dir = tree();
    let p = dir.path();
    std::fs::create_dir(p.join("outside")).unwrap();
    std::fs::write(p.join("outside/secret.json"), item_with_id("outside")).unwrap();
    std::os::unix::fs::symlink("../outside", p.join("tree/escape")).unwrap();
    let out = run(p, &["-w", "tree"]);
    let (code, _, stderr) = parts(&out);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("note: tree/escape: skipped: symbolic link not followed (--follow follows links inside the tree)"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(p.join("outside/secret.json")).unwrap(),
        item_with_id("outside")
    );
    assert_eq!(
        std::fs::read_to_string(p.join("tree/item.json")).unwrap(),
        migrated(&item_text())
    );

    let out = run(p, &["-w", "--follow", "tree"]);
    let (code, _, stderr) = parts(&out);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("note: tree/escape: skipped: symbolic link to "),
        "{stderr}"
    );
    assert!(stderr.contains("outside the tree being walked"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(p.join("outside/secret.json")).unwrap(),
        item_with_id("outside")
    );
}

#[test]
fn a_file_symlink_in_the_tree_is_not_replaced_by_a_regular_file() {
    let dir = tree();
    let p = dir.path();
    std::os::unix::fs::symlink("item.json", p.join("tree/latest.json")).unwrap();
    let out = run(p, &["-w", "tree"]);
    let (code, _, stderr) = parts(&out);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("note: tree/latest.json: skipped: symbolic link not followed"),
        "{stderr}"
    );
    assert!(
        std::fs::symlink_metadata(p.join("tree/latest.json"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        std::fs::read_to_string(p.join("tree/item.json")).unwrap(),
        migrated(&item_text())
    );

    // Followed, the link names the same file: migrated once, the link kept.
    std::fs::write(p.join("tree/item.json"), item_text()).unwrap();
    let out = run(p, &["-w", "--follow", "tree"]);
    let (code, _, stderr) = parts(&out);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains(
            "note: tree/latest.json: skipped: the same file as tree/item.json (migrated once)"
        ),
        "{stderr}"
    );
    assert!(
        std::fs::symlink_metadata(p.join("tree/latest.json"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        std::fs::read_to_string(p.join("tree/item.json")).unwrap(),
        migrated(&item_text())
    );
}

#[test]
fn two_self_links_finish_quickly_and_visit_each_file_once() {
    let dir = tree();
    let p = dir.path();
    std::os::unix::fs::symlink(".", p.join("tree/self")).unwrap();
    std::os::unix::fs::symlink(".", p.join("tree/loop")).unwrap();
    for args in [
        &["--check", "tree"][..],
        &["--check", "--follow", "tree"],
        &["--follow", "tree", "-o", "out"],
    ] {
        let start = Instant::now();
        let out = run_within(p, args, Duration::from_secs(20));
        let took = start.elapsed();
        let (code, _, stderr) = parts(&out);
        assert!(took < Duration::from_secs(2), "{args:?} took {took:?}");
        assert!(code == Some(0) || code == Some(1), "{args:?}: {stderr}");
        assert_eq!(
            stderr.matches("tree/item.json").count(),
            1,
            "{args:?}: {stderr}"
        );
    }
    let written: Vec<_> = walkdir(&p.join("out"));
    assert_eq!(written, ["out/tree/item.json"]);
    let out = run(p, &["--check", "--follow", "tree"]);
    let stderr = parts(&out).2;
    assert!(
        stderr.contains("note: tree/loop: skipped: symbolic link loop (leads back to"),
        "{stderr}"
    );
}

fn walkdir(dir: &std::path::Path) -> Vec<String> {
    let base = dir.parent().unwrap();
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else {
                out.push(e.path().strip_prefix(base).unwrap().display().to_string());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn gitignore_hidden_files_and_globs_decide_what_is_walked() {
    let dir = tree();
    let p = dir.path();
    for sub in ["tree/drafts", "tree/.hidden"] {
        std::fs::create_dir(p.join(sub)).unwrap();
    }
    std::fs::write(p.join("tree/.gitignore"), "drafts/\n").unwrap();
    for f in [
        "tree/drafts/x.json",
        "tree/.hidden/y.json",
        "tree/old.bak.json",
        "tree/model.stac",
    ] {
        std::fs::write(p.join(f), item_with_id(f)).unwrap();
    }
    let out = run(p, &["--check", "tree", "--exclude", "*.bak.json"]);
    let stderr = parts(&out).2;
    assert!(stderr.contains("1 would be migrated"), "{stderr}");
    assert!(
        !stderr.contains("drafts") && !stderr.contains(".hidden") && !stderr.contains("bak"),
        "{stderr}"
    );
    let out = run(p, &["--check", "tree", "--include", "*.stac"]);
    let stderr = parts(&out).2;
    assert!(stderr.contains("tree/model.stac"), "{stderr}");
    assert!(stderr.contains("1 would be migrated"), "{stderr}");
    let out = run(
        p,
        &[
            "--check",
            "tree",
            "--hidden",
            "--no-ignore",
            "--exclude",
            "*.bak.json",
        ],
    );
    let stderr = parts(&out).2;
    assert!(stderr.contains("3 would be migrated"), "{stderr}");
    assert!(
        stderr.contains("tree/drafts/x.json") && stderr.contains("tree/.hidden/y.json"),
        "{stderr}"
    );
    let out = run(p, &["--check", "tree", "--include", "[bad"]);
    let (code, _, stderr) = parts(&out);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("bad glob"), "{stderr}");
}

#[test]
fn detect_and_validate_take_directories() {
    let dir = tree();
    let p = dir.path();
    std::fs::create_dir(p.join("tree/sub")).unwrap();
    std::fs::write(p.join("tree/sub/other.json"), item_with_id("other")).unwrap();
    let out = run(p, &["detect", "tree"]);
    let (code, stdout, stderr) = parts(&out);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("tree/item.json: ") && stdout.contains("tree/sub/other.json: "),
        "{stdout}"
    );
    let Some(shared) = crate::common::shared() else {
        return;
    };
    let schemas = shared.join("schemas");
    let out = run(
        p,
        &["validate", "--schemas", schemas.to_str().unwrap(), "tree"],
    );
    let (_, stdout, stderr) = parts(&out);
    assert!(
        stdout.contains("tree/item.json: ") && stdout.contains("tree/sub/other.json: "),
        "{stdout}{stderr}"
    );
}
