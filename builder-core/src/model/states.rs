//! Pass, Wait, Succeed, Fail and Parallel.

use super::{Block, Catcher, Dynamic, Retrier, Transition};
use crate::json::Json;

/// `Type: Pass`.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct PassState {
    /// `Result` (JSONPath states): a constant output.
    pub result: Option<Json>,
    /// `Next` / `End`.
    pub transition: Transition,
}

/// `Type: Wait`.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct WaitState {
    /// How long to wait.
    pub duration: WaitDuration,
    /// `Next` / `End`.
    pub transition: Transition,
}

/// The one duration of a Wait state.
#[derive(Clone, Debug, PartialEq)]
pub enum WaitDuration {
    /// `Seconds` / `SecondsPath` / JSONata.
    Seconds(Dynamic<u64>),
    /// `Timestamp` (RFC 3339) / `TimestampPath` / JSONata.
    Timestamp(Dynamic<String>),
}

impl Default for WaitDuration {
    fn default() -> WaitDuration {
        WaitDuration::Seconds(Dynamic::Value(0))
    }
}

/// `Type: Succeed`.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct SucceedState {}

/// `Type: Fail`.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct FailState {
    /// `Error` / `ErrorPath` (a path or an intrinsic function) / JSONata.
    pub error: Option<Dynamic<String>>,
    /// `Cause` / `CausePath` / JSONata.
    pub cause: Option<Dynamic<String>>,
}

/// `Type: Parallel`.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct ParallelState {
    /// `Branches`.
    pub branches: Vec<Block>,
    /// `Retry`.
    pub retry: Vec<Retrier>,
    /// `Catch`.
    pub catch: Vec<Catcher>,
    /// `Next` / `End`.
    pub transition: Transition,
}
