//! The syntax tree, in the shape jsonata-js's evaluator runs: paths are flattened into steps,
//! predicates and bindings are attached to the step they apply to, and parent references are
//! resolved to labels. A tree-walking evaluator can follow jsonata-js's `evaluate` on it
//! without re-parsing.
//!
//! Not carried over from jsonata-js's tree: its tail-call wrappers (an evaluator adds those
//! itself), `nextFunction` (for JavaScript promises), and a `[]` written on an assignment
//! target (`$x[] := …`), which jsonata-js ignores.
//!
//! Left-associative chains (`1+1+1+…`, `f()()()`) give trees as deep as they are long, so
//! [`Expr`] drops its children iteratively; the derived `Clone`, `Debug` and `PartialEq`
//! recurse and are meant for small trees (tests, messages).

pub use crate::expr::Span;

/// A node: what it is, where it is, and what the post-parse pass attached to it.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    /// The construct.
    pub kind: ExprKind,
    /// The node's own source text; on a path step it leaves out the step's predicates,
    /// stages and bindings (`bar` in `foo.bar[0]`).
    pub span: Span,
    /// Predicates, group-by, bindings and evaluation flags; `None` on most nodes.
    /// jsonata-js decorates nodes in place rather than wrapping them, and where a decoration
    /// sits changes what it means (`a[0]` filters per step, `(a)[0]` the whole result).
    pub ann: Option<Box<Annotations>>,
}

/// Decorations of a node, mirroring the properties jsonata-js's `processAST` adds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Annotations {
    /// `[..]` filters applied to this node's value (jsonata-js `predicate`): on nodes that
    /// are not path steps (`$x[0]`, `(a.b)[1]`), and on the first step of a path.
    pub predicates: Vec<Filter>,
    /// Per-step stages of a path step, in source order (jsonata-js `stages`): filters and
    /// `#$i` bindings that follow a filter.
    pub stages: Vec<Stage>,
    /// Group-by `{k: v}`: on a path node it groups the path's result; on another node, that
    /// node's value.
    pub group: Option<GroupBy>,
    /// `@$v`: the step binds each item to `$v` and the context stays on the step's input.
    pub focus: Option<Binding>,
    /// `#$i`: the step binds each item's position to `$i` (before any stage).
    pub index: Option<Binding>,
    /// `[]` after this node: keep singleton arrays.
    pub keep_array: bool,
    /// The step (or path, or block) is evaluated as a tuple stream: it carries bindings
    /// (`@`, `#`) or an ancestor a `%` refers to.
    pub tuple: bool,
    /// Label of the parent slot this step supplies: each of its results is stored under
    /// this label for the `%` with the same [`ExprKind::Parent`] label.
    pub ancestor: Option<u32>,
}

/// A `[..]` filter: its expression and the span of the brackets.
#[derive(Clone, Debug, PartialEq)]
pub struct Filter {
    /// The expression between the brackets: a number (or array of numbers) selects by
    /// position, anything else keeps the items for which it is true.
    pub expr: Expr,
    /// From `[` to `]`.
    pub span: Span,
}

/// A stage of a path step.
#[derive(Clone, Debug, PartialEq)]
pub enum Stage {
    /// `[..]` on a path step: filters the step's results for each input item.
    Filter(Filter),
    /// `#$i` written after a filter on the same step.
    Index(Binding),
}

/// A variable name bound by `@`, `#`, a lambda parameter or `:=`, and the span of its
/// `$name` token. The name has no `$`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    /// The variable's name, without the `$`.
    pub name: String,
    /// The `$name` token.
    pub span: Span,
}

/// `{k: v, …}` after an expression: group its items by key.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupBy {
    /// `(key, value)` expressions in source order: each key is evaluated per item, and the
    /// value per group of items with the same key.
    pub pairs: Vec<(Expr, Expr)>,
    /// From `{` to `}`.
    pub span: Span,
}

