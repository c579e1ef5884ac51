//! The runtime builder API. It has the semantics of the `state_machine!`
//! language (DSL.md §3 and §7), and the macro lowers its input to these same
//! drafts:
//!
//! - a state without an explicit `next`/`end` continues to the next state of
//!   its block; the last state of a block ends it;
//! - `auto_catch` / `auto_fallback` add a `Catch` to every Task, Parallel and
//!   Map of the top-level block and of every map body, into a fallback state.
//!
//! `build()` applies both, then runs the validator: it returns the model or
//! every error found.

use crate::error::{ErrorKind, ValidationError, ValidationErrors};
use crate::json::Json;
use crate::location::Location;
use crate::model::*;
use crate::validate::validate;
use std::collections::HashMap;

/// Name of the fallback state added to the top-level block.
pub const MACHINE_FALLBACK: &str = "StateMachineErrorFallback";
/// `Result` of the top-level fallback state.
pub const MACHINE_FALLBACK_RESULT: &str = "Error in state machine";

/// Name of the fallback state added to a map body: `<MapName>Fallback`.
/// (Like [`MACHINE_FALLBACK`], it ends in `Fallback`, which the check for
/// names taken by user states relies on.)
pub fn map_fallback_name(map: &str) -> String {
    format!("{map}Fallback")
}

/// `Result` of a map body's fallback state.
pub fn map_fallback_result(map: &str) -> String {
    format!("Failed processing map: {map}")
}

/// How a block catches errors (DSL.md §7). Each field left `None` in a map
/// is inherited from the enclosing block.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CatchPolicy {
    /// Add `Catch: [{ErrorEquals: [States.ALL], Next: <fallback>}]` to every
    /// Task, Parallel and Map without a `Catch` of its own (default `true`).
    pub auto_catch: Option<bool>,
    /// Append a fallback Pass state to catch into (default `true`).
    pub auto_fallback: Option<bool>,
    /// An existing state of the block to catch into instead.
    pub fallback: Option<String>,
}

/// A state as written, before `build()` resolves its transition.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    name: String,
    comment: Option<String>,
    /// `None`: continue to the next state of the block.
    flow: Option<Transition>,
    body: DraftBody,
}

#[derive(Clone, Debug, PartialEq)]
enum DraftBody {
    /// A state without nested blocks.
    Leaf(StateKind),
    /// A Parallel and its branches.
    Parallel(ParallelState, Vec<Vec<Draft>>),
    /// A Map, its body and its catch policy.
    Map(MapState, Vec<Draft>, CatchPolicy),
}

impl Draft {
    /// A state without nested blocks (anything but Parallel and Map).
    /// `flow: None` continues to the next state of the block.
    pub fn leaf(
        name: impl Into<String>,
        comment: Option<String>,
        kind: StateKind,
        flow: Option<Transition>,
    ) -> Draft {
        Draft {
            name: name.into(),
            comment,
            flow,
            body: DraftBody::Leaf(kind),
        }
    }

    /// A Parallel state with its branches (its own `branches` field is
    /// replaced by them).
    pub fn parallel(
        name: impl Into<String>,
        comment: Option<String>,
        state: ParallelState,
        branches: Vec<Vec<Draft>>,
        flow: Option<Transition>,
    ) -> Draft {
        Draft {
            name: name.into(),
            comment,
            flow,
            body: DraftBody::Parallel(state, branches),
        }
    }

    /// A Map state with its body (its own `processor` is replaced by it).
    pub fn map(
        name: impl Into<String>,
        comment: Option<String>,
        state: MapState,
        body: Vec<Draft>,
        policy: CatchPolicy,
        flow: Option<Transition>,
    ) -> Draft {
        Draft {
            name: name.into(),
            comment,
            flow,
            body: DraftBody::Map(state, body, policy),
        }
    }

    /// The state's name.
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// Builds a [`StateMachine`]; see [`StateMachine::builder`].
#[derive(Clone, Debug, PartialEq)]
pub struct StateMachineBuilder {
    machine: StateMachine,
    policy: CatchPolicy,
    states: Vec<Draft>,
}

impl StateMachine {
    /// Starts a machine. States are added in order with
    /// [`StateMachineBuilder::state`]; `build()` checks the result.
    pub fn builder(name: impl Into<String>) -> StateMachineBuilder {
        StateMachineBuilder {
            machine: StateMachine::new(name),
            policy: CatchPolicy::default(),
            states: Vec::new(),
        }
    }
}

impl StateMachineBuilder {
    /// `STANDARD` (default) or `EXPRESS`.
    pub fn machine_type(mut self, machine_type: MachineType) -> Self {
        self.machine.machine_type = machine_type;
        self
    }

