//! The evaluator: jsonata-js 2.0.6's `evaluate` on the parser's tree, step
//! for step (paths as sequences of steps, tuple streams for `@`, `#` and
//! `%`, predicates, group-by, sort, lambdas, partial application, `~>`,
//! transforms). Differences: no tail-call trampoline — nested function
//! calls deeper than [`MAX_CALLS`] are error U1001, as a JavaScript stack
//! overflow is in jsonata-js; object keys keep insertion order (JavaScript
//! puts integer-like keys first).

use super::functions;
use super::value::{Array, Env, Error, Frame, Func, Host, Result, Value};
use crate::expr::jsonata::ast::{self, BinOp, Expr, ExprKind, SigParam, Stage};
use std::collections::HashMap;
use std::rc::Rc;

/// Nested function calls allowed (each takes some stack).
pub const MAX_CALLS: usize = 150;

/// Nodes one evaluation may evaluate: a non-terminating expression
/// (`$f := function(){ $f() }`, a tail call that loops) ends with error
/// U1001 instead of hanging the test.
pub const MAX_STEPS: u64 = 20_000_000;

/// A tuple of a tuple stream: the context item under `@`, bindings by name
/// (`$v`, and `!n` for the parent labels).
type Tuple<'a> = Vec<(String, Value<'a>)>;

fn tuple_get<'t, 'a>(t: &'t Tuple<'a>, key: &str) -> Option<&'t Value<'a>> {
    t.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

fn tuple_set<'a>(t: &mut Tuple<'a>, key: &str, v: Value<'a>) {
    match t.iter_mut().find(|(k, _)| k == key) {
        Some(slot) => slot.1 = v,
        None => t.push((key.to_owned(), v)),
    }
}

fn label(n: u32) -> String {
    format!("!{n}")
}

/// The clock, random numbers and call depth of one evaluation.
pub struct Evaluator<'r> {
    /// Milliseconds since the epoch on the virtual clock.
    pub now: f64,
    pub rng: &'r mut crate::run::Rng,
    depth: usize,
    steps: u64,
}

