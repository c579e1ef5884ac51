//! The symbol table, built once: every block (the machine, each Parallel
//! branch, each Map body) with where it is and who owns it, and every state
//! name with where it is first defined. Duplicate names and excessive
//! nesting are found here, since this is where they are seen.

use super::Ck;
use crate::asl::MAX_NESTING;
use crate::diag::{Code, Diagnostic, Location};
use crate::model::*;
use std::collections::HashMap;

/// Who a block belongs to.
#[derive(Clone, Copy, Debug)]
pub enum Owner<'m> {
    /// The machine's top level.
    Machine(&'m str),
    /// Branch `index` of a Parallel.
    Branch(&'m str, usize),
    /// The body of a Map (`distributed` when its iterations are child
    /// executions).
    MapBody(&'m str, bool),
}

impl Owner<'_> {
    /// "the state machine `X`", "branch 2 of parallel `P`", "the body of map `M`".
    pub fn describe(&self) -> String {
        match self {
            Owner::Machine(name) => format!("the state machine `{name}`"),
            Owner::Branch(name, i) => format!("branch {} of parallel `{name}`", i + 1),
            Owner::MapBody(name, _) => format!("the body of map `{name}`"),
        }
    }
}

/// One block.
pub struct BlockInfo<'m> {
    /// Where it is (`StartAt` and `States` are fields of this location).
    pub location: Location,
    /// The block.
    pub block: &'m Block,
    /// Who it belongs to.
    pub owner: Owner<'m>,
    /// The block enclosing the state that holds this one.
    pub parent: Option<usize>,
    /// The position of that state in its block.
    pub owner_index: Option<usize>,
    /// Position of each state by name (the first one when duplicated).
    pub index: HashMap<&'m str, usize>,
}

impl BlockInfo<'_> {
    /// Whether a name is used twice in this block.
    pub fn has_duplicates(&self) -> bool {
        self.index.len() < self.block.states.len()
    }
}

/// Every block and state name of a machine.
pub struct Symbols<'m> {
    /// The blocks, parents before children (the machine's is first).
    pub blocks: Vec<BlockInfo<'m>>,
    /// Where each state name is first defined: (block, position).
    pub names: HashMap<&'m str, (usize, usize)>,
}

impl<'m> Symbols<'m> {
    /// Collects the blocks and names of a definition; reports duplicate
    /// names and nesting too deep to follow.
    pub fn collect(
        ck: &mut Ck<'_>,
        root: Location,
        machine: &'m str,
        definition: &'m Definition,
    ) -> Symbols<'m> {
        let mut symbols = Symbols {
            blocks: Vec::new(),
            names: HashMap::new(),
        };
        symbols.block(
            ck,
            root,
            &definition.block,
            Owner::Machine(machine),
            None,
            0,
        );
        symbols
    }

    fn block(
        &mut self,
        ck: &mut Ck<'_>,
        location: Location,
        block: &'m Block,
        owner: Owner<'m>,
        parent: Option<(usize, usize)>,
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
            parent: parent.map(|(block, _)| block),
            owner_index: parent.map(|(_, i)| i),
            index,
        });
        for (i, state) in block.states.iter().enumerate() {
            // Built only when needed: most states have no error and no children.
            let at = || location.state(&state.name, i);
            if let Some(&(first_block, _)) = self.names.get(state.name.as_str()) {
                let first = if first_block == id {
                    "earlier in the same block".to_owned()
                } else {
                    format!("in {}", self.blocks[first_block].owner.describe())
                };
                ck.push(
                    Diagnostic::new(
                        Code::DuplicateStateName,
                        at(),
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
            let children: Vec<(Location, &'m Block, Owner<'m>)> = match &state.kind {
                StateKind::Parallel(p) => p
                    .branches
                    .iter()
                    .enumerate()
                    .map(|(b, branch)| {
                        (
                            at().field("Branches").index(b),
                            branch,
                            Owner::Branch(&state.name, b),
                        )
                    })
                    .collect(),
                StateKind::Map(m) => vec![(
                    at().field("ItemProcessor"),
                    &m.body,
                    Owner::MapBody(&state.name, m.processor.distributed().is_some()),
                )],
                _ => Vec::new(),
            };
            if !children.is_empty() && depth + 1 > MAX_NESTING {
                ck.error(
                    Code::TooDeeplyNested,
                    at(),
                    format!(
                        "parallel and map states are nested more than {MAX_NESTING} levels deep; \
                         flatten the workflow or split it into several machines"
                    ),
                );
                continue;
            }
            for (child_location, child, owner) in children {
                self.block(ck, child_location, child, owner, Some((id, i)), depth + 1);
            }
        }
    }
}
