//! Preprocessing-check timing (product target: a 1×13×224×224 float32 sample under 50 ms).
//!
//! Run: `cargo bench --bench check`. A plain `harness = false` timer (no criterion: one
//! number to report, no extra dependency tree). The sample is built in memory and encoded as
//! `.npy` bytes, so the timing covers decoding, both pipelines (13 per-channel z-scores read
//! from MLM 1.3 `statistics` and 1.5.1 `value_scaling`) and the per-channel comparison.

use std::hint::black_box;
use std::time::{Duration, Instant};

use mlm_migrate::check::{CheckOptions, Sample, check};
use ndarray::{ArrayD, IxDyn};
use ndarray_npy::WriteNpyExt;
use serde_json::{Value, json};

const SHAPE: [usize; 4] = [1, 13, 224, 224];

fn documents() -> (Value, Value) {
    let bands: Vec<String> = (1..=13).map(|i| format!("B{i:02}")).collect();
    let stats: Vec<(f64, f64)> = (0..13)
        .map(|i| (1000.0 + 37.5 * f64::from(i), 250.0 + 11.0 * f64::from(i)))
        .collect();
    let input = |scaling: (&str, Value)| {
        let mut obj = json!({
            "name": "s2",
            "bands": bands,
            "input": {"shape": SHAPE, "dim_order": ["batch", "bands", "height", "width"], "data_type": "float32"}
        });
        obj[scaling.0] = scaling.1;
        obj
    };
    let statistics: Vec<Value> = stats
        .iter()
        .map(|(m, s)| json!({"mean": m, "stddev": s}))
        .collect();
    let mut old = input(("statistics", Value::Array(statistics)));
    old["norm_type"] = json!("z-score");
    old["norm_by_channel"] = json!(true);
    let scaling: Vec<Value> = stats
        .iter()
        .map(|(m, s)| json!({"type": "z-score", "mean": m, "stddev": s}))
        .collect();
    let new = input(("value_scaling", Value::Array(scaling)));
    (
        json!({"properties": {"mlm:input": [old]}}),
        json!({"properties": {"mlm:input": [new]}}),
    )
}

fn npy_bytes() -> Vec<u8> {
    let n: usize = SHAPE.iter().product();
    // A cheap deterministic spread of reflectance-like values.
    let values: Vec<f32> = (0..n)
        .map(|i| ((i * 2_654_435_761) % 10_000) as f32 * 0.7)
        .collect();
    let array = ArrayD::from_shape_vec(IxDyn(&SHAPE), values).expect("shape matches");
    let mut bytes = Vec::new();
    array.write_npy(&mut bytes).expect("in-memory write");
    bytes
}

fn time(label: &str, runs: usize, mut f: impl FnMut()) -> Duration {
    f();
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    let median = times[runs / 2];
    println!(
        "{label}: median {:.2} ms, min {:.2} ms ({runs} runs)",
        ms(median),
        ms(times[0])
    );
    median
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let (source, converted) = documents();
    let bytes = npy_bytes();
    let loaded = CheckOptions {
        sample: Some(Sample::from_npy_bytes(&bytes).expect("npy")),
        ..CheckOptions::default()
    };
    let report = check(&source, &converted, &loaded).expect("check");
    assert!(report.is_equivalent(), "{report}");
    let total = time(
        "check 1x13x224x224 float32, .npy decode + check",
        21,
        || {
            let options = CheckOptions {
                sample: Some(Sample::from_npy_bytes(black_box(&bytes)).expect("npy")),
                ..CheckOptions::default()
            };
            black_box(check(&source, &converted, &options).expect("check"));
        },
    );
    time(
        "check 1x13x224x224 float32, check only (sample in memory)",
        21,
        || {
            black_box(check(&source, &converted, &loaded).expect("check"));
        },
    );
    time(
        "check with a synthetic sample (the automatic post-migration run)",
        201,
        || {
            black_box(check(&source, &converted, &CheckOptions::default()).expect("check"));
        },
    );
    assert!(
        total < Duration::from_millis(50),
        "target: under 50 ms, got {:.2} ms",
        ms(total)
    );
}
