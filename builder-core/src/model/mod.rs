//! The state machine model: plain data mirroring the Amazon States Language,
//! in both query languages, with every field of the specification.
//!
//! Invalid combinations that a type can rule out are unrepresentable: a state
//! processes its input and output either the JSONPath way or the JSONata way
//! ([`Io`]); it has `Next` *or* `End` ([`Transition`]); a value and its
//! `…Path` twin are one field ([`Dynamic`]); Retry and Catch exist only on
//! Task, Parallel and Map; a Wait has exactly one duration; the Distributed
//! Map fields live only in [`Processor::Distributed`]. Which fields each kind
//! of state accepts, and everything else — names, targets, expressions,
//! ranges — is checked by [`crate::check::validate`], which the runtime
//! builders, the macro, the reader and the command-line tool all call.

mod choice;
mod io;
mod map;
mod operator;
mod recovery;
mod settings;
mod states;
mod task;

pub use choice::{ChoiceRule, ChoiceState, Condition, Operand, Rule};
pub use io::{Io, JsonPathIo, JsonataIo};
pub use map::{
    DistributedMap, ItemBatcher, ItemReader, Items, MapState, Processor, ReaderConfig,
    ResultWriter, WriterConfig,
};
pub use operator::{CompareType, Comparison, OperandKind, Operator};
pub use recovery::{Catcher, Jitter, Retrier};
pub use states::{FailState, ParallelState, PassState, SucceedState, WaitDuration, WaitState};
pub use task::{Resource, TaskState};

use crate::diag::Diagnostic;
use crate::json::Json;

/// `STANDARD` or `EXPRESS`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MachineType {
    /// Long-running, exactly-once workflows (the default).
    #[default]
    Standard,
    /// High-volume, short-lived workflows.
    Express,
}

impl MachineType {
    /// The name used in serverless.yml and ASL: `STANDARD` / `EXPRESS`.
    pub fn as_str(self) -> &'static str {
        match self {
            MachineType::Standard => "STANDARD",
            MachineType::Express => "EXPRESS",
        }
    }
}

/// `QueryLanguage`: how a state selects and transforms its data.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum QueryLanguage {
    /// `JSONPath`: `InputPath`, `Parameters`, `ResultSelector`, `ResultPath`,
    /// `OutputPath`, `.$` keys and intrinsic functions (the default).
    #[default]
    JsonPath,
    /// `JSONata`: `Arguments` and `Output` with `{% ... %}` expressions.
    Jsonata,
}

impl QueryLanguage {
    /// `JSONPath` / `JSONata`, as ASL writes them.
    pub fn as_str(self) -> &'static str {
        match self {
            QueryLanguage::JsonPath => "JSONPath",
            QueryLanguage::Jsonata => "JSONata",
        }
    }
}

/// A state machine: a definition plus the serverless settings around it.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct StateMachine {
    /// The machine's name (the key under `stepFunctions.stateMachines`); it
    /// is deployed as `<service>-${sls:stage}-<name>`.
    pub name: String,
    /// `type:` of the machine.
    pub machine_type: MachineType,
    /// Events that start the machine.
    pub events: Vec<Event>,
    /// The ASL definition.
    pub definition: Definition,
    /// IAM statements the machine's role gets besides the ones derived from
    /// its tasks (`iamRoleStatements`), each `{"Effect", "Action", "Resource"}`.
    pub iam_statements: Vec<Json>,
    /// A role of the user's instead (`role`: an ARN or a reference); then
    /// nothing is derived.
    pub role: Option<Json>,
    /// The plugin's other settings of the machine (`loggingConfig`,
    /// `tracingConfig`, `alarms`, `notifications`, `name`, ...), keyed and
    /// valued as the plugin writes them; what is not set gets the
    /// defaults of [`crate::serverless`] when the service is written.
    pub settings: Settings,
    /// Problems found while assembling the machine at run time (an embedded
    /// value that failed to serialize); the validator reports them.
    pub(crate) deferred: Vec<Diagnostic>,
}

impl StateMachine {
    /// A machine with a name and an empty definition.
    pub fn new(name: impl Into<String>) -> StateMachine {
        StateMachine {
            name: name.into(),
            ..StateMachine::default()
        }
    }
}

/// The top level of an ASL definition.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Definition {
    /// `Comment`.
    pub comment: Option<String>,
    /// `TimeoutSeconds` of the whole execution.
    pub timeout_seconds: Option<u64>,
    /// `Version` of the language (`"1.0"`).
    pub version: Option<String>,
    /// `QueryLanguage`: the default of every state (written only when
    /// JSONata).
    pub query_language: QueryLanguage,
    /// `StartAt` and `States`.
    pub block: Block,
}

