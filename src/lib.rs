//! serverless-builder: write AWS Step Functions workflows inline in Rust.
pub use builder_core::*;

/// Everything a workflow file needs.
pub mod prelude {
    pub use builder_core::{
        Branch, Catcher, Choice, Error, Event, Fail, FunctionHandle, Jitter, Json, MachineType,
        Map, Operand, Operator, Parallel, Pass, Retrier, Rule, Schedule, Service, StateMachine,
        Succeed, Task, Wait, WaitDuration,
    };
}
