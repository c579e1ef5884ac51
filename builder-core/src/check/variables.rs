//! Workflow variables (`Assign`, read as `$name`): their names, their
//! scopes, and every read resolved to an assignment in scope.
//!
//! The rules are AWS's (developer guide, "Passing data between states with
//! variables"): a name is an identifier of at most 80 characters and not
//! `states`; `Assign` sets whole variables, never a part (`a.b`); a Parallel
//! branch or Map body reads the variables of the blocks around it but may
//! not assign one of them; a Distributed Map body, whose iterations are
//! child executions, cannot read them at all.
//!
//! Reads are gathered while the driver walks each state: the path and
//! intrinsic checks and the JSONata check call `Ck::read` for every `$name`
//! they parse, so no expression is parsed twice. Once every block has been
//! walked, [`check`] resolves them against the scopes and hands the machine
//! to [`super::dataflow`] for "may be unassigned".

use super::symbols::{Owner, Symbols};
use super::Ck;
use crate::diag::{Code, Diagnostic, Location};
use crate::expr::intrinsic::{Arg, Call, PayloadValue};
use crate::expr::path::{Path, Root};
use crate::json::Json;
use crate::model::*;
use std::collections::HashMap;

/// The longest variable name AWS accepts, in characters.
pub const MAX_NAME: usize = 80;

/// A read of a workflow variable.
#[derive(Clone, Debug)]
pub struct Read {
    /// The name, without `$`.
    pub name: String,
    /// The value it is in.
    pub location: Location,
    /// Where in that string, for messages: "column 5", or "line 2,
    /// column 3" in a string of several lines.
    pub at: String,
    /// A JSONata function name used as a value (`$map(xs, $string)`): a
    /// variable only when one is assigned by that name.
    pub function: bool,
}

impl Ck<'_> {
    /// Records a read of `$name` at byte `offset` of the string `src` at `location`.
    pub(crate) fn read(&mut self, name: &str, location: Location, src: &str, offset: usize) {
        self.reads.push(Read {
            name: name.to_owned(),
            location,
            at: crate::diag::text::position(src, offset),
            function: false,
        });
    }
}

/// Records the variable a path reads, if it starts with one.
pub(crate) fn path_reads(ck: &mut Ck<'_>, path: &Path, src: &str, at: impl FnOnce() -> Location) {
    if let Root::Variable { name, span } = &path.root {
        ck.read(name, at(), src, span.start);
    }
}

/// Records the variables a `.$` value reads (a path, or the paths among an
/// intrinsic call's arguments).
pub(crate) fn payload_reads(
    ck: &mut Ck<'_>,
    value: &PayloadValue,
    src: &str,
    at: impl FnOnce() -> Location,
) {
    fn call_vars<'c>(call: &'c Call, out: &mut Vec<(&'c str, usize)>) {
        for arg in &call.args {
            match arg {
                Arg::Path(Path {
                    root: Root::Variable { name, span },
                    ..
                }) => out.push((name, span.start)),
                Arg::Call(inner) => call_vars(inner, out),
                _ => {}
            }
        }
    }
    let mut found = Vec::new();
    match value {
        PayloadValue::Path(Path {
            root: Root::Variable { name, span },
            ..
        }) => found.push((name.as_str(), span.start)),
        PayloadValue::Path(_) => {}
        PayloadValue::Call(call) => call_vars(call, &mut found),
    }
    if found.is_empty() {
        return;
    }
    let location = at();
    for (name, offset) in found {
        ck.read(name, location.clone(), src, offset);
    }
}

/// Where an `Assign` object of a state is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Site {
    /// The state's own (for a Choice, taken when no rule matches).
    State,
    /// Choice rule `i`'s.
    Rule(usize),
    /// Catcher `i`'s.
    Catch(usize),
}

impl Site {
    /// The location of the `Assign` object.
    pub fn location(self, at: &Location) -> Location {
        match self {
            Site::State => at.field("Assign"),
            Site::Rule(i) => at.field("Choices").index(i).field("Assign"),
            Site::Catch(i) => at.field("Catch").index(i).field("Assign"),
        }
    }
}

