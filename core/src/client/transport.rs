//! One HTTP attempt: send the signed bytes with Pike's headers and say what happened.

use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{
    ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, HOST, HeaderName, HeaderValue, RETRY_AFTER,
};
use tokio::sync::Semaphore;

use super::retry::parse_retry_after;
use crate::endpoint::HttpMethod;
use crate::error::{Error, Result};

/// Header carrying the project id.
pub const HEADER_PROJECT: &str = "X-PARTNER-PROJECT";
/// Header carrying the base64 signature of the exact body.
pub const HEADER_SIGN: &str = "X-PARTNER-SIGN";
/// Header carrying the sub-merchant (payer) id.
pub const HEADER_SUBMERCHANT: &str = "X-PARTNER-SUBMERCHANT";
/// Header carrying the idempotency key.
pub const HEADER_IDEMPOTENCY_KEY: &str = "X-PARTNER-IDEMPOTENCY-KEY";

/// A request ready to send: serialized and signed once, sent as is on every attempt.
pub struct Prepared {
    /// HTTP method.
    pub method: HttpMethod,
    /// Full URL.
    pub url: String,
    /// The exact bytes that were signed, shared by every attempt (not copied).
    pub body: Bytes,
    /// Base64 signature of `body`.
    pub signature: HeaderValue,
    /// This call's own headers (a sub-merchant, extra headers).
    pub headers: Vec<(HeaderName, HeaderValue)>,
}

/// The headers a call adds: its sub-merchant (replacing the client's) and extra
/// headers. Pike's `X-PARTNER-*` headers and the content headers are refused, naming
/// the header, since the client sets them.
pub fn call_headers(opts: &super::CallOptions) -> Result<Vec<(HeaderName, HeaderValue)>> {
    call_headers_named(opts, "submerchant", "headers")
}

/// [`call_headers`], naming the options `submerchant` and `headers` as the caller
/// spelled them.
pub(crate) fn call_headers_named(
    opts: &super::CallOptions,
    submerchant: &str,
    headers: &str,
) -> Result<Vec<(HeaderName, HeaderValue)>> {
    let mut out = Vec::new();
    if let Some(sub) = &opts.submerchant {
        // The same rule as the client's own sub-merchant: visible ASCII, no spaces.
        let value = Some(sub.as_str())
            .filter(|s| s.chars().all(|c| c.is_ascii_graphic()))
            .and_then(|s| HeaderValue::from_str(s).ok())
            .ok_or_else(|| Error::invalid_field(submerchant, "must be visible ASCII"))?;
        out.push((HeaderName::from_static("x-partner-submerchant"), value));
    }
    for (name, value) in &opts.headers {
        let field = format!("{headers}.{name}");
        let header = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::invalid_field(&field, "is not a valid header name"))?;
        let reserved = header.as_str().starts_with("x-partner-")
            || [CONTENT_TYPE, ACCEPT, CONTENT_LENGTH, HOST].contains(&header);
        if reserved {
            return Err(Error::invalid_field(
                &field,
                "is set by the client (use submerchant= for X-PARTNER-SUBMERCHANT)",
            ));
        }
        let value = Some(value.as_str())
            .filter(|v| v.chars().all(|c| c.is_ascii_graphic() || c == ' '))
            .and_then(|v| HeaderValue::from_str(v).ok())
            .ok_or_else(|| Error::invalid_field(&field, "must be printable ASCII"))?;
        out.push((header, value));
    }
    Ok(out)
}

