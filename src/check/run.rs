//! Running one matched pair of input pipelines on one tensor and judging the result.

use super::CheckOptions;
use super::compare::{Tolerance, compare_channel, compare_channel_with_itself};
use super::error::CheckError;
use super::pipeline::{Failure, Pipeline, Tensor};
use super::readers::InputRead;
use super::report::{InputReport, SampleInfo, Verdict};
use super::sample::Sample;
use super::structure::{common_opaque_tail, same_arithmetic, structure};
use super::synthetic::{assumed_dtype, fit, split, synthetic};

#[cfg(test)]
thread_local! {
    /// Test switch: run everything in full (both pipelines, fresh synthetic draws), the oracle
    /// the shortcuts are compared with (`check::oracle`).
    pub(super) static FULL_RUN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether the shortcuts that keep every verdict and report byte may be taken: running one
/// of two pipelines that compute the same function, reusing a recent synthetic tensor.
pub(super) fn shortcuts() -> bool {
    #[cfg(test)]
    {
        !FULL_RUN.get()
    }
    #[cfg(not(test))]
    {
        true
    }
}

/// Errors when a user sample fits none of the source inputs that could be read.
pub(crate) fn sample_fits_some_input<'a>(
    sample: &Sample,
    src: impl IntoIterator<Item = &'a InputRead>,
) -> Result<(), CheckError> {
    let pipelines: Vec<&Pipeline> = src
        .into_iter()
        .filter_map(|r| r.result.as_ref().ok())
        .collect();
    let reasons: Vec<String> = pipelines
        .iter()
        .filter_map(|p| {
            fit(sample.shape(), &p.layout, &p.channels)
                .err()
                .map(|e| format!("`{}`: {e}", p.name))
        })
        .collect();
    if pipelines.is_empty() || reasons.len() < pipelines.len() {
        return Ok(());
    }
    Err(CheckError::SampleShape {
        sample: sample.shape().to_vec(),
        why: reasons.join("; "),
    })
}

/// Pairs source inputs with converted ones: by name when every source name occurs exactly once
/// in the converted document, else by position.
fn pairs(src: &[InputRead], conv: &[InputRead]) -> Vec<Option<usize>> {
    let unique = |name: &str| conv.iter().filter(|c| c.name == name).count() == 1;
    if !src.is_empty() && src.iter().all(|s| unique(&s.name)) {
        return src
            .iter()
            .map(|s| conv.iter().position(|c| c.name == s.name))
            .collect();
    }
    (0..src.len())
        .map(|i| (i < conv.len()).then_some(i))
        .collect()
}

/// Checks every source input against its converted counterpart; converted inputs without a
/// source counterpart are reported as differing.
pub(crate) fn check_inputs(
    src: &[InputRead],
    conv: &[InputRead],
    options: &CheckOptions,
    tol: &Tolerance,
) -> Vec<InputReport> {
    let matched = pairs(src, conv);
    let mut out: Vec<InputReport> = src
        .iter()
        .zip(&matched)
        .enumerate()
        .map(|(k, (s, c))| check_one(s, c.map(|c| &conv[c]), options, k as u64, tol))
        .collect();
    for (i, c) in conv.iter().enumerate() {
        if !matched.contains(&Some(i)) {
            let mut r = blank(c.name.clone(), c.pointer.clone());
            r.source_pointer = "-".into();
            r.converted_pointer = Some(c.pointer.clone());
            r.verdict = Verdict::Differs {
                reason: format!(
                    "{}: the converted document has an input the source lacks",
                    c.pointer
                ),
            };
            out.push(r);
        }
    }
    out
}

fn blank(name: String, source_pointer: String) -> InputReport {
    InputReport {
        name,
        source_pointer,
        converted_pointer: None,
        source_form: None,
        converted_form: None,
        verdict: Verdict::Equivalent,
        sample: None,
        source_pipeline: Vec::new(),
        converted_pipeline: Vec::new(),
        channels: Vec::new(),
        notes: Vec::new(),
    }
}

fn check_one(
    s: &InputRead,
    c: Option<&InputRead>,
    options: &CheckOptions,
    stream: u64,
    tol: &Tolerance,
) -> InputReport {
    let mut r = blank(s.name.clone(), s.pointer.clone());
    let Some(c) = c else {
        r.verdict = Verdict::Differs {
            reason: format!(
                "{}: input `{}` has no counterpart in the converted document",
                s.pointer, s.name
            ),
        };
        return r;
    };
    r.converted_pointer = Some(c.pointer.clone());
    let sp = match &s.result {
        Ok(p) => p,
        Err(e) => {
            return with(
                r,
                Verdict::Unverifiable {
                    reason: format!("the source pipeline is invalid: {e}"),
                },
            );
        }
    };
    r.source_form = Some(sp.form);
    r.source_pipeline = sp.describe();
    r.notes
        .extend(sp.notes.iter().map(|n| format!("source: {n}")));
    let cp = match &c.result {
        Ok(p) => p,
        Err(e) => {
            return with(
                r,
                Verdict::Differs {
                    reason: format!("the converted pipeline is invalid: {e}"),
                },
            );
        }
    };
    r.converted_form = Some(cp.form);
    r.converted_pipeline = cp.describe();
    r.notes
        .extend(cp.notes.iter().map(|n| format!("converted: {n}")));
    let verdict = judge(sp, cp, options, stream, tol, &mut r);
    with(r, unread(sp, cp, verdict))
}

