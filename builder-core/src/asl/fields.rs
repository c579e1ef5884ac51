//! The one table of ASL fields. Each row names a field as ASL writes it and
//! as the `state_machine!` language does, says which kinds of state have it,
//! in which query language, what value it takes, which fields exclude it,
//! and how it is read into the model and written out. From these rows come
//! the reader's allowed fields and its "not allowed here" errors, the
//! writer's field order, and the macro's option lists. Adding a field is one
//! row here (and the model field it fills) plus its rule in `check/`.

use super::cx::Cx;
use super::read;
use super::write::{self, Wx};
use crate::json::Json;
use crate::model::*;

/// Which kinds of state have a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kinds(u8);

impl Kinds {
    /// Task.
    pub const TASK: Kinds = Kinds(1);
    /// Pass.
    pub const PASS: Kinds = Kinds(2);
    /// Choice.
    pub const CHOICE: Kinds = Kinds(4);
    /// Wait.
    pub const WAIT: Kinds = Kinds(8);
    /// Succeed.
    pub const SUCCEED: Kinds = Kinds(16);
    /// Fail.
    pub const FAIL: Kinds = Kinds(32);
    /// Parallel.
    pub const PARALLEL: Kinds = Kinds(64);
    /// Map.
    pub const MAP: Kinds = Kinds(128);
    /// Every kind.
    pub const ALL: Kinds = Kinds(255);
    /// Every kind but Fail (the ones with input and output processing).
    pub const IO: Kinds = Kinds(255 - 32);
    /// The kinds with `Next`/`End`.
    pub const FLOW: Kinds = Kinds(1 | 2 | 8 | 64 | 128);
    /// The kinds with `Retry`, `Catch` and a result.
    pub const WORK: Kinds = Kinds(1 | 64 | 128);
    /// The kinds with `Assign`.
    pub const ASSIGN: Kinds = Kinds(1 | 2 | 4 | 8 | 64 | 128);

    /// The union of two sets.
    pub const fn or(self, other: Kinds) -> Kinds {
        Kinds(self.0 | other.0)
    }

    /// The set of one type.
    pub const fn of(t: StateType) -> Kinds {
        Kinds(match t {
            StateType::Task => 1,
            StateType::Pass => 2,
            StateType::Choice => 4,
            StateType::Wait => 8,
            StateType::Succeed => 16,
            StateType::Fail => 32,
            StateType::Parallel => 64,
            StateType::Map => 128,
        })
    }

    /// Whether `t` is in the set.
    pub const fn contains(self, t: StateType) -> bool {
        self.0 & Kinds::of(t).0 != 0
    }
}

/// The query language a field belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// Both.
    Any,
    /// JSONPath states only.
    JsonPath,
    /// JSONata states only.
    Jsonata,
}

impl Lang {
    /// Whether a state in `language` may have the field.
    pub fn allows(self, language: QueryLanguage) -> bool {
        matches!(
            (self, language),
            (Lang::Any, _)
                | (Lang::JsonPath, QueryLanguage::JsonPath)
                | (Lang::Jsonata, QueryLanguage::Jsonata)
        )
    }
}

/// What a field takes: the macro converts its values by it, and messages
/// describe it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Want {
    /// A string.
    Str,
    /// A JSONPath string.
    Path,
    /// A JSONPath string or `null`.
    NullablePath,
    /// A non-negative integer.
    Uint,
    /// A number.
    Number,
    /// `true` / `false`.
    Bool,
    /// Any JSON value.
    Json,
    /// One of these words (ASL spelling; the DSL writes them in lower case).
    Word(&'static [&'static str]),
    /// A list of strings.
    Strings,
    /// Part of the machine's structure (`Type`, `Next`, `Branches`, ...),
    /// written in the DSL by its own syntax, not as an option.
    Structure,
}

impl Want {
    /// How a message says what the field takes.
    pub fn describe(self) -> String {
        match self {
            Want::Str => "a string".into(),
            Want::Path => "a JSONPath string such as `\"$.items\"`".into(),
            Want::NullablePath => "a JSONPath string such as `\"$.result\"`, or `null`".into(),
            Want::Uint => "a non-negative integer".into(),
            Want::Number => "a number".into(),
            Want::Bool => "`true` or `false`".into(),
            Want::Json => "a JSON value".into(),
            Want::Word(words) => {
                let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
                crate::diag::text::list(lower.iter().map(String::as_str), " or ")
            }
            Want::Strings => "a list of strings".into(),
            Want::Structure => "its own syntax".into(),
        }
    }
}

/// Fields of which at most one may be set (a value and its `…Path` twin);
/// `required` when exactly one must be.
#[derive(Debug)]
pub struct Group {
    /// What the group is, for messages ("how long to wait").
    pub what: &'static str,
    /// Whether one field of the group must be set.
    pub required: bool,
}

/// One field of an ASL object of type `T`.
pub struct Field<T: 'static> {
    /// The key ASL writes: `TimeoutSeconds`.
    pub key: &'static str,
    /// The DSL option: `timeout` (empty when the DSL writes it by its own
    /// syntax or not at all).
    pub dsl: &'static str,
    /// The kinds of state that have it (every kind, outside states).
    pub kinds: Kinds,
    /// The query language it belongs to.
    pub lang: Lang,
    /// What a state of the other query language writes instead (for
    /// messages): `Parameters` → `Arguments`, `TimeoutSecondsPath` →
    /// `TimeoutSeconds` with a JSONata value.
    pub instead: &'static [&'static str],
    /// What it takes.
    pub want: Want,
    /// The fields that exclude it, and it them.
    pub group: Option<&'static Group>,
    /// Whether only a Distributed Map has it.
    pub distributed: bool,
    /// Whether it must be present.
    pub required: bool,
    /// Reads a value into the model; reports what is wrong.
    pub read: fn(&mut T, &Json, &mut Cx<'_>),
    /// The value to write, when the model has one.
    pub write: fn(&T, &Wx) -> Option<Json>,
}

