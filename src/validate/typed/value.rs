//! Checking one value against a type of the field tables, recursively: kinds, constraints,
//! nested objects (with their required members and tagged variants), array items.

use serde_json::{Map, Value};

use super::super::codes;
use super::super::fields::{Limits, Member, Shape, Table, Type, describe};
use super::super::finding::Finding;
use super::Sink;
use crate::kernel::pointer::{Members, Pointer};
use crate::kernel::versions::Spec;

/// What is being checked: the table and version, where, and a human label
/// (`mlm:input[0].value_scaling[3]`). The pointer and the label are built from the chain of
/// parents only when a finding needs them ([`At::pointer`], [`At::label`]), not for every
/// member and item checked.
pub(super) struct At<'a> {
    pub table: &'a Table,
    pub spec: Spec,
    place: Place<'a>,
}

/// Where an [`At`] is: a field (the pointer of the object holding it, and its name), or a
/// member or item of another place.
enum Place<'a> {
    Field(&'a Pointer, &'a str),
    Item(&'a At<'a>, usize),
    Member(&'a At<'a>, &'a str),
}

impl<'a> At<'a> {
    /// The value of field `name` of the object at `holder` (pointer `holder/name`, label
    /// `name`).
    pub(super) fn field(table: &'a Table, spec: Spec, holder: &'a Pointer, name: &'a str) -> Self {
        Self {
            table,
            spec,
            place: Place::Field(holder, name),
        }
    }

    pub(super) fn item(&self, index: usize) -> At<'_> {
        At {
            table: self.table,
            spec: self.spec,
            place: Place::Item(self, index),
        }
    }

    fn member<'b>(&'b self, name: &'b str) -> At<'b> {
        At {
            table: self.table,
            spec: self.spec,
            place: Place::Member(self, name),
        }
    }

    /// The JSON pointer of the value.
    pub(super) fn pointer(&self) -> Pointer {
        match &self.place {
            Place::Field(holder, name) => holder.key(name),
            Place::Item(parent, i) => parent.pointer().index(*i),
            Place::Member(parent, name) => parent.pointer().key(name),
        }
    }

    /// The label of the value (`mlm:input[0].value_scaling[3]`).
    pub(super) fn label(&self) -> String {
        match &self.place {
            Place::Field(_, name) => (*name).to_owned(),
            Place::Item(parent, i) => format!("{}[{i}]", parent.label()),
            Place::Member(parent, name) => format!("{}.{name}", parent.label()),
        }
    }
}

/// Checks `value` against `ty` and `limits`, pushing findings to `sink`.
pub(super) fn check(value: &Value, ty: &Type, limits: &Limits, at: &At<'_>, sink: &mut Sink) {
    check_in(value, ty, limits, false, at, sink);
}

/// [`check`]; `in_array`: `value` is an item of an array checked against `limits`, whose
/// `min_items` and `unique_items` apply to the outermost array only.
fn check_in(
    value: &Value,
    ty: &Type,
    limits: &Limits,
    in_array: bool,
    at: &At<'_>,
    sink: &mut Sink,
) {
    if !ty.admits_kind(value) {
        sink.push(kind_finding(value, ty, at));
        return;
    }
    match value {
        Value::Array(items) => array(items, ty, limits, in_array, at, sink),
        Value::Object(map) => object(map, ty, limits, at, sink),
        // "null" where null is meant: the field allows null, and the string is not valid.
        Value::String(text)
            if text == "null"
                && ty.admits_kind(&Value::Null)
                && (!limits.one_of.is_empty()
                    || !ty.admits_kind(&Value::String(String::new()))) =>
        {
            sink.push(
                Finding::typed(
                    codes::STRING_NULL,
                    at.pointer(),
                    format!("`{}` is the string \"null\", not null", at.label()),
                )
                .expecting("null (without quotes) or one of the listed values"),
            );
        }
        Value::String(text) => string(text, limits, at, sink),
        Value::Number(n) => number(n, limits, at, sink),
        _ => {}
    }
}

fn kind_finding(value: &Value, ty: &Type, at: &At<'_>) -> Finding {
    let null_text = value.as_str() == Some("null");
    if null_text && ty.admits_kind(&Value::Null) {
        return Finding::typed(
            codes::STRING_NULL,
            at.pointer(),
            format!("`{}` is the string \"null\", not null", at.label()),
        )
        .expecting(format!("{} (null without quotes)", at.table.words(ty)));
    }
    Finding::typed(
        codes::WRONG_TYPE,
        at.pointer(),
        format!("`{}` is {}", at.label(), describe(value)),
    )
    .expecting(at.table.words(ty))
}

