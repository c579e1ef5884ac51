//! Mutation testing of the validator: valid generated machines, each broken
//! in exactly one rule, written as raw ASL JSON with our verdict.
//!
//! A break the model can represent (a dangling target, a duplicate name, a
//! bad path, ...) is made on the model and judged by
//! [`builder_core::check::validate`]; one it cannot (a `Catch` on a
//! Choice, `Next` with `End`, two Wait durations, `Error` with `ErrorPath`,
//! an unknown field or state type, no `StartAt`) is made on the JSON and
//! judged by our parser [`builder_core::asl::read::definition`]. Every
//! mutant is also read back from its JSON text through the parser and the
//! validator (the "json route"), as a user of `Service::from_yaml` would:
//! both must reject.

use crate::emit;
use crate::gen;
use crate::rng::{derive, Rng};
use builder_core::asl;
use builder_core::check::validate;
use builder_core::diag::{Code, Diagnostics};
use builder_core::from_json_str;
use builder_core::json::Json;
use builder_core::serverless::naming;
use builder_core::*;
use std::path::Path;

/// How a mutant was made.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum How {
    /// On the model; judged by the validator.
    Model,
    /// On the JSON; judged by the parser.
    Json,
}

/// Our verdict on a mutant.
#[derive(Clone, Debug)]
pub struct Verdict {
    /// Rejected at all.
    pub rejected: bool,
    /// `validate`, `parse` (our ASL reader), `json` (not JSON), or `accepted`.
    pub stage: &'static str,
    /// The codes of the diagnostics (`SB101`), in order, without repeats.
    pub kinds: Vec<String>,
    /// The first messages.
    pub messages: Vec<String>,
}

/// One mutant.
pub struct Mutant {
    /// Its class.
    pub class: &'static str,
    /// The seed of the valid machine it was made from.
    pub base_seed: u64,
    /// Model or JSON.
    pub how: How,
    /// What was changed, where.
    pub description: String,
    /// The broken definition.
    pub json_text: String,
    /// Our verdict (model mutations: the validator on the model; JSON
    /// mutations: the JSON route).
    pub ours: Verdict,
    /// The JSON route's verdict.
    pub json_route: Verdict,
}

type ModelFn = fn(&mut Rng, &mut StateMachine) -> Option<String>;
type JsonFn = fn(&mut Rng, &mut Json) -> Option<String>;

/// A mutation class: its name, what it expects from our side, and how.
pub struct Class {
    /// The name used in file names and the table.
    pub name: &'static str,
    /// What our side must report.
    pub expect: Expect,
    kind: Kind,
}

/// What our side must report for a class.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Expect {
    /// The validator reports some of these codes, and no other.
    Codes(&'static [Code]),
    /// Our ASL reader refuses the JSON.
    Parse,
}

impl Expect {
    /// Whether a diagnostic code (its id, `SB101`) is one the class expects.
    pub fn allows(self, id: &str) -> bool {
        match self {
            Expect::Codes(codes) => codes.iter().any(|c| c.id() == id),
            Expect::Parse => false,
        }
    }

    /// As the manifest writes it: `SB101`, `SB301|SB303`, or `parse`.
    pub fn text(self) -> String {
        match self {
            Expect::Codes(codes) => codes.iter().map(|c| c.id()).collect::<Vec<_>>().join("|"),
            Expect::Parse => "parse".into(),
        }
    }
}

enum Kind {
    Model(ModelFn),
    Json(JsonFn),
}

/// Every class, in table order.
pub fn classes() -> Vec<Class> {
    use Code as K;
    use Expect::{Codes as V, Parse as P};
    use Kind::{Json as J, Model as M};
    let c = |name, expect, kind| Class { name, expect, kind };
    vec![
        c("dangling-next", V(&[K::UnknownTarget]), M(dangling_next)),
        c(
            "dangling-choice-target",
            V(&[K::UnknownTarget]),
            M(dangling_choice_target),
        ),
        c(
            "dangling-default",
            V(&[K::UnknownTarget]),
            M(dangling_default),
        ),
        c(
            "dangling-catch-target",
            V(&[K::UnknownTarget]),
            M(dangling_catch_target),
        ),
        c(
            "target-across-branch",
            V(&[K::UnknownTarget]),
            M(target_across_branch),
        ),
        c(
            "target-across-map",
            V(&[K::UnknownTarget]),
            M(target_across_map),
        ),
        c(
            "startat-unknown",
            V(&[K::UnknownTarget]),
            M(startat_unknown),
        ),
        c("startat-absent", P, J(startat_absent)),
        c(
            "duplicate-name-block",
            V(&[K::DuplicateStateName]),
            M(duplicate_in_block),
        ),
        c(
            "duplicate-name-branches",
            V(&[K::DuplicateStateName]),
            M(duplicate_across_branches),
        ),
        c(
            "duplicate-name-nested",
            V(&[K::DuplicateStateName]),
            M(duplicate_nested),
        ),
        c(
            "unreachable-state",
            V(&[K::Unreachable]),
            M(unreachable_state),
        ),
        c("no-terminal", V(&[K::NoTerminal]), M(no_terminal)),
        c(
            "states-all-not-alone-retry",
            V(&[K::StatesAllNotAlone]),
            M(states_all_not_alone_retry),
        ),
        c(
            "states-all-not-alone-catch",
            V(&[K::StatesAllNotAlone]),
            M(states_all_not_alone_catch),
        ),
        c(
            "states-all-not-last-retry",
            V(&[K::StatesAllNotLast]),
            M(states_all_not_last_retry),
        ),
        c(
            "states-all-not-last-catch",
            V(&[K::StatesAllNotLast]),
            M(states_all_not_last_catch),
        ),
        c(
            "bad-error-name",
            V(&[K::UnknownPredefinedError]),
            M(bad_error_name),
        ),
        c(
            "empty-error-equals",
            V(&[K::EmptyErrorName]),
            M(empty_error_equals),
        ),
        c("bad-inputpath", V(&[K::InvalidPath]), M(bad_input_path)),
        c("bad-resultpath", V(&[K::InvalidPath]), M(bad_result_path)),
        c(
            "resultpath-context",
            V(&[K::InvalidPath]),
            M(result_path_context),
        ),
        c("bad-itemspath", V(&[K::InvalidPath]), M(bad_items_path)),
        c("bad-variable", V(&[K::InvalidPath]), M(bad_variable)),
        c(
            "bad-dollar-value",
            V(&[K::InvalidPath, K::InvalidPayloadValue]),
            M(bad_dollar_value),
        ),
        c(
            "unknown-intrinsic",
            V(&[K::InvalidIntrinsic]),
            M(unknown_intrinsic),
        ),
        c(
            "intrinsic-arity",
            V(&[K::InvalidIntrinsic]),
            M(intrinsic_arity),
        ),
        c(
            "catch-on-choice",
            P,
            J(|r, j| recovery_on(r, j, "Choice", "Catch")),
        ),
        c(
            "catch-on-wait",
            P,
            J(|r, j| recovery_on(r, j, "Wait", "Catch")),
        ),
        c(
            "catch-on-pass",
            P,
            J(|r, j| recovery_on(r, j, "Pass", "Catch")),
        ),
        c(
            "catch-on-succeed",
            P,
            J(|r, j| recovery_on(r, j, "Succeed", "Catch")),
        ),
        c(
            "retry-on-choice",
            P,
            J(|r, j| recovery_on(r, j, "Choice", "Retry")),
        ),
        c(
            "retry-on-wait",
            P,
            J(|r, j| recovery_on(r, j, "Wait", "Retry")),
        ),
        c(
            "retry-on-pass",
            P,
            J(|r, j| recovery_on(r, j, "Pass", "Retry")),
        ),
        c(
            "retry-on-succeed",
            P,
            J(|r, j| recovery_on(r, j, "Succeed", "Retry")),
        ),
        c("next-and-end", P, J(next_and_end)),
        c("wait-two-durations", P, J(wait_two_durations)),
        c("unknown-state-type", P, J(unknown_state_type)),
        c("unknown-field", P, J(unknown_field)),
        c("empty-choices", V(&[K::Empty]), M(empty_choices)),
        c("empty-branches", V(&[K::Empty]), M(empty_branches)),
        c("empty-and", V(&[K::Empty]), M(empty_and)),
        c(
            "heartbeat-ge-timeout",
            V(&[K::HeartbeatNotBelowTimeout]),
            M(heartbeat_ge_timeout),
        ),
        c("timeout-zero", V(&[K::OutOfRange]), M(timeout_zero)),
        c("bad-timestamp", V(&[K::InvalidTimestamp]), M(bad_timestamp)),
        c("interval-zero", V(&[K::InvalidRetrier]), M(interval_zero)),
        c(
            "backoff-below-one",
            V(&[K::InvalidRetrier]),
            M(backoff_below_one),
        ),
        c("max-delay-zero", V(&[K::InvalidRetrier]), M(max_delay_zero)),
        c("name-too-long", V(&[K::InvalidStateName]), M(name_too_long)),
        c("error-and-errorpath", P, J(error_and_error_path)),
        c("operand-type", V(&[K::InvalidComparison]), M(operand_type)),
        c(
            "resource-not-arn",
            V(&[K::InvalidResource]),
            M(resource_not_arn),
        ),
        c(
            "duplicate-template-key",
            V(&[K::DuplicateKey]),
            M(duplicate_template_key),
        ),
    ]
}

