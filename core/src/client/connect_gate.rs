//! New connections only for calls still waiting for one, and no more than
//! `max_connections` while connections come back.
//!
//! When a call finds no idle connection, the HTTP pool both waits for one to be handed
//! back and starts a new one; if a connection comes back first, the new one is still
//! finished in the background and kept. So a burst opened more connections than the
//! limit: the calls in flight never exceed it, but a call that took the place of a
//! finished one often started connecting before that one's connection was back.
//!
//! Here the first `max_connections` connects go ahead at once. After that, a connect
//! first waits [`HANDBACK_WAIT`] for a connection to be handed back, and then opens a
//! socket only if its call is still waiting: a connect left to the background (its call
//! got a connection) is dropped unopened. The pool cannot tell this layer when a
//! connection closes, so once the limit has been reached, replacing a closed connection
//! costs that wait.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

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
pub(crate) struct GateLayer {
    opened: Arc<AtomicUsize>,
    limit: usize,
    wait: Duration,
}

impl GateLayer {
    /// A gate for a client of `limit` connections whose connects may take
    /// `connect_timeout` (a wait for a hand-back takes at most half of it).
    pub(crate) fn new(limit: usize, connect_timeout: Duration) -> Self {
        Self {
            opened: Arc::default(),
            limit,
            wait: HANDBACK_WAIT.min(connect_timeout / 2),
        }
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
            opened: self.opened.clone(),
            limit: self.limit,
            wait: self.wait,
        }
    }
}

/// A connector that opens a connection only for a call that still waits for one.
#[derive(Clone)]
pub(crate) struct Gate<S> {
    inner: S,
    opened: Arc<AtomicUsize>,
    limit: usize,
    wait: Duration,
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

impl<S, R> tower_service::Service<R> for Gate<S>
where
    S: tower_service::Service<R> + Clone + Send + 'static,
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
        let opened = self.opened.clone();
        let (limit, wait) = (self.limit, self.wait);
        // A place among the first `limit` connections is taken now, before any await,
        // and given back if the connect fails or is dropped.
        let first = opened
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                (n < limit).then_some(n + 1)
            })
            .is_ok()
            .then(|| Place(Some(opened.clone())));
        Box::pin(async move {
            let place = match first {
                Some(place) => place,
                None => {
                    tokio::time::sleep(wait).await;
                    if WAITING_CALL.try_with(|_| ()).is_err() {
                        return Err("no call waits for this connection any more".into());
                    }
                    opened.fetch_add(1, Ordering::Relaxed);
                    Place(Some(opened))
                }
            };
            let conn = inner.call(dst).await.map_err(Into::into)?;
            place.keep();
            Ok(conn)
        })
    }
}

/// One counted connection until [`Place::keep`]: dropped, it is uncounted.
struct Place(Option<Arc<AtomicUsize>>);

impl Place {
    fn keep(mut self) {
        self.0 = None;
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        if let Some(opened) = self.0.take() {
            opened.fetch_sub(1, Ordering::Relaxed);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::future::{Ready, ready};
    use std::io;

    use tower_layer::Layer;
    use tower_service::Service;

    use super::*;

    /// A connector that counts the connections it was asked for.
    #[derive(Clone)]
    struct Sockets {
        opened: Arc<AtomicUsize>,
        refuse: bool,
    }

    impl Service<()> for Sockets {
        type Response = ();
        type Error = io::Error;
        type Future = Ready<io::Result<()>>;

        fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<io::Result<()>> {
            Poll::Ready(Ok(()))
        }

        fn call(&mut self, (): ()) -> Self::Future {
            self.opened.fetch_add(1, Ordering::SeqCst);
            ready(if self.refuse {
                Err(io::ErrorKind::ConnectionRefused.into())
            } else {
                Ok(())
            })
        }
    }

    fn gate(limit: usize, refuse: bool) -> (Gate<Sockets>, Arc<AtomicUsize>) {
        let opened = Arc::new(AtomicUsize::new(0));
        let sockets = Sockets {
            opened: opened.clone(),
            refuse,
        };
        (
            GateLayer::new(limit, Duration::from_secs(1)).layer(sockets),
            opened,
        )
    }

    #[tokio::test]
    async fn the_first_connections_open_even_in_the_background() {
        let (mut gate, opened) = gate(2, false);
        gate.call(()).await.unwrap();
        as_call(gate.call(())).await.unwrap();
        assert_eq!(opened.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn beyond_the_limit_only_a_waiting_call_opens_one() {
        let (mut gate, opened) = gate(1, false);
        as_call(gate.call(())).await.unwrap();
        let background = gate.call(()).await;
        assert!(
            background.is_err(),
            "a connect no call waits for is dropped"
        );
        assert_eq!(opened.load(Ordering::SeqCst), 1, "and opens no socket");
        as_call(gate.call(())).await.unwrap();
        assert_eq!(opened.load(Ordering::SeqCst), 2, "a waiting call gets one");
    }

    #[tokio::test]
    async fn a_failed_or_dropped_connect_gives_its_place_back() {
        let (mut refused, _) = gate(1, true);
        assert!(refused.call(()).await.is_err());
        assert_eq!(refused.opened.load(Ordering::SeqCst), 0);
        let (mut gate, opened) = gate(1, false);
        drop(gate.call(()));
        assert_eq!(
            gate.opened.load(Ordering::SeqCst),
            0,
            "dropped before connecting"
        );
        gate.call(()).await.unwrap();
        assert_eq!(opened.load(Ordering::SeqCst), 1);
    }
}
