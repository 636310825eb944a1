//! Python objects to and from `serde_json::Value`, for `migrate(dict)`: the document crosses
//! the boundary as data, never as text.
//!
//! [`to_value`] gives the value `serde_json` would parse from `json.dumps(obj,
//! ensure_ascii=False, allow_nan=False)` (the same objects accepted, the same key order and
//! the same number text: `int.__repr__`, `float.__repr__`), so a migration of the value
//! equals one of that text. [`to_python`] builds what `json.loads` of the value's JSON text
//! gives (new dicts, lists, str, int for numbers without `.`/`e`, float else).
//! [`python_json`] writes that text.

use std::ffi::c_char;
use std::io;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

pyo3::create_exception!(
    _native,
    NotJson,
    PyValueError,
    "The object cannot be written as JSON (json.dumps would refuse it)."
);

/// Nesting at which the text path fails: serde_json refuses a 128th nested array or object.
const MAX_DEPTH: u32 = 128;

unsafe extern "C" {
    // Part of the limited API since Python 3.10, and an exported function of every CPython 3
    // (pyo3-ffi declares it only for abi3-py310 and newer): UTF-8 of a str without a copy.
    fn PyUnicode_AsUTF8AndSize(
        unicode: *mut pyo3::ffi::PyObject,
        size: *mut pyo3::ffi::Py_ssize_t,
    ) -> *const c_char;
}

/// The text of a str (raises NotJson for a lone surrogate, which UTF-8 cannot hold).
fn text(s: &Bound<'_, PyString>) -> PyResult<String> {
    let mut size: pyo3::ffi::Py_ssize_t = 0;
    // SAFETY: `s` is a live str (the GIL is held); the buffer it returns lives as long as `s`
    // and is copied before `s` is released.
    let ptr = unsafe { PyUnicode_AsUTF8AndSize(s.as_ptr(), &raw mut size) };
    if ptr.is_null() {
        let e = PyErr::fetch(s.py());
        return Err(NotJson::new_err(format!("a string is not UTF-8: {e}")));
    }
    let len = usize::try_from(size).unwrap_or(0);
    // SAFETY: CPython returns `size` bytes of valid UTF-8 at `ptr` (a str it cannot encode
    // is refused above), alive while `s` is; they are copied here.
    let text =
        unsafe { std::str::from_utf8_unchecked(std::slice::from_raw_parts(ptr.cast::<u8>(), len)) };
    Ok(String::from(text))
}

/// `float.__repr__` of a finite float (what json.dumps writes): the shortest digits that read
/// back as `v`, the nearest to it, ties to even (Ryū, as Python's `repr`), laid out as Python
/// does — fixed notation with at least one digit after the point when the decimal exponent is
/// in -4..16, else `d.ddde±XX` (`1e-05`, `1.5e+300`).
fn float_repr(v: f64) -> String {
    use std::fmt::Write as _;
    let mut buffer = ryu::Buffer::new();
    let shortest = buffer.format_finite(v);
    let (negative, shortest) = match shortest.strip_prefix('-') {
        Some(s) => (true, s),
        None => (false, shortest),
    };
    let (mantissa, exp) = shortest.split_once(['e', 'E']).unwrap_or((shortest, "0"));
    let exp: i64 = exp.parse().unwrap_or(0);
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    // The significant digits, and where the decimal point is relative to the first of them.
    let mut digits: String = [int, frac].concat();
    let mut point = i64::try_from(int.len()).unwrap_or(0) + exp;
    let leading = digits.len() - digits.trim_start_matches('0').len();
    digits.drain(..leading);
    point -= i64::try_from(leading).unwrap_or(0);
    digits.truncate(digits.trim_end_matches('0').len());
    let mut out = String::with_capacity(digits.len() + 8);
    if negative {
        out.push('-');
    }
    if digits.is_empty() {
        out.push_str("0.0");
        return out;
    }
    if !(-4 < point && point <= 16) {
        let e = point - 1;
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let _ = write!(out, "e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
    } else if point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n(
            '0',
            usize::try_from(-point).unwrap_or(0),
        ));
        out.push_str(&digits);
    } else {
        let point = usize::try_from(point).unwrap_or(0);
        if point < digits.len() {
            out.push_str(&digits[..point]);
            out.push('.');
            out.push_str(&digits[point..]);
        } else {
            out.push_str(&digits);
            out.extend(std::iter::repeat_n('0', point - digits.len()));
            out.push_str(".0");
        }
    }
    out
}

/// A float as json.dumps writes it, refusing NaN and infinities as `allow_nan=False` does.
fn float(f: &Bound<'_, PyFloat>) -> PyResult<String> {
    let v = f.value();
    if !v.is_finite() {
        return Err(NotJson::new_err(format!(
            "Out of range float values are not JSON compliant: {}",
            f.repr()?
        )));
    }
    Ok(float_repr(v))
}

/// An int as json.dumps writes it (`int.__repr__`, also for subclasses such as IntEnum).
fn int(i: &Bound<'_, PyInt>) -> PyResult<Number> {
    if let Ok(v) = i.extract::<i64>() {
        return Ok(Number::from(v));
    }
    if let Ok(v) = i.extract::<u64>() {
        return Ok(Number::from(v));
    }
    let repr = i
        .py()
        .get_type::<PyInt>()
        .call_method1("__repr__", (i,))?
        .extract::<String>()?;
    Ok(Number::from_string_unchecked(repr))
}

