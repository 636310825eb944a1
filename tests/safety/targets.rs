//! Output targets: devices, FIFOs, `/dev/stdout`, symlinks, modes, owners, read-only files,
//! hard links, and two inputs that map to one output.

use std::io::Read;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::process::Command;

use super::{
    ITEM, is_root, item_text, item_with_id, migrated, parts, root, run, sh, skip, temp_files,
};

#[test]
fn device_nodes_are_written_to_never_replaced() {
    if !is_root() {
        return skip(
            "device_nodes_are_written_to_never_replaced",
            "mknod needs root",
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let (null, full) = (dir.path().join("null"), dir.path().join("full"));
    sh(&format!(
        "mknod {} c 1 3 && mknod {} c 1 7",
        null.display(),
        full.display()
    ));
    let item = root().join(ITEM);
    let out = run(dir.path(), &[item.to_str().unwrap(), "-o", "null"]);
    assert_eq!(out.status.code(), Some(0), "{}", parts(&out).2);
    assert!(
        std::fs::symlink_metadata(&null)
            .unwrap()
            .file_type()
            .is_char_device()
    );
    let out = run(
        dir.path(),
        &[
            item.to_str().unwrap(),
            "-o",
            "null",
            "--report-file",
            "full",
        ],
    );
    let (code, _, stderr) = parts(&out);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("cannot write report full"), "{stderr}");
    assert!(stderr.contains("No space left on device"), "{stderr}");
    assert!(
        std::fs::symlink_metadata(&full)
            .unwrap()
            .file_type()
            .is_char_device()
    );
    assert!(temp_files(dir.path()).is_empty());
}

#[test]
fn dev_stdout_is_written_directly() {
    let out = run(&root(), &[ITEM, "-o", "/dev/stdout"]);
    let (code, stdout, stderr) = parts(&out);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stdout, migrated(&item_text()));
}

#[test]
fn a_fifo_target_is_written_directly() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("out.json");
    sh(&format!("mkfifo {}", fifo.display()));
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            std::fs::File::open(fifo)
                .unwrap()
                .read_to_string(&mut text)
                .unwrap();
            text
        })
    };
    let item = root().join(ITEM);
    let out = run(dir.path(), &[item.to_str().unwrap(), "-o", "out.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", parts(&out).2);
    assert_eq!(reader.join().unwrap(), migrated(&item_text()));
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
}

