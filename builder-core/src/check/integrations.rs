//! What a Task calls, against the catalogue of integrations
//! ([`crate::integrations`]): a service and action Step Functions has, a
//! pattern it supports (and only request-response in an Express machine —
//! "Express Workflows only support Request Response integrations"), the
//! parameters it requires, and a task token for `.waitForTaskToken`.

use super::Ck;
use crate::diag::{Code, Diagnostic, Location};
use crate::integrations::catalogue::{self, Pattern};
use crate::integrations::{sdk, target, Target};
use crate::json::Json;
use crate::model::*;

/// The `Resource` of a Task, read as an integration.
pub fn state(ck: &mut Ck<'_>, at: &Location, state: &State) {
    let StateKind::Task(task) = &state.kind else {
        return;
    };
    let Resource::Arn(resource) = &task.resource else {
        return;
    };
    let target = match target::parse(resource) {
        Ok(t) => t,
        Err(e) => {
            ck.error(Code::UnknownIntegration, at.field("Resource"), e.message);
            return;
        }
    };
    let pattern = match target {
        Target::Other => return,
        Target::Sdk {
            service,
            action,
            pattern,
        } => {
            if let Some(problem) = sdk::name_problem(service, action) {
                ck.error(Code::UnknownIntegration, at.field("Resource"), problem);
                return;
            }
            if matches!(pattern, Pattern::Sync | Pattern::Sync2) {
                unsupported(ck, at, resource, pattern, "request-response and `.waitForTaskToken` (AWS SDK integrations have no `.sync`)");
                return;
            }
            pattern
        }
        Target::Optimized {
            service,
            action,
            pattern,
        } => {
            let Some(integration) = catalogue::find(service, action) else {
                unknown(ck, at, service, action);
                return;
            };
            if !integration.patterns.contains(pattern) {
                let supported: Vec<&str> =
                    integration.patterns.iter().map(Pattern::describe).collect();
                let list = supported.join(", ");
                unsupported(ck, at, resource, pattern, &list);
                return;
            }
            required(ck, at, state, integration.required);
            pattern
        }
    };
    if pattern.standard_only() && ck.express {
        ck.push(
            Diagnostic::new(
                Code::PatternNotInExpress,
                at.field("Resource"),
                format!(
                    "{} is not available in an Express workflow (an Express machine, or the child executions of an Express Distributed Map): Express workflows only support request-response integrations",
                    pattern.describe()
                ),
            )
            .with_help("make the machine (or the map's `execution_type`) standard, or call the integration without the suffix"),
        );
    }
    if pattern == Pattern::Callback && !passes_token(state) {
        let token = match state.query_language() {
            QueryLanguage::JsonPath => "`\"TaskToken.$\": \"$$.Task.Token\"`",
            QueryLanguage::Jsonata => "`\"TaskToken\": \"{% $states.context.Task.Token %}\"`",
        };
        let field = match state.query_language() {
            QueryLanguage::JsonPath => ck.field("Parameters"),
            QueryLanguage::Jsonata => ck.field("Arguments"),
        };
        ck.push(
            Diagnostic::new(
                Code::MissingTaskToken,
                at.field("Resource"),
                "a `.waitForTaskToken` task must pass its task token, or nothing can call back to end it",
            )
            .with_help(format!("put it in {field}, such as {token}")),
        );
    }
}

