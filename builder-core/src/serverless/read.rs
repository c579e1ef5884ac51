//! serverless.yml → service: what [`Service::to_yaml`] writes (or the same
//! shape written by hand) reads back into the same service.

use super::{naming, Service};
use crate::asl::cx::Cx;
use crate::asl::read;
use crate::diag::{Code, Diagnostic, Location, Naming, Sink};
use crate::json::Json;
use crate::model::*;

/// Reads a `stepFunctions.stateMachines.<name>` entry (as
/// [`super::emit::machine_entry`] writes it, with or without the service's
/// settings) of service `service`.
pub fn machine_entry(
    name: &str,
    value: &Json,
    service: Option<&str>,
    sink: &mut Sink,
) -> Option<StateMachine> {
    let arn = naming::state_machine_arn(service.unwrap_or("${self:service}"), name);
    let root = Location::machine(name);
    let mut cx = Cx::new(sink, Naming::Asl, root.clone(), Some(arn.clone()));
    let pairs = cx.object(value)?;
    let mut machine = StateMachine::new(name);
    let mut definition = None;
    for (key, v) in pairs {
        match key.as_str() {
            // Settings derived from the service: accepted, not kept.
            "name" | "tracingConfig" | "loggingConfig" => {}
            "type" => {
                cx.key = "type";
                machine.machine_type = match cx.word(v, &["STANDARD", "EXPRESS"]) {
                    Some("EXPRESS") => MachineType::Express,
                    _ => MachineType::Standard,
                };
                cx.key = "";
            }
            "definition" => definition = Some(v),
            "role" => machine.role = Some(v.clone()),
            "iamRoleStatements" => {
                cx.key = "iamRoleStatements";
                machine.iam_statements = cx.array(v).map(<[Json]>::to_vec).unwrap_or_default();
                cx.key = "";
            }
            "events" => {
                cx.key = "events";
                let items = cx.array(v);
                cx.key = "";
                for (i, event) in items.unwrap_or_default().iter().enumerate() {
                    let at = root.field("events").index(i);
                    if let Some(e) = cx.within(at, |cx| self::event(event, cx)) {
                        machine.events.push(e);
                    }
                }
            }
            other => {
                cx.sink.push(
                    Diagnostic::new(Code::UnknownField, root.key(other), format!("unknown field `{other}` in a state machine entry"))
                        .with_help("the fields of a state machine entry are `name`, `type`, `tracingConfig`, `loggingConfig`, `definition`, `events`, `role` and `iamRoleStatements`"),
                );
            }
        }
    }
    let Some(definition) = definition else {
        sink.push(Diagnostic::new(
            Code::MissingField,
            root,
            "a state machine entry needs a `definition`",
        ));
        return None;
    };
    machine.definition = read::definition_into(definition, name, Some(&arn), sink)?;
    Some(machine)
}

fn event(v: &Json, cx: &mut Cx<'_>) -> Option<Event> {
    let pairs = cx.object(v)?;
    let [(kind, body)] = pairs else {
        cx.error(
            Code::UnknownField,
            "an event is an object with one key, such as `schedule`",
        );
        return None;
    };
    if kind != "schedule" {
        let location = cx.at.key(kind);
        cx.sink.push(Diagnostic::new(
            Code::UnknownField,
            location,
            format!("unknown event `{kind}`; the supported event is `schedule`"),
        ));
        return None;
    }
    let at = cx.at.field("schedule");
    cx.within(at, |cx| {
        let pairs = cx.object(body)?;
        let mut s = Schedule::default();
        let mut rate = false;
        for (key, v) in pairs {
            match key.as_str() {
                "rate" => {
                    cx.key = "rate";
                    s.expression = cx.string(v).unwrap_or_default();
                    rate = true;
                }
                "input" => s.input = Some(cx.json(v)),
                "enabled" => {
                    cx.key = "enabled";
                    s.enabled = cx.boolean(v);
                }
                "name" => {
                    cx.key = "name";
                    s.name = cx.string(v);
                }
                "description" => {
                    cx.key = "description";
                    s.description = cx.string(v);
                }
                other => {
                    let location = cx.at.key(other);
                    cx.sink.push(
                        Diagnostic::new(Code::UnknownField, location, format!("unknown field `{other}` in a schedule"))
                            .with_help("the fields of a schedule are `rate`, `input`, `enabled`, `name` and `description`"),
                    );
                }
            }
            cx.key = "";
        }
        if !rate {
            cx.error(Code::MissingField, "a schedule needs a `rate`");
        }
        Some(Event::Schedule(s))
    })
}

