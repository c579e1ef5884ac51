//! The state builders. Each holds what is common to every state (name,
//! comment, query language, input/output processing, `Assign`, transition)
//! and its kind's own fields, and becomes a [`Draft`].

use super::desugar::{CatchPolicy, Draft, DraftBody, LambdaCall};
use crate::json::Json;
use crate::model::*;
use crate::serverless::FunctionHandle;

/// What every state builder holds.
#[derive(Clone, Debug, PartialEq)]
struct Common {
    name: String,
    comment: Option<String>,
    language: Option<QueryLanguage>,
    path_io: JsonPathIo,
    jsonata_io: JsonataIo,
    assign: Option<Json>,
    flow: Option<Transition>,
}

impl Common {
    fn new(name: impl Into<String>) -> Common {
        Common {
            name: name.into(),
            comment: None,
            language: None,
            path_io: JsonPathIo::default(),
            jsonata_io: JsonataIo::default(),
            assign: None,
            flow: None,
        }
    }

    fn draft(self, kind: StateKind, body: DraftBody) -> Draft {
        Draft {
            name: self.name,
            comment: self.comment,
            language: self.language,
            path_io: self.path_io,
            jsonata_io: self.jsonata_io,
            assign: self.assign,
            kind,
            flow: self.flow,
            body,
            lambda: None,
        }
    }
}

/// Setters shared by several state builders.
macro_rules! setters {
    ($builder:ident { $($group:ident),* $(,)? }) => {
        impl $builder {
            /// The state's `Comment`.
            pub fn comment(mut self, comment: impl Into<String>) -> Self {
                self.common.comment = Some(comment.into());
                self
            }
            /// The state's `QueryLanguage` (by default the machine's).
            pub fn query_language(mut self, language: QueryLanguage) -> Self {
                self.common.language = Some(language);
                self
            }
            $(setters!(@one $group);)*
        }
    };
    (@one transition) => {
        /// `Next`: where to go after this state (instead of the next state of the block).
        pub fn next(mut self, state: impl Into<String>) -> Self {
            self.common.flow = Some(Transition::Next(state.into()));
            self
        }
        /// `End: true`, even if other states follow in the block.
        pub fn end(mut self) -> Self {
            self.common.flow = Some(Transition::End);
            self
        }
    };
    (@one io) => {
        /// `InputPath` (JSONPath); see also `discard_input`.
        pub fn input_path(mut self, path: impl Into<String>) -> Self {
            self.common.path_io.input_path = Some(NullablePath::Path(path.into()));
            self
        }
        /// `InputPath: null`: the state sees `{}` as its input.
        pub fn discard_input(mut self) -> Self {
            self.common.path_io.input_path = Some(NullablePath::Null);
            self
        }
        /// `OutputPath` (JSONPath); see also `discard_output`.
        pub fn output_path(mut self, path: impl Into<String>) -> Self {
            self.common.path_io.output_path = Some(NullablePath::Path(path.into()));
            self
        }
        /// `OutputPath: null`: the state passes on `{}`.
        pub fn discard_output(mut self) -> Self {
            self.common.path_io.output_path = Some(NullablePath::Null);
            self
        }
        /// `Output` (JSONata): the state's output, JSON with `{% %}` expressions.
        pub fn output(mut self, value: impl Into<Json>) -> Self {
            self.common.jsonata_io.output = Some(value.into());
            self
        }
    };
    (@one result_path) => {
        /// `ResultPath` (JSONPath, a reference path); see also `discard_result`.
        pub fn result_path(mut self, path: impl Into<String>) -> Self {
            self.common.path_io.result_path = Some(NullablePath::Path(path.into()));
            self
        }
        /// `ResultPath: null`: the state's result is dropped and its input passed on.
        pub fn discard_result(mut self) -> Self {
            self.common.path_io.result_path = Some(NullablePath::Null);
            self
        }
    };
    (@one parameters) => {
        /// `Parameters` (JSONPath; a payload template: `"key.$"` values are paths).
        pub fn parameters(mut self, value: impl Into<Json>) -> Self {
            self.common.path_io.parameters = Some(value.into());
            self
        }
    };
    (@one result_selector) => {
        /// `ResultSelector` (JSONPath; a payload template over the result).
        pub fn result_selector(mut self, value: impl Into<Json>) -> Self {
            self.common.path_io.result_selector = Some(value.into());
            self
        }
    };
    (@one arguments) => {
        /// `Arguments` (JSONata): the input of the work, JSON with `{% %}` expressions.
        pub fn arguments(mut self, value: impl Into<Json>) -> Self {
            self.common.jsonata_io.arguments = Some(value.into());
            self
        }
    };
    (@one assign) => {
        /// `Assign`: the variables this state sets.
        pub fn assign(mut self, value: impl Into<Json>) -> Self {
            self.common.assign = Some(value.into());
            self
        }
    };
    (@one recovery) => {
        /// Adds a retrier.
        pub fn retry(mut self, retrier: Retrier) -> Self {
            self.kind.retry.push(retrier);
            self
        }
        /// Adds a catcher.
        pub fn catch(mut self, catcher: Catcher) -> Self {
            self.kind.catch.push(catcher);
            self
        }
    };
}

