//! `fps/banks` and `fps/customer_verification` (Faster Payment System).

use crate::client::{CallOptions, Client};
use crate::error::Result;
use crate::models::{
    FpsBanksRequest, FpsBanksResponse, FpsCustomerVerificationRequest,
    FpsCustomerVerificationResponse,
};

/// The `fps/*` methods; get it from [`Client::fps`].
#[derive(Clone, Copy, Debug)]
pub struct Fps<'a> {
    pub(super) client: &'a Client,
}

impl Fps<'_> {
    /// `fps/banks` (v1, GET with a signed `{}`): banks that take FPS payouts.
    pub async fn banks(
        &self,
        req: &FpsBanksRequest,
        opts: &CallOptions,
    ) -> Result<FpsBanksResponse> {
        self.client.execute(req, opts).await
    }

    /// `fps/customer_verification`: check that a recipient exists in FPS.
    pub async fn customer_verification(
        &self,
        req: &FpsCustomerVerificationRequest,
        opts: &CallOptions,
    ) -> Result<FpsCustomerVerificationResponse> {
        self.client.execute(req, opts).await
    }
}
