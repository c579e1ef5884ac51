//! A Serverless Framework service: its provider, its Lambda functions and its
//! state machines, and the checks that span them (every Task's function
//! belongs to the service, names are unique, options are in range).

use crate::error::{ErrorKind, ValidationError, ValidationErrors};
use crate::location::Location;
use crate::model::{Block, Resource, StateKind, StateMachine};
use crate::naming;
use crate::validate::{validate, MAX_NESTING};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// The Lambda runtime functions get unless configured otherwise: a current
/// Python (the handlers of the Python generator are Python), supported by
/// AWS until 2028 and known to the Serverless Framework v3 schema.
pub const DEFAULT_RUNTIME: &str = "python3.12";

/// `provider:` settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provider {
    /// `runtime` (default [`DEFAULT_RUNTIME`]).
    pub runtime: String,
    /// `region` (the framework's default, `us-east-1`, when unset).
    pub region: Option<String>,
    /// `stage` (the framework's default, `dev`, when unset).
    pub stage: Option<String>,
}

impl Default for Provider {
    fn default() -> Provider {
        Provider {
            runtime: DEFAULT_RUNTIME.to_owned(),
            region: None,
            stage: None,
        }
    }
}

/// A Lambda function of the service.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Function {
    /// The name given to [`Service::function`] (`get_all_users`); the key
    /// under `functions:` is its PascalCase form and the deployed name is
    /// `<service>-${sls:stage}-<kebab-case>`.
    pub name: String,
    /// `handler` (`task_service.handler.get_all_users`).
    pub handler: String,
    /// `description`.
    pub description: Option<String>,
    /// `timeout` in seconds (1 to 900).
    pub timeout: Option<u64>,
    /// `memorySize` in MB (128 to 10240).
    pub memory_size: Option<u64>,
    /// `runtime`, overriding the provider's.
    pub runtime: Option<String>,
    /// `environment` variables, in order.
    pub environment: Vec<(String, String)>,
}

impl Function {
    /// The key under `functions:`: `get_all_users` → `GetAllUsers`.
    pub fn key(&self) -> String {
        naming::pascal_case(&self.name)
    }
}

/// A function of a service, returned by [`Service::function`]. Its setters
/// chain and change the service's function; a Task refers to it with
/// `Task::new(name, &handle)` or `task(handle)` in the macro.
#[derive(Clone, Debug)]
pub struct FunctionHandle(Rc<RefCell<Function>>);

impl FunctionHandle {
    fn update(self, f: impl FnOnce(&mut Function)) -> Self {
        f(&mut self.0.borrow_mut());
        self
    }

    /// `description`.
    pub fn description(self, description: impl Into<String>) -> Self {
        self.update(|f| f.description = Some(description.into()))
    }

    /// `timeout` in seconds (1 to 900).
    pub fn timeout(self, seconds: u64) -> Self {
        self.update(|f| f.timeout = Some(seconds))
    }

    /// `memorySize` in MB (128 to 10240).
    pub fn memory_size(self, mb: u64) -> Self {
        self.update(|f| f.memory_size = Some(mb))
    }

    /// `runtime`, overriding the provider's.
    pub fn runtime(self, runtime: impl Into<String>) -> Self {
        self.update(|f| f.runtime = Some(runtime.into()))
    }

    /// Adds an `environment` variable.
    pub fn environment(self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.update(|f| f.environment.push((key.into(), value.into())))
    }

    /// The key under `functions:` (`GetAllUsers`).
    pub fn key(&self) -> String {
        self.0.borrow().key()
    }

    /// A copy of the function's settings.
    pub fn get(&self) -> Function {
        self.0.borrow().clone()
    }
}

impl PartialEq for FunctionHandle {
    fn eq(&self, other: &Self) -> bool {
        *self.0.borrow() == *other.0.borrow()
    }
}

