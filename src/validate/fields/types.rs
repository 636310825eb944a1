//! The type language of the field tables: `string`, `[integer]`, `ModelInput | null`, ...
//!
//! Grammar: `union := term ('|' term)*`, `term := '[' union ']' | name`, where a name is one of
//! the JSON kinds (`string integer number boolean null object`), `any`, or a shape of the same
//! table (an object with known members, e.g. `ModelInput`).

use std::fmt;

use serde_json::Value;

/// A parsed type expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    /// Any JSON value.
    Any,
    /// A JSON string.
    String,
    /// A JSON number without fraction or exponent (`1`, not `1.0`).
    Integer,
    /// Any JSON number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// `null`.
    Null,
    /// Any JSON object.
    Object,
    /// An object described by a shape of the table (`ModelInput`).
    Shape(String),
    /// An array whose items all have the inner type.
    Array(Box<Type>),
    /// One of several types (`string | null`).
    Union(Vec<Type>),
}

impl Type {
    /// Parses a type expression.
    ///
    /// # Errors
    /// A message naming the expression when it does not follow the grammar.
    pub fn parse(text: &str) -> Result<Type, String> {
        let mut parser = Parser { text, at: 0 };
        let parsed = parser.union()?;
        parser.skip_spaces();
        if parser.at != text.len() {
            return Err(format!(
                "type `{text}`: unexpected text at byte {}",
                parser.at
            ));
        }
        Ok(parsed)
    }

    /// The alternatives of a union, or the type itself.
    pub fn alternatives(&self) -> &[Type] {
        match self {
            Type::Union(all) => all,
            other => std::slice::from_ref(other),
        }
    }

    /// True when `value` has this type's JSON kind at the top level (array items and shape
    /// members are not looked at).
    pub fn admits_kind(&self, value: &Value) -> bool {
        self.alternatives().iter().any(|t| match (t, value) {
            (Type::Any, _) => true,
            (Type::String, Value::String(_)) => true,
            (Type::Integer, Value::Number(n)) => is_integer(n),
            (Type::Number, Value::Number(_)) => true,
            (Type::Boolean, Value::Bool(_)) => true,
            (Type::Null, Value::Null) => true,
            (Type::Object | Type::Shape(_), Value::Object(_)) => true,
            (Type::Array(_), Value::Array(_)) => true,
            _ => false,
        })
    }

    /// The shapes this type names anywhere (for the table check that every name resolves).
    pub fn shapes(&self) -> Vec<&str> {
        match self {
            Type::Shape(name) => vec![name.as_str()],
            Type::Array(inner) => inner.shapes(),
            Type::Union(all) => all.iter().flat_map(Type::shapes).collect(),
            _ => Vec::new(),
        }
    }
}

/// True for a number written without fraction or exponent, or one whose value is integral
/// (`2.0` is an integer in JSON Schema draft 07 terms only when written so by the validator;
/// we follow jsonschema-rs, which accepts `2.0`).
fn is_integer(n: &serde_json::Number) -> bool {
    if n.is_i64() || n.is_u64() {
        return true;
    }
    n.as_f64()
        .is_some_and(|f| f.is_finite() && f.fract() == 0.0)
}

/// The name of a value's JSON kind, with the value when it is short: `the number 5`,
/// `an object`, `the string "null"`.
pub fn describe(value: &Value) -> String {
    let text = value.to_string();
    let short = text.chars().count() <= 40;
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) if short => format!("the number {n}"),
        Value::Number(_) => "a number".to_owned(),
        Value::String(_) if short => format!("the string {text}"),
        Value::String(_) => "a string".to_owned(),
        Value::Array(a) if a.is_empty() => "an empty array".to_owned(),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(o) if o.is_empty() => "an empty object".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

/// In words: `a string`, `an array of integers`, `a Model Input Object or null`.
impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Union(all) => {
                let words: Vec<String> = all.iter().map(ToString::to_string).collect();
                f.write_str(&words.join(" or "))
            }
            Type::Array(inner) => write!(f, "an array of {}", plural(inner)),
            other => f.write_str(&singular(other)),
        }
    }
}

