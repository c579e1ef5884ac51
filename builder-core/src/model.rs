//! The state machine model: plain data mirroring the Amazon States Language
//! (JSONPath mode), with every field of the spec.
//!
//! Invalid combinations that a type can rule out are unrepresentable (a state
//! has `Next` *or* `End`; Retry and Catch exist only on Task, Parallel and
//! Map; a Wait has exactly one duration). Everything else — names, targets,
//! paths, ranges, pairs of fields that may not both appear — is checked by
//! [`crate::validate()`], which both the runtime builders and the macro call.

use crate::json::{Json, Number};

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
    /// The name used in serverless.yml: `STANDARD` / `EXPRESS`.
    pub fn as_str(self) -> &'static str {
        match self {
            MachineType::Standard => "STANDARD",
            MachineType::Express => "EXPRESS",
        }
    }
}

/// A state machine: a definition plus the serverless settings around it.
#[derive(Clone, Debug, Default, PartialEq)]
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
    /// Errors found while assembling the machine at run time (for example an
    /// embedded value that failed to serialize); the validator reports them.
    pub(crate) deferred_errors: Vec<crate::error::ValidationError>,
}

impl StateMachine {
    /// A machine with a name and an (empty) definition.
    pub fn new(name: impl Into<String>) -> StateMachine {
        StateMachine {
            name: name.into(),
            ..StateMachine::default()
        }
    }

    /// Records an error found while assembling the machine; it is reported
    /// by [`crate::validate::validate`] with the others.
    pub fn push_deferred_error(&mut self, error: crate::error::ValidationError) {
        self.deferred_errors.push(error);
    }
}

/// The top level of an ASL definition.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Definition {
    /// `Comment`.
    pub comment: Option<String>,
    /// `TimeoutSeconds` of the whole execution.
    pub timeout_seconds: Option<u64>,
    /// `Version` of the language (`"1.0"`).
    pub version: Option<String>,
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
pub struct State {
    /// The state's name (its key under `States`).
    pub name: String,
    /// `Comment`.
    pub comment: Option<String>,
    /// What kind of state it is, with its fields.
    pub kind: StateKind,
}

/// The eight state types.
// A Map is several times larger than a Succeed; states live in vectors of a
// few thousand at most, so boxing would cost more in API than it saves.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
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

impl StateKind {
    /// The ASL `Type`.
    pub fn type_name(&self) -> &'static str {
        match self {
            StateKind::Task(_) => "Task",
            StateKind::Pass(_) => "Pass",
            StateKind::Choice(_) => "Choice",
            StateKind::Wait(_) => "Wait",
            StateKind::Succeed(_) => "Succeed",
            StateKind::Fail(_) => "Fail",
            StateKind::Parallel(_) => "Parallel",
            StateKind::Map(_) => "Map",
        }
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

    /// `Catch`, for the kinds that have one (Task, Parallel, Map).
    pub fn catchers(&self) -> Option<&Vec<Catcher>> {
        match self {
            StateKind::Task(s) => Some(&s.catch),
            StateKind::Parallel(s) => Some(&s.catch),
            StateKind::Map(s) => Some(&s.catch),
            _ => None,
        }
    }

