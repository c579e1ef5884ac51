//! JSONata states: `{% %}` strings at any depth of Arguments, Output,
//! Assign, Items, ItemSelector and the single-value fields, evaluated with
//! `$states` (`input`, `result`, `errorOutput`, `context`) and the workflow
//! variables. Semantics from the developer guide, "Transforming data with
//! JSONata in Step Functions" and "Passing data between states with
//! variables": Output and Assign are evaluated on the same values (Assign
//! does not see its own assignments), an expression that evaluates to
//! undefined or fails raises `States.QueryEvaluationError`, a Choice
//! condition must give a boolean.

use super::*;
use crate::expr::jsonata::{self as syntax, Expr};
use crate::run::jsonata::eval::evaluate_json;
use crate::run::jsonata::value::Value;

/// An expression parsed once, with what it reads.
pub(super) struct Parsed {
    expr: Expr,
    /// Free variables other than `states`.
    vars: Vec<String>,
    /// It reads `$states` at all, and `$states.context` (or `$states` whole).
    states: bool,
    context: bool,
}

/// What `$states` holds at an evaluation.
pub(super) struct States<'j> {
    pub input: &'j Json,
    pub result: Option<&'j Json>,
    pub error_output: Option<&'j Json>,
}

impl<'j> States<'j> {
    pub fn input(input: &'j Json) -> States<'j> {
        States {
            input,
            result: None,
            error_output: None,
        }
    }
}

fn query_error(state: &str, field: &str, why: impl std::fmt::Display) -> Flow {
    Flow::Failed(Failure::new(
        "States.QueryEvaluationError",
        format!("the JSONata expression in the field `{field}` of `{state}` {why}"),
    ))
}

impl Runner<'_> {
    /// A JSONata field's value: `{% %}` strings evaluated at any depth,
    /// everything else as written.
    pub(super) fn jsonata(
        &mut self,
        value: &Json,
        states: &States<'_>,
        at: &At<'_>,
        field: &str,
    ) -> R<Json> {
        match value {
            Json::String(s) if s.starts_with("{%") && s.ends_with("%}") => {
                self.jsonata_text(s, states, at, field)
            }
            Json::Object(_) | Json::Array(_) => {
                let mut path = field.to_owned();
                self.jsonata_in(value, states, at, &mut path)
            }
            Json::MachineArn => self.template(value, &Json::Null, At::new(at.state)),
            other => Ok(other.clone()),
        }
    }

