//! How a JSON document is laid out, detected once so that new values look like the old ones.

/// Layout conventions of a JSON text, used only for values the input did not contain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Style {
    /// One indentation step (`"  "`, `"    "`, `"\t"`); empty for single-line documents.
    pub indent: String,
    /// Line break (`"\n"` or `"\r\n"`).
    pub newline: String,
    /// Text between a key and its value (`": "` or `":"`).
    pub colon: String,
    /// Escape every non-ASCII character as `\uXXXX` (Python's `ensure_ascii`).
    pub ascii_only: bool,
}

impl Default for Style {
    fn default() -> Self {
        Self {
            indent: "  ".to_owned(),
            newline: "\n".to_owned(),
            colon: ": ".to_owned(),
            ascii_only: false,
        }
    }
}

impl Style {
    /// Detects the style of `text` (a JSON document).
    pub fn detect(text: &str) -> Self {
        let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let indent = text
            .lines()
            .skip_while(|l| !l.trim_start().starts_with(['{', '[']))
            .skip(1)
            .map(|l| &l[..l.len() - l.trim_start().len()])
            .find(|ws| !ws.is_empty())
            .unwrap_or("")
            .to_owned();
        let indent = if text.trim().contains('\n') && indent.is_empty() {
            "  ".to_owned()
        } else {
            indent
        };
        let colon = detect_colon(text).unwrap_or(": ").to_owned();
        let ascii_only = text.is_ascii() && text.contains("\\u");
        Self {
            indent,
            newline: newline.to_owned(),
            colon,
            ascii_only,
        }
    }
}

/// The text between the first key and its value: `": "`, `":"`, `" : "`.
fn detect_colon(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    let mut i = text.find('"')?;
    i += 1;
    while i < bytes.len() && bytes[i] != b'"' {
        i += if bytes[i] == b'\\' { 2 } else { 1 };
    }
    let rest = text.get(i + 1..)?;
    let len = rest.find(|c: char| !c.is_whitespace() && c != ':')?;
    let sep = &rest[..len];
    (sep.trim() == ":").then_some(sep)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_common_layouts() {
        let cases = [
            ("{\n  \"a\": 1\n}\n", "  ", "\n", ": "),
            ("{\r\n    \"a\":1\r\n}", "    ", "\r\n", ":"),
            ("{\n\t\"a\" : 1\n}", "\t", "\n", " : "),
            ("{\"a\": 1}", "", "\n", ": "),
        ];
        for (text, indent, newline, colon) in cases {
            let s = Style::detect(text);
            assert_eq!(
                (s.indent.as_str(), s.newline.as_str(), s.colon.as_str()),
                (indent, newline, colon),
                "{text:?}"
            );
        }
        assert!(Style::detect("{\"a\": \"\\u00e9\"}").ascii_only);
        assert!(!Style::detect("{\"a\": \"é\"}").ascii_only);
    }
}
