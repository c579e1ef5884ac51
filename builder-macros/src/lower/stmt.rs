//! One statement: its name, its transition, its options read as ASL fields
//! by the core; what only some kinds have is lowered by their own files
//! (`task.rs`, `choice.rs`, `map.rs`, `recovery.rs`).

use super::map::MAP_EXTRA;
use super::options::Written;
use super::task::TASK_EXTRA;
use super::Lower;
use crate::syntax::{Children, Name, Opt, Stmt, Target, Value};
use builder_core::__macro::{self, Cx, DraftBody};
use builder_core::asl::fields::{self, Field, STATE};
use builder_core::build::Draft;
use builder_core::diag::{Location, Naming};
use builder_core::json::Json;
use builder_core::model::*;
use builder_core::serverless::naming::pascal_case;

impl Lower<'_> {
    /// The drafts of a block. A statement that cannot be lowered (already
    /// reported) is left out, and the graph is no longer the user's.
    pub(super) fn block(&mut self, stmts: &[Stmt], location: &Location) -> Vec<Draft> {
        let mut drafts = Vec::with_capacity(stmts.len());
        for stmt in stmts {
            match self.stmt(stmt, location, drafts.len()) {
                Some(draft) => drafts.push(draft),
                None => {
                    self.sink.note_graph_break();
                    self.spans.drop_in(location.clone());
                }
            }
        }
        drafts
    }

    fn stmt(&mut self, stmt: &Stmt, block: &Location, index: usize) -> Option<Draft> {
        let ty = StateType::from_keyword(&stmt.kind.to_string())?;
        let name = self.state_name(stmt, ty)?;
        let at = block.state(&name.value, index);
        self.spans.mark(at.clone(), name.span);
        let flow = self.flow(stmt, ty, &at);
        let (mut pairs, language, others) = self.fields(stmt, ty, &at);
        if ty == StateType::Task {
            let resource = self.task_resource(stmt, &name, &at, language, &others, &mut pairs);
            pairs.push(("Resource".to_owned(), resource));
        } else if let Some(extra) = stmt.args.positional.first() {
            let message = format!("`{}` takes only `key: value` options", ty.keyword());
            self.error(extra.span(), message);
        }
        self.recovery(stmt, ty, &at, &mut pairs);
        let mut state = State::new(name.value.clone(), ty.empty_kind());
        state.io = Io::empty(language);
        let map_options = self.map_options(&others, &at, &mut state);
        let arms = match &stmt.children {
            Some(Children::Arms(arms, span)) if ty == StateType::Choice => {
                self.spans.mark(at.field("Choices"), *span);
                Some(self.arms(arms, &at, language, &mut pairs))
            }
            _ => None,
        };
        let what = format!("the {} `{}`", ty.keyword(), name.value);
        let mut cx = Cx::new(self.sink, Naming::Dsl, at.clone(), None)
            .with_language(language, self.language);
        __macro::read_state_fields(&mut state, &pairs, &what, true, &mut cx);
        let body = match &mut state.kind {
            StateKind::Choice(choice) => {
                if let Some((choices, default)) = arms {
                    (choice.choices, choice.default) = (choices, default);
                }
                DraftBody::Leaf
            }
            StateKind::Map(map) => self.map_body(stmt, map, map_options, &name, &at),
            StateKind::Parallel(_) => self.branches(stmt, &at),
            _ => DraftBody::Leaf,
        };
        Some(__macro::draft(state, flow, body))
    }

    /// The statement's options as ASL fields, with its doc comment; its
    /// query language; and the options that are not fields (a map's).
    fn fields<'s>(
        &mut self,
        stmt: &'s Stmt,
        ty: StateType,
        at: &Location,
    ) -> (Vec<(String, Json)>, QueryLanguage, Vec<&'s Opt>) {
        let rows: Vec<&'static Field<State>> = STATE
            .iter()
            .filter(|f| !f.dsl.is_empty() && f.kinds.contains(ty))
            .collect();
        let extra = match ty {
            StateType::Map => MAP_EXTRA,
            StateType::Task => TASK_EXTRA,
            _ => &[],
        };
        let owner = format!("`{}`", ty.keyword());
        let (written, others) = self.options(&stmt.args.options, &rows, extra, &owner, at);
        let mut pairs = Vec::with_capacity(written.len() + 4);
        let mut language = self.language;
        for Written { field, json } in written {
            if field.key == "QueryLanguage" {
                let mut cx = Cx::new(self.sink, Naming::Dsl, at.clone(), None);
                language = __macro::language_value(&json, &mut cx).unwrap_or(language);
            } else {
                pairs.push((field.key.to_owned(), json));
            }
        }
        if let Some((doc, span)) = &stmt.doc {
            if !pairs.iter().any(|(k, _)| k == "Comment") {
                self.spans.mark(at.field("Comment"), *span);
                pairs.push(("Comment".to_owned(), Json::String(doc.clone())));
            }
        }
        (pairs, language, others)
    }

    /// The state's name: written, or taken from `task(f)`'s function.
    fn state_name(&mut self, stmt: &Stmt, ty: StateType) -> Option<Name> {
        let keyword = ty.keyword();
        match (&stmt.name, ty, stmt.args.positional.first()) {
            (Some(name), ..) => Some(name.clone()),
            (None, StateType::Task, Some(Value::Ident(f))) => Some(Name {
                value: pascal_case(&f.to_string()),
                span: f.span(),
            }),
            (None, StateType::Task, Some(other)) => {
                self.error_range(
                    other.span_range(),
                    format!(
                        "an unnamed task takes the name of its function, so it must be a function handle (an identifier such as `fetch_user`), not {}; \
                         or name it: `task Name(...)`",
                        other.describe()
                    ),
                );
                None
            }
            _ => {
                self.error(
                    stmt.kind.span(),
                    format!(
                        "this `{keyword}` state needs a name: `{keyword} Name ...`; only `task(f)` may leave it out, taking the name of its function"
                    ),
                );
                None
            }
        }
    }

    /// `-> X` / `-> end`.
    fn flow(&mut self, stmt: &Stmt, ty: StateType, at: &Location) -> Option<Transition> {
        match (&stmt.target, fields::has(ty, "Next")) {
            (None, _) => None,
            (Some(target), false) => {
                let span = match target {
                    Target::State(n) => n.span,
                    Target::End(s) => *s,
                };
                let why = match ty {
                    StateType::Choice => "a `choice` leaves through its rules",
                    _ => "it ends the execution",
                };
                self.error(
                    span,
                    format!("`{}` states take no `->`: {why}", ty.keyword()),
                );
                None
            }
            (Some(Target::End(span)), true) => {
                self.spans.mark(at.field("End"), *span);
                Some(Transition::End)
            }
            (Some(Target::State(target)), true) => {
                self.spans.mark(at.field("Next"), target.span);
                Some(Transition::Next(target.value.clone()))
            }
        }
    }
}
