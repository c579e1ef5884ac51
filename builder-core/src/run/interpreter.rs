//! The interpreter: blocks of states, input and output processing, retries
//! and catchers, branches and iterations, on a virtual clock. Semantics from
//! the developer guide: "Processing input and output" (InputPath →
//! Parameters → ResultSelector → ResultPath → OutputPath), "Handling errors
//! in Step Functions workflows" (Retry, Catch, the `States.*` errors), and
//! "Passing data between states with variables".

use super::jsonpath::{self, Scope};
use super::{intrinsics, rules, Event, Execution, Failure, Rng, RunError, Status, Test};
use crate::expr::intrinsic::{self, PayloadValue};
use crate::expr::path::{self, PathKind, PathOptions, Root};
use crate::json::Json;
use crate::model::*;
use std::cell::{OnceCell, RefCell};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::rc::Rc;

#[path = "distributed.rs"]
mod distributed;
#[path = "jsonata_states.rs"]
mod jsonata_states;

use jsonata_states::States;

/// The JSONPath fields of a state that has none (a JSONata Task, Parallel
/// or Map runs through the same code).
static NO_PATHS: JsonPathIo = JsonPathIo {
    input_path: None,
    parameters: None,
    result_selector: None,
    result_path: None,
    output_path: None,
};

/// The most history events of a Standard execution (AWS quota: 25,000).
pub const MAX_EVENTS: usize = 25_000;
/// The largest state input or output (AWS quota: 256 KiB).
const MAX_PAYLOAD: usize = 262_144;

enum Flow {
    Failed(Failure),
    TimedOut,
    Abort(RunError),
}

impl From<Failure> for Flow {
    fn from(f: Failure) -> Flow {
        Flow::Failed(f)
    }
}

type R<T> = Result<T, Flow>;

fn runtime(cause: impl Into<String>) -> Flow {
    Flow::Failed(Failure::new("States.Runtime", cause))
}

struct Runner<'t> {
    test: Test<'t>,
    clock: f64,
    history: Vec<Event>,
    entered: Vec<String>,
    transitions: usize,
    rng: Rng,
    /// Variables, one frame per block being run (the top level, each branch
    /// and iteration): inner blocks read outer frames.
    frames: Vec<Vec<(String, Json)>>,
    deadline: Option<f64>,
    /// Paths and `.$` values parsed once per run (a state in a loop reads
    /// the same ones again): the value, and whether it reads `$$`.
    paths: RefCell<HashMap<String, Rc<path::Path>>>,
    values: RefCell<HashMap<String, (Rc<PayloadValue>, bool)>>,
    /// What a path reads as `$$` when it does not read `$$`.
    empty: Json,
    /// JSONata expressions parsed once per run.
    exprs: HashMap<String, Rc<jsonata_states::Parsed>>,
}

/// Where a value is computed, for the context object `$$` — built only for
/// the values that read it.
struct At<'a> {
    state: &'a str,
    retry: usize,
    item: Option<Item<'a>>,
    token: bool,
    context: OnceCell<Json>,
}

/// A Map iteration's item, as `$$.Map.Item` shows it.
#[derive(Clone, Copy)]
struct Item<'a> {
    index: usize,
    /// The key, when the items are an object's fields.
    key: Option<&'a str>,
    value: &'a Json,
    /// `STATE_DATA` for items from the state's input (AWS, "Accessing
    /// execution data from the Context object"); none from an ItemReader.
    from_state: bool,
}

impl<'a> At<'a> {
    fn new(state: &'a str) -> At<'a> {
        At {
            state,
            retry: 0,
            item: None,
            token: false,
            context: OnceCell::new(),
        }
    }
}

pub(super) fn run(test: Test<'_>) -> Result<Execution, RunError> {
    let machine = test.machine;
    let mut r = Runner {
        rng: Rng::new(test.seed),
        deadline: machine.definition.timeout_seconds.map(|s| s as f64),
        test,
        clock: 0.0,
        history: Vec::new(),
        entered: Vec::new(),
        transitions: 1,
        frames: vec![Vec::new()],
        paths: RefCell::new(HashMap::new()),
        values: RefCell::new(HashMap::new()),
        empty: Json::Object(Vec::new()),
        exprs: HashMap::new(),
    };
    r.event("ExecutionStarted", None)?;
    let input = r.test.input.clone();
    let status = match r.block(&machine.definition.block, input) {
        Ok(output) => {
            r.event("ExecutionSucceeded", None)?;
            return Ok(r.finish(Status::Succeeded, Some(output)));
        }
        Err(Flow::Failed(f)) => Status::Failed {
            error: f.error,
            cause: f.cause,
        },
        Err(Flow::TimedOut) => Status::TimedOut,
        Err(Flow::Abort(e)) => return Err(e),
    };
    let kind = if status == Status::TimedOut {
        "ExecutionTimedOut"
    } else {
        "ExecutionFailed"
    };
    r.event(kind, None)?;
    Ok(r.finish(status, None))
}

impl Runner<'_> {
    fn finish(self, status: Status, output: Option<Json>) -> Execution {
        Execution {
            status,
            output,
            entered: self.entered,
            history: self.history,
            elapsed: self.clock,
            transitions: self.transitions,
            machine: self.test.machine.clone(),
        }
    }

