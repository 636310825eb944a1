//! One pass over a strict JSON text that builds the serde_json [`Value`] and the writer's
//! syntax tree ([`Node`]) together, and notices repeated keys on the way.
//!
//! It accepts only what serde_json accepts and builds exactly the value serde_json builds
//! (`preserve_order` + `arbitrary_precision`): numbers go through `Number`'s own parser, strings
//! with escapes through serde_json's string parser. Anything it is not sure of — a syntax
//! error, a repeated key, nesting deeper than serde_json's limit, serde_json's private marker
//! keys — makes it give up (`None`), and the caller takes the serde_json path, which produces
//! the value or the exact error (line, column, message) it always did. So giving up is always
//! safe; accepting is only done where the result is the same.

use serde_json::{Map, Number, Value};

use super::tree::{Item, Kind, Member, Node};

/// Nesting at which the builder gives up (serde_json refuses 128 levels; this stays below).
const MAX_DEPTH: usize = 100;

/// The value and syntax tree of `text`, or `None` (see the module docs).
pub(super) fn json(text: &str) -> Option<(Value, Node)> {
    build::<true>(text)
}

/// The value of `text` without the syntax tree (a run that renders no output text: the
/// writer parses the text itself if it is asked after all), or `None` as [`json`].
pub(super) fn json_value(text: &str) -> Option<Value> {
    build::<false>(text).map(|(value, _)| value)
}

/// With `TREE` false, containers get a scalar node and no members or items are kept.
fn build<const TREE: bool>(text: &str) -> Option<(Value, Node)> {
    let mut b = Builder::<TREE> {
        t: text,
        b: text.as_bytes(),
        i: 0,
        line: 0,
        depth: 0,
        entries: Vec::new(),
        members: Vec::new(),
        values: Vec::new(),
        items: Vec::new(),
    };
    b.ws();
    let (value, node) = b.value()?;
    b.ws();
    (b.i == b.b.len()).then_some((value, node))
}

struct Builder<'t, const TREE: bool> {
    t: &'t str,
    b: &'t [u8],
    i: usize,
    /// Start of the current line.
    line: usize,
    depth: usize,
    /// Work stacks shared by all levels (each object or array takes its own entries off the
    /// top when it closes), so a level's vectors are allocated once, at their final size.
    entries: Vec<(String, Value)>,
    members: Vec<Member>,
    values: Vec<Value>,
    items: Vec<Item>,
}

