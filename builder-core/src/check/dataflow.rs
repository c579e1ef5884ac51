//! "Variable `$x` may be unassigned here": a definite-assignment analysis
//! over each block's transitions, as rustc's for possibly-uninitialized
//! variables (E0381).
//!
//! A state's reads see what is assigned on every path from the start of
//! the machine to it. The edges of a block and what each assigns follow the
//! ASL specification: a state's `Assign` takes effect when it leaves by
//! `Next` (after its own fields were evaluated, so a state reading what it
//! assigns sees the old value); a Choice rule's `Assign` on that rule's
//! edge, the Choice's own on `Default` only ("If a Choice Rule is chosen,
//! the interpreter evaluates the Choice Rule's Assign field … and does not
//! evaluate the state's top-level Assign field"); a catcher's `Assign` on
//! its edge, the state's own not at all ("When a Catcher is matched … the
//! state's Assign field is not evaluated"). A branch or map body starts with
//! what is assigned before its Parallel or Map; a Distributed Map body with
//! nothing.
//!
//! The sets are bit vectors, solved by the usual iteration from "everything
//! assigned" downwards: assignments only add, so the greatest fixed point
//! is exactly the intersection over all paths, loops included, and each
//! state's set shrinks at most once per variable — linear in the size of
//! the machine for a given number of variables.

use super::symbols::{Owner, Symbols};
use super::variables::{assigns, names_of, Read, Scopes, Site};
use super::Ck;
use crate::diag::{Code, Diagnostic};
use crate::model::*;
use std::collections::{HashMap, VecDeque};

/// How many error notes may search for a path (each search is linear).
const PATH_BUDGET: usize = 64;

/// A bit vector over the machine's variables.
#[derive(Clone, PartialEq, Eq)]
struct Set(Vec<u64>);

impl Set {
    fn empty(words: usize) -> Set {
        Set(vec![0; words])
    }
    fn full(words: usize) -> Set {
        Set(vec![u64::MAX; words])
    }
    fn has(&self, var: usize) -> bool {
        self.0[var / 64] & (1 << (var % 64)) != 0
    }
    fn add(&mut self, var: usize) {
        self.0[var / 64] |= 1 << (var % 64);
    }
}

/// How a state leaves for another.
#[derive(Clone, Copy, Debug)]
enum Via {
    /// `Next`.
    Next,
    /// Choice rule `i`.
    Rule(usize),
    /// The Choice's `Default`.
    Default,
    /// Catcher `i`.
    Catch,
}

/// One edge: to a state of the block, assigning these variables.
struct Edge {
    to: usize,
    via: Via,
    gen: Option<Set>,
}

/// One block's graph and solution.
struct Flow {
    edges: Vec<Vec<Edge>>,
    /// What is assigned on every path to each state; `None` when no path
    /// reaches it.
    before: Vec<Option<Set>>,
    /// What is assigned when the block starts.
    entry: Set,
    /// The position of its `StartAt` state.
    start: usize,
}

/// Reports every read that some path leaves unassigned. `resolved` holds,
/// per block and state, the reads that named a variable in scope (index into
/// `reads`, variable id); `intact` says which blocks' transitions are as the
/// user wrote them (the analysis skips the others, and trusts what their
/// inner blocks read).
pub fn check(
    ck: &mut Ck<'_>,
    symbols: &Symbols<'_>,
    scopes: &Scopes,
    reads: &[Vec<Vec<Read>>],
    resolved: &[Vec<Vec<(usize, usize)>>],
    intact: &[bool],
) {
    let words = scopes.ids.len().div_ceil(64);
    if words == 0 || resolved.iter().flatten().all(Vec::is_empty) {
        return;
    }
    let mut flows: Vec<Option<Flow>> = Vec::with_capacity(symbols.blocks.len());
    for (id, info) in symbols.blocks.iter().enumerate() {
        let entry = match (info.parent, info.owner_index) {
            _ if matches!(info.owner, Owner::MapBody(_, true)) => Set::empty(words),
            (Some(parent), Some(i)) => match &flows[parent] {
                Some(flow) => match &flow.before[i] {
                    Some(set) => set.clone(),
                    None => Set::full(words),
                },
                // The enclosing block was not analysed: trust its reads.
                None => Set::full(words),
            },
            _ => Set::empty(words),
        };
        let start = info.index.get(info.block.start_at.as_str()).copied();
        let Some(start) = start.filter(|_| intact[id]) else {
            flows.push(None);
            continue;
        };
        let edges = edges(info, scopes, words);
        let before = solve(&edges, start, &entry);
        flows.push(Some(Flow {
            edges,
            before,
            entry,
            start,
        }));
    }
    let mut paths = Paths {
        cache: HashMap::new(),
        budget: PATH_BUDGET,
    };
    for (id, flow) in flows.iter().enumerate() {
        let Some(flow) = flow else { continue };
        for (i, list) in resolved[id].iter().enumerate() {
            let Some(before) = &flow.before[i] else {
                continue;
            };
            for &(n, var) in list {
                if before.has(var) {
                    continue;
                }
                let read = &reads[id][i][n];
                let mut d = Diagnostic::new(
                    Code::MaybeUnassigned,
                    read.location.clone(),
                    format!(
                        "variable `${}` may be unassigned here ({} of the string)",
                        read.name, read.at
                    ),
                );
                if let Some(note) = paths.note(symbols, &flows, id, i, var, &read.name) {
                    d = d.with_note(note);
                }
                let state = &symbols.blocks[id].block.states[i];
                if assigns_var(state, scopes, var) {
                    d = d.with_help(format!(
                        "a state's assignments take effect after it: `{}` reads the value `${}` had before it",
                        state.name, read.name
                    ));
                } else {
                    d = d.with_help(format!(
                        "assign `${}` on every path to `{}`, or read it only where it is assigned",
                        read.name, state.name
                    ));
                }
                ck.push(d);
            }
        }
    }
}

