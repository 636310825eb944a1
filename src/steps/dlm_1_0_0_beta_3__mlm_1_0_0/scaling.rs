//! DLM `scaling_factor` + `normalization:mean/std` folded into per-channel z-scores.
//!
//! The DLM README (`scaling_factor`, `normalization`) as this tool reads it: DLM multiplies by `scaling_factor` first, then
//! standardises, `y[c] = (x[c]·s − m[c]) / σ[c]`. That is one z-score per channel,
//! `y[c] = (x[c] − m[c]/s) / (σ[c]/s)`, exact in real arithmetic. The reader emits it in the
//! MLM 1.0 form (`norm_type: "z-score"`, `statistics`), which the MLM 1.3 → 1.4 edge turns into
//! `value_scaling` z-score elements with the numbers copied verbatim. MLM's `scale` type
//! *divides*, DLM's factor multiplies: the fold never emits `scale`.

use serde_json::{Map, Number, Value, json};

/// The DLM numeric pipeline of one input: `y[c] = (x[c]·s − m[c]) / σ[c]`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct DlmScaling {
    /// `scaling_factor` (1 when absent).
    pub factor: f64,
    /// `normalization:mean` (`[0]` when absent).
    pub mean: Vec<f64>,
    /// `normalization:std` (`[1]` when absent).
    pub std: Vec<f64>,
}

/// Why a DLM pipeline cannot be folded.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum FoldError {
    /// A member is not a number (or a list of numbers).
    NotNumeric(&'static str),
    /// `scaling_factor` or a `std` entry is not > 0 (division by zero or sign flip).
    NotPositive(&'static str),
    /// Mean and std lists of different lengths, neither of length 1.
    Lengths(usize, usize),
    /// A number too large for a 64-bit float (`1e400`).
    NotFinite(&'static str),
}

impl std::fmt::Display for FoldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotNumeric(k) => write!(f, "`{k}` is not a number or a list of numbers"),
            Self::NotPositive(k) => write!(f, "`{k}` must be > 0"),
            Self::NotFinite(k) => write!(f, "`{k}` holds a number too large for a 64-bit float"),
            Self::Lengths(m, s) => write!(
                f,
                "{m} means and {s} standard deviations cannot be paired per channel"
            ),
        }
    }
}

/// The DLM keys the pipeline is read from.
pub(super) const KEYS: [&str; 3] = ["scaling_factor", "normalization:mean", "normalization:std"];

fn numbers(v: Option<&Value>, key: &'static str, default: f64) -> Result<Vec<f64>, FoldError> {
    let read = read_numbers(v, key, default)?;
    if read.iter().any(|x| !x.is_finite()) {
        return Err(FoldError::NotFinite(key));
    }
    Ok(read)
}

fn read_numbers(v: Option<&Value>, key: &'static str, default: f64) -> Result<Vec<f64>, FoldError> {
    match v {
        None | Some(Value::Null) => Ok(vec![default]),
        Some(Value::Number(n)) => n
            .as_f64()
            .map(|x| vec![x])
            .ok_or(FoldError::NotNumeric(key)),
        Some(Value::Array(a)) if !a.is_empty() => a
            .iter()
            .map(|x| x.as_f64().ok_or(FoldError::NotNumeric(key)))
            .collect(),
        Some(_) => Err(FoldError::NotNumeric(key)),
    }
}

impl DlmScaling {
    /// Reads the pipeline of a `dlm:inputs` object; `None` when it states none of [`KEYS`].
    pub(super) fn read(input: &Map<String, Value>) -> Option<Result<Self, FoldError>> {
        if !KEYS
            .iter()
            .any(|k| input.get(*k).is_some_and(|v| !v.is_null()))
        {
            return None;
        }
        let read = || {
            let factor = numbers(input.get(KEYS[0]), KEYS[0], 1.0)?;
            let [factor] = factor[..] else {
                return Err(FoldError::NotNumeric(KEYS[0]));
            };
            Ok(Self {
                factor,
                mean: numbers(input.get(KEYS[1]), KEYS[1], 0.0)?,
                std: numbers(input.get(KEYS[2]), KEYS[2], 1.0)?,
            })
        };
        Some(read())
    }

    /// The DLM pipeline on one value of channel `c` (for the tests): `(x·s − m) / σ`.
    #[cfg(test)]
    pub(super) fn apply(&self, c: usize, x: f64) -> f64 {
        let pick = |v: &[f64]| v[if v.len() == 1 { 0 } else { c }];
        (x * self.factor - pick(&self.mean)) / pick(&self.std)
    }

    /// One `(mean, stddev)` z-score per channel, `(m/s, σ/s)`; a single pair when both lists
    /// have one entry (broadcast to every channel).
    pub(super) fn fold(&self) -> Result<Vec<(f64, f64)>, FoldError> {
        let s = self.factor;
        if !(s > 0.0 && s.is_finite()) {
            return Err(FoldError::NotPositive(KEYS[0]));
        }
        if self.std.iter().any(|x| !(*x > 0.0 && x.is_finite())) {
            return Err(FoldError::NotPositive(KEYS[2]));
        }
        let (m, d) = (self.mean.len(), self.std.len());
        let n = match (m, d) {
            (a, b) if a == b => a,
            (1, b) => b,
            (a, 1) => a,
            _ => return Err(FoldError::Lengths(m, d)),
        };
        let at = |v: &[f64], c: usize| v[if v.len() == 1 { 0 } else { c }];
        let pairs: Vec<(f64, f64)> = (0..n)
            .map(|c| (at(&self.mean, c) / s, at(&self.std, c) / s))
            .collect();
        if pairs.iter().any(|(m, d)| !m.is_finite() || !d.is_finite()) {
            return Err(FoldError::NotFinite(KEYS[1]));
        }
        Ok(pairs)
    }
}

