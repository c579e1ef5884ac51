//! The serverless-step-functions plugin's schema for what surrounds a
//! definition: a machine's settings (`loggingConfig`, `alarms`, ...) and its
//! events (`schedule`, `http`, `eventBridge`), as one table.
//!
//! The plugin validates a machine entry with Joi and `allowUnknown: false`
//! (`lib/deploy/stepFunctions/compileStateMachines.schema.js`, with
//! `compileAlarms.schema.js` and `compileNotifications.schema.js`); its
//! events are read field by field by their compile code
//! (`lib/deploy/events/{schedule,cloudWatchEvent,apiGateway}`). This table
//! holds what both accept. From it come the macro's option names (each key's
//! DSL name), the reader's and the validator's "unknown field" and "wrong
//! kind" errors ([`check`]), and the builders' keys. The rules between
//! fields (one input form, scheduler-only fields, ...) are in
//! [`super::settings`].

use crate::diag::{suggest, text, Code, Diagnostic, Location, Segment, Sink};
use crate::json::Json;

/// The kind of value a setting takes.
#[derive(Debug)]
pub enum Shape {
    /// `true` or `false`.
    Bool,
    /// Any string.
    Str,
    /// A whole number in a range.
    Int(u64, u64),
    /// An ARN: a string, or a CloudFormation reference object (`Ref`,
    /// `Fn::GetAtt`, `Fn::ImportValue`, `Fn::Join`, `Fn::Sub`).
    Arn,
    /// Any JSON value.
    Json,
    /// One of these words, as the plugin writes them.
    Words(&'static [&'static str]),
    /// An object with these keys.
    Object(&'static Obj),
    /// A list of values of one shape.
    List(&'static Shape),
    /// An object whose keys are free, with values of one shape.
    Map(&'static Shape),
    /// Any of these shapes (the first whose kind fits the value is used).
    Either(&'static [Shape]),
}

/// An object of the schema.
#[derive(Debug)]
pub struct Obj {
    /// What it is, for messages: `a schedule event`.
    pub what: &'static str,
    /// Its keys, in the order the plugin's documentation gives them.
    pub keys: &'static [Key],
    /// The key a bare value stands for, in the language: `tracing: true` is
    /// `tracingConfig: {enabled: true}`, `logging: off` is
    /// `loggingConfig: {level: OFF}`.
    pub short: Option<&'static str>,
}

/// One key of an object.
#[derive(Debug)]
pub struct Key {
    /// The key as the plugin writes it: `inputPath`.
    pub key: &'static str,
    /// The option's name in the language when it is not the key in
    /// snake_case ([`dsl_name`]): `event` is `pattern`.
    pub dsl: Option<&'static str>,
    /// The kind of value it takes.
    pub shape: Shape,
    /// Whether the plugin needs it.
    pub required: bool,
}

impl Key {
    /// The option's name in the language: `input_path`.
    pub fn dsl(&self) -> String {
        self.dsl.map_or_else(|| dsl_name(self.key), str::to_owned)
    }
}

impl Obj {
    /// The key whose plugin key is `key`.
    pub fn key(&self, key: &str) -> Option<&'static Key> {
        self.keys.iter().find(|k| k.key == key)
    }

    /// The key whose language name is `name`.
    pub fn by_dsl(&self, name: &str) -> Option<&'static Key> {
        self.keys.iter().find(|k| k.dsl() == name)
    }
}

const fn key(key: &'static str, shape: Shape) -> Key {
    Key {
        key,
        dsl: None,
        shape,
        required: false,
    }
}

const fn required(key: &'static str, shape: Shape) -> Key {
    Key {
        key,
        dsl: None,
        shape,
        required: true,
    }
}

const fn renamed(key: &'static str, dsl: &'static str, shape: Shape) -> Key {
    Key {
        key,
        dsl: Some(dsl),
        shape,
        required: false,
    }
}

/// A plugin key or word in the language: `inputPath` → `input_path`,
/// `StartSyncExecution` → `start_sync_execution`, `TIMED_OUT` → `timed_out`.
pub fn dsl_name(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    let mut previous_lower = false;
    for c in key.chars() {
        if c.is_ascii_uppercase() && previous_lower {
            out.push('_');
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        out.push(c.to_ascii_lowercase());
    }
    out
}

// ---------------------------------------------------------------- events

/// `retryPolicy` of an EventBridge rule target (AWS::Events::Rule
/// RetryPolicy: 60 to 86400 seconds, 0 to 185 attempts).
const RETRY_POLICY: Obj = Obj {
    what: "a retry policy",
    keys: &[
        key("maximumEventAgeInSeconds", Shape::Int(60, 86_400)),
        key("maximumRetryAttempts", Shape::Int(0, 185)),
    ],
    short: None,
};

const INPUT_TRANSFORMER: Obj = Obj {
    what: "an input transformer",
    keys: &[
        key("inputPathsMap", Shape::Map(&Shape::Str)),
        required("inputTemplate", Shape::Str),
    ],
    short: None,
};

/// The methods of a schedule: an EventBridge rule (the default) or an
/// EventBridge Scheduler schedule.
pub const SCHEDULE_METHODS: &[&str] = &["eventBus", "scheduler"];

/// `schedule:` (`lib/deploy/events/schedule/compileScheduledEvents.js`).
pub const SCHEDULE: Obj = Obj {
    what: "a schedule event",
    keys: &[
        required("rate", Shape::Str),
        key("enabled", Shape::Bool),
        key("input", Shape::Json),
        key("inputPath", Shape::Str),
        key("inputTransformer", Shape::Object(&INPUT_TRANSFORMER)),
        key("name", Shape::Str),
        key("description", Shape::Str),
        key("role", Shape::Arn),
        key("method", Shape::Words(SCHEDULE_METHODS)),
        key("timezone", Shape::Str),
        key("retryPolicy", Shape::Object(&RETRY_POLICY)),
    ],
    short: Some("rate"),
};

/// `eventBridge:` (`lib/deploy/events/cloudWatchEvent/compileCloudWatchEventEvents.js`).
pub const EVENT_BRIDGE: Obj = Obj {
    what: "an eventBridge event",
    keys: &[
        Key {
            key: "event",
            dsl: Some("pattern"),
            shape: Shape::Json,
            required: true,
        },
        renamed("eventBusName", "event_bus", Shape::Arn),
        key("enabled", Shape::Bool),
        key("input", Shape::Json),
        key("inputPath", Shape::Str),
        key("inputTransformer", Shape::Object(&INPUT_TRANSFORMER)),
        key("name", Shape::Str),
        key("description", Shape::Str),
        key("iamRole", Shape::Arn),
        renamed("deadLetterConfig", "dead_letter", Shape::Arn),
        key("retryPolicy", Shape::Object(&RETRY_POLICY)),
    ],
    short: None,
};

/// The methods API Gateway takes (`apiGateway/validate.js`).
pub const HTTP_METHODS: &[&str] = &[
    "get", "post", "put", "patch", "options", "head", "delete", "any",
];

/// The Step Functions actions an endpoint may call (the plugin's README).
pub const HTTP_ACTIONS: &[&str] = &[
    "StartExecution",
    "StartSyncExecution",
    "DescribeExecution",
    "StopExecution",
];

const CORS: Obj = Obj {
    what: "a CORS setting",
    keys: &[
        key("origin", Shape::Str),
        key("origins", Shape::List(&Shape::Str)),
        key("headers", Shape::List(&Shape::Str)),
        key("methods", Shape::List(&Shape::Str)),
        key("allowCredentials", Shape::Bool),
        key("maxAge", Shape::Int(1, u64::MAX)),
        key("cacheControl", Shape::Str),
    ],
    short: None,
};

const AUTHORIZER: Obj = Obj {
    what: "an authorizer",
    keys: &[
        key("name", Shape::Str),
        key("arn", Shape::Arn),
        key("type", Shape::Str),
        key("authorizerId", Shape::Arn),
        key("resultTtlInSeconds", Shape::Int(0, 3600)),
        key("identitySource", Shape::Str),
        key("identityValidationExpression", Shape::Str),
        key("claims", Shape::List(&Shape::Str)),
        key("scopes", Shape::List(&Shape::Str)),
    ],
    short: None,
};

const REQUEST: Obj = Obj {
    what: "a request setting",
    keys: &[
        key(
            "template",
            Shape::Either(&[Shape::Words(&["lambda_proxy"]), Shape::Map(&Shape::Json)]),
        ),
        key("schemas", Shape::Map(&Shape::Json)),
    ],
    short: None,
};

const RESPONSE: Obj = Obj {
    what: "a response setting",
    keys: &[
        key("headers", Shape::Map(&Shape::Str)),
        key("template", Shape::Map(&Shape::Str)),
    ],
    short: None,
};

/// `http:` (`lib/deploy/events/apiGateway/*.js`).
pub const HTTP: Obj = Obj {
    what: "an http event",
    keys: &[
        required("path", Shape::Str),
        required("method", Shape::Words(HTTP_METHODS)),
        key("action", Shape::Words(HTTP_ACTIONS)),
        key("cors", Shape::Either(&[Shape::Bool, Shape::Object(&CORS)])),
        key(
            "authorizer",
            Shape::Either(&[Shape::Str, Shape::Object(&AUTHORIZER)]),
        ),
        key("private", Shape::Bool),
        key("iamRole", Shape::Arn),
        key("timeoutInMillis", Shape::Int(50, 29_000)),
        key("request", Shape::Object(&REQUEST)),
        key("response", Shape::Object(&RESPONSE)),
        key("responses", Shape::Map(&Shape::Json)),
    ],
    short: None,
};

// ---------------------------------------------------------------- machine settings

/// The log levels of a machine.
pub const LOG_LEVELS: &[&str] = &["ALL", "ERROR", "FATAL", "OFF"];

const LOGGING: Obj = Obj {
    what: "a logging setting",
    keys: &[
        key("level", Shape::Words(LOG_LEVELS)),
        key("includeExecutionData", Shape::Bool),
        key("destinations", Shape::List(&Shape::Arn)),
    ],
    short: Some("level"),
};

const TRACING: Obj = Obj {
    what: "a tracing setting",
    keys: &[key("enabled", Shape::Bool)],
    short: Some("enabled"),
};

/// The encryption types of a machine.
pub const ENCRYPTION_TYPES: &[&str] = &["AWS_OWNED_KEY", "CUSTOMER_MANAGED_KMS_KEY"];

const ENCRYPTION: Obj = Obj {
    what: "an encryption setting",
    keys: &[
        key("Type", Shape::Words(ENCRYPTION_TYPES)),
        key("KmsKeyId", Shape::Str),
        key("KmsDataKeyReusePeriodSeconds", Shape::Int(60, 900)),
    ],
    short: None,
};

const TREAT_MISSING_DATA: Shape = Shape::Words(&["missing", "ignore", "breaching", "notBreaching"]);

/// The metrics an alarm can watch.
pub const ALARM_METRICS: &[&str] = &[
    "executionsTimedOut",
    "executionsFailed",
    "executionsAborted",
    "executionThrottled",
    "executionsSucceeded",
];

const ALARM_TOPICS: Obj = Obj {
    what: "the alarm topics",
    keys: &[
        key("ok", Shape::Arn),
        key("alarm", Shape::Arn),
        key("insufficientData", Shape::Arn),
    ],
    short: None,
};

const ALARM_METRIC: Obj = Obj {
    what: "an alarm metric",
    keys: &[
        required("metric", Shape::Words(ALARM_METRICS)),
        key("logicalId", Shape::Str),
        key("alarmName", Shape::Str),
        key("treatMissingData", TREAT_MISSING_DATA),
        key("period", Shape::Int(1, u64::MAX)),
    ],
    short: Some("metric"),
};

const ALARMS: Obj = Obj {
    what: "the alarms",
    keys: &[
        required("topics", Shape::Object(&ALARM_TOPICS)),
        required(
            "metrics",
            Shape::List(&Shape::Either(&[
                Shape::Words(ALARM_METRICS),
                Shape::Object(&ALARM_METRIC),
            ])),
        ),
        key("nameTemplate", Shape::Str),
        key("treatMissingData", TREAT_MISSING_DATA),
        key("period", Shape::Int(1, u64::MAX)),
    ],
    short: None,
};

/// The kinds of notification target, one per target.
pub const TARGET_KINDS: &[&str] = &[
    "sns",
    "sqs",
    "kinesis",
    "firehose",
    "lambda",
    "stepFunctions",
];

const SQS_TARGET: Obj = Obj {
    what: "an SQS target",
    keys: &[
        required("arn", Shape::Arn),
        required("messageGroupId", Shape::Str),
    ],
    short: None,
};

const KINESIS_TARGET: Obj = Obj {
    what: "a Kinesis target",
    keys: &[
        required("arn", Shape::Arn),
        key("partitionKeyPath", Shape::Str),
    ],
    short: None,
};

const TARGET: Obj = Obj {
    what: "a notification target",
    keys: &[
        key("sns", Shape::Arn),
        key(
            "sqs",
            Shape::Either(&[Shape::Object(&SQS_TARGET), Shape::Arn]),
        ),
        key(
            "kinesis",
            Shape::Either(&[Shape::Object(&KINESIS_TARGET), Shape::Arn]),
        ),
        key("firehose", Shape::Arn),
        key("lambda", Shape::Arn),
        key("stepFunctions", Shape::Arn),
        key("inputPath", Shape::Str),
        key("inputTransformer", Shape::Object(&INPUT_TRANSFORMER)),
    ],
    short: None,
};

/// The execution statuses a notification is sent on.
pub const STATUSES: &[&str] = &["ABORTED", "FAILED", "RUNNING", "SUCCEEDED", "TIMED_OUT"];

const NOTIFICATIONS: Obj = Obj {
    what: "the notifications",
    keys: &[
        key("ABORTED", Shape::List(&Shape::Object(&TARGET))),
        key("FAILED", Shape::List(&Shape::Object(&TARGET))),
        key("RUNNING", Shape::List(&Shape::Object(&TARGET))),
        key("SUCCEEDED", Shape::List(&Shape::Object(&TARGET))),
        key("TIMED_OUT", Shape::List(&Shape::Object(&TARGET))),
    ],
    short: None,
};

/// A machine entry's settings besides `type`, `definition`, `events`,
/// `role` and `iamRoleStatements`, which the model holds as fields.
pub const MACHINE: Obj = Obj {
    what: "a state machine entry",
    keys: &[
        renamed("name", "deployed_name", Shape::Str),
        key("id", Shape::Str),
        renamed("loggingConfig", "logging", Shape::Object(&LOGGING)),
        renamed("tracingConfig", "tracing", Shape::Object(&TRACING)),
        renamed("encryptionConfig", "encryption", Shape::Object(&ENCRYPTION)),
        key("tags", Shape::Map(&Shape::Str)),
        key("alarms", Shape::Object(&ALARMS)),
        key("notifications", Shape::Object(&NOTIFICATIONS)),
        key("useExactVersion", Shape::Bool),
        key("retain", Shape::Bool),
        key(
            "dependsOn",
            Shape::Either(&[Shape::Str, Shape::List(&Shape::Str)]),
        ),
        key("inheritGlobalTags", Shape::Bool),
    ],
    short: None,
};

// ---------------------------------------------------------------- checking

/// Checks `value` against `shape` at `at`: unknown keys (with the close
/// one), missing required keys, values of the wrong kind, unknown words.
pub fn check(shape: &Shape, value: &Json, at: &mut Location, sink: &mut Sink) {
    check_depth(shape, value, at, sink, 0);
}

fn check_depth(shape: &Shape, value: &Json, at: &mut Location, sink: &mut Sink, depth: usize) {
    if depth > crate::asl::MAX_JSON_DEPTH {
        return;
    }
    let wrong = |sink: &mut Sink, at: &Location, want: String| {
        sink.error(
            Code::WrongType,
            at.clone(),
            format!("expected {want}, found {}", crate::asl::cx::describe(value)),
        );
    };
    match shape {
        Shape::Json => {}
        Shape::Bool => {
            if !matches!(value, Json::Bool(_)) {
                wrong(sink, at, "`true` or `false`".into());
            }
        }
        Shape::Str => {
            if !matches!(value, Json::String(_)) {
                wrong(sink, at, "a string".into());
            }
        }
        Shape::Int(min, max) => match value {
            Json::Number(n) if n.as_u64().is_some_and(|i| (*min..=*max).contains(&i)) => {}
            Json::Number(_) if *max == u64::MAX => sink.error(
                Code::OutOfRange,
                at.clone(),
                format!(
                    "expected a whole number of at least {min}, found {}",
                    show(value)
                ),
            ),
            Json::Number(_) => sink.error(
                Code::OutOfRange,
                at.clone(),
                format!(
                    "expected a whole number from {min} to {max}, found {}",
                    show(value)
                ),
            ),
            _ => wrong(sink, at, format!("a whole number from {min} to {max}")),
        },
        Shape::Arn => {
            if !is_arn(value) {
                wrong(
                    sink,
                    at,
                    "an ARN: a string, or a reference such as `{\"Ref\": ...}` or `{\"Fn::GetAtt\": [...]}`".into(),
                );
            }
        }
        Shape::Words(words) => match value {
            Json::String(s) if words.contains(&s.as_str()) => {}
            Json::String(s) => {
                let mut message = format!(
                    "unknown value `{s}`; expected {}",
                    text::list(words.iter().copied(), " or ")
                );
                if let Some(close) = suggest::closest(s, words.iter().copied()) {
                    message = format!(
                        "unknown value `{s}`; did you mean `{close}`? expected {}",
                        text::list(words.iter().copied(), " or ")
                    );
                }
                sink.error(Code::UnknownValue, at.clone(), message);
            }
            _ => wrong(
                sink,
                at,
                text::list(
                    words
                        .iter()
                        .map(|w| quoted(w))
                        .collect::<Vec<_>>()
                        .iter()
                        .map(String::as_str),
                    " or ",
                ),
            ),
        },
        Shape::List(item) => match value {
            Json::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    at.push(Segment::Index(i));
                    check_depth(item, v, at, sink, depth + 1);
                    at.pop();
                }
            }
            _ => wrong(sink, at, "a list".into()),
        },
        Shape::Map(item) => match value {
            Json::Object(pairs) => {
                for (k, v) in pairs {
                    at.push(Segment::Key(k.clone()));
                    check_depth(item, v, at, sink, depth + 1);
                    at.pop();
                }
            }
            _ => wrong(sink, at, "an object".into()),
        },
        Shape::Either(shapes) => match shapes.iter().find(|s| fits(s, value)) {
            Some(s) => check_depth(s, value, at, sink, depth),
            None => wrong(sink, at, text::list(shapes.iter().map(describe), " or ")),
        },
        Shape::Object(obj) => match value {
            Json::Object(pairs) => object(obj, pairs, at, sink, depth),
            _ => wrong(sink, at, obj.what.into()),
        },
    }
}