    /// Mutable `Catch`, for the kinds that have one (Task, Parallel, Map).
    pub fn catchers_mut(&mut self) -> Option<&mut Vec<Catcher>> {
        match self {
            StateKind::Task(s) => Some(&mut s.catch),
            StateKind::Parallel(s) => Some(&mut s.catch),
            StateKind::Map(s) => Some(&mut s.catch),
            _ => None,
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

/// What a Task runs.
#[derive(Clone, Debug, PartialEq)]
pub enum Resource {
    /// A function of the service, by its key under `functions:`
    /// (`GetAllUsers`); emitted as `Fn::GetAtt: [GetAllUsersLambdaFunction, Arn]`.
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
pub struct TaskState {
    /// `Resource`.
    pub resource: Resource,
    /// `InputPath`.
    pub input_path: Option<NullablePath>,
    /// `Parameters`.
    pub parameters: Option<Json>,
    /// `Credentials` (a role to assume for the task).
    pub credentials: Option<Json>,
    /// `TimeoutSeconds`.
    pub timeout_seconds: Option<u64>,
    /// `TimeoutSecondsPath`.
    pub timeout_seconds_path: Option<String>,
    /// `HeartbeatSeconds`.
    pub heartbeat_seconds: Option<u64>,
    /// `HeartbeatSecondsPath`.
    pub heartbeat_seconds_path: Option<String>,
    /// `ResultSelector`.
    pub result_selector: Option<Json>,
    /// `ResultPath`.
    pub result_path: Option<NullablePath>,
    /// `OutputPath`.
    pub output_path: Option<NullablePath>,
    /// `Retry`.
    pub retry: Vec<Retrier>,
    /// `Catch`.
    pub catch: Vec<Catcher>,
    /// `Next` / `End`.
    pub transition: Transition,
}

/// `Type: Pass`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PassState {
    /// `InputPath`.
    pub input_path: Option<NullablePath>,
    /// `Parameters`.
    pub parameters: Option<Json>,
    /// `Result`.
    pub result: Option<Json>,
    /// `ResultPath`.
    pub result_path: Option<NullablePath>,
    /// `OutputPath`.
    pub output_path: Option<NullablePath>,
    /// `Next` / `End`.
    pub transition: Transition,
}

/// `Type: Choice`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChoiceState {
    /// `InputPath`.
    pub input_path: Option<NullablePath>,
    /// `OutputPath`.
    pub output_path: Option<NullablePath>,
    /// `Default`: where to go when no rule matches.
    pub default: Option<String>,
    /// `Choices`, tried in order.
    pub choices: Vec<ChoiceRule>,
}

/// One element of `Choices`: a rule and where it leads.
#[derive(Clone, Debug, PartialEq)]
pub struct ChoiceRule {
    /// The condition.
    pub rule: Rule,
    /// `Next`.
    pub next: String,
}

/// A Boolean expression of a Choice rule.
#[derive(Clone, Debug, PartialEq)]
pub enum Rule {
    /// `And: [...]`
    And(Vec<Rule>),
    /// `Or: [...]`
    Or(Vec<Rule>),
    /// `Not: {...}`
    Not(Box<Rule>),
    /// `Variable: <path>, <Operator>: <value>`
    Compare {
        /// `Variable`.
        variable: String,
        /// The comparison operator.
        operator: Operator,
        /// Its operand.
        value: Operand,
    },
}

/// The operand of a comparison.
#[derive(Clone, Debug, PartialEq)]
pub enum Operand {
    /// A string (also a timestamp, or a path for the `…Path` operators).
    String(String),
    /// A number.
    Number(Number),
    /// A boolean (`BooleanEquals`, `IsPresent`, ...).
    Bool(bool),
}

impl Operand {
    /// The operand as JSON.
    pub fn to_json(&self) -> Json {
        match self {
            Operand::String(s) => Json::String(s.clone()),
            Operand::Number(n) => Json::Number(*n),
            Operand::Bool(b) => Json::Bool(*b),
        }
    }
}

/// The kind of operand an [`Operator`] takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OperandKind {
    /// A string.
    String,
    /// A number.
    Number,
    /// A boolean.
    Bool,
    /// An RFC 3339 timestamp string.
    Timestamp,
    /// A JSONPath to compare against.
    Path,
    /// A `StringMatches` pattern (`*` wildcards, `\` escapes).
    Pattern,
}

macro_rules! operators {
    ($($name:ident: $kind:ident),* $(,)?) => {
        /// The 39 comparison operators of Choice rules.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Operator {
            $(
                #[doc = concat!("`", stringify!($name), "`")]
                $name,
            )*
        }

        impl Operator {
            /// Every operator, in the order of the ASL spec.
            pub const ALL: &'static [Operator] = &[$(Operator::$name),*];

            /// The ASL field name of the operator.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Operator::$name => stringify!($name),)*
                }
            }

            /// The kind of operand the operator takes.
            pub fn operand_kind(self) -> OperandKind {
                match self {
                    $(Operator::$name => OperandKind::$kind,)*
                }
            }
        }
    };
}