/// A Task state builder.
#[derive(Clone, Debug, PartialEq)]
pub struct Task {
    common: Common,
    kind: TaskState,
    lambda: Option<LambdaCall>,
}

impl Task {
    /// A Task named `name` running `resource`: a service function
    /// (`&handle`), an ARN string, or any [`Resource`].
    pub fn new(name: impl Into<String>, resource: impl Into<Resource>) -> Task {
        let resource = match resource.into() {
            // The short form of an integration: `dynamodb:putItem`.
            Resource::Arn(s) => Resource::Arn(crate::integrations::target::expand(&s).unwrap_or(s)),
            other => other,
        };
        Task {
            common: Common::new(name),
            kind: TaskState {
                resource,
                ..TaskState::default()
            },
            lambda: None,
        }
    }

    /// A Task on Lambda's optimized integration (`arn:aws:states:::lambda:invoke`)
    /// calling a service function: `FunctionName` is its ARN, and `Payload`
    /// the whole state input unless [`Task::payload`] or
    /// [`Task::payload_path`] say otherwise — like `lambda(f)` in the macro.
    pub fn lambda(name: impl Into<String>, function: &FunctionHandle) -> Task {
        let mut task = Task::new(name, "arn:aws:states:::lambda:invoke");
        task.lambda = Some(LambdaCall {
            function: Some(function.arn()),
            payload: None,
            payload_path: None,
        });
        task
    }

    /// The `Payload` of a [`Task::lambda`] (in a JSONPath state a payload
    /// template, in a JSONata state JSON with `{% %}` expressions).
    pub fn payload(mut self, value: impl Into<Json>) -> Self {
        self.lambda.get_or_insert_with(LambdaCall::default).payload = Some(value.into());
        self
    }

    /// The path of the `Payload` of a [`Task::lambda`] (`"$.detail"`; JSONPath).
    pub fn payload_path(mut self, path: impl Into<String>) -> Self {
        self.lambda
            .get_or_insert_with(LambdaCall::default)
            .payload_path = Some(path.into());
        self
    }

    /// A Task calling a service function, named after it
    /// (`get_all_users` → `GetAllUsers`), like `task(f)` in the macro.
    pub fn function(handle: &FunctionHandle) -> Task {
        let key = handle.key();
        Task::new(key.clone(), Resource::Function(key))
    }

    /// `TimeoutSeconds`.
    pub fn timeout(mut self, seconds: u64) -> Self {
        self.kind.timeout = Some(Dynamic::Value(seconds));
        self
    }

    /// `TimeoutSecondsPath`.
    pub fn timeout_path(mut self, path: impl Into<String>) -> Self {
        self.kind.timeout = Some(Dynamic::Path(path.into()));
        self
    }