    fn event(&mut self, kind: &str, state: Option<&str>) -> Result<(), RunError> {
        if self.history.len() >= MAX_EVENTS {
            let n = self.entered.len();
            return Err(RunError::TooManyEvents {
                last: self.entered[n.saturating_sub(5)..].to_vec(),
            });
        }
        self.history.push(Event {
            id: self.history.len() + 1,
            at: self.clock,
            kind: kind.to_owned(),
            state: state.map(str::to_owned),
        });
        Ok(())
    }

    fn ev(&mut self, kind: &str, state: &str) -> R<()> {
        self.event(kind, Some(state)).map_err(Flow::Abort)
    }

    /// Seconds from now on the clock to an RFC 3339 timestamp (negative
    /// when it has passed); `Err` says why the text is not one.
    fn seconds_until(&self, text: &str) -> Result<f64, String> {
        let ts = crate::expr::timestamp::parse(text).map_err(|e| e.message)?;
        let target = ts.unix_seconds() as f64 + f64::from(ts.nanos) / 1e9;
        Ok(target - (self.test.start as f64 + self.clock))
    }

    /// Advances the clock; past the machine's timeout, the execution times out.
    fn wait(&mut self, seconds: f64) -> R<()> {
        self.clock += seconds.max(0.0);
        match self.deadline {
            Some(d) if self.clock > d => {
                self.clock = d;
                Err(Flow::TimedOut)
            }
            _ => Ok(()),
        }
    }

    /// The context object at `state`.
    fn context(
        &self,
        state: &str,
        retry_count: usize,
        item: Option<Item<'_>>,
        token: bool,
    ) -> Json {
        let machine = &self.test.machine.name;
        let mut context = vec![
            (
                "Execution".to_owned(),
                Json::object([
                    (
                        "Id",
                        Json::from(format!(
                            "arn:aws:states:us-east-1:123456789012:execution:{machine}:{}",
                            self.test.name
                        )),
                    ),
                    ("Input", self.test.input.clone()),
                    ("Name", Json::from(self.test.name.as_str())),
                    ("RoleArn", Json::from("arn:aws:iam::123456789012:role/test")),
                    ("StartTime", Json::from(iso(self.test.start as f64))),
                ]),
            ),
            (
                "State".to_owned(),
                Json::object([
                    (
                        "EnteredTime",
                        Json::from(iso(self.test.start as f64 + self.clock)),
                    ),
                    ("Name", Json::from(state)),
                    ("RetryCount", Json::from(retry_count)),
                ]),
            ),
            (
                "StateMachine".to_owned(),
                Json::object([
                    (
                        "Id",
                        Json::from(format!(
                            "arn:aws:states:us-east-1:123456789012:stateMachine:{machine}"
                        )),
                    ),
                    ("Name", Json::from(machine.as_str())),
                ]),
            ),
        ];
        if token {
            context.push((
                "Task".to_owned(),
                Json::object([(
                    "Token",
                    format!("token-{}-{}", self.test.name, self.history.len()),
                )]),
            ));
        }
        if let Some(item) = item {
            let mut fields = vec![("Index".to_owned(), Json::from(item.index))];
            if let Some(key) = item.key {
                fields.push(("Key".to_owned(), Json::from(key)));
            }
            if item.from_state {
                fields.push(("Source".to_owned(), Json::from("STATE_DATA")));
            }
            fields.push(("Value".to_owned(), item.value.clone()));
            context.push((
                "Map".to_owned(),
                Json::object([("Item", Json::Object(fields))]),
            ));
        }
        Json::Object(context)
    }

    /// Runs a block from its `StartAt` to its end: its output.
    fn block(&mut self, block: &Block, input: Json) -> R<Json> {
        let states: HashMap<&str, &State> = block
            .states
            .iter()
            .rev()
            .map(|s| (s.name.as_str(), s))
            .collect();
        let mut current = block.start_at.as_str();
        let mut data = input;
        loop {
            let Some(&state) = states.get(current) else {
                return Err(runtime(format!("no state `{current}`")));
            };
            let kind = state.kind.type_name();
            self.entered.push(state.name.clone());
            self.transitions += 1;
            self.ev(&format!("{kind}StateEntered"), &state.name)?;
            size(&data, &state.name, "input")?;
            let (output, next) = self.state(state, data)?;
            size(&output, &state.name, "output")?;
            self.ev(&format!("{kind}StateExited"), &state.name)?;
            match next {
                Some(next) => {
                    current = next;
                    data = output;
                }
                None => return Ok(output),
            }
        }
    }

