//! Which JSON value each line of a document's text belongs to, so a text diff's lines can be
//! checked against value changes.

use jsonc_parser::ast;
use jsonc_parser::common::Ranged;
use jsonc_parser::{CollectOptions, ParseOptions};
use mlm_migrate::pointer::Pointer;

/// For each line (0-based) of `text`, the pointer of the value that line belongs to: the
/// common ancestor of the innermost values written on it (`"a": 1,` → `/a`; `"b": {` and its
/// closing `},` → `/b`; `[1, 2]` → the array). `None` for a line with no value (blank).
pub fn owners(text: &str) -> Vec<Option<Pointer>> {
    // A byte order mark (kept by the tool) is not JSON; removing it shifts no line.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let options = ParseOptions::default(); // comments and trailing commas allowed
    let parsed = jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &options)
        .expect("the test reads only documents the tool could read");
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| starts.partition_point(|&s| s <= offset) - 1;
    let mut spans = Vec::new();
    if let Some(v) = &parsed.value {
        collect(v, Pointer::root(), &line_of, &mut spans);
    }
    (0..starts.len()).map(|line| owner(&spans, line)).collect()
}

/// A value's pointer, its first and last line, and whether it has children.
struct Span {
    pointer: Pointer,
    first: usize,
    last: usize,
}

fn collect(v: &ast::Value<'_>, at: Pointer, line_of: &dyn Fn(usize) -> usize, out: &mut Vec<Span>) {
    let r = v.range();
    out.push(Span {
        pointer: at.clone(),
        first: line_of(r.start),
        last: line_of(r.end.saturating_sub(1).max(r.start)),
    });
    match v {
        ast::Value::Object(o) => {
            for p in &o.properties {
                collect(&p.value, at.key(p.name.as_str()), line_of, out);
            }
        }
        ast::Value::Array(a) => {
            for (i, e) in a.elements.iter().enumerate() {
                collect(e, at.index(i), line_of, out);
            }
        }
        _ => {}
    }
}

/// The value written entirely on `line`, if one is; else the common ancestor of the innermost
/// values that start or end on `line` (a value that only passes through the line, like the
/// document root, owns it only when nothing else is there).
fn owner(spans: &[Span], line: usize) -> Option<Pointer> {
    // A value written entirely on this line (`"links": [{…}, {…}],`) owns it as a whole: the
    // outermost such value.
    let whole = spans
        .iter()
        .filter(|s| s.first == line && s.last == line)
        .min_by_key(|s| s.pointer.as_str().len());
    let enclosing_starts_here = spans.iter().any(|s| s.first == line && s.last != line);
    if let (Some(w), false) = (whole, enclosing_starts_here) {
        return Some(w.pointer.clone());
    }
    let touching: Vec<&Span> = spans
        .iter()
        .filter(|s| s.first == line || s.last == line)
        .collect();
    let innermost: Vec<&Pointer> = touching
        .iter()
        .filter(|s| {
            !touching
                .iter()
                .any(|o| o.pointer != s.pointer && s.pointer.is_prefix_of(&o.pointer))
        })
        .map(|s| &s.pointer)
        .collect();
    if innermost.is_empty() {
        // a line inside a value that starts and ends elsewhere (a comment line, a blank line)
        return spans
            .iter()
            .filter(|s| s.first < line && line < s.last)
            .map(|s| s.pointer.clone())
            .max_by_key(|p| p.as_str().len());
    }
    let tokens: Vec<Vec<String>> = innermost.iter().map(|p| p.tokens().collect()).collect();
    let mut common = tokens[0].clone();
    for t in &tokens[1..] {
        let n = common.iter().zip(t).take_while(|(a, b)| a == b).count();
        common.truncate(n);
    }
    Some(Pointer::from_tokens(common))
}

#[test]
fn owners_of_lines() {
    let text = "{\n  \"a\": 1,\n  \"b\": {\n    \"c\": [1, 2]\n  },\n  // note\n  \"d\": 2\n}\n";
    let got: Vec<String> = owners(text)
        .into_iter()
        .map(|p| p.map_or("-".to_owned(), |p| p.to_string()))
        .collect();
    assert_eq!(got, ["/", "/a", "/b", "/b/c", "/b", "/", "/d", "/", "-"]);
}
