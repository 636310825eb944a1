//! The semantic diff of two STAC documents (`mlm-migrate diff OLD NEW`).
//!
//! Text diffs of JSON drown the one real change in key reordering and re-indentation (the
//! complaint about stactools' diff). This compares parsed values instead: object members by
//! key (order ignored), numbers by value (`1.0` = `1`), and array items by what they are:
//!
//! - by identity where items have one: `name` (bands, inputs, outputs, classes) or `href`
//!   (assets, links), unique on both sides ([`IDENTITY_KEYS`]); an item out of order among the
//!   matched items is a move;
//! - by band position in `value_scaling` (and the older `statistics`), item `i` with item `i`;
//! - otherwise by a longest common subsequence of their canonical form, the unequal blocks
//!   paired by structural similarity ([`similarity`]).
//!
//! Matched items are compared member by member. Removed and added subtrees that are the same
//! value become one move; a removed and an added member of the same object whose values are
//! mostly alike (a renamed key with edits inside, like `statistics` → `value_scaling`) become
//! one move too, as do the moves the MLM migration of OLD records; a move whose value changed
//! is followed by its member-level edits ([`expand_moves`]). See [`super::attribute`] for
//! naming the rule behind each difference.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use serde_json::Value;
use similar::{Algorithm, DiffOp, capture_diff_slices};

use crate::kernel::pointer::{Pointer, leaves};
use crate::report::{Fidelity, Op, RuleRef};

/// One semantic difference. `from` points into OLD, `to` into NEW.
///
/// JSON shape: `{"op": "move", "from": "/a", "to": "/b", "old": …, "new": …, "rule": {…},
/// "fidelity": "lossless", "message": "…"}`; absent members are omitted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Difference {
    /// What happened: `add`, `remove`, `replace` or `move` (a move whose value changed has no
    /// `old`/`new`: its member-level edits follow it as entries of their own).
    pub op: Op,
    /// Where the value was in OLD (absent for additions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<Pointer>,
    /// Where the value is in NEW (absent for removals).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<Pointer>,
    /// The value in OLD.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<Value>,
    /// The value in NEW.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<Value>,
    /// The MLM migration rule that makes this change, when it is recognised.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<RuleRef>,
    /// The fidelity of the recognised rule's change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fidelity: Option<Fidelity>,
    /// The recognised change's message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl Difference {
    fn new(op: Op, from: Option<Pointer>, to: Option<Pointer>) -> Self {
        Self {
            op,
            from,
            to,
            old: None,
            new: None,
            rule: None,
            fidelity: None,
            message: None,
        }
    }

    /// The pointer to show first: `to` when there is one, else `from`.
    pub fn pointer(&self) -> Pointer {
        self.to
            .clone()
            .or_else(|| self.from.clone())
            .unwrap_or_default()
    }
}

/// A canonical text of `v` for comparisons: object keys sorted, numbers by value.
pub fn canonical(v: &Value) -> String {
    let mut out = String::new();
    write_canonical(v, &mut out);
    out
}

fn write_canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(m) => {
            let mut members: Vec<_> = m.iter().collect();
            members.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (k, v)) in members.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                write_canonical(v, out);
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, item) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        Value::Number(n) => out.push_str(&number_text(&n.to_string())),
        other => out.push_str(&other.to_string()),
    }
}

/// `1.0`, `1` and `1e0` all read as `1`; other numbers as their shortest `f64` text.
fn number_text(text: &str) -> String {
    if let Ok(i) = text.parse::<i128>() {
        return i.to_string();
    }
    match text.parse::<f64>() {
        Ok(f) if f.is_finite() && f == f.trunc() && f.abs() < 1e15 => format!("{f:.0}"),
        Ok(f) if f.is_finite() => format!("{f:e}"),
        _ => text.to_owned(),
    }
}

/// True when `a` and `b` are the same value (key order and number spelling aside).
pub fn same(a: &Value, b: &Value) -> bool {
    a == b || canonical(a) == canonical(b)
}

/// The structural differences from `old` to `new`, in document order, before moves are paired.
pub fn structural(old: &Value, new: &Value) -> Vec<Difference> {
    let mut out = Vec::new();
    walk(old, new, &Pointer::root(), &Pointer::root(), &mut out);
    out
}

