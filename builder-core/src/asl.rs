//! The model as ASL / serverless JSON, and back.
//!
//! `to_*` functions write fields in a fixed order — the seed's where it shows
//! one (`Type`, `Parameters`, `Resource`, `End` for a Task; `ItemProcessor`
//! after `End` for a Map; a choice rule's operator, then `Next`, then
//! `Variable`). `from_*` functions read strictly: an unknown field, a wrong
//! type, `Next` together with `End`, or the deprecated `Iterator` is an error
//! naming its location. Together they give the round trip
//! emit → parse → same model.

use crate::json::{Json, Number};
use crate::model::*;
use crate::naming;

/// What emission needs to know from outside the machine.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    /// The service the machine belongs to; without one, the machine's own
    /// ARN is written with `${self:service}`, which the Serverless Framework
    /// resolves to the same name.
    pub service: Option<&'a str>,
}

impl Context<'_> {
    /// The ARN of machine `name` in this context.
    pub fn machine_arn(&self, name: &str) -> String {
        naming::state_machine_arn(self.service.unwrap_or("${self:service}"), name)
    }
}

/// An ordered object under construction.
struct Obj(Vec<(String, Json)>);

impl Obj {
    fn new() -> Obj {
        Obj(Vec::new())
    }
    fn put(&mut self, key: &str, value: impl Into<Json>) {
        self.0.push((key.to_owned(), value.into()));
    }
    fn opt(&mut self, key: &str, value: Option<impl Into<Json>>) {
        if let Some(value) = value {
            self.put(key, value);
        }
    }
    fn done(self) -> Json {
        Json::Object(self.0)
    }
}

/// Writes JSON values, resolving [`Json::MachineArn`] to `arn`.
struct Writer {
    arn: String,
}

impl Writer {
    fn json(&self, value: &Json) -> Json {
        let mut value = value.clone();
        value.resolve_machine_arn(&self.arn);
        value
    }

    fn opt_json(&self, obj: &mut Obj, key: &str, value: &Option<Json>) {
        if let Some(value) = value {
            obj.put(key, self.json(value));
        }
    }
}

fn nullable(path: &Option<NullablePath>) -> Option<Json> {
    path.as_ref().map(|p| match p {
        NullablePath::Null => Json::Null,
        NullablePath::Path(p) => Json::String(p.clone()),
    })
}

fn put_transition(obj: &mut Obj, transition: &Transition) {
    match transition {
        Transition::Next(next) => obj.put("Next", next.as_str()),
        Transition::End => obj.put("End", true),
    }
}

/// The `stepFunctions.stateMachines.<name>` entry of a machine, without the
/// settings that come from the service (`name`, `tracingConfig`,
/// `loggingConfig`): `type`, `definition`, `events`.
pub fn machine_to_json(machine: &StateMachine, context: Context<'_>) -> Json {
    let writer = Writer {
        arn: context.machine_arn(&machine.name),
    };
    let mut obj = Obj::new();
    obj.put("type", machine.machine_type.as_str());
    obj.put(
        "definition",
        definition_to_json_with(&writer, &machine.definition),
    );
    if !machine.events.is_empty() {
        let events = machine
            .events
            .iter()
            .map(|event| match event {
                Event::Schedule(s) => {
                    let mut schedule = Obj::new();
                    // The plugin needs `cron(...)`/`rate(...)`: wrap a bare cron body.
                    let rate = crate::schedule_expr::normalize_schedule(&s.rate)
                        .unwrap_or_else(|_| s.rate.clone());
                    schedule.put("rate", rate);
                    writer.opt_json(&mut schedule, "input", &s.input);
                    schedule.opt("enabled", s.enabled);
                    schedule.opt("name", s.name.as_deref());
                    schedule.opt("description", s.description.as_deref());
                    Json::object([("schedule", schedule.done())])
                }
            })
            .collect();
        obj.put("events", Json::Array(events));
    }
    obj.done()
}

/// The ASL definition of a machine.
pub fn definition_to_json(machine: &StateMachine, context: Context<'_>) -> Json {
    let writer = Writer {
        arn: context.machine_arn(&machine.name),
    };
    definition_to_json_with(&writer, &machine.definition)
}

fn definition_to_json_with(writer: &Writer, definition: &Definition) -> Json {
    let mut obj = Obj::new();
    obj.put("StartAt", definition.block.start_at.as_str());
    obj.opt("Comment", definition.comment.as_deref());
    obj.opt("TimeoutSeconds", definition.timeout_seconds);
    obj.opt("Version", definition.version.as_deref());
    obj.put("States", states_to_json(writer, &definition.block.states));
    obj.done()
}

fn block_to_json(writer: &Writer, block: &Block) -> Json {
    let mut obj = Obj::new();
    obj.put("StartAt", block.start_at.as_str());
    obj.put("States", states_to_json(writer, &block.states));
    obj.done()
}

