//! The workflow generator: random valid state machines built through the
//! runtime builder API (`StateMachine::builder`, `Task`, `Pass`, `Choice`,
//! `Wait`, `Succeed`, `Fail`, `Parallel`, `Map`, `Retrier`, `Catcher`, ...),
//! never by writing JSON.
//!
//! Every machine comes from one 64-bit seed, printed in its `Comment`, so a
//! failure reproduces with `conformance-corpus emit --one <seed>`.
//!
//! Two modes:
//!
//! - **full**: every state kind and every option the builders offer, nested
//!   Parallel and Map states several levels deep, Choice rules with all 39
//!   operators and And/Or/Not, retries, catches, auto-catch on and off with
//!   generated and explicit fallbacks, loops that exit through a Choice,
//!   intrinsic functions, context paths, task integrations, Distributed Maps,
//!   schedule events and tricky strings everywhere text goes;
//! - **executable**: only Pass, Choice, Wait (`Seconds: 0`), Succeed, Fail,
//!   Parallel, Map and Lambda tasks (which echo their input), with paths
//!   that exist in the data flowing through, plus three inputs per machine
//!   whose expected outcome [`crate::eval`] computes.
//!
//! Validity is by construction: the states of a block form a *spine* (each
//! one continues to the next; a Choice's `Default` or one of its rules
//! always goes on along the spine), followed by a *tail* of side chains and
//! error handlers, each of which something refers to. The generator tracks
//! the block's catch policy so that `auto_catch` always has a target.

use crate::eval::{self, all_ascii, Ctx, Outcome};
use crate::rng::Rng;
use crate::strings::{intrinsic_safe, schedule_safe, TRICKY, TRICKY_NAMES};
use builder_core::json::Number;
use builder_core::serverless::schema;
use builder_core::*;
use std::collections::{BTreeMap, HashSet};

/// A leaf standing for a value that differs from one input to another in
/// structure (a Choice took another way); paths never go into it.
const OPAQUE: &str = "\u{0}opaque";

/// One execution of an executable machine.
#[derive(Clone, Debug)]
pub struct Case {
    /// Its name in the cases file.
    pub name: String,
    /// The execution input.
    pub input: Json,
    /// What the evaluator says the execution ends with.
    pub outcome: Outcome,
}

/// A generated machine.
pub struct Generated {
    /// Its seed.
    pub seed: u64,
    /// The machine, built (and so validated) by the builder.
    pub machine: StateMachine,
    /// Whether it is executable (then `cases` holds its executions).
    pub executable: bool,
    /// The executions, for an executable machine.
    pub cases: Vec<Case>,
    /// What the machine uses.
    pub coverage: Coverage,
}

/// Counts of the features the generator used.
#[derive(Clone, Debug, Default)]
pub struct Coverage(pub BTreeMap<String, usize>);

impl Coverage {
    fn hit(&mut self, feature: impl Into<String>) {
        *self.0.entry(feature.into()).or_default() += 1;
    }

    /// Adds another machine's counts.
    pub fn merge(&mut self, other: &Coverage) {
        for (k, v) in &other.0 {
            *self.0.entry(k.clone()).or_default() += v;
        }
    }

    /// Every feature a corpus of a few hundred machines must use; the ones
    /// missing from this coverage.
    pub fn missing(&self) -> Vec<String> {
        let mut want: Vec<String> = REQUIRED.iter().map(|s| s.to_string()).collect();
        want.extend(Operator::ALL.iter().map(|op| format!("op.{}", op.as_str())));
        want.extend(INTRINSICS.iter().map(|f| format!("intrinsic.{f}")));
        want.into_iter()
            .filter(|f| !self.0.contains_key(f))
            .collect()
    }
}

/// The 18 intrinsic functions.
pub const INTRINSICS: &[&str] = &[
    "Format",
    "StringToJson",
    "JsonToString",
    "Array",
    "ArrayPartition",
    "ArrayContains",
    "ArrayRange",
    "ArrayGetItem",
    "ArrayLength",
    "ArrayUnique",
    "Base64Encode",
    "Base64Decode",
    "Hash",
    "JsonMerge",
    "MathRandom",
    "MathAdd",
    "StringSplit",
    "UUID",
];

const REQUIRED: &[&str] = &[
    "state.Task",
    "state.Pass",
    "state.Choice",
    "state.Wait",
    "state.Succeed",
    "state.Fail",
    "state.Parallel",
    "state.Map",
    "rule.And",
    "rule.Or",
    "rule.Not",
    "retry",
    "retry.interval",
    "retry.max_attempts",
    "retry.backoff",
    "retry.max_delay",
    "retry.jitter.FULL",
    "retry.jitter.NONE",
    "retry.states_all",
    "catch",
    "catch.result_path",
    "catch.result_path_null",
    "catch.states_all",
    "auto_catch.off",
    "auto_catch.on",
    "auto_fallback.off",
    "fallback.machine",
    "fallback.map",
    "fallback.generated",
    "map.auto_catch_override",
    "loop",
    "loop.exec",
    "choice.backward",
    "choice.no_default",
    "choice.side_chain",
    "fail.error",
    "fail.cause",
    "fail.error_path",
    "fail.cause_path",
    "fail.intrinsic_path",
    "context.path",
    "context.map_item",
    "tricky.string",
    "tricky.name",
    "tricky.key",
    "long.name",
    "depth.3",
    "depth.4",
    "map.distributed",
    "map.item_reader",
    "map.result_writer",
    "map.item_batcher",
    "map.tolerated",
    "map.label",
    "map.item_selector",
    "map.max_concurrency",
    "map.max_concurrency_path",
    "map.no_items_path",
    "parallel.branches3",
    "task.function",
    "task.function_named",
    "task.timeout",
    "task.heartbeat",
    "task.timeout_path",
    "task.heartbeat_path",
    "task.credentials",
    "task.arn.lambda_invoke",
    "task.arn.sqs",
    "task.arn.sns",
    "task.arn.dynamodb",
    "task.arn.start_execution",
    "task.arn.events",
    "task.arn.wait_for_token",
    "task.arn.activity",
    "task.arn.sdk",
    "task.arn.lambda",
    "resource.intrinsic",
    "self.arn",
    "io.input_path",
    "io.discard_input",
    "io.output_path",
    "io.discard_output",
    "io.result_path",
    "io.discard_result",
    "parameters",
    "result_selector",
    "pass.result",
    "wait.seconds",
    "wait.until",
    "wait.seconds_path",
    "wait.timestamp_path",
    "next.explicit",
    "end.explicit",
    "side.rejoin",
    "machine.express",
    "machine.timeout",
    "machine.comment",
    "event.schedule",
    "event.input",
    "event.schedule.scheduler",
    "event.http",
    "event.event_bridge",
    "setting.logging",
    "setting.tags",
    "setting.alarms",
    "setting.notifications",
    "setting.encryption",
    "exec.expect_error",
    "exec.expect_output",
    "exec.caught",
];

/// Generates machine `seed`. `executable`: force the mode (`None`: decided
/// by the seed, about 40% executable). `functions` are the service's
/// functions its tasks may call (at least one).
pub fn generate(
    seed: u64,
    functions: &[FunctionHandle],
    executable: Option<bool>,
) -> Result<Generated, String> {
    assert!(
        !functions.is_empty(),
        "generate() needs at least one function"
    );
    let mut rng = Rng::new(seed);
    let exec = executable.unwrap_or_else(|| rng.chance(40));
    let max_depth = *rng.pick(if exec {
        &[1, 2, 2, 3, 3, 4][..]
    } else {
        &[1, 2, 3, 3, 4, 4, 5][..]
    });
    let budget = if exec {
        rng.range(6, 28)
    } else {
        rng.range(8, 48)
    } as i64;
    let g = G {
        rng,
        seed,
        exec,
        functions,
        counter: 0,
        names: HashSet::new(),
        coverage: Coverage::default(),
        budget,
        max_depth,
        header_catch: true,
        header_fallback: true,
        error_names: Vec::new(),
        deepest: 0,
        schema: (Vec::new(), 0),
        plain: false,
        express: false,
    };
    g.machine()
}

struct G<'f> {
    rng: Rng,
    seed: u64,
    exec: bool,
    functions: &'f [FunctionHandle],
    counter: usize,
    names: HashSet<String>,
    coverage: Coverage,
    budget: i64,
    max_depth: usize,
    header_catch: bool,
    header_fallback: bool,
    /// Error names of the executable machine's Fail states so far.
    error_names: Vec<String>,
    deepest: usize,
    /// The keys of an executable machine's input, and its number of items.
    schema: (Vec<&'static str>, usize),
    /// Text constants only of plain ASCII (inside an executable ItemSelector).
    plain: bool,
    /// In an Express workflow (the machine, or the child executions of an
    /// Express Distributed Map): request-response integrations only.
    express: bool,
}

/// What `auto_catch` does in a block.
#[derive(Clone, Debug, PartialEq)]
enum Auto {
    /// Nothing (a branch, or `auto_catch: false`).
    Off,
    /// Catches into the fallback state `build()` adds.
    Generated,
    /// Catches into this state of the block (`fallback: <name>`).
    Explicit(String),
    /// `auto_catch` on, no fallback: every catchable state needs a Catch of
    /// its own.
    Missing,
}

/// A block under construction, besides its spine's drafts.
struct Blk {
    depth: usize,
    auto: Auto,
    /// The names of the spine, in order.
    spine: Vec<String>,
    /// Side chains and handlers, after the spine.
    tail: Vec<Draft>,
    /// Terminal states of the tail that catches and rules may target.
    handlers: Vec<String>,
    /// States something must refer to.
    pending: Vec<String>,
    referenced: HashSet<String>,
    /// Some state of the block relies on auto-catch.
    auto_caught: bool,
    /// The block's output may differ in shape from one input to another.
    diverges: bool,
    /// The block may end with an error.
    may_fail: bool,
}

/// The result of a block.
struct BlockOut {
    drafts: Vec<Draft>,
    /// The output along the spine (executable mode), or OPAQUE.
    shape: Option<Json>,
    may_fail: bool,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Pass,
    Task,
    /// A Task named after the function it calls (`Task::function`).
    FunctionTask(usize),
    Wait,
    Choice,
    Parallel,
    Map,
    Succeed,
    Fail,
    LoopInit(usize),
    LoopInc(usize),
    LoopBody(usize),
    LoopCheck(usize),
}

/// How a state leaves.
#[derive(Clone, Debug, PartialEq)]
enum Flow {
    /// To the next state of the block (or `End` when last).
    Default,
    Next(String),
    End,
}

/// How the caller wants a state to leave.
#[derive(Clone, Debug)]
enum FlowSpec {
    /// A state of the spine; the last one ends the block.
    Spine { last: bool, next: Option<String> },
    /// Exactly this.
    Fixed(Flow),
}

macro_rules! with_input {
    ($b:expr, $p:expr) => {
        match $p {
            None => $b,
            Some(NullablePath::Null) => $b.discard_input(),
            Some(NullablePath::Path(p)) => $b.input_path(p),
        }
    };
}
macro_rules! with_output {
    ($b:expr, $p:expr) => {
        match $p {
            None => $b,
            Some(NullablePath::Null) => $b.discard_output(),
            Some(NullablePath::Path(p)) => $b.output_path(p),
        }
    };
}
macro_rules! with_result {
    ($b:expr, $p:expr) => {
        match $p {
            None => $b,
            Some(NullablePath::Null) => $b.discard_result(),
            Some(NullablePath::Path(p)) => $b.result_path(p),
        }
    };
}
macro_rules! with_flow {
    ($b:expr, $f:expr) => {
        match $f {
            Flow::Default => $b,
            Flow::Next(n) => $b.next(n),
            Flow::End => $b.end(),
        }
    };
}

/// The builders of the states that have a result, retries and catches.
trait Recoverable: Sized + Into<Draft> {
    fn selector(self, s: Json) -> Self;
    fn with_result_path(self, p: Option<NullablePath>) -> Self;
    fn with_output_path(self, p: Option<NullablePath>) -> Self;
    fn add_retry(self, r: Retrier) -> Self;
    fn add_catch(self, c: Catcher) -> Self;
    fn with_flow(self, f: Flow) -> Self;
}

macro_rules! recoverable {
    ($t:ty) => {
        impl Recoverable for $t {
            fn selector(self, s: Json) -> Self {
                self.result_selector(s)
            }
            fn with_result_path(self, p: Option<NullablePath>) -> Self {
                with_result!(self, p)
            }
            fn with_output_path(self, p: Option<NullablePath>) -> Self {
                with_output!(self, p)
            }
            fn add_retry(self, r: Retrier) -> Self {
                self.retry(r)
            }
            fn add_catch(self, c: Catcher) -> Self {
                self.catch(c)
            }
            fn with_flow(self, f: Flow) -> Self {
                with_flow!(self, f)
            }
        }
    };
}
recoverable!(Task);
recoverable!(Parallel);
recoverable!(Map);

/// Applies a step to a tracked shape: `Ok(None)` when shapes are not
/// tracked (full mode), `Err` when the step would be a runtime error.
fn step(
    shape: Option<&Json>,
    f: impl FnOnce(&Json) -> Result<Json, eval::Flow>,
) -> Result<Option<Json>, ()> {
    match shape {
        None => Ok(None),
        Some(s) => f(s).map(Some).map_err(|_| ()),
    }
}

fn is_opaque(v: &Json) -> bool {
    matches!(v, Json::String(s) if s == OPAQUE)
}

