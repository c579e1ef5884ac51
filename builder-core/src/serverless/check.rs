//! The checks of a service around its machines: names, functions and their
//! settings, machines with the same id, the functions tasks call, events.

use super::{naming, Service};
use crate::check::{self, Ck, Options, ServiceScope};
use crate::diag::{Code, Diagnostic, Diagnostics, Location, Sink};
use crate::json::Json;
use crate::model::*;
use std::collections::{HashMap, HashSet};

impl Service {
    /// Checks the service and every machine; reports all problems.
    pub fn validate(&self) -> Result<(), Diagnostics> {
        let mut sink = Sink::default();
        self.check(Options::default(), &mut sink);
        sink.finish().into_result()
    }

    /// Checks the service and every machine, reporting into `sink`.
    pub fn check(&self, options: Options, sink: &mut Sink) {
        let root = Location::service(&self.name);
        let name_ok = self.name.len() >= 2
            && self.name.len() <= 128
            && self.name.starts_with(|c: char| c.is_ascii_alphabetic())
            && self
                .name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !name_ok {
            sink.error(
                Code::InvalidServiceName,
                root.clone(),
                format!(
                    "invalid service name `{}`; use 2 to 128 letters, digits and `-`, starting with a letter",
                    self.name
                ),
            );
        }
        if !runtime_ok(&self.provider.runtime) {
            sink.error(
                Code::InvalidFunction,
                root.field("provider").field("runtime"),
                format!(
                    "invalid runtime `{}`; use a Lambda runtime id such as `python3.12`",
                    self.provider.runtime
                ),
            );
        }
        {
            let p = &self.provider;
            let at = root.field("provider");
            let mut error = |location: Location, message: String| {
                sink.error(Code::InvalidFunction, location, message);
            };
            environment(&p.environment, &at.field("environment"), &mut error);
            if let Some(a) = p
                .architecture
                .as_deref()
                .filter(|a| !ARCHITECTURES.contains(a))
            {
                error(
                    at.field("architecture"),
                    format!("invalid architecture `{a}`; Lambda runs `arm64` or `x86_64`"),
                );
            }
            if let Some(t) = p.timeout.filter(|t| !(1..=900).contains(t)) {
                error(
                    at.field("timeout"),
                    format!("function timeout is {t} s; Lambda allows 1 to 900"),
                );
            }
            if let Some(m) = p.memory_size.filter(|m| !(128..=10240).contains(m)) {
                error(
                    at.field("memorySize"),
                    format!("function memory size is {m} MB; Lambda allows 128 to 10240"),
                );
            }
        }
        let mut keys: HashMap<String, String> = HashMap::new();
        for handle in &self.functions {
            let f = handle.0.borrow();
            // Built only for an error: this runs for every function.
            let at = || root.field("functions").key(&f.name);
            let mut error = |location: Location, message: String| {
                sink.error(Code::InvalidFunction, location, message);
            };
            let name_ok = f.name.starts_with(|c: char| c.is_ascii_alphabetic())
                && f.name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
            if !name_ok {
                error(
                    at(),
                    format!(
                        "invalid function name `{}`; use letters, digits, `_` and `-`, starting with a letter",
                        f.name
                    ),
                );
            } else if let Some(first) = keys.insert(f.key(), f.name.clone()) {
                error(
                    at(),
                    format!(
                        "the functions `{first}` and `{}` would both have the key `{}`; rename one",
                        f.name,
                        f.key()
                    ),
                );
            }
            if f.handler.is_empty() || f.handler.chars().any(char::is_whitespace) {
                error(
                    at().field("handler"),
                    format!(
                        "invalid handler `{}`; write it as `module.file.function`",
                        f.handler
                    ),
                );
            }
            if let Some(t) = f.timeout.filter(|t| !(1..=900).contains(t)) {
                error(
                    at().field("timeout"),
                    format!("function timeout is {t} s; Lambda allows 1 to 900"),
                );
            }
            if let Some(m) = f.memory_size.filter(|m| !(128..=10240).contains(m)) {
                error(
                    at().field("memorySize"),
                    format!("function memory size is {m} MB; Lambda allows 128 to 10240"),
                );
            }
            if let Some(r) = f.runtime.as_deref().filter(|r| !runtime_ok(r)) {
                error(
                    at().field("runtime"),
                    format!("invalid runtime `{r}`; use a Lambda runtime id such as `python3.12`"),
                );
            }
            environment(&f.environment, &at().field("environment"), &mut error);
            if let Some(a) = f
                .architecture
                .as_deref()
                .filter(|a| !ARCHITECTURES.contains(a))
            {
                error(
                    at().field("architecture"),
                    format!("invalid architecture `{a}`; Lambda runs `arm64` or `x86_64`"),
                );
            }
            if f.artifact
                .as_deref()
                .is_some_and(|a| a.is_empty() || !a.ends_with(".zip"))
            {
                error(
                    at().field("package"),
                    "a function's artifact is a `.zip` file".to_owned(),
                );
            }
        }
        let mut machine_ids: HashMap<String, &str> = HashMap::new();
        for machine in &self.state_machines {
            let id = naming::log_group_logical_id(&self.name, &machine.name);
            if let Some(first) = machine_ids.insert(id, &machine.name) {
                sink.error(
                    Code::DuplicateMachine,
                    Location::machine(&machine.name),
                    if first == machine.name {
                        format!("the state machine `{first}` is added twice")
                    } else {
                        format!(
                            "the state machines `{first}` and `{}` would share their CloudFormation ids; rename one",
                            machine.name
                        )
                    },
                );
            }
        }
        let functions: HashSet<String> = keys.into_keys().collect();
        let scope = ServiceScope {
            name: &self.name,
            functions: &functions,
        };
        for machine in &self.state_machines {
            check::check_in(machine, options, Some(&scope), sink);
        }
        event_names(self, sink);
        super::references::check(self, sink);
        let mut resource_ids: HashSet<&str> = HashSet::new();
        for r in &self.resources {
            let taken = !resource_ids.insert(&r.logical_id)
                || self
                    .state_machines
                    .iter()
                    .any(|m| naming::log_group_logical_id(&self.name, &m.name) == r.logical_id)
                || self
                    .functions
                    .iter()
                    .any(|f| naming::function_logical_id(&f.key()) == r.logical_id);
            if taken {
                sink.error(
                    Code::DuplicateResource,
                    root.field("resources")
                        .field("Resources")
                        .key(&r.logical_id),
                    format!(
                        "the logical id `{}` is declared twice in this service",
                        r.logical_id
                    ),
                );
            }
        }
    }
}