/// Every `Assign` object of a state, with where it is.
pub fn assigns(state: &State) -> impl Iterator<Item = (Site, &Json)> {
    let own = state.assign.as_ref().map(|a| (Site::State, a));
    let rules = match &state.kind {
        StateKind::Choice(c) => &c.choices[..],
        _ => &[],
    };
    let rules = rules
        .iter()
        .enumerate()
        .filter_map(|(i, r)| Some((Site::Rule(i), r.assign.as_ref()?)));
    let catchers = state.kind.catchers().map_or(&[][..], Vec::as_slice);
    let catchers = catchers
        .iter()
        .enumerate()
        .filter_map(|(i, c)| Some((Site::Catch(i), c.assign.as_ref()?)));
    own.into_iter().chain(rules).chain(catchers)
}

/// The names an `Assign` object sets (a JSONPath state's `"x.$"` sets `x`).
pub fn names_of(assign: &Json, jsonpath: bool) -> impl Iterator<Item = (&str, &str)> {
    let pairs = match assign {
        Json::Object(pairs) => &pairs[..],
        _ => &[],
    };
    pairs.iter().map(move |(key, _)| {
        let name = if jsonpath {
            key.strip_suffix(".$").unwrap_or(key)
        } else {
            key
        };
        (key.as_str(), name)
    })
}

/// The names of a state's `Assign` objects: what AWS accepts.
pub fn state(ck: &mut Ck<'_>, at: &Location, state: &State) {
    let jsonpath = state.query_language() == QueryLanguage::JsonPath;
    for (site, assign) in assigns(state) {
        if !matches!(assign, Json::Object(_)) {
            ck.error(
                Code::WrongType,
                site.location(at),
                format!(
                    "{} takes an object of variables, such as `{{\"total\": 0}}`",
                    ck.field("Assign")
                ),
            );
            continue;
        }
        for (key, name) in names_of(assign, jsonpath) {
            if let Some((code, message, help)) = name_problem(key, name, jsonpath) {
                let location = site.location(at).key(key);
                ck.push(Diagnostic::new(code, location, message).with_help(help));
            }
        }
    }
}

/// What is wrong with a variable name, if anything.
fn name_problem(key: &str, name: &str, jsonpath: bool) -> Option<(Code, String, String)> {
    let rules = "a variable name starts with a letter (Unicode ID_Start) and continues with \
                 letters, digits and `_` (ID_Continue), at most 80 characters";
    if !jsonpath && key.ends_with(".$") {
        return Some((
            Code::InvalidVariableName,
            format!(
                "`{key}`: a key ending in `.$` takes a JSONPath, which JSONata states do not use"
            ),
            format!(
                "write `\"{}\": \"{{% ... %}}\"`",
                key.strip_suffix(".$").unwrap_or(key)
            ),
        ));
    }
    if name == "states" {
        return Some((
            Code::InvalidVariableName,
            "`states` cannot be assigned: `$states` is Step Functions' own (input, result, context)"
                .to_owned(),
            "choose another name".to_owned(),
        ));
    }
    let mut chars = name.chars();
    let first = chars.next();
    let bad = chars.position(|c| !unicode_ident::is_xid_continue(c));
    match first {
        None => {
            return Some((
                Code::InvalidVariableName,
                "a variable name cannot be empty".to_owned(),
                rules.to_owned(),
            ))
        }
        Some(c) if !unicode_ident::is_xid_start(c) => {
            let (code, what) = if c == '$' {
                (
                    Code::InvalidVariableName,
                    format!("the variable name `{name}` starts with `$`, which only reads write"),
                )
            } else {
                (
                    Code::InvalidVariableName,
                    format!("the variable name `{name}` starts with `{c}`"),
                )
            };
            let help = if c == '$' {
                format!("assign `\"{}\"`; read it as `${}`", &name[1..], &name[1..])
            } else {
                rules.to_owned()
            };
            return Some((code, what, help));
        }
        _ => {}
    }
    if let Some(i) = bad {
        // `i` counts the characters after the first.
        let (at, c) = name.char_indices().nth(i + 1)?;
        if matches!(c, '.' | '[') {
            return Some((
                Code::SubPathAssignment,
                format!(
                    "`{name}` assigns part of the variable `{}`; `Assign` sets whole variables",
                    &name[..at]
                ),
                format!("assign the whole value: `\"{}\": {{...}}`", &name[..at]),
            ));
        }
        return Some((
            Code::InvalidVariableName,
            format!(
                "the variable name `{name}` contains {}",
                crate::diag::text::describe_char(c)
            ),
            rules.to_owned(),
        ));
    }
    let length = name.chars().count();
    if length > MAX_NAME {
        return Some((
            Code::InvalidVariableName,
            format!(
                "the variable name `{name}` has {length} characters; AWS allows at most {MAX_NAME}"
            ),
            "choose a shorter name".to_owned(),
        ));
    }
    None
}

