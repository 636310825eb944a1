//! Line and column of a JSON pointer in a document's text, for messages that point at the
//! input (`item.json:12:15`).

use super::tree::{Keys, Node};
use crate::kernel::pointer::Pointer;

/// Finds the 1-based line and column of the value a pointer addresses in a JSON text.
///
/// The text is scanned on the first lookup, not before (most documents have no finding to
/// locate, so most locators never scan); YAML texts and texts that are not strict JSON locate
/// nothing.
pub struct Locator<'t> {
    text: &'t str,
    root: std::cell::OnceCell<Option<Node>>,
    /// Byte offsets of the line starts, made on the first lookup: a position is then a
    /// binary search, not a count of the lines before it (thousands of findings in a large
    /// document would otherwise count the same lines again each time).
    lines: std::cell::OnceCell<Vec<usize>>,
    /// Members of large objects by key (thousands of findings in one object).
    keys: Keys<'t>,
}

impl<'t> Locator<'t> {
    /// Scans `text` (strict JSON, as [`super::Source::text`] holds after the lenient reader).
    #[must_use]
    pub fn json(text: &'t str) -> Self {
        Self {
            text,
            root: std::cell::OnceCell::new(),
            lines: std::cell::OnceCell::new(),
            keys: Keys::default(),
        }
    }

    /// A locator that finds nothing (YAML input, or no text).
    #[must_use]
    pub fn none() -> Self {
        Self {
            text: "",
            root: std::cell::OnceCell::from(None),
            lines: std::cell::OnceCell::new(),
            keys: Keys::default(),
        }
    }

    /// `(line, column)`, both 1-based, of the first character of the value at `pointer`
    /// (not of its key); `None` when the pointer addresses
    /// nothing in the text.
    #[must_use]
    pub fn position(&self, pointer: &Pointer) -> Option<(usize, usize)> {
        let root = self.root.get_or_init(|| Node::parse(self.text)).as_ref()?;
        let node = self.keys.find(root, self.text, pointer)?;
        let starts = self.lines.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let at = node.start.min(self.text.len());
        let line = starts.partition_point(|&s| s <= at);
        let column = self.text[starts[line - 1]..at].chars().count() + 1;
        Some((line, column))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_those_line_column_counts() {
        // A small object, escapes, CRLF, and an object large enough to be indexed.
        let many: Vec<String> = (0..40).map(|i| format!("\"k{i}\": {i}")).collect();
        let text = format!(
            "{{\n  \"é\": [1,\n {{\"b\":\r\n \"x\"}}],\n\n  \"c\": {{\"d\": true}},\n  \"m\": {{\n{}}}\n}}",
            many.join(",\n")
        );
        let locator = Locator::json(&text);
        let root = Node::parse(&text).expect("JSON");
        for p in [
            "", "/é", "/é/0", "/é/1", "/é/1/b", "/c", "/c/d", "/m", "/m/k0", "/m/k39",
        ] {
            let at = Pointer::parse(p).expect("pointer");
            let mut node = &root;
            for token in at.tokens() {
                node = node.child(&text, &token).expect("found");
            }
            assert_eq!(
                locator.position(&at),
                Some(super::super::parse::line_column(&text, node.start)),
                "{p}"
            );
        }
        assert_eq!(
            locator.position(&Pointer::parse("/m/k40").expect("pointer")),
            None
        );
    }

    #[test]
    fn positions_are_one_based() {
        let text = "{\n  \"a\": [1, {\"b\": \"x\"}]\n}\n";
        let locator = Locator::json(text);
        let at = |p: &str| locator.position(&Pointer::parse(p).unwrap());
        assert_eq!(at(""), Some((1, 1)));
        assert_eq!(at("/a"), Some((2, 8)));
        assert_eq!(at("/a/1/b"), Some((2, 18)));
        assert_eq!(at("/missing"), None);
        assert_eq!(Locator::none().position(&Pointer::root()), None);
    }
}