    /// Runs one state on its raw input: its output and where to go next
    /// (`None`: the block ends).
    fn state<'s>(&mut self, state: &'s State, raw: Json) -> R<(Json, Option<&'s str>)> {
        let name = state.name.as_str();
        let io = match &state.io {
            Io::JsonPath(io) => io,
            Io::Jsonata(jio) => match &state.kind {
                StateKind::Task(_) | StateKind::Parallel(_) | StateKind::Map(_) => &NO_PATHS,
                _ => return self.jsonata_state(state, jio, raw),
            },
        };
        let next = |t: &'s Transition| match t {
            Transition::Next(n) => Some(n.as_str()),
            Transition::End => None,
        };
        match &state.kind {
            StateKind::Pass(p) => {
                let effective = self.input_path(io, &raw, name)?;
                let result = match (&p.result, &io.parameters) {
                    (Some(result), _) => result.clone(),
                    (None, Some(t)) => self.template(t, &effective, At::new(name))?,
                    (None, None) => effective,
                };
                self.assign(state.assign.as_ref(), &result, name)?;
                let out = self.result_path(io, &raw, result, name)?;
                Ok((self.output_path(io, out, name)?, next(&p.transition)))
            }
            StateKind::Wait(w) => {
                let effective = self.input_path(io, &raw, name)?;
                let seconds = match &w.duration {
                    WaitDuration::Seconds(Dynamic::Value(s)) => *s as f64,
                    WaitDuration::Seconds(Dynamic::Path(p)) => {
                        match self.read(p, &effective, name)? {
                            Json::Number(n) if n.as_f64() >= 0.0 => n.as_f64(),
                            other => {
                                return Err(runtime(format!(
                            "the SecondsPath `{p}` of `{name}` gives {}, not a number of seconds",
                            other.kind_name()
                        )))
                            }
                        }
                    }
                    WaitDuration::Timestamp(t) => {
                        let text = match t {
                            Dynamic::Value(s) => s.clone(),
                            Dynamic::Path(p) => match self.read(p, &effective, name)? {
                                Json::String(s) => s,
                                other => {
                                    return Err(runtime(format!(
                                    "the TimestampPath `{p}` of `{name}` gives {}, not a timestamp",
                                    other.kind_name()
                                )))
                                }
                            },
                            Dynamic::Jsonata(_) => {
                                return self.unsupported(name, "a JSONata timestamp")
                            }
                        };
                        self.seconds_until(&text)
                            .map_err(|why| runtime(format!("`{text}` is not a timestamp: {why}")))?
                    }
                    WaitDuration::Seconds(Dynamic::Jsonata(_)) => {
                        return self.unsupported(name, "JSONata seconds")
                    }
                };
                self.wait(seconds)?;
                self.assign(state.assign.as_ref(), &effective, name)?;
                Ok((self.output_path(io, effective, name)?, next(&w.transition)))
            }
            StateKind::Choice(c) => {
                let effective = self.input_path(io, &raw, name)?;
                let mut chosen = None;
                for choice in &c.choices {
                    let Condition::Rule(rule) = &choice.condition else {
                        return self.unsupported(name, "a JSONata condition");
                    };
                    let read = |p: &str| self.lookup(p, &effective, name);
                    if rules::holds(rule, &read)? {
                        chosen = Some(choice);
                        break;
                    }
                }
                let target = match chosen {
                    Some(choice) => {
                        self.assign(
                            choice.assign.as_ref().or(state.assign.as_ref()),
                            &effective,
                            name,
                        )?;
                        choice.next.as_str()
                    }
                    None => match &c.default {
                        Some(d) => {
                            self.assign(state.assign.as_ref(), &effective, name)?;
                            d.as_str()
                        }
                        None => {
                            return Err(Flow::Failed(Failure::new(
                                "States.NoChoiceMatched",
                                format!("no rule of `{name}` matched and it has no Default"),
                            )))
                        }
                    },
                };
                Ok((self.output_path(io, effective, name)?, Some(target)))
            }
            StateKind::Succeed(_) => {
                let effective = self.input_path(io, &raw, name)?;
                Ok((self.output_path(io, effective, name)?, None))
            }
            StateKind::Fail(f) => {
                let text = |r: &mut Self, d: &Option<Dynamic<String>>| -> R<String> {
                    Ok(match d {
                        None => String::new(),
                        Some(Dynamic::Value(s)) => s.clone(),
                        Some(Dynamic::Path(p)) => match r.dynamic(p, &raw, name)? {
                            Json::String(s) => s,
                            other => other.to_json_string(),
                        },
                        Some(Dynamic::Jsonata(_)) => {
                            return Err(Flow::Abort(RunError::Unsupported {
                                state: name.to_owned(),
                                what: "a JSONata error or cause".into(),
                            }))
                        }
                    })
                };
                let error = text(self, &f.error)?;
                let cause = text(self, &f.cause)?;
                Err(Flow::Failed(Failure::new(error, cause)))
            }
            StateKind::Task(t) => {
                let attempt = |r: &mut Self, retry: usize| r.task(state, t, &raw, retry);
                self.recover(
                    state,
                    &raw,
                    &t.retry,
                    &t.catch,
                    attempt,
                    next(&t.transition),
                )
            }
            StateKind::Parallel(p) => {
                let attempt = |r: &mut Self, _retry: usize| r.parallel(state, p, &raw);
                self.recover(
                    state,
                    &raw,
                    &p.retry,
                    &p.catch,
                    attempt,
                    next(&p.transition),
                )
            }
            StateKind::Map(m) => {
                let attempt = |r: &mut Self, _retry: usize| r.map(state, m, &raw);
                self.recover(
                    state,
                    &raw,
                    &m.retry,
                    &m.catch,
                    attempt,
                    next(&m.transition),
                )
            }
        }
    }

    fn unsupported<T>(&self, state: &str, what: &str) -> R<T> {
        Err(Flow::Abort(RunError::Unsupported {
            state: state.to_owned(),
            what: what.to_owned(),
        }))
    }

    /// Runs `attempt` (the state's work, ending with its ResultPath and
    /// OutputPath) with the state's Retry and Catch.
    #[allow(clippy::too_many_arguments)]
    fn recover<'s>(
        &mut self,
        state: &'s State,
        raw: &Json,
        retriers: &[Retrier],
        catchers: &'s [Catcher],
        mut attempt: impl FnMut(&mut Self, usize) -> R<Json>,
        next: Option<&'s str>,
    ) -> R<(Json, Option<&'s str>)> {
        let name = state.name.as_str();
        let mut used = vec![0u64; retriers.len()];
        let mut retry_count = 0;
        let failure = loop {
            match attempt(self, retry_count) {
                Ok(out) => return Ok((out, next)),
                Err(Flow::Failed(f)) => {
                    let Some(i) = retriers
                        .iter()
                        .position(|r| matches(&r.error_equals, &f.error))
                    else {
                        break f;
                    };
                    let r = &retriers[i];
                    if used[i] >= r.max_attempts.unwrap_or(3) {
                        break f;
                    }
                    // interval × rate^(retries so far by this retrier), capped.
                    let mut delay = r.interval_seconds.unwrap_or(1) as f64
                        * r.backoff_rate.unwrap_or(2.0).powi(used[i] as i32);
                    if let Some(max) = r.max_delay_seconds {
                        delay = delay.min(max as f64);
                    }
                    if r.jitter_strategy == Some(Jitter::Full) {
                        delay *= (self.rng.next() >> 11) as f64 / (1u64 << 53) as f64;
                    }
                    used[i] += 1;
                    retry_count += 1;
                    self.wait(delay)?;
                }
                Err(other) => return Err(other),
            }
        };
        let Some(c) = catchers
            .iter()
            .find(|c| matches(&c.error_equals, &failure.error))
        else {
            return Err(Flow::Failed(failure));
        };
        let error_output = error_output(&failure);
        if let Io::Jsonata(_) = &state.io {
            let out = self.jsonata_catch(state, c, raw, error_output)?;
            return Ok((out, Some(c.next.as_str())));
        }
        self.assign(c.assign.as_ref(), &error_output, name)?;
        let out = match &c.result_path {
            None => error_output,
            Some(NullablePath::Null) => raw.clone(),
            Some(NullablePath::Path(p)) => put(raw, p, error_output, name)?,
        };
        Ok((out, Some(c.next.as_str())))
    }

    /// One attempt of a Task: its output.
    fn task(&mut self, state: &State, t: &TaskState, raw: &Json, retry: usize) -> R<Json> {
        let name = state.name.as_str();
        let resource = match &t.resource {
            Resource::Arn(arn) => arn.clone(),
            Resource::Function(key) => key.clone(),
            Resource::Intrinsic(j) => j.to_json_string(),
        };
        let token = resource.ends_with(".waitForTaskToken");
        let at = At {
            retry,
            token,
            ..At::new(name)
        };
        let params = self.request(state, raw, at)?;
        self.ev("TaskScheduled", name)?;
        self.ev("TaskStarted", name)?;
        // The function gets the Payload; a request-response call's result is
        // the invocation's response (a callback's is what SendTaskSuccess sent).
        let lambda = resource.starts_with("arn:aws:states:::lambda:invoke");
        let wrapped = resource == "arn:aws:states:::lambda:invoke";
        let request = match (&params, lambda) {
            (Json::Object(_), true) => params.get("Payload").cloned().unwrap_or(Json::Null),
            _ => params.clone(),
        };
        // The task's time on the clock, against its timeout and heartbeat.
        let duration = self
            .test
            .durations
            .iter()
            .find(|(s, _)| s == name)
            .map_or(0.0, |(_, d)| *d);
        // A JSONata timeout is evaluated (once) whether or not it is
        // reached: a value that is not a positive integer fails the state.
        let jsonata = |r: &mut Self, d: &Option<Dynamic<u64>>, field: &str| match d {
            Some(Dynamic::Jsonata(text)) => r.jsonata_seconds(text, raw, name, field).map(Some),
            _ => Ok(None),
        };
        let jsonata_timeout = jsonata(self, &t.timeout, "TimeoutSeconds")?;
        let jsonata_heartbeat = jsonata(self, &t.heartbeat, "HeartbeatSeconds")?;
        if duration > 0.0 {
            // A value or a path (the JSONata ones are evaluated above).
            let limit = |r: &mut Self, d: &Option<Dynamic<u64>>, evaluated: Option<f64>| {
                Ok::<_, Flow>(match d {
                    Some(Dynamic::Jsonata(_)) | None => evaluated,
                    Some(d) => match r.dynamic_field(d, raw, name, "")? {
                        Json::Number(n) => Some(n.as_f64()),
                        _ => None,
                    },
                })
            };
            let timeout = limit(self, &t.timeout, jsonata_timeout)?;
            let heartbeat = limit(self, &t.heartbeat, jsonata_heartbeat)?;
            let first = [
                timeout.map(|s| (s, "States.Timeout", "TaskTimedOut")),
                heartbeat.map(|s| (s, "States.HeartbeatTimeout", "TaskTimedOut")),
            ]
            .into_iter()
            .flatten()
            .filter(|(s, _, _)| *s < duration)
            .min_by(|a, b| a.0.total_cmp(&b.0));
            if let Some((after, error, event)) = first {
                self.wait(after)?;
                self.ev(event, name)?;
                return Err(Flow::Failed(Failure::new(
                    error,
                    format!("the task `{name}` took longer than {after} s"),
                )));
            }
            self.wait(duration)?;
        }
        let answer = self.call(name, &resource, &request)?;
        let result = match answer {
            Ok(v) if wrapped => Json::object([
                ("ExecutedVersion", Json::from("$LATEST")),
                ("Payload", v),
                ("StatusCode", Json::from(200)),
            ]),
            Ok(v) => v,
            Err(f) => {
                self.ev("TaskFailed", name)?;
                return Err(Flow::Failed(f));
            }
        };
        self.ev("TaskSucceeded", name)?;
        self.finish_result(state, raw, result)
    }

    /// The mock's answer; `Err` (the outer one) when there is none.
    fn call(&mut self, state: &str, resource: &str, request: &Json) -> R<Result<Json, Failure>> {
        if let Some(slot) = self
            .test
            .failures
            .iter_mut()
            .find(|(s, _, n)| s == state && *n > 0)
        {
            slot.2 -= 1;
            return Ok(Err(slot.1.clone()));
        }
        let base = resource
            .strip_suffix(".sync:2")
            .or_else(|| resource.strip_suffix(".sync"))
            .or_else(|| resource.strip_suffix(".waitForTaskToken"))
            .unwrap_or(resource);
        let mock = self
            .test
            .by_state
            .iter()
            .find(|(s, _)| s == state)
            .or_else(|| {
                self.test
                    .by_resource
                    .iter()
                    .find(|(r, _)| r == resource || r == base)
            })
            .map(|(_, m)| m)
            .or(self.test.default.as_ref());
        match mock {
            Some(m) => Ok(m(request)),
            None => Err(Flow::Abort(RunError::NoMock {
                state: state.to_owned(),
                resource: resource.to_owned(),
            })),
        }
    }

    /// What a Task, Parallel or Map is given: its Parameters on the
    /// effective input (JSONPath) or its Arguments (JSONata); without them,
    /// the (effective) input.
    fn request(&mut self, state: &State, raw: &Json, at: At<'_>) -> R<Json> {
        match &state.io {
            Io::JsonPath(io) => {
                let effective = self.input_path(io, raw, at.state)?;
                match &io.parameters {
                    Some(t) => self.template(t, &effective, at),
                    None => Ok(effective),
                }
            }
            Io::Jsonata(io) => match &io.arguments {
                Some(args) => self.jsonata(args, &States::input(raw), &at, "Arguments"),
                None => Ok(raw.clone()),
            },
        }
    }

    /// ResultSelector, Assign, ResultPath and OutputPath on a result (JSONata:
    /// Assign and Output with `$states.result`).
    fn finish_result(&mut self, state: &State, raw: &Json, result: Json) -> R<Json> {
        let name = state.name.as_str();
        let io = match &state.io {
            Io::JsonPath(io) => io,
            Io::Jsonata(jio) => {
                let states = States {
                    result: Some(&result),
                    ..States::input(raw)
                };
                return self.jsonata_finish(state, jio.output.as_ref(), &states, result.clone());
            }
        };
        let result = match &io.result_selector {
            Some(t) => self.template(t, &result, At::new(name))?,
            None => result,
        };
        self.assign(state.assign.as_ref(), &result, name)?;
        let out = self.result_path(io, raw, result, name)?;
        self.output_path(io, out, name)
    }

    fn parallel(&mut self, state: &State, p: &ParallelState, raw: &Json) -> R<Json> {
        let name = state.name.as_str();
        let input = self.request(state, raw, At::new(name))?;
        self.ev("ParallelStateStarted", name)?;
        // The branches run at the same time on the clock.
        let mut slots = self.slots(p.branches.len());
        let mut results = Vec::with_capacity(p.branches.len());
        for branch in &p.branches {
            self.slot_start(&mut slots);
            self.frames.push(Vec::new());
            let out = self.block(branch, input.clone());
            self.frames.pop();
            match out {
                Ok(v) => results.push(v),
                Err(Flow::Failed(f)) => {
                    self.slots_end(slots, true);
                    self.ev("ParallelStateFailed", name)?;
                    return Err(Flow::Failed(f));
                }
                Err(other) => return Err(other),
            }
            slots.done(self.clock);
        }
        self.slots_end(slots, false);
        self.ev("ParallelStateSucceeded", name)?;
        self.finish_result(state, raw, Json::Array(results))
    }

    fn map(&mut self, state: &State, m: &MapState, raw: &Json) -> R<Json> {
        let name = state.name.as_str();
        let distributed = m.processor.distributed();
        let (items, selector_on) = match &state.io {
            Io::JsonPath(io) => {
                let effective = self.input_path(io, raw, name)?;
                let items = match (distributed.and_then(|d| d.item_reader.as_ref()), &m.items) {
                    (Some(reader), _) => self.read_items(state, reader, &effective)?,
                    (None, Some(Items::Path(p))) => self.read(p, &effective, name)?,
                    (None, _) => effective.clone(),
                };
                (items, effective)
            }
            Io::Jsonata(_) => {
                let at = At::new(name);
                let items = match (distributed.and_then(|d| d.item_reader.as_ref()), &m.items) {
                    (Some(reader), _) => self.read_items(state, reader, raw)?,
                    (None, Some(Items::Value(v))) => {
                        self.jsonata(v, &States::input(raw), &at, "Items")?
                    }
                    (None, _) => raw.clone(),
                };
                (items, raw.clone())
            }
        };
        // An object's fields are items too: each iteration gets
        // `{"Key", "Value"}` and `$$.Map.Item.Key` (AWS, "ItemsPath (Map)").
        let (items, keys): (Vec<Json>, Vec<String>) = match items {
            Json::Array(items) => (items, Vec::new()),
            Json::Object(pairs) => pairs
                .into_iter()
                .map(|(k, v)| {
                    let pair = Json::object([("Key", Json::from(k.as_str())), ("Value", v)]);
                    (pair, k)
                })
                .unzip(),
            other => {
                let error = match &state.io {
                    Io::Jsonata(_) => "States.QueryEvaluationError",
                    Io::JsonPath(_) => "States.Runtime",
                };
                return Err(Flow::Failed(Failure::new(
                    error,
                    format!(
                        "the items of the map `{name}` are {}, not an array or an object",
                        other.kind_name()
                    ),
                )));
            }
        };
        let from_state = distributed.and_then(|d| d.item_reader.as_ref()).is_none();
        self.ev("MapStateStarted", name)?;
        let mut inputs = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let key = keys.get(index).map(String::as_str);
            // For an object's field, `$$.Map.Item.Value` is the field's value.
            let value = match key {
                Some(_) => item.get("Value").unwrap_or(item),
                None => item,
            };
            let at = At {
                item: Some(Item {
                    index,
                    key,
                    value,
                    from_state,
                }),
                ..At::new(name)
            };
            inputs.push(match &state.io {
                Io::JsonPath(io) => match m.item_selector.as_ref().or(io.parameters.as_ref()) {
                    Some(t) => self.template(t, &selector_on, at)?,
                    None => item.clone(),
                },
                Io::Jsonata(_) => match &m.item_selector {
                    Some(t) => self.jsonata(t, &States::input(raw), &at, "ItemSelector")?,
                    None => item.clone(),
                },
            });
        }
        if let Some(d) = distributed {
            let out = self.map_run(state, m, d, inputs, &selector_on)?;
            self.ev("MapStateSucceeded", name)?;
            return self.finish_result(state, raw, out);
        }
        // Iterations start as MaxConcurrency allows (0: all at once).
        let limit = self.max_concurrency(state, m, &selector_on)?;
        let mut slots = self.slots(if limit == 0 { inputs.len() } else { limit });
        let mut results = Vec::with_capacity(inputs.len());
        for input in inputs {
            self.slot_start(&mut slots);
            self.ev("MapIterationStarted", name)?;
            self.frames.push(Vec::new());
            let out = self.block(&m.body, input);
            self.frames.pop();
            match out {
                Ok(v) => {
                    self.ev("MapIterationSucceeded", name)?;
                    results.push(v);
                }
                Err(Flow::Failed(f)) => {
                    self.ev("MapIterationFailed", name)?;
                    self.slots_end(slots, true);
                    self.ev("MapStateFailed", name)?;
                    return Err(Flow::Failed(f));
                }
                Err(other) => return Err(other),
            }
            slots.done(self.clock);
        }
        self.slots_end(slots, false);
        self.ev("MapStateSucceeded", name)?;
        self.finish_result(state, raw, Json::Array(results))
    }

    // ----------------------------------------------------------- concurrency

    /// `n` runs that may be in flight at once, from now.
    fn slots(&self, n: usize) -> Slots {
        Slots {
            start: self.clock,
            unused: n.max(1),
            busy: BinaryHeap::new(),
            latest: self.clock,
            mark: self.history.len(),
        }
    }

    /// Starts a run in the slot that frees first: the clock goes to then.
    fn slot_start(&mut self, slots: &mut Slots) {
        if slots.unused > 0 {
            slots.unused -= 1;
            self.clock = slots.start;
        } else if let Some(Reverse(bits)) = slots.busy.pop() {
            self.clock = f64::from_bits(bits);
        }
    }

    /// The concurrent runs are over: the clock at the last one's end (or at
    /// the failure), their events in the order of their times.
    fn slots_end(&mut self, slots: Slots, failed: bool) {
        if !failed {
            self.clock = self.clock.max(slots.latest);
        }
        let mark = slots.mark.min(self.history.len());
        self.history[mark..].sort_by(|a, b| a.at.total_cmp(&b.at));
        for (i, e) in self.history.iter_mut().enumerate().skip(mark) {
            e.id = i + 1;
        }
    }

    /// A Map's MaxConcurrency (0: no limit).
    fn max_concurrency(&mut self, state: &State, m: &MapState, data: &Json) -> R<usize> {
        Ok(match &m.max_concurrency {
            None => 0,
            Some(d) => self.count(state, d, data, "MaxConcurrency")? as usize,
        })
    }

    // ---------------------------------------------------------------- data

    fn input_path(&self, io: &JsonPathIo, raw: &Json, state: &str) -> R<Json> {
        match &io.input_path {
            None => Ok(raw.clone()),
            Some(NullablePath::Null) => Ok(Json::Object(Vec::new())),
            Some(NullablePath::Path(p)) => self.read(p, raw, state),
        }
    }

    fn output_path(&self, io: &JsonPathIo, out: Json, state: &str) -> R<Json> {
        match &io.output_path {
            None => Ok(out),
            Some(NullablePath::Null) => Ok(Json::Object(Vec::new())),
            Some(NullablePath::Path(p)) => self.read(p, &out, state),
        }
    }

    fn result_path(&self, io: &JsonPathIo, raw: &Json, result: Json, state: &str) -> R<Json> {
        match &io.result_path {
            None => Ok(result),
            Some(NullablePath::Null) => Ok(raw.clone()),
            Some(NullablePath::Path(p)) => put(raw, p, result, state),
        }
    }

    /// A field written as a value, a `…Path` or JSONata: its value
    /// (`data` is what the path reads and `$states.input`).
    fn dynamic_field<T: Clone + Into<Json>>(
        &mut self,
        d: &Dynamic<T>,
        data: &Json,
        state: &str,
        field: &str,
    ) -> R<Json> {
        match d {
            Dynamic::Value(v) => Ok(v.clone().into()),
            Dynamic::Path(p) => self.read(p, data, state),
            Dynamic::Jsonata(t) => {
                self.jsonata_text(t, &States::input(data), &At::new(state), field)
            }
        }
    }

    /// What a path selects; a path that selects nothing is `States.Runtime`.
    fn read(&self, text: &str, data: &Json, state: &str) -> R<Json> {
        self.lookup(text, data, state)?.ok_or_else(|| {
            runtime(format!(
                "an error occurred while executing the state `{state}`: the JSONPath `{text}` could not be found in the input `{}`",
                data.to_json_string()
            ))
        })
    }

    /// What a path selects (`None`: nothing); the context object is built
    /// only for a path that reads it.
    fn lookup(&self, text: &str, data: &Json, state: &str) -> R<Option<Json>> {
        let parsed = self.path(text, state)?;
        let context = if parsed.root == Root::Context {
            self.context(state, 0, None, false)
        } else {
            Json::Null
        };
        let frames = &self.frames;
        let vars = |n: &str| variable(frames, n);
        let scope = Scope {
            context: if parsed.root == Root::Context {
                &context
            } else {
                &self.empty
            },
            variable: &vars,
        };
        Ok(jsonpath::select(&parsed, data, &scope))
    }

    /// A path, parsed once.
    fn path(&self, text: &str, state: &str) -> R<Rc<path::Path>> {
        if let Some(p) = self.paths.borrow().get(text) {
            return Ok(p.clone());
        }
        let parsed = path::parse(text, PathKind::Path, PathOptions::READ)
            .map_err(|e| runtime(format!("invalid path `{text}` in `{state}`: {}", e.message)))?;
        let parsed = Rc::new(parsed);
        self.paths
            .borrow_mut()
            .insert(text.to_owned(), parsed.clone());
        Ok(parsed)
    }

    /// A path or an intrinsic call (`ErrorPath`, `CausePath`, `.$` values).
    fn dynamic(&mut self, text: &str, data: &Json, state: &str) -> R<Json> {
        self.dynamic_in(text, data, &At::new(state), "")
    }

    fn dynamic_in(&mut self, text: &str, data: &Json, at: &At<'_>, field: &str) -> R<Json> {
        let state = at.state;
        let cached = self.values.borrow().get(text).cloned();
        let (value, uses_context) = match cached {
            Some(v) => v,
            None => {
                let value =
                    intrinsic::parse_payload_value(text, PathOptions::READ).map_err(|e| {
                        runtime(format!(
                            "invalid value `{text}` in `{state}`: {}",
                            e.message
                        ))
                    })?;
                let uses = text.contains("$$");
                let entry = (Rc::new(value), uses);
                self.values
                    .borrow_mut()
                    .insert(text.to_owned(), entry.clone());
                entry
            }
        };
        if uses_context && at.context.get().is_none() {
            let context = self.context(state, at.retry, at.item, at.token);
            let _ = at.context.set(context);
        }
        let context = at.context.get().unwrap_or(&self.empty);
        let frames = &self.frames;
        let vars = |n: &str| variable(frames, n);
        let scope = Scope {
            context,
            variable: &vars,
        };
        match &*value {
            PayloadValue::Path(p) => jsonpath::select(p, data, &scope).ok_or_else(|| {
                runtime(format!(
                    "an error occurred while executing the state `{state}`: the JSONPath `{text}` specified for the field `{field}` could not be found in the input `{}`",
                    data.to_json_string()
                ))
            }),
            PayloadValue::Call(call) => Ok(intrinsics::eval(call, data, &scope, &mut self.rng)?),
        }
    }

    /// A payload template (Parameters, ResultSelector, ItemSelector, Assign)
    /// on `data`: `"key.$"` entries become `"key"` with what their path or
    /// intrinsic gives.
    fn template(&mut self, t: &Json, data: &Json, at: At<'_>) -> R<Json> {
        self.template_in(t, data, &at)
    }

    fn template_in(&mut self, t: &Json, data: &Json, at: &At<'_>) -> R<Json> {
        Ok(match t {
            Json::Object(pairs) => {
                let mut out = Vec::with_capacity(pairs.len());
                for (k, v) in pairs {
                    match (k.strip_suffix(".$"), v) {
                        (Some(key), Json::String(expr)) => {
                            let value = self.dynamic_in(expr, data, at, k)?;
                            out.push((key.to_owned(), value));
                        }
                        _ => out.push((k.clone(), self.template_in(v, data, at)?)),
                    }
                }
                Json::Object(out)
            }
            Json::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    out.push(self.template_in(item, data, at)?);
                }
                Json::Array(out)
            }
            Json::MachineArn => Json::from(format!(
                "arn:aws:states:us-east-1:123456789012:stateMachine:{}",
                self.test.machine.name
            )),
            other => other.clone(),
        })
    }

    /// `Assign`: every value computed first, then all set (a swap works).
    fn assign(&mut self, assign: Option<&Json>, data: &Json, state: &str) -> R<()> {
        let Some(assign) = assign else {
            return Ok(());
        };
        let values = self.template(assign, data, At::new(state))?;
        self.set_variables(values);
        Ok(())
    }

    /// Sets the variables of an evaluated `Assign` object in the current
    /// block's frame.
    fn set_variables(&mut self, values: Json) {
        let Json::Object(values) = values else {
            return;
        };
        let frame = self.frames.last_mut().expect("a frame per block");
        for (k, v) in values {
            match frame.iter_mut().find(|(name, _)| *name == k) {
                Some(slot) => slot.1 = v,
                None => frame.push((k, v)),
            }
        }
    }
}