/// One term of `^(…)`.
#[derive(Clone, Debug, PartialEq)]
pub struct SortTerm {
    /// `>` was written.
    pub descending: bool,
    /// The sort key, evaluated against each item.
    pub expr: Expr,
}

/// A flattened path `a.b[0].c`.
#[derive(Clone, Debug, PartialEq)]
pub struct Path {
    /// At least one step. Later steps are evaluated against each result of the step before.
    pub steps: Vec<Expr>,
    /// Some step has `[]`: a singleton result stays an array.
    pub keep_singleton_array: bool,
}

/// `function($a, $b)<sig>{ body }` (or `λ`).
#[derive(Clone, Debug, PartialEq)]
pub struct Lambda {
    /// The parameters `$a, $b`, in order.
    pub params: Vec<Binding>,
    /// The `<…>` signature written after the parameters, if any.
    pub signature: Option<Signature>,
    /// The expression between the braces, evaluated when the function is called.
    pub body: Expr,
}

/// A function signature `<n-n?:n>`, parsed as jsonata-js parses it.
#[derive(Clone, Debug, PartialEq)]
pub struct Signature {
    /// The signature as jsonata-js reassembles it from its tokens (no spaces or comments).
    pub text: String,
    /// From `<` to `>` in the source.
    pub span: Span,
    /// The parameter types before `:`, in order.
    pub params: Vec<SigParam>,
    /// The return type after `:`, as written (jsonata-js does not check it).
    pub result: Option<String>,
}

/// One parameter of a [`Signature`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigParam {
    /// `s n b l o a f j x`, or a choice such as `(sf)`.
    pub symbol: String,
    /// The `<…>` after `a` or `f`, without the brackets.
    pub subtype: Option<String>,
    /// `?`: may be omitted.
    pub optional: bool,
    /// `+`: one or more.
    pub variadic: bool,
    /// `-`: when omitted, the context value is used.
    pub use_context: bool,
}

/// Binary operators. `Range` only occurs inside array constructors (`[1..5]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    /// `+`: numeric addition.
    Add,
    /// `-`: numeric subtraction.
    Sub,
    /// `*`: numeric multiplication.
    Mul,
    /// `/`: numeric division.
    Div,
    /// `%`: remainder.
    Mod,
    /// `=`: deep equality.
    Eq,
    /// `!=`: deep inequality.
    Ne,
    /// `<`: less than (numbers or strings).
    Lt,
    /// `<=`: less than or equal.
    Le,
    /// `>`: greater than.
    Gt,
    /// `>=`: greater than or equal.
    Ge,
    /// `&`: string concatenation.
    Concat,
    /// `and`: boolean conjunction.
    And,
    /// `or`: boolean disjunction.
    Or,
    /// `in`: the left value is one of the right array's items.
    In,
    /// `..`: the integers from the left value to the right one, in an array constructor.
    Range,
}

impl BinOp {
    /// The operator as written in JSONata (`+`, `!=`, `and`, `..`).
    pub fn as_str(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Mod => "%",
            BinOp::Eq => "=",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Concat => "&",
            BinOp::And => "and",
            BinOp::Or => "or",
            BinOp::In => "in",
            BinOp::Range => "..",
        }
    }
}

