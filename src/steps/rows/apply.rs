//! Applying one mapping row to a document, forward or backward.

use serde_json::Value;

use crate::kernel::edit::{Ctx, Pos};
use crate::kernel::pointer::{Pointer, member};
use crate::kernel::records::Code;
use crate::kernel::records::{Diagnostic, Fidelity, Severity};
use crate::kernel::scope::DocKind;
use crate::steps::{Rule, RuleKind};

/// `list-truncated`: see [`Code::what`].
pub(crate) const LIST_TRUNCATED: Code = Code::new(
    "list-truncated",
    "Writing an older version kept only the first value of a list that version holds as a single value.",
    "Nothing (the rest is reported as lossy).",
);

/// Which way a row runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Direction {
    /// Old → new (upgrade).
    Forward,
    /// New → old (writing an older version).
    Backward,
}

/// Applies `rule` to every container of its scopes.
pub(crate) fn apply_rule(ctx: &mut Ctx, rule: &Rule, dir: Direction) {
    if dir == Direction::Backward && rule.keep.is_some() {
        return;
    }
    for scope in &rule.scope {
        for at in ctx.shared_containers(*scope).iter() {
            apply_at(ctx, rule, dir, at);
        }
    }
}

fn apply_at(ctx: &mut Ctx, rule: &Rule, dir: Direction, at: &Pointer) {
    match (&rule.kind, dir) {
        (RuleKind::Rename { from, to }, Direction::Forward) => {
            rename(ctx, at, from, to, rule.fidelity)
        }
        (RuleKind::Rename { from, to }, Direction::Backward) => {
            rename(ctx, at, to, from, rule.fidelity)
        }
        (RuleKind::ValueMap { field, map }, d) => {
            // Pointers are built only for a field that is there.
            if ctx.member(at, field).is_some() {
                value_map(ctx, &at.key(field), map, d, rule.fidelity)
            }
        }
        (RuleKind::RoleMap { map }, d) => {
            if ctx.member(at, "roles").is_some() {
                role_map(ctx, &at.key("roles"), map, d, rule.fidelity)
            }
        }
        (RuleKind::Drop { field, .. }, Direction::Forward) => {
            if ctx.member(at, field).is_some() {
                ctx.remove(
                    &at.key(field),
                    rule.fidelity,
                    format!("`{field}` has no place in the newer version"),
                );
            }
        }
        (RuleKind::Drop { field, value }, Direction::Backward) => {
            if let Some(v) = value {
                // A Collection summarises each field as a list of its values.
                let v = if ctx.kind() == DocKind::Collection && at.as_str() == "/summaries" {
                    Value::Array(vec![v.clone()])
                } else {
                    v.clone()
                };
                ctx.add(
                    at,
                    field,
                    v,
                    Pos::End,
                    Fidelity::Lossless,
                    format!("`{field}` is a constant of the older version"),
                );
            }
        }
        (RuleKind::Wrap { from, to }, Direction::Forward) => wrap(ctx, at, from, to, rule.fidelity),
        (RuleKind::Wrap { from, to }, Direction::Backward) => unwrap(ctx, at, to, from),
        (RuleKind::Transform { transform: t }, Direction::Forward) => (t.forward)(ctx, at),
        (RuleKind::Transform { transform: t }, Direction::Backward) => t.inverse.run(ctx, at),
    }
}

/// Renames `from` → `to`; when both exist, equal values drop the old key, different ones keep
/// the new key's value and report the old one as lost.
fn rename(ctx: &mut Ctx, at: &Pointer, from: &str, to: &str, fidelity: Fidelity) {
    let Some(obj) = ctx.object(at) else { return };
    // Compared on borrows: nothing is cloned to decide (an absent `from` costs one lookup).
    let Some(old) = member(obj, from) else {
        return;
    };
    let existing = member(obj, to).map(|new| new == old);
    match existing {
        None => {
            ctx.rename(
                at,
                from,
                to,
                None,
                fidelity,
                format!("renamed `{from}` to `{to}`"),
            );
        }
        Some(true) => {
            ctx.remove(
                &at.key(from),
                Fidelity::Lossless,
                format!("`{from}` duplicates `{to}`"),
            );
        }
        Some(false) => {
            ctx.remove(
                &at.key(from),
                Fidelity::Lossy,
                format!("`{from}` conflicts with `{to}`, which is kept"),
            );
        }
    }
}