/// A scaling-bearing member no reader consumed means the proof compared less than the
/// documents say: `equivalent` becomes `unverifiable`, naming the members (product rule 6).
fn unread(sp: &Pipeline, cp: &Pipeline, verdict: Verdict) -> Verdict {
    let sides = [("source", &sp.unread), ("converted", &cp.unread)];
    let named: Vec<String> = sides
        .iter()
        .filter(|(_, u)| !u.is_empty())
        .map(|(side, u)| format!("{side} {}", u.join(", ")))
        .collect();
    if named.is_empty() {
        return verdict;
    }
    let what = format!(
        "scaling-bearing field(s) not read by the check: {} (not a scaling form it knows)",
        named.join("; ")
    );
    match verdict {
        Verdict::Equivalent => Verdict::Unverifiable { reason: what },
        Verdict::Unverifiable { reason } => Verdict::Unverifiable {
            reason: format!("{what}; {reason}"),
        },
        differs => differs,
    }
}

fn with(mut r: InputReport, verdict: Verdict) -> InputReport {
    r.verdict = verdict;
    r
}

/// The tensor both pipelines run on: the user sample when it fits this input, else synthetic.
fn tensor(sp: &Pipeline, options: &CheckOptions, stream: u64, r: &mut InputReport) -> Tensor {
    let names: Vec<String> = sp.channels.iter().map(|c| c.name.clone()).collect();
    if let Some(sample) = &options.sample {
        match fit(sample.shape(), &sp.layout, &sp.channels) {
            Ok(()) => {
                let declared: Vec<_> = sp
                    .channels
                    .iter()
                    .filter_map(|c| c.dtype)
                    .filter(|d| *d != sample.dtype())
                    .collect();
                if let Some(d) = declared.first() {
                    r.notes.push(format!(
                        "sample dtype {} differs from the declared source data type {d}",
                        sample.dtype()
                    ));
                }
                r.sample = Some(SampleInfo {
                    origin: sample.origin().to_owned(),
                    seed: None,
                    shape: sample.shape().to_vec(),
                    dtype: Some(sample.dtype()),
                });
                return split(
                    sample.array(),
                    sp.layout
                        .channel_axis
                        .filter(|_| !sp.layout.shape.is_empty()),
                    names,
                );
            }
            Err(e) => r.notes.push(format!(
                "the sample does not fit this input ({e}); a synthetic one was used"
            )),
        }
    }
    let untyped: Vec<&str> = sp
        .channels
        .iter()
        .filter(|c| c.dtype.is_none())
        .map(|c| c.name.as_str())
        .collect();
    if let Some(first) = sp.channels.iter().find(|c| c.dtype.is_none()) {
        let used = assumed_dtype(first, &sp.layout);
        r.notes.push(format!("no band catalogue data_type for {untyped:?}; synthetic values span {used} (input.data_type, else float32)"));
    }
    let (shape, t) = synthetic(&sp.layout, &sp.channels, options.seed, stream);
    r.sample = Some(SampleInfo {
        origin: "synthetic".into(),
        seed: Some(options.seed),
        shape,
        dtype: None,
    });
    t
}

/// The reason that opens the verdict of an input whose only unevaluated part is an opaque step
/// identical on both sides.
pub(crate) const OPAQUE_TRUSTED: &str = "opaque step trusted as identical";

fn judge(
    sp: &Pipeline,
    cp: &Pipeline,
    options: &CheckOptions,
    stream: u64,
    tol: &Tolerance,
    r: &mut InputReport,
) -> Verdict {
    let (sp, cp, tail) = common_opaque_tail(sp, cp);
    let verdict = compute(&sp, &cp, options, stream, tol, r);
    if tail.is_empty() {
        return verdict;
    }
    let tail = tail.join("; ");
    match verdict {
        Verdict::Equivalent if options.trust_identical_opaque => Verdict::Unverifiable {
            reason: format!("{OPAQUE_TRUSTED}: {tail}; every stage before it is equivalent"),
        },
        Verdict::Equivalent => Verdict::Unverifiable {
            reason: format!(
                "{tail}: identical on both sides but cannot be evaluated; every stage before it is equivalent"
            ),
        },
        Verdict::Differs { reason } => Verdict::Differs {
            reason: format!("before the identical {tail}: {reason}"),
        },
        other => other,
    }
}

