//! Lowering: the syntax tree becomes the core builder's drafts, the same
//! input the runtime builders produce, so that `build()` — sequential flow,
//! auto-catch, and the one validator — runs on it at compile time.
//!
//! Alongside, it records where each part came from (a side table from model
//! [`Location`]s to spans, used to put validator errors on the right token)
//! and the values only known at run time (function handles and `(expr)`
//! embeds), which the generated code fills in.

use crate::syntax::{
    Arm, Children, CmpOp, Errors, Machine, Name, Opt, Recovery, RuleExpr, Side, SideKind, Stmt,
    Target, Value,
};
use builder_core::builder::{CatchPolicy, Draft, StateMachineBuilder};
use builder_core::json::{Json, Number};
use builder_core::location::{Location, Segment};
use builder_core::model::*;
use builder_core::naming::pascal_case;
use builder_core::suggest::closest;
use proc_macro2::{Ident, Span, TokenStream};

use std::collections::{HashMap, HashSet};

/// A lowered state before it becomes a draft.
enum Built {
    Leaf(StateKind),
    Parallel(ParallelState, Vec<Vec<Draft>>),
    Map(MapState, Vec<Draft>, CatchPolicy),
}

/// The result of lowering one machine.
pub struct Lowered {
    pub name: String,
    pub builder: StateMachineBuilder,
    /// Where each located part of the model was written: first and last token.
    pub spans: HashMap<Location, (Span, Span)>,
    /// Values computed at run time: where they go, and the expression
    /// (which calls the facade's `__private` through the alias
    /// `__serverless_builder` the expansion imports).
    pub slots: Vec<(Location, TokenStream)>,
    /// Locations of `(expr)` embeds: unknown at compile time, so the
    /// validator's findings at or below them are checked at run time instead.
    pub deferred: HashSet<Location>,
    /// Blocks from which a broken statement was left out (already reported):
    /// "this block is empty" would be a consequence.
    pub dropped_in: HashSet<Location>,
}

/// The DSL name of each ASL field an option sets: (`BackoffRate`, `backoff`).
pub fn option_names() -> impl Iterator<Item = (&'static str, &'static str)> {
    let state = STATE_OPTIONS.iter().map(|&(dsl, asl, ..)| (asl, dsl));
    let others = [
        MACHINE_OPTIONS,
        RETRY_OPTIONS,
        CATCH_OPTIONS,
        SCHEDULE_OPTIONS,
    ];
    state.chain(
        others
            .into_iter()
            .flatten()
            .map(|&(dsl, asl, _)| (asl, dsl)),
    )
}

impl Lowered {
    /// The span (first and last token) of the closest located ancestor of `location`.
    pub fn span_of(&self, location: &Location) -> Option<(Span, Span)> {
        location
            .ancestors()
            .find_map(|l| self.spans.get(&l).copied())
    }

    /// True when `location` is at or below an `(expr)` embed.
    pub fn is_deferred(&self, location: &Location) -> bool {
        location.ancestors().any(|l| self.deferred.contains(&l))
    }
}

/// The kinds of value an option takes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    /// A JSONPath string.
    Path,
    /// A JSONPath string or `null`.
    NullablePath,
    /// A string.
    Str,
    /// A non-negative integer.
    Uint,
    /// Any number.
    Number,
    /// `true` or `false`.
    Bool,
    /// A JSON value.
    Json,
    /// A state name.
    Name,
    /// One of some identifiers.
    Word(&'static [&'static str]),
}

impl Want {
    fn describe(self) -> String {
        match self {
            Want::Path => "a JSONPath string such as `\"$.items\"`".into(),
            Want::NullablePath => "a JSONPath string such as `\"$.result\"`, or `null`".into(),
            Want::Str => "a string".into(),
            Want::Uint => "a non-negative integer".into(),
            Want::Number => "a number".into(),
            Want::Bool => "`true` or `false`".into(),
            Want::Json => "a JSON value".into(),
            Want::Name => "a state name".into(),
            Want::Word(words) => words
                .iter()
                .map(|w| format!("`{w}`"))
                .collect::<Vec<_>>()
                .join(" or "),
        }
    }
}

/// A checked option value.
enum V {
    Str(String),
    NullablePath(NullablePath),
    Uint(u64),
    Number(f64),
    Bool(bool),
    Json(Json),
    Word(&'static str),
}

use StateKindName as K;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum StateKindName {
    Task,
    Pass,
    Wait,
    Succeed,
    Fail,
    Choice,
    Parallel,
    Map,
}

impl StateKindName {
    fn from_keyword(word: &str) -> Option<StateKindName> {
        Some(match word {
            "task" => K::Task,
            "pass" => K::Pass,
            "wait" => K::Wait,
            "succeed" => K::Succeed,
            "fail" => K::Fail,
            "choice" => K::Choice,
            "parallel" => K::Parallel,
            "map" => K::Map,
            _ => return None,
        })
    }

    fn keyword(self) -> &'static str {
        match self {
            K::Task => "task",
            K::Pass => "pass",
            K::Wait => "wait",
            K::Succeed => "succeed",
            K::Fail => "fail",
            K::Choice => "choice",
            K::Parallel => "parallel",
            K::Map => "map",
        }
    }

    fn has_transition(self) -> bool {
        !matches!(self, K::Succeed | K::Fail | K::Choice)
    }

    fn has_recovery(self) -> bool {
        matches!(self, K::Task | K::Parallel | K::Map)
    }
}

const IO: &[K] = &[
    K::Task,
    K::Pass,
    K::Wait,
    K::Succeed,
    K::Choice,
    K::Parallel,
    K::Map,
];
const RESULT: &[K] = &[K::Task, K::Pass, K::Parallel, K::Map];
const SELECTOR: &[K] = &[K::Task, K::Parallel, K::Map];
const PARAMETERS: &[K] = &[K::Task, K::Pass, K::Parallel];
const WAIT: &[K] = &[K::Wait];
const FAIL: &[K] = &[K::Fail];
const TASK: &[K] = &[K::Task];
const MAP: &[K] = &[K::Map];
const ALL: &[K] = &[
    K::Task,
    K::Pass,
    K::Wait,
    K::Succeed,
    K::Fail,
    K::Choice,
    K::Parallel,
    K::Map,
];

