//! Static facts about a parsed expression that the state-machine validator checks: which
//! variables it reads without binding them, which functions it calls, and where it reads a
//! context item that Step Functions does not provide. Every function here is iterative and
//! linear in the size of the tree.

use std::collections::HashSet;

use super::ast::{Expr, ExprKind, Span, Stage};

/// A read of a variable that the expression does not bind itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VarRef {
    /// Without the `$`.
    pub name: String,
    /// The `$name` token.
    pub span: Span,
    /// When the variable starts a path, the field names that directly follow it
    /// (`$states.input.x` gives `input`, `x`), up to the first step that is not a name.
    pub fields: Vec<Field>,
}

impl VarRef {
    /// The first field after the variable (`input` in `$states.input.x`).
    pub fn field(&self) -> Option<&Field> {
        self.fields.first()
    }
}

/// A field name in a path, with its span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// The field name, unquoted (`a b` for `` `a b` ``).
    pub name: String,
    /// The name's step in the source.
    pub span: Span,
}

/// A call of a function named by a `$name` the expression does not bind itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallRef {
    /// Without the `$`.
    pub name: String,
    /// The `$name` token of the callee.
    pub span: Span,
    /// Arguments the function receives: one more when the call is on the right of `~>`
    /// (`x ~> $f(a)` calls `$f(x, a)`, `x ~> $f` calls `$f(x)`); `?` placeholders count.
    pub args: usize,
    /// Written with `?` placeholders: the call makes a function and does not run yet.
    pub partial: bool,
    /// On the right of `~>`.
    pub applied: bool,
}

/// What a reference to the (missing) context item reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContextKind {
    /// A field of the context item: `orderId`, the `foo` of `foo.bar`.
    Field(String),
    /// `$`
    Context,
    /// `$$`
    Root,
    /// `*`
    Wildcard,
    /// `**`
    Descendant,
    /// `%`
    Parent,
}

/// A read of the context item where the expression has none: Step Functions evaluates
/// JSONata without an input document, so the context at the top level is undefined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContextRef {
    /// What is read.
    pub kind: ContextKind,
    /// The node that reads it.
    pub span: Span,
}

impl ContextRef {
    /// The message the validator reports, in rustc style.
    pub fn message(&self) -> String {
        let (what, instead) = match &self.kind {
            ContextKind::Field(name) => (format!("`{name}`"), format!("`$states.input.{name}`")),
            ContextKind::Context => ("`$`".to_string(), "`$states.input`".to_string()),
            ContextKind::Root => ("`$$`".to_string(), "`$states.input`".to_string()),
            ContextKind::Wildcard => ("`*`".to_string(), "`$states.input.*`".to_string()),
            ContextKind::Descendant => ("`**`".to_string(), "`$states.input.**`".to_string()),
            ContextKind::Parent => (
                "`%`".to_string(),
                "a path such as `$states.input.a.%`".to_string(),
            ),
        };
        format!(
            "reference to {what} at the top level is not supported: Step Functions evaluates JSONata without an input document; use {instead}"
        )
    }
}

/// Calls `f` on every node, parents before children, in evaluation order.
pub fn walk<'a>(expr: &'a Expr, f: &mut impl FnMut(&'a Expr)) {
    let mut stack = vec![expr];
    let mut children = Vec::new();
    while let Some(e) = stack.pop() {
        f(e);
        e.for_each_child(|c| children.push(c));
        stack.extend(children.drain(..).rev());
    }
}

/// Every variable read that no enclosing lambda parameter, `:=` or `@`/`#` binding
/// supplies, in source order. `$` and `$$` are not variables (see
/// [`top_level_references`]); a `$name` in call position is reported by [`calls`] instead,
/// but a function name used as a value (`$map(a, $string)`) is a read.
///
/// Scoping follows JSONata: a `:=` binds in the enclosing block (or lambda body, or the whole
/// expression), visible to what is evaluated after it; `@$v` and `#$i` are visible to the
/// later steps, stages and group-by of their path. A read inside a lambda or transform body
/// runs when the function is called, so it sees every binding of the enclosing blocks,
/// including later ones (this is what makes `$f := function(){ $f() }` recursive).
pub fn variables(expr: &Expr) -> Vec<VarRef> {
    free_references(expr).0
}

