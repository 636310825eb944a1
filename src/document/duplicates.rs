//! Duplicate object keys, found with both positions.
//!
//! serde_json and serde_yaml_ng keep the *last* value of a repeated key without a word, while
//! the position-preserving writer sees both members and other readers keep the first — so a
//! migration could read one value and write another. A repeated key is therefore an error
//! naming both places (1-based line and column), and the file is left alone.
//!
//! JSON costs one extra pass only when needed: the members in the text (colons outside
//! strings) are counted against the keys of the parsed value; equal counts mean no key
//! repeats. YAML is checked from the parser events of saphyr-parser, which carry positions
//! (aliases are events, never expanded, so a billion-laughs document stays cheap).

use std::collections::HashMap;

use saphyr_parser::{Event, Parser};
use serde_json::Value;

use super::tree::{Kind, Node};

/// A key that appears twice in one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Duplicate {
    /// The key, unescaped.
    pub key: String,
    /// JSON pointer of the object that holds it (`""` for the root).
    pub object: String,
    /// Where it first appears: a byte offset (JSON) or a 1-based (line, column) (YAML).
    pub first: At,
    /// Where it appears again.
    pub second: At,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum At {
    Offset(usize),
    LineColumn(usize, usize),
}

/// The first repeated key of a strict JSON `text` whose parsed value is `value`.
pub(super) fn json(text: &str, value: &Value) -> Option<Duplicate> {
    if members_in_text(text) == keys_in_value(value) {
        return None;
    }
    let root = Node::parse(text)?;
    let mut path = Vec::new();
    find_in_node(text, &root, &mut path)
}

/// Colons outside string literals: one per object member in strict JSON.
///
/// Scanned in runs (to the next quote outside strings, to the next quote or backslash inside
/// them) rather than byte by byte through a state machine: this runs on every input.
fn members_in_text(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut count, mut i) = (0, 0);
    while i < bytes.len() {
        let rest = &bytes[i..];
        let quote = rest.iter().position(|&b| b == b'"').unwrap_or(rest.len());
        count += rest[..quote].iter().filter(|&&b| b == b':').count();
        i += quote + 1;
        while i < bytes.len() {
            let rest = &bytes[i..];
            match rest.iter().position(|&b| b == b'"' || b == b'\\') {
                // An escape: the backslash and the byte it escapes.
                Some(j) if rest[j] == b'\\' => i += j + 2,
                Some(j) => {
                    i += j + 1;
                    break;
                }
                None => i = bytes.len(),
            }
        }
    }
    count
}

fn keys_in_value(value: &Value) -> usize {
    match value {
        Value::Object(m) => m.len() + m.values().map(keys_in_value).sum::<usize>(),
        Value::Array(a) => a.iter().map(keys_in_value).sum(),
        _ => 0,
    }
}

fn find_in_node(text: &str, node: &Node, path: &mut Vec<String>) -> Option<Duplicate> {
    match &node.kind {
        Kind::Scalar => None,
        Kind::Array { items, .. } => items.iter().enumerate().find_map(|(i, item)| {
            path.push(i.to_string());
            let found = find_in_node(text, &item.value, path);
            path.pop();
            found
        }),
        Kind::Object { members, .. } => {
            let mut seen: HashMap<std::borrow::Cow<'_, str>, usize> = HashMap::new();
            for m in members {
                let key = m.key(text);
                if let Some(&first) = seen.get(&key) {
                    return Some(Duplicate {
                        key: key.into_owned(),
                        object: pointer(path),
                        first: At::Offset(first),
                        second: At::Offset(m.key_range.0),
                    });
                }
                seen.insert(key, m.key_range.0);
            }
            members.iter().find_map(|m| {
                path.push(m.key(text).into_owned());
                let found = find_in_node(text, &m.value, path);
                path.pop();
                found
            })
        }
    }
}

fn pointer(path: &[String]) -> String {
    path.iter()
        .map(|s| format!("/{}", s.replace('~', "~0").replace('/', "~1")))
        .collect()
}

/// One open mapping or sequence while reading YAML events.
enum Frame {
    Map {
        keys: HashMap<String, (usize, usize)>,
        expect_key: bool,
        last_key: String,
    },
    Seq(usize),
}

