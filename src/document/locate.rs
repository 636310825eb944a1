//! Line and column of a JSON pointer in a document's text, for messages that point at the
//! input (`item.json:12:15`).

use super::parse::line_column;
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
}

impl<'t> Locator<'t> {
    /// Scans `text` (strict JSON, as [`super::Source::text`] holds after the lenient reader).
    #[must_use]
    pub fn json(text: &'t str) -> Self {
        Self {
            text,
            root: std::cell::OnceCell::new(),
        }
    }

    /// A locator that finds nothing (YAML input, or no text).
    #[must_use]
    pub fn none() -> Self {
        Self {
            text: "",
            root: std::cell::OnceCell::from(None),
        }
    }

    /// `(line, column)`, both 1-based, of the first character of the value at `pointer`
    /// (not of its key); `None` when the pointer addresses
    /// nothing in the text.
    #[must_use]
    pub fn position(&self, pointer: &Pointer) -> Option<(usize, usize)> {
        let root = self.root.get_or_init(|| Node::parse(self.text)).as_ref()?;
        let node = root.find(self.text, pointer)?;
        Some(line_column(self.text, node.start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
