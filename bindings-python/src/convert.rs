//! Conversions between Python values and JSON (`serde_json::Value`), and byte arguments.

use std::time::Duration;

use pikepay::error::{Error, ErrorKind, Result};
use pikepay::number::{Exactly, exactly};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType,
};
use serde_json::{Map, Number, Value};

/// Deepest nesting accepted from Python (guards against self-referencing containers):
/// the deepest JSON the core parses, so every answer converts back (e.g. for `repr`).
const MAX_DEPTH: usize = 128;

/// A JSON value crossing into Python as plain `dict`/`list`/`str`/`int`/`float`/`bool`/`None`.
pub struct Json(pub Value);

impl<'py> IntoPyObject<'py> for Json {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.0)
    }
}

/// Converts JSON to Python objects.
pub fn to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => number_to_py(py, n)?,
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, to_py(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

/// A JSON number as the Python number that holds it exactly ([`exactly`]): an integer
/// of any size as `int`, a number an `f64` holds as `float`, any other (`1e400`, more
/// digits than a `float` keeps) as `decimal.Decimal` of its text.
fn number_to_py<'py>(py: Python<'py>, n: &Number) -> PyResult<Bound<'py, PyAny>> {
    Ok(match exactly(n) {
        Exactly::I64(i) => i.into_pyobject(py)?.into_any(),
        Exactly::U64(u) => u.into_pyobject(py)?.into_any(),
        Exactly::F64(f) => f.into_pyobject(py)?.into_any(),
        Exactly::BigInteger(text) => py.get_type::<PyInt>().call1((text,))?,
        Exactly::Decimal(text) => decimal_type(py)?.call1((text,))?,
    })
}

/// `decimal.Decimal`, imported once.
fn decimal_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    DECIMAL.import(py, "decimal", "Decimal")
}

/// A number given as its text (`str(int)`, `str(Decimal)`) as a JSON number, kept exact.
fn number_from_text(text: &str, path: &str) -> Result<Value> {
    text.parse::<Number>()
        .map(Value::Number)
        .map_err(|_| Error::invalid_field(where_(path), format!("{text} is not a finite number")))
}

/// Converts a Python value (dicts with `str` keys, lists, tuples, `str`, `int` of any
/// size, `float`, `decimal.Decimal`, `bool`, `None`, UTF-8 `bytes`, or anything with a
/// `to_dict()` method) to JSON; `int` and `Decimal` are sent as their exact digits.
///
/// A value that cannot be sent is an `InvalidRequestError` naming its path, e.g. `metadata.x`.
pub fn from_py(value: &Bound<'_, PyAny>) -> Result<Value> {
    convert(value, "", 0)
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn where_(path: &str) -> &str {
    if path.is_empty() { "body" } else { path }
}

fn convert(value: &Bound<'_, PyAny>, path: &str, depth: usize) -> Result<Value> {
    if depth > MAX_DEPTH {
        return Err(Error::invalid_field(
            where_(path),
            format!("nested more than {MAX_DEPTH} levels deep"),
        ));
    }
    if value.is_none() {
        return Ok(Value::Null);
    }
    // bool is a subclass of int in Python: test it first.
    if let Ok(b) = value.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if value.is_instance_of::<PyInt>() {
        if let Ok(i) = value.extract::<i64>() {
            return Ok(Value::Number(i.into()));
        }
        if let Ok(u) = value.extract::<u64>() {
            return Ok(Value::Number(u.into()));
        }
        // `int.__repr__`: the digits, also of a subclass whose `str()` is its name.
        let text = value
            .py()
            .get_type::<PyInt>()
            .call_method1("__repr__", (value,))
            .and_then(|t| t.extract::<String>())
            .map_err(|_| Error::invalid_field(where_(path), "integer could not be read"))?;
        return number_from_text(&text, path);
    }
    if let Ok(f) = value.cast::<PyFloat>() {
        return Number::from_f64(f.value())
            .map(Value::Number)
            .ok_or_else(|| Error::invalid_field(where_(path), "NaN and infinity are not JSON"));
    }
    if let Ok(s) = value.cast::<PyString>() {
        let text: String = s
            .extract()
            .map_err(|_| Error::invalid_field(where_(path), "string is not valid Unicode"))?;
        return Ok(Value::String(text));
    }
    if value.is_instance_of::<PyBytes>() || value.is_instance_of::<PyByteArray>() {
        let raw: Vec<u8> = value
            .extract()
            .map_err(|_| Error::invalid_field(where_(path), "bytes could not be read"))?;
        return String::from_utf8(raw)
            .map(Value::String)
            .map_err(|_| Error::invalid_field(where_(path), "bytes are not UTF-8 text"));
    }
    if let Ok(dict) = value.cast::<PyDict>() {
        let changed = || Error::invalid_field(where_(path), "dictionary changed while it was read");
        // A snapshot: converting a value may run Python code (`to_dict()`) that changes
        // the dict, which its own iterator does not survive.
        let items = dict.items();
        let mut map = Map::new();
        for item in items.iter() {
            let (k, v) = item
                .extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>)>()
                .map_err(|_| changed())?;
            let key = k.cast::<PyString>().map_err(|_| {
                Error::invalid_field(where_(path), "dictionary keys must be strings")
            })?;
            let key: String = key
                .extract()
                .map_err(|_| Error::invalid_field(where_(path), "key is not valid Unicode"))?;
            let at = child(path, &key);
            let item = convert(&v, &at, depth + 1)?;
            map.insert(key, item);
        }
        if dict.len() != items.len() {
            return Err(changed());
        }
        return Ok(Value::Object(map));
    }
    if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        let mut items = Vec::new();
        let iter = value
            .try_iter()
            .map_err(|_| Error::invalid_field(where_(path), "sequence could not be read"))?;
        for (i, item) in iter.enumerate() {
            let item =
                item.map_err(|_| Error::invalid_field(where_(path), "sequence could not be read"))?;
            items.push(convert(&item, &format!("{path}[{i}]"), depth + 1)?);
        }
        return Ok(Value::Array(items));
    }
    if decimal_type(value.py())
        .is_ok_and(|decimal| value.is_instance(decimal.as_any()).unwrap_or(false))
    {
        let text = value
            .str()
            .map_err(|_| Error::invalid_field(where_(path), "Decimal could not be read"))?;
        return number_from_text(&text.to_string_lossy(), path);
    }
    if let Ok(Some(to_dict)) = value.getattr_opt("to_dict") {
        let plain = to_dict
            .call0()
            .map_err(|_| Error::invalid_field(where_(path), "to_dict() failed"))?;
        return convert(&plain, path, depth + 1);
    }
    let type_name = value
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_owned());
    Err(Error::invalid_field(
        where_(path),
        format!("a value of type {type_name} cannot be sent as JSON"),
    ))
}

