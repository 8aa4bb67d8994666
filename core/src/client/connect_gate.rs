//! New connections only for calls still waiting for one, and no more than
//! `max_connections` while connections come back.
//!
//! When a call finds no idle connection, the HTTP pool both waits for one to be handed
//! back and starts a new one; if a connection comes back first, the new one is still
//! finished in the background and kept. So a burst opened more connections than the
//! limit: the calls in flight never exceed it, but a call that took the place of a
//! finished one often started connecting before that one's connection was back.
//!
//! Here the first `max_connections` connects need not wait for a hand-back. After that,
//! a connect first waits [`HANDBACK_WAIT`] for a connection to be handed back, and then
//! opens a socket only if its call is still waiting: a connect left to the background
//! (its call got a connection) is dropped unopened. The pool cannot tell this layer when a
//! connection closes, so once the limit has been reached, replacing a closed connection
//! costs that wait.
//!
//! An HTTP/2 connection (offered by the server in the TLS handshake) carries every call
//! at once, but the pool learns that only once one is made: a cold burst started a
//! connect per call. So until a connection has shown the server takes one request per
//! connection (HTTP/1.1), connects take turns: the others wait for the one under way, and
//! when it turns out to be HTTP/2, their calls get it and they open nothing. The pool
//! gets an HTTP/2 connection only once it is set up, so a connect whose turn comes after
//! one first waits as long as that connect took (at least [`HANDBACK_WAIT`]).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use hyper_util::client::legacy::connect::Connection;

tokio::task_local! {
    /// Set while an attempt of a call is polled: a connect made outside it is for no one.
    static WAITING_CALL: ();
}

/// Runs `attempt` as a call that may open a connection.
pub(crate) async fn as_call<F: Future>(attempt: F) -> F::Output {
    WAITING_CALL.scope((), attempt).await
}

/// The connector layer: wraps the HTTP client's connector in [`Gate`].
#[derive(Clone)]
pub(crate) struct GateLayer(Arc<Shared>);

/// What the connects of one client share.
struct Shared {
    /// The client's `max_connections`.
    limit: usize,
    /// The longest a connect waits for a connection on its way: half the connect timeout.
    cap: Duration,
    /// Connections counted: made, or being made.
    opened: AtomicUsize,
    /// What the last connection made showed of the server: [`ONE_PER_CONNECTION`] or
    /// [`MULTIPLEXED`]; 0 before any.
    protocol: AtomicU8,
    /// Held by the connect under way while the server may multiplex.
    turn: tokio::sync::Mutex<()>,
    /// How long the last connect took, in microseconds.
    connect_micros: AtomicU64,
}

/// HTTP/1.1: one request at a time per connection.
const ONE_PER_CONNECTION: u8 = 1;
/// HTTP/2: one connection carries every request.
const MULTIPLEXED: u8 = 2;

impl GateLayer {
    /// A gate for a client of `limit` connections whose connects may take
    /// `connect_timeout` (a wait for a connection on its way takes at most half of it).
    pub(crate) fn new(limit: usize, connect_timeout: Duration) -> Self {
        Self(Arc::new(Shared {
            limit,
            cap: connect_timeout / 2,
            opened: AtomicUsize::new(0),
            protocol: AtomicU8::new(0),
            turn: tokio::sync::Mutex::new(()),
            connect_micros: AtomicU64::new(0),
        }))
    }
}

/// How long a connect beyond the first `max_connections` waits for a connection being
/// handed back before it opens one. Also the delay before a connection the pool dropped
/// is replaced, once the limit has been reached.
const HANDBACK_WAIT: Duration = Duration::from_millis(10);

impl<S> tower_layer::Layer<S> for GateLayer {
    type Service = Gate<S>;

    fn layer(&self, inner: S) -> Gate<S> {
        Gate {
            inner,
            shared: self.0.clone(),
        }
    }
}