/// Every state option: its name in the DSL, the ASL field it sets (the
/// location its errors are reported at), the value it takes, and the kinds
/// of state that accept it. The single source for lowering and for the
/// "accepted options" lists of error messages.
const STATE_OPTIONS: &[(&str, &str, Want, &[K])] = &[
    ("comment", "Comment", Want::Str, ALL),
    ("input_path", "InputPath", Want::NullablePath, IO),
    ("output_path", "OutputPath", Want::NullablePath, IO),
    ("parameters", "Parameters", Want::Json, PARAMETERS),
    ("result_path", "ResultPath", Want::NullablePath, RESULT),
    ("result_selector", "ResultSelector", Want::Json, SELECTOR),
    ("result", "Result", Want::Json, &[K::Pass]),
    ("credentials", "Credentials", Want::Json, TASK),
    ("timeout", "TimeoutSeconds", Want::Uint, TASK),
    ("timeout_path", "TimeoutSecondsPath", Want::Path, TASK),
    ("heartbeat", "HeartbeatSeconds", Want::Uint, TASK),
    ("heartbeat_path", "HeartbeatSecondsPath", Want::Path, TASK),
    ("seconds", "Seconds", Want::Uint, WAIT),
    ("timestamp", "Timestamp", Want::Str, WAIT),
    ("seconds_path", "SecondsPath", Want::Path, WAIT),
    ("timestamp_path", "TimestampPath", Want::Path, WAIT),
    ("error", "Error", Want::Str, FAIL),
    ("cause", "Cause", Want::Str, FAIL),
    ("error_path", "ErrorPath", Want::Str, FAIL),
    ("cause_path", "CausePath", Want::Str, FAIL),
    ("items_path", "ItemsPath", Want::Path, MAP),
    ("item_selector", "ItemSelector", Want::Json, MAP),
    ("max_concurrency", "MaxConcurrency", Want::Uint, MAP),
    (
        "max_concurrency_path",
        "MaxConcurrencyPath",
        Want::Path,
        MAP,
    ),
    (
        "tolerated_failure_percentage",
        "ToleratedFailurePercentage",
        Want::Number,
        MAP,
    ),
    (
        "tolerated_failure_percentage_path",
        "ToleratedFailurePercentagePath",
        Want::Path,
        MAP,
    ),
    (
        "tolerated_failure_count",
        "ToleratedFailureCount",
        Want::Uint,
        MAP,
    ),
    (
        "tolerated_failure_count_path",
        "ToleratedFailureCountPath",
        Want::Path,
        MAP,
    ),
    ("label", "Label", Want::Str, MAP),
    ("item_reader", "ItemReader", Want::Json, MAP),
    ("item_batcher", "ItemBatcher", Want::Json, MAP),
    ("result_writer", "ResultWriter", Want::Json, MAP),
    ("mode", "Mode", Want::Word(&["inline", "distributed"]), MAP),
    (
        "execution_type",
        "ExecutionType",
        Want::Word(&["standard", "express"]),
        MAP,
    ),
    ("auto_catch", "auto_catch", Want::Bool, MAP),
    ("auto_fallback", "auto_fallback", Want::Bool, MAP),
    ("fallback", "fallback", Want::Name, MAP),
];

/// Header options: name, location field, value.
const MACHINE_OPTIONS: &[(&str, &str, Want)] = &[
    ("type", "type", Want::Word(&["standard", "express"])),
    ("comment", "Comment", Want::Str),
    ("auto_catch", "auto_catch", Want::Bool),
    ("auto_fallback", "auto_fallback", Want::Bool),
    ("timeout", "TimeoutSeconds", Want::Uint),
    ("fallback", "fallback", Want::Name),
    ("events", "events", Want::Json),
];

const RETRY_OPTIONS: &[(&str, &str, Want)] = &[
    ("interval", "IntervalSeconds", Want::Uint),
    ("max_attempts", "MaxAttempts", Want::Uint),
    ("backoff", "BackoffRate", Want::Number),
    ("max_delay", "MaxDelaySeconds", Want::Uint),
    ("jitter", "JitterStrategy", Want::Word(&["full", "none"])),
];

const CATCH_OPTIONS: &[(&str, &str, Want)] = &[("result_path", "ResultPath", Want::NullablePath)];

const SCHEDULE_OPTIONS: &[(&str, &str, Want)] = &[
    ("input", "input", Want::Json),
    ("enabled", "enabled", Want::Bool),
    ("name", "name", Want::Str),
    ("description", "description", Want::Str),
];

/// The options of one statement, checked and keyed by DSL name.
#[derive(Default)]
struct Options(HashMap<&'static str, V>);

impl Options {
    fn take(&mut self, key: &str) -> Option<V> {
        self.0.remove(key)
    }
    fn str(&mut self, key: &str) -> Option<String> {
        match self.take(key) {
            Some(V::Str(s)) => Some(s),
            _ => None,
        }
    }
    fn path(&mut self, key: &str) -> Option<NullablePath> {
        match self.take(key) {
            Some(V::NullablePath(p)) => Some(p),
            _ => None,
        }
    }
    fn uint(&mut self, key: &str) -> Option<u64> {
        match self.take(key) {
            Some(V::Uint(n)) => Some(n),
            _ => None,
        }
    }
    fn number(&mut self, key: &str) -> Option<f64> {
        match self.take(key) {
            Some(V::Number(n)) => Some(n),
            _ => None,
        }
    }
    fn bool(&mut self, key: &str) -> Option<bool> {
        match self.take(key) {
            Some(V::Bool(b)) => Some(b),
            _ => None,
        }
    }
    fn json(&mut self, key: &str) -> Option<Json> {
        match self.take(key) {
            Some(V::Json(j)) => Some(j),
            _ => None,
        }
    }
    fn word(&mut self, key: &str) -> Option<&'static str> {
        match self.take(key) {
            Some(V::Word(w)) => Some(w),
            _ => None,
        }
    }
}

struct Lower<'e> {
    errors: &'e mut Errors,
    spans: HashMap<Location, (Span, Span)>,
    slots: Vec<(Location, TokenStream)>,
    deferred: HashSet<Location>,
    dropped_in: HashSet<Location>,
}

