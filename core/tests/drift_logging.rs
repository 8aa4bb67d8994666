//! Drift is reported through `tracing`, once per field path, without the raw value.
//!
//! Alone in its own test binary: the set of reported paths is per process.

use std::sync::{Arc, Mutex};

use pikepay::{PrivateKey, Webhook};
use serde_json::{Value, json};

/// A `tracing` writer that keeps everything in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn key(field: &str) -> String {
    let keys: Value = serde_json::from_str(include_str!("../../tests/vectors/keys.json")).unwrap();
    keys["keys"][0][field].as_str().unwrap().to_owned()
}

#[test]
fn each_drifted_path_is_logged_once_and_the_value_never() {
    let private = PrivateKey::from_pem_or_der(key("private_pkcs8_pem")).unwrap();
    let hook = Webhook::from_pem_or_der(key("public_spki_pem")).unwrap();
    let deliver = |body: Value| {
        let raw = serde_json::to_vec(&body).unwrap();
        hook.construct_event(&raw, &private.sign(&raw).unwrap())
            .unwrap()
    };
    let payment = |recurrent: Value, token: Value| {
        json!({"type": "payment_finished", "session": {"id": "ps_1", "status": "accepted",
            "payment_list": [{"id": "pm_1", "status": "succeeded",
                "payment_options": {"recurrent": recurrent},
                "recurrent": {"token": token}}]}})
    };

    let out = Captured::default();
    let writer = out.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let events = tracing::subscriber::with_default(subscriber, || {
        [
            deliver(payment(json!("true"), json!("rt_1"))),
            deliver(payment(json!("yes"), json!("rt_2"))),
            deliver(payment(json!(true), json!(987_654_321_987_i64))),
        ]
    });
    let logged = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();

    let recurrent = "session.payment_list.0.payment_options.recurrent";
    let token = "session.payment_list.0.recurrent.token";
    assert_eq!(logged.matches(recurrent).count(), 1, "{logged}");
    assert_eq!(logged.matches(token).count(), 1, "{logged}");
    assert!(logged.contains("pikepay::drift"), "{logged}");
    assert!(!logged.contains("987654321987"), "{logged}");
    assert!(!format!("{:?}", events[2]).contains("987654321987"));
    // Each event still says what drifted, and the raw values are reachable.
    assert_eq!(events[1].drift()[0].path, recurrent);
    assert_eq!(
        events[1].raw()["session"]["payment_list"][0]["payment_options"]["recurrent"],
        "yes"
    );
}
