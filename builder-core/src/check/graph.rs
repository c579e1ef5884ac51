//! The graph of a block: every state reachable from `StartAt`, and some
//! path ending. One breadth-first search per block, over `Next`, choice
//! rules, `Default` and catchers.

use super::symbols::BlockInfo;
use super::Ck;
use crate::diag::{Code, Diagnostic, Location};
use crate::model::*;
use std::collections::VecDeque;

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

/// Reachability and termination of one block (whose targets all exist).
pub fn block(ck: &mut Ck<'_>, info: &BlockInfo<'_>) {
    let block = info.block;
    let Some(&start) = info.index.get(block.start_at.as_str()) else {
        return;
    };
    let n = block.states.len();
    let successors =
        |i: usize| successors(&block.states[i]).filter_map(|name| info.index.get(name).copied());
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

    // Unreachable states: report the ones nothing else leads to (the heads
    // of orphaned chains), then one state of each orphaned cycle.
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
    let start_name = &block.states[start].name;
    for i in heads {
        let state = &block.states[i];
        ck.push(
            Diagnostic::new(
                Code::Unreachable,
                info.location.state(&state.name, i),
                format!("the state `{}` can never be reached", state.name),
            )
            .with_help(format!(
                "no transition leads to it from `{start_name}`, where this block starts; \
                 add a transition to it or remove it"
            )),
        );
    }
    if !terminal_reached {
        loop_without_end(ck, info, &reached);
    }
}

/// No path through the block ends. The error points at the transition
/// that closes the loop — the first one, in block order, that leads back to
/// an earlier reached state — so that the user sees where it turns around.
fn loop_without_end(ck: &mut Ck<'_>, info: &BlockInfo<'_>, reached: &[bool]) {
    let block = info.block;
    let what = info.owner.describe();
    let mut d = Diagnostic::new(
        Code::NoTerminal,
        info.location.clone(),
        format!("no path through {what} ever ends: every state it reaches loops"),
    )
    .with_help("let some path reach a `Succeed` or `Fail` state or a state with `End: true`");
    'find: for (i, state) in block.states.iter().enumerate() {
        if !reached[i] {
            continue;
        }
        let at = info.location.state(&state.name, i);
        for (target, location) in edges(state, &at) {
            if info.index.get(target).is_some_and(|&j| j <= i) {
                d.location = location;
                d.message = format!(
                    "no path through {what} ever ends: `{}` loops back to `{target}`",
                    state.name
                );
                break 'find;
            }
        }
    }
    ck.push(d);
}

/// The transitions of a state with the location of the field that makes each.
fn edges<'s>(state: &'s State, at: &Location) -> Vec<(&'s str, Location)> {
    let mut out = Vec::new();
    if let Some(Transition::Next(next)) = state.kind.transition() {
        out.push((next.as_str(), at.field("Next")));
    }
    if let StateKind::Choice(c) = &state.kind {
        for (i, rule) in c.choices.iter().enumerate() {
            out.push((
                rule.next.as_str(),
                at.field("Choices").index(i).field("Next"),
            ));
        }
        if let Some(default) = &c.default {
            out.push((default.as_str(), at.field("Default")));
        }
    }
    for (i, c) in state
        .kind
        .catchers()
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .enumerate()
    {
        out.push((c.next.as_str(), at.field("Catch").index(i).field("Next")));
    }
    out
}