    /// `TimeoutSeconds` as a JSONata expression `"{% ... %}"` (JSONata states).
    pub fn timeout_jsonata(mut self, expression: impl Into<String>) -> Self {
        self.kind.timeout = Some(Dynamic::Jsonata(expression.into()));
        self
    }

    /// `HeartbeatSeconds`.
    pub fn heartbeat(mut self, seconds: u64) -> Self {
        self.kind.heartbeat = Some(Dynamic::Value(seconds));
        self
    }

    /// `HeartbeatSecondsPath`.
    pub fn heartbeat_path(mut self, path: impl Into<String>) -> Self {
        self.kind.heartbeat = Some(Dynamic::Path(path.into()));
        self
    }

    /// `HeartbeatSeconds` as a JSONata expression `"{% ... %}"` (JSONata states).
    pub fn heartbeat_jsonata(mut self, expression: impl Into<String>) -> Self {
        self.kind.heartbeat = Some(Dynamic::Jsonata(expression.into()));
        self
    }

    /// `Credentials` (for example `{"RoleArn": "arn:aws:iam::...:role/x"}`).
    pub fn credentials(mut self, value: impl Into<Json>) -> Self {
        self.kind.credentials = Some(value.into());
        self
    }
}

setters!(Task {
    transition,
    io,
    result_path,
    parameters,
    result_selector,
    arguments,
    assign,
    recovery
});

/// A Pass state builder.
#[derive(Clone, Debug, PartialEq)]
pub struct Pass {
    common: Common,
    kind: PassState,
}

impl Pass {
    /// A Pass state.
    pub fn new(name: impl Into<String>) -> Pass {
        Pass {
            common: Common::new(name),
            kind: PassState::default(),
        }
    }

    /// `Result` (JSONPath): a constant output.
    pub fn result(mut self, value: impl Into<Json>) -> Self {
        self.kind.result = Some(value.into());
        self
    }
}

setters!(Pass {
    transition,
    io,
    result_path,
    parameters,
    assign
});

/// A Wait state builder.
#[derive(Clone, Debug, PartialEq)]
pub struct Wait {
    common: Common,
    kind: WaitState,
}

impl Wait {
    /// A Wait state for `duration`.
    pub fn new(name: impl Into<String>, duration: WaitDuration) -> Wait {
        Wait {
            common: Common::new(name),
            kind: WaitState {
                duration,
                transition: Transition::End,
            },
        }
    }

    /// Waits `n` seconds.
    pub fn seconds(name: impl Into<String>, n: u64) -> Wait {
        Wait::new(name, WaitDuration::Seconds(Dynamic::Value(n)))
    }

    /// Waits until an RFC 3339 timestamp (in a JSONata state, also a
    /// `{% %}` expression).
    pub fn until(name: impl Into<String>, timestamp: impl Into<String>) -> Wait {
        Wait::new(
            name,
            WaitDuration::Timestamp(dynamic_string(timestamp.into())),
        )
    }

    /// Waits the number of seconds a JSONata expression `"{% ... %}"`
    /// gives (JSONata states).
    pub fn seconds_jsonata(name: impl Into<String>, expression: impl Into<String>) -> Wait {
        Wait::new(
            name,
            WaitDuration::Seconds(Dynamic::Jsonata(expression.into())),
        )
    }

    /// Waits the number of seconds found at `path` in the input.
    pub fn seconds_path(name: impl Into<String>, path: impl Into<String>) -> Wait {
        Wait::new(name, WaitDuration::Seconds(Dynamic::Path(path.into())))
    }

    /// Waits until the timestamp found at `path` in the input.
    pub fn timestamp_path(name: impl Into<String>, path: impl Into<String>) -> Wait {
        Wait::new(name, WaitDuration::Timestamp(Dynamic::Path(path.into())))
    }
}

setters!(Wait {
    transition,
    io,
    assign
});

/// A Succeed state builder.
#[derive(Clone, Debug, PartialEq)]
pub struct Succeed {
    common: Common,
}

