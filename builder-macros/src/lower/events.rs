//! The header's `events: [...]` and the machine settings (`logging`,
//! `alarms`, ...): options in the language become the plugin's JSON through
//! the core's schema table (`builder_core::serverless::schema`), so that the
//! option names, the words and the "did you mean" come from one place.

use super::Lower;
use crate::syntax::{Args, Value};
use builder_core::diag::{suggest, text, Location};
use builder_core::json::Json;
use builder_core::model::{Event, EventKind};
use builder_core::serverless::schema::{dsl_name, Obj, Shape};
use builder_core::serverless::settings::event_schema;
use proc_macro2::Span;
use std::collections::HashSet;

/// One `name: value` of an object or a call, with the span of its name.
pub(super) struct Entry<'v> {
    pub name: String,
    pub span: Span,
    pub value: &'v Value,
    /// Written as an identifier (a name of the language), not a string
    /// (a key of the plugin, taken as written).
    pub ident: bool,
}

impl Lower<'_> {
    pub(super) fn events(&mut self, value: &Value, root: &Location) -> Vec<Event> {
        let Value::Array(items, _) = value else {
            self.error(
                value.span(),
                format!(
                    "`events` takes a list: `events: [schedule(\"cron(0 18 ? * SAT *)\")]`, not {}",
                    value.describe()
                ),
            );
            return Vec::new();
        };
        let mut events = Vec::new();
        for item in items {
            // The model's index: an event that cannot be lowered is left out.
            let location = root.field("events").index(events.len());
            self.spans.mark_range(location.clone(), item.span_range());
            let kinds: Vec<&str> = EventKind::ALL.iter().map(|k| k.dsl()).collect();
            let Value::Call(name, args) = item else {
                self.error(
                    item.span(),
                    "expected an event: `schedule(\"rate(1 day)\")`, `http(post, \"orders\")` or `event_bridge(pattern: {...})`",
                );
                continue;
            };
            let Some(kind) = EventKind::ALL.iter().copied().find(|k| name == k.dsl()) else {
                let list = text::list(kinds.iter().copied(), ", ");
                let message = match suggest::closest(&name.to_string(), kinds.iter().copied()) {
                    Some(close) => format!("unknown event `{name}`; did you mean `{close}`?\nhelp: the events are {list}"),
                    None => format!("unknown event `{name}`\nhelp: the events are {list}"),
                };
                self.error(name.span(), message);
                continue;
            };
            let at = location.field(kind.key());
            if let Some(event) = self.event(kind, args, name.span(), &at) {
                events.push(event);
            }
        }
        events
    }

    fn event(&mut self, kind: EventKind, args: &Args, span: Span, at: &Location) -> Option<Event> {
        let obj = event_schema(kind);
        let mut event = Event::new(kind);
        // The positional arguments: the schedule's expression, the
        // endpoint's method and path.
        let positional: &[(&'static str, &str)] = match kind {
            EventKind::Schedule => &[("rate", "`schedule` takes its expression first: `\"cron(0 18 ? * SAT *)\"`, `\"rate(5 minutes)\"` or a bare cron body")],
            EventKind::Http => &[
                ("method", "`http` takes a method and a path first: `http(post, \"orders\")`"),
                ("path", "`http` takes a method and a path first: `http(post, \"orders\")`"),
            ],
            _ => &[],
        };
        let given = args.positional.len();
        if given != positional.len() {
            let message = match positional.first() {
                Some((_, message)) => (*message).to_owned(),
                None => "`event_bridge` takes options only: `event_bridge(pattern: {\"source\": [\"orders\"]})`".to_owned(),
            };
            self.error(args.span.unwrap_or(span), message);
            return None;
        }
        for ((key, message), value) in positional.iter().zip(&args.positional) {
            let location = at.field(key);
            self.spans.mark_range(location.clone(), value.span_range());
            let json = match (value, *key) {
                (Value::Str(s, _), "method") => Some(Json::from(s.to_ascii_lowercase())),
                (Value::Str(s, _), _) => Some(Json::from(s.as_str())),
                (Value::Ident(_), "method") => {
                    let shape = &obj.key("method").expect("http has a method").shape;
                    self.setting(shape, value, &location, "method")
                }
                _ => {
                    self.error(value.span(), *message);
                    return None;
                }
            };
            event.settings.set(key, json?);
        }
        let entries = args.options.iter().map(|opt| Entry {
            name: opt.key.to_string(),
            span: opt.key.span(),
            value: &opt.value,
            ident: true,
        });
        let taken: Vec<&str> = positional.iter().map(|(k, _)| *k).collect();
        let owner = format!("`{}`", kind.dsl());
        for (key, value) in self.object_entries(obj, entries, at, &owner, &taken) {
            event.settings.0.push((key, value));
        }
        Some(event)
    }

    /// The entries of an object of `obj`: names of the language become the
    /// plugin's keys; `taken` are keys given otherwise (positionally).
    pub(super) fn object_entries<'v>(
        &mut self,
        obj: &Obj,
        entries: impl Iterator<Item = Entry<'v>>,
        at: &Location,
        owner: &str,
        taken: &[&str],
    ) -> Vec<(String, Json)> {
        let names: Vec<String> = obj.keys.iter().map(|k| k.dsl()).collect();
        let mut seen: HashSet<String> = taken.iter().map(|k| (*k).to_owned()).collect();
        let mut out = Vec::new();
        for entry in entries {
            let key = if entry.ident {
                match obj.by_dsl(&entry.name) {
                    Some(k) => k,
                    None => {
                        let accepted: Vec<&str> = names
                            .iter()
                            .map(String::as_str)
                            .filter(|n| !taken.iter().any(|t| dsl_name(t) == *n))
                            .collect();
                        let list = text::list(accepted.iter().copied(), ", ");
                        let close = obj.key(&entry.name).map(|k| k.dsl()).or_else(|| {
                            suggest::closest(&entry.name, accepted.iter().copied())
                                .map(str::to_owned)
                        });
                        let message = match close {
                            Some(close) => format!("unknown option `{}` for {owner}; did you mean `{close}`?\nhelp: the options of {owner} are {list}", entry.name),
                            None => format!("unknown option `{}` for {owner}\nhelp: the options of {owner} are {list}", entry.name),
                        };
                        self.error(entry.span, message);
                        continue;
                    }
                }
            } else {
                // A key of the plugin's, taken as written; the validator
                // checks it against the schema.
                let location = at.key(&entry.name);
                self.spans.mark(location.clone(), entry.span);
                self.spans
                    .mark_range(location.value(), entry.value.span_range());
                if let Some(json) = self.json(entry.value, &location) {
                    out.push((entry.name.clone(), json));
                }
                continue;
            };
            if !seen.insert(key.key.to_owned()) {
                let message = if taken.contains(&key.key) {
                    format!("`{}` is given first, before the options", entry.name)
                } else {
                    format!("`{}` is given twice", entry.name)
                };
                self.error(entry.span, message);
                continue;
            }
            let location = at.field(key.key);
            self.spans
                .mark_range(location.clone(), entry.value.span_range());
            if let Some(json) = self.setting(&key.shape, entry.value, &location, &entry.name) {
                out.push((key.key.to_owned(), json));
            }
        }
        out
    }

    /// A setting's value: words and objects written in the language become
    /// the plugin's; plain JSON stays as it is.
    pub(super) fn setting(
        &mut self,
        shape: &Shape,
        value: &Value,
        at: &Location,
        name: &str,
    ) -> Option<Json> {
        match shape {
            Shape::Object(obj) => match value {
                Value::Object(entries, _) => {
                    let entries = entries.iter().map(|(k, span, v, ident)| Entry {
                        name: k.clone(),
                        span: *span,
                        value: v,
                        ident: *ident,
                    });
                    let owner = format!("`{name}`");
                    Some(Json::Object(self.object_entries(
                        obj,
                        entries,
                        at,
                        &owner,
                        &[],
                    )))
                }
                other => match obj.short.and_then(|k| obj.key(k)) {
                    Some(key) if fits(&key.shape, other) => {
                        let location = at.field(key.key);
                        self.spans.mark_range(location.clone(), other.span_range());
                        let inner = self.setting(&key.shape, other, &location, name)?;
                        Some(Json::Object(vec![(key.key.to_owned(), inner)]))
                    }
                    short => {
                        let alone = short
                            .map(|k| {
                                format!(
                                    "{}, or ",
                                    builder_core::serverless::schema::describe(&k.shape)
                                )
                            })
                            .unwrap_or_default();
                        self.error_range(
                            other.span_range(),
                            format!(
                                "`{name}` takes {alone}{} `{{ ... }}`, not {}",
                                obj.what,
                                other.describe()
                            ),
                        );
                        None
                    }
                },
            },
            Shape::Words(words) => match value {
                Value::Ident(i) => {
                    let i = i.to_string();
                    match words.iter().find(|w| dsl_name(w) == i) {
                        Some(w) => Some(Json::from(*w)),
                        None => {
                            let names: Vec<String> = words.iter().map(|w| dsl_name(w)).collect();
                            let list = text::list(names.iter().map(String::as_str), " or ");
                            let message = match suggest::closest(&i, names.iter().map(String::as_str)) {
                                Some(close) => format!("unknown value `{i}` for `{name}`; did you mean `{close}`? expected {list}"),
                                None => format!("unknown value `{i}` for `{name}`; expected {list}"),
                            };
                            self.error(value.span(), message);
                            None
                        }
                    }
                }
                other => self.json(other, at),
            },
            Shape::Either(shapes) => match shapes.iter().find(|s| fits(s, value)) {
                Some(s) => self.setting(s, value, at, name),
                None => self.json(value, at),
            },
            Shape::List(item) => match value {
                Value::Array(items, _) => {
                    let mut out = Vec::with_capacity(items.len());
                    for (i, v) in items.iter().enumerate() {
                        let location = at.index(i);
                        self.spans.mark_range(location.clone(), v.span_range());
                        out.push(self.setting(item, v, &location, name)?);
                    }
                    Some(Json::Array(out))
                }
                other => self.json(other, at),
            },
            Shape::Map(item) => match value {
                Value::Object(entries, _) => {
                    let mut out = Vec::with_capacity(entries.len());
                    for (k, span, v, _) in entries {
                        let location = at.key(k);
                        self.spans.mark(location.clone(), *span);
                        self.spans.mark_range(location.value(), v.span_range());
                        out.push((k.clone(), self.setting(item, v, &location, name)?));
                    }
                    Some(Json::Object(out))
                }
                other => self.json(other, at),
            },
            Shape::Bool | Shape::Str | Shape::Int(..) | Shape::Arn | Shape::Json => {
                self.json(value, at)
            }
        }
    }
}