// ------------------------------------------------------------------ verdicts

fn kinds_of(errors: &Diagnostics) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for e in errors {
        let k = e.code.id().to_owned();
        if !out.contains(&k) {
            out.push(k);
        }
    }
    out
}

fn messages_of(errors: &Diagnostics) -> Vec<String> {
    errors
        .as_slice()
        .iter()
        .take(3)
        .map(|e| e.to_string())
        .collect()
}

fn verdict_of(result: Result<(), Diagnostics>) -> Verdict {
    match result {
        Ok(()) => Verdict {
            rejected: false,
            stage: "accepted",
            kinds: Vec::new(),
            messages: Vec::new(),
        },
        Err(e) => Verdict {
            rejected: true,
            stage: "validate",
            kinds: kinds_of(&e),
            messages: messages_of(&e),
        },
    }
}

/// The JSON route: the text through our JSON reader, ASL reader and
/// validator, as `name`.
pub fn judge_json(name: &str, text: &str) -> Verdict {
    let json = match from_json_str(text) {
        Ok(j) => j,
        Err(e) => {
            return Verdict {
                rejected: true,
                stage: "json",
                kinds: Vec::new(),
                messages: vec![e.to_string()],
            }
        }
    };
    match asl::read::definition(&json, name, Some(&machine_arn(name))) {
        Err(e) => Verdict {
            rejected: true,
            stage: "parse",
            kinds: kinds_of(&e),
            messages: messages_of(&e),
        },
        Ok(definition) => {
            let mut m = StateMachine::new(name);
            m.definition = definition;
            verdict_of(validate(&m))
        }
    }
}

/// The ARN of machine `name` of the service `corpus` (what `Json::MachineArn`
/// is written as).
fn machine_arn(name: &str) -> String {
    naming::state_machine_arn("corpus", name)
}

/// The definition as raw ASL JSON text, with the serverless variables of
/// ARNs resolved (there is no serverless.yml around it).
pub fn asl_text(m: &StateMachine) -> String {
    asl::write::definition(&m.definition, &machine_arn(&m.name))
        .to_json_string_pretty()
        .replace("${aws:region}", "us-east-1")
        .replace("${aws:accountId}", "123456789012")
        .replace("${self:service}", "corpus")
        .replace("${sls:stage}", "dev")
}

/// The machine with every task on a literal Lambda ARN instead of a
/// service function (a raw definition has no `functions:` around it).
fn standalone(m: &mut StateMachine) {
    fn block(b: &mut Block) {
        for s in &mut b.states {
            match &mut s.kind {
                StateKind::Task(t) => {
                    let key = match &t.resource {
                        Resource::Function(k) => Some(k.clone()),
                        Resource::Intrinsic(_) => Some("intrinsic".to_string()),
                        _ => None,
                    };
                    if let Some(k) = key {
                        t.resource = Resource::Arn(format!(
                            "arn:aws:lambda:us-east-1:123456789012:function:corpus-dev-{}",
                            naming::kebab_case(&k)
                        ));
                    }
                }
                StateKind::Parallel(p) => p.branches.iter_mut().for_each(block),
                StateKind::Map(mp) => block(&mut mp.body),
                _ => {}
            }
        }
    }
    block(&mut m.definition.block);
}

// ------------------------------------------------------------------ generation