impl From<&FunctionHandle> for Resource {
    fn from(handle: &FunctionHandle) -> Resource {
        Resource::Function(handle.key())
    }
}

impl crate::builder::Task {
    /// A Task calling a service function, named after it
    /// (`get_all_users` → `GetAllUsers`), like `task(f)` in the macro.
    pub fn function(handle: &FunctionHandle) -> crate::builder::Task {
        // The key once (`Resource::from(handle)` would convert the name again).
        let key = handle.key();
        crate::builder::Task::new(key.clone(), Resource::Function(key))
    }
}

/// A Serverless Framework service.
#[derive(Clone, Debug, PartialEq)]
pub struct Service {
    name: String,
    provider: Provider,
    functions: Vec<FunctionHandle>,
    state_machines: Vec<StateMachine>,
}

impl Service {
    /// A service named `name` (letters, digits and `-`, starting with a letter).
    pub fn new(name: impl Into<String>) -> Service {
        Service {
            name: name.into(),
            provider: Provider::default(),
            functions: Vec::new(),
            state_machines: Vec::new(),
        }
    }

    /// The service's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Declares a Lambda function; returns a handle whose setters chain.
    pub fn function(
        &mut self,
        name: impl Into<String>,
        handler: impl Into<String>,
    ) -> FunctionHandle {
        let handle = FunctionHandle(Rc::new(RefCell::new(Function {
            name: name.into(),
            handler: handler.into(),
            ..Function::default()
        })));
        self.functions.push(handle.clone());
        handle
    }

    /// The `provider:` settings.
    pub fn provider(&self) -> &Provider {
        &self.provider
    }

    /// The `provider:` settings, to change them.
    pub fn provider_mut(&mut self) -> &mut Provider {
        &mut self.provider
    }

    /// The functions, in declaration order.
    pub fn functions(&self) -> Vec<Function> {
        self.functions.iter().map(FunctionHandle::get).collect()
    }

    /// Adds a state machine.
    pub fn add_state_machine(&mut self, machine: StateMachine) -> &mut Self {
        self.state_machines.push(machine);
        self
    }

    /// The state machines, in the order added.
    pub fn state_machines(&self) -> &[StateMachine] {
        &self.state_machines
    }

    /// The ARN of this service's machine `name`:
    /// `arn:aws:states:${aws:region}:${aws:accountId}:stateMachine:<service>-${sls:stage}-<name>`.
    pub fn state_machine_arn(&self, name: &str) -> String {
        naming::state_machine_arn(&self.name, name)
    }

    /// Checks the service and every machine; reports all problems.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = Vec::new();
        let root = Location::machine(&self.name);
        let mut error = |location: Location, message: String| {
            errors.push(ValidationError::new(location, ErrorKind::Service, message));
        };
        let name_ok = self.name.len() >= 2
            && self.name.len() <= 128
            && self.name.starts_with(|c: char| c.is_ascii_alphabetic())
            && self
                .name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !name_ok {
            error(
                root.clone(),
                format!(
                    "invalid service name `{}`; use 2 to 128 letters, digits and `-`, starting with a letter",
                    self.name
                ),
            );
        }
        let runtime_ok = |r: &str| {
            !r.is_empty()
                && r.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.')
        };
        if !runtime_ok(&self.provider.runtime) {
            error(
                root.field("provider").field("runtime"),
                format!(
                    "invalid runtime `{}`; use a Lambda runtime id such as `python3.12`",
                    self.provider.runtime
                ),
            );
        }
        let mut keys: HashMap<String, String> = HashMap::new();
        for handle in &self.functions {
            let f = handle.0.borrow();
            // Built only for an error: this runs for every function.
            let at = || root.field("functions").key(&f.name);
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
            for (key, _) in &f.environment {
                let ok = key.starts_with(|c: char| c.is_ascii_alphabetic())
                    && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if !ok {
                    error(
                        at().field("environment").key(key),
                        format!("invalid environment variable name `{key}`; use letters, digits and `_`, starting with a letter"),
                    );
                }
            }
        }
        let mut machine_ids: HashMap<String, &str> = HashMap::new();
        for machine in &self.state_machines {
            let at = Location::machine(&machine.name);
            let id = naming::log_group_logical_id(&self.name, &machine.name);
            if let Some(first) = machine_ids.insert(id, &machine.name) {
                error(
                    at.clone(),
                    if first == machine.name {
                        format!("the state machine `{first}` is added twice")
                    } else {
                        format!("the state machines `{first}` and `{}` would share their CloudFormation ids; rename one", machine.name)
                    },
                );
            }
            unknown_functions(
                &machine.definition.block,
                &at,
                &keys,
                0,
                &mut |location, key| {
                    error(
                    location,
                    format!("the task calls the function `{key}`, which is not a function of the service `{}`", self.name),
                )
                },
            );
        }
        for machine in &self.state_machines {
            if let Err(found) = validate(machine) {
                errors.extend(found.0);
            }
        }
        ValidationErrors(errors).into_result()
    }
}

