//! The validator: every rule of DSL.md §8 that a model can break, and the ASL
//! rules. It runs on a [`StateMachine`] — at run time in the builders'
//! `build()` and in `Service::to_yaml()`, and at compile time in the macro,
//! which maps each error's [`Location`] back to a token.
//!
//! It reports every error, not the first, and its cost is linear in the size
//! of the machine: one pass collects the blocks and names, a second checks
//! each block (targets by hash lookup, reachability by one BFS).

use crate::error::{ErrorKind, ValidationError, ValidationErrors};
use crate::intrinsics;
use crate::json::{Json, Number};
use crate::jsonpath::{check_path, PathKind};
use crate::location::{Location, Segment};
use crate::model::*;
use crate::schedule_expr::normalize_schedule;
use crate::suggest::closest;
use std::collections::{HashMap, VecDeque};

/// Longest state or machine name AWS accepts.
pub const MAX_NAME_LEN: usize = 80;
/// Deepest nesting of Parallel and Map states the validator walks.
pub const MAX_NESTING: usize = 64;
/// Deepest nesting of JSON values and Choice rules the validator walks.
pub const MAX_JSON_DEPTH: usize = 128;
/// Largest `TimeoutSeconds`, `HeartbeatSeconds`, `Seconds`, `IntervalSeconds`
/// and `MaxAttempts` ASL accepts.
pub const MAX_SECONDS: u64 = 99_999_999;
/// Largest `MaxDelaySeconds` (one year).
pub const MAX_DELAY_SECONDS: u64 = 31_622_400;
/// Edit-distance searches per validation: a machine with thousands of unknown
/// targets must not make suggestions quadratic.
const SUGGESTION_BUDGET: usize = 64;

/// The error names that Step Functions itself raises; other names must not
/// start with `States.`.
pub const PREDEFINED_ERRORS: &[&str] = &[
    "States.ALL",
    "States.BranchFailed",
    "States.DataLimitExceeded",
    "States.ExceedToleratedFailureThreshold",
    "States.HeartbeatTimeout",
    "States.Http.Socket",
    "States.IntrinsicFailure",
    "States.ItemReaderFailed",
    "States.NoChoiceMatched",
    "States.ParameterPathFailure",
    "States.Permissions",
    "States.QueryEvaluationError",
    "States.ResultPathMatchFailure",
    "States.ResultWriterFailed",
    "States.Runtime",
    "States.TaskFailed",
    "States.Timeout",
];

/// Characters AWS rejects in state machine names (besides whitespace and
/// control characters).
const FORBIDDEN_NAME_CHARS: &str = "<>{}[]?*\"#%\\^|~$&,;:/`";

/// Checks a machine; `Err` holds every problem found.
pub fn validate(machine: &StateMachine) -> Result<(), ValidationErrors> {
    let mut checker = Checker {
        errors: machine.deferred_errors.clone(),
        blocks: Vec::new(),
        names: HashMap::new(),
        suggestions_left: SUGGESTION_BUDGET,
        graph_breaks: 0,
    };
    checker.machine(machine);
    ValidationErrors(checker.errors).into_result()
}

/// Checks a state machine name: non-empty, at most 80 characters, none of
/// the characters AWS rejects. Also used for Map `Label`s.
pub fn check_machine_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("the state machine name is empty".into());
    }
    let len = name.chars().count();
    if len > MAX_NAME_LEN {
        return Err(format!(
            "the state machine name is {len} characters long; the limit is {MAX_NAME_LEN}"
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || FORBIDDEN_NAME_CHARS.contains(*c))
    {
        return Err(format!(
            "the state machine name `{name}` contains {}; names may not contain whitespace, \
             control characters, a backtick, or any of {}",
            describe_char(c),
            FORBIDDEN_NAME_CHARS
                .chars()
                .filter(|c| *c != '`')
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(" ")
        ));
    }
    Ok(())
}

fn describe_char(c: char) -> String {
    if c.is_control() {
        format!("the control character U+{:04X}", c as u32)
    } else if c.is_whitespace() {
        "whitespace".into()
    } else if c == '`' {
        "a backtick".into()
    } else {
        format!("`{c}`")
    }
}

/// Checks a state name: non-empty, at most 80 characters, no control
/// characters.
pub fn check_state_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("the state name is empty".into());
    }
    let len = name.chars().count();
    if len > MAX_NAME_LEN {
        return Err(format!(
            "the state name `{name}` is {len} characters long; the limit is {MAX_NAME_LEN}"
        ));
    }
    if let Some(c) = name.chars().find(|c| c.is_control()) {
        return Err(format!(
            "the state name contains {}; state names may not contain control characters",
            describe_char(c)
        ));
    }
    if name.contains("${") {
        return Err(format!(
            "the state name `{name}` contains `${{`; {UNRESOLVED_KEY}"
        ));
    }
    if STRUCTURAL_KEYS.contains(&name) {
        return Err(format!(
            "a state cannot be named `{name}`: {STRUCTURAL_KEY}"
        ));
    }
    Ok(())
}

/// Keys the plugin's validator (asl-validator, run by `serverless package`
/// with `stepFunctions.validate: true`) looks for anywhere in a definition
/// with `$..Key` queries: in a JSON value or as a state name it takes them
/// for the machine's own structure and fails packaging.
pub const STRUCTURAL_KEYS: &[&str] = &[
    "Next", "Default", "StartAt", "States", "Branches", "Iterator",
];

/// Why a structural key may not appear as a state name or JSON key.
const STRUCTURAL_KEY: &str = "the asl-validator that `serverless package` runs \
     (`stepFunctions.validate: true`) searches the whole definition for `Next`, `Default`, \
     `StartAt`, `States`, `Branches` and `Iterator` keys and fails on this one";

/// Why `${` may not appear in a name or key (it may in values).
const UNRESOLVED_KEY: &str =
    "the Serverless Framework resolves `${...}` variables in values only, \
     and the plugin hands the definition to CloudFormation's `Fn::Sub`, which would read it \
     as a reference and fail";

