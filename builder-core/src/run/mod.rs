//! Runs a machine in-process, for tests: `machine.test().input(..)
//! .mock("State", |input| Ok(..)).run()`. Tasks are answered by mocks
//! (by state name, by resource, or a default); time is virtual (Wait,
//! Retry delays and timeouts advance a clock; a test never sleeps); the
//! result is the status, the output, the states entered and a history named
//! as AWS's `GetExecutionHistory` names its events.
//!
//! It is for tests and local runs; production runs on AWS Step Functions.
//! What it runs: JSONPath states — InputPath, Parameters (`.$` keys, the
//! context object `$$`, variables, the 18 intrinsic functions),
//! ResultSelector, ResultPath, OutputPath, Assign; JSONata states —
//! Arguments, Output, Assign, conditions, Items, ItemSelector and the
//! single-value fields, evaluated by [`jsonata`] (JSONata 2.0.6 with AWS's
//! functions) with `$states` and the variables; every state type, Choice
//! with every operator, Retry (interval, backoff, maximum delay, attempts,
//! full jitter from a seeded generator) and Catch, Parallel, inline Maps,
//! Distributed Maps (the item reader answered by a mock — the items or the
//! file's CSV/JSON/JSONL text —, batches, child executions with their own
//! variables and histories, tolerated failures, the ResultWriter), the
//! machine's `TimeoutSeconds`.
//!
//! Files: `interpreter.rs` (blocks, states, retries and catchers, JSONPath
//! data), `jsonata_states.rs` (JSONata fields), `distributed.rs`
//! (Distributed Maps), `jsonpath.rs`, `intrinsics.rs`, `hash.rs`,
//! `rules.rs` (Choice rules), `jsonata/` (values, evaluator, functions).

mod hash;
mod interpreter;
mod intrinsics;
pub mod jsonata;
mod jsonpath;
mod rules;

use crate::json::Json;
use crate::model::StateMachine;
use std::fmt;

pub use interpreter::MAX_EVENTS;

/// A failure inside the run: an error name and its cause, as a Task's
/// failure or a `States.*` error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The error name: `States.TaskFailed`, `Lambda.TooManyRequestsException`, ...
    pub error: String,
    /// The cause.
    pub cause: String,
}

impl Failure {
    /// A failure named `error`.
    pub fn new(error: impl Into<String>, cause: impl Into<String>) -> Failure {
        Failure {
            error: error.into(),
            cause: cause.into(),
        }
    }
}

/// What a mock returns: the task's result, or its failure.
pub type MockResult = Result<Json, Failure>;

type Mock = Box<dyn Fn(&Json) -> MockResult>;

/// A run to set up: input, mocks, seed, start time. Made by
/// [`StateMachine::test`].
pub struct Test<'m> {
    machine: &'m StateMachine,
    input: Json,
    by_state: Vec<(String, Mock)>,
    by_resource: Vec<(String, Mock)>,
    default: Option<Mock>,
    /// Failures to raise before the mocks answer: state, failure, times.
    failures: Vec<(String, Failure, usize)>,
    /// How long tasks take on the virtual clock, by state.
    durations: Vec<(String, f64)>,
    seed: u64,
    start: i64,
    name: String,
}

impl StateMachine {
    /// A local run of this machine, for tests.
    pub fn test(&self) -> Test<'_> {
        Test {
            machine: self,
            input: Json::Object(Vec::new()),
            by_state: Vec::new(),
            by_resource: Vec::new(),
            default: None,
            failures: Vec::new(),
            durations: Vec::new(),
            seed: 0x5eed,
            // 2026-01-01T00:00:00Z
            start: 1_767_225_600,
            name: "test".into(),
        }
    }
}

impl<'m> Test<'m> {
    /// The execution's input (`{}` unless set).
    pub fn input(mut self, input: impl Into<Json>) -> Self {
        self.input = input.into();
        self
    }

    /// Answers the Task named `state` (in any block): it gets the task's
    /// effective input — what AWS would send: the Parameters, or for a
    /// `lambda:invoke` integration its `Payload` — and returns the result or
    /// a failure. The result of a `lambda:invoke` integration is wrapped as
    /// AWS wraps it: `{"Payload": result, "StatusCode": 200, ...}`; with
    /// `.waitForTaskToken`, the mock's result is what the callback sends.
    pub fn mock(mut self, state: &str, f: impl Fn(&Json) -> MockResult + 'static) -> Self {
        self.by_state.push((state.to_owned(), Box::new(f)));
        self
    }