/// Whether any `Assign` of the state sets `var`.
fn assigns_var(state: &State, scopes: &Scopes, var: usize) -> bool {
    let jsonpath = state.query_language() == QueryLanguage::JsonPath;
    assigns(state).any(|(_, a)| names_of(a, jsonpath).any(|(_, n)| scopes.id(n) == Some(var)))
}

/// The edges of a block, each with what it assigns.
fn edges(info: &super::symbols::BlockInfo<'_>, scopes: &Scopes, words: usize) -> Vec<Vec<Edge>> {
    let index = |name: &str| info.index.get(name).copied();
    info.block
        .states
        .iter()
        .map(|state| {
            let jsonpath = state.query_language() == QueryLanguage::JsonPath;
            let gen = |site: Site| -> Option<Set> {
                let (_, assign) = assigns(state).find(|(s, _)| *s == site)?;
                let mut set = Set::empty(words);
                for (_, name) in names_of(assign, jsonpath) {
                    if let Some(var) = scopes.id(name) {
                        set.add(var);
                    }
                }
                Some(set)
            };
            let mut out = Vec::new();
            if let StateKind::Choice(choice) = &state.kind {
                for (r, rule) in choice.choices.iter().enumerate() {
                    if let Some(to) = index(&rule.next) {
                        out.push(Edge {
                            to,
                            via: Via::Rule(r),
                            gen: gen(Site::Rule(r)),
                        });
                    }
                }
                if let Some(to) = choice.default.as_deref().and_then(index) {
                    out.push(Edge {
                        to,
                        via: Via::Default,
                        gen: gen(Site::State),
                    });
                }
            } else if let Some(Transition::Next(next)) = state.kind.transition() {
                if let Some(to) = index(next) {
                    out.push(Edge {
                        to,
                        via: Via::Next,
                        gen: gen(Site::State),
                    });
                }
            }
            for (c, catcher) in state.kind.catchers().into_iter().flatten().enumerate() {
                if let Some(to) = index(&catcher.next) {
                    out.push(Edge {
                        to,
                        via: Via::Catch,
                        gen: gen(Site::Catch(c)),
                    });
                }
            }
            out
        })
        .collect()
}

/// The greatest fixed point of `before[to] = ∩ (before[from] ∪ gen)`, with
/// `before[start] ⊆ entry`.
fn solve(edges: &[Vec<Edge>], start: usize, entry: &Set) -> Vec<Option<Set>> {
    let n = edges.len();
    let mut before: Vec<Option<Set>> = vec![None; n];
    before[start] = Some(entry.clone());
    let mut queued = vec![false; n];
    let mut work = VecDeque::from([start]);
    queued[start] = true;
    while let Some(from) = work.pop_front() {
        queued[from] = false;
        let Some(current) = before[from].clone() else {
            continue;
        };
        for edge in &edges[from] {
            let mut out = current.clone();
            if let Some(gen) = &edge.gen {
                for (w, g) in out.0.iter_mut().zip(&gen.0) {
                    *w |= g;
                }
            }
            let changed = match &mut before[edge.to] {
                slot @ None => {
                    *slot = Some(out);
                    true
                }
                Some(set) => {
                    let mut changed = false;
                    for (w, o) in set.0.iter_mut().zip(&out.0) {
                        let meet = *w & o;
                        changed |= meet != *w;
                        *w = meet;
                    }
                    changed
                }
            };
            if changed && !queued[edge.to] {
                queued[edge.to] = true;
                work.push_back(edge.to);
            }
        }
    }
    before
}