/// Every variable of a machine, numbered; and for each block the ones it
/// assigns.
pub struct Scopes {
    /// Names → ids.
    pub ids: HashMap<String, usize>,
    /// For each block, the ids it assigns.
    pub assigned: Vec<Vec<bool>>,
}

impl Scopes {
    /// The names each block assigns.
    pub fn collect(symbols: &Symbols<'_>) -> Scopes {
        let mut ids: HashMap<String, usize> = HashMap::new();
        let mut per_block: Vec<Vec<usize>> = Vec::with_capacity(symbols.blocks.len());
        for info in &symbols.blocks {
            let mut mine = Vec::new();
            for state in &info.block.states {
                let jsonpath = state.query_language() == QueryLanguage::JsonPath;
                for (_, assign) in assigns(state) {
                    for (_, name) in names_of(assign, jsonpath) {
                        let next = ids.len();
                        mine.push(*ids.entry(name.to_owned()).or_insert(next));
                    }
                }
            }
            per_block.push(mine);
        }
        let n = ids.len();
        let assigned = per_block
            .into_iter()
            .map(|mine| {
                let mut set = vec![false; n];
                for id in mine {
                    set[id] = true;
                }
                set
            })
            .collect();
        Scopes { ids, assigned }
    }

    /// The id of a name, if anything assigns it.
    pub fn id(&self, name: &str) -> Option<usize> {
        self.ids.get(name).copied()
    }

    /// Whether block `id` or a block around it assigns variable `var`;
    /// `through_distributed` looks past Distributed Map bodies too.
    pub fn visible(
        &self,
        symbols: &Symbols<'_>,
        block: usize,
        var: usize,
        through_distributed: bool,
    ) -> bool {
        let mut b = Some(block);
        while let Some(id) = b {
            if self.assigned[id][var] {
                return true;
            }
            if !through_distributed && is_distributed(symbols, id) {
                return false;
            }
            b = symbols.blocks[id].parent;
        }
        false
    }

    /// The names visible in block `id`, for "did you mean".
    fn visible_names<'s>(&'s self, symbols: &Symbols<'_>, block: usize) -> Vec<&'s str> {
        self.ids
            .iter()
            .filter(|(_, &var)| self.visible(symbols, block, var, false))
            .map(|(name, _)| name.as_str())
            .collect()
    }
}

fn is_distributed(symbols: &Symbols<'_>, block: usize) -> bool {
    matches!(symbols.blocks[block].owner, Owner::MapBody(_, true))
}

