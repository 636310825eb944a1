//! The intermediate representation of one model input's preprocessing, and its interpreter.
//!
//! spec-changes §2.1.2: every form (DLM `scaling_factor` + `normalization:*`, MLM ≤ 1.3
//! `norm_type`/`statistics`, MLM ≥ 1.4 `value_scaling`, band expressions,
//! `pre_processing_function`) becomes an ordered list of [`Stage`]s over named channels. The
//! interpreter works channel by channel on contiguous f64 vectors: the sample tensor
//! `[batch, channel, height, width]` (or any layout with one channel axis) is split along its
//! channel axis, so a stage is a loop over one slice per channel and never allocates per element.
//! Order (§2.1.6, judgment call A26): band expressions → scaling → `pre_processing_function[*]`.

use super::dtype::DataType;
use super::expr::Expr;

/// Something the check cannot compute: a Python entry point, a container, a URI, an unknown
/// `processing` format, a legacy norm without numeric definition, an unparsable expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Opaque {
    /// The declared `format` (`python`, `docker`, `uri`, `mlm-legacy-norm-type`, …).
    pub format: String,
    /// The expression as text (JSON text when it is not a string).
    pub expression: String,
    /// Why it cannot be verified.
    pub why: String,
}

/// One operation on one channel (or on every channel when broadcast).
#[derive(Debug, Clone)]
pub enum ChannelOp {
    /// y = x (MLM `{"type":"scale","value":1}` or nothing for this channel).
    Identity,
    /// y = x · factor (DLM `scaling_factor`, which multiplies; §2.1.3).
    Multiply {
        /// The factor.
        factor: f64,
    },
    /// y = (x − a) / b: `z-score` (a = mean, b = stddev), `min-max` (a = minimum,
    /// b = maximum − minimum), `offset` (b = 1), `scale` (a = 0, b = value: MLM `scale` divides).
    Affine {
        /// Subtracted first.
        a: f64,
        /// Then divided by (never 0: readers reject it).
        b: f64,
    },
    /// y = min(max(x, lo), hi), NaN kept (`clip`, `clip-min`, `clip-max`).
    Clip {
        /// Lower bound, if any.
        lo: Option<f64>,
        /// Upper bound, if any.
        hi: Option<f64>,
    },
    /// y = expression; its only variable (if any) is this channel, several variables name
    /// channels (`processing` value scaling in a known arithmetic format).
    Expr(Expr),
    /// Not computable.
    Opaque(Opaque),
}

/// Where one output channel of a [`StageKind::Derive`] stage comes from.
#[derive(Debug, Clone)]
pub enum Derived {
    /// A copy of the input channel at this position (a plain band name).
    Channel(usize),
    /// An expression over channels named by band name (MLM ≥ 1.2 band object).
    Expr(Expr),
    /// A band object whose expression cannot be computed.
    Opaque(Opaque),
}

/// What a stage does.
#[derive(Debug, Clone)]
pub enum StageKind {
    /// One op for every channel (length 1, broadcast) or one per channel (length = channels).
    PerChannel(Vec<ChannelOp>),
    /// New channels (name, source) computed from the current ones (band objects).
    Derive(Vec<(String, Derived)>),
    /// A whole-tensor arithmetic expression (`pre_processing_function` in `gdal-calc` style):
    /// with one variable `A`/`x` (or one channel) it applies to every channel, otherwise its
    /// variables name channels (band name or gdal-calc letter `A` = first channel) and it yields
    /// one channel.
    Apply(Expr),
    /// A whole-tensor step that cannot be computed (Python, Docker, URI …).
    Opaque(Opaque),
}

/// One step of a pipeline, with the JSON pointer of the field it was read from.
#[derive(Debug, Clone)]
pub struct Stage {
    /// JSON pointer of the field (e.g. `/properties/mlm:input/0/value_scaling`).
    pub pointer: String,
    /// What it does.
    pub kind: StageKind,
}

/// One channel of the raw sample (the model-input tensor after band selection).
#[derive(Debug, Clone, PartialEq)]
pub struct RawChannel {
    /// Band or variable name (`#i` when the document names none).
    pub name: String,
    /// Declared source data type (band catalogue, `dlm:data`), if known.
    pub dtype: Option<DataType>,
    /// Declared nodata value, if known.
    pub nodata: Option<f64>,
}

/// The declared tensor layout of an input (`input.shape`, `dim_order`, `data_type`; §2.3).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    /// Sizes, `-1` for any size; empty when the document declares no shape.
    pub shape: Vec<i64>,
    /// Dimension names, same length as `shape` when declared.
    pub dim_order: Vec<String>,
    /// Index of the channel-like axis (judgment call A25), if one can be told.
    pub channel_axis: Option<usize>,
    /// Declared data type of the *processed* tensor (MLM `input.data_type`).
    pub data_type: Option<String>,
}

