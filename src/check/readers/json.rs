//! Small typed accessors over `serde_json` values that report the JSON pointer of a bad field.
//!
//! Numbers are read with `as_f64`, which parses the kept number text under serde_json's
//! `arbitrary_precision` feature (`0.003921569` is read as written, never via an f32).

use serde_json::{Map, Value};

use crate::check::error::{CheckError, json_type};

/// Appends one reference token to a JSON pointer (RFC 6901 escaping: `~` → `~0`, `/` → `~1`).
pub(crate) fn child(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + 1 + token.len());
    out.push_str(pointer);
    out.push('/');
    // Most tokens need no escape: copied whole (the readers build pointers all the time).
    if !token.bytes().any(|b| b == b'~' || b == b'/') {
        out.push_str(token);
        return out;
    }
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

/// Appends an array index to a JSON pointer.
pub(crate) fn index(pointer: &str, i: usize) -> String {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = i;
    loop {
        at -= 1;
        // `n % 10` is below 10: the cast keeps it.
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let mut out = String::with_capacity(pointer.len() + 1 + digits.len() - at);
    out.push_str(pointer);
    out.push('/');
    for &d in &digits[at..] {
        out.push(char::from(d));
    }
    out
}

/// Reads a finite number.
pub(crate) fn number(value: &Value, pointer: &str) -> Result<f64, CheckError> {
    number_at(value, || pointer.to_owned())
}

/// [`number`], the pointer built only for an error (numbers are read in bulk, errors are rare).
pub(crate) fn number_at(
    value: &Value,
    pointer: impl FnOnce() -> String,
) -> Result<f64, CheckError> {
    match value.as_f64() {
        Some(v) if v.is_finite() => Ok(v),
        _ if value.is_number() => Err(CheckError::InvalidParameter {
            pointer: pointer(),
            message: format!("{value} is not a finite number (it overflows a 64-bit float)"),
            hint: "write the real value of the parameter",
        }),
        _ => Err(CheckError::WrongType {
            pointer: pointer(),
            expected: "a finite number",
            found: json_type(value),
            hint: "write the parameter as a JSON number",
        }),
    }
}

/// Objects up to this many members are searched by comparing names (see [`field`]).
const SCAN_MEMBERS: usize = 32;

/// Member `key` of `obj`. The objects the check reads (inputs, scaling entries, statistics)
/// have a few members each: comparing the names is cheaper than hashing the key (the same
/// choice as the migration's `kernel::pointer::member`; this layer imports nothing).
pub(crate) fn field<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    if obj.len() > SCAN_MEMBERS {
        return obj.get(key);
    }
    obj.iter().find_map(|(k, v)| (k == key).then_some(v))
}

/// Member `key` of `value`, when it is an object ([`field`]).
pub(crate) fn field_of<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
    value.as_object().and_then(|obj| field(obj, key))
}

/// Reads an optional number field; `null` counts as absent.
pub(crate) fn opt_number(
    obj: &Map<String, Value>,
    key: &str,
    pointer: &str,
) -> Result<Option<f64>, CheckError> {
    match field(obj, key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => number_at(v, || child(pointer, key)).map(Some),
    }
}

/// Reads a required number field.
pub(crate) fn req_number(
    obj: &Map<String, Value>,
    key: &'static str,
    pointer: &str,
    hint: &'static str,
) -> Result<f64, CheckError> {
    opt_number(obj, key, pointer)?.ok_or_else(|| CheckError::Missing {
        pointer: pointer.to_owned(),
        field: key,
        hint,
    })
}

/// Reads a list of numbers.
pub(crate) fn numbers(value: &Value, pointer: &str) -> Result<Vec<f64>, CheckError> {
    match value {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| number_at(v, || index(pointer, i)))
            .collect(),
        Value::Number(_) => Ok(vec![number(value, pointer)?]),
        other => Err(CheckError::WrongType {
            pointer: pointer.to_owned(),
            expected: "an array of numbers",
            found: json_type(other),
            hint: "write one number per channel, or one for all",
        }),
    }
}

/// Reads one integer (a size or an index).
pub(crate) fn integer(value: &Value, pointer: &str) -> Result<i64, CheckError> {
    integer_at(value, || pointer.to_owned())
}

/// [`integer`], the pointer built only for an error.
fn integer_at(value: &Value, pointer: impl FnOnce() -> String) -> Result<i64, CheckError> {
    value.as_i64().ok_or_else(|| CheckError::WrongType {
        pointer: pointer(),
        expected: "an integer",
        found: json_type(value),
        hint: "sizes are integers, -1 for any size",
    })
}

/// Reads a list of integers (shapes, band indices); non-integers are an error.
pub(crate) fn integers(value: &Value, pointer: &str) -> Result<Vec<i64>, CheckError> {
    let items = value.as_array().ok_or_else(|| CheckError::WrongType {
        pointer: pointer.to_owned(),
        expected: "an array of integers",
        found: json_type(value),
        hint: "write the sizes as a JSON array, -1 for any size",
    })?;
    items
        .iter()
        .enumerate()
        .map(|(i, v)| integer_at(v, || index(pointer, i)))
        .collect()
}

/// A string field, if present and a string.
pub(crate) fn opt_str<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    field(obj, key).and_then(Value::as_str)
}

/// The first present, non-null key of `keys`, with its pointer.
pub(crate) fn first_of<'a>(
    obj: &'a Map<String, Value>,
    keys: &[&str],
    pointer: &str,
) -> Option<(&'a Value, String)> {
    keys.iter().find_map(|k| {
        field(obj, k)
            .filter(|v| !v.is_null())
            .map(|v| (v, child(pointer, k)))
    })
}

/// Expression text of a value: the string itself, else its compact JSON.
pub(crate) fn text_of(value: &Value) -> String {
    value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_are_what_get_finds() {
        for n in [0, 3, 32, 33, 50] {
            let obj: Map<String, Value> = (0..n).map(|i| (format!("k{i}"), json!(i))).collect();
            let value = Value::Object(obj.clone());
            for key in ["k0", "k2", "k32", "k49", "nope"] {
                assert_eq!(field(&obj, key), obj.get(key), "{n} members, {key}");
                assert_eq!(field_of(&value, key), value.get(key), "{n} members, {key}");
            }
        }
        assert_eq!(field_of(&json!([1]), "k0"), None);
    }

    #[test]
    fn pointers_escape_tokens() {
        assert_eq!(child("/properties", "mlm:input"), "/properties/mlm:input");
        assert_eq!(child("", "a/b~c"), "/a~1b~0c");
        assert_eq!(index("/x", 3), "/x/3");
        for i in [0, 7, 10, 99, 100, 12_345, usize::MAX] {
            assert_eq!(index("/x", i), format!("/x/{i}"));
        }
        assert_eq!(child("/p", "~/~1"), "/p/~0~1~01");
    }

    #[test]
    fn numbers_keep_their_text_under_arbitrary_precision() {
        let v: Value =
            serde_json::from_str("[0.003921569, 62.47499406487557, 1e-3, 7]").expect("json");
        assert_eq!(
            numbers(&v, "").expect("numbers"),
            vec![0.003921569, 62.47499406487557, 0.001, 7.0]
        );
        let err = number(&json!("1.0"), "/a/0").expect_err("a string is no number");
        assert!(
            err.to_string()
                .starts_with("/a/0: expected a finite number, found a string")
        );
    }
}