fn walk(old: &Value, new: &Value, from: &Pointer, to: &Pointer, out: &mut Vec<Difference>) {
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, va) in a {
                match b.get(k) {
                    Some(vb) => walk(va, vb, &from.key(k), &to.key(k), out),
                    None => out.push(removed(from.key(k), va)),
                }
            }
            for (k, vb) in b.iter().filter(|(k, _)| !a.contains_key(*k)) {
                out.push(added(to.key(k), vb));
            }
        }
        (Value::Array(a), Value::Array(b)) => array(a, b, from, to, out),
        _ if same(old, new) => {}
        _ => {
            let mut d = Difference::new(Op::Replace, Some(from.clone()), Some(to.clone()));
            d.old = Some(old.clone());
            d.new = Some(new.clone());
            out.push(d);
        }
    }
}

fn array(a: &[Value], b: &[Value], from: &Pointer, to: &Pointer, out: &mut Vec<Difference>) {
    if let Some(key) = identity_key(a, b) {
        return by_identity(a, b, key, from, to, out);
    }
    if positional(from) || positional(to) {
        for (i, (x, y)) in a.iter().zip(b).enumerate() {
            walk(x, y, &from.index(i), &to.index(i), out);
        }
        for (i, x) in a.iter().enumerate().skip(b.len()) {
            out.push(removed(from.index(i), x));
        }
        for (j, y) in b.iter().enumerate().skip(a.len()) {
            out.push(added(to.index(j), y));
        }
        return;
    }
    by_sequence(a, b, from, to, out);
}

/// Members that name an array item (`name` of bands, inputs, outputs and classes; `href` of
/// assets and links), in the order they are tried.
pub const IDENTITY_KEYS: [&str; 2] = ["name", "href"];

/// Arrays whose items belong to the band at the same position (MLM `value_scaling`, the older
/// `statistics`): item `i` is matched with item `i`.
pub const POSITIONAL: [&str; 2] = ["value_scaling", "statistics"];

fn positional(at: &Pointer) -> bool {
    at.split_last()
        .is_some_and(|(_, last)| POSITIONAL.contains(&last.as_str()))
}

/// The identity member every object item of both arrays has as a string, unique on each side.
fn identity_key(a: &[Value], b: &[Value]) -> Option<&'static str> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    IDENTITY_KEYS.into_iter().find(|key| {
        let ids = |items: &[Value]| -> Option<Vec<String>> {
            let ids: Vec<String> = items
                .iter()
                .map(|v| v.get(*key).and_then(Value::as_str).map(str::to_owned))
                .collect::<Option<_>>()?;
            let mut sorted = ids.clone();
            sorted.sort();
            sorted.dedup();
            (sorted.len() == ids.len()).then_some(ids)
        };
        ids(a).is_some() && ids(b).is_some()
    })
}