/// The names of the rules and schedules the events make: unique per kind
/// (an EventBridge rule on its bus, an EventBridge Scheduler schedule in
/// the default group), or CloudFormation fails to create the second.
fn event_names(service: &Service, sink: &mut Sink) {
    let mut seen: HashMap<(String, String), String> = HashMap::new();
    for machine in &service.state_machines {
        for (i, event) in machine.events.iter().enumerate() {
            let Some(Json::String(name)) = event.settings.get("name") else {
                continue;
            };
            let scheduler =
                event.settings.get("method").and_then(Json::as_str) == Some("scheduler");
            let (kind, what) = match (event.kind, scheduler) {
                (EventKind::Schedule, true) => (
                    "AWS::Scheduler::Schedule".to_owned(),
                    "EventBridge Scheduler schedule",
                ),
                (EventKind::Http, _) => continue,
                _ => (
                    format!(
                        "AWS::Events::Rule on {}",
                        event
                            .settings
                            .get("eventBusName")
                            .map_or_else(|| "default".to_owned(), Json::to_json_string)
                    ),
                    "EventBridge rule",
                ),
            };
            let here = format!("`{}` events[{i}]", machine.name);
            if let Some(first) = seen.insert((kind, name.clone()), here.clone()) {
                sink.error(
                    Code::DuplicateResource,
                    Location::machine(&machine.name)
                        .field("events")
                        .index(i)
                        .field(event.kind.key())
                        .field("name"),
                    format!("the {what} name `{name}` is already used by {first}; names are unique in an account and region"),
                );
            }
        }
    }
}

