//! serverless-builder: write AWS Step Functions workflows inline in Rust.
pub use builder_core::*;

/// Everything a workflow file needs.
pub mod prelude {
    pub use builder_core::{
        Branch, Catcher, Choice, Error, Event, Fail, FunctionHandle, Jitter, Json, MachineType,
        Map, Operand, Operator, Parallel, Pass, Retrier, Rule, Schedule, Service, StateMachine,
        Succeed, Task, Wait, WaitDuration,
    };
    pub use builder_macros::state_machine;
}

pub use builder_macros::state_machine;

/// What the macro's expansion calls. Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use builder_core::macro_support::{embed, function_resource, machine, slot};
}
