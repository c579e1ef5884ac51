//! The evaluator: jsonata-js 2.0.6's `evaluate` on the parser's tree, step
//! for step (paths as sequences of steps, tuple streams for `@`, `#` and
//! `%`, predicates, group-by, sort, lambdas, partial application, `~>`,
//! transforms). Differences: a call in a lambda's tail position runs in a
//! loop (jsonata-js's trampoline), other nested calls deeper than
//! [`MAX_CALLS`] are error U1001, as a JavaScript stack overflow is in
//! jsonata-js; object keys keep insertion order (JavaScript puts
//! integer-like keys first).
//!
//! Files: this one (the evaluator, operators, variables), `paths.rs` (path
//! steps, tuple streams, filters), `group.rs` (group-by and order-by),
//! `calls.rs` (function calls, lambdas, partial application, `~>`,
//! transforms), `signature.rs` (argument checks against signatures).

mod calls;
mod group;
mod paths;
mod signature;

use super::functions;
use super::value::{append, js_cmp, lookup, Array, Env, Error, Frame, Func, Host, Result, Value};
use crate::expr::jsonata::ast::{self, BinOp, Expr, ExprKind, SigParam, Stage};
use crate::json::Json;
use group::Grouped;
use paths::{descendants, frame_from_tuple, label, tuple_get, wildcard, Tuple};
use signature::validate;
use std::collections::HashMap;
use std::rc::Rc;

/// Nested calls allowed (tail calls do not nest): jsonata-js's own test
/// suite runs with this depth limit.
pub const MAX_CALLS: usize = 100;

/// Nodes one evaluation may evaluate: a non-terminating expression
/// (`$f := function(){ $f() }`, a tail call that loops) ends with error
/// U1001 instead of hanging the test.
pub const MAX_STEPS: u64 = 20_000_000;

/// The clock, random numbers and call depth of one evaluation.
pub struct Evaluator<'r> {
    /// Milliseconds since the epoch on the virtual clock.
    pub now: f64,
    pub rng: &'r mut crate::run::Rng,
    depth: usize,
    steps: u64,
    /// Where the evaluation's stack starts, and how much of it it may use.
    base: usize,
    budget: usize,
    /// The budget ran out (then [`evaluate_json`] tries again on a thread
    /// with a larger stack).
    out_of_stack: bool,
}

/// Stack an evaluation may use on the caller's thread: a test thread has
/// 2 MiB, and a debug build's frames are large (about 14 KiB per nested
/// call).
pub const STACK_BUDGET: usize = 1 << 20;

/// The stack of the thread an evaluation moves to when the caller's budget
/// runs out (reserved, not committed, until used), and its budget.
const BIG_STACK: usize = 256 << 20;
const BIG_BUDGET: usize = 240 << 20;

/// Evaluates `expr` to JSON (`None`: undefined) with the variables
/// `bindings` makes. If the caller's stack budget runs out, the evaluation
/// runs again on a thread with a large stack: deep expressions and the
/// deepest recursion [`MAX_CALLS`] allows give the same result in debug and
/// release builds, on any thread.
pub fn evaluate_json<'e, F>(
    expr: &'e Expr,
    input: Option<&Json>,
    bindings: F,
    now: f64,
    rng: &mut crate::run::Rng,
) -> Result<Option<Json>>
where
    F: Fn() -> Vec<(String, Value<'e>)> + Sync,
{
    let run = |rng: &mut crate::run::Rng, budget: usize| {
        let mut ev = Evaluator::new(now, rng);
        ev.budget = budget;
        let input = input.map_or(Value::Undefined, Value::from_json);
        let result = ev.evaluate(expr, input, bindings()).map(|v| v.to_json());
        (result, ev.out_of_stack)
    };
    let (result, out_of_stack) = run(rng, STACK_BUDGET);
    if !out_of_stack {
        return result;
    }
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(BIG_STACK)
            .spawn_scoped(scope, || run(rng, BIG_BUDGET).0)
            .map_err(|e| Error::new("U1001", format!("no thread for a deep evaluation: {e}")))?
            .join()
            .unwrap_or_else(|_| Err(Error::new("U1001", "the deep evaluation failed")))
    })
}

/// An address on the current stack, to measure how deep an evaluation is.
fn stack_position() -> usize {
    let marker = 0u8;
    std::hint::black_box(&marker) as *const u8 as usize
}

