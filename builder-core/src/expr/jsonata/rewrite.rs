//! The post-parse rewrite of jsonata-js's `processAST`, applied to each construct as soon as
//! the parser has read it: paths are flattened into steps, predicates and bindings move
//! onto the step they apply to, string steps become names, array-constructor steps are
//! flagged, and unresolved parent slots travel up the tree. The structural errors found
//! here (S0209, S0210, S0213, S0215, S0216, S0217) are deferred: jsonata-js only finds them
//! after the whole expression parsed.

// Operands arrive as `Box<Parsed>` on purpose (see `Parsed::new`).
#![allow(clippy::boxed_local, clippy::vec_box)]

use super::ast::{
    BinOp, Binding, Expr, ExprKind, Filter, GroupBy, Lambda, Path, Signature, SortTerm, Span, Stage,
};
use super::error::{quote, Error};
use super::parser::{Pairs, Parsed, Parser, Shape};

/// jsonata-js `pushAncestry`: a node's unresolved parent slots, and its own slot if it is a
/// `%`, travel up to the enclosing node. Moving the list keeps long chains linear.
fn push_ancestry(dst: &mut Vec<usize>, p: &mut Box<Parsed>) {
    let seeking = std::mem::take(&mut p.seeking);
    if dst.is_empty() {
        *dst = seeking;
    } else {
        dst.extend(seeking);
    }
    if let ExprKind::Parent { label } = p.expr.kind {
        dst.push(label as usize);
    }
}

pub(super) fn binary_node(
    op: BinOp,
    op_span: Span,
    mut lhs: Box<Parsed>,
    mut rhs: Box<Parsed>,
) -> Box<Parsed> {
    let mut seeking = Vec::new();
    push_ancestry(&mut seeking, &mut lhs);
    push_ancestry(&mut seeking, &mut rhs);
    let span = lhs.expr.span.to(rhs.expr.span);
    let kind = ExprKind::Binary {
        op,
        op_span,
        lhs: Box::new(lhs.expr),
        rhs: Box::new(rhs.expr),
    };
    Parsed::with_seeking(Expr::new(kind, span), seeking)
}

/// `lhs ~> rhs`; `[]` on either side carries over to the application.
pub(super) fn apply_node(lhs: Box<Parsed>, rhs: Box<Parsed>) -> Box<Parsed> {
    let keep = lhs.expr.annotations().keep_array || rhs.expr.annotations().keep_array;
    let span = lhs.expr.span.to(rhs.expr.span);
    let kind = ExprKind::Apply {
        lhs: Box::new(lhs.expr),
        rhs: Box::new(rhs.expr),
    };
    let mut expr = Expr::new(kind, span);
    if keep {
        expr.annotations_mut().keep_array = true;
    }
    Parsed::new(expr)
}

/// Unary minus; jsonata-js folds it into a number literal.
pub(super) fn negate_node(minus: Span, mut operand: Box<Parsed>) -> Box<Parsed> {
    let span = minus.to(operand.expr.span);
    if let ExprKind::Number(n) = &mut operand.expr.kind {
        *n = -*n;
        operand.expr.span = span;
        return Parsed::with_seeking(operand.expr, operand.seeking);
    }
    let mut seeking = Vec::new();
    push_ancestry(&mut seeking, &mut operand);
    let kind = ExprKind::Negate(Box::new(operand.expr));
    Parsed::with_seeking(Expr::new(kind, span), seeking)
}

pub(super) fn condition_node(
    mut cond: Box<Parsed>,
    mut then: Box<Parsed>,
    otherwise: Option<Box<Parsed>>,
) -> Box<Parsed> {
    let mut seeking = Vec::new();
    push_ancestry(&mut seeking, &mut cond);
    push_ancestry(&mut seeking, &mut then);
    let mut end = then.expr.span;
    let otherwise = otherwise.map(|mut o| {
        push_ancestry(&mut seeking, &mut o);
        end = o.expr.span;
        Box::new(o.expr)
    });
    let span = cond.expr.span.to(end);
    let kind = ExprKind::Condition {
        cond: Box::new(cond.expr),
        then: Box::new(then.expr),
        otherwise,
    };
    Parsed::with_seeking(Expr::new(kind, span), seeking)
}

