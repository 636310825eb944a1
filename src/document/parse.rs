//! Strict-then-lenient JSON reading, YAML reading, and the read errors with positions.

use jsonc_parser::common::Ranged;
use jsonc_parser::tokens::Token;
use jsonc_parser::{CollectOptions, CommentCollectionStrategy, ParseOptions};
use serde_json::Value;

use super::duplicates::{self, At, Duplicate};
use super::{Format, ReadError, ReadWarning, Source, Tree};

/// `tree`: build the writer's syntax tree while reading (else the writer parses the text
/// itself, should it be asked to write).
pub(super) fn json(name: &str, text: String, tree: bool) -> Result<Source, ReadError> {
    let built = if tree {
        super::build::json(&text).map(|(value, node)| (value, Tree::new(node, &text)))
    } else {
        super::build::json_value(&text).map(|value| (value, Tree::default()))
    };
    if let Some((value, tree)) = built {
        return Ok(Source {
            name: name.to_owned(),
            text,
            cleaned: false,
            original: None,
            bom: false,
            format: Format::Json,
            value,
            warnings: Vec::new(),
            tree,
        });
    }
    match serde_json::from_str::<Value>(&text) {
        Ok(value) => {
            if let Some(d) = duplicates::json(&text, &value) {
                return Err(duplicate_error(name, &text, d, |at| at));
            }
            Ok(Source {
                name: name.to_owned(),
                text,
                cleaned: false,
                original: None,
                bom: false,
                format: Format::Json,
                value,
                warnings: Vec::new(),
                tree: Tree::default(),
            })
        }
        Err(strict) => lenient(name, &text)?.ok_or_else(|| {
            let error = json_error(name, &text, &strict);
            past_leniencies(&text, &strict).map_or(error, |(line, column, message)| {
                ReadError::Json {
                    file: name.to_owned(),
                    line,
                    column,
                    message,
                    hint: "fix the JSON syntax at this position (comments and trailing commas are accepted, nothing else)".to_owned(),
                }
            })
        }),
    }
}

/// When the strict parser stopped at something the lenient reader accepts (a comment, a
/// trailing comma) and the lenient parser failed further on, the real error is the lenient
/// parser's: its line, column and message.
fn past_leniencies(text: &str, strict: &serde_json::Error) -> Option<(usize, usize, String)> {
    let options = lenient_options();
    let err = jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &options).err()?;
    let at = (err.line_display(), err.column_display());
    (at > (strict.line(), strict.column())).then(|| (at.0, at.1, err.kind().to_string()))
}