/// The architectures Lambda runs.
const ARCHITECTURES: &[&str] = &["arm64", "x86_64"];

/// Environment variables: names Lambda takes, values that are strings or
/// CloudFormation references (`{"Ref": ..}`, `{"Fn::GetAtt": ..}`, ...).
fn environment(vars: &[(String, Json)], at: &Location, error: &mut impl FnMut(Location, String)) {
    for (key, value) in vars {
        let ok = key.starts_with(|c: char| c.is_ascii_alphabetic())
            && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !ok {
            error(
                at.key(key),
                format!("invalid environment variable name `{key}`; use letters, digits and `_`, starting with a letter"),
            );
        }
        let reference = matches!(value, Json::Object(p) if p.len() == 1 && (p[0].0 == "Ref" || p[0].0.starts_with("Fn::")));
        if !matches!(value, Json::String(_)) && !reference {
            error(
                at.key(key),
                format!("the environment variable `{key}` is {}; a value is a string or a reference such as `table.name()`", crate::asl::cx::describe(value)),
            );
        }
    }
}

fn runtime_ok(r: &str) -> bool {
    !r.is_empty()
        && r.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.')
}

/// A task on a function of the service.
pub(crate) fn task_function(
    ck: &mut Ck<'_>,
    service: &ServiceScope<'_>,
    at: &Location,
    task: &TaskState,
) {
    if let Resource::Function(key) = &task.resource {
        if !service.functions.contains(key) {
            ck.error(
                Code::UnknownFunction,
                at.field("Resource"),
                format!(
                    "the task calls the function `{key}`, which is not a function of the service `{}`",
                    service.name
                ),
            );
        }
    }
}

/// The user's IAM of a machine: statements of the shape the plugin's schema
/// takes (`Effect`, `Action`, `Resource` — nothing else), or a role, not both.
pub fn iam(machine: &StateMachine, sink: &mut Sink) {
    let root = Location::machine(&machine.name);
    if machine.role.is_some() && !machine.iam_statements.is_empty() {
        sink.push(
            Diagnostic::new(
                Code::InvalidIam,
                root.field("role"),
                "`role` and `iam` exclude each other: with a role of your own, no statements are added to it",
            )
            .with_help("add the statements to your role, or drop `role` to have one made with them"),
        );
    }
    for (i, statement) in machine.iam_statements.iter().enumerate() {
        let at = root.field("iamRoleStatements").index(i);
        let Json::Object(pairs) = statement else {
            sink.error(
                Code::InvalidIam,
                at,
                "an IAM statement is an object `{\"Effect\": \"Allow\", \"Action\": [...], \"Resource\": [...]}`",
            );
            continue;
        };
        for (key, value) in pairs {
            let problem = match (key.as_str(), value) {
                ("Effect", Json::String(e)) if e == "Allow" || e == "Deny" => None,
                ("Effect", _) => Some("`Effect` is `\"Allow\"` or `\"Deny\"`".to_owned()),
                ("Action", Json::String(_)) => None,
                ("Action", Json::Array(items)) if items.iter().all(|a| matches!(a, Json::String(_))) => None,
                ("Action", _) => Some("`Action` is an action (`\"s3:GetObject\"`) or a list of them".to_owned()),
                ("Resource", Json::String(_) | Json::Array(_)) => None,
                ("Resource", _) => Some("`Resource` is an ARN or a list of ARNs and references".to_owned()),
                (other, _) => Some(format!(
                    "`{other}` is not a field the serverless-step-functions plugin takes in `iamRoleStatements`: only `Effect`, `Action` and `Resource`"
                )),
            };
            if let Some(message) = problem {
                sink.error(Code::InvalidIam, at.key(key), message);
            }
        }
        for required in ["Effect", "Action", "Resource"] {
            if !pairs.iter().any(|(k, _)| k == required) {
                sink.error(
                    Code::InvalidIam,
                    at.clone(),
                    format!("this IAM statement has no `{required}`"),
                );
            }
        }
    }
}