pub(super) fn block_node(parts: Vec<Box<Parsed>>, span: Span) -> Box<Parsed> {
    let mut seeking = Vec::new();
    let exprs: Vec<Expr> = parts
        .into_iter()
        .map(|mut p| {
            push_ancestry(&mut seeking, &mut p);
            p.expr
        })
        .collect();
    let cons_array = exprs.iter().any(is_cons);
    Parsed::with_seeking(
        Expr::new(ExprKind::Block { exprs, cons_array }, span),
        seeking,
    )
}

/// jsonata-js `consarray` of a block member: a path starting with an array constructor, or
/// a block containing one.
fn is_cons(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Block { cons_array, .. } | ExprKind::Array { cons_array, .. } => *cons_array,
        ExprKind::Path(p) => matches!(
            p.steps.first().map(|s| &s.kind),
            Some(ExprKind::Array {
                cons_array: true,
                ..
            })
        ),
        _ => false,
    }
}

pub(super) fn array_node(items: Vec<Box<Parsed>>, span: Span) -> Box<Parsed> {
    let mut seeking = Vec::new();
    let items = items
        .into_iter()
        .map(|mut p| {
            push_ancestry(&mut seeking, &mut p);
            p.expr
        })
        .collect();
    let kind = ExprKind::Array {
        items,
        cons_array: false,
    };
    Parsed::with_seeking(Expr::new(kind, span), seeking)
}

pub(super) fn object_node(pairs: Pairs, span: Span) -> Box<Parsed> {
    let mut seeking = Vec::new();
    let pairs = pairs
        .into_iter()
        .map(|(mut k, mut v)| {
            push_ancestry(&mut seeking, &mut k);
            push_ancestry(&mut seeking, &mut v);
            (k.expr, v.expr)
        })
        .collect();
    Parsed::with_seeking(Expr::new(ExprKind::Object(pairs), span), seeking)
}

/// A transform is evaluated later, against its own input: parent slots inside it stay there.
pub(super) fn transform_node(
    pattern: Box<Parsed>,
    update: Box<Parsed>,
    delete: Option<Box<Parsed>>,
    span: Span,
) -> Box<Parsed> {
    let kind = ExprKind::Transform {
        pattern: Box::new(pattern.expr),
        update: Box::new(update.expr),
        delete: delete.map(|d| Box::new(d.expr)),
    };
    Parsed::new(Expr::new(kind, span))
}

pub(super) fn bind_node(left: Box<Parsed>, name: String, mut value: Box<Parsed>) -> Box<Parsed> {
    let mut seeking = Vec::new();
    push_ancestry(&mut seeking, &mut value);
    let span = left.expr.span.to(value.expr.span);
    let kind = ExprKind::Bind {
        name,
        name_span: left.expr.span,
        value: Box::new(value.expr),
    };
    Parsed::with_seeking(Expr::new(kind, span), seeking)
}

/// A call or partial application (with `?` placeholders).
pub(super) fn call_node(func: Box<Parsed>, args: Vec<Box<Parsed>>, close: Span) -> Box<Parsed> {
    let partial = args
        .iter()
        .any(|a| matches!(a.expr.kind, ExprKind::Placeholder));
    let mut seeking = Vec::new();
    let args = args
        .into_iter()
        .map(|mut a| {
            push_ancestry(&mut seeking, &mut a);
            a.expr
        })
        .collect();
    let span = func.expr.span.to(close);
    let func = Box::new(func.expr);
    let kind = if partial {
        ExprKind::PartialCall { func, args }
    } else {
        ExprKind::Call { func, args }
    };
    Parsed::with_seeking(Expr::new(kind, span), seeking)
}