fn mapped<'m>(map: &'m [(String, String)], dir: Direction, s: &str) -> Option<&'m str> {
    map.iter().find_map(|(a, b)| match dir {
        Direction::Forward => (a == s).then_some(b.as_str()),
        Direction::Backward => (b == s).then_some(a.as_str()),
    })
}

fn value_map(
    ctx: &mut Ctx,
    at: &Pointer,
    map: &[(String, String)],
    dir: Direction,
    fidelity: Fidelity,
) {
    // The spellings to change are found on a borrow; only they are copied out.
    let found: Vec<(Option<usize>, &str, String)> = match ctx.get(at) {
        Some(Value::String(s)) => mapped(map, dir, s)
            .map(|new| (None, new, s.clone()))
            .into_iter()
            .collect(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let s = item.as_str()?;
                mapped(map, dir, s).map(|new| (Some(i), new, s.to_owned()))
            })
            .collect(),
        _ => return,
    };
    for (i, new, s) in found {
        let p = match i {
            Some(i) => at.index(i),
            None => at.clone(),
        };
        ctx.replace(
            &p,
            Value::String(new.to_owned()),
            fidelity,
            format!("`{s}` is spelled `{new}`"),
        );
    }
}

fn role_map(
    ctx: &mut Ctx,
    roles: &Pointer,
    map: &[(String, String)],
    dir: Direction,
    fidelity: Fidelity,
) {
    // Cloned only when some role is mapped (most assets have none to change).
    let Some(items) = ctx
        .get(roles)
        .and_then(Value::as_array)
        .filter(|items| {
            items
                .iter()
                .any(|x| x.as_str().is_some_and(|r| mapped(map, dir, r).is_some()))
        })
        .cloned()
    else {
        return;
    };
    let present = |r: &str| items.iter().any(|x| x.as_str() == Some(r));
    for i in (0..items.len()).rev() {
        let Some(role) = items[i].as_str() else {
            continue;
        };
        let Some(new) = mapped(map, dir, role) else {
            continue;
        };
        if new.is_empty() || present(new) {
            ctx.remove(
                &roles.index(i),
                fidelity,
                format!("role `{role}` is dropped"),
            );
        } else {
            ctx.replace(
                &roles.index(i),
                Value::String(new.to_owned()),
                fidelity,
                format!("role `{role}` is `{new}`"),
            );
        }
    }
}

fn wrap(ctx: &mut Ctx, at: &Pointer, from: &str, to: &str, fidelity: Fidelity) {
    let Some(old) = ctx.member(at, from).cloned() else {
        return;
    };
    if let Some(existing) = ctx.object(at).and_then(|o| o.get(to)).cloned() {
        let wrapped = if old.is_array() {
            old.clone()
        } else {
            Value::Array(vec![old.clone()])
        };
        let (fidelity, why) = if existing == wrapped {
            (Fidelity::Lossless, "repeats")
        } else {
            (Fidelity::Lossy, "is superseded by")
        };
        ctx.remove(&at.key(from), fidelity, format!("`{from}` {why} `{to}`"));
        return;
    }
    let new = if old.is_array() {
        old
    } else {
        Value::Array(vec![old])
    };
    ctx.rename(
        at,
        from,
        to,
        Some(new),
        fidelity,
        format!("`{from}` becomes the list `{to}`"),
    );
}

fn unwrap(ctx: &mut Ctx, at: &Pointer, from: &str, to: &str) {
    let Some(items) = ctx
        .object(at)
        .and_then(|o| o.get(from))
        .and_then(Value::as_array)
        .cloned()
    else {
        return;
    };
    let fidelity = if items.len() > 1 {
        Fidelity::Lossy
    } else {
        Fidelity::Lossless
    };
    let first = items.first().cloned().unwrap_or(Value::Null);
    if items.len() > 1 {
        ctx.diag(
            Diagnostic::new(
                LIST_TRUNCATED,
                Severity::Warning,
                format!(
                    "only the first of {} values of `{from}` fits `{to}`",
                    items.len()
                ),
            )
            .at(at.key(from)),
        );
    }
    ctx.rename(
        at,
        from,
        to,
        Some(first),
        fidelity,
        format!("`{from}` becomes the single value `{to}`"),
    );
}
