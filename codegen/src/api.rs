//! The intermediate representation every emitter reads: the operations of the core's
//! operation table with their parameters, and the named types of their requests,
//! answers and webhooks, built from the models' JSON schemas.
//!
//! It is language-neutral: names are the wire names (`payout_list`) and the core's
//! type names (`PayoutItem`); each emitter spells them its own way.

use std::collections::{BTreeMap, BTreeSet};

use pikepay::endpoint::{DefaultValue, Effect, Endpoint};
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value};

/// The whole API: operations in the table's order, and every named type they reach.
#[derive(Clone, Debug, PartialEq)]
pub struct Api {
    /// Every operation, in the order of the core's table.
    pub operations: Vec<Operation>,
    /// Objects and enums by name (the core's type name, e.g. `Session`).
    pub types: BTreeMap<String, NamedType>,
    /// The name of the verified webhook's type (`Event`) in [`Api::types`].
    pub event: String,
}

/// One API method, e.g. `sessions.init_payout` = `POST session/init/payout`.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// The resource it belongs to, e.g. `sessions`.
    pub resource: String,
    /// Its name on the resource, e.g. `init_payout`.
    pub method: String,
    /// Method path without the version prefix, e.g. `session/init/payout`.
    pub path: String,
    /// `GET` or `POST`.
    pub http_method: &'static str,
    /// True when Pike serves it only under `/api/v1`.
    pub v1_only: bool,
    /// Read-only, money-moving (always keyed) or neither.
    pub effect: Effect,
    /// What it does (one paragraph, Markdown with backticks).
    pub doc: String,
    /// The top-level fields of the request body, in the model's order.
    pub params: Vec<Param>,
    /// The request body's type (an object in [`Api::types`]).
    pub request: String,
    /// The answer's type (an object in [`Api::types`]), e.g. `SessionResponse`.
    pub result: String,
}

/// A request parameter: one top-level field of the body.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// Wire name, e.g. `payout_details`.
    pub name: String,
    /// Its type.
    pub ty: Type,
    /// True when the caller must give it (required by the model and not defaulted).
    pub required: bool,
    /// What the client fills in when it is left out, if anything.
    pub default: Option<DefaultValue>,
    /// What it is.
    pub doc: String,
}

/// The type of a field or parameter.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Type {
    /// A string.
    String,
    /// A string that is a secret (card number, token, hash): never shown in logs.
    Secret,
    /// An integer (JSON number without a fraction), e.g. minor units.
    Integer,
    /// Any JSON number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// Any JSON value, `null` included (e.g. `metadata`).
    Any,
    /// An object or enum of [`Api::types`], by name.
    Named(String),
    /// A JSON array of the type.
    List(Box<Type>),
    /// A JSON object with any keys and values of the type.
    Map(Box<Type>),
}

/// A named type: an object with known fields, or an enum of known strings.
#[derive(Clone, Debug, PartialEq)]
pub enum NamedType {
    /// An object.
    Object(Object),
    /// A string with known values; any other string is allowed and kept as sent.
    Enum(Enum),
}

/// An object with known fields; unknown fields are always allowed and kept.
#[derive(Clone, Debug, PartialEq)]
pub struct Object {
    /// The core's type name, e.g. `PayoutItem`.
    pub name: String,
    /// What it is.
    pub doc: String,
    /// Its known fields, in the model's order.
    pub fields: Vec<Field>,
}

/// A known field of an object.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// Wire name, e.g. `payout_list` (`type` for the core's `kind`).
    pub name: String,
    /// Its type.
    pub ty: Type,
    /// True when the model requires it (requests); answer fields are all optional.
    pub required: bool,
    /// What it is.
    pub doc: String,
}

/// A string enum: its known values; other strings are allowed.
#[derive(Clone, Debug, PartialEq)]
pub struct Enum {
    /// The core's type name, e.g. `SessionStatus`.
    pub name: String,
    /// What it is.
    pub doc: String,
    /// The known values, in declaration order.
    pub values: Vec<EnumValue>,
}

/// One known value of an enum.
#[derive(Clone, Debug, PartialEq)]
pub struct EnumValue {
    /// The wire string, e.g. `succeeded`.
    pub value: String,
    /// What it means.
    pub doc: String,
}

impl Api {
    /// Reads the core: its operation table and its models' schemas.
    pub fn from_core() -> Result<Api, String> {
        let mut generator = SchemaSettings::draft2020_12().into_generator();
        let mut refs = Vec::new();
        for &endpoint in Endpoint::ALL {
            let request = endpoint.request_schema(&mut generator);
            let response = endpoint.response_schema(&mut generator);
            refs.push((
                endpoint,
                ref_name(request.as_value())?,
                ref_name(response.as_value())?,
            ));
        }
        let event = ref_name(pikepay::webhook::event_schema(&mut generator).as_value())?;
        let mut types = BTreeMap::new();
        for (name, schema) in generator.definitions() {
            types.insert(name.clone(), named_type(name, schema)?);
        }
        let mut operations = Vec::new();
        for (endpoint, request, result) in refs {
            let op = endpoint.operation();
            let Some(NamedType::Object(body)) = types.get(&request) else {
                return Err(format!("{}: request {request} is not an object", op.path));
            };
            let params = body
                .fields
                .iter()
                .map(|f| {
                    let default = op
                        .defaults
                        .iter()
                        .find(|d| d.field == f.name)
                        .map(|d| d.value);
                    Param {
                        name: f.name.clone(),
                        ty: f.ty.clone(),
                        required: f.required && default.is_none(),
                        default,
                        doc: f.doc.clone(),
                    }
                })
                .collect();
            operations.push(Operation {
                resource: op.resource.to_owned(),
                method: op.method.to_owned(),
                path: op.path.to_owned(),
                http_method: match op.http_method {
                    pikepay::HttpMethod::Get => "GET",
                    pikepay::HttpMethod::Post => "POST",
                },
                v1_only: op.v1_only,
                effect: op.effect,
                doc: clean_doc(op.doc),
                params,
                request,
                result,
            });
        }
        Ok(Api {
            operations,
            types,
            event,
        })
    }