/// Checks the keys of an object of `obj`.
pub fn object(
    obj: &Obj,
    pairs: &[(String, Json)],
    at: &mut Location,
    sink: &mut Sink,
    depth: usize,
) {
    for (k, v) in pairs {
        match obj.key(k) {
            Some(key) => {
                at.push(Segment::Field(key.key));
                check_depth(&key.shape, v, at, sink, depth + 1);
                at.pop();
            }
            None => {
                let keys = obj.keys.iter().map(|k| k.key);
                let mut d = Diagnostic::new(
                    Code::UnknownField,
                    at.key(k),
                    match suggest::closest(k, keys.clone()) {
                        Some(close) => format!(
                            "unknown field `{k}` in {}; did you mean `{close}`?",
                            obj.what
                        ),
                        None => format!("unknown field `{k}` in {}", obj.what),
                    },
                );
                d = d.with_help(format!(
                    "the fields of {} are {}",
                    obj.what,
                    text::list(
                        keys.map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .iter()
                            .map(String::as_str),
                        " and "
                    )
                ));
                sink.push(d);
            }
        }
    }
    for key in obj.keys.iter().filter(|k| k.required) {
        if !pairs.iter().any(|(k, _)| k == key.key) {
            sink.error(
                Code::MissingField,
                at.clone(),
                format!("{} needs `{}`", obj.what, key.key),
            );
        }
    }
}