/// The first repeated key of a YAML `text` (one document, already accepted by serde_yaml_ng).
pub(super) fn yaml(text: &str) -> Option<Duplicate> {
    let mut stack: Vec<Frame> = Vec::new();
    let mut path: Vec<String> = Vec::new();
    for event in Parser::new_from_str(text) {
        let (event, span) = event.ok()?;
        let at = (span.start.line(), span.start.col() + 1);
        match event {
            Event::Scalar(v, ..) => {
                if let Some(d) = scalar(&mut stack, &path, &v, at) {
                    return Some(d);
                }
            }
            Event::Alias(_) => {
                let _ = node_segment(&mut stack);
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let segment = node_segment(&mut stack);
                if !stack.is_empty() || segment.is_some() {
                    path.push(segment.unwrap_or_default());
                }
                stack.push(if matches!(event, Event::MappingStart(..)) {
                    Frame::Map {
                        keys: HashMap::new(),
                        expect_key: true,
                        last_key: String::new(),
                    }
                } else {
                    Frame::Seq(0)
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                path.pop();
            }
            _ => {}
        }
    }
    None
}

/// A scalar: a key (checked against its mapping's keys) or a value.
fn scalar(stack: &mut [Frame], path: &[String], v: &str, at: (usize, usize)) -> Option<Duplicate> {
    if let Some(Frame::Map {
        keys,
        expect_key: true,
        last_key,
    }) = stack.last_mut()
    {
        if let Some(&first) = keys.get(v) {
            return Some(Duplicate {
                key: v.to_owned(),
                object: pointer(path),
                first: At::LineColumn(first.0, first.1),
                second: At::LineColumn(at.0, at.1),
            });
        }
        keys.insert(v.to_owned(), at);
        v.clone_into(last_key);
        if let Some(Frame::Map { expect_key, .. }) = stack.last_mut() {
            *expect_key = false;
        }
        return None;
    }
    let _ = node_segment(stack);
    None
}

/// Advances the parent frame past a value node and returns the node's pointer segment
/// (`None` at the root).
fn node_segment(stack: &mut [Frame]) -> Option<String> {
    match stack.last_mut()? {
        Frame::Map {
            expect_key,
            last_key,
            ..
        } => {
            // A complex key (a mapping or sequence as key) is not comparable; serde rejects it.
            let segment = if *expect_key {
                "?".to_owned()
            } else {
                last_key.clone()
            };
            *expect_key = !*expect_key;
            Some(segment)
        }
        Frame::Seq(i) => {
            *i += 1;
            Some((*i - 1).to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json_dup(text: &str) -> Option<Duplicate> {
        let value: Value = serde_json::from_str(text).unwrap();
        json(text, &value)
    }

    /// The byte-by-byte state machine [`members_in_text`] replaces.
    fn members_by_byte(text: &str) -> usize {
        let (mut count, mut in_string, mut escaped) = (0, false, false);
        for &b in text.as_bytes() {
            if in_string {
                match b {
                    _ if escaped => escaped = false,
                    b'\\' => escaped = true,
                    b'"' => in_string = false,
                    _ => {}
                }
            } else if b == b'"' {
                in_string = true;
            } else if b == b':' {
                count += 1;
            }
        }
        count
    }

    #[test]
    fn members_are_counted_outside_strings_only() {
        let texts = [
            r#"{"a:b": ":", "c": {"d": "\":\\", "e\"": [":"]}}"#,
            r#"{"x": "\\"}"#,
            r#"{"x": "a\"#,
            r#"{"x": "unterminated"#,
            r#"":":"#,
            "",
            ":::",
        ];
        for t in texts {
            assert_eq!(members_in_text(t), members_by_byte(t), "{t}");
        }
        assert_eq!(members_in_text(texts[0]), 4);
    }

    #[test]
    fn json_duplicates_are_found_with_both_offsets() {
        let text = r#"{"a": {"x": ":", "y": [{"k": 1, "k": 2}]}, "b": 1}"#;
        let d = json_dup(text).unwrap();
        assert_eq!(d.key, "k");
        assert_eq!(d.object, "/a/y/0");
        assert_eq!(
            (d.first, d.second),
            (At::Offset(24), At::Offset(32)),
            "{}",
            &text[24..]
        );
        assert_eq!(json_dup(r#"{"a": 1, "b": {"a": 2}}"#), None);
        let escaped = json_dup(r#"{"a/b": {"\u0061": 1, "a": 2}}"#).unwrap();
        assert_eq!(
            (escaped.key.as_str(), escaped.object.as_str()),
            ("a", "/a~1b")
        );
    }

    #[test]
    fn the_reported_panic_input_is_a_duplicate() {
        let d = json_dup(r#"{"stac_extensions":[],"stac_extensions":["x"]}"#).unwrap();
        assert_eq!((d.key.as_str(), d.object.as_str()), ("stac_extensions", ""));
    }

    #[test]
    fn yaml_duplicates_are_found_with_both_positions() {
        let d = yaml("a: 1\nb:\n  c: 2\n  d: [x, {e: 1, e: 2}]\n  c: 4\n").unwrap();
        assert_eq!((d.key.as_str(), d.object.as_str()), ("e", "/b/d/1"));
        assert_eq!(
            (d.first, d.second),
            (At::LineColumn(4, 11), At::LineColumn(4, 17))
        );
        let d = yaml("a: 1\nb:\n  c: 2\n  d: 3\n  'c': 4\n").unwrap();
        assert_eq!((d.key.as_str(), d.object.as_str()), ("c", "/b"));
        assert_eq!(
            (d.first, d.second),
            (At::LineColumn(3, 3), At::LineColumn(5, 3))
        );
        assert_eq!(yaml("a: {a: 1}\nb: [a, a]\nc: &x {k: 1}\nd: *x\n"), None);
    }
}
