//! A small evaluator of Step Functions semantics (JSONPath mode), for exactly
//! the subset the executable machines of the corpus use: Pass, Choice, Wait,
//! Succeed, Fail, Parallel and Map states and Lambda tasks whose function
//! echoes its input (as moto's docker-free Lambda does).
//!
//! It covers `InputPath`, `Parameters` / `ItemSelector` / `ResultSelector`
//! payload templates (paths, `$$.Map.Item.Value` / `$$.Map.Item.Index`, and
//! the deterministic intrinsic functions), `ResultPath`, `OutputPath`, every
//! Choice operator, `Catch` (`Retry` cannot change the outcome of a
//! deterministic failure) and error propagation out of Parallel and Map.
//!
//! Anything outside that subset, and anything that would be a runtime error
//! in Step Functions (a path that selects nothing, a `ResultPath` into a
//! non-object), is [`Flow::Unsupported`]: the generator must never produce it.

use builder_core::expr::{
    self,
    intrinsic::{self, PayloadValue},
    path::{PathKind, PathOptions, Root, Step as PathStep},
};
use builder_core::json::{Json, Number};
use builder_core::model::*;

/// How a run ends.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// `SUCCEEDED` with this output.
    Succeeded(Json),
    /// `FAILED` with this error (and cause).
    Failed {
        /// The error name.
        error: String,
        /// The cause, when there is one.
        cause: Option<String>,
    },
}

/// Why evaluation stopped early.
#[derive(Clone, Debug, PartialEq)]
pub enum Flow {
    /// An ASL error (catchable by `Catch`).
    Error {
        /// The error name.
        error: String,
        /// The cause.
        cause: Option<String>,
    },
    /// Outside the supported subset, or a runtime error that the generator
    /// must avoid.
    Unsupported(String),
}

type R<T> = Result<T, Flow>;

fn unsupported<T>(why: impl Into<String>) -> R<T> {
    Err(Flow::Unsupported(why.into()))
}

/// The context object values a payload template may read.
#[derive(Clone, Debug, Default)]
pub struct Ctx {
    /// `$$.Map.Item.Value` and `$$.Map.Item.Index` (inside an `ItemSelector`).
    pub item: Option<(Json, usize)>,
}

/// The start of the message of an input on which two branches or iterations
/// fail with different errors.
pub const AMBIGUOUS: &str = "several different errors at once";

/// The start of the message of an input on which moto 5.2.5 and AWS give
/// different results (see README: `States.JsonToString` of non-ASCII text).
pub const MOTO_DIFFERS: &str = "moto differs from AWS on this input";

/// No single expected outcome that moto can confirm: the generator draws
/// another input (or does not run the machine).
pub fn redraw(message: &str) -> bool {
    message.starts_with(AMBIGUOUS) || message.starts_with(MOTO_DIFFERS)
}

/// Every key and string of `v` is ASCII.
pub fn all_ascii(v: &Json) -> bool {
    match v {
        Json::String(s) => s.is_ascii(),
        Json::Array(items) => items.iter().all(all_ascii),
        Json::Object(pairs) => pairs.iter().all(|(k, v)| k.is_ascii() && all_ascii(v)),
        _ => true,
    }
}

/// Most transitions one run may take (a guard against endless loops).
const MAX_STEPS: usize = 20_000;

/// Runs a machine on an input. `Err` means the machine or the input is
/// outside the supported subset.
pub fn run(machine: &StateMachine, input: &Json) -> Result<Outcome, String> {
    let mut steps = 0;
    match run_block(&machine.definition.block, input.clone(), &mut steps) {
        Ok(output) => Ok(Outcome::Succeeded(output)),
        Err(Flow::Error { error, cause }) => Ok(Outcome::Failed { error, cause }),
        Err(Flow::Unsupported(why)) => Err(why),
    }
}