    /// [`Runner::jsonata`] inside an object or array: `path` names the
    /// field (`Output.order.items[2]`), grown and shrunk in place.
    fn jsonata_in(
        &mut self,
        value: &Json,
        states: &States<'_>,
        at: &At<'_>,
        path: &mut String,
    ) -> R<Json> {
        let len = path.len();
        let out = match value {
            Json::Object(pairs) => {
                let mut out = Vec::with_capacity(pairs.len());
                for (k, v) in pairs {
                    path.push('.');
                    path.push_str(k);
                    out.push((k.clone(), self.jsonata_in(v, states, at, path)?));
                    path.truncate(len);
                }
                Json::Object(out)
            }
            Json::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, v) in items.iter().enumerate() {
                    use std::fmt::Write as _;
                    let _ = write!(path, "[{i}]");
                    out.push(self.jsonata_in(v, states, at, path)?);
                    path.truncate(len);
                }
                Json::Array(out)
            }
            other => self.jsonata(other, states, at, path)?,
        };
        Ok(out)
    }

    /// One expression (`{% … %}`, or the text between the delimiters).
    pub(super) fn jsonata_text(
        &mut self,
        text: &str,
        states: &States<'_>,
        at: &At<'_>,
        field: &str,
    ) -> R<Json> {
        let src = text
            .strip_prefix("{%")
            .and_then(|t| t.strip_suffix("%}"))
            .unwrap_or(text);
        let parsed = match self.exprs.get(src) {
            Some(p) => p.clone(),
            None => {
                let expr = syntax::parse(src).map_err(|e| {
                    query_error(at.state, field, format!("does not parse: {}", e.message))
                })?;
                let refs = syntax::variables(&expr);
                let states_refs: Vec<_> = refs.iter().filter(|r| r.name == "states").collect();
                let context = states_refs
                    .iter()
                    .any(|r| r.fields.first().is_none_or(|f| f.name == "context"));
                let mut vars: Vec<String> = refs
                    .iter()
                    .filter(|r| r.name != "states")
                    .map(|r| r.name.clone())
                    .collect();
                vars.sort();
                vars.dedup();
                let parsed = Rc::new(Parsed {
                    states: !states_refs.is_empty(),
                    context,
                    vars,
                    expr,
                });
                self.exprs.insert(src.to_owned(), parsed.clone());
                parsed
            }
        };
        // The bindings as JSON here; as values on the thread that evaluates.
        let mut states_fields: Vec<(&str, &Json)> = Vec::new();
        if parsed.states {
            states_fields.push(("input", states.input));
            if let Some(r) = states.result {
                states_fields.push(("result", r));
            }
            if let Some(e) = states.error_output {
                states_fields.push(("errorOutput", e));
            }
            if parsed.context {
                if at.context.get().is_none() {
                    let context = self.context(at.state, at.retry, at.item, at.token);
                    let _ = at.context.set(context);
                }
                if let Some(c) = at.context.get() {
                    states_fields.push(("context", c));
                }
            }
        }
        let vars: Vec<(&str, Json)> = parsed
            .vars
            .iter()
            .filter_map(|name| Some((name.as_str(), variable(&self.frames, name)?)))
            .collect();
        let with_states = parsed.states;
        let make = || {
            let mut bindings = Vec::with_capacity(vars.len() + 1);
            if with_states {
                let fields = states_fields
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), Value::from_json(v)))
                    .collect();
                bindings.push(("states".to_owned(), Value::object(fields)));
            }
            for (name, v) in &vars {
                bindings.push(((*name).to_owned(), Value::from_json(v)));
            }
            bindings
        };
        let now = (self.test.start as f64 + self.clock) * 1000.0;
        let result = evaluate_json(&parsed.expr, None, make, now, &mut self.rng);
        match result {
            Ok(v) => v.ok_or_else(|| query_error(at.state, field, "evaluates to undefined")),
            Err(e) => Err(query_error(
                at.state,
                field,
                format_args!("failed: {} ({})", e.message, e.code),
            )),
        }
    }

    /// A JSONata TimeoutSeconds / HeartbeatSeconds (`field`): a positive
    /// integer, else States.QueryEvaluationError (developer guide,
    /// "Transforming data with JSONata").
    pub(super) fn jsonata_seconds(
        &mut self,
        text: &str,
        raw: &Json,
        state: &str,
        field: &str,
    ) -> R<f64> {
        let at = At::new(state);
        match self.jsonata_text(text, &States::input(raw), &at, field)? {
            Json::Number(n) if n.as_f64() >= 1.0 && n.as_f64().fract() == 0.0 => Ok(n.as_f64()),
            other => Err(query_error(
                state,
                field,
                format_args!("gives {}, not a positive integer", other.to_json_string()),
            )),
        }
    }

    /// Assign: every value computed, then all set (a swap works).
    fn jsonata_assign(&mut self, assign: Option<&Json>, states: &States<'_>, at: &At<'_>) -> R<()> {
        let Some(assign) = assign else {
            return Ok(());
        };
        let values = self.jsonata(assign, states, at, "Assign")?;
        self.set_variables(values);
        Ok(())
    }

    /// Output (or `default`) and Assign of a state, on the same `$states`
    /// and the variables as they were.
    pub(super) fn jsonata_finish(
        &mut self,
        state: &State,
        output: Option<&Json>,
        states: &States<'_>,
        default: Json,
    ) -> R<Json> {
        let at = At::new(&state.name);
        let out = match output {
            Some(o) => self.jsonata(o, states, &at, "Output")?,
            None => default,
        };
        self.jsonata_assign(state.assign.as_ref(), states, &at)?;
        Ok(out)
    }

    /// A catcher's Output (default: the error output) and Assign, with
    /// `$states.errorOutput`.
    pub(super) fn jsonata_catch(
        &mut self,
        state: &State,
        c: &Catcher,
        raw: &Json,
        error_output: Json,
    ) -> R<Json> {
        let states = States {
            error_output: Some(&error_output),
            ..States::input(raw)
        };
        let at = At::new(&state.name);
        let out = match &c.output {
            Some(o) => self.jsonata(o, &states, &at, "Catch.Output")?,
            None => error_output.clone(),
        };
        self.jsonata_assign(c.assign.as_ref(), &states, &at)?;
        Ok(out)
    }

    /// Pass, Wait, Choice, Succeed and Fail in a JSONata state.
    pub(super) fn jsonata_state<'s>(
        &mut self,
        state: &'s State,
        io: &JsonataIo,
        raw: Json,
    ) -> R<(Json, Option<&'s str>)> {
        let name = state.name.as_str();
        let at = At::new(name);
        let states = States::input(&raw);
        let next = |t: &'s Transition| match t {
            Transition::Next(n) => Some(n.as_str()),
            Transition::End => None,
        };
        match &state.kind {
            StateKind::Pass(p) => {
                let out = self.jsonata_finish(state, io.output.as_ref(), &states, raw.clone())?;
                Ok((out, next(&p.transition)))
            }
            StateKind::Wait(w) => {
                let seconds = match &w.duration {
                    WaitDuration::Seconds(Dynamic::Value(s)) => *s as f64,
                    WaitDuration::Seconds(Dynamic::Jsonata(t) | Dynamic::Path(t)) => {
                        match self.jsonata_text(t, &states, &at, "Seconds")? {
                            Json::Number(n) if n.as_f64() >= 0.0 => n.as_f64(),
                            other => {
                                return Err(query_error(
                                    name,
                                    "Seconds",
                                    format_args!(
                                        "gives {}, not a number of seconds",
                                        other.kind_name()
                                    ),
                                ))
                            }
                        }
                    }
                    WaitDuration::Timestamp(d) => {
                        let text = match d {
                            Dynamic::Value(s) => s.clone(),
                            Dynamic::Jsonata(t) | Dynamic::Path(t) => {
                                match self.jsonata_text(t, &states, &at, "Timestamp")? {
                                    Json::String(s) => s,
                                    other => {
                                        return Err(query_error(
                                            name,
                                            "Timestamp",
                                            format_args!(
                                                "gives {}, not a timestamp",
                                                other.kind_name()
                                            ),
                                        ))
                                    }
                                }
                            }
                        };
                        self.seconds_until(&text).map_err(|why| {
                            query_error(
                                name,
                                "Timestamp",
                                format_args!("gives `{text}`, not a timestamp: {why}"),
                            )
                        })?
                    }
                };
                self.wait(seconds)?;
                let out = self.jsonata_finish(state, io.output.as_ref(), &states, raw.clone())?;
                Ok((out, next(&w.transition)))
            }
            StateKind::Choice(c) => {
                for rule in &c.choices {
                    let held = match &rule.condition {
                        Condition::Jsonata(cond) => {
                            match self.jsonata(cond, &states, &at, "Condition")? {
                                Json::Bool(b) => b,
                                other => {
                                    return Err(query_error(
                                        name,
                                        "Condition",
                                        format_args!("gives {}, not a boolean", other.kind_name()),
                                    ))
                                }
                            }
                        }
                        Condition::Rule(r) => {
                            let read = |p: &str| self.lookup(p, &raw, name);
                            rules::holds(r, &read)?
                        }
                    };
                    if held {
                        let out = match rule.output.as_ref().or(io.output.as_ref()) {
                            Some(o) => self.jsonata(o, &states, &at, "Output")?,
                            None => raw.clone(),
                        };
                        self.jsonata_assign(
                            rule.assign.as_ref().or(state.assign.as_ref()),
                            &states,
                            &at,
                        )?;
                        return Ok((out, Some(rule.next.as_str())));
                    }
                }
                match &c.default {
                    Some(d) => {
                        let out =
                            self.jsonata_finish(state, io.output.as_ref(), &states, raw.clone())?;
                        Ok((out, Some(d.as_str())))
                    }
                    None => Err(Flow::Failed(Failure::new(
                        "States.NoChoiceMatched",
                        format!("no rule of `{name}` matched and it has no Default"),
                    ))),
                }
            }
            StateKind::Succeed(_) => {
                let out = match &io.output {
                    Some(o) => self.jsonata(o, &states, &at, "Output")?,
                    None => raw.clone(),
                };
                Ok((out, None))
            }
            StateKind::Fail(f) => {
                let text = |r: &mut Self, d: &Option<Dynamic<String>>, field: &str| -> R<String> {
                    Ok(match d {
                        None => String::new(),
                        Some(Dynamic::Value(s)) if !s.starts_with("{%") => s.clone(),
                        Some(Dynamic::Value(t) | Dynamic::Jsonata(t) | Dynamic::Path(t)) => {
                            match r.jsonata_text(t, &states, &at, field)? {
                                Json::String(s) => s,
                                other => other.to_json_string(),
                            }
                        }
                    })
                };
                let error = text(self, &f.error, "Error")?;
                let cause = text(self, &f.cause, "Cause")?;
                Err(Flow::Failed(Failure::new(error, cause)))
            }
            // Task, Parallel and Map run through the common code.
            _ => self.unsupported(name, "this state in JSONata"),
        }
    }
}
