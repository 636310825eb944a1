//! The input's syntax tree for the writer: byte ranges of every value, and the whitespace
//! ("leads") before each object member and array item.
//!
//! Built by one pass over text that serde_json has already accepted as strict JSON (the reader
//! cleans comments and trailing commas first), so the scanner only needs to find boundaries,
//! not to validate; it borrows keys from the text instead of unescaping them.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;

use crate::kernel::pointer::Pointer;

/// Syntax tree of the input with byte ranges and the whitespace around members.
#[derive(Debug)]
pub(super) struct Node {
    pub start: usize,
    pub end: usize,
    /// Where the line holding `start` begins (strict JSON has line breaks only between tokens).
    pub line: usize,
    pub kind: Kind,
}

#[derive(Debug)]
pub(super) enum Kind {
    Scalar,
    Object {
        members: Vec<Member>,
        tail: (usize, usize),
    },
    Array {
        items: Vec<Item>,
        tail: (usize, usize),
    },
}

#[derive(Debug)]
pub(super) struct Member {
    /// Range of the key including its quotes.
    pub key_range: (usize, usize),
    pub lead: (usize, usize),
    pub colon: (usize, usize),
    pub value: Node,
}

#[derive(Debug)]
pub(super) struct Item {
    pub lead: (usize, usize),
    pub value: Node,
}

impl Member {
    /// The unescaped key (borrowed unless it has escapes).
    pub(super) fn key<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let quoted = &text[self.key_range.0..self.key_range.1];
        let raw = &quoted[1..quoted.len() - 1];
        if raw.contains('\\') {
            Cow::Owned(serde_json::from_str::<String>(quoted).unwrap_or_else(|_| raw.to_owned()))
        } else {
            Cow::Borrowed(raw)
        }
    }
}

impl Node {
    /// The tree of a strict JSON text (`None` if the text is not one value).
    pub(super) fn parse(text: &str) -> Option<Node> {
        let mut s = Scanner {
            b: text.as_bytes(),
            i: 0,
            line: 0,
        };
        s.ws();
        s.value()
    }

    /// The member `token` of an object node, or item `token` of an array node.
    pub(super) fn child(&self, text: &str, token: &str) -> Option<&Node> {
        match &self.kind {
            Kind::Object { members, .. } => {
                Some(&members.iter().find(|m| m.key(text) == token)?.value)
            }
            Kind::Array { items, .. } => Some(&items.get(token.parse::<usize>().ok()?)?.value),
            Kind::Scalar => None,
        }
    }

    /// Leading whitespace of the line this node starts on.
    pub(super) fn indent<'t>(&self, text: &'t str) -> &'t str {
        let line = &text[self.line..];
        &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
    }
}

struct Scanner<'t> {
    b: &'t [u8],
    i: usize,
    /// Start of the current line.
    line: usize,
}

