//! The core's attempt events reach JS: each request and outcome is handed, as JSON text
//! with a `"type"` of `"request"` or `"response"`, to one JS function per client, which
//! the JS layer turns into `client.on('request' | 'response')` events and log lines.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use napi::bindgen_prelude::*;
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use pikepay::client::{AttemptRequest, AttemptResponse, Observer};
use serde::Serialize;

/// A JS function called on the JS thread; it never keeps the process alive.
type Listener = ThreadsafeFunction<String, (), String, Status, false, true>;

/// Hands each attempt to the client's JS listener while `active` is set (the JS layer
/// sets it when someone listens, so an unobserved client pays nothing).
pub struct JsObserver {
    listener: Listener,
    active: Arc<AtomicBool>,
}

impl JsObserver {
    /// Wraps `listener`, a `(eventJson: string) => void`, switched by `active`.
    pub fn new(listener: &Function<'_, String, ()>, active: Arc<AtomicBool>) -> Result<Self> {
        let listener = listener
            .build_threadsafe_function::<String>()
            .callee_handled::<false>()
            .weak::<true>()
            .build()?;
        Ok(JsObserver { listener, active })
    }

    fn send(&self, kind: &str, attempt: &impl Serialize) {
        if !self.active.load(Ordering::Relaxed) {
            return;
        }
        let Ok(serde_json::Value::Object(mut event)) = serde_json::to_value(attempt) else {
            return;
        };
        event.insert("type".into(), kind.into());
        let text = serde_json::Value::Object(event).to_string();
        self.listener
            .call(text, ThreadsafeFunctionCallMode::NonBlocking);
    }
}

impl Observer for JsObserver {
    fn on_request(&self, request: &AttemptRequest) {
        self.send("request", request);
    }

    fn on_response(&self, response: &AttemptResponse) {
        self.send("response", response);
    }
}
