//! The intermediate representation of one model input's preprocessing, and its interpreter.
//!
//! Every form (DLM `scaling_factor` + `normalization:*`, MLM ≤ 1.3
//! `norm_type`/`statistics`, MLM ≥ 1.4 `value_scaling`, band expressions,
//! `pre_processing_function`) becomes an ordered list of [`Stage`]s over named channels. The
//! interpreter works channel by channel on contiguous f64 vectors: the sample tensor
//! `[batch, channel, height, width]` (or any layout with one channel axis) is split along its
//! channel axis, so a stage is a loop over one slice per channel and never allocates per element.
//! Order (the MLM README, Processing Expression): band expressions → scaling → `pre_processing_function[*]`.

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
    /// y = x · factor (DLM `scaling_factor`, which multiplies).
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

/// The declared tensor layout of an input (`input.shape`, `dim_order`, `data_type`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    /// Sizes, `-1` for any size; empty when the document declares no shape.
    pub shape: Vec<i64>,
    /// Dimension names, same length as `shape` when declared.
    pub dim_order: Vec<String>,
    /// Index of the channel-like axis, if one can be told.
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
    /// JSON pointers of scaling-bearing members the reader did not consume (a misspelt or
    /// unknown normalisation key): while any is left, the input cannot be `equivalent`.
    pub unread: Vec<String>,
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
            input = super::interpret::run_stage(stage, input)?;
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

pub(crate) fn describe_kind(kind: &StageKind) -> String {
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
