//! The machine builder: header settings, top-level states, `build()`.

use super::desugar::{self, CatchPolicy, Draft, Header};
use crate::check::{self, Options};
use crate::diag::{Diagnostics, Location, Sink};
use crate::model::*;

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

    /// The definition's `QueryLanguage`: the default of every state.
    pub fn query_language(mut self, language: QueryLanguage) -> Self {
        self.machine.definition.query_language = language;
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

    /// Adds an IAM statement to the machine's role, besides the ones derived
    /// from its tasks (`{"Effect": "Allow", "Action": [...], "Resource": [...]}`).
    pub fn iam(mut self, statement: impl Into<crate::json::Json>) -> Self {
        self.machine.iam_statements.push(statement.into());
        self
    }

    /// A role of your own (an ARN, or a reference such as
    /// `{"Fn::GetAtt": ["MyRole", "Arn"]}`): nothing is derived then.
    pub fn role(mut self, role: impl Into<crate::json::Json>) -> Self {
        self.machine.role = Some(role.into());
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

    /// Resolves transitions, query languages and auto-catch, then validates.
    pub fn build(self) -> Result<StateMachine, Diagnostics> {
        let mut sink = Sink::default();
        let machine = self.build_into(Options::default(), &mut sink);
        sink.finish().into_result().map(|()| machine)
    }

    /// Like [`build`](Self::build), but returns the machine even when it is
    /// invalid, and reports into `sink` with `options`.
    pub fn build_into(self, options: Options, sink: &mut Sink) -> StateMachine {
        let StateMachineBuilder {
            mut machine,
            policy,
            states,
        } = self;
        let root = Location::machine(&machine.name);
        // `"0 18 ? * SAT *"` is kept as `cron(0 18 ? * SAT *)`; an invalid
        // expression stays as written for the validator to report.
        for event in &mut machine.events {
            let Event::Schedule(schedule) = event;
            if let Ok(normalized) = crate::expr::schedule::parse(&schedule.expression) {
                schedule.expression = normalized.to_string();
            }
        }
        let header = Header {
            machine: &machine.name,
            language: machine.definition.query_language,
            policy: &policy,
        };
        machine.definition.block = desugar::resolve(&header, &root, states, sink);
        check::check(&machine, options, sink);
        crate::serverless::check::events(&machine, options, sink);
        machine
    }

    /// A builder from parts: the machine's header (name, type, events,
    /// comment, timeout, query language), its catch policy and its top-level
    /// states. (The macro's way in.)
    pub(crate) fn from_parts(
        machine: StateMachine,
        policy: CatchPolicy,
        states: Vec<Draft>,
    ) -> Self {
        StateMachineBuilder {
            machine,
            policy,
            states,
        }
    }
}
