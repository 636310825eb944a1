//! The format-preserving JSON writer.
//!
//! The output value is walked next to the input's syntax tree. A subtree whose value did not
//! change is copied from the input text byte for byte (re-indented when it moved to another
//! depth); changed objects and arrays keep each surviving member's own whitespace, key
//! spelling and number text, and new members borrow the layout of their siblings. Values the
//! input never had are written in the document's detected [`Style`]. The result: a text diff
//! of a migrated file touches only the lines whose values changed.

use std::collections::HashSet;

use serde_json::Value;

use super::tree::{Keys, Kind, Node, lead_indent, line_indent};
use super::{Source, Style};
use crate::kernel::pointer::Pointer;
pub use crate::kernel::records::Origins;

/// Writes `output` as JSON in the layout of `source` (see the module docs).
pub fn json(source: &Source, output: &Value, origins: &Origins) -> String {
    let text = source.text.as_str();
    let scanned;
    let root = match source.tree.of(text) {
        Some(built) => Some(built),
        None => {
            scanned = Node::parse(text);
            scanned.as_ref()
        }
    };
    let style = Style::detect(text);
    let Some(root) = root else {
        return fresh_document(output, &style);
    };
    let mut r = Renderer {
        text,
        input: &source.value,
        root,
        style,
        origins,
        towards_moves: towards(origins),
        keys: Keys::default(),
        out: String::with_capacity(text.len() + text.len() / 4),
    };
    r.out.push_str(&text[..root.start]);
    let indent = Some(line_indent(text, root.start).to_owned());
    r.value(
        output,
        (!origins.is_empty()).then(Pointer::root).as_ref(),
        Some((root, &source.value)),
        indent.as_deref(),
    );
    r.out.push_str(&text[root.end..]);
    r.out
}

/// The output pointers of the moved subtrees and of everything that holds them.
fn towards(origins: &Origins) -> HashSet<&str> {
    let mut set = HashSet::new();
    for (to, _) in origins.iter() {
        set.extend(to.ancestors_or_self());
    }
    set
}

fn fresh_document(output: &Value, style: &Style) -> String {
    let mut s = serde_json::to_string_pretty(output).unwrap_or_default();
    s.push_str(&style.newline);
    s
}

struct Layout {
    first: String,
    other: String,
    tail: String,
    colon: String,
}

struct Renderer<'a> {
    text: &'a str,
    input: &'a Value,
    root: &'a Node,
    style: Style,
    origins: &'a Origins,
    /// Every moved subtree's output pointer and the pointers above it.
    towards_moves: HashSet<&'a str>,
    /// Finds the input node a moved value came from (large objects through an index).
    keys: Keys<'a>,
    out: String,
}

