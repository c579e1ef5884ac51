//! `Retry` and `Catch`.

use super::NullablePath;
use crate::json::Json;

/// `JitterStrategy` of a retrier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Jitter {
    /// `FULL`: randomise each delay between 0 and its computed value.
    Full,
    /// `NONE`
    None,
}

impl Jitter {
    /// `FULL` / `NONE`.
    pub fn as_str(self) -> &'static str {
        match self {
            Jitter::Full => "FULL",
            Jitter::None => "NONE",
        }
    }
}

/// One element of `Retry`.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Retrier {
    /// `ErrorEquals`.
    pub error_equals: Vec<String>,
    /// `IntervalSeconds` (default 1).
    pub interval_seconds: Option<u64>,
    /// `MaxAttempts` (default 3; 0 means never retry).
    pub max_attempts: Option<u64>,
    /// `BackoffRate` (default 2.0).
    pub backoff_rate: Option<f64>,
    /// `MaxDelaySeconds`.
    pub max_delay_seconds: Option<u64>,
    /// `JitterStrategy`.
    pub jitter_strategy: Option<Jitter>,
    /// `Comment`.
    pub comment: Option<String>,
}

/// One element of `Catch`.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Catcher {
    /// `ErrorEquals`.
    pub error_equals: Vec<String>,
    /// `ResultPath` (JSONPath states): where the error output goes.
    pub result_path: Option<NullablePath>,
    /// `Output` (JSONata states).
    pub output: Option<Json>,
    /// `Assign`: evaluated instead of the state's own when this catcher
    /// matches.
    pub assign: Option<Json>,
    /// `Comment`.
    pub comment: Option<String>,
    /// `Next`.
    pub next: String,
}
