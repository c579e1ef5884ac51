//! The core of serverless-builder: the model of AWS Step Functions state
//! machines in both query languages, the field table of the Amazon States
//! Language, the reader and writer of ASL JSON, the builders, the one
//! validator that the builders, the macro, the reader and the command-line
//! tool share, and the serverless.yml around the machines.
//!
//! Most users depend on the facade crate `serverless-builder` instead.
#![warn(missing_docs)]

pub mod asl;
pub mod build;
pub mod check;
pub mod diag;
mod error;
pub mod expr;
#[cfg(feature = "graph")]
pub mod graph;
pub mod integrations;
pub mod json;
#[cfg(feature = "serde")]
mod json_serde;
#[cfg(feature = "serde")]
#[doc(hidden)]
pub mod macro_support;
pub mod model;
#[cfg(feature = "run")]
pub mod run;
pub mod serverless;

pub use build::{
    Branch, CatchPolicy, Choice, Draft, EventBridge, Fail, Http, HttpAction, LogLevel, Map,
    Parallel, Pass, Schedule, ScheduleMethod, StateMachineBuilder, Succeed, Task, Wait,
};
pub use diag::{Code, Diagnostic, Diagnostics, Location};
pub use error::Error;
pub use json::{Json, Number};
#[cfg(feature = "serde")]
pub use json_serde::{from_json_str, from_yaml_str, to_json};
pub use model::*;
pub use serverless::{Function, FunctionHandle, Provider, ResourceHandle, Service};

/// What the `state_machine!` macro needs of the core at compile time. Not a
/// public API: it changes with the macro, which is pinned to this crate's
/// exact version.
#[doc(hidden)]
pub mod __macro {
    pub use crate::asl::cx::Cx;
    pub use crate::asl::is_jsonata;
    pub use crate::asl::read::{language_value, read_definition_fields, read_state_fields, rule};

    /// How a run-time value is marked in the machine's JSON (see
    /// `macro_support`): this prefix, then its position.
    pub fn marker(n: usize) -> String {
        format!("\u{0}slot:{n}")
    }
    pub use crate::build::desugar::{DraftBody, Header};

    use crate::build::{CatchPolicy, Draft, StateMachineBuilder};
    use crate::model::{State, StateMachine, Transition};

    /// A draft of a state read from the macro's options.
    pub fn draft(state: State, flow: Option<Transition>, body: DraftBody) -> Draft {
        Draft::of_state(state, flow, body)
    }

    /// A builder from the macro's header and drafts.
    pub fn builder(
        machine: StateMachine,
        policy: CatchPolicy,
        states: Vec<Draft>,
    ) -> StateMachineBuilder {
        StateMachineBuilder::from_parts(machine, policy, states)
    }
}