/// Checks an RFC 3339 timestamp the way Step Functions reads them: an
/// upper-case `T` between date and time and an upper-case `Z` or a numeric
/// offset (`2024-01-01T00:00:00Z`, `2024-01-01T00:00:00.5+02:00`).
pub fn check_timestamp(s: &str) -> Result<(), String> {
    let fail = || {
        Err(format!(
            "`{s}` is not an RFC 3339 timestamp; write `YYYY-MM-DDThh:mm:ssZ` \
             (for example `2024-01-01T00:00:00Z`) or with an offset like `+02:00`"
        ))
    };
    let b = s.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(range)?;
        if part.iter().all(u8::is_ascii_digit) {
            Some(part.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
        } else {
            None
        }
    };
    let (Some(year), Some(month), Some(day), Some(hour), Some(minute), Some(second)) = (
        digits(0..4),
        digits(5..7),
        digits(8..10),
        digits(11..13),
        digits(14..16),
        digits(17..19),
    ) else {
        return fail();
    };
    if b.get(4) != Some(&b'-')
        || b.get(7) != Some(&b'-')
        || b.get(10) != Some(&b'T')
        || b.get(13) != Some(&b':')
        || b.get(16) != Some(&b':')
    {
        return fail();
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return fail(),
    };
    if day == 0 || day > days || hour > 23 || minute > 59 || second > 60 {
        return fail();
    }
    let mut rest = &s[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let n = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return fail();
        }
        rest = &fraction[n..];
    }
    match rest.as_bytes() {
        [b'Z'] => Ok(()),
        [b'+' | b'-', h1, h2, b':', m1, m2]
            if [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit())
                && (h1 - b'0') * 10 + (h2 - b'0') <= 23
                && (m1 - b'0') * 10 + (m2 - b'0') <= 59 =>
        {
            Ok(())
        }
        _ => fail(),
    }
}

/// Checks a literal `Resource`: an ARN `arn:<partition>:<service>:<region>:<account>:<resource>`
/// (serverless variables such as `${aws:region}` are allowed inside), or a
/// whole serverless variable (`${ssm:/my/arn}`).
pub fn check_arn(s: &str) -> Result<(), String> {
    let allowed = "a resource is an ARN such as `arn:aws:states:::lambda:invoke` or \
                   `arn:aws:lambda:${aws:region}:${aws:accountId}:function:name`, \
                   or a serverless variable `${...}`";
    if (s.starts_with("${") || s.starts_with("#{")) && s.ends_with('}') {
        return Ok(());
    }
    let Some(rest) = s.strip_prefix("arn:") else {
        return Err(format!("`{s}` is not an ARN; {allowed}"));
    };
    // Split at `:` outside `${...}`.
    let mut parts = vec![String::new()];
    let mut depth = 0usize;
    for c in rest.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ':' if depth == 0 => {
                parts.push(String::new());
                continue;
            }
            _ => {}
        }
        if let Some(last) = parts.last_mut() {
            last.push(c);
        }
    }
    if parts.len() < 5
        || parts[0].is_empty()
        || parts[1].is_empty()
        || parts[4..].concat().is_empty()
    {
        return Err(format!(
            "`{s}` is not a complete ARN (`arn:<partition>:<service>:<region>:<account>:<resource>`); {allowed}"
        ));
    }
    if s.chars().any(char::is_whitespace) {
        return Err(format!("the ARN `{s}` contains whitespace; {allowed}"));
    }
    Ok(())
}

/// Where a block sits, for messages.
enum BlockOwner<'m> {
    Machine(&'m str),
    Branch(&'m str, usize),
    MapBody(&'m str),
}

impl BlockOwner<'_> {
    fn describe(&self) -> String {
        match self {
            BlockOwner::Machine(name) => format!("the state machine `{name}`"),
            BlockOwner::Branch(name, i) => format!("branch {} of parallel `{name}`", i + 1),
            BlockOwner::MapBody(name) => format!("the body of map `{name}`"),
        }
    }
}

struct BlockInfo<'m> {
    location: Location,
    block: &'m Block,
    owner: BlockOwner<'m>,
    /// Position of each state by name (the first one when duplicated).
    index: HashMap<&'m str, usize>,
}

struct Checker<'m> {
    errors: Vec<ValidationError>,
    blocks: Vec<BlockInfo<'m>>,
    /// Where each state name is first defined: (block, position).
    names: HashMap<&'m str, (usize, usize)>,
    suggestions_left: usize,
    /// Errors that leave the transition graph other than the user meant
    /// (unknown targets, a choice without rules), so far.
    graph_breaks: usize,
}

impl<'m> Checker<'m> {
    fn error(&mut self, location: Location, kind: ErrorKind, message: impl Into<String>) {
        self.errors
            .push(ValidationError::new(location, kind, message));
    }

    fn machine(&mut self, machine: &'m StateMachine) {
        let root = Location::machine(&machine.name);
        if let Err(message) = check_machine_name(&machine.name) {
            self.error(root.clone(), ErrorKind::InvalidName, message);
        }
        let definition = &machine.definition;
        if let Some(t) = definition.timeout_seconds {
            self.seconds(&root, "TimeoutSeconds", t, 1, ErrorKind::InvalidTimeout);
        }
        if let Some(version) = &definition.version {
            if version != "1.0" {
                self.error(
                    root.field("Version"),
                    ErrorKind::InvalidValue,
                    format!("unknown language version `{version}`; the only version is `1.0`"),
                );
            }
        }
        for (i, event) in machine.events.iter().enumerate() {
            self.event(&root.field("events").index(i), event);
        }
        self.collect(
            root,
            &definition.block,
            BlockOwner::Machine(&machine.name),
            0,
        );
        for id in 0..self.blocks.len() {
            self.check_block(id);
        }
    }

    fn event(&mut self, location: &Location, event: &Event) {
        match event {
            Event::Schedule(schedule) => {
                let location = location.field("schedule");
                if let Err(message) = normalize_schedule(&schedule.rate) {
                    self.error(location.field("rate"), ErrorKind::InvalidSchedule, message);
                }
                if let Some(input) = &schedule.input {
                    self.static_json(&location.field("input"), input);
                    self.plugin_safe_json(&mut location.field("input"), input, 0);
                }
                for (field, text) in [
                    ("name", &schedule.name),
                    ("description", &schedule.description),
                ] {
                    if let Some(text) = text {
                        self.plugin_safe_text(&location.field(field), text);
                    }
                }
                if let Some(name) = &schedule.name {
                    let ok = !name.is_empty()
                        && name.len() <= 64
                        && name
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
                    if !ok {
                        self.error(
                            location.field("name"),
                            ErrorKind::InvalidValue,
                            format!(
                                "invalid schedule name `{name}`; use 1 to 64 letters, digits, `.`, `-` or `_`"
                            ),
                        );
                    }
                }
                if let Some(description) = &schedule.description {
                    if description.chars().count() > 512 {
                        self.error(
                            location.field("description"),
                            ErrorKind::InvalidValue,
                            "the schedule description is longer than 512 characters",
                        );
                    }
                }
            }
        }
    }