impl<'a> Renderer<'a> {
    fn slice(&self, r: (usize, usize)) -> &'a str {
        &self.text[r.0..r.1]
    }

    /// Writes `v` (at output pointer `at`); `orig` is the input node and value it replaces;
    /// `indent` is the indentation of the line the value starts on (`None` when inline).
    fn value(
        &mut self,
        v: &Value,
        at: Option<&Pointer>,
        orig: Option<(&Node, &Value)>,
        indent: Option<&str>,
    ) {
        if let Some((node, old)) = orig {
            if same(old, v) {
                self.copy(node, indent);
                return;
            }
        }
        match v {
            Value::Object(map) if !map.is_empty() => self.object(map, at, orig, indent),
            Value::Array(items) if !items.is_empty() => self.array(items, at, orig, indent),
            _ => self.scalar(v),
        }
    }

    fn copy(&mut self, node: &Node, indent: Option<&str>) {
        let text = &self.text[node.start..node.end];
        if let Some(new) = indent {
            let old = node.indent(self.text);
            if new != old && text.contains('\n') {
                let from = format!("\n{old}");
                let to = format!("\n{new}");
                self.out.push_str(&text.replace(&from, &to));
                return;
            }
        }
        self.out.push_str(text);
    }

    fn layout(
        &self,
        leads: &[(usize, usize)],
        tail: Option<(usize, usize)>,
        indent: Option<&str>,
    ) -> Layout {
        let s = &self.style;
        if let (Some(first), Some(tail)) = (leads.first(), tail) {
            let other = leads.get(1).unwrap_or(first);
            let other = self.slice(*other);
            let other = if other.is_empty()
                && lead_indent(self.slice(*first)).is_none()
                && leads.len() == 1
            {
                " "
            } else {
                other
            };
            return Layout {
                first: self.slice(*first).to_owned(),
                other: other.to_owned(),
                tail: self.slice(tail).to_owned(),
                colon: s.colon.clone(),
            };
        }
        match indent {
            Some(ind) if !s.indent.is_empty() => Layout {
                first: format!("{}{ind}{}", s.newline, s.indent),
                other: format!("{}{ind}{}", s.newline, s.indent),
                tail: format!("{}{ind}", s.newline),
                colon: s.colon.clone(),
            },
            _ => Layout {
                first: String::new(),
                other: " ".to_owned(),
                tail: String::new(),
                colon: s.colon.clone(),
            },
        }
    }

    fn object(
        &mut self,
        map: &serde_json::Map<String, Value>,
        at: Option<&Pointer>,
        orig: Option<(&Node, &Value)>,
        indent: Option<&str>,
    ) {
        let (members, tail) = match orig {
            Some((
                Node {
                    kind: Kind::Object { members, tail },
                    ..
                },
                Value::Object(_),
            )) => (members.as_slice(), Some(*tail)),
            _ => (&[][..], None),
        };
        let old_map = orig.and_then(|(_, v)| v.as_object());
        let entries: Vec<(&String, &Value)> = old_map.map_or_else(Vec::new, |o| o.iter().collect());
        let leads: Vec<_> = members.iter().map(|m| m.lead).collect();
        let mut lay = self.layout(&leads, tail, indent);
        if let Some(m) = members.first() {
            lay.colon = self.slice(m.colon).to_owned();
        }
        self.out.push('{');
        for (i, (k, v)) in map.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            let child_at = self.child(at, |p| p.key(k));
            let child_at = child_at.as_ref();
            // The input member with the same key, first looked for at the same place (how
            // unchanged objects line up; keys compared unescaped from the value, as the
            // members are its entries one for one: a repeated key is a read error).
            let own = if entries.len() == members.len()
                && entries.get(i).is_some_and(|(key, _)| *key == k)
            {
                Some(i)
            } else {
                orig.and_then(|(node, _)| self.keys.position(node, self.text, k))
            };
            let lead: &str = match own {
                Some(j) if (j == 0) == (i == 0) => self.slice(members[j].lead),
                _ if i == 0 => &lay.first,
                _ => &lay.other,
            };
            self.out.push_str(lead);
            match own {
                Some(j) => {
                    let m = &members[j];
                    self.out.push_str(self.slice(m.key_range));
                    self.out.push_str(self.slice(m.colon));
                }
                None => {
                    self.push_string(k);
                    self.out.push_str(&lay.colon);
                }
            }
            let from = self.moved_from(child_at).or_else(|| {
                let old = match own {
                    Some(j) if entries.len() == members.len() => Some(entries[j].1),
                    _ => old_map.and_then(|o| o.get(k)),
                };
                own.zip(old).map(|(j, old)| (&members[j].value, old))
            });
            self.value(v, child_at, from, lead_indent(lead));
        }
        self.out.push_str(&lay.tail);
        self.out.push('}');
    }

    fn array(
        &mut self,
        items: &[Value],
        at: Option<&Pointer>,
        orig: Option<(&Node, &Value)>,
        indent: Option<&str>,
    ) {
        let (olds, tail) = match orig {
            Some((
                Node {
                    kind: Kind::Array { items, tail },
                    ..
                },
                Value::Array(_),
            )) => (items.as_slice(), Some(*tail)),
            _ => (&[][..], None),
        };
        let old_vals: &[Value] = orig
            .and_then(|(_, v)| v.as_array())
            .map_or(&[], Vec::as_slice);
        let leads: Vec<_> = olds.iter().map(|m| m.lead).collect();
        let lay = self.layout(&leads, tail, indent);
        let matched = match_items(items, old_vals);
        self.out.push('[');
        for (i, v) in items.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            let child_at = self.child(at, |p| p.index(i));
            let child_at = child_at.as_ref();
            let lead: &str = match matched[i] {
                Some(j) if (j == 0) == (i == 0) => self.slice(olds[j].lead),
                _ if i == 0 => &lay.first,
                _ => &lay.other,
            };
            self.out.push_str(lead);
            let from = self
                .moved_from(child_at)
                .or_else(|| matched[i].map(|j| (&olds[j].value, &old_vals[j])));
            self.value(v, child_at, from, lead_indent(lead));
        }
        self.out.push_str(&lay.tail);
        self.out.push(']');
    }

    /// The pointer of a child — only tracked on the way to something that moved (pointers
    /// cost allocations, and elsewhere the writer never needs them): `None` below the parent
    /// `None`, and when no moved subtree is at or below the child.
    fn child(&self, at: Option<&Pointer>, f: impl FnOnce(&Pointer) -> Pointer) -> Option<Pointer> {
        let child = f(at?);
        self.towards_moves.contains(child.as_str()).then_some(child)
    }

    fn moved_from(&self, at: Option<&Pointer>) -> Option<(&'a Node, &'a Value)> {
        let from = self.origins.get(at?)?;
        Some((
            self.keys.find(self.root, self.text, from)?,
            from.get(self.input)?,
        ))
    }

    fn scalar(&mut self, v: &Value) {
        match v {
            Value::String(s) => self.push_string(s),
            Value::Object(_) => self.out.push_str("{}"),
            Value::Array(_) => self.out.push_str("[]"),
            other => self.out.push_str(&other.to_string()),
        }
    }

    fn push_string(&mut self, s: &str) {
        let quoted = serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"));
        if self.style.ascii_only && !quoted.is_ascii() {
            for c in quoted.chars() {
                if c.is_ascii() {
                    self.out.push(c);
                } else {
                    let mut buf = [0u16; 2];
                    for unit in c.encode_utf16(&mut buf) {
                        self.out.push_str(&format!("\\u{unit:04x}"));
                    }
                }
            }
        } else {
            self.out.push_str(&quoted);
        }
    }
}

/// `a == b` (objects compare as maps, whatever their key order), first trying the members in
/// order, which is how unchanged objects compare: no key is hashed then.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            if x.len() != y.len() {
                return false;
            }
            for ((k, v), (l, w)) in x.iter().zip(y) {
                if k != l {
                    return x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)));
                }
                if !same(v, w) {
                    return false;
                }
            }
            true
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same(v, w))
        }
        _ => a == b,
    }
}

/// For each new array item, the index of the old item whose text it should reuse: an equal old
/// item after the previous match if there is one, else the old item at the same index.
fn match_items(new: &[Value], old: &[Value]) -> Vec<Option<usize>> {
    let mut used = vec![false; old.len()];
    let mut next = 0;
    let mut out = vec![None; new.len()];
    for (i, v) in new.iter().enumerate() {
        if let Some(j) = (next..old.len()).find(|&j| !used[j] && same(&old[j], v)) {
            used[j] = true;
            next = j + 1;
            out[i] = Some(j);
        }
    }
    for (i, slot) in out.iter_mut().enumerate() {
        if slot.is_none() && i < old.len() && !used[i] {
            used[i] = true;
            *slot = Some(i);
        }
    }
    out
}

#[cfg(test)]
#[path = "render_tests.rs"]
mod tests;