/// What one attempt led to.
pub enum Outcome {
    /// The server answered (any HTTP status) and the whole body was read.
    Answered {
        /// HTTP status.
        status: u16,
        /// `Retry-After`, when given in seconds.
        retry_after: Option<Duration>,
        /// Raw body.
        body: Vec<u8>,
    },
    /// The server answered, but the body is longer than the client's cap: it was not
    /// read (a `Content-Length` above the cap) or reading stopped at the cap.
    TooLarge {
        /// HTTP status.
        status: u16,
        /// The announced `Content-Length`, when there was one.
        announced: Option<u64>,
    },
    /// The request provably never left: connect refused, DNS or TLS handshake failure.
    NotSent(reqwest::Error),
    /// The request was (or may have been) sent, then no full answer came: timeout, reset.
    Lost(reqwest::Error),
    /// The call's deadline passed while it waited for a free connection; nothing was sent.
    NoFreeConnection,
}

/// Connection-level settings shared by every attempt.
pub struct Transport {
    /// Pooled HTTP client.
    pub http: reqwest::Client,
    /// `X-PARTNER-PROJECT`.
    pub project: HeaderValue,
    /// `X-PARTNER-SUBMERCHANT`, when set.
    pub submerchant: Option<HeaderValue>,
    /// Longest answer body read, in bytes.
    pub max_response_bytes: usize,
    /// One permit per connection the client may use at once (`max_connections`):
    /// an attempt holds one from before it is sent until its whole answer is read.
    pub connections: Semaphore,
}

impl Transport {
    /// Sends `req` once with `key`: waits for a free connection until `deadline`, then
    /// sends, bounded by `timeout` (and `deadline`) from connect to the last body byte.
    pub async fn send(
        &self,
        req: &Prepared,
        key: Option<&HeaderValue>,
        timeout: Duration,
        deadline: Instant,
    ) -> Outcome {
        let wait = tokio::time::timeout_at(deadline.into(), self.connections.acquire()).await;
        let Ok(Ok(_permit)) = wait else {
            return Outcome::NoFreeConnection;
        };
        let timeout = timeout.min(deadline.saturating_duration_since(Instant::now()));
        if timeout.is_zero() {
            return Outcome::NoFreeConnection;
        }
        let method = match req.method {
            HttpMethod::Get => reqwest::Method::GET,
            HttpMethod::Post => reqwest::Method::POST,
        };
        let mut builder = self
            .http
            .request(method, &req.url)
            .timeout(timeout)
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .header(HEADER_PROJECT, self.project.clone())
            .header(HEADER_SIGN, req.signature.clone());
        let own_submerchant = req.headers.iter().any(|(n, _)| n == HEADER_SUBMERCHANT);
        if let Some(sub) = self.submerchant.as_ref().filter(|_| !own_submerchant) {
            builder = builder.header(HEADER_SUBMERCHANT, sub.clone());
        }
        for (name, value) in &req.headers {
            builder = builder.header(name.clone(), value.clone());
        }
        if let Some(key) = key {
            builder = builder.header(HEADER_IDEMPOTENCY_KEY, key.clone());
        }
        let sent = super::connect_gate::as_call(builder.body(req.body.clone()).send());
        let mut response = match sent.await {
            Ok(r) => r,
            Err(e) if e.is_connect() => return Outcome::NotSent(e),
            Err(e) => return Outcome::Lost(e),
        };
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_retry_after);
        let cap = self.max_response_bytes;
        let announced = response.content_length();
        if announced.is_some_and(|len| len > u64::try_from(cap).unwrap_or(u64::MAX)) {
            return Outcome::TooLarge { status, announced };
        }
        // Read chunk by chunk so no more than the cap (plus one chunk) is ever held.
        let mut body =
            Vec::with_capacity(announced.and_then(|n| usize::try_from(n).ok()).unwrap_or(0));
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() + chunk.len() > cap {
                        return Outcome::TooLarge { status, announced };
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => {
                    return Outcome::Answered {
                        status,
                        retry_after,
                        body,
                    };
                }
                Err(e) => return Outcome::Lost(e),
            }
        }
    }
}

/// A one-line description of a transport failure with its causes (URLs hold no secrets).
pub fn describe(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        let part = cause.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        source = cause.source();
    }
    text
}