/// A caught error as the catcher's output: `Error`, and `Cause` when there
/// is one (AWS, "Specifying state output using ResultPath": a Fail state
/// without a Cause gives `{"Error": "..."}`).
fn error_output(failure: &Failure) -> Json {
    let mut fields = vec![("Error".to_owned(), Json::from(failure.error.as_str()))];
    if !failure.cause.is_empty() {
        fields.push(("Cause".to_owned(), Json::from(failure.cause.as_str())));
    }
    Json::Object(fields)
}

/// Runs in flight on the virtual clock: slots not used yet (free from
/// `start`), the times the used ones free (a min-heap, so that starting a
/// run is logarithmic in the number of slots), the latest of those, and
/// where the runs' events start in the history.
struct Slots {
    start: f64,
    unused: usize,
    /// `f64::to_bits` of clock times: the clock is never negative, and the
    /// bits of non-negative doubles order as the numbers do.
    busy: BinaryHeap<Reverse<u64>>,
    latest: f64,
    mark: usize,
}

impl Slots {
    /// The run in a slot ended at `at`.
    fn done(&mut self, at: f64) {
        self.busy.push(Reverse(at.to_bits()));
        self.latest = self.latest.max(at);
    }
}

/// A variable's value: the innermost frame that has it.
fn variable(frames: &[Vec<(String, Json)>], name: &str) -> Option<Json> {
    frames
        .iter()
        .rev()
        .find_map(|f| f.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
}

/// `data` with `value` at the reference path `text`.
fn put(data: &Json, text: &str, value: Json, state: &str) -> R<Json> {
    let parsed =
        path::parse(text, PathKind::ReferencePath, PathOptions::default()).map_err(|e| {
            runtime(format!(
                "invalid ResultPath `{text}` in `{state}`: {}",
                e.message
            ))
        })?;
    jsonpath::put(data, &parsed, value).map_err(|why| {
        Flow::Failed(Failure::new(
            "States.ResultPathMatchFailure",
            format!("the ResultPath `{text}` of `{state}` cannot be applied: {why}"),
        ))
    })
}

/// Whether an `ErrorEquals` list catches `error`: the name itself, or
/// `States.ALL` — which does not catch `States.Runtime` nor
/// `States.DataLimitExceeded` (developer guide, "Handling errors":
/// "terminal" errors) — or `States.TaskFailed`, which catches any error
/// but `States.Timeout`.
fn matches(error_equals: &[String], error: &str) -> bool {
    let terminal = error == "States.Runtime" || error == "States.DataLimitExceeded";
    error_equals.iter().any(|e| {
        e == error
            || (e == "States.ALL" && !terminal)
            || (e == "States.TaskFailed" && !terminal && error != "States.Timeout")
    })
}

fn size(data: &Json, state: &str, what: &str) -> R<()> {
    let bytes = json_len(data, MAX_PAYLOAD + 1);
    if bytes > MAX_PAYLOAD {
        return Err(Flow::Failed(Failure::new(
            "States.DataLimitExceeded",
            format!("the {what} of `{state}` is {bytes} bytes; the limit is {MAX_PAYLOAD}"),
        )));
    }
    Ok(())
}

/// The length of `value`'s compact JSON text, counted up to `limit`.
fn json_len(value: &Json, limit: usize) -> usize {
    fn text(s: &str) -> usize {
        2 + s
            .chars()
            .map(|c| match c {
                '"' | '\\' | '\n' | '\r' | '\t' | '\u{8}' | '\u{c}' => 2,
                c if (c as u32) < 0x20 => 6,
                c => c.len_utf8(),
            })
            .sum::<usize>()
    }
    let mut total = 0;
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        if total > limit {
            break;
        }
        total += match v {
            Json::Null => 4,
            Json::Bool(true) => 4,
            Json::Bool(false) => 5,
            Json::String(s) => text(s),
            Json::Array(items) => {
                stack.extend(items);
                2 + items.len().saturating_sub(1)
            }
            Json::Object(pairs) => {
                for (k, v) in pairs {
                    total += text(k) + 1;
                    stack.push(v);
                }
                2 + pairs.len().saturating_sub(1)
            }
            other => other.to_json_string().len(),
        };
    }
    total
}

