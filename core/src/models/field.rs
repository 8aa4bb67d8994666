//! `Field<T>`: one field of what Pike sent, read as `T` when it has the expected JSON
//! type and kept as its raw JSON value when it has not; and [`view`], which reads a
//! whole answer or webhook that way and reports each drift once per field path.

use std::cell::Cell;
use std::collections::HashSet;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::sync::{Mutex, PoisonError};

use serde::de::{self, DeserializeOwned, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::number::Exact;

/// A field as received: [`Field::Known`] when it has the type this version expects,
/// [`Field::Raw`] with the JSON value exactly as sent when it has another type (a
/// string where a boolean was expected, an array where an object was, ...). Reading a
/// field never fails; serializing gives back what was received.
#[derive(Clone, PartialEq)]
pub enum Field<T> {
    /// The value, of the expected type.
    Known(T),
    /// The value as sent, when it did not have the expected type.
    Raw(Value),
}

impl<T> Field<T> {
    /// The typed value, or `None` when it arrived with another type.
    pub fn known(&self) -> Option<&T> {
        match self {
            Field::Known(v) => Some(v),
            Field::Raw(_) => None,
        }
    }

    /// The raw value, when the field arrived with an unexpected type.
    pub fn raw(&self) -> Option<&Value> {
        match self {
            Field::Known(_) => None,
            Field::Raw(v) => Some(v),
        }
    }

    /// True when the field arrived with an unexpected type.
    pub fn is_raw(&self) -> bool {
        matches!(self, Field::Raw(_))
    }

    /// The typed value, consuming the field.
    pub fn into_known(self) -> Option<T> {
        match self {
            Field::Known(v) => Some(v),
            Field::Raw(_) => None,
        }
    }
}

impl<T: Serialize> Field<T> {
    /// The field as JSON: the typed value serialized, or the raw value.
    pub fn to_json(&self) -> Value {
        match self {
            Field::Known(v) => serde_json::to_value(v).unwrap_or(Value::Null),
            Field::Raw(v) => v.clone(),
        }
    }
}

/// Typed access to an optional field: `session.id.value()` is the id when it is
/// present and a string.
pub trait FieldValue<T> {
    /// The typed value; `None` when the field is absent, `null` or of another type.
    fn value(&self) -> Option<&T>;
}

impl<T> FieldValue<T> for Option<Field<T>> {
    fn value(&self) -> Option<&T> {
        self.as_ref().and_then(Field::known)
    }
}

/// Typed access to the items of an optional list field: `session.payout_list.items()`.
pub trait FieldItems<T> {
    /// The items of the expected type, in order; empty when the list is absent or not
    /// an array (the raw values stay in the field).
    fn items(&self) -> Vec<&T>;
}

impl<T> FieldItems<T> for Option<Field<Vec<Field<T>>>> {
    fn items(&self) -> Vec<&T> {
        self.value()
            .map(|list| list.iter().filter_map(Field::known).collect())
            .unwrap_or_default()
    }
}

/// `Some(Field::Known(value))`, for constructors.
pub(crate) fn known<T>(value: T) -> Option<Field<T>> {
    Some(Field::Known(value))
}

impl<T> From<T> for Field<T> {
    fn from(value: T) -> Self {
        Field::Known(value)
    }
}

impl From<&str> for Field<String> {
    fn from(value: &str) -> Self {
        Field::Known(value.to_owned())
    }
}

impl<T: PartialEq> PartialEq<T> for Field<T> {
    fn eq(&self, other: &T) -> bool {
        self.known() == Some(other)
    }
}

impl<T: fmt::Display> fmt::Display for Field<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::Known(v) => v.fmt(f),
            Field::Raw(v) => write!(f, "<raw {}>", json_type(v)),
        }
    }
}

/// `Debug` of a raw value shows only its JSON type: it may be a secret sent with an
/// unexpected type (a card number as a number), which must never print.
impl<T: fmt::Debug> fmt::Debug for Field<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::Known(v) => v.fmt(f),
            Field::Raw(v) => write!(f, "Raw(<{}>)", json_type(v)),
        }
    }
}

impl<T: Serialize> Serialize for Field<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Field::Known(v) => v.serialize(s),
            Field::Raw(v) if MARK_RAW.get() => {
                let mut marked = Map::new();
                marked.insert(RAW_MARK.to_owned(), v.clone());
                marked.serialize(s)
            }
            Field::Raw(v) => v.serialize(s),
        }
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Field<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_newtype_struct(FIELD_TOKEN, FieldVisitor(PhantomData))
    }
}

/// The name a [`Field`] asks its deserializer for. [`Exact`] (what [`view`] reads
/// with) answers with a sequence offering the same value twice, first to be read as `T`
/// and, only when that fails, as the raw [`Value`]: no copy of the value is made when it
/// has the expected type. Any other deserializer reads the value once, as a `Value`.
pub(crate) const FIELD_TOKEN: &str = "\u{0}pikepay.Field";

struct FieldVisitor<T>(PhantomData<T>);