    /// The definition's `Comment`.
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.machine.definition.comment = Some(comment.into());
        self
    }

    /// The definition's `TimeoutSeconds`.
    pub fn timeout(mut self, seconds: u64) -> Self {
        self.machine.definition.timeout_seconds = Some(seconds);
        self
    }

    /// See [`CatchPolicy::auto_catch`] (default `true`).
    pub fn auto_catch(mut self, on: bool) -> Self {
        self.policy.auto_catch = Some(on);
        self
    }

    /// See [`CatchPolicy::auto_fallback`] (default `true`).
    pub fn auto_fallback(mut self, on: bool) -> Self {
        self.policy.auto_fallback = Some(on);
        self
    }

    /// A state of the top-level block to catch errors into.
    pub fn fallback(mut self, state: impl Into<String>) -> Self {
        self.policy.fallback = Some(state.into());
        self
    }

    /// Adds an event.
    pub fn event(mut self, event: impl Into<Event>) -> Self {
        self.machine.events.push(event.into());
        self
    }

    /// Appends a state to the top-level block.
    pub fn state(mut self, state: impl Into<Draft>) -> Self {
        self.states.push(state.into());
        self
    }

    /// Resolves transitions and auto-catch, then validates.
    pub fn build(self) -> Result<StateMachine, ValidationErrors> {
        let (machine, errors) = self.build_with_errors();
        errors.into_result().map(|()| machine)
    }

    /// Like [`build`](Self::build), but returns the machine even when it
    /// is invalid, together with every error found (empty when valid).
    pub fn build_with_errors(self) -> (StateMachine, ValidationErrors) {
        let StateMachineBuilder {
            mut machine,
            policy,
            states,
        } = self;
        let root = Location::machine(&machine.name);
        // `"0 18 ? * SAT *"` is kept as `cron(0 18 ? * SAT *)`; an invalid
        // expression stays as written for the validator to report.
        for Event::Schedule(schedule) in &mut machine.events {
            if let Ok(normalized) = crate::schedule_expr::normalize_schedule(&schedule.rate) {
                schedule.rate = normalized;
            }
        }
        let policy = Policy::inherit(&Policy::DEFAULT, &policy);
        let mut names = HashMap::new();
        collect_names(&states, &root, &mut names);
        let mut resolver = Resolver {
            header: policy.clone(),
            names,
            errors: Vec::new(),
        };
        let owner = ScopeOwner::Machine(&machine.name);
        let block = resolver.resolve(states, Some((&policy, owner)), &root);
        machine.definition.block = block;
        let resolution_failed = !resolver.errors.is_empty();
        let mut errors = ValidationErrors(resolver.errors);
        if let Err(found) = validate(&machine) {
            // Catchers that could not be added leave their intended target
            // unreachable: report the cause alone.
            errors.0.extend(found.0.into_iter().filter(|e| {
                !(resolution_failed
                    && matches!(e.kind, ErrorKind::Unreachable | ErrorKind::NoTerminal))
            }));
        }
        (machine, errors)
    }
}

/// A fully resolved catch policy.
#[derive(Clone, Debug)]
struct Policy {
    auto_catch: bool,
    auto_fallback: bool,
    fallback: Option<String>,
}

impl Policy {
    const DEFAULT: Policy = Policy {
        auto_catch: true,
        auto_fallback: true,
        fallback: None,
    };

    /// The policy of a block whose own settings are `own`, under the
    /// header's `outer`. A fallback state name is never inherited: it names a
    /// state of one block.
    fn inherit(outer: &Policy, own: &CatchPolicy) -> Policy {
        Policy {
            auto_catch: own.auto_catch.unwrap_or(outer.auto_catch),
            auto_fallback: own.auto_fallback.unwrap_or(outer.auto_fallback),
            fallback: own.fallback.clone(),
        }
    }
}