/// Calls `report` for every Task whose function key is not in `keys`.
fn unknown_functions(
    block: &Block,
    at: &Location,
    keys: &HashMap<String, String>,
    depth: usize,
    report: &mut dyn FnMut(Location, &str),
) {
    if depth > MAX_NESTING {
        return;
    }
    for (i, state) in block.states.iter().enumerate() {
        // Built only when needed: this runs for every state.
        let state_at = || at.state(&state.name, i);
        match &state.kind {
            StateKind::Task(task) => {
                if let Resource::Function(key) = &task.resource {
                    if !keys.contains_key(key) {
                        report(state_at().field("Resource"), key);
                    }
                }
            }
            StateKind::Parallel(p) => {
                for (b, branch) in p.branches.iter().enumerate() {
                    unknown_functions(
                        branch,
                        &state_at().field("Branches").index(b),
                        keys,
                        depth + 1,
                        report,
                    );
                }
            }
            StateKind::Map(m) => unknown_functions(
                &m.processor,
                &state_at().field("ItemProcessor"),
                keys,
                depth + 1,
                report,
            ),
            _ => {}
        }
    }
}

#[cfg(feature = "serde")]
mod emit {
    use super::*;
    use crate::asl::{self, Context};
    use crate::error::Error;
    use crate::json::Json;

    fn take(entry: &mut Json, key: &str) -> Option<Json> {
        match entry {
            Json::Object(pairs) => {
                let i = pairs.iter().position(|(k, _)| k == key)?;
                Some(pairs.remove(i).1)
            }
            _ => None,
        }
    }

