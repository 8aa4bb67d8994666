//! `session/*`: create, start, confirm, cancel, capture, refund and read sessions.

use std::time::Duration;

use crate::client::{CallOptions, Client, WaitUntil};
use crate::error::{Error, Result};
use crate::models::{
    SessionCancelRequest, SessionCaptureRequest, SessionConfirmRequest, SessionCreateRequest,
    SessionInitPaymentRequest, SessionInitPayoutRequest, SessionRefundRequest, SessionResponse,
    SessionStartPaymentRequest, SessionStartPayoutRequest, SessionStatusRequest,
};

/// The `session/*` methods; get it from [`Client::sessions`].
#[derive(Clone, Copy, Debug)]
pub struct Sessions<'a> {
    pub(super) client: &'a Client,
}

impl Sessions<'_> {
    /// `session/create`: an empty or pre-filled session.
    pub async fn create(
        &self,
        req: &SessionCreateRequest,
        opts: &CallOptions,
    ) -> Result<SessionResponse> {
        self.client.execute(req, opts).await
    }

    /// `session/init/payout`: create a session and start a payout in one call.
    pub async fn init_payout(
        &self,
        req: &SessionInitPayoutRequest,
        opts: &CallOptions,
    ) -> Result<SessionResponse> {
        self.client.execute(req, opts).await
    }

    /// `session/init/payment`: create a session and start a payment in one call.
    pub async fn init_payment(
        &self,
        req: &SessionInitPaymentRequest,
        opts: &CallOptions,
    ) -> Result<SessionResponse> {
        self.client.execute(req, opts).await
    }

    /// `session/start/payout`: start a payout in an existing session.
    pub async fn start_payout(
        &self,
        req: &SessionStartPayoutRequest,
        opts: &CallOptions,
    ) -> Result<SessionResponse> {
        self.client.execute(req, opts).await
    }

    /// `session/start/payment`: start a payment in an existing session.
    pub async fn start_payment(
        &self,
        req: &SessionStartPaymentRequest,
        opts: &CallOptions,
    ) -> Result<SessionResponse> {
        self.client.execute(req, opts).await
    }

    /// `session/confirm`: approve what Pike waits on (`ready_to_confirm`).
    pub async fn confirm(
        &self,
        req: &SessionConfirmRequest,
        opts: &CallOptions,
    ) -> Result<SessionResponse> {
        self.client.execute(req, opts).await
    }

    /// `session/cancel`: abort what Pike waits on, or release a hold.
    pub async fn cancel(
        &self,
        req: &SessionCancelRequest,
        opts: &CallOptions,
    ) -> Result<SessionResponse> {
        self.client.execute(req, opts).await
    }

    /// `session/capture`: debit money on hold (all of it, or `amount_details`).
    pub async fn capture(
        &self,
        req: &SessionCaptureRequest,
        opts: &CallOptions,
    ) -> Result<SessionResponse> {
        self.client.execute(req, opts).await
    }

    /// `session/refund`: return money of a successful payment (all, or `amount_details`).
    pub async fn refund(
        &self,
        req: &SessionRefundRequest,
        opts: &CallOptions,
    ) -> Result<SessionResponse> {
        self.client.execute(req, opts).await
    }

    /// `session/status`: the full state of a session.
    pub async fn status(
        &self,
        req: &SessionStatusRequest,
        opts: &CallOptions,
    ) -> Result<SessionResponse> {
        self.client.execute(req, opts).await
    }

    /// Polls `session/status` until `until` holds or the session is final, within
    /// `deadline` (see [`Client::wait`]).
    pub async fn wait(
        &self,
        session_id: &str,
        until: WaitUntil,
        deadline: Duration,
    ) -> Result<SessionResponse> {
        let reply = self.client.wait(session_id, until, deadline).await?;
        let status = reply.http_status;
        crate::models::view(&reply.body, "")
            .map(|(typed, _drift)| typed)
            .map_err(|e| {
                Error::from(e)
                    .context("answer of session/status")
                    .with_http_status(status)
            })
    }
}
