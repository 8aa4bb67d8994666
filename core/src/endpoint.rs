//! The 18 Pike endpoints: path, HTTP method, API versions and idempotency rules.

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, ErrorKind};

/// Pike API major version; v2 only renames a few JSON fields (see [`crate::wire`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum ApiVersion {
    /// `/api/v1`: `payment_method`, `payments`, `acquiring_payments`.
    V1,
    /// `/api/v2`: `payout_details`, `payout_list`, `payment_list` (the canonical names).
    #[default]
    V2,
}

impl ApiVersion {
    /// The version's number, 1 or 2.
    pub fn number(self) -> u8 {
        match self {
            ApiVersion::V1 => 1,
            ApiVersion::V2 => 2,
        }
    }

    /// The version for `n` (1 or 2).
    pub fn from_number(n: u64) -> Result<Self, Error> {
        match n {
            1 => Ok(ApiVersion::V1),
            2 => Ok(ApiVersion::V2),
            _ => Err(Error::new(
                ErrorKind::Configuration,
                format!("api_version must be 1 or 2, not {n}"),
            )),
        }
    }
}

/// HTTP method of an endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HttpMethod {
    /// GET (only `fps/banks`, which still carries a signed `{}` body).
    Get,
    /// POST (everything else).
    Post,
}

macro_rules! endpoints {
    ($( $(#[$doc:meta])* $variant:ident => ($path:literal, $v1_only:literal, $method:ident, $idem:literal), )+) => {
        /// One Pike API method.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Endpoint {
            $( $(#[$doc])* $variant, )+
        }

        impl Endpoint {
            /// Every endpoint.
            pub const ALL: &'static [Endpoint] = &[$(Endpoint::$variant),+];

            /// Method path without the version prefix, e.g. `"session/init/payout"`.
            pub fn path(self) -> &'static str {
                match self { $(Endpoint::$variant => $path,)+ }
            }

            /// True for the seven endpoints Pike documents only under `/api/v1`.
            pub fn v1_only(self) -> bool {
                match self { $(Endpoint::$variant => $v1_only,)+ }
            }

            /// HTTP method used to call it.
            pub fn http_method(self) -> HttpMethod {
                match self { $(Endpoint::$variant => HttpMethod::$method,)+ }
            }

            /// True when the call creates or moves money (or otherwise changes state)
            /// and so always carries an idempotency key.
            pub fn needs_idempotency_key(self) -> bool {
                match self { $(Endpoint::$variant => $idem,)+ }
            }
        }
    };
}

endpoints! {
    /// `session/create`
    SessionCreate => ("session/create", false, Post, true),
    /// `session/init/payout`
    SessionInitPayout => ("session/init/payout", false, Post, true),
    /// `session/init/payment`
    SessionInitPayment => ("session/init/payment", false, Post, true),
    /// `session/start/payout`
    SessionStartPayout => ("session/start/payout", false, Post, true),
    /// `session/start/payment`
    SessionStartPayment => ("session/start/payment", false, Post, true),
    /// `session/confirm`
    SessionConfirm => ("session/confirm", false, Post, true),
    /// `session/cancel`
    SessionCancel => ("session/cancel", false, Post, true),
    /// `session/capture`
    SessionCapture => ("session/capture", false, Post, true),
    /// `session/refund`
    SessionRefund => ("session/refund", false, Post, true),
    /// `session/status`
    SessionStatus => ("session/status", false, Post, false),
    /// `recurrent/disable` (v1 only)
    RecurrentDisable => ("recurrent/disable", true, Post, true),
    /// `token` (v1 only): issue a public token for widgets
    Token => ("token", true, Post, false),
    /// `token/info` (v1 only)
    TokenInfo => ("token/info", true, Post, false),
    /// `tokenize/elements` (v1 only)
    TokenizeElements => ("tokenize/elements", true, Post, true),
    /// `fps/banks` (v1 only, GET with a signed `{}` body)
    FpsBanks => ("fps/banks", true, Get, false),
    /// `fps/customer_verification`
    FpsCustomerVerification => ("fps/customer_verification", false, Post, true),
    /// `wallet/balance` (v1 only)
    WalletBalance => ("wallet/balance", true, Post, false),
    /// `sberpay/push` (v1 only)
    SberpayPush => ("sberpay/push", true, Post, false),
}

impl Endpoint {
    /// True for the endpoints that only read (`session/status`, `token/info`,
    /// `fps/banks`, `wallet/balance`): sending one twice cannot move money, so they
    /// are retried like keyed calls even without an idempotency key.
    pub fn is_read_only(self) -> bool {
        matches!(
            self,
            Endpoint::SessionStatus
                | Endpoint::TokenInfo
                | Endpoint::FpsBanks
                | Endpoint::WalletBalance
        )
    }

    /// The version actually used on the wire: v1-only endpoints always go to v1.
    pub fn effective_version(self, configured: ApiVersion) -> ApiVersion {
        if self.v1_only() {
            ApiVersion::V1
        } else {
            configured
        }
    }

    /// Full URL path, e.g. `/api/v2/session/init/payout`.
    pub fn url_path(self, configured: ApiVersion) -> String {
        format!(
            "/api/v{}/{}",
            self.effective_version(configured).number(),
            self.path()
        )
    }

    /// The endpoint served at `path` (without version prefix).
    pub fn from_path(path: &str) -> Option<Endpoint> {
        Self::ALL
            .iter()
            .copied()
            .find(|e| e.path() == path.trim_matches('/'))
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.path())
    }
}

impl FromStr for Endpoint {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        Endpoint::from_path(s).ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidRequest,
                format!("unknown Pike endpoint '{s}'"),
            )
        })
    }
}

/// `"GET"` or `"POST"`, in any case; anything else is an `InvalidRequest` error on
/// `method`.
impl FromStr for HttpMethod {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.to_ascii_uppercase().as_str() {
            "GET" => Ok(HttpMethod::Get),
            "POST" => Ok(HttpMethod::Post),
            _ => Err(Error::invalid_field(
                "method",
                format!("must be 'GET' or 'POST', not '{s}'"),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eighteen_endpoints_seven_v1_only() {
        assert_eq!(Endpoint::ALL.len(), 18);
        assert_eq!(Endpoint::ALL.iter().filter(|e| e.v1_only()).count(), 7);
        assert_eq!(
            Endpoint::FpsBanks.url_path(ApiVersion::V2),
            "/api/v1/fps/banks"
        );
        assert_eq!(
            Endpoint::SessionInitPayout.url_path(ApiVersion::V2),
            "/api/v2/session/init/payout"
        );
        for e in Endpoint::ALL {
            assert_eq!(e.path().parse::<Endpoint>().ok(), Some(*e));
        }
    }
}
