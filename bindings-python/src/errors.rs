//! Python exceptions derived from the core's error-kind table, and errors mapped onto them.
//!
//! `PikepayError(Exception)` is the base; each [`ErrorKind`] gets a subclass named
//! [`ErrorKind::class_name`], built at import by walking [`ErrorKind::ALL`].

use std::any::Any;
use std::ffi::{CStr, CString};
use std::panic::{AssertUnwindSafe, catch_unwind};

use pikepay::error::{Error, ErrorKind};
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple, PyType};

/// Attributes every pikepay exception carries (`None` when not applicable).
const ATTRIBUTES: [&str; 9] = [
    "code",
    "message",
    "field",
    "pike_code",
    "pike_description",
    "http_status",
    "idempotency_key",
    "retryable",
    "retry_after",
];

struct Classes {
    base: Py<PyType>,
    /// Pike's raw descriptions by exception (a `weakref.WeakKeyDictionary`), read only
    /// through `raw_pike_description()`, so they never show in `vars()` or `repr`.
    raw: Py<PyAny>,
    /// One class per kind, in the order of [`ErrorKind::ALL`].
    kinds: Vec<Py<PyType>>,
}

static CLASSES: PyOnceLock<Classes> = PyOnceLock::new();

/// The accessor of Pike's raw description, with the table it reads.
const RAW_ACCESSOR: &CStr = c"
import weakref
raw = weakref.WeakKeyDictionary()
def raw_pike_description(self):
    '''Pike's error description exactly as received. UNSAFE TO LOG: it may hold card
    numbers, security codes or tokens Pike echoed back; pike_description is the
    masked form.'''
    return raw.get(self, self.pike_description)
";

fn build(py: Python<'_>) -> PyResult<Classes> {
    let defaults = PyDict::new(py);
    for name in ATTRIBUTES {
        defaults.set_item(name, py.None())?;
    }
    defaults.set_item("retryable", false)?;
    let accessor = PyDict::new(py);
    py.run(RAW_ACCESSOR, Some(&accessor), None)?;
    let missing = || PyException::new_err("the raw description accessor was not made");
    defaults.set_item(
        "raw_pike_description",
        accessor
            .get_item("raw_pike_description")?
            .ok_or_else(missing)?,
    )?;
    let raw = accessor.get_item("raw")?.ok_or_else(missing)?.unbind();
    let base = PyErr::new_type(
        py,
        c"pikepay.PikepayError",
        Some(c"Base class of every error pikepay raises."),
        Some(&py.get_type::<PyException>()),
        // `new_type` drops the dict reference it is given: keep ours alive across the call.
        Some(defaults.clone().into_any().unbind()),
    )?;
    let kinds = ErrorKind::ALL
        .iter()
        .map(|kind| {
            let attrs = PyDict::new(py);
            attrs.set_item("code", kind.code())?;
            attrs.set_item("retryable", kind.retryable_by_default())?;
            let name = CString::new(format!("pikepay.{}", kind.class_name()))?;
            let doc = CString::new(kind.summary())?;
            PyErr::new_type(
                py,
                &name,
                Some(&doc),
                Some(base.bind(py)),
                Some(attrs.clone().into_any().unbind()),
            )
        })
        .collect::<PyResult<Vec<_>>>()?;
    Ok(Classes { base, raw, kinds })
}

fn classes(py: Python<'_>) -> PyResult<&Classes> {
    CLASSES.get_or_try_init(py, || build(py))
}

/// Adds `PikepayError`, one class per kind and `ERROR_KINDS` (code, class name, summary).
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let classes = classes(py)?;
    m.add("PikepayError", classes.base.bind(py))?;
    let mut table = Vec::with_capacity(ErrorKind::ALL.len());
    for (kind, class) in ErrorKind::ALL.iter().zip(&classes.kinds) {
        m.add(kind.class_name(), class.bind(py))?;
        table.push(PyTuple::new(
            py,
            [kind.code(), kind.class_name(), kind.summary()],
        )?);
    }
    m.add("ERROR_KINDS", PyTuple::new(py, table)?)?;
    Ok(())
}

fn instance<'py>(py: Python<'py>, e: &Error) -> PyResult<Bound<'py, PyAny>> {
    let classes = classes(py)?;
    let position = ErrorKind::ALL.iter().position(|k| *k == e.kind());
    let class = match position.and_then(|i| classes.kinds.get(i)) {
        Some(class) => class.bind(py),
        None => classes.base.bind(py),
    };
    let value = class.call1((e.message(),))?;
    value.setattr("code", e.code())?;
    value.setattr("message", e.message())?;
    value.setattr("field", e.field())?;
    value.setattr("pike_code", e.pike_code())?;
    value.setattr("pike_description", e.pike_description())?;
    if let Some(raw) = e.raw_pike_description() {
        classes.raw.bind(py).set_item(&value, raw)?;
    }
    value.setattr("http_status", e.http_status())?;
    value.setattr("idempotency_key", e.idempotency_key())?;
    value.setattr("retryable", e.retryable())?;
    value.setattr("retry_after", e.retry_after().map(|d| d.as_secs_f64()))?;
    Ok(value)
}

/// The Python exception for a core error: an instance of the kind's class, fields set.
pub fn to_pyerr(e: Error) -> PyErr {
    Python::attach(|py| match instance(py, &e) {
        Ok(value) => PyErr::from_value(value),
        Err(failed) => failed,
    })
}

/// The error reported for a panic: an [`ErrorKind::Internal`] with the panic message.
pub fn panic_error(payload: &(dyn Any + Send)) -> Error {
    let what = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("unknown panic");
    Error::new(ErrorKind::Internal, format!("internal failure: {what}"))
}

/// Runs `f`, turning a core error into its exception and a panic into `InternalError`,
/// so that no `PanicException` (a `BaseException`) reaches Python code.
pub fn guard<T>(f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(payload) => Err(to_pyerr(panic_error(payload.as_ref()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class_name(py: Python<'_>, err: &PyErr) -> String {
        err.value(py)
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn a_panic_becomes_internal_error_not_a_base_exception() {
        Python::initialize();
        Python::attach(|py| {
            let err = guard(|| -> PyResult<()> { panic!("boom") }).unwrap_err();
            assert_eq!(class_name(py, &err), "InternalError");
            assert!(err.is_instance_of::<PyException>(py));
            let code: String = err.value(py).getattr("code").unwrap().extract().unwrap();
            assert_eq!(code, "internal_error");
            assert!(err.value(py).to_string().contains("boom"));
        });
    }

    #[test]
    fn every_kind_maps_to_its_own_class() {
        Python::initialize();
        Python::attach(|py| {
            for kind in ErrorKind::ALL {
                let err = to_pyerr(Error::new(*kind, "message"));
                assert_eq!(class_name(py, &err), kind.class_name());
                let base = classes(py).unwrap().base.bind(py);
                assert!(err.value(py).is_instance(base).unwrap());
            }
        });
    }
}