/// Every call of a `$name` that the expression does not bind itself, in source order.
pub fn calls(expr: &Expr) -> Vec<CallRef> {
    free_references(expr).1
}

/// [`variables`] and [`calls`] in one pass.
pub fn free_references(expr: &Expr) -> (Vec<VarRef>, Vec<CallRef>) {
    let mut scan = Scope::default();
    scan.frames.push(Frame::new(FrameKind::Block));
    let mut stack = vec![Task::Visit(expr)];
    while let Some(task) = stack.pop() {
        scan.run(task, &mut stack);
    }
    scan.pop();
    let (mut vars, mut calls) = (Vec::new(), Vec::new());
    for event in scan.free {
        match event {
            Event::Var(v) => vars.push(v),
            Event::Call(c) => calls.push(c),
        }
    }
    vars.sort_by_key(|v| (v.span.start, v.span.end));
    calls.sort_by_key(|c| (c.span.start, c.span.end));
    (vars, calls)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum FrameKind {
    /// The whole expression or a block `( … )`: `:=` binds here.
    Block,
    /// A lambda or transform body: evaluated later, when called.
    Deferred,
    /// A path with `@`/`#` bindings.
    Path,
}

struct Frame<'a> {
    kind: FrameKind,
    names: HashSet<&'a str>,
    /// Reads from inside a lambda defined in this frame, not bound when they were made;
    /// settled when the frame ends, since the lambda sees the frame's later bindings too.
    pending: Vec<Event>,
}

impl Frame<'_> {
    fn new(kind: FrameKind) -> Self {
        Frame {
            kind,
            names: HashSet::new(),
            pending: Vec::new(),
        }
    }
}

enum Event {
    Var(VarRef),
    Call(CallRef),
}

impl Event {
    fn name(&self) -> &str {
        match self {
            Event::Var(v) => &v.name,
            Event::Call(c) => &c.name,
        }
    }
}