    impl Service {
        /// The whole service as a JSON tree, in serverless.yml order.
        fn to_json(&self) -> Json {
            let mut root: Vec<(String, Json)> = Vec::new();
            let mut put = |k: &str, v: Json| root.push((k.to_owned(), v));
            put("service", Json::from(self.name.as_str()));
            put("frameworkVersion", Json::from("3"));
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
            put("provider", Json::Object(provider));
            if !self.state_machines.is_empty() {
                put("plugins", Json::array(["serverless-step-functions"]));
            }
            if !self.functions.is_empty() {
                let functions = self
                    .functions
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
                        (f.key(), Json::Object(entry))
                    })
                    .collect();
                put("functions", Json::Object(functions));
            }
            if !self.state_machines.is_empty() {
                let context = Context {
                    service: Some(&self.name),
                };
                let machines = self
                    .state_machines
                    .iter()
                    .map(|machine| {
                        let mut entry = asl::machine_to_json(machine, context);
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
                        out.extend(take(&mut entry, "type").map(|t| ("type".to_owned(), t)));
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
                        if let Json::Object(rest) = entry {
                            out.extend(rest);
                        }
                        (machine.name.clone(), Json::Object(out))
                    })
                    .collect();
                put(
                    "stepFunctions",
                    Json::object([
                        ("validate", Json::from(true)),
                        ("stateMachines", Json::Object(machines)),
                    ]),
                );
                let log_groups = self
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
                                            Json::from(naming::log_group_name(
                                                &self.name,
                                                &machine.name,
                                            )),
                                        ),
                                        ("RetentionInDays", Json::from(30)),
                                    ]),
                                ),
                            ]),
                        )
                    })
                    .collect();
                put(
                    "resources",
                    Json::object([("Resources", Json::Object(log_groups))]),
                );
            }
            Json::Object(root)
        }

        /// The whole serverless.yml, after checking everything.
        pub fn to_yaml(&self) -> Result<String, Error> {
            self.validate()?;
            Ok(crate::yaml::to_yaml(&self.to_json()))
        }

        /// The ASL definition of machine `name` as pretty JSON, as deployed
        /// by this service (for SAM, CDK or Terraform users).
        pub fn definition_json(&self, name: &str) -> Result<String, Error> {
            self.validate()?;
            let machine = self
                .state_machines
                .iter()
                .find(|m| m.name == name)
                .ok_or_else(|| {
                    Error::Parse(format!("the service has no state machine named `{name}`"))
                })?;
            let context = Context {
                service: Some(&self.name),
            };
            Ok(asl::definition_to_json(machine, context).to_json_string_pretty())
        }

        /// Reads a serverless.yml written by [`Service::to_yaml`] (or by hand
        /// in the same shape) back into a service. Functions come back with
        /// their kebab-case name, which maps to the same key and deployed name.
        pub fn from_yaml(text: &str) -> Result<Service, Error> {
            let root = crate::serde_impl::from_yaml_str(text)?;
            let field = |key: &str| root.get(key);
            let name = field("service")
                .and_then(Json::as_str)
                .ok_or_else(|| Error::Parse("missing `service:` name".into()))?
                .to_owned();
            let mut service = Service::new(name.clone());
            if let Some(provider) = field("provider") {
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
            }
            if let Some(Json::Object(functions)) = field("functions") {
                let prefix = naming::deployed_name(&name, "");
                for (key, entry) in functions {
                    let get = |k: &str| entry.get(k);
                    let deployed = get("name").and_then(Json::as_str).unwrap_or(key);
                    let fname = deployed.strip_prefix(&prefix).unwrap_or(deployed);
                    let handler = get("handler").and_then(Json::as_str).ok_or_else(|| {
                        Error::Parse(format!("functions.{key}: missing `handler`"))
                    })?;
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
                    if let Some(Json::Object(env)) = get("environment") {
                        for (k, v) in env {
                            handle = handle.environment(k.as_str(), v.as_str().unwrap_or_default());
                        }
                    }
                    if handle.key() != *key {
                        return Err(Error::Parse(format!(
                            "functions.{key}: the key does not match the function name `{fname}` (expected `{}`)",
                            handle.key()
                        )));
                    }
                }
            }
            if let Some(step_functions) = field("stepFunctions") {
                if let Some(Json::Object(machines)) = step_functions.get("stateMachines") {
                    let context = Context {
                        service: Some(&name),
                    };
                    for (key, entry) in machines {
                        let machine =
                            asl::machine_from_json(key, entry, context).map_err(Error::Parse)?;
                        service.state_machines.push(machine);
                    }
                }
            }
            Ok(service)
        }
    }

    fn number(v: &Json) -> Option<u64> {
        match v {
            Json::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    impl StateMachine {
        /// The machine's ASL definition as pretty JSON, after checking it.
        /// Outside a service the machine's own ARN (`self.arn()`) is written
        /// with `${self:service}`, which the Serverless Framework resolves.
        pub fn definition_json(&self) -> Result<String, Error> {
            validate(self)?;
            Ok(asl::definition_to_json(self, Context { service: None }).to_json_string_pretty())
        }
    }
}