/// Whether a value written in the language is of the kind `shape` takes.
fn fits(shape: &Shape, value: &Value) -> bool {
    match (shape, value) {
        (Shape::Json, _) => true,
        (_, Value::Expr(..)) => matches!(shape, Shape::Arn | Shape::Str | Shape::Json),
        (Shape::Bool, Value::Bool(..)) => true,
        (Shape::Str | Shape::Arn, Value::Str(..)) => true,
        (Shape::Arn, Value::Object(e, _)) => e.len() == 1 && !e[0].3,
        (Shape::Int(..), Value::Number(..)) => true,
        (Shape::Words(_), Value::Ident(_) | Value::Str(..)) => true,
        (Shape::List(_), Value::Array(..)) => true,
        (Shape::Map(_), Value::Object(..)) => true,
        (Shape::Object(obj), Value::Object(e, _)) => {
            !(e.len() == 1 && e[0].0.contains("::") || e.len() == 1 && e[0].0 == "Ref")
                || obj.keys.is_empty()
        }
        (Shape::Object(obj), other) => obj
            .short
            .and_then(|k| obj.key(k))
            .is_some_and(|k| fits(&k.shape, other)),
        (Shape::Either(shapes), v) => shapes.iter().any(|s| fits(s, v)),
        _ => false,
    }
}