/// Makes `count` mutants of run `seed`: mutant `i` has class `i % classes`
/// and breaks machine `derive(seed, i % bases)` (the same machines `emit
/// --seed` writes), or the next ones when the class does not apply to it.
pub fn mutate(seed: u64, count: usize, bases: usize) -> Result<Vec<Mutant>, String> {
    let classes = classes();
    let (_, functions) = emit::service("corpus", seed);
    let mut out = Vec::new();
    for i in 0..count {
        let class = &classes[i % classes.len()];
        let mut made = None;
        for attempt in 0..200u64 {
            let base_index = (i as u64 + attempt * 7) % bases.max(1) as u64;
            let base_seed = derive(seed, base_index);
            let mut rng = Rng::new(derive(base_seed, i as u64 + 1000 * attempt));
            let g = gen::generate(base_seed, &functions, None)?;
            let mut machine = g.machine;
            standalone(&mut machine);
            if let Err(e) = validate(&machine) {
                return Err(format!("base machine {base_seed:#018x} is invalid: {e}"));
            }
            let name = machine.name.clone();
            let mutant = match &class.kind {
                Kind::Model(f) => {
                    let mut m = machine.clone();
                    let Some(description) = f(&mut rng, &mut m) else {
                        continue;
                    };
                    let ours = verdict_of(validate(&m));
                    // exactly one rule broken: only the expected kind of error
                    if ours.kinds.iter().any(|k| !class.expect.allows(k)) {
                        continue;
                    }
                    let text = asl_text(&m);
                    Mutant {
                        class: class.name,
                        base_seed,
                        how: How::Model,
                        description,
                        ours,
                        json_route: judge_json(&name, &text),
                        json_text: text,
                    }
                }
                Kind::Json(f) => {
                    let mut json = from_json_str(&asl_text(&machine)).map_err(|e| e.to_string())?;
                    let Some(description) = f(&mut rng, &mut json) else {
                        continue;
                    };
                    let text = json.to_json_string_pretty();
                    let v = judge_json(&name, &text);
                    Mutant {
                        class: class.name,
                        base_seed,
                        how: How::Json,
                        description,
                        ours: v.clone(),
                        json_route: v,
                        json_text: text,
                    }
                }
            };
            made = Some(mutant);
            break;
        }
        match made {
            Some(m) => out.push(m),
            None => return Err(format!("no base machine fits the class {}", class.name)),
        }
    }
    Ok(out)
}

/// Writes the mutants as `DIR/NNNN-<class>.json` and `DIR/manifest.json`.
pub fn write(dir: &Path, seed: u64, mutants: &[Mutant]) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let classes = classes();
    let mut entries = Vec::new();
    for (i, m) in mutants.iter().enumerate() {
        let file = format!("{i:04}-{}.json", m.class);
        std::fs::write(dir.join(&file), format!("{}\n", m.json_text))
            .map_err(|e| format!("{file}: {e}"))?;
        let expect = classes
            .iter()
            .find(|c| c.name == m.class)
            .map_or(String::new(), |c| c.expect.text());
        let verdict = |v: &Verdict| {
            Json::object([
                ("rejected", Json::from(v.rejected)),
                ("stage", Json::from(v.stage)),
                ("kinds", Json::array(v.kinds.iter().map(String::as_str))),
                (
                    "messages",
                    Json::array(v.messages.iter().map(String::as_str)),
                ),
            ])
        };
        entries.push(Json::object([
            ("file", Json::from(file)),
            ("class", Json::from(m.class)),
            ("expect", Json::from(expect)),
            ("base_seed", Json::from(format!("{:#018x}", m.base_seed))),
            (
                "how",
                Json::from(if m.how == How::Model { "model" } else { "json" }),
            ),
            ("description", Json::from(m.description.as_str())),
            ("ours", verdict(&m.ours)),
            ("json_route", verdict(&m.json_route)),
        ]));
    }
    let manifest = Json::object([
        ("format", Json::from(1)),
        ("seed", Json::from(format!("{seed:#018x}"))),
        ("count", Json::from(mutants.len())),
        ("mutants", Json::Array(entries)),
    ]);
    std::fs::write(
        dir.join("manifest.json"),
        manifest.to_json_string_pretty() + "\n",
    )
    .map_err(|e| format!("manifest.json: {e}"))
}

// ------------------------------------------------------------------ model helpers

/// Where a block is: (state index, branch index; `usize::MAX` for a map body).
type BlockPath = Vec<(usize, usize)>;

const MAP_BODY: usize = usize::MAX;

fn block_paths(root: &Block) -> Vec<BlockPath> {
    fn walk(b: &Block, path: BlockPath, out: &mut Vec<BlockPath>) {
        out.push(path.clone());
        for (i, s) in b.states.iter().enumerate() {
            match &s.kind {
                StateKind::Parallel(p) => {
                    for (k, br) in p.branches.iter().enumerate() {
                        let mut next = path.clone();
                        next.push((i, k));
                        walk(br, next, out);
                    }
                }
                StateKind::Map(m) => {
                    let mut next = path.clone();
                    next.push((i, MAP_BODY));
                    walk(&m.body, next, out);
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(root, Vec::new(), &mut out);
    out
}

fn block_at<'a>(root: &'a mut Block, path: &[(usize, usize)]) -> &'a mut Block {
    let mut b = root;
    for &(i, k) in path {
        b = match &mut b.states[i].kind {
            StateKind::Parallel(p) => &mut p.branches[k],
            StateKind::Map(m) => &mut m.body,
            _ => unreachable!("a block path through a state without blocks"),
        };
    }
    b
}

fn block_ref<'a>(root: &'a Block, path: &[(usize, usize)]) -> &'a Block {
    let mut b = root;
    for &(i, k) in path {
        b = match &b.states[i].kind {
            StateKind::Parallel(p) => &p.branches[k],
            StateKind::Map(m) => &m.body,
            _ => unreachable!("a block path through a state without blocks"),
        };
    }
    b
}

/// Every (block path, state index) whose state satisfies `f`.
fn find_states(m: &StateMachine, f: impl Fn(&State) -> bool) -> Vec<(BlockPath, usize)> {
    let root = &m.definition.block;
    let mut out = Vec::new();
    for p in block_paths(root) {
        for (i, s) in block_ref(root, &p).states.iter().enumerate() {
            if f(s) {
                out.push((p.clone(), i));
            }
        }
    }
    out
}

fn pick<T: Clone>(rng: &mut Rng, items: &[T]) -> Option<T> {
    (!items.is_empty()).then(|| rng.pick(items).clone())
}

fn state_mut<'a>(m: &'a mut StateMachine, at: &(BlockPath, usize)) -> &'a mut State {
    &mut block_at(&mut m.definition.block, &at.0).states[at.1]
}

/// Renames a state of a block and every transition to it inside the block.
fn rename_in_block(b: &mut Block, index: usize, new: &str) {
    let old = b.states[index].name.clone();
    if b.start_at == old {
        b.start_at = new.to_owned();
    }
    for s in &mut b.states {
        retarget(s, &old, new);
    }
    b.states[index].name = new.to_owned();
}

fn retarget(s: &mut State, old: &str, new: &str) {
    if let Some(Transition::Next(n)) = s.kind.transition_mut() {
        if n == old {
            *n = new.to_owned();
        }
    }
    if let StateKind::Choice(c) = &mut s.kind {
        for r in &mut c.choices {
            if r.next == old {
                r.next = new.to_owned();
            }
        }
        if c.default.as_deref() == Some(old) {
            c.default = Some(new.to_owned());
        }
    }
    if let Some(catchers) = s.kind.catchers_mut() {
        for c in catchers {
            if c.next == old {
                c.next = new.to_owned();
            }
        }
    }
}

fn missing(rng: &mut Rng) -> String {
    format!("NoSuchState{}", rng.range(1, 999))
}

