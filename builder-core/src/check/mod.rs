//! The validator: every rule a model can break, as passes over one symbol
//! table. It runs on a [`StateMachine`] — in the builders' `build()`, in
//! `Service::to_yaml()`, in the macro at compile time (which maps each
//! diagnostic's [`Location`] back to a token), and in the command-line tool.
//!
//! The driver builds the symbol table once ([`symbols`]), then walks every
//! state once, calling each rule family in order: [`names`],
//! [`transitions`], [`fields`], [`payload`], [`choice`], [`recovery`],
//! [`map`], and — for files the serverless-step-functions plugin deploys —
//! [`plugin`]. The reachability and termination pass ([`graph`]) runs only
//! behind an explicit gate: on a block whose transitions are all intact, so
//! that it never reports the consequences of an earlier error. Cost is
//! linear in the size of the machine.

pub mod choice;
pub mod dataflow;
pub mod fields;
pub mod graph;
pub mod integrations;
pub mod jsonata;
pub mod language;
pub mod map;
pub mod names;
pub mod payload;
pub mod plugin;
pub mod recovery;
pub mod symbols;
pub mod transitions;
pub mod variables;

use crate::asl::fields as table;
use crate::diag::{Code, Diagnostic, Diagnostics, Location, Naming, Sink};
use crate::model::*;
use symbols::Symbols;

/// Which toolchain the machine is for: plain ASL (ValidateStateMachineDefinition,
/// SAM, CDK, Terraform), or the serverless-step-functions plugin, whose
/// packaging refuses a few more things (see [`plugin`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Profile {
    /// Step Functions' own rules.
    Asl,
    /// Step Functions' rules plus what `serverless package` refuses.
    #[default]
    ServerlessPlugin,
}

/// How to validate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// The toolchain.
    pub profile: Profile,
    /// How messages name fields.
    pub naming: Naming,
}

/// Checks a machine for the serverless-step-functions plugin; `Err` holds
/// every problem found.
pub fn validate(machine: &StateMachine) -> Result<(), Diagnostics> {
    let mut sink = Sink::default();
    check(machine, Options::default(), &mut sink);
    sink.finish().into_result()
}

/// Checks a machine, reporting into `sink`.
pub fn check(machine: &StateMachine, options: Options, sink: &mut Sink) {
    check_in(machine, options, None, sink)
}

/// The service a machine belongs to: the keys of its functions.
pub struct ServiceScope<'a> {
    /// The service's name.
    pub name: &'a str,
    /// The function keys (`GetAllUsers`).
    pub functions: &'a std::collections::HashSet<String>,
}

/// Checks a machine of a service (its tasks call functions of that
/// service), reporting into `sink`.
pub fn check_in(
    machine: &StateMachine,
    options: Options,
    service: Option<&ServiceScope<'_>>,
    sink: &mut Sink,
) {
    // A gate: when an earlier phase (the macro's lowering, auto-catch) left
    // the graph other than the user wrote it, reachability findings would
    // be its consequences.
    let graph_intact = sink.graph_breaks() == 0;
    for d in &machine.deferred {
        sink.push(d.clone());
    }
    let root = Location::machine(&machine.name);
    crate::serverless::check::iam(machine, sink);
    let mut ck = Ck::new(sink, options);
    ck.machine_language = machine.definition.query_language;

    crate::serverless::settings::check(&mut ck, machine);
    names::machine(&mut ck, &root, machine);
    let symbols = Symbols::collect(&mut ck, root.clone(), &machine.name, &machine.definition);
    // Per block and state, the variables each state reads; per block,
    // whether its transitions are as written.
    let mut reads = Vec::with_capacity(symbols.blocks.len());
    let mut intact = Vec::with_capacity(symbols.blocks.len());
    let mut express: Vec<bool> = Vec::with_capacity(symbols.blocks.len());
    for id in 0..symbols.blocks.len() {
        let info = &symbols.blocks[id];
        express.push(match (info.parent, info.owner_index) {
            (Some(parent), Some(i)) => {
                let owner = &symbols.blocks[parent].block.states[i];
                express[parent]
                    || matches!(&owner.kind, StateKind::Map(m)
                        if m.processor.distributed().and_then(|d| d.execution_type) == Some(MachineType::Express))
            }
            _ => machine.machine_type == MachineType::Express,
        });
        ck.express = express[id];
        let mut block_reads = Vec::with_capacity(info.block.states.len());
        if info.block.states.is_empty() {
            transitions::empty_block(&mut ck, info);
            reads.push(block_reads);
            intact.push(false);
            continue;
        }
        let breaks_before = ck.sink.graph_breaks();
        transitions::start(&mut ck, &symbols, id);
        for (i, state) in info.block.states.iter().enumerate() {
            let at = info.location.state(&state.name, i);
            names::state(&mut ck, &at, state);
            transitions::state(&mut ck, &symbols, id, &at, state);
            language::state(&mut ck, &at, state);
            fields::state(&mut ck, &at, state);
            payload::state(&mut ck, &at, state);
            jsonata::dynamic_fields(&mut ck, &at, state);
            integrations::state(&mut ck, &at, state);
            choice::state(&mut ck, &at, state);
            recovery::state(&mut ck, &symbols, id, &at, state);
            map::state(&mut ck, &at, state);
            variables::state(&mut ck, &at, state);
            block_reads.push(std::mem::take(&mut ck.reads));
            if options.profile == Profile::ServerlessPlugin {
                plugin::state(&mut ck, &at, state);
            }
            if let (Some(service), StateKind::Task(task)) = (service, &state.kind) {
                crate::serverless::check::task_function(&mut ck, service, &at, task);
            }
        }
        // The gate: with a dangling transition or a duplicate name in the
        // block, the graph is not what the user meant, and unreachable states
        // or endless loops would be consequences. Report the cause alone.
        let block_intact =
            graph_intact && ck.sink.graph_breaks() == breaks_before && !info.has_duplicates();
        if block_intact {
            graph::block(&mut ck, info);
        }
        reads.push(block_reads);
        intact.push(block_intact);
    }
    // Variables: scopes, then the flow analysis — behind the same gate, since
    // a statement the macro could not lower may be the one that assigns.
    if graph_intact {
        let scopes = variables::Scopes::collect(&symbols);
        let resolved = variables::check(&mut ck, &symbols, &scopes, &reads);
        dataflow::check(&mut ck, &symbols, &scopes, &reads, &resolved, &intact);
    }
}

