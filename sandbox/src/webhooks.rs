//! Webhooks: signed with the sandbox key over the exact bytes, sent to the project's URL
//! in the project's API version, retried with growing pauses, every attempt recorded.

use std::sync::Arc;

use axum::http::header;
use pikepay::wire;
use serde_json::{Value, json};
use tokio::sync::mpsc;

use crate::app::App;
use crate::deliveries::{Attempt, Delivery};
use crate::flows::Event;
use crate::state::State;

/// New webhooks waiting per project for their first attempt.
const QUEUE_LEN: usize = 1024;

/// A stored webhook to send now.
pub struct Outgoing {
    /// Project it goes to.
    pub project: String,
    /// Delivery id.
    pub id: String,
}

/// Signs and stores the webhook for `event`; returns it when it should be sent now.
pub fn enqueue(app: &App, st: &mut State, event: Event) -> Option<Outgoing> {
    let project = st.projects.get(&event.project)?;
    let mut body = json!({"type": event.kind, "session": event.session});
    wire::to_version(&mut body, project.api_version);
    let body = serde_json::to_string(&body).unwrap_or_default();
    let signature = app.signer.sign(body.as_bytes()).unwrap_or_default();
    let url = project.webhook_url.clone();
    let held = st.deliveries.held.contains(&event.project);
    let session_id = event
        .session
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let project_name = event.project.clone();
    let id = st.deliveries.push(Delivery {
        id: String::new(),
        project: event.project,
        event_type: event.kind.to_owned(),
        session_id,
        url: url.clone(),
        body,
        signature,
        attempts: Vec::new(),
        delivered: false,
        held,
        duplicate_of: None,
    });
    (url.is_some() && !held).then_some(Outgoing {
        project: project_name,
        id,
    })
}

/// Stores and signs the webhooks of `events` (state locked), returning the ones to send.
pub fn enqueue_all(app: &App, st: &mut State, events: Vec<Event>) -> Vec<Outgoing> {
    events
        .into_iter()
        .filter_map(|ev| enqueue(app, st, ev))
        .collect()
}

/// Sends new webhooks in the background, in order per project; in chaos mode each
/// after its own random wait, some twice.
pub fn send_all(app: &Arc<App>, outgoing: Vec<Outgoing>) {
    for out in outgoing {
        match &app.chaos {
            Some(chaos) => send_chaotic(app, out, chaos.delivery()),
            None => send_in_order(app, out),
        }
    }
}

/// Queues a new webhook for its project's sender, which makes first attempts one at a
/// time in the order webhooks were queued (retries then run on their own).
pub fn send_in_order(app: &Arc<App>, out: Outgoing) {
    let mut senders = app.senders();
    let sender = senders.entry(out.project).or_insert_with(|| {
        let (tx, rx) = mpsc::channel(QUEUE_LEN);
        tokio::spawn(project_sender(app.clone(), rx));
        tx
    });
    if let Err(full) = sender.try_send(out.id) {
        // The receiver is far behind: send this one on its own rather than queue more.
        spawn(app, full.into_inner());
    }
}

async fn project_sender(app: Arc<App>, mut queue: mpsc::Receiver<String>) {
    while let Some(id) = queue.recv().await {
        if !attempt(&app, &id).await {
            spawn_retries(&app, id);
        }
    }
}

/// Sends a new webhook as chaos mode decided: after a wait in sandbox time, and a copy
/// after its own wait when duplicated; each then retried on the usual schedule.
pub fn send_chaotic(app: &Arc<App>, out: Outgoing, plan: crate::chaos::Delivery) {
    let copy = plan
        .copy
        .and_then(|late| duplicate(&mut app.lock(), &out.id).map(|id| (id, late)));
    for (id, late) in std::iter::once((out.id, plan.late)).chain(copy) {
        let app = app.clone();
        tokio::spawn(async move {
            app.clock.sleep_until(app.clock.now() + late).await;
            deliver(&app, &id, 0).await;
        });
    }
}

/// Stores a copy of delivery `id` as a new delivery; returns the new id.
pub fn duplicate(st: &mut State, id: &str) -> Option<String> {
    let mut copy = st.deliveries.get(id)?.clone();
    copy.attempts.clear();
    copy.delivered = false;
    copy.held = false;
    copy.duplicate_of = Some(id.to_owned());
    Some(st.deliveries.push(copy))
}

/// True when delivery `id` exists.
pub fn exists(st: &State, id: &str) -> bool {
    st.deliveries.get(id).is_some()
}

/// Sends delivery `id` in the background, with retries.
pub fn spawn(app: &Arc<App>, id: String) {
    let app = app.clone();
    tokio::spawn(async move { deliver(&app, &id, 0).await });
}

/// Sends the given deliveries one after another (first attempts in this order), then
/// retries the ones that failed in the background.
pub fn spawn_in_order(app: &Arc<App>, ids: Vec<String>) {
    let app = app.clone();
    tokio::spawn(async move {
        for id in ids {
            if !attempt(&app, &id).await {
                spawn_retries(&app, id);
            }
        }
    });
}

fn spawn_retries(app: &Arc<App>, id: String) {
    let app = app.clone();
    tokio::spawn(async move { deliver(&app, &id, 1).await });
}

/// Attempts delivery until it succeeds or the retry schedule runs out, starting at
/// attempt number `first` (0 = the first attempt, no pause before it). Pauses are in
/// sandbox time, so advancing it brings the next attempt forward.
async fn deliver(app: &App, id: &str, first: usize) {
    let pauses = app.limits.webhook_retry.clone();
    for n in first..=pauses.len() {
        if n > 0
            && let Some(pause) = pauses.get(n - 1)
        {
            app.clock.sleep_until(app.clock.now() + *pause).await;
        }
        if attempt(app, id).await {
            return;
        }
    }
}

/// One POST of the stored bytes; records it; true when answered 2xx.
async fn attempt(app: &App, id: &str) -> bool {
    let target = {
        let st = app.lock();
        st.deliveries
            .get(id)
            .and_then(|d| Some((d.url.clone()?, d.body.clone(), d.signature.clone())))
    };
    let Some((url, body, signature)) = target else {
        return true;
    };
    let result = app
        .http
        .post(&url)
        .header(header::CONTENT_TYPE, "application/json")
        .header(pikepay::client::HEADER_SIGN, signature)
        .body(body)
        .timeout(app.limits.webhook_timeout)
        .send()
        .await;
    let (http_status, error) = match result {
        Ok(resp) => (Some(resp.status().as_u16()), None),
        Err(e) if e.is_timeout() => (None, Some("timed out".to_owned())),
        Err(e) if e.is_connect() => (None, Some("connection failed".to_owned())),
        Err(_) => (None, Some("request failed".to_owned())),
    };
    let ok = http_status.is_some_and(|s| (200..300).contains(&s));
    let at = app.clock.stamp();
    let mut st = app.lock();
    if let Some(d) = st.deliveries.get_mut(id) {
        d.attempts.push(Attempt {
            at,
            http_status,
            error,
        });
        d.delivered |= ok;
    }
    ok
}
