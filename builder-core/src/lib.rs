//! The core of serverless-builder: the model of a Serverless service with
//! AWS Step Functions state machines, the validator shared by the runtime
//! builders and the `state_machine!` macro, and the emission of
//! `serverless.yml` and ASL JSON.
//!
//! Most users depend on the facade crate `serverless-builder` instead.
#![warn(missing_docs)]

pub mod asl;
pub mod builder;
pub mod error;
pub mod intrinsics;
pub mod json;
pub mod jsonpath;
pub mod location;
#[cfg(feature = "serde")]
#[doc(hidden)]
pub mod macro_support;
pub mod model;
pub mod naming;
pub mod schedule_expr;
#[cfg(feature = "serde")]
pub mod serde_impl;
pub mod service;
pub mod suggest;
pub mod validate;
pub mod yaml;

pub use builder::{
    Branch, CatchPolicy, Choice, Draft, Fail, Map, Parallel, Pass, StateMachineBuilder, Succeed,
    Task, Wait,
};
pub use error::{Error, ErrorKind, ValidationError, ValidationErrors};
pub use json::{Json, Number};
pub use location::{Location, Segment};
pub use model::*;
pub use service::{Function, FunctionHandle, Provider, Service, DEFAULT_RUNTIME};
pub use validate::validate;