fn array(
    items: &[Value],
    ty: &Type,
    limits: &Limits,
    in_array: bool,
    at: &At<'_>,
    sink: &mut Sink,
) {
    let inner = ty.alternatives().iter().find_map(|t| match t {
        Type::Array(inner) => Some(inner.as_ref()),
        Type::Any => Some(&Type::Any),
        _ => None,
    });
    let Some(inner) = inner else { return };
    if let Some(min) = limits
        .min_items
        .filter(|min| !in_array && items.len() < *min)
    {
        sink.push(
            invalid(at, format!("`{}` has {} items", at.label(), items.len())).expecting(format!(
                "at least {min} item{}",
                if min == 1 { "" } else { "s" }
            )),
        );
    }
    if limits.unique_items && !in_array {
        // Every occurrence of a repeated item is named: either may be the one to change.
        let repeats = repeats(items);
        for (i, others) in repeats.iter().enumerate() {
            if !others.is_empty() {
                let others: Vec<String> = others.iter().map(|j| format!("[{j}]")).collect();
                sink.push(
                    invalid(
                        &at.item(i),
                        format!("`{}[{i}]` is repeated at {}", at.label(), others.join(", ")),
                    )
                    .expecting("distinct items"),
                );
            }
        }
    }
    for (i, item) in items.iter().enumerate() {
        check_in(item, inner, limits, true, &at.item(i), sink);
    }
}

fn object(map: &Map<String, Value>, ty: &Type, limits: &Limits, at: &At<'_>, sink: &mut Sink) {
    let shape = ty.alternatives().iter().find_map(|t| match t {
        Type::Shape(name) => at.table.shape(name),
        _ => None,
    });
    if let Some(shape) = shape {
        return check_shape(map, shape, at, sink);
    }
    if let Some(min) = limits.min_properties.filter(|min| map.len() < *min) {
        sink.push(
            invalid(at, format!("`{}` has {} members", at.label(), map.len()))
                .expecting(format!("at least {min} member")),
        );
    }
    if let Some(pattern) = &limits.key_pattern {
        for key in map.keys().filter(|k| !matches(pattern, k)) {
            sink.push(
                invalid(
                    &at.member(key),
                    format!("`{}` has the key {key:?}", at.label()),
                )
                .expecting(format!("keys matching {pattern}")),
            );
        }
    }
}

/// Checks an object of a known shape: its variant (tagged shapes), required members, member
/// values, and unknown members of closed shapes.
fn check_shape(map: &Map<String, Value>, shape: &Shape, at: &At<'_>, sink: &mut Sink) {
    let variant = match &shape.tag {
        None => None,
        Some(tag) => match variant(map, shape, tag, at, sink) {
            Some(v) => Some(v),
            None => return,
        },
    };
    let members: Vec<&Member> = at
        .table
        .members(&shape.name, at.spec)
        .filter(|m| {
            variant.is_none_or(|v| m.variants.is_empty() || m.variants.iter().any(|x| x == v))
        })
        .collect();
    for m in &members {
        let required = m.required.is_some_and(|r| r.contains(at.spec))
            || variant.is_some_and(|v| m.required_for.iter().any(|x| x == v));
        if required && !has(map, &m.name) {
            let what = variant.map_or_else(|| shape.title.clone(), ToOwned::to_owned);
            sink.push(
                Finding::typed(
                    codes::MISSING_FIELD,
                    at.pointer(),
                    format!("`{}`: {what} needs \"{}\"", at.label(), m.name),
                )
                .expecting(format!("\"{}\": {}", m.name, at.table.words(&m.ty))),
            );
        }
    }
    for (key, value) in map {
        match members.iter().find(|m| &m.name == key) {
            Some(m) => check(value, &m.ty, &m.limits, &at.member(key), sink),
            None if shape.closed => {
                let known: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
                sink.push(
                    Finding::typed(
                        codes::UNKNOWN_FIELD,
                        at.pointer().key(key),
                        format!(
                            "`{}` has the member \"{key}\", which a {} does not allow",
                            at.label(),
                            shape.title
                        ),
                    )
                    .expecting(format!("only {}", known.join(", "))),
                );
            }
            None => {}
        }
    }
}

