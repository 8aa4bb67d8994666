//! `token`, `token/info` and `tokenize/elements`.

use crate::client::{CallOptions, Client};
use crate::error::Result;
use crate::models::{
    TokenInfoRequest, TokenInfoResponse, TokenRequest, TokenResponse, TokenizeElementsRequest,
    TokenizeElementsResponse,
};

/// The token methods; get it from [`Client::tokens`].
#[derive(Clone, Copy, Debug)]
pub struct Tokens<'a> {
    pub(super) client: &'a Client,
}

impl Tokens<'_> {
    /// `token` (v1): a single-use public token for Pike's widgets.
    pub async fn create(&self, req: &TokenRequest, opts: &CallOptions) -> Result<TokenResponse> {
        self.client.execute(req, opts).await
    }

    /// `token/info` (v1): what is behind a card, public or recurring token.
    pub async fn info(
        &self,
        req: &TokenInfoRequest,
        opts: &CallOptions,
    ) -> Result<TokenInfoResponse> {
        self.client.execute(req, opts).await
    }

    /// `tokenize/elements` (v1): turn card elements into tokens.
    pub async fn tokenize_elements(
        &self,
        req: &TokenizeElementsRequest,
        opts: &CallOptions,
    ) -> Result<TokenizeElementsResponse> {
        self.client.execute(req, opts).await
    }
}