impl<'r> Evaluator<'r> {
    pub fn new(now: f64, rng: &'r mut crate::run::Rng) -> Evaluator<'r> {
        Evaluator {
            now,
            rng,
            depth: 0,
            steps: 0,
            base: 0,
            budget: STACK_BUDGET,
            out_of_stack: false,
        }
    }

    /// Evaluates `expr` with `input` as its context (undefined in Step
    /// Functions) and `bindings` as variables.
    pub fn evaluate<'a>(
        &mut self,
        expr: &'a Expr,
        input: Value<'a>,
        bindings: Vec<(String, Value<'a>)>,
    ) -> Result<Value<'a>> {
        let env: Env<'a> = Rc::new(Frame::default());
        // jsonata-js wraps an array input so that `$` is the whole array.
        let input = match input {
            Value::Array(a) => Value::Array(Rc::new(Array {
                items: vec![Value::Array(a)],
                sequence: true,
                outer_wrapper: true,
                ..Array::default()
            })),
            other => other,
        };
        env.bind("$", input.clone());
        for (k, v) in bindings {
            env.bind(&k, v);
        }
        self.base = stack_position();
        let result = self.eval(expr, &input, &env)?;
        // A sequence of one reads as its item (jsonata-js's final step).
        Ok(match result {
            Value::Array(a) if a.sequence => {
                if a.items.len() == 1 && !a.keep_singleton {
                    a.items[0].clone()
                } else if a.items.is_empty() {
                    Value::Undefined
                } else {
                    let mut a = (*a).clone();
                    a.sequence = false;
                    Value::Array(Rc::new(a))
                }
            }
            other => other,
        })
    }