/// A `StartAt` plus its `States`: the top level, a Parallel branch, or a
/// Map's `ItemProcessor`. Transitions never leave a block.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Block {
    /// `StartAt`.
    pub start_at: String,
    /// The states in order. A `Vec`, not a map: a duplicated name stays
    /// visible so that the validator reports it.
    pub states: Vec<State>,
}

/// One state.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct State {
    /// The state's name (its key under `States`).
    pub name: String,
    /// `Comment`.
    pub comment: Option<String>,
    /// Input and output processing, which also says the state's query
    /// language. `QueryLanguage` is written on the state when it differs
    /// from the machine's.
    pub io: Io,
    /// `Assign`: the variables the state sets (not on Succeed and Fail).
    pub assign: Option<Json>,
    /// What kind of state it is, with its own fields.
    pub kind: StateKind,
}

impl State {
    /// A JSONPath state.
    pub fn new(name: impl Into<String>, kind: StateKind) -> State {
        State {
            name: name.into(),
            comment: None,
            io: Io::default(),
            assign: None,
            kind,
        }
    }

    /// The state's query language.
    pub fn query_language(&self) -> QueryLanguage {
        self.io.language()
    }
}

/// The eight state types.
// A Map is several times larger than a Succeed; states live in vectors of a
// few thousand at most, so boxing would cost more in API than it saves.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum StateKind {
    /// `Type: Task`
    Task(TaskState),
    /// `Type: Pass`
    Pass(PassState),
    /// `Type: Choice`
    Choice(ChoiceState),
    /// `Type: Wait`
    Wait(WaitState),
    /// `Type: Succeed`
    Succeed(SucceedState),
    /// `Type: Fail`
    Fail(FailState),
    /// `Type: Parallel`
    Parallel(ParallelState),
    /// `Type: Map`
    Map(MapState),
}

/// The eight `Type`s, without their fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StateType {
    /// `Task`
    Task,
    /// `Pass`
    Pass,
    /// `Choice`
    Choice,
    /// `Wait`
    Wait,
    /// `Succeed`
    Succeed,
    /// `Fail`
    Fail,
    /// `Parallel`
    Parallel,
    /// `Map`
    Map,
}

impl StateType {
    /// Every type, in the order messages list them.
    pub const ALL: [StateType; 8] = [
        StateType::Task,
        StateType::Pass,
        StateType::Wait,
        StateType::Succeed,
        StateType::Fail,
        StateType::Choice,
        StateType::Parallel,
        StateType::Map,
    ];

    /// The ASL `Type`.
    pub fn as_str(self) -> &'static str {
        match self {
            StateType::Task => "Task",
            StateType::Pass => "Pass",
            StateType::Choice => "Choice",
            StateType::Wait => "Wait",
            StateType::Succeed => "Succeed",
            StateType::Fail => "Fail",
            StateType::Parallel => "Parallel",
            StateType::Map => "Map",
        }
    }

    /// The DSL keyword: `task`, `pass`, ...
    pub fn keyword(self) -> &'static str {
        match self {
            StateType::Task => "task",
            StateType::Pass => "pass",
            StateType::Choice => "choice",
            StateType::Wait => "wait",
            StateType::Succeed => "succeed",
            StateType::Fail => "fail",
            StateType::Parallel => "parallel",
            StateType::Map => "map",
        }
    }

    /// The type with this ASL name.
    pub fn from_name(name: &str) -> Option<StateType> {
        StateType::ALL.into_iter().find(|t| t.as_str() == name)
    }

    /// The type with this DSL keyword.
    pub fn from_keyword(keyword: &str) -> Option<StateType> {
        StateType::ALL.into_iter().find(|t| t.keyword() == keyword)
    }

    /// A state of this type with every optional field empty (a Task on an
    /// empty resource, a Wait of zero seconds).
    pub fn empty_kind(self) -> StateKind {
        match self {
            StateType::Task => StateKind::Task(TaskState::default()),
            StateType::Pass => StateKind::Pass(PassState::default()),
            StateType::Choice => StateKind::Choice(ChoiceState::default()),
            StateType::Wait => StateKind::Wait(WaitState::default()),
            StateType::Succeed => StateKind::Succeed(SucceedState::default()),
            StateType::Fail => StateKind::Fail(FailState::default()),
            StateType::Parallel => StateKind::Parallel(ParallelState::default()),
            StateType::Map => StateKind::Map(MapState::default()),
        }
    }
}

impl StateKind {
    /// The kind's `Type`.
    pub fn state_type(&self) -> StateType {
        match self {
            StateKind::Task(_) => StateType::Task,
            StateKind::Pass(_) => StateType::Pass,
            StateKind::Choice(_) => StateType::Choice,
            StateKind::Wait(_) => StateType::Wait,
            StateKind::Succeed(_) => StateType::Succeed,
            StateKind::Fail(_) => StateType::Fail,
            StateKind::Parallel(_) => StateType::Parallel,
            StateKind::Map(_) => StateType::Map,
        }
    }