/// Which form the preprocessing of an input was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Form {
    /// DLM `dlm:inputs` (beta2 / beta.3, and the Dec-2023 `dlm:input` draft).
    Dlm,
    /// MLM ≤ 1.3 `norm_type` / `statistics` / `norm_by_channel` / `norm_clip`.
    MlmNormType,
    /// MLM ≥ 1.4 `value_scaling`.
    MlmValueScaling,
    /// An MLM input without any scaling keys.
    MlmUnscaled,
}

impl Form {
    /// The kebab-case name used in JSON reports (`dlm`, `mlm-norm-type`, …).
    pub fn label(self) -> &'static str {
        match self {
            Form::Dlm => "dlm",
            Form::MlmNormType => "mlm-norm-type",
            Form::MlmValueScaling => "mlm-value-scaling",
            Form::MlmUnscaled => "mlm-unscaled",
        }
    }
}

/// The preprocessing of one model input.
#[derive(Debug, Clone)]
pub struct Pipeline {
    /// Input name (`name`, or DLM `dlm:inputs.name`).
    pub name: String,
    /// JSON pointer of the input object.
    pub pointer: String,
    /// Which form it was read from.
    pub form: Form,
    /// Declared layout.
    pub layout: Layout,
    /// The channels of the raw sample, in order.
    pub channels: Vec<RawChannel>,
    /// The steps, in order.
    pub stages: Vec<Stage>,
    /// Observations made while reading (ignored keys, assumptions).
    pub notes: Vec<String>,
}

/// Channels as contiguous vectors, all of the same length.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tensor {
    pub names: Vec<String>,
    pub data: Vec<Vec<f64>>,
}

/// Why a pipeline could not be run to the end.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Failure {
    /// A step is not computable (reason, with pointer).
    Unverifiable(String),
    /// The document is inconsistent (reason, with pointer).
    Invalid(String),
}

impl Pipeline {
    /// Reasons (with pointers) why parts of this pipeline cannot be computed; empty when the
    /// whole pipeline is arithmetic.
    pub fn opaque_reasons(&self) -> Vec<String> {
        let mut out = Vec::new();
        for stage in &self.stages {
            let mut push = |o: &Opaque| {
                out.push(format!(
                    "{}: {} `{}`: {}",
                    stage.pointer, o.format, o.expression, o.why
                ))
            };
            match &stage.kind {
                StageKind::Opaque(o) => push(o),
                StageKind::PerChannel(ops) => ops.iter().for_each(|op| {
                    if let ChannelOp::Opaque(o) = op {
                        push(o)
                    }
                }),
                StageKind::Derive(outs) => outs.iter().for_each(|(_, d)| {
                    if let Derived::Opaque(o) = d {
                        push(o)
                    }
                }),
                StageKind::Apply(_) => {}
            }
        }
        out
    }

    /// One line per stage, for reports.
    pub fn describe(&self) -> Vec<String> {
        self.stages
            .iter()
            .map(|s| format!("{} {}", s.pointer, describe_kind(&s.kind)))
            .collect()
    }

    /// Runs every stage on `input` (channels = [`Pipeline::channels`]).
    pub(crate) fn run(&self, mut input: Tensor) -> Result<Tensor, Failure> {
        for stage in &self.stages {
            input = run_stage(stage, input)?;
        }
        Ok(input)
    }
}

fn describe_op(op: &ChannelOp) -> String {
    match op {
        ChannelOp::Identity => "x".into(),
        ChannelOp::Multiply { factor } => format!("x·{factor}"),
        ChannelOp::Affine { a, b } => format!("(x − {a})/{b}"),
        ChannelOp::Clip { lo, hi } => format!("clip(x, {lo:?}, {hi:?})"),
        ChannelOp::Expr(e) => format!("`{}`", e.text()),
        ChannelOp::Opaque(o) => format!("opaque {} `{}`", o.format, o.expression),
    }
}

fn describe_kind(kind: &StageKind) -> String {
    match kind {
        StageKind::PerChannel(ops) if ops.len() == 1 => {
            format!("every channel: {}", describe_op(&ops[0]))
        }
        StageKind::PerChannel(ops) => {
            let first = ops.first().map(describe_op).unwrap_or_default();
            format!("per channel ({}): {first}, …", ops.len())
        }
        StageKind::Derive(outs) => format!("derive {} channel(s)", outs.len()),
        StageKind::Apply(e) => format!("apply `{}`", e.text()),
        StageKind::Opaque(o) => format!("opaque {} `{}`", o.format, o.expression),
    }
}

