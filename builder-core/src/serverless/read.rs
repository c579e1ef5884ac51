//! serverless.yml → service: what [`Service::to_yaml`] writes (or the same
//! shape written by hand) reads back into the same service.

use super::{naming, schema, settings, Service};
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
    let root = Location::machine(name);
    let mut machine = StateMachine::new(name);
    // The deployed name first: the definition refers to the machine's ARN.
    let arn = match value.get("name") {
        Some(Json::String(deployed)) => naming::arn_of_deployed(deployed),
        _ => naming::state_machine_arn(service.unwrap_or("${self:service}"), name),
    };
    let mut cx = Cx::new(sink, Naming::Asl, root.clone(), Some(arn.clone()));
    let pairs = cx.object(value)?;
    let mut definition = None;
    for (key, v) in pairs {
        match key.as_str() {
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
            // The plugin's other settings: kept as written, checked with
            // the machine against the plugin's schema.
            other if schema::MACHINE.key(other).is_some() => {
                let value = cx.json(v);
                machine.settings.set(other, value);
            }
            other => {
                let keys = ["type", "definition", "events", "role", "iamRoleStatements"]
                    .into_iter()
                    .chain(schema::MACHINE.keys.iter().map(|k| k.key));
                let mut message = format!("unknown field `{other}` in a state machine entry");
                if let Some(close) = crate::diag::suggest::closest(other, keys.clone()) {
                    message.push_str(&format!("; did you mean `{close}`?"));
                }
                let list: Vec<String> = keys.map(|k| format!("`{k}`")).collect();
                cx.sink.push(
                    Diagnostic::new(Code::UnknownField, root.key(other), message).with_help(
                        format!(
                            "the fields of a state machine entry are {}",
                            crate::diag::text::list(list.iter().map(String::as_str), " and ")
                        ),
                    ),
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

/// An event: `{schedule: ...}`, `{http: ...}` or `{eventBridge: ...}`
/// (`cloudwatchEvent`, the plugin's older name, reads as `eventBridge`);
/// the plugin's short forms (`schedule: rate(1 day)`, `http: GET orders`)
/// read as their objects.
fn event(v: &Json, cx: &mut Cx<'_>) -> Option<Event> {
    let pairs = cx.object(v)?;
    let [(kind, body)] = pairs else {
        cx.error(
            Code::UnknownField,
            "an event is an object with one key: `schedule`, `http` or `eventBridge`",
        );
        return None;
    };
    let Some(kind) = EventKind::ALL
        .iter()
        .copied()
        .find(|k| k.key() == kind || (kind == "cloudwatchEvent" && *k == EventKind::EventBridge))
    else {
        let location = cx.at.key(kind);
        cx.sink.push(Diagnostic::new(
            Code::UnknownField,
            location,
            format!("unknown event `{kind}`; the events of a state machine are `schedule`, `http` and `eventBridge`"),
        ));
        return None;
    };
    let mut event = Event::new(kind);
    match (kind, body) {
        (EventKind::Schedule, Json::String(rate)) => event.settings.set("rate", rate.as_str()),
        (EventKind::Http, Json::String(short)) => {
            let (method, path) = short.split_once(' ').unwrap_or((short, ""));
            event.settings.set("path", path.trim());
            event.settings.set("method", method.to_ascii_lowercase());
        }
        (_, Json::Object(pairs)) => {
            for (key, value) in pairs {
                let mut value = cx.json(value);
                if kind == EventKind::Http && key == "method" {
                    if let Json::String(m) = &mut value {
                        *m = m.to_ascii_lowercase();
                    }
                }
                event.settings.0.push((key.clone(), value));
            }
        }
        _ => {
            let location = cx.at.field(kind.key());
            cx.sink.push(Diagnostic::new(
                Code::InvalidEvent,
                location,
                format!(
                    "{} is an object{}",
                    settings::event_schema(kind).what,
                    match kind {
                        EventKind::Schedule => " or a `rate(...)`/`cron(...)` string",
                        EventKind::Http => " or a `METHOD path` string",
                        EventKind::EventBridge => "",
                    }
                ),
            ));
            return None;
        }
    }
    Some(event)
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
        match root.get("frameworkVersion") {
            Some(Json::String(v)) => {
                service.set_framework_version(v.as_str());
            }
            Some(Json::Number(n)) => {
                service.set_framework_version(Json::Number(*n).to_json_string());
            }
            _ => {}
        }
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
            let p = &mut service.provider;
            p.architecture = provider
                .get("architecture")
                .and_then(Json::as_str)
                .map(str::to_owned);
            p.memory_size = provider.get("memorySize").and_then(number);
            p.timeout = provider.get("timeout").and_then(number);
            if let Some(Json::Object(env)) = provider.get("environment") {
                p.environment = env.clone();
            }
            if let Some(Json::Object(tags)) = provider.get("tags") {
                p.tags = tags
                    .iter()
                    .map(|(k, v)| {
                        (
                            k.clone(),
                            v.as_str().map_or_else(|| v.to_json_string(), str::to_owned),
                        )
                    })
                    .collect();
            }
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
                if let Some(a) = get("architecture").and_then(Json::as_str) {
                    handle = handle.architecture(a);
                }
                if let Some(Json::Object(env)) = get("environment") {
                    for (k, v) in env {
                        handle = handle.environment(k.as_str(), v.clone());
                    }
                }
                if let Some(Json::Array(layers)) = get("layers") {
                    for layer in layers {
                        handle = handle.layer(layer.clone());
                    }
                }
                if let Some(a) = get("package")
                    .and_then(|p| p.get("artifact"))
                    .and_then(Json::as_str)
                {
                    handle = handle.artifact(a);
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
        // The service's defaults are written again: keep only what differs.
        for machine in &mut service.state_machines {
            strip_defaults(name, machine);
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

/// Removes what [`Service::to_yaml`] adds to a machine: the default
/// settings, the destination of the log group made for it, the request
/// template of a `StartSyncExecution` endpoint.
fn strip_defaults(service: &str, machine: &mut StateMachine) {
    for (key, default) in super::emit::default_settings(service, machine) {
        if machine.settings.get(key) == Some(&default) {
            machine.settings.remove(key);
        } else if key == "loggingConfig" {
            // The log group made for the machine is a default too.
            let ours = default.get("destinations").cloned();
            if let Some(Json::Object(config)) = machine
                .settings
                .0
                .iter_mut()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v)
            {
                if config
                    .iter()
                    .any(|(k, v)| k == "destinations" && Some(v) == ours.as_ref())
                {
                    config.retain(|(k, _)| k != "destinations");
                }
            }
        }
    }
    super::emit::drop_defaults(&mut machine.settings);
    let arn = super::emit::machine_arn(machine, Some(service));
    let template = super::emit::sync_request_template(&arn);
    for event in &mut machine.events {
        let sync =
            event.settings.get("action").and_then(Json::as_str) == Some("StartSyncExecution");
        if event.kind == EventKind::Http && sync && event.settings.get("request") == Some(&template)
        {
            event.settings.remove("request");
        }
    }
}

fn number(v: &Json) -> Option<u64> {
    match v {
        Json::Number(n) => n.as_u64(),
        _ => None,
    }
}
