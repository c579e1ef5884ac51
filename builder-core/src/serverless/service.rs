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

/// The framework versions the files are written for: the Serverless
/// Framework v3 and osls v3 and v4, which the conformance suite packages
/// them with (a file saying `3` is refused by osls 4).
pub const FRAMEWORK_VERSION: &str = ">=3 <5";

/// The runtime of Rust functions: the OS-only Amazon Linux 2023 runtime
/// that runs a `bootstrap` executable.
pub const RUST_RUNTIME: &str = "provided.al2023";

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
    /// `architecture` of the functions: `arm64` or `x86_64` (the
    /// framework's default).
    pub architecture: Option<String>,
    /// `memorySize` of the functions in MB (128 to 10240).
    pub memory_size: Option<u64>,
    /// `timeout` of the functions in seconds (1 to 900).
    pub timeout: Option<u64>,
    /// `environment` of every function: strings, or references
    /// (`table.name()`).
    pub environment: Vec<(String, crate::json::Json)>,
    /// `tags` of every resource the framework makes.
    pub tags: Vec<(String, String)>,
}

impl Default for Provider {
    fn default() -> Provider {
        Provider {
            runtime: DEFAULT_RUNTIME.to_owned(),
            region: None,
            stage: None,
            iam_statements: Vec::new(),
            architecture: None,
            memory_size: None,
            timeout: None,
            environment: Vec::new(),
            tags: Vec::new(),
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
    /// `architecture`, overriding the provider's: `arm64` or `x86_64`.
    pub architecture: Option<String>,
    /// `environment` variables, in order: strings, or references to
    /// resources and functions (`table.name()`, `f.arn()`).
    pub environment: Vec<(String, crate::json::Json)>,
    /// `layers`: layer ARNs or references.
    pub layers: Vec<crate::json::Json>,
    /// `package.artifact`: a zip built beforehand (a Rust function's
    /// `target/lambda/<binary>/bootstrap.zip`).
    pub artifact: Option<String>,
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

    /// Adds an `environment` variable: a string, or a reference to a
    /// resource or function (`table.name()`, `other.arn()`).
    pub fn environment(self, key: impl Into<String>, value: impl Into<crate::json::Json>) -> Self {
        self.update(|f| f.environment.push((key.into(), value.into())))
    }

    /// `architecture`: `arm64` or `x86_64`.
    pub fn architecture(self, architecture: impl Into<String>) -> Self {
        self.update(|f| f.architecture = Some(architecture.into()))
    }

    /// Adds a layer (its ARN or a reference).
    pub fn layer(self, layer: impl Into<crate::json::Json>) -> Self {
        self.update(|f| f.layers.push(layer.into()))
    }

    /// `package.artifact`: a zip built beforehand.
    pub fn artifact(self, path: impl Into<String>) -> Self {
        self.update(|f| f.artifact = Some(path.into()))
    }

    /// Adds an API Gateway REST endpoint: `{"http": {"method": .., "path": ..}}`.
    pub fn http(self, method: &str, path: &str) -> Self {
        self.event(crate::json::Json::object([(
            "http",
            crate::json::Json::object([
                ("method", method.to_ascii_lowercase()),
                ("path", path.to_owned()),
            ]),
        )]))
    }

    /// Adds an HTTP API endpoint: `{"httpApi": {"method": .., "path": ..}}`.
    pub fn http_api(self, method: &str, path: &str) -> Self {
        self.event(crate::json::Json::object([(
            "httpApi",
            crate::json::Json::object([
                ("method", method.to_ascii_uppercase()),
                ("path", path.to_owned()),
            ]),
        )]))
    }

    /// Adds an SQS queue that invokes the function (its ARN or `queue.arn()`).
    pub fn sqs(self, queue_arn: impl Into<crate::json::Json>) -> Self {
        self.event(crate::json::Json::object([(
            "sqs",
            crate::json::Json::object([("arn", queue_arn.into())]),
        )]))
    }

    /// Adds a schedule that invokes the function (`rate(1 hour)`, `cron(...)`).
    pub fn schedule(self, expression: &str) -> Self {
        self.event(crate::json::Json::object([("schedule", expression)]))
    }

    /// Adds an S3 bucket event (`s3:ObjectCreated:*`) on a bucket declared
    /// by the service (`bucket.name()`) or elsewhere (`existing: true` is
    /// then added, as the framework needs).
    pub fn s3(self, bucket: impl Into<crate::json::Json>, event: &str) -> Self {
        let bucket = bucket.into();
        let mut body = vec![
            ("bucket".to_owned(), bucket.clone()),
            ("event".to_owned(), event.into()),
        ];
        if matches!(bucket, crate::json::Json::Object(_)) {
            body.push(("existing".to_owned(), true.into()));
        }
        self.event(crate::json::Json::object([(
            "s3",
            crate::json::Json::Object(body),
        )]))
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
    /// `frameworkVersion`: the framework lines the file is for.
    pub(crate) framework_version: String,
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
            framework_version: FRAMEWORK_VERSION.to_owned(),
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

    /// `frameworkVersion` ([`FRAMEWORK_VERSION`] unless set).
    pub fn framework_version(&self) -> &str {
        &self.framework_version
    }

    /// Sets `frameworkVersion`, a semver range of the Serverless Framework
    /// (or osls) versions that may deploy the file.
    pub fn set_framework_version(&mut self, range: impl Into<String>) -> &mut Self {
        self.framework_version = range.into();
        self
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

    /// Declares a Rust Lambda function built with cargo-lambda
    /// (`cargo lambda build --release --arm64 --output-format zip`): runtime
    /// `provided.al2023`, `arm64`, handler `bootstrap`, and the zip
    /// `target/lambda/<binary>/bootstrap.zip` (relative to serverless.yml).
    pub fn rust_function(&mut self, name: impl Into<String>, binary: &str) -> FunctionHandle {
        self.function(name, "bootstrap")
            .runtime(RUST_RUNTIME)
            .architecture("arm64")
            .artifact(format!("target/lambda/{binary}/bootstrap.zip"))
    }

    /// Writes [`to_yaml`](Self::to_yaml) to `path`.
    pub fn write(&self, path: impl AsRef<std::path::Path>) -> Result<(), crate::Error> {
        let path = path.as_ref();
        let yaml = self.to_yaml()?;
        std::fs::write(path, yaml).map_err(|e| crate::Error::Io(format!("{}: {e}", path.display())))
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