/// Finds the channel a variable names: exact band name first, then a gdal-calc letter
/// (`A` = first channel, `B` = second, …).
pub(crate) fn resolve(var: &str, names: &[String]) -> Option<usize> {
    if let Some(i) = names.iter().position(|n| n == var) {
        return Some(i);
    }
    let mut chars = var.chars();
    match (chars.next(), chars.next()) {
        (Some(c @ 'A'..='Z'), None) => {
            let i = (c as u8 - b'A') as usize;
            (i < names.len()).then_some(i)
        }
        _ => None,
    }
}

fn bind<'a>(
    expr: &Expr,
    names: &[String],
    data: &'a [Vec<f64>],
    at: &str,
) -> Result<Vec<&'a [f64]>, Failure> {
    expr.variables()
        .iter()
        .map(|v| {
            resolve(v, names)
                .map(|i| data[i].as_slice())
                .ok_or_else(|| {
                    Failure::Unverifiable(format!(
                        "{at}: variable `{v}` of `{}` names none of the channels {names:?}",
                        expr.text()
                    ))
                })
        })
        .collect()
}

fn apply_op(
    op: &ChannelOp,
    channel: usize,
    t: &Tensor,
    at: &str,
) -> Result<Option<Vec<f64>>, Failure> {
    let v = &t.data[channel];
    Ok(Some(match op {
        ChannelOp::Identity => return Ok(None),
        ChannelOp::Multiply { factor } => v.iter().map(|x| x * factor).collect(),
        ChannelOp::Affine { a, b } => v.iter().map(|x| (x - a) / b).collect(),
        ChannelOp::Clip { lo, hi } => v.iter().map(|&x| clip(x, *lo, *hi)).collect(),
        ChannelOp::Expr(e) if e.variables().len() <= 1 => {
            let binding = vec![v.as_slice(); e.variables().len()];
            e.eval(&binding, v.len())
        }
        ChannelOp::Expr(e) => e.eval(&bind(e, &t.names, &t.data, at)?, v.len()),
        ChannelOp::Opaque(o) => return Err(Failure::Unverifiable(format!("{at}: {}", o.why))),
    }))
}

fn clip(x: f64, lo: Option<f64>, hi: Option<f64>) -> f64 {
    let mut y = x;
    if let Some(lo) = lo {
        y = if y < lo { lo } else { y };
    }
    if let Some(hi) = hi {
        y = if y > hi { hi } else { y };
    }
    y
}

fn run_stage(stage: &Stage, mut t: Tensor) -> Result<Tensor, Failure> {
    let at = stage.pointer.as_str();
    let len = t.data.first().map_or(0, Vec::len);
    match &stage.kind {
        StageKind::PerChannel(ops) => {
            let c = t.data.len();
            if ops.len() != 1 && ops.len() != c {
                return Err(Failure::Invalid(format!(
                    "{at}: {} entries for {c} channels ({:?}); give one entry or one per channel",
                    ops.len(),
                    t.names
                )));
            }
            for ch in 0..c {
                let op = &ops[if ops.len() == 1 { 0 } else { ch }];
                if let Some(new) = apply_op(op, ch, &t, at)? {
                    t.data[ch] = new;
                }
            }
            Ok(t)
        }
        StageKind::Derive(outs) => {
            let mut data = Vec::with_capacity(outs.len());
            for (_, d) in outs {
                data.push(match d {
                    Derived::Channel(i) => t.data.get(*i).cloned().ok_or_else(|| {
                        Failure::Invalid(format!("{at}: channel {i} missing from the sample"))
                    })?,
                    Derived::Expr(e) => e.eval(&bind(e, &t.names, &t.data, at)?, len),
                    Derived::Opaque(o) => {
                        return Err(Failure::Unverifiable(format!("{at}: {}", o.why)));
                    }
                });
            }
            let names = outs.iter().map(|(n, _)| n.clone()).collect();
            Ok(Tensor { names, data })
        }
        StageKind::Apply(e) => run_apply(e, t, at, len),
        StageKind::Opaque(o) => Err(Failure::Unverifiable(format!("{at}: {}", o.why))),
    }
}