/// Items matched by their identity member: items on both sides are compared member by member
/// (an item whose place among the matched items changed is a move); the others are matched by
/// similarity (a renamed band with its other members kept) or are added and removed.
fn by_identity(
    a: &[Value],
    b: &[Value],
    key: &str,
    from: &Pointer,
    to: &Pointer,
    out: &mut Vec<Difference>,
) {
    let id = |v: &Value| v.get(key).and_then(Value::as_str).unwrap_or("").to_owned();
    let (ia, ib): (Vec<String>, Vec<String>) =
        (a.iter().map(id).collect(), b.iter().map(id).collect());
    let where_b: HashMap<&String, usize> = ib.iter().enumerate().map(|(j, k)| (k, j)).collect();
    let where_a: HashMap<&String, usize> = ia.iter().enumerate().map(|(i, k)| (k, i)).collect();
    let common_a: Vec<usize> = (0..a.len())
        .filter(|&i| where_b.contains_key(&ia[i]))
        .collect();
    let common_b: Vec<usize> = (0..b.len())
        .filter(|&j| where_a.contains_key(&ib[j]))
        .collect();
    let ka: Vec<&String> = common_a.iter().map(|&i| &ia[i]).collect();
    let kb: Vec<&String> = common_b.iter().map(|&j| &ib[j]).collect();
    // the matched items in their common order stay; the rest of the matched items moved
    let mut in_order = HashSet::new();
    for op in capture_diff_slices(Algorithm::Myers, &ka, &kb) {
        if let DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            in_order.extend((0..len).map(|k| (common_a[old_index + k], common_b[new_index + k])));
        }
    }
    // entries grouped per item, then listed in NEW's order (a removal before the item that
    // follows it)
    let mut groups: Vec<((usize, u8), Vec<Difference>)> = Vec::new();
    let mut matched: Vec<(usize, usize)> = Vec::new();
    for &i in &common_a {
        let Some(&j) = where_b.get(&ia[i]) else {
            continue;
        };
        let mut here = Vec::new();
        if in_order.contains(&(i, j)) {
            walk(&a[i], &b[j], &from.index(i), &to.index(j), &mut here);
        } else {
            let mut d = Difference::new(Op::Move, Some(from.index(i)), Some(to.index(j)));
            d.old = Some(a[i].clone());
            d.new = Some(b[j].clone());
            here.push(d);
        }
        matched.push((i, j));
        groups.push(((j, 1), here));
    }
    let rest_a: Vec<usize> = (0..a.len())
        .filter(|i| !where_b.contains_key(&ia[*i]))
        .collect();
    let rest_b: Vec<usize> = (0..b.len())
        .filter(|j| !where_a.contains_key(&ib[*j]))
        .collect();
    let ra: Vec<Value> = rest_a.iter().map(|&i| a[i].clone()).collect();
    let rb: Vec<Value> = rest_b.iter().map(|&j| b[j].clone()).collect();
    let pairs = pair_items(&ra, &rb);
    for &(x, y) in &pairs {
        let (i, j) = (rest_a[x], rest_b[y]);
        let mut here = Vec::new();
        walk(&a[i], &b[j], &from.index(i), &to.index(j), &mut here);
        matched.push((i, j));
        groups.push(((j, 1), here));
    }
    for (x, &i) in rest_a.iter().enumerate() {
        if !pairs.iter().any(|p| p.0 == x) {
            let next = matched
                .iter()
                .filter(|(mi, _)| *mi > i)
                .map(|(_, mj)| *mj)
                .min()
                .unwrap_or(b.len());
            groups.push(((next, 0), vec![removed(from.index(i), &a[i])]));
        }
    }
    for (y, &j) in rest_b.iter().enumerate() {
        if !pairs.iter().any(|p| p.1 == y) {
            groups.push(((j, 1), vec![added(to.index(j), &b[j])]));
        }
    }
    groups.sort_by_key(|(k, _)| *k);
    out.extend(groups.into_iter().flat_map(|(_, g)| g));
}