fn states_to_json(writer: &Writer, states: &[State]) -> Json {
    Json::Object(
        states
            .iter()
            .map(|s| (s.name.clone(), state_to_json(writer, s)))
            .collect(),
    )
}

fn state_to_json(w: &Writer, state: &State) -> Json {
    let mut o = Obj::new();
    o.put("Type", state.kind.type_name());
    o.opt("Comment", state.comment.as_deref());
    match &state.kind {
        StateKind::Task(t) => {
            o.opt("InputPath", nullable(&t.input_path));
            w.opt_json(&mut o, "Parameters", &t.parameters);
            o.put("Resource", resource_to_json(&t.resource));
            w.opt_json(&mut o, "Credentials", &t.credentials);
            o.opt("TimeoutSeconds", t.timeout_seconds);
            o.opt("TimeoutSecondsPath", t.timeout_seconds_path.as_deref());
            o.opt("HeartbeatSeconds", t.heartbeat_seconds);
            o.opt("HeartbeatSecondsPath", t.heartbeat_seconds_path.as_deref());
            w.opt_json(&mut o, "ResultSelector", &t.result_selector);
            o.opt("ResultPath", nullable(&t.result_path));
            o.opt("OutputPath", nullable(&t.output_path));
            put_recovery(&mut o, &t.retry, &t.catch);
            put_transition(&mut o, &t.transition);
        }
        StateKind::Pass(p) => {
            o.opt("InputPath", nullable(&p.input_path));
            w.opt_json(&mut o, "Parameters", &p.parameters);
            w.opt_json(&mut o, "Result", &p.result);
            o.opt("ResultPath", nullable(&p.result_path));
            o.opt("OutputPath", nullable(&p.output_path));
            put_transition(&mut o, &p.transition);
        }
        StateKind::Choice(c) => {
            o.opt("InputPath", nullable(&c.input_path));
            o.opt("OutputPath", nullable(&c.output_path));
            o.opt("Default", c.default.as_deref());
            let choices = c
                .choices
                .iter()
                .map(|choice| rule_to_json(&choice.rule, Some(&choice.next)))
                .collect();
            o.put("Choices", Json::Array(choices));
        }
        StateKind::Wait(wait) => {
            o.opt("InputPath", nullable(&wait.input_path));
            o.opt("OutputPath", nullable(&wait.output_path));
            match &wait.duration {
                WaitDuration::Seconds(s) => o.put("Seconds", *s),
                WaitDuration::Timestamp(t) => o.put("Timestamp", t.as_str()),
                WaitDuration::SecondsPath(p) => o.put("SecondsPath", p.as_str()),
                WaitDuration::TimestampPath(p) => o.put("TimestampPath", p.as_str()),
            }
            put_transition(&mut o, &wait.transition);
        }
        StateKind::Succeed(s) => {
            o.opt("InputPath", nullable(&s.input_path));
            o.opt("OutputPath", nullable(&s.output_path));
        }
        StateKind::Fail(f) => {
            o.opt("Error", f.error.as_deref());
            o.opt("ErrorPath", f.error_path.as_deref());
            o.opt("Cause", f.cause.as_deref());
            o.opt("CausePath", f.cause_path.as_deref());
        }
        StateKind::Parallel(p) => {
            o.opt("InputPath", nullable(&p.input_path));
            w.opt_json(&mut o, "Parameters", &p.parameters);
            let branches = p.branches.iter().map(|b| block_to_json(w, b)).collect();
            o.put("Branches", Json::Array(branches));
            w.opt_json(&mut o, "ResultSelector", &p.result_selector);
            o.opt("ResultPath", nullable(&p.result_path));
            o.opt("OutputPath", nullable(&p.output_path));
            put_recovery(&mut o, &p.retry, &p.catch);
            put_transition(&mut o, &p.transition);
        }
        StateKind::Map(m) => {
            o.opt("InputPath", nullable(&m.input_path));
            o.opt("ItemsPath", m.items_path.as_deref());
            w.opt_json(&mut o, "ItemReader", &m.item_reader);
            w.opt_json(&mut o, "ItemSelector", &m.item_selector);
            w.opt_json(&mut o, "Parameters", &m.parameters);
            w.opt_json(&mut o, "ItemBatcher", &m.item_batcher);
            o.opt("MaxConcurrency", m.max_concurrency);
            o.opt("MaxConcurrencyPath", m.max_concurrency_path.as_deref());
            o.opt("ToleratedFailurePercentage", m.tolerated_failure_percentage);
            o.opt(
                "ToleratedFailurePercentagePath",
                m.tolerated_failure_percentage_path.as_deref(),
            );
            o.opt("ToleratedFailureCount", m.tolerated_failure_count);
            o.opt(
                "ToleratedFailureCountPath",
                m.tolerated_failure_count_path.as_deref(),
            );
            o.opt("Label", m.label.as_deref());
            w.opt_json(&mut o, "ResultWriter", &m.result_writer);
            w.opt_json(&mut o, "ResultSelector", &m.result_selector);
            o.opt("ResultPath", nullable(&m.result_path));
            o.opt("OutputPath", nullable(&m.output_path));
            put_recovery(&mut o, &m.retry, &m.catch);
            put_transition(&mut o, &m.transition);
            let mut config = Obj::new();
            config.put("Mode", m.mode.as_str());
            config.opt("ExecutionType", m.execution_type.map(MachineType::as_str));
            let mut processor = Obj::new();
            processor.put("ProcessorConfig", config.done());
            processor.put("StartAt", m.processor.start_at.as_str());
            processor.put("States", states_to_json(w, &m.processor.states));
            o.put("ItemProcessor", processor.done());
        }
    }
    o.done()
}