impl<T> Field<T> {
    const fn new(
        key: &'static str,
        dsl: &'static str,
        want: Want,
        read: fn(&mut T, &Json, &mut Cx<'_>),
        write: fn(&T, &Wx) -> Option<Json>,
    ) -> Field<T> {
        Field {
            key,
            dsl,
            kinds: Kinds::ALL,
            lang: Lang::Any,
            instead: &[],
            want,
            group: None,
            distributed: false,
            required: false,
            read,
            write,
        }
    }
    const fn kinds(mut self, kinds: Kinds) -> Self {
        self.kinds = kinds;
        self
    }
    const fn lang(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self
    }
    const fn instead(mut self, keys: &'static [&'static str]) -> Self {
        self.instead = keys;
        self
    }
    const fn group(mut self, group: &'static Group) -> Self {
        self.group = Some(group);
        self
    }
    const fn distributed(mut self) -> Self {
        self.distributed = true;
        self
    }
    const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    /// The name a message uses for the field.
    pub fn name(&self, naming: crate::diag::Naming) -> &'static str {
        match naming {
            crate::diag::Naming::Dsl if !self.dsl.is_empty() => self.dsl,
            _ => self.key,
        }
    }
}

/// Whether states of type `t` have the field `key` (`Retry`, `Next`, ...).
pub fn has(t: StateType, key: &str) -> bool {
    STATE.iter().any(|f| f.key == key && f.kinds.contains(t))
}

