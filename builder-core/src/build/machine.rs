//! The machine builder: header settings, top-level states, `build()`.

use super::desugar::{self, CatchPolicy, Draft, Header};
use crate::check::{self, Options};
use crate::diag::{Diagnostics, Location, Sink};
use crate::json::Json;
use crate::model::*;

/// A machine's log level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogLevel {
    /// Every event.
    All,
    /// Errors (the default).
    Error,
    /// Fatal errors only.
    Fatal,
    /// No logging.
    Off,
}

impl LogLevel {
    /// `ALL`, `ERROR`, `FATAL`, `OFF`.
    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::All => "ALL",
            LogLevel::Error => "ERROR",
            LogLevel::Fatal => "FATAL",
            LogLevel::Off => "OFF",
        }
    }
}

/// Builds a [`StateMachine`]; see [`StateMachine::builder`].
#[derive(Clone, Debug, PartialEq)]
pub struct StateMachineBuilder {
    machine: StateMachine,
    policy: CatchPolicy,
    states: Vec<Draft>,
}

impl StateMachine {
    /// Starts a machine. States are added in order with
    /// [`StateMachineBuilder::state`]; `build()` checks the result.
    pub fn builder(name: impl Into<String>) -> StateMachineBuilder {
        StateMachineBuilder {
            machine: StateMachine::new(name),
            policy: CatchPolicy::default(),
            states: Vec::new(),
        }
    }
}

impl StateMachineBuilder {
    /// `STANDARD` (default) or `EXPRESS`.
    pub fn machine_type(mut self, machine_type: MachineType) -> Self {
        self.machine.machine_type = machine_type;
        self
    }

