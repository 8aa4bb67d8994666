//! Conversions between Python values and JSON (`serde_json::Value`), and byte arguments.

use pikepay::error::{Error, Result};
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple,
};
use serde_json::{Map, Number, Value};

/// Deepest nesting accepted from Python (guards against self-referencing containers).
const MAX_DEPTH: usize = 64;

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
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
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

/// Converts a Python value (dicts with `str` keys, lists, tuples, `str`, `int`, `float`,
/// `bool`, `None`, UTF-8 `bytes`, or anything with a `to_dict()` method) to JSON.
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
        return Err(Error::invalid_field(
            where_(path),
            "integer does not fit in 64 bits",
        ));
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
        let mut map = Map::new();
        for (k, v) in dict.iter() {
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