/// A lambda body is evaluated later, in its own context: parent slots inside stay there.
pub(super) fn lambda_node(
    params: Vec<Binding>,
    signature: Option<Signature>,
    body: Box<Parsed>,
    span: Span,
) -> Box<Parsed> {
    let lambda = Lambda {
        params,
        signature,
        body: body.expr,
    };
    Parsed::new(Expr::new(ExprKind::Lambda(Box::new(lambda)), span))
}

/// `[]` after an operand: jsonata-js marks the operand as written, before its predicates.
pub(super) fn keep_array(left: &mut Box<Parsed>, close: Span) {
    match left.shape {
        Shape::Name => {
            // A field name: its step, and the path it makes.
            if let ExprKind::Path(p) = &mut left.expr.kind {
                p.keep_singleton_array = true;
                if let Some(step) = p.steps.first_mut() {
                    step.annotations_mut().keep_array = true;
                }
            }
        }
        Shape::Focus => {
            with_last_step(&mut left.expr, |s| {
                s.annotations_mut().keep_array = true;
            });
            left.unreflected_keep = matches!(left.expr.kind, ExprKind::Path(_));
        }
        Shape::Variable | Shape::Other => {}
    }
    left.expr.annotations_mut().keep_array = true;
    left.expr.span = left.expr.span.to(close);
}

/// `#$i` on `left`. A non-path becomes a one-step path, its predicates becoming stages.
pub(super) fn index(left: Box<Parsed>, binding: Binding) -> Box<Parsed> {
    let end = binding.span;
    let is_path = matches!(left.expr.kind, ExprKind::Path(_));
    let (unchecked_first, unreflected_keep) = if is_path {
        (left.unchecked_first, left.unreflected_keep)
    } else {
        (true, false)
    };
    let (mut expr, seeking, step_seeking) = if is_path {
        (left.expr, left.seeking, left.step_seeking)
    } else {
        let mut step = left.expr;
        move_predicates_to_stages(&mut step);
        (one_step_path(step), Vec::new(), left.seeking)
    };
    with_last_step(&mut expr, |step| {
        let a = step.annotations_mut();
        if a.stages.is_empty() {
            a.index = Some(binding);
        } else {
            a.stages.push(Stage::Index(binding));
        }
        a.tuple = true;
    });
    expr.span = expr.span.to(end);
    Box::new(Parsed {
        expr,
        shape: Shape::Other,
        predicated: false,
        seeking,
        step_seeking,
        unchecked_first,
        unreflected_keep,
    })
}

fn one_step_path(step: Expr) -> Expr {
    let span = step.span;
    let path = Path {
        steps: vec![step],
        keep_singleton_array: false,
    };
    Expr::new(ExprKind::Path(path), span)
}

fn move_predicates_to_stages(step: &mut Expr) {
    if let Some(a) = step.ann.as_deref_mut() {
        let preds = std::mem::take(&mut a.predicates);
        a.stages.extend(preds.into_iter().map(Stage::Filter));
    }
}

/// Runs `f` on the last step of a path, or on the node itself if it is not a path.
pub(super) fn with_last_step<R>(expr: &mut Expr, f: impl FnOnce(&mut Expr) -> R) -> R {
    if let ExprKind::Path(p) = &mut expr.kind {
        if let Some(step) = p.steps.last_mut() {
            return f(step);
        }
    }
    f(expr)
}

/// An array constructor step is flagged so the evaluator does not flatten its result.
fn mark_cons(step: Option<&mut Expr>) {
    if let Some(Expr {
        kind: ExprKind::Array { cons_array, .. },
        ..
    }) = step
    {
        *cons_array = true;
    }
}