/// Whether a value is of the kind `shape` takes (for [`Shape::Either`]).
pub fn fits(shape: &Shape, value: &Json) -> bool {
    match shape {
        Shape::Json => true,
        Shape::Bool => matches!(value, Json::Bool(_)),
        Shape::Str | Shape::Words(_) => matches!(value, Json::String(_)),
        Shape::Int(..) => matches!(value, Json::Number(_)),
        Shape::Arn => is_arn(value),
        Shape::List(_) => matches!(value, Json::Array(_)),
        Shape::Map(_) => matches!(value, Json::Object(_)),
        Shape::Object(_) => matches!(value, Json::Object(_)) && !is_reference(value),
        Shape::Either(shapes) => shapes.iter().any(|s| fits(s, value)),
    }
}

/// The CloudFormation functions the plugin's schema takes for an ARN.
const INTRINSICS: &[&str] = &[
    "Ref",
    "Fn::GetAtt",
    "Fn::ImportValue",
    "Fn::Join",
    "Fn::Sub",
];

fn is_reference(value: &Json) -> bool {
    matches!(value, Json::Object(p) if p.len() == 1 && INTRINSICS.contains(&p[0].0.as_str()))
}

fn is_arn(value: &Json) -> bool {
    matches!(value, Json::String(s) if !s.is_empty()) || is_reference(value)
}