/// Same keys and types all the way down (values may differ).
fn same_structure(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((k1, v1), (k2, v2))| k1 == k2 && same_structure(v1, v2))
        }
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v1, v2)| same_structure(v1, v2))
        }
        (Json::String(x), Json::String(y)) => (x == OPAQUE) == (y == OPAQUE),
        (Json::Number(_), Json::Number(_))
        | (Json::Bool(_), Json::Bool(_))
        | (Json::Null, Json::Null) => true,
        _ => false,
    }
}

const ERRORS: &[&str] = &[
    "States.TaskFailed",
    "States.Timeout",
    "States.HeartbeatTimeout",
    "States.Permissions",
    "States.ResultPathMatchFailure",
    "States.ParameterPathFailure",
    "States.BranchFailed",
    "States.NoChoiceMatched",
    "States.IntrinsicFailure",
    "States.ExceedToleratedFailureThreshold",
    "States.ItemReaderFailed",
    "States.ResultWriterFailed",
    "States.DataLimitExceeded",
    "States.QueryEvaluationError",
    // not "States.Http.Socket": moto 5.2.5 refuses it (see README)
    "States.Runtime",
    "Lambda.ServiceException",
    "Lambda.TooManyRequestsException",
    "Lambda.AWSLambdaException",
    "Corpus.Custom",
    "MyError",
    "error: with a colon",
    "ünïcode-error",
];

/// Reference paths (one node): ResultPath, ItemsPath, `…Path` fields,
/// Choice `Variable`.
const REF_PATHS: &[&str] = &[
    "$",
    "$.a",
    "$.a.b",
    "$.items[0]",
    "$.items[0].id",
    "$.a_b.c1",
    "$.Camel.Case",
    "$.x1.y2.z3",
];

/// Paths that select several nodes (InputPath, OutputPath, `.$` values).
const PATHS: &[&str] = &[
    "$.items[*].id",
    "$..id",
    "$.items[1:3]",
    "$.items[0,1]",
    "$.items[*]",
];

const CONTEXT_PATHS: &[&str] = &[
    "$$.Execution.Id",
    "$$.Execution.Name",
    "$$.Execution.StartTime",
    "$$.Execution.Input",
    "$$.Execution.Input.a",
    "$$.State.Name",
    "$$.State.EnteredTime",
    "$$.StateMachine.Id",
    "$$.StateMachine.Name",
];

const TIMESTAMPS: &[&str] = &[
    "2024-01-01T00:00:00Z",
    "2024-02-29T12:30:45Z",
    "1999-12-31T23:59:59Z",
    "2030-06-15T08:00:00.250Z",
    "2024-07-04T12:00:00+02:00",
    "2023-03-01T00:00:00.5-03:30",
];

const PATTERNS: &[&str] = &[
    "*",
    "a*",
    "*.csv",
    "log-\\*-*",
    "back\\\\slash*",
    "ünï*",
    "*: *",
    "",
    "exact",
];

