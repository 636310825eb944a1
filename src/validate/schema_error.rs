//! One schema error: where in the document, where in the schema, what is wrong.

use std::fmt;

use jsonschema::error::ValidationErrorKind;
use serde::Serialize;
use serde_json::Value;

use super::report::or_root;

/// One validation error, located in the document and in the schema.
///
/// JSON shape: `{ "instance_path", "schema_uri", "keyword_location", "schema_path", "keyword",
/// "message", "causes": [...] }` (`causes` omitted when empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchemaError {
    /// JSON pointer into the validated document (`/properties/mlm:name`); `""` is the root.
    pub instance_path: String,
    /// The schema document holding the failing keyword (may be a `$ref`'d one, e.g. STAC
    /// `item.json` reached from an extension).
    pub schema_uri: String,
    /// JSON pointer to the failing keyword inside `schema_uri` (`/$defs/mlm:name/pattern`).
    pub keyword_location: String,
    /// The keyword's path from the root schema, through `$ref`s (`/allOf/0/$ref/...`).
    pub schema_path: String,
    /// The failing keyword (`pattern`, `required`, `type`, ...).
    pub keyword: String,
    /// What is wrong, in words; large instance values are elided.
    pub message: String,
    /// For a failed `anyOf`/`oneOf`: the errors of the branch that came closest (the one whose
    /// errors reach deepest into the document, then the one with fewest errors), e.g. the
    /// `Feature` branch of an extension's `oneOf [Feature, Collection]`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub causes: Vec<SchemaError>,
}

/// Values whose JSON text is longer than this are not quoted in messages.
const MAX_QUOTED: usize = 80;

impl SchemaError {
    /// Converts a jsonschema error raised by the schema `uri`; `prefix` is prepended to the
    /// instance path (`/features/3` for a feature of a `FeatureCollection`).
    pub(crate) fn from_jsonschema(
        error: &jsonschema::ValidationError<'_>,
        uri: &str,
        prefix: &str,
    ) -> Self {
        let schema_path = error.evaluation_path().as_str().to_owned();
        let (schema_uri, keyword_location) = match error.absolute_keyword_location() {
            Some(location) => split_location(location.as_str()),
            None => (uri.to_owned(), schema_path.clone()),
        };
        let causes = match error.kind() {
            ValidationErrorKind::AnyOf { context }
            | ValidationErrorKind::OneOfNotValid { context } => closest_branch(context)
                .iter()
                .map(|cause| Self::from_jsonschema(cause, uri, prefix))
                .collect(),
            _ => Vec::new(),
        };
        Self {
            instance_path: format!("{prefix}{}", error.instance_path().as_str()),
            schema_uri,
            keyword_location,
            schema_path,
            keyword: error.kind().keyword().to_owned(),
            message: message(error),
            causes,
        }
    }

    /// The errors that say what is actually wrong: this one when it has no `causes`, otherwise
    /// the leaves of its causes, depth first.
    #[must_use]
    pub fn leaves(&self) -> Vec<&SchemaError> {
        if self.causes.is_empty() {
            return vec![self];
        }
        self.causes.iter().flat_map(SchemaError::leaves).collect()
    }

    fn fmt_indented(&self, f: &mut fmt::Formatter<'_>, depth: usize) -> fmt::Result {
        let indent = "  ".repeat(depth + 1);
        let lead = if depth == 0 { "" } else { "cause: " };
        write!(
            f,
            "{indent}{lead}{}: {} ({} #{})",
            or_root(&self.instance_path),
            self.message,
            self.schema_uri,
            self.keyword_location
        )?;
        for cause in &self.causes {
            f.write_str("\n")?;
            cause.fmt_indented(f, depth + 1)?;
        }
        Ok(())
    }
}

/// `  <instance path>: <message> (<schema uri> #<keyword location>)`, then its causes, each on
/// its own line, indented one step further and prefixed `cause: `.
impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_indented(f, 0)
    }
}

/// The `anyOf`/`oneOf` branch that came closest: deepest error, then fewest errors.
fn closest_branch<'e>(
    branches: &'e [Vec<jsonschema::ValidationError<'static>>],
) -> &'e [jsonschema::ValidationError<'static>] {
    let depth = |errors: &[jsonschema::ValidationError<'_>]| {
        errors
            .iter()
            .map(|error| error.instance_path().as_str().matches('/').count())
            .max()
            .unwrap_or(0)
    };
    branches
        .iter()
        .max_by(|a, b| depth(a).cmp(&depth(b)).then_with(|| b.len().cmp(&a.len())))
        .map_or(&[], Vec::as_slice)
}

/// Splits `https://host/schema.json#/$defs/x` into the document URI and a decoded JSON pointer.
fn split_location(location: &str) -> (String, String) {
    let (document, fragment) = location.split_once('#').unwrap_or((location, ""));
    (document.to_owned(), percent_decode(fragment))
}

/// Decodes `%XX` escapes (URI fragments escape `$`, `"`, spaces, ...); invalid escapes are kept.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        let escaped = bytes
            .get(index + 1..index + 3)
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (byte, escaped) {
            (b'%', Some(decoded)) => {
                out.push(decoded);
                index += 3;
            }
            _ => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

/// The error message, quoting the instance only when it is short.
fn message(error: &jsonschema::ValidationError<'_>) -> String {
    let instance: &Value = error.instance();
    let text = instance.to_string();
    if text.chars().count() <= MAX_QUOTED {
        return error.to_string();
    }
    let placeholder = match instance {
        Value::Object(map) => format!("{{…{} members}}", map.len()),
        Value::Array(items) => format!("[…{} items]", items.len()),
        _ => format!("{}…", text.chars().take(MAX_QUOTED).collect::<String>()),
    };
    error.masked_with(placeholder).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_decodes_keyword_locations() {
        let table = [
            (
                "https://a.org/s.json#/%24defs/mlm:name/pattern",
                ("https://a.org/s.json", "/$defs/mlm:name/pattern"),
            ),
            (
                "https://a.org/s.json#/properties/a%20b",
                ("https://a.org/s.json", "/properties/a b"),
            ),
            ("https://a.org/s.json#", ("https://a.org/s.json", "")),
            ("https://a.org/s.json", ("https://a.org/s.json", "")),
            (
                "https://a.org/s.json#/bad%zz%4",
                ("https://a.org/s.json", "/bad%zz%4"),
            ),
        ];
        for (location, (uri, pointer)) in table {
            assert_eq!(
                split_location(location),
                (uri.to_owned(), pointer.to_owned()),
                "{location}"
            );
        }
    }
}