impl Succeed {
    /// A Succeed state.
    pub fn new(name: impl Into<String>) -> Succeed {
        Succeed {
            common: Common::new(name),
        }
    }
}

setters!(Succeed { io });

/// A Fail state builder.
#[derive(Clone, Debug, PartialEq)]
pub struct Fail {
    common: Common,
    kind: FailState,
}

impl Fail {
    /// A Fail state.
    pub fn new(name: impl Into<String>) -> Fail {
        Fail {
            common: Common::new(name),
            kind: FailState::default(),
        }
    }

    /// `Error` (in a JSONata state, also a `{% %}` expression).
    pub fn error(mut self, error: impl Into<String>) -> Self {
        self.kind.error = Some(dynamic_string(error.into()));
        self
    }

    /// `Cause` (in a JSONata state, also a `{% %}` expression).
    pub fn cause(mut self, cause: impl Into<String>) -> Self {
        self.kind.cause = Some(dynamic_string(cause.into()));
        self
    }

    /// `ErrorPath` (a path or an intrinsic function).
    pub fn error_path(mut self, path: impl Into<String>) -> Self {
        self.kind.error = Some(Dynamic::Path(path.into()));
        self
    }

    /// `CausePath` (a path or an intrinsic function).
    pub fn cause_path(mut self, path: impl Into<String>) -> Self {
        self.kind.cause = Some(Dynamic::Path(path.into()));
        self
    }
}

/// A text that is a JSONata expression when written as one.
fn dynamic_string(s: String) -> Dynamic<String> {
    if crate::asl::is_jsonata(&s) {
        Dynamic::Jsonata(s)
    } else {
        Dynamic::Value(s)
    }
}

setters!(Fail {});

/// A Choice state builder.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    common: Common,
    kind: ChoiceState,
}

impl Choice {
    /// A Choice state; add rules with [`Choice::when`].
    pub fn new(name: impl Into<String>) -> Choice {
        Choice {
            common: Common::new(name),
            kind: ChoiceState::default(),
        }
    }

    /// Adds a rule: when `rule` holds, go to `next`.
    pub fn when(mut self, rule: Rule, next: impl Into<String>) -> Self {
        self.kind.choices.push(ChoiceRule::new(rule, next));
        self
    }

    /// Adds a JSONata rule: when `condition` (`"{% ... %}"`) holds, go to `next`.
    pub fn when_jsonata(mut self, condition: impl Into<String>, next: impl Into<String>) -> Self {
        let condition = Condition::Jsonata(Json::String(condition.into()));
        self.kind.choices.push(ChoiceRule::new(condition, next));
        self
    }

    /// Adds a rule with its own `Comment`, `Assign` or `Output`.
    pub fn rule(mut self, rule: ChoiceRule) -> Self {
        self.kind.choices.push(rule);
        self
    }

    /// `Default`: where to go when no rule matches.
    pub fn otherwise(mut self, next: impl Into<String>) -> Self {
        self.kind.default = Some(next.into());
        self
    }
}

setters!(Choice { io, assign });

/// A Parallel state builder.
#[derive(Clone, Debug, PartialEq)]
pub struct Parallel {
    common: Common,
    kind: ParallelState,
    branches: Vec<Vec<Draft>>,
}

impl Parallel {
    /// A Parallel state; add branches with [`Parallel::branch`].
    pub fn new(name: impl Into<String>) -> Parallel {
        Parallel {
            common: Common::new(name),
            kind: ParallelState::default(),
            branches: Vec::new(),
        }
    }

    /// Adds a branch.
    pub fn branch(mut self, branch: Branch) -> Self {
        self.branches.push(branch.states);
        self
    }
}

setters!(Parallel {
    transition,
    io,
    result_path,
    parameters,
    result_selector,
    arguments,
    assign,
    recovery
});

/// A Map state builder (inline unless made distributed).
#[derive(Clone, Debug, PartialEq)]
pub struct Map {
    common: Common,
    kind: MapState,
    body: Vec<Draft>,
    policy: CatchPolicy,
}