/// A connector that opens a connection only for a call that still waits for one.
#[derive(Clone)]
pub(crate) struct Gate<S> {
    inner: S,
    shared: Arc<Shared>,
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

impl<S, R> tower_service::Service<R> for Gate<S>
where
    S: tower_service::Service<R> + Clone + Send + 'static,
    S::Response: Connection,
    S::Future: Send,
    S::Error: Into<BoxError>,
    R: Send + 'static,
{
    type Response = S::Response;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, dst: R) -> Self::Future {
        // The readied service makes this connect; a fresh clone stays for the next one.
        let ready = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, ready);
        let shared = self.shared.clone();
        let (limit, cap) = (shared.limit, shared.cap);
        // A place among the first `limit` connections is taken now, before any await,
        // and given back if the connect fails or is dropped.
        let first = shared
            .opened
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                (n < limit).then_some(n + 1)
            })
            .is_ok()
            .then(|| Place(Some(shared.clone())));
        Box::pin(async move {
            let place = match first {
                Some(place) => place,
                None => {
                    tokio::time::sleep(HANDBACK_WAIT.min(cap)).await;
                    still_waited_for()?;
                    shared.opened.fetch_add(1, Ordering::Relaxed);
                    Place(Some(shared.clone()))
                }
            };
            let _turn = if shared.protocol.load(Ordering::Acquire) == ONE_PER_CONNECTION {
                None
            } else {
                let turn = shared.turn.lock().await;
                match shared.protocol.load(Ordering::Acquire) {
                    ONE_PER_CONNECTION => None,
                    protocol => {
                        still_waited_for()?;
                        if protocol == MULTIPLEXED {
                            // The HTTP/2 connection just made is still being set up
                            // before the pool hands it to the waiting calls: give it as
                            // long as a connect took.
                            let took = Duration::from_micros(
                                shared.connect_micros.load(Ordering::Relaxed),
                            );
                            tokio::time::sleep(took.max(HANDBACK_WAIT).min(cap)).await;
                            still_waited_for()?;
                        }
                        Some(turn)
                    }
                }
            };
            let started = std::time::Instant::now();
            let conn = inner.call(dst).await.map_err(Into::into)?;
            let took = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
            shared.connect_micros.store(took, Ordering::Relaxed);
            let protocol = if conn.connected().is_negotiated_h2() {
                MULTIPLEXED
            } else {
                ONE_PER_CONNECTION
            };
            shared.protocol.store(protocol, Ordering::Release);
            place.keep();
            Ok(conn)
        })
    }
}

/// Whether the connect runs in its call's own task: refused when it was left to the
/// background (its call got a connection meanwhile).
fn still_waited_for() -> Result<(), BoxError> {
    WAITING_CALL
        .try_with(|_| ())
        .map_err(|_| "no call waits for this connection any more".into())
}

/// One counted connection until [`Place::keep`]: dropped, it is uncounted.
struct Place(Option<Arc<Shared>>);

