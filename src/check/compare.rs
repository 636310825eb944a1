//! Element-wise comparison of the two pipelines' outputs, per channel.

use serde::Serialize;

use super::error::CheckError;

/// When two outputs count as equal: element-wise `|y_conv − y_src| ≤ atol + rtol·|y_src|`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Tolerance {
    /// Relative tolerance (default `1e-9`).
    pub rtol: f64,
    /// Absolute tolerance; `None` (default) means `1e-12 · max|y_src|` of each channel.
    pub atol: Option<f64>,
}

/// The factor of `max|y|` that gives the default absolute tolerance.
pub const DEFAULT_ATOL_FACTOR: f64 = 1e-12;

impl Default for Tolerance {
    fn default() -> Self {
        Self {
            rtol: 1e-9,
            atol: None,
        }
    }
}

impl Tolerance {
    /// A relative tolerance with the default absolute one (what `--tolerance T` sets).
    pub fn relative(rtol: f64) -> Self {
        Self { rtol, atol: None }
    }

    pub(crate) fn validate(&self) -> Result<(), CheckError> {
        let bad = |v: f64| !v.is_finite() || v < 0.0;
        if bad(self.rtol) || self.atol.is_some_and(bad) {
            return Err(CheckError::InvalidTolerance {
                message: format!("rtol {} / atol {:?}", self.rtol, self.atol),
            });
        }
        Ok(())
    }
}

/// Errors of one output channel.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChannelReport {
    /// Position on the channel axis of the model input.
    pub index: usize,
    /// Channel name in the source (band name, `#i`, or the expression that made it).
    pub name: String,
    /// Largest |y_conv − y_src| (∞ when only one side is NaN or infinite).
    pub max_abs_error: f64,
    /// Largest |y_conv − y_src| / |y_src| over elements with y_src ≠ 0.
    pub max_rel_error: f64,
    /// Largest finite |y_src|, the scale of the default absolute tolerance.
    pub max_abs_value: f64,
    /// Absolute tolerance used.
    pub atol: f64,
    /// Relative tolerance used.
    pub rtol: f64,
    /// Elements compared.
    pub elements: usize,
    /// Elements outside the tolerance.
    pub mismatches: usize,
}

impl ChannelReport {
    /// Whether every element is within tolerance.
    pub fn is_equivalent(&self) -> bool {
        self.mismatches == 0
    }
}

/// Largest finite |v| of a channel (0 when there is none). A plain comparison: no NaN meets
/// it, and equal candidates are the same number (|v| is never −0), so it is `f64::max`.
fn max_abs_finite(values: &[f64]) -> f64 {
    let mut m = 0.0f64;
    for v in values {
        let a = v.abs();
        if a.is_finite() && a > m {
            m = a;
        }
    }
    m
}

/// Compares one channel; `src` and `conv` have the same length.
pub(crate) fn compare_channel(
    index: usize,
    name: &str,
    src: &[f64],
    conv: &[f64],
    tol: &Tolerance,
) -> ChannelReport {
    let max_abs_value = max_abs_finite(src);
    let atol = tol.atol.unwrap_or(DEFAULT_ATOL_FACTOR * max_abs_value);
    let (mut max_abs_error, mut max_rel_error, mut mismatches) = (0.0f64, 0.0f64, 0usize);
    for (&s, &c) in src.iter().zip(conv) {
        if s == c || (s.is_nan() && c.is_nan()) {
            continue;
        }
        let d = (s - c).abs();
        let d = if d.is_nan() { f64::INFINITY } else { d };
        max_abs_error = max_abs_error.max(d);
        if s != 0.0 {
            max_rel_error = max_rel_error.max(d / s.abs());
        }
        if !s.is_finite() || d > atol + tol.rtol * s.abs() {
            mismatches += 1;
        }
    }
    ChannelReport {
        index,
        name: name.to_owned(),
        max_abs_error,
        max_rel_error,
        max_abs_value,
        atol,
        rtol: tol.rtol,
        elements: src.len(),
        mismatches,
    }
}

/// [`compare_channel`] of a channel with itself, without the element loop: every element
/// equals itself (or is NaN on both sides), so the errors and mismatches are 0.
pub(crate) fn compare_channel_with_itself(
    index: usize,
    name: &str,
    values: &[f64],
    tol: &Tolerance,
) -> ChannelReport {
    let max_abs_value = max_abs_finite(values);
    ChannelReport {
        index,
        name: name.to_owned(),
        max_abs_error: 0.0,
        max_rel_error: 0.0,
        max_abs_value,
        atol: tol.atol.unwrap_or(DEFAULT_ATOL_FACTOR * max_abs_value),
        rtol: tol.rtol,
        elements: values.len(),
        mismatches: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_channel_compared_with_itself_is_the_full_comparison() {
        let values = [
            0.0,
            -0.0,
            1.5,
            -2e300,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
        ];
        for tol in [
            Tolerance::default(),
            Tolerance {
                rtol: 0.0,
                atol: Some(0.5),
            },
        ] {
            for n in 0..=values.len() {
                let v = &values[..n];
                assert_eq!(
                    compare_channel_with_itself(3, "c", v, &tol),
                    compare_channel(3, "c", v, v, &tol),
                    "{v:?}"
                );
            }
        }
    }

    #[test]
    fn tolerance_scales_with_the_channel_and_nan_equals_nan() {
        let tol = Tolerance::default();
        let table: &[(&[f64], &[f64], usize)] = &[
            (&[1.0, 2.0], &[1.0, 2.0], 0),
            (&[1000.0, 0.0], &[1000.0 + 1e-7, 1e-10], 0),
            (&[1000.0, 0.0], &[1000.0, 2e-9], 1),
            (&[1.0, 2.0], &[1.0, 2.001], 1),
            (&[f64::NAN, f64::INFINITY], &[f64::NAN, f64::INFINITY], 0),
            (&[f64::NAN, 1.0], &[0.0, f64::INFINITY], 2),
        ];
        for (src, conv, mismatches) in table {
            let r = compare_channel(0, "c", src, conv, &tol);
            assert_eq!(r.mismatches, *mismatches, "{src:?} vs {conv:?}: {r:?}");
        }
        let r = compare_channel(
            0,
            "c",
            &[2.0, 4.0],
            &[2.5, 4.0],
            &Tolerance {
                rtol: 0.0,
                atol: Some(0.5),
            },
        );
        assert_eq!(
            (r.max_abs_error, r.max_rel_error, r.mismatches),
            (0.5, 0.25, 0)
        );
    }

    #[test]
    fn negative_or_nan_tolerances_are_rejected() {
        assert!(Tolerance::relative(-1.0).validate().is_err());
        assert!(
            Tolerance {
                rtol: 0.0,
                atol: Some(f64::NAN)
            }
            .validate()
            .is_err()
        );
        assert!(Tolerance::relative(0.0).validate().is_ok());
    }
}