impl G<'_> {
    // ------------------------------------------------------------ small pieces

    fn fresh(&mut self, base: &str) -> String {
        self.counter += 1;
        format!("{base}{}", self.counter)
    }

    /// A new, unique state name. `long_ok`: it may be 80 characters long (a
    /// Map's may not: `<name>Fallback` must stay within 80).
    fn name(&mut self, kind: &str, long_ok: bool) -> String {
        self.counter += 1;
        let n = self.counter;
        let name = if long_ok && self.rng.chance(2) {
            self.coverage.hit("long.name");
            let head = format!("Long{kind}{n}_");
            let fill = 80 - head.chars().count();
            format!("{head}{}", "x".repeat(fill))
        } else if self.rng.chance(10) {
            self.coverage.hit("tricky.name");
            let base = *self.rng.pick(TRICKY_NAMES);
            if self.names.contains(base) {
                format!("{base} {n}")
            } else {
                base.to_owned()
            }
        } else {
            format!("{kind}{n}")
        };
        self.names.insert(name.clone());
        name
    }

    fn tricky(&mut self) -> String {
        self.coverage.hit("tricky.string");
        if self.plain {
            // moto 5.2.5 escapes `"`, `\` and non-ASCII text in ItemSelector
            // constants (see README)
            let plain: Vec<&str> = TRICKY
                .iter()
                .copied()
                .filter(|s| {
                    s.chars()
                        .all(|c| c.is_ascii() && !c.is_control() && c != '"' && c != '\\')
                })
                .collect();
            return self.rng.pick(&plain).to_string();
        }
        if self.exec {
            // moto 5.2.5 fails (UnicodeEncodeError, surrogates) when a
            // character beyond U+FFFF from the definition becomes a whole
            // state output (see README)
            let bmp: Vec<&str> = TRICKY
                .iter()
                .copied()
                .filter(|s| s.chars().all(|c| (c as u32) < 0x10000))
                .collect();
            return self.rng.pick(&bmp).to_string();
        }
        self.rng.pick(TRICKY).to_string()
    }

    fn comment(&mut self) -> Option<String> {
        self.rng.chance(20).then(|| self.tricky())
    }

    fn number(&mut self) -> Json {
        if self.exec {
            // no negative integers (moto reads them as floats) and no whole
            // floats (JSON.parse in the runner makes them integers): either
            // would show in States.JsonToString (see README)
            return match self.rng.below(3) {
                0 => Json::from(self.rng.range(0, 1000)),
                1 => Json::from((self.rng.range(0, 200) * 2 + 1) as f64 / 4.0 - 50.0),
                _ => Json::from(self.rng.range(1, 9_007_199_254)),
            };
        }
        match self.rng.below(5) {
            0 => Json::from(self.rng.range(0, 1000)),
            1 => Json::from(-(self.rng.range(1, 1000) as i64)),
            2 => Json::from(self.rng.range(0, 400) as f64 / 4.0 - 50.0),
            3 => Json::from(0),
            _ => Json::from(self.rng.range(1, 9_007_199_254)),
        }
    }

    /// Constant JSON (no `.$` keys), with tricky strings.
    fn constant(&mut self, depth: usize) -> Json {
        self.constant_in(depth, false)
    }

    /// Constant JSON; `template`: inside a payload template, where the
    /// plugin's asl-validator wants every string item of an array to be
    /// non-empty and on one line (see README).
    fn constant_in(&mut self, depth: usize, template: bool) -> Json {
        match self.rng.below(if depth > 2 { 4 } else { 7 }) {
            0 | 1 => Json::from(self.tricky()),
            2 => self.number(),
            3 => Json::from(self.rng.chance(50)),
            4 => {
                let n = self.rng.below(4);
                // no `null` items: the plugin's validator refuses them
                let items = (0..n)
                    .map(|_| match self.constant_in(depth + 1, template) {
                        Json::String(s) if template && !array_item_ok(&s) => Json::from("item"),
                        other => other,
                    })
                    .collect();
                Json::Array(items)
            }
            _ => {
                let n = self.rng.below(4);
                let mut pairs = Vec::new();
                for _ in 0..n {
                    let key = self.key();
                    let value = if self.rng.chance(10) {
                        Json::Null
                    } else {
                        self.constant_in(depth + 1, template)
                    };
                    pairs.push((key, value));
                }
                Json::Object(pairs)
            }
        }
    }

    /// A unique object key, sometimes tricky.
    fn key(&mut self) -> String {
        if self.rng.chance(15) {
            self.coverage.hit("tricky.key");
            // executable mode: no integer-like keys (JavaScript reorders them,
            // which shows in States.JsonToString)
            let bases: &[&str] = if self.exec {
                &["a b", "ünï", "k:v", "#h", "yes", "\"q\"", "-d", "*s", "no"]
            } else {
                &[
                    "a b", "ünï", "k:v", "#h", "yes", "\"q\"", "-d", "*s", "no", "1", "",
                ]
            };
            let base = *self.rng.pick(bases);
            self.fresh(base)
        } else {
            self.fresh("k")
        }
    }

    // ------------------------------------------------------------ machine

    fn machine(mut self) -> Result<Generated, String> {
        let seed = self.seed;
        let name = match self.rng.below(3) {
            0 => format!("M{seed:016x}"),
            1 => format!("Flow_{seed:016x}"),
            _ => format!("corpus-{seed:016x}"),
        };
        let tail = if self.rng.chance(50) {
            format!("; {}", self.tricky())
        } else {
            String::new()
        };
        let mut builder = StateMachine::builder(name.as_str()).comment(format!(
            "corpus machine, seed {seed:#018x} (reproduce: conformance-corpus emit --one {seed:#018x}){tail}"
        ));
        self.coverage.hit("machine.comment");
        if self.rng.chance(25) {
            builder = builder.machine_type(MachineType::Express);
            self.coverage.hit("machine.express");
            self.express = true;
        }
        if self.rng.chance(30) {
            // statelint 1.30 refuses 99999999 itself (see README)
            builder = builder.timeout(self.rng.range(1, 99_999_998));
            self.coverage.hit("machine.timeout");
        }
        if !self.exec && self.rng.chance(25) {
            builder = builder.event(self.schedule());
        }
        if self.rng.chance(12) {
            builder = builder.event(self.http(seed));
        }
        if self.rng.chance(12) {
            builder = builder.event(self.event_bridge(seed));
        }
        builder = self.settings(builder, seed);
        let auto = match self.rng.below(10) {
            0 | 1 => {
                builder = builder.auto_catch(false);
                self.header_catch = false;
                self.coverage.hit("auto_catch.off");
                Auto::Off
            }
            2 | 3 => {
                let fallback = self.name("Fallback_", true);
                builder = builder.fallback(fallback.as_str());
                self.coverage.hit("fallback.machine");
                if self.rng.chance(50) {
                    builder = builder.auto_fallback(false);
                    self.header_fallback = false;
                }
                Auto::Explicit(fallback)
            }
            4 => {
                builder = builder.auto_fallback(false);
                self.header_fallback = false;
                self.coverage.hit("auto_fallback.off");
                Auto::Missing
            }
            _ => {
                if self.rng.chance(30) {
                    builder = builder.auto_catch(true).auto_fallback(true);
                }
                Auto::Generated
            }
        };
        if auto != Auto::Off {
            self.coverage.hit("auto_catch.on");
        }
        let inputs = if self.exec { self.inputs() } else { Vec::new() };
        let shape = self.exec.then(|| self.sample());
        let out = self.block(0, auto, shape);
        for d in out.drafts {
            builder = builder.state(d);
        }
        for d in 0..=self.deepest.min(6) {
            self.coverage.hit(format!("depth.{d}"));
        }
        let machine = builder.build().map_err(|e| {
            format!(
                "seed {seed:#018x}: the generated machine does not build (a generator bug): {e}"
            )
        })?;
        let mut cases = Vec::new();
        for (i, mut input) in inputs.into_iter().enumerate() {
            // an input on which two branches or iterations fail with
            // different errors has no single expected outcome, and one on
            // which moto differs from AWS cannot be confirmed: draw another
            let mut outcome = eval::run(&machine, &input);
            for _ in 0..20 {
                match &outcome {
                    Err(e) if eval::redraw(e) => {
                        input = self.input(&self.schema.0.clone(), self.schema.1);
                        outcome = eval::run(&machine, &input);
                    }
                    _ => break,
                }
            }
            if matches!(&outcome, Err(e) if eval::redraw(e)) {
                self.coverage.hit("exec.ambiguous_dropped");
                continue;
            }
            let outcome = outcome.map_err(|e| {
                format!(
                    "seed {seed:#018x}: the evaluator cannot run case {} (a generator bug): {e}",
                    i + 1
                )
            })?;
            match &outcome {
                Outcome::Succeeded(_) => self.coverage.hit("exec.expect_output"),
                Outcome::Failed { .. } => self.coverage.hit("exec.expect_error"),
            }
            cases.push(Case {
                name: format!("case {} of seed {seed:#018x}", i + 1),
                input,
                outcome,
            });
        }
        Ok(Generated {
            seed,
            machine,
            // every input ambiguous (rare): validated and packaged, not run
            executable: self.exec && !cases.is_empty(),
            cases,
            coverage: self.coverage,
        })
    }

    fn safe_text(&mut self) -> String {
        loop {
            let v = self.tricky();
            if schedule_safe(&v) {
                return v;
            }
        }
    }

    fn schedule(&mut self) -> Schedule {
        self.coverage.hit("event.schedule");
        let rate = *self.rng.pick(&[
            "rate(5 minutes)",
            "rate(1 hour)",
            "cron(0 18 ? * SAT *)",
            "0 12 * * ? *",
            "cron(15 10 ? * MON-FRI *)",
        ]);
        let mut s = Schedule::new(rate);
        if self.rng.chance(60) {
            self.coverage.hit("event.input");
            let mut pairs = Vec::new();
            for _ in 0..self.rng.range(1, 3) {
                let v = self.safe_text();
                pairs.push((self.fresh("k"), Json::from(v)));
            }
            s = s.input(Json::Object(pairs));
        }
        if self.rng.chance(50) {
            s = s.enabled(self.rng.chance(50));
        }
        if self.rng.chance(40) {
            // Rule and schedule names are unique in an account and region:
            // the machine's seed keeps them apart within a service.
            let seed = self.seed;
            s = s.name(self.fresh(&format!("corpus-{seed:016x}-rule-")));
        }
        if self.rng.chance(40) {
            s = s.description(self.safe_text());
        }
        if self.rng.chance(30) {
            self.coverage.hit("event.schedule.scheduler");
            s = s.method(ScheduleMethod::Scheduler);
            if self.rng.chance(50) {
                s = s.timezone(*self.rng.pick(&["Europe/Paris", "America/New_York", "UTC"]));
            }
        } else if self.rng.chance(30) {
            s = s.retry_policy(self.rng.range(60, 86_400), self.rng.range(0, 185));
        }
        s
    }

    /// An API Gateway endpoint: a path of its own (the endpoints of a
    /// service share one API).
    fn http(&mut self, seed: u64) -> Http {
        self.coverage.hit("event.http");
        let method = *self
            .rng
            .pick(&["get", "post", "put", "patch", "delete", "any"]);
        let mut h = Http::new(method, format!("corpus/{seed:016x}/{}", self.fresh("e")));
        if self.express && self.rng.chance(50) {
            self.coverage.hit("event.http.sync");
            h = h.action(HttpAction::StartSyncExecution);
        } else if self.rng.chance(30) {
            h = h.action(HttpAction::StartExecution);
        }
        match self.rng.below(4) {
            0 => h = h.cors(true),
            1 => {
                h = h.cors(Json::object([
                    ("origin", Json::from("https://corpus.example")),
                    ("maxAge", Json::from(self.rng.range(1, 86_400))),
                    ("allowCredentials", Json::from(self.rng.chance(50))),
                ]))
            }
            _ => {}
        }
        if self.rng.chance(30) {
            h = h.private(self.rng.chance(50));
        }
        if self.rng.chance(30) {
            h = h.timeout_in_millis(self.rng.range(50, 29_000));
        }
        if self.rng.chance(20) {
            h = h.authorizer("aws_iam");
        }
        if self.rng.chance(20) {
            h = h.response(Json::object([(
                "headers",
                Json::object([("Content-Type", "'application/json'")]),
            )]));
        }
        h
    }

    /// An EventBridge rule: on the default bus or the service's.
    fn event_bridge(&mut self, seed: u64) -> EventBridge {
        self.coverage.hit("event.event_bridge");
        let mut e = EventBridge::new(Json::object([(
            "source",
            Json::array([format!("corpus.{seed:016x}")]),
        )]));
        if self.rng.chance(50) {
            e = e.event_bus(Json::object([("Ref", "CorpusBus")]));
        }
        match self.rng.below(4) {
            0 => {
                let v = self.safe_text();
                e = e.input(Json::object([("k", v)]));
            }
            1 => e = e.input_path("$.detail"),
            2 => {
                e = e.input_transformer(
                    Json::object([("source", "$.source")]),
                    "{\"from\": <source>}",
                )
            }
            _ => {}
        }
        if self.rng.chance(40) {
            e = e.retry_policy(self.rng.range(60, 86_400), self.rng.range(0, 185));
        }
        if self.rng.chance(40) {
            e = e.dead_letter(Json::object([(
                "Fn::GetAtt",
                Json::array(["CorpusQueue", "Arn"]),
            )]));
        }
        if self.rng.chance(40) {
            e = e.enabled(self.rng.chance(50));
        }
        if self.rng.chance(30) {
            e = e.description(self.safe_text());
        }
        e
    }

    /// The plugin's machine settings, each now and then.
    fn settings(&mut self, mut b: StateMachineBuilder, seed: u64) -> StateMachineBuilder {
        if self.rng.chance(20) {
            self.coverage.hit("setting.logging");
            let level = *self.rng.pick(&[
                LogLevel::All,
                LogLevel::Error,
                LogLevel::Fatal,
                LogLevel::Off,
            ]);
            b = b.logging(level, self.rng.chance(50));
        }
        if self.rng.chance(15) {
            b = b.tracing(self.rng.chance(50));
        }
        if self.rng.chance(15) {
            self.coverage.hit("setting.tags");
            b = b.tag("corpus", format!("{seed:016x}"));
        }
        if self.rng.chance(10) {
            self.coverage.hit("setting.alarms");
            let metric = *self.rng.pick(&[
                "executionsFailed",
                "executionsTimedOut",
                "executionThrottled",
            ]);
            b = b.alarms(Json::object([
                (
                    "topics",
                    Json::object([("alarm", Json::object([("Ref", "CorpusAlerts")]))]),
                ),
                ("metrics", Json::array([metric])),
            ]));
        }
        if self.rng.chance(10) {
            self.coverage.hit("setting.notifications");
            let status = *self.rng.pick(schema::STATUSES);
            let target = match self.rng.below(3) {
                0 => Json::object([("sns", Json::object([("Ref", "CorpusAlerts")]))]),
                1 => Json::object([(
                    "sqs",
                    Json::object([("Fn::GetAtt", Json::array(["CorpusQueue", "Arn"]))]),
                )]),
                _ => Json::object([
                    ("sns", Json::object([("Ref", "CorpusAlerts")])),
                    ("inputPath", Json::from("$.detail")),
                ]),
            };
            b = b.notify(status, target);
        }
        if self.rng.chance(10) {
            b = b.use_exact_version(self.rng.chance(50));
        }
        if self.rng.chance(10) {
            b = b.retain(self.rng.chance(50));
        }
        if self.rng.chance(8) {
            self.coverage.hit("setting.encryption");
            b = b.encryption(
                "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                Some(self.rng.range(60, 900)),
            );
        }
        // The runner starts executions by the default name: not on
        // executable machines.
        if !self.exec && self.rng.chance(10) {
            self.coverage.hit("setting.deployed_name");
            b = b.deployed_name(format!("corpus-{seed:016x}-${{sls:stage}}"));
        }
        if self.rng.chance(5) {
            b = b.depends_on(Json::array(["CorpusQueue"]));
        }
        if self.rng.chance(5) {
            b = b.inherit_global_tags(self.rng.chance(50));
        }
        b
    }

    /// The inputs of an executable machine: the same keys and types, other
    /// values.
    fn inputs(&mut self) -> Vec<Json> {
        let all = [
            "id", "label", "n", "m", "x", "flag", "ts", "ts2", "code", "nothing", "tags", "nums",
            "items", "obj", "limit",
        ];
        let mut keys: Vec<&'static str> = all
            .iter()
            .copied()
            .filter(|_| self.rng.chance(70))
            .collect();
        for must in ["n", "items"] {
            if !keys.contains(&must) {
                keys.push(must);
            }
        }
        let items = self.rng.range(1, 3) as usize;
        self.schema = (keys.clone(), items);
        (0..3).map(|_| self.input(&keys, items)).collect()
    }

    /// The shape the generator works on: an input whose only non-ASCII
    /// string (`label`, the one field that may hold any text) says so.
    fn sample(&mut self) -> Json {
        let (keys, items) = self.schema.clone();
        let mut sample = self.input(&keys, items);
        if let Json::Object(pairs) = &mut sample {
            for (k, v) in pairs.iter_mut() {
                if k == "label" {
                    *v = Json::from("ünï: any text");
                }
            }
        }
        sample
    }

    fn input(&mut self, keys: &[&str], items: usize) -> Json {
        let word = |rng: &mut Rng| {
            rng.pick(&["alpha", "beta", "gamma", "a*b", "x\\y", "Zed", "10", ""])
                .to_string()
        };
        let ts = |rng: &mut Rng| {
            format!(
                "20{:02}-0{}-1{}T{:02}:{:02}:00Z",
                rng.range(20, 30),
                rng.range(1, 9),
                rng.range(0, 9),
                rng.range(0, 23),
                rng.range(0, 59)
            )
        };
        let mut pairs = Vec::new();
        for key in keys {
            let rng = &mut self.rng;
            let value = match *key {
                "id" => Json::from(word(rng)),
                "label" => Json::from(rng.pick(TRICKY).to_string()),
                "n" | "m" => Json::from(rng.range(0, 6)),
                "x" => Json::from((rng.range(0, 10) * 2 + 1) as f64 / 4.0 - 2.0),
                "flag" => Json::from(rng.chance(50)),
                "ts" | "ts2" => Json::from(ts(rng)),
                "code" => Json::from(format!("Corpus.Code{}", rng.range(1, 3))),
                "nothing" => Json::Null,
                "tags" => Json::array((0..3).map(|_| word(rng))),
                "nums" => Json::array((0..3).map(|_| rng.range(0, 5))),
                "items" => Json::Array(
                    (0..items)
                        .map(|i| {
                            Json::object([
                                ("k", Json::from(word(rng))),
                                ("v", Json::from(rng.range(0, 9))),
                                ("ok", Json::from(rng.chance(50))),
                                ("i", Json::from(i)),
                            ])
                        })
                        .collect(),
                ),
                "obj" => Json::object([
                    ("a", Json::object([("b", Json::from(word(rng)))])),
                    ("c", Json::from(rng.range(0, 3))),
                ]),
                _ => Json::from(rng.range(1, 3)), // limit
            };
            pairs.push((key.to_string(), value));
        }
        Json::Object(pairs)
    }

    // ------------------------------------------------------------ blocks

    fn block(&mut self, depth: usize, auto: Auto, input: Option<Json>) -> BlockOut {
        self.deepest = self.deepest.max(depth);
        let mut b = Blk {
            depth,
            auto: auto.clone(),
            spine: Vec::new(),
            tail: Vec::new(),
            handlers: Vec::new(),
            pending: Vec::new(),
            referenced: HashSet::new(),
            auto_caught: false,
            diverges: false,
            may_fail: false,
        };
        match &auto {
            Auto::Explicit(name) => {
                let name = name.clone();
                self.handler(&mut b, Some(name.clone()));
                b.pending.push(name);
            }
            Auto::Generated => self.coverage.hit("fallback.generated"),
            _ => {}
        }
        let plan = self.plan(&b);
        b.spine = plan.iter().map(|(_, n)| n.clone()).collect();
        let start_shape = input.clone();
        let mut shape = input;
        let mut drafts = Vec::new();
        for i in 0..plan.len() {
            let draft = self.state(&mut b, &plan, i, &mut shape);
            drafts.push(draft);
        }
        let auto_target = match &b.auto {
            Auto::Explicit(f) if b.auto_caught => Some(f.clone()),
            _ => None,
        };
        let unreferenced: Vec<String> = b
            .pending
            .iter()
            .filter(|n| !b.referenced.contains(*n) && Some(*n) != auto_target.as_ref())
            .cloned()
            .collect();
        if !unreferenced.is_empty() {
            // a Choice in front that refers to them
            let name = self.name("Choice", true);
            self.coverage.hit("state.Choice");
            let mut c = Choice::new(name.as_str());
            for target in &unreferenced {
                let rule = self.rule(start_shape.as_ref(), 0);
                c = c.when(rule, target.as_str());
            }
            drafts.insert(0, c.otherwise(plan[0].1.as_str()).into());
        }
        let diverges = b.diverges || !b.tail.is_empty();
        drafts.append(&mut b.tail);
        BlockOut {
            drafts,
            shape: shape.map(|s| if diverges { Json::from(OPAQUE) } else { s }),
            may_fail: b.may_fail,
        }
    }

    /// The kinds and names of the spine.
    fn plan(&mut self, b: &Blk) -> Vec<(Kind, String)> {
        let want = if b.depth == 0 {
            self.rng.range(2, 8)
        } else {
            self.rng.range(1, 5)
        } as i64;
        let n = want.min(self.budget).max(1) as usize;
        let nest_ok = b.depth < self.max_depth && self.budget > 3;
        let mut kinds = Vec::new();
        while kinds.len() + 1 < n {
            let k = match self.rng.below(100) {
                0..=17 => Kind::Pass,
                18..=42 => Kind::Task,
                43..=50 => Kind::Wait,
                51..=64 => Kind::Choice,
                65..=76 if nest_ok => Kind::Parallel,
                77..=88 if nest_ok => Kind::Map,
                89..=95 => {
                    self.counter += 1;
                    let id = self.counter;
                    kinds.push(Kind::LoopInit(id));
                    kinds.push(Kind::LoopInc(id));
                    if self.rng.chance(60) {
                        kinds.push(Kind::LoopBody(id));
                    }
                    Kind::LoopCheck(id)
                }
                _ => Kind::Pass,
            };
            kinds.push(k);
        }
        // The top level starts with a task on a function of the service:
        // the plugin then writes the definition as `Fn::Sub` (for its
        // `Fn::GetAtt`), as in every real service. With a plain string,
        // cfn-lint 1.58 validates the packaged definition and crashes (E1101)
        // on its own false positive about the plugin's `QueryLanguage` on a
        // Succeed state inside a branch (see README).
        if b.depth == 0 {
            kinds.insert(0, Kind::Task);
        }
        // the last state ends the block
        let last = match self.rng.below(100) {
            0..=19 => Kind::Succeed,
            20..=27 if !self.exec || self.rng.chance(50) => Kind::Fail,
            28..=40 if nest_ok => Kind::Parallel,
            41..=52 if nest_ok => Kind::Map,
            53..=62 => Kind::Wait,
            63..=80 => Kind::Pass,
            _ => Kind::Task,
        };
        kinds.push(last);
        kinds
            .into_iter()
            .map(|k| {
                // some tasks are named after the function they call, like
                // `task(f)` in the macro (each function once per machine)
                if k == Kind::Task && self.rng.chance(20) {
                    let i = self.rng.below(self.functions.len());
                    let key = self.functions[i].key();
                    if !self.names.contains(&key) {
                        self.names.insert(key.clone());
                        return (Kind::FunctionTask(i), key);
                    }
                }
                let base = match k {
                    Kind::LoopInit(_) => "LoopInit",
                    Kind::LoopInc(_) => "LoopInc",
                    Kind::LoopBody(_) => "LoopBody",
                    Kind::LoopCheck(_) => "LoopCheck",
                    other => kind_name(other),
                };
                (k, self.name(base, k != Kind::Map))
            })
            .collect()
    }

    /// One state of the spine.
    fn state(
        &mut self,
        b: &mut Blk,
        plan: &[(Kind, String)],
        i: usize,
        shape: &mut Option<Json>,
    ) -> Draft {
        self.budget -= 1;
        let (kind, name) = plan[i].clone();
        let spec = FlowSpec::Spine {
            last: i + 1 == plan.len(),
            next: plan.get(i + 1).map(|(_, n)| n.clone()),
        };
        let later: Vec<String> = plan[i + 1..].iter().map(|(_, n)| n.clone()).collect();
        self.coverage.hit(format!("state.{}", kind_name(kind)));
        match kind {
            Kind::Choice => self.choice(b, &name, plan, i, shape, None),
            Kind::LoopCheck(id) => {
                self.coverage.hit("loop");
                if self.exec {
                    self.coverage.hit("loop.exec");
                }
                let inc = plan
                    .iter()
                    .find(|(k, _)| *k == Kind::LoopInc(id))
                    .map(|(_, n)| n.clone())
                    .unwrap_or_default();
                self.choice(b, &name, plan, i, shape, Some((id, inc)))
            }
            Kind::Succeed => {
                let (input, output) = self.in_out(shape);
                let s = Succeed::new(name.as_str());
                let s = match self.comment() {
                    Some(c) => s.comment(c),
                    None => s,
                };
                with_output!(with_input!(s, input), output).into()
            }
            Kind::Fail => {
                b.may_fail = true;
                self.fail(&name, shape.as_ref())
            }
            Kind::LoopBody(id) => self.loop_body(b, id, &name, shape, &spec, &later),
            Kind::Wait => self.wait(b, &name, shape, &spec),
            Kind::Pass | Kind::LoopInit(_) | Kind::LoopInc(_) => {
                self.pass(b, kind, &name, shape, &spec).into()
            }
            Kind::Task => {
                let f = self.rng.pick(self.functions).clone();
                let arn_ok = !(b.depth == 0 && i == 0);
                self.task(
                    b,
                    Task::new(name.as_str(), &f),
                    &name,
                    shape,
                    &spec,
                    &later,
                    arn_ok,
                )
            }
            Kind::FunctionTask(f) => {
                self.coverage.hit("task.function_named");
                let t = Task::function(&self.functions[f]);
                self.task(b, t, &name, shape, &spec, &later, false)
            }
            Kind::Parallel => self.parallel(b, &name, shape, &spec, &later),
            Kind::Map => self.map(b, &name, shape, &spec, &later),
        }
    }

    fn resolve(&mut self, b: &Blk, spec: &FlowSpec) -> Flow {
        match spec {
            FlowSpec::Fixed(f) => f.clone(),
            FlowSpec::Spine { last: true, .. } => {
                if !b.tail.is_empty() || self.rng.chance(30) {
                    self.coverage.hit("end.explicit");
                    Flow::End
                } else {
                    Flow::Default
                }
            }
            FlowSpec::Spine { next, .. } => {
                if self.rng.chance(15) {
                    self.coverage.hit("next.explicit");
                    Flow::Next(next.clone().unwrap_or_default())
                } else {
                    Flow::Default
                }
            }
        }
    }

    // ------------------------------------------------------------ paths and data

    fn ref_path(&mut self) -> String {
        self.rng.pick(REF_PATHS).to_string()
    }

    /// A path that may select several nodes, for the full mode.
    fn any_path(&mut self) -> String {
        match self.rng.below(10) {
            0..=5 => self.ref_path(),
            6 | 7 => self.rng.pick(PATHS).to_string(),
            _ => {
                self.coverage.hit("context.path");
                self.rng.pick(CONTEXT_PATHS).to_string()
            }
        }
    }

    /// The nodes of a shape that paths may select: (path, value).
    fn candidates(shape: &Json) -> Vec<(String, Json)> {
        fn walk(v: &Json, path: String, depth: usize, out: &mut Vec<(String, Json)>) {
            if is_opaque(v) {
                return;
            }
            out.push((path.clone(), v.clone()));
            if depth >= 4 {
                return;
            }
            // objects only, no `[n]` steps: moto 5.2.5 evaluates `$.a[0].b`
            // to a one-element list (see README)
            if let Json::Object(pairs) = v {
                for (k, item) in pairs {
                    // statelint refuses names that start with a digit
                    if k.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                        && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    {
                        walk(item, format!("{path}.{k}"), depth + 1, out);
                    }
                }
            }
        }
        let mut out = Vec::new();
        walk(shape, "$".into(), 0, &mut out);
        out
    }

    fn pick_candidate(
        &mut self,
        shape: &Json,
        filter: impl Fn(&Json) -> bool,
    ) -> Option<(String, Json)> {
        let c: Vec<(String, Json)> = Self::candidates(shape)
            .into_iter()
            .filter(|(_, v)| filter(v))
            .collect();
        (!c.is_empty()).then(|| c[self.rng.below(c.len())].clone())
    }

    /// InputPath / OutputPath: nothing, `null`, or a path.
    fn select_path(&mut self, shape: Option<&Json>, what: &str) -> Option<NullablePath> {
        let roll = self.rng.below(100);
        if roll < 60 {
            return None;
        }
        if roll < 66 {
            self.coverage.hit(format!("io.discard_{what}"));
            return Some(NullablePath::Null);
        }
        self.coverage.hit(format!("io.{what}_path"));
        match shape {
            None => Some(NullablePath::Path(self.any_path())),
            Some(s) => {
                // prefer objects: they keep the most to work with
                let objects = self.rng.chance(70);
                // never `null`: moto's Lambda turns a null payload into `{}`
                self.pick_candidate(s, |v| !objects || matches!(v, Json::Object(_)))
                    .or_else(|| self.pick_candidate(s, |v| *v != Json::Null))
                    .map(|(p, _)| NullablePath::Path(p))
            }
        }
    }

    /// ResultPath: nothing (`$`), `null`, or a place in the raw input.
    fn result_path(&mut self, raw: Option<&Json>) -> Option<NullablePath> {
        let roll = self.rng.below(100);
        if roll < 35 {
            return None;
        }
        if roll < 50 {
            self.coverage.hit("io.discard_result");
            return Some(NullablePath::Null);
        }
        self.coverage.hit("io.result_path");
        let Some(raw) = raw else {
            let p = *self
                .rng
                .pick(&["$", "$.result", "$.a.b", "$.out", "$.items[0]", "$.r_1"]);
            return Some(NullablePath::Path(p.into()));
        };
        if !matches!(raw, Json::Object(_)) {
            return self.rng.chance(50).then(|| NullablePath::Path("$".into()));
        }
        let key = self.fresh("r");
        if self.rng.chance(30) {
            let parents: Vec<String> = Self::candidates(raw)
                .into_iter()
                .filter(|(p, v)| matches!(v, Json::Object(_)) && !p.contains('['))
                .map(|(p, _)| p)
                .collect();
            let parent = &parents[self.rng.below(parents.len())];
            if parent != "$" {
                return Some(NullablePath::Path(format!("{parent}.{key}")));
            }
        }
        Some(NullablePath::Path(format!("$.{key}")))
    }

    /// InputPath and OutputPath of a state that passes its input on
    /// (Wait, Succeed, Choice); updates the shape.
    fn in_out(&mut self, shape: &mut Option<Json>) -> (Option<NullablePath>, Option<NullablePath>) {
        for _ in 0..6 {
            let input = self.select_path(shape.as_ref(), "input");
            let Ok(eff) = step(shape.as_ref(), |s| eval::input_path(s, &input)) else {
                continue;
            };
            let output = self.select_path(eff.as_ref(), "output");
            let Ok(out) = step(eff.as_ref(), |e| eval::output_path(e.clone(), &output)) else {
                continue;
            };
            if shape.is_some() {
                *shape = out;
            }
            return (input, output);
        }
        (None, None)
    }

    /// A payload template over `input` (executable mode: paths that exist;
    /// `item`: an ItemSelector, which may read `$$.Map.Item`).
    fn template(&mut self, input: Option<&Json>, item: bool, depth: usize) -> Json {
        let mut pairs = Vec::new();
        if item {
            self.coverage.hit("context.map_item");
            pairs.push((self.fresh("value") + ".$", Json::from("$$.Map.Item.Value")));
            if self.rng.chance(50) {
                pairs.push((self.fresh("index") + ".$", Json::from("$$.Map.Item.Index")));
            }
        }
        for _ in 0..self.rng.range(1, 4) {
            match self.rng.below(10) {
                0..=2 => {
                    let key = self.key();
                    let mut v = self.constant_in(1, true);
                    if v == Json::Null {
                        v = Json::from("not null");
                    }
                    pairs.push((key, v));
                }
                3..=5 => {
                    let path = match input {
                        None => self.any_path(),
                        Some(s) => match self.pick_candidate(s, |_| true) {
                            Some((p, _)) => p,
                            None => continue,
                        },
                    };
                    pairs.push((self.fresh("p") + ".$", Json::from(path)));
                }
                6..=8 => {
                    if let Some(call) = self.intrinsic(input, 0) {
                        pairs.push((self.fresh("f") + ".$", Json::from(call)));
                    }
                }
                _ if depth < 2 => {
                    let inner = self.template(input, false, depth + 1);
                    pairs.push((self.fresh("nested"), inner));
                }
                _ => {}
            }
        }
        if !self.exec && self.rng.chance(5) {
            self.coverage.hit("self.arn");
            pairs.push((self.fresh("machine"), Json::MachineArn));
        }
        if pairs.is_empty() {
            let v = self.tricky();
            pairs.push((self.fresh("c"), Json::from(v)));
        }
        Json::Object(pairs)
    }

    fn literal_string(&mut self) -> String {
        for _ in 0..20 {
            let s = self.tricky();
            if intrinsic_safe(&s) {
                return format!("'{s}'");
            }
        }
        "'plain'".into()
    }

    /// An intrinsic function call. Executable mode: only deterministic
    /// functions, on paths of the right type.
    fn intrinsic(&mut self, input: Option<&Json>, depth: usize) -> Option<String> {
        let Some(shape) = input else {
            return Some(self.full_intrinsic(depth));
        };
        for _ in 0..8 {
            if let Some((f, call)) = self.exec_intrinsic(shape, depth) {
                if eval::dynamic(&call, shape, &Ctx::default()).is_ok() {
                    self.coverage.hit(format!("intrinsic.{f}"));
                    return Some(call);
                }
            }
        }
        None
    }

    fn full_intrinsic(&mut self, depth: usize) -> String {
        let arr = |g: &mut G| g.rng.pick(&["$.items", "$.list", "$.a.b"]).to_string();
        let val = |g: &mut G| match g.rng.below(4) {
            0 => g.simple_path(),
            1 => g.literal_string(),
            2 => g.rng.range(0, 100).to_string(),
            _ => {
                g.coverage.hit("context.path");
                "$$.Execution.Name".to_string()
            }
        };
        let f = *self.rng.pick(INTRINSICS);
        self.coverage.hit(format!("intrinsic.{f}"));
        match f {
            "Format" => {
                let n = self.rng.range(0, 3) as usize;
                let mut text = String::from("value");
                let mut args = Vec::new();
                for _ in 0..n {
                    text.push_str(" {}");
                    args.push(if depth < 2 && self.rng.chance(20) {
                        self.full_intrinsic(depth + 1)
                    } else {
                        val(self)
                    });
                }
                if self.rng.chance(30) {
                    text.push_str(" \\{literal\\} it\\'s");
                }
                let mut s = format!("States.Format('{text}'");
                for a in args {
                    s.push_str(", ");
                    s.push_str(&a);
                }
                s + ")"
            }
            "StringToJson" => format!("States.StringToJson({})", self.simple_path()),
            "JsonToString" => format!("States.JsonToString({})", self.simple_path()),
            "Array" => {
                let args: Vec<String> = (0..self.rng.range(1, 4)).map(|_| val(self)).collect();
                format!("States.Array({})", args.join(", "))
            }
            "ArrayPartition" => format!(
                "States.ArrayPartition({}, {})",
                arr(self),
                self.rng.range(1, 5)
            ),
            "ArrayContains" => format!("States.ArrayContains({}, {})", arr(self), val(self)),
            "ArrayRange" => format!(
                "States.ArrayRange({}, {}, {})",
                self.rng.range(0, 5),
                self.rng.range(6, 50),
                self.rng.range(1, 5)
            ),
            "ArrayGetItem" => format!(
                "States.ArrayGetItem({}, {})",
                arr(self),
                self.rng.range(0, 3)
            ),
            "ArrayLength" => format!("States.ArrayLength({})", arr(self)),
            "ArrayUnique" => format!("States.ArrayUnique({})", arr(self)),
            "Base64Encode" => {
                let a = if self.rng.chance(50) {
                    self.simple_path()
                } else {
                    self.literal_string()
                };
                format!("States.Base64Encode({a})")
            }
            "Base64Decode" => "States.Base64Decode('aGVsbG8gd29ybGQ=')".into(),
            "Hash" => format!(
                "States.Hash({}, '{}')",
                val(self),
                self.rng
                    .pick(&["MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"])
            ),
            "JsonMerge" => "States.JsonMerge($.a, $.b, false)".into(),
            "MathRandom" => {
                if self.rng.chance(50) {
                    format!("States.MathRandom(1, {})", self.rng.range(2, 999))
                } else {
                    format!("States.MathRandom(0, 10, {})", self.rng.range(0, 99))
                }
            }
            "MathAdd" => format!("States.MathAdd($.n, {})", self.rng.range(0, 20) as i64 - 10),
            "StringSplit" => format!("States.StringSplit({}, ',')", self.simple_path()),
            _ => "States.UUID()".into(),
        }
    }

    fn simple_path(&mut self) -> String {
        let p = *self
            .rng
            .pick(&["$.a", "$.a.b", "$.items[0].id", "$$.Execution.Id", "$.s"]);
        if p.starts_with("$$") {
            self.coverage.hit("context.path");
        }
        p.into()
    }

    /// A deterministic intrinsic call on the paths of `shape`.
    fn exec_intrinsic(&mut self, shape: &Json, depth: usize) -> Option<(&'static str, String)> {
        let is_str = |v: &Json| matches!(v, Json::String(s) if s != OPAQUE);
        // moto 5.2.5 base64-encodes with the ASCII codec (see README)
        let is_ascii = |v: &Json| matches!(v, Json::String(s) if s != OPAQUE && s.is_ascii());
        let is_int = |v: &Json| matches!(v, Json::Number(Number::PosInt(_) | Number::NegInt(_)));
        let is_arr = |v: &Json| matches!(v, Json::Array(items) if !items.is_empty());
        let is_obj = |v: &Json| matches!(v, Json::Object(_));
        let formattable = |v: &Json| {
            is_str(v)
                || matches!(
                    v,
                    Json::Bool(_)
                        | Json::Null
                        | Json::Number(Number::PosInt(_) | Number::NegInt(_))
                )
        };
        let f = *self.rng.pick(&[
            "Format",
            "Format",
            "Array",
            "ArrayLength",
            "ArrayGetItem",
            "ArrayContains",
            "ArrayRange",
            "ArrayPartition",
            "MathAdd",
            "Base64Encode",
            "Base64Decode",
            "JsonMerge",
            "StringToJson",
            "JsonToString",
        ]);
        let call = match f {
            "Format" => {
                let mut text = String::from("v");
                let mut args = Vec::new();
                for _ in 0..self.rng.range(0, 3) {
                    text.push_str(" {}");
                    // moto 5.2.5 mangles non-ASCII literals and escapes in
                    // States.Format (see README)
                    if self.rng.chance(40) {
                        args.push(format!("'{}'", self.rng.pick(&["x", "a b", "yes", "1"])));
                    } else {
                        args.push(self.pick_candidate(shape, formattable)?.0);
                    }
                }
                let mut s = format!("States.Format('{text}'");
                for a in args {
                    s.push_str(", ");
                    s.push_str(&a);
                }
                s + ")"
            }
            "Array" => {
                let mut args = Vec::new();
                for _ in 0..self.rng.range(1, 3) {
                    if self.rng.chance(50) {
                        args.push(self.rng.range(0, 9).to_string());
                    } else {
                        args.push(self.pick_candidate(shape, |_| true)?.0);
                    }
                }
                format!("States.Array({})", args.join(", "))
            }
            "ArrayLength" => format!(
                "States.ArrayLength({})",
                self.pick_candidate(shape, is_arr)?.0
            ),
            "ArrayGetItem" => {
                let (p, v) = self.pick_candidate(shape, is_arr)?;
                let len = match v {
                    Json::Array(items) => items.len(),
                    _ => 1,
                };
                format!("States.ArrayGetItem({p}, {})", self.rng.below(len))
            }
            "ArrayContains" => {
                let (p, v) = self.pick_candidate(shape, is_arr)?;
                let probe = match &v {
                    Json::Array(items) if self.rng.chance(50) => match &items[0] {
                        Json::Number(n) => n.to_string(),
                        Json::String(s) if intrinsic_safe(s) && s != OPAQUE => format!("'{s}'"),
                        _ => "'nope'".into(),
                    },
                    _ => "'nope'".into(),
                };
                format!("States.ArrayContains({p}, {probe})")
            }
            "ArrayRange" => format!(
                "States.ArrayRange({}, {}, {})",
                self.rng.range(0, 3),
                self.rng.range(3, 9),
                self.rng.range(1, 3)
            ),
            "ArrayPartition" => format!(
                "States.ArrayPartition({}, {})",
                self.pick_candidate(shape, is_arr)?.0,
                self.rng.range(1, 3)
            ),
            "MathAdd" => {
                let a = if self.rng.chance(70) {
                    self.pick_candidate(shape, is_int)?.0
                } else {
                    self.rng.range(0, 9).to_string()
                };
                format!("States.MathAdd({a}, {})", self.rng.range(0, 20) as i64 - 10)
            }
            "Base64Encode" => format!(
                "States.Base64Encode({})",
                self.pick_candidate(shape, is_ascii)?.0
            ),
            "Base64Decode" => {
                if depth < 2 && self.rng.chance(60) {
                    format!(
                        "States.Base64Decode(States.Base64Encode({}))",
                        self.pick_candidate(shape, is_ascii)?.0
                    )
                } else {
                    "States.Base64Decode('aGVsbG8gd29ybGQ=')".into()
                }
            }
            "JsonMerge" => format!(
                "States.JsonMerge({}, {}, false)",
                self.pick_candidate(shape, is_obj)?.0,
                self.pick_candidate(shape, is_obj)?.0
            ),
            // moto 5.2.5 writes non-ASCII text as `\u` escapes in
            // States.JsonToString (see README)
            "StringToJson" => format!(
                "States.StringToJson(States.JsonToString({}))",
                self.pick_candidate(shape, |v| (is_obj(v) || is_arr(v)) && all_ascii(v))?
                    .0
            ),
            _ => format!(
                "States.JsonToString({})",
                self.pick_candidate(shape, |v| (is_obj(v) || is_arr(v)) && all_ascii(v))?
                    .0
            ),
        };
        Some((f, call))
    }

    // ------------------------------------------------------------ states

    fn pass(
        &mut self,
        b: &mut Blk,
        kind: Kind,
        name: &str,
        shape: &mut Option<Json>,
        spec: &FlowSpec,
    ) -> Pass {
        let mut p = Pass::new(name);
        if let Some(c) = self.comment() {
            p = p.comment(c);
        }
        let p = match kind {
            Kind::LoopInit(id) => {
                let counter = format!("loop{id}");
                let zero = Json::object([("n", 0)]);
                let object = shape.as_ref().is_none_or(|s| matches!(s, Json::Object(_)));
                if object {
                    if let Some(s) = shape.as_mut() {
                        *s = eval::set(s, &format!("$.{counter}"), zero.clone())
                            .unwrap_or_else(|_| Json::from(OPAQUE));
                    }
                    p.result(zero).result_path(format!("$.{counter}"))
                } else {
                    let r = Json::object([(counter.as_str(), zero)]);
                    *shape = Some(r.clone());
                    p.result(r)
                }
            }
            Kind::LoopInc(id) => {
                let counter = format!("loop{id}");
                if let Some(s) = shape.as_mut() {
                    *s = eval::set(s, &format!("$.{counter}"), Json::object([("n", 1)]))
                        .unwrap_or_else(|_| Json::from(OPAQUE));
                }
                p.parameters(Json::object([(
                    "n.$",
                    format!("States.MathAdd($.{counter}.n, 1)"),
                )]))
                .result_path(format!("$.{counter}"))
            }
            _ => self.pass_fields(p, shape),
        };
        let flow = self.resolve(b, spec);
        with_flow!(p, flow)
    }

    /// The data fields of an ordinary Pass state.
    fn pass_fields(&mut self, p: Pass, shape: &mut Option<Json>) -> Pass {
        for _ in 0..6 {
            let input = self.select_path(shape.as_ref(), "input");
            let Ok(eff) = step(shape.as_ref(), |s| eval::input_path(s, &input)) else {
                continue;
            };
            let parameters = self
                .rng
                .chance(35)
                .then(|| self.template(eff.as_ref(), false, 0));
            let Ok(eff) = step(eff.as_ref(), |e| match &parameters {
                Some(t) => eval::template(t, e, &Ctx::default()),
                None => Ok(e.clone()),
            }) else {
                continue;
            };
            // with both, `Result` wins; the executable mode keeps to one
            let fixed = (!(self.exec && parameters.is_some()) && self.rng.chance(35)).then(|| {
                self.coverage.hit("pass.result");
                self.constant(0)
            });
            let result = fixed.clone().or(eff);
            let result_path = self.result_path(shape.as_ref());
            let Ok(out) = step(shape.as_ref(), |raw| {
                eval::result_path(raw, &result_path, result.clone().unwrap_or_default())
            }) else {
                continue;
            };
            let output = self.select_path(out.as_ref(), "output");
            let Ok(new) = step(out.as_ref(), |o| eval::output_path(o.clone(), &output)) else {
                continue;
            };
            if shape.is_some() {
                *shape = new;
            }
            let mut p = p;
            if let Some(t) = parameters {
                self.coverage.hit("parameters");
                p = p.parameters(t);
            }
            if let Some(r) = fixed {
                p = p.result(r);
            }
            let p = with_input!(p, input);
            let p = with_result!(p, result_path);
            return with_output!(p, output);
        }
        p
    }

    fn wait(
        &mut self,
        b: &mut Blk,
        name: &str,
        shape: &mut Option<Json>,
        spec: &FlowSpec,
    ) -> Draft {
        let w = if self.exec {
            self.coverage.hit("wait.seconds");
            Wait::seconds(name, 0)
        } else {
            match self.rng.below(4) {
                0 => {
                    self.coverage.hit("wait.seconds");
                    Wait::seconds(name, self.rng.range(0, 99_999_998))
                }
                1 => {
                    self.coverage.hit("wait.until");
                    // moto 5.2.5 refuses an offset other than `Z` here (see README)
                    let t = *self.rng.pick(&[
                        "2024-01-01T00:00:00Z",
                        "2030-06-15T08:00:00.250Z",
                        "1999-12-31T23:59:59Z",
                    ]);
                    Wait::until(name, t)
                }
                2 => {
                    self.coverage.hit("wait.seconds_path");
                    Wait::seconds_path(name, self.ref_path())
                }
                _ => {
                    self.coverage.hit("wait.timestamp_path");
                    Wait::timestamp_path(name, self.ref_path())
                }
            }
        };
        let w = match self.comment() {
            Some(c) => w.comment(c),
            None => w,
        };
        let (input, output) = self.in_out(shape);
        let w = with_output!(with_input!(w, input), output);
        let flow = self.resolve(b, spec);
        with_flow!(w, flow).into()
    }

    /// A state of a loop's body that keeps the loop's data as they are.
    fn loop_body(
        &mut self,
        b: &mut Blk,
        id: usize,
        name: &str,
        shape: &mut Option<Json>,
        spec: &FlowSpec,
        later: &[String],
    ) -> Draft {
        match self.rng.below(3) {
            0 => {
                self.coverage.hit("wait.seconds");
                let flow = self.resolve(b, spec);
                with_flow!(Wait::seconds(name, 0), flow).into()
            }
            1 => {
                let f = self.rng.pick(self.functions).clone();
                let mut t = Task::new(name, &f).discard_result();
                for r in self.retriers() {
                    t = t.retry(r);
                }
                for c in self.catchers(b, name, shape.as_ref(), later) {
                    t = t.catch(c);
                }
                let flow = self.resolve(b, spec);
                with_flow!(t, flow).into()
            }
            _ => {
                let path = format!("$.loop{id}.note");
                let note = Json::from(self.tricky());
                if let Some(s) = shape.as_mut() {
                    *s = eval::set(s, &path, note.clone()).unwrap_or_else(|_| Json::from(OPAQUE));
                }
                let flow = self.resolve(b, spec);
                with_flow!(Pass::new(name).result(note).result_path(path), flow).into()
            }
        }
    }

    /// A tricky text that is not empty (the AWS language service wants
    /// `Error` and `Cause` non-empty; see README).
    fn nonempty(&mut self) -> String {
        loop {
            let s = self.tricky();
            if !s.is_empty() {
                return s;
            }
        }
    }

    fn fail(&mut self, name: &str, shape: Option<&Json>) -> Draft {
        let mut f = Fail::new(name);
        if let Some(c) = self.comment() {
            f = f.comment(c);
        }
        if self.exec {
            let code = shape.and_then(|s| {
                self.pick_candidate(
                    s,
                    |v| matches!(v, Json::String(s) if s.starts_with("Corpus.Code")),
                )
            });
            match code {
                Some((p, _)) if self.rng.chance(50) => {
                    self.coverage.hit("fail.error_path");
                    f = f.error_path(p);
                }
                _ => {
                    let e = format!("Corpus.Boom{}", self.rng.range(1, 3));
                    self.error_names.push(e.clone());
                    self.coverage.hit("fail.error");
                    f = f.error(e);
                }
            }
            self.coverage.hit("fail.cause");
            return f.cause(self.nonempty()).into();
        }
        match self.rng.below(4) {
            0 => {}
            1 | 2 => {
                self.coverage.hit("fail.error");
                let e = if self.rng.chance(70) {
                    self.fresh("Corpus.Error")
                } else {
                    self.nonempty()
                };
                f = f.error(e);
            }
            _ => {
                self.coverage.hit("fail.error_path");
                if self.rng.chance(40) {
                    self.coverage.hit("fail.intrinsic_path");
                    f = f.error_path("States.Format('Error{}', $.code)");
                } else {
                    f = f.error_path(self.ref_path());
                }
            }
        }
        match self.rng.below(4) {
            0 => {}
            1 | 2 => {
                self.coverage.hit("fail.cause");
                f = f.cause(self.nonempty());
            }
            _ => {
                self.coverage.hit("fail.cause_path");
                if self.rng.chance(50) {
                    self.coverage.hit("fail.intrinsic_path");
                    self.coverage.hit("context.path");
                    f = f.cause_path(
                        "States.Format('failed at {} with {}', $$.State.Name, $.detail)",
                    );
                } else {
                    f = f.cause_path(self.ref_path());
                }
            }
        }
        f.into()
    }

    /// A terminal state of the tail to catch into or branch to; named
    /// `name` when given (an explicit fallback).
    fn handler(&mut self, b: &mut Blk, name: Option<String>) -> String {
        let name = name.unwrap_or_else(|| self.name("Handler", true));
        // a catchable handler needs a catch of its own where auto-catch has
        // no target
        let kinds = if self.exec || b.auto == Auto::Missing {
            4
        } else {
            6
        };
        let draft: Draft = match self.rng.below(kinds) {
            0 => {
                self.coverage.hit("state.Succeed");
                Succeed::new(name.as_str()).into()
            }
            1 => {
                self.coverage.hit("state.Fail");
                b.may_fail = true;
                if self.exec {
                    let e = format!("Corpus.Handled{}", self.rng.range(1, 2));
                    Fail::new(name.as_str())
                        .error(e)
                        .cause(self.nonempty())
                        .into()
                } else {
                    self.fail(&name, None)
                }
            }
            2 | 3 => {
                self.coverage.hit("state.Pass");
                let r = self.constant(0);
                Pass::new(name.as_str()).result(r).end().into()
            }
            _ => {
                // a catchable handler: auto-catch covers it, unless it is
                // the fallback itself
                self.coverage.hit("state.Task");
                if b.auto != Auto::Off && b.auto != Auto::Explicit(name.clone()) {
                    b.auto_caught = true;
                }
                let f = self.rng.pick(self.functions).clone();
                Task::new(name.as_str(), &f).end().into()
            }
        };
        b.tail.push(draft);
        b.handlers.push(name.clone());
        name
    }

    fn retriers(&mut self) -> Vec<Retrier> {
        let n = match self.rng.below(10) {
            0..=4 => 0,
            5..=7 => 1,
            _ => self.rng.range(2, 3) as usize,
        };
        let mut out = Vec::new();
        for i in 0..n {
            self.coverage.hit("retry");
            let errors: Vec<String> = if i + 1 == n && self.rng.chance(40) {
                self.coverage.hit("retry.states_all");
                vec!["States.ALL".into()]
            } else {
                (0..self.rng.range(1, 3))
                    .map(|_| self.rng.pick(ERRORS).to_string())
                    .collect()
            };
            let mut r = Retrier::on(errors);
            if self.rng.chance(60) {
                self.coverage.hit("retry.interval");
                r = r.interval(if self.rng.chance(90) {
                    self.rng.range(1, 30)
                } else {
                    self.rng.range(1, 99_999_998)
                });
            }
            if self.rng.chance(60) {
                self.coverage.hit("retry.max_attempts");
                r = r.max_attempts(self.rng.range(0, 10));
            }
            if self.rng.chance(50) {
                self.coverage.hit("retry.backoff");
                r = r.backoff(*self.rng.pick(&[1.0, 1.5, 2.0, 2.5, 3.0, 1.25]));
            }
            if self.rng.chance(40) {
                self.coverage.hit("retry.max_delay");
                r = r.max_delay(if self.rng.chance(80) {
                    self.rng.range(1, 3600)
                } else {
                    self.rng.range(1, 31_622_400)
                });
            }
            if self.rng.chance(40) {
                let j = if self.rng.chance(50) {
                    Jitter::Full
                } else {
                    Jitter::None
                };
                self.coverage.hit(format!("retry.jitter.{}", j.as_str()));
                r = r.jitter(j);
            }
            out.push(r);
        }
        out
    }

    /// The own catchers of a Task, Parallel or Map (possibly none; then
    /// auto-catch may cover the state).
    fn catchers(
        &mut self,
        b: &mut Blk,
        name: &str,
        raw: Option<&Json>,
        later: &[String],
    ) -> Vec<Catcher> {
        let is_fallback = matches!(&b.auto, Auto::Explicit(f) if f == name);
        let must = b.auto == Auto::Missing && !is_fallback;
        if !must && !self.rng.chance(30) {
            if matches!(b.auto, Auto::Generated | Auto::Explicit(_)) && !is_fallback {
                b.auto_caught = true;
            }
            return Vec::new();
        }
        let n = self.rng.range(1, 3) as usize;
        let mut out = Vec::new();
        for i in 0..n {
            self.coverage.hit("catch");
            let errors: Vec<String> = if i + 1 == n && self.rng.chance(50) {
                self.coverage.hit("catch.states_all");
                vec!["States.ALL".into()]
            } else if self.exec && !self.error_names.is_empty() && self.rng.chance(60) {
                vec![self.rng.pick(&self.error_names).clone()]
            } else {
                (0..self.rng.range(1, 2))
                    .map(|_| self.rng.pick(ERRORS).to_string())
                    .collect()
            };
            // the target: a handler, or (full mode) a state of the spine
            let target = if !self.exec && self.rng.chance(40) {
                if !later.is_empty() && self.rng.chance(50) {
                    later[self.rng.below(later.len())].clone()
                } else {
                    let others: Vec<String> =
                        b.spine.iter().filter(|n| *n != name).cloned().collect();
                    if others.is_empty() {
                        self.pick_handler(b)
                    } else {
                        others[self.rng.below(others.len())].clone()
                    }
                }
            } else {
                self.pick_handler(b)
            };
            b.referenced.insert(target.clone());
            let mut c = Catcher::on(errors, target);
            match self.rng.below(3) {
                0 => {}
                1 => {
                    if raw.is_none_or(|r| matches!(r, Json::Object(_))) {
                        self.coverage.hit("catch.result_path");
                        c = c.result_path(self.fresh("$.error"));
                    }
                }
                _ => {
                    self.coverage.hit("catch.result_path_null");
                    c.result_path = Some(NullablePath::Null);
                }
            }
            out.push(c);
        }
        out
    }

    fn pick_handler(&mut self, b: &mut Blk) -> String {
        if !b.handlers.is_empty() && self.rng.chance(60) {
            b.handlers[self.rng.below(b.handlers.len())].clone()
        } else {
            self.handler(b, None)
        }
    }

    /// The data fields after a result (ResultSelector, ResultPath,
    /// OutputPath), retries, catches and the flow of a Task, Parallel or
    /// Map; updates the shape.
    #[allow(clippy::too_many_arguments)]
    fn finish<B: Recoverable>(
        &mut self,
        b: &mut Blk,
        mut s: B,
        name: &str,
        shape: &mut Option<Json>,
        result: Option<Json>,
        may_fail: bool,
        spec: &FlowSpec,
        later: &[String],
    ) -> Draft {
        let raw = shape.clone();
        for attempt in 0..6 {
            let selector = (attempt < 5 && self.rng.chance(25))
                .then(|| self.template(result.as_ref(), false, 0));
            let Ok(r) = step(result.as_ref(), |r| match &selector {
                Some(t) => eval::template(t, r, &Ctx::default()),
                None => Ok(r.clone()),
            }) else {
                continue;
            };
            let rp = self.result_path(raw.as_ref());
            let Ok(out) = step(raw.as_ref(), |raw| {
                eval::result_path(raw, &rp, r.clone().unwrap_or_default())
            }) else {
                continue;
            };
            let op = self.select_path(out.as_ref(), "output");
            let Ok(new) = step(out.as_ref(), |o| eval::output_path(o.clone(), &op)) else {
                continue;
            };
            if shape.is_some() {
                *shape = new;
            }
            if let Some(t) = selector {
                self.coverage.hit("result_selector");
                s = s.selector(t);
            }
            s = s.with_result_path(rp).with_output_path(op);
            break;
        }
        for r in self.retriers() {
            s = s.add_retry(r);
        }
        let catchers = self.catchers(b, name, raw.as_ref(), later);
        if may_fail {
            b.may_fail = true;
            if !catchers.is_empty() || b.auto != Auto::Off {
                b.diverges = true;
                self.coverage.hit("exec.caught");
            }
        }
        for c in catchers {
            s = s.add_catch(c);
        }
        let flow = self.resolve(b, spec);
        s.with_flow(flow).into()
    }

    #[allow(clippy::too_many_arguments)]
    fn task(
        &mut self,
        b: &mut Blk,
        mut t: Task,
        name: &str,
        shape: &mut Option<Json>,
        spec: &FlowSpec,
        later: &[String],
        may_use_arn: bool,
    ) -> Draft {
        let mut integration = false;
        let mut heartbeat = false;
        if !self.exec && may_use_arn && self.rng.chance(45) {
            let f = self.rng.pick(self.functions).clone();
            (t, heartbeat) = self.arn_task(name, &f);
            integration = true;
        } else {
            self.coverage.hit("task.function");
        }
        if let Some(c) = self.comment() {
            t = t.comment(c);
        }
        if self.exec {
            if self.rng.chance(20) {
                self.coverage.hit("task.timeout");
                t = t.timeout(self.rng.range(5, 300));
            }
        } else {
            match self.rng.below(8) {
                0 => {
                    self.coverage.hit("task.timeout");
                    t = t.timeout(self.rng.range(2, 99_999_998));
                }
                1 if !heartbeat => {
                    self.coverage.hit("task.timeout");
                    self.coverage.hit("task.heartbeat");
                    let timeout = self.rng.range(2, 3600);
                    t = t.timeout(timeout).heartbeat(self.rng.range(1, timeout - 1));
                }
                2 if !heartbeat => {
                    self.coverage.hit("task.timeout_path");
                    t = t.timeout_path(self.ref_path());
                    if self.rng.chance(50) {
                        self.coverage.hit("task.heartbeat_path");
                        t = t.heartbeat_path(self.ref_path());
                    }
                }
                3 if !heartbeat => {
                    self.coverage.hit("task.heartbeat");
                    t = t.heartbeat(self.rng.range(1, 99_999_998));
                }
                4 => {
                    self.coverage.hit("task.credentials");
                    t = t.credentials(Json::object([(
                        "RoleArn",
                        "arn:aws:iam::123456789012:role/corpus-role",
                    )]));
                }
                _ => {}
            }
        }
        // InputPath and Parameters; the function echoes what it gets
        let mut result = shape.clone();
        for _ in 0..6 {
            let input = self.select_path(shape.as_ref(), "input");
            let Ok(eff) = step(shape.as_ref(), |s| eval::input_path(s, &input)) else {
                continue;
            };
            let parameters = (!integration && self.rng.chance(40))
                .then(|| self.template(eff.as_ref(), false, 0));
            let Ok(eff) = step(eff.as_ref(), |e| match &parameters {
                Some(p) => eval::template(p, e, &Ctx::default()),
                None => Ok(e.clone()),
            }) else {
                continue;
            };
            // moto's Lambda turns a `null` payload into `{}`, and returns a
            // string payload parsed as JSON when it parses (see README)
            if matches!(eff, Some(Json::Null | Json::String(_))) {
                continue;
            }
            if let Some(p) = parameters {
                self.coverage.hit("parameters");
                t = t.parameters(p);
            }
            t = with_input!(t, input);
            result = eff;
            break;
        }
        if matches!(result, Some(Json::Null | Json::String(_))) {
            let c = Json::object([("instead_of_null", true)]);
            t = t.parameters(c.clone());
            result = Some(c);
        }
        self.finish(b, t, name, shape, result, false, spec, later)
    }

    /// A Task on an ARN: a service integration, an activity or a literal
    /// Lambda ARN, with the parameters it needs.
    fn arn_task(&mut self, name: &str, f: &FunctionHandle) -> (Task, bool) {
        let kebab = builder_core::serverless::naming::kebab_case(&f.get().name);
        let function_arn = format!(
            "arn:aws:lambda:${{aws:region}}:${{aws:accountId}}:function:${{self:service}}-${{sls:stage}}-{kebab}"
        );
        let roll = self.rng.below(11);
        let t = match roll {
            0 => {
                self.coverage.hit("task.arn.lambda_invoke");
                let payload = self.template(None, false, 1);
                Task::new(name, "arn:aws:states:::lambda:invoke").parameters(Json::object([
                    ("FunctionName", Json::from(function_arn)),
                    ("Payload", payload),
                ]))
            }
            1 => {
                self.coverage.hit("task.arn.sqs");
                Task::new(name, "arn:aws:states:::sqs:sendMessage").parameters(Json::object([
                    (
                        "QueueUrl",
                        Json::from("https://sqs.us-east-1.amazonaws.com/123456789012/corpus-queue"),
                    ),
                    ("MessageBody.$", Json::from("$")),
                ]))
            }
            2 => {
                self.coverage.hit("task.arn.sns");
                let m = self.tricky();
                Task::new(name, "arn:aws:states:::sns:publish").parameters(Json::object([
                    (
                        "TopicArn",
                        Json::from("arn:aws:sns:us-east-1:123456789012:corpus-topic"),
                    ),
                    ("Message", Json::from(m)),
                ]))
            }
            3 => {
                self.coverage.hit("task.arn.dynamodb");
                if self.rng.chance(50) {
                    Task::new(name, "arn:aws:states:::dynamodb:putItem").parameters(Json::object([
                        ("TableName", Json::from("corpus-table")),
                        (
                            "Item",
                            Json::object([("pk", Json::object([("S.$", "$$.Execution.Id")]))]),
                        ),
                    ]))
                } else {
                    Task::new(name, "arn:aws:states:::dynamodb:getItem").parameters(Json::object([
                        ("TableName", Json::from("corpus-table")),
                        ("Key", Json::object([("pk", Json::object([("S", "key")]))])),
                    ]))
                }
            }
            4 => {
                self.coverage.hit("task.arn.start_execution");
                self.coverage.hit("self.arn");
                // Express workflows take request-response integrations only.
                let arn = if self.express {
                    "arn:aws:states:::states:startExecution"
                } else {
                    *self.rng.pick(&[
                        "arn:aws:states:::states:startExecution",
                        "arn:aws:states:::states:startExecution.sync:2",
                    ])
                };
                Task::new(name, arn).parameters(Json::object([
                    ("StateMachineArn", Json::MachineArn),
                    (
                        "Input",
                        Json::object([(
                            "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$",
                            "$$.Execution.Id",
                        )]),
                    ),
                ]))
            }
            5 => {
                self.coverage.hit("task.arn.events");
                Task::new(name, "arn:aws:states:::events:putEvents").parameters(Json::object([(
                    "Entries",
                    Json::array([Json::object([
                        ("Source", Json::from("corpus")),
                        ("DetailType", Json::from("generated")),
                        (
                            "Detail",
                            Json::object([("seed", Json::from(format!("{:#x}", self.seed)))]),
                        ),
                    ])]),
                )]))
            }
            6 if self.express => {
                self.coverage.hit("task.arn.lambda_invoke");
                Task::new(name, "arn:aws:states:::lambda:invoke").parameters(Json::object([
                    ("FunctionName", Json::from(function_arn)),
                    ("Payload.$", Json::from("$")),
                ]))
            }
            6 => {
                self.coverage.hit("task.arn.wait_for_token");
                self.coverage.hit("context.path");
                Task::new(name, "arn:aws:states:::lambda:invoke.waitForTaskToken")
                    .parameters(Json::object([
                        ("FunctionName", Json::from(function_arn)),
                        ("Payload", Json::object([("token.$", "$$.Task.Token")])),
                    ]))
                    .heartbeat(self.rng.range(60, 3600))
            }
            7 => {
                self.coverage.hit("task.arn.activity");
                Task::new(
                    name,
                    "arn:aws:states:${aws:region}:${aws:accountId}:activity:corpus-activity",
                )
            }
            8 => {
                self.coverage.hit("task.arn.sdk");
                Task::new(name, "arn:aws:states:::aws-sdk:s3:listBuckets")
                    .parameters(Json::Object(Vec::new()))
            }
            9 => {
                self.coverage.hit("resource.intrinsic");
                Task::new(
                    name,
                    Resource::Intrinsic(Json::object([(
                        "Fn::GetAtt",
                        Json::array([
                            builder_core::serverless::naming::function_logical_id(&f.key()),
                            "Arn".into(),
                        ]),
                    )])),
                )
            }
            _ => {
                self.coverage.hit("task.arn.lambda");
                Task::new(name, function_arn)
            }
        };
        (t, roll == 6)
    }

    /// InputPath and Parameters of a Parallel; the effective input.
    fn parallel(
        &mut self,
        b: &mut Blk,
        name: &str,
        shape: &mut Option<Json>,
        spec: &FlowSpec,
        later: &[String],
    ) -> Draft {
        let mut p = Parallel::new(name);
        if let Some(c) = self.comment() {
            p = p.comment(c);
        }
        let mut effective = shape.clone();
        for _ in 0..6 {
            let input = self.select_path(shape.as_ref(), "input");
            let Ok(eff) = step(shape.as_ref(), |s| eval::input_path(s, &input)) else {
                continue;
            };
            let parameters = self
                .rng
                .chance(30)
                .then(|| self.template(eff.as_ref(), false, 0));
            let Ok(eff) = step(eff.as_ref(), |e| match &parameters {
                Some(t) => eval::template(t, e, &Ctx::default()),
                None => Ok(e.clone()),
            }) else {
                continue;
            };
            if let Some(t) = parameters {
                self.coverage.hit("parameters");
                p = p.parameters(t);
            }
            p = with_input!(p, input);
            effective = eff;
            break;
        }
        let n = *self.rng.pick(&[1, 2, 2, 3]);
        if n == 3 {
            self.coverage.hit("parallel.branches3");
        }
        let mut outputs = Vec::new();
        let mut may_fail = false;
        for _ in 0..n {
            let out = self.block(b.depth + 1, Auto::Off, effective.clone());
            may_fail |= out.may_fail;
            outputs.extend(out.shape);
            let mut branch = Branch::new();
            for d in out.drafts {
                branch = branch.state(d);
            }
            p = p.branch(branch);
        }
        let result = effective.map(|_| Json::Array(outputs));
        self.finish(b, p, name, shape, result, may_fail, spec, later)
    }

    fn map(
        &mut self,
        b: &mut Blk,
        name: &str,
        shape: &mut Option<Json>,
        spec: &FlowSpec,
        later: &[String],
    ) -> Draft {
        let mut m = Map::new(name);
        if let Some(c) = self.comment() {
            m = m.comment(c);
        }
        // the body's catch policy: the header's, overridden by the map's own
        let (mut catch, mut fallback_on, mut fallback) =
            (self.header_catch, self.header_fallback, None);
        if self.rng.chance(25) {
            catch = self.rng.chance(50);
            m = m.auto_catch(catch);
            self.coverage.hit("map.auto_catch_override");
        }
        if self.rng.chance(15) {
            fallback_on = self.rng.chance(50);
            m = m.auto_fallback(fallback_on);
        }
        if catch && self.rng.chance(25) {
            let f = self.name("MapFallback_", true);
            m = m.fallback(f.as_str());
            self.coverage.hit("fallback.map");
            fallback = Some(f);
        }
        let auto = match (catch, fallback, fallback_on) {
            (false, _, _) => Auto::Off,
            (true, Some(f), _) => Auto::Explicit(f),
            (true, None, true) => Auto::Generated,
            (true, None, false) => Auto::Missing,
        };
        // InputPath, then the items
        let mut body_input = None;
        let mut count = 0;
        let mut found = shape.is_none();
        for _ in 0..8 {
            let input = self.select_path(shape.as_ref(), "input");
            let Ok(eff) = step(shape.as_ref(), |s| eval::input_path(s, &input)) else {
                continue;
            };
            let items_path = match eff.as_ref() {
                None => {
                    if self.rng.chance(80) {
                        Some(self.ref_path())
                    } else {
                        self.coverage.hit("map.no_items_path");
                        None
                    }
                }
                Some(e) => {
                    let arrays: Vec<(String, Json)> = Self::candidates(e)
                        .into_iter()
                        .filter(|(_, v)| match v {
                            Json::Array(items) => {
                                !items.is_empty()
                                    && !items.iter().any(is_opaque)
                                    && items.iter().all(|i| same_structure(i, &items[0]))
                            }
                            _ => false,
                        })
                        .collect();
                    if arrays.is_empty() {
                        continue;
                    }
                    let (p, v) = arrays[self.rng.below(arrays.len())].clone();
                    if let Json::Array(items) = &v {
                        count = items.len();
                        body_input = Some(items[0].clone());
                    }
                    if p == "$" && self.rng.chance(50) {
                        self.coverage.hit("map.no_items_path");
                        None
                    } else {
                        Some(p)
                    }
                }
            };
            let selector = self.rng.chance(40).then(|| {
                self.coverage.hit("map.item_selector");
                self.plain = self.exec;
                let t = self.template(eff.as_ref(), true, 0);
                self.plain = false;
                if let (Some(e), Some(item)) = (eff.as_ref(), body_input.as_ref()) {
                    let ctx = Ctx {
                        item: Some((item.clone(), 0)),
                    };
                    body_input =
                        Some(eval::template(&t, e, &ctx).unwrap_or_else(|_| Json::from(OPAQUE)));
                }
                t
            });
            if body_input.as_ref().is_some_and(is_opaque) {
                continue;
            }
            if let Some(t) = selector {
                m = m.item_selector(t);
            }
            if let Some(p) = items_path {
                m = m.items_path(p);
            }
            m = with_input!(m, input);
            found = true;
            break;
        }
        if !found {
            // no array to iterate over here: a Pass instead
            self.coverage.hit("state.Pass");
            return self.pass(b, Kind::Pass, name, shape, spec).into();
        }
        if self.rng.chance(30) {
            self.coverage.hit("map.max_concurrency");
            m = m.max_concurrency(self.rng.range(0, 40));
        } else if !self.exec && self.rng.chance(10) {
            self.coverage.hit("map.max_concurrency_path");
            m = m.max_concurrency_path(self.ref_path());
        }
        let outer_express = self.express;
        if !self.exec && self.rng.chance(15) {
            let express;
            (m, express) = self.distributed(m);
            self.express |= express;
        }
        let out = self.block(b.depth + 1, auto, body_input);
        self.express = outer_express;
        for d in out.drafts {
            m = m.state(d);
        }
        let result = out.shape.map(|item| Json::Array(vec![item; count]));
        let result = if shape.is_some() { result } else { None };
        self.finish(b, m, name, shape, result, out.may_fail, spec, later)
    }

    /// Distributed Map settings.
    fn distributed(&mut self, m: Map) -> (Map, bool) {
        self.coverage.hit("map.distributed");
        let express = self.rng.chance(50);
        let reader = self.rng.chance(40);
        let writer = self.rng.chance(30);
        let batcher = self.rng.chance(30);
        let tolerated = self.rng.below(3);
        let label = self.rng.chance(30).then(|| self.fresh("corpus-label-"));
        let percentage = self.rng.range(0, 100) as f64;
        let count = self.rng.range(0, 50);
        let path = self.ref_path();
        for (hit, on) in [
            ("map.item_reader", reader),
            ("map.result_writer", writer),
            ("map.item_batcher", batcher),
            ("map.tolerated", tolerated > 0),
            ("map.label", label.is_some()),
        ] {
            if on {
                self.coverage.hit(hit);
            }
        }
        let mut d = DistributedMap::new(if express {
            MachineType::Express
        } else {
            MachineType::Standard
        });
        if reader {
            let mut config = ReaderConfig::default();
            config.input_type = Some("JSON".into());
            let mut r = ItemReader::default();
            r.resource = "arn:aws:states:::s3:getObject".into();
            r.reader_config = Some(config);
            r.payload = Some(Json::object([
                ("Bucket", "corpus-bucket"),
                ("Key", "items.json"),
            ]));
            d.item_reader = Some(r);
        }
        if writer {
            let mut w = ResultWriter::default();
            w.resource = Some("arn:aws:states:::s3:putObject".into());
            w.payload = Some(Json::object([
                ("Bucket", "corpus-bucket"),
                ("Prefix", "results"),
            ]));
            d.result_writer = Some(w);
        }
        if batcher {
            let mut b = ItemBatcher::default();
            b.max_items_per_batch = Some(Dynamic::Value(10));
            d.item_batcher = Some(b);
        }
        match tolerated {
            1 => {
                d.tolerated_failure_percentage = Some(Dynamic::Value(percentage));
                d.tolerated_failure_count = Some(Dynamic::Value(count));
            }
            2 => {
                d.tolerated_failure_percentage = Some(Dynamic::Path(path.clone()));
                d.tolerated_failure_count = Some(Dynamic::Path(path));
            }
            _ => {}
        }
        d.label = label;
        let m = m.distributed(d);
        let m = if reader {
            m.configure(|s| s.items = None)
        } else {
            m
        };
        (m, express)
    }

    // ------------------------------------------------------------ choices

    /// A Choice of the spine: its `Default` or one of its rules goes on to
    /// the next state of the spine. `lp`: the check of loop `id` that goes
    /// back to `inc` while the counter is low.
    fn choice(
        &mut self,
        b: &mut Blk,
        name: &str,
        plan: &[(Kind, String)],
        i: usize,
        shape: &mut Option<Json>,
        lp: Option<(usize, String)>,
    ) -> Draft {
        let next = plan[i + 1].1.clone();
        let mut c = Choice::new(name);
        if let Some(comment) = self.comment() {
            c = c.comment(comment);
        }
        let mut rules: Vec<(Rule, String)> = Vec::new();
        if let Some((id, inc)) = lp {
            let var = format!("$.loop{id}.n");
            let limit_path = shape
                .as_ref()
                .and_then(|s| eval::select(s, &[eval::Step::Key("limit".into())]))
                .is_some_and(|v| matches!(v, Json::Number(_)));
            let rule = match self.rng.below(4) {
                0 if limit_path || shape.is_none() => {
                    Rule::compare(var, Operator::NumericLessThanPath, "$.limit")
                }
                1 => {
                    self.coverage.hit("rule.Not");
                    Rule::not(Rule::compare(
                        var,
                        Operator::NumericGreaterThanEquals,
                        self.rng.range(1, 3) as i64,
                    ))
                }
                _ => Rule::compare(var, Operator::NumericLessThan, self.rng.range(1, 3) as i64),
            };
            self.coverage.hit(format!("op.{}", rule_op(&rule)));
            rules.push((rule, inc));
            if self.rng.chance(30) {
                let target = self.choice_target(b, plan, i, shape.as_ref(), true);
                let rule = self.rule(shape.as_ref(), 0);
                rules.push((rule, target));
            }
            for (rule, target) in rules {
                b.referenced.insert(target.clone());
                c = c.when(rule, target);
            }
            return c.otherwise(next).into();
        }
        // InputPath / OutputPath: the rules see the effective input
        let before = shape.clone();
        let (input, output) = self.in_out(shape);
        let effective = match &before {
            Some(s) => eval::input_path(s, &input).ok(),
            None => None,
        };
        c = with_output!(with_input!(c, input), output);
        let n = self.rng.range(1, 4);
        for _ in 0..n {
            let target = self.choice_target(b, plan, i, shape.as_ref(), false);
            let rule = self.rule(effective.as_ref(), 0);
            rules.push((rule, target));
        }
        // moto 5.2.5 fails with States.Runtime instead of
        // States.NoChoiceMatched when no rule matches (see README)
        let no_default = !self.exec && self.rng.chance(15);
        if no_default {
            self.coverage.hit("choice.no_default");
            if !rules.iter().any(|(_, t)| *t == next) {
                let rule = self.rule(effective.as_ref(), 0);
                rules.push((rule, next.clone()));
            }
        }
        for (rule, target) in rules {
            b.referenced.insert(target.clone());
            c = c.when(rule, target);
        }
        if !no_default {
            c = c.otherwise(next);
        }
        c.into()
    }

    /// Where a rule goes.
    fn choice_target(
        &mut self,
        b: &mut Blk,
        plan: &[(Kind, String)],
        i: usize,
        shape: Option<&Json>,
        in_loop: bool,
    ) -> String {
        let next = plan[i + 1].1.clone();
        let roll = self.rng.below(100);
        if self.exec {
            return match roll {
                0..=44 => self.side_chain(b, shape),
                45..=64 if !b.handlers.is_empty() => {
                    b.handlers[self.rng.below(b.handlers.len())].clone()
                }
                _ => next,
            };
        }
        match roll {
            0..=29 => self.side_chain(b, shape),
            30..=44 => self.pick_handler(b),
            45..=59 => next,
            60..=74 => {
                let forward = &plan[i + 1..];
                forward[self.rng.below(forward.len())].1.clone()
            }
            _ if !in_loop => {
                self.coverage.hit("choice.backward");
                plan[self.rng.below(i + 1)].1.clone()
            }
            _ => next,
        }
    }

    /// A side chain of the tail, started by a rule; returns its head.
    fn side_chain(&mut self, b: &mut Blk, shape: Option<&Json>) -> String {
        self.coverage.hit("choice.side_chain");
        let mut shape = shape.cloned();
        let n = self.rng.range(1, 3) as usize;
        let names: Vec<String> = (0..n)
            .map(|k| self.name(if k == 0 { "Side" } else { "Then" }, true))
            .collect();
        let mut chain: Vec<Draft> = Vec::new();
        for (k, name) in names.iter().enumerate() {
            self.budget -= 1;
            let last = k + 1 == n;
            let later: Vec<String> = names[k + 1..].to_vec();
            let flow = if !last {
                FlowSpec::Fixed(Flow::Default)
            } else if !self.exec && self.rng.chance(30) {
                // back into the spine
                self.coverage.hit("side.rejoin");
                FlowSpec::Fixed(Flow::Next(b.spine[self.rng.below(b.spine.len())].clone()))
            } else {
                FlowSpec::Fixed(Flow::End)
            };
            let draft = match self.rng.below(if last { 6 } else { 4 }) {
                0 => {
                    self.coverage.hit("state.Pass");
                    self.pass(b, Kind::Pass, name, &mut shape, &flow).into()
                }
                1 | 2 => {
                    self.coverage.hit("state.Task");
                    let f = self.rng.pick(self.functions).clone();
                    self.task(
                        b,
                        Task::new(name.as_str(), &f),
                        name,
                        &mut shape,
                        &flow,
                        &later,
                        true,
                    )
                }
                3 => {
                    self.coverage.hit("state.Wait");
                    self.wait(b, name, &mut shape, &flow)
                }
                4 => {
                    self.coverage.hit("state.Succeed");
                    let (input, output) = self.in_out(&mut shape);
                    with_output!(with_input!(Succeed::new(name.as_str()), input), output).into()
                }
                _ => {
                    self.coverage.hit("state.Fail");
                    b.may_fail = true;
                    self.fail(name, shape.as_ref())
                }
            };
            chain.push(draft);
        }
        b.tail.append(&mut chain);
        names[0].clone()
    }

    /// A Choice rule over `shape` (executable mode: on values that exist;
    /// full mode: any operator, any operand of the right kind).
    fn rule(&mut self, shape: Option<&Json>, depth: usize) -> Rule {
        let roll = self.rng.below(100);
        if depth < 2 && roll < 12 {
            self.coverage.hit("rule.And");
            let n = self.rng.range(1, 3);
            return Rule::and(
                (0..n)
                    .map(|_| self.rule(shape, depth + 1))
                    .collect::<Vec<_>>(),
            );
        }
        if depth < 2 && roll < 22 {
            self.coverage.hit("rule.Or");
            let n = self.rng.range(1, 3);
            return Rule::or(
                (0..n)
                    .map(|_| self.rule(shape, depth + 1))
                    .collect::<Vec<_>>(),
            );
        }
        if depth < 3 && roll < 30 {
            self.coverage.hit("rule.Not");
            return Rule::not(self.rule(shape, depth + 1));
        }
        let rule = match shape {
            None => self.full_compare(),
            Some(s) => self.exec_compare(s),
        };
        self.coverage.hit(format!("op.{}", rule_op(&rule)));
        rule
    }

    fn full_compare(&mut self) -> Rule {
        let op = *self.rng.pick(Operator::ALL);
        let variable = if self.rng.chance(5) {
            self.coverage.hit("context.path");
            "$$.Execution.Id".to_string()
        } else {
            self.ref_path()
        };
        let operand = match op.operand_kind() {
            OperandKind::String => Operand::String(self.tricky()),
            OperandKind::Pattern => Operand::String(self.rng.pick(PATTERNS).to_string()),
            OperandKind::Number => match self.number() {
                Json::Number(n) => Operand::Number(n),
                _ => Operand::from(1),
            },
            OperandKind::Bool => Operand::Bool(self.rng.chance(70)),
            OperandKind::Timestamp => Operand::String(self.rng.pick(TIMESTAMPS).to_string()),
            OperandKind::Path => Operand::String(self.ref_path()),
        };
        Rule::compare(variable, op, operand)
    }

    fn exec_compare(&mut self, shape: &Json) -> Rule {
        use Operator::*;
        let candidates: Vec<(String, Json)> = Self::candidates(shape)
            .into_iter()
            .filter(|(p, _)| p != "$")
            .collect();
        if candidates.is_empty() || self.rng.chance(8) {
            // a field that is not there
            let p = self.fresh("$.absent");
            return Rule::compare(p, IsPresent, self.rng.chance(50));
        }
        let (path, value) = candidates[self.rng.below(candidates.len())].clone();
        let same_kind = |g: &mut G, want: &dyn Fn(&Json) -> bool| -> Option<String> {
            let c: Vec<&(String, Json)> = candidates.iter().filter(|(_, v)| want(v)).collect();
            (!c.is_empty()).then(|| c[g.rng.below(c.len())].0.clone())
        };
        let ordering = [
            (StringEquals, NumericEquals, TimestampEquals),
            (StringLessThan, NumericLessThan, TimestampLessThan),
            (StringGreaterThan, NumericGreaterThan, TimestampGreaterThan),
            (
                StringLessThanEquals,
                NumericLessThanEquals,
                TimestampLessThanEquals,
            ),
            (
                StringGreaterThanEquals,
                NumericGreaterThanEquals,
                TimestampGreaterThanEquals,
            ),
        ];
        let path_of =
            |op: Operator| Operator::from_name(&format!("{}Path", op.as_str())).unwrap_or(op);
        let (s_op, n_op, t_op) = ordering[self.rng.below(ordering.len())];
        match &value {
            Json::String(s) => {
                let is_ts = eval::timestamp(s).is_some();
                match self.rng.below(if is_ts { 8 } else { 6 }) {
                    0 => {
                        let lit = if self.rng.chance(50) {
                            s.clone()
                        } else {
                            self.rng
                                .pick(&[
                                    "alpha",
                                    "beta",
                                    "m",
                                    "Zed",
                                    "ünï",
                                    "",
                                    "2024-05-01T00:00:00Z",
                                ])
                                .to_string()
                        };
                        Rule::compare(path, s_op, lit)
                    }
                    1 => {
                        // no `\*` or `\\` escapes: moto 5.2.5 does not read them
                        // (see README)
                        let plain = !s.contains(['*', '\\']);
                        let pattern = match self.rng.below(4) {
                            0 if plain => s.clone(),
                            1 if plain => format!("{}*", s.chars().take(2).collect::<String>()),
                            2 => "*a*".into(),
                            _ => "*".into(),
                        };
                        Rule::compare(path, StringMatches, pattern)
                    }
                    2 => match same_kind(self, &|v| matches!(v, Json::String(_))) {
                        Some(other) => Rule::compare(path, path_of(s_op), other),
                        None => Rule::compare(path, IsString, true),
                    },
                    3 => Rule::compare(path, IsString, self.rng.chance(80)),
                    4 => Rule::compare(path, IsTimestamp, is_ts),
                    5 => {
                        Rule::compare(path, *self.rng.pick(&[IsNumeric, IsBoolean, IsNull]), false)
                    }
                    6 => {
                        let lit = if self.rng.chance(40) {
                            s.clone()
                        } else {
                            self.rng
                                .pick(&[
                                    "2020-01-01T00:00:00Z",
                                    "2025-06-01T12:00:00Z",
                                    "2029-12-31T23:59:59Z",
                                ])
                                .to_string()
                        };
                        Rule::compare(path, t_op, lit)
                    }
                    _ => match same_kind(
                        self,
                        &|v| matches!(v, Json::String(x) if eval::timestamp(x).is_some()),
                    ) {
                        Some(other) => Rule::compare(path, path_of(t_op), other),
                        None => Rule::compare(path, IsTimestamp, true),
                    },
                }
            }
            Json::Number(n) => match self.rng.below(4) {
                0 | 1 => {
                    let x = n.as_f64();
                    let lit = match self.rng.below(3) {
                        0 => Operand::Number(*n),
                        1 => Operand::from(x.round() as i64 + self.rng.range(0, 2) as i64 - 1),
                        _ => Operand::from(x.floor() + 0.5),
                    };
                    Rule::compare(path, n_op, lit)
                }
                2 => match same_kind(self, &|v| matches!(v, Json::Number(_))) {
                    Some(other) => Rule::compare(path, path_of(n_op), other),
                    None => Rule::compare(path, IsNumeric, true),
                },
                _ => Rule::compare(
                    path,
                    *self.rng.pick(&[IsNumeric, IsString, IsTimestamp]),
                    self.rng.chance(50),
                ),
            },
            Json::Bool(x) => match self.rng.below(3) {
                0 => Rule::compare(
                    path,
                    BooleanEquals,
                    if self.rng.chance(50) { *x } else { !*x },
                ),
                1 => match same_kind(self, &|v| matches!(v, Json::Bool(_))) {
                    Some(other) => Rule::compare(path, BooleanEqualsPath, other),
                    None => Rule::compare(path, IsBoolean, true),
                },
                _ => Rule::compare(path, IsBoolean, self.rng.chance(70)),
            },
            Json::Null => Rule::compare(path, IsNull, self.rng.chance(70)),
            _ => Rule::compare(
                path,
                *self.rng.pick(&[IsPresent, IsNull, IsString, IsNumeric]),
                self.rng.chance(50),
            ),
        }
    }
}

