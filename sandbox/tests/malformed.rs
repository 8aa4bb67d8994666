//! A corpus of malformed requests: each gets Pike's error envelope with a 4xx status, and
//! the sandbox keeps serving.

mod common;

use common::*;
use serde_json::{Value, json};

/// Sends `raw` to `path` with the given project and signature headers (None = omitted).
async fn send(
    env: &Env,
    method: reqwest::Method,
    path: &str,
    project: Option<&[u8]>,
    sign: Option<String>,
    raw: Vec<u8>,
) -> Answer {
    let mut req = env.http.request(method, env.url(path)).body(raw);
    if path.starts_with("/_sandbox/") {
        // The control API takes JSON only (see control_guard.rs).
        req = req.header("content-type", "application/json");
    }
    if let Some(p) = project {
        req = req.header(
            "X-PARTNER-PROJECT",
            reqwest::header::HeaderValue::from_bytes(p).unwrap(),
        );
    }
    if let Some(s) = sign {
        req = req.header("X-PARTNER-SIGN", s);
    }
    let resp = req.send().await.expect("the sandbox answers");
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let bytes = resp.bytes().await.unwrap();
    let body: Value = serde_json::from_slice(&bytes).unwrap_or_else(|_| {
        panic!(
            "{path}: answer is not JSON: {}",
            String::from_utf8_lossy(&bytes)
        )
    });
    Answer {
        status,
        body,
        headers,
    }
}

fn assert_envelope(what: &str, a: &Answer) {
    assert!(
        (400..500).contains(&a.status),
        "{what}: HTTP {} {}",
        a.status,
        a.body
    );
    assert_eq!(a.body["status"], "error", "{what}: {}", a.body);
    assert!(!a.code().is_empty(), "{what}: {}", a.body);
    assert!(a.body["error"]["description"].is_string(), "{what}");
    assert_eq!(a.body.as_object().unwrap().len(), 2, "{what}: {}", a.body);
}

/// Signed request with the right project.
async fn signed(env: &Env, path: &str, raw: &[u8]) -> Answer {
    let sign = env.key.sign(raw).unwrap();
    send(
        env,
        reqwest::Method::POST,
        path,
        Some(PROJECT.as_bytes()),
        Some(sign),
        raw.to_vec(),
    )
    .await
}

#[tokio::test]
async fn header_and_signature_problems_get_the_envelope_in_pikes_order() {
    let env = Env::new();
    let path = "/api/v2/session/create";
    let body = b"{}".to_vec();
    let good_sign = env.key.sign(&body).unwrap();
    let other_key = pikepay::PrivateKey::from_pem_or_der(
        pikepay_sandbox::keys::generate().unwrap().private_pem,
    )
    .unwrap();
    let post = reqwest::Method::POST;
    // (what, X-PARTNER-PROJECT, X-PARTNER-SIGN, body, expected code)
    type Case<'a> = (&'a str, Option<&'a [u8]>, Option<String>, Vec<u8>, &'a str);
    let cases: Vec<Case> = vec![
        (
            "no project",
            None,
            Some(good_sign.clone()),
            body.clone(),
            "unauthorized",
        ),
        (
            "empty project",
            Some(b""),
            Some(good_sign.clone()),
            body.clone(),
            "unauthorized",
        ),
        (
            "unknown project",
            Some(b"nobody"),
            Some(good_sign.clone()),
            body.clone(),
            "unauthorized",
        ),
        (
            "non-UTF-8 project",
            Some(b"sh\xffop"),
            Some(good_sign.clone()),
            body.clone(),
            "unauthorized",
        ),
        // The project check comes before the signature check.
        (
            "unknown project, bad signature",
            Some(b"nobody"),
            Some("AAAA".into()),
            body.clone(),
            "unauthorized",
        ),
        (
            "no signature",
            Some(PROJECT.as_bytes()),
            None,
            body.clone(),
            "invalid_signature",
        ),
        (
            "signature not base64",
            Some(PROJECT.as_bytes()),
            Some("%%%not base64%%%".into()),
            body.clone(),
            "invalid_signature",
        ),
        (
            "signature of another body",
            Some(PROJECT.as_bytes()),
            Some(env.key.sign(b"{ }").unwrap()),
            body.clone(),
            "invalid_signature",
        ),
        (
            "signature by another key",
            Some(PROJECT.as_bytes()),
            Some(other_key.sign(&body).unwrap()),
            body.clone(),
            "invalid_signature",
        ),
        // The signature check comes before JSON parsing.
        (
            "bad JSON, bad signature",
            Some(PROJECT.as_bytes()),
            Some(good_sign.clone()),
            b"{".to_vec(),
            "invalid_signature",
        ),
    ];
    for (what, project, sign, raw, code) in cases {
        let a = send(&env, post.clone(), path, project, sign, raw).await;
        assert_envelope(what, &a);
        assert_eq!(a.code(), code, "{what}: {}", a.body);
        assert_eq!(a.status, 401, "{what}");
    }
    signed(&env, path, &body).await.ok();
}