    /// The definition's `Comment`.
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.machine.definition.comment = Some(comment.into());
        self
    }

    /// The definition's `TimeoutSeconds`.
    pub fn timeout(mut self, seconds: u64) -> Self {
        self.machine.definition.timeout_seconds = Some(seconds);
        self
    }

    /// The definition's `QueryLanguage`: the default of every state.
    pub fn query_language(mut self, language: QueryLanguage) -> Self {
        self.machine.definition.query_language = language;
        self
    }

    /// See [`CatchPolicy::auto_catch`] (default `true`).
    pub fn auto_catch(mut self, on: bool) -> Self {
        self.policy.auto_catch = Some(on);
        self
    }

    /// See [`CatchPolicy::auto_fallback`] (default `true`).
    pub fn auto_fallback(mut self, on: bool) -> Self {
        self.policy.auto_fallback = Some(on);
        self
    }

    /// A state of the top-level block to catch errors into.
    pub fn fallback(mut self, state: impl Into<String>) -> Self {
        self.policy.fallback = Some(state.into());
        self
    }

    /// Adds an IAM statement to the machine's role, besides the ones derived
    /// from its tasks (`{"Effect": "Allow", "Action": [...], "Resource": [...]}`).
    pub fn iam(mut self, statement: impl Into<Json>) -> Self {
        self.machine.iam_statements.push(statement.into());
        self
    }

    /// A role of your own (an ARN, or a reference such as
    /// `{"Fn::GetAtt": ["MyRole", "Arn"]}`): nothing is derived then.
    pub fn role(mut self, role: impl Into<Json>) -> Self {
        self.machine.role = Some(role.into());
        self
    }

    /// Adds an event: a [`Schedule`](super::Schedule), an
    /// [`Http`](super::Http) endpoint or an [`EventBridge`](super::EventBridge) rule.
    pub fn event(mut self, event: impl Into<Event>) -> Self {
        self.machine.events.push(event.into());
        self
    }

    /// Sets any of the plugin's machine settings as the plugin writes it
    /// (`"alarms"`, `"notifications"`, ...; the typed setters below cover
    /// the common ones).
    pub fn setting(mut self, key: &str, value: impl Into<Json>) -> Self {
        self.machine.settings.set(key, value);
        self
    }

    /// `loggingConfig`: the level and whether execution data is logged. A
    /// log group is made for the machine unless you add destinations
    /// ([`log_destination`](Self::log_destination)); [`LogLevel::Off`] logs nothing.
    pub fn logging(self, level: LogLevel, include_execution_data: bool) -> Self {
        let mut config = vec![("level".to_owned(), Json::from(level.as_str()))];
        if level != LogLevel::Off {
            config.push((
                "includeExecutionData".to_owned(),
                include_execution_data.into(),
            ));
        }
        self.setting("loggingConfig", Json::Object(config))
    }

    /// Adds a log destination (a log group's ARN or reference) instead of
    /// the log group made for the machine.
    pub fn log_destination(mut self, log_group_arn: impl Into<Json>) -> Self {
        let mut config = match self.machine.settings.remove("loggingConfig") {
            Some(Json::Object(pairs)) => pairs,
            _ => vec![
                ("level".to_owned(), "ERROR".into()),
                ("includeExecutionData".to_owned(), true.into()),
            ],
        };
        match config.iter_mut().find(|(k, _)| k == "destinations") {
            Some((_, Json::Array(items))) => items.push(log_group_arn.into()),
            _ => config.push((
                "destinations".to_owned(),
                Json::Array(vec![log_group_arn.into()]),
            )),
        }
        self.machine
            .settings
            .set("loggingConfig", Json::Object(config));
        self
    }

    /// `tracingConfig`: X-Ray tracing (on unless set).
    pub fn tracing(self, enabled: bool) -> Self {
        self.setting("tracingConfig", Json::object([("enabled", enabled)]))
    }

    /// Adds a tag of the machine.
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        let mut tags = match self.machine.settings.remove("tags") {
            Some(Json::Object(pairs)) => pairs,
            _ => Vec::new(),
        };
        tags.push((key.into(), Json::from(value.into())));
        self.machine.settings.set("tags", Json::Object(tags));
        self
    }

    /// `alarms`: the plugin's object (`{"topics": {"alarm": ...}, "metrics": ["executionsFailed"]}`).
    pub fn alarms(self, alarms: impl Into<Json>) -> Self {
        self.setting("alarms", alarms)
    }

    /// Adds a notification target for executions that reach `status`
    /// (`"FAILED"`, ...): the plugin's target object (`{"sns": topic_arn}`).
    pub fn notify(mut self, status: &str, target: impl Into<Json>) -> Self {
        let mut statuses = match self.machine.settings.remove("notifications") {
            Some(Json::Object(pairs)) => pairs,
            _ => Vec::new(),
        };
        match statuses.iter_mut().find(|(k, _)| k == status) {
            Some((_, Json::Array(items))) => items.push(target.into()),
            _ => statuses.push((status.to_owned(), Json::Array(vec![target.into()]))),
        }
        self.machine
            .settings
            .set("notifications", Json::Object(statuses));
        self
    }

    /// `useExactVersion`: tasks call the functions' exact versions.
    pub fn use_exact_version(self, on: bool) -> Self {
        self.setting("useExactVersion", on)
    }

    /// `retain`: the machine stays when the stack is deleted.
    pub fn retain(self, on: bool) -> Self {
        self.setting("retain", on)
    }

    /// `encryptionConfig` with a customer managed KMS key (its ARN, or an
    /// alias), reusing data keys for `reuse_period_seconds` (60 to 900).
    /// The machine's role gets `kms:Decrypt` and `kms:GenerateDataKey` on it.
    pub fn encryption(
        self,
        kms_key_id: impl Into<String>,
        reuse_period_seconds: Option<u64>,
    ) -> Self {
        let mut config = vec![
            ("Type".to_owned(), Json::from("CUSTOMER_MANAGED_KMS_KEY")),
            ("KmsKeyId".to_owned(), Json::from(kms_key_id.into())),
        ];
        if let Some(s) = reuse_period_seconds {
            config.push(("KmsDataKeyReusePeriodSeconds".to_owned(), s.into()));
        }
        self.setting("encryptionConfig", Json::Object(config))
    }

    /// `name`: the deployed name, instead of `<service>-${sls:stage}-<name>`.
    pub fn deployed_name(self, name: impl Into<String>) -> Self {
        self.setting("name", name.into())
    }

    /// `id`: the machine's CloudFormation logical id.
    pub fn logical_id(self, id: impl Into<String>) -> Self {
        self.setting("id", id.into())
    }

    /// `dependsOn`: resources CloudFormation makes first.
    pub fn depends_on(self, logical_ids: impl Into<Json>) -> Self {
        self.setting("dependsOn", logical_ids)
    }

    /// `inheritGlobalTags`: whether the provider's tags apply (they do unless set).
    pub fn inherit_global_tags(self, on: bool) -> Self {
        self.setting("inheritGlobalTags", on)
    }

    /// Appends a state to the top-level block.
    pub fn state(mut self, state: impl Into<Draft>) -> Self {
        self.states.push(state.into());
        self
    }

    /// Resolves transitions, query languages and auto-catch, then validates.
    pub fn build(self) -> Result<StateMachine, Diagnostics> {
        let mut sink = Sink::default();
        let machine = self.build_into(Options::default(), &mut sink);
        sink.finish().into_result().map(|()| machine)
    }

    /// Like [`build`](Self::build), but returns the machine even when it is
    /// invalid, and reports into `sink` with `options`.
    pub fn build_into(self, options: Options, sink: &mut Sink) -> StateMachine {
        let StateMachineBuilder {
            mut machine,
            policy,
            states,
        } = self;
        let root = Location::machine(&machine.name);
        // `"0 18 ? * SAT *"` is kept as `cron(0 18 ? * SAT *)`; an invalid
        // expression stays as written for the validator to report.
        for event in &mut machine.events {
            if event.kind != EventKind::Schedule {
                continue;
            }
            if let Some(Json::String(rate)) = event.settings.get("rate") {
                if let Ok(normalized) = crate::expr::schedule::parse(rate) {
                    event.settings.set("rate", normalized.to_string());
                }
            }
        }
        crate::serverless::emit::drop_defaults(&mut machine.settings);
        let header = Header {
            machine: &machine.name,
            language: machine.definition.query_language,
            policy: &policy,
        };
        machine.definition.block = desugar::resolve(&header, &root, states, sink);
        check::check(&machine, options, sink);
        machine
    }

    /// A builder from parts: the machine's header (name, type, events,
    /// comment, timeout, query language), its catch policy and its top-level
    /// states. (The macro's way in.)
    pub(crate) fn from_parts(
        machine: StateMachine,
        policy: CatchPolicy,
        states: Vec<Draft>,
    ) -> Self {
        StateMachineBuilder {
            machine,
            policy,
            states,
        }
    }
}