operators! {
    StringEquals: String,
    StringEqualsPath: Path,
    StringLessThan: String,
    StringLessThanPath: Path,
    StringGreaterThan: String,
    StringGreaterThanPath: Path,
    StringLessThanEquals: String,
    StringLessThanEqualsPath: Path,
    StringGreaterThanEquals: String,
    StringGreaterThanEqualsPath: Path,
    StringMatches: Pattern,
    NumericEquals: Number,
    NumericEqualsPath: Path,
    NumericLessThan: Number,
    NumericLessThanPath: Path,
    NumericGreaterThan: Number,
    NumericGreaterThanPath: Path,
    NumericLessThanEquals: Number,
    NumericLessThanEqualsPath: Path,
    NumericGreaterThanEquals: Number,
    NumericGreaterThanEqualsPath: Path,
    BooleanEquals: Bool,
    BooleanEqualsPath: Path,
    TimestampEquals: Timestamp,
    TimestampEqualsPath: Path,
    TimestampLessThan: Timestamp,
    TimestampLessThanPath: Path,
    TimestampGreaterThan: Timestamp,
    TimestampGreaterThanPath: Path,
    TimestampLessThanEquals: Timestamp,
    TimestampLessThanEqualsPath: Path,
    TimestampGreaterThanEquals: Timestamp,
    TimestampGreaterThanEqualsPath: Path,
    IsNull: Bool,
    IsPresent: Bool,
    IsNumeric: Bool,
    IsString: Bool,
    IsBoolean: Bool,
    IsTimestamp: Bool,
}

impl Operator {
    /// The operator with this ASL name.
    pub fn from_name(name: &str) -> Option<Operator> {
        Operator::ALL.iter().copied().find(|op| op.as_str() == name)
    }
}

impl Rule {
    /// `Variable: <variable>, <operator>: <value>`.
    pub fn compare(
        variable: impl Into<String>,
        operator: Operator,
        value: impl Into<Operand>,
    ) -> Rule {
        Rule::Compare {
            variable: variable.into(),
            operator,
            value: value.into(),
        }
    }

    /// `IsPresent: true`.
    pub fn is_present(variable: impl Into<String>) -> Rule {
        Rule::compare(variable, Operator::IsPresent, true)
    }

    /// `And`.
    pub fn and(rules: impl IntoIterator<Item = Rule>) -> Rule {
        Rule::And(rules.into_iter().collect())
    }

    /// `Or`.
    pub fn or(rules: impl IntoIterator<Item = Rule>) -> Rule {
        Rule::Or(rules.into_iter().collect())
    }

    /// `Not`.
    #[allow(clippy::should_implement_trait)]
    pub fn not(rule: Rule) -> Rule {
        Rule::Not(Box::new(rule))
    }
}

impl From<&str> for Operand {
    fn from(s: &str) -> Operand {
        Operand::String(s.to_owned())
    }
}

impl From<String> for Operand {
    fn from(s: String) -> Operand {
        Operand::String(s)
    }
}

impl From<bool> for Operand {
    fn from(b: bool) -> Operand {
        Operand::Bool(b)
    }
}

impl From<i64> for Operand {
    fn from(n: i64) -> Operand {
        Operand::Number(match u64::try_from(n) {
            Ok(n) => Number::PosInt(n),
            Err(_) => Number::NegInt(n),
        })
    }
}

impl From<f64> for Operand {
    fn from(x: f64) -> Operand {
        Operand::Number(Number::Float(x))
    }
}

impl From<Number> for Operand {
    fn from(n: Number) -> Operand {
        Operand::Number(n)
    }
}

/// `Type: Wait`.
#[derive(Clone, Debug, PartialEq)]
pub struct WaitState {
    /// `InputPath`.
    pub input_path: Option<NullablePath>,
    /// `OutputPath`.
    pub output_path: Option<NullablePath>,
    /// How long to wait.
    pub duration: WaitDuration,
    /// `Next` / `End`.
    pub transition: Transition,
}

/// The one duration field of a Wait state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WaitDuration {
    /// `Seconds`
    Seconds(u64),
    /// `Timestamp` (RFC 3339)
    Timestamp(String),
    /// `SecondsPath`
    SecondsPath(String),
    /// `TimestampPath`
    TimestampPath(String),
}

/// `Type: Succeed`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SucceedState {
    /// `InputPath`.
    pub input_path: Option<NullablePath>,
    /// `OutputPath`.
    pub output_path: Option<NullablePath>,
}

