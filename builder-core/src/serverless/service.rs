//! A Serverless Framework service: its provider, its Lambda functions and
//! its state machines.

use super::naming;
use crate::model::StateMachine;
use std::cell::RefCell;
use std::rc::Rc;

/// The Lambda runtime functions get unless configured otherwise: a current
/// Python (the handlers of the Python generator are Python), supported by
/// AWS until 2028 and known to the Serverless Framework v3 schema.
pub const DEFAULT_RUNTIME: &str = "python3.12";

/// `provider:` settings.
#[derive(Clone, Debug, PartialEq)]
pub struct Provider {
    /// `runtime` (default [`DEFAULT_RUNTIME`]).
    pub runtime: String,
    /// `region` (the framework's default, `us-east-1`, when unset).
    pub region: Option<String>,
    /// `stage` (the framework's default, `dev`, when unset).
    pub stage: Option<String>,
    /// `iam.role.statements`: what the functions' role may do besides
    /// writing logs (for example `states:SendTaskSuccess` for a callback).
    pub iam_statements: Vec<crate::json::Json>,
}

impl Default for Provider {
    fn default() -> Provider {
        Provider {
            runtime: DEFAULT_RUNTIME.to_owned(),
            region: None,
            stage: None,
            iam_statements: Vec::new(),
        }
    }
}

/// A Lambda function of the service.
#[derive(Clone, Debug, Default, PartialEq)]
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
    /// `events` that invoke it, as the Serverless Framework writes them
    /// (`{"httpApi": {"method": "GET", "path": "/approve"}}`, `{"sqs": {"arn": ...}}`).
    pub events: Vec<crate::json::Json>,
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
pub struct FunctionHandle(pub(crate) Rc<RefCell<Function>>);

impl FunctionHandle {
    fn update(self, f: impl FnOnce(&mut Function)) -> Self {
        f(&mut self.0.borrow_mut());
        self
    }

    /// Adds an event that invokes the function, as the Serverless Framework
    /// writes it: `{"httpApi": {"method": "GET", "path": "/approve"}}`.
    pub fn event(self, event: impl Into<crate::json::Json>) -> Self {
        let event = event.into();
        self.update(|f| f.events.push(event))
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

    /// The function's ARN, `{"Fn::GetAtt": ["<Key>LambdaFunction", "Arn"]}`
    /// (what `FunctionName` of a `lambda:invoke` task takes).
    pub fn arn(&self) -> crate::json::Json {
        crate::json::Json::object([(
            "Fn::GetAtt",
            crate::json::Json::array([naming::function_logical_id(&self.key()), "Arn".to_owned()]),
        )])
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for FunctionHandle {
    /// Embedded as `(f)` in a JSON value: the function's ARN.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.arn().serialize(serializer)
    }
}

impl PartialEq for FunctionHandle {
    fn eq(&self, other: &Self) -> bool {
        *self.0.borrow() == *other.0.borrow()
    }
}

/// A Serverless Framework service.
#[derive(Clone, Debug, PartialEq)]
pub struct Service {
    pub(crate) name: String,
    pub(crate) provider: Provider,
    pub(crate) functions: Vec<FunctionHandle>,
    pub(crate) state_machines: Vec<StateMachine>,
    /// `resources.Resources` the user declared.
    pub(crate) resources: Vec<super::resources::CfnResource>,
    /// Logical ids (and types) declared outside the file.
    pub(crate) externals: Vec<(String, String)>,
}

impl Service {
    /// A service named `name` (letters, digits and `-`, starting with a letter).
    pub fn new(name: impl Into<String>) -> Service {
        Service {
            name: name.into(),
            provider: Provider::default(),
            functions: Vec::new(),
            state_machines: Vec::new(),
            resources: Vec::new(),
            externals: Vec::new(),
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
}
