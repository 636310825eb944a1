//! The semantic diff of two STAC documents (`mlm-migrate diff OLD NEW`).
//!
//! Text diffs of JSON drown the one real change in key reordering and re-indentation (the
//! complaint about stactools' diff). This compares parsed values instead: object members by
//! key (order ignored), array items by a longest common subsequence of their canonical form,
//! numbers by value (`1.0` = `1`). Removed and added subtrees that are the same value become one
//! move; a removed and an added member of the same object whose values are mostly alike (a
//! renamed key with edits inside, like `statistics` → `value_scaling`) become one move too, as
//! do the moves the MLM migration of OLD records. See [`super::attribute`] for naming the rule
//! behind each difference.

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
    /// What happened: `add`, `remove`, `replace` or `move` (a move may carry edits inside).
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

/// Share of leaves (relative pointer and value) two values have in common, 0.0–1.0, relative to
/// the larger of the two.
pub fn similarity(a: &Value, b: &Value) -> f64 {
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