    /// The resources in the table's order of first appearance, e.g. `sessions`.
    pub fn resources(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for op in &self.operations {
            if !out.contains(&op.resource.as_str()) {
                out.push(&op.resource);
            }
        }
        out
    }

    /// The operations of `resource`, in the table's order.
    pub fn operations_of<'a>(&'a self, resource: &'a str) -> impl Iterator<Item = &'a Operation> {
        self.operations
            .iter()
            .filter(move |op| op.resource == resource)
    }

    /// The named types reachable from `roots` (themselves included), by name.
    pub fn reachable<'a>(&self, roots: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<String> = roots.into_iter().map(str::to_owned).collect();
        while let Some(name) = todo.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            if let Some(NamedType::Object(o)) = self.types.get(&name) {
                for f in &o.fields {
                    f.ty.names(&mut todo);
                }
            }
        }
        seen
    }
}

impl Type {
    /// Pushes the names of the named types inside this type.
    fn names(&self, out: &mut Vec<String>) {
        match self {
            Type::Named(n) => out.push(n.clone()),
            Type::List(t) | Type::Map(t) => t.names(out),
            _ => {}
        }
    }
}

/// The definition a `{"$ref": "#/$defs/Name"}` schema points to.
fn ref_name(schema: &Value) -> Result<String, String> {
    schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.rsplit('/').next())
        .map(str::to_owned)
        .ok_or_else(|| format!("expected a reference to a named schema, got {schema}"))
}

/// A doc comment as one paragraph: lines trimmed and joined, rustdoc links
/// (``[`x`]``) as plain code spans.
fn clean_doc(doc: &str) -> String {
    doc.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("[`", "`")
        .replace("`]", "`")
}

fn description(schema: &Value) -> String {
    clean_doc(
        schema
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or(""),
    )
}

fn strings(schema: &Value, key: &str) -> Vec<String> {
    schema
        .get(key)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).map(clean_doc).collect())
        .unwrap_or_default()
}

fn named_type(name: &str, schema: &Value) -> Result<NamedType, String> {
    if schema.get("x-known-values").is_some() {
        let values = strings(schema, "x-known-values");
        let docs = strings(schema, "x-known-docs");
        return Ok(NamedType::Enum(Enum {
            name: name.to_owned(),
            doc: description(schema),
            values: values
                .into_iter()
                .enumerate()
                .map(|(i, value)| EnumValue {
                    value,
                    doc: docs.get(i).cloned().unwrap_or_default(),
                })
                .collect(),
        }));
    }
    let empty = Map::new();
    let properties = schema
        .get("properties")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let required: Vec<String> = strings(schema, "required");
    let fields = properties
        .iter()
        .map(|(field, s)| {
            Ok(Field {
                name: field.clone(),
                ty: field_type(s).map_err(|e| format!("{name}.{field}: {e}"))?,
                required: required.contains(field),
                doc: description(s),
            })
        })
        .collect::<Result<_, String>>()?;
    Ok(NamedType::Object(Object {
        name: name.to_owned(),
        doc: description(schema),
        fields,
    }))
}

/// The type a field's schema describes; `null` alternatives (optional fields) are
/// dropped: absence and `null` are the emitters' business.
fn field_type(schema: &Value) -> Result<Type, String> {
    if schema == &Value::Bool(true) {
        return Ok(Type::Any);
    }
    if schema.get("$ref").is_some() {
        return ref_name(schema).map(Type::Named);
    }
    if let Some(alternatives) = schema.get("anyOf").or_else(|| schema.get("oneOf")) {
        let non_null: Vec<&Value> = alternatives
            .as_array()
            .into_iter()
            .flatten()
            .filter(|s| s.get("type").and_then(Value::as_str) != Some("null"))
            .collect();
        return match non_null.as_slice() {
            [one] => field_type(one),
            _ => Ok(Type::Any),
        };
    }
    let kind = match schema.get("type") {
        Some(Value::String(t)) => t.as_str(),
        Some(Value::Array(ts)) => {
            let non_null: Vec<&str> = ts
                .iter()
                .filter_map(Value::as_str)
                .filter(|t| *t != "null")
                .collect();
            match non_null.as_slice() {
                [one] => *one,
                _ => return Ok(Type::Any),
            }
        }
        None if schema.as_object().is_some_and(|m| {
            m.keys()
                .all(|k| k == "description" || k == "default" || k == "title")
        }) =>
        {
            return Ok(Type::Any);
        }
        _ => return Err(format!("unsupported schema {schema}")),
    };
    Ok(match kind {
        "string" if schema.get("x-secret") == Some(&Value::Bool(true)) => Type::Secret,
        "string" => Type::String,
        "integer" => Type::Integer,
        "number" => Type::Number,
        "boolean" => Type::Boolean,
        "array" => Type::List(Box::new(match schema.get("items") {
            Some(items) => field_type(items)?,
            None => Type::Any,
        })),
        "object" => Type::Map(Box::new(match schema.get("additionalProperties") {
            Some(Value::Bool(false)) => return Err("a closed object without a name".into()),
            Some(Value::Object(_)) => field_type(&schema["additionalProperties"])?,
            _ => Type::Any,
        })),
        other => return Err(format!("unsupported type {other}")),
    })
}