    /// Answers every Task on `resource` (an ARN, `arn:aws:states:::dynamodb:putItem`,
    /// or a function's key) that has no mock by name; it gets the Parameters.
    pub fn mock_resource(
        mut self,
        resource: &str,
        f: impl Fn(&Json) -> MockResult + 'static,
    ) -> Self {
        self.by_resource.push((resource.to_owned(), Box::new(f)));
        self
    }

    /// Answers every other Task.
    pub fn mock_default(mut self, f: impl Fn(&Json) -> MockResult + 'static) -> Self {
        self.default = Some(Box::new(f));
        self
    }

    /// The Task named `state` fails once with `error` and `cause` before its
    /// mock answers (to exercise a Retry).
    pub fn fail_once(self, state: &str, error: &str, cause: &str) -> Self {
        self.fail_times(state, 1, error, cause)
    }

    /// The Task named `state` fails `times` times with `error` and `cause`
    /// before its mock answers.
    pub fn fail_times(mut self, state: &str, times: usize, error: &str, cause: &str) -> Self {
        self.failures
            .push((state.to_owned(), Failure::new(error, cause), times));
        self
    }

    /// The Task named `state` takes `seconds` on the virtual clock (its
    /// mocks answer at the end): past its `TimeoutSeconds` it fails with
    /// `States.Timeout`, past its `HeartbeatSeconds` (it sends no
    /// heartbeat) with `States.HeartbeatTimeout`.
    pub fn takes(mut self, state: &str, seconds: f64) -> Self {
        self.durations.push((state.to_owned(), seconds));
        self
    }

    /// The seed of `States.UUID`, `States.MathRandom` and full jitter.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// The virtual start time, in seconds since 1970 (`$$.Execution.StartTime`).
    pub fn start_time(mut self, unix_seconds: i64) -> Self {
        self.start = unix_seconds;
        self
    }

    /// The execution's name (`$$.Execution.Name`; `test` unless set).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// Runs the machine. `Err` when the run cannot go on: a Task without a
    /// mock, something the engine does not run, an endless loop.
    pub fn run(self) -> Result<Execution, RunError> {
        interpreter::run(self)
    }
}

/// Why a run could not complete.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RunError {
    /// A Task has no mock (by name, by resource, or a default).
    NoMock {
        /// The state.
        state: String,
        /// Its resource.
        resource: String,
    },
    /// Something the engine does not run yet.
    Unsupported {
        /// The state.
        state: String,
        /// What.
        what: String,
    },
    /// More history events than a Standard workflow may have.
    TooManyEvents {
        /// The states entered, the last ones.
        last: Vec<String>,
    },
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::NoMock { state, resource } => write!(
                f,
                "the task `{state}` ({resource}) has no mock: add `.mock(\"{state}\", |input| Ok(...))`"
            ),
            RunError::Unsupported { state, what } => {
                write!(f, "the state `{state}`: {what} is not run by the local engine yet")
            }
            RunError::TooManyEvents { last } => write!(
                f,
                "more than {MAX_EVENTS} history events (AWS's limit for a Standard execution): an endless loop? The last states: {}",
                last.join(" → ")
            ),
        }
    }
}

impl std::error::Error for RunError {}

/// How an execution ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// `SUCCEEDED`.
    Succeeded,
    /// `FAILED`, with the error and cause.
    Failed {
        /// The error name.
        error: String,
        /// The cause.
        cause: String,
    },
    /// `TIMED_OUT`: the machine's `TimeoutSeconds` passed.
    TimedOut,
}

/// One event of the history, named as `GetExecutionHistory` names it.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// Its number, from 1.
    pub id: usize,
    /// Seconds since the execution started, on the virtual clock.
    pub at: f64,
    /// `ExecutionStarted`, `TaskStateEntered`, `TaskScheduled`, `TaskSucceeded`, ...
    pub kind: String,
    /// The state it is about.
    pub state: Option<String>,
}

/// A finished run.
#[derive(Clone, Debug)]
pub struct Execution {
    pub(crate) status: Status,
    pub(crate) output: Option<Json>,
    pub(crate) entered: Vec<String>,
    pub(crate) history: Vec<Event>,
    pub(crate) elapsed: f64,
    pub(crate) transitions: usize,
    /// The machine run, to draw the path on.
    pub(crate) machine: StateMachine,
}