    fn eval<'a>(&mut self, expr: &'a Expr, input: &Value<'a>, env: &Env<'a>) -> Result<Value<'a>> {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return Err(self.too_much());
        }
        if self.base.abs_diff(stack_position()) > self.budget {
            self.out_of_stack = true;
            return Err(self.too_much());
        }
        let result = self.node(expr, input, env)?;
        self.finish(expr, result, env)
    }

    /// U1001: out of steps or of stack.
    #[cold]
    fn too_much(&self) -> Error {
        let why = if !self.out_of_stack {
            format!("the expression did not finish within {MAX_STEPS} evaluation steps (a non-terminating recursive function?)")
        } else {
            format!(
                "the expression nests calls or expressions too deeply for the engine ({} nested calls)",
                self.depth
            )
        };
        Error::new("U1001", format!("Stack overflow error: {why}"))
    }

    /// A node's own value, before its predicates and group-by. Each kind
    /// has its own function, which keeps this frame (on the recursion's
    /// path) small in debug builds.
    fn node<'a>(&mut self, expr: &'a Expr, input: &Value<'a>, env: &Env<'a>) -> Result<Value<'a>> {
        match &expr.kind {
            ExprKind::Path(p) => self.path(expr, p, input, env),
            ExprKind::Binary { op, lhs, rhs, .. } => self.binary(*op, lhs, rhs, input, env),
            ExprKind::Negate(e) => self.negate(e, input, env),
            ExprKind::Array { items, cons_array } => self.array(items, *cons_array, input, env),
            ExprKind::Object(pairs) => self.group(pairs, Grouped::Value(input.clone()), env),
            ExprKind::Name(name) => Ok(lookup(input, name)),
            ExprKind::String(s) => Ok(Value::string(s)),
            ExprKind::Number(n) => Ok(Value::Number(*n)),
            ExprKind::Bool(b) => Ok(Value::Bool(*b)),
            ExprKind::Null => Ok(Value::Null),
            ExprKind::Wildcard => Ok(wildcard(input)),
            ExprKind::Descendant => Ok(descendants(input)),
            ExprKind::Parent { label: l } => Ok(env.lookup(&label(*l)).unwrap_or_default()),
            ExprKind::Condition {
                cond,
                then,
                otherwise,
            } => self.condition(cond, then, otherwise.as_deref(), input, env),
            ExprKind::Block { exprs, .. } => self.block(exprs, input, env),
            ExprKind::Bind { name, value, .. } => self.bind(name, value, input, env),
            ExprKind::Regex { pattern, flags } => regex(pattern, flags),
            ExprKind::Call { func, args } => self.call(func, args, None, input, env),
            ExprKind::Variable(name) => Ok(self.variable(name, input, env)),
            ExprKind::Root => Ok(env.lookup("$").unwrap_or_default()),
            ExprKind::Lambda(def) => Ok(Value::Function(Rc::new(Func::Lambda {
                def,
                env: env.clone(),
                input: input.clone(),
            }))),
            ExprKind::PartialCall { func, args } => self.partial(func, args, input, env),
            ExprKind::Apply { lhs, rhs } => self.apply_expr(lhs, rhs, input, env),
            ExprKind::Transform { .. } => Ok(Value::Function(Rc::new(Func::Transform {
                def: expr,
                env: env.clone(),
            }))),
            ExprKind::Sort(_) => self.sort(expr, input.items(), env),
            ExprKind::Placeholder => Ok(Value::Undefined),
        }
    }

    fn negate<'a>(&mut self, e: &'a Expr, input: &Value<'a>, env: &Env<'a>) -> Result<Value<'a>> {
        match self.eval(e, input, env)? {
            Value::Undefined => Ok(Value::Undefined),
            Value::Number(n) => Ok(Value::Number(-n)),
            _ => Err(Error::new("D1002", "Cannot negate a non-numeric value")),
        }
    }

    /// `[a, b, 1..5]`: the members' values, sequences flattened, nested
    /// constructors kept as arrays.
    fn array<'a>(
        &mut self,
        items: &'a [Expr],
        cons: bool,
        input: &Value<'a>,
        env: &Env<'a>,
    ) -> Result<Value<'a>> {
        let mut out: Vec<Value<'a>> = Vec::new();
        for item in items {
            if let ExprKind::Binary {
                op: BinOp::Range,
                lhs,
                rhs,
                ..
            } = &item.kind
            {
                if item.ann.is_none() {
                    let l = self.eval(lhs, input, env)?;
                    let r = self.eval(rhs, input, env)?;
                    out.extend(range(&l, &r)?);
                    continue;
                }
            }
            match self.eval(item, input, env)? {
                Value::Undefined => {}
                v if matches!(item.kind, ExprKind::Array { .. }) => out.push(v),
                Value::Array(a) => out.extend(a.items.iter().cloned()),
                v => out.push(v),
            }
        }
        Ok(Value::Array(Rc::new(Array {
            items: out,
            cons,
            ..Array::default()
        })))
    }

    fn condition<'a>(
        &mut self,
        cond: &'a Expr,
        then: &'a Expr,
        otherwise: Option<&'a Expr>,
        input: &Value<'a>,
        env: &Env<'a>,
    ) -> Result<Value<'a>> {
        if self.eval(cond, input, env)?.truthy() {
            self.eval(then, input, env)
        } else if let Some(o) = otherwise {
            self.eval(o, input, env)
        } else {
            Ok(Value::Undefined)
        }
    }

    /// `(a; b)`: a new scope for its `:=` bindings; the last value.
    fn block<'a>(
        &mut self,
        exprs: &'a [Expr],
        input: &Value<'a>,
        env: &Env<'a>,
    ) -> Result<Value<'a>> {
        let frame = Frame::child(env);
        let mut last = Value::Undefined;
        for e in exprs {
            last = self.eval(e, input, &frame)?;
        }
        Ok(last)
    }

    fn bind<'a>(
        &mut self,
        name: &str,
        value: &'a Expr,
        input: &Value<'a>,
        env: &Env<'a>,
    ) -> Result<Value<'a>> {
        let v = self.eval(value, input, env)?;
        env.bind(name, v.clone());
        Ok(v)
    }

    /// What `evaluate` does after a node's own value: its predicates,
    /// group-by and `[]`, then a sequence of one read as its item.
    fn finish<'a>(
        &mut self,
        expr: &'a Expr,
        mut result: Value<'a>,
        env: &Env<'a>,
    ) -> Result<Value<'a>> {
        if let Some(ann) = &expr.ann {
            for p in &ann.predicates {
                result = self.filter(&p.expr, result, env)?;
            }
            if !matches!(expr.kind, ExprKind::Path(_)) {
                if let Some(g) = &ann.group {
                    result = self.group(&g.pairs, Grouped::Value(result), env)?;
                }
            }
        }
        let keep = expr.ann.as_ref().is_some_and(|a| a.keep_array);
        Ok(match result {
            Value::Array(a) if a.sequence => {
                let keep = keep || a.keep_singleton;
                match a.items.len() {
                    0 => Value::Undefined,
                    1 if !keep => a.items[0].clone(),
                    _ if keep && !a.keep_singleton => {
                        let mut a = (*a).clone();
                        a.keep_singleton = true;
                        Value::Array(Rc::new(a))
                    }
                    _ => Value::Array(a),
                }
            }
            other => other,
        })
    }

    fn variable<'a>(&self, name: &str, input: &Value<'a>, env: &Env<'a>) -> Value<'a> {
        if name.is_empty() {
            return match input {
                Value::Array(a) if a.outer_wrapper => a.items.first().cloned().unwrap_or_default(),
                other => other.clone(),
            };
        }
        if let Some(v) = env.lookup(name) {
            return v;
        }
        match crate::expr::jsonata::functions::lookup(name) {
            Some(f) => Value::Function(Rc::new(Func::Builtin(f.name))),
            None => Value::Undefined,
        }
    }

    // ---------------------------------------------------------- operators

    fn binary<'a>(
        &mut self,
        op: BinOp,
        lhs: &'a Expr,
        rhs: &'a Expr,
        input: &Value<'a>,
        env: &Env<'a>,
    ) -> Result<Value<'a>> {
        let l = self.eval(lhs, input, env)?;
        match op {
            BinOp::And => {
                return Ok(Value::Bool(
                    l.truthy() && self.eval(rhs, input, env)?.truthy(),
                ))
            }
            BinOp::Or => {
                return Ok(Value::Bool(
                    l.truthy() || self.eval(rhs, input, env)?.truthy(),
                ))
            }
            _ => {}
        }
        let r = self.eval(rhs, input, env)?;
        if op == BinOp::Concat {
            let mut s = self.stringify(&l)?;
            s.push_str(&self.stringify(&r)?);
            return Ok(Value::String(Rc::from(s)));
        }
        operate(op, &l, &r)
    }

    /// `$string` of a value, as `&` uses it.
    fn stringify<'a>(&mut self, v: &Value<'a>) -> Result<String> {
        if v.is_undefined() {
            return Ok(String::new());
        }
        match functions::call("string", std::slice::from_ref(v), self)? {
            Value::String(s) => Ok(s.to_string()),
            _ => Ok(String::new()),
        }
    }
}