/// A dict key as json.dumps writes it: str as is; float, True/False/None and int as their
/// JSON text; anything else refused.
fn key(k: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = k.cast::<PyString>() {
        return text(s);
    }
    if let Ok(f) = k.cast::<PyFloat>() {
        return float(f);
    }
    if let Ok(b) = k.cast::<PyBool>() {
        return Ok(if b.is_true() { "true" } else { "false" }.to_owned());
    }
    if k.is_none() {
        return Ok("null".to_owned());
    }
    if let Ok(i) = k.cast::<PyInt>() {
        return Ok(int(i)?.as_str().to_owned());
    }
    Err(NotJson::new_err(format!(
        "keys must be str, int, float, bool or None, not {}",
        k.get_type().name()?
    )))
}

/// The value of a Python object as json.dumps sees it (see the module docs). Raises
/// [`NotJson`] for an object json.dumps refuses (another type, NaN, a key of another type),
/// for two keys with the same JSON text (a duplicate key the text path refuses), and for
/// nesting deeper than the text path reads (which also stops a cycle).
pub(crate) fn to_value(obj: &Bound<'_, PyAny>, depth: u32) -> PyResult<Value> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(text(s)?));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(i) = obj.cast::<PyInt>() {
        return Ok(Value::Number(int(i)?));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Ok(Value::Number(Number::from_string_unchecked(float(f)?)));
    }
    let deeper = depth + 1;
    if deeper >= MAX_DEPTH
        && (obj.is_instance_of::<PyList>()
            || obj.is_instance_of::<PyTuple>()
            || obj.is_instance_of::<PyDict>())
    {
        return Err(NotJson::new_err(format!(
            "nested deeper than {} lists and dicts (or a list or dict contains itself)",
            MAX_DEPTH - 1
        )));
    }
    if let Ok(l) = obj.cast::<PyList>() {
        let mut out = Vec::with_capacity(l.len());
        for item in l.iter() {
            out.push(to_value(&item, deeper)?);
        }
        return Ok(Value::Array(out));
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        let mut out = Vec::with_capacity(t.len());
        for item in t.iter() {
            out.push(to_value(&item, deeper)?);
        }
        return Ok(Value::Array(out));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut out = Map::with_capacity(d.len());
        for (k, v) in d.iter() {
            let k = key(&k)?;
            let v = to_value(&v, deeper)?;
            if let Some(_old) = out.insert(k, v) {
                return Err(NotJson::new_err(
                    "two keys have the same JSON text (a duplicate key in JSON)",
                ));
            }
        }
        return Ok(Value::Object(out));
    }
    Err(NotJson::new_err(format!(
        "Object of type {} is not JSON serializable",
        obj.get_type().name()?
    )))
}

/// What `json.loads` gives for the JSON text of `v`.
pub(crate) fn to_python<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => number(py, n)?,
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(a) => {
            let items = a
                .iter()
                .map(|x| to_python(py, x))
                .collect::<PyResult<Vec<_>>>()?;
            PyList::new(py, items)?.into_any()
        }
        Value::Object(m) => {
            let d = PyDict::new(py);
            for (k, x) in m {
                d.set_item(PyString::new(py, k), to_python(py, x)?)?;
            }
            d.into_any()
        }
    })
}

/// A number as `json.loads` reads its text: a float when it has a fraction or exponent, else
/// an int (of any size).
fn number<'py>(py: Python<'py>, n: &Number) -> PyResult<Bound<'py, PyAny>> {
    let s = n.as_str();
    if s.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) {
        let f: f64 = s
            .parse()
            .map_err(|e| PyValueError::new_err(format!("number {s}: {e}")))?;
        return Ok(PyFloat::new(py, f).into_any());
    }
    if let Ok(i) = s.parse::<i64>() {
        return Ok(i.into_pyobject(py)?.into_any());
    }
    if let Ok(u) = s.parse::<u64>() {
        return Ok(u.into_pyobject(py)?.into_any());
    }
    py.get_type::<PyInt>().call1((s,))
}

/// json.dumps's separators (`", "`, `": "`), serde_json's escaping (the same as json.dumps
/// with `ensure_ascii=False`).
struct PythonFormatter;

impl serde_json::ser::Formatter for PythonFormatter {
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if first {
            Ok(())
        } else {
            writer.write_all(b", ")
        }
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if first {
            Ok(())
        } else {
            writer.write_all(b", ")
        }
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }
}

/// The text `json.dumps(obj, ensure_ascii=False)` writes for the object `v` was read from.
pub(crate) fn python_json(v: &Value) -> PyResult<String> {
    let mut out = Vec::with_capacity(4096);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, PythonFormatter);
    serde::Serialize::serialize(v, &mut ser).map_err(|e| PyValueError::new_err(e.to_string()))?;
    String::from_utf8(out).map_err(|e| PyValueError::new_err(e.to_string()))
}
