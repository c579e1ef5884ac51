//! A service as serverless.yml: provider, functions, the plugin's
//! `stepFunctions` section, and the log groups the machines write to.

use super::{naming, Service};
use crate::asl;
use crate::error::Error;
use crate::json::Json;
use crate::model::*;

/// The deployed name of a machine: its `name` setting, else
/// `<service>-${sls:stage}-<name>`.
pub fn deployed_name(machine: &StateMachine, service: Option<&str>) -> String {
    match machine.settings.get("name") {
        Some(Json::String(name)) => name.clone(),
        _ => naming::deployed_name(service.unwrap_or("${self:service}"), &machine.name),
    }
}

/// The ARN of a machine as deployed.
pub fn machine_arn(machine: &StateMachine, service: Option<&str>) -> String {
    naming::arn_of_deployed(&deployed_name(machine, service))
}

/// The `stepFunctions.stateMachines.<name>` entry of a machine, with only
/// what the machine sets: `type`, its settings, `definition`, `events`,
/// `role`, `iamRoleStatements`. (The service adds its defaults.)
pub fn machine_entry(machine: &StateMachine, service: Option<&str>) -> Vec<(String, Json)> {
    let arn = machine_arn(machine, service);
    let mut entry = vec![("type".to_owned(), Json::from(machine.machine_type.as_str()))];
    for (key, value) in machine.settings.iter() {
        let mut value = value.clone();
        value.resolve_machine_arn(&arn);
        entry.push((key.to_owned(), value));
    }
    entry.push((
        "definition".to_owned(),
        asl::write::definition(&machine.definition, &arn),
    ));
    if !machine.events.is_empty() {
        let events = machine
            .events
            .iter()
            .map(|event| {
                let mut body = Json::Object(event.settings.0.clone());
                body.resolve_machine_arn(&arn);
                Json::Object(vec![(event.kind.key().to_owned(), body)])
            })
            .collect();
        entry.push(("events".to_owned(), Json::Array(events)));
    }
    if let Some(role) = &machine.role {
        entry.push(("role".to_owned(), role.clone()));
    }
    if !machine.iam_statements.is_empty() {
        entry.push((
            "iamRoleStatements".to_owned(),
            Json::Array(machine.iam_statements.clone()),
        ));
    }
    entry
}

/// The defaults a service gives its machines' settings: X-Ray tracing on,
/// and errors with their data logged to a log group made for the machine.
pub fn default_settings(service: &str, machine: &StateMachine) -> Vec<(&'static str, Json)> {
    vec![
        (
            "name",
            Json::from(naming::deployed_name(service, &machine.name)),
        ),
        ("tracingConfig", Json::object([("enabled", true)])),
        (
            "loggingConfig",
            Json::object([
                ("level", Json::from("ERROR")),
                ("includeExecutionData", Json::from(true)),
                ("destinations", log_destinations(service, machine)),
            ]),
        ),
    ]
}

/// Removes the settings that say what the defaults say (tracing on;
/// `ERROR` logging with execution data to the log group made for the
/// machine), so that a machine has one model whether it sets them or not.
pub fn drop_defaults(settings: &mut Settings) {
    if settings.get("tracingConfig") == Some(&Json::object([("enabled", true)])) {
        settings.remove("tracingConfig");
    }
    let default_logging = Json::object([
        ("level", Json::from("ERROR")),
        ("includeExecutionData", Json::from(true)),
    ]);
    if settings
        .get("loggingConfig")
        .is_some_and(|l| same_object(l, &default_logging))
    {
        settings.remove("loggingConfig");
    }
}

/// Two objects with the same keys and values, in any order.
fn same_object(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Object(x), Json::Object(y)) => Settings(x.clone()) == Settings(y.clone()),
        _ => a == b,
    }
}

/// `[{"Fn::GetAtt": [<log group>, "Arn"]}]`: the log group made for a machine.
fn log_destinations(service: &str, machine: &StateMachine) -> Json {
    Json::array([Json::object([(
        "Fn::GetAtt",
        Json::array([
            naming::log_group_logical_id(service, &machine.name),
            "Arn".to_owned(),
        ]),
    )])])
}

/// Whether a log group is made for the machine: it logs, to no destination
/// of the user's.
pub fn makes_log_group(machine: &StateMachine) -> bool {
    match machine.settings.get("loggingConfig") {
        None => true,
        Some(config) => {
            config.get("level").and_then(Json::as_str) != Some("OFF")
                && config.get("destinations").is_none()
        }
    }
}

