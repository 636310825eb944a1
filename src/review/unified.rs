//! The unified text diff of `--diff`: input text against output text, with file headers, three
//! lines of context, and ANSI colour on request (the binary asks only when standard output is
//! a terminal and `NO_COLOR` is unset).
//!
//! Because the writer keeps every untouched byte (see [`crate::document::render`]), this diff
//! shows only the lines whose values change: no key reordering, no reformatting noise.

use similar::TextDiff;

/// Options of [`unified`].
#[derive(Debug, Clone, Copy, Default)]
pub struct UnifiedOptions {
    /// Colour the lines with ANSI escapes: headers bold, hunk headers cyan, removals red,
    /// additions green.
    pub color: bool,
}

/// The unified diff from `old` to `new`, both labelled `name` (`--- name` / `+++ name`, so
/// `patch -p0` applies it); empty when the texts are equal. A missing final newline is marked
/// `\ No newline at end of file`.
pub fn unified(name: &str, old: &str, new: &str, opts: UnifiedOptions) -> String {
    if old == new {
        return String::new();
    }
    let diff = TextDiff::from_lines(old, new);
    let text = diff
        .unified_diff()
        .context_radius(3)
        .header(name, name)
        .to_string();
    if opts.color { colorize(&text) } else { text }
}

fn colorize(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for line in text.split_inclusive('\n') {
        let (body, nl) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        let code = if body.starts_with("---") || body.starts_with("+++") {
            Some("1")
        } else if body.starts_with("@@") {
            Some("36")
        } else if body.starts_with('-') {
            Some("31")
        } else if body.starts_with('+') {
            Some("32")
        } else {
            None
        };
        match code {
            Some(c) => out.push_str(&format!("\x1b[{c}m{body}\x1b[0m{nl}")),
            None => out.push_str(line),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_hunks_and_colour() {
        let old = "{\n  \"a\": 1,\n  \"b\": 2\n}\n";
        let new = "{\n  \"a\": 1,\n  \"b\": 3\n}\n";
        let plain = unified("x.json", old, new, UnifiedOptions::default());
        assert_eq!(
            plain,
            "--- x.json\n+++ x.json\n@@ -1,4 +1,4 @@\n {\n   \"a\": 1,\n-  \"b\": 2\n+  \"b\": 3\n }\n"
        );
        let colored = unified("x.json", old, new, UnifiedOptions { color: true });
        assert!(colored.contains("\x1b[31m-  \"b\": 2\x1b[0m\n"));
        assert!(colored.contains("\x1b[32m+  \"b\": 3\x1b[0m\n"));
        assert!(colored.starts_with("\x1b[1m--- x.json\x1b[0m\n"));
        assert_eq!(unified("x", old, old, UnifiedOptions::default()), "");
    }

    #[test]
    fn missing_final_newline_is_marked() {
        let d = unified("x", "a\n", "b", UnifiedOptions::default());
        assert!(d.ends_with("+b\n\\ No newline at end of file\n"), "{d}");
    }
}
