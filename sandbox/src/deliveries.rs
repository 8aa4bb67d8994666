//! The record of webhook deliveries: each signed webhook with every attempt to send it,
//! and the projects whose new deliveries are held back to be released later.

use std::collections::{HashSet, VecDeque};

use serde_json::{Value, json};

/// One attempt to deliver.
#[derive(Clone, Debug)]
pub struct Attempt {
    /// When it was made, in sandbox time.
    pub at: String,
    /// The receiver's answer status, when it answered.
    pub http_status: Option<u16>,
    /// Why no answer came, when none did.
    pub error: Option<String>,
}

/// One webhook and its delivery history.
#[derive(Clone, Debug)]
pub struct Delivery {
    /// `wh_N`, given when stored.
    pub id: String,
    /// Project it goes to.
    pub project: String,
    /// Webhook type.
    pub event_type: String,
    /// Session it is about.
    pub session_id: String,
    /// Where it is sent (none: the project has no webhook URL).
    pub url: Option<String>,
    /// The exact bytes sent.
    pub body: String,
    /// `X-PARTNER-SIGN` over `body`.
    pub signature: String,
    /// Every attempt so far.
    pub attempts: Vec<Attempt>,
    /// Answered 2xx once.
    pub delivered: bool,
    /// Waiting to be released.
    pub held: bool,
    /// The delivery this one copies, when it is a duplicate.
    pub duplicate_of: Option<String>,
}

impl Delivery {
    fn to_json(&self) -> Value {
        let attempts: Vec<Value> = self
            .attempts
            .iter()
            .map(|a| json!({"at": a.at, "http_status": a.http_status, "error": a.error}))
            .collect();
        json!({
            "id": self.id, "project": self.project, "type": self.event_type,
            "session_id": self.session_id, "url": self.url, "body": self.body,
            "signature": self.signature, "attempts": attempts, "delivered": self.delivered,
            "held": self.held, "duplicate_of": self.duplicate_of,
        })
    }
}

/// Stored deliveries (oldest forgotten beyond the cap) and projects whose delivery is held.
#[derive(Default)]
pub struct Deliveries {
    list: VecDeque<Delivery>,
    next: u64,
    cap: usize,
    /// Projects whose new deliveries are held.
    pub held: HashSet<String>,
}

impl Deliveries {
    /// An empty store keeping at most `cap` deliveries.
    pub fn with_cap(cap: usize) -> Self {
        Deliveries {
            cap: cap.max(1),
            ..Default::default()
        }
    }

    /// Stores `d` under a new id; returns the id.
    pub fn push(&mut self, mut d: Delivery) -> String {
        self.next += 1;
        d.id = format!("wh_{}", self.next);
        let id = d.id.clone();
        self.list.push_back(d);
        while self.list.len() > self.cap {
            self.list.pop_front();
        }
        id
    }

    /// Delivery `id`, when still kept.
    pub fn get(&self, id: &str) -> Option<&Delivery> {
        self.list.iter().find(|d| d.id == id)
    }

    /// Delivery `id` to change, when still kept.
    pub fn get_mut(&mut self, id: &str) -> Option<&mut Delivery> {
        self.list.iter_mut().find(|d| d.id == id)
    }

    /// Deliveries as JSON, optionally of one project.
    pub fn list(&self, project: Option<&str>) -> Vec<Value> {
        self.list
            .iter()
            .filter(|d| project.is_none_or(|p| d.project == p))
            .map(Delivery::to_json)
            .collect()
    }

    /// Starts or stops holding a project's new deliveries (to release them out of order).
    pub fn set_held(&mut self, project: &str, held: bool) {
        if held {
            self.held.insert(project.to_owned());
        } else {
            self.held.remove(project);
        }
    }

    /// Ids of the project's held deliveries, oldest first, now released.
    pub fn release(&mut self, project: &str) -> Vec<String> {
        self.held.remove(project);
        self.list
            .iter_mut()
            .filter(|d| d.held && d.project == project)
            .map(|d| {
                d.held = false;
                d.id.clone()
            })
            .collect()
    }
}