/// The row of `table` with this key.
pub fn by_key<T>(table: &'static [Field<T>], key: &str) -> Option<&'static Field<T>> {
    table.iter().find(|f| f.key == key)
}

/// The row of `table` with this DSL name.
pub fn by_dsl<T>(table: &'static [Field<T>], dsl: &str) -> Option<&'static Field<T>> {
    table.iter().find(|f| !f.dsl.is_empty() && f.dsl == dsl)
}

// ----------------------------------------------------------------- helpers

fn opt<T: Into<Json> + Clone>(v: &Option<T>) -> Option<Json> {
    v.clone().map(Into::into)
}

fn nullable(p: &Option<NullablePath>) -> Option<Json> {
    p.as_ref().map(|p| match p {
        NullablePath::Null => Json::Null,
        NullablePath::Path(p) => Json::String(p.clone()),
    })
}

/// The value (or JSONata) side of a [`Dynamic`].
fn dyn_value<T: Into<Json> + Clone>(d: &Option<Dynamic<T>>) -> Option<Json> {
    match d.as_ref()? {
        Dynamic::Value(v) => Some(v.clone().into()),
        Dynamic::Jsonata(e) => Some(Json::String(e.clone())),
        Dynamic::Path(_) => None,
    }
}

/// The `…Path` side of a [`Dynamic`].
fn dyn_path<T>(d: &Option<Dynamic<T>>) -> Option<Json> {
    match d.as_ref()? {
        Dynamic::Path(p) => Some(Json::String(p.clone())),
        _ => None,
    }
}

fn jp(s: &mut State) -> Option<&mut JsonPathIo> {
    s.io.json_path_mut()
}
fn jp_ref(s: &State) -> Option<&JsonPathIo> {
    s.io.json_path()
}
fn ja(s: &mut State) -> Option<&mut JsonataIo> {
    s.io.jsonata_mut()
}
fn ja_ref(s: &State) -> Option<&JsonataIo> {
    s.io.jsonata()
}

macro_rules! kind_access {
    ($($mut_fn:ident, $ref_fn:ident, $variant:ident, $ty:ty;)*) => {$(
        fn $mut_fn(s: &mut State) -> Option<&mut $ty> {
            match &mut s.kind {
                StateKind::$variant(x) => Some(x),
                _ => None,
            }
        }
        fn $ref_fn(s: &State) -> Option<&$ty> {
            match &s.kind {
                StateKind::$variant(x) => Some(x),
                _ => None,
            }
        }
    )*};
}

kind_access! {
    task, task_ref, Task, TaskState;
    pass, pass_ref, Pass, PassState;
    choice, choice_ref, Choice, ChoiceState;
    wait, wait_ref, Wait, WaitState;
    fail, fail_ref, Fail, FailState;
    parallel, parallel_ref, Parallel, ParallelState;
    map, map_ref, Map, MapState;
}

/// The Distributed Map settings of a Map (made distributed by the reader
/// before its fields are read; see [`read`]).
fn dist(s: &mut State) -> Option<&mut DistributedMap> {
    match &mut map(s)?.processor {
        Processor::Distributed(d) => Some(d),
        Processor::Inline => None,
    }
}
fn dist_ref(s: &State) -> Option<&DistributedMap> {
    map_ref(s)?.processor.distributed()
}

fn wait_seconds(s: &State) -> Option<&Dynamic<u64>> {
    match &wait_ref(s)?.duration {
        WaitDuration::Seconds(d) => Some(d),
        _ => None,
    }
}
fn wait_timestamp(s: &State) -> Option<&Dynamic<String>> {
    match &wait_ref(s)?.duration {
        WaitDuration::Timestamp(d) => Some(d),
        _ => None,
    }
}

/// `Type` of a state: one of the eight.
pub const STATE_TYPES: &[&str] = &[
    "Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map",
];

static TIMEOUT: Group = Group {
    what: "the timeout",
    required: false,
};
static HEARTBEAT: Group = Group {
    what: "the heartbeat",
    required: false,
};
static CONCURRENCY: Group = Group {
    what: "the concurrency limit",
    required: false,
};
static PERCENTAGE: Group = Group {
    what: "the tolerated failure percentage",
    required: false,
};
static COUNT: Group = Group {
    what: "the tolerated failure count",
    required: false,
};
static SELECTOR: Group = Group {
    what: "the item selector",
    required: false,
};
static ERROR: Group = Group {
    what: "the error",
    required: false,
};
static CAUSE: Group = Group {
    what: "the cause",
    required: false,
};
/// The four durations of a Wait.
pub static DURATION: Group = Group {
    what: "how long to wait",
    required: true,
};
/// `Next` and `End`.
pub static TRANSITION: Group = Group {
    what: "where to go next",
    required: true,
};
static PROCESSOR: Group = Group {
    what: "the states to run for each item",
    required: true,
};

/// The fields of a state, in the order they are written.
pub static STATE: &[Field<State>] = &[
    Field::<State>::new(
        "Type",
        "",
        Want::Structure,
        |_, _, _| {},
        |s, _| Some(s.kind.type_name().into()),
    )
    .required(),
    Field::<State>::new(
        "QueryLanguage",
        "query_language",
        Want::Word(&["JSONPath", "JSONata"]),
        // Read first, by the reader itself: it decides the `Io` variant.
        |_, _, _| {},
        |s, wx| {
            (s.query_language() != wx.machine_language).then(|| s.query_language().as_str().into())
        },
    ),
    Field::<State>::new(
        "Comment",
        "comment",
        Want::Str,
        |s, v, cx| s.comment = cx.string(v),
        |s, _| opt(&s.comment),
    ),
    Field::<State>::new(
        "InputPath",
        "input_path",
        Want::NullablePath,
        |s, v, cx| {
            let p = cx.nullable_path(v);
            if let Some(io) = jp(s) {
                io.input_path = p;
            }
        },
        |s, _| nullable(&jp_ref(s)?.input_path),
    )
    .kinds(Kinds::IO)
    .lang(Lang::JsonPath)
    .instead(&["Arguments", "Output"]),
    Field::<State>::new(
        "ItemsPath",
        "items_path",
        Want::Path,
        |s, v, cx| {
            let p = cx.path(v);
            if let Some(m) = map(s) {
                m.items = p.map(Items::Path);
            }
        },
        |s, _| match &map_ref(s)?.items {
            Some(Items::Path(p)) => Some(p.as_str().into()),
            _ => None,
        },
    )
    .kinds(Kinds::MAP)
    .lang(Lang::JsonPath)
    .instead(&["Items"]),
    Field::<State>::new(
        "Items",
        "items",
        Want::Json,
        |s, v, cx| {
            let j = cx.json(v);
            if let Some(m) = map(s) {
                m.items = Some(Items::Value(j));
            }
        },
        |s, wx| match &map_ref(s)?.items {
            Some(Items::Value(j)) => Some(wx.json(j)),
            _ => None,
        },
    )
    .kinds(Kinds::MAP)
    .lang(Lang::Jsonata)
    .instead(&["ItemsPath"]),
    Field::<State>::new(
        "ItemReader",
        "item_reader",
        Want::Json,
        |s, v, cx| {
            let r = read::item_reader(v, cx);
            if let Some(d) = dist(s) {
                d.item_reader = r;
            }
        },
        |s, wx| write::item_reader(dist_ref(s)?.item_reader.as_ref()?, s.query_language(), wx),
    )
    .kinds(Kinds::MAP)
    .distributed(),
    Field::<State>::new(
        "ItemSelector",
        "item_selector",
        Want::Json,
        |s, v, cx| {
            let j = cx.json(v);
            if let Some(m) = map(s) {
                m.item_selector = Some(j);
            }
        },
        |s, wx| Some(wx.json(map_ref(s)?.item_selector.as_ref()?)),
    )
    .kinds(Kinds::MAP)
    .group(&SELECTOR),
    Field::<State>::new(
        "Parameters",
        "parameters",
        Want::Json,
        |s, v, cx| {
            let j = cx.json(v);
            if let Some(io) = jp(s) {
                io.parameters = Some(j);
            }
        },
        |s, wx| Some(wx.json(jp_ref(s)?.parameters.as_ref()?)),
    )
    .kinds(
        Kinds::TASK
            .or(Kinds::PASS)
            .or(Kinds::PARALLEL)
            .or(Kinds::MAP),
    )
    .lang(Lang::JsonPath)
    .instead(&["Arguments", "ItemSelector", "Output"])
    .group(&SELECTOR),
    Field::<State>::new(
        "Result",
        "result",
        Want::Json,
        |s, v, cx| {
            let j = cx.json(v);
            if let Some(p) = pass(s) {
                p.result = Some(j);
            }
        },
        |s, wx| Some(wx.json(pass_ref(s)?.result.as_ref()?)),
    )
    .kinds(Kinds::PASS)
    .lang(Lang::JsonPath)
    .instead(&["Output"]),
    Field::<State>::new(
        "Resource",
        "",
        Want::Structure,
        |s, v, cx| {
            let r = read::resource(v, cx);
            if let (Some(t), Some(r)) = (task(s), r) {
                t.resource = r;
            }
        },
        |s, wx| Some(wx.resource(&task_ref(s)?.resource)),
    )
    .kinds(Kinds::TASK)
    .required(),
    Field::<State>::new(
        "Arguments",
        "arguments",
        Want::Json,
        |s, v, cx| {
            let j = cx.json(v);
            if let Some(io) = ja(s) {
                io.arguments = Some(j);
            }
        },
        |s, wx| Some(wx.json(ja_ref(s)?.arguments.as_ref()?)),
    )
    .kinds(Kinds::TASK.or(Kinds::PARALLEL))
    .lang(Lang::Jsonata)
    .instead(&["Parameters"]),
    Field::<State>::new(
        "Credentials",
        "credentials",
        Want::Json,
        |s, v, cx| {
            if cx.object(v).is_none() {
                return;
            }
            let j = cx.json(v);
            if let Some(t) = task(s) {
                t.credentials = Some(j);
            }
        },
        |s, wx| Some(wx.json(task_ref(s)?.credentials.as_ref()?)),
    )
    .kinds(Kinds::TASK),
    Field::<State>::new(
        "TimeoutSeconds",
        "timeout",
        Want::Uint,
        |s, v, cx| {
            let d = cx.dyn_uint(v);
            if let Some(t) = task(s) {
                t.timeout = d;
            }
        },
        |s, _| dyn_value(&task_ref(s)?.timeout),
    )
    .kinds(Kinds::TASK)
    .group(&TIMEOUT),
    Field::<State>::new(
        "TimeoutSecondsPath",
        "timeout_path",
        Want::Path,
        |s, v, cx| {
            let d = cx.dyn_path(v);
            if let Some(t) = task(s) {
                t.timeout = d;
            }
        },
        |s, _| dyn_path(&task_ref(s)?.timeout),
    )
    .kinds(Kinds::TASK)
    .lang(Lang::JsonPath)
    .instead(&["TimeoutSeconds"])
    .group(&TIMEOUT),
    Field::<State>::new(
        "HeartbeatSeconds",
        "heartbeat",
        Want::Uint,
        |s, v, cx| {
            let d = cx.dyn_uint(v);
            if let Some(t) = task(s) {
                t.heartbeat = d;
            }
        },
        |s, _| dyn_value(&task_ref(s)?.heartbeat),
    )
    .kinds(Kinds::TASK)
    .group(&HEARTBEAT),
    Field::<State>::new(
        "HeartbeatSecondsPath",
        "heartbeat_path",
        Want::Path,
        |s, v, cx| {
            let d = cx.dyn_path(v);
            if let Some(t) = task(s) {
                t.heartbeat = d;
            }
        },
        |s, _| dyn_path(&task_ref(s)?.heartbeat),
    )
    .kinds(Kinds::TASK)
    .lang(Lang::JsonPath)
    .instead(&["HeartbeatSeconds"])
    .group(&HEARTBEAT),
    Field::<State>::new(
        "Branches",
        "",
        Want::Structure,
        |s, v, cx| {
            let b = read::branches(v, cx);
            if let Some(p) = parallel(s) {
                p.branches = b;
            }
        },
        |s, wx| {
            let branches = &parallel_ref(s)?.branches;
            Some(Json::Array(
                branches.iter().map(|b| write::block(b, wx)).collect(),
            ))
        },
    )
    .kinds(Kinds::PARALLEL)
    .required(),
    Field::<State>::new(
        "ItemBatcher",
        "item_batcher",
        Want::Json,
        |s, v, cx| {
            let b = read::object(v, ITEM_BATCHER, cx);
            if let Some(d) = dist(s) {
                d.item_batcher = b;
            }
        },
        |s, wx| {
            Some(write::object(
                dist_ref(s)?.item_batcher.as_ref()?,
                ITEM_BATCHER,
                wx,
            ))
        },
    )
    .kinds(Kinds::MAP)
    .distributed(),
    Field::<State>::new(
        "MaxConcurrency",
        "max_concurrency",
        Want::Uint,
        |s, v, cx| {
            let d = cx.dyn_uint(v);
            if let Some(m) = map(s) {
                m.max_concurrency = d;
            }
        },
        |s, _| dyn_value(&map_ref(s)?.max_concurrency),
    )
    .kinds(Kinds::MAP)
    .group(&CONCURRENCY),
    Field::<State>::new(
        "MaxConcurrencyPath",
        "max_concurrency_path",
        Want::Path,
        |s, v, cx| {
            let d = cx.dyn_path(v);
            if let Some(m) = map(s) {
                m.max_concurrency = d;
            }
        },
        |s, _| dyn_path(&map_ref(s)?.max_concurrency),
    )
    .kinds(Kinds::MAP)
    .lang(Lang::JsonPath)
    .instead(&["MaxConcurrency"])
    .group(&CONCURRENCY),
    Field::<State>::new(
        "ToleratedFailurePercentage",
        "tolerated_failure_percentage",
        Want::Number,
        |s, v, cx| {
            let d = cx.dyn_number(v);
            if let Some(m) = dist(s) {
                m.tolerated_failure_percentage = d;
            }
        },
        |s, _| dyn_value(&dist_ref(s)?.tolerated_failure_percentage),
    )
    .kinds(Kinds::MAP)
    .distributed()
    .group(&PERCENTAGE),
    Field::<State>::new(
        "ToleratedFailurePercentagePath",
        "tolerated_failure_percentage_path",
        Want::Path,
        |s, v, cx| {
            let d = cx.dyn_path(v);
            if let Some(m) = dist(s) {
                m.tolerated_failure_percentage = d;
            }
        },
        |s, _| dyn_path(&dist_ref(s)?.tolerated_failure_percentage),
    )
    .kinds(Kinds::MAP)
    .lang(Lang::JsonPath)
    .instead(&["ToleratedFailurePercentage"])
    .distributed()
    .group(&PERCENTAGE),
    Field::<State>::new(
        "ToleratedFailureCount",
        "tolerated_failure_count",
        Want::Uint,
        |s, v, cx| {
            let d = cx.dyn_uint(v);
            if let Some(m) = dist(s) {
                m.tolerated_failure_count = d;
            }
        },
        |s, _| dyn_value(&dist_ref(s)?.tolerated_failure_count),
    )
    .kinds(Kinds::MAP)
    .distributed()
    .group(&COUNT),
    Field::<State>::new(
        "ToleratedFailureCountPath",
        "tolerated_failure_count_path",
        Want::Path,
        |s, v, cx| {
            let d = cx.dyn_path(v);
            if let Some(m) = dist(s) {
                m.tolerated_failure_count = d;
            }
        },
        |s, _| dyn_path(&dist_ref(s)?.tolerated_failure_count),
    )
    .kinds(Kinds::MAP)
    .lang(Lang::JsonPath)
    .instead(&["ToleratedFailureCount"])
    .distributed()
    .group(&COUNT),
    Field::<State>::new(
        "Label",
        "label",
        Want::Str,
        |s, v, cx| {
            let l = cx.string(v);
            if let Some(d) = dist(s) {
                d.label = l;
            }
        },
        |s, _| opt(&dist_ref(s)?.label),
    )
    .kinds(Kinds::MAP)
    .distributed(),
    Field::<State>::new(
        "ResultWriter",
        "result_writer",
        Want::Json,
        |s, v, cx| {
            let w = read::result_writer(v, cx);
            if let Some(d) = dist(s) {
                d.result_writer = w;
            }
        },
        |s, wx| write::result_writer(dist_ref(s)?.result_writer.as_ref()?, s.query_language(), wx),
    )
    .kinds(Kinds::MAP)
    .distributed(),
    Field::<State>::new(
        "ResultSelector",
        "result_selector",
        Want::Json,
        |s, v, cx| {
            let j = cx.json(v);
            if let Some(io) = jp(s) {
                io.result_selector = Some(j);
            }
        },
        |s, wx| Some(wx.json(jp_ref(s)?.result_selector.as_ref()?)),
    )
    .kinds(Kinds::WORK)
    .lang(Lang::JsonPath)
    .instead(&["Output"]),
    Field::<State>::new(
        "ResultPath",
        "result_path",
        Want::NullablePath,
        |s, v, cx| {
            let p = cx.nullable_path(v);
            if let Some(io) = jp(s) {
                io.result_path = p;
            }
        },
        |s, _| nullable(&jp_ref(s)?.result_path),
    )
    .kinds(Kinds::WORK.or(Kinds::PASS))
    .lang(Lang::JsonPath)
    .instead(&["Output", "Assign"]),
    Field::<State>::new(
        "OutputPath",
        "output_path",
        Want::NullablePath,
        |s, v, cx| {
            let p = cx.nullable_path(v);
            if let Some(io) = jp(s) {
                io.output_path = p;
            }
        },
        |s, _| nullable(&jp_ref(s)?.output_path),
    )
    .kinds(Kinds::IO)
    .lang(Lang::JsonPath)
    .instead(&["Output"]),
    Field::<State>::new(
        "Error",
        "error",
        Want::Str,
        |s, v, cx| {
            let d = cx.dyn_string(v);
            if let Some(f) = fail(s) {
                f.error = d;
            }
        },
        |s, _| dyn_value(&fail_ref(s)?.error),
    )
    .kinds(Kinds::FAIL)
    .group(&ERROR),
    Field::<State>::new(
        "ErrorPath",
        "error_path",
        Want::Str,
        |s, v, cx| {
            let d = cx.dyn_path(v);
            if let Some(f) = fail(s) {
                f.error = d;
            }
        },
        |s, _| dyn_path(&fail_ref(s)?.error),
    )
    .kinds(Kinds::FAIL)
    .lang(Lang::JsonPath)
    .instead(&["Error"])
    .group(&ERROR),
    Field::<State>::new(
        "Cause",
        "cause",
        Want::Str,
        |s, v, cx| {
            let d = cx.dyn_string(v);
            if let Some(f) = fail(s) {
                f.cause = d;
            }
        },
        |s, _| dyn_value(&fail_ref(s)?.cause),
    )
    .kinds(Kinds::FAIL)
    .group(&CAUSE),
    Field::<State>::new(
        "CausePath",
        "cause_path",
        Want::Str,
        |s, v, cx| {
            let d = cx.dyn_path(v);
            if let Some(f) = fail(s) {
                f.cause = d;
            }
        },
        |s, _| dyn_path(&fail_ref(s)?.cause),
    )
    .kinds(Kinds::FAIL)
    .lang(Lang::JsonPath)
    .instead(&["Cause"])
    .group(&CAUSE),
    Field::<State>::new(
        "Seconds",
        "seconds",
        Want::Uint,
        |s, v, cx| {
            let d = cx.dyn_uint(v);
            if let (Some(w), Some(d)) = (wait(s), d) {
                w.duration = WaitDuration::Seconds(d);
            }
        },
        |s, _| dyn_value(&wait_seconds(s).cloned()),
    )
    .kinds(Kinds::WAIT)
    .group(&DURATION),
    Field::<State>::new(
        "Timestamp",
        "timestamp",
        Want::Str,
        |s, v, cx| {
            let d = cx.dyn_string(v);
            if let (Some(w), Some(d)) = (wait(s), d) {
                w.duration = WaitDuration::Timestamp(d);
            }
        },
        |s, _| dyn_value(&wait_timestamp(s).cloned()),
    )
    .kinds(Kinds::WAIT)
    .group(&DURATION),
    Field::<State>::new(
        "SecondsPath",
        "seconds_path",
        Want::Path,
        |s, v, cx| {
            let d = cx.dyn_path(v);
            if let (Some(w), Some(d)) = (wait(s), d) {
                w.duration = WaitDuration::Seconds(d);
            }
        },
        |s, _| dyn_path(&wait_seconds(s).cloned()),
    )
    .kinds(Kinds::WAIT)
    .lang(Lang::JsonPath)
    .instead(&["Seconds"])
    .group(&DURATION),
    Field::<State>::new(
        "TimestampPath",
        "timestamp_path",
        Want::Path,
        |s, v, cx| {
            let d = cx.dyn_path(v);
            if let (Some(w), Some(d)) = (wait(s), d) {
                w.duration = WaitDuration::Timestamp(d);
            }
        },
        |s, _| dyn_path(&wait_timestamp(s).cloned()),
    )
    .kinds(Kinds::WAIT)
    .lang(Lang::JsonPath)
    .instead(&["Timestamp"])
    .group(&DURATION),
    Field::<State>::new(
        "Default",
        "",
        Want::Structure,
        |s, v, cx| {
            let d = cx.string(v);
            if let Some(c) = choice(s) {
                c.default = d;
            }
        },
        |s, _| opt(&choice_ref(s)?.default),
    )
    .kinds(Kinds::CHOICE),
    Field::<State>::new(
        "Choices",
        "",
        Want::Structure,
        |s, v, cx| {
            let rules = read::choices(v, cx);
            if let Some(c) = choice(s) {
                c.choices = rules;
            }
        },
        |s, wx| {
            let rules = &choice_ref(s)?.choices;
            Some(Json::Array(
                rules.iter().map(|r| write::choice_rule(r, wx)).collect(),
            ))
        },
    )
    .kinds(Kinds::CHOICE)
    .required(),
    Field::<State>::new(
        "Output",
        "output",
        Want::Json,
        |s, v, cx| {
            let j = cx.json(v);
            if let Some(io) = ja(s) {
                io.output = Some(j);
            }
        },
        |s, wx| Some(wx.json(ja_ref(s)?.output.as_ref()?)),
    )
    .kinds(Kinds::IO)
    .lang(Lang::Jsonata)
    .instead(&["OutputPath", "ResultSelector", "ResultPath"]),
    Field::<State>::new(
        "Assign",
        "assign",
        Want::Json,
        |s, v, cx| s.assign = Some(cx.json(v)),
        |s, wx| Some(wx.json(s.assign.as_ref()?)),
    )
    .kinds(Kinds::ASSIGN),
    Field::<State>::new(
        "Retry",
        "",
        Want::Structure,
        |s, v, cx| {
            let list = read::list(v, RETRIER, cx);
            if let Some(r) = s.kind.retriers_mut() {
                *r = list;
            }
        },
        |s, wx| {
            let list = s.kind.retriers()?;
            (!list.is_empty()).then(|| write::list(list, RETRIER, wx))
        },
    )
    .kinds(Kinds::WORK),
    Field::<State>::new(
        "Catch",
        "",
        Want::Structure,
        |s, v, cx| {
            let list = read::list(v, CATCHER, cx);
            if let Some(c) = s.kind.catchers_mut() {
                *c = list;
            }
        },
        |s, wx| {
            let list = s.kind.catchers()?;
            (!list.is_empty()).then(|| write::list(list, CATCHER, wx))
        },
    )
    .kinds(Kinds::WORK),
    Field::<State>::new(
        "Next",
        "",
        Want::Structure,
        |s, v, cx| {
            if let (Some(next), Some(t)) = (cx.string(v), s.kind.transition_mut()) {
                *t = Transition::Next(next);
            }
        },
        |s, _| match s.kind.transition()? {
            Transition::Next(n) => Some(n.as_str().into()),
            Transition::End => None,
        },
    )
    .kinds(Kinds::FLOW)
    .group(&TRANSITION),
    Field::<State>::new(
        "End",
        "",
        Want::Structure,
        |s, v, cx| {
            if cx.boolean(v) == Some(false) {
                cx.error_help(
                    crate::diag::Code::OutOfRange,
                    "`End` can only be `true`",
                    "to continue, write `Next` instead",
                );
            }
            if let Some(t) = s.kind.transition_mut() {
                *t = Transition::End;
            }
        },
        |s, _| matches!(s.kind.transition()?, Transition::End).then_some(Json::Bool(true)),
    )
    .kinds(Kinds::FLOW)
    .group(&TRANSITION),
    Field::<State>::new(
        "ItemProcessor",
        "",
        Want::Structure,
        read::item_processor,
        |s, wx| Some(write::item_processor(map_ref(s)?, wx)),
    )
    .kinds(Kinds::MAP)
    .group(&PROCESSOR),
    Field::<State>::new(
        "Iterator",
        "",
        Want::Structure,
        // The deprecated name of `ItemProcessor`: read, never written.
        read::item_processor,
        |_, _| None,
    )
    .kinds(Kinds::MAP)
    .group(&PROCESSOR),
];

/// The fields of a definition's top level.
pub static DEFINITION: &[Field<Definition>] = &[
    Field::<Definition>::new(
        "StartAt",
        "",
        Want::Structure,
        |d, v, cx| d.block.start_at = cx.string(v).unwrap_or_default(),
        |d, _| Some(d.block.start_at.as_str().into()),
    )
    .required(),
    Field::<Definition>::new(
        "Comment",
        "comment",
        Want::Str,
        |d, v, cx| d.comment = cx.string(v),
        |d, _| opt(&d.comment),
    ),
    Field::<Definition>::new(
        "QueryLanguage",
        "query_language",
        Want::Word(&["JSONPath", "JSONata"]),
        // Read first, by the reader itself: its states inherit it.
        |_, _, _| {},
        |d, _| {
            (d.query_language == QueryLanguage::Jsonata).then(|| d.query_language.as_str().into())
        },
    ),
    Field::<Definition>::new(
        "TimeoutSeconds",
        "timeout",
        Want::Uint,
        |d, v, cx| d.timeout_seconds = cx.uint(v),
        |d, _| opt(&d.timeout_seconds),
    ),
    Field::<Definition>::new(
        "Version",
        "",
        Want::Str,
        |d, v, cx| d.version = cx.string(v),
        |d, _| opt(&d.version),
    ),
    Field::<Definition>::new(
        "States",
        "",
        Want::Structure,
        |d, v, cx| d.block.states = read::states(v, cx),
        |d, wx| Some(write::states(&d.block.states, wx)),
    )
    .required(),
];

/// The fields of a Parallel branch or a Map's `ItemProcessor`.
pub static BLOCK: &[Field<Block>] = &[
    Field::<Block>::new(
        "StartAt",
        "",
        Want::Structure,
        |b, v, cx| b.start_at = cx.string(v).unwrap_or_default(),
        |b, _| Some(b.start_at.as_str().into()),
    )
    .required(),
    Field::<Block>::new(
        "States",
        "",
        Want::Structure,
        |b, v, cx| b.states = read::states(v, cx),
        |b, wx| Some(write::states(&b.states, wx)),
    )
    .required(),
];

/// The fields of a retrier.
pub static RETRIER: &[Field<Retrier>] = &[
    Field::<Retrier>::new(
        "ErrorEquals",
        "",
        Want::Strings,
        |r, v, cx| r.error_equals = cx.strings(v).unwrap_or_default(),
        |r, _| Some(Json::array(r.error_equals.iter().cloned())),
    )
    .required(),
    Field::<Retrier>::new(
        "IntervalSeconds",
        "interval",
        Want::Uint,
        |r, v, cx| r.interval_seconds = cx.uint(v),
        |r, _| opt(&r.interval_seconds),
    ),
    Field::<Retrier>::new(
        "MaxAttempts",
        "max_attempts",
        Want::Uint,
        |r, v, cx| r.max_attempts = cx.uint(v),
        |r, _| opt(&r.max_attempts),
    ),
    Field::<Retrier>::new(
        "BackoffRate",
        "backoff",
        Want::Number,
        |r, v, cx| r.backoff_rate = cx.number(v),
        |r, _| opt(&r.backoff_rate),
    ),
    Field::<Retrier>::new(
        "MaxDelaySeconds",
        "max_delay",
        Want::Uint,
        |r, v, cx| r.max_delay_seconds = cx.uint(v),
        |r, _| opt(&r.max_delay_seconds),
    ),
    Field::<Retrier>::new(
        "JitterStrategy",
        "jitter",
        Want::Word(&["FULL", "NONE"]),
        |r, v, cx| {
            r.jitter_strategy = cx.word(v, &["FULL", "NONE"]).map(|w| match w {
                "FULL" => Jitter::Full,
                _ => Jitter::None,
            })
        },
        |r, _| r.jitter_strategy.map(|j| j.as_str().into()),
    ),
    Field::<Retrier>::new(
        "Comment",
        "comment",
        Want::Str,
        |r, v, cx| r.comment = cx.string(v),
        |r, _| opt(&r.comment),
    ),
];

/// The fields of a catcher.
pub static CATCHER: &[Field<Catcher>] = &[
    Field::<Catcher>::new(
        "ErrorEquals",
        "",
        Want::Strings,
        |c, v, cx| c.error_equals = cx.strings(v).unwrap_or_default(),
        |c, _| Some(Json::array(c.error_equals.iter().cloned())),
    )
    .required(),
    Field::<Catcher>::new(
        "ResultPath",
        "result_path",
        Want::NullablePath,
        |c, v, cx| c.result_path = cx.nullable_path(v),
        |c, _| nullable(&c.result_path),
    )
    .lang(Lang::JsonPath)
    .instead(&["Output", "Assign"]),
    Field::<Catcher>::new(
        "Output",
        "output",
        Want::Json,
        |c, v, cx| c.output = Some(cx.json(v)),
        |c, wx| Some(wx.json(c.output.as_ref()?)),
    )
    .lang(Lang::Jsonata)
    .instead(&["ResultPath"]),
    Field::<Catcher>::new(
        "Assign",
        "assign",
        Want::Json,
        |c, v, cx| c.assign = Some(cx.json(v)),
        |c, wx| Some(wx.json(c.assign.as_ref()?)),
    ),
    Field::<Catcher>::new(
        "Comment",
        "comment",
        Want::Str,
        |c, v, cx| c.comment = cx.string(v),
        |c, _| opt(&c.comment),
    ),
    Field::<Catcher>::new(
        "Next",
        "",
        Want::Structure,
        |c, v, cx| c.next = cx.string(v).unwrap_or_default(),
        |c, _| Some(c.next.as_str().into()),
    )
    .required(),
];

/// `ItemProcessor.ProcessorConfig` of a Map (read into its [`Processor`]).
pub static PROCESSOR_CONFIG: &[Field<(bool, Option<MachineType>)>] = &[
    Field::<(bool, Option<MachineType>)>::new(
        "Mode",
        "mode",
        Want::Word(&["INLINE", "DISTRIBUTED"]),
        |p, v, cx| p.0 = cx.word(v, &["INLINE", "DISTRIBUTED"]) == Some("DISTRIBUTED"),
        |p, _| Some(if p.0 { "DISTRIBUTED" } else { "INLINE" }.into()),
    ),
    Field::<(bool, Option<MachineType>)>::new(
        "ExecutionType",
        "execution_type",
        Want::Word(&["STANDARD", "EXPRESS"]),
        |p, v, cx| {
            p.1 = cx.word(v, &["STANDARD", "EXPRESS"]).map(|w| match w {
                "EXPRESS" => MachineType::Express,
                _ => MachineType::Standard,
            })
        },
        |p, _| p.1.map(|t| t.as_str().into()),
    ),
];

/// The fields of an `ItemReader`.
pub static ITEM_READER: &[Field<ItemReader>] = &[
    Field::<ItemReader>::new(
        "Resource",
        "",
        Want::Str,
        |r, v, cx| r.resource = cx.string(v).unwrap_or_default(),
        |r, _| Some(r.resource.as_str().into()),
    )
    .required(),
    Field::<ItemReader>::new(
        "ReaderConfig",
        "",
        Want::Json,
        |r, v, cx| r.reader_config = read::object(v, READER_CONFIG, cx),
        |r, wx| Some(write::object(r.reader_config.as_ref()?, READER_CONFIG, wx)),
    ),
    Field::<ItemReader>::new(
        "Parameters",
        "",
        Want::Json,
        |r, v, cx| r.payload = Some(cx.json(v)),
        |r, wx| {
            r.payload
                .as_ref()
                .filter(|_| wx.language == QueryLanguage::JsonPath)
                .map(|j| wx.json(j))
        },
    )
    .lang(Lang::JsonPath)
    .instead(&["Arguments"]),
    Field::<ItemReader>::new(
        "Arguments",
        "",
        Want::Json,
        |r, v, cx| r.payload = Some(cx.json(v)),
        |r, wx| {
            r.payload
                .as_ref()
                .filter(|_| wx.language == QueryLanguage::Jsonata)
                .map(|j| wx.json(j))
        },
    )
    .lang(Lang::Jsonata)
    .instead(&["Parameters"]),
];

static MAX_ITEMS: Group = Group {
    what: "the item limit",
    required: false,
};

/// The fields of `ItemReader.ReaderConfig`.
pub static READER_CONFIG: &[Field<ReaderConfig>] = &[
    Field::<ReaderConfig>::new(
        "InputType",
        "",
        Want::Word(&["CSV", "JSON", "JSONL", "PARQUET", "MANIFEST"]),
        |r, v, cx| {
            r.input_type = cx
                .word(v, &["CSV", "JSON", "JSONL", "PARQUET", "MANIFEST"])
                .map(str::to_owned)
        },
        |r, _| opt(&r.input_type),
    ),
    Field::<ReaderConfig>::new(
        "ManifestType",
        "",
        Want::Word(&["ATHENA_DATA", "S3_INVENTORY"]),
        |r, v, cx| {
            r.manifest_type = cx
                .word(v, &["ATHENA_DATA", "S3_INVENTORY"])
                .map(str::to_owned)
        },
        |r, _| opt(&r.manifest_type),
    ),
    Field::<ReaderConfig>::new(
        "Transformation",
        "",
        Want::Word(&["NONE", "LOAD_AND_FLATTEN"]),
        |r, v, cx| r.transformation = cx.word(v, &["NONE", "LOAD_AND_FLATTEN"]).map(str::to_owned),
        |r, _| opt(&r.transformation),
    ),
    Field::<ReaderConfig>::new(
        "CSVHeaderLocation",
        "",
        Want::Word(&["FIRST_ROW", "GIVEN"]),
        |r, v, cx| r.csv_header_location = cx.word(v, &["FIRST_ROW", "GIVEN"]).map(str::to_owned),
        |r, _| opt(&r.csv_header_location),
    ),
    Field::<ReaderConfig>::new(
        "CSVHeaders",
        "",
        Want::Strings,
        |r, v, cx| r.csv_headers = cx.strings(v),
        |r, _| Some(Json::array(r.csv_headers.clone()?)),
    ),
    Field::<ReaderConfig>::new(
        "CSVDelimiter",
        "",
        Want::Word(&["COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB"]),
        |r, v, cx| {
            r.csv_delimiter = cx
                .word(v, &["COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB"])
                .map(str::to_owned)
        },
        |r, _| opt(&r.csv_delimiter),
    ),
    Field::<ReaderConfig>::new(
        "ItemsPointer",
        "",
        Want::Str,
        |r, v, cx| r.items_pointer = cx.string(v),
        |r, _| opt(&r.items_pointer),
    ),
    Field::<ReaderConfig>::new(
        "MaxItems",
        "",
        Want::Uint,
        |r, v, cx| r.max_items = cx.dyn_uint(v),
        |r, _| dyn_value(&r.max_items),
    )
    .group(&MAX_ITEMS),
    Field::<ReaderConfig>::new(
        "MaxItemsPath",
        "",
        Want::Path,
        |r, v, cx| r.max_items = cx.dyn_path(v),
        |r, _| dyn_path(&r.max_items),
    )
    .lang(Lang::JsonPath)
    .instead(&["MaxItems"])
    .group(&MAX_ITEMS),
];

static BATCH_ITEMS: Group = Group {
    what: "the items per batch",
    required: false,
};
static BATCH_BYTES: Group = Group {
    what: "the bytes per batch",
    required: false,
};

/// The fields of an `ItemBatcher`.
pub static ITEM_BATCHER: &[Field<ItemBatcher>] = &[
    Field::<ItemBatcher>::new(
        "MaxItemsPerBatch",
        "",
        Want::Uint,
        |b, v, cx| b.max_items_per_batch = cx.dyn_uint(v),
        |b, _| dyn_value(&b.max_items_per_batch),
    )
    .group(&BATCH_ITEMS),
    Field::<ItemBatcher>::new(
        "MaxItemsPerBatchPath",
        "",
        Want::Path,
        |b, v, cx| b.max_items_per_batch = cx.dyn_path(v),
        |b, _| dyn_path(&b.max_items_per_batch),
    )
    .lang(Lang::JsonPath)
    .instead(&["MaxItemsPerBatch"])
    .group(&BATCH_ITEMS),
    Field::<ItemBatcher>::new(
        "MaxInputBytesPerBatch",
        "",
        Want::Uint,
        |b, v, cx| b.max_input_bytes_per_batch = cx.dyn_uint(v),
        |b, _| dyn_value(&b.max_input_bytes_per_batch),
    )
    .group(&BATCH_BYTES),
    Field::<ItemBatcher>::new(
        "MaxInputBytesPerBatchPath",
        "",
        Want::Path,
        |b, v, cx| b.max_input_bytes_per_batch = cx.dyn_path(v),
        |b, _| dyn_path(&b.max_input_bytes_per_batch),
    )
    .lang(Lang::JsonPath)
    .instead(&["MaxInputBytesPerBatch"])
    .group(&BATCH_BYTES),
    Field::<ItemBatcher>::new(
        "BatchInput",
        "",
        Want::Json,
        |b, v, cx| b.batch_input = Some(cx.json(v)),
        |b, wx| Some(wx.json(b.batch_input.as_ref()?)),
    ),
];

/// The fields of a `ResultWriter`.
pub static RESULT_WRITER: &[Field<ResultWriter>] = &[
    Field::<ResultWriter>::new(
        "Resource",
        "",
        Want::Str,
        |w, v, cx| w.resource = cx.string(v),
        |w, _| opt(&w.resource),
    ),
    Field::<ResultWriter>::new(
        "Parameters",
        "",
        Want::Json,
        |w, v, cx| w.payload = Some(cx.json(v)),
        |w, wx| {
            w.payload
                .as_ref()
                .filter(|_| wx.language == QueryLanguage::JsonPath)
                .map(|j| wx.json(j))
        },
    )
    .lang(Lang::JsonPath)
    .instead(&["Arguments"]),
    Field::<ResultWriter>::new(
        "Arguments",
        "",
        Want::Json,
        |w, v, cx| w.payload = Some(cx.json(v)),
        |w, wx| {
            w.payload
                .as_ref()
                .filter(|_| wx.language == QueryLanguage::Jsonata)
                .map(|j| wx.json(j))
        },
    )
    .lang(Lang::Jsonata)
    .instead(&["Parameters"]),
    Field::<ResultWriter>::new(
        "WriterConfig",
        "",
        Want::Json,
        |w, v, cx| w.writer_config = read::object(v, WRITER_CONFIG, cx),
        |w, wx| Some(write::object(w.writer_config.as_ref()?, WRITER_CONFIG, wx)),
    ),
];

/// The fields of `ResultWriter.WriterConfig`.
pub static WRITER_CONFIG: &[Field<WriterConfig>] = &[
    Field::<WriterConfig>::new(
        "OutputType",
        "",
        Want::Word(&["JSON", "JSONL"]),
        |w, v, cx| w.output_type = cx.word(v, &["JSON", "JSONL"]).map(str::to_owned),
        |w, _| opt(&w.output_type),
    ),
    Field::<WriterConfig>::new(
        "Transformation",
        "",
        Want::Word(&["NONE", "COMPACT", "FLATTEN"]),
        |w, v, cx| {
            w.transformation = cx
                .word(v, &["NONE", "COMPACT", "FLATTEN"])
                .map(str::to_owned)
        },
        |w, _| opt(&w.transformation),
    ),
];

/// The fields of a Choice rule (top level or nested), besides the 39
/// comparison operators.
pub const CHOICE_RULE_FIELDS: &[&str] = &[
    "Condition",
    "Variable",
    "And",
    "Or",
    "Not",
    "Next",
    "Comment",
    "Assign",
    "Output",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_dsl_names_are_unique_per_kind() {
        for t in StateType::ALL {
            let rows: Vec<_> = STATE.iter().filter(|f| f.kinds.contains(t)).collect();
            for (i, a) in rows.iter().enumerate() {
                for b in &rows[i + 1..] {
                    assert_ne!(a.key, b.key, "{t:?}");
                    assert!(a.dsl.is_empty() || a.dsl != b.dsl, "{t:?}: {}", a.dsl);
                }
            }
        }
    }

    #[test]
    fn twins_share_a_group_and_differ_in_language() {
        let mut twins = 0;
        for row in STATE
            .iter()
            .filter(|f| f.key.ends_with("Path") && f.group.is_some())
        {
            let base = by_key(STATE, row.key.trim_end_matches("Path")).expect(row.key);
            assert!(
                std::ptr::eq(row.group.unwrap(), base.group.unwrap()),
                "{}",
                row.key
            );
            assert_eq!(row.lang, Lang::JsonPath, "{}", row.key);
            assert_eq!(base.lang, Lang::Any, "{}", base.key);
            twins += 1;
        }
        assert_eq!(twins, 9);
    }
}