fn recoverable(s: &State) -> bool {
    s.kind.catchers().is_some()
}

fn retriers_mut(s: &mut State) -> Option<&mut Vec<Retrier>> {
    match &mut s.kind {
        StateKind::Task(t) => Some(&mut t.retry),
        StateKind::Parallel(p) => Some(&mut p.retry),
        StateKind::Map(m) => Some(&mut m.retry),
        _ => None,
    }
}

// ------------------------------------------------------------------ model mutations

fn dangling_next(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    let at = pick(
        rng,
        &find_states(m, |s| {
            matches!(s.kind.transition(), Some(Transition::Next(_)))
        }),
    )?;
    let target = missing(rng);
    let s = state_mut(m, &at);
    *s.kind.transition_mut()? = Transition::Next(target.clone());
    Some(format!("`{}`.Next -> `{target}`", s.name))
}

fn dangling_choice_target(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    let at = pick(
        rng,
        &find_states(
            m,
            |s| matches!(&s.kind, StateKind::Choice(c) if !c.choices.is_empty()),
        ),
    )?;
    let target = missing(rng);
    let s = state_mut(m, &at);
    let StateKind::Choice(c) = &mut s.kind else {
        return None;
    };
    let i = rng.below(c.choices.len());
    c.choices[i].next = target.clone();
    Some(format!("`{}`.Choices[{i}].Next -> `{target}`", s.name))
}

fn dangling_default(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    let at = pick(
        rng,
        &find_states(
            m,
            |s| matches!(&s.kind, StateKind::Choice(c) if c.default.is_some()),
        ),
    )?;
    let target = missing(rng);
    let s = state_mut(m, &at);
    let StateKind::Choice(c) = &mut s.kind else {
        return None;
    };
    c.default = Some(target.clone());
    Some(format!("`{}`.Default -> `{target}`", s.name))
}

fn dangling_catch_target(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    let at = pick(
        rng,
        &find_states(m, |s| s.kind.catchers().is_some_and(|c| !c.is_empty())),
    )?;
    let target = missing(rng);
    let s = state_mut(m, &at);
    let catchers = s.kind.catchers_mut()?;
    let i = rng.below(catchers.len());
    catchers[i].next = target.clone();
    Some(format!("`{}`.Catch[{i}].Next -> `{target}`", s.name))
}

/// A Next inside a block to a state of another block.
fn across(rng: &mut Rng, m: &mut StateMachine, map: bool) -> Option<String> {
    let root = &m.definition.block;
    let paths = block_paths(root);
    // (from block, to block): a branch and its sibling or parent (`map`:
    // a map body and its parent, either way)
    let mut pairs = Vec::new();
    for p in &paths {
        let Some(&(i, k)) = p.last() else { continue };
        let parent = p[..p.len() - 1].to_vec();
        if (k == MAP_BODY) == map {
            pairs.push((p.clone(), parent.clone()));
            pairs.push((parent.clone(), p.clone()));
            if !map {
                for q in &paths {
                    if q.len() == p.len()
                        && q[..q.len() - 1] == parent[..]
                        && q.last().map(|x| x.0) == Some(i)
                        && q != p
                    {
                        pairs.push((p.clone(), q.clone()));
                    }
                }
            }
        }
    }
    let (from, to) = pick(rng, &pairs)?;
    let target = pick(
        rng,
        &block_ref(root, &to)
            .states
            .iter()
            .map(|s| s.name.clone())
            .collect::<Vec<_>>(),
    )?;
    let from_block = block_at(&mut m.definition.block, &from);
    let candidates: Vec<usize> = from_block
        .states
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind.transition().is_some())
        .map(|(i, _)| i)
        .collect();
    let i = pick(rng, &candidates)?;
    let s = &mut from_block.states[i];
    *s.kind.transition_mut()? = Transition::Next(target.clone());
    Some(format!("`{}`.Next -> `{target}` of another block", s.name))
}

fn target_across_branch(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    across(rng, m, false)
}

fn target_across_map(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    across(rng, m, true)
}

fn startat_unknown(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    let paths = block_paths(&m.definition.block);
    let p = pick(rng, &paths)?;
    let target = missing(rng);
    block_at(&mut m.definition.block, &p).start_at = target.clone();
    Some(format!("StartAt of block {p:?} -> `{target}`"))
}

fn duplicate_in_block(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    let paths: Vec<BlockPath> = block_paths(&m.definition.block)
        .into_iter()
        .filter(|p| block_ref(&m.definition.block, p).states.len() >= 2)
        .collect();
    let p = pick(rng, &paths)?;
    let b = block_at(&mut m.definition.block, &p);
    let n = b.states.len();
    let a = rng.below(n);
    let mut c = rng.below(n - 1);
    if c >= a {
        c += 1;
    }
    let name = b.states[a].name.clone();
    let old = b.states[c].name.clone();
    rename_in_block(b, c, &name);
    Some(format!(
        "`{old}` renamed `{name}`, like another state of its block"
    ))
}

fn duplicate_across_branches(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    let root = &m.definition.block;
    let paths = block_paths(root);
    let mut pairs = Vec::new();
    for p in &paths {
        for q in &paths {
            if p.len() == q.len()
                && !p.is_empty()
                && p[..p.len() - 1] == q[..q.len() - 1]
                && p.last().map(|x| x.0) == q.last().map(|x| x.0)
                && p.last().map(|x| x.1) != q.last().map(|x| x.1)
            {
                pairs.push((p.clone(), q.clone()));
            }
        }
    }
    let (p, q) = pick(rng, &pairs)?;
    let name = pick(
        rng,
        &block_ref(root, &q)
            .states
            .iter()
            .map(|s| s.name.clone())
            .collect::<Vec<_>>(),
    )?;
    let b = block_at(&mut m.definition.block, &p);
    let i = rng.below(b.states.len());
    let old = b.states[i].name.clone();
    rename_in_block(b, i, &name);
    Some(format!(
        "`{old}` renamed `{name}`, like a state of a sibling branch"
    ))
}

fn duplicate_nested(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    let root = &m.definition.block;
    let nested: Vec<BlockPath> = block_paths(root)
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
    let p = pick(rng, &nested)?;
    let name = pick(
        rng,
        &root
            .states
            .iter()
            .map(|s| s.name.clone())
            .collect::<Vec<_>>(),
    )?;
    let b = block_at(&mut m.definition.block, &p);
    let i = rng.below(b.states.len());
    let old = b.states[i].name.clone();
    rename_in_block(b, i, &name);
    Some(format!(
        "`{old}` (nested) renamed `{name}`, like a top-level state"
    ))
}

fn unreachable_state(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    let paths = block_paths(&m.definition.block);
    let p = pick(rng, &paths)?;
    let name = format!("Orphan{}", rng.range(1, 999));
    block_at(&mut m.definition.block, &p)
        .states
        .push(State::new(
            name.as_str(),
            StateKind::Pass(PassState::default()),
        ));
    Some(format!(
        "`{name}` added to block {p:?}, nothing leads to it"
    ))
}