#[derive(Clone, Copy)]
enum ScopeOwner<'a> {
    Machine(&'a str),
    Map(&'a str),
}

impl ScopeOwner<'_> {
    fn describe(self) -> String {
        match self {
            ScopeOwner::Machine(name) => format!("the state machine `{name}`"),
            ScopeOwner::Map(name) => format!("the body of map `{name}`"),
        }
    }
}

/// Where each state name that a generated fallback state could also have
/// ([`MACHINE_FALLBACK`], `<Map>Fallback`: all end in `Fallback`) is first
/// written, machine-wide. (Only those: this runs for every state.)
fn collect_names(drafts: &[Draft], location: &Location, out: &mut HashMap<String, Location>) {
    for (i, draft) in drafts.iter().enumerate() {
        let at = || location.state(&draft.name, i);
        match &draft.body {
            DraftBody::Leaf(_) => {}
            DraftBody::Parallel(_, branches) => {
                let at = at();
                for (b, branch) in branches.iter().enumerate() {
                    collect_names(branch, &at.field("Branches").index(b), out);
                }
            }
            DraftBody::Map(_, body, _) => collect_names(body, &at().field("ItemProcessor"), out),
        }
        if draft.name.ends_with("Fallback") {
            out.entry(draft.name.clone()).or_insert_with(at);
        }
    }
}

/// Turns drafts into blocks, collecting the errors of auto-catch.
struct Resolver {
    /// The machine header's policy: every map body starts from it (not from
    /// an enclosing map's), then applies its own options (DSL.md §7).
    header: Policy,
    /// The state names the user wrote that a generated fallback could
    /// also have, with where.
    names: HashMap<String, Location>,
    errors: Vec<ValidationError>,
}

impl Resolver {
    /// Turns drafts into a block. `scope` is set for blocks that auto-catch
    /// (the top level and map bodies); Parallel branches pass `None`.
    fn resolve(
        &mut self,
        drafts: Vec<Draft>,
        scope: Option<(&Policy, ScopeOwner)>,
        location: &Location,
    ) -> Block {
        let next_names: Vec<Option<String>> = drafts
            .iter()
            .skip(1)
            .map(|d| Some(d.name.clone()))
            .chain(std::iter::once(None))
            .collect();
        let mut states = Vec::with_capacity(drafts.len() + 1);
        for (i, (draft, following)) in drafts.into_iter().zip(next_names).enumerate() {
            // Only nested blocks need it (most states have none).
            let state_location = || location.state(&draft.name, i);
            let mut kind = match draft.body {
                DraftBody::Leaf(kind) => kind,
                DraftBody::Parallel(mut parallel, branches) => {
                    let state_location = state_location();
                    parallel.branches = branches
                        .into_iter()
                        .enumerate()
                        .map(|(b, branch)| {
                            let branch_location = state_location.field("Branches").index(b);
                            self.resolve(branch, None, &branch_location)
                        })
                        .collect();
                    StateKind::Parallel(parallel)
                }
                DraftBody::Map(mut map, body, own) => {
                    let policy = Policy::inherit(&self.header, &own);
                    let body_location = state_location().field("ItemProcessor");
                    map.processor = self.resolve(
                        body,
                        Some((&policy, ScopeOwner::Map(&draft.name))),
                        &body_location,
                    );
                    StateKind::Map(map)
                }
            };
            if let Some(transition) = kind.transition_mut() {
                *transition = draft.flow.unwrap_or(match following {
                    Some(next) => Transition::Next(next),
                    None => Transition::End,
                });
            }
            states.push(State {
                name: draft.name,
                comment: draft.comment,
                kind,
            });
        }
        let start_at = states.first().map(|s| s.name.clone()).unwrap_or_default();
        let mut block = Block { start_at, states };
        if let Some((policy, owner)) = scope {
            self.auto_catch(&mut block, policy, owner, location);
        }
        block
    }