impl Service {
    #[cfg(feature = "serde")]
    /// Reads a serverless.yml written by [`Service::to_yaml`] (or by hand in
    /// the same shape) back into a service. Functions come back with their
    /// kebab-case name, which maps to the same key and deployed name.
    pub fn from_yaml(text: &str) -> Result<Service, crate::Error> {
        let root = crate::json_serde::from_yaml_str(text)?;
        let mut sink = Sink::default();
        let service = Service::from_json(&root, &mut sink);
        match service {
            Some(service) if sink.is_empty() => Ok(service),
            _ => Err(crate::Error::Invalid(sink.finish())),
        }
    }

    /// Reads a service from its JSON tree, reporting into `sink`.
    pub fn from_json(root: &Json, sink: &mut Sink) -> Option<Service> {
        let Some(name) = root.get("service").and_then(Json::as_str) else {
            sink.push(Diagnostic::new(
                Code::MissingField,
                Location::default(),
                "missing `service:` name",
            ));
            return None;
        };
        let at = Location::service(name);
        let mut service = Service::new(name);
        if let Some(provider) = root.get("provider") {
            if let Some(runtime) = provider.get("runtime").and_then(Json::as_str) {
                service.provider.runtime = runtime.to_owned();
            }
            service.provider.region = provider
                .get("region")
                .and_then(Json::as_str)
                .map(str::to_owned);
            service.provider.stage = provider
                .get("stage")
                .and_then(Json::as_str)
                .map(str::to_owned);
            if let Some(Json::Array(statements)) = provider
                .get("iam")
                .and_then(|i| i.get("role"))
                .and_then(|r| r.get("statements"))
            {
                service.provider.iam_statements = statements.clone();
            }
        }
        if let Some(Json::Object(functions)) = root.get("functions") {
            let prefix = naming::deployed_name(name, "");
            for (key, entry) in functions {
                let get = |k: &str| entry.get(k);
                let deployed = get("name").and_then(Json::as_str).unwrap_or(key);
                let fname = deployed.strip_prefix(&prefix).unwrap_or(deployed);
                let Some(handler) = get("handler").and_then(Json::as_str) else {
                    sink.push(Diagnostic::new(
                        Code::MissingField,
                        at.field("functions").key(key),
                        format!("the function `{key}` needs a `handler`"),
                    ));
                    continue;
                };
                let mut handle = service.function(fname, handler);
                if let Some(d) = get("description").and_then(Json::as_str) {
                    handle = handle.description(d);
                }
                if let Some(t) = get("timeout").and_then(number) {
                    handle = handle.timeout(t);
                }
                if let Some(m) = get("memorySize").and_then(number) {
                    handle = handle.memory_size(m);
                }
                if let Some(r) = get("runtime").and_then(Json::as_str) {
                    handle = handle.runtime(r);
                }
                if let Some(Json::Array(events)) = get("events") {
                    for event in events {
                        handle = handle.event(event.clone());
                    }
                }
                if let Some(Json::Object(env)) = get("environment") {
                    for (k, v) in env {
                        handle = handle.environment(k.as_str(), v.as_str().unwrap_or_default());
                    }
                }
                if handle.key() != *key {
                    sink.push(Diagnostic::new(
                        Code::InvalidFunction,
                        at.field("functions").key(key),
                        format!(
                            "the key `{key}` does not match the function name `{fname}` (expected `{}`)",
                            handle.key()
                        ),
                    ));
                }
            }
        }
        if let Some(Json::Object(machines)) = root
            .get("stepFunctions")
            .and_then(|s| s.get("stateMachines"))
        {
            for (key, entry) in machines {
                if let Some(machine) = machine_entry(key, entry, Some(name), sink) {
                    service.state_machines.push(machine);
                }
            }
        }
        // Resources, but the log groups made for the machines.
        if let Some(Json::Object(resources)) =
            root.get("resources").and_then(|r| r.get("Resources"))
        {
            for (id, entry) in resources {
                let ours = service
                    .state_machines
                    .iter()
                    .any(|m| naming::log_group_logical_id(name, &m.name) == *id);
                if ours {
                    continue;
                }
                let kind = entry.get("Type").and_then(Json::as_str).unwrap_or_default();
                let properties = entry
                    .get("Properties")
                    .cloned()
                    .unwrap_or(Json::Object(Vec::new()));
                service.resource(id.as_str(), kind, properties);
            }
        }
        // The statements derived from the tasks are written again with the
        // machine: keep only the user's own.
        for i in 0..service.state_machines.len() {
            let derived: Vec<Json> = super::iam::derive(&service, &service.state_machines[i])
                .iter()
                .map(super::iam::Statement::to_json)
                .collect();
            service.state_machines[i]
                .iam_statements
                .retain(|s| !derived.contains(s));
        }
        Some(service)
    }
}

fn number(v: &Json) -> Option<u64> {
    match v {
        Json::Number(n) => n.as_u64(),
        _ => None,
    }
}
