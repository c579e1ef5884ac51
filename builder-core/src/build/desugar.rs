//! From drafts to blocks: the language's sugar, resolved the same way for
//! the builders and the macro (DSL.md §3 and §7):
//!
//! - a state without an explicit `Next`/`End` continues to the next state of
//!   its block; the last state of a block ends it;
//! - a state without its own query language takes the machine's;
//! - `auto_catch` / `auto_fallback` add a `Catch` to every Task, Parallel and
//!   Map of the top-level block and of every map body, into a fallback state.

use crate::asl::fields::STATE;
use crate::diag::{suggest, Code, Diagnostic, Location, Sink};
use crate::json::Json;
use crate::model::*;
use std::collections::HashMap;

/// Name of the fallback state added to the top-level block.
pub const MACHINE_FALLBACK: &str = "StateMachineErrorFallback";

/// Name of the fallback state added to a map body: `<MapName>Fallback`.
/// (Like [`MACHINE_FALLBACK`], it ends in `Fallback`, which the check for
/// names taken by user states relies on.)
pub fn map_fallback_name(map: &str) -> String {
    format!("{map}Fallback")
}

/// `Message` of a map body's fallback output.
pub fn map_fallback_message(map: &str) -> String {
    format!("Failed processing map: {map}")
}

/// How a block catches errors (DSL.md §7). Each field left `None` in a map
/// is inherited from the machine header.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CatchPolicy {
    /// Add `Catch: [{ErrorEquals: [States.ALL], Next: <fallback>}]` to every
    /// Task, Parallel and Map without a `Catch` of its own (default `true`).
    pub auto_catch: Option<bool>,
    /// Append a fallback state to catch into (default `true`).
    pub auto_fallback: Option<bool>,
    /// An existing state of the block to catch into instead.
    pub fallback: Option<String>,
}

/// A state as written, before its block is resolved: its transition may be
/// implicit, and its query language may be the machine's.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub(crate) name: String,
    pub(crate) comment: Option<String>,
    /// `None`: the machine's.
    pub(crate) language: Option<QueryLanguage>,
    pub(crate) path_io: JsonPathIo,
    pub(crate) jsonata_io: JsonataIo,
    pub(crate) assign: Option<Json>,
    pub(crate) kind: StateKind,
    /// `None`: continue to the next state of the block.
    pub(crate) flow: Option<Transition>,
    pub(crate) body: DraftBody,
    /// A `lambda:invoke` task's function and payload, written into its
    /// `Parameters` or `Arguments` once its query language is known.
    pub(crate) lambda: Option<LambdaCall>,
}

/// The function and payload of a `lambda:invoke` task made by
/// [`crate::build::Task::lambda`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LambdaCall {
    /// `FunctionName`: the function's ARN (`None`: a payload given to a
    /// task that is not [`crate::build::Task::lambda`]).
    pub(crate) function: Option<Json>,
    /// `Payload`; the whole state input when neither this nor the path is given.
    pub(crate) payload: Option<Json>,
    /// `Payload.$` (JSONPath).
    pub(crate) payload_path: Option<String>,
}

/// The blocks a draft holds.
#[derive(Clone, Debug, PartialEq)]
pub enum DraftBody {
    /// No nested blocks.
    Leaf,
    /// A Parallel's branches.
    Parallel(Vec<Vec<Draft>>),
    /// A Map's body and its catch policy.
    Map(Vec<Draft>, CatchPolicy),
}

impl Draft {
    /// A draft of `state` as read (its query language decided), with its
    /// transition when written. (The macro's way in.)
    pub(crate) fn of_state(state: State, flow: Option<Transition>, body: DraftBody) -> Draft {
        let language = state.query_language();
        let (path_io, jsonata_io) = match state.io {
            Io::JsonPath(io) => (io, JsonataIo::default()),
            Io::Jsonata(io) => (JsonPathIo::default(), io),
        };
        Draft {
            name: state.name,
            comment: state.comment,
            language: Some(language),
            path_io,
            jsonata_io,
            assign: state.assign,
            kind: state.kind,
            flow,
            body,
            lambda: None,
        }
    }

    /// The state's name.
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// The machine-wide settings the resolution needs.
pub struct Header<'a> {
    pub(crate) machine: &'a str,
    pub(crate) language: QueryLanguage,
    pub(crate) policy: &'a CatchPolicy,
}

