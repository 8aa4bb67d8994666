//! Pike's answer envelope: `{"status":"ok",...}` or
//! `{"status":"error","error":{"code","description"}}`, with an HTTP status.

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use pikepay::error::{INVALID_REQUEST, REPOSITORY_RECORD_NOT_FOUND};
use serde_json::{Value, json};

/// Code for a request whose project or signature is not accepted.
pub const UNAUTHORIZED: &str = "unauthorized";
/// Code for a signature that does not verify.
pub const INVALID_SIGNATURE: &str = "invalid_signature";
/// Code for an operation that the session's current state does not allow.
pub const INVALID_SESSION_STATE: &str = "invalid_session_state";
/// Code for a path that is not a Pike method.
pub const METHOD_NOT_FOUND: &str = "method_not_found";
/// Code for a server-side failure (also used by injected 5xx faults).
pub const INTERNAL_ERROR: &str = "internal_error";
/// Code for an injected 429.
pub const TOO_MANY_REQUESTS: &str = "too_many_requests";

/// An error answer: HTTP status plus Pike's code and description.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PikeError {
    /// HTTP status sent with the envelope.
    pub status: StatusCode,
    /// Pike's machine code, e.g. `invalid_request`.
    pub code: &'static str,
    /// Human or field-path description, e.g. `customer.reference.not_blank`.
    pub description: String,
}

impl PikeError {
    /// An error with any status and code.
    pub fn new(status: StatusCode, code: &'static str, description: impl Into<String>) -> Self {
        PikeError {
            status,
            code,
            description: description.into(),
        }
    }

    /// HTTP 400 `invalid_request`.
    pub fn invalid(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, INVALID_REQUEST, description)
    }

    /// HTTP 400 `invalid_request` for a missing field: `<path>.required`.
    pub fn required(path: &str) -> Self {
        Self::invalid(format!("{path}.required"))
    }

    /// HTTP 404 `repository_record_not_found`.
    pub fn not_found(description: impl Into<String>) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            REPOSITORY_RECORD_NOT_FOUND,
            description,
        )
    }

    /// HTTP 409 `invalid_session_state`.
    pub fn state(description: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, INVALID_SESSION_STATE, description)
    }

    /// The envelope as JSON.
    pub fn body(&self) -> Value {
        json!({"status": "error", "error": {"code": self.code, "description": self.description}})
    }

    /// The envelope as an HTTP response.
    pub fn response(&self) -> Response {
        json_response(self.status, &self.body())
    }
}

/// A JSON response with the given status.
pub fn json_response(status: StatusCode, body: &Value) -> Response {
    bytes_response(status, serde_json::to_vec(body).unwrap_or_default())
}

/// A response carrying exactly `bytes` as `application/json`.
pub fn bytes_response(status: StatusCode, bytes: Vec<u8>) -> Response {
    let mut resp = Response::new(Body::from(bytes));
    *resp.status_mut() = status;
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    resp
}

/// `{"status":"ok"}` plus the given fields.
pub fn ok_with(fields: Value) -> Value {
    let mut body = json!({"status": "ok"});
    if let (Some(map), Value::Object(extra)) = (body.as_object_mut(), fields) {
        map.extend(extra);
    }
    body
}

impl IntoResponse for PikeError {
    fn into_response(self) -> Response {
        self.response()
    }
}