fn singular(t: &Type) -> String {
    match t {
        Type::Any => "any value".to_owned(),
        Type::String => "a string".to_owned(),
        Type::Integer => "an integer".to_owned(),
        Type::Number => "a number".to_owned(),
        Type::Boolean => "a boolean".to_owned(),
        Type::Null => "null".to_owned(),
        Type::Object => "an object".to_owned(),
        Type::Shape(name) => format!("{} object", article(name)),
        other => other.to_string(),
    }
}

fn plural(t: &Type) -> String {
    match t {
        Type::Any => "values".to_owned(),
        Type::String => "strings".to_owned(),
        Type::Integer => "integers".to_owned(),
        Type::Number => "numbers".to_owned(),
        Type::Boolean => "booleans".to_owned(),
        Type::Null => "nulls".to_owned(),
        Type::Object => "objects".to_owned(),
        Type::Shape(name) => format!("{name} objects"),
        Type::Array(inner) => format!("arrays of {}", plural(inner)),
        Type::Union(all) => {
            let words: Vec<String> = all.iter().map(plural).collect();
            words.join(" or ")
        }
    }
}

fn article(name: &str) -> String {
    let vowel = name
        .chars()
        .next()
        .is_some_and(|c| "AEIOUaeiou".contains(c));
    format!("{} {name}", if vowel { "an" } else { "a" })
}

struct Parser<'t> {
    text: &'t str,
    at: usize,
}

impl Parser<'_> {
    fn skip_spaces(&mut self) {
        while self.text[self.at..].starts_with(' ') {
            self.at += 1;
        }
    }

    fn eat(&mut self, token: char) -> bool {
        self.skip_spaces();
        if self.text[self.at..].starts_with(token) {
            self.at += token.len_utf8();
            true
        } else {
            false
        }
    }

    fn union(&mut self) -> Result<Type, String> {
        let mut all = vec![self.term()?];
        while self.eat('|') {
            all.push(self.term()?);
        }
        Ok(if all.len() == 1 {
            all.remove(0)
        } else {
            Type::Union(all)
        })
    }

    fn term(&mut self) -> Result<Type, String> {
        if self.eat('[') {
            let inner = self.union()?;
            if !self.eat(']') {
                return Err(format!("type `{}`: `[` without `]`", self.text));
            }
            return Ok(Type::Array(Box::new(inner)));
        }
        self.skip_spaces();
        let rest = &self.text[self.at..];
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let name = &rest[..len];
        self.at += len;
        Ok(match name {
            "any" => Type::Any,
            "string" => Type::String,
            "integer" => Type::Integer,
            "number" => Type::Number,
            "boolean" => Type::Boolean,
            "null" => Type::Null,
            "object" => Type::Object,
            "" => return Err(format!("type `{}`: a name is missing", self.text)),
            shape if shape.starts_with(|c: char| c.is_ascii_uppercase()) => {
                Type::Shape(shape.to_owned())
            }
            other => return Err(format!("type `{}`: unknown name `{other}`", self.text)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_and_says_types() {
        let table = [
            ("string", "a string"),
            ("[integer]", "an array of integers"),
            ("string | null", "a string or null"),
            (
                "[ValueScaling] | null",
                "an array of ValueScaling objects or null",
            ),
            ("[string | Band]", "an array of strings or Band objects"),
            ("InputStructure", "an InputStructure object"),
        ];
        for (text, words) in table {
            assert_eq!(Type::parse(text).unwrap().to_string(), words, "{text}");
        }
        for bad in ["", "[string", "strin g", "float", "string |"] {
            assert!(Type::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn admits_kinds() {
        let t = Type::parse("integer | null").unwrap();
        assert!(t.admits_kind(&json!(3)));
        assert!(t.admits_kind(&json!(null)));
        assert!(!t.admits_kind(&json!(1.5)));
        assert!(!t.admits_kind(&json!("3")));
        assert!(Type::Any.admits_kind(&json!({})));
    }
}
