//! Preprocessing equivalence check: our behaviour fixtures (`fixtures/check/<behaviour>/`),
//! numpy-written `.npy` samples (`fixtures/check/npy/`, see `fixtures/check/README.md`), and
//! the official examples in `../shared` (skipped with a message when absent, unless `CI=true`).

mod official;

use std::path::{Path, PathBuf};

use mlm_migrate::check::{CheckOptions, CheckReport, DataType, Sample, Tolerance, check};
use serde_json::Value;

pub(crate) fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub(crate) fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn fixture(name: &str) -> (Value, Value) {
    let dir = crate_dir().join("fixtures/check").join(name);
    (
        read_json(&dir.join("source.json")),
        read_json(&dir.join("converted.json")),
    )
}

fn run(name: &str, options: &CheckOptions) -> CheckReport {
    let (source, converted) = fixture(name);
    check(&source, &converted, options).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn npy(name: &str) -> PathBuf {
    crate_dir().join("fixtures/check/npy").join(name)
}

#[test]
fn every_behaviour_fixture_gets_its_verdict() {
    let table = [
        ("dlm-fold", "equivalent", ""),
        ("dlm-fold-beta3", "equivalent", ""),
        ("dlm-wrong-order", "differs", "channel 0 (red)"),
        ("dlm-wrong-mean", "differs", "channel 1 (green)"),
        ("dlm-scale-multiplied", "differs", "channel 0"),
        ("dlm-scale-divided", "equivalent", ""),
        (
            "dlm-missing-channel",
            "differs",
            "the converted input reads 2 channels [\"red\", \"green\"], the source 3",
        ),
        ("mlm13-z-score-per-channel", "equivalent", ""),
        ("mlm13-z-score-broadcast", "equivalent", ""),
        ("mlm13-min-max", "equivalent", ""),
        ("mlm13-norm-clip", "equivalent", ""),
        ("mlm13-norm-clip-wrong-order", "differs", "channel 0 (B02)"),
        (
            "mlm13-python-preprocessing",
            "unverifiable",
            "python `torchgeo.transforms:Normalize`: identical on both sides but cannot be evaluated",
        ),
        ("mlm13-norm-l2", "unverifiable", "norm_type `l2`"),
        (
            "mlm14-zero-stddev",
            "differs",
            "/properties/mlm:input/0/value_scaling/3/stddev: stddev is 0",
        ),
        (
            "mlm14-value-scaling-too-short",
            "differs",
            "3 entries for 4 channels",
        ),
        ("mlm-expression-to-value-scaling", "equivalent", ""),
        ("mlm-band-expression", "equivalent", ""),
        ("dlm-draft-spellings", "equivalent", ""),
        ("dlm-draft-not-folded", "differs", "channel 0 (red)"),
        (
            "unread-scaling-field",
            "unverifiable",
            "scaling-bearing field(s) not read by the check: source /properties/dlm:inputs/normalisation:std",
        ),
        (
            "zero-length-axis",
            "unverifiable",
            "/properties/mlm:input/0/input/shape/2: the declared tensor has an axis of size 0",
        ),
        (
            "huge-channel-axis",
            "unverifiable",
            "/properties/mlm:input/0/input/shape: a channel axis of 1000000000000 channels, more than the check simulates",
        ),
        (
            "dlm-huge-channel-count",
            "unverifiable",
            "/properties/dlm:inputs/input_tensors: a tensor of 1000000000000 channels, more than the check simulates",
        ),
        (
            "non-finite-statistics",
            "unverifiable",
            "/properties/mlm:input/0/statistics/0/mean: 1e+400 is not a finite number",
        ),
    ];
    for (name, verdict, reason) in table {
        let report = run(name, &CheckOptions::default());
        let input = &report.inputs[0];
        assert_eq!(input.verdict.label(), verdict, "{name}:\n{report}");
        assert_eq!(report.verdict.label(), verdict, "{name}: overall");
        let json = serde_json::to_value(input).expect("serializes");
        let text = json.get("reason").and_then(Value::as_str).unwrap_or("");
        assert!(
            text.contains(reason),
            "{name}: reason `{text}` lacks `{reason}`"
        );
        if verdict == "equivalent" {
            assert!(
                !input.channels.is_empty() && input.channels.iter().all(|c| c.is_equivalent()),
                "{name}"
            );
        }
    }
}

/// An ItemCollection is checked feature by feature: each Item's inputs against the inputs of
/// the converted Item at the same index, pointers under `/features/<i>`; an Item without model
/// inputs adds none.
#[test]
fn item_collections_are_checked_feature_by_feature() {
    let report = run("item-collection-feature-differs", &CheckOptions::default());
    let at: Vec<(&str, &str)> = report
        .inputs
        .iter()
        .map(|i| (i.source_pointer.as_str(), i.verdict.label()))
        .collect();
    assert_eq!(
        at,
        [
            ("/features/0/properties/mlm:input/0", "equivalent"),
            ("/features/2/properties/mlm:input/0", "differs"),
        ],
        "{report}"
    );
    assert_eq!(report.verdict.label(), "differs");
    let json = serde_json::to_value(&report).expect("serializes");
    let reason = json["reason"].as_str().unwrap_or_default();
    assert!(reason.contains("channel 1 (B03)"), "{reason}");
    // The same pair alone gets the same channel errors: the feature is checked as an Item.
    let (source, converted) = fixture("item-collection-feature-differs");
    let alone = check(
        &source["features"][2],
        &converted["features"][2],
        &CheckOptions::default(),
    )
    .expect("an Item");
    assert_eq!(alone.inputs[0].channels, report.inputs[1].channels);
}

/// An opaque step identical on both sides is never `equivalent`, trusted or not; trusted, the
/// reason says so first.
#[test]
fn identical_opaque_steps_are_unverifiable_either_way() {
    let trusting = CheckOptions {
        trust_identical_opaque: true,
        ..CheckOptions::default()
    };
    let report = run("mlm13-python-preprocessing", &trusting);
    assert_eq!(report.verdict.label(), "unverifiable", "{report}");
    let reason = serde_json::to_value(&report.inputs[0]).expect("json")["reason"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    assert!(
        reason.starts_with("opaque step trusted as identical: "),
        "{reason}"
    );
    assert!(
        report.inputs[0].channels.iter().all(|c| c.is_equivalent()),
        "the stages before it are compared"
    );
}

#[test]
fn dlm_fold_error_is_within_the_documented_bound() {
    let report = run("dlm-fold", &CheckOptions::default());
    let input = &report.inputs[0];
    assert_eq!(input.channels.len(), 3);
    assert_eq!(
        input
            .channels
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        ["red", "green", "nir"]
    );
    for c in &input.channels {
        assert!(c.max_abs_error < 5e-12, "{c:?}");
        assert!(
            c.max_abs_value > 1000.0,
            "uint16 extremes reach |y| ≥ 1281: {c:?}"
        );
    }
}

#[test]
fn a_numpy_sample_drives_the_check() {
    let sample = Sample::from_npy_path(npy("dlm-sample-uint16.npy")).expect("sample");
    let options = CheckOptions {
        sample: Some(sample),
        ..CheckOptions::default()
    };
    let ok = run("dlm-fold", &options);
    assert!(ok.is_equivalent(), "{ok}");
    let info = ok.inputs[0].sample.as_ref().expect("sample info");
    assert_eq!(
        (info.shape.as_slice(), info.dtype),
        (&[1, 3, 32, 32][..], Some(DataType::UInt16))
    );
    assert!(info.origin.ends_with("dlm-sample-uint16.npy"));
    let wrong = run("dlm-wrong-order", &options);
    assert_eq!(wrong.verdict.label(), "differs");
}

#[test]
fn a_sample_that_fits_no_input_is_an_error_with_the_reason() {
    let sample = Sample::from_npy_path(npy("uint16-c.npy")).expect("sample");
    let (source, converted) = fixture("dlm-fold");
    let options = CheckOptions {
        sample: Some(sample),
        ..CheckOptions::default()
    };
    let err = check(&source, &converted, &options)
        .expect_err("rank 3 vs rank 4")
        .to_string();
    assert!(
        err.contains("fits no model input: `data`: rank 3 but input.shape [1, 3, 32, 32]"),
        "{err}"
    );
}

#[test]
fn tolerance_and_seed_are_honoured() {
    let loose = CheckOptions {
        tolerance: Some(Tolerance::relative(0.5)),
        ..CheckOptions::default()
    };
    assert_eq!(
        run("dlm-wrong-mean", &loose).verdict.label(),
        "differs",
        "atol still scales with |y|"
    );
    let huge = CheckOptions {
        tolerance: Some(Tolerance {
            rtol: 1.0,
            atol: Some(1e9),
        }),
        ..CheckOptions::default()
    };
    assert!(run("dlm-wrong-mean", &huge).is_equivalent());
    let a = run(
        "dlm-fold",
        &CheckOptions {
            seed: 1,
            ..CheckOptions::default()
        },
    );
    let b = run(
        "dlm-fold",
        &CheckOptions {
            seed: 1,
            ..CheckOptions::default()
        },
    );
    assert_eq!(a, b, "same seed, same report");
    assert_eq!(a.inputs[0].sample.as_ref().and_then(|s| s.seed), Some(1));
    let (source, converted) = fixture("dlm-fold");
    let bad = CheckOptions {
        tolerance: Some(Tolerance::relative(f64::NAN)),
        ..CheckOptions::default()
    };
    assert!(check(&source, &converted, &bad).is_err());
}

#[test]
fn report_renders_as_text_and_json() {
    let report = run("dlm-wrong-order", &CheckOptions::default());
    let text = report.to_string();
    assert!(
        text.starts_with("preprocessing check: differs: 1 of 1 input(s) differ: `data`: channel 0 (red): max |Δ| 2.440e0"),
        "{text}"
    );
    assert!(
        text.contains("/properties/dlm:inputs/scaling_factor every channel: x·0.003921569"),
        "{text}"
    );
    assert!(
        text.contains("sample    synthetic seed 0, shape [1, 3, 8, 8]"),
        "{text}"
    );
    let json = serde_json::to_value(&report).expect("json");
    assert_eq!(json["verdict"], "differs");
    assert_eq!(json["inputs"][0]["source_form"], "dlm");
    assert_eq!(json["inputs"][0]["converted_form"], "mlm-value-scaling");
    assert_eq!(
        json["inputs"][0]["channels"][0]["rtol"].as_f64(),
        Some(1e-9)
    );
    let ok = run("dlm-fold", &CheckOptions::default()).summary_line();
    assert!(
        ok.starts_with("preprocessing check: equivalent (1 input, max |Δ| "),
        "{ok}"
    );
}

/// Every `.npy` fixture holds `v[i, j, k] = 12i + 4j + k` as written by numpy: unsigned as is,
/// signed minus 12, floats `·0.5 − 3`, bool `v % 3 == 0`.
#[test]
fn numpy_files_of_every_dtype_and_order_read_back_exactly() {
    let table: &[(&str, DataType)] = &[
        ("uint8", DataType::UInt8),
        ("uint16", DataType::UInt16),
        ("uint32", DataType::UInt32),
        ("uint64", DataType::UInt64),
        ("int8", DataType::Int8),
        ("int16", DataType::Int16),
        ("int32", DataType::Int32),
        ("int64", DataType::Int64),
        ("float16", DataType::Float16),
        ("float32", DataType::Float32),
        ("float64", DataType::Float64),
        ("bool", DataType::Bool),
    ];
    let mut files = 0;
    for (name, dtype) in table {
        for suffix in ["c", "f", "be-c", "be-f"] {
            let path = npy(&format!("{name}-{suffix}.npy"));
            if !path.exists() {
                continue;
            }
            files += 1;
            let s = Sample::from_npy_path(&path).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(
                (s.shape(), s.dtype()),
                (&[2, 3, 4][..], *dtype),
                "{}",
                path.display()
            );
            for ((i, j, k), v) in s
                .array()
                .indexed_iter()
                .map(|(ix, v)| ((ix[0], ix[1], ix[2]), *v))
            {
                let n = (12 * i + 4 * j + k) as f64;
                let expected = match dtype {
                    DataType::Bool => f64::from(u8::from(n % 3.0 == 0.0)),
                    DataType::Float16 | DataType::Float32 | DataType::Float64 => n * 0.5 - 3.0,
                    d if d.name().starts_with('u') => n,
                    _ => n - 12.0,
                };
                assert_eq!(v, expected, "{} at [{i}, {j}, {k}]", path.display());
            }
        }
    }
    assert_eq!(files, 21, "all committed .npy fixtures were read");
}