/// Whether `map` has the member `key`: compared name by name in the small objects of model
/// metadata (cheaper than hashing the name), looked up in larger ones.
fn has(map: &Map<String, Value>, key: &str) -> bool {
    if map.len() <= 8 {
        map.keys().any(|k| k == key)
    } else {
        map.has_member(key)
    }
}

/// The variant of a tagged object, or `None` (with a finding) when its tag is missing or
/// not one of the variants.
fn variant<'s>(
    map: &Map<String, Value>,
    shape: &'s Shape,
    tag: &str,
    at: &At<'_>,
    sink: &mut Sink,
) -> Option<&'s str> {
    let list = || shape.variants.join(", ");
    let Some(value) = map.get(tag) else {
        sink.push(
            Finding::typed(
                codes::MISSING_FIELD,
                at.pointer(),
                format!("`{}`: a {} needs \"{tag}\"", at.label(), shape.title),
            )
            .expecting(format!("\"{tag}\": one of {}", list())),
        );
        return None;
    };
    let found = value
        .as_str()
        .and_then(|v| shape.variants.iter().find(|x| *x == v));
    if found.is_none() {
        let got = describe(value);
        let close = value.as_str().and_then(|v| closest(v, &shape.variants));
        let mut f = Finding::typed(
            codes::NOT_IN_ENUM,
            at.pointer().key(tag),
            format!("`{}.{tag}` is {got}{}", at.label(), suggestion(close)),
        );
        f = f.expecting(format!("one of {}", list()));
        sink.push(f);
    }
    found.map(String::as_str)
}

fn string(text: &str, limits: &Limits, at: &At<'_>, sink: &mut Sink) {
    if !limits.one_of.is_empty() && !limits.one_of.iter().any(|v| v == text) {
        let close = closest(text, &limits.one_of);
        sink.push(
            Finding::typed(
                codes::NOT_IN_ENUM,
                at.pointer(),
                format!(
                    "`{}` is {}{}",
                    at.label(),
                    describe(&Value::String(text.to_owned())),
                    suggestion(close)
                ),
            )
            .expecting(format!("one of {}", limits.one_of.join(", "))),
        );
        return;
    }
    if let Some(min) = limits.min_length.filter(|min| text.chars().count() < *min) {
        sink.push(
            invalid(at, format!("`{}` is too short ({:?})", at.label(), text)).expecting(format!(
                "at least {min} character{}",
                if min == 1 { "" } else { "s" }
            )),
        );
    } else if let Some(pattern) = limits.pattern.as_ref().filter(|p| !matches(p, text)) {
        sink.push(
            invalid(
                at,
                format!(
                    "`{}` is {:?}, which does not match the spec's pattern",
                    at.label(),
                    text
                ),
            )
            .expecting(format!("a string matching {pattern}")),
        );
    }
}

fn number(n: &serde_json::Number, limits: &Limits, at: &At<'_>, sink: &mut Sink) {
    // Without bounds there is nothing to compare (the number text is not parsed).
    if limits.minimum.is_none() && limits.exclusive_minimum.is_none() {
        return;
    }
    let Some(x) = n.as_f64() else { return };
    if let Some(min) = limits.minimum.filter(|min| x < *min) {
        sink.push(
            invalid(at, format!("`{}` is {n}", at.label())).expecting(format!("a value ≥ {min}")),
        );
    }
    if let Some(min) = limits.exclusive_minimum.filter(|min| x <= *min) {
        sink.push(
            invalid(at, format!("`{}` is {n}", at.label())).expecting(format!("a value > {min}")),
        );
    }
}

/// For each item of `items`, the indices of the other items equal to it (`==`, so members in
/// another order are equal), ascending. Items are grouped by a structural hash first, so a
/// long list (a classifier's 21,843 classes) costs a pass over it, not a comparison of every
/// pair; only items of the same hash are compared.
fn repeats(items: &[Value]) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); items.len()];
    let mut order: Vec<(u64, usize)> = items
        .iter()
        .enumerate()
        .map(|(i, v)| (fingerprint(v), i))
        .collect();
    order.sort_unstable();
    for group in order.chunk_by(|a, b| a.0 == b.0).filter(|g| g.len() > 1) {
        for &(_, i) in group {
            out[i] = group
                .iter()
                .map(|&(_, j)| j)
                .filter(|&j| j != i && items[j] == items[i])
                .collect();
            out[i].sort_unstable();
        }
    }
    out
}

