//! `.retry(...)` and `.catch(...)`: their ASL objects, read by the core
//! with the retrier's and catcher's rows of the field table.

use super::Lower;
use crate::syntax::{Name, Recovery, Stmt, Value};
use builder_core::asl::fields::{self, Field, CATCHER, RETRIER};
use builder_core::diag::Location;
use builder_core::json::Json;
use builder_core::model::StateType;

impl Lower<'_> {
    /// `.retry(...)` and `.catch(...)` as `Retry` and `Catch` fields.
    pub(super) fn recovery(
        &mut self,
        stmt: &Stmt,
        ty: StateType,
        at: &Location,
        pairs: &mut Vec<(String, Json)>,
    ) {
        if !fields::has(ty, "Retry") {
            for r in stmt.retries.iter().chain(&stmt.catches) {
                self.error(
                    r.span,
                    format!(
                        "`{}` states cannot retry or catch errors; only `task`, `parallel` and `map` can (ASL allows Retry and Catch on nothing else)",
                        ty.keyword()
                    ),
                );
            }
            return;
        }
        let retry: Vec<Json> = stmt
            .retries
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let location = at.field("Retry").index(i);
                let rows: Vec<_> = RETRIER.iter().filter(|f| !f.dsl.is_empty()).collect();
                self.recovery_object(r, &location, &rows, "`.retry`", None)
            })
            .collect();
        if !retry.is_empty() {
            pairs.push(("Retry".to_owned(), Json::Array(retry)));
        }
        let catch: Vec<Json> = stmt
            .catches
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let location = at.field("Catch").index(i);
                let rows: Vec<_> = CATCHER.iter().filter(|f| !f.dsl.is_empty()).collect();
                self.recovery_object(c, &location, &rows, "`.catch`", c.target.as_ref())
            })
            .collect();
        if !catch.is_empty() {
            pairs.push(("Catch".to_owned(), Json::Array(catch)));
        }
    }

    /// One retrier or catcher as its ASL object.
    fn recovery_object<T>(
        &mut self,
        r: &Recovery,
        location: &Location,
        rows: &[&'static Field<T>],
        owner: &str,
        target: Option<&Name>,
    ) -> Json {
        self.spans.mark(location.clone(), r.span);
        let mut pairs = vec![("ErrorEquals".to_owned(), self.error_names(r, location))];
        let (written, _) = self.options(&r.options, rows, &[], owner, location);
        pairs.extend(
            written
                .into_iter()
                .map(|w| (w.field.key.to_owned(), w.json)),
        );
        if let Some(target) = target {
            self.spans.mark(location.field("Next"), target.span);
            pairs.push(("Next".to_owned(), Json::String(target.value.clone())));
        }
        Json::Object(pairs)
    }

    /// The list of error names of a `.retry`/`.catch`.
    fn error_names(&mut self, r: &Recovery, location: &Location) -> Json {
        let location = location.field("ErrorEquals");
        self.spans.mark_range(
            location.clone(),
            r.errors
                .as_ref()
                .map_or((r.span, r.span), Value::span_range),
        );
        match &r.errors {
            Some(Value::Array(items, _)) => Json::Array(
                items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, item)| match item {
                        Value::Str(s, span) => {
                            self.spans.mark(location.index(i), *span);
                            Some(Json::String(s.clone()))
                        }
                        other => {
                            self.error(
                                other.span(),
                                format!(
                                    "error names are strings such as `\"States.Timeout\"`, not {}",
                                    other.describe()
                                ),
                            );
                            None
                        }
                    })
                    .collect(),
            ),
            Some(other) => {
                self.error(
                    other.span(),
                    "expected a list of error names: `[\"States.Timeout\", \"States.TaskFailed\"]`",
                );
                Json::Array(Vec::new())
            }
            None => {
                self.error(r.span, "expected a list of error names first: `.retry([\"States.ALL\"], max_attempts: 3)`");
                Json::Array(Vec::new())
            }
        }
    }
}