/// Resolves the top-level drafts into the machine's block.
pub(crate) fn resolve(
    header: &Header<'_>,
    root: &Location,
    drafts: Vec<Draft>,
    sink: &mut Sink,
) -> Block {
    let policy = Policy::inherit(&Policy::DEFAULT, header.policy);
    let mut names = HashMap::new();
    collect_names(&drafts, root, &mut names);
    let mut resolver = Resolver {
        header: policy.clone(),
        language: header.language,
        names,
        sink,
    };
    resolver.resolve(
        drafts,
        Some((&policy, Owner::Machine(header.machine))),
        root,
    )
}

/// A fully resolved catch policy, with whether `auto_catch` was written
/// (so that a missing fallback is reported on the option that asked for it).
#[derive(Clone, Debug)]
struct Policy {
    auto_catch: bool,
    auto_catch_written: bool,
    auto_fallback: bool,
    fallback: Option<String>,
}

impl Policy {
    const DEFAULT: Policy = Policy {
        auto_catch: true,
        auto_catch_written: false,
        auto_fallback: true,
        fallback: None,
    };

    /// The policy of a block whose own settings are `own`, under the
    /// header's `outer`. A fallback state name is never inherited: it names a
    /// state of one block.
    fn inherit(outer: &Policy, own: &CatchPolicy) -> Policy {
        Policy {
            auto_catch: own.auto_catch.unwrap_or(outer.auto_catch),
            auto_catch_written: own.auto_catch.is_some() || outer.auto_catch_written,
            auto_fallback: own.auto_fallback.unwrap_or(outer.auto_fallback),
            fallback: own.fallback.clone(),
        }
    }
}

#[derive(Clone, Copy)]
enum Owner<'a> {
    Machine(&'a str),
    Map(&'a str),
}

impl Owner<'_> {
    fn describe(self) -> String {
        match self {
            Owner::Machine(name) => format!("the state machine `{name}`"),
            Owner::Map(name) => format!("the body of map `{name}`"),
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
            DraftBody::Leaf => {}
            DraftBody::Parallel(branches) => {
                let at = at();
                for (b, branch) in branches.iter().enumerate() {
                    collect_names(branch, &at.field("Branches").index(b), out);
                }
            }
            DraftBody::Map(body, _) => collect_names(body, &at().field("ItemProcessor"), out),
        }
        if draft.name.ends_with("Fallback") {
            out.entry(draft.name.clone()).or_insert_with(at);
        }
    }
}

struct Resolver<'s> {
    /// The machine header's policy: every map body starts from it (not from
    /// an enclosing map's), then applies its own options (DSL.md §7).
    header: Policy,
    /// The machine's query language.
    language: QueryLanguage,
    /// The state names the user wrote that a generated fallback could
    /// also have, with where.
    names: HashMap<String, Location>,
    sink: &'s mut Sink,
}

