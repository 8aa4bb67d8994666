//! behaviour.json: the defaults, `wait`'s `until` forms, per-call option rules, call
//! shapes and non-object answers, as the core decides them for every language. Calls go
//! through a real client to a loopback server that records what it was sent.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, Uri};
use axum::routing::any;
use pikepay::client::{
    CallOptions, Client, DEFAULT_SETTINGS, Dialect, SessionCheck, WaitOptions, WaitUntil,
};
use pikepay::{Error, ErrorKind, HttpMethod, PrivateKey};
use serde_json::{Value, json};

use crate::{cases, private_pem, text};

/// What the loopback server was sent: method, path, idempotency key and JSON body.
#[derive(Clone, Debug)]
struct Seen {
    method: String,
    path: String,
    key: Option<String>,
    body: Value,
}

/// A loopback "Pike" answering every request with `answer` and recording it.
struct Pike {
    url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    answer: Arc<Mutex<(u16, String)>>,
}

impl Pike {
    async fn start() -> Pike {
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let answer = Arc::new(Mutex::new((200, r#"{"status":"ok"}"#.to_owned())));
        let (store, reply) = (seen.clone(), answer.clone());
        let app = axum::Router::new().route(
            "/{*path}",
            any(
                move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| async move {
                    store.lock().unwrap().push(Seen {
                        method: method.to_string(),
                        path: uri.path().to_owned(),
                        key: headers
                            .get("x-partner-idempotency-key")
                            .and_then(|v| v.to_str().ok())
                            .map(str::to_owned),
                        body: serde_json::from_slice(&body).unwrap_or(Value::Null),
                    });
                    let (status, text) = reply.lock().unwrap().clone();
                    (
                        axum::http::StatusCode::from_u16(status).unwrap(),
                        [("content-type", "application/json")],
                        text,
                    )
                },
            ),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        Pike { url, seen, answer }
    }

    fn client(&self) -> Client {
        Client::builder()
            .project("vectors")
            .private_key(PrivateKey::from_pem_or_der(private_pem("rsa2048")).unwrap())
            .base_url(&self.url)
            .max_retries(0)
            .build()
            .unwrap()
    }

    fn answer(&self, status: u16, body: &str) {
        *self.answer.lock().unwrap() = (status, body.to_owned());
    }

    fn take(&self) -> Vec<Seen> {
        std::mem::take(&mut *self.seen.lock().unwrap())
    }
}

/// The options of a case, written with Python's names (durations in milliseconds),
/// read as the core reads Python's.
fn python_options(options: &Value) -> CallOptions {
    CallOptions::from_json(options, Dialect::Python).expect("options")
}

async fn send(client: &Client, case: &Value) -> pikepay::Result<pikepay::Reply> {
    let method: HttpMethod = text(case, "method").parse().unwrap();
    let opts = python_options(&case["options"]);
    client
        .request(method, text(case, "path"), case["body"].clone(), &opts)
        .await
}

fn defaults(case: &Value) {
    assert_eq!(DEFAULT_SETTINGS.to_json(), case["settings"]);
    let client = Client::builder()
        .project("vectors")
        .private_key(PrivateKey::from_pem_or_der(private_pem("rsa2048")).unwrap())
        .base_url("http://127.0.0.1:9")
        .build()
        .unwrap();
    assert_eq!(client.settings().to_json(), case["settings"]);
    let wait = WaitOptions::from_json(&Value::Null, Dialect::Node).unwrap();
    let wait_ms = case["settings"]["wait_timeout_ms"].as_u64().unwrap();
    assert_eq!(wait.timeout, Duration::from_millis(wait_ms));
    assert_eq!(wait.until, WaitUntil::Final);
}

/// The condition of an `until` case: its JSON form, or a function of the session.
fn condition(case: &Value) -> pikepay::Result<WaitUntil> {
    let Some(function) = case["until_function"].as_str() else {
        return WaitUntil::from_json(&case["until"]);
    };
    let id = case["session"]["id"].clone();
    let function = function.to_owned();
    Ok(WaitUntil::Check(SessionCheck::new(
        move |session: Value| {
            assert_eq!(session["id"], id, "the function is given the session");
            let answer = match function.as_str() {
                "returns_true" => Ok(true),
                "returns_false" => Ok(false),
                "throws" => Err(Error::new(ErrorKind::Internal, "thrown by the function")),
                other => panic!("unknown function {other}"),
            };
            async move { answer }
        },
    )))
}

async fn until(pike: &Pike, case: &Value) {
    let name = text(case, "name");
    let until = match condition(case) {
        Ok(until) => until,
        Err(e) => {
            let refused = &case["refused"];
            assert!(refused.is_object(), "{name}: refused: {e:?}");
            assert_eq!(e.code(), text(refused, "error_code"), "{name}");
            assert_eq!(e.field(), refused["field"].as_str(), "{name}");
            return;
        }
    };
    assert!(case["refused"].is_null(), "{name}: accepted");
    pike.answer(
        200,
        &json!({"status": "ok", "session": case["session"]}).to_string(),
    );
    let result = pike
        .client()
        .wait("ps_1", until, Duration::from_millis(300))
        .await;
    if case["raises"] == true {
        assert_eq!(
            result.unwrap_err().message(),
            "thrown by the function",
            "{name}"
        );
    } else if case["stops"] == true {
        let reply = result.unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert_eq!(reply.body["session"], case["session"], "{name}");
    } else {
        let e = result.expect_err(name);
        assert_eq!(e.kind(), ErrorKind::OutcomeUnknown, "{name}");
    }
    pike.take();
}

async fn option(pike: &Pike, case: &Value) {
    let name = text(case, "name");
    for (dialect, language) in [(Dialect::Python, "python"), (Dialect::Node, "node")] {
        let mut value = case["value"].clone();
        if case["unit"] == "ms" && dialect == Dialect::Python {
            value = json!(value.as_f64().unwrap() / 1000.0);
        }
        let options = json!({ text(&case["names"], language): value });
        let result = match CallOptions::from_json(&options, dialect) {
            Ok(opts) => {
                pike.client()
                    .request(
                        HttpMethod::Post,
                        "session/status",
                        json!({"session_id": "ps_1"}),
                        &opts,
                    )
                    .await
            }
            Err(e) => Err(e),
        };
        let sent = pike.take();
        match case.get("refused") {
            Some(refused) => {
                let e = result.expect_err(name);
                assert_eq!(e.code(), text(refused, "error_code"), "{name} {language}");
                assert_eq!(
                    e.field(),
                    refused["field"][language].as_str(),
                    "{name} {language}"
                );
                assert!(sent.is_empty(), "{name} {language}: nothing is sent");
            }
            None => {
                result.unwrap_or_else(|e| panic!("{name} {language}: {e:?}"));
                assert_eq!(sent.len(), 1, "{name} {language}");
            }
        }
    }
}

async fn call(pike: &Pike, case: &Value) {
    let name = text(case, "name");
    pike.answer(200, r#"{"status":"ok"}"#);
    send(&pike.client(), case)
        .await
        .unwrap_or_else(|e| panic!("{name}: {e:?}"));
    let sent = pike.take();
    assert_eq!(sent.len(), 1, "{name}");
    let (seen, sends) = (&sent[0], &case["sends"]);
    assert_eq!(seen.path, text(sends, "path"), "{name}");
    assert_eq!(seen.method, text(sends, "method"), "{name}");
    match text(sends, "idempotency_key") {
        "none" => assert_eq!(seen.key, None, "{name}"),
        "generated" => assert!(seen.key.as_ref().is_some_and(|k| k.len() >= 4), "{name}"),
        given => assert_eq!(seen.key.as_deref(), Some(given), "{name}"),
    }
    for field in sends["body_has"].as_array().unwrap() {
        let field = field.as_str().unwrap();
        assert!(
            seen.body.get(field).is_some(),
            "{name}: {field} in {:?}",
            seen.body
        );
    }
}

async fn answer(pike: &Pike, case: &Value) {
    let name = text(case, "name");
    pike.answer(200, text(&case["answer"], "body"));
    let e = send(&pike.client(), case).await.expect_err(name);
    pike.take();
    let expected = &case["error"];
    assert_eq!(e.code(), text(expected, "error_code"), "{name}");
    assert_eq!(
        e.idempotency_key().is_some(),
        expected["idempotency_key"] == true,
        "{name}"
    );
}

#[tokio::test]
async fn behaviour_cases() {
    let pike = Pike::start().await;
    let mut kinds = std::collections::BTreeMap::new();
    for case in cases("behaviour.json") {
        let kind = text(&case, "kind").to_owned();
        match kind.as_str() {
            "defaults" => defaults(&case),
            "until" => until(&pike, &case).await,
            "option" => option(&pike, &case).await,
            "call" => call(&pike, &case).await,
            "answer" => answer(&pike, &case).await,
            other => panic!("unknown kind {other}"),
        }
        *kinds.entry(kind).or_insert(0) += 1;
    }
    assert_eq!(kinds.len(), 5, "every kind of case is present: {kinds:?}");
}

#[test]
fn user_agent_names_the_language_and_runtime() {
    let version = env!("CARGO_PKG_VERSION");
    assert_eq!(
        pikepay::client::user_agent(Some(("python", "CPython/3.12.1")), Some(" shop/2.0 ")),
        format!("pikepay-rust/{version} pikepay-python/{version} CPython/3.12.1 shop/2.0")
    );
    assert_eq!(
        pikepay::client::user_agent(None, Some("  ")),
        format!("pikepay-rust/{version}")
    );
}
