//! `wallet/balance`.

use crate::client::{CallOptions, Client};
use crate::error::Result;
use crate::models::{WalletBalanceRequest, WalletBalanceResponse};

/// The `wallet/*` methods; get it from [`Client::wallet`].
#[derive(Clone, Copy, Debug)]
pub struct Wallet<'a> {
    pub(super) client: &'a Client,
}

impl Wallet<'_> {
    /// `wallet/balance` (v1): your deposit wallets; an empty `request_datetime` is
    /// filled with the current time.
    pub async fn balance(
        &self,
        req: &WalletBalanceRequest,
        opts: &CallOptions,
    ) -> Result<WalletBalanceResponse> {
        self.client.execute(req, opts).await
    }
}
