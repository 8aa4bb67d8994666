//! errors.json: HTTP status + body -> error kind, Pike's code and description, field.

use pikepay::Error;

use crate::{cases, text};

#[test]
fn error_bodies_map_to_the_expected_kinds() {
    for case in cases("errors.json") {
        let name = text(&case, "name");
        let status = case["http_status"].as_u64().expect("http_status") as u16;
        let result = Error::from_response(status, text(&case, "body").as_bytes());
        let expected = &case["expected"];
        if expected["is_error"] == false {
            assert!(result.is_none(), "{name}: {result:?}");
            continue;
        }
        let err = result.unwrap_or_else(|| panic!("{name}: not an error"));
        assert_eq!(err.code(), text(expected, "kind"), "{name}: {err:?}");
        assert_eq!(err.pike_code(), expected["pike_code"].as_str(), "{name}");
        assert_eq!(
            err.pike_description(),
            expected["pike_description"].as_str(),
            "{name}"
        );
        assert_eq!(err.field(), expected["field"].as_str(), "{name}");
        assert_eq!(err.retryable(), expected["retryable"] == true, "{name}");
        assert_eq!(err.http_status(), Some(status), "{name}");
        for secret in expected["message_excludes"]
            .as_array()
            .into_iter()
            .flatten()
        {
            let secret = secret.as_str().expect("string");
            assert!(!err.message().contains(secret), "{name}: {err}");
            assert!(!format!("{err:?}").contains(secret), "{name}: {err:?}");
        }
    }
}