impl<'r> Evaluator<'r> {
    pub fn new(now: f64, rng: &'r mut crate::run::Rng) -> Evaluator<'r> {
        Evaluator {
            now,
            rng,
            depth: 0,
            steps: 0,
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
            return Err(Error::new(
                "U1001",
                format!("the expression did not finish within {MAX_STEPS} evaluation steps (a non-terminating recursive function?)"),
            ));
        }
        let result = match &expr.kind {
            ExprKind::Path(p) => self.path(expr, p, input, env)?,
            ExprKind::Binary { op, lhs, rhs, .. } => self.binary(*op, lhs, rhs, input, env)?,
            ExprKind::Negate(e) => match self.eval(e, input, env)? {
                Value::Undefined => Value::Undefined,
                Value::Number(n) => Value::Number(-n),
                _ => return Err(Error::new("D1002", "Cannot negate a non-numeric value")),
            },
            ExprKind::Array { items, cons_array } => {
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
                    let v = self.eval(item, input, env)?;
                    match v {
                        Value::Undefined => {}
                        v if matches!(item.kind, ExprKind::Array { .. }) => out.push(v),
                        Value::Array(a) => out.extend(a.items.iter().cloned()),
                        v => out.push(v),
                    }
                }
                Value::Array(Rc::new(Array {
                    items: out,
                    cons: *cons_array,
                    ..Array::default()
                }))
            }
            ExprKind::Object(pairs) => self.group(pairs, Grouped::Value(input.clone()), env)?,
            ExprKind::Name(name) => lookup(input, name),
            ExprKind::String(s) => Value::string(s),
            ExprKind::Number(n) => Value::Number(*n),
            ExprKind::Bool(b) => Value::Bool(*b),
            ExprKind::Null => Value::Null,
            ExprKind::Wildcard => wildcard(input),
            ExprKind::Descendant => descendants(input),
            ExprKind::Parent { label: l } => env.lookup(&label(*l)).unwrap_or_default(),
            ExprKind::Condition {
                cond,
                then,
                otherwise,
            } => {
                if self.eval(cond, input, env)?.truthy() {
                    self.eval(then, input, env)?
                } else if let Some(o) = otherwise {
                    self.eval(o, input, env)?
                } else {
                    Value::Undefined
                }
            }
            ExprKind::Block { exprs, .. } => {
                let frame = Frame::child(env);
                let mut last = Value::Undefined;
                for e in exprs {
                    last = self.eval(e, input, &frame)?;
                }
                last
            }
            ExprKind::Bind { name, value, .. } => {
                let v = self.eval(value, input, env)?;
                env.bind(name, v.clone());
                v
            }
            ExprKind::Regex { pattern, flags } => regex(pattern, flags)?,
            ExprKind::Call { func, args } => self.call(func, args, None, input, env)?,
            ExprKind::Variable(name) => self.variable(name, input, env),
            ExprKind::Root => env.lookup("$").unwrap_or_default(),
            ExprKind::Lambda(def) => Value::Function(Rc::new(Func::Lambda {
                def,
                env: env.clone(),
                input: input.clone(),
            })),
            ExprKind::PartialCall { func, args } => self.partial(func, args, input, env)?,
            ExprKind::Apply { lhs, rhs } => self.apply_expr(lhs, rhs, input, env)?,
            ExprKind::Transform { .. } => Value::Function(Rc::new(Func::Transform {
                def: expr,
                env: env.clone(),
            })),
            ExprKind::Sort(_) => self.sort(expr, input.items(), env)?,
            ExprKind::Placeholder => Value::Undefined,
        };
        self.finish(expr, result, env)
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

    // ------------------------------------------------------------- paths

    fn path<'a>(
        &mut self,
        expr: &'a Expr,
        p: &'a ast::Path,
        input: &Value<'a>,
        env: &Env<'a>,
    ) -> Result<Value<'a>> {
        let first_is_variable = matches!(
            p.steps.first().map(|s| &s.kind),
            Some(ExprKind::Variable(_) | ExprKind::Root)
        );
        let mut items: Vec<Value<'a>> = match input {
            Value::Array(a) if !first_is_variable => a.items.clone(),
            other => vec![other.clone()],
        };
        let mut result: Option<Value<'a>> = None;
        let mut tuples: Option<Vec<Tuple<'a>>> = None;
        let mut tuple_mode = false;
        let last = p.steps.len().saturating_sub(1);
        for (i, step) in p.steps.iter().enumerate() {
            let ann = step.annotations();
            if ann.tuple {
                tuple_mode = true;
            }
            let consarray = matches!(
                step.kind,
                ExprKind::Array {
                    cons_array: true,
                    ..
                }
            );
            if i == 0 && consarray {
                result = Some(self.eval(step, &Value::sequence(items.clone()), env)?);
            } else if tuple_mode {
                tuples = Some(self.tuple_step(step, &items, tuples.take(), env)?);
            } else {
                result = Some(self.step(step, &items, env, i == last)?);
            }
            if !tuple_mode {
                let empty = match &result {
                    None | Some(Value::Undefined) => true,
                    Some(Value::Array(a)) => a.items.is_empty(),
                    _ => false,
                };
                if empty {
                    break;
                }
            }
            if ann.focus.is_none() {
                items = match &result {
                    Some(Value::Array(a)) => a.items.clone(),
                    Some(v) => vec![v.clone()],
                    None => Vec::new(),
                };
            }
        }
        let ann = expr.annotations();
        if tuple_mode {
            let tuples = tuples.unwrap_or_default();
            if let Some(g) = &ann.group {
                return self.group(&g.pairs, Grouped::Tuples(tuples), env);
            }
            let mut seq: Vec<Value<'a>> = tuples
                .iter()
                .map(|t| tuple_get(t, "@").cloned().unwrap_or_default())
                .collect();
            if ann.tuple {
                // Kept for an enclosing tuple step by `tuple_value`.
                seq.retain(|v| !v.is_undefined());
            }
            let mut a = Array {
                items: seq,
                sequence: true,
                ..Array::default()
            };
            a.keep_singleton = p.keep_singleton_array;
            return Ok(Value::Array(Rc::new(a)));
        }
        let mut result = result.unwrap_or(Value::Undefined);
        if p.keep_singleton_array {
            result = match result {
                Value::Array(a) => {
                    let mut a = (*a).clone();
                    if a.cons && !a.sequence {
                        a = Array {
                            items: vec![Value::Array(Rc::new(a))],
                            sequence: true,
                            ..Array::default()
                        };
                    }
                    a.keep_singleton = true;
                    Value::Array(Rc::new(a))
                }
                Value::Undefined => Value::Undefined,
                v => Value::Array(Rc::new(Array {
                    items: vec![v],
                    sequence: true,
                    keep_singleton: true,
                    ..Array::default()
                })),
            };
        }
        if let Some(g) = &ann.group {
            result = self.group(&g.pairs, Grouped::Value(result), env)?;
        }
        Ok(result)
    }

    /// One step of a path over each item: results flattened into a sequence.
    fn step<'a>(
        &mut self,
        step: &'a Expr,
        items: &[Value<'a>],
        env: &Env<'a>,
        last: bool,
    ) -> Result<Value<'a>> {
        let ann = step.annotations();
        if matches!(step.kind, ExprKind::Sort(_)) {
            let mut sorted = self.sort(step, items.to_vec(), env)?;
            for s in &ann.stages {
                if let Stage::Filter(f) = s {
                    sorted = self.filter(&f.expr, sorted, env)?;
                }
            }
            return Ok(sorted);
        }
        let mut results: Vec<Value<'a>> = Vec::new();
        for item in items {
            let mut res = self.eval(step, item, env)?;
            for s in &ann.stages {
                if let Stage::Filter(f) = s {
                    res = self.filter(&f.expr, res, env)?;
                }
            }
            if !res.is_undefined() {
                results.push(res);
            }
        }
        if last && results.len() == 1 {
            if let Value::Array(a) = &results[0] {
                if !a.sequence {
                    return Ok(results.pop().unwrap_or_default());
                }
            }
        }
        let mut out = Vec::with_capacity(results.len());
        for r in results {
            match r {
                Value::Array(a) if !a.cons => out.extend(a.items.iter().cloned()),
                other => out.push(other),
            }
        }
        Ok(Value::sequence(out))
    }

    /// A step of a path that carries bindings: each tuple's context item
    /// through the step, the bindings kept.
    fn tuple_step<'a>(
        &mut self,
        step: &'a Expr,
        items: &[Value<'a>],
        tuples: Option<Vec<Tuple<'a>>>,
        env: &Env<'a>,
    ) -> Result<Vec<Tuple<'a>>> {
        let ann = step.annotations();
        if matches!(step.kind, ExprKind::Sort(_)) {
            let mut result = match tuples {
                Some(t) => self.sort_tuples(step, t, env)?,
                None => {
                    let sorted = self.sort(step, items.to_vec(), env)?;
                    sorted
                        .items()
                        .into_iter()
                        .enumerate()
                        .map(|(i, v)| {
                            let mut t = vec![("@".to_owned(), v)];
                            if let Some(ix) = &ann.index {
                                t.push((ix.name.clone(), Value::Number(i as f64)));
                            }
                            t
                        })
                        .collect()
                }
            };
            result = self.stages(&ann.stages, result, env)?;
            return Ok(result);
        }
        let tuples = tuples.unwrap_or_else(|| {
            items
                .iter()
                .map(|v| vec![("@".to_owned(), v.clone())])
                .collect()
        });
        let mut result = Vec::new();
        for t in &tuples {
            let frame = frame_from_tuple(env, t);
            let context = tuple_get(t, "@").cloned().unwrap_or_default();
            if let Some(inner) = self.tuple_value(step, &context, &frame)? {
                for bindings in inner {
                    let mut nt = t.clone();
                    for (k, v) in bindings {
                        tuple_set(&mut nt, &k, v);
                    }
                    result.push(nt);
                }
                continue;
            }
            let res = self.eval(step, &context, &frame)?;
            if res.is_undefined() {
                continue;
            }
            for (b, v) in res.items().into_iter().enumerate() {
                let mut nt = t.clone();
                match &ann.focus {
                    Some(f) => tuple_set(&mut nt, &f.name, v),
                    None => tuple_set(&mut nt, "@", v),
                }
                if let Some(ix) = &ann.index {
                    tuple_set(&mut nt, &ix.name, Value::Number(b as f64));
                }
                if let Some(l) = ann.ancestor {
                    tuple_set(&mut nt, &label(l), context.clone());
                }
                result.push(nt);
            }
        }
        self.stages(&ann.stages, result, env)
    }

    /// A path (or a block ending in one) that is itself a tuple stream:
    /// its tuples, for the enclosing tuple step to merge.
    fn tuple_value<'a>(
        &mut self,
        expr: &'a Expr,
        input: &Value<'a>,
        env: &Env<'a>,
    ) -> Result<Option<Vec<Tuple<'a>>>> {
        if !expr.annotations().tuple {
            return Ok(None);
        }
        match &expr.kind {
            ExprKind::Path(p) if expr.is_plain() => {
                let mut items: Vec<Value<'a>> = match input {
                    Value::Array(a) => a.items.clone(),
                    other => vec![other.clone()],
                };
                let mut tuples: Option<Vec<Tuple<'a>>> = None;
                for step in &p.steps {
                    tuples = Some(self.tuple_step(step, &items, tuples.take(), env)?);
                    if step.annotations().focus.is_none() {
                        items = tuples
                            .iter()
                            .flatten()
                            .filter_map(|t| tuple_get(t, "@").cloned())
                            .collect();
                    }
                }
                Ok(tuples)
            }
            ExprKind::Block { exprs, .. } if expr.is_plain() && !exprs.is_empty() => {
                let frame = Frame::child(env);
                let (last, rest) = exprs.split_last().expect("not empty");
                for e in rest {
                    self.eval(e, input, &frame)?;
                }
                match self.tuple_value(last, input, &frame)? {
                    Some(t) => Ok(Some(t)),
                    None => {
                        let v = self.eval(last, input, &frame)?;
                        Ok(Some(
                            v.items()
                                .into_iter()
                                .map(|v| vec![("@".to_owned(), v)])
                                .collect(),
                        ))
                    }
                }
            }
            _ => Ok(None),
        }
    }

    fn stages<'a>(
        &mut self,
        stages: &'a [Stage],
        mut tuples: Vec<Tuple<'a>>,
        env: &Env<'a>,
    ) -> Result<Vec<Tuple<'a>>> {
        for s in stages {
            match s {
                Stage::Filter(f) => tuples = self.filter_tuples(&f.expr, tuples, env)?,
                Stage::Index(b) => {
                    for (i, t) in tuples.iter_mut().enumerate() {
                        tuple_set(t, &b.name, Value::Number(i as f64));
                    }
                }
            }
        }
        Ok(tuples)
    }

    // ----------------------------------------------------------- filters

    /// `[pred]` on a value: by position when the predicate is a number (or
    /// numbers), else the items for which it is true.
    fn filter<'a>(&mut self, pred: &'a Expr, input: Value<'a>, env: &Env<'a>) -> Result<Value<'a>> {
        let items = match &input {
            Value::Undefined => Vec::new(),
            Value::Array(a) => a.items.clone(),
            other => vec![other.clone()],
        };
        if let ExprKind::Number(n) = pred.kind {
            if pred.ann.is_none() {
                let mut i = n.floor();
                if i < 0.0 {
                    i += items.len() as f64;
                }
                let out = if i >= 0.0 && (i as usize) < items.len() {
                    match &items[i as usize] {
                        Value::Array(a) => return Ok(Value::Array(a.clone())),
                        v => vec![v.clone()],
                    }
                } else {
                    Vec::new()
                };
                return Ok(Value::sequence(out));
            }
        }
        let mut out = Vec::new();
        let len = items.len() as f64;
        for (index, item) in items.iter().enumerate() {
            let res = self.eval(pred, item, env)?;
            if keeps(&res, index, len) {
                out.push(item.clone());
            }
        }
        Ok(Value::sequence(out))
    }

    fn filter_tuples<'a>(
        &mut self,
        pred: &'a Expr,
        tuples: Vec<Tuple<'a>>,
        env: &Env<'a>,
    ) -> Result<Vec<Tuple<'a>>> {
        let len = tuples.len() as f64;
        if let ExprKind::Number(n) = pred.kind {
            if pred.ann.is_none() {
                let mut i = n.floor();
                if i < 0.0 {
                    i += len;
                }
                return Ok(if i >= 0.0 && i < len {
                    vec![tuples[i as usize].clone()]
                } else {
                    Vec::new()
                });
            }
        }
        let mut out = Vec::new();
        for (index, t) in tuples.into_iter().enumerate() {
            let frame = frame_from_tuple(env, &t);
            let context = tuple_get(&t, "@").cloned().unwrap_or_default();
            let res = self.eval(pred, &context, &frame)?;
            if keeps(&res, index, len) {
                out.push(t);
            }
        }
        Ok(out)
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
        Ok(match op {
            BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Mod => {
                let a = match &l {
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
                let b = match &r {
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
                    Value::Bool(l.deep_eq(&r) == (op == BinOp::Eq))
                }
            }
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => compare(op, &l, &r)?,
            BinOp::Concat => {
                let mut s = self.stringify(&l)?;
                s.push_str(&self.stringify(&r)?);
                Value::String(Rc::from(s))
            }
            BinOp::Range => Value::array(range(&l, &r)?),
            BinOp::In => {
                if l.is_undefined() || r.is_undefined() {
                    Value::Bool(false)
                } else {
                    Value::Bool(r.items().iter().any(|v| strict_eq(v, &l)))
                }
            }
            BinOp::And | BinOp::Or => Value::Undefined,
        })
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

    // ----------------------------------------------------------- grouping

    fn group<'a>(
        &mut self,
        pairs: &'a [(Expr, Expr)],
        input: Grouped<'a>,
        env: &Env<'a>,
    ) -> Result<Value<'a>> {
        // Each key's data and the pair that made it, in first-seen order.
        let mut order: Vec<String> = Vec::new();
        let mut groups: HashMap<String, (Grouped<'a>, usize)> = HashMap::new();
        let entries: Vec<Grouped<'a>> = match input {
            Grouped::Tuples(ts) if ts.is_empty() => vec![Grouped::Value(Value::Undefined)],
            Grouped::Tuples(ts) => ts.into_iter().map(|t| Grouped::Tuples(vec![t])).collect(),
            Grouped::Value(Value::Array(a)) if a.items.is_empty() => {
                vec![Grouped::Value(Value::Undefined)]
            }
            Grouped::Value(Value::Array(a)) => {
                a.items.iter().map(|v| Grouped::Value(v.clone())).collect()
            }
            Grouped::Value(v) => vec![Grouped::Value(v)],
        };
        for entry in entries {
            for (pi, (k, _)) in pairs.iter().enumerate() {
                let key = match &entry {
                    Grouped::Tuples(ts) => {
                        let t = &ts[0];
                        let frame = frame_from_tuple(env, t);
                        let ctx = tuple_get(t, "@").cloned().unwrap_or_default();
                        self.eval(k, &ctx, &frame)?
                    }
                    Grouped::Value(v) => self.eval(k, v, env)?,
                };
                let key = match key {
                    Value::Undefined => continue,
                    Value::String(s) => s.to_string(),
                    _ => {
                        return Err(Error::new(
                            "T1003",
                            "Key in object structure must evaluate to a string",
                        ))
                    }
                };
                match groups.get_mut(&key) {
                    Some((data, index)) => {
                        if *index != pi {
                            return Err(Error::new(
                                "D1009",
                                format!("Multiple key definitions evaluate to same key: \"{key}\""),
                            ));
                        }
                        data.append(entry.clone());
                    }
                    None => {
                        order.push(key.clone());
                        groups.insert(key, (entry.clone(), pi));
                    }
                }
            }
        }
        let mut out = Vec::with_capacity(order.len());
        for key in order {
            let Some((data, pi)) = groups.remove(&key) else {
                continue;
            };
            let value_expr = &pairs[pi].1;
            let value = match data {
                Grouped::Value(v) => self.eval(value_expr, &v, env)?,
                Grouped::Tuples(ts) => {
                    // The tuples reduced to one: each binding's values appended.
                    let mut reduced: Tuple<'a> = Vec::new();
                    for t in ts {
                        for (k, v) in t {
                            match reduced.iter_mut().find(|(rk, _)| *rk == k) {
                                Some(slot) => slot.1 = append(std::mem::take(&mut slot.1), v),
                                None => reduced.push((k, v)),
                            }
                        }
                    }
                    let ctx = tuple_get(&reduced, "@").cloned().unwrap_or_default();
                    reduced.retain(|(k, _)| k != "@");
                    let frame = frame_from_tuple(env, &reduced);
                    self.eval(value_expr, &ctx, &frame)?
                }
            };
            if !value.is_undefined() {
                out.push((key, value));
            }
        }
        Ok(Value::object(out))
    }

    // ------------------------------------------------------------ sorting

    fn sort_keys<'a>(
        &mut self,
        terms: &'a [ast::SortTerm],
        ctx: &Value<'a>,
        env: &Env<'a>,
    ) -> Result<Vec<Value<'a>>> {
        let mut keys = Vec::with_capacity(terms.len());
        for t in terms {
            keys.push(self.eval(&t.expr, ctx, env)?);
        }
        Ok(keys)
    }

    fn sort<'a>(
        &mut self,
        expr: &'a Expr,
        items: Vec<Value<'a>>,
        env: &Env<'a>,
    ) -> Result<Value<'a>> {
        let ExprKind::Sort(terms) = &expr.kind else {
            return Ok(Value::sequence(items));
        };
        let mut keyed = Vec::with_capacity(items.len());
        for item in items {
            let keys = self.sort_keys(terms, &item, env)?;
            keyed.push((keys, item));
        }
        let order = sort_order(terms, keyed.iter().map(|(k, _)| k.as_slice()).collect())?;
        let mut slots: Vec<Option<Value<'a>>> = keyed.into_iter().map(|(_, v)| Some(v)).collect();
        let sorted = order.into_iter().filter_map(|i| slots[i].take()).collect();
        Ok(Value::sequence(sorted))
    }

    fn sort_tuples<'a>(
        &mut self,
        expr: &'a Expr,
        tuples: Vec<Tuple<'a>>,
        env: &Env<'a>,
    ) -> Result<Vec<Tuple<'a>>> {
        let ExprKind::Sort(terms) = &expr.kind else {
            return Ok(tuples);
        };
        let mut keys = Vec::with_capacity(tuples.len());
        for t in &tuples {
            let frame = frame_from_tuple(env, t);
            let ctx = tuple_get(t, "@").cloned().unwrap_or_default();
            keys.push(self.sort_keys(terms, &ctx, &frame)?);
        }
        let order = sort_order(terms, keys.iter().map(Vec::as_slice).collect())?;
        let mut slots: Vec<Option<Tuple<'a>>> = tuples.into_iter().map(Some).collect();
        Ok(order.into_iter().filter_map(|i| slots[i].take()).collect())
    }

    // ---------------------------------------------------------- functions

    fn call<'a>(
        &mut self,
        func: &'a Expr,
        args: &'a [Expr],
        first: Option<Value<'a>>,
        input: &Value<'a>,
        env: &Env<'a>,
    ) -> Result<Value<'a>> {
        let proc = self.eval(func, input, env)?;
        if proc.is_undefined() {
            if let ExprKind::Path(p) = &func.kind {
                if let Some(ExprKind::Name(n)) = p.steps.first().map(|s| &s.kind) {
                    if bound(env, n) {
                        return Err(Error::new(
                            "T1005",
                            format!("Attempted to invoke a non-function. Did you mean ${n}?"),
                        ));
                    }
                }
            }
        }
        let mut values = Vec::with_capacity(args.len() + 1);
        values.extend(first);
        for a in args {
            values.push(self.eval(a, input, env)?);
        }
        let name = match &func.kind {
            ExprKind::Variable(n) => format!("${n}"),
            _ => "the expression".to_owned(),
        };
        self.apply_with(&proc, values, input).map_err(|mut e| {
            if e.code == "T1006" {
                e.message = format!("Attempted to invoke a non-function: {name}");
            }
            e
        })
    }

    /// Calls a function value with `input` as the context for `-` arguments.
    fn apply_with<'a>(
        &mut self,
        proc: &Value<'a>,
        args: Vec<Value<'a>>,
        input: &Value<'a>,
    ) -> Result<Value<'a>> {
        let Value::Function(f) = proc else {
            return Err(Error::new("T1006", "Attempted to invoke a non-function"));
        };
        self.depth += 1;
        if self.depth > MAX_CALLS {
            self.depth -= 1;
            return Err(Error::new(
                "U1001",
                "Stack overflow error: Check for non-terminating recursive function.  Consider rewriting as tail-recursive.",
            ));
        }
        let result = self.apply_func(f, args, input);
        self.depth -= 1;
        result
    }

    fn apply_func<'a>(
        &mut self,
        f: &Rc<Func<'a>>,
        args: Vec<Value<'a>>,
        input: &Value<'a>,
    ) -> Result<Value<'a>> {
        match &**f {
            Func::Lambda {
                def,
                env,
                input: defined_in,
            } => {
                // A call in tail position runs in this loop rather than
                // deeper in the stack (jsonata-js's tail-call thunks).
                let (mut def, mut env, mut defined_in, mut args) =
                    (*def, env.clone(), defined_in.clone(), args);
                loop {
                    let args_now = match &def.signature {
                        Some(sig) => validate(&sig.params, args, input, "lambda")?,
                        None => args,
                    };
                    let frame = Frame::child(&env);
                    for (i, p) in def.params.iter().enumerate() {
                        frame.bind(&p.name, args_now.get(i).cloned().unwrap_or_default());
                    }
                    match self.eval_tail(&def.body, &defined_in, &frame)? {
                        Tail::Value(v) => return Ok(v),
                        Tail::Call(proc, next_args) => {
                            if let Value::Function(g) = &proc {
                                if let Func::Lambda {
                                    def: d,
                                    env: e,
                                    input: i,
                                } = &**g
                                {
                                    (def, env, defined_in, args) =
                                        (*d, e.clone(), i.clone(), next_args);
                                    continue;
                                }
                            }
                            return self.apply_with(&proc, next_args, &defined_in);
                        }
                    }
                }
            }
            Func::Builtin(name) => {
                let sig = crate::expr::jsonata::functions::lookup(name)
                    .and_then(|f| crate::expr::jsonata::signature::params(f.signature))
                    .unwrap_or_default();
                let args = validate(&sig, args, input, name)?;
                functions::call(name, &args, self)
            }
            Func::Partial { func, args: fixed } => {
                let mut supplied = args.into_iter();
                let full = fixed
                    .iter()
                    .map(|a| match a {
                        Some(v) => v.clone(),
                        None => supplied.next().unwrap_or_default(),
                    })
                    .collect();
                self.apply_with(func, full, input)
            }
            Func::Regex(r) => {
                let text = match args.first() {
                    Some(Value::String(s)) => s.clone(),
                    _ => return Ok(Value::Undefined),
                };
                Ok(match r.regex.captures(&text) {
                    None => Value::Undefined,
                    Some(c) => {
                        let m = c.get(0).map_or((0, 0), |m| (m.start(), m.end()));
                        let units =
                            |b: usize| text.get(..b).map_or(0, |s| s.chars().count()) as f64;
                        let groups = (1..c.len())
                            .map(|i| {
                                c.get(i)
                                    .map_or(Value::string(""), |g| Value::string(g.as_str()))
                            })
                            .collect();
                        Value::object(vec![
                            (
                                "match".into(),
                                Value::string(text.get(m.0..m.1).unwrap_or("")),
                            ),
                            ("start".into(), Value::Number(units(m.0))),
                            ("end".into(), Value::Number(units(m.1))),
                            ("groups".into(), Value::array(groups)),
                        ])
                    }
                })
            }
            Func::Chain(first, second) => {
                let mid = self.apply_with(first, args, input)?;
                self.apply_with(second, vec![mid], input)
            }
            Func::Transform { def, env } => {
                let ExprKind::Transform {
                    pattern,
                    update,
                    delete,
                } = &def.kind
                else {
                    return Ok(Value::Undefined);
                };
                let obj = args.into_iter().next().unwrap_or_default();
                match &obj {
                    Value::Undefined => return Ok(Value::Undefined),
                    Value::Object(_) | Value::Array(_) => {}
                    _ => return Err(Error::new(
                        "T0410",
                        "Argument 1 of function \"transform\" does not match function signature",
                    )),
                }
                self.transform(obj, pattern, update, delete.as_deref(), env)
            }
        }
    }

    /// A lambda's body: a call in tail position (through conditions and
    /// blocks) is returned to the caller's loop instead of made.
    fn eval_tail<'a>(
        &mut self,
        expr: &'a Expr,
        input: &Value<'a>,
        env: &Env<'a>,
    ) -> Result<Tail<'a>> {
        if expr.ann.is_some() {
            return Ok(Tail::Value(self.eval(expr, input, env)?));
        }
        match &expr.kind {
            ExprKind::Call { func, args } => {
                let proc = self.eval(func, input, env)?;
                if !matches!(proc, Value::Function(_)) {
                    return Ok(Tail::Value(self.eval(expr, input, env)?));
                }
                let mut values = Vec::with_capacity(args.len());
                for a in args {
                    values.push(self.eval(a, input, env)?);
                }
                Ok(Tail::Call(proc, values))
            }
            ExprKind::Condition {
                cond,
                then,
                otherwise,
            } => {
                if self.eval(cond, input, env)?.truthy() {
                    self.eval_tail(then, input, env)
                } else if let Some(o) = otherwise {
                    self.eval_tail(o, input, env)
                } else {
                    Ok(Tail::Value(Value::Undefined))
                }
            }
            ExprKind::Block { exprs, .. } if !exprs.is_empty() => {
                let frame = Frame::child(env);
                let (last, rest) = exprs.split_last().expect("not empty");
                for e in rest {
                    self.eval(e, input, &frame)?;
                }
                self.eval_tail(last, input, &frame)
            }
            _ => Ok(Tail::Value(self.eval(expr, input, env)?)),
        }
    }

    fn partial<'a>(
        &mut self,
        func: &'a Expr,
        args: &'a [Expr],
        input: &Value<'a>,
        env: &Env<'a>,
    ) -> Result<Value<'a>> {
        let mut fixed = Vec::with_capacity(args.len());
        for a in args {
            fixed.push(match a.kind {
                ExprKind::Placeholder => None,
                _ => Some(self.eval(a, input, env)?),
            });
        }
        let proc = self.eval(func, input, env)?;
        if let (Value::Undefined, ExprKind::Path(p)) = (&proc, &func.kind) {
            if let Some(ExprKind::Name(n)) = p.steps.first().map(|s| &s.kind) {
                if bound(env, n) {
                    return Err(Error::new(
                        "T1007",
                        format!("Attempted to partially apply a non-function. Did you mean ${n}?"),
                    ));
                }
            }
        }
        if !matches!(proc, Value::Function(_)) {
            return Err(Error::new(
                "T1008",
                "Attempted to partially apply a non-function",
            ));
        }
        Ok(Value::Function(Rc::new(Func::Partial {
            func: proc,
            args: fixed,
        })))
    }

    fn apply_expr<'a>(
        &mut self,
        lhs: &'a Expr,
        rhs: &'a Expr,
        input: &Value<'a>,
        env: &Env<'a>,
    ) -> Result<Value<'a>> {
        let l = self.eval(lhs, input, env)?;
        if let ExprKind::Call { func, args } = &rhs.kind {
            let v = self.call(func, args, Some(l), input, env)?;
            return self.finish(rhs, v, env);
        }
        let f = self.eval(rhs, input, env)?;
        if !matches!(f, Value::Function(_)) {
            return Err(Error::new(
                "T2006",
                "The right side of the function application operator ~> must be a function",
            ));
        }
        if matches!(l, Value::Function(_)) {
            return Ok(Value::Function(Rc::new(Func::Chain(l, f))));
        }
        self.apply_with(&f, vec![l], input)
    }

    /// `| pattern | update, delete |` on a deep copy of `obj`: the objects
    /// the pattern selects (found by identity in the copy) get the update's
    /// fields and lose the deleted ones.
    fn transform<'a>(
        &mut self,
        obj: Value<'a>,
        pattern: &'a Expr,
        update: &'a Expr,
        delete: Option<&'a Expr>,
        env: &Env<'a>,
    ) -> Result<Value<'a>> {
        let copy = deep_copy(&obj);
        let matches = self.eval(pattern, &copy, env)?;
        let mut changes: HashMap<usize, Vec<(String, Value<'a>)>> = HashMap::new();
        for m in matches.items() {
            let Value::Object(o) = &m else {
                continue;
            };
            let mut fields = (**o).clone();
            let u = self.eval(update, &m, env)?;
            match &u {
                Value::Undefined => {}
                Value::Object(pairs) => {
                    for (k, v) in pairs.iter() {
                        match fields.iter_mut().find(|(fk, _)| fk == k) {
                            Some(slot) => slot.1 = v.clone(),
                            None => fields.push((k.clone(), v.clone())),
                        }
                    }
                }
                _ => {
                    return Err(Error::new(
                        "T2011",
                        "The insert/update clause of the transform expression must evaluate to an object",
                    ))
                }
            }
            if let Some(d) = delete {
                let names = self.eval(d, &m, env)?;
                if !names.is_undefined() {
                    let names = names.items();
                    if !names.iter().all(|n| matches!(n, Value::String(_))) {
                        return Err(Error::new(
                            "T2012",
                            "The delete clause of the transform expression must evaluate to a string or array of strings",
                        ));
                    }
                    fields.retain(|(k, _)| !names.iter().any(|n| n.as_str() == Some(k)));
                }
            }
            changes.insert(Rc::as_ptr(o) as usize, fields);
        }
        Ok(rebuild(&copy, &mut changes))
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

/// A lambda body's value, or the call it ends with.
enum Tail<'a> {
    Value(Value<'a>),
    Call(Value<'a>, Vec<Value<'a>>),
}

/// What a group-by groups: values, or the tuples of a tuple stream.
#[derive(Clone)]
enum Grouped<'a> {
    Value(Value<'a>),
    Tuples(Vec<Tuple<'a>>),
}

impl<'a> Grouped<'a> {
    fn append(&mut self, other: Grouped<'a>) {
        match (self, other) {
            (Grouped::Tuples(a), Grouped::Tuples(b)) => a.extend(b),
            (Grouped::Value(a), Grouped::Value(b)) => *a = append(std::mem::take(a), b),
            _ => {}
        }
    }
}

/// jsonata-js `fn.append`: two values as one array.
fn append<'a>(a: Value<'a>, b: Value<'a>) -> Value<'a> {
    match (a, b) {
        (Value::Undefined, b) => b,
        (a, Value::Undefined) => a,
        (a, b) => {
            let (seq, mut items) = match a {
                Value::Array(x) => (x.sequence, x.items.clone()),
                other => (true, vec![other]),
            };
            items.extend(b.items());
            Value::Array(Rc::new(Array {
                items,
                sequence: seq,
                ..Array::default()
            }))
        }
    }
}

/// A variable or a built-in function of that name exists.
fn bound(env: &Env<'_>, name: &str) -> bool {
    env.lookup(name).is_some() || crate::expr::jsonata::functions::lookup(name).is_some()
}

fn frame_from_tuple<'a>(env: &Env<'a>, t: &Tuple<'a>) -> Env<'a> {
    let frame = Frame::child(env);
    for (k, v) in t {
        if k != "@" {
            frame.bind(k, v.clone());
        }
    }
    frame
}

/// Whether a predicate's value keeps the item at `index`: numbers select
/// positions (negative from the end), anything else by truthiness.
fn keeps(res: &Value<'_>, index: usize, len: f64) -> bool {
    let numbers: Option<Vec<f64>> = match res {
        Value::Number(n) => Some(vec![*n]),
        Value::Array(a) if !a.items.is_empty() => a.items.iter().map(Value::as_number).collect(),
        _ => None,
    };
    match numbers {
        Some(ns) => ns.iter().any(|n| {
            let mut i = n.floor();
            if i < 0.0 {
                i += len;
            }
            i == index as f64
        }),
        None => res.truthy(),
    }
}

/// jsonata-js `fn.lookup`: a field of an object, or of each object in an
/// array (arrays in the results flattened).
fn lookup<'a>(input: &Value<'a>, key: &str) -> Value<'a> {
    match input {
        Value::Array(a) => {
            let mut out = Vec::new();
            for item in &a.items {
                match lookup(item, key) {
                    Value::Undefined => {}
                    Value::Array(x) => out.extend(x.items.iter().cloned()),
                    v => out.push(v),
                }
            }
            Value::sequence(out)
        }
        Value::Object(_) => input.field(key).cloned().unwrap_or_default(),
        _ => Value::Undefined,
    }
}