fn option_error(name: &str, wanted: &str, value: &Bound<'_, PyAny>) -> Error {
    let shown = value
        .repr()
        .map(|r| r.to_string())
        .unwrap_or_else(|_| "a value".to_owned());
    let shown: String = shown.chars().take(40).collect();
    Error::new(
        ErrorKind::Configuration,
        format!("{name} must be {wanted}, got {shown}"),
    )
}

/// The whole-number option `name` (an `int`, not a `bool`), from 0 to `T::MAX`.
pub fn whole_number<T: WholeNumber>(value: &Bound<'_, PyAny>, name: &str) -> Result<T> {
    let wanted = format!("a whole number from 0 to {}", T::MAX);
    if value.is_instance_of::<PyBool>() || !value.is_instance_of::<PyInt>() {
        return Err(option_error(name, &wanted, value));
    }
    value
        .extract::<u64>()
        .ok()
        .filter(|n| *n <= T::MAX)
        .and_then(|n| T::try_from(n).ok())
        .ok_or_else(|| option_error(name, &wanted, value))
}

/// An unsigned type a whole-number option is read into.
pub trait WholeNumber: TryFrom<u64> {
    /// The largest value.
    const MAX: u64;
}

impl WholeNumber for u32 {
    const MAX: u64 = u32::MAX as u64;
}

impl WholeNumber for u64 {
    const MAX: u64 = u64::MAX;
}

impl WholeNumber for usize {
    const MAX: u64 = usize::MAX as u64;
}

/// The option `name` as a duration: a finite `int` or `float` number of seconds >= 0.
pub fn seconds(value: &Bound<'_, PyAny>, name: &str) -> Result<Duration> {
    let wanted = "a finite number of seconds >= 0";
    if value.is_instance_of::<PyBool>()
        || !(value.is_instance_of::<PyInt>() || value.is_instance_of::<PyFloat>())
    {
        return Err(option_error(name, wanted, value));
    }
    value
        .extract::<f64>()
        .ok()
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
        .ok_or_else(|| option_error(name, wanted, value))
}

/// Reads a `bytes`, `bytearray` or `str` (as UTF-8) argument named `what`.
pub fn bytes_arg(value: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<u8>> {
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(s.extract::<String>()?.into_bytes());
    }
    if value.is_instance_of::<PyBytes>() || value.is_instance_of::<PyByteArray>() {
        return value.extract();
    }
    Err(pyo3::exceptions::PyTypeError::new_err(format!(
        "{what} must be bytes or str"
    )))
}
