//! Builders of the events that start a machine: [`Schedule`], [`Http`] and
//! [`EventBridge`]. Each setter writes the plugin's key
//! ([`crate::serverless::schema`]); settings that exclude each other are
//! reported by the validator, naming both, as for the macro and the reader.

use crate::json::Json;
use crate::model::{Event, EventKind, Settings};

/// How a schedule starts the machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScheduleMethod {
    /// An EventBridge rule (`AWS::Events::Rule`, the plugin's default).
    EventBus,
    /// An EventBridge Scheduler schedule (`AWS::Scheduler::Schedule`), which
    /// takes a time zone.
    Scheduler,
}

/// The Step Functions action an HTTP endpoint calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HttpAction {
    /// `StartExecution` (the default): answers with the execution's ARN.
    StartExecution,
    /// `StartSyncExecution` (EXPRESS machines only): answers with the
    /// execution's result.
    StartSyncExecution,
    /// `DescribeExecution`.
    DescribeExecution,
    /// `StopExecution`.
    StopExecution,
}

impl HttpAction {
    /// The action's name: `StartSyncExecution`.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpAction::StartExecution => "StartExecution",
            HttpAction::StartSyncExecution => "StartSyncExecution",
            HttpAction::DescribeExecution => "DescribeExecution",
            HttpAction::StopExecution => "StopExecution",
        }
    }
}

/// `{"maximumEventAgeInSeconds": .., "maximumRetryAttempts": ..}`.
fn retry_policy(max_event_age_seconds: u64, max_retry_attempts: u64) -> Json {
    Json::object([
        ("maximumEventAgeInSeconds", max_event_age_seconds),
        ("maximumRetryAttempts", max_retry_attempts),
    ])
}

/// `{"inputPathsMap": {...}, "inputTemplate": ".."}`.
fn input_transformer(paths_map: Json, template: String) -> Json {
    Json::object([
        ("inputPathsMap", paths_map),
        ("inputTemplate", Json::from(template)),
    ])
}

macro_rules! common_setters {
    () => {
        /// Sets any key of the event as the plugin writes it (the typed
        /// setters cover every key; this one is for what comes later).
        pub fn setting(mut self, key: &str, value: impl Into<Json>) -> Self {
            self.0.set(key, value);
            self
        }
    };
}

macro_rules! input_setters {
    () => {
        /// `input`: the constant input of each execution.
        pub fn input(mut self, input: impl Into<Json>) -> Self {
            self.0.set("input", input);
            self
        }

        /// `inputPath`: the part of the event that becomes the input.
        pub fn input_path(mut self, path: impl Into<String>) -> Self {
            self.0.set("inputPath", path.into());
            self
        }

        /// `inputTransformer`: values picked from the event
        /// (`{"status": "$.detail.status"}`) put into a template.
        pub fn input_transformer(
            mut self,
            paths_map: impl Into<Json>,
            template: impl Into<String>,
        ) -> Self {
            self.0.set(
                "inputTransformer",
                input_transformer(paths_map.into(), template.into()),
            );
            self
        }

        /// Whether the rule is enabled.
        pub fn enabled(mut self, enabled: bool) -> Self {
            self.0.set("enabled", enabled);
            self
        }

        /// The rule's name.
        pub fn name(mut self, name: impl Into<String>) -> Self {
            self.0.set("name", name.into());
            self
        }

        /// The rule's description.
        pub fn description(mut self, description: impl Into<String>) -> Self {
            self.0.set("description", description.into());
            self
        }

        /// `retryPolicy` of the rule's target.
        pub fn retry_policy(mut self, max_event_age_seconds: u64, max_retry_attempts: u64) -> Self {
            self.0.set(
                "retryPolicy",
                retry_policy(max_event_age_seconds, max_retry_attempts),
            );
            self
        }
    };
}

/// A `schedule` event.
#[derive(Clone, Debug, PartialEq)]
pub struct Schedule(Settings);

impl Schedule {
    /// A schedule: `cron(...)`, `rate(...)` or a bare cron body.
    pub fn new(expression: impl Into<String>) -> Schedule {
        let mut s = Settings::default();
        s.set("rate", expression.into());
        Schedule(s)
    }

    common_setters!();
    input_setters!();

    /// `role`: the role the rule or schedule starts the machine with (one
    /// is made when unset).
    pub fn role(mut self, role: impl Into<Json>) -> Self {
        self.0.set("role", role);
        self
    }

