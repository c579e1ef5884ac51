//! What only a task has: the function or integration it runs —
//! `task(f)`, `task Name(lambda(f), payload: ...)`, `task Name("dynamodb:putItem")`
//! (the short form of `arn:aws:states:::dynamodb:putItem`) or any ARN.

use super::Lower;
use crate::syntax::{Name, Opt, Stmt, Value};
use builder_core::diag::Location;
use builder_core::integrations::target;
use builder_core::json::Json;
use builder_core::model::QueryLanguage;

/// A task's own options, which are not ASL fields: the payload of
/// `lambda(f)`.
pub(super) const TASK_EXTRA: &[&str] = &["payload", "payload_path"];

/// `Resource` of Lambda's optimized integration.
const LAMBDA_INVOKE: &str = "arn:aws:states:::lambda:invoke";

impl Lower<'_> {
    /// A task's function or resource, as the JSON of its `Resource`; for
    /// `lambda(f)` also its `Parameters` / `Arguments`, added to `pairs`. A
    /// function handle is a run-time value (the handle knows its key); when
    /// the resource is missing or of the wrong kind (reported here), a
    /// stand-in reference keeps the rest of the task checkable.
    pub(super) fn task_resource(
        &mut self,
        stmt: &Stmt,
        name: &Name,
        at: &Location,
        language: QueryLanguage,
        others: &[&Opt],
        pairs: &mut Vec<(String, Json)>,
    ) -> Json {
        let location = at.field("Resource");
        let mut positional = stmt.args.positional.iter();
        let first = positional.next();
        let lambda = matches!(first, Some(Value::Call(i, _)) if i == "lambda");
        if !lambda {
            for opt in others {
                self.error(
                    opt.key.span(),
                    format!(
                        "`{}` is an option of `lambda(f)` tasks, such as `task Notify(lambda(notify), payload: {{...}})`",
                        opt.key
                    ),
                );
            }
        }
        let resource = match first {
            Some(Value::Ident(f)) => {
                self.spans.mark(location.clone(), f.span());
                let expr =
                    quote::quote_spanned!(f.span()=> __serverless_builder::function_resource(&#f));
                Some(self.runtime_value(&location, expr))
            }
            Some(Value::Call(i, args)) if i == "lambda" => {
                self.spans.mark(location.clone(), i.span());
                self.lambda_invoke(i, args, at, language, others, pairs);
                Some(Json::from(LAMBDA_INVOKE))
            }
            Some(Value::Str(arn, span)) => {
                self.spans.mark(location.clone(), *span);
                Some(Json::String(
                    target::expand(arn).unwrap_or_else(|| arn.clone()),
                ))
            }
            Some(Value::SelfArn(span)) => {
                self.error(
                    *span,
                    "a task cannot run `self.arn()`, this machine's own ARN; to start this machine again, \
                     run the Step Functions integration with it as a parameter: \
                     `task Restart(\"states:startExecution\", parameters: { \"StateMachineArn\": self.arn() })`",
                );
                None
            }
            Some(other) => {
                self.error(
                    other.span(),
                    format!(
                        "a task runs a service function (an identifier such as `get_user`), `lambda(f)`, an integration (`\"dynamodb:putItem\"`) or a resource ARN string, not {}",
                        other.describe()
                    ),
                );
                None
            }
            None => {
                self.error(
                    stmt.args.span.unwrap_or(name.span),
                    format!(
                        "the task `{0}` needs a function or a resource: `task {0}(function)`, `task {0}(lambda(function))` or `task {0}(\"service:action\")`",
                        name.value
                    ),
                );
                None
            }
        };
        for extra in positional {
            self.error(
                extra.span(),
                "a task takes one function or resource, then `key: value` options",
            );
        }
        resource.unwrap_or_else(|| Json::object([("Ref", Json::from("NotWritten"))]))
    }

    /// `lambda(f)`: Lambda's optimized integration on a service function,
    /// `FunctionName` its ARN and `Payload` the `payload:` option, the path
    /// of `payload_path:`, or the whole state input — merged into the
    /// task's own `parameters` / `arguments` if it has them.
    fn lambda_invoke(
        &mut self,
        call: &proc_macro2::Ident,
        args: &crate::syntax::Args,
        at: &Location,
        language: QueryLanguage,
        others: &[&Opt],
        pairs: &mut Vec<(String, Json)>,
    ) {
        let key = match language {
            QueryLanguage::JsonPath => "Parameters",
            QueryLanguage::Jsonata => "Arguments",
        };
        let payload_at = at.field(key);
        let function = match (args.positional.as_slice(), args.options.as_slice()) {
            ([Value::Ident(f)], []) => {
                let location = payload_at.key("FunctionName");
                self.spans.mark(location.clone(), f.span());
                let expr = quote::quote_spanned!(f.span()=> __serverless_builder::embed(&#f));
                Some(self.runtime_value(&location, expr))
            }
            _ => {
                self.error(
                    args.span.unwrap_or(call.span()),
                    "`lambda` takes one service function handle: `lambda(get_user)`",
                );
                // A stand-in, so that the rest of the task stays checkable.
                Some(Json::from("function"))
            }
        };
        let payload = others.iter().find(|o| o.key == "payload");
        let path = others.iter().find(|o| o.key == "payload_path");
        let (payload_key, payload_value) = match (payload, path) {
            (Some(p), q) => {
                if let Some(q) = q {
                    self.error(
                        q.key.span(),
                        "`payload` and `payload_path` exclude each other: give the payload, or where to take it from",
                    );
                }
                let location = payload_at.key("Payload");
                self.spans
                    .mark_range(location.clone(), p.value.span_range());
                (
                    "Payload",
                    self.json(&p.value, &location).unwrap_or(Json::Null),
                )
            }
            (None, Some(q)) if language == QueryLanguage::Jsonata => {
                self.error(
                    q.key.span(),
                    "`payload_path` is JSONPath; in a JSONata state write `payload: \"{% $states.input.field %}\"`",
                );
                ("Payload", Json::from("{% $states.input %}"))
            }
            (None, Some(q)) => {
                let location = payload_at.key("Payload.$");
                self.spans
                    .mark_range(location.clone(), q.value.span_range());
                match &q.value {
                    Value::Str(s, _) => ("Payload.$", Json::String(s.clone())),
                    other => {
                        self.error(
                            other.span(),
                            format!("`payload_path` takes a JSONPath string such as `\"$.detail\"`, not {}", other.describe()),
                        );
                        ("Payload.$", Json::from("$"))
                    }
                }
            }
            // The whole state input.
            (None, None) => match language {
                QueryLanguage::JsonPath => ("Payload.$", Json::from("$")),
                QueryLanguage::Jsonata => ("Payload", Json::from("{% $states.input %}")),
            },
        };
        let mut generated = Vec::new();
        if let Some(function) = function {
            generated.push(("FunctionName".to_owned(), function));
        }
        generated.push((payload_key.to_owned(), payload_value));
        match pairs.iter_mut().find(|(k, _)| k == key) {
            Some((_, Json::Object(own))) => {
                for (k, v) in generated {
                    let bare = |s: &str| s.strip_suffix(".$").unwrap_or(s).to_owned();
                    if own.iter().any(|(o, _)| bare(o) == bare(&k)) {
                        let option = match language {
                            QueryLanguage::JsonPath => "parameters",
                            QueryLanguage::Jsonata => "arguments",
                        };
                        self.error(
                            call.span(),
                            format!(
                                "`lambda(f)` sets `{}` itself; remove it from `{option}` (give the payload with `payload:`)",
                                bare(&k)
                            ),
                        );
                    } else {
                        own.push((k, v));
                    }
                }
            }
            Some(_) => {}
            None => pairs.push((key.to_owned(), Json::Object(generated))),
        }
    }
}
