//! `recurrent/disable`: turn a recurring token off.

use crate::client::{CallOptions, Client};
use crate::error::Result;
use crate::models::{RecurrentDisableRequest, RecurrentDisableResponse};

/// The `recurrent/*` methods; get it from [`Client::recurrent`].
#[derive(Clone, Copy, Debug)]
pub struct Recurrent<'a> {
    pub(super) client: &'a Client,
}

impl Recurrent<'_> {
    /// `recurrent/disable` (v1): turn a recurring token off.
    pub async fn disable(
        &self,
        req: &RecurrentDisableRequest,
        opts: &CallOptions,
    ) -> Result<RecurrentDisableResponse> {
        self.client.execute(req, opts).await
    }
}
