//! Size limits: documents refused by size before reading, streams cut at the limit, `.npy`
//! header bombs refused before any allocation (fast, and within a 50 MB data limit), and
//! zero-element samples reported as unverifiable.

use std::process::Command;
use std::time::{Duration, Instant};

use super::{item_text, parts, root, run, run_within};

#[test]
fn an_oversized_document_is_refused_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = item_text();
    text.push_str(&" ".repeat(2048));
    std::fs::write(dir.path().join("big.json"), &text).unwrap();
    let out = run(dir.path(), &["--max-size", "1K", "big.json"]);
    let (code, stdout, stderr) = parts(&out);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("big.json: cannot read: 3.7 KiB is larger than the 1 KiB limit"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: raise the limit with --max-size"),
        "{stderr}"
    );
    let out = run(dir.path(), &["--max-size", "lots", "big.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(parts(&out).2.contains("`lots` is not a size"));
}

#[test]
fn dev_zero_is_refused_quickly() {
    let out = run_within(&root(), &["/dev/zero"], Duration::from_secs(20));
    let (code, _, stderr) = parts(&out);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("/dev/zero: cannot read: the stream goes on past the 64 MiB limit"),
        "{stderr}"
    );
    let zero = std::fs::File::open("/dev/zero").unwrap();
    let child = super::command(&root(), &["--max-size", "1M", "-"])
        .stdin(zero)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let out = super::wait_within(child, Duration::from_secs(20), "- < /dev/zero");
    let (code, _, stderr) = parts(&out);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("<stdin>: cannot read: the stream goes on past the 1 MiB limit"),
        "{stderr}"
    );
}

/// A version 1.0 `.npy` file: header dictionary padded to 64 bytes, then `data`.
fn npy_v1(descr: &str, shape: &str, data: &[u8]) -> Vec<u8> {
    let mut header =
        format!("{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}").into_bytes();
    while (10 + header.len() + 1) % 64 != 0 {
        header.push(b' ');
    }
    header.push(b'\n');
    let mut out = b"\x93NUMPY\x01\x00".to_vec();
    out.extend_from_slice(&u16::try_from(header.len()).unwrap().to_le_bytes());
    out.extend(header);
    out.extend_from_slice(data);
    out
}

const PAIR: &str = "fixtures/check/mlm13-z-score-per-channel";

/// Runs `check` on the fixture pair with `sample` under a 50 MB data-segment limit.
fn check_limited(sample: &std::path::Path) -> (std::process::Output, Duration) {
    let script = format!(
        "ulimit -d 51200; exec '{}' check {PAIR}/source.json {PAIR}/converted.json --sample '{}'",
        env!("CARGO_BIN_EXE_mlm-migrate"),
        sample.display()
    );
    let start = Instant::now();
    let out = Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (out, start.elapsed())
}

#[test]
fn npy_header_bombs_exit_2_fast_and_small() {
    let dir = tempfile::tempdir().unwrap();
    // 192 bytes, as in the report: a 128-byte header and 64 data bytes.
    let shape_bomb = npy_v1("<f8", "(100000, 100000, 100000)", &[0; 64]);
    let mut length_bomb = b"\x93NUMPY\x03\x00".to_vec();
    length_bomb.extend_from_slice(&u32::MAX.to_le_bytes());
    let overflow = npy_v1("<f8", "(4294967296, 4294967296, 4294967296)", &[]);
    let cases: [(&str, Vec<u8>, &str); 3] = [
        (
            "shape.npy",
            shape_bomb,
            "needs 8000000000000000 data bytes; the file has 64",
        ),
        (
            "length.npy",
            length_bomb,
            "the header claims 4294967295 bytes but the file has 0",
        ),
        ("overflow.npy", overflow, "is too large to exist"),
    ];
    for (name, bytes, message) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let mut fastest = Duration::MAX;
        for _ in 0..3 {
            let (out, took) = check_limited(&path);
            let (code, _, stderr) = parts(&out);
            assert_eq!(code, Some(2), "{name}: {stderr}");
            assert!(stderr.contains(message), "{name}: {stderr}");
            fastest = fastest.min(took);
        }
        assert!(
            fastest < Duration::from_millis(100),
            "{name}: fastest run {fastest:?}"
        );
    }
    assert_eq!(dir.path().join("shape.npy").metadata().unwrap().len(), 192);
}

#[test]
fn a_zero_element_sample_is_unverifiable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.npy");
    std::fs::write(&path, npy_v1("<f4", "(0, 4, 64, 64)", &[])).unwrap();
    let (out, _) = check_limited(&path);
    let (code, stdout, stderr) = parts(&out);
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("unverifiable"), "{stdout}");
    assert!(
        stdout.contains("the sample has no elements (shape [0, 4, 64, 64])"),
        "{stdout}"
    );
}