fn flatten_into<'a>(v: &Value<'a>, out: &mut Vec<Value<'a>>) {
    match v {
        Value::Array(a) => a.items.iter().for_each(|i| flatten_into(i, out)),
        other => out.push(other.clone()),
    }
}

fn wildcard<'a>(input: &Value<'a>) -> Value<'a> {
    let input = match input {
        Value::Array(a) if a.outer_wrapper && !a.items.is_empty() => &a.items[0],
        other => other,
    };
    let mut out = Vec::new();
    match input {
        Value::Object(pairs) => {
            for (_, v) in pairs.iter() {
                flatten_into(v, &mut out);
            }
        }
        Value::Array(a) => a.items.iter().for_each(|v| flatten_into(v, &mut out)),
        _ => {}
    }
    Value::sequence(out)
}

fn descendants<'a>(input: &Value<'a>) -> Value<'a> {
    fn walk<'a>(v: &Value<'a>, out: &mut Vec<Value<'a>>) {
        match v {
            Value::Array(a) => a.items.iter().for_each(|i| walk(i, out)),
            Value::Object(pairs) => {
                out.push(v.clone());
                pairs.iter().for_each(|(_, x)| walk(x, out));
            }
            other => out.push(other.clone()),
        }
    }
    if input.is_undefined() {
        return Value::Undefined;
    }
    let mut out = Vec::new();
    walk(input, &mut out);
    if out.len() == 1 {
        return out.pop().unwrap_or_default();
    }
    Value::sequence(out)
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