/// The request template an endpoint calling `StartSyncExecution` gets when
/// it has none: the plugin writes none when `action` is set, and then the
/// caller would have to send the machine's ARN. With it, the request body
/// is the execution's input, as for `StartExecution`.
pub fn sync_request_template(arn: &str) -> Json {
    let template = format!(
        "#set( $body = $util.escapeJavaScript($input.json('$')).replaceAll(\"\\\\'\", \"'\") )\n{{\"input\": \"$body\", \"name\": \"$context.requestId\", \"stateMachineArn\": \"{arn}\"}}"
    );
    Json::object([("template", Json::object([("application/json", template)]))])
}

impl Service {
    /// The whole service as a JSON tree, in serverless.yml order.
    fn to_json(&self) -> Json {
        let mut root = vec![
            ("service".to_owned(), Json::from(self.name.as_str())),
            (
                "frameworkVersion".to_owned(),
                Json::from(self.framework_version.as_str()),
            ),
            ("provider".to_owned(), self.provider_json()),
        ];
        if !self.state_machines.is_empty() {
            root.push((
                "plugins".to_owned(),
                Json::array(["serverless-step-functions"]),
            ));
        }
        if !self.functions.is_empty() {
            root.push(("functions".to_owned(), self.functions_json()));
        }
        if !self.state_machines.is_empty() {
            root.push(("stepFunctions".to_owned(), self.step_functions_json()));
        }
        if !self.state_machines.is_empty() || !self.resources.is_empty() {
            root.push(("resources".to_owned(), self.resources_json()));
        }
        Json::Object(root)
    }

