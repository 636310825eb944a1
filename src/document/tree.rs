//! The input's syntax tree for the writer: byte ranges of every value, and the whitespace
//! ("leads") before each object member and array item, from jsonc-parser's AST.

use jsonc_parser::ast;
use jsonc_parser::common::Ranged;

use crate::pointer::Pointer;

/// Syntax tree of the input with byte ranges and the whitespace around members.
pub(super) struct Node {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

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

pub(super) struct Member {
    pub key: String,
    pub key_range: (usize, usize),
    pub lead: (usize, usize),
    pub colon: (usize, usize),
    pub value: Node,
}

pub(super) struct Item {
    pub lead: (usize, usize),
    pub value: Node,
}

impl Node {
    pub fn build(text: &str, v: &ast::Value<'_>) -> Node {
        let range = v.range();
        let kind = match v {
            ast::Value::Object(o) => {
                let mut members = Vec::with_capacity(o.properties.len());
                let mut after = range.start + 1;
                for p in &o.properties {
                    let kr = p.name.range();
                    let value = Node::build(text, &p.value);
                    let lead = (after, kr.start);
                    let colon = (kr.end, value.start);
                    after = next_after_comma(text, value.end);
                    members.push(Member {
                        key: p.name.as_str().to_owned(),
                        key_range: (kr.start, kr.end),
                        lead,
                        colon,
                        value,
                    });
                }
                let tail_start = members.last().map_or(range.start + 1, |m| m.value.end);
                Kind::Object {
                    members,
                    tail: (tail_start, range.end - 1),
                }
            }
            ast::Value::Array(a) => {
                let mut items = Vec::with_capacity(a.elements.len());
                let mut after = range.start + 1;
                for e in &a.elements {
                    let value = Node::build(text, e);
                    let lead = (after, value.start);
                    after = next_after_comma(text, value.end);
                    items.push(Item { lead, value });
                }
                let tail_start = items.last().map_or(range.start + 1, |i| i.value.end);
                Kind::Array {
                    items,
                    tail: (tail_start, range.end - 1),
                }
            }
            _ => Kind::Scalar,
        };
        Node {
            start: range.start,
            end: range.end,
            kind,
        }
    }

    /// The input node at `ptr`, walking from this node.
    pub fn find(&self, ptr: &Pointer) -> Option<&Node> {
        let mut node = self;
        for token in ptr.tokens() {
            node = match &node.kind {
                Kind::Object { members, .. } => &members.iter().find(|m| m.key == token)?.value,
                Kind::Array { items, .. } => &items.get(token.parse::<usize>().ok()?)?.value,
                Kind::Scalar => return None,
            };
        }
        Some(node)
    }
}

/// Position just after the `,` that follows a value ending at `end` (or `end` itself).
fn next_after_comma(text: &str, end: usize) -> usize {
    text[end..]
        .find(|c: char| !c.is_whitespace())
        .filter(|&i| text.as_bytes()[end + i] == b',')
        .map_or(end, |i| end + i + 1)
}

/// Leading whitespace of the line that contains byte `at`.
pub(super) fn line_indent(text: &str, at: usize) -> &str {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[start..];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// Indentation that follows the last line break of a lead, or `None` for inline layouts.
pub(super) fn lead_indent(lead: &str) -> Option<&str> {
    lead.rfind('\n')
        .map(|i| lead[i + 1..].trim_end_matches('\r'))
}
