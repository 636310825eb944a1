//! The interpreter of [`Stage`]s: each runs over one contiguous f64 vector per channel.
//!
//! Variables of expressions name channels by band name, else by gdal-calc letter (`A` = first
//! channel). A lone variable in a per-channel `processing` entry is that channel.

use super::expr::Expr;
use super::pipeline::{ChannelOp, Derived, Failure, Stage, StageKind, Tensor};

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

pub(crate) fn run_stage(stage: &Stage, mut t: Tensor) -> Result<Tensor, Failure> {
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
    use crate::check::pipeline::{Opaque, describe_kind};

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
