//! The operation table: the 18 Pike endpoints, each with its path, HTTP method, API
//! versions, effect (read-only or money-moving, hence its idempotency key), its name in
//! every language (`sessions.init_payout`), its request and answer types and the fields
//! it fills by default. It is the one place that says what the API is: the client, the
//! sandbox, both bindings and the code generator read it.

use std::fmt;
use std::str::FromStr;

use serde_json::{Map, Value};

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

/// What a call does, which decides its idempotency key and whether it may be resent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Only reads (`session/status`, `token/info`, `fps/banks`, `wallet/balance`):
    /// sending it twice cannot move money, so it is retried even without a key.
    Reads,
    /// Creates or moves money (or otherwise changes state) and takes an idempotency
    /// key: one is always sent, the caller's or a generated one.
    MovesMoney,
    /// Changes something but Pike takes no idempotency key for it (`token`,
    /// `sberpay/push`): it is sent again only when it provably never left.
    Writes,
}

/// A value the client fills in when the caller leaves a field out (or sends it `null`
/// or empty).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefaultValue {
    /// The current time, RFC 3339 in UTC (`2026-01-02T03:04:05Z`).
    Now,
}

/// A field of a request body with the value it gets when left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldDefault {
    /// Top-level field name (canonical v2 name), e.g. `request_datetime`.
    pub field: &'static str,
    /// What it is filled with.
    pub value: DefaultValue,
}

impl FieldDefault {
    /// Fills the field in `body` when it is absent, `null` or an empty string.
    pub fn apply(&self, body: &mut Map<String, Value>) -> Result<(), Error> {
        let empty = body
            .get(self.field)
            .is_none_or(|v| v.is_null() || v.as_str() == Some(""));
        if empty {
            let value = match self.value {
                DefaultValue::Now => Value::String(now_rfc3339()?),
            };
            body.insert(self.field.to_owned(), value);
        }
        Ok(())
    }
}

fn now_rfc3339() -> Result<String, Error> {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .map_err(|e| {
            Error::new(
                ErrorKind::Internal,
                format!("clock could not be formatted: {e}"),
            )
        })
}

/// One row of the operation table: everything the client, the sandbox, the bindings
/// and the code generator need to know about an endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operation {
    /// The endpoint.
    pub endpoint: Endpoint,
    /// Method path without the version prefix, e.g. `"session/init/payout"`.
    pub path: &'static str,
    /// HTTP method used to call it.
    pub http_method: HttpMethod,
    /// True for the endpoints Pike documents only under `/api/v1`.
    pub v1_only: bool,
    /// What the call does (read-only, money-moving with a key, or neither).
    pub effect: Effect,
    /// The resource the method belongs to in every language, e.g. `"sessions"`.
    pub resource: &'static str,
    /// The method's name on its resource, e.g. `"init_payout"`.
    pub method: &'static str,
    /// Name of the request body's Rust type in [`crate::models`].
    pub request: &'static str,
    /// Name of the answer's Rust type in [`crate::models`] (an alias where several
    /// endpoints share one answer).
    pub response: &'static str,
    /// Fields the client fills when the caller leaves them out.
    pub defaults: &'static [FieldDefault],
    /// What the method does, one paragraph (the endpoint's doc comment).
    pub doc: &'static str,
}

macro_rules! endpoints {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident => (
            $path:literal, $method:ident, v1_only: $v1_only:literal, $effect:ident,
            $resource:ident . $name:ident,
            $request:ident -> $response:ident,
            defaults: [$($field:ident = $value:ident),*]
        ),
    )+) => {
        /// One Pike API method.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Endpoint {
            $( $(#[doc = $doc])* $variant, )+
        }

        impl Endpoint {
            /// Every endpoint.
            pub const ALL: &'static [Endpoint] = &[$(Endpoint::$variant),+];

            /// Its row of the operation table.
            pub fn operation(self) -> &'static Operation {
                match self {
                    $(Endpoint::$variant => &Operation {
                        endpoint: Endpoint::$variant,
                        path: $path,
                        http_method: HttpMethod::$method,
                        v1_only: $v1_only,
                        effect: Effect::$effect,
                        resource: stringify!($resource),
                        method: stringify!($name),
                        request: stringify!($request),
                        response: stringify!($response),
                        defaults: &[$(FieldDefault {
                            field: stringify!($field),
                            value: DefaultValue::$value,
                        }),*],
                        doc: concat!($($doc, "\n"),*),
                    },)+
                }
            }

            /// The JSON schema of the request body, its definitions added to `generator`.
            #[cfg(feature = "schema")]
            pub fn request_schema(self, generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                match self {
                    $(Endpoint::$variant => generator.subschema_for::<crate::models::$request>(),)+
                }
            }

            /// The JSON schema of the answer, its definitions added to `generator`.
            #[cfg(feature = "schema")]
            pub fn response_schema(self, generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                match self {
                    $(Endpoint::$variant => generator.subschema_for::<crate::models::$response>(),)+
                }
            }
        }

        $(
            impl crate::models::ApiRequest for crate::models::$request {
                const ENDPOINT: Endpoint = Endpoint::$variant;
                type Response = crate::models::$response;
            }
        )+
    };
}

