//! `Webhook::construct_event` on arbitrary bodies and signatures.
//!
//! Input: one mode byte, then
//! - even mode: the body; it is signed with the test key, so every input reaches the parser;
//! - odd mode: the `X-PARTNER-SIGN` value up to the first `\n`, then the body.
//!
//! Checks: construct_event is exactly "verify, then parse_event"; a correctly signed body
//! is never refused for its signature (surrounding whitespace included) and, when it is
//! a JSON object, never refused at all; errors are signature or decode errors; an event
//! serializes as the body it came from (canonical names, key order kept); `Debug` of an
//! event shows no value of a secret field.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pikepay::ErrorKind;
use pikepay::webhook::{Webhook, parse_event};
use pikepay::wire;
use pikepay_fuzz::{assert_no_secret_shown, test_keys, text};
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let (private, public) = test_keys();
    let webhook = Webhook::new(public.clone());
    let (body, signature) = if mode % 2 == 0 {
        (rest, private.sign(rest).expect("signing with the test key"))
    } else {
        let at = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        let body = rest.get(at + 1..).unwrap_or_default();
        (body, String::from_utf8_lossy(&rest[..at]).into_owned())
    };
    let verified = public.verify(body, &signature).is_ok();
    if mode % 2 == 0 {
        assert!(verified, "a signature made with the key does not verify");
        let padded = format!(" {signature}\n");
        assert!(
            public.verify(body, &padded).is_ok(),
            "whitespace around the signature"
        );
    }
    let result = webhook.construct_event(body, &signature);
    let parsed = parse_event(body);
    match (&result, verified) {
        (Err(e), false) => assert_eq!(e.kind(), ErrorKind::SignatureVerification, "{e}"),
        (_, false) => panic!("an unverified body was accepted"),
        (Ok(event), true) => {
            let again = parsed
                .as_ref()
                .expect("verified and parsed, but parse_event fails");
            assert!(event == again, "construct_event and parse_event disagree");
            let mut received: Value = serde_json::from_slice(body).expect("an event is JSON");
            assert_no_secret_shown(&received, &format!("{event:?}"));
            wire::to_canonical(&mut received);
            let value = serde_json::to_value(event).expect("an event serializes");
            assert_eq!(
                text(&value),
                text(&received),
                "an event is not the body it came from"
            );
        }
        (Err(e), true) => {
            assert_eq!(e.kind(), ErrorKind::Decode, "{e}");
            let direct = parsed
                .as_ref()
                .expect_err("construct_event failed, parse_event not");
            assert_eq!(direct.kind(), e.kind());
            let json = serde_json::from_slice::<Value>(body);
            assert!(
                !json.is_ok_and(|v| v.is_object()),
                "a signed JSON object is refused: {e}"
            );
        }
    }
});