/// For each state of a block, the step (from which state, by which edge)
/// that first reached it without assigning a variable.
type Steps = Vec<Option<(usize, Via)>>;

/// Paths that leave a variable unassigned, found on demand.
struct Paths {
    /// (block, variable) → its steps.
    cache: HashMap<(usize, usize), Steps>,
    budget: usize,
}

impl Paths {
    /// "`A` → `C` → `Small` → `Use` assigns no `$x` (when `Small` is taken at `C`)".
    fn note(
        &mut self,
        symbols: &Symbols<'_>,
        flows: &[Option<Flow>],
        block: usize,
        state: usize,
        var: usize,
        name: &str,
    ) -> Option<String> {
        let mut hops: Vec<String> = Vec::new();
        let mut whens: Vec<String> = Vec::new();
        let (mut block, mut state) = (block, state);
        loop {
            let flow = flows[block].as_ref()?;
            let steps = self.search(flow, block, var)?;
            let states = &symbols.blocks[block].block.states;
            let mut chain = vec![state];
            let mut at = state;
            while let Some((from, via)) = steps[at] {
                match via {
                    Via::Rule(r) => whens.push(format!(
                        "when `{}` is taken at `{}`",
                        choice_next(&states[from], r),
                        states[from].name
                    )),
                    Via::Default => {
                        whens.push(format!("when no rule of `{}` matches", states[from].name))
                    }
                    Via::Catch => whens.push(format!(
                        "when `{}` fails into `{}`",
                        states[from].name, states[at].name
                    )),
                    Via::Next => {}
                }
                chain.push(from);
                at = from;
                if chain.len() > states.len() {
                    return None;
                }
            }
            let mut segment: Vec<String> = chain
                .iter()
                .rev()
                .map(|&s| format!("`{}`", states[s].name))
                .collect();
            let info = &symbols.blocks[block];
            // The block's start was reached unassigned: from outside, unless
            // nothing runs before it.
            match (info.parent, info.owner_index) {
                (Some(parent), Some(owner))
                    if !flow.entry.has(var) && !matches!(info.owner, Owner::MapBody(_, true)) =>
                {
                    segment.insert(0, format!("({})", info.owner.describe()));
                    hops.splice(0..0, segment);
                    block = parent;
                    state = owner;
                }
                _ => {
                    hops.splice(0..0, segment);
                    break;
                }
            }
        }
        if hops.len() == 1 && whens.is_empty() {
            return Some(format!(
                "{} is where {} starts: nothing assigns `${name}` before it",
                hops[0],
                symbols.blocks[block].owner.describe()
            ));
        }
        let mut note = format!("`${name}` is not assigned on the path {}", hops.join(" → "));
        if !whens.is_empty() {
            whens.reverse();
            note.push_str(&format!(" ({})", whens.join(", then ")));
        }
        Some(note)
    }

    /// For each state, how a path that assigns no `var` first reached it.
    fn search(&mut self, flow: &Flow, block: usize, var: usize) -> Option<&Steps> {
        if !self.cache.contains_key(&(block, var)) {
            if self.budget == 0 {
                return None;
            }
            self.budget -= 1;
            let n = flow.edges.len();
            let mut steps: Steps = vec![None; n];
            let mut seen = vec![false; n];
            seen[flow.start] = true;
            let mut queue = VecDeque::from([flow.start]);
            while let Some(from) = queue.pop_front() {
                for edge in &flow.edges[from] {
                    if edge.gen.as_ref().is_some_and(|g| g.has(var)) || seen[edge.to] {
                        continue;
                    }
                    seen[edge.to] = true;
                    steps[edge.to] = Some((from, edge.via));
                    queue.push_back(edge.to);
                }
            }
            self.cache.insert((block, var), steps);
        }
        self.cache.get(&(block, var))
    }
}

fn choice_next(state: &State, rule: usize) -> &str {
    match &state.kind {
        StateKind::Choice(c) => c.choices.get(rule).map_or("", |r| r.next.as_str()),
        _ => "",
    }
}