    fn provider_json(&self) -> Json {
        let mut provider = vec![
            ("name".to_owned(), Json::from("aws")),
            (
                "runtime".to_owned(),
                Json::from(self.provider.runtime.as_str()),
            ),
        ];
        if let Some(region) = &self.provider.region {
            provider.push(("region".to_owned(), Json::from(region.as_str())));
        }
        if let Some(stage) = &self.provider.stage {
            provider.push(("stage".to_owned(), Json::from(stage.as_str())));
        }
        let p = &self.provider;
        if let Some(a) = &p.architecture {
            provider.push(("architecture".to_owned(), Json::from(a.as_str())));
        }
        if let Some(m) = p.memory_size {
            provider.push(("memorySize".to_owned(), Json::from(m)));
        }
        if let Some(t) = p.timeout {
            provider.push(("timeout".to_owned(), Json::from(t)));
        }
        if !p.environment.is_empty() {
            provider.push((
                "environment".to_owned(),
                Json::Object(p.environment.clone()),
            ));
        }
        if !p.tags.is_empty() {
            provider.push((
                "tags".to_owned(),
                Json::object(p.tags.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
            ));
        }
        if !self.provider.iam_statements.is_empty() {
            provider.push((
                "iam".to_owned(),
                Json::object([(
                    "role",
                    Json::object([(
                        "statements",
                        Json::Array(self.provider.iam_statements.clone()),
                    )]),
                )]),
            ));
        }
        Json::Object(provider)
    }

    fn functions_json(&self) -> Json {
        Json::Object(
            self.functions
                .iter()
                .map(|handle| {
                    let f = handle.0.borrow();
                    let mut entry = vec![(
                        "name".to_owned(),
                        Json::from(naming::deployed_name(
                            &self.name,
                            &naming::kebab_case(&f.name),
                        )),
                    )];
                    let mut put = |k: &str, v: Json| entry.push((k.to_owned(), v));
                    if let Some(d) = &f.description {
                        put("description", Json::from(d.as_str()));
                    }
                    put("handler", Json::from(f.handler.as_str()));
                    if let Some(t) = f.timeout {
                        put("timeout", Json::from(t));
                    }
                    if let Some(m) = f.memory_size {
                        put("memorySize", Json::from(m));
                    }
                    if let Some(r) = &f.runtime {
                        put("runtime", Json::from(r.as_str()));
                    }
                    if let Some(a) = &f.architecture {
                        put("architecture", Json::from(a.as_str()));
                    }
                    if !f.environment.is_empty() {
                        put("environment", Json::Object(f.environment.clone()));
                    }
                    if !f.layers.is_empty() {
                        put("layers", Json::Array(f.layers.clone()));
                    }
                    if let Some(a) = &f.artifact {
                        put("package", Json::object([("artifact", a.as_str())]));
                    }
                    if !f.events.is_empty() {
                        entry.push(("events".to_owned(), Json::Array(f.events.clone())));
                    }
                    (f.key(), Json::Object(entry))
                })
                .collect(),
        )
    }

    fn step_functions_json(&self) -> Json {
        let machines = self
            .state_machines
            .iter()
            .map(|machine| (machine.name.clone(), Json::Object(self.entry(machine))))
            .collect();
        Json::object([
            ("validate", Json::from(true)),
            ("stateMachines", Json::Object(machines)),
        ])
    }

    /// A machine's entry with the service's defaults and derived IAM.
    fn entry(&self, machine: &StateMachine) -> Vec<(String, Json)> {
        let arn = machine_arn(machine, Some(&self.name));
        let mut entry = machine_entry(machine, Some(&self.name));
        let defaults = default_settings(&self.name, machine);
        // The order of the Python generator's files: name, tracing, type,
        // logging, then the rest.
        let mut out: Vec<(String, Json)> = Vec::with_capacity(entry.len() + 3);
        let take = |key: &str, entry: &mut Vec<(String, Json)>| {
            let i = entry.iter().position(|(k, _)| k == key)?;
            Some(entry.remove(i))
        };
        for key in ["name", "tracingConfig", "type", "loggingConfig"] {
            let set = take(key, &mut entry);
            let pair = match (set, defaults.iter().find(|(k, _)| *k == key)) {
                (Some((k, Json::Object(mut config))), _) if key == "loggingConfig" => {
                    let off = config
                        .iter()
                        .any(|(k, v)| k == "level" && v.as_str() == Some("OFF"));
                    if !off && !config.iter().any(|(k, _)| k == "destinations") {
                        config.push((
                            "destinations".to_owned(),
                            log_destinations(&self.name, machine),
                        ));
                    }
                    (k, Json::Object(config))
                }
                (Some(pair), _) => pair,
                (None, Some((k, v))) => ((*k).to_owned(), v.clone()),
                (None, None) => continue,
            };
            out.push(pair);
        }
        out.append(&mut entry);
        // An endpoint on StartSyncExecution without a request template.
        if let Some((_, Json::Array(events))) = out.iter_mut().find(|(k, _)| k == "events") {
            for event in events {
                if let Some(Json::Object(http)) = event.get_mut("http") {
                    let sync = http
                        .iter()
                        .any(|(k, v)| k == "action" && v.as_str() == Some("StartSyncExecution"));
                    if sync && !http.iter().any(|(k, _)| k == "request") {
                        http.push(("request".to_owned(), sync_request_template(&arn)));
                    }
                }
            }
        }
        if machine.role.is_none() {
            // The derived statements first, then the user's own.
            let mut statements: Vec<Json> = super::iam::derive(self, machine)
                .iter()
                .map(super::iam::Statement::to_json)
                .collect();
            for own in &machine.iam_statements {
                if !statements.contains(own) {
                    statements.push(own.clone());
                }
            }
            out.retain(|(k, _)| k != "iamRoleStatements");
            if !statements.is_empty() {
                out.push(("iamRoleStatements".to_owned(), Json::Array(statements)));
            }
        }
        out
    }

    fn resources_json(&self) -> Json {
        let log_groups: Vec<(String, Json)> = self
            .state_machines
            .iter()
            .filter(|m| makes_log_group(m))
            .map(|machine| {
                (
                    naming::log_group_logical_id(&self.name, &machine.name),
                    Json::object([
                        ("Type", Json::from("AWS::Logs::LogGroup")),
                        (
                            "Properties",
                            Json::object([
                                (
                                    "LogGroupName",
                                    Json::from(naming::log_group_name(&self.name, &machine.name)),
                                ),
                                ("RetentionInDays", Json::from(30)),
                            ]),
                        ),
                    ]),
                )
            })
            .collect();
        let mut resources: Vec<(String, Json)> = log_groups;
        for r in &self.resources {
            let mut entry = vec![("Type".to_owned(), Json::from(r.kind.as_str()))];
            if !matches!(&r.properties, Json::Object(p) if p.is_empty()) {
                entry.push(("Properties".to_owned(), r.properties.clone()));
            }
            resources.push((r.logical_id.clone(), Json::Object(entry)));
        }
        Json::object([("Resources", Json::Object(resources))])
    }

    /// The whole serverless.yml, after checking everything.
    pub fn to_yaml(&self) -> Result<String, Error> {
        self.validate()?;
        Ok(super::yaml::to_yaml(&self.to_json()))
    }

    /// The ASL definition of machine `name` as pretty JSON, as deployed by
    /// this service (for SAM, CDK or Terraform users).
    pub fn definition_json(&self, name: &str) -> Result<String, Error> {
        self.validate()?;
        let machine = self
            .state_machines
            .iter()
            .find(|m| m.name == name)
            .ok_or_else(|| Error::UnknownMachine(name.to_owned()))?;
        let arn = machine_arn(machine, Some(&self.name));
        Ok(asl::write::definition(&machine.definition, &arn).to_json_string_pretty())
    }
}

impl StateMachine {
    /// The machine's ASL definition as pretty JSON, after checking it.
    /// Outside a service the machine's own ARN (`self.arn()`) is written
    /// with `${self:service}`, which the Serverless Framework resolves.
    pub fn definition_json(&self) -> Result<String, Error> {
        crate::check::validate(self)?;
        let arn = machine_arn(self, None);
        Ok(asl::write::definition(&self.definition, &arn).to_json_string_pretty())
    }
}
