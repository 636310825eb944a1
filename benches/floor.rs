//! The floor any JSON migrator pays, as a program the benchmark driver (`benches/bulk.py`)
//! runs side by side with `mlm-migrate`: read, parse with serde_json (the same features as the
//! crate: `preserve_order`, `arbitrary_precision`), pretty-print, write — nothing else.
//!
//! ```text
//! floor write DIR OUT     every .json file under DIR → OUT/<same relative path>
//! floor parse DIR         read and parse only (the floor of `--check`)
//! floor ndjson IN OUT     one document per line: parse, print compact, write a line
//! ```
//!
//! Files are processed with rayon; `RAYON_NUM_THREADS=1` gives the sequential floor. Output
//! directories are created once, before the files are written. Built by
//! `cargo bench --bench floor --no-run`; run as `target/release/deps/floor-* write DIR OUT`.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
}

fn write(dir: &Path, out: &Path) -> usize {
    let mut all = Vec::new();
    files(dir, &mut all);
    let mut dirs: Vec<PathBuf> = all
        .iter()
        .filter_map(|f| f.strip_prefix(dir).ok()?.parent().map(|p| out.join(p)))
        .collect();
    dirs.dedup();
    dirs.iter()
        .for_each(|d| std::fs::create_dir_all(d).expect("mkdir"));
    all.par_iter().for_each(|f| {
        let text = std::fs::read_to_string(f).expect("read");
        let v: serde_json::Value = serde_json::from_str(&text).expect("parse");
        let mut s = serde_json::to_string_pretty(&v).expect("print");
        s.push('\n');
        let dest = out.join(f.strip_prefix(dir).expect("under dir"));
        std::fs::write(dest, s).expect("write");
    });
    all.len()
}

fn parse(dir: &Path) -> usize {
    let mut all = Vec::new();
    files(dir, &mut all);
    all.par_iter().for_each(|f| {
        let text = std::fs::read_to_string(f).expect("read");
        let v: serde_json::Value = serde_json::from_str(&text).expect("parse");
        std::hint::black_box(v);
    });
    all.len()
}

fn ndjson(input: &Path, out: &Path) -> usize {
    let reader = std::io::BufReader::new(std::fs::File::open(input).expect("open"));
    let mut w = BufWriter::new(std::fs::File::create(out).expect("create"));
    let mut n = 0;
    for line in reader.lines() {
        let line = line.expect("read line");
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line).expect("parse");
        serde_json::to_writer(&mut w, &v).expect("print");
        w.write_all(b"\n").expect("write");
        n += 1;
    }
    w.flush().expect("flush");
    n
}

fn main() {
    // `cargo bench` passes `--bench`; ignore flags.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let arg = |i: usize| Path::new(args.get(i).map_or("", String::as_str));
    let n = match args.first().map(String::as_str) {
        Some("write") => write(arg(1), arg(2)),
        Some("parse") => parse(arg(1)),
        Some("ndjson") => ndjson(arg(1), arg(2)),
        _ => {
            println!(
                "usage: floor write DIR OUT | parse DIR | ndjson IN OUT (see benches/bulk.py)"
            );
            return;
        }
    };
    eprintln!("{n} documents");
}