/// Runs one block (the top level, a branch, a map body) on `input`.
pub fn run_block(block: &Block, input: Json, steps: &mut usize) -> R<Json> {
    let mut current = block.start_at.as_str();
    let mut data = input;
    loop {
        *steps += 1;
        if *steps > MAX_STEPS {
            return unsupported(format!("more than {MAX_STEPS} transitions"));
        }
        let Some(state) = block.states.iter().find(|s| s.name == current) else {
            return unsupported(format!("no state `{current}`"));
        };
        let io = path_io(state)?;
        let (output, next): (Json, Option<&str>) = match &state.kind {
            StateKind::Pass(p) => {
                let effective = input_path(&data, &io.input_path)?;
                let effective = match &io.parameters {
                    Some(t) => template(t, &effective, &Ctx::default())?,
                    None => effective,
                };
                let result = p.result.clone().unwrap_or(effective);
                let out = result_path(&data, &io.result_path, result)?;
                (output_path(out, &io.output_path)?, next_of(&p.transition))
            }
            StateKind::Task(t) => {
                let attempt = task(t, io, &data);
                match recover(attempt, &data, &t.catch)? {
                    Recovered::Ok(out) => (out, next_of(&t.transition)),
                    Recovered::Caught(out, target) => (out, Some(target)),
                }
            }
            StateKind::Wait(w) => {
                if w.duration != WaitDuration::Seconds(Dynamic::Value(0)) {
                    return unsupported("a Wait other than `Seconds: 0`");
                }
                let effective = input_path(&data, &io.input_path)?;
                (
                    output_path(effective, &io.output_path)?,
                    next_of(&w.transition),
                )
            }
            StateKind::Choice(c) => {
                let effective = input_path(&data, &io.input_path)?;
                let mut target = None;
                for choice in &c.choices {
                    let Condition::Rule(r) = &choice.condition else {
                        return unsupported("a JSONata Choice condition");
                    };
                    if choice.assign.is_some() || choice.output.is_some() {
                        return unsupported("a Choice rule with Assign or Output");
                    }
                    if rule(r, &effective)? {
                        target = Some(choice.next.as_str());
                        break;
                    }
                }
                let Some(target) = target.or(c.default.as_deref()) else {
                    return Err(Flow::Error {
                        error: "States.NoChoiceMatched".into(),
                        cause: None,
                    });
                };
                (output_path(effective, &io.output_path)?, Some(target))
            }
            StateKind::Succeed(_) => {
                let effective = input_path(&data, &io.input_path)?;
                return output_path(effective, &io.output_path);
            }
            StateKind::Fail(f) => {
                let text = |d: &Option<Dynamic<String>>| -> R<Option<String>> {
                    match d {
                        Some(Dynamic::Value(s)) => Ok(Some(s.clone())),
                        Some(Dynamic::Path(p)) => match dynamic(p, &data, &Ctx::default())? {
                            Json::String(s) => Ok(Some(s)),
                            other => unsupported(format!("ErrorPath/CausePath gave {other:?}")),
                        },
                        Some(Dynamic::Jsonata(_)) => unsupported("a JSONata Error or Cause"),
                        None => Ok(None),
                    }
                };
                let error = text(&f.error)?;
                let cause = text(&f.cause)?;
                let Some(error) = error else {
                    return unsupported("a Fail state without an error name");
                };
                return Err(Flow::Error { error, cause });
            }
            StateKind::Parallel(p) => {
                let attempt = parallel(p, io, &data, steps);
                match recover(attempt, &data, &p.catch)? {
                    Recovered::Ok(out) => (out, next_of(&p.transition)),
                    Recovered::Caught(out, target) => (out, Some(target)),
                }
            }
            StateKind::Map(m) => {
                let attempt = map(m, io, &data, steps);
                match recover(attempt, &data, &m.catch)? {
                    Recovered::Ok(out) => (out, next_of(&m.transition)),
                    Recovered::Caught(out, target) => (out, Some(target)),
                }
            }
            other => return unsupported(format!("a {} state", other.type_name())),
        };
        match next {
            Some(next) => {
                current = next;
                data = output;
            }
            None => return Ok(output),
        }
    }
}

/// The JSONPath input and output fields of a state: a JSONata state, or
/// one that sets variables, is outside the subset.
fn path_io(state: &State) -> R<&JsonPathIo> {
    if state.assign.is_some() {
        return unsupported("Assign (variables)");
    }
    match &state.io {
        Io::JsonPath(io) => Ok(io),
        Io::Jsonata(_) => unsupported("a JSONata state"),
    }
}

fn next_of(t: &Transition) -> Option<&str> {
    match t {
        Transition::Next(n) => Some(n),
        Transition::End => None,
    }
}

enum Recovered<'a> {
    Ok(Json),
    Caught(Json, &'a str),
}

/// `Catch`: the first catcher that matches the error decides where to go;
/// its `ResultPath` places `{"Error", "Cause"}` into the state's raw input.
fn recover<'a>(attempt: R<Json>, raw: &Json, catchers: &'a [Catcher]) -> R<Recovered<'a>> {
    match attempt {
        Ok(out) => Ok(Recovered::Ok(out)),
        Err(Flow::Error { error, cause }) => {
            for c in catchers {
                // `States.ALL` matches every error but States.Runtime;
                // `States.TaskFailed` "acts as a wildcard that matches any
                // known error except for States.Timeout" (the developer guide)
                let matches = c.error_equals.iter().any(|e| {
                    *e == error
                        || (e == "States.ALL" && error != "States.Runtime")
                        || (e == "States.TaskFailed"
                            && error != "States.Timeout"
                            && error != "States.Runtime")
                });
                if matches {
                    if c.assign.is_some() || c.output.is_some() {
                        return unsupported("a catcher with Assign or Output");
                    }
                    let Some(cause) = cause else {
                        return unsupported("a caught error without a cause");
                    };
                    let error_output =
                        Json::object([("Error", Json::from(error)), ("Cause", Json::from(cause))]);
                    let out = result_path(raw, &c.result_path, error_output)?;
                    return Ok(Recovered::Caught(out, &c.next));
                }
            }
            Err(Flow::Error { error, cause })
        }
        Err(other) => Err(other),
    }
}

fn task(t: &TaskState, io: &JsonPathIo, raw: &Json) -> R<Json> {
    let echo = match &t.resource {
        Resource::Function(_) => true,
        Resource::Arn(arn) => arn.starts_with("arn:aws:lambda:") && arn.contains(":function:"),
        _ => false,
    };
    if !echo {
        return unsupported("a Task that is not a Lambda function");
    }
    let effective = input_path(raw, &io.input_path)?;
    let effective = match &io.parameters {
        Some(p) => template(p, &effective, &Ctx::default())?,
        None => effective,
    };
    let result = effective; // the function echoes its input
    let result = match &io.result_selector {
        Some(s) => template(s, &result, &Ctx::default())?,
        None => result,
    };
    let out = result_path(raw, &io.result_path, result)?;
    output_path(out, &io.output_path)
}

/// The one error of several failed branches or iterations; two different
/// ones would depend on timing.
fn first_error(errors: Vec<(String, Option<String>)>) -> R<()> {
    let Some(first) = errors.first().cloned() else {
        return Ok(());
    };
    if errors.iter().any(|e| *e != first) {
        return unsupported(format!("{AMBIGUOUS}: the winner depends on timing"));
    }
    Err(Flow::Error {
        error: first.0,
        cause: first.1,
    })
}