impl Place {
    fn keep(mut self) {
        self.0 = None;
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        if let Some(shared) = self.0.take() {
            shared.opened.fetch_sub(1, Ordering::Relaxed);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io;

    use hyper_util::client::legacy::connect::Connected;
    use tokio::sync::Notify;
    use tower_layer::Layer;
    use tower_service::Service;

    use super::*;

    /// A made connection: HTTP/2 or not.
    struct Made(bool);

    impl Connection for Made {
        fn connected(&self) -> Connected {
            let connected = Connected::new();
            if self.0 {
                connected.negotiated_h2()
            } else {
                connected
            }
        }
    }

    /// A connector that counts the connections it was asked for; each waits for `hold`
    /// when given.
    #[derive(Clone)]
    struct Sockets {
        opened: Arc<AtomicUsize>,
        refuse: bool,
        h2: bool,
        hold: Option<Arc<Notify>>,
    }

    impl Service<()> for Sockets {
        type Response = Made;
        type Error = io::Error;
        type Future = Pin<Box<dyn Future<Output = io::Result<Made>> + Send>>;

        fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<io::Result<()>> {
            Poll::Ready(Ok(()))
        }

        fn call(&mut self, (): ()) -> Self::Future {
            self.opened.fetch_add(1, Ordering::SeqCst);
            let this = self.clone();
            Box::pin(async move {
                if let Some(hold) = this.hold {
                    hold.notified().await;
                }
                if this.refuse {
                    return Err(io::ErrorKind::ConnectionRefused.into());
                }
                Ok(Made(this.h2))
            })
        }
    }

    fn sockets(refuse: bool, h2: bool, hold: Option<Arc<Notify>>) -> Sockets {
        Sockets {
            opened: Arc::default(),
            refuse,
            h2,
            hold,
        }
    }

    fn gate(limit: usize, sockets: &Sockets) -> Gate<Sockets> {
        GateLayer::new(limit, Duration::from_secs(1)).layer(sockets.clone())
    }

    fn counted(gate: &Gate<Sockets>) -> usize {
        gate.shared.opened.load(Ordering::SeqCst)
    }

    #[tokio::test]
    async fn within_the_limit_an_http1_server_gets_connections_even_in_the_background() {
        let sockets = sockets(false, false, None);
        let mut gate = gate(2, &sockets);
        as_call(gate.call(())).await.unwrap();
        gate.call(()).await.unwrap();
        assert_eq!(sockets.opened.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn beyond_the_limit_only_a_waiting_call_opens_one() {
        let sockets = sockets(false, false, None);
        let mut gate = gate(1, &sockets);
        as_call(gate.call(())).await.unwrap();
        let background = gate.call(()).await;
        assert!(
            background.is_err(),
            "a connect no call waits for is dropped"
        );
        assert_eq!(
            sockets.opened.load(Ordering::SeqCst),
            1,
            "and opens no socket"
        );
        as_call(gate.call(())).await.unwrap();
        assert_eq!(
            sockets.opened.load(Ordering::SeqCst),
            2,
            "a waiting call gets one"
        );
    }

    #[tokio::test]
    async fn a_failed_or_dropped_connect_gives_its_place_back() {
        let refusing = sockets(true, false, None);
        let mut refused = gate(1, &refusing);
        assert!(refused.call(()).await.is_err());
        assert_eq!(counted(&refused), 0);
        let sockets = sockets(false, false, None);
        let mut gate = gate(1, &sockets);
        drop(gate.call(()));
        assert_eq!(counted(&gate), 0, "dropped before connecting");
        as_call(gate.call(())).await.unwrap();
        assert_eq!(sockets.opened.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn while_the_first_connect_may_be_http2_the_others_wait_for_it() {
        let hold = Arc::new(Notify::new());
        let sockets = sockets(false, true, Some(hold.clone()));
        let mut gate = gate(10, &sockets);
        let first = tokio::spawn(as_call(gate.call(())));
        // Another connect, left to the background: it waits for the first.
        let second = tokio::spawn(gate.call(()));
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(
            sockets.opened.load(Ordering::SeqCst),
            1,
            "one connect at a time"
        );
        hold.notify_one();
        first.await.unwrap().unwrap();
        let second = second.await.unwrap();
        assert!(
            second.is_err(),
            "an HTTP/2 connection serves its call: none opened"
        );
        assert_eq!(sockets.opened.load(Ordering::SeqCst), 1);
        assert_eq!(counted(&gate), 1);
    }

    #[tokio::test]
    async fn once_the_server_takes_one_request_per_connection_connects_go_at_once() {
        let sockets = sockets(false, false, None);
        let mut gate = gate(10, &sockets);
        as_call(gate.call(())).await.unwrap();
        let hold = Arc::new(Notify::new());
        let mut held = GateLayer::new(10, Duration::from_secs(1)).layer(Sockets {
            hold: Some(hold.clone()),
            ..sockets.clone()
        });
        held.shared = gate.shared.clone();
        let calls: Vec<_> = (0..3).map(|_| tokio::spawn(held.call(()))).collect();
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(
            sockets.opened.load(Ordering::SeqCst),
            4,
            "three connects at once"
        );
        hold.notify_waiters();
        for call in calls {
            call.await.unwrap().unwrap();
        }
    }
}