fn unknown(ck: &mut Ck<'_>, at: &Location, service: &str, action: &str) {
    let known_service = catalogue::services().any(|s| s == service);
    let (message, help) = if known_service {
        let close = ck.suggest(action, catalogue::actions(service).collect::<Vec<_>>());
        let actions: Vec<&str> = catalogue::actions(service).collect();
        (
            format!("`{service}` has no optimized integration `{action}`"),
            match close {
                Some(c) => format!("did you mean `{service}:{c}`?"),
                None => format!(
                    "its optimized actions are {}; any other API action is an SDK integration, `aws-sdk:{service}:{action}`",
                    crate::diag::text::list(actions.iter().copied(), " and ")
                ),
            },
        )
    } else {
        let services: Vec<&str> = catalogue::services().collect();
        let close = ck.suggest(service, services.iter().copied());
        (
            format!("Step Functions has no optimized integration with `{service}`"),
            match close {
                Some(c) => format!("did you mean `{c}:{action}`?"),
                None => format!(
                    "for any AWS API, write an SDK integration: `aws-sdk:{service}:{action}`; the optimized ones are {}",
                    crate::diag::text::list(services.iter().copied(), " and ")
                ),
            },
        )
    };
    ck.push(
        Diagnostic::new(Code::UnknownIntegration, at.field("Resource"), message).with_help(help),
    );
}

fn unsupported(ck: &mut Ck<'_>, at: &Location, resource: &str, pattern: Pattern, supported: &str) {
    ck.push(
        Diagnostic::new(
            Code::UnsupportedPattern,
            at.field("Resource"),
            format!(
                "`{resource}`: this integration does not support {}",
                pattern.describe()
            ),
        )
        .with_help(format!("it supports {supported}")),
    );
}

/// The parameters an integration requires, when its payload is an object
/// written out (a whole-payload expression is only known at run time).
fn required(ck: &mut Ck<'_>, at: &Location, state: &State, groups: &[&[&str]]) {
    let (payload, key) = match &state.io {
        Io::JsonPath(io) => (io.parameters.as_ref(), "Parameters"),
        Io::Jsonata(io) => (io.arguments.as_ref(), "Arguments"),
    };
    let pairs: &[(String, Json)] = match payload {
        Some(Json::Object(pairs)) => pairs,
        Some(_) => return,
        None => &[],
    };
    let has = |name: &str| {
        pairs
            .iter()
            .any(|(k, _)| k == name || k.strip_suffix(".$") == Some(name))
    };
    let missing: Vec<String> = groups
        .iter()
        .filter(|group| !group.iter().any(|name| has(name)))
        .map(|group| {
            let names: Vec<String> = group.iter().map(|n| format!("`{n}`")).collect();
            names.join(" or ")
        })
        .collect();
    if missing.is_empty() {
        return;
    }
    let field = ck.field(key);
    let location = if payload.is_some() {
        at.field(key)
    } else {
        at.field("Resource")
    };
    ck.error(
        Code::MissingParameter,
        location,
        format!(
            "this integration requires {} in {field}",
            missing.join(" and ")
        ),
    );
}

/// Whether a task passes its task token anywhere in its payload:
/// `$$.Task.Token` in a `.$` value or an intrinsic call (JSONPath),
/// `$states.context.Task.Token` in an expression (JSONata).
fn passes_token(state: &State) -> bool {
    fn walk(value: &Json, jsonpath: bool, depth: usize) -> bool {
        if depth > crate::asl::MAX_JSON_DEPTH {
            return false;
        }
        match value {
            Json::String(s) if jsonpath => s.contains("$$.Task.Token"),
            Json::String(s) => s.contains("$states.context.Task.Token"),
            Json::Array(items) => items.iter().any(|v| walk(v, jsonpath, depth + 1)),
            Json::Object(pairs) => pairs.iter().any(|(k, v)| {
                // In JSONPath only `.$` values are evaluated.
                (!jsonpath || k.ends_with(".$") || !matches!(v, Json::String(_)))
                    && walk(v, jsonpath, depth + 1)
            }),
            _ => false,
        }
    }
    let jsonpath = state.query_language() == QueryLanguage::JsonPath;
    let payload = match &state.io {
        Io::JsonPath(io) => io.parameters.as_ref(),
        Io::Jsonata(io) => io.arguments.as_ref(),
    };
    payload.is_some_and(|p| walk(p, jsonpath, 0))
}