fn no_terminal(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    let paths = block_paths(&m.definition.block);
    let p = pick(rng, &paths)?;
    let b = block_at(&mut m.definition.block, &p);
    let start = b.start_at.clone();
    for s in &mut b.states {
        match &mut s.kind {
            StateKind::Succeed(_) | StateKind::Fail(_) => {
                let mut pass = PassState::default();
                pass.transition = Transition::Next(start.clone());
                s.kind = StateKind::Pass(pass);
            }
            other => {
                if let Some(t) = other.transition_mut() {
                    if *t == Transition::End {
                        *t = Transition::Next(start.clone());
                    }
                }
            }
        }
    }
    Some(format!(
        "every end of block {p:?} now goes back to `{start}`"
    ))
}

fn add_retrier(
    rng: &mut Rng,
    m: &mut StateMachine,
    retriers: Vec<Retrier>,
    what: &str,
) -> Option<String> {
    let at = pick(rng, &find_states(m, recoverable))?;
    let s = state_mut(m, &at);
    let name = s.name.clone();
    let list = retriers_mut(s)?;
    list.clear();
    list.extend(retriers);
    Some(format!("`{name}`.Retry: {what}"))
}

/// Adds catchers (`first`: before the state's own, else after them) to a
/// Task, Parallel or Map. Existing catchers stay, so that no state becomes
/// unreachable; a `States.ALL` among them is renamed so that only the added
/// catchers break a rule.
fn add_catchers(
    rng: &mut Rng,
    m: &mut StateMachine,
    errors: Vec<Vec<&str>>,
    first: bool,
    what: &str,
) -> Option<String> {
    let at = pick(rng, &find_states(m, recoverable))?;
    let block = block_ref(&m.definition.block, &at.0);
    let me = block.states[at.1].name.clone();
    let targets: Vec<String> = block
        .states
        .iter()
        .map(|s| s.name.clone())
        .filter(|n| *n != me)
        .collect();
    let target = pick(rng, &targets)?;
    let s = state_mut(m, &at);
    let list = s.kind.catchers_mut()?;
    for c in list.iter_mut() {
        for e in &mut c.error_equals {
            if e == "States.ALL" {
                *e = "Corpus.Any".into();
            }
        }
    }
    let added: Vec<Catcher> = errors
        .into_iter()
        .map(|e| Catcher::on(e, target.as_str()))
        .collect();
    if first {
        list.splice(0..0, added);
    } else {
        list.extend(added);
    }
    Some(format!("`{me}`.Catch: {what}"))
}

fn states_all_not_alone_retry(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    add_retrier(
        rng,
        m,
        vec![Retrier::on(["States.ALL", "States.Timeout"])],
        "[States.ALL, States.Timeout]",
    )
}

fn states_all_not_alone_catch(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    add_catchers(
        rng,
        m,
        vec![vec!["States.TaskFailed", "States.ALL"]],
        false,
        "[States.TaskFailed, States.ALL] last",
    )
}

fn states_all_not_last_retry(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    add_retrier(
        rng,
        m,
        vec![
            Retrier::on(["States.ALL"]),
            Retrier::on(["States.Timeout"]).max_attempts(2),
        ],
        "States.ALL, then States.Timeout",
    )
}

fn states_all_not_last_catch(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    add_catchers(
        rng,
        m,
        vec![vec!["States.ALL"], vec!["MyError"]],
        true,
        "States.ALL, then MyError, before its own",
    )
}

fn bad_error_name(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    let name = *rng.pick(&["States.Foo", "States.TaskFailure", "States.all", "States."]);
    if rng.chance(50) {
        add_retrier(rng, m, vec![Retrier::on([name])], name)
    } else {
        add_catchers(rng, m, vec![vec![name]], true, name)
    }
}

fn empty_error_equals(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    if rng.chance(50) {
        add_retrier(
            rng,
            m,
            vec![Retrier::on(Vec::<String>::new())],
            "ErrorEquals []",
        )
    } else {
        add_catchers(rng, m, vec![vec![]], true, "ErrorEquals []")
    }
}

const BAD_PATHS: &[&str] = &[
    "$.a[", "$..", "a.b", "$.a b", "$[", "$.", "$.a]", "$.a..", "$['a'", "$.a[x]",
];

fn input_path_mut(s: &mut State) -> Option<&mut Option<NullablePath>> {
    if matches!(s.kind, StateKind::Fail(_)) {
        return None;
    }
    Some(&mut s.io.json_path_mut()?.input_path)
}

fn result_path_mut(s: &mut State) -> Option<&mut Option<NullablePath>> {
    match s.kind {
        StateKind::Task(_) | StateKind::Pass(_) | StateKind::Parallel(_) | StateKind::Map(_) => {
            Some(&mut s.io.json_path_mut()?.result_path)
        }
        _ => None,
    }
}

fn bad_input_path(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    let at = pick(
        rng,
        &find_states(m, |s| !matches!(s.kind, StateKind::Fail(_))),
    )?;
    let path = rng.pick(BAD_PATHS).to_string();
    let s = state_mut(m, &at);
    *input_path_mut(s)? = Some(NullablePath::Path(path.clone()));
    Some(format!("`{}`.InputPath = `{path}`", s.name))
}

fn bad_result_path(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    let at = pick(
        rng,
        &find_states(m, |s| {
            matches!(
                s.kind,
                StateKind::Task(_)
                    | StateKind::Pass(_)
                    | StateKind::Parallel(_)
                    | StateKind::Map(_)
            )
        }),
    )?;
    // broken, or not a reference path (one node)
    let path = rng
        .pick(&[
            "$.a[",
            "$..a",
            "$.a[*]",
            "$.a[0:2]",
            "$.a[-1]",
            "a",
            "$.a[?(@.b > 1)]",
            "$.a.*",
        ])
        .to_string();
    let s = state_mut(m, &at);
    *result_path_mut(s)? = Some(NullablePath::Path(path.clone()));
    Some(format!("`{}`.ResultPath = `{path}`", s.name))
}

fn result_path_context(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    let at = pick(
        rng,
        &find_states(m, |s| {
            matches!(
                s.kind,
                StateKind::Task(_)
                    | StateKind::Pass(_)
                    | StateKind::Parallel(_)
                    | StateKind::Map(_)
            )
        }),
    )?;
    let path = rng
        .pick(&["$$.Execution.Id", "$$.State.Name", "$$"])
        .to_string();
    let s = state_mut(m, &at);
    *result_path_mut(s)? = Some(NullablePath::Path(path.clone()));
    Some(format!(
        "`{}`.ResultPath = `{path}` (the read-only context object)",
        s.name
    ))
}