/// What a node is: one variant per construct of the JSONata grammar, after jsonata-js's
/// post-parse rewrite.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// A string literal `'…'` or `"…"`, escapes decoded (a lone UTF-16 surrogate becomes
    /// U+FFFD). As a path step it becomes a [`ExprKind::Name`].
    String(String),
    /// A number literal; `-2` is folded into `Number(-2.0)` as jsonata-js does.
    Number(f64),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// `/pattern/flags`; `flags` holds only `i` and `m` (jsonata-js adds `g` itself).
    Regex {
        /// The text between the slashes, as written (escapes kept).
        pattern: String,
        /// The flags after the closing slash.
        flags: String,
    },
    /// A field name. Only occurs as a path step: a lone `a` is a one-step [`Path`], and a
    /// string literal used as a step (`"a".b`) becomes a `Name`.
    Name(String),
    /// `$name` without the `$`; `""` is `$`, the context item.
    Variable(String),
    /// `$$`, the input document.
    Root,
    /// `*`
    Wildcard,
    /// `**`
    Descendant,
    /// `%`, with the label of the step that supplies the parent (see
    /// [`Annotations::ancestor`]).
    Parent {
        /// Matches the [`Annotations::ancestor`] of the step that supplies the parent.
        label: u32,
    },
    /// A path `a.b.c`: steps evaluated one after the other, each against every result of
    /// the one before.
    Path(Path),
    /// `^(<a, >b)`: an order-by step; only occurs as a path step.
    Sort(Vec<SortTerm>),
    /// `(a; b; c)`. `cons_array` when a member is a path starting with an array constructor
    /// (jsonata-js `consarray`).
    Block {
        /// The expressions between `;`, evaluated in order; the last one gives the value.
        exprs: Vec<Expr>,
        /// A member is a path starting with an array constructor.
        cons_array: bool,
    },
    /// `$name := value`. `name` has no `$` (`$$ :=` binds `"$"`).
    Bind {
        /// The variable bound, without the `$`.
        name: String,
        /// The `$name` token.
        name_span: Span,
        /// The expression whose value is bound (and is the value of the whole `:=`).
        value: Box<Expr>,
    },
    /// A function definition `function($x){ … }` (or `λ($x){ … }`).
    Lambda(Box<Lambda>),
    /// A function call `f(a, b)`.
    Call {
        /// The callee: usually a `$name` [`ExprKind::Variable`], but any expression that
        /// gives a function (`function($x){ $x }(1)`, `$f(1)(2)`).
        func: Box<Expr>,
        /// The arguments, in order.
        args: Vec<Expr>,
    },
    /// A call with `?` placeholders, which makes a function of the missing arguments.
    PartialCall {
        /// The callee, as in [`ExprKind::Call`].
        func: Box<Expr>,
        /// [`ExprKind::Placeholder`] where `?` was written.
        args: Vec<Expr>,
    },
    /// `?` in a [`ExprKind::PartialCall`]'s arguments.
    Placeholder,
    /// `lhs ~> rhs`. When `rhs` is a [`ExprKind::Call`], `lhs` is its first argument.
    Apply {
        /// The value passed on.
        lhs: Box<Expr>,
        /// The function it is passed to (or a call it becomes the first argument of).
        rhs: Box<Expr>,
    },
    /// `lhs op rhs`: arithmetic, comparison, `&`, `and`, `or`, `in`, and `..` in arrays.
    Binary {
        /// The operator.
        op: BinOp,
        /// The operator token.
        op_span: Span,
        /// The left operand.
        lhs: Box<Expr>,
        /// The right operand.
        rhs: Box<Expr>,
    },
    /// Unary minus of a non-literal.
    Negate(Box<Expr>),
    /// `cond ? then : otherwise`, `otherwise` optional.
    Condition {
        /// The test, before `?`.
        cond: Box<Expr>,
        /// The value when the test is true.
        then: Box<Expr>,
        /// The value after `:`, when written; without it the result is undefined when the
        /// test is false.
        otherwise: Option<Box<Expr>>,
    },
    /// `[a, b, 1..5]`. `cons_array` when it is a path step (jsonata-js `consarray`): its
    /// result is then not flattened into the path's result.
    Array {
        /// The members, in order; a range `1..5` is a [`BinOp::Range`] member.
        items: Vec<Expr>,
        /// The constructor is a path step (jsonata-js `consarray`).
        cons_array: bool,
    },
    /// `{k: v, …}`
    Object(Vec<(Expr, Expr)>),
    /// `| pattern | update, delete |`
    Transform {
        /// The location of the objects to change, evaluated against the transformed value.
        pattern: Box<Expr>,
        /// The object whose fields are merged into each matched object.
        update: Box<Expr>,
        /// The name or array of names of the fields to remove, when written.
        delete: Option<Box<Expr>>,
    },
}

