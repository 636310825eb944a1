//! A light scanner of an ItemCollection's JSON text, read once from any reader: where the
//! top-level `features` array and each of its members are, by byte offset, without parsing
//! anything into values. It only skips strings and counts brackets (and checks the commas
//! between members); each member and the collection's own members are then read strictly by
//! the document reader, which checks the rest.
//!
//! And the re-indentation of one feature: JSON strings hold no raw line break, so every line
//! break of a feature's text is between tokens, and the indentation of its nesting level can
//! be taken off each line after the first (the feature then reads as a document of its own)
//! and put back on the lines of its output.

use std::io::BufRead;
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
    /// The top-level `type` when it is a short string: its text between the quotes, as
    /// written.
    pub(crate) kind: Option<Vec<u8>>,
    /// The length of the text.
    pub(crate) len: usize,
}

/// Members nested deeper than this are left to the whole-document reader, whose nesting
/// limit counts the two levels above a feature.
const MAX_DEPTH: usize = 100;

/// The layout of the text read from `input`, a JSON object with a `features` array; `None`
/// when it is not one, names `features` or `type` twice, spells either key with an escape,
/// has a `features` array that is not strict JSON between its members (a missing or trailing
/// comma), or a member nested deeper than [`MAX_DEPTH`].
pub(crate) fn scan(input: impl BufRead) -> Option<Layout> {
    let mut r = Reader { r: input, pos: 0 };
    r.skip_ws();
    if r.peek()? != b'{' {
        return None;
    }
    r.bump();
    let (mut features, mut kind) = (None, None);
    loop {
        r.skip_ws();
        match r.peek()? {
            b'}' => break,
            b',' => {
                r.bump();
                continue;
            }
            b'"' => {}
            _ => return None,
        }
        let mut key = Vec::new();
        r.string(Some(&mut key))?;
        r.skip_ws();
        if r.peek()? != b':' {
            return None;
        }
        r.bump();
        r.skip_ws();
        match key.as_slice() {
            b"features" if features.is_some() => return None,
            b"features" if r.peek()? == b'[' => features = Some(r.members()?),
            b"type" if kind.is_some() => return None,
            b"type" if r.peek()? == b'"' => {
                let mut text = Vec::new();
                r.string(Some(&mut text))?;
                kind = Some(text);
            }
            _ => r.value(usize::MAX)?,
        }
    }
    r.bump();
    // The rest (whitespace only, in strict JSON) is read by the caller.
    while r.peek().is_some() {
        r.bump_all();
    }
    let (open, close, features) = features?;
    Some(Layout {
        open,
        close,
        features,
        kind,
        len: r.pos,
    })
}

/// A byte reader that counts its position.
struct Reader<R> {
    r: R,
    pos: usize,
}

impl<R: BufRead> Reader<R> {
    fn peek(&mut self) -> Option<u8> {
        self.r.fill_buf().ok()?.first().copied()
    }

    fn bump(&mut self) {
        self.r.consume(1);
        self.pos += 1;
    }