enum Task<'a> {
    /// A node and all it contains.
    Visit(&'a Expr),
    /// Only the predicates and group-by of a node (its operands were handled otherwise).
    Annotations(&'a Expr),
    Read(Event),
    Push(FrameKind, &'a [super::ast::Binding]),
    Pop,
    /// `:=`: binds in the nearest block or lambda frame.
    Bind(&'a str),
    /// `@`/`#`: binds in the innermost (path) frame.
    BindLocal(&'a str),
}

#[derive(Default)]
struct Scope<'a> {
    frames: Vec<Frame<'a>>,
    free: Vec<Event>,
}

impl<'a> Scope<'a> {
    fn run(&mut self, task: Task<'a>, stack: &mut Vec<Task<'a>>) {
        match task {
            Task::Visit(e) => {
                let mut todo = Vec::new();
                plan(e, &mut todo);
                stack.extend(todo.into_iter().rev());
            }
            Task::Annotations(e) => {
                let mut todo = Vec::new();
                annotations(e, &mut todo);
                stack.extend(todo.into_iter().rev());
            }
            Task::Read(event) => self.read(event),
            Task::Push(kind, params) => {
                let mut frame = Frame::new(kind);
                frame.names.extend(params.iter().map(|p| p.name.as_str()));
                self.frames.push(frame);
            }
            Task::Pop => self.pop(),
            Task::Bind(name) => {
                if let Some(f) = self
                    .frames
                    .iter_mut()
                    .rev()
                    .find(|f| f.kind != FrameKind::Path)
                {
                    f.names.insert(name);
                }
            }
            Task::BindLocal(name) => {
                if let Some(f) = self.frames.last_mut() {
                    f.names.insert(name);
                }
            }
        }
    }

    fn read(&mut self, event: Event) {
        let name = event.name();
        if self.frames.iter().rev().any(|f| f.names.contains(name)) {
            return;
        }
        match self
            .frames
            .iter()
            .rposition(|f| f.kind == FrameKind::Deferred)
        {
            Some(l) if l > 0 => {
                if let Some(outer) = self.frames.get_mut(l - 1) {
                    outer.pending.push(event);
                }
            }
            _ => self.free.push(event),
        }
    }

    fn pop(&mut self) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        for event in frame.pending {
            if frame.names.contains(event.name()) {
                continue;
            }
            match self.frames.last_mut() {
                Some(outer) => outer.pending.push(event),
                None => self.free.push(event),
            }
        }
    }
}

/// The tasks of visiting `e`, in evaluation order.
fn plan<'a>(e: &'a Expr, todo: &mut Vec<Task<'a>>) {
    match &e.kind {
        ExprKind::Variable(name) => {
            if !name.is_empty() {
                todo.push(Task::Read(Event::Var(VarRef {
                    name: name.clone(),
                    span: e.span,
                    fields: Vec::new(),
                })));
            }
        }
        ExprKind::Path(p) => {
            let scoped = p.steps.iter().any(|s| {
                let a = s.annotations();
                a.focus.is_some()
                    || a.index.is_some()
                    || a.stages.iter().any(|st| matches!(st, Stage::Index(_)))
            });
            if scoped {
                todo.push(Task::Push(FrameKind::Path, &[]));
            }
            for (i, step) in p.steps.iter().enumerate() {
                match (&step.kind, i) {
                    (ExprKind::Variable(name), 0) if !name.is_empty() => {
                        let fields = p
                            .steps
                            .iter()
                            .skip(1)
                            .map_while(|s| match &s.kind {
                                ExprKind::Name(n) => Some(Field {
                                    name: n.clone(),
                                    span: s.span,
                                }),
                                _ => None,
                            })
                            .collect();
                        todo.push(Task::Read(Event::Var(VarRef {
                            name: name.clone(),
                            span: step.span,
                            fields,
                        })));
                        todo.push(Task::Annotations(step));
                    }
                    _ => todo.push(Task::Visit(step)),
                }
                let a = step.annotations();
                if let Some(f) = &a.focus {
                    todo.push(Task::BindLocal(&f.name));
                }
                if let Some(ix) = &a.index {
                    todo.push(Task::BindLocal(&ix.name));
                }
                for stage in &a.stages {
                    match stage {
                        Stage::Filter(f) => todo.push(Task::Visit(&f.expr)),
                        Stage::Index(b) => todo.push(Task::BindLocal(&b.name)),
                    }
                }
            }
            todo.push(Task::Annotations(e));
            if scoped {
                todo.push(Task::Pop);
            }
            return;
        }
        ExprKind::Bind { name, value, .. } => {
            todo.push(Task::Visit(value));
            todo.push(Task::Bind(name));
        }
        ExprKind::Lambda(l) => {
            todo.push(Task::Push(FrameKind::Deferred, &l.params));
            todo.push(Task::Visit(&l.body));
            todo.push(Task::Pop);
        }
        ExprKind::Transform {
            pattern,
            update,
            delete,
        } => {
            todo.push(Task::Push(FrameKind::Deferred, &[]));
            todo.push(Task::Visit(pattern));
            todo.push(Task::Visit(update));
            if let Some(d) = delete {
                todo.push(Task::Visit(d));
            }
            todo.push(Task::Pop);
        }
        ExprKind::Block { exprs, .. } => {
            todo.push(Task::Push(FrameKind::Block, &[]));
            todo.extend(exprs.iter().map(Task::Visit));
            todo.push(Task::Pop);
        }
        ExprKind::Call { func, args } | ExprKind::PartialCall { func, args } => {
            let partial = matches!(e.kind, ExprKind::PartialCall { .. });
            match callee(func) {
                Some(name) => todo.push(Task::Read(Event::Call(CallRef {
                    name: name.to_string(),
                    span: func.span,
                    args: args.len(),
                    partial,
                    applied: false,
                }))),
                None => todo.push(Task::Visit(func)),
            }
            todo.extend(args.iter().map(Task::Visit));
        }
        ExprKind::Apply { lhs, rhs } => {
            todo.push(Task::Visit(lhs));
            match &rhs.kind {
                ExprKind::Call { func, args } if callee(func).is_some() => {
                    todo.push(Task::Read(Event::Call(CallRef {
                        name: callee(func).unwrap_or_default().to_string(),
                        span: func.span,
                        args: args.len() + 1,
                        partial: false,
                        applied: true,
                    })));
                    todo.extend(args.iter().map(Task::Visit));
                    todo.push(Task::Annotations(rhs));
                }
                _ => match callee(rhs) {
                    Some(name) => todo.push(Task::Read(Event::Call(CallRef {
                        name: name.to_string(),
                        span: rhs.span,
                        args: 1,
                        partial: false,
                        applied: true,
                    }))),
                    None => todo.push(Task::Visit(rhs)),
                },
            }
        }
        _ => {
            // Operands only; predicates and group-by follow below.
            let start = todo.len();
            e.for_each_child(|c| todo.push(Task::Visit(c)));
            let operands = todo.len() - start - annotation_count(e);
            todo.truncate(start + operands);
        }
    }
    todo.push(Task::Annotations(e));
}

/// Number of children [`Expr::for_each_child`] yields from the annotations.
fn annotation_count(e: &Expr) -> usize {
    e.ann.as_deref().map_or(0, |a| {
        a.predicates.len()
            + a.stages
                .iter()
                .filter(|s| matches!(s, Stage::Filter(_)))
                .count()
            + a.group.as_ref().map_or(0, |g| 2 * g.pairs.len())
    })
}

/// Predicates and group-by of `e` (stages are planned with their path).
fn annotations<'a>(e: &'a Expr, todo: &mut Vec<Task<'a>>) {
    if let Some(a) = e.ann.as_deref() {
        todo.extend(a.predicates.iter().map(|p| Task::Visit(&p.expr)));
        if let Some(g) = &a.group {
            for (k, v) in &g.pairs {
                todo.push(Task::Visit(k));
                todo.push(Task::Visit(v));
            }
        }
    }
}