impl<const TREE: bool> Builder<'_, TREE> {
    /// JSON whitespace only (serde_json accepts exactly these four).
    fn ws(&mut self) {
        while let Some(&c) = self.b.get(self.i) {
            match c {
                b' ' | b'\r' | b'\t' => self.i += 1,
                b'\n' => {
                    self.i += 1;
                    self.line = self.i;
                }
                _ => break,
            }
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn value(&mut self) -> Option<(Value, Node)> {
        let start = self.i;
        let line = self.line;
        let (value, kind) = match self.peek()? {
            b'{' => self.object()?,
            b'[' => self.array()?,
            b'"' => (Value::String(self.string()?), Kind::Scalar),
            b't' => (self.literal("true", Value::Bool(true))?, Kind::Scalar),
            b'f' => (self.literal("false", Value::Bool(false))?, Kind::Scalar),
            b'n' => (self.literal("null", Value::Null)?, Kind::Scalar),
            b'-' | b'0'..=b'9' => (Value::Number(self.number()?), Kind::Scalar),
            _ => return None,
        };
        Some((
            value,
            Node {
                start,
                end: self.i,
                line,
                kind,
            },
        ))
    }

    fn literal(&mut self, word: &str, value: Value) -> Option<Value> {
        if self.b[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Some(value)
        } else {
            None
        }
    }

    fn digits(&mut self) -> usize {
        let from = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        self.i - from
    }

    /// A number token in JSON's grammar, made into a `Number` by serde_json's own parser.
    fn number(&mut self) -> Option<Number> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.peek()? {
            b'0' => self.i += 1,
            b'1'..=b'9' => {
                self.digits();
            }
            _ => return None,
        }
        let mut integer = true;
        if self.peek() == Some(b'.') {
            integer = false;
            self.i += 1;
            if self.digits() == 0 {
                return None;
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            integer = false;
            self.i += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            if self.digits() == 0 {
                return None;
            }
        }
        let token = &self.t[start..self.i];
        // serde_json keeps integers that fit 64 bits as such (their text is the same: JSON
        // has no leading zeros), except `-0`; everything else keeps its text.
        if integer {
            if token.starts_with('-') {
                if let (false, Ok(n)) = (token == "-0", token.parse::<i64>()) {
                    return Some(n.into());
                }
            } else if let Ok(n) = token.parse::<u64>() {
                return Some(n.into());
            }
        }
        token.parse::<Number>().ok()
    }

    /// A string literal at its opening quote: the unescaped string.
    fn string(&mut self) -> Option<String> {
        let start = self.i;
        self.i += 1;
        let mut escaped = false;
        loop {
            match *self.b.get(self.i)? {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    self.i += 2;
                }
                0..=0x1f => return None,
                _ => self.i += 1,
            }
        }
        self.i += 1;
        if escaped {
            serde_json::from_str::<String>(self.t.get(start..self.i)?).ok()
        } else {
            Some(self.t[start + 1..self.i - 1].to_owned())
        }
    }

    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth < MAX_DEPTH).then_some(())
    }

    fn object(&mut self) -> Option<(Value, Kind)> {
        self.enter()?;
        self.i += 1;
        let mut after = self.i;
        let base = self.entries.len();
        self.ws();
        let tail = if self.peek()? == b'}' {
            (after, self.i)
        } else {
            loop {
                self.ws();
                if self.peek()? != b'"' {
                    return None;
                }
                let key_start = self.i;
                let key = self.string()?;
                let key_range = (key_start, self.i);
                if key.starts_with("$serde_json::private::") {
                    return None;
                }
                self.ws();
                if self.peek()? != b':' {
                    return None;
                }
                self.i += 1;
                self.ws();
                let (value, node) = self.value()?;
                self.entries.push((key, value));
                if TREE {
                    self.members.push(Member {
                        key_range,
                        lead: (after, key_range.0),
                        colon: (key_range.1, node.start),
                        value: node,
                    });
                }
                let end = self.i;
                self.ws();
                match self.peek()? {
                    b',' => {
                        self.i += 1;
                        after = self.i;
                    }
                    b'}' => break (end, self.i),
                    _ => return None,
                }
            }
        };
        self.i += 1;
        self.depth -= 1;
        let mut map = Map::with_capacity(self.entries.len() - base);
        for (key, value) in self.entries.drain(base..) {
            if map.insert(key, value).is_some() {
                return None;
            }
        }
        if !TREE {
            return Some((Value::Object(map), Kind::Scalar));
        }
        let members = self.members.split_off(base);
        Some((Value::Object(map), Kind::Object { members, tail }))
    }

    fn array(&mut self) -> Option<(Value, Kind)> {
        self.enter()?;
        self.i += 1;
        let mut after = self.i;
        let base = self.values.len();
        self.ws();
        let tail = if self.peek()? == b']' {
            (after, self.i)
        } else {
            loop {
                self.ws();
                let (value, node) = self.value()?;
                self.values.push(value);
                if TREE {
                    self.items.push(Item {
                        lead: (after, node.start),
                        value: node,
                    });
                }
                let end = self.i;
                self.ws();
                match self.peek()? {
                    b',' => {
                        self.i += 1;
                        after = self.i;
                    }
                    b']' => break (end, self.i),
                    _ => return None,
                }
            }
        };
        self.i += 1;
        self.depth -= 1;
        let values = self.values.split_off(base);
        if !TREE {
            return Some((Value::Array(values), Kind::Scalar));
        }
        let items = self.items.split_off(base);
        Some((Value::Array(values), Kind::Array { items, tail }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Same value as serde_json, or both give up / fail.
    fn same(text: &str) {
        let ours = json(text).map(|(v, _)| v);
        assert_eq!(
            json_value(text),
            ours,
            "{text:?}: with and without the tree"
        );
        let theirs = serde_json::from_str::<Value>(text).ok();
        match (&ours, &theirs) {
            (Some(a), Some(b)) => {
                assert_eq!(a, b, "{text:?}");
                assert_eq!(a.to_string(), b.to_string(), "{text:?}");
            }
            (Some(_), None) => panic!("accepted what serde_json refuses: {text:?}"),
            _ => {}
        }
    }

    #[test]
    fn values_are_serde_jsons() {
        for text in [
            r#"{"a": 1, "b": [1.50, -0, 1E5, 1e-7, 12345678901234567890123, -9223372036854775809], "c": {}}"#,
            r#"  [true, false, null, "x\"\\\u00e9\ud83d\ude00", "é", [], {} ]  "#,
            r#"{"a": "\ud800"}"#,
            r#"{"a": 1,}"#,
            r#"[1,]"#,
            r#"[01]"#,
            r#"[1.]"#,
            r#"[.5]"#,
            r#"[-]"#,
            r#"[1e]"#,
            r#"[truex]"#,
            r#"{"a" 1}"#,
            r#"{"a": 1 "b": 2}"#,
            "{\"a\": \"tab\there\"}",
            "[1]\u{c}",
            "[1] x",
            "",
            "   ",
            r#"{"$serde_json::private::Number": "1"}"#,
            r#"{"a": 1, "a": 2}"#,
            r#""just a string""#,
            "-0.0e+00",
            r#"["a long string without escapes, é, longer than eight bytes", "12345678\"9"]"#,
            "[\"12345678\u{1}9\"]",
            "[\"1234567\\u00e9 and more text after the escape\"]",
            "{\n                    \"deep\":\n \t\r\n          [ 1 ,\n\n  2 ]  \n}\n   ",
        ] {
            same(text);
        }
        let deep = format!("{}{}", "[".repeat(150), "]".repeat(150));
        same(&deep);
        assert!(json(&deep).is_none());
        assert!(json(r#"{"a": 1, "a": 2}"#).is_none());
    }

    #[test]
    fn trees_are_the_scanners() {
        for text in [
            "{\n  \"a\" : [1, \"x,]\"  ] ,\n  \"b\\\"c\": {  },\"d\":[ ]\n}",
            "{\n                    \"deep\":\n \t\r\n          [ 1 ,\n\n  2 ]  \n}\n   ",
            "\n\n        [\n                {\"a\":\n                        true}]",
        ] {
            let (_, built) = json(text).unwrap();
            let scanned = Node::parse(text).unwrap();
            assert_eq!(format!("{built:?}"), format!("{scanned:?}"), "{text:?}");
        }
    }
}