    /// Consumes what is buffered.
    fn bump_all(&mut self) {
        let n = self.r.fill_buf().map_or(0, <[u8]>::len);
        self.r.consume(n);
        self.pos += n;
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.bump();
        }
    }

    /// Skips the string at `"`; its first 64 bytes between the quotes go to `keep`.
    fn string(&mut self, mut keep: Option<&mut Vec<u8>>) -> Option<()> {
        self.bump();
        loop {
            let buf = self.r.fill_buf().ok()?;
            if buf.is_empty() {
                return None;
            }
            let n = buf.iter().position(|b| *b == b'"' || *b == b'\\');
            let take = n.unwrap_or(buf.len());
            if let Some(k) = keep.as_deref_mut() {
                let room = 64usize.saturating_sub(k.len()).min(take);
                k.extend_from_slice(&buf[..room]);
            }
            let stop = n.map(|n| buf[n]);
            self.r.consume(take);
            self.pos += take;
            match stop {
                Some(b'"') => {
                    self.bump();
                    return Some(());
                }
                Some(_) => {
                    // An escape: the backslash and the byte after it.
                    self.bump();
                    let escaped = self.peek()?;
                    if let Some(k) = keep.as_deref_mut() {
                        k.extend_from_slice(&[b'\\', escaped]);
                    }
                    self.bump();
                }
                None => {}
            }
        }
    }

    /// Skips one value, failing when it nests deeper than `limit`.
    fn value(&mut self, limit: usize) -> Option<()> {
        match self.peek()? {
            b'"' => self.string(None),
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match self.peek()? {
                        b'"' => {
                            self.string(None)?;
                            continue;
                        }
                        b'{' | b'[' => {
                            depth += 1;
                            if depth > limit {
                                return None;
                            }
                        }
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.bump();
                                return Some(());
                            }
                        }
                        _ => {}
                    }
                    self.bump();
                }
            }
            _ => {
                let start = self.pos;
                while self.peek().is_some_and(|c| {
                    !matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
                }) {
                    self.bump();
                }
                (self.pos > start).then_some(())
            }
        }
    }

    /// The array at `[`: where it opens and closes, and its members.
    fn members(&mut self) -> Option<(usize, usize, Vec<Range<usize>>)> {
        let open = self.pos;
        self.bump();
        let mut out = Vec::new();
        self.skip_ws();
        if self.peek()? != b']' {
            loop {
                self.skip_ws();
                let start = self.pos;
                self.value(MAX_DEPTH)?;
                out.push(start..self.pos);
                self.skip_ws();
                match self.peek()? {
                    b',' => self.bump(),
                    b']' => break,
                    _ => return None,
                }
            }
        }
        let close = self.pos;
        self.bump();
        Some((open, close, out))
    }
}

/// How a feature's text stands in the whole: the indentation of its line (taken off the lines
/// after its first, and put back on its output's) and where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Indent {
    /// The whitespace before the feature on its line (empty when something else is before it:
    /// the feature is then on one line).
    pub(crate) prefix: String,
    /// The 1-based line of its first character.
    pub(crate) line: usize,
    /// The 1-based column (in characters) of its first character.
    pub(crate) column: usize,
}

impl Indent {
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
            out.push_str(line.strip_prefix(self.prefix.as_str())?);
        }
        Some(out)
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
                out.push_str(&self.prefix);
            }
            out.push_str(line);
        }
        out
    }
}

/// The position (1-based line, column in characters) at the end of a text read or written
/// in pieces, and the whitespace since the start of its line when there is nothing else.
#[derive(Debug, Clone)]
pub(crate) struct Position {
    line: usize,
    column: usize,
    /// The text of the current line so far when it is all spaces and tabs.
    blank: Option<String>,
}

impl Default for Position {
    fn default() -> Self {
        Self {
            line: 1,
            column: 1,
            blank: Some(String::new()),
        }
    }
}

impl Position {
    /// Moves past `chunk`, the next piece of the text.
    pub(crate) fn push(&mut self, chunk: &str) {
        let is_blank = |t: &str| t.bytes().all(|c| c == b' ' || c == b'\t');
        match chunk.rfind('\n') {
            Some(last) => {
                self.line += chunk.matches('\n').count();
                let tail = &chunk[last + 1..];
                self.column = tail.chars().count() + 1;
                self.blank = is_blank(tail).then(|| tail.to_owned());
            }
            None => {
                self.column += chunk.chars().count();
                match &mut self.blank {
                    Some(b) if is_blank(chunk) => b.push_str(chunk),
                    _ => self.blank = None,
                }
            }
        }
    }

    /// How a feature that starts here stands.
    pub(crate) fn indent(&self) -> Indent {
        Indent {
            prefix: self.blank.clone().unwrap_or_default(),
            line: self.line,
            column: self.column,
        }
    }