/// An instant as ISO 8601 UTC with milliseconds: `2026-01-01T00:00:00.000Z`.
fn iso(seconds: f64) -> String {
    let whole = seconds.floor() as i64;
    let millis = ((seconds - whole as f64) * 1000.0).round() as i64;
    let (y, m, d) = crate::expr::timestamp::civil_from_days(whole.div_euclid(86_400));
    let rest = whole.rem_euclid(86_400);
    // A zero fraction is left out, as Step Functions writes timestamps
    // (AWS, "Accessing execution data from the Context object").
    let fraction = if millis == 0 {
        String::new()
    } else {
        format!(".{millis:03}")
    };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}{fraction}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn json_lengths_are_those_of_the_text() {
        for text in [
            r#"{"a":[1,"x\"y\\z\n",null,true,{"b":false}],"é":"\u0001"}"#,
            "[]",
            "{}",
            "\"\"",
        ] {
            let value = crate::from_json_str(text).unwrap();
            assert_eq!(
                super::json_len(&value, usize::MAX),
                value.to_json_string().len(),
                "{text}"
            );
        }
    }

    #[test]
    fn iso_times() {
        assert_eq!(super::iso(1_767_225_600.0), "2026-01-01T00:00:00Z");
        assert_eq!(super::iso(951_782_400.5), "2000-02-29T00:00:00.500Z");
    }
}
