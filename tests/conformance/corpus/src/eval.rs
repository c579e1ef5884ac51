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
        let (output, next): (Json, Option<&str>) = match &state.kind {
            StateKind::Pass(p) => {
                let effective = input_path(&data, &p.input_path)?;
                let effective = match &p.parameters {
                    Some(t) => template(t, &effective, &Ctx::default())?,
                    None => effective,
                };
                let result = p.result.clone().unwrap_or(effective);
                let out = result_path(&data, &p.result_path, result)?;
                (output_path(out, &p.output_path)?, next_of(&p.transition))
            }
            StateKind::Task(t) => {
                let attempt = task(t, &data);
                match recover(attempt, &data, &t.catch)? {
                    Recovered::Ok(out) => (out, next_of(&t.transition)),
                    Recovered::Caught(out, target) => (out, Some(target)),
                }
            }
            StateKind::Wait(w) => {
                if w.duration != WaitDuration::Seconds(0) {
                    return unsupported("a Wait other than `Seconds: 0`");
                }
                let effective = input_path(&data, &w.input_path)?;
                (
                    output_path(effective, &w.output_path)?,
                    next_of(&w.transition),
                )
            }
            StateKind::Choice(c) => {
                let effective = input_path(&data, &c.input_path)?;
                let mut target = None;
                for choice in &c.choices {
                    if rule(&choice.rule, &effective)? {
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
                (output_path(effective, &c.output_path)?, Some(target))
            }
            StateKind::Succeed(s) => {
                let effective = input_path(&data, &s.input_path)?;
                return output_path(effective, &s.output_path);
            }
            StateKind::Fail(f) => {
                let text = |fixed: &Option<String>, path: &Option<String>| -> R<Option<String>> {
                    match (fixed, path) {
                        (Some(s), _) => Ok(Some(s.clone())),
                        (None, Some(p)) => match dynamic(p, &data, &Ctx::default())? {
                            Json::String(s) => Ok(Some(s)),
                            other => unsupported(format!("ErrorPath/CausePath gave {other:?}")),
                        },
                        (None, None) => Ok(None),
                    }
                };
                let error = text(&f.error, &f.error_path)?;
                let cause = text(&f.cause, &f.cause_path)?;
                let Some(error) = error else {
                    return unsupported("a Fail state without an error name");
                };
                return Err(Flow::Error { error, cause });
            }
            StateKind::Parallel(p) => {
                let attempt = parallel(p, &data, steps);
                match recover(attempt, &data, &p.catch)? {
                    Recovered::Ok(out) => (out, next_of(&p.transition)),
                    Recovered::Caught(out, target) => (out, Some(target)),
                }
            }
            StateKind::Map(m) => {
                let attempt = map(m, &data, steps);
                match recover(attempt, &data, &m.catch)? {
                    Recovered::Ok(out) => (out, next_of(&m.transition)),
                    Recovered::Caught(out, target) => (out, Some(target)),
                }
            }
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

fn task(t: &TaskState, raw: &Json) -> R<Json> {
    let echo = match &t.resource {
        Resource::Function(_) => true,
        Resource::Arn(arn) => arn.starts_with("arn:aws:lambda:") && arn.contains(":function:"),
        Resource::Intrinsic(_) => false,
    };
    if !echo {
        return unsupported("a Task that is not a Lambda function");
    }
    let effective = input_path(raw, &t.input_path)?;
    let effective = match &t.parameters {
        Some(p) => template(p, &effective, &Ctx::default())?,
        None => effective,
    };
    let result = effective; // the function echoes its input
    let result = match &t.result_selector {
        Some(s) => template(s, &result, &Ctx::default())?,
        None => result,
    };
    let out = result_path(raw, &t.result_path, result)?;
    output_path(out, &t.output_path)
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

fn parallel(p: &ParallelState, raw: &Json, steps: &mut usize) -> R<Json> {
    let effective = input_path(raw, &p.input_path)?;
    let effective = match &p.parameters {
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
    let result = match &p.result_selector {
        Some(s) => template(s, &result, &Ctx::default())?,
        None => result,
    };
    let out = result_path(raw, &p.result_path, result)?;
    output_path(out, &p.output_path)
}

fn map(m: &MapState, raw: &Json, steps: &mut usize) -> R<Json> {
    if m.mode != MapMode::Inline || m.parameters.is_some() || m.item_reader.is_some() {
        return unsupported("a Map that is not a plain inline Map");
    }
    let effective = input_path(raw, &m.input_path)?;
    let items = match &m.items_path {
        Some(p) => get(&effective, p, &Ctx::default())?,
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
        match run_block(&m.processor, iteration_input, steps) {
            Ok(out) => outputs.push(out),
            Err(Flow::Error { error, cause }) => errors.push((error, cause)),
            Err(other) => return Err(other),
        }
    }
    first_error(errors)?;
    let result = Json::Array(outputs);
    let result = match &m.result_selector {
        Some(s) => template(s, &result, &Ctx::default())?,
        None => result,
    };
    let out = result_path(raw, &m.result_path, result)?;
    output_path(out, &m.output_path)
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

/// Parses `$`, `$.a.b`, `$.a[0].b` (and the same after `$$`). Returns whether
/// the path reads the context object, and its steps.
pub fn parse_path(path: &str) -> R<(bool, Vec<Step>)> {
    let (context, mut rest) = if let Some(r) = path.strip_prefix("$$") {
        (true, r)
    } else if let Some(r) = path.strip_prefix('$') {
        (false, r)
    } else {
        return unsupported(format!("not a path: {path}"));
    };
    let mut steps = Vec::new();
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            let name = &r[..end];
            if name.is_empty() || name.contains(['\\', ']', '*', '\'', '"', '(', '@']) {
                return unsupported(format!("unsupported path step in {path}"));
            }
            steps.push(Step::Key(name.to_owned()));
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let Some(end) = r.find(']') else {
                return unsupported(format!("bad path {path}"));
            };
            let Ok(n) = r[..end].parse::<usize>() else {
                return unsupported(format!("unsupported index in {path}"));
            };
            steps.push(Step::Index(n));
            rest = &r[end + 1..];
        } else {
            return unsupported(format!("bad path {path}"));
        }
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
    select(value, &steps)
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

/// The value of a `.$` entry: a path or an intrinsic call.
pub fn dynamic(expr: &str, input: &Json, ctx: &Ctx) -> R<Json> {
    if expr.starts_with('$') {
        return get(input, expr, ctx);
    }
    let mut p = Parser {
        s: expr,
        pos: 0,
        input,
        ctx,
    };
    let v = p.call()?;
    if p.pos != expr.len() {
        return unsupported(format!("trailing text in {expr}"));
    }
    Ok(v)
}

/// An argument of an intrinsic call: its value, and for a string literal its
/// raw text (the `States.Format` template needs the escapes).
struct Arg {
    value: Json,
    raw: Option<String>,
}

struct Parser<'a> {
    s: &'a str,
    pos: usize,
    input: &'a Json,
    ctx: &'a Ctx,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.s[self.pos..]
    }

    fn ws(&mut self) {
        while self.rest().starts_with([' ', '\t']) {
            self.pos += 1;
        }
    }

    fn call(&mut self) -> R<Json> {
        let Some(rest) = self.rest().strip_prefix("States.") else {
            return unsupported(format!("not an intrinsic call: {}", self.s));
        };
        let name_len = rest
            .find('(')
            .ok_or_else(|| Flow::Unsupported("no `(`".into()))?;
        let name = rest[..name_len].to_owned();
        self.pos += "States.".len() + name_len + 1;
        let mut args = Vec::new();
        self.ws();
        if !self.rest().starts_with(')') {
            loop {
                self.ws();
                args.push(self.arg()?);
                self.ws();
                if self.rest().starts_with(',') {
                    self.pos += 1;
                } else {
                    break;
                }
            }
        }
        if !self.rest().starts_with(')') {
            return unsupported(format!("expected `)` in {}", self.s));
        }
        self.pos += 1;
        apply(&name, args)
    }

    fn arg(&mut self) -> R<Arg> {
        let rest = self.rest();
        if rest.starts_with("States.") {
            return Ok(Arg {
                value: self.call()?,
                raw: None,
            });
        }
        if let Some(body) = rest.strip_prefix('\'') {
            let mut raw = String::new();
            let mut value = String::new();
            let mut chars = body.char_indices();
            loop {
                let Some((i, c)) = chars.next() else {
                    return unsupported("unterminated string literal");
                };
                match c {
                    '\\' => {
                        let Some((_, e)) = chars.next() else {
                            return unsupported("bad escape");
                        };
                        raw.push('\\');
                        raw.push(e);
                        value.push(e);
                    }
                    '\'' => {
                        self.pos += 1 + i + 1;
                        return Ok(Arg {
                            value: Json::String(value),
                            raw: Some(raw),
                        });
                    }
                    c => {
                        raw.push(c);
                        value.push(c);
                    }
                }
            }
        }
        if rest.starts_with('$') {
            let end = rest.find([',', ')', ' ', '\t']).unwrap_or(rest.len());
            let path = rest[..end].to_owned();
            self.pos += end;
            return Ok(Arg {
                value: get(self.input, &path, self.ctx)?,
                raw: None,
            });
        }
        let end = rest.find([',', ')', ' ', '\t']).unwrap_or(rest.len());
        let word = &rest[..end];
        let value = match word {
            "true" => Json::Bool(true),
            "false" => Json::Bool(false),
            "null" => Json::Null,
            w => match w.parse::<i64>() {
                Ok(n) => Json::from(n),
                Err(_) => return unsupported(format!("unsupported literal `{w}`")),
            },
        };
        self.pos += end;
        Ok(Arg { value, raw: None })
    }
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
            let Some(raw) = args.first().and_then(|a| a.raw.clone()) else {
                return unsupported("States.Format without a literal template");
            };
            let mut out = String::new();
            let mut next = 1;
            let mut chars = raw.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => out.extend(chars.next()),
                    '{' if chars.peek() == Some(&'}') => {
                        chars.next();
                        let Some(arg) = args.get(next) else {
                            return unsupported("States.Format with too few arguments");
                        };
                        out.push_str(&format_arg(&arg.value)?);
                        next += 1;
                    }
                    c => out.push(c),
                }
            }
            if next != n {
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
            Json::from(int(v(0))? + int(v(1))?)
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
            match builder_core::serde_impl::from_json_str(string(v(0))?) {
                Ok(v) => v,
                Err(e) => return unsupported(format!("States.StringToJson: {e}")),
            }
        }
        "JsonToString" => {
            arity(1)?;
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
/// literal star and backslash.
pub fn glob(pattern: &str, s: &str) -> bool {
    #[derive(PartialEq)]
    enum T {
        Star,
        Char(char),
    }
    let mut tokens = Vec::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => tokens.push(T::Char(chars.next().unwrap_or('\\'))),
            '*' => tokens.push(T::Star),
            c => tokens.push(T::Char(c)),
        }
    }
    let text: Vec<char> = s.chars().collect();
    // dp[j]: tokens[..i] match text[..j]
    let mut dp = vec![false; text.len() + 1];
    dp[0] = true;
    for t in &tokens {
        let mut next = vec![false; text.len() + 1];
        match t {
            T::Star => {
                let mut any = false;
                for j in 0..=text.len() {
                    any |= dp[j];
                    next[j] = any;
                }
            }
            T::Char(c) => {
                for j in 1..=text.len() {
                    next[j] = dp[j - 1] && text[j - 1] == *c;
                }
            }
        }
        dp = next;
    }
    dp[text.len()]
}

/// An RFC 3339 timestamp as (seconds since the epoch, nanoseconds), or
/// `None` when `s` is not one.
pub fn timestamp(s: &str) -> Option<(i64, u32)> {
    builder_core::validate::check_timestamp(s).ok()?;
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let mut rest = &s[19..];
    let mut nanos = 0u32;
    if let Some(f) = rest.strip_prefix('.') {
        let digits: String = f.chars().take_while(char::is_ascii_digit).collect();
        let mut padded = digits.clone();
        padded.truncate(9);
        while padded.len() < 9 {
            padded.push('0');
        }
        nanos = padded.parse().ok()?;
        rest = &f[digits.len()..];
    }
    let offset = match rest {
        "Z" => 0,
        _ => {
            let sign = if rest.starts_with('-') { -1 } else { 1 };
            let oh: i64 = rest.get(1..3)?.parse().ok()?;
            let om: i64 = rest.get(4..6)?.parse().ok()?;
            sign * (oh * 3600 + om * 60)
        }
    };
    // days from civil (Howard Hinnant)
    let y2 = if mo <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = (mo + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some((days * 86_400 + h * 3600 + mi * 60 + sec - offset, nanos))
}

#[cfg(test)]
mod tests {
    use super::*;
    use builder_core::serde_impl::from_json_str;
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