impl Execution {
    /// How it ended.
    pub fn status(&self) -> &Status {
        &self.status
    }

    /// Whether it succeeded.
    pub fn succeeded(&self) -> bool {
        self.status == Status::Succeeded
    }

    /// The output of a successful execution (`Json::Null` otherwise).
    pub fn output(&self) -> &Json {
        self.output.as_ref().unwrap_or(&Json::Null)
    }

    /// The error of a failed execution.
    pub fn error(&self) -> Option<&str> {
        match &self.status {
            Status::Failed { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The states entered, in order (those of branches and map iterations
    /// too, in the order they ran).
    pub fn states_entered(&self) -> Vec<&str> {
        self.entered.iter().map(String::as_str).collect()
    }

    /// The history.
    pub fn history(&self) -> &[Event] {
        &self.history
    }

    /// Seconds the execution took on the virtual clock.
    pub fn elapsed_seconds(&self) -> f64 {
        self.elapsed
    }

    /// The state transitions AWS would bill a Standard execution: one per
    /// state entered, and one for the start (AWS Step Functions pricing:
    /// "You are charged for the number of state transitions required to
    /// execute your application", counted "each time a step of your
    /// workflow is executed" — <https://aws.amazon.com/step-functions/pricing/>).
    pub fn billed_transitions(&self) -> usize {
        self.transitions
    }
}

#[cfg(feature = "graph")]
impl Execution {
    fn marked(
        &self,
    ) -> (
        crate::graph::Graph,
        Vec<Option<crate::graph::Mark>>,
        Vec<bool>,
    ) {
        let g = crate::graph::Graph::of(&self.machine);
        let failed = !matches!(self.status, Status::Succeeded);
        let (marks, taken) = g.path(&self.states_entered(), failed);
        (g, marks, taken)
    }

    /// The machine's Mermaid diagram with this execution's path: the states
    /// entered and the transitions taken thick and blue, the state it
    /// failed in red.
    pub fn to_mermaid(&self) -> String {
        let (g, marks, taken) = self.marked();
        crate::graph::mermaid::write_marked(&g, &marks, &taken)
    }

    /// The machine's SVG picture with this execution's path.
    pub fn to_svg(&self) -> String {
        let (g, marks, taken) = self.marked();
        crate::graph::svg::write_marked(&g, &self.machine.name, &marks, &taken)
    }
}

impl Execution {
    /// What AWS would bill an EXPRESS execution: one request, and its
    /// duration in milliseconds rounded up to the next 100 ms (AWS Step
    /// Functions pricing, Express Workflows: "Duration is calculated from
    /// the time your workflow begins executing until it completes or
    /// otherwise terminates, rounded up to the nearest 100ms" —
    /// <https://aws.amazon.com/step-functions/pricing/>), on the virtual clock.
    pub fn express_billing(&self) -> (u64, u64) {
        let ms = (self.elapsed * 1000.0).ceil() as u64;
        (1, ms.div_ceil(100).max(1) * 100)
    }
}

impl fmt::Display for Execution {
    /// The path taken and how it ended, for a failing test's message; with
    /// `{:#}`, also the Mermaid diagram of the path (paste it into any
    /// Mermaid viewer).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "path: {}", self.entered.join(" → "))?;
        match &self.status {
            Status::Succeeded => write!(f, "succeeded with {}", self.output().to_json_string())?,
            Status::Failed { error, cause } => write!(f, "failed: {error}: {cause}")?,
            Status::TimedOut => write!(f, "timed out after {} s", self.elapsed)?,
        }
        #[cfg(feature = "graph")]
        if f.alternate() {
            write!(f, "\n\n{}", self.to_mermaid())?;
        }
        Ok(())
    }
}

/// The engine's random numbers: xorshift64*, seeded per run, so that a test
/// gives the same execution every time.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub(crate) fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A version 4 UUID.
    pub(crate) fn uuid(&mut self) -> String {
        let (a, b) = (self.next(), self.next());
        let a = (a & 0xffff_ffff_ffff_0fff) | 0x4000;
        let b = (b & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
        format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xffff,
            b >> 48,
            b & 0xffff_ffff_ffff
        )
    }
}