/// The folded z-scores as JSON numbers. With `scaling_factor` 1 the fold divides by 1, which
/// changes no number: the source's number text is kept (so a DLM item written by
/// `--to dlm@1.0.0-beta.3`, whose factor is 1, reads back byte for byte).
pub(super) fn numbers_of(
    p: &DlmScaling,
    pairs: &[(f64, f64)],
    input: &Map<String, Value>,
) -> Vec<(Value, Value)> {
    let num = |x: f64| Number::from_f64(x).map_or(Value::Null, Value::Number);
    let verbatim = |key: &str, c: usize, x: f64| match input.get(key) {
        Some(Value::Array(a)) if p.factor == 1.0 => {
            let v = &a[if a.len() == 1 { 0 } else { c }];
            if v.as_f64() == Some(x) {
                v.clone()
            } else {
                num(x)
            }
        }
        Some(v @ Value::Number(_)) if p.factor == 1.0 && v.as_f64() == Some(x) => v.clone(),
        _ => num(x),
    };
    pairs
        .iter()
        .enumerate()
        .map(|(c, &(m, s))| (verbatim(KEYS[1], c, m), verbatim(KEYS[2], c, s)))
        .collect()
}

/// The MLM 1.0 normalisation members for folded z-scores: `norm_by_channel`, `norm_type`,
/// `statistics` (in that order, so MLM 1.4's `value_scaling` takes the place of `statistics`).
pub(super) fn mlm_members(pairs: &[(Value, Value)]) -> Vec<(&'static str, Value)> {
    let stats = pairs
        .iter()
        .map(|(m, s)| json!({"mean": m, "stddev": s}))
        .collect();
    vec![
        ("norm_by_channel", Value::Bool(pairs.len() > 1)),
        ("norm_type", json!("z-score")),
        ("statistics", Value::Array(stats)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> DlmScaling {
        DlmScaling {
            factor: 0.003921569,
            mean: vec![0.245, 0.34, 0.67],
            std: vec![0.1, 0.1, 0.2],
        }
    }

    #[test]
    fn fold_reproduces_the_worked_numbers() {
        // Computed in f64.
        let got: Vec<(String, String)> = example()
            .fold()
            .unwrap()
            .into_iter()
            .map(|(m, s)| (m.to_string(), s.to_string()))
            .collect();
        let want = [
            ("62.47499406487557", "25.499997577500235"),
            ("86.69999176350079", "25.499997577500235"),
            ("170.84998376925157", "50.99999515500047"),
        ];
        for (g, w) in got.iter().zip(want) {
            assert_eq!((g.0.as_str(), g.1.as_str()), w);
        }
    }

    #[test]
    fn folded_z_scores_reproduce_the_dlm_pipeline() {
        let p = example();
        let folded = p.fold().unwrap();
        let mut worst = 0.0f64;
        for (c, &(mean, stddev)) in folded.iter().enumerate() {
            // 16-bit range, its extremes, 0, 1 and mid-range.
            let samples = (0..=65535u32).step_by(97).chain([0, 1, 32767, 65535]);
            for x in samples.map(f64::from) {
                let dlm = p.apply(c, x);
                let mlm = (x - mean) / stddev;
                let err = (dlm - mlm).abs();
                assert!(
                    err <= 1e-9 * dlm.abs().max(1e-12),
                    "c={c} x={x}: {dlm} vs {mlm}"
                );
                worst = worst.max(err);
            }
        }
        assert!(worst < 1e-9, "{worst}");
    }

    #[test]
    fn broadcast_and_errors() {
        let one = DlmScaling {
            factor: 0.5,
            mean: vec![1.0],
            std: vec![2.0],
        };
        assert_eq!(one.fold().unwrap(), [(2.0, 4.0)]);
        let half = DlmScaling {
            mean: vec![1.0, 2.0],
            ..one.clone()
        };
        assert_eq!(half.fold().unwrap(), [(2.0, 4.0), (4.0, 4.0)]);
        let cases = [
            (
                vec![1.0, 2.0],
                vec![1.0, 2.0, 3.0],
                1.0,
                FoldError::Lengths(2, 3),
            ),
            (
                vec![1.0],
                vec![0.0],
                1.0,
                FoldError::NotPositive("normalization:std"),
            ),
            (
                vec![1.0],
                vec![1.0],
                0.0,
                FoldError::NotPositive("scaling_factor"),
            ),
        ];
        for (mean, std, factor, want) in cases {
            let p = DlmScaling { factor, mean, std };
            assert_eq!(p.fold(), Err(want));
        }
    }

    #[test]
    fn reads_defaults_and_scalars() {
        let obj = |v: Value| v.as_object().unwrap().clone();
        assert_eq!(DlmScaling::read(&obj(json!({"name": "x"}))), None);
        let only_factor = DlmScaling::read(&obj(json!({"scaling_factor": 0.5})));
        let p = only_factor.unwrap().unwrap();
        assert_eq!(p.fold().unwrap(), [(0.0, 2.0)]);
        let bad = DlmScaling::read(&obj(json!({"normalization:mean": "x"})));
        assert_eq!(bad, Some(Err(FoldError::NotNumeric("normalization:mean"))));
    }
}
