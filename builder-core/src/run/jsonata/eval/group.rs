//! Group-by (`{k: v}` after an expression, and object constructors) and
//! order-by (`^(…)`).

use super::*;

impl Evaluator<'_> {
    // ----------------------------------------------------------- grouping

    pub(super) fn group<'a>(
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

    pub(super) fn sort_keys<'a>(
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

    pub(super) fn sort<'a>(
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

    pub(super) fn sort_tuples<'a>(
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
}

/// What a group-by groups: values, or the tuples of a tuple stream.
#[derive(Clone)]
pub(super) enum Grouped<'a> {
    Value(Value<'a>),
    Tuples(Vec<Tuple<'a>>),
}

impl<'a> Grouped<'a> {
    pub(super) fn append(&mut self, other: Grouped<'a>) {
        match (self, other) {
            (Grouped::Tuples(a), Grouped::Tuples(b)) => a.extend(b),
            (Grouped::Value(a), Grouped::Value(b)) => *a = append(std::mem::take(a), b),
            _ => {}
        }
    }
}

/// The stable order of items by their sort keys (undefined last); T2007 /
/// T2008 for keys that cannot be compared.
pub(super) fn sort_order(terms: &[ast::SortTerm], keys: Vec<&[Value<'_>]>) -> Result<Vec<usize>> {
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