impl<'de, T: DeserializeOwned> Visitor<'de> for FieldVisitor<T> {
    type Value = Field<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Field<T>, D::Error> {
        let value = Value::deserialize(d)?;
        Ok(match T::deserialize(Exact(&value)) {
            Ok(v) => Field::Known(v),
            Err(_) => drifted(value),
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut twice: A) -> Result<Field<T>, A::Error> {
        if let Ok(Some(v)) = twice.next_element::<T>() {
            return Ok(Field::Known(v));
        }
        match twice.next_element::<Value>()? {
            Some(value) => Ok(drifted(value)),
            None => Err(de::Error::custom("a field without a value")),
        }
    }
}

/// The schema of a field is the schema of `T`: a value of another type is drift,
/// which the view keeps but the schema does not describe.
#[cfg(feature = "schema")]
impl<T: schemars::JsonSchema> schemars::JsonSchema for Field<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}

/// A field kept raw, counted for [`view`].
fn drifted<T>(value: Value) -> Field<T> {
    DRIFTED.set(DRIFTED.get() + 1);
    Field::Raw(value)
}

/// The JSON type of `v`, as drift reports name it.
pub fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

thread_local! {
    /// How many fields fell back to [`Field::Raw`] on this thread so far.
    static DRIFTED: Cell<u64> = const { Cell::new(0) };
    /// While set, [`Field::Raw`] serializes wrapped in a marker object, so that
    /// [`view`] can find the paths of the drifted fields.
    static MARK_RAW: Cell<bool> = const { Cell::new(false) };
}

/// The key of the marker object a raw field serializes as while paths are collected.
const RAW_MARK: &str = "\u{0}pikepay.raw";

/// At most this many distinct drifted paths are remembered (and reported) per process.
const MAX_REPORTED: usize = 4096;

/// Field paths already reported, so each drift is logged once.
static REPORTED: Mutex<Option<HashSet<String>>> = Mutex::new(None);

/// One field that arrived with a type this version does not expect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Drift {
    /// Where, in Pike's path style with canonical names: `session.payment_list.0.payment_options.recurrent`.
    pub path: String,
    /// The JSON type it arrived with.
    pub found: &'static str,
}

/// Reads `value` as the typed view `T`. Fields of an unexpected type become
/// [`Field::Raw`]; each drifted field is logged once per field path (a `tracing`
/// warning with target `pikepay::drift`) under `root` (e.g. `session`), and returned.
///
/// Fails only when `value` is not what `T` is at its top (e.g. not a JSON object).
pub fn view<T: DeserializeOwned + Serialize>(
    value: &Value,
    root: &str,
) -> Result<(T, Vec<Drift>), serde_json::Error> {
    let before = DRIFTED.get();
    let typed = T::deserialize(Exact(value))?;
    if DRIFTED.get() == before {
        return Ok((typed, Vec::new()));
    }
    let drift = drifted_paths(&typed, root);
    report(&drift);
    Ok((typed, drift))
}

/// Logs the drift of `value` read as `T` exactly as [`view`] does, for callers that keep
/// only the received JSON (the Python and Node webhooks), and returns it.
///
/// Whether a field drifts depends only on the shape of what was received: the keys,
/// the JSON type at each place, and for a number whether it is an integer that fits in
/// 64 bits (typed fields read any string: string enums keep values they do not know).
/// A shape read once without drift is remembered (a 64-bit hash of it, at most
/// `MAX_CLEAN_SHAPES`), and the same shape again is not read a second time.
pub fn report_drift<T: DeserializeOwned + Serialize + 'static>(
    value: &Value,
    root: &str,
) -> Result<Vec<Drift>, serde_json::Error> {
    let shape = {
        let mut h = std::hash::DefaultHasher::new();
        std::any::TypeId::of::<T>().hash(&mut h);
        root.hash(&mut h);
        hash_shape(value, &mut h);
        h.finish()
    };
    let clean =
        |set: &mut Option<HashSet<u64>>| set.get_or_insert_with(HashSet::new).contains(&shape);
    if clean(&mut CLEAN_SHAPES.lock().unwrap_or_else(PoisonError::into_inner)) {
        return Ok(Vec::new());
    }
    let (_, drift) = view::<T>(value, root)?;
    if drift.is_empty() {
        let mut guard = CLEAN_SHAPES.lock().unwrap_or_else(PoisonError::into_inner);
        let set = guard.get_or_insert_with(HashSet::new);
        if set.len() < MAX_CLEAN_SHAPES {
            set.insert(shape);
        }
    }
    Ok(drift)
}

/// At most this many drift-free shapes are remembered per process.
const MAX_CLEAN_SHAPES: usize = 1024;

/// Hashes of shapes read without drift (see [`report_drift`]).
static CLEAN_SHAPES: Mutex<Option<HashSet<u64>>> = Mutex::new(None);