pub(crate) fn resource_to_json(resource: &Resource) -> Json {
    match resource {
        Resource::Function(key) => Json::object([(
            "Fn::GetAtt",
            Json::array([naming::function_logical_id(key), "Arn".to_owned()]),
        )]),
        Resource::Arn(arn) => Json::String(arn.clone()),
        Resource::Intrinsic(value) => value.clone(),
    }
}

fn put_recovery(o: &mut Obj, retry: &[Retrier], catch: &[Catcher]) {
    if !retry.is_empty() {
        let retry = retry
            .iter()
            .map(|r| {
                let mut obj = Obj::new();
                obj.put("ErrorEquals", Json::array(r.error_equals.iter().cloned()));
                obj.opt("IntervalSeconds", r.interval_seconds);
                obj.opt("MaxAttempts", r.max_attempts);
                obj.opt("BackoffRate", r.backoff_rate);
                obj.opt("MaxDelaySeconds", r.max_delay_seconds);
                obj.opt("JitterStrategy", r.jitter_strategy.map(Jitter::as_str));
                obj.done()
            })
            .collect();
        o.put("Retry", Json::Array(retry));
    }
    if !catch.is_empty() {
        let catch = catch
            .iter()
            .map(|c| {
                let mut obj = Obj::new();
                obj.put("ErrorEquals", Json::array(c.error_equals.iter().cloned()));
                obj.opt("ResultPath", nullable(&c.result_path));
                obj.put("Next", c.next.as_str());
                obj.done()
            })
            .collect();
        o.put("Catch", Json::Array(catch));
    }
}

fn rule_to_json(rule: &Rule, next: Option<&str>) -> Json {
    let mut o = Obj::new();
    match rule {
        Rule::And(rules) | Rule::Or(rules) => {
            let key = if matches!(rule, Rule::And(_)) {
                "And"
            } else {
                "Or"
            };
            o.put(
                key,
                Json::Array(rules.iter().map(|r| rule_to_json(r, None)).collect()),
            );
            o.opt("Next", next);
        }
        Rule::Not(inner) => {
            o.put("Not", rule_to_json(inner, None));
            o.opt("Next", next);
        }
        Rule::Compare {
            variable,
            operator,
            value,
        } => {
            o.put(operator.as_str(), value.to_json());
            o.opt("Next", next);
            o.put("Variable", variable.as_str());
        }
    }
    o.done()
}

// ---------------------------------------------------------------- reading

/// A parse error: where, and what is wrong.
pub type ParseResult<T> = Result<T, String>;

/// Reads the fields of one object, then reports any field left unread.
struct Fields<'a> {
    at: String,
    pairs: &'a [(String, Json)],
    used: Vec<bool>,
}

impl<'a> Fields<'a> {
    fn new(value: &'a Json, at: &str) -> ParseResult<Fields<'a>> {
        match value {
            Json::Object(pairs) => Ok(Fields {
                at: at.to_owned(),
                pairs,
                used: vec![false; pairs.len()],
            }),
            other => Err(format!(
                "{at}: expected an object, found {}",
                other.kind_name()
            )),
        }
    }

    fn at(&self, key: &str) -> String {
        format!("{}.{key}", self.at)
    }

    fn take(&mut self, key: &str) -> Option<&'a Json> {
        let i = self.pairs.iter().position(|(k, _)| k == key)?;
        self.used[i] = true;
        Some(&self.pairs[i].1)
    }