impl Expr {
    /// A node without annotations.
    pub fn new(kind: ExprKind, span: Span) -> Self {
        Expr {
            kind,
            span,
            ann: None,
        }
    }

    /// The annotations, empty if there are none.
    pub fn annotations(&self) -> &Annotations {
        static EMPTY: Annotations = Annotations {
            predicates: Vec::new(),
            stages: Vec::new(),
            group: None,
            focus: None,
            index: None,
            keep_array: false,
            tuple: false,
            ancestor: None,
        };
        self.ann.as_deref().unwrap_or(&EMPTY)
    }

    /// The annotations, created if missing.
    pub fn annotations_mut(&mut self) -> &mut Annotations {
        self.ann.get_or_insert_with(Box::default)
    }

    /// No predicates, stages, group-by or bindings (flags such as `[]` allowed).
    pub fn is_plain(&self) -> bool {
        let a = self.annotations();
        a.predicates.is_empty()
            && a.stages.is_empty()
            && a.group.is_none()
            && a.focus.is_none()
            && a.index.is_none()
    }

    /// The variable name if this is a `$name` (or `$`) node without predicates or bindings.
    pub fn as_variable(&self) -> Option<&str> {
        match &self.kind {
            ExprKind::Variable(name) if self.is_plain() => Some(name),
            _ => None,
        }
    }

    /// Calls `f` on each direct child, in evaluation order: the node's own operands first,
    /// then predicates, stages and group-by.
    pub fn for_each_child<'a>(&'a self, mut f: impl FnMut(&'a Expr)) {
        match &self.kind {
            ExprKind::String(_)
            | ExprKind::Number(_)
            | ExprKind::Bool(_)
            | ExprKind::Null
            | ExprKind::Regex { .. }
            | ExprKind::Name(_)
            | ExprKind::Variable(_)
            | ExprKind::Root
            | ExprKind::Wildcard
            | ExprKind::Descendant
            | ExprKind::Parent { .. }
            | ExprKind::Placeholder => {}
            ExprKind::Path(p) => p.steps.iter().for_each(&mut f),
            ExprKind::Sort(terms) => terms.iter().for_each(|t| f(&t.expr)),
            ExprKind::Block { exprs, .. } | ExprKind::Array { items: exprs, .. } => {
                exprs.iter().for_each(&mut f)
            }
            ExprKind::Bind { value, .. } => f(value),
            ExprKind::Lambda(l) => f(&l.body),
            ExprKind::Call { func, args } | ExprKind::PartialCall { func, args } => {
                f(func);
                args.iter().for_each(&mut f);
            }
            ExprKind::Apply { lhs, rhs } | ExprKind::Binary { lhs, rhs, .. } => {
                f(lhs);
                f(rhs);
            }
            ExprKind::Negate(e) => f(e),
            ExprKind::Condition {
                cond,
                then,
                otherwise,
            } => {
                f(cond);
                f(then);
                if let Some(e) = otherwise {
                    f(e);
                }
            }
            ExprKind::Object(pairs) => pairs.iter().for_each(|(k, v)| {
                f(k);
                f(v);
            }),
            ExprKind::Transform {
                pattern,
                update,
                delete,
            } => {
                f(pattern);
                f(update);
                if let Some(e) = delete {
                    f(e);
                }
            }
        }
        if let Some(a) = &self.ann {
            a.predicates.iter().for_each(|p| f(&p.expr));
            for s in &a.stages {
                if let Stage::Filter(p) = s {
                    f(&p.expr);
                }
            }
            if let Some(g) = &a.group {
                g.pairs.iter().for_each(|(k, v)| {
                    f(k);
                    f(v);
                });
            }
        }
    }