/// Feeds the shape of `v` (keys, JSON types, whether a number is a 64-bit integer) to `h`.
fn hash_shape(v: &Value, h: &mut impl Hasher) {
    match v {
        Value::Null => h.write_u8(0),
        Value::Bool(_) => h.write_u8(1),
        Value::Number(n) if n.as_i64().is_some() => h.write_u8(2),
        Value::Number(n) if n.as_u64().is_some() => h.write_u8(3),
        Value::Number(_) => h.write_u8(4),
        Value::String(_) => h.write_u8(5),
        Value::Array(items) => {
            h.write_u8(6);
            h.write_usize(items.len());
            items.iter().for_each(|item| hash_shape(item, h));
        }
        Value::Object(map) => {
            h.write_u8(7);
            h.write_usize(map.len());
            for (k, child) in map {
                h.write(k.as_bytes());
                h.write_u8(0xff);
                hash_shape(child, h);
            }
        }
    }
}

/// The paths of the raw fields of `typed`, found by serializing it with raw fields marked.
fn drifted_paths<T: Serialize>(typed: &T, root: &str) -> Vec<Drift> {
    MARK_RAW.set(true);
    let marked = serde_json::to_value(typed);
    MARK_RAW.set(false);
    let mut out = Vec::new();
    if let Ok(marked) = marked {
        collect(&marked, root.to_owned(), &mut out);
    }
    out
}

fn collect(v: &Value, path: String, out: &mut Vec<Drift>) {
    match v {
        Value::Object(m) => {
            if let (1, Some(raw)) = (m.len(), m.get(RAW_MARK)) {
                out.push(Drift {
                    path,
                    found: json_type(raw),
                });
                return;
            }
            for (k, child) in m {
                collect(child, join(&path, k), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                collect(child, join(&path, &i.to_string()), out);
            }
        }
        _ => {}
    }
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

/// Logs each drift whose path was not reported before.
fn report(drift: &[Drift]) {
    let mut guard = REPORTED.lock().unwrap_or_else(PoisonError::into_inner);
    let seen = guard.get_or_insert_with(HashSet::new);
    for d in drift {
        if seen.len() >= MAX_REPORTED || !seen.insert(d.path.clone()) {
            continue;
        }
        tracing::warn!(
            target: "pikepay::drift",
            path = %d.path,
            found = d.found,
            "field has an unexpected type; its raw value is kept"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, Serialize, Deserialize)]
    struct Inner {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        flag: Option<Field<bool>>,
    }

    #[derive(Debug, Serialize, Deserialize)]
    struct Outer {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        items: Option<Field<Vec<Field<Inner>>>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        n: Option<Field<i64>>,
    }

    #[test]
    fn unexpected_types_stay_raw_and_are_found_by_path() {
        let v = json!({"items": [{"flag": true}, {"flag": "true"}], "n": "7"});
        let (o, drift) = view::<Outer>(&v, "x").unwrap();
        assert_eq!(serde_json::to_value(&o).unwrap(), v);
        assert_eq!(o.n.as_ref().unwrap().raw(), Some(&json!("7")));
        let paths: Vec<_> = drift.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["x.items.1.flag", "x.n"]);
        assert_eq!(format!("{:?}", o.n), "Some(Raw(<string>))");
        let (_, none) = view::<Outer>(&json!({"n": 1}), "x").unwrap();
        assert!(none.is_empty());
    }

    #[test]
    fn a_remembered_clean_shape_never_hides_drift() {
        let clean = json!({"items": [{"flag": true}], "n": 1});
        for _ in 0..2 {
            assert!(report_drift::<Outer>(&clean, "y").unwrap().is_empty());
        }
        // Same keys, other types or a number beyond 64 bits: another shape, read again.
        for drifted in [
            json!({"items": [{"flag": "true"}], "n": 1}),
            json!({"items": [{"flag": true}], "n": 1.5}),
            serde_json::from_str(r#"{"items": [{"flag": true}], "n": 18446744073709551616}"#)
                .unwrap(),
        ] {
            for _ in 0..2 {
                let drift = report_drift::<Outer>(&drifted, "y").unwrap();
                assert_eq!(drift, view::<Outer>(&drifted, "y").unwrap().1, "{drifted}");
                assert_eq!(drift.len(), 1, "{drifted}");
            }
        }
    }

    #[test]
    fn numbers_beyond_64_bits_in_unknown_fields_keep_the_typed_view() {
        #[derive(Debug, Serialize, Deserialize)]
        struct WithExtra {
            #[serde(default, skip_serializing_if = "Option::is_none")]
            n: Option<Field<i64>>,
            #[serde(flatten)]
            extra: Map<String, Value>,
        }
        let text = r#"{"n": 5, "wide": 18446744073709551616, "deep": {"x": [-18446744073709551617]}, "far": 1e400}"#;
        let v: Value = serde_json::from_str(text).unwrap();
        let (typed, drift) = view::<Field<WithExtra>>(&v, "z").unwrap();
        assert!(drift.is_empty(), "{drift:?}");
        let typed = typed.into_known().expect("read as the typed object");
        assert_eq!(typed.n.value(), Some(&5));
        assert_eq!(serde_json::to_string(&typed).unwrap(), v.to_string());
    }
}