impl Scanner<'_> {
    fn ws(&mut self) {
        while let Some(&c) = self.b.get(self.i) {
            if !c.is_ascii_whitespace() {
                break;
            }
            self.i += 1;
            if c == b'\n' {
                self.line = self.i;
            }
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn value(&mut self) -> Option<Node> {
        let start = self.i;
        let line = self.line;
        let kind = match self.peek()? {
            b'{' => self.object()?,
            b'[' => self.array()?,
            b'"' => {
                self.string()?;
                Kind::Scalar
            }
            _ => {
                while self
                    .peek()
                    .is_some_and(|c| !matches!(c, b',' | b'}' | b']') && !c.is_ascii_whitespace())
                {
                    self.i += 1;
                }
                Kind::Scalar
            }
        };
        Some(Node {
            start,
            end: self.i,
            line,
            kind,
        })
    }

    /// Skips a string literal starting at the opening quote; returns its range.
    fn string(&mut self) -> Option<(usize, usize)> {
        let start = self.i;
        self.i += 1;
        loop {
            match self.peek()? {
                b'\\' => self.i += 2,
                b'"' => {
                    self.i += 1;
                    return Some((start, self.i));
                }
                _ => self.i += 1,
            }
        }
    }

    /// After a value: past the separating `,` (returns the position after it) or at the closer.
    fn separator(&mut self) -> usize {
        let (end, line) = (self.i, self.line);
        self.ws();
        if self.peek() == Some(b',') {
            self.i += 1;
            self.i
        } else {
            (self.i, self.line) = (end, line);
            end
        }
    }

    fn object(&mut self) -> Option<Kind> {
        self.i += 1;
        let mut after = self.i;
        let mut members = Vec::new();
        loop {
            self.ws();
            if self.peek()? == b'}' {
                break;
            }
            let key_range = self.string()?;
            self.ws();
            self.i += 1; // ':'
            self.ws();
            let value = self.value()?;
            let colon = (key_range.1, value.start);
            members.push(Member {
                key_range,
                lead: (after, key_range.0),
                colon,
                value,
            });
            after = self.separator();
        }
        let tail_start = members.last().map_or(after, |m| m.value.end);
        let tail = (tail_start, self.i);
        self.i += 1;
        Some(Kind::Object { members, tail })
    }

    fn array(&mut self) -> Option<Kind> {
        self.i += 1;
        let mut after = self.i;
        let mut items = Vec::new();
        loop {
            self.ws();
            if self.peek()? == b']' {
                break;
            }
            let value = self.value()?;
            items.push(Item {
                lead: (after, value.start),
                value,
            });
            after = self.separator();
        }
        let tail_start = items.last().map_or(after, |i| i.value.end);
        let tail = (tail_start, self.i);
        self.i += 1;
        Some(Kind::Array { items, tail })
    }
}

/// Leading whitespace of the line that contains byte `at`.
pub(super) fn line_indent(text: &str, at: usize) -> &str {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[start..];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// Indentation that follows the last line break of a lead, or `None` for inline layouts.
pub(super) fn lead_indent(lead: &str) -> Option<&str> {
    let i = lead.bytes().rposition(|b| b == b'\n')?;
    Some(lead[i + 1..].trim_end_matches('\r'))
}

/// Objects with more members than this are looked up through an index (see [`Keys`]);
/// smaller ones by comparing keys.
const INDEXED_MEMBERS: usize = 32;

/// Member indices by key of the large objects of one tree (by node address), each made on
/// the first lookup into its object: finding thousands of members of one object (the moved
/// members the writer places, the findings a locator positions) by scanning the object for
/// each would be quadratic.
#[derive(Debug, Default)]
pub(super) struct Keys<'t> {
    by_node: RefCell<HashMap<usize, HashMap<Cow<'t, str>, usize>>>,
}

impl<'t> Keys<'t> {
    /// The node at `ptr` in `root`, the tree of `text`.
    pub(super) fn find<'n>(
        &self,
        root: &'n Node,
        text: &'t str,
        ptr: &Pointer,
    ) -> Option<&'n Node> {
        let mut node = root;
        for token in ptr.tokens() {
            node = match &node.kind {
                Kind::Object { members, .. } => {
                    &members.get(self.position(node, text, &token)?)?.value
                }
                _ => node.child(text, &token)?,
            };
        }
        Some(node)
    }

    /// The index of member `key` of the object `node` (a node of the tree of `text`); `None`
    /// when it has none or is not an object.
    pub(super) fn position(&self, node: &Node, text: &'t str, key: &str) -> Option<usize> {
        let Kind::Object { members, .. } = &node.kind else {
            return None;
        };
        if members.len() <= INDEXED_MEMBERS {
            return members.iter().position(|m| m.key(text) == key);
        }
        let mut by_node = self.by_node.borrow_mut();
        let index = by_node
            .entry(std::ptr::from_ref(node) as usize)
            .or_insert_with(|| {
                let mut index = HashMap::with_capacity(members.len());
                for (i, m) in members.iter().enumerate() {
                    index.entry(m.key(text)).or_insert(i);
                }
                index
            });
        index.get(key).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_leads_and_tails() {
        let text = "{\n  \"a\" : [1, \"x,]\"],\n  \"b\\\"c\": {}\n}";
        let root = Node::parse(text).unwrap();
        let Kind::Object { members, tail } = &root.kind else {
            panic!()
        };
        assert_eq!(members.len(), 2);
        assert_eq!(&text[members[0].lead.0..members[0].lead.1], "\n  ");
        assert_eq!(&text[members[0].colon.0..members[0].colon.1], " : ");
        assert_eq!(
            &text[members[0].value.start..members[0].value.end],
            "[1, \"x,]\"]"
        );
        assert_eq!(members[1].key(text), "b\"c");
        assert_eq!(&text[tail.0..tail.1], "\n");
        let Kind::Array { items, .. } = &members[0].value.kind else {
            panic!()
        };
        assert_eq!(&text[items[1].lead.0..items[1].lead.1], " ");
        let p = Pointer::parse("/a/1").unwrap();
        let n = Keys::default().find(&root, text, &p).unwrap();
        assert_eq!(&text[n.start..n.end], "\"x,]\"");
    }
}
