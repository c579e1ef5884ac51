//! Paths: steps over sequences, tuple streams (for `@`, `#` and `%`),
//! stages and filters.

use super::*;

/// A tuple of a tuple stream: the context item under `@`, bindings by name
/// (`$v`, and `!n` for the parent labels).
pub(super) type Tuple<'a> = Vec<(String, Value<'a>)>;

pub(super) fn tuple_get<'t, 'a>(t: &'t Tuple<'a>, key: &str) -> Option<&'t Value<'a>> {
    t.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

pub(super) fn tuple_set<'a>(t: &mut Tuple<'a>, key: &str, v: Value<'a>) {
    match t.iter_mut().find(|(k, _)| k == key) {
        Some(slot) => slot.1 = v,
        None => t.push((key.to_owned(), v)),
    }
}

pub(super) fn label(n: u32) -> String {
    format!("!{n}")
}

impl Evaluator<'_> {
    // ------------------------------------------------------------- paths

    pub(super) fn path<'a>(
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
    pub(super) fn step<'a>(
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
    pub(super) fn tuple_step<'a>(
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
    pub(super) fn tuple_value<'a>(
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

    pub(super) fn stages<'a>(
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
    pub(super) fn filter<'a>(
        &mut self,
        pred: &'a Expr,
        input: Value<'a>,
        env: &Env<'a>,
    ) -> Result<Value<'a>> {
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

    pub(super) fn filter_tuples<'a>(
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
}

pub(super) fn frame_from_tuple<'a>(env: &Env<'a>, t: &Tuple<'a>) -> Env<'a> {
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
pub(super) fn keeps(res: &Value<'_>, index: usize, len: f64) -> bool {
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

pub(super) fn flatten_into<'a>(v: &Value<'a>, out: &mut Vec<Value<'a>>) {
    match v {
        Value::Array(a) => a.items.iter().for_each(|i| flatten_into(i, out)),
        other => out.push(other.clone()),
    }
}

pub(super) fn wildcard<'a>(input: &Value<'a>) -> Value<'a> {
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

pub(super) fn descendants<'a>(input: &Value<'a>) -> Value<'a> {
    pub(super) fn walk<'a>(v: &Value<'a>, out: &mut Vec<Value<'a>>) {
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