fn bad_items_path(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    let at = pick(
        rng,
        &find_states(m, |s| {
            matches!(&s.kind, StateKind::Map(mp)
                if mp.processor.distributed().is_none_or(|d| d.item_reader.is_none()))
        }),
    )?;
    let path = rng
        .pick(&[
            "$.items[",
            "$..items",
            "$.items[*]",
            "items",
            "$.items[0:1]",
            "$.a b",
        ])
        .to_string();
    let s = state_mut(m, &at);
    let StateKind::Map(mp) = &mut s.kind else {
        return None;
    };
    mp.items = Some(Items::Path(path.clone()));
    Some(format!("`{}`.ItemsPath = `{path}`", s.name))
}

fn first_compare(r: &mut Rule) -> Option<&mut Rule> {
    match r {
        Rule::Compare { .. } => Some(r),
        Rule::Not(inner) | Rule::Commented { rule: inner, .. } => first_compare(inner),
        Rule::And(rs) | Rule::Or(rs) => rs.iter_mut().find_map(first_compare),
    }
}

fn bad_variable(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    let at = pick(
        rng,
        &find_states(
            m,
            |s| matches!(&s.kind, StateKind::Choice(c) if !c.choices.is_empty()),
        ),
    )?;
    let path = rng.pick(BAD_PATHS).to_string();
    let s = state_mut(m, &at);
    let name = s.name.clone();
    let StateKind::Choice(c) = &mut s.kind else {
        return None;
    };
    let i = rng.below(c.choices.len());
    let Condition::Rule(rule) = &mut c.choices[i].condition else {
        return None;
    };
    let Rule::Compare { variable, .. } = first_compare(rule)? else {
        return None;
    };
    *variable = path.clone();
    Some(format!("`{name}`.Choices[{i}] Variable = `{path}`"))
}

fn parameters_mut(s: &mut State) -> Option<&mut Option<Json>> {
    match s.kind {
        StateKind::Task(_) | StateKind::Pass(_) | StateKind::Parallel(_) => {
            Some(&mut s.io.json_path_mut()?.parameters)
        }
        _ => None,
    }
}

/// Adds `key: value` to the Parameters of a Pass, Task or Parallel.
fn add_parameter(rng: &mut Rng, m: &mut StateMachine, key: &str, value: Json) -> Option<String> {
    let at = pick(
        rng,
        &find_states(m, |s| {
            matches!(
                s.kind,
                StateKind::Task(_) | StateKind::Pass(_) | StateKind::Parallel(_)
            )
        }),
    )?;
    let s = state_mut(m, &at);
    let name = s.name.clone();
    let params = parameters_mut(s)?;
    let shown = value.to_json_string();
    match params {
        Some(Json::Object(pairs)) => pairs.push((key.to_owned(), value)),
        _ => *params = Some(Json::object([(key, value)])),
    }
    Some(format!("`{name}`.Parameters.{key} = {shown}"))
}

fn bad_dollar_value(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    let value = match rng.below(5) {
        0 => Json::from("not a path"),
        1 => Json::from(5),
        2 => Json::from("$.a["),
        3 => Json::from(""),
        _ => Json::object([("a", 1)]),
    };
    add_parameter(rng, m, "broken.$", value)
}

fn unknown_intrinsic(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    let call = *rng.pick(&[
        "States.Foo($.a)",
        "States.format('{}', $.a)",
        "States.StringJoin($.a, ',')",
        "States.Uuid()",
    ]);
    add_parameter(rng, m, "call.$", Json::from(call))
}

fn intrinsic_arity(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    let call = *rng.pick(&[
        "States.MathAdd($.a)",
        "States.ArrayLength($.a, 1)",
        "States.UUID($.a)",
        "States.Format()",
        "States.JsonMerge($.a, $.b)",
    ]);
    add_parameter(rng, m, "call.$", Json::from(call))
}

fn empty_choices(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    let at = pick(
        rng,
        &find_states(
            m,
            |s| matches!(&s.kind, StateKind::Choice(c) if c.default.is_some()),
        ),
    )?;
    let s = state_mut(m, &at);
    let StateKind::Choice(c) = &mut s.kind else {
        return None;
    };
    c.choices.clear();
    Some(format!("`{}`.Choices = []", s.name))
}

fn empty_branches(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    let at = pick(
        rng,
        &find_states(m, |s| matches!(s.kind, StateKind::Parallel(_))),
    )?;
    let s = state_mut(m, &at);
    let StateKind::Parallel(p) = &mut s.kind else {
        return None;
    };
    p.branches.clear();
    Some(format!("`{}`.Branches = []", s.name))
}

fn empty_and(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    let at = pick(
        rng,
        &find_states(
            m,
            |s| matches!(&s.kind, StateKind::Choice(c) if !c.choices.is_empty()),
        ),
    )?;
    let s = state_mut(m, &at);
    let name = s.name.clone();
    let StateKind::Choice(c) = &mut s.kind else {
        return None;
    };
    let i = rng.below(c.choices.len());
    let op = if rng.chance(50) { "And" } else { "Or" };
    c.choices[i].condition = Condition::Rule(if op == "And" {
        Rule::And(Vec::new())
    } else {
        Rule::Or(Vec::new())
    });
    Some(format!("`{name}`.Choices[{i}] = {op}: []"))
}

fn task_mut(s: &mut State) -> Option<&mut TaskState> {
    match &mut s.kind {
        StateKind::Task(t) => Some(t),
        _ => None,
    }
}

fn heartbeat_ge_timeout(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    let at = pick(
        rng,
        &find_states(m, |s| matches!(s.kind, StateKind::Task(_))),
    )?;
    let timeout = rng.range(1, 600);
    let heartbeat = timeout + rng.range(0, 1) * rng.range(1, 100);
    let s = state_mut(m, &at);
    let name = s.name.clone();
    let t = task_mut(s)?;
    t.timeout = Some(Dynamic::Value(timeout));
    t.heartbeat = Some(Dynamic::Value(heartbeat));
    Some(format!(
        "`{name}`: TimeoutSeconds {timeout}, HeartbeatSeconds {heartbeat}"
    ))
}

fn timeout_zero(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    if rng.chance(30) {
        m.definition.timeout_seconds = Some(0);
        return Some("the machine's TimeoutSeconds = 0".into());
    }
    let at = pick(
        rng,
        &find_states(m, |s| matches!(s.kind, StateKind::Task(_))),
    )?;
    let s = state_mut(m, &at);
    let name = s.name.clone();
    let t = task_mut(s)?;
    t.heartbeat = None;
    t.timeout = Some(Dynamic::Value(0));
    Some(format!("`{name}`.TimeoutSeconds = 0"))
}

const BAD_TIMESTAMPS: &[&str] = &[
    "2024-13-01T00:00:00Z",
    "2024-02-30T00:00:00Z",
    "2024-01-01 00:00:00Z",
    "2024-01-01T00:00:00",
    "2024-01-01T25:00:00Z",
    "yesterday",
    "2024-01-01t00:00:00z",
    "2024-1-1T00:00:00Z",
];