/// Lowers a parsed machine. Problems that are not the validator's (unknown
/// options, values of the wrong kind, misplaced `->`, ...) go to `errors`;
/// the draft skips the offending part and stays usable for validation.
pub fn lower(machine: &Machine, errors: &mut Errors) -> Lowered {
    let mut l = Lower {
        errors,
        spans: HashMap::new(),
        slots: Vec::new(),
        deferred: HashSet::new(),
        dropped_in: HashSet::new(),
    };
    let name = machine.name.value.clone();
    let root = Location::machine(&name);
    l.mark(root.clone(), machine.name.span);
    let mut model = StateMachine::new(name.clone());
    let mut policy = CatchPolicy::default();
    if let Some((doc, span)) = &machine.doc {
        model.definition.comment = Some(doc.clone());
        l.mark(root.field("Comment"), *span);
    }
    let mut seen = HashSet::new();
    for opt in &machine.options {
        let key = opt.key.to_string();
        let Some(&(dsl, field, want)) = MACHINE_OPTIONS.iter().find(|(k, ..)| *k == key) else {
            l.unknown_option(opt, "the machine", MACHINE_OPTIONS.iter().map(|(k, ..)| *k));
            continue;
        };
        if !seen.insert(dsl) {
            l.error(opt.key.span(), format!("`{dsl}` is given twice"));
            continue;
        }
        let location = root.field(field);
        l.mark_range(location.clone(), opt.value.span_range());
        if dsl == "events" {
            model.events = l.events(&opt.value, &root);
            continue;
        }
        let Some(value) = l.value(&opt.value, want, dsl, &location) else {
            continue;
        };
        match (dsl, value) {
            ("type", V::Word(w)) => {
                model.machine_type = if w == "express" {
                    MachineType::Express
                } else {
                    MachineType::Standard
                }
            }
            ("comment", V::Str(s)) => model.definition.comment = Some(s),
            ("auto_catch", V::Bool(b)) => policy.auto_catch = Some(b),
            ("auto_fallback", V::Bool(b)) => {
                // Point a missing-fallback error here when `auto_catch` is implicit.
                l.spans
                    .entry(root.field("auto_catch"))
                    .or_insert(opt.value.span_range());
                policy.auto_fallback = Some(b)
            }
            ("timeout", V::Uint(n)) => model.definition.timeout_seconds = Some(n),
            ("fallback", V::Str(s)) => policy.fallback = Some(s),
            _ => {}
        }
    }
    if let Some(span) = machine
        .options
        .iter()
        .find(|o| o.key == "auto_catch")
        .map(|o| o.value.span())
    {
        l.mark(root.field("auto_catch"), span);
    }
    if machine.body.stmts.is_empty() {
        l.mark(root.clone(), machine.body.span);
    }
    let states = l.block(&machine.body.stmts, &root);
    Lowered {
        name,
        builder: StateMachineBuilder::from_parts(model, policy, states),
        spans: l.spans,
        slots: l.slots,
        deferred: l.deferred,
        dropped_in: l.dropped_in,
    }
}