    /// How a feature that stands as `input` does in the input starts here in the output (the
    /// text before it was copied, so its line starts with the same whitespace).
    pub(crate) fn indent_as(&self, input: &Indent) -> Indent {
        Indent {
            prefix: input.prefix.clone(),
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
        let deep = format!("{{\"features\": [{}{}]}}", "[".repeat(101), "]".repeat(101));
        let cases: &[(&str, Found<'_>)] = &[
            (
                r#"{"type": "FeatureCollection", "features": [{"a": "]}"}, {"b": [1, {}]}]}"#,
                Some((
                    &[r#"{"a": "]}"}"#, r#"{"b": [1, {}]}"#],
                    Some("FeatureCollection"),
                )),
            ),
            (
                "{\n  \"features\": [\n    {\"x\": \"\\\"[\"},\n    null, 3 ,\"s\"\n  ],\n  \"type\": \"x\\\"\"\n}\n",
                Some((&[r#"{"x": "\"["}"#, "null", "3", r#""s""#], Some(r#"x\""#))),
            ),
            (r#"{"features": []}"#, Some((&[], None))),
            (r#"{"features": [ ] }"#, Some((&[], None))),
            (r#"{"nested": {"features": [1]}}"#, None),
            (r#"{"features": {"a": 1}}"#, None),
            (r#"{"features": [1], "features": [2]}"#, None),
            (r#"{"type": "a", "type": "b", "features": []}"#, None),
            (r#"{"feat\u0075res": [1]}"#, None),
            (r#"{"features": [1,]}"#, None),
            (r#"{"features": [1 2]}"#, None),
            (r#"{"features": [,1]}"#, None),
            (&deep, None),
            ("[1, 2]", None),
            ("\u{feff}{\"features\": []}", None),
        ];
        for (text, want) in cases {
            let got = scan(text.as_bytes()).map(|l| {
                let spans: Vec<&str> = l.features.iter().map(|r| &text[r.clone()]).collect();
                assert_eq!(&text[l.open..=l.open], "[");
                assert_eq!(&text[l.close..=l.close], "]");
                assert_eq!(l.len, text.len());
                (spans, l.kind)
            });
            let want = want.map(|(s, k)| (s.to_vec(), k.map(|k| k.as_bytes().to_vec())));
            assert_eq!(got, want, "{text}");
        }
    }

    /// A feature's text loses its indentation and gets it back; positions map back into the
    /// whole text.
    #[test]
    fn indentation_comes_off_and_back() {
        let text = "{\n  \"features\": [\n    {\n      \"a\": 1\n    }, {\"b\": 2}\n  ]\n}";
        let layout = scan(text.as_bytes()).expect("a collection");
        let (one, two) = (layout.features[0].clone(), layout.features[1].clone());
        let mut at = Position::default();
        at.push(&text[..one.start]);
        let first = at.indent();
        assert_eq!(
            (first.prefix.as_str(), first.line, first.column),
            ("    ", 3, 5)
        );
        let own = first.dedent(&text[one.clone()]).expect("dedent");
        assert_eq!(own, "{\n  \"a\": 1\n}");
        assert_eq!(first.indent(&own), &text[one.clone()]);
        assert_eq!(first.position((2, 3)), (4, 7));
        assert_eq!(first.position((1, 1)), (3, 5));
        at.push(&text[one.start..two.start]);
        let second = at.indent();
        assert_eq!(
            (second.prefix.as_str(), second.line, second.column),
            ("", 5, 8)
        );
        assert_eq!(second.position((1, 2)), (5, 9));
        assert_eq!(second.dedent("{\"b\": 2}").as_deref(), Some("{\"b\": 2}"));
        // On a shared line, a feature of several lines cannot be re-indented.
        assert_eq!(second.dedent("{\n\"b\": 2}"), None);
        // A line without the indentation cannot either.
        assert_eq!(first.dedent("{\n  \"a\": 1\n}"), None);
        // In the output, the same indentation at the output's position.
        let mut out = Position::default();
        out.push("{\n\n  \"features\": [\n    ");
        let moved = out.indent_as(&first);
        assert_eq!(
            (moved.prefix.as_str(), moved.line, moved.column),
            ("    ", 4, 5)
        );
    }
}
