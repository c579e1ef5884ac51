//! Function calls: built-ins, lambdas (tail calls in a loop), partial
//! application, `~>` and chains, regexes, transforms.

use super::*;

impl Evaluator<'_> {
    // ---------------------------------------------------------- functions

    pub(super) fn call<'a>(
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
        self.apply_with(&proc, values, input).map_err(|mut e| {
            if e.code == "T1006" {
                let name = match &func.kind {
                    ExprKind::Variable(n) => format!("${n}"),
                    _ => "the expression".to_owned(),
                };
                e.message = format!("Attempted to invoke a non-function: {name}");
            }
            e
        })
    }

    /// Calls a function value with `input` as the context for `-` arguments.
    pub(super) fn apply_with<'a>(
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

    /// Calls a function value. Each kind has its own function, which keeps
    /// this frame (on every call's path) small in debug builds.
    pub(super) fn apply_func<'a>(
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
            } => self.apply_lambda(def, env.clone(), defined_in.clone(), args, input),
            Func::Builtin(name) => self.apply_builtin(name, args, input),
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
            Func::Regex(r) => Ok(regex_match(&r.regex, args.first())),
            Func::Chain(first, second) => {
                let mid = self.apply_with(first, args, input)?;
                self.apply_with(second, vec![mid], input)
            }
            Func::Transform { def, env } => self.apply_transform(def, env, args),
        }
    }

    /// A lambda: its parameters bound in a new frame over the one it was
    /// defined in. A call in tail position runs in this loop rather than
    /// deeper in the stack (jsonata-js's tail-call thunks).
    fn apply_lambda<'a>(
        &mut self,
        mut def: &'a ast::Lambda,
        mut env: Env<'a>,
        mut defined_in: Value<'a>,
        mut args: Vec<Value<'a>>,
        input: &Value<'a>,
    ) -> Result<Value<'a>> {
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
                            (def, env, defined_in, args) = (*d, e.clone(), i.clone(), next_args);
                            continue;
                        }
                    }
                    return self.apply_with(&proc, next_args, &defined_in);
                }
            }
        }
    }

    /// A built-in, after checking its arguments against its signature.
    fn apply_builtin<'a>(
        &mut self,
        name: &'static str,
        args: Vec<Value<'a>>,
        input: &Value<'a>,
    ) -> Result<Value<'a>> {
        let sig = crate::expr::jsonata::functions::lookup(name)
            .and_then(|f| crate::expr::jsonata::signature::params(f.signature))
            .unwrap_or_default();
        let args = validate(&sig, args, input, name)?;
        functions::call(name, &args, self)
    }

    /// A transform value applied to an object (or array).
    fn apply_transform<'a>(
        &mut self,
        def: &'a Expr,
        env: &Env<'a>,
        args: Vec<Value<'a>>,
    ) -> Result<Value<'a>> {
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
            _ => {
                return Err(Error::new(
                    "T0410",
                    "Argument 1 of function \"transform\" does not match function signature",
                ))
            }
        }
        self.transform(obj, pattern, update, delete.as_deref(), env)
    }

    /// A lambda's body: a call in tail position (through conditions and
    /// blocks) is returned to the caller's loop instead of made.
    pub(super) fn eval_tail<'a>(
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

    pub(super) fn partial<'a>(
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

    pub(super) fn apply_expr<'a>(
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
    pub(super) fn transform<'a>(
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

/// A regex literal called with a string: its first match as
/// `{match, start, end, groups}` (positions in characters).
fn regex_match<'a>(regex: &regex_lite::Regex, arg: Option<&Value<'a>>) -> Value<'a> {
    let Some(Value::String(text)) = arg else {
        return Value::Undefined;
    };
    let Some(c) = regex.captures(text) else {
        return Value::Undefined;
    };
    let m = c.get(0).map_or((0, 0), |m| (m.start(), m.end()));
    let units = |b: usize| text.get(..b).map_or(0, |s| s.chars().count()) as f64;
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

/// A lambda body's value, or the call it ends with.
pub(super) enum Tail<'a> {
    Value(Value<'a>),
    Call(Value<'a>, Vec<Value<'a>>),
}

/// A copy with fresh objects and arrays, so that each position has its own
/// identity for a transform.
pub(super) fn deep_copy<'a>(v: &Value<'a>) -> Value<'a> {
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
pub(super) fn rebuild<'a>(
    v: &Value<'a>,
    changes: &mut HashMap<usize, Vec<(String, Value<'a>)>>,
) -> Value<'a> {
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
