//! A light scanner of an ItemCollection's JSON text: where the top-level `features` array and
//! each of its members are, by byte offset, without parsing anything into values. It trusts
//! the text to be strict JSON (the caller checks that first): it only skips strings and
//! counts brackets.
//!
//! And the re-indentation of one feature: JSON strings hold no raw line break, so every line
//! break of a feature's text is between tokens, and the indentation of its nesting level can
//! be taken off each line after the first (the feature then reads as a document of its own)
//! and put back on the lines of its output.

use std::ops::Range;

/// Where the parts of an ItemCollection's text are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Layout {
    /// The `[` that opens the top-level `features` array.
    pub(crate) open: usize,
    /// The `]` that closes it.
    pub(crate) close: usize,
    /// Each member of `features`, in order.
    pub(crate) features: Vec<Range<usize>>,
    /// The raw text of the top-level `type` value (`"FeatureCollection"` with its quotes).
    pub(crate) kind: Option<Range<usize>>,
}

/// The layout of `text`, a JSON object with a `features` array; `None` when the text is not
/// one, names `features` or `type` twice, or spells either key with an escape.
pub(crate) fn scan(text: &str) -> Option<Layout> {
    let b = text.as_bytes();
    let mut i = skip_ws(b, 0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i += 1;
    let (mut features, mut kind) = (None, None);
    loop {
        i = skip_ws(b, i);
        match b.get(i)? {
            b'}' => break,
            b',' => {
                i += 1;
                continue;
            }
            b'"' => {}
            _ => return None,
        }
        let key_end = skip_string(b, i)?;
        let key = &b[i + 1..key_end - 1];
        i = skip_ws(b, key_end);
        if b.get(i) != Some(&b':') {
            return None;
        }
        i = skip_ws(b, i + 1);
        let end = skip_value(b, i)?;
        match key {
            b"features" if features.is_some() => return None,
            b"features" if b[i] == b'[' => features = Some((i, end - 1, members(b, i, end)?)),
            b"features" => return None,
            b"type" if kind.is_some() => return None,
            b"type" => kind = Some(i..end),
            _ => {}
        }
        i = end;
    }
    let (open, close, features) = features?;
    Some(Layout {
        open,
        close,
        features,
        kind,
    })
}

/// The members of the array `b[start..end]`.
fn members(b: &[u8], start: usize, end: usize) -> Option<Vec<Range<usize>>> {
    let mut out = Vec::new();
    let mut i = start + 1;
    loop {
        i = skip_ws(b, i);
        match *b.get(i)? {
            b']' if i + 1 == end => return Some(out),
            b',' => i += 1,
            _ => {
                let e = skip_value(b, i)?;
                out.push(i..e);
                i = e;
            }
        }
    }
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while b
        .get(i)
        .is_some_and(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
    {
        i += 1;
    }
    i
}

/// The end (exclusive) of the string starting at `b[i] == '"'`.
fn skip_string(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    loop {
        match *b.get(j)? {
            b'"' => return Some(j + 1),
            b'\\' => j += 2,
            _ => j += 1,
        }
    }
}

/// The end (exclusive) of the value starting at `b[i]`.
fn skip_value(b: &[u8], i: usize) -> Option<usize> {
    match *b.get(i)? {
        b'"' => skip_string(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            loop {
                match *b.get(j)? {
                    b'"' => {
                        j = skip_string(b, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
        }
        _ => {
            let mut j = i;
            while b
                .get(j)
                .is_some_and(|c| !matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'))
            {
                j += 1;
            }
            (j > i).then_some(j)
        }
    }
}

/// How a feature's text stands in the whole: the indentation of its line (taken off the lines
/// after its first, and put back on its output's) and where it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Indent<'t> {
    /// The whitespace before the feature on its line (empty when something else is before it:
    /// the feature is then on one line).
    pub(crate) prefix: &'t str,
    /// The 1-based line of its first character.
    pub(crate) line: usize,
    /// The 1-based column (in characters) of its first character.
    pub(crate) column: usize,
}

impl Indent<'_> {
    /// The whole text's position of `(line, column)` in the feature's own text.
    pub(crate) fn position(&self, (line, column): (usize, usize)) -> (usize, usize) {
        if line == 1 {
            (self.line, self.column + column - 1)
        } else {
            (self.line + line - 1, column + self.prefix.chars().count())
        }
    }

    /// The feature's text `span` as a document of its own: `prefix` off each line after the
    /// first. `None` when a line does not start with it, or when a feature that shares its
    /// first line with other text spans several lines (its nesting cannot be told apart).
    pub(crate) fn dedent(&self, span: &str) -> Option<String> {
        let mut out = String::with_capacity(span.len());
        let mut lines = span.split('\n');
        out.push_str(lines.next().unwrap_or(""));
        for line in lines {
            if self.prefix.is_empty() && self.column > 1 {
                return None;
            }
            out.push('\n');
            out.push_str(line.strip_prefix(self.prefix)?);
        }
        Some(out)
    }

    /// True when [`Self::dedent`] can take the indentation off `span`.
    pub(crate) fn fits(&self, span: &str) -> bool {
        let mut lines = span.split('\n').skip(1).peekable();
        if lines.peek().is_some() && self.prefix.is_empty() && self.column > 1 {
            return false;
        }
        lines.all(|l| l.starts_with(self.prefix))
    }

    /// `text` (a feature's output, as a document of its own) with `prefix` put back on each
    /// line after the first.
    pub(crate) fn indent(&self, text: &str) -> String {
        if self.prefix.is_empty() {
            return text.to_owned();
        }
        let breaks = text.matches('\n').count();
        let mut out = String::with_capacity(text.len() + breaks * self.prefix.len());
        for (n, line) in text.split('\n').enumerate() {
            if n > 0 {
                out.push('\n');
                out.push_str(self.prefix);
            }
            out.push_str(line);
        }
        out
    }
}

/// A cursor over a text that tells the line and column of offsets met in increasing order,
/// counting only the text between one offset and the next.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cursor {
    at: usize,
    line: usize,
    /// Byte offset of the current line's start.
    line_start: usize,
}

impl Default for Cursor {
    fn default() -> Self {
        Self {
            at: 0,
            line: 1,
            line_start: 0,
        }
    }
}

impl Cursor {
    /// Moves to `to` (not before the last offset) in `text`: how `text[to]` stands on its line.
    pub(crate) fn indent_at<'t>(&mut self, text: &'t str, to: usize) -> Indent<'t> {
        let passed = &text[self.at..to];
        for (i, _) in passed.match_indices('\n') {
            self.line += 1;
            self.line_start = self.at + i + 1;
        }
        self.at = to;
        let before = &text[self.line_start..to];
        let blank = before.bytes().all(|c| c == b' ' || c == b'\t');
        Indent {
            prefix: if blank { before } else { "" },
            line: self.line,
            column: before.chars().count() + 1,
        }
    }
}

/// The position (1-based line, column in characters) at the end of a text being written.
#[derive(Debug, Clone, Copy)]
pub(crate) struct End {
    line: usize,
    column: usize,
}

impl Default for End {
    fn default() -> Self {
        Self { line: 1, column: 1 }
    }
}

impl End {
    /// Moves past `chunk`, appended to the text.
    pub(crate) fn push(&mut self, chunk: &str) {
        match chunk.rfind('\n') {
            Some(last) => {
                self.line += chunk.matches('\n').count();
                self.column = chunk[last + 1..].chars().count() + 1;
            }
            None => self.column += chunk.chars().count(),
        }
    }

    /// How a feature written next stands: at this position, with the indentation `prefix`
    /// (that of the feature in the input, which the text before it was copied with).
    pub(crate) fn indent<'t>(&self, prefix: &'t str) -> Indent<'t> {
        Indent {
            prefix,
            line: self.line,
            column: self.column,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The members of `features` (as text) and the `type` value, when the text is a collection.
    type Found<'a> = Option<(&'a [&'a str], Option<&'a str>)>;

    /// Table: text → the spans of `features` members (as text) and the `type` value.
    #[test]
    fn finds_the_features_and_nothing_else() {
        let cases: &[(&str, Found<'_>)] = &[
            (
                r#"{"type": "FeatureCollection", "features": [{"a": "]}"}, {"b": [1, {}]}]}"#,
                Some((
                    &[r#"{"a": "]}"}"#, r#"{"b": [1, {}]}"#],
                    Some(r#""FeatureCollection""#),
                )),
            ),
            (
                "{\n  \"features\": [\n    {\"x\": \"\\\"[\"},\n    null, 3 ,\"s\"\n  ],\n  \"type\": \"x\"\n}\n",
                Some((&[r#"{"x": "\"["}"#, "null", "3", r#""s""#], Some(r#""x""#))),
            ),
            (r#"{"features": []}"#, Some((&[], None))),
            (r#"{"nested": {"features": [1]}}"#, None),
            (r#"{"features": {"a": 1}}"#, None),
            (r#"{"features": [1], "features": [2]}"#, None),
            (r#"{"type": "a", "type": "b", "features": []}"#, None),
            (r#"{"feat\u0075res": [1]}"#, None),
            ("[1, 2]", None),
        ];
        for (text, want) in cases {
            let got = scan(text).map(|l| {
                let spans: Vec<&str> = l.features.iter().map(|r| &text[r.clone()]).collect();
                assert_eq!(&text[l.open..=l.open], "[");
                assert_eq!(&text[l.close..=l.close], "]");
                (spans, l.kind.map(|k| &text[k]))
            });
            let want = want.map(|(s, k)| (s.to_vec(), k));
            assert_eq!(got, want, "{text}");
        }
    }

    /// A feature's text loses its indentation and gets it back; positions map back into the
    /// whole text.
    #[test]
    fn indentation_comes_off_and_back() {
        let text = "{\n  \"features\": [\n    {\n      \"a\": 1\n    }, {\"b\": 2}\n  ]\n}";
        let layout = scan(text).expect("a collection");
        let mut cursor = Cursor::default();
        let first = cursor.indent_at(text, layout.features[0].start);
        assert_eq!((first.prefix, first.line, first.column), ("    ", 3, 5));
        let own = first
            .dedent(&text[layout.features[0].clone()])
            .expect("dedent");
        assert_eq!(own, "{\n  \"a\": 1\n}");
        assert_eq!(first.indent(&own), &text[layout.features[0].clone()]);
        assert_eq!(first.position((2, 3)), (4, 7));
        assert_eq!(first.position((1, 1)), (3, 5));
        let second = cursor.indent_at(text, layout.features[1].start);
        assert_eq!((second.prefix, second.line, second.column), ("", 5, 8));
        assert_eq!(second.position((1, 2)), (5, 9));
        assert_eq!(second.dedent("{\"b\": 2}").as_deref(), Some("{\"b\": 2}"));
        // On a shared line, a feature of several lines cannot be re-indented.
        assert_eq!(second.dedent("{\n\"b\": 2}"), None);
        // A line without the indentation cannot either.
        assert_eq!(first.dedent("{\n  \"a\": 1\n}"), None);
    }
}