impl Parser<'_> {
    /// `left.rhs`: appends to (or starts) a path.
    pub(super) fn path(
        &mut self,
        left: Box<Parsed>,
        rhs: Box<Parsed>,
    ) -> Result<Box<Parsed>, Error> {
        let end = rhs.expr.span;
        let (recheck, keep) = (left.unchecked_first, left.unreflected_keep);
        let (mut path_expr, mut path_seeking) = if matches!(left.expr.kind, ExprKind::Path(_)) {
            (left.expr, left.seeking)
        } else {
            let mut first = left.expr;
            self.check_step(&mut first);
            let seeking = match first.kind {
                ExprKind::Parent { label } => vec![label as usize],
                _ => Vec::new(),
            };
            let keep = first.annotations().keep_array;
            let mut p = one_step_path(first);
            if let ExprKind::Path(path) = &mut p.kind {
                path.keep_singleton_array = keep;
            }
            (p, seeking)
        };
        let mut rest = rhs.expr;
        let (new_steps, last_seeking) = match std::mem::replace(&mut rest.kind, ExprKind::Null) {
            // Only the steps of a path on the right are kept, as in jsonata-js.
            ExprKind::Path(p) => (p.steps, rhs.step_seeking),
            kind => {
                rest.kind = kind;
                // A predicate on a later step filters per step.
                move_predicates_to_stages(&mut rest);
                (vec![rest], rhs.seeking)
            }
        };
        let mut steps = match std::mem::replace(&mut path_expr.kind, ExprKind::Null) {
            ExprKind::Path(p) => p,
            _ => Path {
                steps: Vec::new(),
                keep_singleton_array: false,
            },
        };
        steps.keep_singleton_array |= keep;
        if recheck {
            if let Some(first) = steps.steps.first_mut() {
                self.check_step(first);
                steps.keep_singleton_array |= first.annotations().keep_array;
            }
        }
        for mut step in new_steps {
            self.check_step(&mut step);
            steps.keep_singleton_array |= step.annotations().keep_array;
            steps.steps.push(step);
        }
        mark_cons(steps.steps.first_mut());
        mark_cons(steps.steps.last_mut());
        self.resolve_ancestry(&mut steps.steps, last_seeking.clone(), &mut path_seeking)?;
        path_expr.kind = ExprKind::Path(steps);
        path_expr.span = path_expr.span.to(end);
        Ok(Box::new(Parsed {
            expr: path_expr,
            shape: Shape::Other,
            predicated: false,
            seeking: path_seeking,
            step_seeking: last_seeking,
            unchecked_first: false,
            unreflected_keep: false,
        }))
    }

    /// Steps may not be numbers or `true`/`false`/`null` (S0213); a string step is a name.
    fn check_step(&mut self, step: &mut Expr) {
        match &mut step.kind {
            ExprKind::Number(_) | ExprKind::Bool(_) | ExprKind::Null => {
                let e = self.literal_step(step);
                self.defer(e);
            }
            ExprKind::String(s) => {
                let name = std::mem::take(s);
                step.kind = ExprKind::Name(name);
            }
            _ => {}
        }
    }

    #[cold]
    fn literal_step(&self, step: &Expr) -> Error {
        let hint = if matches!(step.kind, ExprKind::Number(_)) {
            "; to select an array item by position use a predicate, as in `items[0]`"
        } else {
            ""
        };
        Error::new(
            "S0213",
            step.span.start,
            format!(
                "the literal {} cannot be used as a step of a path{hint}",
                quote(self.text(step.span))
            ),
        )
    }

    /// `left[pred]`: a stage of the last step of a path, or a predicate of another node.
    pub(super) fn filter(
        &mut self,
        mut left: Box<Parsed>,
        mut pred: Box<Parsed>,
        span: Span,
    ) -> Result<Box<Parsed>, Error> {
        let is_path = matches!(left.expr.kind, ExprKind::Path(_));
        if with_last_step(&mut left.expr, |step| step.annotations().group.is_some()) {
            self.defer(Error::new(
                "S0209",
                span.start,
                "a predicate `[…]` cannot follow a group-by `{…}` on the same step; wrap the grouped expression in parentheses first".to_string(),
            ));
        }
        // A `%` directly inside the predicate is the parent of the step's items.
        for &slot in &pred.seeking {
            let level = self.slots.get(slot).map_or(0, |s| s.level);
            if level == 1 {
                with_last_step(&mut left.expr, |step| self.seek_parent(step, slot))?;
            } else if let Some(s) = self.slots.get_mut(slot) {
                s.level -= 1;
            }
        }
        // Only a predicate with slots still seeking hands them on (a bare `[%]` does not).
        if !pred.seeking.is_empty() {
            let target = if is_path {
                &mut left.step_seeking
            } else {
                &mut left.seeking
            };
            push_ancestry(target, &mut pred);
        }
        let filter = Filter {
            expr: pred.expr,
            span,
        };
        with_last_step(&mut left.expr, |step| {
            let a = step.annotations_mut();
            if is_path {
                a.stages.push(Stage::Filter(filter));
            } else {
                a.predicates.push(filter);
            }
        });
        left.expr.span = left.expr.span.to(span);
        left.predicated = true;
        Ok(left)
    }

    /// `left{k: v}`: group-by, on the path or on the node.
    pub(super) fn group_by(
        &mut self,
        mut left: Box<Parsed>,
        pairs: Pairs,
        span: Span,
    ) -> Box<Parsed> {
        if left.expr.annotations().group.is_some() {
            self.defer(Error::new(
                "S0210",
                span.start,
                "a step can have only one group-by `{…}`; wrap the grouped expression in parentheses to group its result again".to_string(),
            ));
        }
        let pairs = pairs.into_iter().map(|(k, v)| (k.expr, v.expr)).collect();
        left.expr.annotations_mut().group = Some(GroupBy { pairs, span });
        left.expr.span = left.expr.span.to(span);
        left.shape = Shape::Other;
        left.predicated = false;
        left
    }

    /// `left^(…)`: appends an order-by step.
    pub(super) fn order_by(
        &mut self,
        left: Box<Parsed>,
        terms: Vec<(bool, Box<Parsed>)>,
        span: Span,
    ) -> Result<Box<Parsed>, Error> {
        let mut seeking = Vec::new();
        let terms = terms
            .into_iter()
            .map(|(descending, mut p)| {
                push_ancestry(&mut seeking, &mut p);
                SortTerm {
                    descending,
                    expr: p.expr,
                }
            })
            .collect();
        let is_path = matches!(left.expr.kind, ExprKind::Path(_));
        let (unchecked_first, unreflected_keep) = if is_path {
            (left.unchecked_first, left.unreflected_keep)
        } else {
            (true, false)
        };
        let (mut expr, mut path_seeking) = if is_path {
            (left.expr, left.seeking)
        } else {
            (one_step_path(left.expr), Vec::new())
        };
        if let ExprKind::Path(path) = &mut expr.kind {
            path.steps.push(Expr::new(ExprKind::Sort(terms), span));
            self.resolve_ancestry(&mut path.steps, seeking.clone(), &mut path_seeking)?;
        }
        expr.span = expr.span.to(span);
        Ok(Box::new(Parsed {
            expr,
            shape: Shape::Other,
            predicated: false,
            seeking: path_seeking,
            step_seeking: seeking,
            unchecked_first,
            unreflected_keep,
        }))
    }

    /// `left@$v`: binds the focus on the last step (S0215, S0216 when it comes too late).
    pub(super) fn focus(
        &mut self,
        mut left: Box<Parsed>,
        binding: Binding,
        at: Span,
    ) -> Box<Parsed> {
        let end = binding.span;
        let problem = with_last_step(&mut left.expr, |step| {
            let a = step.annotations();
            let problem = if !a.stages.is_empty() || !a.predicates.is_empty() {
                Some(("S0215", "any predicate `[…]` on the same step"))
            } else if matches!(step.kind, ExprKind::Sort(_)) {
                Some(("S0216", "the order-by `^(…)` of the step"))
            } else {
                None
            };
            let a = step.annotations_mut();
            a.focus = Some(binding);
            a.tuple = true;
            problem
        });
        if let Some((code, what)) = problem {
            let e = late_focus(code, what, self.text(end), at);
            self.defer(e);
        }
        left.expr.span = left.expr.span.to(end);
        left.shape = Shape::Focus;
        left.predicated = false;
        left
    }
}

#[cold]
fn late_focus(code: &'static str, what: &str, var: &str, at: Span) -> Error {
    Error::new(
        code,
        at.start,
        format!("the focus binding `@{var}` must come before {what}"),
    )
}