/// Items without an identity: a longest common subsequence of their canonical forms, the
/// unequal blocks paired by similarity.
fn by_sequence(a: &[Value], b: &[Value], from: &Pointer, to: &Pointer, out: &mut Vec<Difference>) {
    let ka: Vec<String> = a.iter().map(canonical).collect();
    let kb: Vec<String> = b.iter().map(canonical).collect();
    for op in capture_diff_slices(Algorithm::Myers, &ka, &kb) {
        let (old_range, new_range) = match op {
            DiffOp::Equal { .. } => continue,
            DiffOp::Delete {
                old_index, old_len, ..
            } => (old_index..old_index + old_len, 0..0),
            DiffOp::Insert {
                new_index, new_len, ..
            } => (0..0, new_index..new_index + new_len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (
                old_index..old_index + old_len,
                new_index..new_index + new_len,
            ),
        };
        let pairs = pair_items(&a[old_range.clone()], &b[new_range.clone()]);
        let (mut used_old, mut used_new) = (Vec::new(), Vec::new());
        for (i, j) in pairs {
            let (i, j) = (old_range.start + i, new_range.start + j);
            walk(&a[i], &b[j], &from.index(i), &to.index(j), out);
            used_old.push(i);
            used_new.push(j);
        }
        for i in old_range.filter(|i| !used_old.contains(i)) {
            out.push(removed(from.index(i), &a[i]));
        }
        for j in new_range.filter(|j| !used_new.contains(j)) {
            out.push(added(to.index(j), &b[j]));
        }
    }
}

/// Which items of a replaced block are the same item edited: scalars pair by position;
/// objects and arrays pair, in order, with the next item that is mostly alike (see
/// [`similarity`]), so removing one link and editing the next reads as exactly that.
fn pair_items(a: &[Value], b: &[Value]) -> Vec<(usize, usize)> {
    let scalar = |v: &Value| !v.is_object() && !v.is_array();
    if a.iter().chain(b).all(scalar) {
        return (0..a.len().min(b.len())).map(|i| (i, i)).collect();
    }
    let mut pairs = Vec::new();
    let mut next_old = 0;
    for (j, new) in b.iter().enumerate() {
        let found = (next_old..a.len()).find(|&i| {
            let (old, new) = (&a[i], new);
            if scalar(old) || scalar(new) {
                return false;
            }
            similarity(old, new) >= 0.5
        });
        if let Some(i) = found {
            pairs.push((i, j));
            next_old = i + 1;
        }
    }
    pairs
}

fn removed(at: Pointer, v: &Value) -> Difference {
    let mut d = Difference::new(Op::Remove, Some(at), None);
    d.old = Some(v.clone());
    d
}

fn added(at: Pointer, v: &Value) -> Difference {
    let mut d = Difference::new(Op::Add, None, Some(at));
    d.new = Some(v.clone());
    d
}

/// A test whether a removal and an addition are one move.
type Pairing<'a> = dyn Fn(&Difference, &Difference) -> bool + 'a;

/// Pairs removals with additions into moves: first the `hints` (moves the migration recorded,
/// OLD pointer → NEW pointer), then equal values (scalars only under the same key name), then
/// renamed members of one object whose values are mostly alike (see [`similarity`]).
pub fn pair_moves(diffs: Vec<Difference>, hints: &[(Pointer, Pointer)]) -> Vec<Difference> {
    let mut diffs: Vec<Option<Difference>> = diffs.into_iter().map(Some).collect();
    let removes: Vec<usize> = (0..diffs.len())
        .filter(|&i| diffs[i].as_ref().is_some_and(|d| d.op == Op::Remove))
        .collect();
    let passes: [&Pairing<'_>; 3] = [
        &|r, a| {
            hints
                .iter()
                .any(|(f, t)| r.from.as_ref() == Some(f) && a.to.as_ref() == Some(t))
        },
        &|r, a| equal_move(r, a),
        &|r, a| renamed(r, a),
    ];
    for pass in passes {
        for &ri in &removes {
            let Some(r) = diffs[ri].as_ref().filter(|d| d.op == Op::Remove) else {
                continue;
            };
            let found = (0..diffs.len()).find(|&ai| {
                diffs[ai]
                    .as_ref()
                    .is_some_and(|a| a.op == Op::Add && pass(r, a))
            });
            if let Some(ai) = found {
                let add = diffs[ai].take();
                if let (Some(r), Some(a)) = (diffs[ri].as_mut(), add) {
                    r.op = Op::Move;
                    r.to = a.to;
                    r.new = a.new;
                }
            }
        }
    }
    diffs.into_iter().flatten().collect()
}

fn last_token(p: Option<&Pointer>) -> Option<String> {
    p.and_then(Pointer::split_last).map(|(_, last)| last)
}

fn equal_move(r: &Difference, a: &Difference) -> bool {
    let (Some(old), Some(new)) = (&r.old, &a.new) else {
        return false;
    };
    let substantial = match old {
        Value::Object(m) => !m.is_empty(),
        Value::Array(v) => !v.is_empty(),
        _ => false,
    };
    let same_name = last_token(r.from.as_ref()) == last_token(a.to.as_ref());
    (substantial || same_name) && same(old, new)
}

fn renamed(r: &Difference, a: &Difference) -> bool {
    let parent = |p: Option<&Pointer>| p.and_then(Pointer::split_last).map(|(parent, _)| parent);
    let (Some(old), Some(new)) = (&r.old, &a.new) else {
        return false;
    };
    let kin = matches!(
        (old, new),
        (Value::Object(_), Value::Object(_)) | (Value::Array(_), Value::Array(_))
    );
    kin && parent(r.from.as_ref()) == parent(a.to.as_ref()) && similarity(old, new) >= 0.5
}

/// How alike two values are, 0.0–1.0: the larger of the share of leaves they have in common
/// ([`leaf_similarity`]) and, for two objects, the share of members with the same value
/// relative to the larger object (so an input whose `statistics` became `value_scaling` is
/// still recognised by its unchanged `name`, `bands` and `resize_type`).
pub fn similarity(a: &Value, b: &Value) -> f64 {
    let members = match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let larger = x.len().max(y.len());
            let common = x
                .iter()
                .filter(|(k, v)| y.get(*k).is_some_and(|w| same(v, w)))
                .count();
            if larger == 0 {
                0.0
            } else {
                common as f64 / larger as f64
            }
        }
        _ => 0.0,
    };
    leaf_similarity(a, b).max(members)
}

