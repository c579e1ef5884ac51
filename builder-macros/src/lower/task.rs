//! What only a task has: the function or resource it runs.

use super::Lower;
use crate::syntax::{Name, Stmt, Value};
use builder_core::diag::Location;
use builder_core::json::Json;

impl Lower<'_> {
    /// A task's function or resource, as the JSON of its `Resource`. A
    /// function handle is a run-time value (the handle knows its key); when
    /// the resource is missing or of the wrong kind (reported here), a
    /// stand-in reference keeps the rest of the task checkable.
    pub(super) fn task_resource(&mut self, stmt: &Stmt, name: &Name, at: &Location) -> Json {
        let location = at.field("Resource");
        let mut positional = stmt.args.positional.iter();
        let resource = match positional.next() {
            Some(Value::Ident(f)) => {
                self.spans.mark(location.clone(), f.span());
                let expr =
                    quote::quote_spanned!(f.span()=> __serverless_builder::function_resource(&#f));
                Some(self.runtime_value(&location, expr))
            }
            Some(Value::Str(arn, span)) => {
                self.spans.mark(location.clone(), *span);
                Some(Json::String(arn.clone()))
            }
            Some(Value::SelfArn(span)) => {
                self.error(
                    *span,
                    "a task cannot run `self.arn()`, this machine's own ARN; to start this machine again, \
                     run the Step Functions integration with it as a parameter: \
                     `task Restart(\"arn:aws:states:::states:startExecution\", parameters: { \"StateMachineArn\": self.arn() })`",
                );
                None
            }
            Some(other) => {
                self.error(
                    other.span(),
                    format!(
                        "a task runs a service function (an identifier such as `get_user`) or a resource ARN string, not {}",
                        other.describe()
                    ),
                );
                None
            }
            None => {
                self.error(
                    stmt.args.span.unwrap_or(name.span),
                    format!(
                        "the task `{0}` needs a function or a resource: `task {0}(function)` or `task {0}(\"arn:aws:...\")`",
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
}
