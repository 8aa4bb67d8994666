//! Per-call options: a sub-merchant per call, extra headers, extra body fields, and the
//! raw path that skips validation (still signed, keyed and retried alike).

use std::sync::{Arc, Mutex};

use axum::http::HeaderMap;
use axum::routing::post;
use pikepay::client::CallOptions;
use pikepay::{ApiVersion, Endpoint, ErrorKind, HttpMethod};
use pikepay_client_tests::{Env, card_payout, opts};
use serde_json::{Map, json};

#[tokio::test]
async fn a_call_can_name_its_own_submerchant_and_add_body_fields() {
    let env = Env::start();
    let client = env
        .builder(ApiVersion::V2)
        .submerchant("sub-1")
        .build()
        .unwrap();
    let mut extra = Map::new();
    extra.insert("metadata".into(), json!({"order": "A-1"}));
    let reply = client
        .call(
            Endpoint::SessionInitPayout,
            card_payout(100),
            &CallOptions {
                submerchant: Some("sub-2".into()),
                extra_body: extra,
                ..opts()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        reply.body["session"]["payout_list"][0]["metadata"],
        json!({"order": "A-1"})
    );
    client
        .call(Endpoint::FpsBanks, json!({}), &opts())
        .await
        .unwrap();
    let log = env.requests().await;
    assert_eq!(log[0]["submerchant"], "sub-2");
    assert_eq!(log[1]["submerchant"], "sub-1");
}

#[tokio::test]
async fn skipping_validation_sends_the_body_as_given() {
    let env = Env::start();
    let client = env.client(ApiVersion::V2);
    let mut body = card_payout(100);
    body["amount_details"]["amount"] = json!(0);
    let local = client
        .request(
            HttpMethod::Post,
            "session/init/payout",
            body.clone(),
            &opts(),
        )
        .await
        .unwrap_err();
    assert_eq!(local.kind(), ErrorKind::InvalidRequest);
    assert_eq!(local.http_status(), None, "refused before sending");
    assert!(env.requests().await.is_empty());

    let raw = CallOptions {
        skip_validation: true,
        ..opts()
    };
    let remote = client
        .request(HttpMethod::Post, "session/init/payout", body, &raw)
        .await
        .unwrap_err();
    assert_eq!(
        remote.http_status(),
        Some(400),
        "Pike (the sandbox) answered"
    );
    assert!(remote.idempotency_key().is_some(), "still keyed");
    let log = env.requests().await;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["signature"], "verified");
}

#[tokio::test]
async fn extra_headers_are_sent_and_pikes_own_are_refused() {
    let seen: Arc<Mutex<Vec<HeaderMap>>> = Arc::default();
    let store = seen.clone();
    let app = axum::Router::new().route(
        "/{*path}",
        post(move |headers: HeaderMap| async move {
            store.lock().unwrap().push(headers);
            r#"{"status":"ok"}"#
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    let env = Env::start();
    let client = env
        .builder(ApiVersion::V2)
        .base_url(&url)
        .allow_insecure_http(true)
        .build()
        .unwrap();
    let with = |name: &str| CallOptions {
        headers: vec![(name.to_owned(), "v-1".to_owned())],
        ..opts()
    };
    client
        .call(
            Endpoint::SessionStatus,
            json!({"session_id": "ps_1"}),
            &with("X-Trace-Id"),
        )
        .await
        .unwrap();
    assert_eq!(seen.lock().unwrap()[0]["x-trace-id"], "v-1");
    for reserved in ["X-PARTNER-SIGN", "x-partner-project", "Content-Type"] {
        let e = client
            .call(
                Endpoint::SessionStatus,
                json!({"session_id": "ps_1"}),
                &with(reserved),
            )
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidRequest, "{reserved}");
        assert_eq!(e.field(), Some(format!("headers.{reserved}").as_str()));
    }
    assert_eq!(seen.lock().unwrap().len(), 1);
}