    fn string(&mut self, key: &str) -> ParseResult<Option<String>> {
        match self.take(key) {
            None => Ok(None),
            Some(Json::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(format!(
                "{}: expected a string, found {}",
                self.at(key),
                other.kind_name()
            )),
        }
    }

    fn required_string(&mut self, key: &str) -> ParseResult<String> {
        self.string(key)?
            .ok_or_else(|| format!("{}: missing required field `{key}`", self.at))
    }

    fn uint(&mut self, key: &str) -> ParseResult<Option<u64>> {
        match self.take(key) {
            None => Ok(None),
            Some(Json::Number(n)) => match n {
                Number::PosInt(n) => Ok(Some(*n)),
                Number::Float(x) if x.fract() == 0.0 && *x >= 0.0 && *x < 1.8e19 => {
                    Ok(Some(*x as u64))
                }
                _ => Err(format!(
                    "{}: expected a non-negative integer, found {n}",
                    self.at(key)
                )),
            },
            Some(other) => Err(format!(
                "{}: expected a non-negative integer, found {}",
                self.at(key),
                other.kind_name()
            )),
        }
    }

    fn float(&mut self, key: &str) -> ParseResult<Option<f64>> {
        match self.take(key) {
            None => Ok(None),
            Some(Json::Number(n)) => Ok(Some(n.as_f64())),
            Some(other) => Err(format!(
                "{}: expected a number, found {}",
                self.at(key),
                other.kind_name()
            )),
        }
    }

    fn boolean(&mut self, key: &str) -> ParseResult<Option<bool>> {
        match self.take(key) {
            None => Ok(None),
            Some(Json::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(format!(
                "{}: expected `true` or `false`, found {}",
                self.at(key),
                other.kind_name()
            )),
        }
    }

    fn nullable_path(&mut self, key: &str) -> ParseResult<Option<NullablePath>> {
        match self.take(key) {
            None => Ok(None),
            Some(Json::Null) => Ok(Some(NullablePath::Null)),
            Some(Json::String(s)) => Ok(Some(NullablePath::Path(s.clone()))),
            Some(other) => Err(format!(
                "{}: expected a path or null, found {}",
                self.at(key),
                other.kind_name()
            )),
        }
    }

    fn array(&mut self, key: &str) -> ParseResult<Option<&'a [Json]>> {
        match self.take(key) {
            None => Ok(None),
            Some(Json::Array(items)) => Ok(Some(items)),
            Some(other) => Err(format!(
                "{}: expected an array, found {}",
                self.at(key),
                other.kind_name()
            )),
        }
    }

    fn strings(&mut self, key: &str) -> ParseResult<Vec<String>> {
        let at = self.at(key);
        self.array(key)?
            .unwrap_or_default()
            .iter()
            .enumerate()
            .map(|(i, v)| match v {
                Json::String(s) => Ok(s.clone()),
                other => Err(format!(
                    "{at}[{i}]: expected a string, found {}",
                    other.kind_name()
                )),
            })
            .collect()
    }

    /// Errors on any field not read.
    fn finish(&self, what: &str, allowed: &[&str]) -> ParseResult<()> {
        match self.used.iter().position(|used| !used) {
            None => Ok(()),
            Some(i) => {
                let key = &self.pairs[i].0;
                let hint = match key.as_str() {
                    "Iterator" => {
                        " (the deprecated `Iterator` is not supported: use `ItemProcessor`)"
                            .to_owned()
                    }
                    _ => format!("; allowed: {}", allowed.join(", ")),
                };
                Err(format!(
                    "{}: unknown field `{key}` in {what}{hint}",
                    self.at
                ))
            }
        }
    }
}

/// Reads JSON values, turning this machine's own ARN back into
/// [`Json::MachineArn`].
struct Reader {
    arn: String,
}

impl Reader {
    fn json(&self, value: Option<&Json>) -> Option<Json> {
        value.map(|v| self.unresolve(v))
    }

