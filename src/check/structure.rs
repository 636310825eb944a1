//! Structural comparison of two input pipelines before any arithmetic: opaque steps, declared
//! layout (`input.shape`, channel axis), channel counts.

use std::borrow::Cow;

use super::pipeline::{ChannelOp, Derived, Pipeline, Stage, StageKind};
use super::report::{InputReport, Verdict};

/// Splits off the opaque stages both pipelines end with, byte-identical (same format and
/// expression, e.g. the same Python `pre_processing_function` kept by a conversion). Without
/// such a tail the pipelines are returned as they are (not copied).
pub(crate) fn common_opaque_tail<'p>(
    sp: &'p Pipeline,
    cp: &'p Pipeline,
) -> (Cow<'p, Pipeline>, Cow<'p, Pipeline>, Vec<String>) {
    let same = |a: &Stage, b: &Stage| matches!((&a.kind, &b.kind), (StageKind::Opaque(x), StageKind::Opaque(y)) if x.format == y.format && x.expression == y.expression);
    let mut k = 0;
    while k < sp.stages.len().min(cp.stages.len())
        && same(
            &sp.stages[sp.stages.len() - 1 - k],
            &cp.stages[cp.stages.len() - 1 - k],
        )
    {
        k += 1;
    }
    if k == 0 {
        return (Cow::Borrowed(sp), Cow::Borrowed(cp), Vec::new());
    }
    let (mut s, mut c) = (sp.clone(), cp.clone());
    let tail = s.stages.split_off(s.stages.len() - k);
    c.stages.truncate(c.stages.len() - k);
    let described = tail
        .iter()
        .filter_map(|st| match &st.kind {
            StageKind::Opaque(o) => {
                Some(format!("{}: {} `{}`", st.pointer, o.format, o.expression))
            }
            _ => None,
        })
        .collect();
    (Cow::Owned(s), Cow::Owned(c), described)
}

/// True when the two pipelines' stages compute the same function of the same input tensor:
/// stage by stage the same kind with bit-identical parameters, the same expression texts (an
/// [`Expr`](super::expr::Expr) is a function of its text) and the same derived channel names;
/// only the pointers the stages were read from may differ. Running such pipelines on one
/// tensor gives bit-identical outputs, so [`super::run`] runs the source one only. Opaque
/// stages never count as the same (they are not run).
pub(crate) fn same_arithmetic(sp: &Pipeline, cp: &Pipeline) -> bool {
    sp.stages.len() == cp.stages.len()
        && sp
            .stages
            .iter()
            .zip(&cp.stages)
            .all(|(a, b)| same_kind(&a.kind, &b.kind))
}

fn same_kind(a: &StageKind, b: &StageKind) -> bool {
    match (a, b) {
        (StageKind::PerChannel(x), StageKind::PerChannel(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_op(p, q))
        }
        (StageKind::Derive(x), StageKind::Derive(y)) => {
            x.len() == y.len()
                && x.iter().zip(y).all(|((n, p), (m, q))| {
                    n == m
                        && match (p, q) {
                            (Derived::Channel(i), Derived::Channel(j)) => i == j,
                            (Derived::Expr(e), Derived::Expr(f)) => e.text() == f.text(),
                            _ => false,
                        }
                })
        }
        (StageKind::Apply(e), StageKind::Apply(f)) => e.text() == f.text(),
        _ => false,
    }
}

fn same_op(a: &ChannelOp, b: &ChannelOp) -> bool {
    let bits = |v: Option<f64>| v.map(f64::to_bits);
    match (a, b) {
        (ChannelOp::Identity, ChannelOp::Identity) => true,
        (ChannelOp::Multiply { factor: x }, ChannelOp::Multiply { factor: y }) => {
            x.to_bits() == y.to_bits()
        }
        (ChannelOp::Affine { a: a1, b: b1 }, ChannelOp::Affine { a: a2, b: b2 }) => {
            a1.to_bits() == a2.to_bits() && b1.to_bits() == b2.to_bits()
        }
        (ChannelOp::Clip { lo: l1, hi: h1 }, ChannelOp::Clip { lo: l2, hi: h2 }) => {
            bits(*l1) == bits(*l2) && bits(*h1) == bits(*h2)
        }
        (ChannelOp::Expr(e), ChannelOp::Expr(f)) => e.text() == f.text(),
        _ => false,
    }
}

/// The first structural reason the two pipelines cannot feed the model the same numbers.
pub(crate) fn structure(sp: &Pipeline, cp: &Pipeline, r: &mut InputReport) -> Option<Verdict> {
    opaque(sp, cp)
        .or_else(|| layout(sp, cp, r))
        .or_else(|| channels(sp, cp))
}

fn opaque(sp: &Pipeline, cp: &Pipeline) -> Option<Verdict> {
    let source = sp
        .opaque_reasons()
        .into_iter()
        .map(|o| format!("source {o}"));
    let all: Vec<String> = source
        .chain(
            cp.opaque_reasons()
                .into_iter()
                .map(|o| format!("converted {o}")),
        )
        .collect();
    (!all.is_empty()).then(|| Verdict::Unverifiable {
        reason: all.join("; "),
    })
}

/// Same rank, same concrete sizes (`-1` matches any; a different declared channel size is a
/// note, the channels actually read and yielded are compared), same channel axis.
fn layout(sp: &Pipeline, cp: &Pipeline, r: &mut InputReport) -> Option<Verdict> {
    let (a, b) = (&sp.layout, &cp.layout);
    if a.shape.is_empty() || b.shape.is_empty() {
        return None;
    }
    let at = || format!("{}/input/shape", cp.pointer);
    if a.shape.len() != b.shape.len() {
        return Some(Verdict::Differs {
            reason: format!(
                "{}: {:?} has another rank than the source {:?}",
                at(),
                b.shape,
                a.shape
            ),
        });
    }
    for (i, (&x, &y)) in a.shape.iter().zip(&b.shape).enumerate() {
        if x >= 0 && y >= 0 && x != y {
            if Some(i) != a.channel_axis {
                return Some(Verdict::Differs {
                    reason: format!("{}/{i}: {y} vs source {x}", at()),
                });
            }
            r.notes.push(format!("{}/{i}: {y} channels declared vs {x} in the source; the channels the pipelines read and yield are compared instead", at()));
        }
        if (x < 0) != (y < 0) {
            r.notes.push(format!(
                "axis {i}: source size {x}, converted size {y} (-1 = any)"
            ));
        }
    }
    (a.channel_axis != b.channel_axis).then(|| Verdict::Differs {
        reason: format!(
            "channel axis at {:?} in the converted dim_order {:?}, at {:?} in the source",
            b.channel_axis, b.dim_order, a.channel_axis
        ),
    })
}

fn channels(sp: &Pipeline, cp: &Pipeline) -> Option<Verdict> {
    let names = |p: &Pipeline| {
        p.channels
            .iter()
            .map(|c| c.name.clone())
            .collect::<Vec<_>>()
    };
    let (s, c) = (sp.channels.len(), cp.channels.len());
    (s != c).then(|| Verdict::Differs {
        reason: format!(
            "the converted input reads {c} channels {:?}, the source {s} {:?}",
            names(cp),
            names(sp)
        ),
    })
}