/// Moves whose value changed on the way, shown as the move itself followed by the member-level
/// differences between the moved value and where it arrived (each paired into moves again), so
/// `statistics` → `value_scaling` reads as one move plus an added `type` per band rather than
/// the whole array twice. Such a move keeps no `old`/`new` values: its edits follow it.
pub fn expand_moves(diffs: Vec<Difference>, hints: &[(Pointer, Pointer)]) -> Vec<Difference> {
    let mut out = Vec::with_capacity(diffs.len());
    for mut d in diffs {
        let inner = match (d.op, &d.from, &d.to, &d.old, &d.new) {
            (Op::Move, Some(from), Some(to), Some(old), Some(new))
                if !same(old, new)
                    && matches!(
                        (old, new),
                        (Value::Object(_), Value::Object(_)) | (Value::Array(_), Value::Array(_))
                    ) =>
            {
                let mut inner = Vec::new();
                walk(old, new, from, to, &mut inner);
                Some(expand_moves(pair_moves(inner, hints), hints))
            }
            _ => None,
        };
        match inner {
            Some(inner) => {
                d.old = None;
                d.new = None;
                out.push(d);
                out.extend(inner);
            }
            None => out.push(d),
        }
    }
    out
}

/// Share of leaves (relative pointer and value) two values have in common, 0.0–1.0, relative to
/// the larger of the two.
pub fn leaf_similarity(a: &Value, b: &Value) -> f64 {
    let set = |v: &Value| -> Vec<String> {
        leaves(v)
            .into_iter()
            .map(|(p, x)| format!("{}={}", p.as_str(), canonical(x)))
            .collect()
    };
    let (la, lb) = (set(a), set(b));
    let larger = la.len().max(lb.len());
    if larger == 0 {
        return 0.0;
    }
    let common = la.iter().filter(|x| lb.contains(x)).count();
    common as f64 / larger as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn summary(diffs: &[Difference]) -> Vec<String> {
        diffs
            .iter()
            .map(|d| {
                let p = |p: &Option<Pointer>| p.as_ref().map_or("-".to_owned(), |p| p.to_string());
                format!("{:?} {} {}", d.op, p(&d.from), p(&d.to))
            })
            .collect()
    }

    #[test]
    fn structural_and_moves() {
        // (old, new, expected differences)
        let cases: Vec<(Value, Value, Vec<&str>)> = vec![
            (json!({"a": 1, "b": 2}), json!({"b": 2, "a": 1.0}), vec![]),
            (
                json!({"a": [1, 2, 3]}),
                json!({"a": [1, 3]}),
                vec!["Remove /a/1 -"],
            ),
            (
                json!({"a": [1, 2]}),
                json!({"a": [0, 1, 2]}),
                vec!["Add - /a/0"],
            ),
            (
                json!({"a": ["x", "y"]}),
                json!({"a": ["x", "z"]}),
                vec!["Replace /a/1 /a/1"],
            ),
            (
                json!({"p": {"raster:bands": [{"name": "B1"}]}, "w": {}}),
                json!({"p": {}, "w": {"raster:bands": [{"name": "B1"}]}}),
                vec!["Move /p/raster:bands /w/raster:bands"],
            ),
            (
                json!({"i": {"statistics": [{"mean": 1, "stddev": 2}, {"mean": 3, "stddev": 4}]}}),
                json!({"i": {"value_scaling": [{"type": "z-score", "mean": 1, "stddev": 2}, {"type": "z-score", "mean": 3, "stddev": 4}]}}),
                vec!["Move /i/statistics /i/value_scaling"],
            ),
            (
                // equal scalars under different names are not a move
                json!({"a": true}),
                json!({"b": true}),
                vec!["Remove /a -", "Add - /b"],
            ),
        ];
        for (old, new, expected) in cases {
            let diffs = pair_moves(structural(&old, &new), &[]);
            assert_eq!(summary(&diffs), expected, "{old} → {new}");
        }
    }

    #[test]
    fn array_items_match_by_identity_and_position() {
        let expanded = |old: Value, new: Value| {
            summary(&expand_moves(pair_moves(structural(&old, &new), &[]), &[]))
        };
        let cases: Vec<(Value, Value, Vec<&str>)> = vec![
            (
                // an input matched by `name` although most of it changed: its members differ
                json!({"in": [{"name": "x", "a": [1, 2, 3, 4], "b": 1}]}),
                json!({"in": [{"name": "x", "c": [5, 6, 7, 8], "b": 2}]}),
                vec![
                    "Remove /in/0/a -",
                    "Replace /in/0/b /in/0/b",
                    "Add - /in/0/c",
                ],
            ),
            (
                // reordered bands: the one out of order is a move, edits inside follow it
                json!({"bands": [{"name": "B1"}, {"name": "B2", "u": 1}]}),
                json!({"bands": [{"name": "B2", "u": 2}, {"name": "B1"}]}),
                vec!["Move /bands/1 /bands/0", "Replace /bands/1/u /bands/0/u"],
            ),
            (
                // links by `href`: one removed, the next edited
                json!({"links": [{"href": "a", "rel": "x"}, {"href": "b", "rel": "y"}]}),
                json!({"links": [{"href": "b", "rel": "z"}]}),
                vec!["Remove /links/0 -", "Replace /links/1/rel /links/0/rel"],
            ),
            (
                // value_scaling entries by band position
                json!({"value_scaling": [{"type": "z-score", "mean": 1}, {"type": "z-score", "mean": 2}]}),
                json!({"value_scaling": [{"type": "z-score", "mean": 1}, {"type": "z-score", "mean": 3}]}),
                vec!["Replace /value_scaling/1/mean /value_scaling/1/mean"],
            ),
            (
                // a renamed member with edits inside: the move, then its edits
                json!({"i": {"statistics": [{"mean": 1}, {"mean": 2}]}}),
                json!({"i": {"value_scaling": [{"type": "z", "mean": 1}, {"type": "z", "mean": 2}]}}),
                vec![
                    "Move /i/statistics /i/value_scaling",
                    "Add - /i/value_scaling/0/type",
                    "Add - /i/value_scaling/1/type",
                ],
            ),
        ];
        for (old, new, expected) in cases {
            assert_eq!(
                expanded(old.clone(), new.clone()),
                expected,
                "{old} → {new}"
            );
        }
    }

    #[test]
    fn hinted_moves_pair_unlike_values() {
        let old = json!({"i": {"norm_type": "z-score"}});
        let new = json!({"i": {"value_scaling": [{"type": "z-score"}]}});
        let hint = (
            Pointer::parse("/i/norm_type").unwrap(),
            Pointer::parse("/i/value_scaling").unwrap(),
        );
        let diffs = pair_moves(structural(&old, &new), &[hint]);
        assert_eq!(summary(&diffs), ["Move /i/norm_type /i/value_scaling"]);
    }

    #[test]
    fn numbers_compare_by_value() {
        let a: Value = serde_json::from_str("[1.0, 0.50, 1e2, 0.003921569]").unwrap();
        let b: Value = serde_json::from_str("[1, 0.5, 100, 0.003921569]").unwrap();
        assert!(same(&a, &b));
        assert!(!same(&json!(0.1), &json!(0.2)));
    }
}
