//! `sberpay/push`.

use crate::client::{CallOptions, Client};
use crate::error::Result;
use crate::models::{SberpayPushRequest, SberpayPushResponse};

/// The `sberpay/*` methods; get it from [`Client::sberpay`].
#[derive(Clone, Copy, Debug)]
pub struct Sberpay<'a> {
    pub(super) client: &'a Client,
}

impl Sberpay<'_> {
    /// `sberpay/push` (v1): ask Sber to notify the payer of a SberPay payment.
    pub async fn push(
        &self,
        req: &SberpayPushRequest,
        opts: &CallOptions,
    ) -> Result<SberpayPushResponse> {
        self.client.execute(req, opts).await
    }
}