    fn unresolve(&self, value: &Json) -> Json {
        match value {
            Json::String(s) if *s == self.arn => Json::MachineArn,
            Json::Array(items) => Json::Array(items.iter().map(|v| self.unresolve(v)).collect()),
            Json::Object(pairs) => Json::Object(
                pairs
                    .iter()
                    .map(|(k, v)| (k.clone(), self.unresolve(v)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }
}

/// Reads a `stepFunctions.stateMachines.<name>` entry (as written by
/// [`machine_to_json`], with or without the service's settings).
pub fn machine_from_json(
    name: &str,
    value: &Json,
    context: Context<'_>,
) -> ParseResult<StateMachine> {
    let reader = Reader {
        arn: context.machine_arn(name),
    };
    let mut f = Fields::new(value, name)?;
    // Settings derived from the service: accepted, not kept.
    for derived in ["name", "tracingConfig", "loggingConfig"] {
        f.take(derived);
    }
    let machine_type = match f.string("type")?.as_deref() {
        None | Some("STANDARD") => MachineType::Standard,
        Some("EXPRESS") => MachineType::Express,
        Some(other) => {
            return Err(format!(
                "{name}.type: unknown type `{other}`; allowed: STANDARD, EXPRESS"
            ))
        }
    };
    let definition = match f.take("definition") {
        Some(d) => definition_from_json_with(&reader, d, name)?,
        None => return Err(format!("{name}: missing required field `definition`")),
    };
    let mut events = Vec::new();
    for (i, event) in f.array("events")?.unwrap_or_default().iter().enumerate() {
        let at = format!("{name}.events[{i}]");
        let mut e = Fields::new(event, &at)?;
        let Some(schedule) = e.take("schedule") else {
            return Err(format!("{at}: only `schedule` events are supported"));
        };
        e.finish("an event", &["schedule"])?;
        let mut s = Fields::new(schedule, &format!("{at}.schedule"))?;
        events.push(Event::Schedule(Schedule {
            rate: s.required_string("rate")?,
            input: reader.json(s.take("input")),
            enabled: s.boolean("enabled")?,
            name: s.string("name")?,
            description: s.string("description")?,
        }));
        s.finish(
            "a schedule",
            &["rate", "input", "enabled", "name", "description"],
        )?;
    }
    f.finish(
        "a state machine",
        &[
            "name",
            "type",
            "tracingConfig",
            "loggingConfig",
            "definition",
            "events",
        ],
    )?;
    Ok(StateMachine {
        name: name.to_owned(),
        machine_type,
        events,
        definition,
        deferred_errors: Vec::new(),
    })
}

/// Reads an ASL definition into the definition of machine `name`.
pub fn definition_from_json(
    name: &str,
    value: &Json,
    context: Context<'_>,
) -> ParseResult<Definition> {
    let reader = Reader {
        arn: context.machine_arn(name),
    };
    definition_from_json_with(&reader, value, name)
}

fn definition_from_json_with(reader: &Reader, value: &Json, at: &str) -> ParseResult<Definition> {
    let mut f = Fields::new(value, at)?;
    let definition = Definition {
        comment: f.string("Comment")?,
        timeout_seconds: f.uint("TimeoutSeconds")?,
        version: f.string("Version")?,
        block: Block {
            start_at: f.required_string("StartAt")?,
            states: states_from_json(reader, f.take("States"), at)?,
        },
    };
    f.finish(
        "a definition",
        &["StartAt", "Comment", "TimeoutSeconds", "Version", "States"],
    )?;
    Ok(definition)
}

fn block_from_json(reader: &Reader, value: &Json, at: &str) -> ParseResult<Block> {
    let mut f = Fields::new(value, at)?;
    let block = Block {
        start_at: f.required_string("StartAt")?,
        states: states_from_json(reader, f.take("States"), at)?,
    };
    f.finish("a branch", &["StartAt", "States"])?;
    Ok(block)
}

fn states_from_json(reader: &Reader, value: Option<&Json>, at: &str) -> ParseResult<Vec<State>> {
    match value {
        Some(Json::Object(pairs)) => pairs
            .iter()
            .map(|(name, state)| {
                state_from_json(reader, name, state, &format!("{at}.States.{name}"))
            })
            .collect(),
        Some(other) => Err(format!(
            "{at}.States: expected an object, found {}",
            other.kind_name()
        )),
        None => Err(format!("{at}: missing required field `States`")),
    }
}

fn transition(f: &mut Fields) -> ParseResult<Transition> {
    let next = f.string("Next")?;
    let end = f.boolean("End")?;
    match (next, end) {
        (Some(_), Some(true)) => Err(format!(
            "{}: a state has `Next` or `End: true`, not both",
            f.at
        )),
        (Some(next), _) => Ok(Transition::Next(next)),
        (None, Some(true)) => Ok(Transition::End),
        (None, _) => Err(format!("{}: the state needs `Next` or `End: true`", f.at)),
    }
}

const COMMON: [&str; 2] = ["Type", "Comment"];

fn state_from_json(reader: &Reader, name: &str, value: &Json, at: &str) -> ParseResult<State> {
    let mut f = Fields::new(value, at)?;
    let type_name = f.required_string("Type")?;
    let comment = f.string("Comment")?;
    let (kind, allowed): (StateKind, &[&str]) = match type_name.as_str() {
        "Task" => (
            StateKind::Task(TaskState {
                resource: resource_from_json(f.take("Resource"), &f.at("Resource"))?,
                input_path: f.nullable_path("InputPath")?,
                parameters: reader.json(f.take("Parameters")),
                credentials: reader.json(f.take("Credentials")),
                timeout_seconds: f.uint("TimeoutSeconds")?,
                timeout_seconds_path: f.string("TimeoutSecondsPath")?,
                heartbeat_seconds: f.uint("HeartbeatSeconds")?,
                heartbeat_seconds_path: f.string("HeartbeatSecondsPath")?,
                result_selector: reader.json(f.take("ResultSelector")),
                result_path: f.nullable_path("ResultPath")?,
                output_path: f.nullable_path("OutputPath")?,
                retry: retry_from_json(&mut f)?,
                catch: catch_from_json(&mut f)?,
                transition: transition(&mut f)?,
            }),
            &[
                "Resource", "InputPath", "Parameters", "Credentials", "TimeoutSeconds",
                "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath", "ResultSelector",
                "ResultPath", "OutputPath", "Retry", "Catch", "Next", "End",
            ],
        ),
        "Pass" => (
            StateKind::Pass(PassState {
                input_path: f.nullable_path("InputPath")?,
                parameters: reader.json(f.take("Parameters")),
                result: reader.json(f.take("Result")),
                result_path: f.nullable_path("ResultPath")?,
                output_path: f.nullable_path("OutputPath")?,
                transition: transition(&mut f)?,
            }),
            &["InputPath", "Parameters", "Result", "ResultPath", "OutputPath", "Next", "End"],
        ),
        "Choice" => {
            let choices_at = f.at("Choices");
            let choices = f
                .array("Choices")?
                .unwrap_or_default()
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let at = format!("{choices_at}[{i}]");
                    let mut cf = Fields::new(c, &at)?;
                    let next = cf.required_string("Next")?;
                    let rule = rule_fields(&mut cf, 0)?;
                    Ok(ChoiceRule { rule, next })
                })
                .collect::<ParseResult<Vec<_>>>()?;
            (
                StateKind::Choice(ChoiceState {
                    input_path: f.nullable_path("InputPath")?,
                    output_path: f.nullable_path("OutputPath")?,
                    default: f.string("Default")?,
                    choices,
                }),
                &["InputPath", "OutputPath", "Default", "Choices"],
            )
        }
        "Wait" => {
            let mut durations = Vec::new();
            if let Some(s) = f.uint("Seconds")? {
                durations.push(WaitDuration::Seconds(s));
            }
            if let Some(t) = f.string("Timestamp")? {
                durations.push(WaitDuration::Timestamp(t));
            }
            if let Some(p) = f.string("SecondsPath")? {
                durations.push(WaitDuration::SecondsPath(p));
            }
            if let Some(p) = f.string("TimestampPath")? {
                durations.push(WaitDuration::TimestampPath(p));
            }
            if durations.len() != 1 {
                return Err(format!(
                    "{at}: a Wait state needs exactly one of `Seconds`, `Timestamp`, `SecondsPath`, `TimestampPath`; found {}",
                    durations.len()
                ));
            }
            (
                StateKind::Wait(WaitState {
                    input_path: f.nullable_path("InputPath")?,
                    output_path: f.nullable_path("OutputPath")?,
                    duration: durations.remove(0),
                    transition: transition(&mut f)?,
                }),
                &["InputPath", "OutputPath", "Seconds", "Timestamp", "SecondsPath", "TimestampPath", "Next", "End"],
            )
        }
        "Succeed" => (
            StateKind::Succeed(SucceedState {
                input_path: f.nullable_path("InputPath")?,
                output_path: f.nullable_path("OutputPath")?,
            }),
            &["InputPath", "OutputPath"],
        ),
        "Fail" => (
            StateKind::Fail(FailState {
                error: f.string("Error")?,
                error_path: f.string("ErrorPath")?,
                cause: f.string("Cause")?,
                cause_path: f.string("CausePath")?,
            }),
            &["Error", "ErrorPath", "Cause", "CausePath"],
        ),
        "Parallel" => {
            let branches_at = f.at("Branches");
            let branches = f
                .array("Branches")?
                .unwrap_or_default()
                .iter()
                .enumerate()
                .map(|(i, b)| block_from_json(reader, b, &format!("{branches_at}[{i}]")))
                .collect::<ParseResult<Vec<_>>>()?;
            (
                StateKind::Parallel(ParallelState {
                    input_path: f.nullable_path("InputPath")?,
                    parameters: reader.json(f.take("Parameters")),
                    branches,
                    result_selector: reader.json(f.take("ResultSelector")),
                    result_path: f.nullable_path("ResultPath")?,
                    output_path: f.nullable_path("OutputPath")?,
                    retry: retry_from_json(&mut f)?,
                    catch: catch_from_json(&mut f)?,
                    transition: transition(&mut f)?,
                }),
                &[
                    "InputPath", "Parameters", "Branches", "ResultSelector", "ResultPath",
                    "OutputPath", "Retry", "Catch", "Next", "End",
                ],
            )
        }
        "Map" => (StateKind::Map(map_from_json(reader, &mut f)?), MAP_FIELDS),
        other => {
            return Err(format!(
                "{at}.Type: unknown state type `{other}`; allowed: Task, Pass, Choice, Wait, Succeed, Fail, Parallel, Map"
            ))
        }
    };
    let mut allowed_all: Vec<&str> = COMMON.to_vec();
    allowed_all.extend_from_slice(allowed);
    f.finish(&format!("a {type_name} state"), &allowed_all)?;
    Ok(State {
        name: name.to_owned(),
        comment,
        kind,
    })
}

const MAP_FIELDS: &[&str] = &[
    "InputPath",
    "ItemsPath",
    "ItemReader",
    "ItemSelector",
    "Parameters",
    "ItemBatcher",
    "MaxConcurrency",
    "MaxConcurrencyPath",
    "ToleratedFailurePercentage",
    "ToleratedFailurePercentagePath",
    "ToleratedFailureCount",
    "ToleratedFailureCountPath",
    "Label",
    "ResultWriter",
    "ResultSelector",
    "ResultPath",
    "OutputPath",
    "Retry",
    "Catch",
    "Next",
    "End",
    "ItemProcessor",
];

fn map_from_json(reader: &Reader, f: &mut Fields) -> ParseResult<MapState> {
    let processor_at = f.at("ItemProcessor");
    let Some(processor) = f.take("ItemProcessor") else {
        return Err(format!("{}: a Map state needs an `ItemProcessor`", f.at));
    };
    let mut p = Fields::new(processor, &processor_at)?;
    let (mode, execution_type) = match p.take("ProcessorConfig") {
        None => (MapMode::Inline, None),
        Some(config) => {
            let mut c = Fields::new(config, &format!("{processor_at}.ProcessorConfig"))?;
            let mode = match c.string("Mode")?.as_deref() {
                None | Some("INLINE") => MapMode::Inline,
                Some("DISTRIBUTED") => MapMode::Distributed,
                Some(other) => {
                    return Err(format!(
                        "{}: unknown mode `{other}`; allowed: INLINE, DISTRIBUTED",
                        c.at("Mode")
                    ))
                }
            };
            let execution_type = match c.string("ExecutionType")?.as_deref() {
                None => None,
                Some("STANDARD") => Some(MachineType::Standard),
                Some("EXPRESS") => Some(MachineType::Express),
                Some(other) => {
                    return Err(format!(
                        "{}: unknown execution type `{other}`; allowed: STANDARD, EXPRESS",
                        c.at("ExecutionType")
                    ))
                }
            };
            c.finish("a ProcessorConfig", &["Mode", "ExecutionType"])?;
            (mode, execution_type)
        }
    };
    let processor = Block {
        start_at: p.required_string("StartAt")?,
        states: states_from_json(reader, p.take("States"), &processor_at)?,
    };
    p.finish(
        "an ItemProcessor",
        &["ProcessorConfig", "StartAt", "States"],
    )?;
    Ok(MapState {
        input_path: f.nullable_path("InputPath")?,
        items_path: f.string("ItemsPath")?,
        item_reader: reader.json(f.take("ItemReader")),
        item_selector: reader.json(f.take("ItemSelector")),
        parameters: reader.json(f.take("Parameters")),
        item_batcher: reader.json(f.take("ItemBatcher")),
        max_concurrency: f.uint("MaxConcurrency")?,
        max_concurrency_path: f.string("MaxConcurrencyPath")?,
        tolerated_failure_percentage: f.float("ToleratedFailurePercentage")?,
        tolerated_failure_percentage_path: f.string("ToleratedFailurePercentagePath")?,
        tolerated_failure_count: f.uint("ToleratedFailureCount")?,
        tolerated_failure_count_path: f.string("ToleratedFailureCountPath")?,
        label: f.string("Label")?,
        result_writer: reader.json(f.take("ResultWriter")),
        result_selector: reader.json(f.take("ResultSelector")),
        result_path: f.nullable_path("ResultPath")?,
        output_path: f.nullable_path("OutputPath")?,
        retry: retry_from_json(f)?,
        catch: catch_from_json(f)?,
        transition: transition(f)?,
        mode,
        execution_type,
        processor,
    })
}

fn resource_from_json(value: Option<&Json>, at: &str) -> ParseResult<Resource> {
    match value {
        None => Err(format!("{at}: a Task state needs a `Resource`")),
        Some(Json::String(arn)) => Ok(Resource::Arn(arn.clone())),
        Some(value @ Json::Object(pairs)) => {
            if let [(key, Json::Array(args))] = pairs.as_slice() {
                if let (true, [Json::String(id), Json::String(attr)]) =
                    (key == "Fn::GetAtt", args.as_slice())
                {
                    if let (Some(function), "Arn") =
                        (id.strip_suffix("LambdaFunction"), attr.as_str())
                    {
                        if !function.is_empty() {
                            return Ok(Resource::Function(function.to_owned()));
                        }
                    }
                }
            }
            Ok(Resource::Intrinsic(value.clone()))
        }
        Some(other) => Err(format!(
            "{at}: expected an ARN string or a CloudFormation object, found {}",
            other.kind_name()
        )),
    }
}

fn retry_from_json(f: &mut Fields) -> ParseResult<Vec<Retrier>> {
    let at = f.at("Retry");
    f.array("Retry")?
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut rf = Fields::new(r, &format!("{at}[{i}]"))?;
            let jitter_at = rf.at("JitterStrategy");
            let retrier = Retrier {
                error_equals: rf.strings("ErrorEquals")?,
                interval_seconds: rf.uint("IntervalSeconds")?,
                max_attempts: rf.uint("MaxAttempts")?,
                backoff_rate: rf.float("BackoffRate")?,
                max_delay_seconds: rf.uint("MaxDelaySeconds")?,
                jitter_strategy: match rf.string("JitterStrategy")?.as_deref() {
                    None => None,
                    Some("FULL") => Some(Jitter::Full),
                    Some("NONE") => Some(Jitter::None),
                    Some(other) => {
                        return Err(format!(
                            "{jitter_at}: unknown jitter strategy `{other}`; allowed: FULL, NONE"
                        ))
                    }
                },
            };
            rf.finish(
                "a retrier",
                &[
                    "ErrorEquals",
                    "IntervalSeconds",
                    "MaxAttempts",
                    "BackoffRate",
                    "MaxDelaySeconds",
                    "JitterStrategy",
                ],
            )?;
            Ok(retrier)
        })
        .collect()
}

fn catch_from_json(f: &mut Fields) -> ParseResult<Vec<Catcher>> {
    let at = f.at("Catch");
    f.array("Catch")?
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut cf = Fields::new(c, &format!("{at}[{i}]"))?;
            let catcher = Catcher {
                error_equals: cf.strings("ErrorEquals")?,
                result_path: cf.nullable_path("ResultPath")?,
                next: cf.required_string("Next")?,
            };
            cf.finish("a catcher", &["ErrorEquals", "ResultPath", "Next"])?;
            Ok(catcher)
        })
        .collect()
}

