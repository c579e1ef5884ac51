//! One statement: its name, its transition, its options read as ASL fields
//! by the core, its retriers and catchers, and what only some kinds have —
//! a task's resource, a choice's arms, a parallel's branches, a map's body.

use super::options::Written;
use super::Lower;
use crate::syntax::{Children, Name, Recovery, Stmt, Target, Value};
use builder_core::__macro::{self, Cx, DraftBody};
use builder_core::asl::fields::{Field, CATCHER, RETRIER, STATE};
use builder_core::build::{CatchPolicy, Draft};
use builder_core::diag::{Code, Diagnostic, Location, Naming};
use builder_core::json::Json;
use builder_core::model::*;
use builder_core::serverless::naming::pascal_case;

/// The map options that are not state fields.
const MAP_EXTRA: &[&str] = &[
    "mode",
    "execution_type",
    "auto_catch",
    "auto_fallback",
    "fallback",
];

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

        let rows: Vec<&'static Field<State>> = STATE
            .iter()
            .filter(|f| !f.dsl.is_empty() && f.kinds.contains(ty))
            .collect();
        let extra = if ty == StateType::Map { MAP_EXTRA } else { &[] };
        let owner = format!("`{}`", ty.keyword());
        let (written, others) = self.options(&stmt.args.options, &rows, extra, &owner, &at);
        let mut pairs = Vec::with_capacity(written.len() + 4);
        let mut language = self.language;
        for Written { field, json, .. } in written {
            if field.key == "QueryLanguage" {
                let mut cx = Cx::new(self.sink, Naming::Dsl, at.clone(), None);
                language = __macro::language_value(&json, &mut cx).unwrap_or(language);
            } else {
                pairs.push((field.key.to_owned(), json));
            }
        }
        if ty == StateType::Task {
            let resource = self.task_resource(stmt, &name, &at);
            pairs.push(("Resource".to_owned(), resource));
        } else if let Some(extra) = stmt.args.positional.first() {
            self.error(
                extra.span(),
                format!("`{}` takes only `key: value` options", ty.keyword()),
            );
        }
        if let Some((doc, span)) = &stmt.doc {
            if !pairs.iter().any(|(k, _)| k == "Comment") {
                self.spans.mark(at.field("Comment"), *span);
                pairs.push(("Comment".to_owned(), Json::String(doc.clone())));
            }
        }
        self.recovery(stmt, ty, &at, &mut pairs);

        let mut state = State::new(name.value.clone(), ty.empty_kind());
        state.io = Io::empty(language);
        let mut policy = CatchPolicy::default();
        let mut execution_type = None;
        if let StateKind::Map(map) = &mut state.kind {
            for opt in others {
                let key = opt.key.to_string();
                match key.as_str() {
                    "mode" => {
                        let location = at
                            .field("ItemProcessor")
                            .field("ProcessorConfig")
                            .field("Mode");
                        self.spans.mark_range(location, opt.value.span_range());
                        if super::header::word(self, opt, &["inline", "distributed"])
                            == Some("distributed")
                        {
                            map.processor = Processor::Distributed(Box::default());
                        }
                    }
                    "execution_type" => {
                        let location = at
                            .field("ItemProcessor")
                            .field("ProcessorConfig")
                            .field("ExecutionType");
                        self.spans.mark_range(location, opt.value.span_range());
                        execution_type = super::header::word(self, opt, &["standard", "express"])
                            .map(|w| {
                                if w == "express" {
                                    MachineType::Express
                                } else {
                                    MachineType::Standard
                                }
                            });
                    }
                    _ => {
                        let location = at.field(super::header::extra_field(&key));
                        self.spans.mark_range(location, opt.value.span_range());
                        match key.as_str() {
                            "auto_catch" => policy.auto_catch = super::header::boolean(self, opt),
                            "auto_fallback" => {
                                policy.auto_fallback = super::header::boolean(self, opt)
                            }
                            _ => policy.fallback = super::header::name(self, opt),
                        }
                    }
                }
            }
        }
        let arms = match &stmt.children {
            Some(Children::Arms(arms, span)) if ty == StateType::Choice => {
                self.spans.mark(at.field("Choices"), *span);
                Some(self.arms(arms, &at, &mut pairs))
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
                    choice.choices = choices;
                    choice.default = default;
                }
                DraftBody::Leaf
            }
            StateKind::Map(map) => {
                match (&mut map.processor, execution_type) {
                    (Processor::Distributed(d), t) => d.execution_type = t,
                    (Processor::Inline, Some(_)) => self.sink.push(
                        Diagnostic::new(
                            Code::DistributedOnly,
                            at.field("ItemProcessor")
                                .field("ProcessorConfig")
                                .field("ExecutionType"),
                            "`execution_type` is only allowed in a Distributed Map",
                        )
                        .with_help("set the map's `mode: distributed`, or remove the option"),
                    ),
                    (Processor::Inline, None) => {}
                }
                let body_location = at.field("ItemProcessor");
                let body = match &stmt.children {
                    Some(Children::States(body)) => {
                        // "The body of map `X` ..." errors point at `X`.
                        self.spans.mark(body_location.clone(), name.span);
                        self.block(&body.stmts, &body_location)
                    }
                    _ => Vec::new(),
                };
                DraftBody::Map(body, policy)
            }
            StateKind::Parallel(_) => {
                let mut branches = Vec::new();
                if let Some(Children::Branches(list, span)) = &stmt.children {
                    self.spans.mark(at.field("Branches"), *span);
                    for (b, (branch_span, body)) in list.iter().enumerate() {
                        let branch_location = at.field("Branches").index(b);
                        self.spans.mark(branch_location.clone(), *branch_span);
                        branches.push(self.block(&body.stmts, &branch_location));
                    }
                }
                DraftBody::Parallel(branches)
            }
            _ => DraftBody::Leaf,
        };
        Some(__macro::draft(state, flow, body))
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
        match (&stmt.target, ty.has_transition()) {
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

    /// A task's function or resource, as the JSON of its `Resource`. A
    /// function handle is a run-time value (the handle knows its key); when
    /// the resource is missing or of the wrong kind (reported here), a
    /// stand-in reference keeps the rest of the task checkable.
    fn task_resource(&mut self, stmt: &Stmt, name: &Name, at: &Location) -> Json {
        let location = at.field("Resource");
        let mut positional = stmt.args.positional.iter();
        let resource = match positional.next() {
            Some(Value::Ident(f)) => {
                self.spans.mark(location.clone(), f.span());
                let expr =
                    quote::quote_spanned!(f.span()=> __serverless_builder::function_resource(&#f));
                Some(self.runtime_value(&location, expr))
            }
            Some(Value::Str(arn, span)) => {
                self.spans.mark(location.clone(), *span);
                Some(Json::String(arn.clone()))
            }
            Some(Value::SelfArn(span)) => {
                self.error(
                    *span,
                    "a task cannot run `self.arn()`, this machine's own ARN; to start this machine again, \
                     run the Step Functions integration with it as a parameter: \
                     `task Restart(\"arn:aws:states:::states:startExecution\", parameters: { \"StateMachineArn\": self.arn() })`",
                );
                None
            }
            Some(other) => {
                self.error(
                    other.span(),
                    format!(
                        "a task runs a service function (an identifier such as `get_user`) or a resource ARN string, not {}",
                        other.describe()
                    ),
                );
                None
            }
            None => {
                self.error(
                    stmt.args.span.unwrap_or(name.span),
                    format!(
                        "the task `{0}` needs a function or a resource: `task {0}(function)` or `task {0}(\"arn:aws:...\")`",
                        name.value
                    ),
                );
                None
            }
        };
        for extra in positional {
            self.error(
                extra.span(),
                "a task takes one function or resource, then `key: value` options",
            );
        }
        resource.unwrap_or_else(|| Json::object([("Ref", Json::from("NotWritten"))]))
    }

    /// `.retry(...)` and `.catch(...)` as `Retry` and `Catch` fields.
    fn recovery(
        &mut self,
        stmt: &Stmt,
        ty: StateType,
        at: &Location,
        pairs: &mut Vec<(String, Json)>,
    ) {
        if !ty.has_recovery() {
            for r in stmt.retries.iter().chain(&stmt.catches) {
                self.error(
                    r.span,
                    format!(
                        "`{}` states cannot retry or catch errors; only `task`, `parallel` and `map` can (ASL allows Retry and Catch on nothing else)",
                        ty.keyword()
                    ),
                );
            }
            return;
        }
        let retry: Vec<Json> = stmt
            .retries
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let location = at.field("Retry").index(i);
                let rows: Vec<_> = RETRIER.iter().filter(|f| !f.dsl.is_empty()).collect();
                self.recovery_object(r, &location, &rows, "`.retry`", None)
            })
            .collect();
        if !retry.is_empty() {
            pairs.push(("Retry".to_owned(), Json::Array(retry)));
        }
        let catch: Vec<Json> = stmt
            .catches
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let location = at.field("Catch").index(i);
                let rows: Vec<_> = CATCHER.iter().filter(|f| !f.dsl.is_empty()).collect();
                self.recovery_object(c, &location, &rows, "`.catch`", c.target.as_ref())
            })
            .collect();
        if !catch.is_empty() {
            pairs.push(("Catch".to_owned(), Json::Array(catch)));
        }
    }

    /// One retrier or catcher as its ASL object.
    fn recovery_object<T>(
        &mut self,
        r: &Recovery,
        location: &Location,
        rows: &[&'static Field<T>],
        owner: &str,
        target: Option<&Name>,
    ) -> Json {
        self.spans.mark(location.clone(), r.span);
        let mut pairs = vec![("ErrorEquals".to_owned(), self.error_names(r, location))];
        let (written, _) = self.options(&r.options, rows, &[], owner, location);
        pairs.extend(
            written
                .into_iter()
                .map(|w| (w.field.key.to_owned(), w.json)),
        );
        if let Some(target) = target {
            self.spans.mark(location.field("Next"), target.span);
            pairs.push(("Next".to_owned(), Json::String(target.value.clone())));
        }
        Json::Object(pairs)
    }

    /// The list of error names of a `.retry`/`.catch`.
    fn error_names(&mut self, r: &Recovery, location: &Location) -> Json {
        let location = location.field("ErrorEquals");
        self.spans.mark_range(
            location.clone(),
            r.errors
                .as_ref()
                .map_or((r.span, r.span), Value::span_range),
        );
        match &r.errors {
            Some(Value::Array(items, _)) => Json::Array(
                items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, item)| match item {
                        Value::Str(s, span) => {
                            self.spans.mark(location.index(i), *span);
                            Some(Json::String(s.clone()))
                        }
                        other => {
                            self.error(
                                other.span(),
                                format!(
                                    "error names are strings such as `\"States.Timeout\"`, not {}",
                                    other.describe()
                                ),
                            );
                            None
                        }
                    })
                    .collect(),
            ),
            Some(other) => {
                self.error(
                    other.span(),
                    "expected a list of error names: `[\"States.Timeout\", \"States.TaskFailed\"]`",
                );
                Json::Array(Vec::new())
            }
            None => {
                self.error(r.span, "expected a list of error names first: `.retry([\"States.ALL\"], max_attempts: 3)`");
                Json::Array(Vec::new())
            }
        }
    }
}