fn bad_timestamp(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    let ts = rng.pick(BAD_TIMESTAMPS).to_string();
    let waits = find_states(m, |s| matches!(s.kind, StateKind::Wait(_)));
    if !waits.is_empty() && rng.chance(60) {
        let at = pick(rng, &waits)?;
        let s = state_mut(m, &at);
        let StateKind::Wait(w) = &mut s.kind else {
            return None;
        };
        w.duration = WaitDuration::Timestamp(Dynamic::Value(ts.clone()));
        return Some(format!("`{}`.Timestamp = `{ts}`", s.name));
    }
    let at = pick(
        rng,
        &find_states(
            m,
            |s| matches!(&s.kind, StateKind::Choice(c) if !c.choices.is_empty()),
        ),
    )?;
    let s = state_mut(m, &at);
    let name = s.name.clone();
    let StateKind::Choice(c) = &mut s.kind else {
        return None;
    };
    let i = rng.below(c.choices.len());
    c.choices[i].condition = Condition::Rule(Rule::compare(
        "$.when",
        Operator::TimestampLessThan,
        ts.as_str(),
    ));
    Some(format!("`{name}`.Choices[{i}]: TimestampLessThan `{ts}`"))
}

fn one_retrier(
    rng: &mut Rng,
    m: &mut StateMachine,
    f: impl Fn(Retrier) -> Retrier,
    what: &str,
) -> Option<String> {
    add_retrier(rng, m, vec![f(Retrier::on(["States.TaskFailed"]))], what)
}

fn interval_zero(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    one_retrier(rng, m, |r| r.interval(0), "IntervalSeconds 0")
}

fn backoff_below_one(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    let rate = *rng.pick(&[0.5, 0.0, 0.99]);
    one_retrier(
        rng,
        m,
        move |r| r.backoff(rate),
        &format!("BackoffRate {rate}"),
    )
}

fn max_delay_zero(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    one_retrier(rng, m, |r| r.max_delay(0), "MaxDelaySeconds 0")
}

fn name_too_long(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    let paths = block_paths(&m.definition.block);
    let p = pick(rng, &paths)?;
    let b = block_at(&mut m.definition.block, &p);
    let i = rng.below(b.states.len());
    let len = rng.range(81, 120) as usize;
    let name = format!("TooLong{}", "x".repeat(len - 7));
    let old = b.states[i].name.clone();
    rename_in_block(b, i, &name);
    Some(format!("`{old}` renamed with {len} characters"))
}

fn operand_type(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    let at = pick(
        rng,
        &find_states(
            m,
            |s| matches!(&s.kind, StateKind::Choice(c) if !c.choices.is_empty()),
        ),
    )?;
    let (op, value): (Operator, Operand) = match rng.below(4) {
        0 => (Operator::NumericEquals, Operand::from("5")),
        1 => (Operator::StringEquals, Operand::from(5)),
        2 => (Operator::BooleanEquals, Operand::from("true")),
        _ => (Operator::IsPresent, Operand::from("yes")),
    };
    let s = state_mut(m, &at);
    let name = s.name.clone();
    let StateKind::Choice(c) = &mut s.kind else {
        return None;
    };
    let i = rng.below(c.choices.len());
    let shown = value.to_json().to_json_string();
    c.choices[i].condition = Condition::Rule(Rule::compare("$.value", op, value));
    Some(format!("`{name}`.Choices[{i}]: {} {shown}", op.as_str()))
}

fn resource_not_arn(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    let at = pick(
        rng,
        &find_states(m, |s| matches!(s.kind, StateKind::Task(_))),
    )?;
    let r = rng
        .pick(&[
            "not-an-arn",
            "arn:aws:lambda",
            "lambda:function:f",
            "arn:aws:states:::lambda: invoke",
        ])
        .to_string();
    let s = state_mut(m, &at);
    let name = s.name.clone();
    task_mut(s)?.resource = Resource::Arn(r.clone());
    Some(format!("`{name}`.Resource = `{r}`"))
}

fn duplicate_template_key(rng: &mut Rng, m: &mut StateMachine) -> Option<String> {
    let at = pick(
        rng,
        &find_states(m, |s| {
            matches!(
                s.kind,
                StateKind::Task(_) | StateKind::Pass(_) | StateKind::Parallel(_)
            )
        }),
    )?;
    let s = state_mut(m, &at);
    let name = s.name.clone();
    let params = parameters_mut(s)?;
    let pairs = vec![
        ("same".to_string(), Json::from(1)),
        ("same.$".to_string(), Json::from("$.a")),
    ];
    match params {
        Some(Json::Object(existing)) => existing.extend(pairs),
        _ => *params = Some(Json::Object(pairs)),
    }
    Some(format!("`{name}`.Parameters: both `same` and `same.$`"))
}

// ------------------------------------------------------------------ JSON helpers

