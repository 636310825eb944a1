//! Migration throughput and single-item latency (product targets, measured as ratios in one run).
//!
//! Run: `cargo bench --bench migrate` (`BENCH_ITEMS=10000` for the full 10,000-item catalog;
//! default 2,000). A catalog is built in a temporary directory from the official MLM 1.0.0–1.3.0
//! example items in `../shared/examples` (3–10 kB each; read where they are, never copied into
//! the repository), then timed two ways over the same files:
//!
//! - baseline: read, `serde_json` parse, pretty-print, write — the floor any migrator pays;
//! - mlm-migrate: read, detect, migrate, format-preserving write, preprocessing check, atomic
//!   write (what `mlm-migrate -o DIR` does per file, without schema validation), on one thread
//!   and in the CLI's parallel batches.
//!
//! Target: mlm-migrate ≥ 0.5× the baseline's throughput. Also: one item end to end including
//! schema validation (target < 20 ms), cold (schemas compiled) and warm.

use std::path::{Path, PathBuf};
use std::time::Instant;

use mlm_migrate::Options;
use mlm_migrate::files::Writer;
use mlm_migrate::run::{Input, process};
use mlm_migrate::validate::SchemaStore;
use rayon::prelude::*;

fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    dir.is_dir().then_some(dir)
}

fn sources(shared: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for tag in ["v1.0.0", "v1.1.0", "v1.2.0", "v1.3.0"] {
        let dir = shared.join("examples/mlm").join(tag);
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = entry.path();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            if name.starts_with("item_") && name.ends_with(".json") {
                out.extend(std::fs::read_to_string(&p).ok());
            }
        }
    }
    out
}

fn build_catalog(dir: &Path, sources: &[String], n: usize) -> Vec<PathBuf> {
    (0..n)
        .map(|i| {
            let sub = dir.join(format!("{:03}", i / 100));
            std::fs::create_dir_all(&sub).expect("catalog dir");
            let p = sub.join(format!("item-{i}.json"));
            let text =
                sources[i % sources.len()].replacen("\"id\": \"", &format!("\"id\": \"{i}-"), 1);
            std::fs::write(&p, text).expect("catalog file");
            p
        })
        .collect()
}

fn baseline(files: &[PathBuf], out: &Path) -> f64 {
    let start = Instant::now();
    for (i, f) in files.iter().enumerate() {
        let text = std::fs::read_to_string(f).expect("read");
        let v: serde_json::Value = serde_json::from_str(&text).expect("parse");
        let s = serde_json::to_string_pretty(&v).expect("serialize");
        std::fs::write(out.join(format!("{i}.json")), s).expect("write");
    }
    start.elapsed().as_secs_f64()
}

fn ours(files: &[PathBuf], out: &Path, parallel: bool) -> f64 {
    let options = Options {
        allow_lossy: true,
        ..Options::default()
    };
    let writer = Writer::new(false);
    let one = |(i, f): (usize, &PathBuf)| {
        let r = process(&Input::Path(f.clone()), &options, None);
        let text = r.output_text.expect("migrated");
        writer
            .write(&out.join(format!("{i}.json")), text.as_bytes())
            .expect("write");
    };
    let start = Instant::now();
    if parallel {
        // As the CLI does: batches of 64 files in parallel.
        for (b, batch) in files.chunks(64).enumerate() {
            batch
                .par_iter()
                .enumerate()
                .for_each(|(i, f)| one((b * 64 + i, f)));
        }
    } else {
        files.iter().enumerate().for_each(one);
    }
    start.elapsed().as_secs_f64()
}

/// Where the time goes: migration alone (no write), per item in µs.
fn breakdown(files: &[PathBuf]) {
    let options = Options {
        allow_lossy: true,
        ..Options::default()
    };
    let texts: Vec<String> = files
        .iter()
        .map(|f| std::fs::read_to_string(f).expect("read"))
        .collect();
    let start = Instant::now();
    for t in &texts {
        let v: serde_json::Value = serde_json::from_str(t).expect("parse");
        std::hint::black_box(serde_json::to_string_pretty(&v).expect("serialize"));
    }
    let parse = start.elapsed().as_secs_f64() * 1e6 / texts.len() as f64;
    let start = Instant::now();
    for t in &texts {
        let src = mlm_migrate::document::Source::parse(
            "x",
            t.clone(),
            mlm_migrate::document::Format::Json,
        )
        .expect("parse");
        std::hint::black_box(mlm_migrate::run::migrate_source(&src, &options, None));
    }
    let migrate = start.elapsed().as_secs_f64() * 1e6 / texts.len() as f64;
    println!(
        "in memory: parse + pretty-print {parse:.0} µs/item, parse + migrate + write text + check {migrate:.0} µs/item"
    );
}

fn single_item(shared: &Path) {
    let item = Input::Path(shared.join("examples/mlm/v1.0.0/item_eo_bands.json"));
    let options = Options {
        allow_lossy: true,
        ..Options::default()
    };
    let start = Instant::now();
    let store = SchemaStore::open(shared.join("schemas")).expect("mirror");
    let r = process(&item, &options, Some(&store));
    let cold = start.elapsed().as_secs_f64() * 1e3;
    assert!(r.validation.is_some_and(|v| v.valid));
    let runs = 50;
    let start = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(process(&item, &options, Some(&store)));
    }
    let warm = start.elapsed().as_secs_f64() * 1e3 / f64::from(runs);
    println!(
        "one item end to end incl. validation: cold {cold:.1} ms, warm {warm:.2} ms (target < 20 ms)"
    );
}

fn main() {
    let Some(shared) = shared() else {
        println!("skipped: ../shared (official examples) is missing");
        return;
    };
    let n: usize = std::env::var("BENCH_ITEMS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);
    let tmp = tempfile::tempdir().expect("tempdir");
    let sources = sources(&shared);
    let files = build_catalog(&tmp.path().join("catalog"), &sources, n);
    let bytes: u64 = files
        .iter()
        .filter_map(|f| f.metadata().ok())
        .map(|m| m.len())
        .sum();
    let (out_a, out_b) = (tmp.path().join("a"), tmp.path().join("b"));
    std::fs::create_dir_all(&out_a).expect("out");
    std::fs::create_dir_all(&out_b).expect("out");
    // Warm the page cache and the lazily parsed tables once.
    baseline(&files[..files.len().min(100)], &out_a);
    ours(&files[..files.len().min(100)], &out_b, false);
    let t_base = baseline(&files, &out_a);
    let t_seq = ours(&files, &out_b, false);
    let t_par = ours(&files, &out_b, true);
    let rate = |t: f64| n as f64 / t;
    let kb = bytes as f64 / n as f64 / 1024.0;
    let threads = rayon::current_num_threads();
    println!("catalog: {n} items, {kb:.1} kB mean, {threads} threads");
    println!(
        "baseline (read, parse, pretty-print, write; one thread): {:.0} items/s",
        rate(t_base)
    );
    println!(
        "mlm-migrate on one thread (read, migrate, check, atomic write): {:.0} items/s",
        rate(t_seq)
    );
    println!(
        "mlm-migrate as the CLI runs it (parallel batches): {:.0} items/s",
        rate(t_par)
    );
    println!(
        "ratio mlm-migrate / baseline: {:.2} on one thread, {:.2} as the CLI runs (target >= 0.5)",
        t_base / t_seq,
        t_base / t_par
    );
    breakdown(&files[..files.len().min(500)]);
    single_item(&shared);
}