/// Structure, then arithmetic, of two pipelines without opaque tails.
fn compute(
    sp: &Pipeline,
    cp: &Pipeline,
    options: &CheckOptions,
    stream: u64,
    tol: &Tolerance,
    r: &mut InputReport,
) -> Verdict {
    if let Some(v) = structure(sp, cp, r) {
        return v;
    }
    let input = tensor(sp, options, stream, r);
    if let Some(v) = empty(sp, cp, &input, r) {
        return v;
    }
    // Pipelines that compute the same function give bit-identical outputs on one tensor: the
    // source one runs alone and its output stands for both (the same verdict and report as
    // running both; `check::oracle` compares the two over the fixtures and examples).
    let same = shortcuts() && same_arithmetic(sp, cp);
    let outputs = if same {
        run_source(sp, input).map(|ys| (ys, None))
    } else {
        run_both(sp, cp, input).map(|(ys, yc)| (ys, Some(yc)))
    };
    let (ys, yc) = match outputs {
        Ok(outputs) => outputs,
        Err(verdict) => return verdict,
    };
    let yc = yc.as_ref().unwrap_or(&ys);
    for (p, y) in [(sp, &ys), (cp, yc)] {
        let declared = p
            .layout
            .channel_axis
            .and_then(|a| p.layout.shape.get(a))
            .copied();
        if let Some(n) =
            declared.filter(|&n| n > 0 && usize::try_from(n).ok() != Some(y.data.len()))
        {
            let yields = y.data.len();
            r.notes.push(format!(
                "{}: input.shape declares {n} channels, the pipeline yields {yields}",
                p.pointer
            ));
        }
    }
    if ys.data.len() != yc.data.len() {
        let (c, s) = (yc.data.len(), ys.data.len());
        return Verdict::Differs {
            reason: format!("the converted pipeline yields {c} channels, the source {s}"),
        };
    }
    compare_outputs(&ys, yc, same, tol, r)
}

/// A tensor without values (an axis of length 0 in the sample or the declared shape) proves
/// nothing: comparing zero values would call any two pipelines equivalent. (The synthetic
/// tensor clamps a declared 0 to 1, so the declared shapes are looked at too.)
fn empty(sp: &Pipeline, cp: &Pipeline, input: &Tensor, r: &InputReport) -> Option<Verdict> {
    for p in [sp, cp] {
        if let Some(i) = p.layout.shape.iter().position(|&d| d == 0) {
            return Some(Verdict::Unverifiable {
                reason: format!(
                    "{}/input/shape/{i}: the declared tensor has an axis of size 0 and holds no values: nothing can be compared",
                    p.pointer
                ),
            });
        }
    }
    if input.data.iter().any(|c| !c.is_empty()) {
        return None;
    }
    let shape = r
        .sample
        .as_ref()
        .map(|s| s.shape.clone())
        .unwrap_or_default();
    Some(Verdict::Unverifiable {
        reason: format!("the sample has no elements (shape {shape:?}): nothing was compared"),
    })
}

/// Runs the source pipeline; a failure is already the verdict.
fn run_source(sp: &Pipeline, input: Tensor) -> Result<Tensor, Verdict> {
    sp.run(input).map_err(|f| match f {
        Failure::Unverifiable(m) => Verdict::Unverifiable {
            reason: format!("source {m}"),
        },
        Failure::Invalid(m) => Verdict::Unverifiable {
            reason: format!("the source pipeline is invalid: {m}"),
        },
    })
}

/// Runs both pipelines on the same tensor; a failure is already the verdict.
fn run_both(sp: &Pipeline, cp: &Pipeline, input: Tensor) -> Result<(Tensor, Tensor), Verdict> {
    let ys = run_source(sp, input.clone())?;
    let yc = cp.run(input).map_err(|f| match f {
        Failure::Unverifiable(m) => Verdict::Unverifiable {
            reason: format!("converted {m}"),
        },
        Failure::Invalid(m) => Verdict::Differs {
            reason: format!("the converted pipeline is invalid: {m}"),
        },
    })?;
    Ok((ys, yc))
}

/// Compares the outputs channel by channel; `same`: `yc` is `ys` (see [`compute`]), so
/// every channel is compared with itself.
fn compare_outputs(
    ys: &Tensor,
    yc: &Tensor,
    same: bool,
    tol: &Tolerance,
    r: &mut InputReport,
) -> Verdict {
    r.channels = (0..ys.data.len())
        .map(|i| {
            if same {
                compare_channel_with_itself(i, &ys.names[i], &ys.data[i], tol)
            } else {
                compare_channel(i, &ys.names[i], &ys.data[i], &yc.data[i], tol)
            }
        })
        .collect();
    let bad: Vec<String> = r
        .channels
        .iter()
        .filter(|c| !c.is_equivalent())
        .map(|c| {
            let (i, n, d, m, e) = (c.index, &c.name, c.max_abs_error, c.mismatches, c.elements);
            format!("channel {i} ({n}): max |Δ| {d:.3e}, {m} of {e} values outside tolerance")
        })
        .collect();
    if bad.is_empty() {
        Verdict::Equivalent
    } else {
        Verdict::Differs {
            reason: bad.join("; "),
        }
    }
}