    /// Moves every direct child out into `out`, leaving this node childless; used to drop
    /// deep trees without recursion.
    fn take_children(&mut self, out: &mut Vec<Expr>) {
        fn take(b: &mut Expr, out: &mut Vec<Expr>) {
            out.push(std::mem::replace(b, Expr::new(ExprKind::Null, b.span)));
        }
        match &mut self.kind {
            ExprKind::Path(p) => out.append(&mut p.steps),
            ExprKind::Sort(terms) => out.extend(terms.drain(..).map(|t| t.expr)),
            ExprKind::Block { exprs, .. } | ExprKind::Array { items: exprs, .. } => {
                out.append(exprs)
            }
            ExprKind::Bind { value, .. } | ExprKind::Negate(value) => take(value, out),
            ExprKind::Lambda(l) => take(&mut l.body, out),
            ExprKind::Call { func, args } | ExprKind::PartialCall { func, args } => {
                take(func, out);
                out.append(args);
            }
            ExprKind::Apply { lhs, rhs } | ExprKind::Binary { lhs, rhs, .. } => {
                take(lhs, out);
                take(rhs, out);
            }
            ExprKind::Condition {
                cond,
                then,
                otherwise,
            } => {
                take(cond, out);
                take(then, out);
                if let Some(e) = otherwise {
                    take(e, out);
                }
            }
            ExprKind::Object(pairs) => {
                for (k, v) in pairs.drain(..) {
                    out.push(k);
                    out.push(v);
                }
            }
            ExprKind::Transform {
                pattern,
                update,
                delete,
            } => {
                take(pattern, out);
                take(update, out);
                if let Some(e) = delete {
                    take(e, out);
                }
            }
            _ => {}
        }
        if let Some(a) = &mut self.ann {
            out.extend(a.predicates.drain(..).map(|p| p.expr));
            for s in a.stages.drain(..) {
                if let Stage::Filter(p) = s {
                    out.push(p.expr);
                }
            }
            if let Some(g) = a.group.take() {
                for (k, v) in g.pairs {
                    out.push(k);
                    out.push(v);
                }
            }
        }
    }
}

impl Drop for Expr {
    fn drop(&mut self) {
        let mut stack = Vec::new();
        self.take_children(&mut stack);
        while let Some(mut e) = stack.pop() {
            e.take_children(&mut stack);
            // `e` is dropped here with no children left.
        }
    }
}

impl Expr {
    /// Like [`Expr::for_each_child`], with mutable access.
    pub fn for_each_child_mut<'a>(&'a mut self, mut f: impl FnMut(&'a mut Expr)) {
        match &mut self.kind {
            ExprKind::Path(p) => p.steps.iter_mut().for_each(&mut f),
            ExprKind::Sort(terms) => terms.iter_mut().for_each(|t| f(&mut t.expr)),
            ExprKind::Block { exprs, .. } | ExprKind::Array { items: exprs, .. } => {
                exprs.iter_mut().for_each(&mut f)
            }
            ExprKind::Bind { value, .. } | ExprKind::Negate(value) => f(value),
            ExprKind::Lambda(l) => f(&mut l.body),
            ExprKind::Call { func, args } | ExprKind::PartialCall { func, args } => {
                f(func);
                args.iter_mut().for_each(&mut f);
            }
            ExprKind::Apply { lhs, rhs } | ExprKind::Binary { lhs, rhs, .. } => {
                f(lhs);
                f(rhs);
            }
            ExprKind::Condition {
                cond,
                then,
                otherwise,
            } => {
                f(cond);
                f(then);
                if let Some(e) = otherwise {
                    f(e);
                }
            }
            ExprKind::Object(pairs) => pairs.iter_mut().for_each(|(k, v)| {
                f(k);
                f(v);
            }),
            ExprKind::Transform {
                pattern,
                update,
                delete,
            } => {
                f(pattern);
                f(update);
                if let Some(e) = delete {
                    f(e);
                }
            }
            _ => {}
        }
        if let Some(a) = &mut self.ann {
            a.predicates.iter_mut().for_each(|p| f(&mut p.expr));
            for s in &mut a.stages {
                if let Stage::Filter(p) = s {
                    f(&mut p.expr);
                }
            }
            if let Some(g) = &mut a.group {
                g.pairs.iter_mut().for_each(|(k, v)| {
                    f(k);
                    f(v);
                });
            }
        }
    }
}