/// Reads a choice rule written as JSON (`{"Variable": "$.x", "IsPresent": true}`),
/// without `Next`: the raw-rule form of the macro.
pub fn rule_from_json(value: &Json, at: &str) -> ParseResult<Rule> {
    rule_fields(&mut Fields::new(value, at)?, 0)
}

/// Reads a choice rule from the fields of `f` (which may also hold `Next`,
/// already taken by the caller).
fn rule_fields(f: &mut Fields, depth: usize) -> ParseResult<Rule> {
    if depth > crate::validate::MAX_JSON_DEPTH {
        return Err(format!("{}: choice rules nested too deeply", f.at));
    }
    let nested = |value: &Json, at: String| -> ParseResult<Rule> {
        rule_fields(&mut Fields::new(value, &at)?, depth + 1)
    };
    let rule = if let Some(items) = f.array("And")? {
        let at = f.at("And");
        Rule::And(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| nested(v, format!("{at}[{i}]")))
                .collect::<ParseResult<_>>()?,
        )
    } else if let Some(items) = f.array("Or")? {
        let at = f.at("Or");
        Rule::Or(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| nested(v, format!("{at}[{i}]")))
                .collect::<ParseResult<_>>()?,
        )
    } else if let Some(inner) = f.take("Not") {
        let at = f.at("Not");
        Rule::Not(Box::new(nested(inner, at)?))
    } else {
        let variable = f.required_string("Variable")?;
        let found: Vec<(Operator, &Json)> = Operator::ALL
            .iter()
            .filter_map(|op| f.take(op.as_str()).map(|v| (*op, v)))
            .collect();
        let [(operator, value)] = found.as_slice() else {
            return Err(format!(
                "{}: a choice rule needs exactly one comparison operator (such as `StringEquals` or `IsPresent`); found {}",
                f.at,
                found.len()
            ));
        };
        let value = match value {
            Json::String(s) => Operand::String(s.clone()),
            Json::Number(n) => Operand::Number(*n),
            Json::Bool(b) => Operand::Bool(*b),
            other => {
                return Err(format!(
                    "{}: expected a string, number or boolean, found {}",
                    f.at(operator.as_str()),
                    other.kind_name()
                ))
            }
        };
        Rule::Compare {
            variable,
            operator: *operator,
            value,
        }
    };
    let mut allowed: Vec<&str> = vec!["Variable", "And", "Or", "Not"];
    allowed.extend(Operator::ALL.iter().map(|op| op.as_str()));
    f.finish("a choice rule", &allowed)?;
    Ok(rule)
}

/// Replaces the value at `path` (object keys; array positions as decimal
/// strings) inside `value`. Returns false when the path does not exist.
pub fn patch(value: &mut Json, path: &[&str], new: Json) -> bool {
    let Some((first, rest)) = path.split_first() else {
        *value = new;
        return true;
    };
    let child = match value {
        Json::Object(pairs) => pairs.iter_mut().find(|(k, _)| k == first).map(|(_, v)| v),
        Json::Array(items) => first.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
        _ => None,
    };
    match child {
        Some(child) => patch(child, rest, new),
        None => false,
    }
}
