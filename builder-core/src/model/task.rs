//! The Task state.

use super::{Catcher, Dynamic, Retrier, Transition};
use crate::json::Json;

/// What a Task runs.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Resource {
    /// A function of the service, by its key under `functions:`
    /// (`GetAllUsers`); written `Fn::GetAtt: [GetAllUsersLambdaFunction, Arn]`.
    Function(String),
    /// A literal ARN (`arn:aws:states:::lambda:invoke`, an activity, ...).
    Arn(String),
    /// Any other CloudFormation value (`Ref`, `Fn::Sub`, `Fn::GetAtt` of a
    /// resource that is not one of the service's functions), kept as is.
    Intrinsic(Json),
}

impl Default for Resource {
    fn default() -> Resource {
        Resource::Arn(String::new())
    }
}

/// `Type: Task`.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct TaskState {
    /// `Resource`.
    pub resource: Resource,
    /// `Credentials` (a role to assume for the task).
    pub credentials: Option<Json>,
    /// `TimeoutSeconds` / `TimeoutSecondsPath`.
    pub timeout: Option<Dynamic<u64>>,
    /// `HeartbeatSeconds` / `HeartbeatSecondsPath`.
    pub heartbeat: Option<Dynamic<u64>>,
    /// `Retry`.
    pub retry: Vec<Retrier>,
    /// `Catch`.
    pub catch: Vec<Catcher>,
    /// `Next` / `End`.
    pub transition: Transition,
}