/// The scopes of a machine: no block assigns a name a block around it
/// assigns, and every read names a variable in scope. Returns the reads
/// that resolved, for the flow analysis.
pub fn check(
    ck: &mut Ck<'_>,
    symbols: &Symbols<'_>,
    scopes: &Scopes,
    reads: &[Vec<Vec<Read>>],
) -> Vec<Vec<Vec<(usize, usize)>>> {
    for info in &symbols.blocks {
        let Some(parent) = info.parent else {
            continue;
        };
        for (i, state) in info.block.states.iter().enumerate() {
            let jsonpath = state.query_language() == QueryLanguage::JsonPath;
            for (site, assign) in assigns(state) {
                for (key, name) in names_of(assign, jsonpath) {
                    let Some(var) = scopes.id(name) else { continue };
                    if !scopes.visible(symbols, parent, var, true) {
                        continue;
                    }
                    let at = info.location.state(&state.name, i);
                    let outer = outer_owner(symbols, scopes, parent, var);
                    ck.push(
                        Diagnostic::new(
                            Code::OuterVariableAssigned,
                            site.location(&at).key(key),
                            format!(
                                "`{name}` is a variable of {outer}; {} may read it but not assign it",
                                info.owner.describe()
                            ),
                        )
                        .with_help(format!(
                            "use another name here, or assign `{name}` in {outer} only"
                        )),
                    );
                }
            }
        }
    }
    let mut resolved = Vec::with_capacity(reads.len());
    for (block, states) in reads.iter().enumerate() {
        let mut per_state = Vec::with_capacity(states.len());
        for list in states {
            let mut ok = Vec::new();
            for (n, read) in list.iter().enumerate() {
                match scopes.id(&read.name) {
                    Some(var) if scopes.visible(symbols, block, var, false) => ok.push((n, var)),
                    Some(var) if scopes.visible(symbols, block, var, true) => {
                        distributed_read(ck, symbols, block, read)
                    }
                    _ if read.function => {}
                    _ => unknown(ck, symbols, scopes, block, read),
                }
            }
            per_state.push(ok);
        }
        resolved.push(per_state);
    }
    resolved
}

/// The block `block` or around it that assigns `var`.
fn outer_owner(symbols: &Symbols<'_>, scopes: &Scopes, mut block: usize, var: usize) -> String {
    while !scopes.assigned[block][var] {
        match symbols.blocks[block].parent {
            Some(parent) => block = parent,
            None => break,
        }
    }
    symbols.blocks[block].owner.describe()
}

fn distributed_read(ck: &mut Ck<'_>, symbols: &Symbols<'_>, block: usize, read: &Read) {
    let mut b = block;
    while !is_distributed(symbols, b) {
        match symbols.blocks[b].parent {
            Some(p) => b = p,
            None => break,
        }
    }
    let map = match symbols.blocks[b].owner {
        Owner::MapBody(name, _) => name,
        _ => "",
    };
    ck.push(
        Diagnostic::new(
            Code::OuterVariableInDistributedMap,
            read.location.clone(),
            format!(
                "`${}` ({} of the string) is a variable outside the distributed map `{map}`; its iterations run as child executions, which cannot read it",
                read.name, read.at
            ),
        )
        .with_help(format!(
            "pass it in the map's `item_selector` (`\"{0}\": \"{{% ${0} %}}\"`) and read it from the item",
            read.name
        )),
    );
}

fn unknown(ck: &mut Ck<'_>, symbols: &Symbols<'_>, scopes: &Scopes, block: usize, read: &Read) {
    let names = scopes.visible_names(symbols, block);
    let close = ck.suggest(&read.name, names.iter().copied());
    let mut d = Diagnostic::new(
        Code::UnknownVariable,
        read.location.clone(),
        format!(
            "unknown variable `${}` ({} of the string): nothing in scope assigns it",
            read.name, read.at
        ),
    );
    d = match close {
        Some(close) => d.with_help(format!("did you mean `${close}`?")),
        None if names.is_empty() => {
            d.with_help("assign it first with `assign: {\"name\": ...}` on an earlier state")
        }
        None => {
            let mut sorted: Vec<String> = names.iter().map(|n| format!("${n}")).collect();
            sorted.sort();
            d.with_help(format!(
                "the variables in scope are {}",
                crate::diag::text::list(sorted.iter().map(String::as_str), " and ")
            ))
        }
    };
    ck.push(d);
}
