//! Typed methods per resource, for Rust users: each takes its request model from
//! [`crate::models`] and returns its answer model. They all go through [`Client::call`].

mod fps;
mod recurrent;
mod sberpay;
mod sessions;
mod tokens;
mod wallet;

pub use fps::Fps;
pub use recurrent::Recurrent;
pub use sberpay::Sberpay;
pub use sessions::Sessions;
pub use tokens::Tokens;
pub use wallet::Wallet;

use super::{CallOptions, Client};
use crate::error::{Error, ErrorKind, Result};
use crate::models::ApiRequest;

impl Client {
    /// Sends a typed request to its endpoint and reads the typed answer, a lenient view
    /// of the received JSON (see [`crate::models::view`]).
    pub async fn execute<R: ApiRequest>(
        &self,
        request: &R,
        opts: &CallOptions,
    ) -> Result<R::Response> {
        let body = serde_json::to_value(request).map_err(|e| {
            Error::new(
                ErrorKind::InvalidRequest,
                format!("request could not be encoded: {}", Error::from(e)),
            )
        })?;
        let reply = self.call(R::ENDPOINT, body, opts).await?;
        let status = reply.http_status;
        let key = reply.idempotency_key;
        crate::models::view(&reply.body, "")
            .map(|(typed, _drift)| typed)
            .map_err(|e| {
                Error::from(e)
                    .context(format!("answer of {}", R::ENDPOINT))
                    .with_http_status(status)
                    .with_idempotency_key(key)
            })
    }

    /// `session/*` methods.
    pub fn sessions(&self) -> Sessions<'_> {
        Sessions { client: self }
    }

    /// `recurrent/*` methods.
    pub fn recurrent(&self) -> Recurrent<'_> {
        Recurrent { client: self }
    }

    /// `token`, `token/info` and `tokenize/elements`.
    pub fn tokens(&self) -> Tokens<'_> {
        Tokens { client: self }
    }

    /// `fps/*` (Faster Payment System) methods.
    pub fn fps(&self) -> Fps<'_> {
        Fps { client: self }
    }

    /// `wallet/*` methods.
    pub fn wallet(&self) -> Wallet<'_> {
        Wallet { client: self }
    }

    /// `sberpay/*` methods.
    pub fn sberpay(&self) -> Sberpay<'_> {
        Sberpay { client: self }
    }
}