#[test]
fn a_symlink_target_is_written_through_and_stays_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("real.json"), item_text()).unwrap();
    std::os::unix::fs::symlink("real.json", p.join("link.json")).unwrap();
    let out = run(p, &["-w", "link.json"]);
    let (code, _, stderr) = parts(&out);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("link.json is a symbolic link: wrote through it to"),
        "{stderr}"
    );
    assert!(
        std::fs::symlink_metadata(p.join("link.json"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        std::fs::read_to_string(p.join("real.json")).unwrap(),
        migrated(&item_text())
    );

    std::fs::write(p.join("old-out.json"), "{}").unwrap();
    std::os::unix::fs::symlink("old-out.json", p.join("out-link.json")).unwrap();
    let item = root().join(ITEM);
    let out = run(p, &[item.to_str().unwrap(), "-o", "out-link.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", parts(&out).2);
    assert!(
        std::fs::symlink_metadata(p.join("out-link.json"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        std::fs::read_to_string(p.join("old-out.json")).unwrap(),
        migrated(&item_text())
    );

    std::os::unix::fs::symlink("missing.json", p.join("dangling.json")).unwrap();
    let out = run(p, &[item.to_str().unwrap(), "-o", "dangling.json"]);
    let (code, _, stderr) = parts(&out);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("is a symbolic link to a missing file (missing.json)"),
        "{stderr}"
    );
    assert!(!p.join("missing.json").exists());
    assert!(temp_files(p).is_empty());
}

#[test]
fn new_files_get_the_umask_mode() {
    let dir = tempfile::tempdir().unwrap();
    let item = root().join(ITEM);
    for (umask, mode) in [("022", 0o644), ("027", 0o640)] {
        let script = format!(
            "umask {umask}; exec '{}' '{}' -o out-{umask}.json",
            env!("CARGO_BIN_EXE_mlm-migrate"),
            item.display()
        );
        let ok = Command::new("sh")
            .arg("-c")
            .arg(script)
            .current_dir(dir.path())
            .status();
        assert!(ok.unwrap().success());
        let meta = std::fs::metadata(dir.path().join(format!("out-{umask}.json"))).unwrap();
        assert_eq!(meta.mode() & 0o777, mode, "umask {umask}");
    }
}

#[test]
fn in_place_writes_keep_mode_and_owner() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("item.json");
    std::fs::write(&file, item_text()).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    let root_user = is_root();
    if root_user {
        std::os::unix::fs::chown(&file, Some(1234), Some(5678)).unwrap();
    } else {
        skip(
            "in_place_writes_keep_mode_and_owner (owner part)",
            "chown needs root",
        );
    }
    let out = run(dir.path(), &["-w", "item.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", parts(&out).2);
    let meta = std::fs::metadata(&file).unwrap();
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        migrated(&item_text())
    );
    assert_eq!(meta.mode() & 0o7777, 0o640);
    if root_user {
        assert_eq!((meta.uid(), meta.gid()), (1234, 5678));
    }
}

#[test]
fn read_only_files_are_refused_under_write_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("item.json");
    std::fs::write(&file, item_text()).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).unwrap();
    let out = run(dir.path(), &["-w", "item.json"]);
    let (code, _, stderr) = parts(&out);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("item.json: is read-only (mode 0444); not rewritten — pass --force"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), item_text());
    let out = run(dir.path(), &["-w", "--force", "item.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", parts(&out).2);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        migrated(&item_text())
    );
    assert_eq!(std::fs::metadata(&file).unwrap().mode() & 0o777, 0o444);
    assert!(temp_files(dir.path()).is_empty());
}

#[test]
fn broken_hard_links_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("a.json"), item_text()).unwrap();
    std::fs::hard_link(p.join("a.json"), p.join("b.json")).unwrap();
    let out = run(p, &["-w", "a.json"]);
    let (code, _, stderr) = parts(&out);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("a.json had 2 hard links: this one now has the new content, the other 1 still have the old"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(p.join("b.json")).unwrap(),
        item_text()
    );
}

#[test]
fn two_inputs_for_one_output_stop_the_run_before_any_write() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    for sub in ["a", "b"] {
        std::fs::create_dir(p.join(sub)).unwrap();
        std::fs::write(p.join(sub).join("item.json"), item_with_id(sub)).unwrap();
    }
    let (a, b) = (p.join("a/item.json"), p.join("b/item.json"));
    let out = run(p, &[a.to_str().unwrap(), b.to_str().unwrap(), "-o", "out"]);
    let (code, _, stderr) = parts(&out);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{} and {} would both be written to out/item.json; nothing was written",
            a.display(),
            b.display()
        )),
        "{stderr}"
    );
    assert_eq!(std::fs::read_dir(p.join("out")).unwrap().count(), 0);
    // Relative paths keep their layout: no collision.
    let out = run(p, &["a/item.json", "b/item.json", "-o", "out"]);
    assert_eq!(out.status.code(), Some(0), "{}", parts(&out).2);
    assert!(p.join("out/a/item.json").exists() && p.join("out/b/item.json").exists());
}

#[test]
fn write_in_place_refuses_a_fifo_input() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.json");
    sh(&format!("mkfifo {}", fifo.display()));
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, item_text()).unwrap())
    };
    let out = run(dir.path(), &["-w", "pipe.json"]);
    writer.join().unwrap();
    let (code, _, stderr) = parts(&out);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "cannot write output: not a regular file; --write rewrites regular files only"
        ),
        "{stderr}"
    );
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
}