    /// The serverless-step-functions plugin (3.x) pastes a schedule's input,
    /// name and description into a JSON template, escaping nothing but the
    /// input's own quotes: a `"`, a `\\` or a control character inside the
    /// text makes `serverless package` fail or changes the input delivered.
    fn plugin_safe_text(&mut self, location: &Location, text: &str) {
        let bad = text
            .chars()
            .find(|&c| c == '\\' || c == '"' || c.is_control());
        if let Some(c) = bad {
            self.errors.push(
                ValidationError::new(
                    location.clone(),
                    ErrorKind::InvalidValue,
                    format!(
                        "{} cannot go in a schedule event: the serverless-step-functions plugin \
                         copies this text into its template without escaping it",
                        describe_char(c)
                    ),
                )
                .with_help(
                    "leave out double quotes, backslashes and control characters (newlines, tabs)",
                ),
            );
        }
    }

    fn plugin_safe_json(&mut self, location: &mut Location, value: &Json, depth: usize) {
        if depth > MAX_JSON_DEPTH {
            return;
        }
        match value {
            Json::String(s) => self.plugin_safe_text(location, s),
            Json::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    location.push(Segment::Index(i));
                    self.plugin_safe_json(location, item, depth + 1);
                    location.pop();
                }
            }
            Json::Object(pairs) => {
                for (key, item) in pairs {
                    location.push(Segment::Key(key.clone()));
                    self.plugin_safe_text(location, key);
                    self.plugin_safe_json(location, item, depth + 1);
                    location.pop();
                }
            }
            _ => {}
        }
    }

    /// First pass: registers every block and state name, recursively.
    fn collect(
        &mut self,
        location: Location,
        block: &'m Block,
        owner: BlockOwner<'m>,
        depth: usize,
    ) {
        let id = self.blocks.len();
        let mut index = HashMap::with_capacity(block.states.len());
        for (i, state) in block.states.iter().enumerate() {
            index.entry(state.name.as_str()).or_insert(i);
        }
        self.blocks.push(BlockInfo {
            location: location.clone(),
            block,
            owner,
            index,
        });
        for (i, state) in block.states.iter().enumerate() {
            // Built only when needed: most states have no error and no children.
            let state_location = || location.state(&state.name, i);
            if let Some(&(first_block, _)) = self.names.get(state.name.as_str()) {
                let first = if first_block == id {
                    "earlier in the same block".to_owned()
                } else {
                    format!("in {}", self.blocks[first_block].owner.describe())
                };
                self.errors.push(
                    ValidationError::new(
                        state_location(),
                        ErrorKind::DuplicateName,
                        format!("the state name `{}` is defined twice", state.name),
                    )
                    .with_help(format!(
                        "state names must be unique in the whole machine; the first `{}` is {first}",
                        state.name
                    )),
                );
            } else {
                self.names.insert(&state.name, (id, i));
            }
            let children: Vec<(Location, &'m Block, BlockOwner<'m>)> = match &state.kind {
                StateKind::Parallel(p) => p
                    .branches
                    .iter()
                    .enumerate()
                    .map(|(b, branch)| {
                        (
                            state_location().field("Branches").index(b),
                            branch,
                            BlockOwner::Branch(&state.name, b),
                        )
                    })
                    .collect(),
                StateKind::Map(m) => vec![(
                    state_location().field("ItemProcessor"),
                    &m.processor,
                    BlockOwner::MapBody(&state.name),
                )],
                _ => Vec::new(),
            };
            if !children.is_empty() && depth + 1 > MAX_NESTING {
                self.error(
                    state_location(),
                    ErrorKind::InvalidValue,
                    format!(
                        "parallel and map states are nested more than {MAX_NESTING} levels deep; \
                         flatten the workflow or split it into several machines"
                    ),
                );
                continue;
            }
            for (child_location, child, owner) in children {
                self.collect(child_location, child, owner, depth + 1);
            }
        }
    }

    /// Second pass over one block: StartAt, targets, reachability,
    /// termination and every state's own fields.
    fn check_block(&mut self, id: usize) {
        let info = &self.blocks[id];
        let (block, location) = (info.block, info.location.clone());
        if block.states.is_empty() {
            let what = info.owner.describe();
            self.errors.push(
                ValidationError::new(location, ErrorKind::Empty, format!("{what} has no states"))
                    .with_help("add at least one state"),
            );
            return;
        }
        let start = match info.index.get(block.start_at.as_str()) {
            Some(&i) => Some(i),
            None => {
                self.target(id, &location, &block.start_at, "StartAt");
                None
            }
        };
        let unknown_before = self.graph_breaks;
        for (i, state) in block.states.iter().enumerate() {
            let state_location = location.state(&state.name, i);
            self.state(id, &state_location, state);
        }
        // With a dangling transition or a name used twice in the block, the
        // graph is not what the user meant: unreachable states and endless
        // loops would be consequences. Report the cause alone.
        let duplicates = self.blocks[id].index.len() < block.states.len();
        if let (Some(start), true, false) = (start, self.graph_breaks == unknown_before, duplicates)
        {
            self.reachability(id, start);
        }
    }

    fn reachability(&mut self, id: usize, start: usize) {
        let info = &self.blocks[id];
        let block = info.block;
        let n = block.states.len();
        let successors = |i: usize| {
            successors(&block.states[i]).filter_map(|name| info.index.get(name).copied())
        };
        let bfs = |from: usize, seen: &mut Vec<bool>| {
            let mut queue = VecDeque::from([from]);
            seen[from] = true;
            while let Some(i) = queue.pop_front() {
                for j in successors(i) {
                    if !seen[j] {
                        seen[j] = true;
                        queue.push_back(j);
                    }
                }
            }
        };
        let mut reached = vec![false; n];
        bfs(start, &mut reached);
        let terminal_reached = (0..n).any(|i| reached[i] && block.states[i].kind.is_terminal());

        // Unreachable states: report the ones nothing else leads to (the
        // heads of orphaned chains), then one state of each orphaned cycle.
        let mut has_incoming = vec![false; n];
        for i in (0..n).filter(|&i| !reached[i]) {
            for j in successors(i) {
                if j != i {
                    has_incoming[j] = true;
                }
            }
        }
        let mut covered = reached.clone();
        let mut heads = Vec::new();
        for pass in 0..2 {
            for i in 0..n {
                if !covered[i] && (pass == 1 || !has_incoming[i]) {
                    heads.push(i);
                    bfs(i, &mut covered);
                }
            }
        }
        heads.sort_unstable();
        let location = info.location.clone();
        let start_name = block.states[start].name.clone();
        for i in heads {
            let state = &block.states[i];
            self.errors.push(
                ValidationError::new(
                    location.state(&state.name, i),
                    ErrorKind::Unreachable,
                    format!("the state `{}` can never be reached", state.name),
                )
                .with_help(format!(
                    "no transition leads to it from `{start_name}`, where this block starts; \
                     add a transition to it or remove it"
                )),
            );
        }
        if !terminal_reached {
            let what = self.blocks[id].owner.describe();
            self.errors.push(
                ValidationError::new(
                    location,
                    ErrorKind::NoTerminal,
                    format!("no path through {what} ever ends: every state it reaches loops"),
                )
                .with_help(
                    "let some path reach a `Succeed` or `Fail` state or a state with `End: true`",
                ),
            );
        }
    }

    /// Checks that `target`, the value of `field` at `parent`, names a state
    /// of block `id`. (The field's location is built only for an error: this
    /// runs for every transition.)
    fn target(&mut self, id: usize, parent: &Location, target: &str, field: &'static str) {
        let info = &self.blocks[id];
        if info.index.contains_key(target) {
            return;
        }
        let what = info.owner.describe();
        self.graph_breaks += 1;
        let mut error = ValidationError::new(
            parent.field(field),
            ErrorKind::UnknownTarget,
            if target.is_empty() {
                format!("`{field}` names no state")
            } else {
                format!("no state named `{target}` in {what}")
            },
        );
        if let Some(&(elsewhere, _)) = self.names.get(target) {
            error = error.with_help(format!(
                "`{target}` is defined in {}, but transitions cannot cross branch or map boundaries",
                self.blocks[elsewhere].owner.describe()
            ));
        } else if self.suggestions_left > 0 {
            self.suggestions_left -= 1;
            let names = info.block.states.iter().map(|s| s.name.as_str());
            if let Some(close) = closest(target, names) {
                error = error.with_help(format!("did you mean `{close}`?"));
            }
        }
        self.errors.push(error);
    }

    fn state(&mut self, id: usize, location: &Location, state: &'m State) {
        if let Err(message) = check_state_name(&state.name) {
            self.error(location.clone(), ErrorKind::InvalidName, message);
        }
        if let Some(Transition::Next(next)) = state.kind.transition() {
            self.target(id, location, next, "Next");
        }
        match &state.kind {
            StateKind::Task(task) => {
                self.resource(location, &task.resource);
                self.nullable_path(location, "InputPath", &task.input_path, PathKind::Path);
                self.payload(location, "Parameters", &task.parameters);
                self.payload(location, "Credentials", &task.credentials);
                self.timeouts(location, task);
                self.payload(location, "ResultSelector", &task.result_selector);
                self.nullable_path(
                    location,
                    "ResultPath",
                    &task.result_path,
                    PathKind::ReferencePath,
                );
                self.nullable_path(location, "OutputPath", &task.output_path, PathKind::Path);
                self.retry(location, &task.retry);
                self.catch(id, location, &task.catch);
            }
            StateKind::Pass(pass) => {
                self.nullable_path(location, "InputPath", &pass.input_path, PathKind::Path);
                self.payload(location, "Parameters", &pass.parameters);
                if let Some(result) = &pass.result {
                    self.static_json(&location.field("Result"), result);
                }
                self.nullable_path(
                    location,
                    "ResultPath",
                    &pass.result_path,
                    PathKind::ReferencePath,
                );
                self.nullable_path(location, "OutputPath", &pass.output_path, PathKind::Path);
            }
            StateKind::Choice(choice) => {
                self.nullable_path(location, "InputPath", &choice.input_path, PathKind::Path);
                self.nullable_path(location, "OutputPath", &choice.output_path, PathKind::Path);
                if choice.choices.is_empty() {
                    self.graph_breaks += 1;
                    self.errors.push(
                        ValidationError::new(
                            location.field("Choices"),
                            ErrorKind::Empty,
                            format!("the choice state `{}` has no rules", state.name),
                        )
                        .with_help("add at least one rule, such as `\"$.x\".is_present() => Next`"),
                    );
                }
                for (i, choice_rule) in choice.choices.iter().enumerate() {
                    let mut rule_location = location.field("Choices").index(i);
                    self.rule(&mut rule_location, &choice_rule.rule, 0);
                    self.target(id, &rule_location, &choice_rule.next, "Next");
                }
                if let Some(default) = &choice.default {
                    self.target(id, location, default, "Default");
                }
            }
            StateKind::Wait(wait) => {
                self.nullable_path(location, "InputPath", &wait.input_path, PathKind::Path);
                self.nullable_path(location, "OutputPath", &wait.output_path, PathKind::Path);
                match &wait.duration {
                    WaitDuration::Seconds(s) => {
                        self.seconds(location, "Seconds", *s, 0, ErrorKind::InvalidValue)
                    }
                    WaitDuration::Timestamp(t) => {
                        if let Err(message) = check_timestamp(t) {
                            self.error(
                                location.field("Timestamp"),
                                ErrorKind::InvalidTimestamp,
                                message,
                            );
                        }
                    }
                    WaitDuration::SecondsPath(p) => {
                        self.path(&location.field("SecondsPath"), p, PathKind::ReferencePath)
                    }
                    WaitDuration::TimestampPath(p) => {
                        self.path(&location.field("TimestampPath"), p, PathKind::ReferencePath)
                    }
                }
            }
            StateKind::Succeed(succeed) => {
                self.nullable_path(location, "InputPath", &succeed.input_path, PathKind::Path);
                self.nullable_path(location, "OutputPath", &succeed.output_path, PathKind::Path);
            }
            StateKind::Fail(fail) => {
                // The AWS language service requires them non-empty (minLength 1).
                for (field, value) in [
                    ("Error", &fail.error),
                    ("Cause", &fail.cause),
                    ("ErrorPath", &fail.error_path),
                    ("CausePath", &fail.cause_path),
                ] {
                    if value.as_deref() == Some("") {
                        self.error(
                            location.field(field),
                            ErrorKind::InvalidValue,
                            format!("`{field}` is empty; give it a value or leave it out"),
                        );
                    }
                }
                self.conflict(
                    location,
                    ("Error", fail.error.is_some()),
                    ("ErrorPath", fail.error_path.is_some()),
                );
                self.conflict(
                    location,
                    ("Cause", fail.cause.is_some()),
                    ("CausePath", fail.cause_path.is_some()),
                );
                for (field, value) in [
                    ("ErrorPath", &fail.error_path),
                    ("CausePath", &fail.cause_path),
                ] {
                    if let Some(value) = value {
                        if let Err(message) = intrinsics::check_payload_value(value) {
                            self.error(location.field(field), ErrorKind::InvalidPath, message);
                        }
                    }
                }
            }
            StateKind::Parallel(parallel) => {
                self.nullable_path(location, "InputPath", &parallel.input_path, PathKind::Path);
                self.payload(location, "Parameters", &parallel.parameters);
                if parallel.branches.is_empty() {
                    self.errors.push(
                        ValidationError::new(
                            location.field("Branches"),
                            ErrorKind::Empty,
                            format!("the parallel state `{}` has no branches", state.name),
                        )
                        .with_help("add at least one `branch { ... }`"),
                    );
                }
                self.payload(location, "ResultSelector", &parallel.result_selector);
                self.nullable_path(
                    location,
                    "ResultPath",
                    &parallel.result_path,
                    PathKind::ReferencePath,
                );
                self.nullable_path(
                    location,
                    "OutputPath",
                    &parallel.output_path,
                    PathKind::Path,
                );
                self.retry(location, &parallel.retry);
                self.catch(id, location, &parallel.catch);
            }
            StateKind::Map(map) => self.map(id, location, map),
        }
    }

    fn map(&mut self, id: usize, location: &Location, map: &'m MapState) {
        self.nullable_path(location, "InputPath", &map.input_path, PathKind::Path);
        if let Some(items_path) = &map.items_path {
            self.path(
                &location.field("ItemsPath"),
                items_path,
                PathKind::ReferencePath,
            );
        }
        self.payload(location, "ItemReader", &map.item_reader);
        self.payload(location, "ItemSelector", &map.item_selector);
        self.payload(location, "Parameters", &map.parameters);
        self.conflict(
            location,
            ("ItemSelector", map.item_selector.is_some()),
            ("Parameters", map.parameters.is_some()),
        );
        self.payload(location, "ItemBatcher", &map.item_batcher);
        self.conflict(
            location,
            ("MaxConcurrency", map.max_concurrency.is_some()),
            ("MaxConcurrencyPath", map.max_concurrency_path.is_some()),
        );
        self.conflict(
            location,
            (
                "ToleratedFailurePercentage",
                map.tolerated_failure_percentage.is_some(),
            ),
            (
                "ToleratedFailurePercentagePath",
                map.tolerated_failure_percentage_path.is_some(),
            ),
        );
        self.conflict(
            location,
            (
                "ToleratedFailureCount",
                map.tolerated_failure_count.is_some(),
            ),
            (
                "ToleratedFailureCountPath",
                map.tolerated_failure_count_path.is_some(),
            ),
        );
        for (field, path) in [
            ("MaxConcurrencyPath", &map.max_concurrency_path),
            (
                "ToleratedFailurePercentagePath",
                &map.tolerated_failure_percentage_path,
            ),
            (
                "ToleratedFailureCountPath",
                &map.tolerated_failure_count_path,
            ),
        ] {
            if let Some(path) = path {
                self.path(&location.field(field), path, PathKind::ReferencePath);
            }
        }
        if let Some(p) = map.tolerated_failure_percentage {
            if !(0.0..=100.0).contains(&p) {
                self.error(
                    location.field("ToleratedFailurePercentage"),
                    ErrorKind::InvalidValue,
                    format!("`ToleratedFailurePercentage` is {p}; it must be between 0 and 100"),
                );
            }
        }
        if let Some(label) = &map.label {
            let problem = if label.chars().count() > 40 {
                Some("is longer than 40 characters".to_owned())
            } else {
                check_machine_name(label)
                    .err()
                    .map(|m| m.replace("the state machine name", "the label"))
            };
            if let Some(problem) = problem {
                self.error(
                    location.field("Label"),
                    ErrorKind::InvalidValue,
                    format!("invalid map `Label`: {problem}"),
                );
            }
        }
        self.payload(location, "ResultWriter", &map.result_writer);
        self.payload(location, "ResultSelector", &map.result_selector);
        self.nullable_path(
            location,
            "ResultPath",
            &map.result_path,
            PathKind::ReferencePath,
        );
        self.nullable_path(location, "OutputPath", &map.output_path, PathKind::Path);
        self.retry(location, &map.retry);
        self.catch(id, location, &map.catch);

        let processor = location.field("ItemProcessor");
        match map.mode {
            MapMode::Inline => {
                let distributed_only = [
                    ("ItemReader", map.item_reader.is_some()),
                    ("ItemBatcher", map.item_batcher.is_some()),
                    ("ResultWriter", map.result_writer.is_some()),
                    (
                        "ToleratedFailurePercentage",
                        map.tolerated_failure_percentage.is_some(),
                    ),
                    (
                        "ToleratedFailurePercentagePath",
                        map.tolerated_failure_percentage_path.is_some(),
                    ),
                    (
                        "ToleratedFailureCount",
                        map.tolerated_failure_count.is_some(),
                    ),
                    (
                        "ToleratedFailureCountPath",
                        map.tolerated_failure_count_path.is_some(),
                    ),
                    ("Label", map.label.is_some()),
                ];
                for (field, _) in distributed_only.iter().filter(|(_, set)| *set) {
                    self.errors.push(
                        ValidationError::new(
                            location.field(field),
                            ErrorKind::InvalidValue,
                            format!("`{field}` is only allowed in a Distributed Map"),
                        )
                        .with_help("set the map's mode to distributed, or remove the field"),
                    );
                }
                if map.execution_type.is_some() {
                    self.error(
                        processor.field("ProcessorConfig").field("ExecutionType"),
                        ErrorKind::InvalidValue,
                        "`ExecutionType` is only allowed in a Distributed Map",
                    );
                }
            }
            MapMode::Distributed => {
                if map.execution_type.is_none() {
                    self.error(
                        processor.field("ProcessorConfig"),
                        ErrorKind::InvalidValue,
                        "a Distributed Map needs an `ExecutionType`: `STANDARD` or `EXPRESS`",
                    );
                }
            }
        }
    }

    /// The `Resource` of the task at `location`.
    fn resource(&mut self, location: &Location, resource: &Resource) {
        let problem = match resource {
            Resource::Arn(arn) => check_arn(arn).err(),
            Resource::Function(key) if key.is_empty() => {
                Some("the task's function has an empty key".to_owned())
            }
            Resource::Function(_) => None,
            Resource::Intrinsic(Json::Object(pairs))
                if pairs.len() == 1 && (pairs[0].0 == "Ref" || pairs[0].0.starts_with("Fn::")) =>
            {
                None
            }
            Resource::Intrinsic(_) => Some(
                "a CloudFormation value in `Resource` must be an object with one key, \
                 `Ref` or `Fn::...`"
                    .to_owned(),
            ),
        };
        if let Some(message) = problem {
            self.error(location.field("Resource"), ErrorKind::InvalidValue, message);
        }
    }

    fn timeouts(&mut self, location: &Location, task: &TaskState) {
        if let Some(t) = task.timeout_seconds {
            self.seconds(location, "TimeoutSeconds", t, 1, ErrorKind::InvalidTimeout);
        }
        if let Some(h) = task.heartbeat_seconds {
            self.seconds(
                location,
                "HeartbeatSeconds",
                h,
                1,
                ErrorKind::InvalidTimeout,
            );
        }
        self.conflict(
            location,
            ("TimeoutSeconds", task.timeout_seconds.is_some()),
            ("TimeoutSecondsPath", task.timeout_seconds_path.is_some()),
        );
        self.conflict(
            location,
            ("HeartbeatSeconds", task.heartbeat_seconds.is_some()),
            (
                "HeartbeatSecondsPath",
                task.heartbeat_seconds_path.is_some(),
            ),
        );
        if let Some(p) = &task.timeout_seconds_path {
            self.path(
                &location.field("TimeoutSecondsPath"),
                p,
                PathKind::ReferencePath,
            );
        }
        if let Some(p) = &task.heartbeat_seconds_path {
            self.path(
                &location.field("HeartbeatSecondsPath"),
                p,
                PathKind::ReferencePath,
            );
        }
        if let (Some(t), Some(h)) = (task.timeout_seconds, task.heartbeat_seconds) {
            if h >= t {
                self.errors.push(
                    ValidationError::new(
                        location.field("HeartbeatSeconds"),
                        ErrorKind::InvalidTimeout,
                        format!("the heartbeat ({h} s) must be shorter than the timeout ({t} s)"),
                    )
                    .with_help("a heartbeat longer than the timeout can never fire"),
                );
            }
        }
    }

    /// A whole number of seconds in `min..=MAX_SECONDS`.
    fn seconds(
        &mut self,
        location: &Location,
        field: &'static str,
        value: u64,
        min: u64,
        kind: ErrorKind,
    ) {
        if value < min || value > MAX_SECONDS {
            let allowed = if min == 0 { "between 0" } else { "between 1" };
            let what = if min == 1 && value == 0 {
                "must be positive"
            } else {
                "is out of range"
            };
            self.error(
                location.field(field),
                kind,
                format!("`{field}` {what}: found {value}; use a whole number of seconds {allowed} and {MAX_SECONDS}"),
            );
        }
    }

    fn conflict(&mut self, location: &Location, a: (&'static str, bool), b: (&'static str, bool)) {
        if a.1 && b.1 {
            self.errors.push(
                ValidationError::new(
                    location.field(b.0),
                    ErrorKind::Conflict,
                    format!("`{}` and `{}` cannot both be set", a.0, b.0),
                )
                .with_help("keep one of them"),
            );
        }
    }

    fn path(&mut self, location: &Location, path: &str, kind: PathKind) {
        // The context object (`$$`) is read-only: it may be read anywhere a
        // path reads, but `ResultPath` writes.
        let allow_context = location.segments().last() != Some(&Segment::Field("ResultPath"));
        if let Err(message) = check_path(path, kind, allow_context) {
            self.error(location.clone(), ErrorKind::InvalidPath, message);
        }
    }

    fn nullable_path(
        &mut self,
        location: &Location,
        field: &'static str,
        value: &Option<NullablePath>,
        kind: PathKind,
    ) {
        if let Some(NullablePath::Path(path)) = value {
            self.path(&location.field(field), path, kind);
        }
    }

    fn retry(&mut self, location: &Location, retriers: &[Retrier]) {
        for (i, retrier) in retriers.iter().enumerate() {
            let location = location.field("Retry").index(i);
            self.error_equals(
                &|| location.clone(),
                &retrier.error_equals,
                i + 1 == retriers.len(),
                "retrier",
            );
            if let Some(interval) = retrier.interval_seconds {
                if interval == 0 || interval > MAX_SECONDS {
                    self.error(
                        location.field("IntervalSeconds"),
                        ErrorKind::InvalidRetry,
                        format!("`IntervalSeconds` is {interval}; it must be between 1 and {MAX_SECONDS}"),
                    );
                }
            }
            if let Some(attempts) = retrier.max_attempts {
                if attempts > MAX_SECONDS {
                    self.error(
                        location.field("MaxAttempts"),
                        ErrorKind::InvalidRetry,
                        format!(
                            "`MaxAttempts` is {attempts}; it must be between 0 and {MAX_SECONDS}"
                        ),
                    );
                }
            }
            if let Some(rate) = retrier.backoff_rate {
                if !rate.is_finite() || rate < 1.0 {
                    self.error(
                        location.field("BackoffRate"),
                        ErrorKind::InvalidRetry,
                        format!("`BackoffRate` is {rate}; it must be a number of at least 1.0"),
                    );
                }
            }
            if let Some(delay) = retrier.max_delay_seconds {
                if delay == 0 || delay > MAX_DELAY_SECONDS {
                    self.error(
                        location.field("MaxDelaySeconds"),
                        ErrorKind::InvalidRetry,
                        format!("`MaxDelaySeconds` is {delay}; it must be between 1 and {MAX_DELAY_SECONDS}"),
                    );
                }
            }
        }
    }

    fn catch(&mut self, id: usize, location: &Location, catchers: &[Catcher]) {
        for (i, catcher) in catchers.iter().enumerate() {
            // Built only when needed: auto-catch gives most states a catcher.
            let at = || location.field("Catch").index(i);
            self.error_equals(
                &at,
                &catcher.error_equals,
                i + 1 == catchers.len(),
                "catcher",
            );
            if catcher.result_path.is_some() {
                self.nullable_path(
                    &at(),
                    "ResultPath",
                    &catcher.result_path,
                    PathKind::ReferencePath,
                );
            }
            if !self.blocks[id].index.contains_key(catcher.next.as_str()) {
                self.target(id, &at(), &catcher.next, "Next");
            }
        }
    }

    /// The `ErrorEquals` of the retrier or catcher at `location()`.
    fn error_equals(
        &mut self,
        location: &dyn Fn() -> Location,
        names: &[String],
        is_last: bool,
        what: &str,
    ) {
        // Locations are built only for errors: this runs for every retrier
        // and catcher (auto-catch adds one to most states).
        if names.is_empty() {
            self.error(
                location().field("ErrorEquals"),
                ErrorKind::ErrorNames,
                format!("the {what} lists no errors; name at least one, such as `States.ALL`"),
            );
        }
        for (i, name) in names.iter().enumerate() {
            let at = || location().field("ErrorEquals").index(i);
            if name == "States.ALL" {
                if names.len() > 1 {
                    self.errors.push(
                        ValidationError::new(
                            at(),
                            ErrorKind::ErrorNames,
                            "`States.ALL` must be the only error name in its list",
                        )
                        .with_help("it matches every error already; remove the other names or move them to an earlier retrier or catcher"),
                    );
                }
                if !is_last {
                    self.errors.push(
                        ValidationError::new(
                            at(),
                            ErrorKind::ErrorNames,
                            format!("the {what} matching `States.ALL` must be the last one"),
                        )
                        .with_help(format!(
                            "a {what} after it could never match; move it to the end"
                        )),
                    );
                }
            } else if name.is_empty() {
                self.error(at(), ErrorKind::ErrorNames, "an error name is empty");
            } else if name.starts_with("States.") && !PREDEFINED_ERRORS.contains(&name.as_str()) {
                let mut error = ValidationError::new(
                    at(),
                    ErrorKind::ErrorNames,
                    format!("unknown error name `{name}`: names starting with `States.` are reserved for the predefined errors"),
                );
                error = match closest(name, PREDEFINED_ERRORS.iter().copied()) {
                    Some(close) => error.with_help(format!("did you mean `{close}`?")),
                    None => error.with_help(format!(
                        "the predefined errors are {}",
                        PREDEFINED_ERRORS.join(", ")
                    )),
                };
                self.errors.push(error);
            }
        }
    }

    fn rule(&mut self, location: &mut Location, rule: &Rule, depth: usize) {
        if depth > MAX_JSON_DEPTH {
            self.error(
                location.clone(),
                ErrorKind::InvalidValue,
                format!("choice rules are nested more than {MAX_JSON_DEPTH} levels deep"),
            );
            return;
        }
        match rule {
            Rule::And(rules) | Rule::Or(rules) => {
                let field = if matches!(rule, Rule::And(_)) {
                    "And"
                } else {
                    "Or"
                };
                location.push(Segment::Field(field));
                if rules.is_empty() {
                    self.error(
                        location.clone(),
                        ErrorKind::Empty,
                        format!("`{field}` needs at least one rule"),
                    );
                }
                for (i, rule) in rules.iter().enumerate() {
                    location.push(Segment::Index(i));
                    self.rule(location, rule, depth + 1);
                    location.pop();
                }
                location.pop();
            }
            Rule::Not(rule) => {
                location.push(Segment::Field("Not"));
                self.rule(location, rule, depth + 1);
                location.pop();
            }
            Rule::Compare {
                variable,
                operator,
                value,
            } => {
                self.path(&location.field("Variable"), variable, PathKind::Path);
                let field = operator.as_str();
                let expected = operator.operand_kind();
                let mismatch = |found: &str| {
                    let wanted = match expected {
                        OperandKind::String | OperandKind::Pattern => "a string",
                        OperandKind::Number => "a number",
                        OperandKind::Bool => "`true` or `false`",
                        OperandKind::Timestamp => "a timestamp string",
                        OperandKind::Path => "a JSONPath string",
                    };
                    format!("`{field}` compares with {wanted}, not {found}")
                };
                let problem = match (expected, value) {
                    (OperandKind::Number, Operand::Number(n)) => (!n.as_f64().is_finite())
                        .then(|| "`NaN` and infinities are not JSON numbers".to_owned()),
                    (OperandKind::Bool, Operand::Bool(_)) => None,
                    (OperandKind::String, Operand::String(_)) => None,
                    (OperandKind::Pattern, Operand::String(p)) => check_pattern(p).err(),
                    (OperandKind::Timestamp, Operand::String(t)) => check_timestamp(t).err(),
                    (OperandKind::Path, Operand::String(p)) => {
                        check_path(p, PathKind::Path, true).err()
                    }
                    (_, Operand::String(_)) => Some(mismatch("a string")),
                    (_, Operand::Number(_)) => Some(mismatch("a number")),
                    (_, Operand::Bool(_)) => Some(mismatch("a boolean")),
                };
                if let Some(message) = problem {
                    let kind = match expected {
                        OperandKind::Path => ErrorKind::InvalidPath,
                        OperandKind::Timestamp if matches!(value, Operand::String(_)) => {
                            ErrorKind::InvalidTimestamp
                        }
                        _ => ErrorKind::InvalidComparison,
                    };
                    self.error(location.field(field), kind, message);
                }
            }
        }
    }

    /// A payload template: `"key.$"` values are paths or intrinsic calls,
    /// and no two keys are equal once `.$` is stripped.
    fn payload(&mut self, location: &Location, field: &'static str, value: &Option<Json>) {
        if let Some(value) = value {
            let mut location = location.field(field);
            self.template_item(&location, value);
            self.json(&mut location, value, true, 0);
        }
    }

    /// A whole payload template, or an item of an array in one. JSON allows
    /// more than asl-validator's payload-template schema does there, and the
    /// plugin runs asl-validator inside `serverless package`
    /// (`stepFunctions.validate: true`): the file would not deploy. Its
    /// schema takes numbers, booleans, objects, arrays, and strings matching
    /// `^(?!\{% )(.+)(?! %\})$` — not empty, on one line, not JSONata.
    fn template_item(&mut self, location: &Location, value: &Json) {
        let problem = match value {
            Json::Null => Some("`null`"),
            Json::String(s) if s.is_empty() => Some("an empty string"),
            Json::String(s) if s.contains(['\n', '\r', '\u{2028}', '\u{2029}']) => {
                Some("a string with a line break")
            }
            Json::String(s) if s.starts_with("{% ") => {
                Some("a string starting with `{% ` (JSONata)")
            }
            _ => None,
        };
        if let Some(what) = problem {
            self.errors.push(
                ValidationError::new(
                    location.clone(),
                    ErrorKind::InvalidValue,
                    format!("{what} cannot stand alone or as an array item in a payload template"),
                )
                .with_help(
                    "the plugin's validator rejects it at `serverless package`; \
                     put it under a key (`{\"value\": ...}`) or leave it out",
                ),
            );
        }
    }

    /// Static JSON (`Result`, event `input`): no interpretation of `.$`.
    fn static_json(&mut self, location: &Location, value: &Json) {
        self.json(&mut location.clone(), value, false, 0);
    }

    /// A key of a JSON value inside the definition.
    fn definition_key(&mut self, location: &Location, key: &str) {
        if STRUCTURAL_KEYS.contains(&key) {
            self.errors.push(
                ValidationError::new(
                    location.clone(),
                    ErrorKind::InvalidValue,
                    format!("the key `{key}` cannot be used in a JSON value of a state machine: {STRUCTURAL_KEY}"),
                )
                .with_help(format!("rename it, for example `{}`", key.to_ascii_lowercase())),
            );
        }
    }

    fn json(&mut self, location: &mut Location, value: &Json, template: bool, depth: usize) {
        if depth > MAX_JSON_DEPTH {
            self.error(
                location.clone(),
                ErrorKind::InvalidValue,
                format!("JSON nested more than {MAX_JSON_DEPTH} levels deep"),
            );
            return;
        }
        match value {
            Json::Number(Number::Float(x)) if !x.is_finite() => self.error(
                location.clone(),
                ErrorKind::InvalidValue,
                "`NaN` and infinities are not JSON numbers",
            ),
            Json::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    location.push(Segment::Index(i));
                    if template {
                        self.template_item(location, item);
                    }
                    self.json(location, item, template, depth + 1);
                    location.pop();
                }
            }
            Json::Object(pairs) => {
                let mut seen: HashMap<&str, &str> = HashMap::with_capacity(pairs.len());
                for (key, item) in pairs {
                    location.push(Segment::Key(key.clone()));
                    // Event inputs are not part of the definition.
                    if !location.segments().contains(&Segment::Field("events")) {
                        self.definition_key(location, key);
                    }
                    if key.contains("${") {
                        self.error(
                            location.clone(),
                            ErrorKind::InvalidValue,
                            format!("the key `{key}` contains `${{`; {UNRESOLVED_KEY}"),
                        );
                    }
                    let bare = if template {
                        key.strip_suffix(".$").unwrap_or(key)
                    } else {
                        key
                    };
                    if let Some(first) = seen.insert(bare, key) {
                        let message = if first == key {
                            format!("the key `{key}` appears twice in this object")
                        } else {
                            format!("the keys `{first}` and `{key}` both set `{bare}`")
                        };
                        self.errors.push(
                            ValidationError::new(
                                location.clone(),
                                ErrorKind::InvalidValue,
                                message,
                            )
                            .with_help("keep one of them"),
                        );
                    }
                    if template && key.ends_with(".$") {
                        let problem = match item {
                            Json::String(s) => intrinsics::check_payload_value(s).err(),
                            other => Some(format!(
                                "a key ending in `.$` takes a JSONPath or an intrinsic function call as a string, not {}",
                                other.kind_name()
                            )),
                        };
                        if let Some(message) = problem {
                            self.error(location.clone(), ErrorKind::InvalidPath, message);
                        }
                    } else {
                        self.json(location, item, template, depth + 1);
                    }
                    location.pop();
                }
            }
            _ => {}
        }
    }
}

/// A `StringMatches` pattern: `*` is a wildcard; `\*` and `\\` are the
/// only escapes.
fn check_pattern(pattern: &str) -> Result<(), String> {
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c == '\\' && !matches!(chars.next(), Some('*' | '\\')) {
            return Err(format!(
                "invalid escape in the pattern `{pattern}`: only `\\*` (a literal star) and `\\\\` (a backslash) are allowed"
            ));
        }
    }
    Ok(())
}

/// The names a state may transition to: `Next`, each choice's `Next` and
/// `Default`, each catcher's `Next`.
pub fn successors(state: &State) -> impl Iterator<Item = &str> {
    let next = match state.kind.transition() {
        Some(Transition::Next(next)) => Some(next.as_str()),
        _ => None,
    };
    let (choices, default) = match &state.kind {
        StateKind::Choice(c) => (c.choices.as_slice(), c.default.as_deref()),
        _ => (&[][..], None),
    };
    let catchers = state.kind.catchers().map_or(&[][..], Vec::as_slice);
    next.into_iter()
        .chain(choices.iter().map(|c| c.next.as_str()))
        .chain(default)
        .chain(catchers.iter().map(|c| c.next.as_str()))
}