/// A hash of `value` that equal values share: object members are combined without regard
/// to their order (serde_json's `==` ignores it), numbers by their text (as `==` compares
/// them with arbitrary precision).
fn fingerprint(value: &Value) -> u64 {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut h = DefaultHasher::new();
    match value {
        Value::Null => 0u8.hash(&mut h),
        Value::Bool(b) => (1u8, b).hash(&mut h),
        Value::Number(n) => (2u8, n).hash(&mut h),
        Value::String(s) => (3u8, s).hash(&mut h),
        Value::Array(a) => {
            4u8.hash(&mut h);
            for v in a {
                fingerprint(v).hash(&mut h);
            }
        }
        Value::Object(o) => {
            let members = o.iter().fold(0u64, |acc, (k, v)| {
                let mut m = DefaultHasher::new();
                (k, fingerprint(v)).hash(&mut m);
                acc.wrapping_add(m.finish())
            });
            (5u8, o.len(), members).hash(&mut h);
        }
    }
    h.finish()
}

fn invalid(at: &At<'_>, message: String) -> Finding {
    Finding::typed(codes::INVALID_VALUE, at.pointer(), message)
}

/// True when `text` matches the regular expression `pattern` (a table pattern that does not
/// compile matches everything; a test proves every table pattern compiles).
pub(super) fn matches(pattern: &str, text: &str) -> bool {
    use std::cell::RefCell;
    // Per thread, no lock: bulk runs check strings on every worker at once. The tables have a
    // handful of patterns, so a scan of (pattern, compiled) pairs is cheaper than hashing.
    thread_local! {
        static COMPILED: RefCell<Vec<(String, Option<regex::Regex>)>> = const { RefCell::new(Vec::new()) };
    }
    COMPILED.with_borrow_mut(|compiled| {
        let i = match compiled.iter().position(|(p, _)| p == pattern) {
            Some(i) => i,
            None => {
                compiled.push((pattern.to_owned(), regex::Regex::new(pattern).ok()));
                compiled.len() - 1
            }
        };
        compiled[i].1.as_ref().is_none_or(|re| re.is_match(text))
    })
}

/// The allowed value closest to `text`: same letters ignoring case, `_`/space for `-`.
pub(super) fn closest<'v>(text: &str, allowed: &'v [String]) -> Option<&'v str> {
    let norm = |s: &str| s.to_ascii_lowercase().replace(['_', ' '], "-");
    let wanted = norm(text);
    allowed
        .iter()
        .find(|v| norm(v) == wanted)
        .map(String::as_str)
}

fn suggestion(close: Option<&str>) -> String {
    close.map_or_else(String::new, |c| format!(" (did you mean \"{c}\"?)"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Every pair compared: what [`repeats`] must agree with.
    fn pairwise(items: &[Value]) -> Vec<Vec<usize>> {
        (0..items.len())
            .map(|i| {
                (0..items.len())
                    .filter(|&j| j != i && items[j] == items[i])
                    .collect()
            })
            .collect()
    }

    #[test]
    fn repeats_are_those_every_pair_finds() {
        let items: Vec<Value> = serde_json::from_str(
            r#"[
                {"value": 1, "name": "a"}, {"name": "a", "value": 1}, {"value": 1.0, "name": "a"},
                "x", "x", 1, 1.0, 1, null, null, true, false, [1, 2], [2, 1], [1, 2],
                {"value": 2, "name": "b", "extra": {"k": [1, {"z": 0, "y": 1}]}},
                {"extra": {"k": [1, {"y": 1, "z": 0}]}, "name": "b", "value": 2},
                {}, {}, []
            ]"#,
        )
        .expect("JSON");
        assert_eq!(repeats(&items), pairwise(&items));
        assert_eq!(
            repeats(&items)[0],
            [1],
            "members in another order are equal; 1.0 is not 1"
        );
        let many: Vec<Value> = (0..1200)
            .map(|i| json!({"value": i % 400, "name": format!("class {}", i % 400)}))
            .collect();
        let got = repeats(&many);
        assert_eq!(got[5], [405, 805]);
        assert_eq!(got, pairwise(&many));
    }
}
