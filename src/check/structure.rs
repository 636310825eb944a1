//! Structural comparison of two input pipelines before any arithmetic: opaque steps, declared
//! layout (`input.shape`, channel axis), channel counts.

use super::pipeline::{Pipeline, Stage, StageKind};
use super::report::{InputReport, Verdict};

/// Splits off the opaque stages both pipelines end with, byte-identical (same format and
/// expression, e.g. the same Python `pre_processing_function` kept by a conversion).
pub(crate) fn common_opaque_tail(
    sp: &Pipeline,
    cp: &Pipeline,
) -> (Pipeline, Pipeline, Vec<String>) {
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
    (s, c, described)
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
    let at = format!("{}/input/shape", cp.pointer);
    if a.shape.len() != b.shape.len() {
        return Some(Verdict::Differs {
            reason: format!(
                "{at}: {:?} has another rank than the source {:?}",
                b.shape, a.shape
            ),
        });
    }
    for (i, (&x, &y)) in a.shape.iter().zip(&b.shape).enumerate() {
        if x >= 0 && y >= 0 && x != y {
            if Some(i) != a.channel_axis {
                return Some(Verdict::Differs {
                    reason: format!("{at}/{i}: {y} vs source {x}"),
                });
            }
            r.notes.push(format!("{at}/{i}: {y} channels declared vs {x} in the source; the channels the pipelines read and yield are compared instead"));
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
