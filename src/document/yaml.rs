//! The YAML writer.
//!
//! Why not serde_yaml_ng's serialiser (which does the reading): it writes YAML 1.2 plain
//! scalars that YAML 1.1 readers — PyYAML, hence most of the Python STAC stack — read as
//! something else (`2024-01-01T00:00:00Z` becomes a datetime, `yes` a boolean), and with
//! serde_json's `arbitrary_precision` it cannot see numbers as numbers. This writer emits block
//! YAML from a JSON value, quotes every string that any YAML version could misread (JSON string
//! syntax is YAML's double-quoted style), writes numbers with their original text, and follows
//! the input's choice of indenting sequences under their key or not.

use std::fmt::Write as _;

use serde_json::Value;

/// Layout choices taken from the input YAML.
#[derive(Debug, Clone, Copy, Default)]
pub struct YamlStyle {
    /// `key:\n  - item` (true) or `key:\n- item` (false).
    pub indent_sequences: bool,
}

impl YamlStyle {
    /// Detects the style of an input YAML text.
    pub fn detect(text: &str) -> Self {
        let lines: Vec<&str> = text
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .collect();
        let indent = |l: &str| l.len() - l.trim_start().len();
        let indented = lines.windows(2).find_map(|w| {
            let (key, item) = (w[0], w[1]);
            (key.trim_end().ends_with(':') && item.trim_start().starts_with("- "))
                .then(|| indent(item) > indent(key))
        });
        Self {
            indent_sequences: indented.unwrap_or(false),
        }
    }
}

/// Writes `value` as a YAML document.
pub fn to_string(value: &Value, style: YamlStyle) -> String {
    let mut out = String::new();
    match value {
        Value::Object(m) if !m.is_empty() => mapping(&mut out, m, 0, style),
        Value::Array(a) if !a.is_empty() => sequence(&mut out, a, 0, style),
        other => {
            let _ = writeln!(out, "{}", scalar(other));
        }
    }
    out
}

/// Longest key written as an implicit (`key: value`) key. YAML limits implicit keys to 1024
/// characters (YAML 1.2 section 7.4.2; libyaml and serde_yaml_ng enforce it), quotes included.
const IMPLICIT_KEY_MAX: usize = 1000;

fn mapping(out: &mut String, m: &serde_json::Map<String, Value>, indent: usize, style: YamlStyle) {
    for (k, v) in m {
        let pad = " ".repeat(indent);
        let key = string(k);
        if key.chars().count() > IMPLICIT_KEY_MAX {
            // Explicit key, and the value in flow style (JSON is YAML), on the `:` line.
            let flow = serde_json::to_string(v).unwrap_or_default();
            let _ = writeln!(out, "{pad}? {key}\n{pad}: {flow}");
            continue;
        }
        match v {
            Value::Object(inner) if !inner.is_empty() => {
                let _ = writeln!(out, "{pad}{key}:");
                mapping(out, inner, indent + 2, style);
            }
            Value::Array(items) if !items.is_empty() => {
                let _ = writeln!(out, "{pad}{key}:");
                sequence(
                    out,
                    items,
                    indent + if style.indent_sequences { 2 } else { 0 },
                    style,
                );
            }
            other => {
                let _ = writeln!(out, "{pad}{key}: {}", scalar(other));
            }
        }
    }
}

fn sequence(out: &mut String, items: &[Value], indent: usize, style: YamlStyle) {
    let pad = " ".repeat(indent);
    for item in items {
        match item {
            Value::Object(m) if !m.is_empty() => {
                let mut inner = String::new();
                mapping(&mut inner, m, indent + 2, style);
                // The first member goes on the dash line.
                let body = inner.get(indent + 2..).unwrap_or_default();
                let _ = write!(out, "{pad}- {body}");
            }
            Value::Array(a) if !a.is_empty() => {
                let _ = writeln!(out, "{pad}-");
                sequence(out, a, indent + 2, style);
            }
            other => {
                let _ = writeln!(out, "{pad}- {}", scalar(other));
            }
        }
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => string(s),
        Value::Array(_) => "[]".to_owned(),
        Value::Object(_) => "{}".to_owned(),
    }
}

/// Plain when no YAML 1.1 or 1.2 reader can misread it, else JSON-quoted.
fn string(s: &str) -> String {
    if plain_is_safe(s) {
        s.to_owned()
    } else {
        // JSON leaves NEL, LS and PS raw; YAML reads them as line breaks (found by fuzzing).
        serde_json::to_string(s)
            .unwrap_or_default()
            .replace('\u{85}', "\\u0085")
            .replace('\u{2028}', "\\u2028")
            .replace('\u{2029}', "\\u2029")
    }
}

fn plain_is_safe(s: &str) -> bool {
    const RESERVED: [&str; 14] = [
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", "nan", "inf", ".nan",
        ".inf",
    ];
    let first = s.chars().next();
    !s.is_empty()
        && first.is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '/')
        && s.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(
                    c,
                    '_' | '-' | '.' | '/' | ':' | '+' | ' ' | '@' | '(' | ')' | ','
                )
        })
        && !s.ends_with([' ', ':'])
        && !s.contains(": ")
        && !s.contains(" #")
        && !RESERVED.contains(&s.to_ascii_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn quotes_what_yaml_readers_misread() {
        let doc = json!({
            "datetime": "2024-01-01T00:00:00Z",
            "flag": "yes",
            "version": "1.0",
            "id": "plain-id",
            "shape": [-1, 3],
            "empty": [],
            "list": [{"name": "a", "bands": ["B1"]}],
            "n": null
        });
        let yaml = to_string(
            &doc,
            YamlStyle {
                indent_sequences: true,
            },
        );
        assert_eq!(
            yaml,
            "datetime: \"2024-01-01T00:00:00Z\"\nflag: \"yes\"\nversion: \"1.0\"\nid: plain-id\nshape:\n  - -1\n  - 3\nempty: []\nlist:\n  - name: a\n    bands:\n      - B1\n\"n\": null\n"
        );
        let back: Value = serde_yaml_ng::from_str(&yaml).unwrap();
        assert_eq!(back["datetime"], json!("2024-01-01T00:00:00Z"));
        assert_eq!(back["shape"][0].as_i64(), Some(-1));
    }

    #[test]
    fn keys_longer_than_yaml_allows_for_implicit_keys_are_written_explicitly() {
        // Found by the fuzzer: a 1,500-character key made output no YAML reader accepts.
        let long = "Conv2d-1 [-1, 64, 32, 32] 9,408 ".repeat(50);
        let doc =
            json!({"a": {"short": 1, long.clone(): {"x": [1, 2.50]}}, "l": [{long.clone(): null}]});
        let yaml = to_string(&doc, YamlStyle::default());
        let back: Value = serde_yaml_ng::from_str(&yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
        assert_eq!(back, doc);
    }

    #[test]
    fn yaml_line_breaks_that_json_leaves_raw_are_escaped() {
        // Found by the fuzzer: a key holding U+2029 (YAML's `\P`) broke the output's lines.
        let doc = json!({"a\u{2029}b": ["x\u{85}y", {"k\u{2028}": 1}]});
        let yaml = to_string(&doc, YamlStyle::default());
        let back: Value = serde_yaml_ng::from_str(&yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
        assert_eq!(back, doc);
    }

    #[test]
    fn detects_sequence_indentation() {
        assert!(YamlStyle::detect("a:\n  - x\n").indent_sequences);
        assert!(!YamlStyle::detect("a:\n- x\n").indent_sequences);
    }
}