impl Lower<'_> {
    fn error(&mut self, span: Span, message: impl std::fmt::Display) {
        self.errors.push(syn::Error::new(span, message));
    }

    fn error_range(&mut self, (start, end): (Span, Span), message: impl std::fmt::Display) {
        self.errors
            .push(crate::cursor::error_range(start, end, message));
    }

    /// Records where `location` was written (one token).
    fn mark(&mut self, location: Location, span: Span) {
        self.spans.insert(location, (span, span));
    }

    /// Records where `location` was written (a range of tokens).
    fn mark_range(&mut self, location: Location, range: (Span, Span)) {
        self.spans.insert(location, range);
    }

    fn unknown_option<'a>(
        &mut self,
        opt: &Opt,
        owner: &str,
        accepted: impl Iterator<Item = &'a str> + Clone,
    ) {
        let key = opt.key.to_string();
        let list = accepted
            .clone()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let message = match closest(&key, accepted) {
            Some(close) => format!("unknown option `{key}` for {owner}; did you mean `{close}`?\nhelp: the options of {owner} are {list}"),
            None => format!("unknown option `{key}` for {owner}\nhelp: the options of {owner} are {list}"),
        };
        self.error(opt.key.span(), message);
    }

    /// Checks `value` against `want`; records the spans of JSON inside.
    fn value(&mut self, value: &Value, want: Want, key: &str, location: &Location) -> Option<V> {
        let wrong = |l: &mut Self| {
            l.error_range(
                value.span_range(),
                format!(
                    "`{key}` takes {}, not {}",
                    want.describe(),
                    value.describe()
                ),
            );
            None
        };
        match (want, value) {
            (Want::Str | Want::Path, Value::Str(s, _)) => Some(V::Str(s.clone())),
            (Want::NullablePath, Value::Str(s, _)) => {
                Some(V::NullablePath(NullablePath::Path(s.clone())))
            }
            (Want::NullablePath, Value::Null(_)) => Some(V::NullablePath(NullablePath::Null)),
            (Want::Uint, Value::Number(Number::PosInt(n), ..)) => Some(V::Uint(*n)),
            (Want::Uint, Value::Number(Number::NegInt(n), start, end)) => {
                self.error_range(
                    (*start, *end),
                    format!("`{key}` cannot be negative (found {n})"),
                );
                None
            }
            (Want::Number, Value::Number(n, ..)) => Some(V::Number(n.as_f64())),
            (Want::Bool, Value::Bool(b, _)) => Some(V::Bool(*b)),
            (Want::Json, _) => self.json(value, location).map(V::Json),
            (Want::Name, Value::Ident(i)) => Some(V::Str(i.to_string())),
            (Want::Name, Value::Str(s, _)) => Some(V::Str(s.clone())),
            (Want::Word(words), Value::Ident(i)) => match words.iter().find(|w| i == *w) {
                Some(w) => Some(V::Word(w)),
                None => {
                    self.error(
                        i.span(),
                        format!(
                            "unknown value `{i}` for `{key}`; expected {}",
                            want.describe()
                        ),
                    );
                    None
                }
            },
            _ => wrong(self),
        }
    }

    /// A JSON value; `(expr)` becomes a run-time slot.
    fn json(&mut self, value: &Value, location: &Location) -> Option<Json> {
        let mut location = location.clone();
        let mut ok = true;
        let json = self.json_at(value, &mut location, &mut ok);
        ok.then_some(json)
    }

    fn json_at(&mut self, value: &Value, location: &mut Location, ok: &mut bool) -> Json {
        match value {
            Value::Str(s, _) => Json::String(s.clone()),
            Value::Number(n, ..) => Json::Number(*n),
            Value::Bool(b, _) => Json::Bool(*b),
            Value::Null(_) => Json::Null,
            Value::SelfArn(_) => Json::MachineArn,
            Value::Array(items, _) => Json::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| {
                        location.push(Segment::Index(i));
                        self.mark_range(location.clone(), item.span_range());
                        let json = self.json_at(item, location, ok);
                        location.pop();
                        json
                    })
                    .collect(),
            ),
            Value::Object(entries, _) => Json::Object(
                entries
                    .iter()
                    .map(|(key, key_span, item)| {
                        location.push(Segment::Key(key.clone()));
                        // A `.$` value is a path: point its errors at the value.
                        let span = if key.ends_with(".$") {
                            item.span()
                        } else {
                            *key_span
                        };
                        self.mark(location.clone(), span);
                        let json = self.json_at(item, location, ok);
                        location.pop();
                        (key.clone(), json)
                    })
                    .collect(),
            ),
            Value::Expr(tokens, span) => {
                let expr = quote::quote_spanned!(*span=> __serverless_builder::embed(&(#tokens)));
                self.slots.push((location.clone(), expr));
                self.deferred.insert(location.clone());
                Json::Null
            }
            Value::Ident(i) => {
                *ok = false;
                self.error(
                    i.span(),
                    format!("`{i}` is not a JSON value; write a string (\"{i}\"), or embed a Rust value as `({i})`"),
                );
                Json::Null
            }
            Value::Call(i, _) => {
                *ok = false;
                self.error(
                    i.span(),
                    format!(
                        "`{i}(...)` is not a JSON value; embed a Rust expression as `({i}(...))`"
                    ),
                );
                Json::Null
            }
        }
    }

    fn events(&mut self, value: &Value, root: &Location) -> Vec<Event> {
        let Value::Array(items, _) = value else {
            self.error(
                value.span(),
                format!(
                    "`events` takes a list: `events: [schedule(\"cron(0 18 ? * SAT *)\")]`, not {}",
                    value.describe()
                ),
            );
            return Vec::new();
        };
        let mut events = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let location = root.field("events").index(i);
            self.mark_range(location.clone(), item.span_range());
            let Value::Call(kind, args) = item else {
                self.error(
                    item.span(),
                    "expected an event such as `schedule(\"rate(1 day)\")`",
                );
                continue;
            };
            if kind != "schedule" {
                self.error(
                    kind.span(),
                    format!("unknown event `{kind}`; the supported event is `schedule(...)`"),
                );
                continue;
            }
            let location = location.field("schedule");
            let rate = match args.positional.as_slice() {
                [Value::Str(s, span)] => {
                    self.mark(location.field("rate"), *span);
                    s.clone()
                }
                _ => {
                    self.error(
                        args.span.unwrap_or(kind.span()),
                        "`schedule` takes one expression first: `\"cron(0 18 ? * SAT *)\"`, `\"rate(5 minutes)\"` or a bare cron body",
                    );
                    continue;
                }
            };
            let mut options =
                self.options(&args.options, SCHEDULE_OPTIONS, "`schedule`", &location);
            events.push(Event::Schedule(Schedule {
                rate,
                input: options.json("input"),
                enabled: options.bool("enabled"),
                name: options.str("name"),
                description: options.str("description"),
            }));
        }
        events
    }

    /// Checks a list of `key: value` options against a table.
    fn options(
        &mut self,
        opts: &[Opt],
        table: &[(&'static str, &'static str, Want)],
        owner: &str,
        location: &Location,
    ) -> Options {
        let mut out = Options::default();
        for opt in opts {
            let key = opt.key.to_string();
            let Some(&(dsl, field, want)) = table.iter().find(|(k, ..)| *k == key) else {
                self.unknown_option(opt, owner, table.iter().map(|(k, ..)| *k));
                continue;
            };
            if out.0.contains_key(dsl) {
                self.error(opt.key.span(), format!("`{dsl}` is given twice"));
                continue;
            }
            let field_location = location.field(field);
            self.mark_range(field_location.clone(), opt.value.span_range());
            if let Some(v) = self.value(&opt.value, want, dsl, &field_location) {
                out.0.insert(dsl, v);
            }
        }
        out
    }

    fn block(&mut self, stmts: &[Stmt], location: &Location) -> Vec<Draft> {
        let mut drafts = Vec::with_capacity(stmts.len());
        for stmt in stmts {
            if let Some(draft) = self.stmt(stmt, location, drafts.len()) {
                drafts.push(draft);
            }
        }
        drafts
    }

    fn stmt(&mut self, stmt: &Stmt, block: &Location, index: usize) -> Option<Draft> {
        let kind = StateKindName::from_keyword(&stmt.kind.to_string())?;
        let keyword = kind.keyword();
        let mut positional = stmt.args.positional.iter();
        // The name: written, or taken from `task(f)`'s function.
        let name = match (&stmt.name, kind, stmt.args.positional.first()) {
            (Some(name), ..) => name.clone(),
            (None, K::Task, Some(Value::Ident(f))) => Name {
                value: pascal_case(&f.to_string()),
                span: f.span(),
            },
            (None, K::Task, Some(other)) => {
                self.error_range(
                    other.span_range(),
                    format!(
                        "an unnamed task takes the name of its function, so it must be a function handle (an identifier such as `fetch_user`), not {}; \
                         or name it: `task Name(...)`",
                        other.describe()
                    ),
                );
                self.dropped_in.insert(block.clone());
                return None;
            }
            _ => {
                self.error(
                    stmt.kind.span(),
                    format!(
                        "this `{keyword}` state needs a name: `{keyword} Name ...`; only `task(f)` may leave it out, taking the name of its function"
                    ),
                );
                self.dropped_in.insert(block.clone());
                return None;
            }
        };
        let location = block.state(&name.value, index);
        self.mark(location.clone(), name.span);
        if let Some(args_span) = stmt.args.span {
            self.spans
                .entry(location.field("Args"))
                .or_insert((args_span, args_span));
        }

        // A task's function or resource.
        let mut resource = None;
        if kind == K::Task {
            let resource_location = location.field("Resource");
            match positional.next() {
                Some(Value::Ident(f)) => {
                    self.mark(resource_location.clone(), f.span());
                    let expr = quote::quote_spanned!(f.span()=> __serverless_builder::function_resource(&#f));
                    self.slots.push((resource_location, expr));
                    resource = Some(Resource::Function(pascal_case(&f.to_string())));
                }
                Some(Value::Str(arn, span)) => {
                    self.mark(resource_location, *span);
                    resource = Some(Resource::Arn(arn.clone()));
                }
                Some(other) => self.error(
                    other.span(),
                    format!(
                        "a task runs a service function (an identifier such as `get_user`) or a resource ARN string, not {}",
                        other.describe()
                    ),
                ),
                None => self.error(
                    stmt.args.span.unwrap_or(name.span),
                    format!("the task `{}` needs a function or a resource: `task {}(function)` or `task {}(\"arn:aws:...\")`", name.value, name.value, name.value),
                ),
            }
        }
        for extra in positional {
            self.error(
                extra.span(),
                if kind == K::Task {
                    "a task takes one function or resource, then `key: value` options".to_owned()
                } else {
                    format!("`{keyword}` takes only `key: value` options")
                },
            );
        }

        let accepted = STATE_OPTIONS
            .iter()
            .filter(|(.., kinds)| kinds.contains(&kind));
        let table: Vec<(&'static str, &'static str, Want)> =
            accepted.map(|&(k, f, w, _)| (k, f, w)).collect();
        let mut o = self.options(
            &stmt.args.options,
            &table,
            &format!("`{keyword}`"),
            &location,
        );
        let comment = o
            .str("comment")
            .or_else(|| stmt.doc.as_ref().map(|(d, _)| d.clone()));
        if let Some((_, span)) = &stmt.doc {
            self.spans
                .entry(location.field("Comment"))
                .or_insert((*span, *span));
        }

        // `-> X` / `-> end`.
        let flow = match (&stmt.target, kind.has_transition()) {
            (None, _) => None,
            (Some(target), false) => {
                let span = match target {
                    Target::State(n) => n.span,
                    Target::End(s) => *s,
                };
                let why = match kind {
                    K::Choice => "a `choice` leaves through its rules",
                    _ => "it ends the execution",
                };
                self.error(span, format!("`{keyword}` states take no `->`: {why}"));
                None
            }
            (Some(Target::End(_)), true) => Some(Transition::End),
            (Some(Target::State(target)), true) => {
                self.mark(location.field("Next"), target.span);
                Some(Transition::Next(target.value.clone()))
            }
        };

        // `.retry(...)`, `.catch(...)`.
        if !kind.has_recovery() {
            for r in stmt.retries.iter().chain(&stmt.catches) {
                self.error(
                    r.span,
                    format!("`{keyword}` states cannot retry or catch errors; only `task`, `parallel` and `map` can (ASL allows Retry and Catch on nothing else)"),
                );
            }
        }
        let retry = self.retriers(&stmt.retries, &location);
        let catch = self.catchers(&stmt.catches, &location);

        let built = match kind {
            K::Task => Built::Leaf(StateKind::Task(TaskState {
                resource: resource.unwrap_or_default(),
                input_path: o.path("input_path"),
                parameters: o.json("parameters"),
                credentials: o.json("credentials"),
                timeout_seconds: o.uint("timeout"),
                timeout_seconds_path: o.str("timeout_path"),
                heartbeat_seconds: o.uint("heartbeat"),
                heartbeat_seconds_path: o.str("heartbeat_path"),
                result_selector: o.json("result_selector"),
                result_path: o.path("result_path"),
                output_path: o.path("output_path"),
                retry,
                catch,
                transition: Transition::End,
            })),
            K::Pass => Built::Leaf(StateKind::Pass(PassState {
                input_path: o.path("input_path"),
                parameters: o.json("parameters"),
                result: o.json("result"),
                result_path: o.path("result_path"),
                output_path: o.path("output_path"),
                transition: Transition::End,
            })),
            K::Wait => {
                let durations = [
                    ("seconds", o.uint("seconds").map(WaitDuration::Seconds)),
                    ("timestamp", o.str("timestamp").map(WaitDuration::Timestamp)),
                    (
                        "seconds_path",
                        o.str("seconds_path").map(WaitDuration::SecondsPath),
                    ),
                    (
                        "timestamp_path",
                        o.str("timestamp_path").map(WaitDuration::TimestampPath),
                    ),
                ];
                let given: Vec<_> = durations.into_iter().filter(|(_, d)| d.is_some()).collect();
                let written = |key: &str| {
                    stmt.args
                        .options
                        .iter()
                        .find(|o| o.key == key)
                        .map(|o| o.key.span())
                };
                if given.len() > 1 {
                    let span = written(given[1].0).unwrap_or(name.span);
                    self.error(
                        span,
                        format!(
                            "a `wait` takes exactly one of `seconds`, `timestamp`, `seconds_path`, `timestamp_path`; `{}` and `{}` are both given",
                            given[0].0, given[1].0
                        ),
                    );
                } else if given.is_empty()
                    && !["seconds", "timestamp", "seconds_path", "timestamp_path"]
                        .iter()
                        .any(|k| written(k).is_some())
                {
                    self.error(
                        name.span,
                        format!(
                            "the wait `{}` needs how long to wait: one of `seconds: 10`, `timestamp: \"2024-01-01T00:00:00Z\"`, `seconds_path: \"$.delay\"`, `timestamp_path: \"$.until\"`",
                            name.value
                        ),
                    );
                }
                let duration = given
                    .into_iter()
                    .next()
                    .and_then(|(_, d)| d)
                    .unwrap_or(WaitDuration::Seconds(0));
                Built::Leaf(StateKind::Wait(WaitState {
                    input_path: o.path("input_path"),
                    output_path: o.path("output_path"),
                    duration,
                    transition: Transition::End,
                }))
            }
            K::Succeed => Built::Leaf(StateKind::Succeed(SucceedState {
                input_path: o.path("input_path"),
                output_path: o.path("output_path"),
            })),
            K::Fail => Built::Leaf(StateKind::Fail(FailState {
                error: o.str("error"),
                error_path: o.str("error_path"),
                cause: o.str("cause"),
                cause_path: o.str("cause_path"),
            })),
            K::Choice => {
                let (choices, default) = match &stmt.children {
                    Some(Children::Arms(arms, span)) => {
                        self.mark(location.field("Choices"), *span);
                        self.arms(arms, &location)
                    }
                    _ => (Vec::new(), None),
                };
                Built::Leaf(StateKind::Choice(ChoiceState {
                    input_path: o.path("input_path"),
                    output_path: o.path("output_path"),
                    default,
                    choices,
                }))
            }
            K::Parallel => {
                let mut branches = Vec::new();
                if let Some(Children::Branches(list, span)) = &stmt.children {
                    self.mark(location.field("Branches"), *span);
                    for (b, (branch_span, body)) in list.iter().enumerate() {
                        let branch_location = location.field("Branches").index(b);
                        self.mark(branch_location.clone(), *branch_span);
                        branches.push(self.block(&body.stmts, &branch_location));
                    }
                }
                let state = ParallelState {
                    input_path: o.path("input_path"),
                    parameters: o.json("parameters"),
                    branches: Vec::new(),
                    result_selector: o.json("result_selector"),
                    result_path: o.path("result_path"),
                    output_path: o.path("output_path"),
                    retry,
                    catch,
                    transition: Transition::End,
                };
                Built::Parallel(state, branches)
            }
            K::Map => {
                let body_location = location.field("ItemProcessor");
                let body = match &stmt.children {
                    Some(Children::States(body)) => {
                        // "The body of map `X` ..." errors point at `X`.
                        self.mark(body_location.clone(), name.span);
                        self.block(&body.stmts, &body_location)
                    }
                    _ => Vec::new(),
                };
                let policy = CatchPolicy {
                    auto_catch: o.bool("auto_catch"),
                    auto_fallback: o.bool("auto_fallback"),
                    fallback: o.str("fallback"),
                };
                if policy.auto_catch.is_none() {
                    if let Some(span) = self.spans.get(&location.field("auto_fallback")).copied() {
                        self.mark_range(location.field("auto_catch"), span);
                    }
                }
                let state = MapState {
                    input_path: o.path("input_path"),
                    items_path: o.str("items_path"),
                    item_reader: o.json("item_reader"),
                    item_selector: o.json("item_selector"),
                    item_batcher: o.json("item_batcher"),
                    max_concurrency: o.uint("max_concurrency"),
                    max_concurrency_path: o.str("max_concurrency_path"),
                    tolerated_failure_percentage: o.number("tolerated_failure_percentage"),
                    tolerated_failure_percentage_path: o.str("tolerated_failure_percentage_path"),
                    tolerated_failure_count: o.uint("tolerated_failure_count"),
                    tolerated_failure_count_path: o.str("tolerated_failure_count_path"),
                    label: o.str("label"),
                    result_writer: o.json("result_writer"),
                    result_selector: o.json("result_selector"),
                    result_path: o.path("result_path"),
                    output_path: o.path("output_path"),
                    retry,
                    catch,
                    mode: match o.word("mode") {
                        Some("distributed") => MapMode::Distributed,
                        _ => MapMode::Inline,
                    },
                    execution_type: o.word("execution_type").map(|w| {
                        if w == "express" {
                            MachineType::Express
                        } else {
                            MachineType::Standard
                        }
                    }),
                    ..MapState::default()
                };
                if let Some(span) = self.spans.get(&location.field("Mode")).copied() {
                    self.mark_range(
                        location.field("ItemProcessor").field("ProcessorConfig"),
                        span,
                    );
                }
                if let Some(span) = self.spans.get(&location.field("ExecutionType")).copied() {
                    self.mark_range(
                        location
                            .field("ItemProcessor")
                            .field("ProcessorConfig")
                            .field("ExecutionType"),
                        span,
                    );
                }
                Built::Map(state, body, policy)
            }
        };
        // Every accepted option must have been applied above.
        for key in o.0.keys() {
            self.error(name.span, format!("internal error: the option `{key}` of `{keyword}` was not applied; please report it"));
        }
        Some(match built {
            Built::Leaf(kind) => Draft::leaf(name.value, comment, kind, flow),
            Built::Parallel(state, branches) => {
                Draft::parallel(name.value, comment, state, branches, flow)
            }
            Built::Map(state, body, policy) => {
                Draft::map(name.value, comment, state, body, policy, flow)
            }
        })
    }

    /// The list of error names of a `.retry`/`.catch`.
    fn error_names(
        &mut self,
        value: Option<&Value>,
        span: Span,
        location: &Location,
    ) -> Vec<String> {
        let location = location.field("ErrorEquals");
        self.mark_range(
            location.clone(),
            value.map_or((span, span), Value::span_range),
        );
        match value {
            Some(Value::Array(items, _)) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| match item {
                    Value::Str(s, span) => {
                        self.mark(location.index(i), *span);
                        Some(s.clone())
                    }
                    other => {
                        self.error(
                            other.span(),
                            format!(
                                "error names are strings such as `\"States.Timeout\"`, not {}",
                                other.describe()
                            ),
                        );
                        None
                    }
                })
                .collect(),
            Some(other) => {
                self.error(
                    other.span(),
                    "expected a list of error names: `[\"States.Timeout\", \"States.TaskFailed\"]`",
                );
                Vec::new()
            }
            None => {
                self.error(span, "expected a list of error names first: `.retry([\"States.ALL\"], max_attempts: 3)`");
                Vec::new()
            }
        }
    }

    fn retriers(&mut self, retries: &[Recovery], location: &Location) -> Vec<Retrier> {
        retries
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let location = location.field("Retry").index(i);
                self.mark(location.clone(), r.span);
                let error_equals = self.error_names(r.errors.as_ref(), r.span, &location);
                let mut o = self.options(&r.options, RETRY_OPTIONS, "`.retry`", &location);
                Retrier {
                    error_equals,
                    interval_seconds: o.uint("interval"),
                    max_attempts: o.uint("max_attempts"),
                    backoff_rate: o.number("backoff"),
                    max_delay_seconds: o.uint("max_delay"),
                    jitter_strategy: o.word("jitter").map(|w| {
                        if w == "full" {
                            Jitter::Full
                        } else {
                            Jitter::None
                        }
                    }),
                }
            })
            .collect()
    }

    fn catchers(&mut self, catches: &[Recovery], location: &Location) -> Vec<Catcher> {
        catches
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let location = location.field("Catch").index(i);
                self.mark(location.clone(), c.span);
                let error_equals = self.error_names(c.errors.as_ref(), c.span, &location);
                let next = c.target.as_ref().map_or_else(String::new, |t| {
                    self.mark(location.field("Next"), t.span);
                    t.value.clone()
                });
                let mut o = self.options(&c.options, CATCH_OPTIONS, "`.catch`", &location);
                Catcher {
                    error_equals,
                    result_path: o.path("result_path"),
                    next,
                }
            })
            .collect()
    }

    fn arms(&mut self, arms: &[Arm], location: &Location) -> (Vec<ChoiceRule>, Option<String>) {
        let mut choices = Vec::new();
        let mut default = None;
        for (i, arm) in arms.iter().enumerate() {
            match &arm.rule {
                None => {
                    if arms[i + 1..].iter().any(|later| later.rule.is_some()) {
                        self.error(
                            arm.span,
                            "the `_` arm must be the last one: it catches everything the rules above did not",
                        );
                    }

                    if default.is_some() {
                        self.error(arm.span, "a choice has only one `_` arm");
                    }
                    self.mark(location.field("Default"), arm.target.span);
                    default = Some(arm.target.value.clone());
                }
                Some(rule) => {
                    let at = location.field("Choices").index(choices.len());
                    self.mark(at.clone(), rule.span());
                    self.mark(at.field("Next"), arm.target.span);
                    // An invalid rule (already reported) keeps its arm, so that
                    // its target is not reported as unreachable.
                    let rule = self
                        .rule(rule, &at)
                        .unwrap_or_else(|| Rule::is_present("$"));
                    choices.push(ChoiceRule {
                        rule,
                        next: arm.target.value.clone(),
                    });
                }
            }
        }
        (choices, default)
    }

    fn rule(&mut self, rule: &RuleExpr, location: &Location) -> Option<Rule> {
        match rule {
            RuleExpr::And(items, _) | RuleExpr::Or(items, _) => {
                let field = if matches!(rule, RuleExpr::And(..)) {
                    "And"
                } else {
                    "Or"
                };
                let mut rules = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let at = location.field(field).index(i);
                    self.mark(at.clone(), item.span());
                    rules.push(self.rule(item, &at)?);
                }
                Some(if field == "And" {
                    Rule::And(rules)
                } else {
                    Rule::Or(rules)
                })
            }
            RuleExpr::Not(inner, _) => {
                let at = location.field("Not");
                self.mark(at.clone(), inner.span());
                Some(Rule::not(self.rule(inner, &at)?))
            }
            RuleExpr::Raw(value) => {
                let json = self.json(value, location)?;
                match builder_core::asl::rule_from_json(&json, "rule") {
                    Ok(rule) => Some(rule),
                    Err(message) => {
                        let message = message
                            .strip_prefix("rule: ")
                            .unwrap_or(&message)
                            .to_owned();
                        self.error(value.span(), format!("invalid raw choice rule: {message}"));
                        None
                    }
                }
            }
            RuleExpr::Method {
                subject,
                method,
                arg,
                negated,
            } => {
                let variable = self.variable(subject, location)?;
                let name = method.to_string();
                const METHODS: &[(&str, Operator)] = &[
                    ("is_present", Operator::IsPresent),
                    ("is_null", Operator::IsNull),
                    ("is_string", Operator::IsString),
                    ("is_numeric", Operator::IsNumeric),
                    ("is_boolean", Operator::IsBoolean),
                    ("is_timestamp", Operator::IsTimestamp),
                    ("matches", Operator::StringMatches),
                ];
                let Some(&(_, operator)) = METHODS.iter().find(|(m, _)| *m == name) else {
                    let mut message = format!("unknown rule method `{name}`");
                    if let Some(close) = closest(&name, METHODS.iter().map(|(m, _)| *m)) {
                        message.push_str(&format!("; did you mean `{close}`?"));
                    }
                    message.push_str("\nthe methods are `is_present()`, `is_null()`, `is_string()`, `is_numeric()`, `is_boolean()`, `is_timestamp()` and `matches(\"pattern\")`");
                    self.error(method.span(), message);
                    return None;
                };
                let at = location.field(operator.as_str());
                self.mark(at, arg.as_ref().map_or(method.span(), Value::span));
                let value = if operator == Operator::StringMatches {
                    match arg {
                        Some(Value::Str(pattern, _)) => Operand::String(pattern.clone()),
                        _ => {
                            self.error(
                                method.span(),
                                "`matches` takes one pattern string, such as `matches(\"user-*\")`",
                            );
                            return None;
                        }
                    }
                } else {
                    if let Some(arg) = arg {
                        self.error(arg.span(), format!("`{name}()` takes no argument"));
                        return None;
                    }
                    Operand::Bool(!negated)
                };
                Some(Rule::compare(variable, operator, value))
            }
            RuleExpr::Compare { left, op, right } => self.compare(left, *op, right, location),
        }
    }

    /// The left side of a rule: a JSONPath string (maybe in `num(..)` and co).
    fn variable(&mut self, operand: &Side, location: &Location) -> Option<String> {
        let path = match &operand.kind {
            SideKind::Str(s) | SideKind::Typed(_, s, _) => s.clone(),
            _ => {
                self.error_range(
                    operand.span,
                    "the left side of a rule is the JSONPath of the value to test, such as `\"$.count\"`",
                );
                return None;
            }
        };
        self.mark_range(location.field("Variable"), operand.span);
        Some(path)
    }

    fn compare(
        &mut self,
        left: &Side,
        (op, op_span): (CmpOp, Span),
        right: &Side,
        location: &Location,
    ) -> Option<Rule> {
        #[derive(Clone, Copy, PartialEq)]
        enum Ty {
            Str,
            Num,
            Bool,
            Time,
        }
        let ty_of_fn = |f: &Ident| match f.to_string().as_str() {
            "num" => Ty::Num,
            "string" => Ty::Str,
            "bool" => Ty::Bool,
            _ => Ty::Time,
        };
        let ty_name = |t: Ty| match t {
            Ty::Str => "a string",
            Ty::Num => "a number",
            Ty::Bool => "a boolean",
            Ty::Time => "a timestamp",
        };
        // A `!=` is `Not` around `==`.
        let negated = op == CmpOp::Ne;
        let (location, op) = if negated {
            (location.field("Not"), CmpOp::Eq)
        } else {
            (location.clone(), op)
        };
        let left_ty = match &left.kind {
            SideKind::Typed(f, ..) => Some(ty_of_fn(f)),
            _ => None,
        };
        let variable = self.variable(left, &location)?;
        // The right side: its type, whether it is a path, its value, and
        // where its value was written.
        let (right_ty, is_path, value, value_span) = match &right.kind {
            SideKind::Str(s) => (
                left_ty.unwrap_or(Ty::Str),
                false,
                Operand::String(s.clone()),
                right.span,
            ),
            SideKind::Number(n) => (Ty::Num, false, Operand::Number(*n), right.span),
            SideKind::Bool(b) => (Ty::Bool, false, Operand::Bool(*b), right.span),
            SideKind::Null => {
                self.error_range(
                    right.span,
                    "compare with `null` using `.is_null()`, such as `\"$.x\".is_null()`",
                );
                return None;
            }
            SideKind::Typed(f, s, inner) => {
                let ty = ty_of_fn(f);
                // `timestamp("2024-...")` is a literal; `timestamp("$.t")` a path.
                let is_path = ty != Ty::Time || s.starts_with('$');
                (ty, is_path, Operand::String(s.clone()), (*inner, *inner))
            }
        };
        if let Some(lt) = left_ty {
            if lt != right_ty {
                self.error_range(
                    right.span,
                    format!(
                        "cannot compare {} with {}: both sides of a rule must have the same type",
                        ty_name(lt),
                        ty_name(right_ty)
                    ),
                );
                return None;
            }
        }
        if right_ty == Ty::Bool && op != CmpOp::Eq {
            self.error(
                op_span,
                format!(
                    "`{}` cannot compare booleans; use `==` or `!=`",
                    op.as_str()
                ),
            );
            return None;
        }
        use Operator as O;
        let operator = match (right_ty, op, is_path) {
            (Ty::Str, CmpOp::Eq, false) => O::StringEquals,
            (Ty::Str, CmpOp::Eq, true) => O::StringEqualsPath,
            (Ty::Str, CmpOp::Lt, false) => O::StringLessThan,
            (Ty::Str, CmpOp::Lt, true) => O::StringLessThanPath,
            (Ty::Str, CmpOp::Le, false) => O::StringLessThanEquals,
            (Ty::Str, CmpOp::Le, true) => O::StringLessThanEqualsPath,
            (Ty::Str, CmpOp::Gt, false) => O::StringGreaterThan,
            (Ty::Str, CmpOp::Gt, true) => O::StringGreaterThanPath,
            (Ty::Str, CmpOp::Ge, false) => O::StringGreaterThanEquals,
            (Ty::Str, CmpOp::Ge, true) => O::StringGreaterThanEqualsPath,
            (Ty::Num, CmpOp::Eq, false) => O::NumericEquals,
            (Ty::Num, CmpOp::Eq, true) => O::NumericEqualsPath,
            (Ty::Num, CmpOp::Lt, false) => O::NumericLessThan,
            (Ty::Num, CmpOp::Lt, true) => O::NumericLessThanPath,
            (Ty::Num, CmpOp::Le, false) => O::NumericLessThanEquals,
            (Ty::Num, CmpOp::Le, true) => O::NumericLessThanEqualsPath,
            (Ty::Num, CmpOp::Gt, false) => O::NumericGreaterThan,
            (Ty::Num, CmpOp::Gt, true) => O::NumericGreaterThanPath,
            (Ty::Num, CmpOp::Ge, false) => O::NumericGreaterThanEquals,
            (Ty::Num, CmpOp::Ge, true) => O::NumericGreaterThanEqualsPath,
            (Ty::Bool, _, false) => O::BooleanEquals,
            (Ty::Bool, _, true) => O::BooleanEqualsPath,
            (Ty::Time, CmpOp::Eq, false) => O::TimestampEquals,
            (Ty::Time, CmpOp::Eq, true) => O::TimestampEqualsPath,
            (Ty::Time, CmpOp::Lt, false) => O::TimestampLessThan,
            (Ty::Time, CmpOp::Lt, true) => O::TimestampLessThanPath,
            (Ty::Time, CmpOp::Le, false) => O::TimestampLessThanEquals,
            (Ty::Time, CmpOp::Le, true) => O::TimestampLessThanEqualsPath,
            (Ty::Time, CmpOp::Gt, false) => O::TimestampGreaterThan,
            (Ty::Time, CmpOp::Gt, true) => O::TimestampGreaterThanPath,
            (Ty::Time, CmpOp::Ge, false) => O::TimestampGreaterThanEquals,
            (Ty::Time, CmpOp::Ge, true) => O::TimestampGreaterThanEqualsPath,
            (_, CmpOp::Ne, _) => return None, // rewritten to `Not` above
        };
        self.mark_range(location.field(operator.as_str()), value_span);
        let rule = Rule::compare(variable, operator, value);
        Some(if negated { Rule::not(rule) } else { rule })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_option_is_lowered() {
        // Each option of the table must be consumed by its kinds' lowering:
        // apply it alone to each kind and check no value is left over.
        for &(name, _, want, kinds) in STATE_OPTIONS {
            let value = match want {
                Want::Path | Want::NullablePath | Want::Str => "\"$.x\"",
                Want::Uint => "1",
                Want::Number => "1.5",
                Want::Bool => "true",
                Want::Json => "{ \"a\": 1 }",
                Want::Name => "X",
                Want::Word(words) => words[0],
            };
            for kind in kinds {
                let keyword = kind.keyword();
                let (head, body) = match kind {
                    K::Task => ("(\"arn:aws:states:::lambda:invoke\", ".to_owned(), ""),
                    K::Wait if !name.starts_with("seconds") && !name.starts_with("timestamp") => {
                        ("(seconds: 1, ".to_owned(), "")
                    }
                    K::Choice => ("(".to_owned(), "{ _ => X }"),
                    K::Parallel => ("(".to_owned(), "{ branch { pass Y; } }"),
                    K::Map => ("(".to_owned(), "{ pass Y; }"),
                    _ => ("(".to_owned(), ""),
                };
                let src = format!("M {{ {keyword} S{head}{name}: {value}) {body}; pass X; }}");
                let tokens: TokenStream = src.parse().unwrap();
                let mut errors = Errors::default();
                let machine = crate::syntax::parse_machine(tokens, &mut errors).unwrap();
                let _ = lower(&machine, &mut errors);
                let messages: Vec<String> =
                    errors.into_vec().iter().map(|e| e.to_string()).collect();
                assert!(
                    messages.iter().all(|m| !m.contains("unknown option")
                        && !m.contains("takes")
                        && !m.contains("internal error")),
                    "{src}: {messages:?}"
                );
            }
        }
    }
}