/// What the lenient reader accepts: comments and trailing commas, nothing else.
fn lenient_options() -> ParseOptions {
    ParseOptions {
        allow_comments: true,
        allow_trailing_commas: true,
        allow_loose_object_property_names: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

/// The error for a repeated key; `original` maps an offset in `text` to one in the text as
/// read (they differ when comments were removed).
fn duplicate_error(
    name: &str,
    text: &str,
    d: Duplicate,
    original: impl Fn(usize) -> usize,
) -> ReadError {
    let position = |at: At| match at {
        At::Offset(o) => line_column(text, original(o)),
        At::LineColumn(l, c) => (l, c),
    };
    let ((first_line, first_column), (line, column)) = (position(d.first), position(d.second));
    ReadError::DuplicateKey {
        file: name.to_owned(),
        key: d.key,
        object: d.object,
        line,
        column,
        first_line,
        first_column,
    }
}

/// Second chance for files that are JSON except for comments and trailing commas: `Ok(None)`
/// when the lenient reader fails too.
fn lenient(name: &str, text: &str) -> Result<Option<Source>, ReadError> {
    let options = lenient_options();
    let collect = CollectOptions {
        comments: CommentCollectionStrategy::AsTokens,
        tokens: true,
    };
    let Ok(parsed) = jsonc_parser::parse_to_ast(text, &collect, &options) else {
        return Ok(None);
    };
    let Some(tokens) = parsed.tokens else {
        return Ok(None);
    };
    let mut cuts: Vec<(usize, usize, &'static str)> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        match t.token {
            Token::CommentLine(_) | Token::CommentBlock(_) => {
                cuts.push((t.range.start, t.range.end, "comment"));
            }
            Token::Comma => {
                let next = tokens[i + 1..]
                    .iter()
                    .find(|n| !matches!(n.token, Token::CommentLine(_) | Token::CommentBlock(_)));
                if matches!(
                    next.map(|n| &n.token),
                    Some(Token::CloseBrace | Token::CloseBracket)
                ) {
                    cuts.push((t.start(), t.end(), "trailing comma"));
                }
            }
            _ => {}
        }
    }
    let (cleaned, warnings, kept) = cut(text, &cuts);
    if let Some((value, tree)) = super::build::json(&cleaned) {
        let tree = Tree::new(tree, &cleaned);
        return Ok(Some(Source {
            name: name.to_owned(),
            text: cleaned,
            cleaned: true,
            original: Some(text.to_owned()),
            bom: false,
            format: Format::Json,
            value,
            warnings,
            tree,
        }));
    }
    let Ok(value) = serde_json::from_str::<Value>(&cleaned) else {
        return Ok(None);
    };
    if let Some(d) = duplicates::json(&cleaned, &value) {
        let original = |o: usize| {
            let i = kept.partition_point(|&(out, _)| out <= o).saturating_sub(1);
            kept.get(i).map_or(o, |&(out, at)| at + (o - out))
        };
        return Err(duplicate_error(name, text, d, original));
    }
    Ok(Some(Source {
        name: name.to_owned(),
        text: cleaned,
        cleaned: true,
        original: Some(text.to_owned()),
        bom: false,
        format: Format::Json,
        value,
        warnings,
        tree: Tree::default(),
    }))
}

/// Kept pieces of a cleaned text: (offset in the cleaned text, offset in the text as read).
type Kept = Vec<(usize, usize)>;

/// Removes the byte ranges `cuts` from `text`; a line left blank by a removed comment goes too.
/// Also returns where each kept piece came from.
fn cut(text: &str, cuts: &[(usize, usize, &'static str)]) -> (String, Vec<ReadWarning>, Kept) {
    let mut out = String::with_capacity(text.len());
    let mut warnings = Vec::new();
    let mut kept = Vec::new();
    let mut at = 0;
    for &(start, end, what) in cuts {
        let (line, column) = line_column(text, start);
        warnings.push(ReadWarning {
            line,
            column,
            what,
            text: text[start..end].to_owned(),
        });
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
        let alone = text[line_start.max(at)..start].trim().is_empty()
            && text[end..line_end].trim().is_empty()
            && line_start >= at;
        kept.push((out.len(), at));
        if alone && what == "comment" {
            out.push_str(&text[at..line_start]);
            at = (line_end + 1).min(text.len());
        } else if what == "comment" && text[end..line_end].trim().is_empty() {
            // A comment at the end of a line takes the spaces before it along.
            let from = at.max(line_start);
            out.push_str(&text[at..from + text[from..start].trim_end().len()]);
            at = end;
        } else {
            out.push_str(&text[at..start]);
            at = end;
        }
    }
    kept.push((out.len(), at));
    out.push_str(&text[at..]);
    (out, warnings, kept)
}

/// 1-based line and column (in characters) of byte offset `at`.
pub(crate) fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The error for a byte order mark that is not at the start (two files joined with `cat`):
/// named as what it is, at its own position.
fn inner_bom(name: &str, text: &str, yaml: bool) -> Option<ReadError> {
    let at = text.find('\u{feff}')?;
    let (line, column) = line_column(text, at);
    let (file, message) = (
        name.to_owned(),
        "a byte order mark (U+FEFF) inside the text".to_owned(),
    );
    let hint = "remove it: a byte order mark may only start a file (joining files with `cat` leaves the second file's mark in the middle)".to_owned();
    Some(if yaml {
        ReadError::Yaml {
            file,
            line,
            column,
            message,
            hint,
        }
    } else {
        ReadError::Json {
            file,
            line,
            column,
            message,
            hint,
        }
    })
}

fn json_error(name: &str, text: &str, err: &serde_json::Error) -> ReadError {
    if let Some(e) = inner_bom(name, text, false) {
        return e;
    }
    let message = err.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(m, _)| m)
        .to_owned();
    let hint = if Format::sniff(text) == Format::Yaml && !text.trim().is_empty() {
        "the file does not start with `{`: if it is YAML, give it a .yaml or .yml extension"
    } else if message.contains("EOF") {
        "the document ends early: is the file truncated or a bracket unclosed?"
    } else if message.contains("key must be a string") {
        "JSON object keys need double quotes; look for an unquoted key or a stray comma"
    } else if message.contains("trailing") {
        "remove the text after the closing bracket of the document"
    } else {
        "fix the JSON syntax at this position (comments and trailing commas are accepted, nothing else)"
    };
    ReadError::Json {
        file: name.to_owned(),
        // serde_json reports column 0 for an error before the first character of a line (the
        // end of a file that ends with a newline); positions are 1-based everywhere.
        line: err.line().max(1),
        column: err.column().max(1),
        message,
        hint: hint.to_owned(),
    }
}

pub(super) fn yaml(name: &str, text: String) -> Result<Source, ReadError> {
    let value: Value = serde_yaml_ng::from_str(&text).map_err(|e| {
        if let Some(bom) = inner_bom(name, &text, true) {
            return bom;
        }
        let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
        ReadError::Yaml {
            file: name.to_owned(),
            line,
            column,
            message: e.to_string(),
            hint: "check indentation and quoting at this position".to_owned(),
        }
    })?;
    if let Some(d) = duplicates::yaml(&text) {
        return Err(duplicate_error(name, &text, d, |at| at));
    }
    Ok(Source {
        name: name.to_owned(),
        text,
        cleaned: false,
        original: None,
        bom: false,
        format: Format::Yaml,
        value,
        warnings: Vec::new(),
        tree: Tree::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_json_is_kept_verbatim() {
        let src = json("a.json", "{\"a\": 0.003921569}\n".into(), true).unwrap();
        assert!(!src.cleaned);
        assert_eq!(src.value["a"].to_string(), "0.003921569");
    }

    #[test]
    fn comment_lines_and_trailing_commas_are_removed_with_warnings() {
        let text = "// saved 2021\n// from a viewer\n\n{\n  \"a\": [1, 2,],\n  \"b\": 1, // x\n}\n";
        let src = json("a.json", text.into(), true).unwrap();
        assert!(src.cleaned);
        assert_eq!(src.text, "\n{\n  \"a\": [1, 2],\n  \"b\": 1\n}\n");
        let what: Vec<_> = src.warnings.iter().map(|w| (w.line, w.what)).collect();
        assert_eq!(
            what,
            [
                (1, "comment"),
                (2, "comment"),
                (5, "trailing comma"),
                (6, "trailing comma"),
                (6, "comment")
            ]
        );
    }

    #[test]
    fn other_syntax_errors_have_positions_and_hints() {
        let cases = [
            ("{\n  \"a\": 1\n  \"b\": 2\n}", 3, "expected `,` or `}`"),
            ("{\"a\": [1, 2}", 1, "expected `,` or `]`"),
            ("{\"a\": 1", 1, "EOF"),
            ("{\"a\": 1\n", 2, "EOF"),
            ("{'a': 1}", 1, "key must be a string"),
        ];
        for (text, line, msg) in cases {
            let Err(ReadError::Json {
                line: l,
                column,
                message,
                ..
            }) = json("x.json", text.into(), true)
            else {
                panic!("{text} should fail");
            };
            assert_eq!(l, line, "{text}");
            assert!(column >= 1, "{text}: column {column}");
            assert!(message.contains(msg), "{message}");
        }
    }

    #[test]
    fn errors_after_a_comment_are_located_where_they_are() {
        let text = "// saved\n{\n  'a': 1\n}\n";
        let Err(ReadError::Json { line, column, .. }) = json("x.json", text.into(), true) else {
            panic!("should fail");
        };
        assert_eq!((line, column), (3, 3));
    }

    #[test]
    fn yaml_reads_into_ordered_values() {
        let src = yaml("a.yaml", "b: 1\na: [x, y]\n".into()).unwrap();
        let keys: Vec<_> = src.value.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["b", "a"]);
        assert!(yaml("a.yaml", "a: [1\n".into()).is_err());
    }
}