impl<'a> Host<'a> for Evaluator<'_> {
    fn apply(&mut self, func: &Value<'a>, args: Vec<Value<'a>>) -> Result<Value<'a>> {
        self.apply_with(func, args, &Value::Undefined)
    }

    fn now_millis(&self) -> f64 {
        self.now
    }

    fn random(&mut self) -> f64 {
        (self.rng.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn uuid(&mut self) -> String {
        self.rng.uuid()
    }
}

/// A binary operator on its operands' values (jsonata-js's numeric,
/// equality, comparison, range and `in` operators); `&` needs `$string`
/// and is the evaluator's.
fn operate<'a>(op: BinOp, l: &Value<'a>, r: &Value<'a>) -> Result<Value<'a>> {
    Ok(match op {
        BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Mod => {
            let a = match l {
                Value::Undefined => None,
                Value::Number(n) => Some(*n),
                _ => {
                    return Err(Error::new(
                        "T2001",
                        format!(
                            "The left side of the `{}` operator must evaluate to a number",
                            op.as_str()
                        ),
                    ))
                }
            };
            let b = match r {
                Value::Undefined => None,
                Value::Number(n) => Some(*n),
                _ => {
                    return Err(Error::new(
                        "T2002",
                        format!(
                            "The right side of the `{}` operator must evaluate to a number",
                            op.as_str()
                        ),
                    ))
                }
            };
            let (Some(a), Some(b)) = (a, b) else {
                return Ok(Value::Undefined);
            };
            let n = match op {
                BinOp::Add => a + b,
                BinOp::Sub => a - b,
                BinOp::Mul => a * b,
                BinOp::Div => a / b,
                _ => a % b,
            };
            number(n)?
        }
        BinOp::Eq | BinOp::Ne => {
            if l.is_undefined() || r.is_undefined() {
                Value::Bool(false)
            } else {
                Value::Bool(l.deep_eq(r) == (op == BinOp::Eq))
            }
        }
        BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => compare(op, l, r)?,
        BinOp::Range => Value::array(range(l, r)?),
        BinOp::In => {
            if l.is_undefined() || r.is_undefined() {
                Value::Bool(false)
            } else {
                Value::Bool(r.items().iter().any(|v| strict_eq(v, l)))
            }
        }
        BinOp::And | BinOp::Or | BinOp::Concat => Value::Undefined,
    })
}

/// A variable or a built-in function of that name exists.
fn bound(env: &Env<'_>, name: &str) -> bool {
    env.lookup(name).is_some() || crate::expr::jsonata::functions::lookup(name).is_some()
}

fn number<'a>(n: f64) -> Result<Value<'a>> {
    if n.is_finite() {
        Ok(Value::Number(n))
    } else {
        Err(Error::new("D1001", "Number out of range"))
    }
}

fn range<'a>(l: &Value<'a>, r: &Value<'a>) -> Result<Vec<Value<'a>>> {
    let int = |v: &Value<'a>, code| match v {
        Value::Undefined => Ok(None),
        Value::Number(n) if n.fract() == 0.0 => Ok(Some(*n)),
        _ => Err(Error::new(
            code,
            "The operands of the range operator (..) must evaluate to integers",
        )),
    };
    let (a, b) = (int(l, "T2003")?, int(r, "T2004")?);
    let (Some(a), Some(b)) = (a, b) else {
        return Ok(Vec::new());
    };
    if a > b {
        return Ok(Vec::new());
    }
    if b - a + 1.0 > 1e7 {
        return Err(Error::new(
            "D2014",
            "The size of the sequence allocated by the range operator (..) must not exceed 1e7",
        ));
    }
    let n = (b - a) as usize + 1;
    Ok((0..n).map(|i| Value::Number(a + i as f64)).collect())
}