/// `pre_processing_function` arithmetic: per channel for a lone `A`/`x` variable (gdal-calc
/// `--allBands`), else one output channel from the named channels.
fn run_apply(e: &Expr, mut t: Tensor, at: &str, len: usize) -> Result<Tensor, Failure> {
    let vars = e.variables();
    let per_channel = match vars {
        [] => true,
        [v] => t.data.len() == 1 || (["A", "x", "X"].contains(&v.as_str()) && !t.names.contains(v)),
        _ => false,
    };
    if per_channel {
        for ch in t.data.iter_mut() {
            let binding = vec![ch.as_slice(); vars.len()];
            *ch = e.eval(&binding, len);
        }
        return Ok(t);
    }
    let out = e.eval(&bind(e, &t.names, &t.data, at)?, len);
    Ok(Tensor {
        names: vec![e.text().to_owned()],
        data: vec![out],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tensor(cols: &[(&str, &[f64])]) -> Tensor {
        Tensor {
            names: cols.iter().map(|(n, _)| n.to_string()).collect(),
            data: cols.iter().map(|(_, v)| v.to_vec()).collect(),
        }
    }

    fn stage(kind: StageKind) -> Stage {
        Stage {
            pointer: "/p".into(),
            kind,
        }
    }

    fn expr(text: &str) -> Expr {
        Expr::parse(text).expect("test expression parses")
    }

    #[test]
    fn stages_compute_their_documented_formulas() {
        let t = || tensor(&[("r", &[0.0, 255.0]), ("g", &[10.0, 20.0])]);
        let table: Vec<(StageKind, Vec<Vec<f64>>)> = vec![
            (
                StageKind::PerChannel(vec![ChannelOp::Multiply { factor: 2.0 }]),
                vec![vec![0.0, 510.0], vec![20.0, 40.0]],
            ),
            (
                StageKind::PerChannel(vec![
                    ChannelOp::Affine { a: 5.0, b: 5.0 },
                    ChannelOp::Identity,
                ]),
                vec![vec![-1.0, 50.0], vec![10.0, 20.0]],
            ),
            (
                StageKind::PerChannel(vec![ChannelOp::Clip {
                    lo: Some(1.0),
                    hi: Some(15.0),
                }]),
                vec![vec![1.0, 15.0], vec![10.0, 15.0]],
            ),
            (
                StageKind::PerChannel(vec![ChannelOp::Expr(expr("clip(A / 255, 0, 1)"))]),
                vec![vec![0.0, 1.0], vec![10.0 / 255.0, 20.0 / 255.0]],
            ),
            (
                StageKind::Apply(expr("(A - B) / (A + B)")),
                vec![vec![-1.0, 235.0 / 275.0]],
            ),
            (
                StageKind::Apply(expr("A * 2")),
                vec![vec![0.0, 510.0], vec![20.0, 40.0]],
            ),
            (StageKind::Apply(expr("g - r")), vec![vec![10.0, -235.0]]),
            (
                StageKind::Derive(vec![
                    ("g".into(), Derived::Channel(1)),
                    ("d".into(), Derived::Expr(expr("r + g"))),
                ]),
                vec![vec![10.0, 20.0], vec![10.0, 275.0]],
            ),
        ];
        for (kind, expected) in table {
            let label = describe_kind(&kind);
            let out = run_stage(&stage(kind), t()).expect("stage runs");
            assert_eq!(out.data, expected, "{label}");
        }
    }

    #[test]
    fn wrong_lengths_and_opaque_steps_fail_with_the_pointer() {
        let t = tensor(&[("a", &[1.0]), ("b", &[2.0]), ("c", &[3.0])]);
        let two = StageKind::PerChannel(vec![ChannelOp::Identity, ChannelOp::Identity]);
        assert!(
            matches!(run_stage(&stage(two), t.clone()), Err(Failure::Invalid(m)) if m.starts_with("/p: 2 entries for 3"))
        );
        let opaque = StageKind::Opaque(Opaque {
            format: "python".into(),
            expression: "m:f".into(),
            why: "a Python entry point".into(),
        });
        assert!(matches!(
            run_stage(&stage(opaque), t.clone()),
            Err(Failure::Unverifiable(_))
        ));
        let unknown = StageKind::Apply(expr("Q1 + a"));
        assert!(
            matches!(run_stage(&stage(unknown), t), Err(Failure::Unverifiable(m)) if m.contains("`Q1`"))
        );
    }

    #[test]
    fn variables_resolve_by_name_then_gdal_letter() {
        let names: Vec<String> = ["B04", "B08", "A"].iter().map(|s| s.to_string()).collect();
        let table = [
            ("B08", Some(1)),
            ("A", Some(2)),
            ("B", Some(1)),
            ("C", Some(2)),
            ("D", None),
            ("b", None),
        ];
        for (var, expected) in table {
            assert_eq!(resolve(var, &names), expected, "{var}");
        }
    }
}