fn get_ref<'a>(v: &'a Json, path: &[String]) -> Option<&'a Json> {
    let mut v = v;
    for k in path {
        v = match v {
            Json::Object(pairs) => &pairs.iter().find(|(key, _)| key == k)?.1,
            Json::Array(items) => items.get(k.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(v)
}

fn get_mut<'a>(v: &'a mut Json, path: &[String]) -> Option<&'a mut Json> {
    let mut v = v;
    for k in path {
        v = match v {
            Json::Object(pairs) => &mut pairs.iter_mut().find(|(key, _)| key == k)?.1,
            Json::Array(items) => items.get_mut(k.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(v)
}

/// Every state as (path of its block object, state name, its type).
fn json_states(root: &Json) -> Vec<(Vec<String>, String, String)> {
    fn walk(block: &Json, path: Vec<String>, out: &mut Vec<(Vec<String>, String, String)>) {
        let Some(Json::Object(states)) = block.get("States") else {
            return;
        };
        for (name, s) in states {
            let ty = s
                .get("Type")
                .and_then(Json::as_str)
                .unwrap_or_default()
                .to_owned();
            out.push((path.clone(), name.clone(), ty.clone()));
            if let Some(Json::Array(branches)) = s.get("Branches") {
                for (i, b) in branches.iter().enumerate() {
                    let mut p = path.clone();
                    p.extend([
                        "States".into(),
                        name.clone(),
                        "Branches".into(),
                        i.to_string(),
                    ]);
                    walk(b, p, out);
                }
            }
            if let Some(proc) = s.get("ItemProcessor") {
                let mut p = path.clone();
                p.extend(["States".into(), name.clone(), "ItemProcessor".into()]);
                walk(proc, p, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(root, Vec::new(), &mut out);
    out
}

fn state_path(block: &[String], name: &str) -> Vec<String> {
    let mut p = block.to_vec();
    p.extend(["States".to_string(), name.to_string()]);
    p
}

fn push_field(state: &mut Json, key: &str, value: Json) -> Option<()> {
    match state {
        Json::Object(pairs) => {
            pairs.retain(|(k, _)| k != key);
            pairs.push((key.to_owned(), value));
            Some(())
        }
        _ => None,
    }
}

// ------------------------------------------------------------------ JSON mutations

fn recovery_on(rng: &mut Rng, j: &mut Json, ty: &str, field: &str) -> Option<String> {
    let states: Vec<_> = json_states(j)
        .into_iter()
        .filter(|(_, _, t)| t == ty)
        .collect();
    let (block, name, _) = pick(rng, &states)?;
    let siblings: Vec<String> = json_states(j)
        .into_iter()
        .filter(|(b, n, _)| *b == block && *n != name)
        .map(|(_, n, _)| n)
        .collect();
    let value = if field == "Catch" {
        let target = pick(rng, &siblings).unwrap_or_else(|| name.clone());
        Json::array([Json::object([
            ("ErrorEquals", Json::array(["States.ALL"])),
            ("Next", Json::from(target)),
        ])])
    } else {
        Json::array([Json::object([
            ("ErrorEquals", Json::array(["States.ALL"])),
            ("MaxAttempts", Json::from(2)),
        ])])
    };
    let state = get_mut(j, &state_path(&block, &name))?;
    push_field(state, field, value)?;
    Some(format!("`{name}` ({ty}) gets a {field}"))
}

fn next_and_end(rng: &mut Rng, j: &mut Json) -> Option<String> {
    let states: Vec<_> = json_states(j);
    let with_next: Vec<_> = states
        .into_iter()
        .filter(|(b, n, _)| get_ref(j, &state_path(b, n)).is_some_and(|s| s.get("Next").is_some()))
        .collect();
    let (block, name, _) = pick(rng, &with_next)?;
    let state = get_mut(j, &state_path(&block, &name))?;
    push_field(state, "End", Json::from(true))?;
    Some(format!("`{name}` has both Next and End: true"))
}

fn wait_two_durations(rng: &mut Rng, j: &mut Json) -> Option<String> {
    let waits: Vec<_> = json_states(j)
        .into_iter()
        .filter(|(_, _, t)| t == "Wait")
        .collect();
    let (block, name, _) = pick(rng, &waits)?;
    let state = get_mut(j, &state_path(&block, &name))?;
    let (key, value) = if state.get("Seconds").is_some() {
        ("Timestamp", Json::from("2024-01-01T00:00:00Z"))
    } else {
        ("Seconds", Json::from(5))
    };
    push_field(state, key, value)?;
    Some(format!("`{name}` has a second duration, {key}"))
}

fn unknown_state_type(rng: &mut Rng, j: &mut Json) -> Option<String> {
    let states = json_states(j);
    let (block, name, ty) = pick(rng, &states)?;
    let new = *rng.pick(&["Sleep", "task", "Lambda", "Switch", "Parrallel", ""]);
    let state = get_mut(j, &state_path(&block, &name))?;
    if let Json::Object(pairs) = state {
        for (k, v) in pairs.iter_mut() {
            if k == "Type" {
                *v = Json::from(new);
            }
        }
    }
    Some(format!("`{name}`.Type {ty} -> `{new}`"))
}

fn unknown_field(rng: &mut Rng, j: &mut Json) -> Option<String> {
    let states = json_states(j);
    let (block, name, _) = pick(rng, &states)?;
    let (key, value) = rng
        .pick(&[
            ("Nextt", Json::from("X")),
            ("Foo", Json::from(1)),
            (
                "Resources",
                Json::from("arn:aws:lambda:us-east-1:123456789012:function:f"),
            ),
            ("Parameter", Json::object([("a", 1)])),
            ("comment", Json::from("lower case")),
        ])
        .clone();
    let state = get_mut(j, &state_path(&block, &name))?;
    push_field(state, key, value)?;
    Some(format!("`{name}` gets an unknown field `{key}`"))
}

/// A value and its `…Path` twin on a Fail state (the model holds one of
/// them only).
fn error_and_error_path(rng: &mut Rng, j: &mut Json) -> Option<String> {
    let fails: Vec<_> = json_states(j)
        .into_iter()
        .filter(|(_, _, t)| t == "Fail")
        .collect();
    let (block, name, _) = pick(rng, &fails)?;
    let state = get_mut(j, &state_path(&block, &name))?;
    if rng.chance(50) {
        push_field(state, "Error", Json::from("Corpus.Error"))?;
        push_field(state, "ErrorPath", Json::from("$.error"))?;
        Some(format!("`{name}`: Error and ErrorPath"))
    } else {
        push_field(state, "Cause", Json::from("a cause"))?;
        push_field(state, "CausePath", Json::from("$.cause"))?;
        Some(format!("`{name}`: Cause and CausePath"))
    }
}

fn startat_absent(rng: &mut Rng, j: &mut Json) -> Option<String> {
    let mut blocks: Vec<Vec<String>> = json_states(j).into_iter().map(|(b, _, _)| b).collect();
    blocks.dedup();
    let block = pick(rng, &blocks)?;
    let b = get_mut(j, &block)?;
    if let Json::Object(pairs) = b {
        pairs.retain(|(k, _)| k != "StartAt");
    }
    Some(format!(
        "no StartAt in block {}",
        if block.is_empty() {
            "(top level)".to_string()
        } else {
            block.join(".")
        }
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_class_is_rejected_by_the_validator_or_the_parser_with_its_error() {
        let classes = classes();
        let mutants = mutate(0xC0FFEE, classes.len() * 3, 60).unwrap();
        for m in &mutants {
            let class = classes.iter().find(|c| c.name == m.class).unwrap();
            assert!(
                m.ours.rejected,
                "{} ({}) was accepted",
                m.class, m.description
            );
            assert!(
                m.json_route.rejected,
                "{} ({}): the JSON route accepts it",
                m.class, m.description
            );
            if class.expect == Expect::Parse {
                assert_eq!(m.ours.stage, "parse", "{}: {:?}", m.class, m.ours.messages);
            } else {
                assert!(
                    m.ours.kinds.iter().any(|k| class.expect.allows(k)),
                    "{} ({}): expected {}, got {:?} {:?}",
                    m.class,
                    m.description,
                    class.expect.text(),
                    m.ours.kinds,
                    m.ours.messages
                );
            }
        }
    }

    #[test]
    fn unmutated_base_machines_pass_both_routes() {
        let (_, functions) = emit::service("corpus", 1);
        for i in 0..40 {
            let mut m = gen::generate(derive(5, i), &functions, None)
                .unwrap()
                .machine;
            standalone(&mut m);
            assert!(validate(&m).is_ok());
            let v = judge_json(&m.name, &asl_text(&m));
            assert!(!v.rejected, "{:?}", v.messages);
        }
    }
}