fn compare<'a>(op: BinOp, l: &Value<'a>, r: &Value<'a>) -> Result<Value<'a>> {
    let comparable =
        |v: &Value<'a>| matches!(v, Value::Undefined | Value::String(_) | Value::Number(_));
    if !comparable(l) || !comparable(r) {
        return Err(Error::new(
            "T2010",
            format!("The expressions either side of operator `{}` must evaluate to numeric or string values", op.as_str()),
        ));
    }
    let ord = match (l, r) {
        (Value::Undefined, _) | (_, Value::Undefined) => return Ok(Value::Undefined),
        (Value::Number(a), Value::Number(b)) => a.partial_cmp(b),
        (Value::String(a), Value::String(b)) => Some(js_cmp(a, b)),
        _ => {
            return Err(Error::new(
                "T2009",
                format!(
                    "The values either side of operator `{}` must be of the same data type",
                    op.as_str()
                ),
            ))
        }
    };
    let Some(ord) = ord else {
        return Ok(Value::Bool(false));
    };
    use std::cmp::Ordering::*;
    Ok(Value::Bool(match op {
        BinOp::Lt => ord == Less,
        BinOp::Le => ord != Greater,
        BinOp::Gt => ord == Greater,
        _ => ord != Less,
    }))
}

/// JavaScript `===`: values for scalars, identity for objects and arrays.
fn strict_eq<'a>(a: &Value<'a>, b: &Value<'a>) -> bool {
    match (a, b) {
        (Value::Array(x), Value::Array(y)) => Rc::ptr_eq(x, y),
        (Value::Object(x), Value::Object(y)) => Rc::ptr_eq(x, y),
        _ => a.deep_eq(b),
    }
}

/// A JavaScript regex literal compiled for the Rust engine.
fn regex<'a>(pattern: &str, flags: &str) -> Result<Value<'a>> {
    let mut b = regex_lite::RegexBuilder::new(pattern);
    b.case_insensitive(flags.contains('i'))
        .multi_line(flags.contains('m'));
    let regex = b.build().map_err(|e| {
        Error::new(
            "D1011",
            format!("the regex /{pattern}/ is not supported by the engine (JavaScript features such as lookaround and backreferences are not): {e}"),
        )
    })?;
    Ok(Value::Function(Rc::new(Func::Regex(Rc::new(
        super::value::Regex { regex },
    )))))
}