impl Resolver<'_> {
    /// Turns drafts into a block. `scope` is set for blocks that auto-catch
    /// (the top level and map bodies); Parallel branches pass `None`.
    fn resolve(
        &mut self,
        drafts: Vec<Draft>,
        scope: Option<(&Policy, Owner)>,
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
            // Only nested blocks and misplaced fields need it (most states have neither).
            let state_location = || location.state(&draft.name, i);
            let language = draft.language.unwrap_or(self.language);
            let io = match language {
                QueryLanguage::JsonPath => {
                    self.misplaced(
                        draft.jsonata_io != JsonataIo::default(),
                        state_location,
                        &draft,
                        language,
                    );
                    Io::JsonPath(draft.path_io.clone())
                }
                QueryLanguage::Jsonata => {
                    self.misplaced(
                        draft.path_io != JsonPathIo::default(),
                        state_location,
                        &draft,
                        language,
                    );
                    Io::Jsonata(draft.jsonata_io.clone())
                }
            };
            let mut io = io;
            if let Some(call) = &draft.lambda {
                self.lambda(call, &mut io, state_location);
            }
            let mut kind = draft.kind;
            match (draft.body, &mut kind) {
                (DraftBody::Leaf, _) => {}
                (DraftBody::Parallel(branches), StateKind::Parallel(parallel)) => {
                    let state_location = state_location();
                    parallel.branches = branches
                        .into_iter()
                        .enumerate()
                        .map(|(b, branch)| {
                            let branch_location = state_location.field("Branches").index(b);
                            self.resolve(branch, None, &branch_location)
                        })
                        .collect();
                }
                (DraftBody::Map(body, own), StateKind::Map(map)) => {
                    let policy = Policy::inherit(&self.header, &own);
                    let body_location = state_location().field("ItemProcessor");
                    map.body = self.resolve(
                        body,
                        Some((&policy, Owner::Map(&draft.name))),
                        &body_location,
                    );
                }
                _ => {}
            }
            if let Some(transition) = kind.transition_mut() {
                *transition = draft.flow.unwrap_or(match following {
                    Some(next) => Transition::Next(next),
                    None => Transition::End,
                });
            }
            states.push(State {
                name: draft.name,
                comment: draft.comment,
                io,
                assign: draft.assign,
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

    /// `FunctionName` and `Payload` of a `lambda:invoke` task, in the
    /// language the state is in, beside what its `Parameters` /
    /// `Arguments` already hold.
    fn lambda(&mut self, call: &LambdaCall, io: &mut Io, at: impl Fn() -> Location) {
        let Some(function) = &call.function else {
            self.sink.push(
                Diagnostic::new(
                    Code::UnknownField,
                    at(),
                    "`payload` and `payload_path` are for tasks made by `Task::lambda`",
                )
                .with_help(
                    "give this task's input in `parameters` (JSONPath) or `arguments` (JSONata)",
                ),
            );
            return;
        };
        let (payload_key, payload, object) = match io {
            Io::JsonPath(io) => {
                let (key, value) = match (&call.payload, &call.payload_path) {
                    (Some(p), _) => ("Payload", p.clone()),
                    (None, Some(path)) => ("Payload.$", Json::String(path.clone())),
                    (None, None) => ("Payload.$", Json::from("$")),
                };
                (key, value, &mut io.parameters)
            }
            Io::Jsonata(io) => {
                if call.payload_path.is_some() {
                    self.sink.push(
                        Diagnostic::new(
                            Code::WrongQueryLanguage,
                            at().field("Arguments").key("Payload"),
                            "`payload_path` is JSONPath; this state's query language is JSONata",
                        )
                        .with_help(
                            "give the payload with `payload(\"{% $states.input.field %}\")`",
                        ),
                    );
                }
                let value = call
                    .payload
                    .clone()
                    .unwrap_or_else(|| Json::from("{% $states.input %}"));
                ("Payload", value, &mut io.arguments)
            }
        };
        let pairs = match object.get_or_insert_with(|| Json::Object(Vec::new())) {
            Json::Object(pairs) => pairs,
            _ => return,
        };
        for (key, value) in [("FunctionName", function.clone()), (payload_key, payload)] {
            let bare = key.trim_end_matches(".$");
            if pairs.iter().any(|(k, _)| k.trim_end_matches(".$") == bare) {
                continue;
            }
            pairs.push((key.to_owned(), value));
        }
    }

    /// Fields set in the query language the state does not use.
    fn misplaced(
        &mut self,
        any: bool,
        at: impl Fn() -> Location,
        draft: &Draft,
        language: QueryLanguage,
    ) {
        if !any {
            return;
        }
        let state = State {
            name: String::new(),
            comment: None,
            io: match language {
                QueryLanguage::JsonPath => Io::Jsonata(draft.jsonata_io.clone()),
                QueryLanguage::Jsonata => Io::JsonPath(draft.path_io.clone()),
            },
            assign: None,
            kind: draft.kind.state_type().empty_kind(),
        };
        let wx = crate::asl::write::Wx {
            machine_language: state.query_language(),
            language: state.query_language(),
            arn: "",
        };
        for row in STATE.iter().filter(|f| {
            matches!(
                f.key,
                "InputPath"
                    | "Parameters"
                    | "ResultSelector"
                    | "ResultPath"
                    | "OutputPath"
                    | "Arguments"
                    | "Output"
            )
        }) {
            if (row.write)(&state, &wx).is_some() {
                let other = state.query_language().as_str();
                self.sink.push(
                    Diagnostic::new(
                        Code::WrongQueryLanguage,
                        at().field(row.key),
                        format!(
                            "`{}` is only supported in {other} states; this state's query language is {}",
                            row.key,
                            language.as_str()
                        ),
                    )
                    .with_help(format!("set the state's query language to {other}, or remove the field")),
                );
            }
        }
    }

    /// DSL.md §7: catch every Task, Parallel and Map of the block that has no
    /// `Catch` of its own into the block's fallback.
    fn auto_catch(
        &mut self,
        block: &mut Block,
        policy: &Policy,
        owner: Owner,
        location: &Location,
    ) {
        if !policy.auto_catch {
            return;
        }
        // Where header options live: the machine, or the map state.
        let options_location = match owner {
            Owner::Machine(_) => location.clone(),
            Owner::Map(_) => location.parent().unwrap_or_else(|| location.clone()),
        };
        let generated = match owner {
            Owner::Machine(_) => MACHINE_FALLBACK.to_owned(),
            Owner::Map(map) => map_fallback_name(map),
        };
        let in_block = |name: &str| block.states.iter().any(|s| s.name == name);
        // The catch target, and whether the generated fallback must be added.
        let (target, append) = match &policy.fallback {
            Some(name) if in_block(name) => (name.clone(), false),
            Some(name) => {
                let names = block.states.iter().map(|s| s.name.as_str());
                let help =
                    suggest::closest(name, names).map(|close| format!("did you mean `{close}`?"));
                self.sink.push(
                    Diagnostic::new(
                        Code::UnknownTarget,
                        options_location.field("fallback"),
                        format!(
                            "no state named `{name}` in {} to use as the fallback",
                            owner.describe()
                        ),
                    )
                    .with_help_opt(help),
                );
                return;
            }
            // A state of the block already has the fallback's name: it is
            // the fallback, written by the user.
            None if policy.auto_fallback && in_block(&generated) => (generated.clone(), false),
            None if policy.auto_fallback => (generated.clone(), true),
            None => (String::new(), false),
        };
        let needs_catch =
            |s: &State| s.kind.catchers().is_some_and(Vec::is_empty) && s.name != target;
        if !block.states.iter().any(needs_catch) {
            return;
        }
        if target.is_empty() {
            // Reported on the option that asked for catching, else on the
            // one that turned the fallback off.
            let option = if policy.auto_catch_written {
                "auto_catch"
            } else {
                "auto_fallback"
            };
            self.sink.push(
                Diagnostic::new(
                    Code::MissingFallback,
                    options_location.field(option),
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
                self.sink.push(
                    Diagnostic::new(
                        Code::FallbackNameTaken,
                        elsewhere.clone(),
                        format!(
                            "`{target}` is the name of the fallback state that `auto_fallback` adds to {}",
                            owner.describe()
                        ),
                    )
                    .with_help("rename this state, or pick the catch target yourself with `fallback: <state>`"),
                );
                return;
            }
            block
                .states
                .push(fallback_state(&target, owner, self.language));
        }
        for state in &mut block.states {
            if needs_catch(state) {
                if let Some(catchers) = state.kind.catchers_mut() {
                    catchers.push(Catcher {
                        error_equals: vec!["States.ALL".to_owned()],
                        next: target.clone(),
                        ..Catcher::default()
                    });
                }
            }
        }
    }
}

/// The fallback a block catches into (DSL.md §7): at the top level a Fail
/// state that fails the execution with the caught error and cause; in a map
/// body a Pass state whose output keeps the error, so that one failed item
/// does not fail the whole map.
fn fallback_state(name: &str, owner: Owner, language: QueryLanguage) -> State {
    let jsonata = language == QueryLanguage::Jsonata;
    let (kind, io) = match owner {
        Owner::Machine(_) => {
            let (error, cause) = if jsonata {
                (
                    Dynamic::Jsonata("{% $states.input.Error %}".to_owned()),
                    Dynamic::Jsonata("{% $states.input.Cause %}".to_owned()),
                )
            } else {
                (
                    Dynamic::Path("$.Error".to_owned()),
                    Dynamic::Path("$.Cause".to_owned()),
                )
            };
            let fail = FailState {
                error: Some(error),
                cause: Some(cause),
            };
            (StateKind::Fail(fail), Io::empty(language))
        }
        Owner::Map(map) => {
            let message = Json::from(map_fallback_message(map));
            let io = if jsonata {
                Io::Jsonata(JsonataIo {
                    output: Some(Json::object([
                        ("Error", Json::from("{% $states.input.Error %}")),
                        ("Cause", Json::from("{% $states.input.Cause %}")),
                        ("Message", message),
                    ])),
                    ..JsonataIo::default()
                })
            } else {
                Io::JsonPath(JsonPathIo {
                    parameters: Some(Json::object([
                        ("Error.$", Json::from("$.Error")),
                        ("Cause.$", Json::from("$.Cause")),
                        ("Message", message),
                    ])),
                    ..JsonPathIo::default()
                })
            };
            (StateKind::Pass(PassState::default()), io)
        }
    };
    State {
        name: name.to_owned(),
        comment: None,
        io,
        assign: None,
        kind,
    }
}