/// JavaScript string order: by UTF-16 code units.
pub fn js_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// JavaScript `===`: values for scalars, identity for objects and arrays.
fn strict_eq<'a>(a: &Value<'a>, b: &Value<'a>) -> bool {
    match (a, b) {
        (Value::Array(x), Value::Array(y)) => Rc::ptr_eq(x, y),
        (Value::Object(x), Value::Object(y)) => Rc::ptr_eq(x, y),
        _ => a.deep_eq(b),
    }
}

/// The stable order of items by their sort keys (undefined last); T2007 /
/// T2008 for keys that cannot be compared.
fn sort_order(terms: &[ast::SortTerm], keys: Vec<&[Value<'_>]>) -> Result<Vec<usize>> {
    let mut error = None;
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by(|&x, &y| {
        use std::cmp::Ordering::*;
        for (t, term) in terms.iter().enumerate() {
            let (a, b) = (&keys[x][t], &keys[y][t]);
            let ord = match (a, b) {
                (Value::Undefined, Value::Undefined) => Equal,
                (Value::Undefined, _) => Greater,
                (_, Value::Undefined) => Less,
                (Value::Number(p), Value::Number(q)) => p.partial_cmp(q).unwrap_or(Equal),
                (Value::String(p), Value::String(q)) => js_cmp(p, q),
                (Value::Number(_) | Value::String(_), Value::Number(_) | Value::String(_)) => {
                    error.get_or_insert(Error::new(
                        "T2007",
                        "Type mismatch when comparing values in order-by clause",
                    ));
                    Equal
                }
                _ => {
                    error.get_or_insert(Error::new(
                        "T2008",
                        "The expressions within an order-by clause must evaluate to numeric or string values",
                    ));
                    Equal
                }
            };
            let ord = if term.descending && !a.is_undefined() && !b.is_undefined() {
                ord.reverse()
            } else {
                ord
            };
            if ord != Equal {
                return ord;
            }
        }
        Equal
    });
    match error {
        Some(e) => Err(e),
        None => Ok(order),
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

/// A copy with fresh objects and arrays, so that each position has its own
/// identity for a transform.
fn deep_copy<'a>(v: &Value<'a>) -> Value<'a> {
    match v {
        Value::Array(a) => {
            let mut c = (**a).clone();
            c.items = a.items.iter().map(deep_copy).collect();
            Value::Array(Rc::new(c))
        }
        Value::Object(pairs) => Value::object(
            pairs
                .iter()
                .map(|(k, x)| (k.clone(), deep_copy(x)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// `v` with the changed objects replaced (children first).
fn rebuild<'a>(v: &Value<'a>, changes: &mut HashMap<usize, Vec<(String, Value<'a>)>>) -> Value<'a> {
    match v {
        Value::Array(a) => {
            let mut c = (**a).clone();
            c.items = a.items.iter().map(|i| rebuild(i, changes)).collect();
            Value::Array(Rc::new(c))
        }
        Value::Object(pairs) => {
            let fields = match changes.remove(&(Rc::as_ptr(pairs) as usize)) {
                Some(f) => f,
                None => (**pairs).clone(),
            };
            Value::object(
                fields
                    .into_iter()
                    .map(|(k, x)| {
                        let x = rebuild(&x, changes);
                        (k, x)
                    })
                    .collect(),
            )
        }
        other => other.clone(),
    }
}

/// The signature symbol of a value (jsonata-js `getSymbol`).
fn symbol(v: &Value<'_>) -> char {
    match v {
        Value::Undefined => 'm',
        Value::Function(_) => 'f',
        Value::String(_) => 's',
        Value::Number(_) => 'n',
        Value::Bool(_) => 'b',
        Value::Null => 'l',
        Value::Array(_) => 'a',
        Value::Object(_) => 'o',
    }
}

/// The symbols a parameter accepts (jsonata-js's per-parameter regex).
fn accepts(p: &SigParam) -> &str {
    match p.symbol.as_str() {
        "s" => "sm",
        "n" => "nm",
        "b" => "bm",
        "l" => "lm",
        "o" => "om",
        "a" | "x" => "asnblfom",
        "j" => "asnblom",
        "f" => "f",
        s => s,
    }
}

/// jsonata-js `signature.validate`: matches the arguments' symbols against
/// the parameters (backtracking over optional and variadic ones), puts the
/// context in for an omitted `-` parameter, wraps non-arrays for `a`.
fn validate<'a>(
    params: &[SigParam],
    args: Vec<Value<'a>>,
    context: &Value<'a>,
    name: &str,
) -> Result<Vec<Value<'a>>> {
    let symbols: Vec<char> = args.iter().map(symbol).collect();
    // counts[i]: how many arguments parameter i takes.
    fn fit(params: &[SigParam], symbols: &[char], counts: &mut Vec<usize>) -> bool {
        let Some((p, rest)) = params.split_first() else {
            return symbols.is_empty();
        };
        let set = accepts(p);
        let ok = |c: &char| set.contains(*c) || (p.symbol.starts_with('(') && *c == 'm');
        let max = if p.variadic {
            symbols.iter().take_while(|c| ok(c)).count()
        } else {
            usize::from(symbols.first().is_some_and(ok))
        };
        let min = usize::from(!(p.optional || p.use_context));
        let mut n = max;
        loop {
            if n < min {
                return false;
            }
            counts.push(n);
            if fit(rest, &symbols[n..], counts) {
                return true;
            }
            counts.pop();
            if n == 0 {
                return false;
            }
            n -= 1;
        }
    }
    let mut counts = Vec::with_capacity(params.len());
    if !fit(params, &symbols, &mut counts) {
        // The first argument that does not fit its parameter.
        let index = args
            .iter()
            .zip(params)
            .position(|(a, p)| !accepts(p).contains(symbol(a)))
            .unwrap_or(args.len().min(params.len()));
        return Err(Error::new(
            "T0410",
            format!(
                "Argument {} of function \"{name}\" does not match function signature",
                index + 1
            ),
        ));
    }
    let mut out = Vec::with_capacity(params.len());
    let mut supplied = args.into_iter();
    let mut omitted_tail = 0;
    for (p, n) in params.iter().zip(counts) {
        if n == 0 {
            if p.use_context {
                let set = accepts(p);
                if !set.contains(symbol(context)) {
                    return Err(Error::new(
                        "T0411",
                        format!("Context value is not a compatible type with argument {} of function \"{name}\"", out.len() + 1),
                    ));
                }
                out.push(as_param(p, context.clone(), name, out.len())?);
                omitted_tail = 0;
            } else {
                out.push(Value::Undefined);
                omitted_tail += 1;
            }
            continue;
        }
        for _ in 0..n {
            let v = supplied.next().unwrap_or_default();
            out.push(as_param(p, v, name, out.len())?);
        }
        omitted_tail = 0;
    }
    out.truncate(out.len() - omitted_tail);
    Ok(out)
}

/// An argument for an `a` parameter: a one-item array unless it is one;
/// items of the subtype's kind (`a<n>`), else T0412.
fn as_param<'a>(p: &SigParam, v: Value<'a>, name: &str, index: usize) -> Result<Value<'a>> {
    if p.symbol != "a" || v.is_undefined() {
        return Ok(v);
    }
    let v = match v {
        Value::Array(a) => Value::Array(a),
        other => Value::array(vec![other]),
    };
    if let (Some(sub), Value::Array(a)) = (&p.subtype, &v) {
        let want = sub.chars().next().unwrap_or('x');
        if want != 'x' && a.items.iter().any(|i| symbol(i) != want) {
            return Err(Error::new(
                "T0412",
                format!(
                    "Argument {} of function \"{name}\" must be an array of {}",
                    index + 1,
                    match want {
                        'n' => "numbers",
                        's' => "strings",
                        'b' => "booleans",
                        'o' => "objects",
                        'a' => "arrays",
                        'f' => "functions",
                        _ => "values",
                    }
                ),
            ));
        }
    }
    Ok(v)
}