impl Map {
    /// A Map state; add the states of its body with [`Map::state`].
    pub fn new(name: impl Into<String>) -> Map {
        Map {
            common: Common::new(name),
            kind: MapState::default(),
            body: Vec::new(),
            policy: CatchPolicy::default(),
        }
    }

    /// Appends a state to the body run for each item.
    pub fn state(mut self, state: impl Into<Draft>) -> Self {
        self.body.push(state.into());
        self
    }

    /// `ItemsPath` (JSONPath): where the items are in the input.
    pub fn items_path(mut self, path: impl Into<String>) -> Self {
        self.kind.items = Some(Items::Path(path.into()));
        self
    }

    /// `Items` (JSONata): an array, or a `{% %}` expression giving one.
    pub fn items(mut self, value: impl Into<Json>) -> Self {
        self.kind.items = Some(Items::Value(value.into()));
        self
    }

    /// `ItemSelector`: a template applied to each item.
    pub fn item_selector(mut self, value: impl Into<Json>) -> Self {
        self.kind.item_selector = Some(value.into());
        self
    }

    /// `MaxConcurrency` (0: no limit).
    pub fn max_concurrency(mut self, n: u64) -> Self {
        self.kind.max_concurrency = Some(Dynamic::Value(n));
        self
    }

    /// `MaxConcurrencyPath`.
    pub fn max_concurrency_path(mut self, path: impl Into<String>) -> Self {
        self.kind.max_concurrency = Some(Dynamic::Path(path.into()));
        self
    }

    /// `MaxConcurrency` as a JSONata expression `"{% ... %}"` (JSONata states).
    pub fn max_concurrency_jsonata(mut self, expression: impl Into<String>) -> Self {
        self.kind.max_concurrency = Some(Dynamic::Jsonata(expression.into()));
        self
    }

    /// Makes the map distributed, with these settings.
    pub fn distributed(mut self, settings: DistributedMap) -> Self {
        self.kind.processor = Processor::Distributed(Box::new(settings));
        self
    }

    /// Overrides the machine's `auto_catch` for this map's body.
    pub fn auto_catch(mut self, on: bool) -> Self {
        self.policy.auto_catch = Some(on);
        self
    }

    /// Overrides the machine's `auto_fallback` for this map's body.
    pub fn auto_fallback(mut self, on: bool) -> Self {
        self.policy.auto_fallback = Some(on);
        self
    }

    /// A state of this map's body to catch errors into.
    pub fn fallback(mut self, state: impl Into<String>) -> Self {
        self.policy.fallback = Some(state.into());
        self
    }

    /// Any other field of the model, set directly.
    pub fn configure(mut self, f: impl FnOnce(&mut MapState)) -> Self {
        f(&mut self.kind);
        self
    }
}

setters!(Map {
    transition,
    io,
    result_path,
    parameters,
    result_selector,
    assign,
    recovery
});

impl DistributedMap {
    /// Distributed Map settings whose child executions are of `execution_type`.
    pub fn new(execution_type: MachineType) -> DistributedMap {
        DistributedMap {
            execution_type: Some(execution_type),
            ..DistributedMap::default()
        }
    }
}

/// A sequence of states: a Parallel branch.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Branch {
    states: Vec<Draft>,
}

impl Branch {
    /// An empty branch.
    pub fn new() -> Branch {
        Branch::default()
    }

    /// Appends a state.
    pub fn state(mut self, state: impl Into<Draft>) -> Self {
        self.states.push(state.into());
        self
    }
}

impl From<Task> for Draft {
    fn from(b: Task) -> Draft {
        let mut draft = b.common.draft(StateKind::Task(b.kind), DraftBody::Leaf);
        draft.lambda = b.lambda;
        draft
    }
}

impl From<Pass> for Draft {
    fn from(b: Pass) -> Draft {
        b.common.draft(StateKind::Pass(b.kind), DraftBody::Leaf)
    }
}

impl From<Wait> for Draft {
    fn from(b: Wait) -> Draft {
        b.common.draft(StateKind::Wait(b.kind), DraftBody::Leaf)
    }
}

