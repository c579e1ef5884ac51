//! Transitions: `StartAt`, `Next`, `Default`, each Choice rule's and each
//! catcher's `Next` name a state of the same block.

use super::symbols::{BlockInfo, Symbols};
use super::Ck;
use crate::diag::{Code, Diagnostic, Location};
use crate::model::*;

/// A block without states.
pub fn empty_block(ck: &mut Ck<'_>, info: &BlockInfo<'_>) {
    let what = info.owner.describe();
    ck.push(
        Diagnostic::new(
            Code::Empty,
            info.location.clone(),
            format!("{what} has no states"),
        )
        .with_help("add at least one state"),
    );
}

/// `StartAt` of block `id`.
pub fn start(ck: &mut Ck<'_>, symbols: &Symbols<'_>, id: usize) {
    let info = &symbols.blocks[id];
    if !info.index.contains_key(info.block.start_at.as_str()) {
        target(
            ck,
            symbols,
            id,
            &info.location,
            &info.block.start_at,
            "StartAt",
        );
    }
}

/// A state's own `Next`, its Choice rules and `Default`. (Catchers are
/// checked with the other catcher fields, in `recovery`.)
pub fn state(ck: &mut Ck<'_>, symbols: &Symbols<'_>, id: usize, at: &Location, state: &State) {
    if let Some(Transition::Next(next)) = state.kind.transition() {
        target(ck, symbols, id, at, next, "Next");
    }
    if let StateKind::Choice(choice) = &state.kind {
        for (i, rule) in choice.choices.iter().enumerate() {
            if !symbols.blocks[id].index.contains_key(rule.next.as_str()) {
                target(
                    ck,
                    symbols,
                    id,
                    &at.field("Choices").index(i),
                    &rule.next,
                    "Next",
                );
            }
        }
        if let Some(default) = &choice.default {
            target(ck, symbols, id, at, default, "Default");
        }
    }
}

/// Checks that `name`, the value of `field` at `parent`, names a state of
/// block `id`. (The field's location is built only for an error: this runs
/// for every transition.)
pub fn target(
    ck: &mut Ck<'_>,
    symbols: &Symbols<'_>,
    id: usize,
    parent: &Location,
    name: &str,
    field: &'static str,
) {
    let info = &symbols.blocks[id];
    if info.index.contains_key(name) {
        return;
    }
    let what = info.owner.describe();
    let mut d = Diagnostic::new(
        Code::UnknownTarget,
        parent.field(field),
        if name.is_empty() {
            format!("{} names no state", ck.field(field))
        } else {
            format!("no state named `{name}` in {what}")
        },
    );
    if let Some(&(elsewhere, _)) = symbols.names.get(name) {
        d = d.with_help(format!(
            "`{name}` is defined in {}, but transitions cannot cross branch or map boundaries",
            symbols.blocks[elsewhere].owner.describe()
        ));
    } else if let Some(close) = ck.suggest(name, info.block.states.iter().map(|s| s.name.as_str()))
    {
        d = d.with_help(format!("did you mean `{close}`?"));
    }
    ck.push(d);
}