    /// DSL.md §7: catch every Task, Parallel and Map of the block that has no
    /// `Catch` of its own into the block's fallback.
    fn auto_catch(
        &mut self,
        block: &mut Block,
        policy: &Policy,
        owner: ScopeOwner,
        location: &Location,
    ) {
        if !policy.auto_catch {
            return;
        }
        // Where header options live: the machine, or the map state.
        let options_location = match owner {
            ScopeOwner::Machine(_) => location.clone(),
            ScopeOwner::Map(_) => location.parent().unwrap_or_else(|| location.clone()),
        };
        let generated = match owner {
            ScopeOwner::Machine(_) => (
                MACHINE_FALLBACK.to_owned(),
                MACHINE_FALLBACK_RESULT.to_owned(),
            ),
            ScopeOwner::Map(map) => (map_fallback_name(map), map_fallback_result(map)),
        };
        let in_block = |name: &str| block.states.iter().any(|s| s.name == name);
        // The catch target, and whether the generated fallback must be added.
        let (target, append) = match &policy.fallback {
            Some(name) if in_block(name) => (name.clone(), false),
            Some(name) => {
                let names = block.states.iter().map(|s| s.name.as_str());
                let mut error = ValidationError::new(
                    options_location.field("fallback"),
                    ErrorKind::UnknownTarget,
                    format!(
                        "no state named `{name}` in {} to use as the fallback",
                        owner.describe()
                    ),
                );
                if let Some(close) = crate::suggest::closest(name, names) {
                    error = error.with_help(format!("did you mean `{close}`?"));
                }
                self.errors.push(error);
                return;
            }
            // A state of the block already has the fallback's name: it is
            // the fallback, written by the user.
            None if policy.auto_fallback && in_block(&generated.0) => (generated.0.clone(), false),
            None if policy.auto_fallback => (generated.0.clone(), true),
            None => (String::new(), false),
        };
        let needs_catch =
            |s: &State| s.kind.catchers().is_some_and(Vec::is_empty) && s.name != target;
        if !block.states.iter().any(needs_catch) {
            return;
        }
        if target.is_empty() {
            self.errors.push(
                ValidationError::new(
                    options_location.field("auto_catch"),
                    ErrorKind::MissingFallback,
                    "`auto_catch` has no state to catch errors into",
                )
                .with_help(
                    "name one with `fallback: <state>`, let `auto_fallback: true` add one, \
                     or set `auto_catch: false`",
                ),
            );
            return;
        }
        if append {
            if let Some(elsewhere) = self.names.get(&target) {
                self.errors.push(
                    ValidationError::new(
                        elsewhere.clone(),
                        ErrorKind::DuplicateName,
                        format!(
                            "`{target}` is the name of the fallback state that `auto_fallback` adds to {}",
                            owner.describe()
                        ),
                    )
                    .with_help("rename this state, or pick the catch target yourself with `fallback: <state>`"),
                );
                return;
            }
            block.states.push(State {
                name: target.clone(),
                comment: None,
                kind: StateKind::Pass(PassState {
                    result: Some(Json::String(generated.1)),
                    ..PassState::default()
                }),
            });
        }
        for state in &mut block.states {
            if needs_catch(state) {
                if let Some(catchers) = state.kind.catchers_mut() {
                    catchers.push(Catcher {
                        error_equals: vec!["States.ALL".to_owned()],
                        result_path: None,
                        next: target.clone(),
                    });
                }
            }
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

/// Setters shared by several state builders; each sets the field of the
/// same name on the builder's model struct.
macro_rules! setters {
    ($builder:ident { $($setter:ident),* $(,)? }) => {
        impl $builder {
            /// The state's `Comment`.
            pub fn comment(mut self, comment: impl Into<String>) -> Self {
                self.comment = Some(comment.into());
                self
            }
            $(setters!(@one $setter);)*
        }
    };
    (@one transition) => {
        /// `Next`: where to go after this state (instead of the next state of the block).
        pub fn next(mut self, state: impl Into<String>) -> Self {
            self.flow = Some(Transition::Next(state.into()));
            self
        }
        /// `End: true`, even if other states follow in the block.
        pub fn end(mut self) -> Self {
            self.flow = Some(Transition::End);
            self
        }
    };
    (@one io) => {
        /// `InputPath` (a JSONPath); see also `discard_input`.
        pub fn input_path(mut self, path: impl Into<String>) -> Self {
            self.state.input_path = Some(NullablePath::Path(path.into()));
            self
        }
        /// `InputPath: null`: the state sees `{}` as its input.
        pub fn discard_input(mut self) -> Self {
            self.state.input_path = Some(NullablePath::Null);
            self
        }
        /// `OutputPath` (a JSONPath); see also `discard_output`.
        pub fn output_path(mut self, path: impl Into<String>) -> Self {
            self.state.output_path = Some(NullablePath::Path(path.into()));
            self
        }
        /// `OutputPath: null`: the state passes on `{}`.
        pub fn discard_output(mut self) -> Self {
            self.state.output_path = Some(NullablePath::Null);
            self
        }
    };
    (@one result_path) => {
        /// `ResultPath` (a reference path); see also `discard_result`.
        pub fn result_path(mut self, path: impl Into<String>) -> Self {
            self.state.result_path = Some(NullablePath::Path(path.into()));
            self
        }
        /// `ResultPath: null`: the state's result is dropped and its input passed on.
        pub fn discard_result(mut self) -> Self {
            self.state.result_path = Some(NullablePath::Null);
            self
        }
    };
    (@one parameters) => {
        /// `Parameters` (a payload template: `"key.$"` values are paths).
        pub fn parameters(mut self, value: impl Into<Json>) -> Self {
            self.state.parameters = Some(value.into());
            self
        }
    };
    (@one result_selector) => {
        /// `ResultSelector` (a payload template over the result).
        pub fn result_selector(mut self, value: impl Into<Json>) -> Self {
            self.state.result_selector = Some(value.into());
            self
        }
    };
    (@one recovery) => {
        /// Adds a retrier.
        pub fn retry(mut self, retrier: Retrier) -> Self {
            self.state.retry.push(retrier);
            self
        }
        /// Adds a catcher.
        pub fn catch(mut self, catcher: Catcher) -> Self {
            self.state.catch.push(catcher);
            self
        }
    };
}

/// A Task state builder.
#[derive(Clone, Debug, PartialEq)]
pub struct Task {
    name: String,
    comment: Option<String>,
    flow: Option<Transition>,
    state: TaskState,
}

impl Task {
    /// A Task named `name` running `resource`: a service function
    /// (`&handle`), an ARN string, or any [`Resource`].
    pub fn new(name: impl Into<String>, resource: impl Into<Resource>) -> Task {
        Task {
            name: name.into(),
            comment: None,
            flow: None,
            state: TaskState {
                resource: resource.into(),
                ..TaskState::default()
            },
        }
    }

    /// `TimeoutSeconds`.
    pub fn timeout(mut self, seconds: u64) -> Self {
        self.state.timeout_seconds = Some(seconds);
        self
    }

    /// `TimeoutSecondsPath`.
    pub fn timeout_path(mut self, path: impl Into<String>) -> Self {
        self.state.timeout_seconds_path = Some(path.into());
        self
    }

    /// `HeartbeatSeconds`.
    pub fn heartbeat(mut self, seconds: u64) -> Self {
        self.state.heartbeat_seconds = Some(seconds);
        self
    }

    /// `HeartbeatSecondsPath`.
    pub fn heartbeat_path(mut self, path: impl Into<String>) -> Self {
        self.state.heartbeat_seconds_path = Some(path.into());
        self
    }

    /// `Credentials` (for example `{"RoleArn": "arn:aws:iam::...:role/x"}`).
    pub fn credentials(mut self, value: impl Into<Json>) -> Self {
        self.state.credentials = Some(value.into());
        self
    }
}

setters!(Task {
    transition,
    io,
    result_path,
    parameters,
    result_selector,
    recovery
});

/// A Pass state builder.
#[derive(Clone, Debug, PartialEq)]
pub struct Pass {
    name: String,
    comment: Option<String>,
    flow: Option<Transition>,
    state: PassState,
}

impl Pass {
    /// A Pass state.
    pub fn new(name: impl Into<String>) -> Pass {
        Pass {
            name: name.into(),
            comment: None,
            flow: None,
            state: PassState::default(),
        }
    }

    /// `Result`: a constant output.
    pub fn result(mut self, value: impl Into<Json>) -> Self {
        self.state.result = Some(value.into());
        self
    }
}

setters!(Pass {
    transition,
    io,
    result_path,
    parameters
});

/// A Wait state builder.
#[derive(Clone, Debug, PartialEq)]
pub struct Wait {
    name: String,
    comment: Option<String>,
    flow: Option<Transition>,
    state: WaitState,
}

impl Wait {
    /// A Wait state for `duration`.
    pub fn new(name: impl Into<String>, duration: WaitDuration) -> Wait {
        Wait {
            name: name.into(),
            comment: None,
            flow: None,
            state: WaitState {
                input_path: None,
                output_path: None,
                duration,
                transition: Transition::End,
            },
        }
    }

    /// Waits `n` seconds.
    pub fn seconds(name: impl Into<String>, n: u64) -> Wait {
        Wait::new(name, WaitDuration::Seconds(n))
    }

    /// Waits until an RFC 3339 timestamp.
    pub fn until(name: impl Into<String>, timestamp: impl Into<String>) -> Wait {
        Wait::new(name, WaitDuration::Timestamp(timestamp.into()))
    }

    /// Waits the number of seconds found at `path` in the input.
    pub fn seconds_path(name: impl Into<String>, path: impl Into<String>) -> Wait {
        Wait::new(name, WaitDuration::SecondsPath(path.into()))
    }

    /// Waits until the timestamp found at `path` in the input.
    pub fn timestamp_path(name: impl Into<String>, path: impl Into<String>) -> Wait {
        Wait::new(name, WaitDuration::TimestampPath(path.into()))
    }
}

setters!(Wait { transition, io });

/// A Succeed state builder.
#[derive(Clone, Debug, PartialEq)]
pub struct Succeed {
    name: String,
    comment: Option<String>,
    state: SucceedState,
}

impl Succeed {
    /// A Succeed state.
    pub fn new(name: impl Into<String>) -> Succeed {
        Succeed {
            name: name.into(),
            comment: None,
            state: SucceedState::default(),
        }
    }
}

setters!(Succeed { io });

/// A Fail state builder.
#[derive(Clone, Debug, PartialEq)]
pub struct Fail {
    name: String,
    comment: Option<String>,
    state: FailState,
}

impl Fail {
    /// A Fail state.
    pub fn new(name: impl Into<String>) -> Fail {
        Fail {
            name: name.into(),
            comment: None,
            state: FailState::default(),
        }
    }

    /// `Error`.
    pub fn error(mut self, error: impl Into<String>) -> Self {
        self.state.error = Some(error.into());
        self
    }

    /// `Cause`.
    pub fn cause(mut self, cause: impl Into<String>) -> Self {
        self.state.cause = Some(cause.into());
        self
    }

    /// `ErrorPath` (a path or an intrinsic function).
    pub fn error_path(mut self, path: impl Into<String>) -> Self {
        self.state.error_path = Some(path.into());
        self
    }

    /// `CausePath` (a path or an intrinsic function).
    pub fn cause_path(mut self, path: impl Into<String>) -> Self {
        self.state.cause_path = Some(path.into());
        self
    }
}

setters!(Fail {});

/// A Choice state builder.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    name: String,
    comment: Option<String>,
    state: ChoiceState,
}

impl Choice {
    /// A Choice state; add rules with [`Choice::when`].
    pub fn new(name: impl Into<String>) -> Choice {
        Choice {
            name: name.into(),
            comment: None,
            state: ChoiceState::default(),
        }
    }

    /// Adds a rule: when `rule` holds, go to `next`.
    pub fn when(mut self, rule: Rule, next: impl Into<String>) -> Self {
        self.state.choices.push(ChoiceRule {
            rule,
            next: next.into(),
        });
        self
    }

    /// `Default`: where to go when no rule matches.
    pub fn otherwise(mut self, next: impl Into<String>) -> Self {
        self.state.default = Some(next.into());
        self
    }
}

setters!(Choice { io });

/// A Parallel state builder.
#[derive(Clone, Debug, PartialEq)]
pub struct Parallel {
    name: String,
    comment: Option<String>,
    flow: Option<Transition>,
    state: ParallelState,
    branches: Vec<Vec<Draft>>,
}

impl Parallel {
    /// A Parallel state; add branches with [`Parallel::branch`].
    pub fn new(name: impl Into<String>) -> Parallel {
        Parallel {
            name: name.into(),
            comment: None,
            flow: None,
            state: ParallelState::default(),
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
    recovery
});

/// An inline Map state builder.
#[derive(Clone, Debug, PartialEq)]
pub struct Map {
    name: String,
    comment: Option<String>,
    flow: Option<Transition>,
    state: MapState,
    body: Vec<Draft>,
    policy: CatchPolicy,
}

impl Map {
    /// A Map state; add the states of its body with [`Map::state`].
    pub fn new(name: impl Into<String>) -> Map {
        Map {
            name: name.into(),
            comment: None,
            flow: None,
            state: MapState::default(),
            body: Vec::new(),
            policy: CatchPolicy::default(),
        }
    }

    /// Appends a state to the body run for each item.
    pub fn state(mut self, state: impl Into<Draft>) -> Self {
        self.body.push(state.into());
        self
    }

    /// `ItemsPath`: where the items are in the input.
    pub fn items_path(mut self, path: impl Into<String>) -> Self {
        self.state.items_path = Some(path.into());
        self
    }

    /// `ItemSelector`: a payload template applied to each item.
    pub fn item_selector(mut self, value: impl Into<Json>) -> Self {
        self.state.item_selector = Some(value.into());
        self
    }

    /// `MaxConcurrency` (0: no limit).
    pub fn max_concurrency(mut self, n: u64) -> Self {
        self.state.max_concurrency = Some(n);
        self
    }

    /// `MaxConcurrencyPath`.
    pub fn max_concurrency_path(mut self, path: impl Into<String>) -> Self {
        self.state.max_concurrency_path = Some(path.into());
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

    /// Any other field of the model (Distributed Map settings, tolerated
    /// failures, ...), set directly.
    pub fn configure(mut self, f: impl FnOnce(&mut MapState)) -> Self {
        f(&mut self.state);
        self
    }
}

setters!(Map {
    transition,
    io,
    result_path,
    result_selector,
    recovery
});

impl From<Task> for Draft {
    fn from(b: Task) -> Draft {
        Draft::leaf(b.name, b.comment, StateKind::Task(b.state), b.flow)
    }
}

impl From<Pass> for Draft {
    fn from(b: Pass) -> Draft {
        Draft::leaf(b.name, b.comment, StateKind::Pass(b.state), b.flow)
    }
}

impl From<Wait> for Draft {
    fn from(b: Wait) -> Draft {
        Draft::leaf(b.name, b.comment, StateKind::Wait(b.state), b.flow)
    }
}

impl From<Succeed> for Draft {
    fn from(b: Succeed) -> Draft {
        Draft::leaf(b.name, b.comment, StateKind::Succeed(b.state), None)
    }
}

impl From<Fail> for Draft {
    fn from(b: Fail) -> Draft {
        Draft::leaf(b.name, b.comment, StateKind::Fail(b.state), None)
    }
}

impl From<Choice> for Draft {
    fn from(b: Choice) -> Draft {
        Draft::leaf(b.name, b.comment, StateKind::Choice(b.state), None)
    }
}

impl From<Parallel> for Draft {
    fn from(b: Parallel) -> Draft {
        Draft::parallel(b.name, b.comment, b.state, b.branches, b.flow)
    }
}

impl From<Map> for Draft {
    fn from(b: Map) -> Draft {
        Draft::map(b.name, b.comment, b.state, b.body, b.policy, b.flow)
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
}

impl Catcher {
    /// A catcher for these errors, going to `next`.
    pub fn on<S: Into<String>>(
        errors: impl IntoIterator<Item = S>,
        next: impl Into<String>,
    ) -> Catcher {
        Catcher {
            error_equals: errors.into_iter().map(Into::into).collect(),
            result_path: None,
            next: next.into(),
        }
    }

    /// `ResultPath`: where to put the error output.
    pub fn result_path(mut self, path: impl Into<String>) -> Self {
        self.result_path = Some(NullablePath::Path(path.into()));
        self
    }
}

impl Schedule {
    /// A schedule event: `cron(...)`, `rate(...)` or a bare cron body.
    pub fn new(expression: impl Into<String>) -> Schedule {
        Schedule {
            rate: expression.into(),
            ..Schedule::default()
        }
    }

    /// The constant input of each execution.
    pub fn input(mut self, input: impl Into<Json>) -> Self {
        self.input = Some(input.into());
        self
    }

    /// Whether the rule is enabled.
    pub fn enabled(mut self, enabled: bool) -> Self {
        self.enabled = Some(enabled);
        self
    }

    /// The rule's name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// The rule's description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }
}

impl From<Schedule> for Event {
    fn from(s: Schedule) -> Event {
        Event::Schedule(s)
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

/// The machine builder state used by the macro: the same as
/// [`StateMachineBuilder`], assembled from parts.
impl StateMachineBuilder {
    /// A builder from parts: the machine's header (name, type, events,
    /// comment, timeout), its catch policy and its top-level states.
    pub fn from_parts(machine: StateMachine, policy: CatchPolicy, states: Vec<Draft>) -> Self {
        StateMachineBuilder {
            machine,
            policy,
            states,
        }
    }
}