#[tokio::test]
async fn malformed_bodies_get_the_envelope_and_the_process_stays_up() {
    let env = Env::new();
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let deep_obj = format!("{}1{}", "{\"a\":".repeat(5_000), "}".repeat(5_000));
    let card =
        r#"{"type":"card","card":{"type":"bank_card","bank_card":{"number":"4242424242424242"}}}"#;
    let corpus: Vec<(&str, &str, Vec<u8>)> = vec![
        ("empty body", "session/create", b"".to_vec()),
        ("truncated", "session/create", b"{\"a\":".to_vec()),
        ("not JSON", "session/status", b"session_id=ps_1".to_vec()),
        ("invalid UTF-8", "session/status", b"{\"session_id\":\"\xff\xfe\"}".to_vec()),
        ("array body", "session/create", b"[]".to_vec()),
        ("string body", "session/create", b"\"hello\"".to_vec()),
        ("number body", "session/create", b"123".to_vec()),
        ("null body", "session/create", b"null".to_vec()),
        ("trailing garbage", "session/create", b"{} {}".to_vec()),
        ("trailing comma", "session/create", b"{\"metadata\":1,}".to_vec()),
        ("deep array", "session/create", deep.into_bytes()),
        ("deep object", "session/create", deep_obj.into_bytes()),
        ("missing session_id", "session/status", b"{}".to_vec()),
        ("session_id number", "session/status", b"{\"session_id\":5}".to_vec()),
        ("session_id null", "session/confirm", b"{\"session_id\":null}".to_vec()),
        ("session_id blank", "session/cancel", b"{\"session_id\":\"  \"}".to_vec()),
        ("session_id emoji", "session/status", "{\"session_id\":\"ps_😀\"}".as_bytes().to_vec()),
        ("session_id NUL", "session/status", b"{\"session_id\":\"ps_\\u0000\"}".to_vec()),
        ("long session_id", "session/status", format!("{{\"session_id\":\"{}\"}}", "9".repeat(100_000)).into_bytes()),
        ("missing everything", "session/init/payout", b"{}".to_vec()),
        ("instrument string", "session/init/payout", br#"{"payout_details":"card","amount_details":{"amount":1,"currency":"rub"}}"#.to_vec()),
        ("blank instrument type", "session/init/payout", br#"{"payout_details":{"type":" "},"amount_details":{"amount":1,"currency":"rub"}}"#.to_vec()),
        ("card without number", "session/init/payout", br#"{"payout_details":{"type":"card","card":{"type":"bank_card","bank_card":{}}},"amount_details":{"amount":1,"currency":"rub"}}"#.to_vec()),
        ("card number letters", "session/init/payout", br#"{"payout_details":{"type":"card","card":{"type":"bank_card","bank_card":{"number":"4242abcd42424242"}}},"amount_details":{"amount":1,"currency":"rub"}}"#.to_vec()),
        ("amount huge", "session/init/payout", format!(r#"{{"payout_details":{card},"amount_details":{{"amount":1e400,"currency":"rub"}}}}"#).into_bytes()),
        ("amount beyond u64", "session/init/payout", format!(r#"{{"payout_details":{card},"amount_details":{{"amount":99999999999999999999999,"currency":"rub"}}}}"#).into_bytes()),
        ("amount negative", "session/init/payout", format!(r#"{{"payout_details":{card},"amount_details":{{"amount":-5,"currency":"rub"}}}}"#).into_bytes()),
        ("amount zero", "session/init/payout", format!(r#"{{"payout_details":{card},"amount_details":{{"amount":0,"currency":"rub"}}}}"#).into_bytes()),
        ("amount fraction", "session/init/payout", format!(r#"{{"payout_details":{card},"amount_details":{{"amount":1.5,"currency":"rub"}}}}"#).into_bytes()),
        ("amount string", "session/init/payout", format!(r#"{{"payout_details":{card},"amount_details":{{"amount":"100","currency":"rub"}}}}"#).into_bytes()),
        ("amount_details array", "session/init/payout", format!(r#"{{"payout_details":{card},"amount_details":[]}}"#).into_bytes()),
        ("currency unicode", "session/init/payout", format!(r#"{{"payout_details":{card},"amount_details":{{"amount":1,"currency":"руб"}}}}"#).into_bytes()),
        ("currency missing", "session/init/payout", format!(r#"{{"payout_details":{card},"amount_details":{{"amount":1}}}}"#).into_bytes()),
        ("payment without customer", "session/init/payment", format!(r#"{{"payment_details":{card},"amount_details":{{"amount":1,"currency":"rub"}}}}"#).into_bytes()),
        ("blank customer reference", "session/init/payment", format!(r#"{{"payment_details":{card},"amount_details":{{"amount":1,"currency":"rub"}},"customer":{{"reference":""}}}}"#).into_bytes()),
        ("token/info unknown type", "token/info", br#"{"type":"cat"}"#.to_vec()),
        ("tokenize elements not a list", "tokenize/elements", br#"{"card_elements":7}"#.to_vec()),
        ("recurrent/disable no token", "recurrent/disable", br#"{"recurrent":{}}"#.to_vec()),
        ("wallet/balance without datetime", "wallet/balance", b"{}".to_vec()),
        ("sberpay/push without phone", "sberpay/push", br#"{"session_id":"ps_1"}"#.to_vec()),
        ("fps verification wrong system", "fps/customer_verification", br#"{"payout_details":{"type":"card"},"participant_details":{}}"#.to_vec()),
    ];
    for (what, method, raw) in corpus {
        let version = if pikepay::Endpoint::from_path(method).unwrap().v1_only() {
            1
        } else {
            2
        };
        let a = signed(&env, &format!("/api/v{version}/{method}"), &raw).await;
        assert_envelope(what, &a);
    }
    // The documented description for a blank reference.
    let card_body = json!({"payment_details": {"type": "card", "card": {"type": "bank_card",
        "bank_card": {"number": "4242424242424242", "expiration_month": "05", "expiration_year": "30",
        "security_code": "123"}}}, "amount_details": {"amount": 1, "currency": "rub"},
        "customer": {"reference": ""}});
    let a = env.call(V2, "session/init/payment", &card_body).await;
    a.err(400, "invalid_request");
    assert_eq!(a.description(), "customer.reference.not_blank");
    env.call(V2, "session/create", &json!({})).await.ok();
    assert!(env.ledger().await.is_empty());
}

#[tokio::test]
async fn oversized_bodies_are_refused_with_413() {
    let mut cfg = fast_config().project(project());
    cfg.max_body_bytes = 64 * 1024;
    let env = Env::with(cfg);
    let big = format!("{{\"metadata\":\"{}\"}}", "x".repeat(200 * 1024)).into_bytes();
    let a = signed(&env, "/api/v2/session/create", &big).await;
    assert_eq!(a.status, 413);
    assert_envelope("oversized", &a);
    let a = env
        .http
        .post(env.url("/_sandbox/projects"))
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(a.status(), 413);
    env.call(V2, "session/create", &json!({})).await.ok();
}

#[tokio::test]
async fn bad_paths_methods_and_control_requests_get_the_envelope() {
    let env = Env::new();
    let get = reqwest::Method::GET;
    let post = reqwest::Method::POST;
    let delete = reqwest::Method::DELETE;
    let cases: Vec<(reqwest::Method, &str, &[u8], u16)> = vec![
        (post.clone(), "/api/v2/unknown/method", b"{}", 404),
        (post.clone(), "/api/v9/session/status", b"{}", 404),
        (post.clone(), "/api/v2/session/status/extra", b"{}", 404),
        (post.clone(), "/api/", b"{}", 404),
        (post.clone(), "/", b"{}", 404),
        (get.clone(), "/api/v2/session/status", b"", 405),
        (delete.clone(), "/api/v1/token", b"", 405),
        (post.clone(), "/_sandbox/nothing", b"{}", 404),
        (get.clone(), "/_sandbox/faults", b"", 405),
        (post.clone(), "/_sandbox/projects", b"{", 400),
        (post.clone(), "/_sandbox/projects", b"{\"name\":\"x\"}", 400),
        (
            post.clone(),
            "/_sandbox/projects",
            b"{\"name\":\"x\",\"public_key_pem\":\"not a key\"}",
            400,
        ),
        (
            post.clone(),
            "/_sandbox/projects",
            b"{\"name\":\"\",\"public_key_pem\":\"k\"}",
            400,
        ),
        (
            post.clone(),
            "/_sandbox/projects",
            b"{\"name\":\"x\",\"public_key_pem\":\"k\",\"api_version\":3}",
            400,
        ),
        (
            post.clone(),
            "/_sandbox/time/advance",
            b"{\"seconds\":-1}",
            400,
        ),
        (
            post.clone(),
            "/_sandbox/time/advance",
            b"{\"seconds\":1e30}",
            400,
        ),
        (post.clone(), "/_sandbox/time/advance", b"[]", 400),
        (
            post.clone(),
            "/_sandbox/3ds",
            b"{\"session_id\":\"ps_1\",\"result\":\"maybe\"}",
            400,
        ),
        (
            post.clone(),
            "/_sandbox/chargeback",
            b"{\"session_id\":5}",
            400,
        ),
        (post.clone(), "/_sandbox/deliveries/hold", b"{}", 400),
        (
            post.clone(),
            "/_sandbox/deliveries/release",
            b"{\"project\":\"shop\",\"order\":\"random\"}",
            400,
        ),
        (get.clone(), "/_sandbox/3ds/ps_1?result=maybe", b"", 400),
        (get.clone(), "/_sandbox/3ds/ps_1?result=success", b"", 404),
        (post.clone(), "/_sandbox/deliveries/%ff/resend", b"", 400),
    ];
    for (method, path, raw, status) in cases {
        let a = send(&env, method.clone(), path, None, None, raw.to_vec()).await;
        assert_envelope(&format!("{method} {path}"), &a);
        assert_eq!(a.status, status, "{method} {path}: {}", a.body);
    }
    env.call(V2, "session/create", &json!({})).await.ok();
}

/// Deterministic pseudo-random numbers (no timing, no seeds from outside).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[tokio::test]
async fn mutated_requests_never_get_a_server_error() {
    let env = Env::new();
    let seeds: Vec<Vec<u8>> = vec![
        serde_json::to_vec(&payout_body(V2, "4242424242424242", 1000)).unwrap(),
        serde_json::to_vec(&payment_body("4000000000003220", 1000)).unwrap(),
        br#"{"card_elements":[{"ref":"n","type":"card_number","card_number":"4242424242424242"}]}"#
            .to_vec(),
    ];
    let paths = [
        "/api/v2/session/init/payout",
        "/api/v1/session/init/payment",
        "/api/v1/tokenize/elements",
    ];
    let junk: &[&[u8]] = &[
        b"\"",
        b"{",
        b"}",
        b"[",
        b"]",
        b":",
        b",",
        b"-",
        b"1e999",
        b"null",
        "\u{1F600}".as_bytes(),
        b"\\u0000",
        b"\xff",
    ];
    let mut rng = Lcg(42);
    for i in 0..300 {
        let which = i % seeds.len();
        let mut raw = seeds[which].clone();
        let ops = 1 + rng.next() % 3;
        for _ in 0..ops {
            let at = (rng.next() as usize) % (raw.len() + 1);
            match rng.next() % 3 {
                0 => {
                    let j = junk[(rng.next() as usize) % junk.len()];
                    raw.splice(at..at, j.iter().copied());
                }
                1 if at < raw.len() => {
                    raw.remove(at);
                }
                _ => raw.truncate(at.max(1)),
            }
        }
        let a = signed(&env, paths[which], &raw).await;
        assert!(
            a.status == 200 || (400..500).contains(&a.status),
            "mutation {i}: HTTP {} {}",
            a.status,
            a.body
        );
        if a.status != 200 {
            assert_envelope(&format!("mutation {i}"), &a);
        }
    }
    env.call(V2, "session/create", &json!({})).await.ok();
}

#[tokio::test]
async fn a_body_that_never_arrives_times_out_with_the_envelope() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut cfg = fast_config().project(project());
    cfg.request_timeout = std::time::Duration::from_millis(300);
    let env = Env::with(cfg);
    let addr = env
        .sandbox
        .base_url()
        .trim_start_matches("http://")
        .to_owned();
    let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    stream
        .write_all(
            b"POST /api/v2/session/create HTTP/1.1\r\nHost: sandbox\r\nContent-Length: 100\r\n\
              X-PARTNER-PROJECT: shop\r\nConnection: close\r\n\r\n{",
        )
        .await
        .unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(
        std::time::Duration::from_secs(10),
        stream.read_to_end(&mut answer),
    )
    .await
    .expect("the sandbox answers a stalled request")
    .unwrap();
    let text = String::from_utf8_lossy(&answer);
    assert!(text.starts_with("HTTP/1.1 503"), "{text}");
    let body: Value = serde_json::from_str(text.split("\r\n\r\n").nth(1).unwrap()).unwrap();
    assert_eq!(body["status"], "error");
    assert_eq!(body["error"]["code"], "internal_error");
    env.call(V2, "session/create", &json!({})).await.ok();
}

#[tokio::test]
async fn stored_sessions_and_tokens_are_capped() {
    let mut cfg = fast_config().project(project());
    cfg.max_sessions = 2;
    let env = Env::with(cfg);
    env.call(V2, "session/create", &json!({})).await.ok();
    env.call(V2, "session/create", &json!({})).await.ok();
    let a = env.call(V2, "session/create", &json!({})).await;
    a.err(503, "internal_error");
    let a = env
        .call(
            V2,
            "session/init/payout",
            &payout_body(V2, "4242424242424242", 1),
        )
        .await;
    a.err(503, "internal_error");
}