fn show(value: &Json) -> String {
    let text = value.to_json_string();
    if text.len() > 40 {
        crate::asl::cx::describe(value).to_owned()
    } else {
        text
    }
}

fn quoted(w: &str) -> String {
    format!("`\"{w}\"`")
}

/// A shape in a message.
pub fn describe(shape: &Shape) -> &'static str {
    match shape {
        Shape::Json => "a JSON value",
        Shape::Bool => "`true` or `false`",
        Shape::Str => "a string",
        Shape::Int(..) => "a whole number",
        Shape::Arn => "an ARN or a reference",
        Shape::Words(_) => "a word",
        Shape::List(_) => "a list",
        Shape::Map(_) => "an object",
        Shape::Object(obj) => obj.what,
        Shape::Either(_) => "a value",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_names_of_plugin_keys_and_words() {
        for (key, dsl) in [
            ("inputPath", "input_path"),
            ("StartSyncExecution", "start_sync_execution"),
            ("TIMED_OUT", "timed_out"),
            (
                "KmsDataKeyReusePeriodSeconds",
                "kms_data_key_reuse_period_seconds",
            ),
            ("eventBus", "event_bus"),
            ("ALL", "all"),
            ("CUSTOMER_MANAGED_KMS_KEY", "customer_managed_kms_key"),
            ("notBreaching", "not_breaching"),
        ] {
            assert_eq!(dsl_name(key), dsl);
        }
    }

    #[test]
    fn language_names_are_unique_in_each_object() {
        for obj in [
            &SCHEDULE,
            &EVENT_BRIDGE,
            &HTTP,
            &MACHINE,
            &LOGGING,
            &ALARMS,
            &TARGET,
            &NOTIFICATIONS,
        ] {
            let mut names: Vec<String> = obj.keys.iter().map(Key::dsl).collect();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), obj.keys.len(), "{}", obj.what);
        }
    }

    fn errors(shape: &Shape, value: Json) -> Vec<String> {
        let mut sink = Sink::default();
        check(shape, &value, &mut Location::machine("M"), &mut sink);
        sink.finish().into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn unknown_keys_wrong_kinds_and_words() {
        let e = errors(
            &Shape::Object(&SCHEDULE),
            Json::object([
                ("rate", Json::from("rate(1 day)")),
                ("inputPth", Json::from("$.a")),
            ]),
        );
        assert_eq!(
            e,
            ["unknown field `inputPth` in a schedule event; did you mean `inputPath`?"]
        );
        let e = errors(
            &Shape::Object(&SCHEDULE),
            Json::object([("method", Json::from("schedular"))]),
        );
        assert_eq!(
            e,
            [
                "unknown value `schedular`; did you mean `scheduler`? expected `eventBus` or `scheduler`",
                "a schedule event needs `rate`"
            ]
        );
        let e = errors(
            &Shape::Object(&RETRY_POLICY),
            Json::object([("maximumRetryAttempts", 200)]),
        );
        assert_eq!(e, ["expected a whole number from 0 to 185, found 200"]);
        assert!(errors(&Shape::Arn, Json::object([("Ref", "Topic")])).is_empty());
        assert_eq!(errors(&Shape::Arn, Json::from(3)).len(), 1);
    }
}
