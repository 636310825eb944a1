//! Hostile documents through the binary: duplicate keys (exit 2, both positions, file
//! untouched under `--write`) and byte order marks (accepted, named, kept).

use super::{parts, root, run};

fn copy(dir: &std::path::Path, fixture: &str, name: &str) -> String {
    let text = std::fs::read_to_string(root().join(fixture)).unwrap();
    std::fs::write(dir.join(name), &text).unwrap();
    text
}

#[test]
fn duplicate_keys_exit_2_with_both_positions_and_the_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "fixtures/errors/duplicate-key-stac-extensions.json",
            "a.json",
            "a.json:85:3: duplicate key `stac_extensions` in the top-level object; first at a.json:3:3",
        ),
        (
            "fixtures/errors/duplicate-key-in-properties.json",
            "b.json",
            "b.json:18:5: duplicate key `mlm:name` in the object at /properties; first at b.json:11:5",
        ),
        (
            "fixtures/errors/duplicate-key-after-comments.json",
            "c.json",
            "c.json:15:5: duplicate key `mlm:architecture` in the object at /properties; first at c.json:14:5",
        ),
        (
            "fixtures/errors/duplicate-key.yaml",
            "d.yaml",
            "d.yaml:12:3: duplicate key `datetime` in the object at /properties; first at d.yaml:9:3",
        ),
    ];
    for (fixture, name, message) in cases {
        let before = copy(dir.path(), fixture, name);
        let out = run(dir.path(), &["-w", name]);
        let (code, _, stderr) = parts(&out);
        assert_eq!(code, Some(2), "{stderr}");
        assert!(stderr.contains(message), "{stderr}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join(name)).unwrap(),
            before
        );
    }
}

#[test]
fn a_byte_order_mark_is_named_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    for (fixture, name) in [
        ("fixtures/mlm/v1.3.0/byte-order-mark.json", "bom.json"),
        ("fixtures/mlm/v1.0.0/byte-order-mark.yaml", "bom.yaml"),
    ] {
        copy(dir.path(), fixture, name);
        let out = run(dir.path(), &["-w", name]);
        let (code, _, stderr) = parts(&out);
        assert_eq!(code, Some(0), "{stderr}");
        assert!(
            stderr.contains("warning[byte-order-mark] the file starts with a UTF-8 byte order mark (BOM, U+FEFF): read, and kept on output"),
            "{stderr}"
        );
        let written = std::fs::read(dir.path().join(name)).unwrap();
        assert!(written.starts_with("\u{feff}".as_bytes()), "{name}");
        let again = run(dir.path(), &["--check", name]);
        assert_eq!(again.status.code(), Some(0), "{}", parts(&again).2);
    }
    let out = run(&root(), &["fixtures/errors/utf-16.json"]);
    let (code, _, stderr) = parts(&out);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("the file is UTF-16 (it starts with a UTF-16 byte order mark)"),
        "{stderr}"
    );
    let out = run(&root(), &["fixtures/errors/byte-order-mark-inside.json"]);
    let stderr = parts(&out).2;
    assert!(stderr.contains("byte-order-mark-inside.json:7:3: invalid JSON: a byte order mark (U+FEFF) inside the text"), "{stderr}");
}