    /// `method`: an EventBridge rule or an EventBridge Scheduler schedule.
    pub fn method(mut self, method: ScheduleMethod) -> Self {
        let word = match method {
            ScheduleMethod::EventBus => "eventBus",
            ScheduleMethod::Scheduler => "scheduler",
        };
        self.0.set("method", word);
        self
    }

    /// `timezone` of a Scheduler schedule (`Europe/Paris`).
    pub fn timezone(mut self, timezone: impl Into<String>) -> Self {
        self.0.set("timezone", timezone.into());
        self
    }
}

/// An `http` event: an API Gateway REST endpoint.
#[derive(Clone, Debug, PartialEq)]
pub struct Http(Settings);

impl Http {
    /// An endpoint: `Http::new("post", "orders")`.
    pub fn new(method: impl Into<String>, path: impl Into<String>) -> Http {
        let mut s = Settings::default();
        s.set("path", path.into());
        s.set("method", method.into().to_ascii_lowercase());
        Http(s)
    }

    common_setters!();

    /// `action`: the Step Functions action called.
    pub fn action(mut self, action: HttpAction) -> Self {
        self.0.set("action", action.as_str());
        self
    }

    /// `cors`: `true`, or the plugin's object (`{"origin": "*", "maxAge": 86400}`).
    pub fn cors(mut self, cors: impl Into<Json>) -> Self {
        self.0.set("cors", cors);
        self
    }

    /// `authorizer`: `"aws_iam"`, a function name or ARN, or the plugin's object.
    pub fn authorizer(mut self, authorizer: impl Into<Json>) -> Self {
        self.0.set("authorizer", authorizer);
        self
    }

    /// `private`: callers need an API key.
    pub fn private(mut self, private: bool) -> Self {
        self.0.set("private", private);
        self
    }

    /// `iamRole`: the role API Gateway calls Step Functions with.
    pub fn iam_role(mut self, role: impl Into<Json>) -> Self {
        self.0.set("iamRole", role);
        self
    }

    /// `timeoutInMillis` of the integration (50 to 29000).
    pub fn timeout_in_millis(mut self, millis: u64) -> Self {
        self.0.set("timeoutInMillis", millis);
        self
    }

    /// `request`: `{"template": {"application/json": "..."}}`,
    /// `{"template": "lambda_proxy"}` or `{"schemas": {...}}`.
    pub fn request(mut self, request: impl Into<Json>) -> Self {
        self.0.set("request", request);
        self
    }

    /// `response`: `{"headers": {...}, "template": {...}}`.
    pub fn response(mut self, response: impl Into<Json>) -> Self {
        self.0.set("response", response);
        self
    }

    /// `responses`: per status code, the plugin's response objects.
    pub fn responses(mut self, responses: impl Into<Json>) -> Self {
        self.0.set("responses", responses);
        self
    }
}

/// An `eventBridge` event: a rule on an event pattern.
#[derive(Clone, Debug, PartialEq)]
pub struct EventBridge(Settings);

impl EventBridge {
    /// A rule on `pattern` (`{"source": ["orders"]}`).
    pub fn new(pattern: impl Into<Json>) -> EventBridge {
        let mut s = Settings::default();
        s.set("event", pattern);
        EventBridge(s)
    }

    common_setters!();
    input_setters!();

    /// `eventBusName`: a bus other than the default (a name, an ARN or a reference).
    pub fn event_bus(mut self, bus: impl Into<Json>) -> Self {
        self.0.set("eventBusName", bus);
        self
    }

    /// `iamRole`: the role the rule starts the machine with.
    pub fn iam_role(mut self, role: impl Into<Json>) -> Self {
        self.0.set("iamRole", role);
        self
    }

    /// `deadLetterConfig`: the queue events go to when they cannot be delivered.
    pub fn dead_letter(mut self, queue_arn: impl Into<Json>) -> Self {
        self.0.set("deadLetterConfig", queue_arn);
        self
    }
}

impl From<Schedule> for Event {
    fn from(s: Schedule) -> Event {
        Event {
            kind: EventKind::Schedule,
            settings: s.0,
        }
    }
}

impl From<Http> for Event {
    fn from(h: Http) -> Event {
        Event {
            kind: EventKind::Http,
            settings: h.0,
        }
    }
}

impl From<EventBridge> for Event {
    fn from(e: EventBridge) -> Event {
        Event {
            kind: EventKind::EventBridge,
            settings: e.0,
        }
    }
}