impl From<Succeed> for Draft {
    fn from(b: Succeed) -> Draft {
        b.common
            .draft(StateKind::Succeed(SucceedState::default()), DraftBody::Leaf)
    }
}

impl From<Fail> for Draft {
    fn from(b: Fail) -> Draft {
        b.common.draft(StateKind::Fail(b.kind), DraftBody::Leaf)
    }
}

impl From<Choice> for Draft {
    fn from(b: Choice) -> Draft {
        b.common.draft(StateKind::Choice(b.kind), DraftBody::Leaf)
    }
}

impl From<Parallel> for Draft {
    fn from(b: Parallel) -> Draft {
        b.common
            .draft(StateKind::Parallel(b.kind), DraftBody::Parallel(b.branches))
    }
}

impl From<Map> for Draft {
    fn from(b: Map) -> Draft {
        b.common
            .draft(StateKind::Map(b.kind), DraftBody::Map(b.body, b.policy))
    }
}

impl Retrier {
    /// A retrier for these errors, with ASL's defaults for everything else.
    pub fn on<S: Into<String>>(errors: impl IntoIterator<Item = S>) -> Retrier {
        Retrier {
            error_equals: errors.into_iter().map(Into::into).collect(),
            ..Retrier::default()
        }
    }

    /// `IntervalSeconds`.
    pub fn interval(mut self, seconds: u64) -> Self {
        self.interval_seconds = Some(seconds);
        self
    }

    /// `MaxAttempts`.
    pub fn max_attempts(mut self, n: u64) -> Self {
        self.max_attempts = Some(n);
        self
    }

    /// `BackoffRate`.
    pub fn backoff(mut self, rate: f64) -> Self {
        self.backoff_rate = Some(rate);
        self
    }

    /// `MaxDelaySeconds`.
    pub fn max_delay(mut self, seconds: u64) -> Self {
        self.max_delay_seconds = Some(seconds);
        self
    }

    /// `JitterStrategy`.
    pub fn jitter(mut self, jitter: Jitter) -> Self {
        self.jitter_strategy = Some(jitter);
        self
    }

    /// `Comment`.
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }
}

impl Catcher {
    /// A catcher for these errors, going to `next`.
    pub fn on<S: Into<String>>(
        errors: impl IntoIterator<Item = S>,
        next: impl Into<String>,
    ) -> Catcher {
        Catcher {
            error_equals: errors.into_iter().map(Into::into).collect(),
            next: next.into(),
            ..Catcher::default()
        }
    }

    /// `ResultPath` (JSONPath): where to put the error output.
    pub fn result_path(mut self, path: impl Into<String>) -> Self {
        self.result_path = Some(NullablePath::Path(path.into()));
        self
    }

    /// `Output` (JSONata).
    pub fn output(mut self, value: impl Into<Json>) -> Self {
        self.output = Some(value.into());
        self
    }

    /// `Assign`: evaluated instead of the state's when this catcher matches.
    pub fn assign(mut self, value: impl Into<Json>) -> Self {
        self.assign = Some(value.into());
        self
    }

    /// `Comment`.
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }
}

impl ChoiceRule {
    /// `Comment`.
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }

    /// `Assign`, evaluated when this rule is chosen.
    pub fn assign(mut self, value: impl Into<Json>) -> Self {
        self.assign = Some(value.into());
        self
    }

    /// `Output` (JSONata), used when this rule is chosen.
    pub fn output(mut self, value: impl Into<Json>) -> Self {
        self.output = Some(value.into());
        self
    }
}

impl From<&str> for Resource {
    fn from(arn: &str) -> Resource {
        Resource::Arn(arn.to_owned())
    }
}

impl From<String> for Resource {
    fn from(arn: String) -> Resource {
        Resource::Arn(arn)
    }
}

impl From<&FunctionHandle> for Resource {
    fn from(handle: &FunctionHandle) -> Resource {
        Resource::Function(handle.key())
    }
}