endpoints! {
    /// `session/create`: an empty or pre-filled session.
    SessionCreate => ("session/create", Post, v1_only: false, MovesMoney,
        sessions.create, SessionCreateRequest -> SessionCreateResponse, defaults: []),
    /// `session/init/payout`: create a session and start a payout in one call.
    SessionInitPayout => ("session/init/payout", Post, v1_only: false, MovesMoney,
        sessions.init_payout, SessionInitPayoutRequest -> SessionInitPayoutResponse, defaults: []),
    /// `session/init/payment`: create a session and start a payment in one call.
    SessionInitPayment => ("session/init/payment", Post, v1_only: false, MovesMoney,
        sessions.init_payment, SessionInitPaymentRequest -> SessionInitPaymentResponse, defaults: []),
    /// `session/start/payout`: start a payout in an existing session.
    SessionStartPayout => ("session/start/payout", Post, v1_only: false, MovesMoney,
        sessions.start_payout, SessionStartPayoutRequest -> SessionStartPayoutResponse, defaults: []),
    /// `session/start/payment`: start a payment in an existing session.
    SessionStartPayment => ("session/start/payment", Post, v1_only: false, MovesMoney,
        sessions.start_payment, SessionStartPaymentRequest -> SessionStartPaymentResponse, defaults: []),
    /// `session/confirm`: approve what Pike waits on (`ready_to_confirm`).
    SessionConfirm => ("session/confirm", Post, v1_only: false, MovesMoney,
        sessions.confirm, SessionConfirmRequest -> SessionConfirmResponse, defaults: []),
    /// `session/cancel`: abort what Pike waits on, or release a hold.
    SessionCancel => ("session/cancel", Post, v1_only: false, MovesMoney,
        sessions.cancel, SessionCancelRequest -> SessionCancelResponse, defaults: []),
    /// `session/capture`: debit money on hold (all of it, or `amount_details`).
    SessionCapture => ("session/capture", Post, v1_only: false, MovesMoney,
        sessions.capture, SessionCaptureRequest -> SessionCaptureResponse, defaults: []),
    /// `session/refund`: return money of a successful payment (all, or `amount_details`).
    SessionRefund => ("session/refund", Post, v1_only: false, MovesMoney,
        sessions.refund, SessionRefundRequest -> SessionRefundResponse, defaults: []),
    /// `session/status`: the full state of a session.
    SessionStatus => ("session/status", Post, v1_only: false, Reads,
        sessions.status, SessionStatusRequest -> SessionStatusResponse, defaults: []),
    /// `recurrent/disable` (v1 only): turn a recurring token off.
    RecurrentDisable => ("recurrent/disable", Post, v1_only: true, MovesMoney,
        recurrent.disable, RecurrentDisableRequest -> RecurrentDisableResponse, defaults: []),
    /// `token` (v1 only): a single-use public token for Pike's widgets (valid 24 hours).
    Token => ("token", Post, v1_only: true, Writes,
        tokens.create, TokenRequest -> TokenResponse, defaults: []),
    /// `token/info` (v1 only): what is behind a card, public or recurring token.
    TokenInfo => ("token/info", Post, v1_only: true, Reads,
        tokens.info, TokenInfoRequest -> TokenInfoResponse, defaults: []),
    /// `tokenize/elements` (v1 only): tokens for card numbers, keyed by each element's `ref`.
    TokenizeElements => ("tokenize/elements", Post, v1_only: true, MovesMoney,
        tokens.tokenize_elements, TokenizeElementsRequest -> TokenizeElementsResponse, defaults: []),
    /// `fps/banks` (v1 only, GET with a signed `{}` body): the banks that take Faster
    /// Payment System payouts (their `id` is a payout's `bank_id`).
    FpsBanks => ("fps/banks", Get, v1_only: true, Reads,
        fps.banks, FpsBanksRequest -> FpsBanksResponse, defaults: []),
    /// `fps/customer_verification`: check that a recipient exists in the Faster Payment System.
    FpsCustomerVerification => ("fps/customer_verification", Post, v1_only: false, MovesMoney,
        fps.customer_verification,
        FpsCustomerVerificationRequest -> FpsCustomerVerificationResponse, defaults: []),
    /// `wallet/balance` (v1 only): the balance of each deposit wallet; `request_datetime`
    /// defaults to now.
    WalletBalance => ("wallet/balance", Post, v1_only: true, Reads,
        wallet.balance, WalletBalanceRequest -> WalletBalanceResponse,
        defaults: [request_datetime = Now]),
    /// `sberpay/push` (v1 only): ask Sber to send the payer a push or SMS for a SberPay payment.
    SberpayPush => ("sberpay/push", Post, v1_only: true, Writes,
        sberpay.push, SberpayPushRequest -> SberpayPushResponse, defaults: []),
}

impl Endpoint {
    /// Method path without the version prefix, e.g. `"session/init/payout"`.
    pub fn path(self) -> &'static str {
        self.operation().path
    }

    /// True for the seven endpoints Pike documents only under `/api/v1`.
    pub fn v1_only(self) -> bool {
        self.operation().v1_only
    }

    /// HTTP method used to call it.
    pub fn http_method(self) -> HttpMethod {
        self.operation().http_method
    }

    /// True when the call creates or moves money (or otherwise changes state)
    /// and so always carries an idempotency key.
    pub fn needs_idempotency_key(self) -> bool {
        self.operation().effect == Effect::MovesMoney
    }

    /// True for the endpoints that only read (`session/status`, `token/info`,
    /// `fps/banks`, `wallet/balance`): sending one twice cannot move money, so they
    /// are retried like keyed calls even without an idempotency key.
    pub fn is_read_only(self) -> bool {
        self.operation().effect == Effect::Reads
    }

    /// Fills the fields this endpoint defaults (e.g. `wallet/balance`'s
    /// `request_datetime`) that `body` leaves out.
    pub fn fill_defaults(self, body: &mut Map<String, Value>) -> Result<(), Error> {
        self.operation()
            .defaults
            .iter()
            .try_for_each(|d| d.apply(body))
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