/// What asl-validator 3 and 4 accept as a string item of an array in a
/// payload template (`^(?!\{% )(.+)(?! %\})$`: its "not JSONata" pattern).
fn array_item_ok(s: &str) -> bool {
    !s.is_empty() && !s.contains(['\n', '\r', '\u{2028}', '\u{2029}']) && !s.starts_with("{% ")
}

fn rule_op(r: &Rule) -> &'static str {
    match r {
        Rule::Compare { operator, .. } => operator.as_str(),
        Rule::Not(inner) | Rule::Commented { rule: inner, .. } => rule_op(inner),
        Rule::And(_) => "And",
        Rule::Or(_) => "Or",
    }
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Pass | Kind::LoopInit(_) | Kind::LoopInc(_) => "Pass",
        Kind::Task | Kind::FunctionTask(_) => "Task",
        Kind::Wait | Kind::LoopBody(_) => "Wait",
        Kind::Choice | Kind::LoopCheck(_) => "Choice",
        Kind::Parallel => "Parallel",
        Kind::Map => "Map",
        Kind::Succeed => "Succeed",
        Kind::Fail => "Fail",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::derive;
    use builder_core::check::validate;

    fn functions() -> Vec<FunctionHandle> {
        crate::emit::service("corpus-test", 0).1
    }

    #[test]
    fn three_hundred_machines_build_and_use_every_feature() {
        let functions = functions();
        let mut coverage = Coverage::default();
        let mut executable = 0;
        for i in 0..300 {
            let g = generate(derive(1, i), &functions, None).unwrap_or_else(|e| panic!("{e}"));
            assert!(validate(&g.machine).is_ok());
            coverage.merge(&g.coverage);
            if g.executable {
                executable += 1;
                assert!(!g.cases.is_empty());
            } else {
                assert!(g.cases.is_empty());
            }
        }
        assert!(executable > 60, "{executable} executable machines");
        assert_eq!(coverage.missing(), Vec::<String>::new());
    }

    #[test]
    fn a_seed_always_gives_the_same_machine_and_says_so_in_its_comment() {
        let functions = functions();
        for i in 0..20 {
            let seed = derive(9, i);
            let a = generate(seed, &functions, None).unwrap();
            let b = generate(seed, &functions, None).unwrap();
            assert_eq!(a.machine, b.machine);
            let comment = a.machine.definition.comment.clone().unwrap_or_default();
            assert!(comment.contains(&format!("{seed:#018x}")), "{comment}");
        }
    }

    #[test]
    fn both_modes_can_be_forced() {
        let functions = functions();
        let mut executable = 0;
        for i in 0..30 {
            // (an executable machine whose every input is ambiguous is not run)
            let forced = generate(derive(3, i), &functions, Some(true)).unwrap();
            executable += usize::from(forced.executable);
            let full = generate(derive(3, i), &functions, Some(false)).unwrap();
            assert!(!full.executable);
        }
        assert!(executable >= 27, "{executable} of 30");
    }
}