/// The name of a callee written as a plain `$name`.
fn callee(func: &Expr) -> Option<&str> {
    func.as_variable().filter(|n| !n.is_empty())
}

/// Every place the expression reads the context item outside anything that supplies one.
///
/// A path's later steps, predicates `[..]`, stages, order-by terms, group-by `{..}` and
/// transform parts are evaluated against an item and so have a context. The top of the
/// expression, and everything reached from it only through operators, function arguments,
/// constructors, blocks, conditions or a lambda body defined there, does not: there a path
/// starting with a field name, `$`, `$$`, `*`, `**` or `%` reads nothing.
pub fn top_level_references(expr: &Expr) -> Vec<ContextRef> {
    let mut out = Vec::new();
    // (node, whether it has a context item, whether it is a path's first step)
    let mut stack = vec![(expr, false, false)];
    let mut children = Vec::new();
    while let Some((e, has_context, first_step)) = stack.pop() {
        if !has_context && !first_step {
            if let Some(kind) = context_kind(e) {
                out.push(ContextRef { kind, span: e.span });
            }
        }
        let start = children.len();
        match &e.kind {
            ExprKind::Path(p) => {
                for (i, step) in p.steps.iter().enumerate() {
                    if i == 0 {
                        if let (false, Some(kind)) = (has_context, context_kind(step)) {
                            out.push(ContextRef {
                                kind,
                                span: step.span,
                            });
                        }
                        children.push((step, has_context, true));
                    } else {
                        children.push((step, true, false));
                    }
                }
                // A path node's own annotation is its group-by.
                if let Some(g) = &e.annotations().group {
                    for (k, v) in &g.pairs {
                        children.push((k, true, false));
                        children.push((v, true, false));
                    }
                }
            }
            ExprKind::Transform { .. } | ExprKind::Sort(_) => {
                e.for_each_child(|c| children.push((c, true, false)));
            }
            _ => {
                e.for_each_child(|c| children.push((c, has_context, false)));
                let n = annotation_count(e);
                let total = children.len();
                for c in children.iter_mut().skip(total - n) {
                    c.1 = true;
                }
            }
        }
        stack.extend(children.drain(start..).rev());
    }
    out.sort_by_key(|r| (r.span.start, r.span.end));
    out
}

/// What a node reads from the context, when it is a path's first step (or a lone `$`,
/// `$$`, `*`, `**`, `%`).
fn context_kind(e: &Expr) -> Option<ContextKind> {
    match &e.kind {
        ExprKind::Name(n) => Some(ContextKind::Field(n.clone())),
        ExprKind::Variable(v) if v.is_empty() => Some(ContextKind::Context),
        ExprKind::Root => Some(ContextKind::Root),
        ExprKind::Wildcard => Some(ContextKind::Wildcard),
        ExprKind::Descendant => Some(ContextKind::Descendant),
        ExprKind::Parent { .. } => Some(ContextKind::Parent),
        _ => None,
    }
}
