//! The header's `events: [schedule(...), ...]`.

use super::header::boolean;
use super::Lower;
use crate::syntax::Value;
use builder_core::diag::Location;
use builder_core::model::{Event, Schedule};

/// The options of `schedule(...)` after its expression.
const SCHEDULE_OPTIONS: &[&str] = &["input", "enabled", "name", "description"];

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
        for (i, item) in items.iter().enumerate() {
            let location = root.field("events").index(i);
            self.spans.mark_range(location.clone(), item.span_range());
            let Value::Call(kind, args) = item else {
                self.error(
                    item.span(),
                    "expected an event such as `schedule(\"rate(1 day)\")`",
                );
                continue;
            };
            if kind != "schedule" {
                self.error(
                    kind.span(),
                    format!("unknown event `{kind}`; the supported event is `schedule(...)`"),
                );
                continue;
            }
            let location = location.field("schedule");
            let mut schedule = match args.positional.as_slice() {
                [Value::Str(s, span)] => {
                    self.spans.mark(location.field("rate"), *span);
                    Schedule::new(s.clone())
                }
                _ => {
                    self.error(
                        args.span.unwrap_or(kind.span()),
                        "`schedule` takes one expression first: `\"cron(0 18 ? * SAT *)\"`, `\"rate(5 minutes)\"` or a bare cron body",
                    );
                    continue;
                }
            };
            let mut seen = std::collections::HashSet::new();
            for opt in &args.options {
                let key = opt.key.to_string();
                if !seen.insert(key.clone()) {
                    self.error(opt.key.span(), format!("`{key}` is given twice"));
                    continue;
                }
                let Some(field) = SCHEDULE_OPTIONS.iter().find(|k| **k == key) else {
                    self.unknown_option(opt, "`schedule`", SCHEDULE_OPTIONS, &[]);
                    continue;
                };
                let at = location.field(field);
                self.spans.mark_range(at.clone(), opt.value.span_range());
                let text = |l: &mut Lower<'_>| match &opt.value {
                    Value::Str(s, _) => Some(s.clone()),
                    other => {
                        l.error_range(
                            other.span_range(),
                            format!("`{key}` takes a string, not {}", other.describe()),
                        );
                        None
                    }
                };
                match *field {
                    "input" => schedule.input = self.json(&opt.value, &at),
                    "enabled" => schedule.enabled = boolean(self, opt),
                    "name" => schedule.name = text(self),
                    _ => schedule.description = text(self),
                }
            }
            events.push(Event::Schedule(schedule));
        }
        events
    }
}
