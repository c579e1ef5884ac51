//! What surrounds a definition in serverless.yml: a machine's settings and
//! the events that start it, held as the serverless-step-functions plugin
//! writes them. Their keys and kinds are the table of
//! [`crate::serverless::schema`]; the rules between them are checked with
//! the machine.

use crate::json::Json;

/// Settings keyed as the plugin writes them, in the order set. Two are
/// equal when they set the same keys to the same values, in any order (the
/// service writes some keys first).
#[derive(Clone, Debug, Default)]
pub struct Settings(pub Vec<(String, Json)>);

impl PartialEq for Settings {
    fn eq(&self, other: &Settings) -> bool {
        self.0.len() == other.0.len() && self.0.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl Settings {
    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Json> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Sets `key`, in place when it is already set.
    pub fn set(&mut self, key: &str, value: impl Into<Json>) {
        let value = value.into();
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = value,
            None => self.0.push((key.to_owned(), value)),
        }
    }

    /// Removes `key`, returning its value.
    pub fn remove(&mut self, key: &str) -> Option<Json> {
        let i = self.0.iter().position(|(k, _)| k == key)?;
        Some(self.0.remove(i).1)
    }

    /// Whether nothing is set.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The settings in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Json)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }
}

/// What starts a machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EventKind {
    /// `schedule:`: an EventBridge rule or an EventBridge Scheduler schedule.
    Schedule,
    /// `http:`: an API Gateway REST endpoint.
    Http,
    /// `eventBridge:`: an EventBridge rule on an event pattern.
    EventBridge,
}

impl EventKind {
    /// Every kind.
    pub const ALL: &'static [EventKind] =
        &[EventKind::Schedule, EventKind::Http, EventKind::EventBridge];

    /// The key in serverless.yml: `schedule`, `http`, `eventBridge`.
    pub fn key(self) -> &'static str {
        match self {
            EventKind::Schedule => "schedule",
            EventKind::Http => "http",
            EventKind::EventBridge => "eventBridge",
        }
    }

    /// The name in the language: `schedule`, `http`, `event_bridge`.
    pub fn dsl(self) -> &'static str {
        match self {
            EventKind::Schedule => "schedule",
            EventKind::Http => "http",
            EventKind::EventBridge => "event_bridge",
        }
    }
}

/// An event that starts a machine: its kind and its settings.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Event {
    /// What kind of event it is.
    pub kind: EventKind,
    /// Its settings, as the plugin writes them (`rate`, `input`, ...).
    pub settings: Settings,
}

impl Event {
    /// An event of `kind` with nothing set.
    pub fn new(kind: EventKind) -> Event {
        Event {
            kind,
            settings: Settings::default(),
        }
    }
}