    /// The ASL `Type`.
    pub fn type_name(&self) -> &'static str {
        self.state_type().as_str()
    }

    /// `Next`/`End`, for the kinds that have one.
    pub fn transition(&self) -> Option<&Transition> {
        match self {
            StateKind::Task(s) => Some(&s.transition),
            StateKind::Pass(s) => Some(&s.transition),
            StateKind::Wait(s) => Some(&s.transition),
            StateKind::Parallel(s) => Some(&s.transition),
            StateKind::Map(s) => Some(&s.transition),
            StateKind::Choice(_) | StateKind::Succeed(_) | StateKind::Fail(_) => None,
        }
    }

    /// Mutable `Next`/`End`, for the kinds that have one.
    pub fn transition_mut(&mut self) -> Option<&mut Transition> {
        match self {
            StateKind::Task(s) => Some(&mut s.transition),
            StateKind::Pass(s) => Some(&mut s.transition),
            StateKind::Wait(s) => Some(&mut s.transition),
            StateKind::Parallel(s) => Some(&mut s.transition),
            StateKind::Map(s) => Some(&mut s.transition),
            StateKind::Choice(_) | StateKind::Succeed(_) | StateKind::Fail(_) => None,
        }
    }

    /// `Retry`, for the kinds that have one (Task, Parallel, Map).
    pub fn retriers(&self) -> Option<&Vec<Retrier>> {
        match self {
            StateKind::Task(s) => Some(&s.retry),
            StateKind::Parallel(s) => Some(&s.retry),
            StateKind::Map(s) => Some(&s.retry),
            _ => None,
        }
    }

    /// Mutable `Retry`, for the kinds that have one.
    pub fn retriers_mut(&mut self) -> Option<&mut Vec<Retrier>> {
        match self {
            StateKind::Task(s) => Some(&mut s.retry),
            StateKind::Parallel(s) => Some(&mut s.retry),
            StateKind::Map(s) => Some(&mut s.retry),
            _ => None,
        }
    }

    /// `Catch`, for the kinds that have one (Task, Parallel, Map).
    pub fn catchers(&self) -> Option<&Vec<Catcher>> {
        match self {
            StateKind::Task(s) => Some(&s.catch),
            StateKind::Parallel(s) => Some(&s.catch),
            StateKind::Map(s) => Some(&s.catch),
            _ => None,
        }
    }

    /// Mutable `Catch`, for the kinds that have one.
    pub fn catchers_mut(&mut self) -> Option<&mut Vec<Catcher>> {
        match self {
            StateKind::Task(s) => Some(&mut s.catch),
            StateKind::Parallel(s) => Some(&mut s.catch),
            StateKind::Map(s) => Some(&mut s.catch),
            _ => None,
        }
    }

    /// The blocks nested in this state: a Parallel's branches, a Map's body.
    pub fn blocks(&self) -> &[Block] {
        match self {
            StateKind::Parallel(p) => &p.branches,
            StateKind::Map(m) => std::slice::from_ref(&m.body),
            _ => &[],
        }
    }

    /// True for the states that end an execution path: Succeed, Fail, and
    /// any state with `End: true`.
    pub fn is_terminal(&self) -> bool {
        match self {
            StateKind::Succeed(_) | StateKind::Fail(_) => true,
            other => matches!(other.transition(), Some(Transition::End)),
        }
    }
}

/// `Next: <state>` or `End: true`. There is no "`End: false`".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Transition {
    /// `Next`
    Next(String),
    /// `End: true`
    #[default]
    End,
}

/// A path field that may also be `null` (`InputPath`, `OutputPath`,
/// `ResultPath`): `null` discards the input, output or result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NullablePath {
    /// `null`
    Null,
    /// A JSONPath.
    Path(String),
}

/// A field whose value is written out, read from the state's data at run
/// time by its `…Path` twin (JSONPath states), or computed by a JSONata
/// expression (JSONata states): `TimeoutSeconds` / `TimeoutSecondsPath` /
/// `"{% ... %}"`. One field, so that a value and its twin cannot both be set.
#[derive(Clone, Debug, PartialEq)]
pub enum Dynamic<T> {
    /// The value itself (`TimeoutSeconds: 30`).
    Value(T),
    /// The `…Path` twin: a reference path (or, for `ErrorPath` and
    /// `CausePath`, an intrinsic function call).
    Path(String),
    /// A JSONata expression, `{% ... %}` delimiters included.
    Jsonata(String),
}

impl<T> Dynamic<T> {
    /// The value, when written out.
    pub fn value(&self) -> Option<&T> {
        match self {
            Dynamic::Value(v) => Some(v),
            _ => None,
        }
    }
}

pub use settings::{Event, EventKind, Settings};
