//! A service as serverless.yml: provider, functions, the plugin's
//! `stepFunctions` section, and the log groups the machines write to.

use super::{naming, Service};
use crate::asl;
use crate::error::Error;
use crate::json::Json;
use crate::model::*;

/// The `stepFunctions.stateMachines.<name>` entry of a machine, without the
/// settings that come from the service (`name`, `tracingConfig`,
/// `loggingConfig`): `type`, `definition`, `events`.
pub fn machine_entry(machine: &StateMachine, service: Option<&str>) -> Vec<(String, Json)> {
    let arn = naming::state_machine_arn(service.unwrap_or("${self:service}"), &machine.name);
    let mut entry = vec![
        ("type".to_owned(), Json::from(machine.machine_type.as_str())),
        (
            "definition".to_owned(),
            asl::write::definition(&machine.definition, &arn),
        ),
    ];
    if !machine.events.is_empty() {
        let events = machine
            .events
            .iter()
            .map(|event| {
                let Event::Schedule(s) = event;
                let mut schedule = vec![("rate".to_owned(), Json::from(s.expression.as_str()))];
                if let Some(input) = &s.input {
                    let mut input = input.clone();
                    input.resolve_machine_arn(&arn);
                    schedule.push(("input".to_owned(), input));
                }
                if let Some(enabled) = s.enabled {
                    schedule.push(("enabled".to_owned(), Json::from(enabled)));
                }
                if let Some(name) = &s.name {
                    schedule.push(("name".to_owned(), Json::from(name.as_str())));
                }
                if let Some(d) = &s.description {
                    schedule.push(("description".to_owned(), Json::from(d.as_str())));
                }
                Json::object([("schedule", Json::Object(schedule))])
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

impl Service {
    /// The whole service as a JSON tree, in serverless.yml order.
    fn to_json(&self) -> Json {
        let mut root = vec![
            ("service".to_owned(), Json::from(self.name.as_str())),
            ("frameworkVersion".to_owned(), Json::from("3")),
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
                    if !f.environment.is_empty() {
                        put(
                            "environment",
                            Json::object(
                                f.environment.iter().map(|(k, v)| (k.as_str(), v.as_str())),
                            ),
                        );
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
            .map(|machine| {
                let log_group = naming::log_group_logical_id(&self.name, &machine.name);
                let mut out = vec![
                    (
                        "name".to_owned(),
                        Json::from(naming::deployed_name(&self.name, &machine.name)),
                    ),
                    (
                        "tracingConfig".to_owned(),
                        Json::object([("enabled", true)]),
                    ),
                ];
                let mut entry = machine_entry(machine, Some(&self.name)).into_iter();
                // `type` first, then the log settings, then the definition and events.
                out.extend(entry.next());
                out.push((
                    "loggingConfig".to_owned(),
                    Json::object([
                        ("level", Json::from("ERROR")),
                        ("includeExecutionData", Json::from(true)),
                        (
                            "destinations",
                            Json::array([Json::object([(
                                "Fn::GetAtt",
                                Json::array([log_group, "Arn".to_owned()]),
                            )])]),
                        ),
                    ]),
                ));
                out.extend(entry);
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
                (machine.name.clone(), Json::Object(out))
            })
            .collect();
        Json::object([
            ("validate", Json::from(true)),
            ("stateMachines", Json::Object(machines)),
        ])
    }

    fn resources_json(&self) -> Json {
        let log_groups: Vec<(String, Json)> = self
            .state_machines
            .iter()
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
        let arn = naming::state_machine_arn(&self.name, name);
        Ok(asl::write::definition(&machine.definition, &arn).to_json_string_pretty())
    }
}

impl StateMachine {
    /// The machine's ASL definition as pretty JSON, after checking it.
    /// Outside a service the machine's own ARN (`self.arn()`) is written
    /// with `${self:service}`, which the Serverless Framework resolves.
    pub fn definition_json(&self) -> Result<String, Error> {
        crate::check::validate(self)?;
        let arn = naming::state_machine_arn("${self:service}", &self.name);
        Ok(asl::write::definition(&self.definition, &arn).to_json_string_pretty())
    }
}