/// `Type: Fail`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FailState {
    /// `Error`.
    pub error: Option<String>,
    /// `ErrorPath` (a path or an intrinsic function).
    pub error_path: Option<String>,
    /// `Cause`.
    pub cause: Option<String>,
    /// `CausePath` (a path or an intrinsic function).
    pub cause_path: Option<String>,
}

/// `Type: Parallel`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ParallelState {
    /// `InputPath`.
    pub input_path: Option<NullablePath>,
    /// `Parameters`.
    pub parameters: Option<Json>,
    /// `Branches`.
    pub branches: Vec<Block>,
    /// `ResultSelector`.
    pub result_selector: Option<Json>,
    /// `ResultPath`.
    pub result_path: Option<NullablePath>,
    /// `OutputPath`.
    pub output_path: Option<NullablePath>,
    /// `Retry`.
    pub retry: Vec<Retrier>,
    /// `Catch`.
    pub catch: Vec<Catcher>,
    /// `Next` / `End`.
    pub transition: Transition,
}

/// `ProcessorConfig.Mode` of a Map.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MapMode {
    /// Iterations run inside the parent execution.
    #[default]
    Inline,
    /// Iterations run as child executions (Distributed Map).
    Distributed,
}

impl MapMode {
    /// `INLINE` / `DISTRIBUTED`.
    pub fn as_str(self) -> &'static str {
        match self {
            MapMode::Inline => "INLINE",
            MapMode::Distributed => "DISTRIBUTED",
        }
    }
}

/// `Type: Map`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MapState {
    /// `InputPath`.
    pub input_path: Option<NullablePath>,
    /// `ItemsPath`.
    pub items_path: Option<String>,
    /// `ItemReader` (Distributed Map).
    pub item_reader: Option<Json>,
    /// `ItemSelector`.
    pub item_selector: Option<Json>,
    /// `Parameters` (deprecated predecessor of `ItemSelector`; read from
    /// existing definitions, never produced by the builders).
    pub parameters: Option<Json>,
    /// `ItemBatcher` (Distributed Map).
    pub item_batcher: Option<Json>,
    /// `MaxConcurrency`.
    pub max_concurrency: Option<u64>,
    /// `MaxConcurrencyPath`.
    pub max_concurrency_path: Option<String>,
    /// `ToleratedFailurePercentage` (Distributed Map).
    pub tolerated_failure_percentage: Option<f64>,
    /// `ToleratedFailurePercentagePath` (Distributed Map).
    pub tolerated_failure_percentage_path: Option<String>,
    /// `ToleratedFailureCount` (Distributed Map).
    pub tolerated_failure_count: Option<u64>,
    /// `ToleratedFailureCountPath` (Distributed Map).
    pub tolerated_failure_count_path: Option<String>,
    /// `Label` (Distributed Map).
    pub label: Option<String>,
    /// `ResultWriter` (Distributed Map).
    pub result_writer: Option<Json>,
    /// `ResultSelector`.
    pub result_selector: Option<Json>,
    /// `ResultPath`.
    pub result_path: Option<NullablePath>,
    /// `OutputPath`.
    pub output_path: Option<NullablePath>,
    /// `Retry`.
    pub retry: Vec<Retrier>,
    /// `Catch`.
    pub catch: Vec<Catcher>,
    /// `Next` / `End`.
    pub transition: Transition,
    /// `ItemProcessor.ProcessorConfig.Mode`.
    pub mode: MapMode,
    /// `ItemProcessor.ProcessorConfig.ExecutionType` (Distributed Map).
    pub execution_type: Option<MachineType>,
    /// `ItemProcessor`'s `StartAt` and `States`.
    pub processor: Block,
}

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
}

/// One element of `Catch`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Catcher {
    /// `ErrorEquals`.
    pub error_equals: Vec<String>,
    /// `ResultPath`.
    pub result_path: Option<NullablePath>,
    /// `Next`.
    pub next: String,
}

/// An event that starts a state machine.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// `schedule:` (EventBridge rule).
    Schedule(Schedule),
}

/// A `schedule` event.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Schedule {
    /// `cron(...)`, `rate(...)`, or a bare six-field cron body.
    pub rate: String,
    /// Constant input of each execution.
    pub input: Option<Json>,
    /// Whether the rule is enabled.
    pub enabled: Option<bool>,
    /// Rule name.
    pub name: Option<String>,
    /// Rule description.
    pub description: Option<String>,
}
