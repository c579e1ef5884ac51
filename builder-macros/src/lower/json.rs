//! JSON values as written in the language: `serde_json::json!`-style
//! literals, `self.arn()`, and `(expr)` embeds that become run-time values.

use super::Lower;
use crate::syntax::Value;
use builder_core::__macro;
use builder_core::diag::{Location, Segment};
use builder_core::json::Json;
use proc_macro2::TokenStream;

impl Lower<'_> {
    /// A JSON value written at `location`; `(expr)` becomes a run-time
    /// value. `None` when a part is not JSON (already reported).
    pub(super) fn json(&mut self, value: &Value, location: &Location) -> Option<Json> {
        let mut location = location.clone();
        let mut ok = true;
        let json = self.json_at(value, &mut location, &mut ok);
        ok.then_some(json)
    }

    /// A run-time value at `location`: its marker in the JSON.
    pub(super) fn runtime_value(&mut self, location: &Location, expr: TokenStream) -> Json {
        let marker = __macro::marker(self.values.len());
        self.values.push(expr);
        self.spans.defer(location.clone());
        Json::String(marker)
    }

    fn json_at(&mut self, value: &Value, location: &mut Location, ok: &mut bool) -> Json {
        match value {
            Value::Str(s, _) => Json::String(s.clone()),
            Value::Number(n, ..) => Json::Number(*n),
            Value::Bool(b, _) => Json::Bool(*b),
            Value::Null(_) => Json::Null,
            Value::SelfArn(_) => Json::MachineArn,
            Value::Array(items, _) => Json::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| {
                        location.push(Segment::Index(i));
                        self.spans.mark_range(location.clone(), item.span_range());
                        let json = self.json_at(item, location, ok);
                        location.pop();
                        json
                    })
                    .collect(),
            ),
            Value::Object(entries, _) => Json::Object(
                entries
                    .iter()
                    .map(|(key, key_span, item, ident)| {
                        if *ident {
                            *ok = false;
                            self.error(
                                *key_span,
                                "expected a string key: objects are written `{ \"key\": value }`",
                            );
                        }
                        location.push(Segment::Key(key.clone()));
                        // A `.$` value is a path: point its errors at the value.
                        if key.ends_with(".$") {
                            self.spans.mark_range(location.clone(), item.span_range());
                        } else {
                            self.spans.mark(location.clone(), *key_span);
                            self.spans.mark_range(location.value(), item.span_range());
                        }
                        let json = self.json_at(item, location, ok);
                        location.pop();
                        (key.clone(), json)
                    })
                    .collect(),
            ),
            Value::Expr(tokens, span) => {
                let expr = quote::quote_spanned!(*span=> __serverless_builder::embed(&(#tokens)));
                self.runtime_value(location, expr)
            }
            Value::Ident(i) => {
                *ok = false;
                self.error(
                    i.span(),
                    format!("`{i}` is not a JSON value; write a string (\"{i}\"), or embed a Rust value as `({i})`"),
                );
                Json::Null
            }
            Value::Call(i, _) => {
                *ok = false;
                self.error(
                    i.span(),
                    format!(
                        "`{i}(...)` is not a JSON value; embed a Rust expression as `({i}(...))`"
                    ),
                );
                Json::Null
            }
        }
    }
}