/// Edit-distance searches per validation: a machine with thousands of
/// unknown targets must not make suggestions quadratic.
const SUGGESTION_BUDGET: usize = 64;

/// The checker's state: where findings go, and how to phrase them.
pub struct Ck<'s> {
    pub(crate) sink: &'s mut Sink,
    pub(crate) options: Options,
    suggestions_left: usize,
    /// The machine's query language.
    pub(crate) machine_language: QueryLanguage,
    /// Whether the block being checked runs as an Express workflow (the
    /// machine, or the child executions of an Express Distributed Map).
    pub(crate) express: bool,
    /// The variables read by the state being checked.
    pub(crate) reads: Vec<variables::Read>,
}

impl<'s> Ck<'s> {
    /// A checker reporting into `sink`.
    pub fn new(sink: &'s mut Sink, options: Options) -> Ck<'s> {
        Ck {
            sink,
            options,
            suggestions_left: SUGGESTION_BUDGET,
            reads: Vec::new(),
            machine_language: QueryLanguage::JsonPath,
            express: false,
        }
    }

    /// Records a finding.
    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.sink.push(d);
    }

    /// Records a finding without help.
    pub(crate) fn error(&mut self, code: Code, location: Location, message: impl Into<String>) {
        self.sink.push(Diagnostic::new(code, location, message));
    }

    /// A field, named as the user wrote it, in backticks.
    pub(crate) fn field(&self, key: &'static str) -> String {
        format!("`{}`", self.field_name(key))
    }

    /// A field's name as the user wrote it.
    pub(crate) fn field_name(&self, key: &'static str) -> &'static str {
        if self.options.naming == Naming::Dsl {
            let dsl = [
                table::by_key(table::STATE, key).map(|f| f.dsl),
                table::by_key(table::RETRIER, key).map(|f| f.dsl),
                table::by_key(table::CATCHER, key).map(|f| f.dsl),
                table::by_key(table::DEFINITION, key).map(|f| f.dsl),
                table::by_key(table::PROCESSOR_CONFIG, key).map(|f| f.dsl),
            ];
            if let Some(name) = dsl.into_iter().flatten().find(|d| !d.is_empty()) {
                return name;
            }
        }
        key
    }

    /// "Did you mean `x`?" — within the budget.
    pub(crate) fn suggest<'a>(
        &mut self,
        name: &str,
        candidates: impl IntoIterator<Item = &'a str>,
    ) -> Option<&'a str> {
        if self.suggestions_left == 0 {
            return None;
        }
        self.suggestions_left -= 1;
        crate::diag::suggest::closest(name, candidates)
    }
}