fn parallel(p: &ParallelState, io: &JsonPathIo, raw: &Json, steps: &mut usize) -> R<Json> {
    let effective = input_path(raw, &io.input_path)?;
    let effective = match &io.parameters {
        Some(t) => template(t, &effective, &Ctx::default())?,
        None => effective,
    };
    let mut outputs = Vec::new();
    let mut errors = Vec::new();
    for branch in &p.branches {
        match run_block(branch, effective.clone(), steps) {
            Ok(out) => outputs.push(out),
            Err(Flow::Error { error, cause }) => errors.push((error, cause)),
            Err(other) => return Err(other),
        }
    }
    first_error(errors)?;
    let result = Json::Array(outputs);
    let result = match &io.result_selector {
        Some(s) => template(s, &result, &Ctx::default())?,
        None => result,
    };
    let out = result_path(raw, &io.result_path, result)?;
    output_path(out, &io.output_path)
}

fn map(m: &MapState, io: &JsonPathIo, raw: &Json, steps: &mut usize) -> R<Json> {
    if m.processor != Processor::Inline || io.parameters.is_some() {
        return unsupported("a Map that is not a plain inline Map");
    }
    let effective = input_path(raw, &io.input_path)?;
    let items = match &m.items {
        Some(Items::Path(p)) => get(&effective, p, &Ctx::default())?,
        Some(Items::Value(_)) => return unsupported("JSONata Items"),
        None => effective.clone(),
    };
    let Json::Array(items) = items else {
        return unsupported("ItemsPath does not select an array");
    };
    let mut outputs = Vec::new();
    let mut errors = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let iteration_input = match &m.item_selector {
            Some(t) => template(
                t,
                &effective,
                &Ctx {
                    item: Some((item, i)),
                },
            )?,
            None => item,
        };
        match run_block(&m.body, iteration_input, steps) {
            Ok(out) => outputs.push(out),
            Err(Flow::Error { error, cause }) => errors.push((error, cause)),
            Err(other) => return Err(other),
        }
    }
    first_error(errors)?;
    let result = Json::Array(outputs);
    let result = match &io.result_selector {
        Some(s) => template(s, &result, &Ctx::default())?,
        None => result,
    };
    let out = result_path(raw, &io.result_path, result)?;
    output_path(out, &io.output_path)
}

// ------------------------------------------------------------------ paths

/// One step of a simple path.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// `.name`
    Key(String),
    /// `[n]`
    Index(usize),
}

/// Parses a path (`$`, `$.a.b`, `$.a[0].b`, `$['a b']`, and the same after
/// `$$`) with builder-core's parser. Returns whether the path reads the
/// context object, and its steps.
pub fn parse_path(path: &str) -> R<(bool, Vec<Step>)> {
    match expr::path::parse(path, PathKind::Path, PathOptions::READ) {
        Ok(tree) => steps_of(&tree),
        Err(e) => unsupported(format!("not a path: {path}: {e}")),
    }
}

/// The steps of a parsed path: only names and indexes (one node), from `$`
/// or `$$` (no variables).
fn steps_of(tree: &expr::path::Path) -> R<(bool, Vec<Step>)> {
    let context = match &tree.root {
        Root::Input => false,
        Root::Context => true,
        Root::Variable { name, .. } => return unsupported(format!("the variable `${name}`")),
    };
    let mut steps = Vec::new();
    for step in &tree.steps {
        steps.push(match step {
            PathStep::Field { name, .. } => Step::Key(name.clone()),
            PathStep::Index { index, .. } if *index >= 0 => Step::Index(*index as usize),
            _ => return unsupported(format!("unsupported path step in {tree}")),
        });
    }
    Ok((context, steps))
}

/// The node at `steps` inside `value`.
pub fn select<'a>(value: &'a Json, steps: &[Step]) -> Option<&'a Json> {
    let mut v = value;
    for step in steps {
        v = match (step, v) {
            (Step::Key(k), Json::Object(pairs)) => &pairs.iter().find(|(key, _)| key == k)?.1,
            (Step::Index(i), Json::Array(items)) => items.get(*i)?,
            _ => return None,
        };
    }
    Some(v)
}

/// The value a path selects; selecting nothing is a runtime error.
pub fn get(value: &Json, path: &str, ctx: &Ctx) -> R<Json> {
    let (context, steps) = parse_path(path)?;
    lookup(value, path, context, &steps, ctx)
}

/// The value parsed path `path` selects.
fn lookup(value: &Json, path: &str, context: bool, steps: &[Step], ctx: &Ctx) -> R<Json> {
    if context {
        let Some((item, index)) = &ctx.item else {
            return unsupported(format!("context path {path} outside an ItemSelector"));
        };
        let key = |s: &Step| match s {
            Step::Key(k) => k.clone(),
            Step::Index(i) => i.to_string(),
        };
        let names: Vec<String> = steps.iter().map(key).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        return match names.as_slice() {
            ["Map", "Item", "Value", ..] => select(item, &steps[3..])
                .cloned()
                .ok_or_else(|| Flow::Unsupported(format!("{path} selects nothing"))),
            ["Map", "Item", "Index"] => Ok(Json::from(*index)),
            _ => unsupported(format!("context path {path}")),
        };
    }
    select(value, steps)
        .cloned()
        .ok_or_else(|| Flow::Unsupported(format!("{path} selects nothing")))
}

