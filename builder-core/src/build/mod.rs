//! The runtime builders. They have the semantics of the `state_machine!`
//! language (DSL.md §3 and §7): the macro lowers its input to the same
//! drafts, and `build()` resolves both the same way ([`desugar`]) before
//! the one validator runs.

pub mod desugar;
mod events;
mod machine;
mod states;

pub use desugar::{map_fallback_message, map_fallback_name, CatchPolicy, Draft, MACHINE_FALLBACK};
pub use events::{EventBridge, Http, HttpAction, Schedule, ScheduleMethod};
pub use machine::{LogLevel, StateMachineBuilder};
pub use states::{Branch, Choice, Fail, Map, Parallel, Pass, Succeed, Task, Wait};
