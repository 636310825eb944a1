//! Line and column of a JSON pointer in a document's text, for messages that point at the
//! input (`item.json:12:15`).

use super::tree::Node;
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
}

impl<'t> Locator<'t> {
    /// Scans `text` (strict JSON, as [`super::Source::text`] holds after the lenient reader).
    #[must_use]
    pub fn json(text: &'t str) -> Self {
        Self {
            text,
            root: std::cell::OnceCell::new(),
            lines: std::cell::OnceCell::new(),
        }
    }

    /// A locator that finds nothing (YAML input, or no text).
    #[must_use]
    pub fn none() -> Self {
        Self {
            text: "",
            root: std::cell::OnceCell::from(None),
            lines: std::cell::OnceCell::new(),
        }
    }

    /// `(line, column)`, both 1-based, of the first character of the value at `pointer`
    /// (not of its key); `None` when the pointer addresses
    /// nothing in the text.
    #[must_use]
    pub fn position(&self, pointer: &Pointer) -> Option<(usize, usize)> {
        let root = self.root.get_or_init(|| Node::parse(self.text)).as_ref()?;
        let node = root.find(self.text, pointer)?;
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
        let text = "{\n  \"é\": [1,\n {\"b\":\r\n \"x\"}],\n\n  \"c\": {\"d\": true}\n}";
        let locator = Locator::json(text);
        for p in ["", "/é", "/é/0", "/é/1", "/é/1/b", "/c", "/c/d"] {
            let node = Node::parse(text).expect("JSON");
            let start = node
                .find(text, &Pointer::parse(p).expect("pointer"))
                .expect("found")
                .start;
            assert_eq!(
                locator.position(&Pointer::parse(p).expect("pointer")),
                Some(super::super::parse::line_column(text, start)),
                "{p}"
            );
        }
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