/// `InputPath` (also used for `OutputPath`): `null` gives `{}`.
pub fn input_path(raw: &Json, path: &Option<NullablePath>) -> R<Json> {
    match path {
        None => Ok(raw.clone()),
        Some(NullablePath::Null) => Ok(Json::Object(Vec::new())),
        Some(NullablePath::Path(p)) => get(raw, p, &Ctx::default()),
    }
}

/// `OutputPath`.
pub fn output_path(out: Json, path: &Option<NullablePath>) -> R<Json> {
    input_path(&out, path)
}

/// `ResultPath`: where `result` goes in the raw input.
pub fn result_path(raw: &Json, path: &Option<NullablePath>, result: Json) -> R<Json> {
    match path {
        None => Ok(result),
        Some(NullablePath::Null) => Ok(raw.clone()),
        Some(NullablePath::Path(p)) => set(raw, p, result),
    }
}

/// `raw` with `value` placed at `path` (object keys only; missing objects on
/// the way are created, as Step Functions does).
pub fn set(raw: &Json, path: &str, value: Json) -> R<Json> {
    let (context, steps) = parse_path(path)?;
    if context {
        return unsupported("ResultPath into the context object");
    }
    let mut out = raw.clone();
    let mut slot = &mut out;
    for step in &steps {
        let Step::Key(k) = step else {
            return unsupported("an index in ResultPath");
        };
        let Json::Object(pairs) = slot else {
            return unsupported(format!("ResultPath {path} goes through a non-object"));
        };
        let i = match pairs.iter().position(|(key, _)| key == k) {
            Some(i) => i,
            None => {
                pairs.push((k.clone(), Json::Object(Vec::new())));
                pairs.len() - 1
            }
        };
        slot = &mut pairs[i].1;
    }
    *slot = value;
    Ok(out)
}

// ------------------------------------------------------------------ templates

/// A payload template (`Parameters`, `ItemSelector`, `ResultSelector`)
/// applied to `input`.
pub fn template(t: &Json, input: &Json, ctx: &Ctx) -> R<Json> {
    match t {
        Json::Object(pairs) => {
            let mut out = Vec::with_capacity(pairs.len());
            for (key, value) in pairs {
                match key.strip_suffix(".$") {
                    Some(bare) => {
                        let Json::String(expr) = value else {
                            return unsupported("a `.$` key without a string");
                        };
                        out.push((bare.to_owned(), dynamic(expr, input, ctx)?));
                    }
                    None => out.push((key.clone(), template(value, input, ctx)?)),
                }
            }
            Ok(Json::Object(out))
        }
        Json::Array(items) => {
            if items.iter().any(has_dynamic_key) {
                return unsupported("a `.$` key inside an array of a template");
            }
            Ok(t.clone())
        }
        Json::MachineArn => unsupported("the machine's own ARN"),
        other => Ok(other.clone()),
    }
}

fn has_dynamic_key(v: &Json) -> bool {
    match v {
        Json::Object(pairs) => pairs
            .iter()
            .any(|(k, v)| k.ends_with(".$") || has_dynamic_key(v)),
        Json::Array(items) => items.iter().any(has_dynamic_key),
        _ => false,
    }
}

/// The value of a `.$` entry: a path or an intrinsic call, parsed by
/// builder-core.
pub fn dynamic(expr: &str, input: &Json, ctx: &Ctx) -> R<Json> {
    match intrinsic::parse_payload_value(expr, PathOptions::READ) {
        Ok(PayloadValue::Path(p)) => path_value(input, &p, ctx),
        Ok(PayloadValue::Call(c)) => call(&c, input, ctx),
        Err(e) => unsupported(format!("not a path or an intrinsic call: {expr}: {e}")),
    }
}

fn path_value(input: &Json, p: &expr::path::Path, ctx: &Ctx) -> R<Json> {
    let (context, steps) = steps_of(p)?;
    lookup(input, &p.to_string(), context, &steps, ctx)
}

/// An argument of an intrinsic call: its value, and for a string literal
/// the byte offsets of its `{}` placeholders (what `States.Format` fills).
struct Arg {
    value: Json,
    placeholders: Option<Vec<usize>>,
}

fn call(c: &intrinsic::Call, input: &Json, ctx: &Ctx) -> R<Json> {
    let mut args = Vec::with_capacity(c.args.len());
    for a in &c.args {
        let (value, placeholders) = match a {
            intrinsic::Arg::String {
                value,
                placeholders,
                ..
            } => (Json::String(value.clone()), Some(placeholders.clone())),
            intrinsic::Arg::Number {
                value,
                integral: true,
                ..
            } if value.is_finite() && value.abs() < 9e15 => (Json::from(*value as i64), None),
            intrinsic::Arg::Number { value, .. } => {
                return unsupported(format!("unsupported literal `{value}`"))
            }
            intrinsic::Arg::Bool(b, _) => (Json::Bool(*b), None),
            intrinsic::Arg::Null(_) => (Json::Null, None),
            intrinsic::Arg::Path(p) => (path_value(input, p, ctx)?, None),
            intrinsic::Arg::Call(inner) => (call(inner, input, ctx)?, None),
        };
        args.push(Arg {
            value,
            placeholders,
        });
    }
    let name = c.function.name();
    apply(name.strip_prefix("States.").unwrap_or(name), args)
}

fn int(v: &Json) -> R<i64> {
    match v {
        Json::Number(Number::PosInt(n)) if *n <= i64::MAX as u64 => Ok(*n as i64),
        Json::Number(Number::NegInt(n)) => Ok(*n),
        other => unsupported(format!("expected an integer, found {other:?}")),
    }
}

fn array(v: &Json) -> R<&Vec<Json>> {
    match v {
        Json::Array(items) => Ok(items),
        other => unsupported(format!("expected an array, found {other:?}")),
    }
}

fn string(v: &Json) -> R<&str> {
    match v {
        Json::String(s) => Ok(s),
        other => unsupported(format!("expected a string, found {other:?}")),
    }
}

/// Text of a value inside `States.Format`.
fn format_arg(v: &Json) -> R<String> {
    Ok(match v {
        Json::String(s) => s.clone(),
        Json::Number(Number::PosInt(n)) => n.to_string(),
        Json::Number(Number::NegInt(n)) => n.to_string(),
        Json::Bool(b) => b.to_string(),
        Json::Null => "null".into(),
        other => return unsupported(format!("States.Format of {other:?}")),
    })
}

fn apply(name: &str, args: Vec<Arg>) -> R<Json> {
    let n = args.len();
    let v = |i: usize| &args[i].value;
    let arity = |want: usize| -> R<()> {
        if n == want {
            Ok(())
        } else {
            unsupported(format!("States.{name} with {n} arguments"))
        }
    };
    Ok(match name {
        "Format" => {
            let Some((Json::String(text), Some(placeholders))) =
                args.first().map(|a| (&a.value, &a.placeholders))
            else {
                return unsupported("States.Format without a literal template");
            };
            let mut out = String::new();
            let mut last = 0;
            for (k, &at) in placeholders.iter().enumerate() {
                let Some(arg) = args.get(k + 1) else {
                    return unsupported("States.Format with too few arguments");
                };
                out.push_str(&text[last..at]);
                out.push_str(&format_arg(&arg.value)?);
                last = at + "{}".len();
            }
            out.push_str(&text[last..]);
            if placeholders.len() + 1 != n {
                return unsupported("States.Format with too many arguments");
            }
            Json::String(out)
        }
        "Array" => Json::Array(args.into_iter().map(|a| a.value).collect()),
        "ArrayLength" => {
            arity(1)?;
            Json::from(array(v(0))?.len())
        }
        "ArrayGetItem" => {
            arity(2)?;
            let items = array(v(0))?;
            let i = int(v(1))?;
            match usize::try_from(i).ok().and_then(|i| items.get(i)) {
                Some(item) => item.clone(),
                None => return unsupported("States.ArrayGetItem out of range"),
            }
        }
        "ArrayContains" => {
            arity(2)?;
            Json::Bool(array(v(0))?.contains(v(1)))
        }
        "ArrayRange" => {
            arity(3)?;
            let (start, end, step) = (int(v(0))?, int(v(1))?, int(v(2))?);
            if step == 0 {
                return unsupported("States.ArrayRange with step 0");
            }
            let mut out = Vec::new();
            let mut x = start;
            while (step > 0 && x <= end) || (step < 0 && x >= end) {
                out.push(Json::from(x));
                x += step;
                if out.len() > 1000 {
                    return unsupported("States.ArrayRange too long");
                }
            }
            Json::Array(out)
        }
        "ArrayPartition" => {
            arity(2)?;
            let items = array(v(0))?;
            let size = int(v(1))?;
            if size <= 0 {
                return unsupported("States.ArrayPartition with a chunk size below 1");
            }
            Json::Array(
                items
                    .chunks(size as usize)
                    .map(|c| Json::Array(c.to_vec()))
                    .collect(),
            )
        }
        "ArrayUnique" => {
            arity(1)?;
            let mut out: Vec<Json> = Vec::new();
            for item in array(v(0))? {
                if !out.contains(item) {
                    out.push(item.clone());
                }
            }
            Json::Array(out)
        }
        "MathAdd" => {
            arity(2)?;
            let (a, b) = (int(v(0))?, int(v(1))?);
            // The engine refuses numbers outside the 32-bit range (as
            // Step Functions' integer arguments are); moto adds them.
            if a.abs() > i64::from(i32::MAX) || b.abs() > i64::from(i32::MAX) {
                return unsupported(format!(
                    "{MOTO_DIFFERS}: States.MathAdd outside the 32-bit range"
                ));
            }
            Json::from(a + b)
        }
        "StringSplit" => {
            arity(2)?;
            let (s, delimiters) = (string(v(0))?, string(v(1))?);
            Json::Array(
                s.split(|c: char| delimiters.contains(c))
                    .filter(|part| !part.is_empty())
                    .map(Json::from)
                    .collect(),
            )
        }
        "Base64Encode" => {
            arity(1)?;
            Json::String(base64_encode(string(v(0))?.as_bytes()))
        }
        "Base64Decode" => {
            arity(1)?;
            let bytes = base64_decode(string(v(0))?)?;
            match String::from_utf8(bytes) {
                Ok(s) => Json::String(s),
                Err(_) => return unsupported("States.Base64Decode to non-UTF-8"),
            }
        }
        "JsonMerge" => {
            arity(3)?;
            let (Json::Object(a), Json::Object(b)) = (v(0), v(1)) else {
                return unsupported("States.JsonMerge of non-objects");
            };
            if *v(2) != Json::Bool(false) {
                return unsupported("States.JsonMerge deep merge");
            }
            let mut out = a.clone();
            for (k, value) in b {
                match out.iter_mut().find(|(key, _)| key == k) {
                    Some(slot) => slot.1 = value.clone(),
                    None => out.push((k.clone(), value.clone())),
                }
            }
            Json::Object(out)
        }
        "StringToJson" => {
            arity(1)?;
            match builder_core::from_json_str(string(v(0))?) {
                Ok(v) => v,
                Err(e) => return unsupported(format!("States.StringToJson: {e}")),
            }
        }
        "JsonToString" => {
            arity(1)?;
            if !all_ascii(v(0)) {
                return unsupported(format!(
                    "{MOTO_DIFFERS}: States.JsonToString of non-ASCII text"
                ));
            }
            Json::String(v(0).to_json_string())
        }
        other => {
            return unsupported(format!(
                "States.{other} is not deterministic or not supported"
            ))
        }
    })
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(B64[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn base64_decode(s: &str) -> R<Vec<u8>> {
    let mut out = Vec::new();
    let mut acc = 0u32;
    let mut bits = 0;
    for c in s.bytes().filter(|&c| c != b'=') {
        let Some(v) = B64.iter().position(|&x| x == c) else {
            return unsupported("bad base64");
        };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Ok(out)
}

// ------------------------------------------------------------------ choice rules

/// Evaluates a Choice rule on the state's effective input.
pub fn rule(r: &Rule, input: &Json) -> R<bool> {
    match r {
        Rule::And(rules) => {
            for r in rules {
                if !rule(r, input)? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        Rule::Or(rules) => {
            for r in rules {
                if rule(r, input)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Rule::Not(r) => Ok(!rule(r, input)?),
        Rule::Commented { rule: r, .. } => rule(r, input),
        Rule::Compare {
            variable,
            operator,
            value,
        } => compare(variable, *operator, value, input),
    }
}

fn compare(variable: &str, op: Operator, operand: &Operand, input: &Json) -> R<bool> {
    let (context, steps) = parse_path(variable)?;
    if context {
        return unsupported("a Choice on the context object");
    }
    let found = select(input, &steps);
    if op == Operator::IsPresent {
        return Ok(found.is_some() == (operand == &Operand::Bool(true)));
    }
    let Some(v) = found else {
        return unsupported(format!("Choice variable {variable} selects nothing"));
    };
    let b = |x: bool| Ok(x);
    let want = operand == &Operand::Bool(true);
    let name = op.as_str();
    if let Some(base) = name.strip_suffix("Path") {
        let Operand::String(other_path) = operand else {
            return unsupported("a …Path operator without a path");
        };
        let other = get(input, other_path, &Ctx::default())?;
        let operand = match other {
            Json::String(s) => Operand::String(s),
            Json::Number(n) => Operand::Number(n),
            Json::Bool(x) => Operand::Bool(x),
            // a comparison with a value of another type is false
            _ => return Ok(false),
        };
        let Some(base_op) = Operator::from_name(base) else {
            return unsupported(format!("no operator {base}"));
        };
        return compare_value(v, base_op, &operand);
    }
    match op {
        Operator::IsNull => b((*v == Json::Null) == want),
        Operator::IsNumeric => b(matches!(v, Json::Number(_)) == want),
        Operator::IsString => b(matches!(v, Json::String(_)) == want),
        Operator::IsBoolean => b(matches!(v, Json::Bool(_)) == want),
        Operator::IsTimestamp => b(matches!(v, Json::String(s) if timestamp(s).is_some()) == want),
        _ => compare_value(v, op, operand),
    }
}

fn compare_value(v: &Json, op: Operator, operand: &Operand) -> R<bool> {
    use std::cmp::Ordering::*;
    let name = op.as_str();
    let ordering_ok = |o: std::cmp::Ordering| -> bool {
        if name.ends_with("GreaterThanEquals") {
            o != Less
        } else if name.ends_with("LessThanEquals") {
            o != Greater
        } else if name.ends_with("GreaterThan") {
            o == Greater
        } else if name.ends_with("LessThan") {
            o == Less
        } else {
            o == Equal
        }
    };
    Ok(match (op, v, operand) {
        (Operator::StringMatches, Json::String(s), Operand::String(p)) => glob(p, s),
        (Operator::StringMatches, _, _) => false,
        (_, Json::String(s), Operand::String(o)) if name.starts_with("String") => {
            ordering_ok(s.as_str().cmp(o.as_str()))
        }
        (_, Json::Number(n), Operand::Number(o)) if name.starts_with("Numeric") => {
            match n.as_f64().partial_cmp(&o.as_f64()) {
                Some(ord) => ordering_ok(ord),
                None => false,
            }
        }
        (Operator::BooleanEquals, Json::Bool(x), Operand::Bool(y)) => x == y,
        (_, Json::String(s), Operand::String(o)) if name.starts_with("Timestamp") => {
            match (timestamp(s), timestamp(o)) {
                (Some(a), Some(b)) => ordering_ok(a.cmp(&b)),
                _ => false,
            }
        }
        _ => false,
    })
}

/// `StringMatches`: `*` matches any run of characters; `\*` and `\\` are a
/// literal star and backslash (the library's pattern parser and matcher).
pub fn glob(pattern: &str, s: &str) -> bool {
    builder_core::expr::pattern::parse(pattern).is_ok_and(|p| p.matches(s))
}

/// An RFC 3339 timestamp as (seconds since the epoch, nanoseconds), or
/// `None` when `s` is not one.
pub fn timestamp(s: &str) -> Option<(i64, u32)> {
    let t = builder_core::expr::timestamp::parse(s).ok()?;
    Some((t.unix_seconds(), t.nanos))
}

#[cfg(test)]
mod tests {
    use super::*;
    use builder_core::from_json_str;
    use builder_core::*;

    fn j(text: &str) -> Json {
        from_json_str(text).unwrap()
    }

    fn service() -> (Service, FunctionHandle) {
        let mut s = Service::new("eval-test");
        let f = s.function("echo", "h.echo");
        (s, f)
    }

    #[test]
    fn paths_templates_result_and_output_paths() {
        let (_, echo) = service();
        let m = StateMachine::builder("M")
            .auto_catch(false)
            .state(
                Pass::new("A")
                    .input_path("$.in")
                    .parameters(j(r#"{"x.$": "$.a", "lit": "yes: #1", "n.$": "States.MathAdd($.n, 2)"}"#))
                    .result_path("$.made"),
            )
            .state(
                Task::new("B", &echo)
                    .parameters(j(r#"{"made.$": "$.made", "f.$": "States.Format('{} is {}', $.made.x, $.made.n)"}"#))
                    .result_selector(j(r#"{"text.$": "$.f"}"#))
                    .result_path("$.made.echo")
                    .output_path("$.made"),
            )
            .state(Wait::seconds("W", 0).input_path("$.echo"))
            .build()
            .unwrap();
        let out = run(&m, &j(r#"{"in": {"a": "v", "n": 3}}"#)).unwrap();
        assert_eq!(out, Outcome::Succeeded(j(r#"{"text": "v is 5"}"#)));
    }

    #[test]
    fn choice_loop_exits_through_the_choice() {
        let m = StateMachine::builder("Loop")
            .state(
                Pass::new("Init")
                    .result(j(r#"{"n": 0}"#))
                    .result_path("$.c"),
            )
            .state(
                Pass::new("Inc")
                    .parameters(j(r#"{"n.$": "States.MathAdd($.c.n, 1)"}"#))
                    .result_path("$.c"),
            )
            .state(
                Choice::new("Again")
                    .when(
                        Rule::compare("$.c.n", Operator::NumericLessThanPath, "$.limit"),
                        "Inc",
                    )
                    .otherwise("Done"),
            )
            .state(Succeed::new("Done").output_path("$.c"))
            .build()
            .unwrap();
        assert_eq!(
            run(&m, &j(r#"{"limit": 3}"#)).unwrap(),
            Outcome::Succeeded(j(r#"{"n": 3}"#))
        );
    }

    #[test]
    fn parallel_map_and_caught_failures() {
        let m = StateMachine::builder("PM")
            .state(
                Map::new("Each")
                    .items_path("$.xs")
                    .item_selector(j(
                        r#"{"v.$": "$$.Map.Item.Value", "i.$": "$$.Map.Item.Index", "k.$": "$.k"}"#,
                    ))
                    .state(
                        Choice::new("Big")
                            .when(
                                Rule::compare("$.v", Operator::NumericGreaterThan, 5),
                                "Boom",
                            )
                            .otherwise("Keep"),
                    )
                    .state(Pass::new("Keep").end())
                    .state(Fail::new("Boom").error("TooBig").cause("over 5"))
                    .catch(Catcher::on(["TooBig"], "Handled").result_path("$.err"))
                    .result_path("$.out"),
            )
            .state(
                Parallel::new("Both")
                    .branch(Branch::new().state(Pass::new("P1").result(1)))
                    .branch(Branch::new().state(Pass::new("P2").input_path("$.k")))
                    .result_selector(j(r#"{"first.$": "$[0]", "all.$": "$"}"#))
                    .end(),
            )
            .state(Pass::new("Handled").output_path("$.err"))
            .auto_catch(false)
            .build()
            .unwrap();
        assert_eq!(
            run(&m, &j(r#"{"xs": [1, 2], "k": "z"}"#)).unwrap(),
            Outcome::Succeeded(j(r#"{"first": 1, "all": [1, "z"]}"#))
        );
        assert_eq!(
            run(&m, &j(r#"{"xs": [1, 9], "k": "z"}"#)).unwrap(),
            Outcome::Succeeded(j(r#"{"Error": "TooBig", "Cause": "over 5"}"#))
        );
    }

    #[test]
    fn auto_caught_failures_end_in_the_generated_fallbacks() {
        // a failing branch, caught by auto-catch
        let boom = |n: u32| {
            Parallel::new(format!("Try{n}")).branch(
                Branch::new().state(
                    Fail::new(format!("Boom{n}"))
                        .error("Corpus.Boom")
                        .cause("c"),
                ),
            )
        };
        // in a map body: the body's fallback Pass keeps the error as the
        // iteration's output
        let m = StateMachine::builder("Fallbacks")
            .state(
                Map::new("Each")
                    .items_path("$.xs")
                    .state(
                        Choice::new("Big")
                            .when(Rule::compare("$", Operator::NumericGreaterThan, 5), "Try1")
                            .otherwise("Keep"),
                    )
                    .state(Pass::new("Keep").end())
                    .state(boom(1)),
            )
            .state(boom(2))
            .build()
            .unwrap();
        let map_only = StateMachine::builder("MapOnly")
            .state(Map::new("Each").items_path("$.xs").state(boom(1)))
            .build()
            .unwrap();
        assert_eq!(
            run(&map_only, &j(r#"{"xs": [1]}"#)).unwrap(),
            Outcome::Succeeded(j(
                r#"[{"Error": "Corpus.Boom", "Cause": "c", "Message": "Failed processing map: Each"}]"#
            ))
        );
        // at the top level: the fallback Fail fails the execution with the
        // caught error and cause
        assert_eq!(
            run(&m, &j(r#"{"xs": [1, 9]}"#)).unwrap(),
            Outcome::Failed {
                error: "Corpus.Boom".into(),
                cause: Some("c".into())
            }
        );
    }

    #[test]
    fn uncaught_failure_and_no_choice_matched() {
        let m = StateMachine::builder("F")
            .state(
                Choice::new("C")
                    .when(
                        Rule::compare("$.s", Operator::StringMatches, "a*\\*"),
                        "Bad",
                    )
                    .when(
                        Rule::compare(
                            "$.t",
                            Operator::TimestampGreaterThan,
                            "2024-01-01T00:00:00Z",
                        ),
                        "Ok",
                    ),
            )
            .state(Succeed::new("Ok"))
            .state(Fail::new("Bad").error_path("$.s").cause("c"))
            .build()
            .unwrap();
        let fail = |e: &str| Outcome::Failed {
            error: e.into(),
            cause: Some("c".into()),
        };
        assert_eq!(
            run(&m, &j(r#"{"s": "abc*", "t": "x"}"#)).unwrap(),
            fail("abc*")
        );
        assert_eq!(
            run(&m, &j(r#"{"s": "abc", "t": "2024-01-01T01:00:00+02:00"}"#)).unwrap(),
            Outcome::Failed {
                error: "States.NoChoiceMatched".into(),
                cause: None
            }
        );
        assert!(matches!(
            run(&m, &j(r#"{"s": "abc", "t": "2024-01-02T00:00:00Z"}"#)).unwrap(),
            Outcome::Succeeded(_)
        ));
    }

    #[test]
    fn every_operator_on_hand_written_values() {
        let input = j(
            r#"{"s": "abc", "n": 2.5, "b": true, "t": "2024-01-01T00:00:00Z", "z": null,
                         "s2": "abd", "n2": 2.5, "b2": false, "t2": "2023-12-31T22:00:00-02:00"}"#,
        );
        let yes = [
            ("$.s", Operator::StringEquals, Operand::from("abc")),
            ("$.s", Operator::StringLessThan, Operand::from("abd")),
            (
                "$.s",
                Operator::StringGreaterThanEquals,
                Operand::from("abc"),
            ),
            ("$.s", Operator::StringMatches, Operand::from("*b*")),
            ("$.s", Operator::StringLessThanPath, Operand::from("$.s2")),
            ("$.n", Operator::NumericEquals, Operand::from(2.5)),
            ("$.n", Operator::NumericGreaterThan, Operand::from(2)),
            (
                "$.n",
                Operator::NumericLessThanEqualsPath,
                Operand::from("$.n2"),
            ),
            ("$.b", Operator::BooleanEquals, Operand::from(true)),
            ("$.b", Operator::BooleanEqualsPath, Operand::from("$.b")),
            ("$.t", Operator::TimestampEqualsPath, Operand::from("$.t2")),
            (
                "$.t",
                Operator::TimestampLessThan,
                Operand::from("2024-01-01T00:00:01Z"),
            ),
            ("$.z", Operator::IsNull, Operand::from(true)),
            ("$.q", Operator::IsPresent, Operand::from(false)),
            ("$.n", Operator::IsNumeric, Operand::from(true)),
            ("$.n", Operator::IsString, Operand::from(false)),
            ("$.b", Operator::IsBoolean, Operand::from(true)),
            ("$.t", Operator::IsTimestamp, Operand::from(true)),
            ("$.s", Operator::IsTimestamp, Operand::from(false)),
        ];
        for (var, op, operand) in yes {
            let r = Rule::compare(var, op, operand.clone());
            assert_eq!(rule(&r, &input), Ok(true), "{var} {op:?} {operand:?}");
            assert_eq!(rule(&Rule::not(r), &input), Ok(false));
        }
        let no = Rule::compare("$.s", Operator::NumericEquals, 1);
        assert_eq!(rule(&no, &input), Ok(false));
        assert!(rule(
            &Rule::compare("$.missing", Operator::StringEquals, "x"),
            &input
        )
        .is_err());
    }

    #[test]
    fn intrinsics() {
        let input =
            j(r#"{"a": [1, 2, 2, 3], "s": "x,y,,z", "o": {"k": 1}, "p": {"k": 2, "m": 3}}"#);
        let cases = [
            ("States.Array(1, 'two', $.o)", r#"[1, "two", {"k": 1}]"#),
            ("States.ArrayLength($.a)", "4"),
            ("States.ArrayGetItem($.a, 3)", "3"),
            ("States.ArrayContains($.a, 2)", "true"),
            ("States.ArrayRange(1, 9, 3)", "[1, 4, 7]"),
            ("States.ArrayPartition($.a, 3)", "[[1, 2, 2], [3]]"),
            ("States.ArrayUnique($.a)", "[1, 2, 3]"),
            ("States.MathAdd(States.ArrayLength($.a), -10)", "-6"),
            ("States.StringSplit($.s, ',')", r#"["x", "y", "z"]"#),
            ("States.Base64Encode('hello!')", r#""aGVsbG8h""#),
            ("States.Base64Decode('aGk=')", r#""hi""#),
            ("States.JsonMerge($.o, $.p, false)", r#"{"k": 2, "m": 3}"#),
            ("States.StringToJson('{\"q\": [1]}')", r#"{"q": [1]}"#),
            ("States.JsonToString($.o)", r#""{\"k\":1}""#),
            (
                "States.Format('\\{\\} it\\'s {} {}', 'x', true)",
                r#""{} it's x true""#,
            ),
        ];
        for (expr, want) in cases {
            assert_eq!(
                dynamic(expr, &input, &Ctx::default()),
                Ok(j(want)),
                "{expr}"
            );
        }
        assert!(dynamic("States.UUID()", &input, &Ctx::default()).is_err());
        assert_eq!(base64_encode(b"ab"), "YWI=");
        assert!(glob("a\\*b*", "a*bxx") && !glob("a\\*b", "axb") && glob("*", ""));
    }
}
